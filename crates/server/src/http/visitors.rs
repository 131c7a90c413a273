//! `POST /api/visitors/{id}/support`: the SDK's tiny loader reports that this browser cannot
//! co-browse (or can again), so the agent sees "not available for this customer's browser"
//! instead of a button that fails. Sent with `navigator.sendBeacon` from the company's pages;
//! accepted only from the company's domains.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};

use super::{ApiError, ErrorBody};
use crate::app::AppState;
use crate::secret;

const MAX_REASON: usize = 200;

#[utoipa::path(post, path = "/api/visitors/{id}/support", tag = "sdk", params(("id" = String, Path, description = "The SDK's visitor id (32 hex digits)", pattern = "^[0-9a-fA-F]{32}$")), request_body(content = Option<String>, content_type = "text/plain", description = "`ok`, or why this browser cannot co-browse (at most 200 characters are kept)"), responses((status = 204, description = "Noted"), (status = 400, description = "Not a visitor id", body = ErrorBody), (status = 403, description = "The page's origin is not one of the company's domains", body = ErrorBody), (status = 413, description = "The body is over the route's limit", body = ErrorBody)))]
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
