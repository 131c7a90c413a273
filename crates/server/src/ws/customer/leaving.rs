//! `leaving`: the page is about to leave the company's domains; remembered so the agent is
//! told where the customer went if they do not come back within the grace period.

use tandem_protocol::ToCustomer;

use super::{Customer, wrong_state};

pub fn handle(customer: &mut Customer, url: &str) -> Option<ToCustomer> {
    let Some(id) = customer.session_id() else {
        return wrong_state("There is no co-browsing on this page.");
    };
    if url.len() > crate::session::MAX_URL {
        return wrong_state("Address too long.");
    }
    customer.sessions.customer_leaving(id, url);
    None
}
