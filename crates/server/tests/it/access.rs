//! Access ends the moment it is taken away (ARCHITECTURE.md §4.5): signing out, a password change
//! (`tandem agent add` again, from another process) or losing the cobrowse right closes the
//! agent's open socket with ACCESS_ENDED and ends their event stream at once.

use std::time::Duration;

use crate::common::*;
use serde_json::json;
use tandem::store::Right;
use tandem_protocol::close;

/// The agent's event stream, open.
async fn event_stream(agent: &ApiAgent) -> reqwest::Response {
    let res = agent
        .http
        .get(format!("{}/api/events", agent.base))
        .bearer_auth(&agent.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res
}

/// Reads the stream until it ends; panics if it is still open after 10 s.
async fn stream_ends(mut res: reqwest::Response) {
    let end = tokio::time::timeout(Duration::from_secs(10), async {
        while let Ok(Some(_)) = res.chunk().await {}
    });
    end.await.expect("the event stream is still open");
}

/// An agent with a live session: their socket, waiting for the customer's code.
async fn agent_with_socket(server: &TestServer, name: &str) -> (ApiAgent, Socket) {
    let agent = server.agent(name, &[Right::Cobrowse]).await;
    let (session, _) = agent.start_phone_session().await;
    let mut ws = agent.socket(&session).await.unwrap();
    ws.expect_state("awaiting_code").await;
    (agent, ws)
}

#[tokio::test]
async fn signing_out_closes_the_agents_socket_and_event_stream() {
    let server = TestServer::start().await;
    let (agent, mut ws) = agent_with_socket(&server, "ava").await;
    let events = event_stream(&agent).await;
    let (status, _) = agent.post("/api/logout", json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(ws.closed().await, Some(close::ACCESS_ENDED));
    stream_ends(events).await;
    assert_eq!(agent.socket("anything").await.err(), Some(401));
}

#[tokio::test]
async fn losing_the_cobrowse_right_closes_the_socket_but_other_agents_carry_on() {
    let server = TestServer::start().await;
    let admin = server.agent("root", &[Right::Cobrowse, Right::Admin]).await;
    let (_ava, mut ws) = agent_with_socket(&server, "ava").await;
    let (_bo, mut bo_ws) = agent_with_socket(&server, "bo").await;
    let res = admin
        .http
        .put(format!("{}/api/agents/ava/rights", admin.base))
        .bearer_auth(&admin.token)
        .json(&json!({"rights": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(ws.closed().await, Some(close::ACCESS_ENDED));
    // Bo's socket still works.
    bo_ws.send(json!({"t": "resync"})).await;
    let res = admin
        .http
        .put(format!("{}/api/agents/bo/rights", admin.base))
        .bearer_auth(&admin.token)
        .json(&json!({"rights": ["cobrowse", "remote-control"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    bo_ws
        .send(json!({"t": "agent_scroll", "x": 0, "y": 10}))
        .await;
    let still_open = tokio::time::timeout(Duration::from_millis(1500), bo_ws.ws.next()).await;
    assert!(
        !matches!(
            still_open,
            Ok(Some(Ok(tokio_tungstenite::tungstenite::Message::Close(_))))
        ),
        "bo kept the right"
    );
}

#[tokio::test]
async fn a_password_change_from_another_process_ends_the_sign_ins() {
    let server = TestServer::start().await;
    let (agent, mut ws) = agent_with_socket(&server, "ava").await;
    let events = event_stream(&agent).await;
    // `tandem agent add` again, against the same store, while the server runs.
    let mut cli = tokio::process::Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(["agent", "add", "ava", "--password-stdin", "--data"])
        .arg(server.dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    use tokio::io::AsyncWriteExt;
    cli.stdin
        .take()
        .unwrap()
        .write_all(b"a-new-password\n")
        .await
        .unwrap();
    assert!(cli.wait().await.unwrap().success());
    assert_eq!(ws.closed().await, Some(close::ACCESS_ENDED));
    stream_ends(events).await;
    let (status, _) = agent
        .post(
            "/api/contacts",
            json!({"channel": "phone", "customer": "Ann"}),
        )
        .await;
    assert_eq!(status, 401, "the old sign-in is revoked");
}

use futures_util::StreamExt;
