//! The customer's socket (`/ws/customer`), opened by the SDK on a page of the company's site.
//! The handshake is accepted only from the company's domains (Origin check). The socket starts
//! unbound; a redeemed code or a resume token binds it to one session, whose bus topic it then
//! follows. It may send only [`FromCustomer`] messages and, while its tab is the one shared,
//! DOM frames. Several tabs may be bound to one session; only the tab in front is shared.

mod chat;
mod clear_drawing;
mod consent;
mod control_report;
mod control_status;
mod dom;
pub use dom::check_envelope as check_dom_envelope;
mod hello;
mod leaving;
mod redeem;
mod redirect;
mod resume;
mod stop;
mod visible;
mod web_contact;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::stream::BoxStream;
use futures_util::{SinkExt, StreamExt};
use tandem_protocol::{FromCustomer, SessionState, ToAgent, ToCustomer, close};
use tokio_tungstenite::tungstenite::protocol::frame::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::{WebSocketConfig, frame::coding::CloseCode};
use tokio_tungstenite::tungstenite::{Error as WsError, Message};

use super::capped;
use super::upgrade::{CappedSocket, Upgrade};
use super::{CUSTOMER_MAX_FRAME, CUSTOMER_MAX_TEXT, CUSTOMER_UNSHARED_LIMIT, Close};
use crate::app::AppState;
use crate::bus::{Delivery, Envelope};
use crate::client_addr::ClientAddr;
use crate::session::{CustomerGuard, SessionError, Sessions};

/// What one customer connection (one page) knows.
pub struct Customer {
    sessions: Sessions,
    client: std::net::IpAddr,
    /// This page's identity among the customer's tabs.
    conn: u64,
    /// The session this page joined, with its last known state (kept current from the bus).
    bound: Option<(String, SessionState)>,
    /// Whether this page is the tab in front, the one shared.
    front: bool,
    topic: Option<BoxStream<'static, Delivery>>,
    _presence: Option<CustomerGuard>,
    /// Whether the bound session's agent holds the remote-control right (read on binding); with
    /// the company's switches it makes the grant sent along with `share`.
    agent_may_control: bool,
    /// Remote commands passed to this page and not yet reported on: a report must answer one
    /// of them, so a page cannot write made-up remote actions into the audit log.
    relayed: std::collections::VecDeque<u32>,
    /// This browser's visitor id (from `hello`) and its topic: offers, chat lines, contact end.
    visitor: Option<String>,
    visitor_topic: Option<BoxStream<'static, Delivery>>,
    /// The company's site settings topic: changes reach this page at once.
    site_topic: Option<BoxStream<'static, Delivery>>,
}

pub async fn upgrade(
    State(state): State<AppState>,
    client: ClientAddr,
    headers: HeaderMap,
    ws: Upgrade,
) -> Response {
    let origin = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !state.sessions.domains().allows_origin(origin) {
        tracing::info!(
            origin,
            "customer socket refused: origin outside the company's domains"
        );
        return (StatusCode::FORBIDDEN, "origin not allowed").into_response();
    }
    let Some(slot) = state.connections.open(client.limit_key()) else {
        return super::too_many_connections().into_response();
    };
    let moving = state.drain.reconnecting();
    let customer = Customer {
        sessions: state.sessions.clone(),
        client: client.ip,
        conn: crate::secret::conn_id(),
        bound: None,
        front: false,
        topic: None,
        _presence: None,
        agent_may_control: false,
        relayed: std::collections::VecDeque::new(),
        visitor: None,
        visitor_topic: None,
        site_topic: None,
    };
    let config = WebSocketConfig::default()
        .max_message_size(Some(CUSTOMER_MAX_FRAME))
        .max_frame_size(Some(CUSTOMER_MAX_FRAME))
        .read_buffer_size(super::READ_BUFFER);
    // Until the page is in a consented session, it may make the server read only small frames.
    ws.on_upgrade(config, customer.frame_limit(), move |socket| async move {
        let _slot = slot;
        let _gauge = customer
            .sessions
            .metrics()
            .socket_opened(crate::metrics::SocketRole::Customer);
        run(socket, customer, moving).await
    })
}

