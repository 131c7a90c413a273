//! Proactive invitations over HTTP: the admin's rules and counts (`/api/invitations`), and the
//! SDK's report of what became of an invitation it showed
//! (`POST /api/visitors/{id}/invitations/{rule}/{event}`, a beacon from the company's pages).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use serde::{Deserialize, Serialize};
use tandem_protocol::Invitations;

use super::body::Body;
use super::{ApiError, ErrorBody};
use crate::app::AppState;
use crate::auth::SignedIn;
use crate::secret;
use crate::session::{EVENTS, check_invitations};
use crate::store::Right;

/// The rules and the presence switch as a request body (`tandem_protocol::Invitations`), with
/// the schema the API checks it against.
#[derive(Deserialize)]
#[serde(transparent)]
pub struct InvitationsEdit(Invitations);

impl utoipa::PartialSchema for InvitationsEdit {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        serde_json::from_value(serde_json::json!({
            "type": "object",
            "properties": {
                "rules": {
                    "type": "array",
                    "maxItems": crate::session::MAX_RULES,
                    "items": {
                        "type": "object",
                        "required": ["name", "offer"],
                        "properties": {
                            "id": { "type": "string", "maxLength": 40, "pattern": "^(?!(agent|site)$)[A-Za-z0-9_-]*$", "description": "Stable id; empty: the server gives one" },
                            "name": { "type": "string", "minLength": 1, "maxLength": 80, "pattern": "\\S" },
                            "page": { "type": "string", "maxLength": 200, "pattern": "^(|/[!-~\\u0080-\\u009f\\u00a1-\\u167f\\u1681-\\u1fff\\u200b-\\u2027\\u202a-\\u202e\\u2030-\\u205e\\u2060-\\u2fff\\u3001-\\uffff]*)$", "description": "The page's path, * matching anything (/checkout*); empty: every page" },
                            "seconds_on_page": { "type": "integer", "minimum": 0, "maximum": 3600 },
                            "idle_seconds": { "type": "integer", "minimum": 0, "maximum": 3600 },
                            "manual": { "type": "boolean", "description": "Shown only when the site calls Tandem.invite()" },
                            "offer": { "type": "string", "enum": ["chat", "callback"] },
                            "text": { "type": "string", "maxLength": 300, "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]*$" }
                        }
                    }
                },
                "presence": { "type": "boolean", "description": "Visitors report the page they are on, so agents see who is on the site and can invite one" }
            }
        }))
        .expect("a schema")
    }
}

impl utoipa::ToSchema for InvitationsEdit {
    fn name() -> std::borrow::Cow<'static, str> {
        "InvitationsEdit".into()
    }
}

