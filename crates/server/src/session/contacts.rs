//! Contacts and their lifecycle as a contact centre drives it: created by an integration (or by
//! the customer on the site: a web chat or a callback request), parked, conferenced, transferred,
//! requeued, dropped. Co-browsing follows the contact: park, enquiry, alternate and conference
//! leave it alone; transfer and requeue hand it over (the receiving agent's start asks the
//! customer again, directly); drop ends it on both sides at once.

use tandem_protocol::{EndedBy, ToCustomer};

use super::{SessionError, Sessions};
use crate::bus::{Envelope, topic};
use crate::secret;
use crate::store::{Agent, ChatLine, Contact, Right};

/// Longest chat line, callback detail or customer name accepted from a customer.
const MAX_TEXT: usize = 2000;
const MAX_NAME: usize = 200;

/// An event of the contact centre on a contact (`POST /api/contacts/{id}/events`).
#[derive(Debug, Clone, PartialEq)]
pub enum ContactEvent {
    Park,
    Unpark,
    Enquiry,
    Alternate,
    Conference,
    /// To another agent, by username.
    Transfer(String),
    /// Back to the queue: the least busy agent gets it.
    Requeue,
    Drop,
}

impl ContactEvent {
    pub fn parse(kind: &str, to: Option<String>) -> Result<ContactEvent, String> {
        Ok(match kind {
            "park" => ContactEvent::Park,
            "unpark" => ContactEvent::Unpark,
            "enquiry" => ContactEvent::Enquiry,
            "alternate" => ContactEvent::Alternate,
            "conference" => ContactEvent::Conference,
            "transfer" => ContactEvent::Transfer(
                to.ok_or("a transfer needs `to`, the receiving agent's username")?,
            ),
            "requeue" => ContactEvent::Requeue,
            "drop" => ContactEvent::Drop,
            other => {
                return Err(format!(
                    "unknown event '{other}': park, unpark, enquiry, alternate, conference, transfer, requeue or drop"
                ));
            }
        })
    }

    fn name(&self) -> &'static str {
        match self {
            ContactEvent::Park => "park",
            ContactEvent::Unpark => "unpark",
            ContactEvent::Enquiry => "enquiry",
            ContactEvent::Alternate => "alternate",
            ContactEvent::Conference => "conference",
            ContactEvent::Transfer(_) => "transfer",
            ContactEvent::Requeue => "requeue",
            ContactEvent::Drop => "drop",
        }
    }

    /// The call phases this event may start from, and the phase it leads to; `None` for the
    /// events that do not change the phase (transfer, requeue and drop work in any phase).
    ///
    /// talking ─park→ parked ─unpark→ talking; talking ─enquiry→ enquiry ⇄alternate⇄ alternate;
    /// enquiry|alternate ─conference→ conference; unpark brings any of them back to talking.
    pub fn phase_change(&self) -> Option<(&'static [&'static str], &'static str)> {
        Some(match self {
            ContactEvent::Park => (&["talking"], "parked"),
            ContactEvent::Unpark => (&["parked", "enquiry", "alternate", "conference"], "talking"),
            ContactEvent::Enquiry => (&["talking"], "enquiry"),
            ContactEvent::Alternate => return None,
            ContactEvent::Conference => (&["enquiry", "alternate"], "conference"),
            ContactEvent::Transfer(_) | ContactEvent::Requeue | ContactEvent::Drop => return None,
        })
    }
}

/// Why an event does not fit the contact's phase, in words for the caller.
fn not_now(event: &ContactEvent, phase: &str) -> SessionError {
    let name = event.name();
    SessionError::NotNow(match phase {
        "parked" => format!("cannot {name}: the contact is parked (unpark it first)"),
        "talking" => format!("cannot {name}: the contact is neither parked nor in an enquiry"),
        other => format!("cannot {name}: the contact is in {other}"),
    })
}

/// A contact the customer starts on the site.
pub struct NewWebContact<'a> {
    pub visitor: &'a str,
    pub channel: &'a str,
    pub name: &'a str,
    pub detail: &'a str,
}

