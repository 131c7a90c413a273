//! Pointing and remote control (ARCHITECTURE.md §4.3): what a session's agent may do on the
//! customer's page, and the audit trail of what they did.
//!
//! Two independent checks guard every remote command. Here, before anything is relayed: the
//! session must be shared, the agent must hold the `remote-control` right (read afresh, so a
//! right taken away mid-session counts at once) and the company's switches must be on. Then
//! the customer's SDK checks the site's own policy (no-control zones, password, masked and
//! non-editable fields) and reports back; both the server's refusals and the SDK's reports are
//! written to the audit log, so each remote action leaves one event.

use tandem_protocol::{
    Command, ControlStatus, ErrorCode, KEYS, SessionState, Target, ToAgent, ToCustomer,
};

use super::{SessionError, Sessions};
use crate::bus::Envelope;
use crate::store::{Right, Session};

/// Longest text one `type` command may carry; the console sends typing in small batches.
pub const MAX_TYPED: usize = 1000;
/// Most points one drawing stroke may carry (x, y pairs count two).
pub const MAX_STROKE: usize = 4000;
/// Longest `action`/`reason` kept from a customer's report.
const MAX_REPORT: usize = 200;

/// Why the server refused a remote command; `message` is for the agent.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    pub code: ErrorCode,
    pub message: &'static str,
}

impl Refusal {
    fn new(code: ErrorCode, message: &'static str) -> Refusal {
        Refusal { code, message }
    }
}

/// What a session's agent may do remotely, before the site's own policy is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grant {
    pub control: bool,
    pub typing: bool,
}

/// Checks a command's own shape: finite coordinates, a known key, bounded text.
pub fn check_command(target: &Target, command: &Command) -> Result<(), &'static str> {
    if !(target.x.is_finite() && target.y.is_finite()) || target.tag.len() > 64 {
        return Err("The target is out of range.");
    }
    match command {
        Command::Type { text } if text.is_empty() || text.chars().count() > MAX_TYPED => {
            Err("Typed text must be 1 to 1000 characters.")
        }
        Command::Key { key } if !KEYS.contains(&key.as_str()) => Err("That key cannot be sent."),
        Command::Wheel { dx, dy }
            if !(dx.is_finite()
                && dy.is_finite()
                && dx.abs() <= 10_000.0
                && dy.abs() <= 10_000.0) =>
        {
            Err("Wheel distance out of range.")
        }
        _ => Ok(()),
    }
}

/// A stroke's points must be finite pairs, and not too many.
pub fn check_stroke(points: &[f64]) -> Result<(), &'static str> {
    if points.len() < 2
        || !points.len().is_multiple_of(2)
        || points.len() > MAX_STROKE
        || !points.iter().all(|p| p.is_finite())
    {
        return Err("A stroke is 1 to 2000 finite x, y pairs.");
    }
    Ok(())
}

fn clip(s: &str) -> String {
    s.chars().take(MAX_REPORT).collect()
}

impl Sessions {
    /// The grant for a session whose agent does (or does not) hold the remote-control right:
    /// the company's switches AND the right.
    pub fn grant(&self, has_right: bool) -> Grant {
        let site = self.site_settings();
        let control = has_right && site.remote_control;
        Grant {
            control,
            typing: control && site.typing,
        }
    }

    /// Whether the agent of `session_id` holds the remote-control right now.
    pub async fn agent_has_control_right(&self, session_id: &str) -> Result<bool, SessionError> {
        let session = self
            .store
            .session(session_id)
            .await?
            .ok_or(SessionError::NotFound)?;
        Ok(self
            .store
            .agent_by_id(&session.agent_id)
            .await?
            .is_some_and(|a| a.has(Right::RemoteControl)))
    }

