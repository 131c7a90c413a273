//! Configuration of the real binary: every flag of `tandem serve` from the command line, a
//! `TANDEM_*` variable or `--config FILE`, in that order of precedence; `tandem config check`
//! names each mistake in a file with its line and exits non-zero; a server given a bad file does
//! not start.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_tandem");

/// A `tandem serve` child, killed on drop.
struct Served {
    child: std::process::Child,
    /// What the server printed on its first line: `tandem: listening on http://ADDR`.
    addr: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A clean command: no `TANDEM_*` variable from the test's own environment leaks in.
fn tandem() -> Command {
    let mut cmd = Command::new(BIN);
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().starts_with("TANDEM_") {
            cmd.env_remove(k);
        }
    }
    cmd
}

fn serve(mut cmd: Command) -> Served {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().expect("a first line").unwrap();
    let addr = first
        .strip_prefix("tandem: listening on http://")
        .unwrap_or_else(|| panic!("{first}"))
        .to_string();
    std::thread::spawn(move || for _ in lines {});
    Served { child, addr }
}

/// Where a server started with this file, these variables and these arguments listens.
fn listens(
    dir: &std::path::Path,
    file: Option<&str>,
    env: &[(&str, &str)],
    args: &[&str],
) -> String {
    let mut cmd = tandem();
    cmd.arg("serve").arg("--data").arg(dir.join("data"));
    if let Some(text) = file {
        let path = dir.join("tandem.toml");
        std::fs::write(&path, text).unwrap();
        cmd.arg("--config").arg(path);
    }
    cmd.args(args).envs(env.iter().copied());
    let served = serve(cmd);
    served.addr.rsplit_once(':').unwrap().0.to_string()
}

#[test]
fn command_line_beats_environment_beats_file_beats_default() {
    let dir = tempfile::tempdir().unwrap();
    let file = Some("listen = \"127.0.0.3:0\"\n");
    let env = [("TANDEM_LISTEN", "127.0.0.2:0")];
    let cli = ["--listen", "127.0.0.4:0"];
    assert_eq!(listens(dir.path(), file, &[], &[]), "127.0.0.3");
    assert_eq!(listens(dir.path(), file, &env, &[]), "127.0.0.2");
    assert_eq!(listens(dir.path(), file, &env, &cli), "127.0.0.4");
    assert_eq!(listens(dir.path(), None, &env, &[]), "127.0.0.2");
    // The file can also be named by TANDEM_CONFIG.
    let path = dir.path().join("other.toml");
    std::fs::write(&path, "listen = \"127.0.0.5:0\"\n").unwrap();
    let path = path.to_str().unwrap();
    assert_eq!(
        listens(dir.path(), None, &[("TANDEM_CONFIG", path)], &[]),
        "127.0.0.5"
    );
}

#[tokio::test]
async fn switches_and_lists_come_from_the_file_and_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tandem.toml");
    std::fs::write(
        &path,
        "listen = \"127.0.0.1:0\"\ndemo = true\ndomain = [\"shop.example.com\"]\n",
    )
    .unwrap();
    let demo_page = |addr: &str| format!("http://{addr}/demo/");
    let http = reqwest::Client::new();

    // The file's switch turns the demo on; the file's list names the company's domain.
    let mut cmd = tandem();
    cmd.args(["serve", "--config"])
        .arg(&path)
        .arg("--data")
        .arg(dir.path().join("a"));
    let a = serve(cmd);
    assert_eq!(
        http.get(demo_page(&a.addr)).send().await.unwrap().status(),
        200
    );
    assert_eq!(
        customer_socket(&a.addr, "http://shop.example.com").await,
        101
    );
    assert_eq!(
        customer_socket(&a.addr, "http://other.example.org").await,
        403
    );

    // A variable turns the switch off and replaces the whole list (comma-separated).
    let mut cmd = tandem();
    cmd.args(["serve", "--config"])
        .arg(&path)
        .arg("--data")
        .arg(dir.path().join("b"))
        .env("TANDEM_DEMO", "false")
        .env("TANDEM_DOMAIN", "other.example.org,example.net");
    let b = serve(cmd);
    assert_eq!(
        http.get(demo_page(&b.addr)).send().await.unwrap().status(),
        404
    );
    assert_eq!(
        customer_socket(&b.addr, "http://other.example.org").await,
        101
    );
    assert_eq!(
        customer_socket(&b.addr, "https://www.example.net").await,
        101
    );
    assert_eq!(
        customer_socket(&b.addr, "http://shop.example.com").await,
        403
    );
}

/// The handshake's status for a customer socket from this page origin.
async fn customer_socket(addr: &str, origin: &str) -> u16 {
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let mut req = format!("ws://{addr}/ws/customer")
        .into_client_request()
        .unwrap();
    req.headers_mut().insert("origin", origin.parse().unwrap());
    match tokio_tungstenite::connect_async(req).await {
        Ok((_, res)) => res.status().as_u16(),
        Err(tokio_tungstenite::tungstenite::Error::Http(res)) => res.status().as_u16(),
        Err(e) => panic!("handshake: {e}"),
    }
}