impl Sessions {
    /// A contact created by an integration (or the console), assigned to `agent`. `visitor`
    /// binds it to the SDK's visitor id when the integration knows it.
    pub async fn create_contact(
        &self,
        agent: &Agent,
        channel: &str,
        customer: &str,
        visitor: Option<String>,
    ) -> Result<Contact, SessionError> {
        let contact = Contact {
            id: secret::id(),
            channel: channel.to_string(),
            customer: customer.to_string(),
            agent_id: agent.id.clone(),
            created_at: self.now(),
            visitor_id: visitor,
            state: "open".into(),
            handed_over: false,
            phase: "talking".into(),
        };
        self.store.add_contact(&contact).await?;
        self.audit(
            &agent.username,
            "contact_created",
            None,
            Some(&contact.id),
            &contact.channel,
        )
        .await;
        // The agent's consoles list it at once, whoever created it (console or integration).
        self.bus
            .publish(
                &topic::agent(&agent.id),
                Envelope::ContactChanged {
                    contact_id: contact.id.clone(),
                },
            )
            .await?;
        Ok(contact)
    }

    /// The customer asked for a chat or a callback on the site: a contact for the least busy
    /// agent, who sees it at once.
    pub async fn web_contact(&self, new: NewWebContact<'_>) -> Result<Contact, SessionError> {
        let name = new.name.trim();
        let detail = new.detail.trim();
        if !matches!(new.channel, "chat" | "callback") {
            return Err(SessionError::Invalid(
                "channel must be chat or callback".into(),
            ));
        }
        if name.is_empty()
            || name.chars().count() > MAX_NAME
            || detail.is_empty()
            || detail.chars().count() > MAX_TEXT
        {
            return Err(SessionError::Invalid(
                "Please fill in your name and your message or phone number.".into(),
            ));
        }
        let agent = self
            .store
            .least_busy_agent()
            .await?
            .ok_or_else(|| SessionError::Invalid("No agent is available right now.".into()))?;
        let contact = Contact {
            id: secret::id(),
            channel: new.channel.to_string(),
            customer: name.to_string(),
            agent_id: agent.id.clone(),
            created_at: self.now(),
            visitor_id: Some(new.visitor.to_string()),
            state: "open".into(),
            handed_over: false,
            phase: "talking".into(),
        };
        self.store.add_contact(&contact).await?;
        self.audit(
            "customer",
            "contact_created",
            None,
            Some(&contact.id),
            &contact.channel,
        )
        .await;
        let line = if contact.channel == "chat" {
            detail.to_string()
        } else {
            format!("Please call me back on {detail}")
        };
        let first = ChatLine {
            at: self.now(),
            sender: "customer".into(),
            text: line,
            agent: None,
            agent_name: None,
        };
        self.store.add_chat(&contact.id, &first).await?;
        self.bus
            .publish(
                &topic::agent(&agent.id),
                Envelope::ContactChanged {
                    contact_id: contact.id.clone(),
                },
            )
            .await?;
        Ok(contact)
    }

    /// A chat line from the customer (`agent` None) or from an agent.
    pub async fn chat(
        &self,
        contact: &Contact,
        agent: Option<&Agent>,
        text: &str,
    ) -> Result<(), SessionError> {
        let text = text.trim();
        if text.is_empty() || text.chars().count() > MAX_TEXT {
            return Err(SessionError::Invalid(format!(
                "A message must be 1 to {MAX_TEXT} characters."
            )));
        }
        if !contact.is_open() {
            return Err(SessionError::ContactEnded);
        }
        let line = ChatLine {
            at: self.now(),
            sender: if agent.is_some() { "agent" } else { "customer" }.into(),
            text: text.to_string(),
            agent: agent.map(|a| a.username.clone()),
            agent_name: agent.map(|a| a.name().to_string()),
        };
        self.store.add_chat(&contact.id, &line).await?;
        let line = Envelope::Chat {
            contact_id: contact.id.clone(),
            line,
        };
        if let Some(visitor) = &contact.visitor_id {
            self.bus
                .publish(&topic::visitor(visitor), line.clone())
                .await?;
        }
        self.bus
            .publish(&topic::agent(&contact.agent_id), line)
            .await?;
        Ok(())
    }

