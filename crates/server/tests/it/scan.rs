//! `tandem scan`, the real binary against real pages in headless Chromium: the demo site
//! (served by a real `tandem serve --demo` on port 0) is clean, a deliberately leaky page fails
//! with each of its leaks named, and a page that cannot be reached is "could not scan".

use std::path::{Path, PathBuf};
use std::process::Stdio;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

const BIN: &str = env!("CARGO_BIN_EXE_tandem");

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scan")
}

/// `tandem serve --demo` on port 0; killed on drop.
struct Demo {
    base: String,
    _child: Child,
    _dir: tempfile::TempDir,
}

async fn demo() -> Demo {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(BIN)
        .args(["serve", "--demo", "--listen", "127.0.0.1:0", "--data"])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next_line().await.unwrap().unwrap();
    let base = first
        .split("listening on ")
        .nth(1)
        .expect("the listening line")
        .trim()
        .to_string();
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    Demo {
        base,
        _child: child,
        _dir: dir,
    }
}

/// Serves tests/fixtures/scan on port 0 (the site being checked; it is not a Tandem server).
async fn site() -> String {
    let app = axum::Router::new().route(
        "/{file}",
        axum::routing::get(
            |axum::extract::Path(file): axum::extract::Path<String>| async move {
                match std::fs::read_to_string(fixtures().join(file.replace('/', ""))) {
                    Ok(body) => {
                        ([("content-type", "text/html; charset=utf-8")], body).into_response()
                    }
                    Err(_) => (axum::http::StatusCode::NOT_FOUND, "not found").into_response(),
                }
            },
        ),
    );
    use axum::response::IntoResponse;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

struct Scan {
    code: i32,
    stdout: String,
    report: serde_json::Value,
    dir: tempfile::TempDir,
}

async fn scan(args: &[&str]) -> Scan {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .arg("scan")
        .args(args)
        .arg("--report")
        .arg(dir.path())
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    eprintln!("{stdout}{}", String::from_utf8_lossy(&out.stderr));
    let report = std::fs::read(dir.path().join("report.json"))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    Scan {
        code: out.status.code().unwrap_or(-1),
        stdout,
        report,
        dir,
    }
}

fn findings(s: &Scan) -> Vec<serde_json::Value> {
    s.report["pages"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|p| p["findings"].as_array().cloned().unwrap_or_default())
        .collect()
}

#[tokio::test]
async fn the_demo_site_is_clean() {
    let demo = demo().await;
    let s = scan(&[
        &format!("{}/demo/", demo.base),
        &format!("{}/demo/checkout.html", demo.base),
    ])
    .await;
    assert_eq!(
        findings(&s),
        Vec::<serde_json::Value>::new(),
        "nothing private leaves the demo site"
    );
    assert_eq!(s.code, 0, "{}", s.stdout);
    assert!(s.stdout.contains("checkout.html: clean"), "{}", s.stdout);
    // The report has both pictures of each page.
    for f in [
        "report.html",
        "page-1-customer.png",
        "page-1-agent.png",
        "page-2-customer.png",
        "page-2-agent.png",
    ] {
        assert!(s.dir.path().join(f).exists(), "{f} written");
    }
}

#[tokio::test]
async fn a_leaky_page_fails_naming_each_finding() {
    let site = site().await;
    let settings = fixtures().join("settings.json");
    let s = scan(&[
        &format!("{site}/leaky.html"),
        "--settings",
        settings.to_str().unwrap(),
    ])
    .await;
    assert_eq!(s.code, 1, "{}", s.stdout);
    let all = findings(&s);
    let has = |route: &str, what: &str, place: &str| {
        all.iter().any(|f| {
            f["route"] == route
                && f["what"].as_str().unwrap().contains(what)
                && f["place"].as_str().unwrap().contains(place)
        })
    };
    assert!(
        has(
            "snapshot",
            "e-mail address \"ann.lee@example.com\"",
            "div#profile @data-customer-email"
        ),
        "{all:#?}"
    );
    assert!(
        has(
            "mutation",
            "masked value \"4111 1111 1111 1111\"",
            "span#card-preview"
        ),
        "{all:#?}"
    );
    assert!(
        has(
            "mutation",
            "card number \"4111 1111 1111 1111\"",
            "span#card-preview"
        ),
        "{all:#?}"
    );
    assert!(
        has(
            "snapshot",
            "masked value \"Balance 8,812.40 SEK\"",
            "p#summary @title"
        ),
        "{all:#?}"
    );
    assert!(
        has(
            "snapshot",
            "IBAN \"SE45 5000 0000 0583 9825 7466\"",
            "p#pay-to"
        ),
        "{all:#?}"
    );
    // Each is named on standard output too, with the page.
    assert!(s.stdout.contains("leaky.html: ") && s.stdout.contains("[snapshot] e-mail address \"ann.lee@example.com\" at div#profile @data-customer-email"), "{}", s.stdout);
    let html = std::fs::read_to_string(s.dir.path().join("report.html")).unwrap();
    assert!(html.contains("ann.lee@example.com") && html.contains("page-1-agent.png"));
}

#[tokio::test]
async fn an_unreachable_page_cannot_be_scanned() {
    // A port nothing listens on (taken, then let go).
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let s = scan(&[&format!("http://127.0.0.1:{port}/nothing-here.html")]).await;
    assert_eq!(s.code, 2, "{}", s.stdout);
    assert!(s.stdout.contains("could not scan"), "{}", s.stdout);
    let bad = Command::new(BIN)
        .args(["scan", "not a url"])
        .output()
        .await
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}
