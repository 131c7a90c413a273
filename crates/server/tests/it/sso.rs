//! Single sign-on against a real OpenID Provider: the certified `oidc-provider` package
//! (e2e/sso/provider.mjs, run with node) on port 0. A test plays the browser (cookies, redirects,
//! the provider's sign-in and consent forms) and checks what the server makes of each answer:
//! agents created on first sign-in with the rights their groups give, rights re-read at every
//! sign-in (a removed group closes the agent's socket), tampered and expired ID tokens, unknown
//! and replayed states refused, and password sign-in switched off.

use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use tandem::auth::sso::{RightsMapping, SsoConfig};
use tandem_protocol::close;
use tokio::io::{AsyncBufReadExt, BufReader};

use crate::common::*;

/// The provider, stopped when dropped.
struct Provider {
    issuer: String,
    _child: tokio::process::Child,
}

impl Provider {
    async fn start() -> Provider {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
        let mut child = tokio::process::Command::new("node")
            .arg("e2e/sso/provider.mjs")
            .current_dir(root)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("node runs (the SSO tests need node and `npm ci`)");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let issuer = tokio::time::timeout(Duration::from_secs(30), async {
            while let Some(line) = lines.next_line().await.unwrap() {
                if let Some(url) = line.strip_prefix("oidc-provider: listening on ") {
                    return url.to_string();
                }
            }
            panic!("the OpenID Provider exited without listening");
        })
        .await
        .expect("the OpenID Provider started");
        // Keep reading: the provider writes notices later, and a closed pipe would end it.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Provider {
            issuer,
            _child: child,
        }
    }

    /// Changes a person's groups at the provider, as the company's IT team would.
    async fn set_groups(&self, user: &str, groups: &[&str]) {
        let res = reqwest::Client::new()
            .post(format!("{}/test/groups", self.issuer))
            .json(&json!({"user": user, "groups": groups}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 204);
    }
}

fn sso_config(provider: &Provider, client: &str) -> SsoConfig {
    SsoConfig {
        issuer: provider.issuer.clone(),
        client_id: client.into(),
        client_secret: format!("{client}-secret"),
        provider_name: Some("Example SSO".into()),
        public_url: None,
        rights: RightsMapping::new(
            "groups",
            &[
                "cobrowse=agents".into(),
                "remote-control=senior-agents".into(),
                "admin=tandem-admins".into(),
                "cobrowse=tandem-admins".into(),
            ],
        )
        .unwrap(),
    }
}

async fn server_with(provider: &Provider, client: &str) -> TestServer {
    let config = sso_config(provider, client);
    TestServer::start_with(move |c| c.sso = Some(config)).await
}

/// A browser: its own cookies, redirects followed by hand so each step is seen.
struct Browser {
    http: reqwest::Client,
}

/// Where a sign-in ended: the callback's answer.
struct Landed {
    status: u16,
    location: String,
    /// The `tandem_token` the callback set, if any.
    token: Option<String>,
}

impl Browser {
    fn new() -> Browser {
        let jar = Arc::new(reqwest::cookie::Jar::default());
        let http = reqwest::Client::builder()
            .cookie_provider(jar)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Browser { http }
    }

    /// Follows the sign-in from Tandem's button to the provider and back, filling the
    /// provider's forms, up to (not into) Tandem's callback: returns the callback URL.
    async fn to_callback(&self, server: &TestServer, user: &str, password: &str) -> String {
        let mut url = server.url("/api/sso/start");
        let mut form: Option<Vec<(&str, String)>> = None;
        for _ in 0..20 {
            let res = match form.take() {
                Some(fields) => self.http.post(&url).form(&fields).send().await.unwrap(),
                None => self.http.get(&url).send().await.unwrap(),
            };
            let base = reqwest::Url::parse(&url).unwrap();
            if res.status().is_redirection() {
                let location = res.headers()["location"].to_str().unwrap();
                let next = base.join(location).unwrap();
                if next.path() == "/api/sso/callback" {
                    return next.to_string();
                }
                url = next.to_string();
                continue;
            }
            let status = res.status();
            let html = res.text().await.unwrap();
            assert_eq!(status, 200, "{url}: {html}");
            let action = html
                .split("action=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .unwrap_or_else(|| panic!("no form at {url}: {html}"));
            url = base.join(action).unwrap().to_string();
            form = Some(if action.ends_with("/login") {
                vec![
                    ("login", user.to_string()),
                    ("password", password.to_string()),
                ]
            } else {
                vec![]
            });
        }
        panic!("the sign-in did not come back to Tandem");
    }

    /// Opens a callback URL in this browser.
    async fn open_callback(&self, callback: &str) -> Landed {
        let res = self.http.get(callback).send().await.unwrap();
        let status = res.status().as_u16();
        let location = res
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_string())
            .unwrap_or_default();
        let token = res
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|c| c.to_str().ok())
            .find_map(|c| c.strip_prefix("tandem_token="))
            .map(|c| c.split(';').next().unwrap().to_string())
            .filter(|t| !t.is_empty());
        Landed {
            status,
            location,
            token,
        }
    }

    async fn sign_in(&self, server: &TestServer, user: &str, password: &str) -> Landed {
        let callback = self.to_callback(server, user, password).await;
        self.open_callback(&callback).await
    }
}

