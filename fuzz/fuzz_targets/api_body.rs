//! Any API request body: the first byte picks the route, the rest is decoded and checked as
//! that route's handler does (`tandem::http::bodies`).
//! The body is `tandem::untrusted::api_body`, shared with the bounded run in the server's tests.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| tandem::untrusted::api_body(data));
