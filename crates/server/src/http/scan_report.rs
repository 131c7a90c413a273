//! The latest masking check (`tandem scan … --data/--database`), for the console's admin view:
//! the report as the scan stored it, pictures included. Admins only: it shows the company's pages.

use axum::Json;
use axum::extract::State;

use super::{ApiError, ErrorBody};
use crate::app::AppState;
use crate::auth::SignedIn;
use crate::scan::report::STORE_KEY;
use crate::store::Right;

#[utoipa::path(get, path = "/api/scan/report", tag = "settings", responses((status = 200, description = "The latest `tandem scan` report: outcome, pages with findings and base64 PNG pictures", body = serde_json::Value), (status = 401, description = "Not signed in", body = ErrorBody), (status = 403, description = "Admins only", body = ErrorBody), (status = 404, description = "No scan stored yet", body = ErrorBody)), security(("bearer" = []), ("cookie" = [])))]
pub async fn latest(
    State(state): State<AppState>,
    SignedIn(agent): SignedIn,
) -> Result<Json<serde_json::Value>, ApiError> {
    if !agent.has(Right::Admin) {
        return Err(ApiError::Forbidden(
            "only an admin may see the masking check",
        ));
    }
    let stored = state
        .sessions
        .store()
        .setting(STORE_KEY)
        .await?
        .ok_or(ApiError::NotFound)?;
    serde_json::from_str(&stored)
        .map(Json)
        .map_err(|_| ApiError::NotFound)
}
