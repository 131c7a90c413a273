//! `stop`: the customer pressed "Stop co-browsing". The session ends for good; both sides
//! learn it through the bus.

use tandem_protocol::{EndedBy, ToCustomer};

use super::{Customer, internal, wrong_state};
use crate::session::SessionError;

pub async fn handle(customer: &mut Customer) -> Option<ToCustomer> {
    let Some(id) = customer.session_id().map(str::to_string) else {
        return wrong_state("There is no co-browsing to stop.");
    };
    match customer
        .sessions
        .end(&id, EndedBy::Customer, "stopped by the customer")
        .await
    {
        Ok(_) => None,
        Err(SessionError::WrongState) => wrong_state("Co-browsing has already ended."),
        Err(e) => internal(e),
    }
}
