//! Every response carries `X-Content-Type-Options: nosniff`, and every HTML page a framing rule:
//! the console is framed by nobody (unless `--frame-ancestor` says who), the demo only by its
//! own origin (its iframe page frames a sibling page). One request per route family.

use crate::common::*;
use tandem::http::headers::FramePolicy;

async fn get(server: &TestServer, path: &str) -> reqwest::Response {
    reqwest::Client::new()
        .get(server.url(path))
        .send()
        .await
        .unwrap()
}

/// A policy as its directives in order, each with its sources.
fn directives(csp: &str) -> Vec<Vec<String>> {
    csp.split(';')
        .map(|d| d.split_whitespace().map(str::to_string).collect::<Vec<_>>())
        .filter(|d| !d.is_empty())
        .collect()
}

fn header<'a>(res: &'a reqwest::Response, name: &str) -> Option<&'a str> {
    res.headers().get(name).and_then(|v| v.to_str().ok())
}

#[tokio::test]
async fn every_route_family_says_nosniff() {
    let server = TestServer::start_with(|c| c.demo = true).await;
    let agent = server.agent("ava", &[tandem::store::Right::Cobrowse]).await;
    let authed = agent
        .http
        .get(server.url("/api/contacts"))
        .bearer_auth(&agent.token)
        .send()
        .await
        .unwrap();
    assert_eq!(authed.status(), 200);
    assert_eq!(
        header(&authed, "x-content-type-options"),
        Some("nosniff"),
        "API with a body"
    );
    let bad_body = reqwest::Client::new()
        .post(server.url("/api/login"))
        .body("{")
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(bad_body.status(), 400);
    assert_eq!(
        header(&bad_body, "x-content-type-options"),
        Some("nosniff"),
        "a 400"
    );
    for (path, status) in [
        ("/healthz", 200),
        ("/api/openapi.json", 200),
        ("/api/contacts", 401),
        ("/api/no-such-thing", 404),
        ("/no-such-thing", 404),
        ("/sdk/tandem.js", 200),
        ("/sdk/settings", 200),
        ("/sdk/missing.js", 404),
        ("/console/", 200),
        ("/console/missing.js", 404),
        ("/demo/", 200),
        ("/demo/frame.html", 200),
        ("/demo/missing.html", 404),
        ("/", 303),
        ("/ws/customer", 400),
    ] {
        let res = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
            .get(server.url(path))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), status, "{path}");
        assert_eq!(
            header(&res, "x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn html_pages_say_who_may_frame_them() {
    let server = TestServer::start_with(|c| c.demo = true).await;
    let console = get(&server, "/console/").await;
    // The whole policy, directive by directive: one source added anywhere fails.
    assert_eq!(
        directives(header(&console, "content-security-policy").unwrap()),
        directives(
            "default-src 'none'; script-src 'self'; connect-src 'self'; \
             style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; \
             font-src 'self' data:; media-src 'self' http: https: blob:; \
             frame-src 'self' about:; object-src 'none'; base-uri 'none'; \
             form-action 'none'; frame-ancestors 'none'"
        )
    );
    assert_eq!(header(&console, "x-frame-options"), Some("DENY"));
    for page in [
        "/demo/",
        "/demo/frame.html",
        "/demo/frame-inner.html",
        "/demo/checkout.html",
    ] {
        let demo = get(&server, page).await;
        assert_eq!(
            header(&demo, "content-security-policy"),
            Some("frame-ancestors 'self'"),
            "{page}"
        );
        assert_eq!(
            header(&demo, "x-frame-options"),
            Some("SAMEORIGIN"),
            "{page}"
        );
    }
    // Not HTML: no framing rule needed.
    assert_eq!(
        header(&get(&server, "/sdk/tandem.js").await, "x-frame-options"),
        None
    );
}

#[tokio::test]
async fn named_frame_ancestors_may_frame_the_console() {
    let server = TestServer::start_with(|c| {
        c.demo = true;
        c.frame_policy = FramePolicy::new(vec!["https://crm.example.com".into()]).unwrap();
    })
    .await;
    let console = get(&server, "/console/").await;
    let csp = directives(header(&console, "content-security-policy").unwrap());
    assert_eq!(
        csp.last().unwrap(),
        &["frame-ancestors", "https://crm.example.com"]
    );
    assert_eq!(
        csp.iter().filter(|d| d[0] == "frame-ancestors").count(),
        1,
        "{csp:?}"
    );
    assert_eq!(
        header(&console, "x-frame-options"),
        None,
        "X-Frame-Options cannot name an origin"
    );
    let demo = get(&server, "/demo/").await;
    assert_eq!(
        header(&demo, "content-security-policy"),
        Some("frame-ancestors 'self' https://crm.example.com")
    );
    assert!(
        FramePolicy::new(vec!["https://a.example; script-src *".into()]).is_err(),
        "no policy injection"
    );
}