async fn run(
    mut socket: CappedSocket,
    mut customer: Customer,
    moving: impl std::future::Future<Output = ()>,
) {
    tokio::pin!(moving);
    customer.site_topic = customer
        .sessions
        .bus()
        .subscribe(crate::bus::topic::SITE)
        .await
        .ok();
    let settings = ToCustomer::Settings {
        settings: customer.sessions.site_settings(),
    };
    if send_json(&mut socket, &settings).await.is_err() {
        return;
    }
    let outcome: Result<(), Close> = loop {
        tokio::select! {
            () = &mut moving => {
                // DOM frames already on their way are still relayed: none is lost.
                if tell_to_move(&mut socket).await {
                    let _ = tokio::time::timeout(super::CLOSING_READ, async {
                        while let Some(Ok(frame)) = socket.next().await {
                            socket.get_mut().message_taken();
                            if matches!(frame, Message::Close(_)) || customer.handle(frame).await.is_err() {
                                return;
                            }
                        }
                    })
                    .await;
                }
                return;
            }
            frame = socket.next() => {
                let Some(frame) = frame else { break Ok(()) };
                let frame = match frame {
                    Ok(f) => f,
                    Err(e) => break Err(receive_error(e)),
                };
                socket.get_mut().message_taken();
                let replies = customer.handle(frame).await;
                socket.get_mut().set_limit(customer.frame_limit());
                let replies = match replies {
                    Ok(replies) => replies,
                    Err(close) => break Err(close),
                };
                for reply in replies {
                    if send_json(&mut socket, &reply).await.is_err() { return; }
                }
            }
            Some(delivery) = next(&mut customer.topic) => {
                let replies = customer.observe(delivery);
                socket.get_mut().set_limit(customer.frame_limit());
                for msg in replies {
                    if send_json(&mut socket, &msg).await.is_err() { return; }
                }
            }
            Some(Delivery::Message(Envelope::ToCustomer(msg @ ToCustomer::Settings { .. }))) = next(&mut customer.site_topic) => {
                if send_json(&mut socket, &msg).await.is_err() { return; }
            }
            Some(delivery) = next(&mut customer.visitor_topic) => {
                let replies = customer.observe_visitor(delivery).await;
                socket.get_mut().set_limit(customer.frame_limit());
                for msg in replies {
                    if send_json(&mut socket, &msg).await.is_err() { return; }
                }
            }
        }
    };
    if let Err(c) = outcome {
        let mut reason = c.reason;
        reason.truncate(120); // a close reason must fit in a control frame
        let frame = CloseFrame {
            code: CloseCode::from(c.code),
            reason: reason.into(),
        };
        let _ = socket.send(Message::Close(Some(frame))).await;
    }
}

/// Tells the page to reconnect (this node is shutting down); true if that was sent.
async fn tell_to_move(socket: &mut CappedSocket) -> bool {
    let close = super::reconnect_close();
    let frame = CloseFrame {
        code: CloseCode::from(close.code),
        reason: close.reason.into(),
    };
    socket.send(Message::Close(Some(frame))).await.is_ok()
}

async fn send_json(socket: &mut CappedSocket, msg: &ToCustomer) -> Result<(), WsError> {
    let text = serde_json::to_string(msg).expect("protocol messages always serialise");
    socket.send(Message::text(text)).await
}

/// Maps a receive error to a close: oversized frames, and frames over the limit of a page that
/// does not share, get their own code.
fn receive_error(e: WsError) -> Close {
    match e {
        WsError::Capacity(_) => Close::new(close::TOO_BIG, "frame too large"),
        WsError::Io(e) if capped::is_over_limit(&e) => Close::new(
            close::TOO_BIG,
            "frames over 64 KiB only while the page is shared",
        ),
        _ => Close::new(close::MALFORMED, "unreadable frame"),
    }
}

