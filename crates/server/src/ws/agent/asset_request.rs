//! `asset_request`: the agent's view could not load an image (Tandem's asset proxy could not
//! fetch it: it lies behind the customer's cookies, say); the customer's SDK is asked to hand
//! it over. Only the SDK decides whether it may (an image it shows unmasked, that it can read);
//! the server bounds how often a connection asks and what it may name.

use tandem_protocol::{ErrorCode, SessionState, ToAgent, ToCustomer};

use super::{AgentConn, wrong_state};
use crate::bus::Envelope;

/// Requests one agent connection may make: more than the SDK will ever answer (it hands over
/// at most 32 images a page), few enough that a console cannot flood the customer's page.
pub const MAX_REQUESTS: u32 = 128;
/// Longest address taken (the bound capture puts on addresses).
const MAX_URL: usize = 4096;

pub async fn handle(conn: &mut AgentConn, url: String) -> Option<ToAgent> {
    if conn.state != SessionState::Active {
        return wrong_state("The customer is not sharing their page.");
    }
    if url.len() > MAX_URL || !(url.starts_with("http://") || url.starts_with("https://")) {
        return Some(refused(
            ErrorCode::BadLink,
            "An asset request names an http(s) address of at most 4096 characters.",
        ));
    }
    if conn.asset_requests >= MAX_REQUESTS {
        return Some(refused(
            ErrorCode::RateLimited,
            "Too many asset requests on this connection.",
        ));
    }
    conn.asset_requests += 1;
    conn.sessions
        .bus()
        .publish(
            &conn.session_id,
            Envelope::ToCustomer(ToCustomer::AssetRequest { url }),
        )
        .await
        .err()
        .map(|e| {
            tracing::warn!("asset request not relayed: {e}");
            ToAgent::Error {
                code: ErrorCode::Internal,
                message: "Asset request not relayed.".into(),
            }
        })
}

fn refused(code: ErrorCode, message: &str) -> ToAgent {
    ToAgent::Error {
        code,
        message: message.into(),
    }
}
