//! The OpenAPI document is served, and every path it documents is really routed (it is
//! generated from the handlers, and this keeps the router honest too).

use crate::common::*;

#[tokio::test]
async fn every_documented_endpoint_exists() {
    let server = TestServer::start().await;
    let http = reqwest::Client::new();
    let doc: serde_json::Value = http
        .get(server.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for required in [
        "/api/login",
        "/api/contacts",
        "/api/contacts/{id}/events",
        "/api/contacts/{id}/cobrowse",
        "/api/audit",
    ] {
        assert!(paths.contains_key(required), "{required} is documented");
    }
    let mut checked = 0;
    for (path, methods) in paths {
        let concrete = path.replace("{id}", "x").replace("{username}", "x");
        for method in methods.as_object().unwrap().keys() {
            let req = match method.as_str() {
                "get" => http.get(server.url(&concrete)),
                "post" => http
                    .post(server.url(&concrete))
                    .json(&serde_json::json!({})),
                "put" => http.put(server.url(&concrete)).json(&serde_json::json!({})),
                "delete" => http.delete(server.url(&concrete)),
                other => panic!("unexpected method {other}"),
            };
            let status = req.send().await.unwrap().status().as_u16();
            assert!(
                status != 404 && status != 405,
                "{method} {path} answered {status}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} operations documented");
}
