//! Scale-out: two Tandem nodes sharing PostgreSQL and NATS. A customer on node A and an agent
//! on node B share one session: states, DOM frames, scrolls and stop cross between nodes, and a
//! code is redeemed once across nodes.

use crate::common::*;
use serde_json::json;
use tandem::Config;
use tandem::store::Right;

pub struct Cluster {
    pub a: TestServer,
    pub b: TestServer,
    admin: sqlx::PgPool,
    schema: String,
}

pub async fn cluster() -> Cluster {
    cluster_with(|_| {}).await
}

/// Two nodes whose configuration the test tunes (shorter timings).
pub async fn cluster_with(tune: fn(&mut Config)) -> Cluster {
    let base = std::env::var("TANDEM_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    let nats = std::env::var("TANDEM_TEST_NATS").unwrap_or_else(|_| "nats://127.0.0.1:4222".into());
    let schema = format!("cluster_{}", tandem::secret::id());
    let admin = sqlx::PgPool::connect(&base)
        .await
        .expect("PostgreSQL for the cluster test");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
        .execute(&admin)
        .await
        .unwrap();
    let url = format!("{base}?options=-c%20search_path%3D{schema}");
    let node = |url: String, nats: String, prefix: String| async move {
        let mut config = Config::new(url);
        config.nats_url = Some(nats);
        config.nats_prefix = prefix;
        TestServer::start_config(tempfile::tempdir().unwrap(), config, tune).await
    };
    let a = node(url.clone(), nats.clone(), schema.clone()).await;
    let b = node(url, nats, schema.clone()).await;
    Cluster {
        a,
        b,
        admin,
        schema,
    }
}

impl Cluster {
    pub async fn drop_schema(self) {
        drop(self.a);
        drop(self.b);
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP SCHEMA {} CASCADE",
            self.schema
        )))
        .execute(&self.admin)
        .await
        .unwrap();
    }
}

#[tokio::test]
async fn a_customer_on_one_node_and_an_agent_on_another_share_a_session() {
    let c = cluster().await;
    let agent = c.b.agent("ava", &[Right::Cobrowse]).await;
    let (session, code) = agent.start_phone_session().await;
    let mut agent_ws = agent.socket(&session).await.unwrap();
    agent_ws.expect_state("awaiting_code").await;

    let mut page = c.a.customer().await;
    let token = join_and_accept(&mut page, &code).await;
    agent_ws.expect_state("active").await;
    page.send_binary(b"\x00[\"across nodes\"]".to_vec()).await;
    loop {
        match agent_ws.recv().await {
            Received::Binary(b) => {
                assert_eq!(b, b"\x00[\"across nodes\"]");
                break;
            }
            Received::Json(_) => continue,
            Received::Closed(code) => panic!("closed {code:?}"),
        }
    }
    agent_ws
        .send(json!({"t": "agent_scroll", "x": 0, "y": 300}))
        .await;
    assert_eq!(page.expect("scroll").await["y"], 300.0);

    // The customer's next page lands on node B; still the same session.
    drop(page);
    let mut next = c.b.customer().await;
    next.send(json!({"t": "resume", "token": token})).await;
    next.expect("share").await;
    agent_ws.send(json!({"t": "stop_session"})).await;
    assert_eq!(next.expect("ended").await["by"], "agent");
    c.drop_schema().await;
}

#[tokio::test]
async fn a_code_is_redeemed_once_across_nodes() {
    let c = cluster().await;
    let agent = c.a.agent("ava", &[Right::Cobrowse]).await;
    let (_, code) = agent.start_phone_session().await;
    let mut on_a = c.a.customer().await;
    let mut on_b = c.b.customer().await;
    on_a.send(json!({"t": "redeem", "code": code})).await;
    on_b.send(json!({"t": "redeem", "code": code})).await;
    let (ra, rb) = (on_a.json().await, on_b.json().await);
    let kinds = [
        ra["t"].as_str().unwrap().to_string(),
        rb["t"].as_str().unwrap().to_string(),
    ];
    assert_eq!(
        kinds.iter().filter(|k| *k == "consent_request").count(),
        1,
        "{kinds:?}"
    );
    c.drop_schema().await;
}

#[tokio::test]
async fn access_taken_away_on_one_node_closes_the_agents_socket_on_the_other() {
    let c = cluster().await;
    let admin = c.b.agent("root", &[Right::Cobrowse, Right::Admin]).await;
    let agent = c.a.agent("ava", &[Right::Cobrowse]).await;
    let (session, _) = agent.start_phone_session().await;
    let mut on_a = agent.socket(&session).await.unwrap();
    on_a.expect_state("awaiting_code").await;
    let res = admin
        .http
        .put(format!("{}/api/agents/ava/rights", admin.base))
        .bearer_auth(&admin.token)
        .json(&json!({"rights": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        on_a.closed().await,
        Some(tandem_protocol::close::ACCESS_ENDED)
    );

    // Signing out on node B ends the sign-in's socket on node A.
    let bo = c.b.agent("bo", &[Right::Cobrowse]).await;
    let (session, _) = bo.start_phone_session().await;
    let bo_on_a = ApiAgent {
        base: c.a.url(""),
        addr: c.a.addr,
        token: bo.token.clone(),
        http: reqwest::Client::new(),
    };
    let mut ws = bo_on_a.socket(&session).await.unwrap();
    ws.expect_state("awaiting_code").await;
    assert_eq!(bo.post("/api/logout", json!({})).await.0, 200);
    assert_eq!(
        ws.closed().await,
        Some(tandem_protocol::close::ACCESS_ENDED)
    );
    c.drop_schema().await;
}
