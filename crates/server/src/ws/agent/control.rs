//! `control`: a remote command (Alt+click, typing, a choice, Alt+wheel). The session domain
//! checks the state, the agent's right and the company's switches, audits a refusal, and
//! relays the command; the customer's SDK applies the site's policy and reports back.

use tandem_protocol::{Command, Target, ToAgent};

use super::AgentConn;
use crate::metrics::ControlOutcome;

pub async fn handle(
    conn: &mut AgentConn,
    seq: u32,
    target: Target,
    command: Command,
) -> Option<ToAgent> {
    let result = conn
        .sessions
        .control(&conn.session_id, seq, target, command)
        .await;
    conn.sessions.metrics().control(match result {
        Ok(_) => ControlOutcome::Relayed,
        Err(_) => ControlOutcome::RefusedByServer,
    });
    result.err().map(|refusal| ToAgent::Error {
        code: refusal.code,
        message: refusal.message.to_string(),
    })
}
