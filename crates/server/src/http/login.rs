//! Sign-in and sign-out. A sign-in returns a bearer token and sets the same token as an
//! HttpOnly cookie for the console; both work for the API and the agent's WebSocket.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{ApiError, ErrorBody};
use crate::app::AppState;
use crate::auth::{SignedIn, TOKEN_COOKIE, token_from_headers, verify_password};
use crate::secret;

/// How long a sign-in lasts: one working day.
const TOKEN_LIFETIME_MS: i64 = 12 * 60 * 60 * 1000;
/// Longest password hashed (longer ones are refused, not truncated).
const MAX_PASSWORD: usize = 1024;

#[derive(Deserialize, utoipa::ToSchema)]
pub struct Login {
    username: String,
    password: String,
}

#[utoipa::path(post, path = "/api/login", tag = "auth", request_body = Login, responses((status = 200, description = "`{token, username, rights}` and an HttpOnly session cookie", body = serde_json::Value), (status = 400, description = "Not a sign-in body, or a username or password over its length", body = ErrorBody), (status = 401, description = "Wrong username or password", body = ErrorBody), (status = 413, description = "Body over 64 KiB", body = ErrorBody)))]
pub async fn login(State(state): State<AppState>, body: Result<Json<Login>, axum::extract::rejection::JsonRejection>) -> Result<Response, ApiError> {
    let Json(body) = body.map_err(ApiError::from)?;
    // Checked before anything is looked up or written: a failed sign-in names its username in
    // the audit log, which must not take whatever a client sends.
    if body.username.is_empty() || body.username.chars().count() > crate::store::MAX_USERNAME {
        return Err(ApiError::BadRequest(format!("a username is 1 to {} characters", crate::store::MAX_USERNAME)));
    }
    if body.password.len() > MAX_PASSWORD {
        return Err(ApiError::BadRequest(format!("a password is at most {MAX_PASSWORD} bytes")));
    }
    let store = state.sessions.store();
    let agent = store.agent_by_username(&body.username).await?;
    // Verify against a throwaway hash when the name is unknown, so timing does not tell.
    let ok = match &agent {
        Some(a) => verify_password(&body.password, &a.password_hash),
        None => {
            verify_password(&body.password, crate::auth::hash_password("").as_str());
            false
        }
    };
    let Some(agent) = agent.filter(|_| ok) else {
        state.sessions.audit(&body.username, "sign_in_failed", None, None, "").await;
        return Err(ApiError::Unauthorized);
    };
    let token = secret::token();
    store.add_token(&secret::hash_token(&token), &agent.id, state.sessions.now() + TOKEN_LIFETIME_MS).await?;
    let cookie = format!("{TOKEN_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}", TOKEN_LIFETIME_MS / 1000);
    let body = serde_json::json!({ "token": token, "username": agent.username, "rights": rights(&agent) });
    Ok(([(header::SET_COOKIE, cookie)], Json(body)).into_response())
}

pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    if let Some(token) = token_from_headers(&headers) {
        state.sessions.store().remove_token(&secret::hash_token(&token)).await?;
    }
    let cookie = format!("{TOKEN_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
    Ok(([(header::SET_COOKIE, cookie)], Json(serde_json::json!({}))).into_response())
}

pub async fn me(SignedIn(agent): SignedIn) -> Json<serde_json::Value> {
    Json(serde_json::json!({ "username": agent.username, "rights": rights(&agent) }))
}

fn rights(agent: &crate::store::Agent) -> Vec<&'static str> {
    agent.rights.iter().map(|r| r.as_str()).collect()
}
