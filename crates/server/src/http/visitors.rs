//! `POST /api/visitors/{id}/support`: the SDK's tiny loader reports that this browser cannot
//! co-browse (or can again), so the agent sees "not available for this customer's browser"
//! instead of a button that fails. Sent with `navigator.sendBeacon` from the company's pages;
//! accepted only from the company's domains.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};

use super::ApiError;
use crate::app::AppState;
use crate::secret;

const MAX_REASON: usize = 200;

pub async fn support(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: String,
) -> Result<StatusCode, ApiError> {
    let origin = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !state.sessions.domains().allows_origin(origin) {
        return Err(ApiError::Forbidden("origin not allowed"));
    }
    if !secret::is_visitor_id(&id) {
        return Err(ApiError::BadRequest("not a visitor id".into()));
    }
    let reason = body.trim();
    let unsupported = (!reason.is_empty() && reason != "ok")
        .then(|| reason.chars().take(MAX_REASON).collect::<String>());
    state
        .sessions
        .visitor_support(&id, unsupported.as_deref())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
