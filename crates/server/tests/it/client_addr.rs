//! The client address behind a balancer (`--trusted-proxy`): forwarded clients each get their
//! own budget, forged headers from anyone else buy nothing, and IPv6 clients count by their /64.

use crate::common::*;
use serde_json::json;
use tandem::client_addr::TrustedProxies;
use tandem::store::Right;

/// Sends a wrong code from a new page behind `forwarded_for`; true when it was throttled.
async fn guess_is_throttled(server: &TestServer, forwarded_for: &str) -> bool {
    let mut page = server
        .customer_with(SITE, &[("x-forwarded-for", forwarded_for)])
        .await
        .unwrap();
    page.send(json!({"t": "redeem", "code": "000000"})).await;
    let reply = page.json().await;
    reply["t"] == "error" && reply["code"] == "rate_limited"
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_budget() {
    let server = TestServer::start_with(|c| {
        c.redeem_limits.per_client_per_minute = 2;
        c.trusted_proxies = TrustedProxies::parse(["127.0.0.1/32"]).unwrap();
    })
    .await;
    let agent = server.agent("ava", &[Right::Cobrowse]).await;
    let (_, code) = agent.start_phone_session().await;
    assert!(!guess_is_throttled(&server, "198.51.100.1").await);
    assert!(!guess_is_throttled(&server, "198.51.100.1").await);
    assert!(
        guess_is_throttled(&server, "198.51.100.1").await,
        "the guesser's third try is throttled"
    );
    // Another customer behind the same balancer is not held back by the guesser.
    let mut customer = server
        .customer_with(SITE, &[("x-forwarded-for", "203.0.113.50")])
        .await
        .unwrap();
    customer.send(json!({"t": "redeem", "code": code})).await;
    assert_eq!(customer.expect("consent_request").await["agent"], "ava");
    // Forwarded (RFC 7239) names the client too.
    let mut page = server
        .customer_with(SITE, &[("forwarded", "for=198.51.100.1;proto=https")])
        .await
        .unwrap();
    page.send(json!({"t": "redeem", "code": "000000"})).await;
    assert_eq!(page.json().await["code"], "rate_limited");
}

#[tokio::test]
async fn forged_forwarding_headers_from_an_untrusted_peer_buy_no_new_budget() {
    let server = TestServer::start_with(|c| c.redeem_limits.per_client_per_minute = 2).await;
    assert!(!guess_is_throttled(&server, "198.51.100.1").await);
    assert!(!guess_is_throttled(&server, "198.51.100.2").await);
    assert!(
        guess_is_throttled(&server, "198.51.100.3").await,
        "the peer's own address is what counts"
    );
}

#[tokio::test]
async fn ipv6_clients_in_one_64_share_a_budget() {
    let server = TestServer::start_with(|c| {
        c.redeem_limits.per_client_per_minute = 2;
        c.trusted_proxies = TrustedProxies::parse(["127.0.0.1"]).unwrap();
    })
    .await;
    assert!(!guess_is_throttled(&server, "2001:db8:1:2::1").await);
    assert!(!guess_is_throttled(&server, "2001:db8:1:2:ffff::2").await);
    assert!(
        guess_is_throttled(&server, "2001:db8:1:2::3").await,
        "a third address of the same /64 is throttled"
    );
    assert!(
        !guess_is_throttled(&server, "2001:db8:1:3::1").await,
        "the next /64 is another client"
    );
}
