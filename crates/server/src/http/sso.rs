//! Single sign-on over HTTP: `GET /api/sso` tells the console what to offer ("Sign in with …",
//! and whether the password form is shown); `GET /api/sso/start` sends the browser to the
//! provider with a `tandem_sso` cookie that binds the sign-in to that browser (`SameSite=Lax`:
//! it must come back on the provider's top-level redirect); `GET /api/sso/callback` finishes it.
//!
//! The callback always answers with a redirect to the console: signed in (the session cookie
//! set, as `POST /api/login` does), or `/console/?sso_error=CODE` for the console to explain.
//! Every outcome is in the audit log (`sso_sign_in`, `sso_sign_in_failed`, `sso_sign_in_refused`).

use axum::Json;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::ApiError;
use super::login::session_cookie;
use crate::app::AppState;
use crate::auth::sso::{self, BeginError, FinishError, Outcome, ProviderError};
use crate::client_addr::ClientAddr;
use crate::secret;

/// The cookie holding the browser's half of a sign-in under way.
pub const SSO_COOKIE: &str = "tandem_sso";
/// Longest `state` and `code` read from the provider's redirect (real ones are far shorter).
const MAX_STATE: usize = 512;
const MAX_CODE: usize = 4096;

/// What the console's sign-in page offers.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct SignInOptions {
    /// "Sign in with {provider}"; null when single sign-on is not configured.
    provider: Option<String>,
    /// Whether `POST /api/login` takes passwords (`--local-passwords off` switches it off).
    local_passwords: bool,
}

#[utoipa::path(get, path = "/api/sso", tag = "auth", responses((status = 200, description = "How agents sign in: the single sign-on provider's name (null without one) and whether passwords are taken", body = SignInOptions)))]
pub async fn options(State(state): State<AppState>) -> Json<SignInOptions> {
    Json(SignInOptions {
        provider: state.sso.as_ref().map(|s| s.provider_name().to_string()),
        local_passwords: state.local_passwords,
    })
}

fn to_console(error: Option<&str>) -> Response {
    let location = match error {
        Some(code) => format!("/console/?sso_error={code}"),
        None => "/console/".to_string(),
    };
    (
        axum::http::StatusCode::SEE_OTHER,
        [(header::LOCATION, location)],
    )
        .into_response()
}

/// A failed single sign-on, sent back to the console with its code (the audit entry written
/// before it is what the sign-in failure metrics count).
fn refused(_state: &AppState, code: &str) -> Response {
    to_console(Some(code))
}

fn sso_cookie(value: &str, max_age_secs: i64, client: &ClientAddr) -> String {
    format!(
        "{SSO_COOKIE}={value}; HttpOnly; SameSite=Lax; Path=/api/sso; Max-Age={max_age_secs}{}",
        if client.https { "; Secure" } else { "" }
    )
}

pub async fn start(
    State(state): State<AppState>,
    client: ClientAddr,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let sso = state.sso.as_ref().ok_or(ApiError::NotFound)?;
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| !h.is_empty() && h.len() <= 255)
        .ok_or_else(|| ApiError::BadRequest("a Host header is needed".into()))?;
    let scheme = if client.https { "https" } else { "http" };
    match sso
        .begin(&format!("{scheme}://{host}"), client.limit_key())
        .await
    {
        Ok((url, browser)) => {
            let cookie = sso_cookie(&browser, sso::PENDING_TTL_MS / 1000, &client);
            Ok((
                axum::http::StatusCode::SEE_OTHER,
                [
                    (header::LOCATION, url.to_string()),
                    (header::SET_COOKIE, cookie),
                ],
            )
                .into_response())
        }
        Err(e) => {
            tracing::warn!("single sign-on could not start: {e}");
            let code = match e {
                BeginError::Busy => "busy",
                BeginError::Provider(_) => "provider",
                BeginError::Redirect(_) => return Err(ApiError::BadRequest(e.to_string())),
            };
            Ok(refused(&state, code))
        }
    }
}

