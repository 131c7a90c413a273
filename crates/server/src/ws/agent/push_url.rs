//! `push_url`: the agent sent a link from the Link Menu. Only http(s) links are relayed;
//! anything else is refused with a clear message and nothing is sent.

use tandem_protocol::{ErrorCode, SessionState, ToAgent};

use super::{AgentConn, wrong_state};

pub async fn handle(conn: &mut AgentConn, url: &str) -> Option<ToAgent> {
    if !matches!(conn.state, SessionState::Active | SessionState::Interrupted) {
        return wrong_state("Links can be sent while co-browsing.");
    }
    let url = match crate::session::check_link(url) {
        Ok(u) => u,
        Err(message) => {
            return Some(ToAgent::Error {
                code: ErrorCode::BadLink,
                message,
            });
        }
    };
    let session = match conn.sessions.store().session(&conn.session_id).await {
        Ok(Some(s)) => s,
        _ => return wrong_state("The session is gone."),
    };
    conn.sessions
        .push_url(&session, &conn.agent.username, &url)
        .await
        .err()
        .map(|e| {
            tracing::warn!("link not relayed: {e}");
            ToAgent::Error {
                code: ErrorCode::Internal,
                message: "The link could not be sent.".into(),
            }
        })
}
