//! Zero-downtime restarts: a node told to stop (SIGTERM) closes its listener first, then tells
//! its sockets to reconnect (`close::RECONNECT`), ends the console's event streams, and stops
//! once they are gone. In a cluster the session carries on on the other node: no new code or
//! consent, and DOM frames the customer sent as the node went away still reach the agent.

use crate::cluster::{cluster, cluster_with};
use crate::common::*;
use serde_json::json;
use tandem::store::Right;
use tandem_protocol::close::RECONNECT;

#[tokio::test]
async fn a_draining_node_stops_accepting_then_moves_its_sockets_and_streams() {
    let mut server = TestServer::start().await;
    let agent = server.agent("ava", &[Right::Cobrowse]).await;
    let (session, code) = agent.start_phone_session().await;
    let mut agent_ws = agent.socket(&session).await.unwrap();
    let mut page = server.customer().await;
    join_and_accept(&mut page, &code).await;
    agent_ws.expect_state("active").await;
    let events = agent
        .http
        .get(server.url("/api/events"))
        .bearer_auth(&agent.token)
        .send()
        .await
        .unwrap();
    assert_eq!(events.status(), 200);

    server.begin_shutdown();
    assert_eq!(page.closed().await, Some(RECONNECT));
    assert_eq!(agent_ws.closed().await, Some(RECONNECT));
    // Sockets are moved only once nobody can connect here again.
    assert!(
        tokio::net::TcpStream::connect(server.addr).await.is_err(),
        "a draining node accepts no new connection"
    );
    // The console's event stream ends with a hint to come back at once (to another node).
    let mut events = events;
    let mut text = String::new();
    while let Some(chunk) = events.chunk().await.unwrap() {
        text.push_str(&String::from_utf8_lossy(&chunk));
    }
    assert!(text.contains("retry: 100"), "{text}");
    // Every connection is gone: the node is done.
    drop((page, agent_ws));
    server.stopped().await;
}

#[tokio::test]
async fn the_session_carries_on_when_the_customers_node_restarts() {
    let mut c = cluster().await;
    let agent = c.b.agent("ava", &[Right::Cobrowse]).await;
    let (session, code) = agent.start_phone_session().await;
    let mut agent_ws = agent.socket(&session).await.unwrap();
    let mut page = c.a.customer().await;
    let token = join_and_accept(&mut page, &code).await;
    agent_ws.expect_state("active").await;

    page.send_binary(b"\x00[1]".to_vec()).await;
    c.a.begin_shutdown();
    // Sent as the node goes away, before the page hears: it still reaches the agent.
    page.send_binary(b"\x00[2]".to_vec()).await;
    assert_eq!(page.closed().await, Some(RECONNECT));

    // The page reconnects (the balancer picks node B) and carries on: no code, no consent.
    let mut again = c.b.customer().await;
    again.send(json!({"t": "resume", "token": token})).await;
    again.expect("share").await;
    again.send_binary(b"\x00[3]".to_vec()).await;

    let mut frames = Vec::new();
    while frames.len() < 3 {
        match agent_ws.recv().await {
            Received::Binary(b) => frames.push(b),
            Received::Json(v) if v["t"] == "state" => {
                assert_eq!(v["state"], "active", "the agent's view never stops: {v}")
            }
            Received::Json(_) => {}
            Received::Closed(code) => panic!("the agent's socket closed: {code:?}"),
        }
    }
    assert_eq!(
        frames,
        [
            b"\x00[1]".to_vec(),
            b"\x00[2]".to_vec(),
            b"\x00[3]".to_vec()
        ],
        "every frame, in order"
    );
    drop(page);
    c.a.stopped().await;
    c.drop_schema().await;
}

#[tokio::test]
async fn the_agents_view_resumes_when_the_agents_node_restarts() {
    let mut c = cluster().await;
    let agent = c.a.agent("ava", &[Right::Cobrowse]).await;
    let (session, code) = agent.start_phone_session().await;
    let mut agent_ws = agent.socket(&session).await.unwrap();
    let mut page = c.b.customer().await;
    join_and_accept(&mut page, &code).await;
    agent_ws.expect_state("active").await;

    c.a.begin_shutdown();
    assert_eq!(agent_ws.closed().await, Some(RECONNECT));
    // The console reconnects to node B with the same sign-in: the customer is asked for a
    // fresh snapshot, so the view is whole again at once.
    let on_b = ApiAgent {
        base: c.b.url(""),
        addr: c.b.addr,
        token: agent.token.clone(),
        http: reqwest::Client::new(),
    };
    let mut again = on_b.socket(&session).await.unwrap();
    again.expect_state("active").await;
    page.expect("snapshot_request").await;
    page.send_binary(b"\x00[\"fresh\"]".to_vec()).await;
    loop {
        match again.recv().await {
            Received::Binary(b) => break assert_eq!(b, b"\x00[\"fresh\"]"),
            Received::Json(_) => continue,
            Received::Closed(code) => panic!("closed {code:?}"),
        }
    }
    drop(agent_ws);
    c.a.stopped().await;
    c.drop_schema().await;
}

#[tokio::test]
async fn pages_moving_off_a_draining_node_do_not_interrupt_their_session() {
    let mut c =
        cluster_with(|config| config.timings.leave_grace = std::time::Duration::from_millis(100))
            .await;
    let agent = c.b.agent("ava", &[Right::Cobrowse]).await;
    let (session, code) = agent.start_phone_session().await;
    let mut page = c.a.customer().await;
    let token = join_and_accept(&mut page, &code).await;
    c.a.begin_shutdown();
    assert_eq!(page.closed().await, Some(RECONNECT));
    let mut again = c.b.customer().await;
    again.send(json!({"t": "resume", "token": token})).await;
    again.expect("share").await;
    drop(page);
    c.a.stopped().await;
    // Node A's page went away for good; a node that merely lost a page would interrupt the
    // session once the (short) grace is over. Absence cannot be awaited: give it that long.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let stored =
        c.b.state
            .sessions
            .store()
            .session(&session)
            .await
            .unwrap()
            .unwrap();
    assert_eq!(stored.state, tandem_protocol::SessionState::Active);
    c.drop_schema().await;
}
