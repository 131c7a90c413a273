//! The agent's socket (`/ws/agent/{session}`), opened by the console. The handshake requires a
//! signed-in agent with the `cobrowse` right who owns the session (ARCHITECTURE.md §4.5). On joining,
//! the agent gets the session's state and, when sharing is on, a fresh snapshot is requested so
//! a (re)joining agent never waits for the next change. It may send only [`FromAgent`]
//! messages; a binary frame from an agent is a role violation. When the agent's access ends
//! (sign-out, password change, lost right) the socket closes with `ACCESS_ENDED` at once.

mod asset_request;
mod clear_drawing;
mod control;
mod point;
mod pointer;
mod push_url;
mod resync;
mod scroll;
mod stop;
mod stroke;

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use futures_util::{FutureExt, SinkExt, StreamExt};
use tandem_protocol::{FromAgent, SessionState, ToAgent, ToCustomer, close};

use super::{AGENT_MAX_FRAME, Close, send_json};
use crate::app::AppState;
use crate::auth::{embed, token_from_headers};
use crate::bus::{Delivery, Envelope, topic};
use crate::http::ApiError;
use crate::session::{AccessCheck, Sessions};
use crate::store::{Agent, Right};

pub struct AgentConn {
    sessions: Sessions,
    agent: Agent,
    session_id: String,
    /// Last known state of the session, kept current from the bus.
    state: SessionState,
    /// Images this connection asked the customer to hand over (`asset_request`), bounded.
    asset_requests: u32,
}

