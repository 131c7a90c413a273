//! One-time codes (ARCHITECTURE.md §4.4): they expire, are single-use, and guessing is throttled.

use std::time::Duration;

use crate::common::*;
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
async fn a_code_typed_in_groups_with_a_space_or_a_dash_works() {
    let server = TestServer::start().await;
    let agent = server.agent("ava", &[Right::Cobrowse]).await;
    for typed in [
        |c: &str| format!("{} {}", &c[..3], &c[3..]),
        |c: &str| format!(" {}-{} ", &c[..3], &c[3..]),
    ] {
        let (_, code) = agent.start_phone_session().await;
        let mut customer = server.customer().await;
        customer
            .send(json!({"t": "redeem", "code": typed(&code)}))
            .await;
        assert_eq!(
            customer.expect("consent_request").await["agent"],
            "ava",
            "{}",
            typed(&code)
        );
    }
    let mut customer = server.customer().await;
    customer
        .send(json!({"t": "redeem", "code": "12 34 5"}))
        .await;
    customer.expect("code_refused").await;
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
    assert_eq!(
        kinds.iter().filter(|k| **k == "consent_request").count(),
        1,
        "{kinds:?}"
    );
    assert_eq!(
        kinds.iter().filter(|k| **k == "code_refused").count(),
        1,
        "{kinds:?}"
    );
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
        let wrong = if code == format!("{guess:06}") {
            "999999".to_string()
        } else {
            format!("{guess:06}")
        };
        attacker.send(json!({"t": "redeem", "code": wrong})).await;
        attacker.expect("code_refused").await;
    }
    // The sixth try is refused before the code is even looked at: the right code fails too.
    attacker.send(json!({"t": "redeem", "code": code})).await;
    let throttled = attacker.expect("error").await;
    assert_eq!(throttled["code"], "rate_limited");
    assert!(
        throttled["message"]
            .as_str()
            .unwrap()
            .contains("Too many attempts")
    );
    // The throttled attempt is in the audit log, with the guesser's address.
    let admin = server.agent("root", &[Right::Admin]).await;
    let (status, audit) = admin.get("/api/audit?kind=code_throttled").await;
    assert_eq!(status, 200);
    let entries = audit.as_array().expect("a list");
    assert_eq!(entries.len(), 1, "{audit}");
    assert_eq!(entries[0]["actor"], "customer");
    assert!(
        entries[0]["detail"].as_str().unwrap().contains("127.0.0.1"),
        "{audit}"
    );
}

#[tokio::test]
async fn guessing_is_throttled_overall() {
    let server = TestServer::start_with(|c| {
        c.redeem_limits.per_client_per_minute = 1000;
        c.redeem_limits.overall_per_second = 3;
        c.redeem_limits.suspect_per_second = 1;
    })
    .await;
    let mut customer = server.customer().await;
    let mut limited = 0;
    for _ in 0..10 {
        customer
            .send(json!({"t": "redeem", "code": "000000"}))
            .await;
        if customer.json().await["t"] == "error" {
            limited += 1;
        }
    }
    assert!(
        limited >= 6,
        "only {limited} of 10 rapid attempts were throttled"
    );
}

#[tokio::test]
async fn starting_again_gives_a_new_code_and_kills_the_old_one() {
    let server = TestServer::start().await;
    let agent = server.agent("ava", &[Right::Cobrowse]).await;
    let (_, contact) = agent
        .post(
            "/api/contacts",
            json!({"channel": "email", "customer": "Bo"}),
        )
        .await;
    let path = format!("/api/contacts/{}/cobrowse", contact["id"].as_str().unwrap());
    let (_, first) = agent.post(&path, json!({})).await;
    let (_, second) = agent.post(&path, json!({})).await;
    assert_ne!(first["id"], second["id"]);
    let mut customer = server.customer().await;
    customer
        .send(json!({"t": "redeem", "code": first["code"]}))
        .await;
    if first["code"] != second["code"] {
        customer.expect("code_refused").await;
    }
}

