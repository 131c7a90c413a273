//! Languages (issue 13): the consent's language and words are kept in the audit log with the
//! answer, cleaned and bounded; the company's widget language is a checked site setting.

use crate::common::*;
use serde_json::json;
use tandem::store::Right;

#[tokio::test]
async fn the_audit_log_keeps_the_language_and_words_of_the_consent() {
    let server = TestServer::start().await;
    let admin = server.agent("root", &[Right::Cobrowse, Right::Admin]).await;
    let (session, code) = admin.start_phone_session().await;
    let mut customer = server.customer().await;
    customer.send(json!({"t": "redeem", "code": code})).await;
    customer.expect("consent_request").await;
    customer
        .send(json!({"t": "consent", "accept": true, "language": "sv",
            "text": "Godkänner du samsurfning?\nroot vill se den här sidan tillsammans med dig."}))
        .await;
    customer.expect("share").await;

    let (status, events) = admin.get(&format!("/api/audit?session_id={session}")).await;
    assert_eq!(status, 200);
    let given = events
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "consent_given")
        .expect("consent_given is audited");
    assert_eq!(
        given["detail"],
        "language: sv; text: Godkänner du samsurfning? root vill se den här sidan tillsammans med dig."
    );
}

#[tokio::test]
async fn the_company_language_is_a_checked_site_setting() {
    let server = TestServer::start().await;
    let admin = server.agent("root", &[Right::Cobrowse, Right::Admin]).await;
    let put = |body: serde_json::Value| {
        admin
            .http
            .put(format!("{}/api/settings/site", admin.base))
            .bearer_auth(&admin.token)
            .json(&body)
            .send()
    };
    let bad = put(json!({"language": "sv\"><script>"})).await.unwrap();
    assert_eq!(bad.status().as_u16(), 400);
    let good = put(json!({"language": "sv"})).await.unwrap();
    assert_eq!(good.status().as_u16(), 200);
    let settings: serde_json::Value = reqwest::get(server.url("/sdk/settings"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(settings["language"], "sv");
}
