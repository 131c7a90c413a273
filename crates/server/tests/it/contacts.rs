//! Contacts and their lifecycle: web-initiated contacts asked directly, transfer with consent
//! again, drop ending co-browsing on both sides, park and conference leaving it alone, browser
//! support, chat, and the audit log for admins.

use crate::common::*;
use serde_json::json;
use tandem::store::Right;

const VISITOR: &str = "0123456789abcdef0123456789abcdef";

async fn hello(server: &TestServer, visitor: &str) -> Socket {
    let mut s = server.customer().await;
    s.send(json!({"t": "hello", "visitor": visitor})).await;
    s
}

async fn get(agent: &ApiAgent, path: &str) -> (u16, serde_json::Value) {
    let res = agent
        .http
        .get(format!("{}{}", agent.base, path))
        .bearer_auth(&agent.token)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or_default())
}

#[tokio::test]
async fn a_web_chat_is_co_browsed_without_a_code() {
    let server = TestServer::start().await;
    let agent = server.agent("ava", &[Right::Cobrowse]).await;
    let mut page = hello(&server, VISITOR).await;
    page.send(
        json!({"t": "web_contact", "channel": "chat", "name": "Ann", "detail": "My order is late"}),
    )
    .await;
    let opened = page.expect("contact_opened").await;
    let contact_id = opened["contact"].as_str().unwrap().to_string();

    let (_, contacts) = get(&agent, "/api/contacts").await;
    assert_eq!(contacts[0]["customer"], "Ann");
    assert_eq!(contacts[0]["customer_known"], true);
    assert!(
        contacts[0].get("visitor_id").is_none(),
        "the visitor id is the customer's secret"
    );

    // Chat both ways.
    page.send(json!({"t": "chat_send", "text": "Are you there?"}))
        .await;
    assert_eq!(
        page.expect("chat_line").await["text"],
        "Are you there?",
        "the customer sees their own line"
    );
    let (status, _) = agent
        .post(
            &format!("/api/contacts/{contact_id}/chat"),
            json!({"text": "Yes, hello Ann"}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(page.expect("chat_line").await["text"], "Yes, hello Ann");
    let (_, history) = get(&agent, &format!("/api/contacts/{contact_id}/chat")).await;
    let texts: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        texts,
        ["My order is late", "Are you there?", "Yes, hello Ann"]
    );

    let (status, session) = agent
        .post(&format!("/api/contacts/{contact_id}/cobrowse"), json!({}))
        .await;
    assert_eq!(status, 200);
    assert_eq!(session["state"], "awaiting_consent");
    assert!(session["code"].is_null());
    let ask = page.expect("consent_request").await;
    assert_eq!(ask["agent"], "ava");
    page.send(json!({"t": "consent", "accept": true})).await;
    page.expect("share").await;
    let mut agent_ws = agent.socket(session["id"].as_str().unwrap()).await.unwrap();
    agent_ws.expect_state("active").await;
}

#[tokio::test]
async fn a_transfer_asks_the_customer_again_for_the_receiving_agent() {
    let server = TestServer::start().await;
    let ava = server.agent("ava", &[Right::Cobrowse]).await;
    let bo = server.agent("bo", &[Right::Cobrowse]).await;
    let (session, code) = ava.start_phone_session().await;
    let mut ava_ws = ava.socket(&session).await.unwrap();
    let mut page = hello(&server, VISITOR).await;
    join_and_accept(&mut page, &code).await;
    ava_ws.expect_state("active").await;
    let contact_id = server
        .state
        .sessions
        .store()
        .session(&session)
        .await
        .unwrap()
        .unwrap()
        .contact_id;

    let (status, body) = ava
        .post(
            &format!("/api/contacts/{contact_id}/events"),
            json!({"type": "transfer", "to": "bo"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    page.expect("handed_over").await;
    let ended = ava_ws.expect_state("ended").await;
    assert!(
        ended["reason"]
            .as_str()
            .unwrap()
            .contains("handed over to bo")
    );

    let (_, bos) = get(&bo, "/api/contacts").await;
    assert_eq!(bos[0]["id"], contact_id.as_str());
    assert_eq!(bos[0]["customer_known"], true);
    let (status, session2) = bo
        .post(&format!("/api/contacts/{contact_id}/cobrowse"), json!({}))
        .await;
    assert_eq!(status, 200);
    assert!(session2["code"].is_null(), "no new code after a hand-over");
    assert_eq!(page.expect("consent_request").await["agent"], "bo");
    page.send(json!({"t": "consent", "accept": true})).await;
    page.expect("share").await;
    let mut bo_ws = bo.socket(session2["id"].as_str().unwrap()).await.unwrap();
    bo_ws.expect_state("active").await;
    // Ava no longer owns it.
    assert_eq!(
        ava.post(&format!("/api/contacts/{contact_id}/cobrowse"), json!({}))
            .await
            .0,
        403
    );
}

#[tokio::test]
async fn dropping_the_contact_ends_co_browsing_on_both_sides() {
    let server = TestServer::start().await;
    let ava = server.agent("ava", &[Right::Cobrowse]).await;
    let (session, code) = ava.start_phone_session().await;
    let mut ava_ws = ava.socket(&session).await.unwrap();
    let mut page = hello(&server, VISITOR).await;
    join_and_accept(&mut page, &code).await;
    let contact_id = server
        .state
        .sessions
        .store()
        .session(&session)
        .await
        .unwrap()
        .unwrap()
        .contact_id;
    let (status, _) = ava
        .post(
            &format!("/api/contacts/{contact_id}/events"),
            json!({"type": "drop"}),
        )
        .await;
    assert_eq!(status, 200);
    // Both arrive, in either order (they travel on the session's and the visitor's topics).
    let mut seen = Vec::new();
    while seen.len() < 2 {
        if let Received::Json(m) = page.recv().await {
            if m["t"] == "ended" {
                assert_eq!(m["by"], "system");
            }
            if m["t"] == "ended" || m["t"] == "contact_ended" {
                seen.push(m["t"].as_str().unwrap().to_string());
            }
        }
    }
    seen.sort();
    assert_eq!(seen, ["contact_ended", "ended"]);
    ava_ws.expect_state("ended").await;
    let (status, body) = ava
        .post(&format!("/api/contacts/{contact_id}/cobrowse"), json!({}))
        .await;
    assert_eq!(status, 409);
    assert!(body["error"].as_str().unwrap().contains("ended"));
    assert_eq!(
        ava.post(
            &format!("/api/contacts/{contact_id}/events"),
            json!({"type": "park"})
        )
        .await
        .0,
        409
    );
}

#[tokio::test]
async fn park_enquiry_alternate_and_conference_leave_co_browsing_alone() {
    let server = TestServer::start().await;
    let ava = server.agent("ava", &[Right::Cobrowse]).await;
    let (session, code) = ava.start_phone_session().await;
    let mut page = server.customer().await;
    join_and_accept(&mut page, &code).await;
    let contact_id = server
        .state
        .sessions
        .store()
        .session(&session)
        .await
        .unwrap()
        .unwrap()
        .contact_id;
    for (kind, phase) in [
        ("park", "parked"),
        ("unpark", "talking"),
        ("enquiry", "enquiry"),
        ("alternate", "alternate"),
        ("alternate", "enquiry"),
        ("conference", "conference"),
    ] {
        let (status, body) = ava
            .post(
                &format!("/api/contacts/{contact_id}/events"),
                json!({"type": kind}),
            )
            .await;
        assert_eq!(status, 200, "{kind}: {body}");
        assert_eq!(body["session"]["state"], "active", "{kind}");
        assert_eq!(body["phase"], phase, "{kind}");
    }
    let (status, body) = ava
        .post(
            &format!("/api/contacts/{contact_id}/events"),
            json!({"type": "teleport"}),
        )
        .await;
    assert_eq!(status, 400);
    assert!(body["error"].as_str().unwrap().contains("park, unpark"));
    assert_eq!(
        ava.post(
            &format!("/api/contacts/{contact_id}/events"),
            json!({"type": "transfer", "to": "nobody"})
        )
        .await
        .0,
        409
    );
    let audit = server
        .state
        .sessions
        .store()
        .audit_of_session(&session)
        .await
        .unwrap();
    assert!(audit.iter().any(|e| e.kind == "contact_conference"));
}

#[tokio::test]
async fn within_a_contact_co_browsing_stops_and_starts_again() {
    let server = TestServer::start().await;
    let ava = server.agent("ava", &[Right::Cobrowse]).await;
    let (session, code) = ava.start_phone_session().await;
    let mut page = hello(&server, VISITOR).await;
    join_and_accept(&mut page, &code).await;
    page.send(json!({"t": "stop"})).await;
    page.expect("ended").await;
    let contact_id = server
        .state
        .sessions
        .store()
        .session(&session)
        .await
        .unwrap()
        .unwrap()
        .contact_id;
    let (status, again) = ava
        .post(&format!("/api/contacts/{contact_id}/cobrowse"), json!({}))
        .await;
    assert_eq!(status, 200);
    assert!(
        again["code"].as_str().unwrap().len() == 6,
        "a phone contact gets a new code"
    );
    assert_ne!(again["id"], session.as_str());
}

#[tokio::test]
async fn an_old_browser_is_reported_and_the_agent_cannot_start() {
    let server = TestServer::start().await;
    let ava = server.agent("ava", &[Right::Cobrowse]).await;
    let (status, contact) = ava
        .post(
            "/api/contacts",
            json!({"channel": "chat", "customer": "Old", "visitor": VISITOR}),
        )
        .await;
    assert_eq!(status, 200, "{contact}");
    let beacon = |origin: &'static str| {
        reqwest::Client::new()
            .post(server.url(&format!("/api/visitors/{VISITOR}/support")))
            .header("origin", origin)
            .body("no WebSocket")
    };
    assert_eq!(
        beacon("https://evil.com").send().await.unwrap().status(),
        403
    );
    assert_eq!(beacon(SITE).send().await.unwrap().status(), 204);
    let id = contact["id"].as_str().unwrap();
    let (_, shown) = get(&ava, &format!("/api/contacts/{id}")).await;
    assert_eq!(shown["unsupported"], "no WebSocket");
    let (status, body) = ava
        .post(&format!("/api/contacts/{id}/cobrowse"), json!({}))
        .await;
    assert_eq!(status, 409);
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("not available for this customer's browser")
    );
    // The same browser later runs the SDK (updated): co-browsing is possible again.
    let _page = hello(&server, VISITOR).await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(
        ava.post(&format!("/api/contacts/{id}/cobrowse"), json!({}))
            .await
            .0,
        200
    );
}

#[tokio::test]
async fn admins_read_and_export_the_audit_log_and_manage_agents() {
    let server = TestServer::start().await;
    let ava = server.agent("ava", &[Right::Cobrowse]).await;
    let admin = server.agent("root", &[Right::Cobrowse, Right::Admin]).await;
    let (session, code) = ava.start_phone_session().await;
    let mut page = server.customer().await;
    join_and_accept(&mut page, &code).await;
    page.send(json!({"t": "stop"})).await;
    page.expect("ended").await;

    assert_eq!(get(&ava, "/api/audit").await.0, 403);
    let (status, events) = get(&admin, &format!("/api/audit?session_id={session}")).await;
    assert_eq!(status, 200);
    let kinds: Vec<&str> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "session_started",
            "code_redeemed",
            "consent_given",
            "session_ended"
        ]
    );
    let csv = admin
        .http
        .get(format!(
            "{}/api/audit?kind=consent_given&format=csv",
            admin.base
        ))
        .bearer_auth(&admin.token)
        .send()
        .await
        .unwrap();
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = csv.text().await.unwrap();
    assert!(csv.starts_with("at,actor,kind,session_id,contact_id,detail\n"));
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(csv.contains(&session));

    assert_eq!(
        ava.post(
            "/api/agents",
            json!({"username": "cy", "password": "password123", "rights": ["cobrowse"]})
        )
        .await
        .0,
        403
    );
    let (status, added) = admin
        .post(
            "/api/agents",
            json!({"username": "cy", "password": "password123", "rights": ["cobrowse"]}),
        )
        .await;
    assert_eq!(status, 200, "{added}");
    assert_eq!(
        admin
            .post(
                "/api/agents",
                json!({"username": "cy", "password": "password123", "rights": []})
            )
            .await
            .0,
        409
    );
    assert_eq!(
        admin
            .post(
                "/api/agents",
                json!({"username": "dee", "password": "short", "rights": []})
            )
            .await
            .0,
        400
    );
    let res = admin
        .http
        .put(format!("{}/api/agents/cy/rights", admin.base))
        .bearer_auth(&admin.token)
        .json(&json!({"rights": ["cobrowse", "remote-control"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let (_, agents) = get(&admin, "/api/agents").await;
    let cy = agents
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["username"] == "cy")
        .unwrap();
    assert_eq!(cy["rights"], json!(["cobrowse", "remote-control"]));
}

#[tokio::test]
async fn an_event_that_does_not_fit_the_call_phase_is_refused_in_words() {
    let server = TestServer::start().await;
    let ava = server.agent("ava", &[Right::Cobrowse]).await;
    let (_, contact) = ava
        .post(
            "/api/contacts",
            json!({"channel": "phone", "customer": "Pat"}),
        )
        .await;
    let id = contact["id"].as_str().unwrap();
    assert_eq!(contact["phase"], "talking");
    let path = format!("/api/contacts/{id}/events");
    let event = |kind: &'static str| ava.post(&path, json!({"type": kind}));
    let (status, body) = event("unpark").await;
    assert_eq!(status, 409, "{body}");
    assert!(
        body["error"].as_str().unwrap().contains("cannot unpark"),
        "{body}"
    );
    assert_eq!(
        event("conference").await.0,
        409,
        "a conference needs an enquiry first"
    );
    assert_eq!(event("alternate").await.0, 409);
    assert_eq!(event("park").await.0, 200);
    let (status, body) = event("park").await;
    assert_eq!(status, 409);
    assert!(body["error"].as_str().unwrap().contains("parked"), "{body}");
    assert_eq!(event("enquiry").await.0, 409, "no enquiry while parked");
    assert_eq!(event("drop").await.0, 200, "drop works in any phase");
}

#[tokio::test]
async fn a_contact_created_through_the_api_is_pushed_to_the_agents_event_stream() {
    let server = TestServer::start().await;
    let ava = server.agent("ava", &[Right::Cobrowse]).await;
    let mut events = ava
        .http
        .get(format!("{}/api/events", ava.base))
        .bearer_auth(&ava.token)
        .send()
        .await
        .unwrap();
    assert_eq!(events.status(), 200);
    let (_, contact) = ava
        .post(
            "/api/contacts",
            json!({"channel": "email", "customer": "Ivy"}),
        )
        .await;
    let id = contact["id"].as_str().unwrap().to_string();
    let mut seen = String::new();
    while !seen.contains(&format!("event: contact\ndata: {id}")) {
        let chunk = tokio::time::timeout(std::time::Duration::from_secs(10), events.chunk())
            .await
            .expect("the contact event in time")
            .unwrap()
            .unwrap();
        seen.push_str(&String::from_utf8_lossy(&chunk));
    }
}
