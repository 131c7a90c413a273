//! `tandem scan URL...`: the masking check a site owner runs on their own pages, in CI.
//!
//! Each page is opened in headless Chromium with the real SDK talking to a real Tandem server
//! (this binary's, started in-process), a session is started as an agent would and accepted as
//! a customer would, and a scripted visit types, opens, hovers and scrolls. Everything the page
//! sends is recorded and judged: values the site keeps private (markup, `Tandem.init`,
//! `window.tandemSettings`, the company's settings, secret-by-nature fields) must not be in it,
//! nor anything the personal-data detectors recognise. The report puts the customer's page
//! beside the agent's "Customer view". Exit codes: 0 clean, 1 findings, 2 could not scan.
//!
//! Nothing here runs in `tandem serve`: the browser, the probe and the recorder exist only
//! for this command.

mod cdp;
mod chromium;
mod detectors;
mod findings;
mod frame;
mod interaction;
mod outgoing;
mod page;
mod probe;
mod recorder;
pub mod report;
mod server;
mod tab;

use base64::Engine;
use tandem_protocol::SiteSettings;

pub use findings::Finding;
pub use report::{PageReport, Report};

pub struct ScanOptions {
    pub urls: Vec<String>,
    /// The company's site settings (as the console's admin view edits them).
    pub settings: SiteSettings,
    /// Extra detectors, `NAME=REGEX`.
    pub patterns: Vec<String>,
    /// Values public on purpose, never reported by the detectors.
    pub allow: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    /// The scan itself could not run (browser, server): no page can be scanned.
    #[error("{0}")]
    Setup(String),
    /// This page could not be scanned.
    #[error("{0}")]
    Page(String),
}

/// Reads `--settings FILE`: the company's site settings as JSON (every field optional).
pub fn read_settings(path: &std::path::Path) -> Result<SiteSettings, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let settings: SiteSettings =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    crate::session::check_site_settings(&settings)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(settings)
}

/// Scans every page; a page that cannot be scanned is reported, never fatal to the others.
pub async fn run(options: ScanOptions) -> Result<Report, String> {
    let mut hosts = Vec::new();
    for u in &options.urls {
        let url = url::Url::parse(u).map_err(|e| format!("{u}: not a URL ({e})"))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(format!("{u}: only http and https pages can be scanned"));
        }
        hosts.push(
            url.host_str()
                .unwrap_or_default()
                .trim_matches(['[', ']'])
                .to_string(),
        );
    }
    let mut detectors = detectors::built_in();
    for p in &options.patterns {
        detectors.push(detectors::custom(p)?);
    }
    let probe = probe::Probe::load()?;
    let policy = probe::policy_json(&options.settings);
    let server = server::ScanServer::start(hosts, options.settings.clone()).await?;
    let browser = chromium::Chromium::launch().await?;
    let judge = findings::Judge {
        detectors: &detectors,
        allow: &options.allow,
    };
    let run = crate::secret::token()
        .chars()
        .filter(|c| c.is_ascii_lowercase())
        .take(6)
        .collect::<String>();
    let scan = page::PageScan {
        browser: &browser,
        server: &server,
        probe: &probe,
        judge: &judge,
        policy,
        run,
    };
    let b64 = base64::engine::general_purpose::STANDARD;
    let mut pages = Vec::new();
    for url in &options.urls {
        pages.push(match scan.scan(url).await {
            Ok(r) => PageReport {
                url: url.clone(),
                outcome: if !r.findings.is_empty() {
                    "findings"
                } else if r.truncated {
                    "error"
                } else {
                    "clean"
                }
                .into(),
                error: r.truncated.then(|| {
                    "the page sent over 256 MB; only the first 256 MB were checked".to_string()
                }),
                findings: r.findings,
                customer_png: Some(b64.encode(&r.customer_png)),
                agent_png: Some(b64.encode(&r.agent_png)),
                frames: r.frames,
                bytes: r.bytes,
                fields: r.fields,
                private_values: r.secrets,
            },
            Err(e) => PageReport {
                url: url.clone(),
                outcome: "error".into(),
                error: Some(e.to_string()),
                findings: Vec::new(),
                customer_png: None,
                agent_png: None,
                frames: 0,
                bytes: 0,
                fields: 0,
                private_values: 0,
            },
        });
    }
    let outcome = if pages.iter().any(|p| !p.findings.is_empty()) {
        "findings"
    } else if pages.iter().any(|p| p.error.is_some()) {
        "error"
    } else {
        "clean"
    };
    Ok(Report {
        tool: "tandem scan".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        at: crate::clock::Clock::system().now_ms(),
        outcome: outcome.into(),
        pages,
    })
}
