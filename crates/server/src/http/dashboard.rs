//! The supervisor's view for admins: sessions per day, consent rate, median duration,
//! interruptions and control refusals over the last days, overall, by agent and by channel,
//! computed from the store (`store::stats`).

use axum::Json;
use axum::extract::State;
use serde::Deserialize;

use super::body::Params;
use super::{ApiError, ErrorBody};
use crate::app::AppState;
use crate::auth::SignedIn;
use crate::store::Right;
use crate::store::stats::{self, Dashboard};

/// The dashboard's period as a query string.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DashboardQuery {
    /// The last this many days, today (UTC) included (default 14).
    #[param(nullable = false, minimum = 1, maximum = 90)]
    days: Option<i64>,
}

#[utoipa::path(get, path = "/api/dashboard", tag = "audit", params(DashboardQuery), responses((status = 200, description = "The period's numbers: per day, overall, by agent and by channel", body = Dashboard), (status = 400, description = "Bad input", body = ErrorBody), (status = 401, description = "Not signed in", body = ErrorBody), (status = 403, description = "Admins only", body = ErrorBody)), security(("bearer" = []), ("cookie" = [])))]
pub async fn show(
    State(state): State<AppState>,
    SignedIn(agent): SignedIn,
    Params(q): Params<DashboardQuery>,
) -> Result<Json<Dashboard>, ApiError> {
    if !agent.has(Right::Admin) {
        return Err(ApiError::Forbidden("only an admin may see the dashboard"));
    }
    let days = q.days.unwrap_or(14);
    if !(1..=90).contains(&days) {
        return Err(ApiError::BadRequest("days: 1 to 90".into()));
    }
    let from = stats::period_start(state.sessions.now(), days);
    let facts = state.sessions.store().session_facts(from).await?;
    Ok(Json(stats::dashboard(&facts, from, days)))
}
