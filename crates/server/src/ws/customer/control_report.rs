//! `control_report`: the SDK performed the agent's remote command, or refused it under the
//! site's policy. Audited (one event per remote action) and passed on to the agent. Only a
//! command this page was given can be reported, once.

use tandem_protocol::ToCustomer;

use super::{Customer, internal, wrong_state};

pub async fn handle(
    customer: &mut Customer,
    seq: u32,
    performed: bool,
    action: &str,
    reason: &str,
) -> Option<ToCustomer> {
    // Only a command this page was given can be reported on, and only once.
    let Some(at) = customer.relayed.iter().position(|&s| s == seq) else {
        return wrong_state("There is no such remote command to report on.");
    };
    customer.relayed.remove(at);
    customer.sessions.metrics().control(if performed {
        crate::metrics::ControlOutcome::Performed
    } else {
        crate::metrics::ControlOutcome::RefusedByPage
    });
    let session = match customer.shared_session().await {
        Ok(s) => s,
        Err(reply) => return reply,
    };
    customer
        .sessions
        .control_reported(&session, seq, performed, action, reason)
        .await
        .err()
        .and_then(internal)
}

impl Customer {
    /// The bound session, while it is shared (active or interrupted); otherwise the reply.
    pub(super) async fn shared_session(
        &mut self,
    ) -> Result<crate::store::Session, Option<ToCustomer>> {
        let Some(id) = self.session_id() else {
            return Err(wrong_state("There is no co-browsing on this page."));
        };
        match self.sessions.store().session(id).await {
            Ok(Some(s))
                if matches!(
                    s.state,
                    tandem_protocol::SessionState::Active
                        | tandem_protocol::SessionState::Interrupted
                ) =>
            {
                Ok(s)
            }
            Ok(_) => Err(wrong_state("Co-browsing is not on.")),
            Err(e) => Err(internal(e)),
        }
    }
}