async fn next(topic: &mut Option<BoxStream<'static, Delivery>>) -> Option<Delivery> {
    match topic {
        Some(t) => t.next().await,
        None => std::future::pending().await,
    }
}

impl Customer {
    /// Parses a frame as a customer message and hands it to its handler; returns the replies.
    async fn handle(&mut self, frame: Message) -> Result<Vec<ToCustomer>, Close> {
        match frame {
            Message::Text(text) => {
                if text.len() > CUSTOMER_MAX_TEXT {
                    return Err(Close::new(close::TOO_BIG, "message too large"));
                }
                let msg: FromCustomer = serde_json::from_str(&text)
                    .map_err(|_| Close::new(close::MALFORMED, "not a customer message"))?;
                let reply = match msg {
                    FromCustomer::Redeem { code } => redeem::handle(self, &code).await,
                    FromCustomer::Resume { token } => resume::handle(self, &token).await,
                    FromCustomer::Consent {
                        accept,
                        language,
                        text,
                    } => consent::handle(self, accept, &language, &text).await,
                    FromCustomer::Stop {} => stop::handle(self).await,
                    FromCustomer::Leaving { url } => leaving::handle(self, &url),
                    FromCustomer::Visible { visible } => visible::handle(self, visible).await,
                    FromCustomer::RedirectAnswer { url, accepted } => {
                        redirect::handle(self, &url, accepted).await
                    }
                    FromCustomer::Hello { visitor, secret } => {
                        return hello::handle(self, visitor, secret).await;
                    }
                    FromCustomer::WebContact {
                        channel,
                        name,
                        detail,
                    } => web_contact::handle(self, &channel, &name, &detail).await,
                    FromCustomer::ChatSend { text } => chat::handle(self, &text).await,
                    FromCustomer::ControlReport {
                        seq,
                        performed,
                        action,
                        reason,
                    } => control_report::handle(self, seq, performed, &action, &reason).await,
                    FromCustomer::ControlStatus { status } => {
                        control_status::handle(self, status).await
                    }
                    FromCustomer::ClearDrawing {} => clear_drawing::handle(self).await,
                };
                Ok(reply.into_iter().collect())
            }
            Message::Binary(bytes) => dom::handle(self, bytes).await.map(|_| Vec::new()),
            Message::Close(_) | Message::Ping(_) | Message::Pong(_) | Message::Frame(_) => {
                Ok(Vec::new())
            }
        }
    }

    /// Joins a session: follows its topic and counts as one of the customer's pages.
    async fn bind(&mut self, session_id: &str, state: SessionState) -> Result<(), SessionError> {
        self.front = false;
        self._presence = None;
        self.topic = Some(self.sessions.bus().subscribe(session_id).await?);
        self._presence = Some(self.sessions.customer_joined(session_id));
        self.bound = Some((session_id.to_string(), state));
        self.agent_may_control = self
            .sessions
            .agent_has_control_right(session_id)
            .await
            .unwrap_or(false);
        Ok(())
    }

    /// Lets go of a session that is over (stopped, declined): the page may join a new one —
    /// a new code, or the agent's new request — without a reload.
    fn release_if_over(&mut self) {
        if self
            .bound
            .as_ref()
            .is_some_and(|(_, state)| state.is_final())
        {
            self.bound = None;
            self.topic = None;
            self._presence = None;
            self.front = false;
            self.agent_may_control = false;
            self.relayed.clear();
        }
    }

