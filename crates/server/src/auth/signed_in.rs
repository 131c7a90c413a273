//! `SignedIn`: the agent behind a request, from the HttpOnly cookie the console gets at sign-in
//! or from `Authorization: Bearer TOKEN` (integrations, tests). Missing or unknown → 401.
//! An embed token ([`super::embed`]) is accepted only for the embedded view's own calls, and
//! only while its host origin is still one of the company's embed origins; elsewhere it is 401.

use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::HeaderMap;
use axum::http::request::Parts;

use crate::app::AppState;
use crate::http::ApiError;
use crate::secret;
use crate::store::Agent;

pub const TOKEN_COOKIE: &str = "tandem_token";

pub struct SignedIn(pub Agent);

pub fn token_from_headers(headers: &HeaderMap) -> Option<String> {
    if let Some(v) = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        && let Some(t) = v.strip_prefix("Bearer ")
    {
        return Some(t.trim().to_string());
    }
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == TOKEN_COOKIE)
        .map(|(_, v)| v.to_string())
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = token_from_headers(&parts.headers).ok_or(ApiError::Unauthorized)?;
        if let Some(scope) = super::embed::scope(&token) {
            let path = parts
                .extensions
                .get::<OriginalUri>()
                .map_or(parts.uri.path(), |u| u.0.path());
            if !super::embed::allows(&scope, &parts.method, path)
                || !state
                    .sessions
                    .embed_origins()
                    .await?
                    .contains(&scope.origin)
            {
                return Err(ApiError::Unauthorized);
            }
        }
        let agent = state
            .sessions
            .store()
            .agent_by_token(&secret::hash_token(&token), state.sessions.now())
            .await?
            .ok_or(ApiError::Unauthorized)?;
        Ok(SignedIn(agent))
    }
}
