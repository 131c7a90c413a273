//! The company's site settings as the server reads them (an admin's `PUT /api/settings/site`
//! body and the stored setting): any bytes decode or fail cleanly; what decodes round-trips.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tandem_protocol::SiteSettings;

fuzz_target!(|data: &[u8]| {
    if let Ok(settings) = serde_json::from_slice::<SiteSettings>(data) {
        let again = serde_json::to_vec(&settings).expect("decoded settings encode");
        serde_json::from_slice::<SiteSettings>(&again).expect("encoded settings decode");
    }
});
