//! Asset delivery through Tandem: the mirror's images, fonts and stylesheets come from the
//! server, which fetches only public addresses of the company's domains. Without the test-only
//! loopback flag, loopback, private, link-local and metadata addresses — and a name that
//! resolves to loopback — are refused; with it (the e2e suite's demo site is on 127.0.0.1) a
//! local site stands in for the company's: images and fonts are delivered and cached,
//! stylesheets come back with their `url()`s pointing through the proxy, other types, large
//! bodies and redirects to private addresses are refused, and every outcome is on /metrics.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::common::*;
use axum::http::header;
use tandem::domains::Domains;
use tandem::store::Right;

/// A live session of `root`'s: (agent, session id).
async fn live_session(server: &TestServer) -> (ApiAgent, String, Socket) {
    let agent = server.agent("root", &[Right::Cobrowse, Right::Admin]).await;
    let (session, code) = agent.start_phone_session().await;
    let mut customer = server.customer().await;
    join_and_accept(&mut customer, &code).await;
    (agent, session, customer)
}

async fn ask(agent: &ApiAgent, session: &str, url: &str) -> reqwest::Response {
    agent
        .http
        .get(format!("{}/api/sessions/{session}/asset", agent.base))
        .query(&[("url", url)])
        .bearer_auth(&agent.token)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn private_loopback_and_metadata_addresses_are_refused() {
    let server = TestServer::start_with(|c| {
        c.domains = Domains::new(
            [
                "example.com",
                "127.0.0.1",
                "10.1.2.3",
                "169.254.169.254",
                "::1",
                "localhost",
            ]
            .map(String::from),
        );
    })
    .await;
    let (agent, session, _customer) = live_session(&server).await;
    let site = server.addr.port();
    for url in [
        format!("http://127.0.0.1:{site}/healthz"),
        "http://10.1.2.3/logo.png".to_string(),
        "http://169.254.169.254/latest/meta-data/".to_string(),
        format!("http://[::1]:{site}/healthz"),
        format!("http://localhost:{site}/healthz"),
        "http://2130706433/x.png".to_string(),
        "https://elsewhere.test/logo.png".to_string(),
        "file:///etc/passwd".to_string(),
    ] {
        let r = ask(&agent, &session, &url).await;
        assert_eq!(r.status(), 403, "{url}");
        let body: serde_json::Value = r.json().await.unwrap();
        assert!(body["error"].is_string(), "{url}: {body}");
    }
}

/// A company site on this machine: what it served, counted.
async fn site() -> (std::net::SocketAddr, Arc<AtomicUsize>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let h = hits.clone();
    let app = axum::Router::new()
        .route(
            "/img/logo.png",
            axum::routing::get(move || {
                h.fetch_add(1, Ordering::SeqCst);
                async { ([(header::CONTENT_TYPE, "image/png")], vec![0x89u8, b'P', b'N', b'G']) }
            }),
        )
        .route(
            "/fonts/icons.woff2",
            axum::routing::get(|| async {
                ([(header::CONTENT_TYPE, "application/octet-stream")], vec![b'w', b'O', b'F', b'2'])
            }),
        )
        .route(
            "/css/site.css",
            axum::routing::get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/css")],
                    "@font-face{font-family:i;src:url(../fonts/icons.woff2)} .logo{background:url('/img/logo.png')}",
                )
            }),
        )
        .route(
            "/page.html",
            axum::routing::get(|| async { ([(header::CONTENT_TYPE, "text/html")], "<script>x</script>") }),
        )
        .route(
            "/big.png",
            axum::routing::get(|| async { ([(header::CONTENT_TYPE, "image/png")], vec![0u8; 6 << 20]) }),
        )
        .route(
            "/private.png",
            axum::routing::get(|| async { (axum::http::StatusCode::FORBIDDEN, "no") }),
        )
        .route(
            "/to-metadata.png",
            axum::routing::get(|| async {
                axum::response::Redirect::temporary("http://169.254.169.254/latest/meta-data/")
            }),
        )
        .route(
            "/to-logo.png",
            axum::routing::get(|| async { axum::response::Redirect::temporary("/img/logo.png") }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (addr, hits)
}

#[tokio::test]
async fn company_assets_are_delivered_cached_and_bounded() {
    let server = TestServer::start_with(|c| {
        c.domains = Domains::new(["example.com", "127.0.0.1"].map(String::from));
        c.allow_loopback_assets = true;
        c.metrics_token = Some("m".into());
    })
    .await;
    let (agent, session, _customer) = live_session(&server).await;
    let (site, hits) = site().await;
    let at = |p: &str| format!("http://{site}{p}");

    let r = ask(&agent, &session, &at("/img/logo.png")).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()[header::CONTENT_TYPE], "image/png");
    assert!(
        r.headers()[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .contains("sandbox")
    );
    assert_eq!(r.bytes().await.unwrap().as_ref(), b"\x89PNG");
    // Again, and through a redirect: from the cache, the site asked once.
    assert_eq!(
        ask(&agent, &session, &at("/img/logo.png")).await.status(),
        200
    );
    assert_eq!(hits.load(Ordering::SeqCst), 1);
    assert_eq!(
        ask(&agent, &session, &at("/to-logo.png")).await.status(),
        200
    );

    let font = ask(&agent, &session, &at("/fonts/icons.woff2")).await;
    assert_eq!(font.status(), 200);
    assert_eq!(font.headers()[header::CONTENT_TYPE], "font/woff2");

    let css = ask(&agent, &session, &at("/css/site.css")).await;
    assert_eq!(css.status(), 200);
    let css = css.text().await.unwrap();
    let through = |p: &str| {
        format!(
            "/api/sessions/{session}/asset?url={}",
            url::form_urlencoded::byte_serialize(at(p).as_bytes()).collect::<String>()
        )
    };
    assert!(css.contains(&through("/fonts/icons.woff2")), "{css}");
    assert!(css.contains(&through("/img/logo.png")), "{css}");

    assert_eq!(ask(&agent, &session, &at("/page.html")).await.status(), 415);
    assert_eq!(ask(&agent, &session, &at("/big.png")).await.status(), 502);
    assert_eq!(
        ask(&agent, &session, &at("/private.png")).await.status(),
        502
    );
    // The flag lets loopback through, never a redirect into private or link-local space.
    assert_eq!(
        ask(&agent, &session, &at("/to-metadata.png"))
            .await
            .status(),
        403
    );

    // Only the session's own agent, only while it is live.
    let other = server.agent("other", &[Right::Cobrowse]).await;
    assert_eq!(
        ask(&other, &session, &at("/img/logo.png")).await.status(),
        404
    );
    let anonymous = reqwest::Client::new()
        .get(server.url(&format!("/api/sessions/{session}/asset")))
        .query(&[("url", at("/img/logo.png"))])
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);

    // Direct loading (the company setting): a redirect to the site itself.
    let mut site_settings = server.state.sessions.site_settings();
    site_settings.direct_assets = true;
    server
        .state
        .sessions
        .set_site_settings(site_settings)
        .await
        .unwrap();
    let direct = agent
        .http
        .get(format!("{}/api/sessions/{session}/asset", agent.base))
        .query(&[("url", at("/img/logo.png"))])
        .bearer_auth(&agent.token)
        .send()
        .await
        .unwrap();
    assert_eq!(direct.status(), 200, "the client followed the redirect");
    assert_eq!(direct.url().as_str(), at("/img/logo.png"));
    assert_eq!(hits.load(Ordering::SeqCst), 3);

    let text = reqwest::Client::new()
        .get(server.url("/metrics"))
        .bearer_auth("m")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for (outcome, at_least) in [("hit", 1), ("miss", 4), ("refused", 3), ("failed", 1)] {
        let line = text
            .lines()
            .find(|l| {
                l.starts_with("tandem_asset_proxy_requests_total{")
                    && l.contains(&format!("outcome=\"{outcome}\""))
            })
            .unwrap_or_else(|| panic!("{outcome}: {text}"));
        let n: f64 = line.rsplit(' ').next().unwrap().parse().unwrap();
        assert!(n >= at_least as f64, "{line}");
    }
}

