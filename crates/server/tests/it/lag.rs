//! A mirror that knows when it drifts, the server's part: when DOM frames are lost on their way
//! to an agent — a subscriber that fell behind on the in-process bus, or on NATS, which drops
//! messages for a slow subscriber without a word — the agent is told (`lagged`) and the customer
//! is asked for a fresh snapshot. A tiny `--bus-capacity` makes a burst of frames enough.

use crate::common::*;
use tandem::Config;
use tandem::store::Right;

/// Bursts of frames from the customer (sent by a task of their own) until the agent is told it
/// lagged; then the customer must have been asked for a snapshot.
async fn burst_until_lagged(server: &TestServer) {
    let agent = server.agent("ava", &[Right::Cobrowse]).await;
    let (session, code) = agent.start_phone_session().await;
    let mut agent_ws = agent.socket(&session).await.unwrap();
    let mut page = server.customer().await;
    join_and_accept(&mut page, &code).await;
    agent_ws.expect_state("active").await;
    let (stop, mut stopped) = tokio::sync::oneshot::channel::<()>();
    let sender = tokio::spawn(async move {
        let frame = b"\x00\x00\x00\x00\x00\x01\x00\x00\x00[[7,1,1]]".to_vec();
        for _ in 0..500 {
            if stopped.try_recv().is_ok() {
                break;
            }
            for _ in 0..64 {
                page.send_binary(frame.clone()).await;
            }
            tokio::task::yield_now().await;
        }
        page
    });
    loop {
        match agent_ws.recv().await {
            Received::Json(v) if v["t"] == "lagged" => break,
            Received::Json(_) | Received::Binary(_) => {}
            Received::Closed(c) => panic!("agent socket closed: {c:?}"),
        }
    }
    let _ = stop.send(());
    let mut page = sender.await.unwrap();
    page.expect("snapshot_request").await;
}

#[tokio::test]
async fn a_lagging_agent_on_the_local_bus_is_told_and_gets_a_fresh_snapshot() {
    let server = TestServer::start_with(|c| c.bus_capacity = Some(1)).await;
    burst_until_lagged(&server).await;
}

#[tokio::test]
async fn a_lagging_agent_on_nats_is_told_and_gets_a_fresh_snapshot() {
    let nats = std::env::var("TANDEM_TEST_NATS").unwrap_or_else(|_| "nats://127.0.0.1:4222".into());
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::new(format!(
        "sqlite://{}",
        dir.path().join("tandem.db").display()
    ));
    config.nats_url = Some(nats);
    config.nats_prefix = format!("lag_{}", tandem::secret::id());
    config.bus_capacity = Some(1);
    let server = TestServer::start_config(dir, config, |_| {}).await;
    burst_until_lagged(&server).await;
}

#[tokio::test]
async fn an_agent_keeping_up_is_never_told_it_lagged() {
    let server = TestServer::start().await;
    let agent = server.agent("ava", &[Right::Cobrowse]).await;
    let (session, code) = agent.start_phone_session().await;
    let mut agent_ws = agent.socket(&session).await.unwrap();
    let mut page = server.customer().await;
    join_and_accept(&mut page, &code).await;
    agent_ws.expect_state("active").await;
    for _ in 0..200 {
        page.send_binary(b"\x00\x00\x00\x00\x00\x01\x00\x00\x00[]".to_vec())
            .await;
    }
    let mut frames = 0;
    while frames < 200 {
        match agent_ws.recv().await {
            Received::Binary(_) => frames += 1,
            Received::Json(v) => assert_ne!(v["t"], "lagged", "{v}"),
            Received::Closed(c) => panic!("agent socket closed: {c:?}"),
        }
    }
}
