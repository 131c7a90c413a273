//! The Rust side of the page probe (web/src/scan/probe.ts, built into the binary): each call
//! evaluates the bundle in the page's main world inside a function, so the page gets no new
//! global, and returns the function's JSON answer.

use serde::Deserialize;
use serde_json::{Value, json};

use super::cdp::CdpError;
use super::tab::Tab;

#[derive(Debug, Clone, Deserialize)]
pub struct Secret {
    pub value: String,
    pub place: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Field {
    pub index: usize,
    pub place: String,
    pub tag: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub masked: bool,
    pub why: String,
    pub hints: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Survey {
    pub secrets: Vec<Secret>,
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Spot {
    pub x: f64,
    pub y: f64,
    /// The element there.
    #[serde(default)]
    pub place: String,
}

/// The company's privacy selectors as the probe wants them.
pub fn policy_json(settings: &tandem_protocol::SiteSettings) -> Value {
    json!({"mask": settings.mask_selector, "block": settings.block_selector, "texts": settings.texts})
}

pub struct Probe {
    bundle: String,
}

impl Probe {
    pub fn load() -> Result<Probe, String> {
        let bytes = crate::http::assets::embedded("scan/probe.js").ok_or(
            "this tandem binary was built without the scan probe (web/dist/scan/probe.js)",
        )?;
        Ok(Probe {
            bundle: String::from_utf8_lossy(&bytes).into_owned(),
        })
    }

    /// The script to run in every new document before the page's own: records `Tandem.init`.
    pub fn watcher(&self) -> String {
        format!(
            "(function(){{{}\n;TandemScan.watchInit(window);}})()",
            self.bundle
        )
    }

    /// Calls `TandemScan.<function>(window, ...args)` in the page.
    pub async fn call(&self, tab: &Tab, function: &str, args: &[Value]) -> Result<Value, CdpError> {
        let args: String = args.iter().map(|a| format!(",{a}")).collect();
        tab.eval(&format!(
            "(function(){{{}\n;return TandemScan.{function}(window{args});}})()",
            self.bundle
        ))
        .await
    }

    pub async fn survey(&self, tab: &Tab, policy: &Value) -> Result<Survey, CdpError> {
        let v = self
            .call(tab, "survey", std::slice::from_ref(policy))
            .await?;
        serde_json::from_value(v).map_err(|e| CdpError::Command {
            method: "survey".into(),
            message: e.to_string(),
        })
    }

    /// A spot answer: Some(spot), None (nothing visible there), or Err.
    pub async fn spot(
        &self,
        tab: &Tab,
        function: &str,
        args: &[Value],
    ) -> Result<Option<Spot>, CdpError> {
        let v = self.call(tab, function, args).await?;
        Ok(serde_json::from_value::<Spot>(v).ok())
    }
}
