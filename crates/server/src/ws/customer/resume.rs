//! `resume`: a new page of the site loaded in a tab that holds a session's resume token
//! (navigation or reload). A live session carries on without asking again; a pending consent
//! is asked again; an ended one tells the SDK to forget its token.

use tandem_protocol::{EndedBy, SessionState, ToCustomer};

use super::{Customer, Step, internal, wrong_state};
use crate::session::SessionError;

pub async fn handle(customer: &mut Customer, token: &str) -> Step {
    if customer.bound.is_some() {
        return wrong_state("This page is already co-browsing.");
    }
    let (session, agent) = match customer.sessions.resume(token).await {
        Ok(found) => found,
        Err(SessionError::NotFound) => return Step::reply(ToCustomer::Ended { by: EndedBy::System }),
        Err(e) => return internal(e),
    };
    let reply = match session.state {
        SessionState::AwaitingConsent => ToCustomer::ConsentRequest { agent, token: token.to_string() },
        SessionState::Active | SessionState::Interrupted => ToCustomer::Share {},
        _ => return Step::reply(ToCustomer::Ended { by: session.ended_by.unwrap_or(EndedBy::System) }),
    };
    Step { replies: vec![reply], bind: Some((session.id, session.state)) }
}
