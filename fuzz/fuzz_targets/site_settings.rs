//! The company's site settings as the server reads and checks them (an admin's
//! `PUT /api/settings/site` body and the stored setting).
//! The body is `tandem::untrusted::site_settings`, shared with the bounded run in the server's tests.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| tandem::untrusted::site_settings(data));
