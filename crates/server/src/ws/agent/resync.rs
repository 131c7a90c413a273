//! `resync`: the agent's mirror found a gap in the stream and asks for a fresh snapshot.

use tandem_protocol::{SessionState, ToAgent};

use super::{AgentConn, wrong_state};

pub async fn handle(conn: &mut AgentConn) -> Option<ToAgent> {
    if conn.state != SessionState::Active {
        return wrong_state("The customer is not sharing their page.");
    }
    conn.request_snapshot().await;
    None
}
