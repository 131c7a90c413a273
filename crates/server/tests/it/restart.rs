//! Nothing is lost on restart (ARCHITECTURE.md §4.7): agents, contacts and live sessions are in the
//! store; a customer's page resumes the session on a restarted server.

use crate::common::*;
use serde_json::json;
use tandem::store::Right;

#[tokio::test]
async fn a_live_session_resumes_after_a_restart() {
    let server = TestServer::start().await;
    let agent = server.agent("ava", &[Right::Cobrowse]).await;
    let (session, code) = agent.start_phone_session().await;
    let mut customer = server.customer().await;
    let token = join_and_accept(&mut customer, &code).await;
    drop(customer);
    let dir = server.stop().await;

    let server = TestServer::start_in(dir, |_| {}).await;
    // The agent survived the restart: they can sign in.
    let agent = server.sign_in("ava").await;
    let res = agent
        .http
        .get(server.url("/api/contacts"))
        .bearer_auth(&agent.token)
        .send()
        .await
        .unwrap();
    let contacts: serde_json::Value = res.json().await.unwrap();
    assert_eq!(contacts[0]["session"]["state"], "active");

    let mut page = server.customer().await;
    page.send(json!({"t": "resume", "token": token})).await;
    page.expect("share").await;
    let mut agent_ws = agent.socket(&session).await.unwrap();
    agent_ws.expect_state("active").await;
    page.expect("snapshot_request").await;
}
