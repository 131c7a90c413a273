//! A binary frame: DOM operations from the customer's capture. Relayed to the agent unread,
//! and only from the tab in front while the session is shared; any other frame of a page in a
//! session is dropped (never forwarded: a tab may still be sending as it is paused). A page in
//! no session has no reason to send one: its socket is closed, so nothing it sent stays
//! buffered (the socket's read buffer keeps the size of the largest frame it read).

use bytes::Bytes;
use tandem_protocol::{SessionState, close};

use super::Customer;
use crate::bus::{Envelope, topic};
use crate::ws::Close;

pub async fn handle(customer: &mut Customer, frame: Bytes) -> Result<(), Close> {
    if customer.bound.is_none() {
        return Err(Close::new(
            close::FORBIDDEN,
            "DOM frames only while sharing",
        ));
    }
    let (Some((id, SessionState::Active)), true) = (&customer.bound, customer.front) else {
        tracing::debug!("dom frame outside an active session dropped");
        return Ok(());
    };
    let bytes = frame.len();
    if let Err(e) = customer
        .sessions
        .bus()
        .publish(&topic::dom(id), Envelope::Dom(frame))
        .await
    {
        return Err(Close::new(1011, e.to_string()));
    }
    customer.sessions.metrics().dom_from_customer(bytes);
    Ok(())
}
