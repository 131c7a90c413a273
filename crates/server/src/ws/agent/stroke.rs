//! `stroke`: a stroke of the agent's temporary drawing; it fades on the customer's page.

use tandem_protocol::{ErrorCode, SessionState, ToAgent, ToCustomer};

use super::{AgentConn, wrong_state};

pub async fn handle(conn: &mut AgentConn, points: Vec<f64>) -> Option<ToAgent> {
    if conn.state != SessionState::Active {
        return wrong_state("The customer is not sharing their page.");
    }
    if let Err(message) = crate::session::check_stroke(&points) {
        return Some(ToAgent::Error {
            code: ErrorCode::BadCommand,
            message: message.into(),
        });
    }
    conn.publish(ToCustomer::Stroke { points }).await
}
