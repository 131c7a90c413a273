//! Signed webhooks: a receiver on this machine (allowed by `--allow-private-webhooks`) gets
//! session started, consent answered and ended, each signed with the shared secret. Without
//! the flag, loopback and private receivers are refused, when set and at delivery; redirects
//! are never followed.

use std::time::Duration;

use crate::common::*;
use axum::http::HeaderMap;
use serde_json::json;
use tandem::store::Right;
use tokio::sync::mpsc;

/// The signature is pinned to a digest computed outside the code (`printf '%s'
/// '1700000000.{body}' | openssl dgst -sha256 -hmac SECRET`): the documented
/// `"{timestamp}.{body}"` HMAC-SHA256, hex, after `sha256=`. The live test below checks each
/// delivery's header against the same function.
#[test]
fn the_signature_is_the_documented_hmac_of_timestamp_dot_body() {
    assert_eq!(
        tandem::session::sign_webhook(
            "a-shared-secret-of-some-length",
            1_700_000_000,
            r#"{"event":"session.started","at":1700000000}"#
        ),
        "sha256=1280a3f2e613be8a788d526a28ef58284778fb7c02ae02d9c8792235f27f921c"
    );
}

async fn receiver() -> (String, mpsc::UnboundedReceiver<(HeaderMap, String)>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: HeaderMap, body: String| {
            let tx = tx.clone();
            async move {
                let _ = tx.send((headers, body));
                "ok"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, rx)
}

#[tokio::test]
async fn lifecycle_events_arrive_signed() {
    let server = TestServer::start_with(|c| c.allow_private_webhooks = true).await;
    let admin = server.agent("root", &[Right::Cobrowse, Right::Admin]).await;
    let (url, mut hooks) = receiver().await;
    let secret = "a-shared-secret-of-some-length";
    let put = |body: serde_json::Value| {
        admin
            .http
            .put(format!("{}/api/settings/webhook", admin.base))
            .bearer_auth(&admin.token)
            .json(&body)
            .send()
    };
    assert_eq!(
        put(json!({"url": "javascript:x", "secret": secret}))
            .await
            .unwrap()
            .status(),
        400
    );
    assert_eq!(
        put(json!({"url": url, "secret": "short"}))
            .await
            .unwrap()
            .status(),
        400
    );
    assert_eq!(
        put(json!({"url": url, "secret": secret}))
            .await
            .unwrap()
            .status(),
        200
    );

    let (_, code) = admin.start_phone_session().await;
    let mut page = server.customer().await;
    join_and_accept(&mut page, &code).await;
    page.send(json!({"t": "stop"})).await;
    page.expect("ended").await;

    let mut events = Vec::new();
    while events.len() < 3 {
        let (headers, body) = tokio::time::timeout(Duration::from_secs(5), hooks.recv())
            .await
            .expect("webhook")
            .unwrap();
        let ts: i64 = headers["x-tandem-timestamp"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        let sig = headers["x-tandem-signature"].to_str().unwrap();
        assert_eq!(
            sig,
            tandem::session::sign_webhook(secret, ts, &body),
            "signature checks out"
        );
        assert_ne!(
            sig,
            tandem::session::sign_webhook("wrong-secret-xxxxxxxx", ts, &body)
        );
        events.push(serde_json::from_str::<serde_json::Value>(&body).unwrap());
    }
    events.sort_by_key(|e| e["at"].as_i64());
    let names: Vec<&str> = events
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["session.started", "consent.answered", "session.ended"]
    );
    assert_eq!(events[1]["accepted"], true);
    assert_eq!(events[2]["actor"], "customer");
}

/// Runs one session from start to stop, so its lifecycle webhooks are due.
async fn one_session(server: &TestServer, admin: &ApiAgent) {
    let (_, code) = admin.start_phone_session().await;
    let mut page = server.customer().await;
    join_and_accept(&mut page, &code).await;
    page.send(json!({"t": "stop"})).await;
    page.expect("ended").await;
}

#[tokio::test]
async fn private_receivers_are_refused_without_the_flag() {
    let server = TestServer::start().await;
    let admin = server.agent("root", &[Right::Cobrowse, Right::Admin]).await;
    let (url, mut hooks) = receiver().await;
    let secret = "a-shared-secret-of-some-length";
    let port = url
        .split(':')
        .nth(2)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_string();
    for target in [
        url.clone(),
        format!("http://localhost:{port}/hook"),
        "http://169.254.169.254/latest/meta-data".into(),
        "http://[::1]/x".into(),
        "http://10.0.0.1/x".into(),
    ] {
        let res = admin
            .http
            .put(format!("{}/api/settings/webhook", admin.base))
            .bearer_auth(&admin.token)
            .json(&json!({"url": target, "secret": secret}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400, "{target}");
        let error = res.json::<serde_json::Value>().await.unwrap()["error"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(
            error.contains("--allow-private-webhooks"),
            "{target}: {error}"
        );
    }
    // A setting stored before (or a host whose address changed since) is checked at delivery.
    server
        .state
        .sessions
        .set_webhook(tandem::session::WebhookConfig {
            url,
            secret: secret.into(),
        })
        .await
        .unwrap();
    one_session(&server, &admin).await;
    let nothing = tokio::time::timeout(Duration::from_secs(2), hooks.recv()).await;
    assert!(
        nothing.is_err(),
        "no webhook reached the loopback receiver: {nothing:?}"
    );
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let server = TestServer::start_with(|c| c.allow_private_webhooks = true).await;
    let admin = server.agent("root", &[Right::Cobrowse, Right::Admin]).await;
    let (target, mut followed) = receiver().await;
    let (asked_tx, mut asked) = mpsc::unbounded_channel::<()>();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move || {
            let (asked_tx, target) = (asked_tx.clone(), target.clone());
            async move {
                let _ = asked_tx.send(());
                axum::response::Redirect::temporary(&target)
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let (status, _) = (
        admin
            .http
            .put(format!("{}/api/settings/webhook", admin.base))
            .bearer_auth(&admin.token)
            .json(&json!({"url": url, "secret": "a-shared-secret-of-some-length"}))
            .send()
            .await
            .unwrap()
            .status(),
        (),
    );
    assert_eq!(status, 200);
    one_session(&server, &admin).await;
    tokio::time::timeout(Duration::from_secs(5), asked.recv())
        .await
        .expect("the receiver was asked")
        .unwrap();
    let nothing = tokio::time::timeout(Duration::from_secs(2), followed.recv()).await;
    assert!(
        nothing.is_err(),
        "the redirect was not followed: {nothing:?}"
    );
}