fn check(text: &str) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tandem.toml");
    std::fs::write(&path, text).unwrap();
    let out = tandem()
        .args(["config", "check"])
        .arg(&path)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn config_check_names_every_mistake_with_its_line() {
    let (code, _, err) = check(
        "listen = \"127.0.0.1:0\"\n\
         lisen = \"0.0.0.0:80\"\n\
         code-ttl-secs = \"ten\"\n\
         demo = \"yes\"\n\
         domain = [\"example.com\", 3]\n\
         trusted_proxy = [\"10.0.0.0/8\"]\n\
         log-format = \"xml\"\n\
         max-connections = -1\n\
         listen-twice = 1\n",
    );
    assert_eq!(code, 1, "{err}");
    let lines: Vec<&str> = err.lines().collect();
    let expected = [
        ":2: unknown key 'lisen'; did you mean 'listen'?",
        ":3: code-ttl-secs: expected an integer, found a string",
        ":4: demo: expected true or false, found a string",
        ":5: domain: expected a string, found an integer",
        ":6: unknown key 'trusted_proxy'; did you mean 'trusted-proxy'?",
        ":7: log-format: invalid value 'xml'",
        ":8: max-connections: invalid value '-1'",
        ":9: unknown key 'listen-twice'",
    ];
    assert_eq!(lines.len(), expected.len(), "{err}");
    for (line, want) in lines.iter().zip(expected) {
        assert!(line.contains(want), "{line:?} should say {want:?}\n{err}");
    }
}

#[test]
fn config_check_finds_what_only_the_whole_reading_refuses() {
    let (code, _, err) = check("trusted-proxy = [\"not-an-address\"]\n");
    assert_eq!(code, 1);
    assert!(err.contains("not-an-address"), "{err}");
    let (code, _, err) =
        check("tls-cert = \"/nonexistent/cert.pem\"\ntls-key = \"/nonexistent/key.pem\"\n");
    assert_eq!(code, 1);
    assert!(
        err.contains("cannot read the certificate /nonexistent/cert.pem"),
        "{err}"
    );
    let (code, _, err) = check("listen = \"127.0.0.1:0\"\nnot toml at all\n");
    assert_eq!(code, 1);
    assert!(err.contains(":2: not valid TOML"), "{err}");
    let (code, out, err) = check(
        "listen = \"0.0.0.0:8080\"\ndomain = [\"example.com\"]\ndemo = false\ncode-ttl-secs = 300\n",
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ok (4 settings)"), "{out}");
}

#[test]
fn a_server_with_a_bad_file_does_not_start() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tandem.toml");
    std::fs::write(&path, "listen = \"127.0.0.1:0\"\nlisen = 1\n").unwrap();
    let out = tandem()
        .args(["serve", "--config"])
        .arg(&path)
        .arg("--data")
        .arg(dir.path().join("data"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(":2: unknown key 'lisen'"), "{err}");
    assert!(out.stdout.is_empty());
}

/// Every flag `tandem serve --help` lists — also those added after this test was written —
/// names its variable.
#[test]
fn serve_help_lists_every_flag_with_its_variable() {
    let out = tandem().args(["serve", "--help"]).output().unwrap();
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    // A flag's block: its line ("  -x, --name <V>" or "      --name") and the lines under it.
    let mut blocks: Vec<String> = Vec::new();
    for line in help.lines() {
        let t = line.trim_start();
        if t.starts_with('-') && line.len() - t.len() <= 6 {
            blocks.push(String::new());
        }
        if let Some(block) = blocks.last_mut() {
            block.push_str(line);
            block.push('\n');
        }
    }
    let mut flags = 0;
    for block in &blocks {
        let long = block
            .split_whitespace()
            .find(|w| w.starts_with("--"))
            .map(|w| w.trim_end_matches(','))
            .unwrap_or_default();
        if long == "--help" {
            continue;
        }
        flags += 1;
        let name = long.trim_start_matches("--");
        let var = if name == "config" {
            "TANDEM_CONFIG".to_string()
        } else {
            format!("TANDEM_{}", name.to_uppercase().replace('-', "_"))
        };
        assert!(
            block.contains(&format!("[env: {var}]")),
            "{long} does not name {var}:\n{block}"
        );
    }
    assert!(flags > 20, "only {flags} flags found in:\n{help}");
}

/// A flag that needs another is satisfied whichever layer gives each: the certificate on the
/// command line, its key from the file.
#[test]
fn flags_that_go_together_may_come_from_different_layers() {
    let dir = tempfile::tempdir().unwrap();
    let made = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert, made.cert.pem()).unwrap();
    std::fs::write(&key, made.signing_key.serialize_pem()).unwrap();
    let path = dir.path().join("tandem.toml");
    std::fs::write(
        &path,
        format!(
            "listen = \"127.0.0.1:0\"\ntls-key = {:?}\n",
            key.to_str().unwrap()
        ),
    )
    .unwrap();
    let mut child = tandem()
        .args(["serve", "--config"])
        .arg(&path)
        .arg("--data")
        .arg(dir.path().join("data"))
        .arg("--tls-cert")
        .arg(&cert)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let first = BufReader::new(child.stdout.take().unwrap())
        .lines()
        .next()
        .and_then(Result::ok);
    let _ = child.kill();
    let out = child.wait_with_output().unwrap();
    let first = first.unwrap_or_else(|| String::from_utf8_lossy(&out.stderr).into_owned());
    assert!(
        first.starts_with("tandem: listening on https://"),
        "{first}"
    );
}
