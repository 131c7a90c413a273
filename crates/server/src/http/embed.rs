//! The agent view embedded in another application (`/embed/`): minting its token, what the
//! view reads about itself, the company's embed origins, and the page itself. The page is the
//! only one framed by the embed origins (its `frame-ancestors`); the console keeps its own rule.
//! The token travels in the page's URL fragment, which never reaches a server or a referrer,
//! and then as a bearer header and a socket subprotocol (`auth/embed.rs`).

use super::body::Body;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use serde::{Deserialize, Serialize};

use super::contacts::{ContactView, owned};
use super::delivery::{self, Caching};
use super::{ApiError, ErrorBody};
use crate::app::AppState;
use crate::auth::embed::{self, EmbedScope};
use crate::auth::{SignedIn, token_from_headers};
use crate::secret;
use crate::session::{EmbedOriginsError, check_origin};
use crate::store::Right;

/// How long an embed token lasts when the request does not say: one hour.
const DEFAULT_TTL_SECONDS: i64 = 3600;
const MIN_TTL_SECONDS: i64 = 60;
/// At most one working day, like a sign-in.
const MAX_TTL_SECONDS: i64 = 12 * 3600;

#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewEmbedToken {
    /// The contact the view shows: one of the agent's contacts.
    #[schema(pattern = "^[0-9a-fA-F]{32}$")]
    contact: String,
    /// The host page's origin (`https://crm.example.com`), one of the company's embed origins.
    #[schema(min_length = 1, max_length = 300)]
    origin: String,
    /// The agent the view acts for (username); the caller when left out. Only an admin may
    /// mint a token for another agent.
    #[schema(min_length = 1, max_length = 64)]
    agent: Option<String>,
    /// Seconds the token may be used, 60 to 43,200 (default 3,600). A view already open keeps
    /// its socket; a reload or reconnection needs the token to be still valid.
    #[schema(minimum = 60, maximum = 43200)]
    ttl_seconds: Option<i64>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct EmbedToken {
    /// The bearer token (put it in the embed page's URL fragment, never in a query string).
    token: String,
    /// Milliseconds since the epoch.
    expires_at: i64,
    /// The embed page with the token: append it to the Tandem server's address.
    path: String,
    origin: String,
}

