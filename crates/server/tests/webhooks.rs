//! Signed webhooks: a receiver on this machine gets session started, consent answered and
//! ended, each signed with the shared secret.

mod common;

use std::time::Duration;

use axum::http::HeaderMap;
use common::*;
use serde_json::json;
use tandem::store::Right;
use tokio::sync::mpsc;

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
    let server = TestServer::start().await;
    let admin = server.agent("root", &[Right::Cobrowse, Right::Admin]).await;
    let (url, mut hooks) = receiver().await;
    let secret = "a-shared-secret-of-some-length";
    let put = |body: serde_json::Value| admin.http.put(format!("{}/api/settings/webhook", admin.base)).bearer_auth(&admin.token).json(&body).send();
    assert_eq!(put(json!({"url": "javascript:x", "secret": secret})).await.unwrap().status(), 400);
    assert_eq!(put(json!({"url": url, "secret": "short"})).await.unwrap().status(), 400);
    assert_eq!(put(json!({"url": url, "secret": secret})).await.unwrap().status(), 200);

    let (_, code) = admin.start_phone_session().await;
    let mut page = server.customer().await;
    join_and_accept(&mut page, &code).await;
    page.send(json!({"t": "stop"})).await;
    page.expect("ended").await;

    let mut events = Vec::new();
    while events.len() < 3 {
        let (headers, body) = tokio::time::timeout(Duration::from_secs(5), hooks.recv()).await.expect("webhook").unwrap();
        let ts: i64 = headers["x-tandem-timestamp"].to_str().unwrap().parse().unwrap();
        let sig = headers["x-tandem-signature"].to_str().unwrap();
        assert_eq!(sig, tandem::session::sign_webhook(secret, ts, &body), "signature checks out");
        assert_ne!(sig, tandem::session::sign_webhook("wrong-secret-xxxxxxxx", ts, &body));
        events.push(serde_json::from_str::<serde_json::Value>(&body).unwrap());
    }
    events.sort_by_key(|e| e["at"].as_i64());
    let names: Vec<&str> = events.iter().map(|e| e["event"].as_str().unwrap()).collect();
    assert_eq!(names, ["session.started", "consent.answered", "session.ended"]);
    assert_eq!(events[1]["accepted"], true);
    assert_eq!(events[2]["actor"], "customer");
}
