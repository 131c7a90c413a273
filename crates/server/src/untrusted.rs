//! Every decoder of untrusted input the server runs, as a function of bytes: the bodies of the
//! fuzz targets in `fuzz/` and of the bounded run every test run does (`tests/it/fuzz.rs`), so
//! both exercise the same code. Each must return for any input, never panic; a message that
//! decodes must encode, and decode again.

use tandem_protocol::{FromAgent, FromCustomer, SiteSettings};

/// A fuzz target: its name and the decoder it feeds.
pub type Target = (&'static str, fn(&[u8]));

/// The fuzz targets, by name (their folders in `fuzz/corpus/`).
pub const TARGETS: &[Target] = &[
    ("customer_frame", customer_frame),
    ("agent_frame", agent_frame),
    ("site_settings", site_settings),
    ("api_body", api_body),
    ("dom_frame", dom_frame),
];

/// A customer socket's text frame, as `ws/customer` decodes it.
pub fn customer_frame(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(msg) = serde_json::from_str::<FromCustomer>(text) {
        let again = serde_json::to_string(&msg).expect("a decoded message encodes");
        serde_json::from_str::<FromCustomer>(&again).expect("an encoded message decodes");
    }
}

/// An agent socket's text frame, as `ws/agent` decodes it.
pub fn agent_frame(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(msg) = serde_json::from_str::<FromAgent>(text) {
        let again = serde_json::to_string(&msg).expect("a decoded message encodes");
        serde_json::from_str::<FromAgent>(&again).expect("an encoded message decodes");
    }
}

/// The company's site settings (an admin's `PUT /api/settings/site` body and the stored
/// setting): decoded, checked, round-tripped.
pub fn site_settings(data: &[u8]) {
    if let Ok(settings) = serde_json::from_slice::<SiteSettings>(data) {
        let _ = crate::session::check_site_settings(&settings);
        let again = serde_json::to_vec(&settings).expect("decoded settings encode");
        serde_json::from_slice::<SiteSettings>(&again).expect("encoded settings decode");
    }
}

/// Any API request body: the first byte picks the route, the rest is the body, decoded and
/// checked as that route's handler does.
pub fn api_body(data: &[u8]) {
    if let [route, body @ ..] = data {
        let _ = crate::http::bodies::decode(*route, body);
    }
}

/// A customer's binary frame: the envelope the server checks before relaying it unread.
pub fn dom_frame(data: &[u8]) {
    let _ = crate::ws::customer::check_dom_envelope(data);
}
