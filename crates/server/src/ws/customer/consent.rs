//! `consent`: the customer's answer to "Accept co-browsing?". The session domain moves the
//! session and tells both sides through the bus (Share or Ended for the customer).

use super::{Customer, Step, internal, wrong_state};
use crate::session::SessionError;

pub async fn handle(customer: &mut Customer, accept: bool) -> Step {
    let Some(id) = customer.session_id().map(str::to_string) else {
        return wrong_state("There is no co-browsing request to answer.");
    };
    match customer.sessions.consent(&id, accept).await {
        Ok(_) => Step::default(),
        Err(SessionError::WrongState) => wrong_state("There is no co-browsing request to answer."),
        Err(e) => internal(e),
    }
}
