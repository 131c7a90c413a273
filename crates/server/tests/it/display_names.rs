//! Agents' display names: an admin sets them, the customer's consent question and a colleague's
//! chat transcript use them, and they default to the username.

use crate::common::*;
use serde_json::json;
use tandem::store::Right;

async fn put(agent: &ApiAgent, path: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
    let res = agent
        .http
        .put(format!("{}{}", agent.base, path))
        .bearer_auth(&agent.token)
        .json(&body)
        .send()
        .await
        .unwrap();
    (
        res.status().as_u16(),
        res.json().await.unwrap_or(serde_json::Value::Null),
    )
}

async fn get(agent: &ApiAgent, path: &str) -> serde_json::Value {
    agent
        .http
        .get(format!("{}{}", agent.base, path))
        .bearer_auth(&agent.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_admin_sets_a_display_name_and_the_customer_is_asked_by_it() {
    let server = TestServer::start().await;
    let admin = server.agent("root", &[Right::Admin]).await;
    let ava = server.agent("ava", &[Right::Cobrowse]).await;
    assert_eq!(
        get(&ava, "/api/me").await["display_name"],
        "ava",
        "the username until one is set"
    );

    let (status, view) = put(
        &admin,
        "/api/agents/ava/display-name",
        json!({"display_name": "  Ava Lind "}),
    )
    .await;
    assert_eq!(status, 200, "{view}");
    assert_eq!(view["display_name"], "Ava Lind");
    assert_eq!(get(&ava, "/api/me").await["display_name"], "Ava Lind");
    let listed = get(&admin, "/api/agents").await;
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["username"] == "ava" && a["display_name"] == "Ava Lind"),
        "{listed}"
    );

    let (_, code) = ava.start_phone_session().await;
    let mut customer = server.customer().await;
    customer.send(json!({"t": "redeem", "code": code})).await;
    assert_eq!(
        customer.expect("consent_request").await["agent"],
        "Ava Lind"
    );
}

#[tokio::test]
async fn display_names_are_for_admins_and_bounded() {
    let server = TestServer::start().await;
    let admin = server.agent("root", &[Right::Admin]).await;
    let ava = server.agent("ava", &[Right::Cobrowse]).await;
    assert_eq!(
        put(
            &ava,
            "/api/agents/ava/display-name",
            json!({"display_name": "Queen Ava"})
        )
        .await
        .0,
        403
    );
    let (status, body) = put(
        &admin,
        "/api/agents/ava/display-name",
        json!({"display_name": "x".repeat(81)}),
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        body["error"].as_str().unwrap().contains("80 characters"),
        "{body}"
    );
    assert_eq!(
        put(
            &admin,
            "/api/agents/ava/display-name",
            json!({"display_name": "a\u{7}b"})
        )
        .await
        .0,
        400
    );
    assert_eq!(
        put(
            &admin,
            "/api/agents/nobody/display-name",
            json!({"display_name": "X"})
        )
        .await
        .0,
        404
    );
    assert_eq!(
        put(&admin, "/api/agents/ava/display-name", json!({}))
            .await
            .0,
        400
    );
    let (status, view) = admin.post("/api/agents", json!({"username": "bo", "password": "bo-password-1", "rights": ["cobrowse"], "display_name": "Bo B."})).await;
    assert_eq!(
        (status, view["display_name"].as_str()),
        (200, Some("Bo B."))
    );
    // Empty means the username again.
    let (_, view) = put(
        &admin,
        "/api/agents/bo/display-name",
        json!({"display_name": ""}),
    )
    .await;
    assert_eq!(view["display_name"], "bo");
}

#[tokio::test]
async fn after_a_transfer_each_agent_line_keeps_who_wrote_it() {
    let server = TestServer::start().await;
    let admin = server.agent("root", &[Right::Admin]).await;
    let ava = server.agent("ava", &[Right::Cobrowse]).await;
    let bo = server.agent("bo", &[Right::Cobrowse]).await;
    put(
        &admin,
        "/api/agents/ava/display-name",
        json!({"display_name": "Ava Lind"}),
    )
    .await;
    let (_, contact) = ava
        .post(
            "/api/contacts",
            json!({"channel": "chat", "customer": "Carl"}),
        )
        .await;
    let id = contact["id"].as_str().unwrap();
    assert_eq!(
        ava.post(
            &format!("/api/contacts/{id}/chat"),
            json!({"text": "Hello from Ava"})
        )
        .await
        .0,
        200
    );
    assert_eq!(
        ava.post(
            &format!("/api/contacts/{id}/events"),
            json!({"type": "transfer", "to": "bo"})
        )
        .await
        .0,
        200
    );
    assert_eq!(
        bo.post(
            &format!("/api/contacts/{id}/chat"),
            json!({"text": "Bo here"})
        )
        .await
        .0,
        200
    );
    let chat = get(&bo, &format!("/api/contacts/{id}/chat")).await;
    let lines: Vec<_> = chat
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["agent"].as_str(),
                l["agent_name"].as_str(),
                l["text"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            (Some("ava"), Some("Ava Lind"), "Hello from Ava"),
            (Some("bo"), Some("bo"), "Bo here")
        ]
    );
}