/// One guesser behind the balancer: guesses as fast as the server answers until `stop`, and
/// counts its refused (looked-up) guesses and its throttled ones.
async fn spawn_guesser(
    server: &TestServer,
    address: &str,
    refused: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    throttled: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    stop: tokio::sync::watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    use std::sync::atomic::Ordering::Relaxed;
    let mut page = server
        .customer_with(SITE, &[("x-forwarded-for", address)])
        .await
        .unwrap();
    tokio::spawn(async move {
        while !*stop.borrow() {
            page.send(json!({"t": "redeem", "code": "000001"})).await;
            let reply = page.json().await;
            if reply["t"] == "code_refused" {
                refused.fetch_add(1, Relaxed);
            } else {
                throttled.fetch_add(1, Relaxed);
            }
        }
    })
}

#[tokio::test]
async fn a_customer_with_a_valid_code_gets_in_while_forty_addresses_guess() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
    let server = TestServer::start_with(|c| {
        // A flood: forty addresses, each allowed two guesses a second, want far more than the
        // overall budget.
        c.redeem_limits.per_client_per_minute = 120;
        c.trusted_proxies = tandem::client_addr::TrustedProxies::parse(["127.0.0.1"]).unwrap();
    })
    .await;
    let agent = server.agent("ava", &[Right::Cobrowse]).await;
    let (_, code) = agent.start_phone_session().await;
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let throttled = Arc::new(AtomicUsize::new(0));
    let mut refused = Vec::new();
    let mut tasks = Vec::new();
    for i in 0..40 {
        let count = Arc::new(AtomicUsize::new(0));
        refused.push(count.clone());
        tasks.push(
            spawn_guesser(
                &server,
                &format!("198.51.100.{i}"),
                count,
                throttled.clone(),
                stop_rx.clone(),
            )
            .await,
        );
    }
    // Wait until every guesser has typed a few wrong codes and the flood is being throttled.
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(120);
    while refused.iter().any(|r| r.load(Relaxed) < 2) || throttled.load(Relaxed) < 100 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the flood never got going"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    // The flood goes on; a customer from another address types the code the agent gave them.
    let mut customer = server
        .customer_with(SITE, &[("x-forwarded-for", "203.0.113.77")])
        .await
        .unwrap();
    customer.send(json!({"t": "redeem", "code": code})).await;
    let reply = customer.json().await;
    stop_tx.send(true).unwrap();
    assert_eq!(
        reply["t"], "consent_request",
        "the customer was refused during the flood: {reply}"
    );
    for t in tasks {
        let _ = t.await;
    }
}

/// The odds in the README come from here: an attacker with as many addresses as it likes,
/// guessing as fast as the server answers, gets at most the overall budget of looked-up guesses
/// (plus the lanes' one-second bursts). Prints the measured rate.
#[tokio::test]
async fn an_attacker_with_many_addresses_gets_no_more_than_the_overall_budget() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
    let server = TestServer::start_with(|c| {
        c.trusted_proxies = tandem::client_addr::TrustedProxies::parse(["127.0.0.1"]).unwrap()
    })
    .await;
    let overall = server.state.sessions.redeem_limits().overall_per_second as f64;
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let refused = Arc::new(AtomicUsize::new(0));
    let throttled = Arc::new(AtomicUsize::new(0));
    let started = tokio::time::Instant::now();
    let mut tasks = Vec::new();
    for i in 0..300u32 {
        let address = format!("10.{}.{}.1", i / 250, i % 250);
        tasks.push(
            spawn_guesser(
                &server,
                &address,
                refused.clone(),
                throttled.clone(),
                stop_rx.clone(),
            )
            .await,
        );
    }
    let deadline = started + std::time::Duration::from_secs(120);
    while throttled.load(Relaxed) < 5_000 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the guessers stalled: {} throttled",
            throttled.load(Relaxed)
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    stop_tx.send(true).unwrap();
    for t in tasks {
        let _ = t.await;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let looked_up = refused.load(Relaxed) as f64;
    eprintln!(
        "code guessing: {looked_up} guesses looked up, {} throttled, in {elapsed:.1} s from 300 addresses: {:.1} guesses/s",
        throttled.load(Relaxed),
        looked_up / elapsed
    );
    assert!(
        looked_up <= overall * (elapsed + 1.0),
        "{looked_up} guesses in {elapsed:.1} s exceed {overall}/s"
    );
}
