//! The two WebSocket endpoints. This is the only layer that sees frames: text frames are parsed
//! into the protocol message of the socket's role (anything else closes the socket with a
//! clear code), binary frames are the customer's opaque DOM frames. Each connection is one task
//! that selects between its socket and its session's bus topic.

pub mod agent;
pub mod capped;
pub mod customer;
pub mod upgrade;

use axum::extract::ws::{CloseFrame, Message, WebSocket};
use serde::Serialize;

/// Largest frame a customer may send: a full snapshot of a very large page.
pub const CUSTOMER_MAX_FRAME: usize = 32 * 1024 * 1024;
/// Largest text (control) message a customer may send: chat lines, addresses and reports are
/// each a few KiB at most; anything larger closes the socket, whatever its state.
pub const CUSTOMER_MAX_TEXT: usize = 64 * 1024;
/// What a customer page may make the server read towards one message while it is not in a
/// session the customer consented to (before a code, before consent, after the end): control
/// messages only, so unshared pages cannot make the server hold snapshot-sized frames.
pub const CUSTOMER_UNSHARED_LIMIT: usize = 64 * 1024 + 16;
/// Largest frame an agent may send: agents send only small control messages.
pub const AGENT_MAX_FRAME: usize = 64 * 1024;

/// Initial read buffer per socket: small, so thousands of idle sockets cost little; it grows
/// for large frames (snapshots) as needed.
pub const READ_BUFFER: usize = 4 * 1024;

/// Why a connection is being closed; becomes a close frame with a code and a reason.
#[derive(Debug)]
pub struct Close {
    pub code: u16,
    pub reason: String,
}

impl Close {
    pub fn new(code: u16, reason: impl Into<String>) -> Close {
        Close {
            code,
            reason: reason.into(),
        }
    }
}

/// The answer to a handshake over a connection limit (`429`, retry in a few seconds).
pub fn too_many_connections() -> crate::http::ApiError {
    crate::http::ApiError::TooManyRequests(std::time::Duration::from_secs(5))
}

pub async fn send_json<T: Serialize>(socket: &mut WebSocket, msg: &T) -> Result<(), axum::Error> {
    let text = serde_json::to_string(msg).expect("protocol messages always serialise");
    socket.send(Message::Text(text.into())).await
}

pub async fn close(mut socket: WebSocket, close: Close) {
    let mut reason = close.reason;
    reason.truncate(120); // a close reason must fit in a control frame
    let frame = CloseFrame {
        code: close.code,
        reason: reason.into(),
    };
    let _ = socket.send(Message::Close(Some(frame))).await;
}

/// The close that sends a socket to another node: this one is draining.
pub fn reconnect_close() -> Close {
    Close::new(
        tandem_protocol::close::RECONNECT,
        "This server is restarting: reconnect now.",
    )
}

/// How long a draining node keeps reading a socket it told to reconnect, for what the peer
/// sent before it saw the close.
pub const CLOSING_READ: std::time::Duration = std::time::Duration::from_secs(2);

/// Tells the peer to reconnect elsewhere; false when the socket is already gone. The caller
/// keeps reading (see [`CLOSING_READ`]) for what the peer sent before it heard.
pub async fn tell_to_move(socket: &mut WebSocket) -> bool {
    let close = reconnect_close();
    let frame = CloseFrame {
        code: close.code,
        reason: close.reason.into(),
    };
    socket.send(Message::Close(Some(frame))).await.is_ok()
}

/// Maps a receive error to a close: oversized frames get their own code.
pub fn receive_error(e: axum::Error) -> Close {
    let text = e.to_string();
    if text.contains("too long")
        || text.contains("too big")
        || text.contains("Space limit")
        || text.contains("size")
    {
        Close::new(tandem_protocol::close::TOO_BIG, "frame too large")
    } else {
        Close::new(tandem_protocol::close::MALFORMED, "unreadable frame")
    }
}