#[utoipa::path(post, path = "/api/embed-tokens", tag = "embed", request_body = NewEmbedToken, responses((status = 200, description = "A new embed token for one agent, one contact and one host origin", body = EmbedToken), (status = 400, description = "Bad input", body = ErrorBody), (status = 401, description = "Not signed in", body = ErrorBody), (status = 403, description = "The origin is not one of the company's embed origins, the agent lacks the cobrowse right, or a non-admin asked for another agent's token", body = ErrorBody), (status = 404, description = "No such contact or agent, or the contact is another agent's", body = ErrorBody), (status = 409, description = "The contact has ended", body = ErrorBody), (status = 413, description = "The body is over the route's limit", body = ErrorBody)), security(("bearer" = []), ("cookie" = [])))]
pub async fn mint(
    State(state): State<AppState>,
    SignedIn(caller): SignedIn,
    body: Result<Body<NewEmbedToken>, ApiError>,
) -> Result<Json<EmbedToken>, ApiError> {
    let Body(req) = body?;
    // Whether malformed or merely not listed, the origin may not host the view: refused alike.
    let refused = "the origin is not one of the company's embed origins (PUT /api/settings/embed)";
    let origin = check_origin(&req.origin).map_err(|_| ApiError::Forbidden(refused))?;
    if !state.sessions.embed_origins().await?.contains(&origin) {
        return Err(ApiError::Forbidden(refused));
    }
    let ttl = req.ttl_seconds.unwrap_or(DEFAULT_TTL_SECONDS);
    if !(MIN_TTL_SECONDS..=MAX_TTL_SECONDS).contains(&ttl) {
        return Err(ApiError::BadRequest(format!(
            "ttl_seconds is {MIN_TTL_SECONDS} to {MAX_TTL_SECONDS}"
        )));
    }
    let agent = match req.agent.as_deref() {
        None => caller.clone(),
        Some(name) if name == caller.username => caller.clone(),
        Some(name) => {
            if !caller.has(Right::Admin) {
                return Err(ApiError::Forbidden(
                    "only an admin may mint an embed token for another agent",
                ));
            }
            state
                .sessions
                .store()
                .agent_by_username(name)
                .await?
                .ok_or(ApiError::NotFound)?
        }
    };
    if !agent.has(Right::Cobrowse) {
        return Err(ApiError::Forbidden(
            "this agent does not have the cobrowse right",
        ));
    }
    let contact = owned(&state, &agent, &req.contact).await?;
    if !contact.is_open() {
        return Err(ApiError::Conflict("the contact has ended".into()));
    }
    let token = embed::mint(&EmbedScope {
        contact_id: contact.id.clone(),
        origin: origin.clone(),
    });
    let expires_at = state.sessions.now() + ttl * 1000;
    state
        .sessions
        .store()
        .add_token(&secret::hash_token(&token), &agent.id, expires_at)
        .await?;
    state
        .sessions
        .audit(
            &caller.username,
            "embed_token_minted",
            None,
            Some(&contact.id),
            &format!("for {} on {origin}", agent.username),
        )
        .await;
    Ok(Json(EmbedToken {
        path: format!("/embed/#token={token}"),
        token,
        expires_at,
        origin,
    }))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct EmbedAgent {
    username: String,
    display_name: String,
    rights: Vec<&'static str>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct EmbedView {
    contact: ContactView,
    /// The host page's origin: the only one the view exchanges messages with.
    origin: String,
    agent: EmbedAgent,
}

#[utoipa::path(get, path = "/api/embed", tag = "embed", responses((status = 200, description = "What the embedded view shows: its contact, its host origin and its agent", body = EmbedView), (status = 401, description = "No valid embed token (unknown, expired, or its origin is no longer an embed origin)", body = ErrorBody), (status = 404, description = "The contact is no longer the agent's", body = ErrorBody)), security(("bearer" = [])))]
pub async fn show(
    State(state): State<AppState>,
    SignedIn(agent): SignedIn,
    headers: HeaderMap,
) -> Result<Json<EmbedView>, ApiError> {
    let scope = token_from_headers(&headers)
        .and_then(|t| embed::scope(&t))
        .ok_or(ApiError::Unauthorized)?;
    let contact = owned(&state, &agent, &scope.contact_id).await?;
    Ok(Json(EmbedView {
        contact: super::contacts::view(&state, contact).await?,
        origin: scope.origin,
        agent: EmbedAgent {
            username: agent.username.clone(),
            display_name: agent.name().to_string(),
            rights: agent.rights.iter().map(|r| r.as_str()).collect(),
        },
    }))
}

#[derive(Serialize, Deserialize, utoipa::ToSchema)]
pub struct EmbedOrigins {
    /// Host origins (`https://crm.example.com`) whose pages may frame the embedded view.
    #[schema(schema_with = origins_schema)]
    origins: Vec<String>,
}

fn origins_schema() -> utoipa::openapi::schema::Array {
    serde_json::from_value(serde_json::json!({
        "type": "array",
        "maxItems": crate::session::MAX_EMBED_ORIGINS,
        "items": {
            "description": "An origin: http or https, a host and an optional port, nothing after",
            "type": "string",
            "minLength": 1,
            "maxLength": 300,
            "pattern": r"^https?://[^/?#@\s]+/?$"
        }
    }))
    .expect("a valid array schema")
}

#[utoipa::path(get, path = "/api/settings/embed", tag = "embed", responses((status = 200, description = "The company's embed origins", body = EmbedOrigins), (status = 401, description = "Not signed in", body = ErrorBody), (status = 403, description = "Admins only", body = ErrorBody)), security(("bearer" = []), ("cookie" = [])))]
pub async fn origins(
    State(state): State<AppState>,
    SignedIn(agent): SignedIn,
) -> Result<Json<EmbedOrigins>, ApiError> {
    if !agent.has(Right::Admin) {
        return Err(ApiError::Forbidden(
            "only an admin may see the embed origins",
        ));
    }
    let origins = state.sessions.embed_origins().await?;
    Ok(Json(EmbedOrigins { origins }))
}

#[utoipa::path(put, path = "/api/settings/embed", tag = "embed", request_body = EmbedOrigins, responses((status = 200, description = "Saved (each origin as browsers write it); applies at once to embed pages and tokens", body = EmbedOrigins), (status = 400, description = "Bad input: not an origin, or more than 20", body = ErrorBody), (status = 401, description = "Not signed in", body = ErrorBody), (status = 403, description = "Admins only", body = ErrorBody), (status = 413, description = "The body is over the route's limit", body = ErrorBody)), security(("bearer" = []), ("cookie" = [])))]
pub async fn set_origins(
    State(state): State<AppState>,
    SignedIn(agent): SignedIn,
    body: Result<Body<EmbedOrigins>, ApiError>,
) -> Result<Json<EmbedOrigins>, ApiError> {
    if !agent.has(Right::Admin) {
        return Err(ApiError::Forbidden(
            "only an admin may change the embed origins",
        ));
    }
    let Body(edit) = body?;
    let saved = state
        .sessions
        .set_embed_origins(&edit.origins)
        .await
        .map_err(|e| match e {
            EmbedOriginsError::Invalid(m) => ApiError::BadRequest(m),
            EmbedOriginsError::Store(e) => e.into(),
        })?;
    state
        .sessions
        .audit(
            &agent.username,
            "embed_origins_changed",
            None,
            None,
            &saved.join(" "),
        )
        .await;
    Ok(Json(EmbedOrigins { origins: saved }))
}

/// The page's Content-Security-Policy: the console's (the mirror is the same sandboxed frame),
/// framed only by the company's embed origins.
const EMBED_CSP: &str = "default-src 'none'; script-src 'self'; connect-src 'self'; \
    style-src 'self' 'unsafe-inline' http: https:; img-src 'self' http: https: data: blob:; \
    font-src 'self' http: https: data:; media-src 'self' http: https: blob:; frame-src 'self' about:; \
    object-src 'none'; base-uri 'none'; form-action 'none'";

/// `GET /embed/` and its hashed script and stylesheet.
pub async fn page(State(state): State<AppState>, request: HeaderMap) -> Response {
    asset(&state, "index.html", &request).await
}

pub async fn file(
    State(state): State<AppState>,
    Path(path): Path<String>,
    request: HeaderMap,
) -> Response {
    asset(&state, &path, &request).await
}

async fn asset(state: &AppState, path: &str, request: &HeaderMap) -> Response {
    let caching = if delivery::is_hashed(path) {
        Caching::Immutable
    } else {
        Caching::Revalidate { max_age: 0 }
    };
    let mut r = delivery::send(&format!("embed/{path}"), request, caching);
    let origins = match state.sessions.embed_origins().await {
        Ok(o) => o,
        Err(e) => {
            tracing::warn!("embed origins not read: {e}");
            Vec::new()
        }
    };
    let ancestors = if origins.is_empty() {
        "'none'".to_string()
    } else {
        origins.join(" ")
    };
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&format!("{EMBED_CSP}; frame-ancestors {ancestors}")) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    // The list changes with the setting: never reuse a cached page under an old one.
    if !delivery::is_hashed(path) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    r
}
