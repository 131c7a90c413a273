//! Presence over HTTP: a visitor's page reports the page it shows
//! (`POST /api/visitors/{id}/presence`, a small cross-origin request with a text body, no
//! socket), agents list who is on the site (`GET /api/presence`) and invite one
//! (`POST /api/presence/{visitor}/invite`). Only when the company turned presence on.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use tandem_protocol::AgentInvitation;

use super::body::Body;
use super::invitations::company_origin;
use super::{ApiError, ErrorBody};
use crate::app::AppState;
use crate::auth::SignedIn;
use crate::secret;
use crate::session::{BEAT, PresentVisitor};
use crate::store::Right;

/// What a visitor's page learns from its report.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PresenceAnswer {
    /// Presence is on: report again after `next_ms`.
    on: bool,
    next_ms: u64,
    /// An agent's invitation for this visitor (`{offer, agent}`), once.
    #[schema(value_type = Option<Object>)]
    invitation: Option<AgentInvitation>,
}

#[utoipa::path(post, path = "/api/visitors/{id}/presence", tag = "sdk", params(("id" = String, Path, description = "The SDK's visitor id (32 hex digits)", pattern = "^[0-9a-fA-F]{32}$")), request_body(content = Option<String>, content_type = "text/plain", description = "The page's address (an empty body: a page not to show agents) (its query parameters are cut to the company's allowed list)"), responses((status = 200, description = "Noted; when to report again and an agent's invitation, if one waits", body = PresenceAnswer), (status = 400, description = "Not a visitor id or a page address", body = ErrorBody), (status = 403, description = "The page's origin is not one of the company's domains", body = ErrorBody), (status = 409, description = "Too many visitors or reports from this address", body = ErrorBody), (status = 413, description = "The body is over the route's limit", body = ErrorBody)))]
pub async fn report(
    State(state): State<AppState>,
    Path(id): Path<String>,
    client: crate::client_addr::ClientAddr,
    headers: HeaderMap,
    page: String,
) -> Result<Response, ApiError> {
    let origin = company_origin(&state, &headers)?;
    if !secret::is_visitor_id(&id) {
        return Err(ApiError::BadRequest("not a visitor id".into()));
    }
    let on = state.sessions.invitations().await?.presence;
    let invitation = if on {
        state
            .sessions
            .visitor_here(&id.to_ascii_lowercase(), &page, client.ip)
            .await?
    } else {
        None
    };
    let mut r = Json(PresenceAnswer {
        on,
        next_ms: BEAT.as_millis() as u64,
        invitation,
    })
    .into_response();
    if let Ok(v) = HeaderValue::from_str(&origin) {
        r.headers_mut()
            .insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
        r.headers_mut()
            .insert(header::VARY, HeaderValue::from_static("Origin"));
    }
    Ok(r)
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct PresenceList {
    /// The server's clock (ms since the epoch), to tell each visitor's time on page.
    now: i64,
    visitors: Vec<PresentVisitor>,
}

#[utoipa::path(get, path = "/api/presence", tag = "invitations", responses((status = 200, description = "Visitors on the company's pages now (at most 200, longest on their page first)", body = PresenceList), (status = 400, description = "Bad input", body = ErrorBody), (status = 401, description = "Not signed in", body = ErrorBody), (status = 403, description = "Agents with the cobrowse right only", body = ErrorBody)), security(("bearer" = []), ("cookie" = [])))]
pub async fn list(
    State(state): State<AppState>,
    SignedIn(agent): SignedIn,
) -> Result<Json<PresenceList>, ApiError> {
    if !agent.has(Right::Cobrowse) {
        return Err(ApiError::Forbidden(
            "only agents who co-browse see visitors",
        ));
    }
    Ok(Json(PresenceList {
        now: state.sessions.now(),
        visitors: state.sessions.visitors_present(),
    }))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct InviteRequest {
    /// What to offer the visitor.
    #[schema(pattern = "^(chat|callback)$")]
    offer: String,
}

#[utoipa::path(post, path = "/api/presence/{visitor}/invite", tag = "invitations", params(("visitor" = String, Path, description = "The visitor's id", pattern = "^[0-9a-f]{32}$")), request_body = InviteRequest, responses((status = 202, description = "The visitor sees the invitation with their next report"), (status = 400, description = "Bad input", body = ErrorBody), (status = 401, description = "Not signed in", body = ErrorBody), (status = 403, description = "Agents with the cobrowse right only", body = ErrorBody), (status = 409, description = "The visitor is no longer on the site", body = ErrorBody), (status = 413, description = "The body is over the route's limit", body = ErrorBody)), security(("bearer" = []), ("cookie" = [])))]
pub async fn invite(
    State(state): State<AppState>,
    SignedIn(agent): SignedIn,
    Path(visitor): Path<String>,
    body: Result<Body<InviteRequest>, ApiError>,
) -> Result<StatusCode, ApiError> {
    if !agent.has(Right::Cobrowse) {
        return Err(ApiError::Forbidden(
            "only agents who co-browse invite visitors",
        ));
    }
    let Body(req) = body?;
    if !secret::is_visitor_id(&visitor) {
        return Err(ApiError::BadRequest("not a visitor id".into()));
    }
    state
        .sessions
        .invite_visitor(&agent, &visitor, &req.offer)
        .await?;
    Ok(StatusCode::ACCEPTED)
}
