//! The operator's endpoints: `GET /healthz` (the process answers), `GET /readyz` (the store and
//! the bus answer and the node is not draining: 200, else 503 naming what is wrong) and `GET /metrics` (Prometheus text).
//!
//! Who may read `/metrics`: on the public listener nobody, unless the server was given
//! `--metrics-token` and the request says `Authorization: Bearer TOKEN`; on the separate
//! `--metrics-listen` listener (meant for a private network or loopback) anyone who reaches it.
//! The counts say how busy the service is, which is not for the internet to read.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha2::{Digest, Sha256};

use crate::app::AppState;
use crate::metrics::CONTENT_TYPE;

/// The endpoints on the public listener: `/metrics` needs the token.
pub fn public() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics_with_token))
}

/// The endpoints on the `--metrics-listen` listener: `/metrics` open to whoever reaches it.
pub fn private() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
}

async fn healthz() -> &'static str {
    "ok"
}

async fn readyz(State(state): State<AppState>) -> Response {
    let found = crate::health::check(&state.sessions, state.sessions.metrics()).await;
    // A node that is draining (SIGTERM) takes no new customers, whatever its store and bus say.
    let draining = state.drain.is_reconnecting();
    let ready = found.ready() && !draining;
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let part = |r: &Result<(), String>| match r {
        Ok(()) => serde_json::json!({"ok": true}),
        Err(e) => serde_json::json!({"ok": false, "error": e}),
    };
    let body = serde_json::json!({
        "ready": ready,
        "draining": draining,
        "node": state.node.as_ref(),
        "store": part(&found.store),
        "bus": part(&found.bus),
    });
    (status, axum::Json(body)).into_response()
}

async fn metrics_with_token(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(expected) = state.metrics_token.as_deref() else {
        return (
            StatusCode::FORBIDDEN,
            "metrics are served on --metrics-listen, or here with --metrics-token\n",
        )
            .into_response();
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if !same_secret(given, expected) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            "the metrics token is missing or wrong\n",
        )
            .into_response();
    }
    metrics(State(state)).await
}

/// Compares the hashes, so the time taken says nothing about how much of a guess was right.
fn same_secret(given: &str, expected: &str) -> bool {
    let (a, b) = (Sha256::digest(given), Sha256::digest(expected));
    a.iter()
        .zip(b.iter())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0
}

async fn metrics(State(state): State<AppState>) -> Response {
    let sessions = match state.sessions.store().count_sessions_by_state().await {
        Ok(counts) => counts,
        Err(e) => {
            tracing::warn!("metrics without session counts: {e}");
            Vec::new()
        }
    };
    let sessions: Vec<(&'static str, u64)> =
        sessions.into_iter().map(|(s, n)| (s.as_str(), n)).collect();
    let text = state.sessions.metrics().encode(&state.node, &sessions);
    ([(header::CONTENT_TYPE, CONTENT_TYPE)], text).into_response()
}
