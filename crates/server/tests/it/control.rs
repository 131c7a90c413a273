//! Pointing and remote control on the server (ARCHITECTURE.md §4.3): the grant each side is told,
//! commands relayed only for an agent with the right while the company allows it and the
//! session is shared, refusals answered and audited, the SDK's reports audited and passed on,
//! and forged or malformed commands never reaching the customer.

use crate::common::*;
use serde_json::{Value, json};
use tandem::store::{AuditFilter, Right};
use tandem_protocol::{SiteSettings, close};

fn click(seq: u32) -> Value {
    json!({"t": "control", "seq": seq, "target": {"node": 7, "tag": "button", "x": 10.0, "y": 20.0}, "command": {"do": "click"}})
}

fn typing(seq: u32, text: &str) -> Value {
    json!({"t": "control", "seq": seq, "target": {"node": 9, "tag": "input", "x": 0.0, "y": 0.0}, "command": {"do": "type", "text": text}})
}

async fn allow(server: &TestServer, remote_control: bool, typing: bool) {
    let settings = SiteSettings {
        remote_control,
        typing,
        ..Default::default()
    };
    server
        .state
        .sessions
        .set_site_settings(settings)
        .await
        .unwrap();
}

/// A shared session: the agent's socket (past its state and grant) and the customer's.
async fn shared(server: &TestServer, rights: &[Right]) -> (String, Socket, Socket, Value) {
    let agent = server.agent("ava", rights).await;
    let (session, code) = agent.start_phone_session().await;
    let mut customer = server.customer().await;
    join_and_accept(&mut customer, &code).await;
    let grant = customer.expect("grant").await;
    let mut agent_ws = agent.socket(&session).await.unwrap();
    agent_ws.expect_state("active").await;
    // The joining agent asks for a fresh snapshot.
    customer.expect("snapshot_request").await;
    (session, agent_ws, customer, grant)
}

async fn audit(server: &TestServer, session: &str, kind: &str) -> Vec<(String, String)> {
    let filter = AuditFilter {
        session_id: Some(session.into()),
        kind: Some(kind.into()),
        ..Default::default()
    };
    let events = server
        .state
        .sessions
        .store()
        .audit_query(&filter)
        .await
        .unwrap();
    events.into_iter().map(|e| (e.actor, e.detail)).collect()
}

/// The next message the customer gets is `t` (a marker sent after a refused command proves the
/// command never arrived).
async fn next_is(customer: &mut Socket, t: &str) -> Value {
    let v = customer.json().await;
    assert_eq!(v["t"], t, "{v}");
    v
}

#[tokio::test]
async fn an_agent_with_the_right_has_commands_relayed_and_the_reports_audited() {
    let server = TestServer::start().await;
    allow(&server, true, true).await;
    let (session, mut agent_ws, mut customer, grant) =
        shared(&server, &[Right::Cobrowse, Right::RemoteControl]).await;
    assert_eq!(
        grant,
        json!({"t": "grant", "control": true, "typing": true})
    );
    let agent_grant = agent_ws.expect("grant").await;
    assert_eq!(agent_grant["control"], true);

    agent_ws.send(click(1)).await;
    let cmd = customer.expect("control").await;
    assert_eq!(cmd["seq"], 1);
    assert_eq!(cmd["target"]["node"], 7);
    assert_eq!(cmd["command"]["do"], "click");

    customer.send(json!({"t": "control_report", "seq": 1, "performed": true, "action": "click on button \"Add\"", "reason": ""})).await;
    let report = agent_ws.expect("control_report").await;
    assert_eq!(report["performed"], true);
    agent_ws.send(typing(2, "secret")).await;
    assert_eq!(customer.expect("control").await["seq"], 2);
    customer.send(json!({"t": "control_report", "seq": 2, "performed": false, "action": "type into input#password", "reason": "Password fields are never controlled."})).await;
    let report = agent_ws.expect("control_report").await;
    assert_eq!(report["reason"], "Password fields are never controlled.");

    let performed = audit(&server, &session, "control_performed").await;
    assert_eq!(
        performed,
        vec![("ava".to_string(), "click on button \"Add\"".to_string())]
    );
    let refused = audit(&server, &session, "control_refused").await;
    assert_eq!(refused.len(), 1);
    assert!(
        refused[0]
            .1
            .contains("refused by the customer's browser: Password fields"),
        "{refused:?}"
    );
}