#[derive(Deserialize)]
pub struct Callback {
    state: Option<String>,
    code: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
    /// The issuer that answered (RFC 9207), when the provider says it.
    iss: Option<String>,
}

pub async fn callback(
    State(state): State<AppState>,
    client: ClientAddr,
    headers: HeaderMap,
    query: Result<Query<Callback>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let sso = state.sso.clone().ok_or(ApiError::NotFound)?;
    let sessions = &state.sessions;
    let ip = client.ip.to_string();
    let failed = |detail: String| async move {
        sessions
            .audit("sso", "sso_sign_in_failed", None, None, &detail)
            .await;
    };
    let Ok(Query(query)) = query else {
        failed(format!("{ip}: a callback without its parameters")).await;
        return Ok(refused(&state, "state"));
    };
    let sign_in_state = query
        .state
        .filter(|s| !s.is_empty() && s.len() <= MAX_STATE);
    let Some(sign_in_state) = sign_in_state else {
        failed(format!("{ip}: a callback without a state")).await;
        return Ok(refused(&state, "state"));
    };
    if let Some(error) = query.error {
        // The provider (or the person, cancelling) said no: the sign-in under way is over.
        sso.forget(&sign_in_state);
        let description = query.error_description.unwrap_or_default();
        failed(format!(
            "{ip}: the identity provider said {error}: {description}"
        ))
        .await;
        return Ok(refused(&state, "denied"));
    }
    if query.iss.as_deref().is_some_and(|iss| iss != sso.issuer()) {
        sso.forget(&sign_in_state);
        failed(format!("{ip}: an answer from another issuer")).await;
        return Ok(refused(&state, "state"));
    }
    let Some(code) = query.code.filter(|c| !c.is_empty() && c.len() <= MAX_CODE) else {
        sso.forget(&sign_in_state);
        failed(format!("{ip}: a callback without a code")).await;
        return Ok(refused(&state, "state"));
    };
    let browser = cookie(&headers, SSO_COOKIE);
    let identity = match sso.finish(&sign_in_state, browser.as_deref(), code).await {
        Ok(identity) => identity,
        Err(e) => {
            tracing::warn!("single sign-on refused: {e}");
            failed(format!("{ip}: {e}")).await;
            let code = match e {
                FinishError::UnknownState => "state",
                FinishError::Provider(ProviderError::Refused(_)) => "token",
                FinishError::Provider(ProviderError::Unreachable(_)) => "provider",
            };
            return Ok(refused(&state, code));
        }
    };
    let who = identity
        .preferred_username
        .clone()
        .or_else(|| identity.email.clone())
        .unwrap_or_else(|| identity.subject.clone());
    let agent = match sso::agent::sign_in(sessions, &sso.rights, &identity).await? {
        Outcome::SignedIn(agent) => agent,
        Outcome::Refused(why) => {
            let detail = format!(
                "{} (subject {}): {}",
                sso.issuer(),
                identity.subject,
                why.code()
            );
            sessions
                .audit(&who, "sso_sign_in_refused", None, None, &detail)
                .await;
            return Ok(refused(&state, why.code()));
        }
    };
    let token = secret::token();
    sessions
        .store()
        .add_token(
            &secret::hash_token(&token),
            &agent.id,
            sessions.now() + super::login::TOKEN_LIFETIME_MS,
        )
        .await?;
    let rights: Vec<&str> = agent.rights.iter().map(|r| r.as_str()).collect();
    sessions
        .audit(
            &agent.username,
            "sso_sign_in",
            None,
            None,
            &format!(
                "{} (subject {}): {}",
                sso.issuer(),
                identity.subject,
                rights.join(",")
            ),
        )
        .await;
    let mut response = to_console(None);
    let cookies = response.headers_mut();
    for cookie in [session_cookie(&token, &client), sso_cookie("", 0, &client)] {
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            cookies.append(header::SET_COOKIE, value);
        }
    }
    Ok(response)
}

/// A cookie's value from the request.
fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}
