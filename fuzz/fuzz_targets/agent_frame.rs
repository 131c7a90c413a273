//! An agent socket's text frame, as the server decodes it (`ws/agent`): any bytes must
//! decode to a `FromAgent` or fail cleanly, and what decodes must survive a round trip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tandem_protocol::FromAgent;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(msg) = serde_json::from_str::<FromAgent>(text) {
        let again = serde_json::to_string(&msg).expect("a decoded message encodes");
        serde_json::from_str::<FromAgent>(&again).expect("an encoded message decodes");
    }
});