/// How often one rule's invitation was shown, accepted and declined.
#[derive(Serialize, utoipa::ToSchema)]
pub struct InvitationCount {
    /// A rule's id, `agent` (sent from the console) or `site` (`Tandem.invite()` with no rule).
    rule: String,
    shown: u64,
    accepted: u64,
    declined: u64,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct InvitationsView {
    #[schema(value_type = InvitationsEdit)]
    invitations: Invitations,
    counts: Vec<InvitationCount>,
}

async fn view(state: &AppState) -> Result<InvitationsView, ApiError> {
    let mut counts: Vec<InvitationCount> = Vec::new();
    for (rule, event, n) in state.sessions.store().invitation_counts().await? {
        let i = match counts.iter().position(|c| c.rule == rule) {
            Some(i) => i,
            None => {
                counts.push(InvitationCount {
                    rule,
                    shown: 0,
                    accepted: 0,
                    declined: 0,
                });
                counts.len() - 1
            }
        };
        match event.as_str() {
            "shown" => counts[i].shown = n,
            "accepted" => counts[i].accepted = n,
            "declined" => counts[i].declined = n,
            _ => {}
        }
    }
    Ok(InvitationsView {
        invitations: state.sessions.invitations().await?,
        counts,
    })
}

#[utoipa::path(get, path = "/api/invitations", tag = "invitations", responses((status = 200, description = "The invitation rules, the presence switch, and how often each rule's invitation was shown, accepted and declined", body = InvitationsView), (status = 400, description = "Bad input", body = ErrorBody), (status = 401, description = "Not signed in", body = ErrorBody), (status = 403, description = "Admins only", body = ErrorBody)), security(("bearer" = []), ("cookie" = [])))]
pub async fn show(
    State(state): State<AppState>,
    SignedIn(agent): SignedIn,
) -> Result<Json<InvitationsView>, ApiError> {
    if !agent.has(Right::Admin) {
        return Err(ApiError::Forbidden(
            "only an admin may read the invitation rules",
        ));
    }
    Ok(Json(view(&state).await?))
}

/// `PUT /api/invitations`: the whole list of rules and the presence switch.
#[utoipa::path(put, path = "/api/invitations", tag = "invitations", request_body = InvitationsEdit, responses((status = 200, description = "Saved; every node serves them within 5 s", body = InvitationsView), (status = 400, description = "Bad input", body = ErrorBody), (status = 413, description = "The body is over the route's limit", body = ErrorBody), (status = 401, description = "Not signed in", body = ErrorBody), (status = 403, description = "Admins only", body = ErrorBody)), security(("bearer" = []), ("cookie" = [])))]
pub async fn set(
    State(state): State<AppState>,
    SignedIn(agent): SignedIn,
    body: Result<Body<InvitationsEdit>, ApiError>,
) -> Result<Json<InvitationsView>, ApiError> {
    if !agent.has(Right::Admin) {
        return Err(ApiError::Forbidden(
            "only an admin may change the invitation rules",
        ));
    }
    let Body(InvitationsEdit(edit)) = body?;
    let inv = check_invitations(edit).map_err(ApiError::BadRequest)?;
    let detail = format!(
        "{} rules, presence {}",
        inv.rules.len(),
        if inv.presence { "on" } else { "off" }
    );
    state.sessions.set_invitations(inv).await?;
    state
        .sessions
        .audit(&agent.username, "invitations_changed", None, None, &detail)
        .await;
    Ok(Json(view(&state).await?))
}

/// The page's origin, when it is one of the company's domains.
pub(super) fn company_origin(state: &AppState, headers: &HeaderMap) -> Result<String, ApiError> {
    let origin = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !state.sessions.domains().allows_origin(origin) {
        return Err(ApiError::Forbidden("origin not allowed"));
    }
    Ok(origin.to_string())
}

/// `POST /api/visitors/{id}/invitations/{rule}/{event}`: the SDK showed an invitation, or the
/// visitor accepted or declined it.
#[utoipa::path(post, path = "/api/visitors/{id}/invitations/{rule}/{event}", tag = "sdk", params(("id" = String, Path, description = "The SDK's visitor id (32 hex digits)", pattern = "^[0-9a-fA-F]{32}$"), ("rule" = String, Path, description = "The rule's id, `agent` or `site`", max_length = 40), ("event" = String, Path, description = "shown, accepted or declined", pattern = "^(shown|accepted|declined)$")), responses((status = 204, description = "Counted"), (status = 400, description = "Not a visitor id or event", body = ErrorBody), (status = 403, description = "The page's origin is not one of the company's domains", body = ErrorBody), (status = 404, description = "No such invitation rule", body = ErrorBody), (status = 409, description = "Too many events from this address", body = ErrorBody), (status = 413, description = "The body is over the route's limit", body = ErrorBody)))]
pub async fn event(
    State(state): State<AppState>,
    Path((id, rule, event)): Path<(String, String, String)>,
    client: crate::client_addr::ClientAddr,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    company_origin(&state, &headers)?;
    if !secret::is_visitor_id(&id) {
        return Err(ApiError::BadRequest("not a visitor id".into()));
    }
    if !EVENTS.contains(&event.as_str()) {
        return Err(ApiError::BadRequest(
            "event: shown, accepted or declined".into(),
        ));
    }
    state
        .sessions
        .invitation_event(&rule, &event, &id.to_ascii_lowercase(), client.ip)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
