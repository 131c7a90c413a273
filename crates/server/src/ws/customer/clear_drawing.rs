//! `clear_drawing`: the customer cleared the agent's drawing; the agent's view clears too.

use tandem_protocol::{ToAgent, ToCustomer};

use super::{Customer, internal};
use crate::bus::Envelope;

pub async fn handle(customer: &mut Customer) -> Option<ToCustomer> {
    let session = match customer.shared_session().await {
        Ok(s) => s,
        Err(reply) => return reply,
    };
    customer
        .sessions
        .bus()
        .publish(&session.id, Envelope::ToAgent(ToAgent::DrawingCleared {}))
        .await
        .err()
        .and_then(internal)
}
