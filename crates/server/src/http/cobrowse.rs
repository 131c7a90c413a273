//! Starting co-browsing on a contact and reading a session's state. Only the agent who owns
//! the contact, holding the `cobrowse` right, may do either.

use axum::Json;
use axum::extract::{Path, State};
use serde::Serialize;
use tandem_protocol::{EndedBy, SessionState};

use super::{ApiError, ErrorBody};
use crate::app::AppState;
use crate::auth::SignedIn;
use crate::store::{Right, Session};

#[derive(Serialize, utoipa::ToSchema)]
pub struct SessionView {
    id: String,
    /// awaiting_code, awaiting_consent, active, interrupted, declined or ended.
    #[schema(value_type = String)]
    state: SessionState,
    /// The one-time code to read to the customer, while it is live.
    code: Option<String>,
    code_expires_at: Option<i64>,
    /// customer, agent or system.
    #[schema(value_type = Option<String>)]
    ended_by: Option<EndedBy>,
}

impl From<Session> for SessionView {
    fn from(s: Session) -> Self {
        SessionView {
            id: s.id,
            state: s.state,
            code: s.code,
            code_expires_at: s.code_expires_at,
            ended_by: s.ended_by,
        }
    }
}

#[utoipa::path(post, path = "/api/contacts/{id}/cobrowse", tag = "co-browsing", params(("id" = String, Path, description = "Contact id")), responses((status = 200, description = "The new session: a code to read to the customer, or (known customer) a consent request already on its way; or the session the customer has already joined (asked, sharing, interrupted), as it is", body = SessionView), (status = 400, description = "Bad input", body = ErrorBody), (status = 401, description = "Not signed in", body = ErrorBody), (status = 404, description = "No such resource, or not one the caller may see", body = ErrorBody), (status = 403, description = "No cobrowse right, or another agent's contact", body = ErrorBody), (status = 409, description = "The contact has ended, or the customer's browser cannot co-browse", body = ErrorBody)), security(("bearer" = []), ("cookie" = [])))]
pub async fn start(
    State(state): State<AppState>,
    SignedIn(agent): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<SessionView>, ApiError> {
    if !agent.has(Right::Cobrowse) {
        return Err(ApiError::Forbidden(
            "this agent does not have the cobrowse right",
        ));
    }
    let contact = state
        .sessions
        .store()
        .contact(&id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if contact.agent_id != agent.id {
        return Err(ApiError::Forbidden(
            "this contact is assigned to another agent",
        ));
    }
    if !contact.is_open() {
        return Err(ApiError::Conflict("the contact has ended".into()));
    }
    let session = state.sessions.start(&agent, &contact).await?;
    Ok(Json(session.into()))
}

#[utoipa::path(get, path = "/api/sessions/{id}", tag = "co-browsing", params(("id" = String, Path, description = "Session id")), responses((status = 200, description = "The session", body = SessionView), (status = 400, description = "Bad input", body = ErrorBody), (status = 401, description = "Not signed in", body = ErrorBody), (status = 404, description = "No such resource, or not one the caller may see", body = ErrorBody)), security(("bearer" = []), ("cookie" = [])))]
pub async fn show(
    State(state): State<AppState>,
    SignedIn(agent): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<SessionView>, ApiError> {
    let session = state
        .sessions
        .store()
        .session(&id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if session.agent_id != agent.id {
        return Err(ApiError::NotFound);
    }
    Ok(Json(session.into()))
}
