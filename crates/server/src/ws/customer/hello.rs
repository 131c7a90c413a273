//! `hello`: the page says which browser it is (the SDK's visitor id and the secret the server
//! issued for it, see session/visitors.rs). Only with the right secret does the page follow the
//! visitor's topic, so an agent can ask this customer directly (web contact, hand-over), chat
//! reaches them, and their browser is recorded as able to co-browse. A socket that names
//! someone else's id is told so and stays anonymous (codes still work).

use tandem_protocol::{ToCustomer, close};

use super::{Customer, internal};
use crate::bus::topic;
use crate::secret;
use crate::session::VisitorIdentity;
use crate::ws::Close;

pub async fn handle(
    customer: &mut Customer,
    visitor: String,
    secret: Option<String>,
) -> Result<Vec<ToCustomer>, Close> {
    if !secret::is_visitor_id(&visitor) {
        return Err(Close::new(close::MALFORMED, "not a visitor id"));
    }
    if customer.visitor.is_some() {
        return Ok(vec![]);
    }
    let sessions = customer.sessions.clone();
    let mut replies = Vec::new();
    match sessions.identify_visitor(&visitor, secret.as_deref()).await {
        Ok(VisitorIdentity::Known) => {}
        Ok(VisitorIdentity::Issued(secret)) => replies.push(ToCustomer::VisitorSecret { secret }),
        Ok(VisitorIdentity::Refused) => return Ok(vec![ToCustomer::VisitorRefused {}]),
        Err(e) => return Ok(internal(e).into_iter().collect()),
    }
    let stream = match sessions.bus().subscribe(&topic::visitor(&visitor)).await {
        Ok(s) => s,
        Err(e) => return Ok(internal(e).into_iter().collect()),
    };
    customer.visitor_topic = Some(stream);
    // Only a browser that runs the SDK says hello: it can co-browse.
    if let Ok(Some(_)) = sessions.store().visitor_unsupported(&visitor).await
        && let Err(e) = sessions.visitor_support(&visitor, None).await
    {
        return Ok(internal(e).into_iter().collect());
    }
    // Open web contacts of this visitor: tell the SDK so it keeps listening on later pages.
    let contacts = sessions
        .store()
        .open_contacts_of_visitor(&visitor)
        .await
        .unwrap_or_default();
    customer.visitor = Some(visitor);
    replies.extend(
        contacts
            .into_iter()
            .last()
            .map(|c| ToCustomer::ContactOpened {
                contact: c.id,
                channel: c.channel,
            }),
    );
    Ok(replies)
}
