//! The scan's report: `report.json` for machines, `report.html` for people (findings per page,
//! and the customer's page beside the agent's "Customer view"), the two pictures of each page as
//! PNG files next to them, and the summary printed on standard output.

use std::path::Path;

use base64::Engine;
use serde::{Deserialize, Serialize};

use super::findings::Finding;

/// Where `tandem scan --data/--database` keeps the latest report in the store (settings).
pub const STORE_KEY: &str = "scan_report";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    pub tool: String,
    pub version: String,
    /// Milliseconds since the Unix epoch.
    pub at: i64,
    /// clean, findings, or error.
    pub outcome: String,
    pub pages: Vec<PageReport>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PageReport {
    pub url: String,
    /// clean, findings, or error.
    pub outcome: String,
    pub error: Option<String>,
    pub findings: Vec<Finding>,
    /// PNG of what the customer sees, base64 (written as a file beside the report).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_png: Option<String>,
    /// PNG of the agent's "Customer view", base64.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_png: Option<String>,
    pub frames: usize,
    pub bytes: usize,
    pub fields: usize,
    pub private_values: usize,
}

impl Report {
    /// 0 clean, 1 findings, 2 could not scan (ARCHITECTURE.md §3). A finding outranks a page that
    /// could not be scanned: both fail CI, and the leak is the news.
    pub fn exit_code(&self) -> i32 {
        match self.outcome.as_str() {
            "clean" => 0,
            "findings" => 1,
            _ => 2,
        }
    }

    pub fn summary(&self) -> String {
        let mut s = String::new();
        for p in &self.pages {
            match (&p.error, p.findings.len()) {
                (Some(e), _) => s += &format!("tandem scan: {}: could not scan: {e}\n", p.url),
                (None, 0) => {
                    s += &format!(
                        "tandem scan: {}: clean ({} frames, {} fields typed into, {} private values watched)\n",
                        p.url, p.frames, p.fields, p.private_values
                    )
                }
                (None, n) => {
                    s += &format!(
                        "tandem scan: {}: {n} finding{}\n",
                        p.url,
                        if n == 1 { "" } else { "s" }
                    );
                    for f in &p.findings {
                        s += &format!(
                            "  [{}] {} at {}{}\n",
                            f.route,
                            f.what,
                            f.place,
                            if f.source.is_empty() {
                                String::new()
                            } else {
                                format!(" (from {})", f.source)
                            }
                        );
                    }
                }
            }
        }
        s
    }

    /// Writes report.json, report.html and the pictures into `dir` (created if needed).
    pub fn write(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        let b64 = base64::engine::general_purpose::STANDARD;
        let mut lean = self.clone();
        for (i, p) in lean.pages.iter_mut().enumerate() {
            for (which, png) in [
                ("customer", p.customer_png.take()),
                ("agent", p.agent_png.take()),
            ] {
                if let Some(data) = png.and_then(|d| b64.decode(d).ok()) {
                    std::fs::write(dir.join(format!("page-{}-{which}.png", i + 1)), data)?;
                }
            }
        }
        std::fs::write(
            dir.join("report.json"),
            serde_json::to_vec_pretty(&lean).unwrap_or_default(),
        )?;
        std::fs::write(
            dir.join("report.html"),
            self.html(|i, which| format!("page-{}-{which}.png", i + 1)),
        )
    }

    /// The HTML report; `picture(page index, "customer"|"agent")` gives each image's address.
    pub fn html(&self, picture: impl Fn(usize, &str) -> String) -> String {
        let mut h = String::from(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Tandem masking check</title><style>\
             body{font:15px/1.45 system-ui,sans-serif;margin:2rem;color:#111}h1{font-size:1.4rem}\
             .clean{color:#166534}.findings,.error{color:#b91c1c}table{border-collapse:collapse;margin:.5rem 0 1rem}\
             td,th{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}\
             .pictures{display:flex;gap:1rem;flex-wrap:wrap}figure{margin:0}img{max-width:620px;border:1px solid #ccc}\
             </style></head><body>",
        );
        h += &format!(
            "<h1>Tandem masking check: <span class=\"{0}\">{0}</span></h1>",
            esc(&self.outcome)
        );
        for (i, p) in self.pages.iter().enumerate() {
            h += &format!(
                "<section><h2>{}</h2><p class=\"{}\">",
                esc(&p.url),
                esc(&p.outcome)
            );
            h += &match &p.error {
                Some(e) => format!("Could not scan: {}</p>", esc(e)),
                None if p.findings.is_empty() => format!(
                    "Clean: nothing private left the browser ({} frames, {} bytes).</p>",
                    p.frames, p.bytes
                ),
                None => format!("{} findings</p>", p.findings.len()),
            };
            if !p.findings.is_empty() {
                h += "<table><tr><th>Route</th><th>What</th><th>Where</th><th>From</th></tr>";
                for f in &p.findings {
                    h += &format!(
                        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                        esc(&f.route),
                        esc(&f.what),
                        esc(&f.place),
                        esc(&f.source)
                    );
                }
                h += "</table>";
            }
            if p.customer_png.is_some() {
                h += &format!(
                    "<div class=\"pictures\"><figure><img src=\"{}\" alt=\"The customer's page\"><figcaption>What the customer sees</figcaption></figure>\
                     <figure><img src=\"{}\" alt=\"The agent's Customer view\"><figcaption>What the agent sees</figcaption></figure></div>",
                    esc(&picture(i, "customer")),
                    esc(&picture(i, "agent"))
                );
            }
            h += "</section>";
        }
        h + "</body></html>"
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
