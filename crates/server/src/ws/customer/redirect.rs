//! `redirect_answer`: the customer's answer to "You are about to be redirected. OK?" for a
//! link the agent sent; the agent is told.

use tandem_protocol::ToCustomer;

use super::{Customer, internal, wrong_state};

pub async fn handle(customer: &mut Customer, url: &str, accepted: bool) -> Option<ToCustomer> {
    let Some(id) = customer.session_id().map(str::to_string) else {
        return wrong_state("There is no co-browsing on this page.");
    };
    let url = match crate::session::check_link(url) {
        Ok(u) => u,
        Err(message) => return wrong_state(&message),
    };
    match customer.sessions.store().session(&id).await {
        Ok(Some(session)) => customer
            .sessions
            .redirect_answered(&session, &url, accepted)
            .await
            .err()
            .and_then(internal),
        Ok(None) => wrong_state("There is no co-browsing on this page."),
        Err(e) => internal(e),
    }
}
