//! `resume`: a new page of the site loaded in a tab that holds a session's resume token
//! (navigation, reload, coming back from outside the company's domains). A shared or
//! interrupted session carries on with this page in front, without asking again; a pending
//! consent is asked again; an ended one tells the SDK to forget its token.

use tandem_protocol::{EndedBy, SessionState, ToCustomer};

use super::{Customer, internal, wrong_state};
use crate::session::SessionError;

pub async fn handle(customer: &mut Customer, token: &str) -> Option<ToCustomer> {
    customer.release_if_over();
    if customer.bound.is_some() {
        return wrong_state("This page is already co-browsing.");
    }
    let (session, agent) = match customer.sessions.resume(token).await {
        Ok(found) => found,
        Err(SessionError::NotFound) => {
            return Some(ToCustomer::Ended {
                by: EndedBy::System,
            });
        }
        Err(e) => return internal(e),
    };
    match session.state {
        SessionState::AwaitingConsent => {
            if let Err(e) = customer.bind(&session.id, session.state).await {
                return internal(e);
            }
            Some(ToCustomer::ConsentRequest {
                agent,
                token: token.to_string(),
            })
        }
        SessionState::Active | SessionState::Interrupted => {
            if let Err(e) = customer.bind(&session.id, session.state).await {
                return internal(e);
            }
            // Share arrives through the topic, as for any tab coming to the front.
            customer
                .sessions
                .bring_to_front(&session.id, customer.conn)
                .await
                .err()
                .and_then(internal)
        }
        _ => Some(ToCustomer::Ended {
            by: session.ended_by.unwrap_or(EndedBy::System),
        }),
    }
}
