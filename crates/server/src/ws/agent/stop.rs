//! `stop_session`: the agent pressed "Stop co-browsing". The session ends for good; both sides
//! learn it through the bus.

use tandem_protocol::{EndedBy, ToAgent};

use super::{AgentConn, wrong_state};
use crate::session::SessionError;

pub async fn handle(conn: &mut AgentConn) -> Option<ToAgent> {
    let by = format!("stopped by {}", conn.agent.username);
    match conn
        .sessions
        .end(&conn.session_id, EndedBy::Agent, &by)
        .await
    {
        Ok(_) => None,
        Err(SessionError::WrongState) => wrong_state("Co-browsing has already ended."),
        Err(e) => {
            tracing::error!("stop failed: {e}");
            Some(ToAgent::Error {
                code: tandem_protocol::ErrorCode::Internal,
                message: "Could not stop; try again.".into(),
            })
        }
    }
}
