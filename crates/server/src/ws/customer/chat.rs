//! `chat_send`: a chat line from the customer on their open web chat.

use tandem_protocol::{ErrorCode, ToCustomer};

use super::{Customer, internal, wrong_state};
use crate::session::SessionError;

pub async fn handle(customer: &mut Customer, text: &str) -> Option<ToCustomer> {
    let Some(visitor) = customer.visitor.clone() else {
        return wrong_state("There is no chat on this page.");
    };
    let contacts = match customer
        .sessions
        .store()
        .open_contacts_of_visitor(&visitor)
        .await
    {
        Ok(c) => c,
        Err(e) => return internal(e),
    };
    let Some(contact) = contacts.into_iter().rev().find(|c| c.channel == "chat") else {
        return wrong_state("There is no open chat.");
    };
    match customer.sessions.chat(&contact, None, text).await {
        Ok(()) => None,
        Err(SessionError::Invalid(message)) => Some(ToCustomer::Error {
            code: ErrorCode::WrongState,
            message,
        }),
        Err(e) => internal(e),
    }
}
