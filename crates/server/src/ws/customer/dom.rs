//! A binary frame: DOM operations from the customer's capture. The server reads only the
//! envelope (`web/src/transport/frame.ts`): one header byte saying how the body is encoded
//! (0: JSON, 1: deflated JSON) and what follows it not empty (the frame's number, which only
//! the agent's console reads, then the body); anything else is not a DOM frame
//! and closes the socket. The body is relayed to the agent unread, and only from the tab in
//! front while the session is shared; any other frame of a page in a session is dropped (never
//! forwarded: a tab may still be sending as it is paused). A page in no session has no reason
//! to send one: its socket is closed.

use bytes::Bytes;
use tandem_protocol::{SessionState, close};

use super::Customer;
use crate::bus::{Envelope, topic};
use crate::ws::Close;

pub async fn handle(customer: &mut Customer, frame: Bytes) -> Result<(), Close> {
    if customer.bound.is_none() {
        return Err(Close::new(
            close::FORBIDDEN,
            "DOM frames only while sharing",
        ));
    }
    check_envelope(&frame)?;
    let (Some((id, SessionState::Active)), true) = (&customer.bound, customer.front) else {
        tracing::debug!("dom frame outside an active session dropped");
        return Ok(());
    };
    let bytes = frame.len();
    if let Err(e) = customer
        .sessions
        .bus()
        .publish(&topic::dom(id), Envelope::Dom(frame))
        .await
    {
        return Err(Close::new(1011, e.to_string()));
    }
    customer.sessions.metrics().dom_from_customer(bytes);
    Ok(())
}

/// Header bytes of the DOM frame kinds: a JSON body, a deflated JSON body.
const FRAME_JSON: u8 = 0;
const FRAME_DEFLATE: u8 = 1;

/// Checks what the server reads of a DOM frame: a known header byte and a body.
pub fn check_envelope(frame: &[u8]) -> Result<(), Close> {
    match frame {
        [FRAME_JSON | FRAME_DEFLATE, _, ..] => Ok(()),
        [] | [_] => Err(Close::new(close::MALFORMED, "an empty DOM frame")),
        [kind, ..] => Err(Close::new(
            close::MALFORMED,
            format!("unknown DOM frame kind {kind}"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_known_kinds_with_a_body_pass() {
        assert!(check_envelope(b"\x00[]").is_ok());
        assert!(check_envelope(b"\x01\xff").is_ok());
        for bad in [&b""[..], b"\x00", b"\x02[]", b"[[\"snapshot\"]]"] {
            assert_eq!(check_envelope(bad).unwrap_err().code, close::MALFORMED);
        }
    }
}
