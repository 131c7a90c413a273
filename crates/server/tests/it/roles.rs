//! Role checks (ARCHITECTURE.md §4.5): each socket may send only its role's messages; customer
//! sockets only from the company's domains; agent sockets only for the owning agent with the
//! cobrowse right. Also the API's rights checks.

use crate::common::*;
use serde_json::json;
use tandem::store::Right;
use tandem_protocol::close;

#[tokio::test]
async fn a_customer_sending_an_agent_message_is_closed() {
    let server = TestServer::start().await;
    let agent = server.agent("ava", &[Right::Cobrowse]).await;
    let (session, code) = agent.start_phone_session().await;
    let mut customer = server.customer().await;
    join_and_accept(&mut customer, &code).await;
    customer.send(json!({"t": "stop_session"})).await;
    assert_eq!(customer.closed().await, Some(close::MALFORMED));
    // The session was not stopped by the forged message.
    let mut agent_ws = agent.socket(&session).await.unwrap();
    agent_ws.expect_state("active").await;
}

#[tokio::test]
async fn an_agent_sending_customer_messages_or_dom_frames_is_closed() {
    let server = TestServer::start().await;
    let agent = server.agent("ava", &[Right::Cobrowse]).await;
    let (session, code) = agent.start_phone_session().await;
    let mut customer = server.customer().await;
    customer.send(json!({"t": "redeem", "code": code})).await;
    customer.expect("consent_request").await;

    let mut agent_ws = agent.socket(&session).await.unwrap();
    agent_ws.send(json!({"t": "consent", "accept": true})).await;
    assert_eq!(agent_ws.closed().await, Some(close::MALFORMED));

    let mut agent_ws = agent.socket(&session).await.unwrap();
    agent_ws.send_binary(b"\x00[]".to_vec()).await;
    assert_eq!(agent_ws.closed().await, Some(close::FORBIDDEN));

    // The agent could not consent on the customer's behalf.
    let mut agent_ws = agent.socket(&session).await.unwrap();
    agent_ws.expect_state("awaiting_consent").await;
}

#[tokio::test]
async fn an_agent_cannot_join_another_agents_session() {
    let server = TestServer::start().await;
    let owner = server.agent("ava", &[Right::Cobrowse]).await;
    let intruder = server.agent("ivan", &[Right::Cobrowse]).await;
    let (session, _) = owner.start_phone_session().await;
    assert_eq!(intruder.socket(&session).await.err(), Some(403));
    assert_eq!(intruder.socket("no-such-session").await.err(), Some(404));
}

#[tokio::test]
async fn an_agent_socket_needs_a_signed_in_agent() {
    let server = TestServer::start().await;
    let owner = server.agent("ava", &[Right::Cobrowse]).await;
    let (session, _) = owner.start_phone_session().await;
    let forged = ApiAgent {
        token: "forged".into(),
        ..owner
    };
    assert_eq!(forged.socket(&session).await.err(), Some(401));
}

#[tokio::test]
async fn an_agent_without_the_cobrowse_right_is_refused() {
    let server = TestServer::start().await;
    let agent = server.agent("nora", &[]).await;
    let (status, contact) = agent
        .post(
            "/api/contacts",
            json!({"channel": "phone", "customer": "Cy"}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, body) = agent
        .post(
            &format!("/api/contacts/{}/cobrowse", contact["id"].as_str().unwrap()),
            json!({}),
        )
        .await;
    assert_eq!(status, 403);
    assert!(body["error"].as_str().unwrap().contains("cobrowse right"));
}

#[tokio::test]
async fn the_agent_socket_needs_the_cobrowse_right() {
    let server = TestServer::start().await;
    let admin = server.agent("root", &[Right::Cobrowse, Right::Admin]).await;
    let agent = server.agent("ava", &[Right::Cobrowse]).await;
    let (session, _) = agent.start_phone_session().await;
    // The right is withdrawn after the session started: the socket to it is refused.
    let (status, _) = admin
        .put("/api/agents/ava/rights", json!({"rights": []}))
        .await;
    assert_eq!(status, 200);
    assert_eq!(agent.socket(&session).await.err(), Some(403));
    // Given back, the same sign-in opens it.
    let (status, _) = admin
        .put("/api/agents/ava/rights", json!({"rights": ["cobrowse"]}))
        .await;
    assert_eq!(status, 200);
    assert!(agent.socket(&session).await.is_ok());
}

#[tokio::test]
async fn an_agent_cannot_start_on_another_agents_contact() {
    let server = TestServer::start().await;
    let owner = server.agent("ava", &[Right::Cobrowse]).await;
    let other = server.agent("ivan", &[Right::Cobrowse]).await;
    let (_, contact) = owner
        .post(
            "/api/contacts",
            json!({"channel": "phone", "customer": "Cy"}),
        )
        .await;
    let (status, _) = other
        .post(
            &format!("/api/contacts/{}/cobrowse", contact["id"].as_str().unwrap()),
            json!({}),
        )
        .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn customer_sockets_only_from_the_companys_domains() {
    let server = TestServer::start().await;
    assert!(server.customer_from("https://example.com").await.is_ok());
    assert!(
        server
            .customer_from("http://www.example.com:8443")
            .await
            .is_ok()
    );
    assert_eq!(
        server.customer_from("https://evil.com").await.err(),
        Some(403)
    );
    assert_eq!(
        server
            .customer_from("https://example.com.evil.com")
            .await
            .err(),
        Some(403)
    );
    assert_eq!(server.customer_from("null").await.err(), Some(403));
}

#[tokio::test]
async fn the_api_wants_a_sign_in() {
    let server = TestServer::start().await;
    let res = reqwest::Client::new()
        .get(server.url("/api/contacts"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let res = reqwest::Client::new()
        .post(server.url("/api/login"))
        .json(&json!({"username": "nobody", "password": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
}
