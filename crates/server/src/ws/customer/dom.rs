//! A binary frame: DOM operations from the customer's capture. Relayed to the agent unread,
//! and only from the tab in front while the session is shared; any other frame is dropped
//! (never forwarded).

use bytes::Bytes;
use tandem_protocol::SessionState;

use super::Customer;
use crate::bus::{Envelope, topic};
use crate::ws::Close;

pub async fn handle(customer: &mut Customer, frame: Bytes) -> Result<(), Close> {
    let (Some((id, SessionState::Active)), true) = (&customer.bound, customer.front) else {
        tracing::debug!("dom frame outside an active session dropped");
        return Ok(());
    };
    if let Err(e) = customer.sessions.bus().publish(&topic::dom(id), Envelope::Dom(frame)).await {
        return Err(Close::new(1011, e.to_string()));
    }
    Ok(())
}
