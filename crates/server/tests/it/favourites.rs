//! Favourites and company settings through the API: validation, persistence across a restart,
//! admin-only company lists and domains.

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
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or_default())
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
async fn favourites_are_validated_saved_whole_and_survive_a_restart() {
    let server = TestServer::start().await;
    let agent = server.agent("ava", &[Right::Cobrowse]).await;
    let good = json!({"favourites": [
        {"name": "Opening hours", "url": "https://shop.example.com/hours"},
        {"name": "Returns", "url": "https://shop.example.com/returns"}
    ]});
    let (status, saved) = put(&agent, "/api/favourites", good).await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["mine"].as_array().unwrap().len(), 2);

    // A bad entry refuses the whole edit and loses nothing.
    for bad in [
        json!({"favourites": [{"name": "x", "url": "javascript:alert(1)"}]}),
        json!({"favourites": [{"name": "", "url": "https://example.com"}]}),
        json!({"favourites": [{"name": "x", "url": "ftp://example.com"}]}),
        json!({"favourites": [{"name": "y".repeat(101), "url": "https://example.com"}]}),
        json!({"nope": true}),
    ] {
        let (status, body) = put(&agent, "/api/favourites", bad.clone()).await;
        assert_eq!(status, 400, "{bad} → {body}");
        assert!(body["error"].as_str().is_some());
    }
    assert_eq!(
        get(&agent, "/api/favourites").await["mine"][1]["name"],
        "Returns"
    );

    let dir = server.stop().await;
    let server = TestServer::start_in(dir, |_| {}).await;
    let agent = server.sign_in("ava").await;
    let after = get(&agent, "/api/favourites").await;
    assert_eq!(after["mine"][0]["name"], "Opening hours");
    assert_eq!(after["mine"][1]["url"], "https://shop.example.com/returns");
}

#[tokio::test]
async fn only_admins_set_company_favourites_and_domains() {
    let server = TestServer::start().await;
    let agent = server.agent("ava", &[Right::Cobrowse]).await;
    let admin = server.agent("root", &[Right::Cobrowse, Right::Admin]).await;
    let list = json!({"favourites": [{"name": "Help", "url": "https://example.com/help"}]});
    assert_eq!(
        put(&agent, "/api/company/favourites", list.clone()).await.0,
        403
    );
    assert_eq!(put(&admin, "/api/company/favourites", list).await.0, 200);
    assert_eq!(
        get(&agent, "/api/favourites").await["company"][0]["name"],
        "Help"
    );

    assert_eq!(
        put(
            &agent,
            "/api/settings/domains",
            json!({"domains": ["evil.com"]})
        )
        .await
        .0,
        403
    );
    assert_eq!(
        put(
            &admin,
            "/api/settings/domains",
            json!({"domains": ["not a domain"]})
        )
        .await
        .0,
        400
    );
    assert!(server.customer_from("https://other.org").await.is_err());
    let (status, body) = put(
        &admin,
        "/api/settings/domains",
        json!({"domains": ["example.com", "other.org"]}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    // The change applies at once.
    assert!(server.customer_from("https://shop.other.org").await.is_ok());
    assert_eq!(
        get(&agent, "/api/settings").await["domains"],
        json!(["example.com", "other.org"])
    );
}

#[tokio::test]
async fn site_settings_reach_running_pages_at_once() {
    let server = TestServer::start().await;
    let admin = server.agent("root", &[Right::Cobrowse, Right::Admin]).await;
    let agent = server.agent("ava", &[Right::Cobrowse]).await;
    let mut page = server.customer().await;
    let site = json!({"mask_selector": ".balance", "color": "#0f766e", "remote_control": true, "texts": {"consentTitle": "Share your screen?"}});
    assert_eq!(put(&agent, "/api/settings/site", site.clone()).await.0, 403);
    assert_eq!(
        put(
            &admin,
            "/api/settings/site",
            json!({"color": "red;x:url(y)"})
        )
        .await
        .0,
        400
    );
    let (status, body) = put(&admin, "/api/settings/site", site).await;
    assert_eq!(status, 200, "{body}");
    let pushed = page.expect("settings").await;
    assert_eq!(pushed["settings"]["mask_selector"], ".balance");
    assert_eq!(
        pushed["settings"]["texts"]["consentTitle"],
        "Share your screen?"
    );
    // A page that loads later gets them first thing.
    let mut later = server.customer_from(SITE).await.unwrap();
    later.send(json!({"t": "redeem", "code": "12"})).await;
    later.expect("code_refused").await;
    assert_eq!(
        get(&agent, "/api/settings").await["site"]["color"],
        "#0f766e"
    );
}
