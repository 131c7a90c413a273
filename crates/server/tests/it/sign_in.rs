//! Sign-in under guessing: failures are throttled per account and per client address with
//! `429` and `Retry-After`, the throttle wears off with time, and the session cookie is `Secure`
//! whenever the client came over https.

use std::time::Duration;

use crate::common::*;
use serde_json::json;
use tandem::client_addr::TrustedProxies;
use tandem::store::Right;

/// Signs in from `address` (behind the trusted balancer): (status, Retry-After, Set-Cookie).
async fn sign_in(
    server: &TestServer,
    address: &str,
    username: &str,
    password: &str,
    extra: &[(&str, &str)],
) -> (u16, Option<u64>, String) {
    let mut req = reqwest::Client::new()
        .post(server.url("/api/login"))
        .header("x-forwarded-for", address);
    for (k, v) in extra {
        req = req.header(*k, *v);
    }
    let res = req
        .json(&json!({"username": username, "password": password}))
        .send()
        .await
        .unwrap();
    let header = |name: &str| {
        res.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let retry = header("retry-after").map(|v| v.parse().unwrap());
    let cookie = header("set-cookie").unwrap_or_default();
    (res.status().as_u16(), retry, cookie)
}

async fn behind_a_balancer() -> TestServer {
    TestServer::start_with(|c| c.trusted_proxies = TrustedProxies::parse(["127.0.0.1"]).unwrap())
        .await
}

#[tokio::test]
async fn an_account_is_throttled_after_five_failures_and_forgiven_with_time() {
    let server = behind_a_balancer().await;
    server.agent("ava", &[Right::Cobrowse]).await;
    server.agent("bo", &[Right::Cobrowse]).await;
    // Spread over addresses: the account's own budget is what stops them.
    for i in 0..5 {
        let (status, _, _) =
            sign_in(&server, &format!("198.51.100.{i}"), "ava", "guess-{i}", &[]).await;
        assert_eq!(status, 401);
    }
    let (status, retry, _) = sign_in(&server, "198.51.100.9", "ava", "wrong", &[]).await;
    assert_eq!(status, 429);
    let retry = retry.expect("a Retry-After header");
    assert!((1..=60).contains(&retry), "Retry-After {retry}");
    // Even the right password waits, so the throttle does not tell a guesser when it hit.
    assert_eq!(
        sign_in(&server, "203.0.113.1", "ava", "password123", &[])
            .await
            .0,
        429
    );
    assert_eq!(
        sign_in(&server, "203.0.113.1", "bo", "password123", &[])
            .await
            .0,
        200,
        "other accounts are not held back"
    );
    server.clock.advance(Duration::from_secs(retry));
    assert_eq!(
        sign_in(&server, "203.0.113.1", "ava", "password123", &[])
            .await
            .0,
        200,
        "the real user gets in after the wait"
    );
}

#[tokio::test]
async fn an_address_is_throttled_after_twenty_failures_across_accounts() {
    let server = behind_a_balancer().await;
    server.agent("ava", &[Right::Cobrowse]).await;
    // Twenty at once (a few more if the clock forgives one meanwhile on a slow machine).
    let mut failures = 0;
    loop {
        let (status, retry, _) = sign_in(
            &server,
            "198.51.100.1",
            &format!("nobody{failures}"),
            "x",
            &[],
        )
        .await;
        if status == 429 {
            assert!(retry.is_some(), "a Retry-After header");
            break;
        }
        assert_eq!(status, 401);
        failures += 1;
        assert!(failures <= 25, "not throttled after {failures} failures");
    }
    assert!(failures >= 20, "throttled after only {failures} failures");
    assert_eq!(
        sign_in(&server, "198.51.100.1", "ava", "password123", &[])
            .await
            .0,
        429,
        "the address waits, right password or not"
    );
    assert_eq!(
        sign_in(&server, "198.51.100.2", "ava", "password123", &[])
            .await
            .0,
        200,
        "another address signs in"
    );
}

#[tokio::test]
async fn the_cookie_is_secure_when_the_client_came_over_https() {
    let server = behind_a_balancer().await;
    server.agent("ava", &[Right::Cobrowse]).await;
    let (status, _, cookie) = sign_in(
        &server,
        "198.51.100.1",
        "ava",
        "password123",
        &[("x-forwarded-proto", "https")],
    )
    .await;
    assert_eq!(status, 200);
    assert!(cookie.contains("; Secure"), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    let (_, _, cookie) = sign_in(&server, "198.51.100.1", "ava", "password123", &[]).await;
    assert!(!cookie.contains("Secure"), "plain http: {cookie}");
    // A client that is not a trusted balancer cannot claim https.
    let plain = TestServer::start().await;
    plain.agent("ava", &[Right::Cobrowse]).await;
    let (_, _, cookie) = sign_in(
        &plain,
        "198.51.100.1",
        "ava",
        "password123",
        &[("x-forwarded-proto", "https")],
    )
    .await;
    assert!(!cookie.contains("Secure"), "{cookie}");
}
