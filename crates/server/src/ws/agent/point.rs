//! `point`: Ctrl+click — the customer sees a pulsing circle at that spot.

use tandem_protocol::{SessionState, ToAgent, ToCustomer};

use super::{AgentConn, wrong_state};

pub async fn handle(conn: &mut AgentConn, x: f64, y: f64) -> Option<ToAgent> {
    if conn.state != SessionState::Active {
        return wrong_state("The customer is not sharing their page.");
    }
    if !(x.is_finite() && y.is_finite()) {
        return wrong_state("Position out of range.");
    }
    conn.publish(ToCustomer::Point { x, y }).await
}
