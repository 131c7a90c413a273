//! One-time codes (DESIGN.md §4.4): they expire, are single-use, and guessing is throttled.

mod common;

use std::time::Duration;

use common::*;
use serde_json::json;
use tandem::store::Right;

#[tokio::test]
async fn a_code_expires_after_its_lifetime() {
    let server = TestServer::start().await;
    let agent = server.agent("ava", &[Right::Cobrowse]).await;
    let (_, code) = agent.start_phone_session().await;
    server.clock.advance(Duration::from_secs(10 * 60 + 1));
    let mut customer = server.customer().await;
    customer.send(json!({"t": "redeem", "code": code})).await;
    let refused = customer.expect("code_refused").await;
    assert!(refused["message"].as_str().unwrap().contains("not valid"));
}

#[tokio::test]
async fn a_code_within_its_lifetime_works() {
    let server = TestServer::start().await;
    let agent = server.agent("ava", &[Right::Cobrowse]).await;
    let (_, code) = agent.start_phone_session().await;
    server.clock.advance(Duration::from_secs(9 * 60));
    let mut customer = server.customer().await;
    customer.send(json!({"t": "redeem", "code": code})).await;
    assert_eq!(customer.expect("consent_request").await["agent"], "ava");
}

#[tokio::test]
async fn a_code_is_used_once_only_even_when_two_customers_race() {
    let server = TestServer::start().await;
    let agent = server.agent("ava", &[Right::Cobrowse]).await;
    let (_, code) = agent.start_phone_session().await;
    let mut a = server.customer().await;
    let mut b = server.customer().await;
    a.send(json!({"t": "redeem", "code": code})).await;
    b.send(json!({"t": "redeem", "code": code})).await;
    let (ra, rb) = (a.json().await, b.json().await);
    let kinds = [ra["t"].as_str().unwrap(), rb["t"].as_str().unwrap()];
    assert_eq!(kinds.iter().filter(|k| **k == "consent_request").count(), 1, "{kinds:?}");
    assert_eq!(kinds.iter().filter(|k| **k == "code_refused").count(), 1, "{kinds:?}");
}

#[tokio::test]
async fn a_used_code_is_refused_after_the_session_ends() {
    let server = TestServer::start().await;
    let agent = server.agent("ava", &[Right::Cobrowse]).await;
    let (session, code) = agent.start_phone_session().await;
    let mut customer = server.customer().await;
    join_and_accept(&mut customer, &code).await;
    let mut agent_ws = agent.socket(&session).await.unwrap();
    agent_ws.send(json!({"t": "stop_session"})).await;
    agent_ws.expect_state("ended").await;
    let mut again = server.customer().await;
    again.send(json!({"t": "redeem", "code": code})).await;
    again.expect("code_refused").await;
}

#[tokio::test]
async fn guessing_is_throttled_per_client() {
    let server = TestServer::start_with(|c| c.redeem_limits.per_client_per_minute = 5).await;
    let agent = server.agent("ava", &[Right::Cobrowse]).await;
    let (_, code) = agent.start_phone_session().await;
    let mut attacker = server.customer().await;
    for guess in 0..5 {
        let wrong = if code == format!("{guess:06}") { "999999".to_string() } else { format!("{guess:06}") };
        attacker.send(json!({"t": "redeem", "code": wrong})).await;
        attacker.expect("code_refused").await;
    }
    // The sixth try is refused before the code is even looked at: the right code fails too.
    attacker.send(json!({"t": "redeem", "code": code})).await;
    let throttled = attacker.expect("error").await;
    assert_eq!(throttled["code"], "rate_limited");
    assert!(throttled["message"].as_str().unwrap().contains("Too many attempts"));
}

#[tokio::test]
async fn guessing_is_throttled_overall() {
    let server = TestServer::start_with(|c| {
        c.redeem_limits.per_client_per_minute = 1000;
        c.redeem_limits.overall_per_second = 3;
    })
    .await;
    let mut customer = server.customer().await;
    let mut limited = 0;
    for _ in 0..10 {
        customer.send(json!({"t": "redeem", "code": "000000"})).await;
        if customer.json().await["t"] == "error" {
            limited += 1;
        }
    }
    assert!(limited >= 6, "only {limited} of 10 rapid attempts were throttled");
}

#[tokio::test]
async fn starting_again_gives_a_new_code_and_kills_the_old_one() {
    let server = TestServer::start().await;
    let agent = server.agent("ava", &[Right::Cobrowse]).await;
    let (_, contact) = agent.post("/api/contacts", json!({"channel": "email", "customer": "Bo"})).await;
    let path = format!("/api/contacts/{}/cobrowse", contact["id"].as_str().unwrap());
    let (_, first) = agent.post(&path, json!({})).await;
    let (_, second) = agent.post(&path, json!({})).await;
    assert_ne!(first["id"], second["id"]);
    let mut customer = server.customer().await;
    customer.send(json!({"t": "redeem", "code": first["code"]})).await;
    if first["code"] != second["code"] {
        customer.expect("code_refused").await;
    }
}