pub async fn upgrade(
    State(state): State<AppState>,
    client: crate::client_addr::ClientAddr,
    Path(session_id): Path<String>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Result<Response, ApiError> {
    // The embedded view offers its token as a subprotocol (no cookie reaches a cross-site
    // frame); the console sends its cookie.
    let offered = embed::token_from_protocols(&headers);
    let token = match &offered {
        Some(t) => t.clone(),
        None => token_from_headers(&headers).ok_or(ApiError::Unauthorized)?,
    };
    let agent = state
        .sessions
        .store()
        .agent_by_token(&crate::secret::hash_token(&token), state.sessions.now())
        .await?
        .ok_or(ApiError::Unauthorized)?;
    let scope = embed::scope(&token);
    if let Some(scope) = &scope
        && !state
            .sessions
            .embed_origins()
            .await?
            .contains(&scope.origin)
    {
        return Err(ApiError::Unauthorized);
    }
    if !agent.has(Right::Cobrowse) {
        return Err(ApiError::Forbidden(
            "this agent does not have the cobrowse right",
        ));
    }
    let session = state
        .sessions
        .store()
        .session(&session_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if session.agent_id != agent.id {
        tracing::warn!(agent = %agent.username, session = %session_id, "agent socket refused: not the session's agent");
        return Err(ApiError::Forbidden("this session belongs to another agent"));
    }
    if scope.is_some_and(|s| s.contact_id != session.contact_id) {
        return Err(ApiError::Forbidden(
            "this embed token is for another contact",
        ));
    }
    let access = state.sessions.access_check(&agent, &token, true);
    let conn = AgentConn {
        sessions: state.sessions.clone(),
        agent,
        session_id,
        state: session.state,
        asset_requests: 0,
    };
    let slot = state
        .connections
        .open(client.limit_key())
        .ok_or_else(super::too_many_connections)?;
    let moving = state.drain.reconnecting();
    let ws = if offered.is_some() {
        ws.protocols([embed::SOCKET_PROTOCOL])
    } else {
        ws
    };
    Ok(ws
        .max_message_size(AGENT_MAX_FRAME)
        .max_frame_size(AGENT_MAX_FRAME)
        .read_buffer_size(super::READ_BUFFER)
        .on_upgrade(move |socket| async move {
            let _slot = slot;
            let _gauge = conn
                .sessions
                .metrics()
                .socket_opened(crate::metrics::SocketRole::Agent);
            run(socket, conn, access, moving).await
        })
        .into_response())
}

async fn run(
    mut socket: WebSocket,
    mut conn: AgentConn,
    mut access: AccessCheck,
    moving: impl std::future::Future<Output = ()>,
) {
    tokio::pin!(moving);
    let bus = conn.sessions.bus().clone();
    let topics = async {
        Ok::<_, crate::bus::BusError>((
            bus.subscribe(&conn.session_id).await?,
            bus.subscribe(&topic::dom(&conn.session_id)).await?,
        ))
    };
    let mut deliveries = match topics.await {
        Ok((control, dom)) => futures_util::stream::select(control, dom),
        Err(e) => return super::close(socket, Close::new(1011, e.to_string())).await,
    };
    // The state may have moved between the handshake and the subscription: read it again.
    if let Ok(Some(s)) = conn.sessions.store().session(&conn.session_id).await {
        conn.state = s.state;
    }
    if send_json(
        &mut socket,
        &ToAgent::State {
            state: conn.state,
            ended_by: None,
            reason: None,
        },
    )
    .await
    .is_err()
    {
        return;
    }
    // What the console may offer (a convenience: the server and the SDK check every command).
    let grant = conn.sessions.grant(conn.agent.has(Right::RemoteControl));
    if send_json(
        &mut socket,
        &ToAgent::Grant {
            control: grant.control,
            typing: grant.typing,
        },
    )
    .await
    .is_err()
    {
        return;
    }
    if conn.state == SessionState::Active {
        conn.request_snapshot().await;
    }
    // One future for the whole connection, so a check under way is never dropped half done.
    let access_ended = access.ended();
    tokio::pin!(access_ended);
    let outcome: Result<(), Close> = loop {
        tokio::select! {
            // Checked first: once access has ended, nothing more is read or forwarded.
            biased;
            () = &mut access_ended => break Err(Close::new(close::ACCESS_ENDED, "Your access ended: signed out, password changed or the cobrowse right withdrawn.")),
            // The node drains: the console reconnects at once, through the balancer, elsewhere.
            () = &mut moving => break Err(super::reconnect_close()),
            frame = socket.recv() => {
                let Some(frame) = frame else { break Ok(()) };
                let frame = match frame {
                    Ok(f) => f,
                    Err(e) => break Err(super::receive_error(e)),
                };
                match conn.handle(frame).await {
                    Ok(Some(reply)) => if send_json(&mut socket, &reply).await.is_err() { return },
                    Ok(None) => {}
                    Err(close) => break Err(close),
                }
            }
            delivery = deliveries.next() => {
                let Some(delivery) = delivery else { break Ok(()) };
                if conn.forward(&mut socket, delivery).await.is_err() { return }
                // Whatever else is ready goes out with it, in one flush.
                for _ in 0..MAX_BATCH {
                    match deliveries.next().now_or_never() {
                        Some(Some(more)) => if conn.forward(&mut socket, more).await.is_err() { return },
                        _ => break,
                    }
                }
                if socket.flush().await.is_err() { return }
            }
        }
    };
    if let Err(c) = outcome {
        super::close(socket, c).await;
    }
}

/// Deliveries written to the socket before one flush.
const MAX_BATCH: usize = 64;

impl AgentConn {
    /// Queues one delivery on the socket (not flushed): DOM frames and messages for the agent go
    /// out; state changes are remembered; a lag is reported and asks the customer for a fresh
    /// snapshot.
    async fn forward(
        &mut self,
        socket: &mut WebSocket,
        delivery: Delivery,
    ) -> Result<(), axum::Error> {
        match delivery {
            Delivery::Message(Envelope::Dom(bytes)) => {
                self.sessions.metrics().dom_to_agent(bytes.len());
                socket.feed(Message::Binary(bytes)).await
            }
            Delivery::Message(Envelope::ToAgent(msg)) => {
                if let ToAgent::State { state, .. } = &msg {
                    self.state = *state;
                }
                let text = serde_json::to_string(&msg).expect("protocol messages always serialise");
                socket.feed(Message::Text(text.into())).await
            }
            // The rest is for customers' pages.
            Delivery::Message(_) => Ok(()),
            // Frames were lost for this agent: say so (the view shows it is updating) and
            // start over from a fresh snapshot.
            Delivery::Lagged => {
                self.sessions.metrics().lagged("agent");
                self.request_snapshot().await;
                let text = serde_json::to_string(&ToAgent::Lagged {})
                    .expect("protocol messages always serialise");
                socket.feed(Message::Text(text.into())).await
            }
        }
    }

    async fn handle(&mut self, frame: Message) -> Result<Option<ToAgent>, Close> {
        match frame {
            Message::Text(text) => {
                let msg: FromAgent = serde_json::from_str(&text)
                    .map_err(|_| Close::new(close::MALFORMED, "not an agent message"))?;
                Ok(match msg {
                    FromAgent::AgentScroll { x, y } => scroll::handle(self, x, y).await,
                    FromAgent::Resync {} => resync::handle(self).await,
                    FromAgent::AssetRequest { url } => asset_request::handle(self, url).await,
                    FromAgent::StopSession {} => stop::handle(self).await,
                    FromAgent::PushUrl { url } => push_url::handle(self, &url).await,
                    FromAgent::Pointer { x, y, mode } => pointer::handle(self, x, y, mode).await,
                    FromAgent::Point { x, y } => point::handle(self, x, y).await,
                    FromAgent::Control {
                        seq,
                        target,
                        command,
                    } => control::handle(self, seq, target, command).await,
                    FromAgent::Stroke { points } => stroke::handle(self, points).await,
                    FromAgent::ClearDrawing {} => clear_drawing::handle(self).await,
                })
            }
            Message::Binary(_) => Err(Close::new(
                close::FORBIDDEN,
                "agents may not send DOM frames",
            )),
            Message::Close(_) | Message::Ping(_) | Message::Pong(_) => Ok(None),
        }
    }

    async fn request_snapshot(&self) {
        if let Err(e) = self
            .sessions
            .bus()
            .publish(
                &self.session_id,
                Envelope::ToCustomer(ToCustomer::SnapshotRequest {}),
            )
            .await
        {
            tracing::warn!("snapshot request not sent: {e}");
        }
    }
}

fn wrong_state(message: &str) -> Option<ToAgent> {
    Some(ToAgent::Error {
        code: tandem_protocol::ErrorCode::WrongState,
        message: message.to_string(),
    })
}
