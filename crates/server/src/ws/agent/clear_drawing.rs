//! `clear_drawing`: the agent cleared their drawing from the customer's page.

use tandem_protocol::{SessionState, ToAgent, ToCustomer};

use super::{AgentConn, wrong_state};

pub async fn handle(conn: &mut AgentConn) -> Option<ToAgent> {
    if conn.state != SessionState::Active {
        return wrong_state("The customer is not sharing their page.");
    }
    conn.publish(ToCustomer::ClearDrawing {}).await
}