/// What the proxy cannot fetch (behind the customer's cookies) the view asks the customer's SDK
/// for: the request reaches the customer's page as it was made; a bad address or one request
/// too many is refused and goes nowhere.
#[tokio::test]
async fn the_view_asks_the_customer_for_an_image_it_could_not_load_within_bounds() {
    let server = TestServer::start().await;
    let (agent, session, mut customer) = live_session(&server).await;
    let mut agent_ws = agent.socket(&session).await.unwrap();
    agent_ws.expect_state("active").await;
    customer.expect("snapshot_request").await;
    let url = "https://shop.example.com/account/avatar.png";
    agent_ws
        .send(serde_json::json!({"t": "asset_request", "url": url}))
        .await;
    let asked = customer.expect("asset_request").await;
    assert_eq!(asked, serde_json::json!({"t": "asset_request", "url": url}));
    agent_ws
        .send(serde_json::json!({"t": "asset_request", "url": "javascript:alert(1)"}))
        .await;
    assert_eq!(agent_ws.expect("error").await["code"], "bad_link");
    for _ in 1..128 {
        agent_ws
            .send(serde_json::json!({"t": "asset_request", "url": url}))
            .await;
    }
    agent_ws
        .send(serde_json::json!({"t": "asset_request", "url": "https://shop.example.com/one-too-many.png"}))
        .await;
    assert_eq!(agent_ws.expect("error").await["code"], "rate_limited");
    // The customer got the 128 allowed ones and nothing else: a resync marks the end.
    agent_ws.send(serde_json::json!({"t": "resync"})).await;
    let mut relayed = 1;
    loop {
        let v = customer.json().await;
        match v["t"].as_str() {
            Some("asset_request") => {
                assert_eq!(v["url"], url);
                relayed += 1;
            }
            Some("snapshot_request") => break,
            _ => {}
        }
    }
    assert_eq!(relayed, 128);
}
