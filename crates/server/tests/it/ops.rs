//! Watching the real binary as an operator does: `/metrics` after a real session (sign-in
//! failure, a refused and a good code, consent, DOM frames, a remote click) shows each counter
//! moved, every family `tandem_` and every sample with the node's name; `/metrics` is closed on
//! the public listener unless a token is given; `--log-format json` writes JSON lines that carry
//! the request id echoed in `x-request-id`; `/readyz` turns 503 when PostgreSQL or NATS go away.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::net::{TcpListener, TcpStream};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::common::*;

const BIN: &str = env!("CARGO_BIN_EXE_tandem");
const TOKEN: &str = "metrics-token-for-the-test";

/// A `tandem serve` child (killed on drop) and what it printed.
struct Node {
    child: std::process::Child,
    addr: String,
    metrics: String,
    demo_password: Option<String>,
    /// Standard error, line by line.
    logs: mpsc::Receiver<String>,
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(args: &[&str]) -> (Node, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(BIN);
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().starts_with("TANDEM_") {
            cmd.env_remove(k);
        }
    }
    let mut child = cmd
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--metrics-listen",
            "127.0.0.1:0",
        ])
        .arg("--data")
        .arg(dir.path())
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, logs) = mpsc::channel();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    std::thread::spawn(move || {
        for line in stderr.lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut next = || lines.next().expect("a line from the server").unwrap();
    let first = next();
    let addr = first
        .strip_prefix("tandem: listening on http://")
        .unwrap_or_else(|| panic!("{first}"))
        .to_string();
    let second = next();
    let metrics = second
        .strip_prefix("tandem: metrics on http://")
        .and_then(|s| s.strip_suffix("/metrics"))
        .unwrap_or_else(|| panic!("{second}"))
        .to_string();
    let mut demo_password = None;
    if args.contains(&"--demo") {
        loop {
            let line = next();
            if let Some((_, pw)) = line.split_once(" password: ") {
                demo_password = Some(pw.trim().to_string());
                break;
            }
        }
    }
    std::thread::spawn(move || for _ in lines {});
    (
        Node {
            child,
            addr,
            metrics,
            demo_password,
            logs,
        },
        dir,
    )
}

/// The value of the sample of `family` whose labels include every one of `labels`.
fn sample(text: &str, family: &str, labels: &[&str]) -> f64 {
    text.lines()
        .find_map(|line| {
            let rest = line.strip_prefix(family)?.strip_prefix('{')?;
            let (set, value) = rest.split_once("} ")?;
            let set: Vec<&str> = set.split(',').collect();
            labels
                .iter()
                .all(|l| set.contains(l))
                .then(|| value.parse::<f64>().ok())?
        })
        .unwrap_or_else(|| panic!("no {family}{labels:?} in:\n{text}"))
}

async fn customer_socket(addr: &str) -> Socket {
    let mut req = format!("ws://{addr}/ws/customer")
        .into_client_request()
        .unwrap();
    req.headers_mut().insert("origin", SITE.parse().unwrap());
    let (ws, _) = tokio_tungstenite::connect_async(req).await.unwrap();
    let mut socket = Socket { ws };
    socket.expect("settings").await;
    socket
}

#[tokio::test]
async fn metrics_count_what_happened_in_a_real_session() {
    let (node, _dir) = start(&[
        "--demo",
        "--domain",
        "example.com",
        "--node-name",
        "node-7",
        "--metrics-token",
        TOKEN,
    ]);
    let http = reqwest::Client::new();
    let base = format!("http://{}", node.addr);

    // A wrong password, then the right one.
    let res = http
        .post(format!("{base}/api/login"))
        .json(&json!({"username": "demo", "password": "not-the-password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let res = http
        .post(format!("{base}/api/login"))
        .json(&json!({"username": "demo", "password": node.demo_password.as_deref().unwrap()}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let token = res.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();
    let agent = ApiAgent {
        base: base.clone(),
        addr: node.addr.parse().unwrap(),
        token,
        http: http.clone(),
    };
    let (session, code) = agent.start_phone_session().await;
    let mut agent_ws = agent.socket(&session).await.unwrap();

    // A wrong code, then the right one and Yes.
    let mut customer = customer_socket(&node.addr).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    customer.send(json!({"t": "redeem", "code": wrong})).await;
    customer.expect("code_refused").await;
    join_and_accept(&mut customer, &code).await;
    agent_ws.expect_state("active").await;

    // A DOM frame, relayed to the agent.
    let frame = b"\x00[[\"snapshot\",1]]".to_vec();
    customer.send_binary(frame.clone()).await;
    loop {
        if let Received::Binary(b) = agent_ws.recv().await {
            assert_eq!(b, frame);
            break;
        }
    }
    // A remote click: relayed, performed by the page.
    agent_ws
        .send(json!({"t": "control", "seq": 1, "target": {"node": 7, "tag": "button", "x": 1.0, "y": 2.0}, "command": {"do": "click"}}))
        .await;
    customer.expect("control").await;
    customer
        .send(json!({"t": "control_report", "seq": 1, "performed": true, "action": "click on button", "reason": ""}))
        .await;
    agent_ws.expect("control_report").await;

    let res = http
        .get(format!("http://{}/metrics", node.metrics))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/openmetrics-text")
    );
    let text = res.text().await.unwrap();
    let samples: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    assert!(samples.len() > 20, "{text}");
    for line in &samples {
        assert!(line.starts_with("tandem_"), "{line}");
        assert!(line.contains("node=\"node-7\""), "{line}");
    }
    let n = "node=\"node-7\"";
    assert_eq!(sample(&text, "tandem_sockets", &[n, "role=\"agent\""]), 1.0);
    assert_eq!(
        sample(&text, "tandem_sockets", &[n, "role=\"customer\""]),
        1.0
    );
    assert_eq!(sample(&text, "tandem_sessions", &["state=\"active\""]), 1.0);
    assert_eq!(
        sample(
            &text,
            "tandem_code_redemptions_total",
            &["outcome=\"accepted\""]
        ),
        1.0
    );
    assert_eq!(
        sample(
            &text,
            "tandem_code_redemptions_total",
            &["outcome=\"refused\""]
        ),
        1.0
    );
    assert_eq!(
        sample(
            &text,
            "tandem_sign_in_failures_total",
            &["reason=\"sign_in_failed\""]
        ),
        1.0
    );
    let frames_in = sample(
        &text,
        "tandem_dom_frames_total",
        &["direction=\"from_customer\""],
    );
    let frames_out = sample(
        &text,
        "tandem_dom_frames_total",
        &["direction=\"to_agent\""],
    );
    assert!(frames_in >= 1.0 && frames_out >= 1.0, "{text}");
    assert!(
        sample(&text, "tandem_dom_bytes_total", &["direction=\"to_agent\""]) >= frame.len() as f64
    );
    assert_eq!(
        sample(
            &text,
            "tandem_control_actions_total",
            &["outcome=\"relayed\""]
        ),
        1.0
    );
    assert_eq!(
        sample(
            &text,
            "tandem_control_actions_total",
            &["outcome=\"performed\""]
        ),
        1.0
    );
    assert_eq!(
        sample(
            &text,
            "tandem_audit_events_total",
            &["kind=\"code_refused\""]
        ),
        1.0
    );
    for family in [
        "tandem_store_latency_seconds_count",
        "tandem_bus_lag_seconds_count",
        "tandem_bus_lagged_total",
    ] {
        assert!(text.contains(family), "{family} missing:\n{text}");
    }

    // The public listener: closed without the token, open with it.
    let public = format!("{base}/metrics");
    assert_eq!(http.get(&public).send().await.unwrap().status(), 401);
    let wrong = http
        .get(&public)
        .bearer_auth("wrong-token-wrong-token")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let right = http.get(&public).bearer_auth(TOKEN).send().await.unwrap();
    assert_eq!(right.status(), 200);
    assert!(right.text().await.unwrap().contains("tandem_sockets"));
}

#[tokio::test]
async fn without_a_token_the_public_listener_has_no_metrics() {
    let (node, _dir) = start(&[]);
    let http = reqwest::Client::new();
    let res = http
        .get(format!("http://{}/metrics", node.addr))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert!(!res.text().await.unwrap().contains("tandem_"));
    // The health endpoints are on both listeners.
    for at in [&node.addr, &node.metrics] {
        assert_eq!(
            http.get(format!("http://{at}/healthz"))
                .send()
                .await
                .unwrap()
                .status(),
            200
        );
        let ready = http
            .get(format!("http://{at}/readyz"))
            .send()
            .await
            .unwrap();
        assert_eq!(ready.status(), 200);
        let body: Value = ready.json().await.unwrap();
        assert_eq!(body["ready"], true, "{body}");
    }
}

#[tokio::test]
async fn json_logs_carry_the_request_id() {
    let (node, _dir) = start(&["--log-format", "json"]);
    let http = reqwest::Client::new();
    let res = http
        .get(format!("http://{}/api/me", node.addr))
        .header("x-request-id", "ops-test-4711")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["x-request-id"], "ops-test-4711");
    // Without one, the server makes one up and says it.
    let made = http
        .get(format!("http://{}/healthz", node.addr))
        .send()
        .await
        .unwrap();
    let made = made.headers()["x-request-id"].to_str().unwrap().to_string();
    assert_eq!(made.len(), 36, "a UUID: {made}");

    let mut seen = Vec::new();
    let wanted = ["ops-test-4711", made.as_str()];
    let mut found = [false, false];
    while !found.iter().all(|f| *f) {
        let line = node
            .logs
            .recv_timeout(Duration::from_secs(10))
            .unwrap_or_else(|_| {
                panic!(
                    "no log line with the request ids; saw:\n{}",
                    seen.join("\n")
                )
            });
        let v: Value =
            serde_json::from_str(&line).unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}"));
        assert!(
            v["timestamp"].is_string() && v["level"].is_string(),
            "{line}"
        );
        for (i, id) in wanted.iter().enumerate() {
            if v["span"]["request_id"] == *id {
                found[i] = true;
                assert!(v["status"].is_number(), "{line}");
            }
        }
        seen.push(line);
    }
}

/// A TCP relay in front of a real service, which the test can take away.
struct Relay {
    port: u16,
    task: tokio::task::JoinHandle<()>,
}

impl Relay {
    async fn to(upstream: &'static str) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let task = tokio::spawn(async move {
            let mut conns = tokio::task::JoinSet::new();
            loop {
                let Ok((mut client, _)) = listener.accept().await else {
                    return;
                };
                conns.spawn(async move {
                    if let Ok(mut server) = TcpStream::connect(upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
            }
        });
        Relay { port, task }
    }

    /// Closes the listener and every connection through it.
    fn take_away(&self) {
        self.task.abort();
    }
}

async fn readyz(http: &reqwest::Client, addr: &str) -> (u16, Value) {
    let res = http
        .get(format!("http://{addr}/readyz"))
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

// The relays run on the runtime's other thread while `start` blocks reading the server's output.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readyz_turns_503_when_nats_or_postgresql_go_away() {
    let base = std::env::var("TANDEM_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    let schema = format!("ready_{}", tandem::secret::id());
    let admin = sqlx::PgPool::connect(&base).await.expect("PostgreSQL");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
        .execute(&admin)
        .await
        .unwrap();
    let pg = Relay::to("127.0.0.1:5432").await;
    let nats = Relay::to("127.0.0.1:4222").await;
    let database = format!(
        "postgres://postgres@127.0.0.1:{}/test?options=-c%20search_path%3D{schema}",
        pg.port
    );
    let nats_url = format!("nats://127.0.0.1:{}", nats.port);
    let (node, _dir) = start(&["--database", &database, "--nats", &nats_url]);
    let http = reqwest::Client::new();

    let (status, body) = readyz(&http, &node.addr).await;
    assert_eq!((status, &body["ready"]), (200, &json!(true)), "{body}");

    nats.take_away();
    let (status, body) = readyz(&http, &node.metrics).await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["bus"]["ok"], false, "{body}");
    assert_eq!(body["store"]["ok"], true, "{body}");

    pg.take_away();
    let (status, body) = readyz(&http, &node.addr).await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["store"]["ok"], false, "{body}");
    // Still alive: only not ready.
    let alive = http
        .get(format!("http://{}/healthz", node.addr))
        .send()
        .await
        .unwrap();
    assert_eq!(alive.status(), 200);

    drop(node);
    sqlx::query(sqlx::AssertSqlSafe(format!("DROP SCHEMA {schema} CASCADE")))
        .execute(&admin)
        .await
        .unwrap();
}
