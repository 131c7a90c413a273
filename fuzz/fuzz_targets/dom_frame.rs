//! A customer's binary frame: the DOM-frame envelope the server checks before relaying it.
//! The body is `tandem::untrusted::dom_frame`, shared with the bounded run in the server's tests.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| tandem::untrusted::dom_frame(data));
