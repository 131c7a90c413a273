//! Personal data: the company's privacy settings (admins, through the API), retention applied by
//! the background pass (here with the server's clock moved on), discarding client addresses,
//! and erasing one customer — through the API and with `tandem erase --contact ID`.

use std::time::Duration;

use crate::common::*;
use serde_json::json;
use tandem::store::Right;

const BIN: &str = env!("CARGO_BIN_EXE_tandem");

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
    (status, res.json().await.unwrap_or(serde_json::Value::Null))
}

async fn delete(agent: &ApiAgent, path: &str) -> (u16, serde_json::Value) {
    let res = agent
        .http
        .delete(format!("{}{}", agent.base, path))
        .bearer_auth(&agent.token)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(serde_json::Value::Null))
}

async fn audit(admin: &ApiAgent, query: &str) -> Vec<serde_json::Value> {
    let (status, list) = admin.get(&format!("/api/audit?{query}")).await;
    assert_eq!(status, 200, "{list}");
    list.as_array().unwrap().clone()
}

#[tokio::test]
async fn admins_set_retention_and_the_pass_removes_what_is_older() {
    let server = TestServer::start().await;
    let admin = server.agent("root", &[Right::Cobrowse, Right::Admin]).await;
    let ava = server.agent("ava", &[Right::Cobrowse]).await;
    assert_eq!(ava.get("/api/settings/privacy").await.0, 403);
    assert_eq!(
        put(&ava, "/api/settings/privacy", json!({"contact_days": 1}))
            .await
            .0,
        403
    );
    let (status, none) = admin.get("/api/settings/privacy").await;
    assert_eq!(status, 200);
    assert_eq!(
        none["contact_days"],
        serde_json::Value::Null,
        "kept by default"
    );
    for bad in [
        json!({"audit_days": 40_000}),
        json!({"audit_days": -1}),
        json!({"retention": 3}),
    ] {
        assert_eq!(put(&admin, "/api/settings/privacy", bad).await.0, 400);
    }

    // A contact that ended today, and one still open.
    let (_, ended) = ava
        .post(
            "/api/contacts",
            json!({"channel": "phone", "customer": "Ann"}),
        )
        .await;
    let ended = ended["id"].as_str().unwrap().to_string();
    let (status, _) = ava
        .post(
            &format!("/api/contacts/{ended}/events"),
            json!({"type": "drop"}),
        )
        .await;
    assert_eq!(status, 200);
    let (_, open) = ava
        .post(
            "/api/contacts",
            json!({"channel": "phone", "customer": "Bo"}),
        )
        .await;
    let open = open["id"].as_str().unwrap().to_string();

    let settings = json!({"contact_days": 30, "session_days": 30, "chat_days": 30, "audit_days": 365, "discard_client_addresses": false});
    let (status, saved) = put(&admin, "/api/settings/privacy", settings.clone()).await;
    assert_eq!((status, &saved), (200, &settings));
    assert_eq!(admin.get("/api/settings/privacy").await.1, settings);
    assert_eq!(
        audit(&admin, "kind=privacy_settings_changed").await.len(),
        1
    );

    // Not old enough yet: the pass leaves everything.
    let sessions = &server.state.sessions;
    assert_eq!(
        sessions.enforce_retention().await.unwrap(),
        Default::default()
    );
    assert_eq!(ava.get(&format!("/api/contacts/{ended}")).await.0, 200);

    // 31 days later the ended contact goes; the open one stays; the pass is in the audit log.
    server.clock.advance(Duration::from_secs(31 * 24 * 3600));
    // (Sign-ins do not last a month.)
    let (admin, ava) = (server.sign_in("root").await, server.sign_in("ava").await);
    let purged = sessions.enforce_retention().await.unwrap();
    assert_eq!(purged.contacts, 1, "{purged:?}");
    assert_eq!(ava.get(&format!("/api/contacts/{ended}")).await.0, 404);
    assert_eq!(ava.get(&format!("/api/contacts/{open}")).await.0, 200);
    let applied = audit(&admin, "kind=retention_applied").await;
    assert_eq!(applied.len(), 1);
    assert!(
        applied[0]["detail"]
            .as_str()
            .unwrap()
            .starts_with("1 contacts"),
        "{applied:?}"
    );

    // A year and more later, audit entries older than 365 days go too.
    server.clock.advance(Duration::from_secs(400 * 24 * 3600));
    let admin = server.sign_in("root").await;
    let purged = sessions.enforce_retention().await.unwrap();
    assert!(purged.audit_entries >= 3, "{purged:?}");
    assert!(
        audit(&admin, "kind=privacy_settings_changed")
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn client_addresses_are_not_stored_when_the_company_discards_them() {
    let server = TestServer::start().await;
    let admin = server.agent("root", &[Right::Cobrowse, Right::Admin]).await;
    let mut page = server.customer().await;
    page.send(json!({"t": "redeem", "code": "000000"})).await;
    page.expect("code_refused").await;
    let refused = audit(&admin, "kind=code_refused").await;
    assert_eq!(refused[0]["detail"], "127.0.0.1", "kept by default");

    let (status, _) = put(
        &admin,
        "/api/settings/privacy",
        json!({"discard_client_addresses": true}),
    )
    .await;
    assert_eq!(status, 200);
    page.send(json!({"t": "redeem", "code": "000001"})).await;
    page.expect("code_refused").await;
    let refused = audit(&admin, "kind=code_refused").await;
    assert_eq!(refused.len(), 2);
    assert_eq!(refused[1]["detail"], "", "no address stored");
}

#[tokio::test]
async fn an_admin_erases_one_customer_everywhere_and_the_log_says_so() {
    let server = TestServer::start().await;
    let admin = server.agent("root", &[Right::Cobrowse, Right::Admin]).await;
    let ava = server.agent("ava", &[Right::Cobrowse]).await;
    // A live co-browsing session: the customer shared a page and went places.
    let (session, code) = ava.start_phone_session().await;
    let (_, contacts) = ava.get("/api/contacts").await;
    let contact = contacts[0]["id"].as_str().unwrap().to_string();
    let mut page = server.customer().await;
    join_and_accept(&mut page, &code).await;
    let (_, other) = ava
        .post(
            "/api/contacts",
            json!({"channel": "email", "customer": "Cy"}),
        )
        .await;
    let other = other["id"].as_str().unwrap().to_string();

    assert_eq!(
        delete(&ava, &format!("/api/contacts/{contact}/personal-data"))
            .await
            .0,
        403
    );
    assert_eq!(
        delete(&admin, "/api/contacts/nope/personal-data").await.0,
        404
    );
    let (status, erased) = delete(&admin, &format!("/api/contacts/{contact}/personal-data")).await;
    assert_eq!(status, 200, "{erased}");
    assert_eq!(erased["sessions"], 1);
    // The live session ended on the customer's page; nothing of it is left to find.
    page.expect("ended").await;
    assert_eq!(ava.get(&format!("/api/contacts/{contact}")).await.0, 404);
    assert_eq!(ava.get(&format!("/api/sessions/{session}")).await.0, 404);
    assert_eq!(ava.get(&format!("/api/contacts/{other}")).await.0, 200);
    // The log keeps what happened, not what named the customer; the erasure is in it.
    let about = audit(&admin, &format!("contact_id={contact}")).await;
    let (erasure, rest): (Vec<_>, Vec<_>) = about
        .iter()
        .partition(|e| e["kind"] == "personal_data_erased");
    assert_eq!(erasure.len(), 1);
    assert_eq!(erasure[0]["actor"], "root");
    assert!(!rest.is_empty());
    assert!(rest.iter().all(|e| e["detail"] == ""), "{rest:?}");

    // The same from the command line, against the server's store while it runs.
    let out = tokio::process::Command::new(BIN)
        .args(["erase", "--contact", &other, "--data"])
        .arg(server.dir.path())
        .output()
        .await
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(ava.get(&format!("/api/contacts/{other}")).await.0, 404);
    let cli = audit(
        &admin,
        &format!("contact_id={other}&kind=personal_data_erased"),
    )
    .await;
    assert_eq!(cli[0]["actor"], "cli");
    let again = tokio::process::Command::new(BIN)
        .args(["erase", "--contact", &other, "--data"])
        .arg(server.dir.path())
        .output()
        .await
        .unwrap();
    assert_eq!(again.status.code(), Some(1), "no such contact any more");
}
