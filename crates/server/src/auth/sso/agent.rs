//! From a person the OpenID Provider vouched for to a Tandem agent. The person is known by the
//! provider's issuer and their subject identifier (never by a name, which a provider may let
//! people change): the first sign-in creates their agent (username from `preferred_username`,
//! else `email`, else the subject; display name from `name`), later ones find it. Rights come
//! from the provider at every sign-in: a right taken away there is taken away here, and the
//! agent's open sockets and event streams check their access again at once (session/access.rs).
//! A person with no Tandem right is refused; a username already held by another agent is never
//! taken over.

use crate::auth::hash_password;
use crate::secret;
use crate::session::Sessions;
use crate::store::{Agent, MAX_USERNAME, Right, StoreError};

use super::provider::Identity;
use super::rights::RightsMapping;

/// Why a person the provider vouched for may not sign in (each is a code the console explains).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// None of their claims gives a Tandem right.
    NoRights,
    /// Their username belongs to another agent (a local one, or another person's).
    NameTaken,
    /// No claim gives a usable username.
    NoName,
}

impl Refusal {
    pub fn code(self) -> &'static str {
        match self {
            Refusal::NoRights => "no_rights",
            Refusal::NameTaken => "name_taken",
            Refusal::NoName => "no_name",
        }
    }
}

pub enum Outcome {
    SignedIn(Agent),
    Refused(Refusal),
}

/// A username from the claims: the first of `preferred_username`, `email`, subject that is 1 to
/// 64 characters without spaces or control characters.
fn username(identity: &Identity) -> Option<String> {
    [
        identity.preferred_username.as_deref(),
        identity.email.as_deref(),
        Some(identity.subject.as_str()),
    ]
    .into_iter()
    .flatten()
    .map(str::trim)
    .find(|n| {
        !n.is_empty()
            && n.chars().count() <= MAX_USERNAME
            && !n.chars().any(|c| c.is_whitespace() || c.is_control())
    })
    .map(str::to_string)
}

/// A display name from the `name` claim: cut to 80 characters, control characters dropped.
fn display_name(identity: &Identity) -> String {
    let name: String = identity
        .name
        .as_deref()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control())
        .take(80)
        .collect();
    Agent::check_display_name(&name).unwrap_or_default()
}

/// Signs this person in as their agent (created on first sign-in), with the rights their claims
/// give now. `Err` only for a store failure.
pub async fn sign_in(
    sessions: &Sessions,
    mapping: &RightsMapping,
    identity: &Identity,
) -> Result<Outcome, StoreError> {
    let store = sessions.store();
    let rights = mapping.rights(&identity.claims);
    if let Some(agent) = store
        .agent_by_identity(&identity.issuer, &identity.subject)
        .await?
    {
        if agent.rights != rights {
            store.set_agent_rights(&agent.username, &rights).await?;
            sessions
                .audit(
                    "sso",
                    "rights_changed",
                    None,
                    None,
                    &format!(
                        "{}: {} (from the identity provider)",
                        agent.username,
                        names(&rights)
                    ),
                )
                .await;
            // A lost right ends what needed it, on every node, now.
            sessions.access_changed(&agent.id).await;
        }
        if rights.is_empty() {
            return Ok(Outcome::Refused(Refusal::NoRights));
        }
        return Ok(Outcome::SignedIn(Agent { rights, ..agent }));
    }
    if rights.is_empty() {
        return Ok(Outcome::Refused(Refusal::NoRights));
    }
    let Some(username) = username(identity) else {
        return Ok(Outcome::Refused(Refusal::NoName));
    };
    // Nobody knows this password: the agent signs in through the provider (an admin may still
    // give them one with `tandem agent add`). A real hash keeps password sign-in timing even;
    // it is made once per agent, so it is made here, inline.
    let password_hash = hash_password(&secret::token());
    let agent = Agent {
        id: secret::id(),
        username: username.clone(),
        password_hash,
        rights,
        display_name: display_name(identity),
    };
    match store
        .add_agent_with_identity(&agent, &identity.issuer, &identity.subject, sessions.now())
        .await
    {
        Ok(()) => {}
        Err(StoreError::Conflict) => return Ok(Outcome::Refused(Refusal::NameTaken)),
        Err(e) => return Err(e),
    }
    sessions
        .audit(
            "sso",
            "agent_added",
            None,
            None,
            &format!(
                "{username}: {} (first sign-in with the identity provider)",
                names(&agent.rights)
            ),
        )
        .await;
    Ok(Outcome::SignedIn(agent))
}

fn names(rights: &[Right]) -> String {
    if rights.is_empty() {
        return "no rights".into();
    }
    rights
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identity(preferred: Option<&str>, email: Option<&str>, sub: &str) -> Identity {
        Identity {
            issuer: "https://idp.example".into(),
            subject: sub.into(),
            preferred_username: preferred.map(str::to_string),
            email: email.map(str::to_string),
            name: Some("Ann\u{7}  Lee".into()),
            claims: Default::default(),
        }
    }

    #[test]
    fn the_username_is_the_first_usable_claim() {
        assert_eq!(
            username(&identity(Some("ann"), Some("a@x.org"), "s1")).as_deref(),
            Some("ann")
        );
        assert_eq!(
            username(&identity(Some("Ann Lee"), Some("a@x.org"), "s1")).as_deref(),
            Some("a@x.org")
        );
        let long = "x".repeat(65);
        assert_eq!(
            username(&identity(Some(&long), None, "s1")).as_deref(),
            Some("s1")
        );
        assert_eq!(username(&identity(None, None, " ")), None);
        assert_eq!(display_name(&identity(None, None, "s")), "Ann  Lee");
    }
}
