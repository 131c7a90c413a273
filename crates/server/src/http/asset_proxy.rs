//! `GET /api/sessions/{id}/asset?url=…`: the customer site's image, font or stylesheet for the
//! mirror of a live session the caller owns, fetched by the server (`crate::asset_proxy`). The
//! mirror's iframe is same-origin with the console, so the agent's sign-in cookie comes along.
//! With the company setting `direct_assets` the answer is a redirect to the site instead (the
//! console's policy then allows the site's origins). Every answer is counted on `/metrics`.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::body::Params;
use super::{ApiError, ErrorBody};
use crate::app::AppState;
use crate::asset_proxy::NotDelivered;
use crate::auth::SignedIn;
use tandem_protocol::SessionState;

/// The address of the asset, as the customer's page names it.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AssetQuery {
    /// An http(s) address on one of the company's domains.
    #[param(max_length = 4096)]
    url: String,
}

/// Longest asset address taken (the same bound capture puts on addresses).
const MAX_URL: usize = 4096;

/// What a delivered asset may do if opened on its own: nothing (an SVG cannot run script on
/// Tandem's origin), and it is not sniffed as anything else (`nosniff` is on every response).
const ASSET_CSP: &str =
    "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; font-src 'self'; sandbox";

/// The path the mirror loads `url` from for this session (also used inside proxied CSS).
pub fn route(session: &str, url: &str) -> String {
    format!(
        "/api/sessions/{session}/asset?url={}",
        url::form_urlencoded::byte_serialize(url.as_bytes()).collect::<String>()
    )
}

#[utoipa::path(get, path = "/api/sessions/{id}/asset", tag = "co-browsing",
    params(("id" = String, Path, description = "Session id"), AssetQuery),
    responses(
        (status = 200, description = "The asset: an image, font or stylesheet (whose own addresses point back here)", content_type = "application/octet-stream"),
        (status = 307, description = "Direct loading is the company's setting: the asset's own address"),
        (status = 400, description = "Bad input", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Refused: not an absolute http(s) address, not one of the company's domains, or a private, loopback or link-local address", body = ErrorBody),
        (status = 404, description = "No such live session of the caller's", body = ErrorBody),
        (status = 415, description = "The site sent something other than an image, font or stylesheet", body = ErrorBody),
        (status = 429, description = "This session has fetched its share of assets", body = ErrorBody),
        (status = 502, description = "The site did not deliver it (an error status, too large, timed out, cannot connect)", body = ErrorBody)),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn get(
    State(state): State<AppState>,
    SignedIn(agent): SignedIn,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
    Params(q): Params<AssetQuery>,
) -> Result<Response, ApiError> {
    let metrics = state.sessions.metrics().clone();
    if q.url.len() > MAX_URL {
        return Err(ApiError::BadRequest(format!(
            "url: at most {MAX_URL} characters"
        )));
    }
    let url = url::Url::parse(&q.url)
        .map_err(|_| ApiError::Forbidden("refused: url is not an absolute http(s) address"))?;
    let session = state
        .sessions
        .store()
        .session(&id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if session.agent_id != agent.id
        || !matches!(
            session.state,
            SessionState::Active | SessionState::Interrupted
        )
    {
        return Err(ApiError::NotFound);
    }
    if state.sessions.site_settings().direct_assets {
        if !matches!(url.scheme(), "http" | "https") {
            metrics.asset("refused");
            return Ok(refusal(
                StatusCode::FORBIDDEN,
                "only http and https addresses are loaded",
            ));
        }
        return Ok(Redirect::temporary(url.as_str()).into_response());
    }
    // The demo site's files are this server's own: served from the binary, not fetched.
    let own = state
        .demo
        .then(|| {
            let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
            super::assets::own_demo_asset(&url, host)
        })
        .flatten();
    let domains = state.sessions.domains();
    let fetched = match own {
        Some(asset) => Ok((asset, true)),
        None => state.asset_proxy.get(&url, &domains, &session.id).await,
    };
    match fetched {
        Ok((asset, hit)) => {
            metrics.asset(if hit { "hit" } else { "miss" });
            let body = if asset.content_type == "text/css" {
                let text = String::from_utf8_lossy(&asset.body);
                crate::asset_proxy::css::rewrite(&text, &url, &|u| route(&session.id, u)).into()
            } else {
                asset.body
            };
            let mut r = body.into_response();
            let h = r.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(asset.content_type),
            );
            h.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, max-age=300"),
            );
            h.insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(ASSET_CSP),
            );
            Ok(r)
        }
        Err(e) => {
            let (status, outcome) = match &e {
                NotDelivered::Refused(_) => (StatusCode::FORBIDDEN, "refused"),
                NotDelivered::Type(_) => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "refused"),
                NotDelivered::Budget => (StatusCode::TOO_MANY_REQUESTS, "refused"),
                NotDelivered::TooLarge(_) => (StatusCode::BAD_GATEWAY, "refused"),
                NotDelivered::Upstream(_) | NotDelivered::Failed(_) => {
                    (StatusCode::BAD_GATEWAY, "failed")
                }
            };
            metrics.asset(outcome);
            tracing::info!(url = %url, "asset not delivered: {e}");
            Ok(refusal(status, &e.to_string()))
        }
    }
}

fn refusal(status: StatusCode, why: &str) -> Response {
    let mut r = (status, axum::Json(serde_json::json!({ "error": why }))).into_response();
    if status == StatusCode::TOO_MANY_REQUESTS {
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
    }
    r
}
