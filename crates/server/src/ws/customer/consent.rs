//! `consent`: the customer's answer to "Accept co-browsing?". The session domain moves the
//! session and tells both sides through the bus; on Yes this page is the one shared. The
//! language and words the customer was shown go into the audit log with the answer.

use tandem_protocol::ToCustomer;

use super::{Customer, internal, wrong_state};
use crate::session::SessionError;

pub async fn handle(
    customer: &mut Customer,
    accept: bool,
    language: &str,
    text: &str,
) -> Option<ToCustomer> {
    let Some(id) = customer.session_id().map(str::to_string) else {
        return wrong_state("There is no co-browsing request to answer.");
    };
    let shown = crate::session::ConsentShown::new(language, text);
    match customer
        .sessions
        .consent(&id, accept, customer.conn, &shown)
        .await
    {
        Ok(_) => None,
        Err(SessionError::WrongState) => wrong_state("There is no co-browsing request to answer."),
        Err(e) => internal(e),
    }
}