fn api(server: &TestServer, token: &str) -> ApiAgent {
    ApiAgent {
        base: server.url(""),
        addr: server.addr,
        token: token.to_string(),
        http: reqwest::Client::new(),
    }
}

async fn audit_kinds(server: &TestServer) -> Vec<(String, String, String)> {
    let events = server
        .state
        .sessions
        .store()
        .audit_query(&Default::default())
        .await
        .unwrap();
    events
        .into_iter()
        .map(|e| (e.actor, e.kind, e.detail))
        .collect()
}

#[tokio::test]
async fn first_sign_in_creates_the_agent_with_the_rights_their_groups_give() {
    let provider = Provider::start().await;
    let server = server_with(&provider, "tandem").await;

    let landed = Browser::new()
        .sign_in(&server, "alice", "alice-password")
        .await;
    assert_eq!(
        (landed.status, landed.location.as_str()),
        (303, "/console/")
    );
    let alice = api(&server, &landed.token.expect("signed in"));
    let (status, me) = alice.get("/api/me").await;
    assert_eq!(status, 200);
    assert_eq!(me["username"], "alice");
    assert_eq!(me["display_name"], "Alice Smith");
    assert_eq!(me["rights"], json!(["cobrowse", "admin"]));

    let landed = Browser::new().sign_in(&server, "bob", "bob-password").await;
    let bob = api(&server, &landed.token.expect("bob signed in"));
    assert_eq!(
        bob.get("/api/me").await.1["rights"],
        json!(["cobrowse", "remote-control"])
    );
    // Bob can work: a session with a code.
    bob.start_phone_session().await;

    // A second sign-in finds the same agent.
    let again = Browser::new()
        .sign_in(&server, "alice", "alice-password")
        .await;
    assert!(again.token.is_some());
    let (_, agents) = alice.get("/api/agents").await;
    let names: Vec<&str> = agents
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["alice", "bob"]);

    let audit = audit_kinds(&server).await;
    let count = |kind: &str, actor: &str| {
        audit
            .iter()
            .filter(|(a, k, _)| k == kind && a == actor)
            .count()
    };
    assert_eq!(count("sso_sign_in", "alice"), 2);
    assert_eq!(count("sso_sign_in", "bob"), 1);
    assert_eq!(count("agent_added", "sso"), 2);
    assert!(audit.iter().any(|(_, k, d)| k == "sso_sign_in"
        && d.contains(&provider.issuer)
        && d.ends_with("cobrowse,admin")));
}

#[tokio::test]
async fn a_removed_group_takes_the_right_away_at_the_next_sign_in() {
    let provider = Provider::start().await;
    let server = server_with(&provider, "tandem").await;
    let landed = Browser::new().sign_in(&server, "bob", "bob-password").await;
    let bob = api(&server, &landed.token.unwrap());
    let (session, _) = bob.start_phone_session().await;
    let mut socket = bob.socket(&session).await.unwrap();
    socket.expect_state("awaiting_code").await;

    // IT takes Bob out of the senior agents: remote control goes at his next sign-in.
    provider.set_groups("bob", &["agents"]).await;
    let landed = Browser::new().sign_in(&server, "bob", "bob-password").await;
    assert!(landed.token.is_some());
    assert_eq!(bob.get("/api/me").await.1["rights"], json!(["cobrowse"]));
    socket.send(json!({"t": "resync"})).await;

    // Then out of the agents altogether: the sign-in is refused, and his open socket closes.
    provider.set_groups("bob", &["sales"]).await;
    let landed = Browser::new().sign_in(&server, "bob", "bob-password").await;
    assert_eq!(
        (
            landed.status,
            landed.location.as_str(),
            landed.token.is_some()
        ),
        (303, "/console/?sso_error=no_rights", false)
    );
    assert_eq!(socket.closed().await, Some(close::ACCESS_ENDED));
    assert_eq!(bob.get("/api/me").await.1["rights"], json!([]));
    assert_eq!(bob.socket(&session).await.err(), Some(403));
    let audit = audit_kinds(&server).await;
    assert!(
        audit.iter().any(|(a, k, d)| a == "sso"
            && k == "rights_changed"
            && d.starts_with("bob: cobrowse "))
    );
    assert!(
        audit
            .iter()
            .any(|(a, k, d)| a == "bob" && k == "sso_sign_in_refused" && d.ends_with("no_rights"))
    );
}

#[tokio::test]
async fn a_person_without_a_mapped_group_gets_no_agent() {
    let provider = Provider::start().await;
    let server = server_with(&provider, "tandem").await;
    let landed = Browser::new()
        .sign_in(&server, "carol", "carol-password")
        .await;
    assert_eq!(landed.location, "/console/?sso_error=no_rights");
    assert!(landed.token.is_none());
    let store = server.state.sessions.store();
    assert!(store.agent_by_username("carol").await.unwrap().is_none());
}

