//! Personal data through the API (admins): the company's privacy settings — retention per kind
//! of data, discarding client addresses — and erasing one customer's data on request.

use axum::Json;
use axum::extract::{Path, State};

use super::{ApiError, ErrorBody};
use crate::app::AppState;
use crate::auth::SignedIn;
use crate::session::PrivacySettings;
use crate::store::{Erased, Right};

fn admin_only(agent: &crate::store::Agent) -> Result<(), ApiError> {
    if agent.has(Right::Admin) {
        Ok(())
    } else {
        Err(ApiError::Forbidden(
            "only an admin may see or change personal-data settings",
        ))
    }
}

#[utoipa::path(get, path = "/api/settings/privacy", tag = "settings", responses((status = 200, description = "Retention per kind of data (days; null keeps it) and whether client addresses are discarded", body = PrivacySettings), (status = 401, description = "Not signed in", body = ErrorBody), (status = 403, description = "Admins only", body = ErrorBody)), security(("bearer" = []), ("cookie" = [])))]
pub async fn show(
    State(state): State<AppState>,
    SignedIn(agent): SignedIn,
) -> Result<Json<PrivacySettings>, ApiError> {
    admin_only(&agent)?;
    Ok(Json(state.sessions.privacy().await?))
}

#[utoipa::path(put, path = "/api/settings/privacy", tag = "settings", request_body = PrivacySettings, responses((status = 200, description = "Saved; the next retention pass (hourly, on every node) applies it", body = PrivacySettings), (status = 400, description = "Bad input", body = ErrorBody), (status = 413, description = "The body is over the route's limit", body = ErrorBody), (status = 401, description = "Not signed in", body = ErrorBody), (status = 403, description = "Admins only", body = ErrorBody)), security(("bearer" = []), ("cookie" = [])))]
pub async fn set(
    State(state): State<AppState>,
    SignedIn(agent): SignedIn,
    body: Result<super::body::Body<PrivacySettings>, ApiError>,
) -> Result<Json<PrivacySettings>, ApiError> {
    admin_only(&agent)?;
    let super::body::Body(settings) = body?;
    settings.check().map_err(ApiError::BadRequest)?;
    state.sessions.set_privacy(&settings).await?;
    let days = |d: Option<u32>| d.map_or("kept".to_string(), |d| format!("{d} days"));
    let detail = format!(
        "contacts {}, sessions {}, chat {}, audit {}, client addresses {}",
        days(settings.contact_days),
        days(settings.session_days),
        days(settings.chat_days),
        days(settings.audit_days),
        if settings.discard_client_addresses {
            "discarded"
        } else {
            "kept"
        }
    );
    state
        .sessions
        .audit(
            &agent.username,
            "privacy_settings_changed",
            None,
            None,
            &detail,
        )
        .await;
    Ok(Json(settings))
}

#[utoipa::path(delete, path = "/api/contacts/{id}/personal-data", tag = "contacts", params(("id" = String, Path, description = "Contact id")), responses((status = 200, description = "Erased: the contact, its chat and sessions, the customer's browser record, and the details of audit entries about it; an audit entry records the erasure", body = Erased), (status = 401, description = "Not signed in", body = ErrorBody), (status = 403, description = "Admins only", body = ErrorBody), (status = 404, description = "No such contact", body = ErrorBody)), security(("bearer" = []), ("cookie" = [])))]
pub async fn erase(
    State(state): State<AppState>,
    SignedIn(agent): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Erased>, ApiError> {
    admin_only(&agent)?;
    state
        .sessions
        .erase_contact(&id, &agent.username)
        .await?
        .map(Json)
        .ok_or(ApiError::NotFound)
}
