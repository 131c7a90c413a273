//! Continuity across pages and tabs, interruption when the customer leaves the company's
//! domains and automatic resume, and links the agent sends.

use std::time::Duration;

use crate::common::*;
use serde_json::json;
use tandem::store::Right;

async fn quick_grace() -> TestServer {
    TestServer::start_with(|c| c.timings.leave_grace = Duration::from_millis(300)).await
}

async fn next_binary(socket: &mut Socket) -> Vec<u8> {
    loop {
        match socket.recv().await {
            Received::Binary(b) => return b,
            Received::Json(_) => continue,
            Received::Closed(c) => panic!("closed {c:?}"),
        }
    }
}

#[tokio::test]
async fn leaving_the_site_interrupts_and_coming_back_resumes() {
    let server = quick_grace().await;
    let agent = server.agent("ava", &[Right::Cobrowse]).await;
    let (session, code) = agent.start_phone_session().await;
    let mut agent_ws = agent.socket(&session).await.unwrap();
    let mut page = server.customer().await;
    let token = join_and_accept(&mut page, &code).await;
    agent_ws.expect_state("active").await;

    page.send(json!({"t": "leaving", "url": "http://partner.test/offer"}))
        .await;
    drop(page);
    let interrupted = agent_ws.expect_state("interrupted").await;
    assert!(
        interrupted["reason"]
            .as_str()
            .unwrap()
            .contains("partner.test"),
        "{interrupted}"
    );

    let mut back = server.customer().await;
    back.send(json!({"t": "resume", "token": token})).await;
    back.expect("share").await;
    agent_ws.expect_state("active").await;
    let audit = server
        .state
        .sessions
        .store()
        .audit_of_session(&session)
        .await
        .unwrap();
    assert!(audit.iter().any(|e| e.kind == "interrupted"));
    assert!(audit.iter().any(|e| e.kind == "resumed"));
}

#[tokio::test]
async fn the_next_page_within_the_grace_period_is_no_interruption() {
    let server = quick_grace().await;
    let agent = server.agent("ava", &[Right::Cobrowse]).await;
    let (session, code) = agent.start_phone_session().await;
    let mut page = server.customer().await;
    let token = join_and_accept(&mut page, &code).await;
    drop(page);
    let mut next = server.customer().await;
    next.send(json!({"t": "resume", "token": token})).await;
    next.expect("share").await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    let s = server
        .state
        .sessions
        .store()
        .session(&session)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(s.state.as_str(), "active");
}

#[tokio::test]
async fn the_tab_in_front_is_the_one_shared() {
    let server = quick_grace().await;
    let agent = server.agent("ava", &[Right::Cobrowse]).await;
    let (session, code) = agent.start_phone_session().await;
    let mut tab_a = server.customer().await;
    let token = join_and_accept(&mut tab_a, &code).await;
    let mut agent_ws = agent.socket(&session).await.unwrap();
    agent_ws.expect_state("active").await;

    // A second tab of the site opens: it comes to the front and is shared; the first pauses.
    let mut tab_b = server.customer().await;
    tab_b.send(json!({"t": "resume", "token": token})).await;
    tab_b.expect("share").await;
    tab_a.expect("pause").await;
    tab_a.send_binary(b"\x00[\"from A\"]".to_vec()).await;
    tab_b.send_binary(b"\x00[\"from B\"]".to_vec()).await;
    assert_eq!(
        next_binary(&mut agent_ws).await,
        b"\x00[\"from B\"]",
        "the paused tab's frames are dropped"
    );

    // The customer switches back to the first tab.
    tab_a.send(json!({"t": "visible", "visible": true})).await;
    tab_a.expect("share").await;
    tab_b.expect("pause").await;
    tab_b.send_binary(b"\x00[\"from B again\"]".to_vec()).await;
    tab_a.send_binary(b"\x00[\"from A again\"]".to_vec()).await;
    assert_eq!(next_binary(&mut agent_ws).await, b"\x00[\"from A again\"]");

    // Scrolls and links act on the tab in front only.
    agent_ws
        .send(json!({"t": "agent_scroll", "x": 0, "y": 100}))
        .await;
    tab_a.expect("scroll").await;
    tab_b.send(json!({"t": "visible", "visible": false})).await;
    tab_b.send(json!({"t": "stop"})).await;
    assert_eq!(tab_b.expect("ended").await["by"], "customer");
}

#[tokio::test]
async fn the_agent_sends_links_and_learns_the_customers_answer() {
    let server = quick_grace().await;
    let agent = server.agent("ava", &[Right::Cobrowse]).await;
    let (session, code) = agent.start_phone_session().await;
    let mut page = server.customer().await;
    join_and_accept(&mut page, &code).await;
    let mut agent_ws = agent.socket(&session).await.unwrap();
    agent_ws.expect_state("active").await;

    for bad in [
        "javascript:alert(1)",
        "data:text/html,<b>x</b>",
        "not a url",
        "",
    ] {
        agent_ws.send(json!({"t": "push_url", "url": bad})).await;
        let e = agent_ws.expect("error").await;
        assert_eq!(e["code"], "bad_link", "{bad}");
    }
    agent_ws
        .send(json!({"t": "push_url", "url": "https://partner.test/deal"}))
        .await;
    assert_eq!(
        page.expect("navigate").await["url"],
        "https://partner.test/deal"
    );
    page.send(
        json!({"t": "redirect_answer", "url": "https://partner.test/deal", "accepted": false}),
    )
    .await;
    let answer = agent_ws.expect("redirect_answered").await;
    assert_eq!(answer["accepted"], false);
    let audit = server
        .state
        .sessions
        .store()
        .audit_of_session(&session)
        .await
        .unwrap();
    let kinds: Vec<&str> = audit.iter().map(|e| e.kind.as_str()).collect();
    assert!(
        kinds.contains(&"link_sent") && kinds.contains(&"redirect_refused"),
        "{kinds:?}"
    );
}
