//! `pointer`: the agent's pointer while they point, control or use the laser (`hidden` when
//! they stop); the customer sees it. Not audited: it only shows, it never acts.

use tandem_protocol::{PointerMode, SessionState, ToAgent, ToCustomer};

use super::{AgentConn, wrong_state};
use crate::bus::Envelope;

pub async fn handle(conn: &mut AgentConn, x: f64, y: f64, mode: PointerMode) -> Option<ToAgent> {
    if conn.state != SessionState::Active {
        return wrong_state("The customer is not sharing their page.");
    }
    if !(x.is_finite() && y.is_finite()) {
        return wrong_state("Pointer position out of range.");
    }
    conn.publish(ToCustomer::Pointer { x, y, mode }).await
}

impl AgentConn {
    /// Sends a message to the customer's tab in front; a bus failure is the agent's error.
    pub(super) async fn publish(&self, msg: ToCustomer) -> Option<ToAgent> {
        self.sessions
            .bus()
            .publish(&self.session_id, Envelope::ToCustomer(msg))
            .await
            .err()
            .map(|e| {
                tracing::warn!("not relayed to the customer: {e}");
                ToAgent::Error {
                    code: tandem_protocol::ErrorCode::Internal,
                    message: "Not sent; try again.".into(),
                }
            })
    }
}