#[tokio::test]
async fn a_tampered_id_token_is_refused() {
    let provider = Provider::start().await;
    // This client's token answers have the ID token's subject and groups changed after signing
    // (Bob made into Alice, an admin).
    let server = server_with(&provider, "tandem-tampered").await;
    let landed = Browser::new().sign_in(&server, "bob", "bob-password").await;
    assert_eq!(
        (
            landed.status,
            landed.location.as_str(),
            landed.token.is_some()
        ),
        (303, "/console/?sso_error=token", false)
    );
    let store = server.state.sessions.store();
    assert!(store.agents().await.unwrap().is_empty(), "no agent created");
    let audit = audit_kinds(&server).await;
    assert!(
        audit.iter().any(|(_, k, d)| k == "sso_sign_in_failed"
            && d.contains("ID token")
            && d.contains("signature")),
        "{audit:?}"
    );
}

#[tokio::test]
async fn an_expired_id_token_is_refused() {
    let provider = Provider::start().await;
    let server = server_with(&provider, "tandem").await;
    // The server's clock is two hours ahead of the provider's: the ID token (valid one hour) has
    // expired by the time the server reads it.
    server.clock.advance(Duration::from_secs(2 * 60 * 60));
    let landed = Browser::new()
        .sign_in(&server, "alice", "alice-password")
        .await;
    assert_eq!(
        (landed.location.as_str(), landed.token.is_some()),
        ("/console/?sso_error=token", false)
    );
    let audit = audit_kinds(&server).await;
    assert!(
        audit
            .iter()
            .any(|(_, k, d)| k == "sso_sign_in_failed" && d.contains("expired")),
        "{audit:?}"
    );
}

#[tokio::test]
async fn unknown_replayed_and_other_browsers_states_are_refused() {
    let provider = Provider::start().await;
    let server = server_with(&provider, "tandem").await;

    // A state the server never issued.
    let stranger = Browser::new();
    let landed = stranger
        .open_callback(&server.url("/api/sso/callback?state=made-up&code=abc"))
        .await;
    assert_eq!(
        (
            landed.status,
            landed.location.as_str(),
            landed.token.is_some()
        ),
        (303, "/console/?sso_error=state", false)
    );

    // A real callback URL opened in another browser (a sign-in forced on someone else) is
    // refused, and the state is spent: the browser that started it cannot use it either.
    let alice = Browser::new();
    let callback = alice.to_callback(&server, "alice", "alice-password").await;
    let forced = stranger.open_callback(&callback).await;
    assert_eq!(
        (forced.location.as_str(), forced.token.is_some()),
        ("/console/?sso_error=state", false)
    );
    let replay = alice.open_callback(&callback).await;
    assert_eq!(
        (replay.location.as_str(), replay.token.is_some()),
        ("/console/?sso_error=state", false)
    );

    // A fresh one in the right browser works, once.
    let callback = alice.to_callback(&server, "alice", "alice-password").await;
    assert!(alice.open_callback(&callback).await.token.is_some());
    assert!(alice.open_callback(&callback).await.token.is_none());
    assert_eq!(server.state.sso.as_ref().unwrap().pending(), 0);
}

#[tokio::test]
async fn password_sign_in_can_be_switched_off() {
    let provider = Provider::start().await;
    let config = sso_config(&provider, "tandem");
    let server = TestServer::start_with(move |c| {
        c.sso = Some(config);
        c.local_passwords = false;
    })
    .await;
    let http = reqwest::Client::new();
    let options: serde_json::Value = http
        .get(server.url("/api/sso"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        options,
        json!({"provider": "Example SSO", "local_passwords": false})
    );
    // Even a real agent with a real password is refused.
    let agent = tandem::store::Agent {
        id: tandem::secret::id(),
        username: "ann".into(),
        password_hash: tandem::auth::hash_password("password123"),
        rights: vec![tandem::store::Right::Cobrowse],
        display_name: String::new(),
    };
    server
        .state
        .sessions
        .store()
        .add_agent(&agent, 0)
        .await
        .unwrap();
    let res = http
        .post(server.url("/api/login"))
        .json(&json!({"username": "ann", "password": "password123"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let body: serde_json::Value = res.json().await.unwrap();
    assert!(body["error"].as_str().unwrap().contains("switched off"));
    // Single sign-on still works.
    let landed = Browser::new().sign_in(&server, "bob", "bob-password").await;
    assert!(landed.token.is_some());
}

#[tokio::test]
async fn without_single_sign_on_the_console_offers_passwords_only() {
    let server = TestServer::start().await;
    let http = reqwest::Client::new();
    let options: serde_json::Value = http
        .get(server.url("/api/sso"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(options, json!({"provider": null, "local_passwords": true}));
    let res = http.get(server.url("/api/sso/start")).send().await.unwrap();
    assert_eq!(res.status(), 404);
}
