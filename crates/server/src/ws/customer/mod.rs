//! The customer's socket (`/ws/customer`), opened by the SDK on a page of the company's site.
//! The handshake is accepted only from the company's domains (Origin check). The socket starts
//! unbound; a redeemed code or a resume token binds it to one session, whose bus topic it then
//! follows. It may send only [`FromCustomer`] messages and, while sharing, DOM frames.

mod consent;
mod dom;
mod redeem;
mod resume;
mod stop;

use std::net::SocketAddr;

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use futures_util::stream::BoxStream;
use tandem_protocol::{FromCustomer, SessionState, ToAgent, ToCustomer, close};

use super::{CUSTOMER_MAX_FRAME, Close, send_json};
use crate::app::AppState;
use crate::bus::{Delivery, Envelope};
use crate::session::Sessions;

/// What one customer connection knows.
pub struct Customer {
    sessions: Sessions,
    client: std::net::IpAddr,
    /// The session this socket joined, with its last known state (kept current from the bus).
    bound: Option<(String, SessionState)>,
}

/// What a message handler asks the connection to do.
#[derive(Default)]
pub struct Step {
    replies: Vec<ToCustomer>,
    /// Join this session's topic (after a redeemed code or a resume).
    bind: Option<(String, SessionState)>,
}

impl Step {
    fn reply(msg: ToCustomer) -> Step {
        Step { replies: vec![msg], bind: None }
    }
}

pub async fn upgrade(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !state.domains.allows_origin(origin) {
        tracing::info!(origin, "customer socket refused: origin outside the company's domains");
        return (StatusCode::FORBIDDEN, "origin not allowed").into_response();
    }
    let customer = Customer { sessions: state.sessions.clone(), client: peer.ip(), bound: None };
    ws.max_message_size(CUSTOMER_MAX_FRAME).max_frame_size(CUSTOMER_MAX_FRAME).on_upgrade(move |socket| run(socket, customer))
}

async fn run(mut socket: WebSocket, mut customer: Customer) {
    let mut topic: Option<BoxStream<'static, Delivery>> = None;
    let outcome: Result<(), Close> = loop {
        tokio::select! {
            frame = socket.recv() => {
                let Some(frame) = frame else { break Ok(()) };
                let frame = match frame {
                    Ok(f) => f,
                    Err(e) => break Err(super::receive_error(e)),
                };
                let step = match customer.handle(frame).await {
                    Ok(Some(step)) => step,
                    Ok(None) => continue,
                    Err(close) => break Err(close),
                };
                if let Some((session_id, state)) = step.bind {
                    match customer.sessions.bus().subscribe(&session_id).await {
                        Ok(s) => topic = Some(s),
                        Err(e) => break Err(Close::new(1011, e.to_string())),
                    }
                    customer.bound = Some((session_id, state));
                }
                for reply in step.replies {
                    if send_json(&mut socket, &reply).await.is_err() { return; }
                }
            }
            Some(delivery) = next(&mut topic) => {
                if let Some(msg) = customer.observe(delivery) {
                    if send_json(&mut socket, &msg).await.is_err() { return; }
                }
            }
        }
    };
    if let Err(c) = outcome {
        super::close(socket, c).await;
    }
}

async fn next(topic: &mut Option<BoxStream<'static, Delivery>>) -> Option<Delivery> {
    match topic {
        Some(t) => t.next().await,
        None => std::future::pending().await,
    }
}

impl Customer {
    /// Parses a frame as a customer message and hands it to its handler.
    async fn handle(&mut self, frame: Message) -> Result<Option<Step>, Close> {
        match frame {
            Message::Text(text) => {
                let msg: FromCustomer = serde_json::from_str(&text)
                    .map_err(|_| Close::new(close::MALFORMED, "not a customer message"))?;
                let step = match msg {
                    FromCustomer::Redeem { code } => redeem::handle(self, &code).await,
                    FromCustomer::Resume { token } => resume::handle(self, &token).await,
                    FromCustomer::Consent { accept } => consent::handle(self, accept).await,
                    FromCustomer::Stop {} => stop::handle(self).await,
                };
                Ok(Some(step))
            }
            Message::Binary(bytes) => dom::handle(self, bytes).await.map(|_| None),
            Message::Close(_) | Message::Ping(_) | Message::Pong(_) => Ok(None),
        }
    }

    /// Takes what the session's topic carries: state changes update this socket's view of the
    /// session; messages for the customer are passed on; the rest is for the agent.
    fn observe(&mut self, delivery: Delivery) -> Option<ToCustomer> {
        match delivery {
            Delivery::Message(Envelope::ToCustomer(msg)) => {
                if let ToCustomer::Ended { .. } = msg {
                    if let Some((_, state)) = &mut self.bound {
                        *state = SessionState::Ended;
                    }
                }
                Some(msg)
            }
            Delivery::Message(Envelope::ToAgent(ToAgent::State { state, .. })) => {
                if let Some((_, s)) = &mut self.bound {
                    *s = state;
                }
                None
            }
            _ => None,
        }
    }

    fn session_id(&self) -> Option<&str> {
        self.bound.as_ref().map(|(id, _)| id.as_str())
    }
}

fn wrong_state(message: &str) -> Step {
    Step::reply(ToCustomer::Error { code: tandem_protocol::ErrorCode::WrongState, message: message.to_string() })
}

fn internal(e: impl std::fmt::Display) -> Step {
    tracing::error!("customer request failed: {e}");
    Step::reply(ToCustomer::Error { code: tandem_protocol::ErrorCode::Internal, message: "Something went wrong. Please try again.".into() })
}
