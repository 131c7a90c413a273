//! The API is what `/api/openapi.json` says it is: schemathesis (a property-based API tester)
//! generates requests from the document — valid ones, invalid ones, sequences through the links —
//! with every check on (status codes, content types, response schemas, constraints honoured both
//! ways, authentication enforced) and must find no failure. `scripts/setup-test-machine` installs
//! it; a fixed seed keeps a failure reproducible (`st run … --seed`).

use std::process::Command;

use crate::common::*;
use tandem::store::Right;

const SEED: &str = "20261129";

#[tokio::test(flavor = "multi_thread")]
async fn schemathesis_finds_no_failure() {
    let server = TestServer::start().await;
    let admin = server
        .agent(
            "admin",
            &[Right::Cobrowse, Right::RemoteControl, Right::Admin],
        )
        .await;
    let url = server.url("/api/openapi.json");
    let out = tokio::task::spawn_blocking(move || {
        Command::new("st")
            .args(["--config-file", "tests/schemathesis.toml"])
            .args(["run", &url, "--seed", SEED])
            .args(["--max-examples", "15", "--workers", "1", "--no-color"])
            .args(["-H", &format!("Authorization: Bearer {}", admin.token)])
            // The SDK's own call answers pages of the company's domains only.
            .args(["-H", "Origin: https://shop.example.com"])
            .output()
    })
    .await
    .unwrap()
    .expect("schemathesis (`st`) is installed: scripts/setup-test-machine installs it");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "schemathesis found failures:\n{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A run whose requests were all refused (a lost sign-in) passes every check and tests
    // nothing. (The SDK's own call may end up refused with 403 only: the run changes the
    // company's domains, and the page's origin is checked against them.)
    assert!(
        !text.contains("401 Unauthorized (") && text.contains("passed"),
        "schemathesis did not reach the API:\n{text}"
    );
}
