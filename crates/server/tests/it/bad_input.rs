//! Bad input (ARCHITECTURE.md §4.6): malformed, unknown and oversized frames get a close code; bad
//! API bodies get a clear 400; never a panic, and other sessions carry on untouched.

use crate::common::*;
use serde_json::json;
use tandem::store::Right;
use tandem_protocol::close;

/// A live session whose DOM frames reach the agent: the bystander every test checks.
async fn live_session(server: &TestServer) -> (Socket, Socket) {
    let agent = server.agent("bystander", &[Right::Cobrowse]).await;
    let (session, code) = agent.start_phone_session().await;
    let mut customer = server.customer().await;
    join_and_accept(&mut customer, &code).await;
    let mut agent_ws = agent.socket(&session).await.unwrap();
    agent_ws.expect_state("active").await;
    (customer, agent_ws)
}

async fn still_relays(customer: &mut Socket, agent: &mut Socket) {
    customer.send_binary(b"\x00[\"still here\"]".to_vec()).await;
    loop {
        match agent.recv().await {
            Received::Binary(b) => return assert_eq!(b, b"\x00[\"still here\"]"),
            Received::Json(_) => continue,
            Received::Closed(c) => panic!("bystander closed {c:?}"),
        }
    }
}

#[tokio::test]
async fn malformed_and_unknown_messages_close_with_a_code() {
    let server = TestServer::start().await;
    let (mut c, mut a) = live_session(&server).await;
    for bad in [
        "not json",
        "{\"t\":\"launch_missiles\"}",
        "{\"t\":\"redeem\"}",
        "[1,2,3]",
        "{\"t\":\"consent\",\"accept\":\"yes\"}",
    ] {
        let mut s = server.customer().await;
        s.send_text(bad).await;
        assert_eq!(s.closed().await, Some(close::MALFORMED), "for {bad}");
    }
    still_relays(&mut c, &mut a).await;
}

#[tokio::test]
async fn oversized_frames_close_the_sender_only() {
    let server = TestServer::start().await;
    let (mut c, mut a) = live_session(&server).await;
    let agent = server.agent("big", &[Right::Cobrowse]).await;
    let (session, _) = agent.start_phone_session().await;
    let mut big = agent.socket(&session).await.unwrap();
    big.expect_state("awaiting_code").await;
    big.send_text(&format!(
        "{{\"t\":\"resync\",\"x\":\"{}\"}}",
        "a".repeat(100 * 1024)
    ))
    .await;
    // A connection that panicked ends with no close code at all: only TOO_BIG passes.
    assert_eq!(big.closed().await, Some(close::TOO_BIG));
    still_relays(&mut c, &mut a).await;
}

#[tokio::test]
async fn out_of_place_messages_get_an_error_and_the_socket_stays() {
    let server = TestServer::start().await;
    let mut s = server.customer().await;
    s.send(json!({"t": "consent", "accept": true})).await;
    assert_eq!(s.expect("error").await["code"], "wrong_state");
    s.send(json!({"t": "stop"})).await;
    assert_eq!(s.expect("error").await["code"], "wrong_state");
    s.send(json!({"t": "redeem", "code": "12ab"})).await;
    s.expect("code_refused").await;
}

#[tokio::test]
async fn a_bad_scroll_is_refused() {
    let server = TestServer::start().await;
    let agent = server.agent("ava", &[Right::Cobrowse]).await;
    let (session, code) = agent.start_phone_session().await;
    let mut customer = server.customer().await;
    join_and_accept(&mut customer, &code).await;
    let mut a = agent.socket(&session).await.unwrap();
    a.expect_state("active").await;
    a.send(json!({"t": "agent_scroll", "x": -5, "y": 10})).await;
    assert_eq!(a.expect("error").await["code"], "wrong_state");
}

#[tokio::test]
async fn bad_api_bodies_get_a_clear_400() {
    let server = TestServer::start().await;
    let agent = server.agent("ava", &[Right::Cobrowse]).await;
    let (status, body) = agent
        .post(
            "/api/contacts",
            json!({"channel": "pigeon", "customer": "Ann"}),
        )
        .await;
    assert_eq!(status, 400);
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .starts_with("channel: one of")
    );
    let (status, _) = agent
        .post("/api/contacts", json!({"channel": "phone", "customer": ""}))
        .await;
    assert_eq!(status, 400);
    let (status, _) = agent.post("/api/contacts", json!({"nope": 1})).await;
    assert_eq!(status, 400);
    let (status, _) = agent
        .post("/api/contacts/unknown/cobrowse", json!({}))
        .await;
    assert_eq!(status, 404);
}
