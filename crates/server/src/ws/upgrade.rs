//! The customer socket's WebSocket handshake, done here rather than by axum's `WebSocketUpgrade`:
//! axum fixes a socket's limits at the upgrade and hides its transport, while a customer socket
//! must read only small frames until its page shares and snapshot-sized ones after. This upgrade
//! runs tungstenite over a [`Capped`] transport the socket's task can reach (`get_mut`).
//! HTTP/1.1 `Upgrade: websocket` only (the server's listener speaks HTTP/1.1).

use std::future::Future;

use axum::body::Body;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hyper::upgrade::{OnUpgrade, Upgraded};
use hyper_util::rt::TokioIo;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::{Role, WebSocketConfig};

use super::capped::Capped;

/// An open socket whose read limit its task sets.
pub type CappedSocket = WebSocketStream<Capped<TokioIo<Upgraded>>>;

/// A valid WebSocket handshake request, ready to be answered.
pub struct Upgrade {
    on_upgrade: OnUpgrade,
    accept: HeaderValue,
}

impl<S: Send + Sync> FromRequestParts<S> for Upgrade {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Upgrade, Response> {
        let refuse = |why: &'static str| (StatusCode::BAD_REQUEST, why).into_response();
        if parts.method != Method::GET {
            return Err((
                StatusCode::METHOD_NOT_ALLOWED,
                "WebSocket handshakes are GET",
            )
                .into_response());
        }
        let h = &parts.headers;
        if !has_token(h, header::CONNECTION, "upgrade")
            || !has_token(h, header::UPGRADE, "websocket")
        {
            return Err(refuse("a WebSocket handshake is expected"));
        }
        if h.get(header::SEC_WEBSOCKET_VERSION).map(|v| v.as_bytes()) != Some(b"13") {
            return Err(refuse("WebSocket version 13 only"));
        }
        let Some(key) = h.get(header::SEC_WEBSOCKET_KEY) else {
            return Err(refuse("no Sec-WebSocket-Key"));
        };
        let accept = HeaderValue::from_str(&derive_accept_key(key.as_bytes()))
            .expect("a base64 accept key is a valid header value");
        let on_upgrade = parts
            .extensions
            .remove::<OnUpgrade>()
            .ok_or_else(|| refuse("this connection cannot be upgraded"))?;
        Ok(Upgrade { on_upgrade, accept })
    }
}

impl Upgrade {
    /// Answers `101 Switching Protocols` and runs `callback` on the socket once the connection
    /// is switched; the socket starts with the read `limit` (see [`Capped`]).
    pub fn on_upgrade<F, Fut>(
        self,
        config: WebSocketConfig,
        limit: Option<usize>,
        callback: F,
    ) -> Response
    where
        F: FnOnce(CappedSocket) -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let on_upgrade = self.on_upgrade;
        tokio::spawn(async move {
            let upgraded = match on_upgrade.await {
                Ok(u) => u,
                Err(e) => return tracing::debug!("WebSocket upgrade failed: {e}"),
            };
            let io = Capped::new(TokioIo::new(upgraded), limit);
            let socket = WebSocketStream::from_raw_socket(io, Role::Server, Some(config)).await;
            callback(socket).await;
        });
        let mut res = Response::new(Body::empty());
        *res.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
        let h = res.headers_mut();
        h.insert(header::CONNECTION, HeaderValue::from_static("upgrade"));
        h.insert(header::UPGRADE, HeaderValue::from_static("websocket"));
        h.insert(header::SEC_WEBSOCKET_ACCEPT, self.accept);
        res
    }
}

/// Whether a comma-separated header lists `token` (case-insensitively).
fn has_token(headers: &HeaderMap, name: header::HeaderName, token: &str) -> bool {
    headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|t| t.trim().eq_ignore_ascii_case(token))
}
