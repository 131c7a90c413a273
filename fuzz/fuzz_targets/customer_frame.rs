//! A customer socket's text frame, as the server decodes it (`ws/customer`).
//! The body is `tandem::untrusted::customer_frame`, shared with the bounded run in the server's tests.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| tandem::untrusted::customer_frame(data));
