//! `web_contact`: the customer asked for a chat or a callback on the site. A contact is created
//! for the least busy agent, bound to this browser, so the agent can ask to co-browse directly.

use tandem_protocol::{ErrorCode, ToCustomer};

use super::{Customer, internal, wrong_state};
use crate::session::{NewWebContact, SessionError};

pub async fn handle(
    customer: &mut Customer,
    channel: &str,
    name: &str,
    detail: &str,
) -> Option<ToCustomer> {
    let Some(visitor) = customer.visitor.clone() else {
        return wrong_state("Say hello first.");
    };
    if !customer
        .sessions
        .web_contact_allowed(&visitor, customer.client)
    {
        return Some(ToCustomer::Error {
            code: ErrorCode::RateLimited,
            message: "Too many requests. Please try again later.".into(),
        });
    }
    match customer
        .sessions
        .web_contact(NewWebContact {
            visitor: &visitor,
            channel,
            name,
            detail,
        })
        .await
    {
        Ok(contact) => Some(ToCustomer::ContactOpened {
            contact: contact.id,
            channel: contact.channel,
        }),
        Err(SessionError::Invalid(message)) => Some(ToCustomer::Error {
            code: ErrorCode::WrongState,
            message,
        }),
        Err(e) => internal(e),
    }
}
