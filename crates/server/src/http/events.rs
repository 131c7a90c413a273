//! `GET /api/events`: a Server-Sent Events stream that tells the signed-in agent's console when
//! one of their contacts changes (new web contact, hand-over, chat line, browser support), so
//! the contact list and chats are live without polling. A draining node ends its streams with a
//! short retry hint, so consoles reconnect to another node at once.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::{Stream, StreamExt};

use super::{ApiError, ErrorBody};
use crate::app::AppState;
use crate::auth::{SignedIn, token_from_headers};
use crate::bus::{Delivery, Envelope, topic};

#[utoipa::path(get, path = "/api/events", tag = "contacts", responses((status = 200, description = "Server-sent events for the console: contacts and sessions as they change; the stream ends when the sign-in ends", content_type = "text/event-stream", body = String), (status = 401, description = "Not signed in", body = ErrorBody), (status = 429, description = "Too many open streams for this agent or address; `Retry-After` says when to try again", body = ErrorBody, headers(("Retry-After" = u64, description = "Seconds to wait")))), security(("bearer" = []), ("cookie" = [])))]
pub async fn stream(
    State(state): State<AppState>,
    SignedIn(agent): SignedIn,
    headers: HeaderMap,
    client: crate::client_addr::ClientAddr,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    // The stream ends when the sign-in it was opened with ends (sign-out, password change).
    let token = token_from_headers(&headers).ok_or(ApiError::Unauthorized)?;
    // The stream holds its places (per address, per agent) for as long as it is open.
    let slots = (
        state
            .connections
            .open(client.limit_key())
            .ok_or_else(crate::ws::too_many_connections)?,
        state
            .connections
            .open_stream(&agent.id)
            .ok_or_else(crate::ws::too_many_connections)?,
    );
    let mut access = state.sessions.access_check(&agent, &token, false);
    // It also ends when this node drains: the console reconnects, through the balancer, elsewhere.
    let moving = state.drain.reconnecting();
    let ended = Box::pin(async move {
        tokio::select! {
            () = access.ended() => {}
            () = moving => {}
        }
    });
    let drain = state.drain.clone();
    let farewell = futures_util::stream::once(async move {
        drain.is_reconnecting().then(|| {
            Ok(Event::default()
                .retry(Duration::from_millis(100))
                .comment("this server is restarting: reconnect"))
        })
    })
    .filter_map(|e| async move { e });
    let deliveries = state
        .sessions
        .bus()
        .subscribe(&topic::agent(&agent.id))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let metrics = state.sessions.metrics().clone();
    let gauge = metrics.socket_opened(crate::metrics::SocketRole::Events);
    let events = deliveries.filter_map(move |d| {
        let metrics = metrics.clone();
        async move {
        let event = match d {
            Delivery::Message(Envelope::ContactChanged { contact_id }) => Event::default().event("contact").data(contact_id),
            Delivery::Message(Envelope::Chat { contact_id, line }) => Event::default()
                .event("chat")
                .json_data(serde_json::json!({ "contact": contact_id, "from": line.sender, "text": line.text, "agent": line.agent, "agent_name": line.agent_name }))
                .ok()?,
            // Something was missed: the console reloads everything.
            Delivery::Lagged => {
                metrics.lagged("events");
                Event::default().event("contact").data("*")
            }
            _ => return None,
        };
        Some(Ok(event))
        }
    });
    let events = events.map(move |e| {
        let _held = (&slots, &gauge);
        e
    });
    Ok(Sse::new(events.take_until(ended).chain(farewell))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(20))))
}
