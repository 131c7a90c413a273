//! `visible`: this tab came to the front (or went to the back). The tab that comes to the front
//! of a shared session becomes the one shared; going to the back changes nothing, so the agent
//! keeps the last page the customer looked at.

use tandem_protocol::{SessionState, ToCustomer};

use super::{Customer, internal};

pub async fn handle(customer: &mut Customer, visible: bool) -> Option<ToCustomer> {
    let (id, state) = customer.bound.clone()?;
    if !visible
        || customer.front
        || !matches!(state, SessionState::Active | SessionState::Interrupted)
    {
        return None;
    }
    customer
        .sessions
        .bring_to_front(&id, customer.conn)
        .await
        .err()
        .and_then(internal)
}