    /// A contact-centre event on a contact owned by `agent`.
    pub async fn contact_event(
        &self,
        agent: &Agent,
        contact: &Contact,
        event: ContactEvent,
    ) -> Result<(), SessionError> {
        if !contact.is_open() {
            return Err(SessionError::ContactEnded);
        }
        let live = self
            .store
            .latest_session_of_contact(&contact.id)
            .await?
            .filter(|s| !s.state.is_final());
        let detail = match &event {
            ContactEvent::Transfer(to) => format!("to {to}"),
            _ => String::new(),
        };
        match &event {
            ContactEvent::Alternate => {
                let flip = if contact.phase == "alternate" {
                    "enquiry"
                } else {
                    "alternate"
                };
                if !self
                    .store
                    .set_contact_phase(&contact.id, &["enquiry", "alternate"], flip)
                    .await?
                {
                    return Err(not_now(&event, &contact.phase));
                }
            }
            ContactEvent::Park
            | ContactEvent::Unpark
            | ContactEvent::Enquiry
            | ContactEvent::Conference => {
                let (from, to) = event.phase_change().expect("these events change the phase");
                if !self.store.set_contact_phase(&contact.id, from, to).await? {
                    return Err(not_now(&event, &contact.phase));
                }
            }
            ContactEvent::Transfer(_) | ContactEvent::Requeue => {
                let receiver =
                    match &event {
                        ContactEvent::Transfer(to) => self
                            .store
                            .agent_by_username(to)
                            .await?
                            .filter(|a| a.has(Right::Cobrowse))
                            .ok_or_else(|| {
                                SessionError::NotNow(format!(
                                    "'{to}' is not an agent who may co-browse"
                                ))
                            })?,
                        _ => self.store.least_busy_agent().await?.ok_or_else(|| {
                            SessionError::Invalid("no agent to requeue to".into())
                        })?,
                    };
                self.store
                    .hand_over_contact(&contact.id, &receiver.id)
                    .await?;
                if let Some(session) = &live {
                    let why = format!("handed over to {}", receiver.username);
                    self.end_telling(
                        &session.id,
                        EndedBy::System,
                        &why,
                        ToCustomer::HandedOver {},
                    )
                    .await
                    .ok();
                }
                self.bus
                    .publish(
                        &topic::agent(&receiver.id),
                        Envelope::ContactChanged {
                            contact_id: contact.id.clone(),
                        },
                    )
                    .await?;
            }
            ContactEvent::Drop => {
                self.store.end_contact(&contact.id).await?;
                if let Some(session) = &live {
                    self.end(&session.id, EndedBy::System, "the contact was dropped")
                        .await
                        .ok();
                }
                if let Some(visitor) = &contact.visitor_id {
                    self.bus
                        .publish(
                            &topic::visitor(visitor),
                            Envelope::ContactEnded {
                                contact_id: contact.id.clone(),
                            },
                        )
                        .await?;
                }
            }
        }
        self.audit(
            &agent.username,
            &format!("contact_{}", event.name()),
            live.as_ref().map(|s| s.id.as_str()),
            Some(&contact.id),
            &detail,
        )
        .await;
        self.bus
            .publish(
                &topic::agent(&contact.agent_id),
                Envelope::ContactChanged {
                    contact_id: contact.id.clone(),
                },
            )
            .await?;
        Ok(())
    }

    /// The SDK found this visitor's browser too old to co-browse (`why`), or fine (`None`);
    /// the agents of the visitor's open contacts are told.
    pub async fn visitor_support(
        &self,
        visitor: &str,
        unsupported: Option<&str>,
    ) -> Result<(), SessionError> {
        self.store
            .set_visitor_support(visitor, unsupported, self.now())
            .await?;
        for contact in self.store.open_contacts_of_visitor(visitor).await? {
            self.bus
                .publish(
                    &topic::agent(&contact.agent_id),
                    Envelope::ContactChanged {
                        contact_id: contact.id,
                    },
                )
                .await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_parse_and_a_transfer_needs_a_receiver() {
        assert_eq!(
            ContactEvent::parse("park", None).unwrap(),
            ContactEvent::Park
        );
        assert_eq!(
            ContactEvent::parse("transfer", Some("bo".into())).unwrap(),
            ContactEvent::Transfer("bo".into())
        );
        assert!(ContactEvent::parse("transfer", None).is_err());
        assert!(ContactEvent::parse("explode", None).is_err());
    }

    #[test]
    fn unpark_only_from_a_held_phase_and_conference_only_from_an_enquiry() {
        let (from, to) = ContactEvent::Park.phase_change().unwrap();
        assert_eq!((from, to), (&["talking"][..], "parked"));
        assert!(
            !ContactEvent::Unpark
                .phase_change()
                .unwrap()
                .0
                .contains(&"talking")
        );
        assert!(
            !ContactEvent::Conference
                .phase_change()
                .unwrap()
                .0
                .contains(&"talking")
        );
        assert!(ContactEvent::Drop.phase_change().is_none());
    }
}