#[tokio::test]
async fn an_agent_without_the_right_is_refused_and_the_refusal_audited() {
    let server = TestServer::start().await;
    allow(&server, true, true).await;
    let (session, mut agent_ws, mut customer, grant) = shared(&server, &[Right::Cobrowse]).await;
    assert_eq!(grant["control"], false);
    assert_eq!(agent_ws.expect("grant").await["control"], false);

    agent_ws.send(click(1)).await;
    let err = agent_ws.expect("error").await;
    assert_eq!(err["code"], "not_allowed");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("remote-control right")
    );
    // Pointing needs no right: it arrives, and it is the first thing that does.
    agent_ws
        .send(json!({"t": "point", "x": 5.0, "y": 6.0}))
        .await;
    next_is(&mut customer, "point").await;

    let refused = audit(&server, &session, "control_refused").await;
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].0, "ava");
    assert!(
        refused[0].1.starts_with("click refused by the server"),
        "{refused:?}"
    );
}

#[tokio::test]
async fn the_company_switches_are_checked_on_every_command() {
    let server = TestServer::start().await;
    allow(&server, true, false).await;
    let (session, mut agent_ws, mut customer, grant) =
        shared(&server, &[Right::Cobrowse, Right::RemoteControl]).await;
    assert_eq!(
        grant,
        json!({"t": "grant", "control": true, "typing": false})
    );

    // Typing is off: refused; a click still goes through.
    agent_ws.send(typing(1, "hello")).await;
    assert!(
        agent_ws.expect("error").await["message"]
            .as_str()
            .unwrap()
            .contains("Typing")
    );
    agent_ws.send(click(2)).await;
    assert_eq!(next_is(&mut customer, "control").await["seq"], 2);

    // The admin turns remote control off mid-session: the next click is refused.
    allow(&server, false, false).await;
    customer.expect("settings").await;
    agent_ws.send(click(3)).await;
    assert!(
        agent_ws.expect("error").await["message"]
            .as_str()
            .unwrap()
            .contains("turned off")
    );
    agent_ws
        .send(json!({"t": "point", "x": 1.0, "y": 1.0}))
        .await;
    next_is(&mut customer, "point").await;
    assert_eq!(audit(&server, &session, "control_refused").await.len(), 2);
}

