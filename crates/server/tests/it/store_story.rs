//! One story through the `Store` trait, run on both backends: SQLite (embedded) and PostgreSQL
//! (scale-out). Whatever one backend does, the other must do the same.

use std::sync::Arc;

use tandem::store::{
    self, Agent, AuditEvent, AuditFilter, ChatLine, Contact, Favourite, NewSession, PurgeBefore,
    Purged, Right, SignIns, Store, StoreError,
};
use tandem_protocol::{EndedBy, InvitationRule, SessionState};

fn agent(name: &str, rights: &[Right]) -> Agent {
    Agent {
        id: tandem::secret::id(),
        username: name.into(),
        password_hash: "hash".into(),
        rights: rights.to_vec(),
        display_name: String::new(),
    }
}

fn contact(id: &str, agent_id: &str, channel: &str, visitor: Option<&str>) -> Contact {
    Contact {
        id: id.into(),
        channel: channel.into(),
        customer: "Ann".into(),
        agent_id: agent_id.into(),
        created_at: 1,
        visitor_id: visitor.map(str::to_string),
        state: "open".into(),
        handed_over: false,
        phase: "talking".into(),
    }
}

async fn story(s: Arc<dyn Store>) {
    // Agents and sign-in tokens.
    let ava = agent("ava", &[Right::Cobrowse]);
    let bo = agent("bo", &[Right::Cobrowse, Right::Admin]);
    s.add_agent(&ava, 1).await.unwrap();
    s.add_agent(&bo, 2).await.unwrap();
    assert!(matches!(
        s.add_agent(&agent("ava", &[]), 3).await,
        Err(StoreError::Conflict)
    ));
    assert_eq!(
        s.agent_by_username("bo").await.unwrap().unwrap().rights,
        [Right::Cobrowse, Right::Admin]
    );
    assert!(
        s.set_agent_rights("ava", &[Right::Cobrowse, Right::RemoteControl])
            .await
            .unwrap()
    );
    assert!(!s.set_agent_rights("nobody", &[]).await.unwrap());
    assert_eq!(s.agents().await.unwrap().len(), 2);

    // Single sign-on: a provider's person is one agent; names and persons are never shared.
    let cy = agent("cy", &[]);
    s.add_agent_with_identity(&cy, "https://idp", "sub-cy", 3)
        .await
        .unwrap();
    let found = s.agent_by_identity("https://idp", "sub-cy").await.unwrap();
    assert_eq!(found.map(|a| a.username), Some("cy".into()));
    assert!(
        s.agent_by_identity("https://other", "sub-cy")
            .await
            .unwrap()
            .is_none()
    );
    assert!(matches!(
        s.add_agent_with_identity(&agent("ava", &[]), "https://idp", "sub-x", 3)
            .await,
        Err(StoreError::Conflict)
    ));
    assert!(matches!(
        s.add_agent_with_identity(&agent("dee", &[]), "https://idp", "sub-cy", 3)
            .await,
        Err(StoreError::Conflict)
    ));
    assert!(
        s.agent_by_username("dee").await.unwrap().is_none(),
        "all or nothing"
    );
    assert_eq!(s.agents().await.unwrap().len(), 3);
    assert_eq!(
        s.agent_by_username("ava").await.unwrap().unwrap().name(),
        "ava",
        "the display name defaults to the login"
    );
    assert!(s.set_agent_display_name("ava", "Ava Lind").await.unwrap());
    assert!(!s.set_agent_display_name("nobody", "X").await.unwrap());
    assert_eq!(
        s.agent_by_username("ava").await.unwrap().unwrap().name(),
        "Ava Lind"
    );
    s.add_token("t1", &ava.id, 100).await.unwrap();
    assert_eq!(
        s.agent_by_token("t1", 50).await.unwrap().unwrap().username,
        "ava"
    );
    assert!(
        s.agent_by_token("t1", 100).await.unwrap().is_none(),
        "expired"
    );
    s.remove_token("t1").await.unwrap();
    assert!(s.agent_by_token("t1", 50).await.unwrap().is_none());

    // Contacts, least busy agent, hand-over, end.
    s.add_contact(&contact("c1", &ava.id, "phone", None))
        .await
        .unwrap();
    assert_eq!(s.least_busy_agent().await.unwrap().unwrap().username, "bo");
    s.set_contact_visitor("c1", "v1").await.unwrap();
    assert_eq!(s.open_contacts_of_visitor("v1").await.unwrap()[0].id, "c1");
    // The call phase moves only from the phases named (compare-and-set).
    assert!(
        !s.set_contact_phase("c1", &["parked"], "talking")
            .await
            .unwrap(),
        "not parked"
    );
    assert!(
        s.set_contact_phase("c1", &["talking"], "parked")
            .await
            .unwrap()
    );
    assert!(
        !s.set_contact_phase("c1", &["talking"], "parked")
            .await
            .unwrap(),
        "parked already"
    );
    assert_eq!(s.contact("c1").await.unwrap().unwrap().phase, "parked");
    assert!(
        s.set_contact_phase("c1", &["enquiry", "parked"], "enquiry")
            .await
            .unwrap()
    );
    s.hand_over_contact("c1", &bo.id).await.unwrap();
    let c1 = s.contact("c1").await.unwrap().unwrap();
    assert!(c1.handed_over && c1.agent_id == bo.id);
    assert_eq!(
        c1.phase, "talking",
        "a hand-over starts the receiver's call afresh"
    );
    s.clear_handed_over("c1").await.unwrap();
    assert!(!s.contact("c1").await.unwrap().unwrap().handed_over);
    assert_eq!(s.contacts_of_agent(&bo.id).await.unwrap().len(), 1);

    // Sessions: a live code is unique; redemption is atomic and single-use; transitions CAS.
    let new = |id: &'static str, code: Option<&'static str>| NewSession {
        id,
        contact_id: "c1",
        agent_id: &bo.id,
        state: SessionState::AwaitingCode,
        code,
        code_expires_at: Some(1_000),
        now: 10,
    };
    s.add_session(new("s1", Some("123456"))).await.unwrap();
    assert!(matches!(
        s.add_session(new("s2", Some("123456"))).await,
        Err(StoreError::Conflict)
    ));
    assert!(
        s.redeem_code("123456", 1_000).await.unwrap().is_none(),
        "expired at its deadline"
    );
    let racers: Vec<_> = (0..8)
        .map(|_| {
            let s = s.clone();
            tokio::spawn(async move { s.redeem_code("123456", 500).await.unwrap() })
        })
        .collect();
    let mut winners = 0;
    for r in racers {
        if let Some(won) = r.await.unwrap() {
            assert_eq!(won.state, SessionState::AwaitingConsent);
            assert!(won.code.is_none());
            winners += 1;
        }
    }
    assert_eq!(winners, 1, "a code is redeemed exactly once");
    s.set_customer_token("s1", "tok").await.unwrap();
    assert_eq!(
        s.session_by_customer_token("tok")
            .await
            .unwrap()
            .unwrap()
            .id,
        "s1"
    );
    assert!(
        s.transition("s1", &[SessionState::Active], SessionState::Ended, None, 20)
            .await
            .unwrap()
            .is_none()
    );
    let active = s
        .transition(
            "s1",
            &[SessionState::AwaitingConsent],
            SessionState::Active,
            None,
            20,
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(active.state, SessionState::Active);
    let ended = s
        .transition(
            "s1",
            &[SessionState::Active, SessionState::Interrupted],
            SessionState::Ended,
            Some(EndedBy::Agent),
            30,
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(ended.ended_by, Some(EndedBy::Agent));
    s.add_session(new("s3", Some("123456")))
        .await
        .expect("a used code's number may be issued again");
    assert_eq!(
        s.latest_session_of_contact("c1").await.unwrap().unwrap().id,
        "s3"
    );
    assert!(s.end_contact("c1").await.unwrap());
    assert!(!s.end_contact("c1").await.unwrap());
    assert!(s.open_contacts_of_visitor("v1").await.unwrap().is_empty());

    // Settings, favourites (saved whole), chat, visitors.
    s.set_setting("domains", "[\"a.com\"]").await.unwrap();
    s.set_setting("domains", "[\"b.com\"]").await.unwrap();
    assert_eq!(s.setting("domains").await.unwrap().unwrap(), "[\"b.com\"]");
    let fav = |id: &str, name: &str| Favourite {
        id: id.into(),
        name: name.into(),
        url: format!("https://e.com/{name}"),
    };
    s.replace_favourites(Some(&ava.id), &[fav("f1", "one"), fav("f2", "two")])
        .await
        .unwrap();
    s.replace_favourites(None, &[fav("f3", "company")])
        .await
        .unwrap();
    s.replace_favourites(Some(&ava.id), &[fav("f2", "two"), fav("f4", "four")])
        .await
        .unwrap();
    let mine: Vec<String> = s
        .favourites(Some(&ava.id))
        .await
        .unwrap()
        .into_iter()
        .map(|f| f.name)
        .collect();
    assert_eq!(mine, ["two", "four"]);
    assert_eq!(s.favourites(None).await.unwrap()[0].name, "company");
    let line = |at, sender: &str, text: &str, agent: Option<&str>| ChatLine {
        at,
        sender: sender.into(),
        text: text.into(),
        agent: agent.map(str::to_string),
        agent_name: agent.map(|a| format!("{a} (name)")),
    };
    s.add_chat("c1", &line(5, "customer", "hi", None))
        .await
        .unwrap();
    s.add_chat("c1", &line(6, "agent", "hello", Some("ava")))
        .await
        .unwrap();
    let chat = s.chat_of_contact("c1").await.unwrap();
    assert_eq!(
        chat.iter().map(|l| l.text.as_str()).collect::<Vec<_>>(),
        ["hi", "hello"]
    );
    assert_eq!(
        (chat[1].agent.as_deref(), chat[1].agent_name.as_deref()),
        (Some("ava"), Some("ava (name)"))
    );
    assert_eq!(chat[0].agent, None);
    s.set_visitor_support("v1", Some("no WebSocket"), 1)
        .await
        .unwrap();
    assert_eq!(
        s.visitor_unsupported("v1").await.unwrap().as_deref(),
        Some("no WebSocket")
    );
    s.set_visitor_support("v1", None, 2).await.unwrap();
    assert!(s.visitor_unsupported("v1").await.unwrap().is_none());

    // The audit log, filtered.
    for (at, kind) in [
        (1, "session_started"),
        (2, "consent_given"),
        (3, "session_ended"),
    ] {
        let e = AuditEvent {
            at,
            actor: "ava".into(),
            kind: kind.into(),
            session_id: Some("s1".into()),
            contact_id: Some("c1".into()),
            detail: String::new(),
        };
        s.audit(&e).await.unwrap();
    }
    assert_eq!(s.audit_of_session("s1").await.unwrap().len(), 3);
    let f = AuditFilter {
        kind: Some("consent_given".into()),
        ..Default::default()
    };
    assert_eq!(s.audit_query(&f).await.unwrap().len(), 1);
    let f = AuditFilter {
        from: Some(2),
        to: Some(3),
        ..Default::default()
    };
    assert_eq!(s.audit_query(&f).await.unwrap().len(), 2);

    // The dashboard's facts: each session with its consent, end, channel and agent.
    let facts = s.session_facts(0).await.unwrap();
    let s1 = facts
        .iter()
        .find(|f| f.consented_at == Some(2))
        .expect("s1 in the facts");
    assert_eq!(s1.ended_at, Some(3));
    assert_eq!(
        (s1.created_at, s1.declined, s1.interruptions),
        (10, false, 0)
    );
    assert_eq!(s1.channel, s.contact("c1").await.unwrap().unwrap().channel);
    assert!(s.session_facts(i64::MAX).await.unwrap().is_empty());

    personal_data(s.as_ref(), &ava.id).await;
    passwords_counts_invitations(s.as_ref()).await;
}

/// Retention removes what is older than each cut-off; erasure removes one contact and what is
/// stored about its customer.
async fn personal_data(s: &dyn Store, agent_id: &str) {
    let mut c2 = contact("c2", agent_id, "chat", Some("v2"));
    c2.created_at = 100;
    s.add_contact(&c2).await.unwrap();
    assert!(s.end_contact("c2").await.unwrap());
    let mut c3 = contact("c3", agent_id, "chat", Some("v3"));
    c3.created_at = 100;
    s.add_contact(&c3).await.unwrap();
    s.set_visitor_support("v2", None, 100).await.unwrap();
    assert!(s.bind_visitor("v3", "hash", 100).await.unwrap());
    let line = |at, text: &str| ChatLine {
        at,
        sender: "customer".into(),
        text: text.into(),
        agent: None,
        agent_name: None,
    };
    s.add_chat("c2", &line(100, "my card is on the table"))
        .await
        .unwrap();
    s.add_chat("c3", &line(100, "hello")).await.unwrap();
    s.add_chat("c3", &line(300, "I live at 1 Main St"))
        .await
        .unwrap();
    s.add_session(NewSession {
        id: "s4",
        contact_id: "c3",
        agent_id,
        state: SessionState::AwaitingConsent,
        code: None,
        code_expires_at: None,
        now: 300,
    })
    .await
    .unwrap();
    for (at, contact, detail) in [
        (100, "c2", "old"),
        (300, "c3", "Ann opened https://shop/ann"),
    ] {
        s.audit(&AuditEvent {
            at,
            actor: "customer".into(),
            kind: "page".into(),
            session_id: None,
            contact_id: Some(contact.into()),
            detail: detail.into(),
        })
        .await
        .unwrap();
    }

    // Nothing is older than these: nothing goes.
    let nothing = PurgeBefore {
        contacts: Some(1),
        sessions: Some(5),
        chat: Some(5),
        audit: Some(1),
    };
    assert_eq!(s.purge(&nothing).await.unwrap(), Purged::default());
    // Chat lines and audit entries before 200 go.
    let purged = s
        .purge(&PurgeBefore {
            chat: Some(200),
            audit: Some(200),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!((purged.chat_lines, purged.audit_entries), (4, 4));
    assert_eq!(s.chat_of_contact("c3").await.unwrap().len(), 1);
    // Ended contacts made before 150 go, with their sessions and their customers' browsers;
    // an open contact stays, however old.
    let purged = s
        .purge(&PurgeBefore {
            contacts: Some(150),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        (purged.contacts, purged.sessions, purged.visitors),
        (2, 2, 2),
        "{purged:?}"
    );
    assert!(s.contact("c1").await.unwrap().is_none());
    assert!(s.contact("c2").await.unwrap().is_none());
    assert!(s.session("s1").await.unwrap().is_none());
    assert!(s.contact("c3").await.unwrap().is_some());
    assert!(s.visitor_secret_hash("v3").await.unwrap().is_some());

    // Erasing c3: its chat, session, browser record; audit entries stay, without their details.
    let erased = s.erase_contact("c3").await.unwrap().unwrap();
    assert_eq!(
        (
            erased.sessions,
            erased.chat_lines,
            erased.visitor,
            erased.audit_details
        ),
        (1, 1, true, 1)
    );
    assert!(s.contact("c3").await.unwrap().is_none());
    assert!(s.session("s4").await.unwrap().is_none());
    assert!(s.chat_of_contact("c3").await.unwrap().is_empty());
    assert!(s.visitor_secret_hash("v3").await.unwrap().is_none());
    let about = s
        .audit_query(&AuditFilter {
            contact_id: Some("c3".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(about.len(), 1);
    assert_eq!(about[0].detail, "");
    assert!(s.erase_contact("c3").await.unwrap().is_none());
}

/// Passwords, the metrics' counts and invitation rules.
async fn passwords_counts_invitations(s: &dyn Store) {
    // A new password: sign-ins end, or carry on (the demo's restart); rights change with it.
    let bo = s.agent_by_username("bo").await.unwrap().unwrap();
    s.add_token("t9", &bo.id, 1_000).await.unwrap();
    assert!(
        s.set_agent_password("bo", "hash2", &[Right::Cobrowse], SignIns::Keep)
            .await
            .unwrap()
    );
    let signed_in = s.agent_by_token("t9", 10).await.unwrap().unwrap();
    assert_eq!(
        (signed_in.password_hash.as_str(), signed_in.rights),
        ("hash2", vec![Right::Cobrowse])
    );
    assert!(
        s.set_agent_password("bo", "hash3", &[Right::Admin], SignIns::End)
            .await
            .unwrap()
    );
    assert!(s.agent_by_token("t9", 10).await.unwrap().is_none());
    assert!(
        !s.set_agent_password("nobody", "h", &[], SignIns::End)
            .await
            .unwrap()
    );

    // What the metrics count: sessions per state (none left after the retention pass).
    assert!(s.count_sessions_by_state().await.unwrap().is_empty());
    s.add_contact(&contact("c9", &bo.id, "phone", None))
        .await
        .unwrap();
    for (id, code) in [("s9", "900001"), ("s10", "900002")] {
        s.add_session(NewSession {
            id,
            contact_id: "c9",
            agent_id: &bo.id,
            state: SessionState::AwaitingCode,
            code: Some(code),
            code_expires_at: Some(1_000),
            now: 10,
        })
        .await
        .unwrap();
    }
    s.transition(
        "s9",
        &[SessionState::AwaitingCode],
        SessionState::Ended,
        None,
        11,
    )
    .await
    .unwrap()
    .unwrap();
    let mut by_state = s.count_sessions_by_state().await.unwrap();
    by_state.sort_by_key(|(state, _)| state.as_str());
    assert_eq!(
        by_state,
        [(SessionState::AwaitingCode, 1), (SessionState::Ended, 1)]
    );

    // Invitation rules keep their order and fields; counts add up per rule and event.
    let rule = |id: &str, manual: bool| InvitationRule {
        id: id.into(),
        name: format!("rule {id}"),
        page: "/pricing".into(),
        seconds_on_page: 3600,
        idle_seconds: 5,
        manual,
        offer: "chat".into(),
        text: "Need a hand?".into(),
    };
    s.replace_invitation_rules(&[rule("r1", false), rule("r2", true)])
        .await
        .unwrap();
    s.replace_invitation_rules(&[rule("r2", true), rule("r1", false)])
        .await
        .unwrap();
    let rules = s.invitation_rules().await.unwrap();
    assert_eq!(rules, [rule("r2", true), rule("r1", false)]);
    for (id, event) in [
        ("r1", "shown"),
        ("r1", "shown"),
        ("r1", "accepted"),
        ("r2", "shown"),
    ] {
        s.count_invitation(id, event).await.unwrap();
    }
    assert_eq!(
        s.invitation_counts().await.unwrap(),
        [
            ("r1".to_string(), "accepted".to_string(), 1),
            ("r1".into(), "shown".into(), 2),
            ("r2".into(), "shown".into(), 1)
        ]
    );
}

#[tokio::test]
async fn the_story_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let s = store::open(&format!("sqlite://{}", dir.path().join("t.db").display()))
        .await
        .unwrap();
    story(s).await;
}

#[tokio::test]
async fn the_story_on_postgres() {
    let base = std::env::var("TANDEM_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    let schema = format!("story_{}", tandem::secret::id());
    let admin = sqlx::PgPool::connect(&base)
        .await
        .expect("PostgreSQL at TANDEM_TEST_POSTGRES (or 127.0.0.1:5432/test)");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
        .execute(&admin)
        .await
        .unwrap();
    let url = format!("{base}?options=-c%20search_path%3D{schema}");
    let s = store::open(&url).await.unwrap();
    story(s).await;
    sqlx::query(sqlx::AssertSqlSafe(format!("DROP SCHEMA {schema} CASCADE")))
        .execute(&admin)
        .await
        .unwrap();
}
