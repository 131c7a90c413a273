//! Everything a client can make the server store or buffer is bounded (ARCHITECTURE.md §4.6): sign-in
//! names before they reach the audit log, request bodies per route, and what a customer socket
//! may send before it is in a session.

use crate::common::*;
use serde_json::json;
use tandem::store::Right;
use tandem_protocol::close;

/// Bytes the store's files take on disk (SQLite file and its write-ahead log).
fn store_bytes(server: &TestServer) -> u64 {
    std::fs::read_dir(server.dir.path())
        .unwrap()
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum()
}

#[tokio::test]
async fn huge_usernames_do_not_grow_the_store() {
    let server = TestServer::start().await;
    let admin = server.agent("root", &[Right::Admin]).await;
    let http = reqwest::Client::new();
    let before = store_bytes(&server);
    let huge = "u".repeat(1_900_000);
    for _ in 0..20 {
        let res = http
            .post(server.url("/api/login"))
            .json(&json!({"username": huge, "password": "x"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 413, "a 1.9 MB body is over the API's limit");
        assert!(
            res.json::<serde_json::Value>().await.unwrap()["error"]
                .as_str()
                .unwrap()
                .contains("too large")
        );
    }
    // Under the body limit but over any username's length: refused before it is written down.
    let long = "v".repeat(10_000);
    let res = http
        .post(server.url("/api/login"))
        .json(&json!({"username": long, "password": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert!(
        res.json::<serde_json::Value>().await.unwrap()["error"]
            .as_str()
            .unwrap()
            .starts_with("username: at most 64 characters")
    );
    let grown = store_bytes(&server).saturating_sub(before);
    assert!(grown < 256 * 1024, "the store grew by {grown} bytes");
    let (status, audit) = admin.get("/api/audit?kind=sign_in_failed").await;
    assert_eq!(status, 200);
    assert_eq!(
        audit.as_array().map(|a| a.len()),
        Some(0),
        "nothing over a username's length was audited: {audit}"
    );
}

#[tokio::test]
async fn api_bodies_are_limited_per_route() {
    let server = TestServer::start().await;
    let agent = server.agent("ava", &[Right::Cobrowse]).await;
    let (status, body) = agent
        .post(
            "/api/contacts",
            json!({"channel": "phone", "customer": "a".repeat(100 * 1024)}),
        )
        .await;
    assert_eq!(status, 413, "{body}");
    // Favourites are a whole list and get more room: 150 links of 2 KB each is fine.
    let list: Vec<_> = (0..150).map(|i| json!({"name": format!("link {i}"), "url": format!("https://example.com/{}", "p".repeat(2000))})).collect();
    let res = agent
        .http
        .put(format!("{}/api/favourites", agent.base))
        .bearer_auth(&agent.token)
        .json(&json!({"favourites": list}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
}

/// How a socket ended after being sent more than it may: the server's `TOO_BIG` close, or a
/// reset when the server stopped reading mid-frame and dropped the connection (the client may
/// still be writing the rest of the frame then).
fn cut_off(code: Option<u16>) -> bool {
    matches!(code, Some(close::TOO_BIG) | None)
}

#[tokio::test]
async fn a_page_in_no_session_cannot_park_big_frames() {
    let server = TestServer::start().await;
    let agent = server.agent("ava", &[Right::Cobrowse]).await;
    let (session, code) = agent.start_phone_session().await;
    let mut bystander = server.customer().await;
    join_and_accept(&mut bystander, &code).await;
    let mut agent_ws = agent.socket(&session).await.unwrap();
    agent_ws.expect_state("active").await;

    for _ in 0..4 {
        let mut s = server.customer().await;
        s.send_binary(vec![0u8; 31 * 1024 * 1024]).await;
        let code = s.closed().await;
        assert!(
            cut_off(code),
            "a 31 MiB frame outside a session is cut off after 64 KiB, not read: {code:?}"
        );
    }
    let mut s = server.customer().await;
    s.send_binary(b"\x00[]".to_vec()).await;
    assert_eq!(
        s.closed().await,
        Some(close::FORBIDDEN),
        "a DOM frame outside a session closes the socket"
    );
    let mut s = server.customer().await;
    s.send_text(&format!(
        "{{\"t\":\"leaving\",\"url\":\"{}\"}}",
        "a".repeat(1024 * 1024)
    ))
    .await;
    assert!(
        cut_off(s.closed().await),
        "a 1 MiB control message closes the socket"
    );

    bystander
        .send_binary(b"\x00[\"still here\"]".to_vec())
        .await;
    loop {
        match agent_ws.recv().await {
            Received::Binary(b) => break assert_eq!(b, b"\x00[\"still here\"]"),
            Received::Json(_) => continue,
            Received::Closed(c) => panic!("bystander closed {c:?}"),
        }
    }
}

#[tokio::test]
async fn only_a_consented_page_may_send_big_frames() {
    let server = TestServer::start().await;
    let agent = server.agent("ava", &[Right::Cobrowse]).await;
    let (session, code) = agent.start_phone_session().await;
    let mut agent_ws = agent.socket(&session).await.unwrap();
    agent_ws.expect_state("awaiting_code").await;

    // Asked, not yet consented: a 200 KiB frame is more than the page may send now.
    let mut asked = server.customer().await;
    asked.send(json!({"t": "redeem", "code": code})).await;
    asked.expect("consent_request").await;
    asked.send_binary(vec![0u8; 200 * 1024]).await;
    let closed = asked.closed().await;
    assert!(cut_off(closed), "a big frame before consent: {closed:?}");

    // Consented: a 4 MiB snapshot goes through, byte for byte.
    let (session, code) = agent.start_phone_session().await;
    let mut agent_ws = agent.socket(&session).await.unwrap();
    let mut page = server.customer().await;
    join_and_accept(&mut page, &code).await;
    agent_ws.expect_state("active").await;
    let mut snapshot = vec![b'x'; 4 * 1024 * 1024];
    snapshot[0] = 0;
    page.send_binary(snapshot.clone()).await;
    loop {
        match agent_ws.recv().await {
            Received::Binary(b) => break assert!(b == snapshot, "the snapshot arrives whole"),
            Received::Json(_) => continue,
            Received::Closed(c) => panic!("agent socket closed {c:?}"),
        }
    }

    // Ended: the page is back to small frames.
    page.send(json!({"t": "stop"})).await;
    page.expect("ended").await;
    page.send_binary(vec![0u8; 200 * 1024]).await;
    let closed = page.closed().await;
    assert!(cut_off(closed), "a big frame after the end: {closed:?}");
}

#[tokio::test]
async fn connections_per_address_are_limited_and_given_back() {
    let server = TestServer::start_with(|c| c.connection_limits.per_address = 3).await;
    let mut open = Vec::new();
    for _ in 0..3 {
        open.push(server.customer().await);
    }
    assert_eq!(
        server.customer_from(SITE).await.err(),
        Some(429),
        "a fourth socket from the same address"
    );
    // Event streams count against the same address.
    let agent = server.agent("ava", &[Right::Cobrowse]).await;
    let res = agent
        .http
        .get(server.url("/api/events"))
        .bearer_auth(&agent.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 429);
    assert!(
        res.headers().get("retry-after").is_some(),
        "429 says when to retry"
    );
    // A closed socket gives its place back.
    let mut first = open.remove(0);
    first.ws.close(None).await.unwrap();
    drop(first);
    let mut again = None;
    for _ in 0..50 {
        if let Ok(s) = server.customer_from(SITE).await {
            again = Some(s);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(again.is_some(), "a place came free once a socket closed");
}

#[tokio::test]
async fn event_streams_per_agent_are_limited() {
    let server = TestServer::start_with(|c| c.connection_limits.streams_per_agent = 2).await;
    let agent = server.agent("ava", &[Right::Cobrowse]).await;
    let open = |_: usize| {
        agent
            .http
            .get(server.url("/api/events"))
            .bearer_auth(&agent.token)
            .send()
    };
    let (a, b) = (open(0).await.unwrap(), open(1).await.unwrap());
    assert_eq!((a.status().as_u16(), b.status().as_u16()), (200, 200));
    let third = open(2).await.unwrap();
    assert_eq!(third.status(), 429);
    assert!(third.headers().get("retry-after").is_some());
    // Another agent has its own streams.
    let other = server.agent("ben", &[Right::Cobrowse]).await;
    assert_eq!(
        other
            .http
            .get(server.url("/api/events"))
            .bearer_auth(&other.token)
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
}

#[tokio::test]
async fn one_visitor_cannot_flood_the_agents_with_web_contacts() {
    let server = TestServer::start().await;
    let agent = server.agent("ava", &[Right::Cobrowse]).await;
    let mut page = server.customer().await;
    page.send(json!({"t": "hello", "visitor": "0123456789abcdef0123456789abcdef"}))
        .await;
    let (mut opened, mut refused) = (0, 0);
    for i in 0..40 {
        page.send(json!({"t": "web_contact", "channel": "chat", "name": "Ann", "detail": format!("request {i}")})).await;
        loop {
            let msg = page.json().await;
            match msg["t"].as_str() {
                Some("contact_opened") => break opened += 1,
                Some("error") => {
                    assert_eq!(msg["code"], "rate_limited", "{msg}");
                    break refused += 1;
                }
                _ => continue,
            }
        }
    }
    assert_eq!(
        (opened, refused),
        (10, 30),
        "ten web contacts an hour per visitor"
    );
    let (_, contacts) = agent.get("/api/contacts").await;
    assert_eq!(contacts.as_array().unwrap().len(), 10);
}
