//! Headless Chromium for the scan: started with a fresh profile and the flags that keep it from
//! talking to anyone but the pages it is sent to, killed (with its profile removed) on drop.
//! Chromium says where its DevTools socket listens in `DevToolsActivePort` in the profile.
//! `TANDEM_CHROMIUM` names another binary.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::process::{Child, Command};

use super::cdp::{Cdp, CdpError};
use super::tab::Tab;

/// The browser binary; `TANDEM_CHROMIUM` overrides it.
pub fn binary() -> PathBuf {
    std::env::var_os("TANDEM_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

pub struct Chromium {
    pub cdp: Cdp,
    child: Child,
    _profile: tempfile::TempDir,
}

impl Drop for Chromium {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
    }
}

impl Chromium {
    pub async fn launch() -> Result<Chromium, String> {
        let profile =
            tempfile::tempdir().map_err(|e| format!("cannot create a browser profile: {e}"))?;
        let bin = binary();
        let child = Command::new(&bin)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
                "--remote-debugging-port=0",
                // The scanned page (often public) loads the SDK from the scan's server on
                // loopback, which Local Network Access would refuse.
                "--disable-features=LocalNetworkAccessChecks,PrivateNetworkAccessSendPreflights",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
        let port_file = profile.path().join("DevToolsActivePort");
        let mut ws_url = None;
        for _ in 0..300 {
            if let Ok(text) = std::fs::read_to_string(&port_file) {
                let mut lines = text.lines();
                if let (Some(port), Some(path)) = (lines.next(), lines.next()) {
                    ws_url = Some(format!("ws://127.0.0.1:{port}{path}"));
                    break;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let ws_url = ws_url.ok_or_else(|| {
            format!(
                "{} did not open its DevTools socket within 30 s",
                bin.display()
            )
        })?;
        let cdp = Cdp::connect(&ws_url).await.map_err(|e| e.to_string())?;
        Ok(Chromium {
            cdp,
            child,
            _profile: profile,
        })
    }

    /// A new tab in a browser context of its own (own cookies and storage), attached, with its
    /// viewport set.
    pub async fn tab(&self, width: u32, height: u32) -> Result<Tab, CdpError> {
        let ctx = self
            .cdp
            .call(
                None,
                "Target.createBrowserContext",
                json!({"disposeOnDetach": true}),
            )
            .await?;
        let ctx = ctx["browserContextId"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let target = self
            .cdp
            .call(
                None,
                "Target.createTarget",
                json!({"url": "about:blank", "browserContextId": ctx}),
            )
            .await?;
        let target_id = target["targetId"].as_str().unwrap_or_default().to_string();
        let attached = self
            .cdp
            .call(
                None,
                "Target.attachToTarget",
                json!({"targetId": target_id, "flatten": true}),
            )
            .await?;
        let session = attached["sessionId"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let tab = Tab::new(self.cdp.clone(), session, ctx);
        tab.call("Page.enable", Value::Null).await?;
        tab.call("Runtime.enable", Value::Null).await?;
        tab.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}),
        )
        .await?;
        Ok(tab)
    }
}
