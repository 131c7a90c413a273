//! Sign-in and sign-out. A sign-in returns a bearer token and sets the same token as an
//! HttpOnly cookie for the console; both work for the API and the agent's WebSocket.

use super::body::Body;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{ApiError, ErrorBody};
use crate::app::AppState;
use crate::auth::{SignedIn, TOKEN_COOKIE, check_sign_in, token_from_headers};
use crate::client_addr::ClientAddr;
use crate::secret;

/// How long a sign-in lasts: one working day.
pub(super) const TOKEN_LIFETIME_MS: i64 = 12 * 60 * 60 * 1000;
/// Longest password hashed (longer ones are refused, not truncated).
const MAX_PASSWORD: usize = 1024;

#[derive(Deserialize, utoipa::ToSchema)]
pub struct Login {
    #[schema(min_length = 1, max_length = 64)]
    username: String,
    #[schema(max_length = 1024)]
    password: String,
}

impl Login {
    /// Checked before anything is looked up or written: a failed sign-in names its username in
    /// the audit log, which must not take whatever a client sends.
    pub(crate) fn check(&self) -> Result<(), ApiError> {
        if self.username.is_empty() || self.username.chars().count() > crate::store::MAX_USERNAME {
            return Err(ApiError::BadRequest(format!(
                "a username is 1 to {} characters",
                crate::store::MAX_USERNAME
            )));
        }
        if self.password.chars().count() > MAX_PASSWORD {
            return Err(ApiError::BadRequest(format!(
                "a password is at most {MAX_PASSWORD} characters"
            )));
        }
        Ok(())
    }
}

#[utoipa::path(post, path = "/api/login", tag = "auth", request_body = Login, responses((status = 200, description = "`{token, username, rights}` and an HttpOnly session cookie (`Secure` when the request came over https)", body = serde_json::Value), (status = 400, description = "Not a sign-in body, or a username or password over its length", body = ErrorBody), (status = 401, description = "Wrong username or password", body = ErrorBody), (status = 403, description = "Password sign-in is switched off (`--local-passwords off`): agents sign in with the identity provider", body = ErrorBody), (status = 413, description = "Body over 64 KiB", body = ErrorBody), (status = 429, description = "Too many failed sign-ins for this account or from this address; `Retry-After` says how many seconds to wait", body = ErrorBody, headers(("Retry-After" = u64, description = "Seconds to wait")))))]
pub async fn login(
    State(state): State<AppState>,
    client: ClientAddr,
    body: Result<Body<Login>, ApiError>,
) -> Result<Response, ApiError> {
    if !state.local_passwords {
        return Err(ApiError::Forbidden(
            "password sign-in is switched off here: sign in with the identity provider",
        ));
    }
    let Body(body) = body?;
    body.check()?;
    // Checked before the password, so a throttled guess learns nothing, right or wrong.
    if let Some(wait) = state.sign_in.wait(&body.username, client.limit_key()) {
        state
            .sessions
            .audit(
                &body.username,
                "sign_in_throttled",
                None,
                None,
                &client.ip.to_string(),
            )
            .await;
        return Err(ApiError::TooManyRequests(wait));
    }
    let store = state.sessions.store();
    let agent = store.agent_by_username(&body.username).await?;
    // One argon2 verification either way (against a dummy hash for an unknown name), off the
    // async threads.
    let stored = agent.as_ref().map(|a| a.password_hash.clone());
    let password = body.password;
    let ok = tokio::task::spawn_blocking(move || check_sign_in(&password, stored.as_deref()))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let Some(agent) = agent.filter(|_| ok) else {
        state.sign_in.failed(&body.username, client.limit_key());
        state
            .sessions
            .audit(&body.username, "sign_in_failed", None, None, "")
            .await;
        return Err(ApiError::Unauthorized);
    };
    let token = secret::token();
    store
        .add_token(
            &secret::hash_token(&token),
            &agent.id,
            state.sessions.now() + TOKEN_LIFETIME_MS,
        )
        .await?;
    let cookie = session_cookie(&token, &client);
    let body = serde_json::json!({ "token": token, "username": agent.username, "display_name": agent.name(), "rights": rights(&agent) });
    Ok(([(header::SET_COOKIE, cookie)], Json(body)).into_response())
}

/// The console's session cookie for a new sign-in (also set by single sign-on).
pub(super) fn session_cookie(token: &str, client: &ClientAddr) -> String {
    format!(
        "{TOKEN_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}{}",
        TOKEN_LIFETIME_MS / 1000,
        secure(client)
    )
}

/// The cookie's `Secure` attribute, whenever the client reached us over https.
fn secure(client: &ClientAddr) -> &'static str {
    if client.https { "; Secure" } else { "" }
}

#[utoipa::path(post, path = "/api/logout", tag = "auth", responses((status = 200, description = "Signed out: the sign-in presented (if any) ends, with every socket and event stream opened with it; the cookie is cleared", body = Object), (status = 500, description = "The store failed", body = ErrorBody)))]
pub async fn logout(
    State(state): State<AppState>,
    client: ClientAddr,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if let Some(token) = token_from_headers(&headers) {
        let hash = secret::hash_token(&token);
        let agent = state
            .sessions
            .store()
            .agent_by_token(&hash, state.sessions.now())
            .await?;
        state.sessions.store().remove_token(&hash).await?;
        // Sockets and event streams opened with this sign-in end now, on every node.
        if let Some(agent) = agent {
            state.sessions.access_changed(&agent.id).await;
        }
    }
    let cookie = format!(
        "{TOKEN_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0{}",
        secure(&client)
    );
    Ok(([(header::SET_COOKIE, cookie)], Json(serde_json::json!({}))).into_response())
}

#[utoipa::path(get, path = "/api/me", tag = "auth", responses((status = 200, description = "`{username, display_name, rights}` of the signed-in agent", body = Object), (status = 401, description = "Not signed in", body = ErrorBody)), security(("bearer" = []), ("cookie" = [])))]
pub async fn me(SignedIn(agent): SignedIn) -> Json<serde_json::Value> {
    Json(
        serde_json::json!({ "username": agent.username, "display_name": agent.name(), "rights": rights(&agent) }),
    )
}

fn rights(agent: &crate::store::Agent) -> Vec<&'static str> {
    agent.rights.iter().map(|r| r.as_str()).collect()
}
