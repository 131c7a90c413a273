//! The session lifecycle over the two sockets: consent yes/no, sharing, stop from either side,
//! resume on the next page, and DOM frames relayed unread.

use crate::common::*;
use serde_json::json;
use tandem::store::Right;

#[tokio::test]
async fn the_agent_follows_the_customer_from_code_to_sharing() {
    let server = TestServer::start().await;
    let agent = server.agent("ava", &[Right::Cobrowse]).await;
    let (session, code) = agent.start_phone_session().await;
    let mut agent_ws = agent.socket(&session).await.unwrap();
    agent_ws.expect_state("awaiting_code").await;

    let mut customer = server.customer().await;
    customer.send(json!({"t": "redeem", "code": code})).await;
    customer.expect("consent_request").await;
    agent_ws.expect_state("awaiting_consent").await;

    // DOM frames before consent are never relayed.
    customer
        .send_binary(b"\x00[\"before consent\"]".to_vec())
        .await;
    customer.send(json!({"t": "consent", "accept": true})).await;
    customer.expect("share").await;
    agent_ws.expect_state("active").await;

    let frame = b"\x00[[\"snapshot\",1]]".to_vec();
    customer.send_binary(frame.clone()).await;
    loop {
        match agent_ws.recv().await {
            Received::Binary(b) => {
                assert_eq!(
                    b, frame,
                    "the frame arrives byte for byte, and the one sent before consent never does"
                );
                break;
            }
            Received::Json(_) => continue,
            Received::Closed(c) => panic!("closed {c:?}"),
        }
    }
}

#[tokio::test]
async fn no_declines_and_the_agent_sees_it() {
    let server = TestServer::start().await;
    let agent = server.agent("ava", &[Right::Cobrowse]).await;
    let (session, code) = agent.start_phone_session().await;
    let mut agent_ws = agent.socket(&session).await.unwrap();
    let mut customer = server.customer().await;
    customer.send(json!({"t": "redeem", "code": code})).await;
    customer.expect("consent_request").await;
    customer
        .send(json!({"t": "consent", "accept": false}))
        .await;
    assert_eq!(customer.expect("ended").await["by"], "customer");
    let declined = agent_ws.expect_state("declined").await;
    assert_eq!(declined["ended_by"], "customer");
    // A second answer is out of place.
    customer.send(json!({"t": "consent", "accept": true})).await;
    assert_eq!(customer.expect("error").await["code"], "wrong_state");
}

#[tokio::test]
async fn the_customer_stops_and_both_sides_know() {
    let server = TestServer::start().await;
    let agent = server.agent("ava", &[Right::Cobrowse]).await;
    let (session, code) = agent.start_phone_session().await;
    let mut agent_ws = agent.socket(&session).await.unwrap();
    let mut customer = server.customer().await;
    let token = join_and_accept(&mut customer, &code).await;
    customer.send(json!({"t": "stop"})).await;
    assert_eq!(customer.expect("ended").await["by"], "customer");
    assert_eq!(agent_ws.expect_state("ended").await["ended_by"], "customer");

    // A stopped session never resumes on the next page.
    let mut next_page = server.customer().await;
    next_page.send(json!({"t": "resume", "token": token})).await;
    next_page.expect("ended").await;
}

#[tokio::test]
async fn the_agent_stops_and_the_customer_is_told() {
    let server = TestServer::start().await;
    let agent = server.agent("ava", &[Right::Cobrowse]).await;
    let (session, code) = agent.start_phone_session().await;
    let mut agent_ws = agent.socket(&session).await.unwrap();
    let mut customer = server.customer().await;
    join_and_accept(&mut customer, &code).await;
    agent_ws.send(json!({"t": "stop_session"})).await;
    assert_eq!(customer.expect("ended").await["by"], "agent");
    agent_ws.expect_state("ended").await;
    agent_ws.send(json!({"t": "stop_session"})).await;
    assert_eq!(agent_ws.expect("error").await["code"], "wrong_state");
    let audit = server
        .state
        .sessions
        .store()
        .audit_of_session(&session)
        .await
        .unwrap();
    let kinds: Vec<&str> = audit.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "session_started",
            "code_redeemed",
            "consent_given",
            "session_ended"
        ]
    );
    assert_eq!(audit[3].actor, "ava");
}

