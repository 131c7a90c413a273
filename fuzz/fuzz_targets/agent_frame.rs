//! An agent socket's text frame, as the server decodes it (`ws/agent`).
//! The body is `tandem::untrusted::agent_frame`, shared with the bounded run in the server's tests.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| tandem::untrusted::agent_frame(data));
