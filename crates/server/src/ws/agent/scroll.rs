//! `agent_scroll`: the agent scrolled the mirror; the customer's window follows. Coordinates
//! must be finite and non-negative.

use tandem_protocol::{SessionState, ToAgent, ToCustomer};

use super::{AgentConn, wrong_state};
use crate::bus::Envelope;

pub async fn handle(conn: &mut AgentConn, x: f64, y: f64) -> Option<ToAgent> {
    if conn.state != SessionState::Active {
        return wrong_state("The customer is not sharing their page.");
    }
    if !(x.is_finite() && y.is_finite() && x >= 0.0 && y >= 0.0) {
        return wrong_state("Scroll position out of range.");
    }
    conn.sessions
        .bus()
        .publish(
            &conn.session_id,
            Envelope::ToCustomer(ToCustomer::Scroll { x, y }),
        )
        .await
        .err()
        .map(|e| {
            tracing::warn!("scroll not relayed: {e}");
            ToAgent::Error {
                code: tandem_protocol::ErrorCode::Internal,
                message: "Scroll not relayed.".into(),
            }
        })
}