    /// Takes what the session's topic carries: state changes update this page's view of the
    /// session; which tab is in front decides whether this page shares; messages for the
    /// customer are passed on — those that act on the page only to the tab in front.
    fn observe(&mut self, delivery: Delivery) -> Vec<ToCustomer> {
        match delivery {
            Delivery::Message(Envelope::FrontTab(conn)) => {
                let was_front = self.front;
                self.front = conn == self.conn;
                match (was_front, self.front) {
                    (_, true) => {
                        let grant = self.sessions.grant(self.agent_may_control);
                        vec![
                            self.sessions.share_message(),
                            ToCustomer::Grant {
                                control: grant.control,
                                typing: grant.typing,
                            },
                        ]
                    }
                    (true, false) => vec![ToCustomer::Pause {}],
                    (false, false) => vec![],
                }
            }
            Delivery::Message(Envelope::ToCustomer(msg)) => match msg {
                ToCustomer::Ended { .. } => {
                    if let Some((_, state)) = &mut self.bound {
                        *state = SessionState::Ended;
                    }
                    self.front = false;
                    vec![msg]
                }
                ToCustomer::Scroll { .. }
                | ToCustomer::Navigate { .. }
                | ToCustomer::SnapshotRequest {}
                    if !self.front =>
                {
                    vec![]
                }
                // Pointing, drawing and remote commands act on the page: only the tab in front.
                ToCustomer::Pointer { .. }
                | ToCustomer::Point { .. }
                | ToCustomer::Control { .. }
                | ToCustomer::Stroke { .. }
                | ToCustomer::ClearDrawing {}
                    if !self.front =>
                {
                    vec![]
                }
                ToCustomer::Control {
                    seq,
                    target,
                    command,
                } => {
                    if self.relayed.len() >= MAX_RELAYED {
                        self.relayed.pop_front();
                    }
                    self.relayed.push_back(seq);
                    vec![ToCustomer::Control {
                        seq,
                        target,
                        command,
                    }]
                }
                other => vec![other],
            },
            Delivery::Message(Envelope::ToAgent(ToAgent::State { state, .. })) => {
                if let Some((_, s)) = &mut self.bound {
                    *s = state;
                }
                vec![]
            }
            _ => vec![],
        }
    }

    /// Takes what the visitor's topic carries: an agent's request to co-browse (this page joins
    /// that session and asks the customer), chat lines, the end of the contact.
    async fn observe_visitor(&mut self, delivery: Delivery) -> Vec<ToCustomer> {
        match delivery {
            Delivery::Message(Envelope::Offer {
                session_id,
                agent,
                token,
            }) => {
                if let Err(e) = self.bind(&session_id, SessionState::AwaitingConsent).await {
                    return internal(e).into_iter().collect();
                }
                vec![ToCustomer::ConsentRequest { agent, token }]
            }
            Delivery::Message(Envelope::Chat { line, .. }) => vec![ToCustomer::ChatLine {
                from: line.sender,
                text: line.text,
            }],
            Delivery::Message(Envelope::ContactEnded { .. }) => vec![ToCustomer::ContactEnded {}],
            _ => vec![],
        }
    }

    /// How many bytes this page may make the server read towards one message: a page in a
    /// session the customer consented to may send snapshots (up to [`CUSTOMER_MAX_FRAME`]); any
    /// other may send only control-sized messages.
    fn frame_limit(&self) -> Option<usize> {
        match &self.bound {
            Some((_, SessionState::Active | SessionState::Interrupted)) => None,
            _ => Some(CUSTOMER_UNSHARED_LIMIT),
        }
    }

    fn session_id(&self) -> Option<&str> {
        self.bound.as_ref().map(|(id, _)| id.as_str())
    }
}

/// Remote commands a page may have outstanding at once (commands wait while the customer is
/// asked to allow remote control).
const MAX_RELAYED: usize = 64;

fn wrong_state(message: &str) -> Option<ToCustomer> {
    Some(ToCustomer::Error {
        code: tandem_protocol::ErrorCode::WrongState,
        message: message.to_string(),
    })
}

fn internal(e: impl std::fmt::Display) -> Option<ToCustomer> {
    tracing::error!("customer request failed: {e}");
    Some(ToCustomer::Error {
        code: tandem_protocol::ErrorCode::Internal,
        message: "Something went wrong. Please try again.".into(),
    })
}
