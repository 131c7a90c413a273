//! `control_status`: the customer was asked about remote control, allowed or denied it, or
//! took control back. Audited and passed on to the agent.

use tandem_protocol::{ControlStatus, ToCustomer};

use super::{Customer, internal};

pub async fn handle(customer: &mut Customer, status: ControlStatus) -> Option<ToCustomer> {
    let session = match customer.shared_session().await {
        Ok(s) => s,
        Err(reply) => return reply,
    };
    customer
        .sessions
        .control_status(&session, status)
        .await
        .err()
        .and_then(internal)
}
