//! A web visitor is the browser holding the secret the server issued, not whoever says its
//! public id: a second socket that says hello with someone's `Tandem.visitorId()` gets none of
//! their chat, no direct consent offer, and cannot answer in their place.

use crate::common::*;
use serde_json::{Value, json};
use tandem::store::Right;

const VISITOR: &str = "00112233445566778899aabbccddeeff";

/// Reads messages up to and including the first of type `until`, returning all of them.
async fn read_until(s: &mut Socket, until: &str) -> Vec<Value> {
    let mut seen = Vec::new();
    loop {
        match s.recv().await {
            Received::Json(v) => {
                let done = v["t"] == until;
                seen.push(v);
                if done {
                    return seen;
                }
            }
            Received::Binary(_) => continue,
            Received::Closed(code) => panic!("closed ({code:?}) while waiting for {until}"),
        }
    }
}

#[tokio::test]
async fn someone_who_knows_the_visitor_id_gets_nothing_of_the_visitors() {
    let server = TestServer::start().await;
    let agent = server.agent("ava", &[Right::Cobrowse]).await;

    // The customer's browser says hello first and is given its secret.
    let mut page = server.customer().await;
    page.send(json!({"t": "hello", "visitor": VISITOR})).await;
    let issued = page.expect("visitor_secret").await;
    let secret = issued["secret"].as_str().unwrap().to_string();
    assert_eq!(secret.len(), 64);
    page.send(
        json!({"t": "web_contact", "channel": "chat", "name": "Ann", "detail": "Card blocked"}),
    )
    .await;
    let contact = page.expect("contact_opened").await["contact"]
        .as_str()
        .unwrap()
        .to_string();

    // Someone else learns the id (it is public: integrations pass it to the API).
    let mut other = server.customer().await;
    other.send(json!({"t": "hello", "visitor": VISITOR})).await;
    other.expect("visitor_refused").await;
    let mut wrong = server.customer().await;
    wrong
        .send(json!({"t": "hello", "visitor": VISITOR, "secret": "ab".repeat(32)}))
        .await;
    wrong.expect("visitor_refused").await;

    // The agent chats and asks to co-browse: only the customer's browser hears it.
    let (status, _) = agent
        .post(
            &format!("/api/contacts/{contact}/chat"),
            json!({"text": "Your PIN is 4711"}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(page.expect("chat_line").await["text"], "Your PIN is 4711");
    let (status, session) = agent
        .post(&format!("/api/contacts/{contact}/cobrowse"), json!({}))
        .await;
    assert_eq!(status, 200);
    page.expect("consent_request").await;

    // The other socket cannot answer, nor chat, in the customer's place.
    other
        .send(json!({"t": "chat_send", "text": "pretending"}))
        .await;
    other.send(json!({"t": "consent", "accept": true})).await;
    let seen = read_until(&mut other, "error").await;
    for v in &seen {
        assert!(
            !["chat_line", "consent_request", "contact_opened", "share"]
                .contains(&v["t"].as_str().unwrap_or("")),
            "the other socket received the visitor's {v}"
        );
    }
    let mut agent_ws = agent.socket(session["id"].as_str().unwrap()).await.unwrap();
    agent_ws.expect_state("awaiting_consent").await;
    let (_, history) = agent.get(&format!("/api/contacts/{contact}/chat")).await;
    assert!(
        !history.to_string().contains("pretending"),
        "a line from the other socket reached the chat: {history}"
    );

    // The customer's next page presents the secret and is the visitor again.
    let mut next = server.customer().await;
    next.send(json!({"t": "hello", "visitor": VISITOR, "secret": secret}))
        .await;
    let opened = next.expect("contact_opened").await;
    assert_eq!(opened["contact"], contact.as_str());
    page.send(json!({"t": "consent", "accept": true})).await;
    page.expect("share").await;
    agent_ws.expect_state("active").await;
}