    /// Checks an agent's command and relays it to the customer's tab in front. A refusal is
    /// audited and returned for the agent.
    pub async fn control(
        &self,
        session_id: &str,
        seq: u32,
        target: Target,
        command: Command,
    ) -> Result<(), Refusal> {
        let what = command.name();
        let session = match self.store.session(session_id).await {
            Ok(Some(s)) => s,
            Ok(None) => return Err(Refusal::new(ErrorCode::WrongState, "The session is gone.")),
            Err(e) => {
                tracing::error!("control: {e}");
                return Err(Refusal::new(
                    ErrorCode::Internal,
                    "The command could not be sent.",
                ));
            }
        };
        let agent = self
            .store
            .agent_by_id(&session.agent_id)
            .await
            .ok()
            .flatten();
        let actor = agent
            .as_ref()
            .map(|a| a.username.clone())
            .unwrap_or_else(|| "agent".into());
        let refused = if session.state != SessionState::Active {
            Some(Refusal::new(
                ErrorCode::WrongState,
                "Remote control works only while the customer shares their page.",
            ))
        } else if !agent.as_ref().is_some_and(|a| a.has(Right::RemoteControl)) {
            Some(Refusal::new(
                ErrorCode::NotAllowed,
                "You do not have the remote-control right.",
            ))
        } else if !self.site_settings().remote_control {
            Some(Refusal::new(
                ErrorCode::NotAllowed,
                "Remote control is turned off for this company.",
            ))
        } else if command.is_typing() && !self.site_settings().typing {
            Some(Refusal::new(
                ErrorCode::NotAllowed,
                "Typing on the customer's page is turned off for this company.",
            ))
        } else {
            check_command(&target, &command)
                .err()
                .map(|m| Refusal::new(ErrorCode::BadCommand, m))
        };
        if let Some(refusal) = refused {
            let detail = format!("{what} refused by the server: {}", refusal.message);
            self.audit(
                &actor,
                "control_refused",
                Some(session_id),
                Some(&session.contact_id),
                &detail,
            )
            .await;
            return Err(refusal);
        }
        let msg = ToCustomer::Control {
            seq,
            target,
            command,
        };
        self.bus
            .publish(session_id, Envelope::ToCustomer(msg))
            .await
            .map_err(|e| {
                tracing::warn!("control not relayed: {e}");
                Refusal::new(ErrorCode::Internal, "The command could not be sent.")
            })
    }

    /// The customer's SDK performed or refused a command: audit it and tell the agent.
    pub async fn control_reported(
        &self,
        session: &Session,
        seq: u32,
        performed: bool,
        action: &str,
        reason: &str,
    ) -> Result<(), SessionError> {
        let (action, reason) = (clip(action), clip(reason));
        let actor = self.agent_name(&session.agent_id).await;
        let (kind, detail) = if performed {
            ("control_performed", action.clone())
        } else {
            (
                "control_refused",
                format!("{action} refused by the customer's browser: {reason}"),
            )
        };
        self.audit(
            &actor,
            kind,
            Some(&session.id),
            Some(&session.contact_id),
            &detail,
        )
        .await;
        let msg = ToAgent::ControlReport {
            seq,
            performed,
            action,
            reason,
        };
        self.bus
            .publish(&session.id, Envelope::ToAgent(msg))
            .await?;
        Ok(())
    }

    /// The customer was asked about, allowed, denied or took back remote control.
    pub async fn control_status(
        &self,
        session: &Session,
        status: ControlStatus,
    ) -> Result<(), SessionError> {
        let kind = format!("control_{}", status.as_str());
        self.audit(
            "customer",
            &kind,
            Some(&session.id),
            Some(&session.contact_id),
            "",
        )
        .await;
        self.bus
            .publish(
                &session.id,
                Envelope::ToAgent(ToAgent::ControlStatus { status }),
            )
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(x: f64) -> Target {
        Target {
            node: 3,
            tag: "input".into(),
            x,
            y: 1.0,
        }
    }

    #[test]
    fn commands_are_checked() {
        assert!(check_command(&at(1.0), &Command::Click {}).is_ok());
        assert!(check_command(&at(f64::NAN), &Command::Click {}).is_err());
        assert!(
            check_command(
                &at(1.0),
                &Command::Type {
                    text: "x".repeat(MAX_TYPED + 1)
                }
            )
            .is_err()
        );
        assert!(
            check_command(
                &at(1.0),
                &Command::Type {
                    text: String::new()
                }
            )
            .is_err()
        );
        assert!(
            check_command(
                &at(1.0),
                &Command::Key {
                    key: "Enter".into()
                }
            )
            .is_ok()
        );
        assert!(check_command(&at(1.0), &Command::Key { key: "F12".into() }).is_err());
        assert!(
            check_command(
                &at(1.0),
                &Command::Wheel {
                    dx: 0.0,
                    dy: f64::INFINITY
                }
            )
            .is_err()
        );
    }

    #[test]
    fn strokes_are_checked() {
        assert!(check_stroke(&[1.0, 2.0, 3.0, 4.0]).is_ok());
        assert!(check_stroke(&[1.0]).is_err());
        assert!(check_stroke(&[1.0, f64::NAN]).is_err());
        assert!(check_stroke(&vec![1.0; MAX_STROKE + 2]).is_err());
    }
}