#[tokio::test]
async fn after_the_session_ended_commands_are_refused() {
    let server = TestServer::start().await;
    allow(&server, true, true).await;
    let (session, mut agent_ws, mut customer, _) =
        shared(&server, &[Right::Cobrowse, Right::RemoteControl]).await;
    customer.send(json!({"t": "stop"})).await;
    agent_ws.expect_state("ended").await;

    agent_ws.send(click(1)).await;
    assert_eq!(agent_ws.expect("error").await["code"], "wrong_state");
    // A socket opened after the end is refused just the same.
    let agent = server.sign_in("ava").await;
    let mut late = agent.socket(&session).await.unwrap();
    late.expect_state("ended").await;
    late.send(click(2)).await;
    assert_eq!(late.expect("error").await["code"], "wrong_state");
    late.send(json!({"t": "point", "x": 1.0, "y": 1.0})).await;
    assert_eq!(late.expect("error").await["code"], "wrong_state");

    let refused = audit(&server, &session, "control_refused").await;
    assert_eq!(refused.len(), 2);
    assert!(
        refused
            .iter()
            .all(|(_, d)| d.contains("only while the customer shares")),
        "{refused:?}"
    );
    // The customer's reports after the end are not accepted either.
    customer.send(json!({"t": "control_report", "seq": 1, "performed": true, "action": "click", "reason": ""})).await;
    assert_eq!(customer.expect("error").await["code"], "wrong_state");
    assert!(
        audit(&server, &session, "control_performed")
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn malformed_commands_never_reach_the_customer() {
    let server = TestServer::start().await;
    allow(&server, true, true).await;
    let (_, mut agent_ws, mut customer, _) =
        shared(&server, &[Right::Cobrowse, Right::RemoteControl]).await;

    agent_ws.send(json!({"t": "control", "seq": 1, "target": {"node": 1, "tag": "input", "x": 0, "y": 0}, "command": {"do": "key", "key": "F12"}})).await;
    assert_eq!(agent_ws.expect("error").await["code"], "bad_command");
    agent_ws.send(typing(2, &"x".repeat(1001))).await;
    assert_eq!(agent_ws.expect("error").await["code"], "bad_command");
    agent_ws
        .send(json!({"t": "stroke", "points": [1.0, 2.0, 3.0]}))
        .await;
    assert_eq!(agent_ws.expect("error").await["code"], "bad_command");
    agent_ws
        .send(json!({"t": "stroke", "points": [1.0, 2.0, 3.0, 4.0]}))
        .await;
    next_is(&mut customer, "stroke").await;

    // An unknown command is not an agent message at all.
    agent_ws.send(json!({"t": "control", "seq": 3, "target": {"node": 1, "tag": "a", "x": 0, "y": 0}, "command": {"do": "eval", "code": "alert(1)"}})).await;
    assert_eq!(agent_ws.closed().await, Some(close::MALFORMED));
}

#[tokio::test]
async fn the_customer_taking_back_control_and_clearing_the_drawing_reach_the_agent() {
    let server = TestServer::start().await;
    allow(&server, true, true).await;
    let (session, mut agent_ws, mut customer, _) =
        shared(&server, &[Right::Cobrowse, Right::RemoteControl]).await;

    agent_ws
        .send(json!({"t": "pointer", "x": 3.0, "y": 4.0, "mode": "control"}))
        .await;
    assert_eq!(next_is(&mut customer, "pointer").await["mode"], "control");
    agent_ws.send(json!({"t": "clear_drawing"})).await;
    next_is(&mut customer, "clear_drawing").await;

    customer
        .send(json!({"t": "control_status", "status": "taken_back"}))
        .await;
    assert_eq!(
        agent_ws.expect("control_status").await["status"],
        "taken_back"
    );
    customer.send(json!({"t": "clear_drawing"})).await;
    agent_ws.expect("drawing_cleared").await;
    assert_eq!(
        audit(&server, &session, "control_taken_back").await.len(),
        1
    );
}

#[tokio::test]
async fn a_page_can_report_only_on_commands_it_was_given_and_only_once() {
    let server = TestServer::start().await;
    allow(&server, true, true).await;
    let (session, mut agent_ws, mut customer, _) =
        shared(&server, &[Right::Cobrowse, Right::RemoteControl]).await;
    // A made-up report never reaches the audit log or the agent.
    customer.send(json!({"t": "control_report", "seq": 77, "performed": true, "action": "click on button#pay", "reason": ""})).await;
    assert_eq!(next_is(&mut customer, "error").await["code"], "wrong_state");

    agent_ws.send(click(5)).await;
    next_is(&mut customer, "control").await;
    let report = json!({"t": "control_report", "seq": 5, "performed": true, "action": "click on button", "reason": ""});
    customer.send(report.clone()).await;
    assert_eq!(agent_ws.expect("control_report").await["seq"], 5);
    customer.send(report).await;
    assert_eq!(next_is(&mut customer, "error").await["code"], "wrong_state");
    assert_eq!(audit(&server, &session, "control_performed").await.len(), 1);
}

#[tokio::test]
async fn a_customer_cannot_send_control_commands() {
    let server = TestServer::start().await;
    allow(&server, true, true).await;
    let (_, _agent_ws, mut customer, _) =
        shared(&server, &[Right::Cobrowse, Right::RemoteControl]).await;
    customer.send(click(1)).await;
    assert_eq!(customer.closed().await, Some(close::MALFORMED));
}
