//! Nothing is lost on restart (ARCHITECTURE.md §4.7): agents, contacts and live sessions are in the
//! store; a customer's page resumes the session on a restarted server; the company's settings,
//! domains, webhook and audit log are still there.

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

#[tokio::test]
async fn settings_domains_webhook_and_audit_log_survive_a_restart() {
    let server = TestServer::start_with(|c| c.allow_private_webhooks = true).await;
    let admin = server.agent("root", &[Right::Cobrowse, Right::Admin]).await;
    let (status, _) = admin
        .put(
            "/api/settings/site",
            json!({"mask_selector": ".kept-mask", "remote_control": false, "color": "#0f766e",
                   "texts": {"launcher": "Share my screen"}}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = admin
        .put(
            "/api/settings/domains",
            json!({"domains": ["example.com", "shop.example.org"]}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = admin
        .put(
            "/api/settings/webhook",
            json!({"url": "http://127.0.0.1:9/hook", "secret": "a-shared-secret-of-some-length"}),
        )
        .await;
    assert_eq!(status, 200);
    let (session, code) = admin.start_phone_session().await;
    let mut customer = server.customer().await;
    join_and_accept(&mut customer, &code).await;
    drop(customer);
    let (_, audit_before) = admin.get(&format!("/api/audit?session_id={session}")).await;
    let (_, settings_before) = admin.get("/api/settings").await;
    let dir = server.stop().await;

    let server = TestServer::start_in(dir, |c| c.allow_private_webhooks = true).await;
    let admin = server.sign_in("root").await;
    let (status, settings) = admin.get("/api/settings").await;
    assert_eq!(status, 200);
    assert_eq!(settings, settings_before);
    assert_eq!(settings["site"]["mask_selector"], ".kept-mask");
    assert_eq!(settings["site"]["remote_control"], false);
    assert_eq!(settings["site"]["texts"]["launcher"], "Share my screen");
    assert_eq!(
        settings["domains"],
        json!(["example.com", "shop.example.org"])
    );
    let (_, webhook) = admin.get("/api/settings/webhook").await;
    assert_eq!(
        webhook,
        json!({"url": "http://127.0.0.1:9/hook", "has_secret": true})
    );
    let (_, audit) = admin.get(&format!("/api/audit?session_id={session}")).await;
    let kinds = |a: &serde_json::Value| {
        a.as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert!(
        kinds(&audit).contains(&"consent_given".to_string()),
        "{audit}"
    );
    assert_eq!(kinds(&audit), kinds(&audit_before));
}