#[tokio::test]
async fn the_next_page_resumes_and_a_joining_agent_gets_a_fresh_snapshot() {
    let server = TestServer::start().await;
    let agent = server.agent("ava", &[Right::Cobrowse]).await;
    let (session, code) = agent.start_phone_session().await;
    let mut first_page = server.customer().await;
    let token = join_and_accept(&mut first_page, &code).await;
    drop(first_page);

    let mut next_page = server.customer().await;
    next_page.send(json!({"t": "resume", "token": token})).await;
    next_page.expect("share").await;

    // The agent (re)joins: the customer is asked for a full snapshot at once.
    let mut agent_ws = agent.socket(&session).await.unwrap();
    agent_ws.expect_state("active").await;
    next_page.expect("snapshot_request").await;

    agent_ws
        .send(json!({"t": "agent_scroll", "x": 0, "y": 640}))
        .await;
    let scroll = next_page.expect("scroll").await;
    assert_eq!(scroll["y"], 640.0);
}

#[tokio::test]
async fn an_unknown_resume_token_ends_quietly() {
    let server = TestServer::start().await;
    let mut customer = server.customer().await;
    customer
        .send(json!({"t": "resume", "token": "not-a-token"}))
        .await;
    assert_eq!(customer.expect("ended").await["by"], "system");
}

/// Creates a phone contact and starts co-browsing on it: (contact id, session).
async fn phone_contact(agent: &ApiAgent) -> (String, serde_json::Value) {
    let (status, contact) = agent
        .post(
            "/api/contacts",
            json!({"channel": "phone", "customer": "Ann"}),
        )
        .await;
    assert_eq!(status, 200, "{contact}");
    let id = contact["id"].as_str().unwrap().to_string();
    let (status, session) = agent
        .post(&format!("/api/contacts/{id}/cobrowse"), json!({}))
        .await;
    assert_eq!(status, 200, "{session}");
    (id, session)
}

#[tokio::test]
async fn the_same_page_joins_a_new_session_after_stop_or_no() {
    let server = TestServer::start().await;
    let agent = server.agent("ava", &[Right::Cobrowse]).await;
    let (contact, session) = phone_contact(&agent).await;
    // One page, one socket, kept open throughout (the SDK keeps it while the contact is open).
    let mut page = server.customer().await;
    join_and_accept(&mut page, session["code"].as_str().unwrap()).await;
    page.send(json!({"t": "stop"})).await;
    page.expect("ended").await;

    let start = format!("/api/contacts/{contact}/cobrowse");
    let (_, again) = agent.post(&start, json!({})).await;
    join_and_accept(&mut page, again["code"].as_str().unwrap()).await;
    let mut agent_ws = agent.socket(again["id"].as_str().unwrap()).await.unwrap();
    agent_ws.send(json!({"t": "stop_session"})).await;
    assert_eq!(page.expect("ended").await["by"], "agent");

    let (_, third) = agent.post(&start, json!({})).await;
    page.send(json!({"t": "redeem", "code": third["code"]}))
        .await;
    page.expect("consent_request").await;
    page.send(json!({"t": "consent", "accept": false})).await;
    page.expect("ended").await;

    let (_, fourth) = agent.post(&start, json!({})).await;
    join_and_accept(&mut page, fourth["code"].as_str().unwrap()).await;
    let mut agent_ws = agent.socket(fourth["id"].as_str().unwrap()).await.unwrap();
    agent_ws.expect_state("active").await;
    // Still one session at a time: a page that shares cannot redeem another code.
    let (_, other) = phone_contact(&agent).await;
    page.send(json!({"t": "redeem", "code": other["code"]}))
        .await;
    assert_eq!(
        page.expect("error").await["message"],
        "This page is already co-browsing."
    );
}

#[tokio::test]
async fn a_second_start_returns_the_session_that_is_going_and_never_ends_it() {
    let server = TestServer::start().await;
    let agent = server.agent("ava", &[Right::Cobrowse]).await;
    let (contact, first) = phone_contact(&agent).await;
    let start = format!("/api/contacts/{contact}/cobrowse");
    let mut customer = server.customer().await;
    join_and_accept(&mut customer, first["code"].as_str().unwrap()).await;
    let mut agent_ws = agent.socket(first["id"].as_str().unwrap()).await.unwrap();
    agent_ws.expect_state("active").await;
    let (status, live) = agent.post(&start, json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(live["id"], first["id"]);
    assert_eq!(live["state"], "active");
    assert!(
        live["code"].is_null(),
        "a redeemed code is never shown again"
    );
    // The share goes on: a DOM frame still reaches the agent, and nothing ended.
    customer.send_binary(b"\x00[[\"still\",1]]".to_vec()).await;
    loop {
        match agent_ws.recv().await {
            Received::Binary(_) => break,
            Received::Json(v) => assert_ne!(v["state"], "ended", "the share was ended: {v}"),
            Received::Closed(c) => panic!("closed {c:?}"),
        }
    }
}
