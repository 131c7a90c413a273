//! One page's scan, start to end: the agent's console waits on a new session; the customer's tab
//! loads the page with this server's SDK and a recorder; the probe notes what the site keeps
//! private; the customer types the code and accepts in the SDK's own widgets; the scripted visit
//! runs; then both sides are photographed and what was sent is judged.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};

use super::ScanError;
use super::chromium::Chromium;
use super::findings::{Finding, Judge};
use super::interaction;
use super::outgoing::Outgoing;
use super::probe::{Probe, Secret};
use super::recorder;
use super::server::ScanServer;
use super::tab::Tab;

const CUSTOMER_VIEWPORT: (u32, u32) = (1280, 800);
const CONSOLE_VIEWPORT: (u32, u32) = (1600, 1000);

/// What one page's scan produced.
pub struct PageResult {
    pub findings: Vec<Finding>,
    pub customer_png: Vec<u8>,
    pub agent_png: Vec<u8>,
    pub frames: usize,
    pub bytes: usize,
    pub fields: usize,
    pub secrets: usize,
    pub truncated: bool,
}

pub struct PageScan<'a> {
    pub browser: &'a Chromium,
    pub server: &'a ScanServer,
    pub probe: &'a Probe,
    pub judge: &'a Judge<'a>,
    pub policy: Value,
    pub run: String,
}

impl PageScan<'_> {
    pub async fn scan(&self, url: &str) -> Result<PageResult, ScanError> {
        let started = self
            .server
            .start_session("Masking check")
            .await
            .map_err(ScanError::Setup)?;
        let result = self.with_session(url, &started).await;
        self.server.end(&started).await;
        result
    }

    async fn with_session(
        &self,
        url: &str,
        started: &super::server::Started,
    ) -> Result<PageResult, ScanError> {
        let agent = self
            .browser
            .tab(CONSOLE_VIEWPORT.0, CONSOLE_VIEWPORT.1)
            .await
            .map_err(|e| ScanError::Setup(e.to_string()))?;
        let customer = Arc::new(
            self.browser
                .tab(CUSTOMER_VIEWPORT.0, CUSTOMER_VIEWPORT.1)
                .await
                .map_err(|e| ScanError::Setup(e.to_string()))?,
        );
        let result = self.visit(url, &agent, &customer, started).await;
        agent.close().await;
        customer.close().await;
        result
    }

    async fn visit(
        &self,
        url: &str,
        agent: &Tab,
        customer: &Arc<Tab>,
        started: &super::server::Started,
    ) -> Result<PageResult, ScanError> {
        let setup = |e: super::cdp::CdpError| ScanError::Setup(e.to_string());
        // The agent: the console, signed in as the scan agent, on the new session.
        let mut drain = agent.events();
        tokio::spawn(async move { while drain.recv().await.is_some() {} });
        agent
            .call("Network.setCookie", json!({"name": crate::auth::TOKEN_COOKIE, "value": self.server.token, "url": self.server.origin(), "httpOnly": true}))
            .await
            .map_err(setup)?;
        agent
            .navigate(&format!("{}/console/", self.server.origin()))
            .await
            .map_err(setup)?;
        if !agent
            .wait_for(
                "document.querySelector('[role=status][data-state=awaiting_code]')",
                Duration::from_secs(20),
            )
            .await
        {
            return Err(ScanError::Setup(
                "the console did not show the new session".into(),
            ));
        }

        // The customer: the page with the SDK, everything it sends recorded.
        let events = customer.events();
        let recording = recorder::start(customer.clone(), events, self.server.origin())
            .await
            .map_err(ScanError::Setup)?;
        customer
            .call(
                "Page.addScriptToEvaluateOnNewDocument",
                json!({"source": self.probe.watcher()}),
            )
            .await
            .map_err(setup)?;
        customer
            .navigate(url)
            .await
            .map_err(|e| ScanError::Page(format!("cannot load {url}: {e}")))?;
        let Some(launcher) = self
            .widget(
                customer,
                "launcher",
                "Co-browsing code",
                Duration::from_secs(20),
            )
            .await
        else {
            let seen = self
                .probe
                .call(customer, "diagnose", &[])
                .await
                .unwrap_or_default();
            return Err(ScanError::Page(format!(
                "the Tandem SDK did not show its \"Co-browsing code\" button within 20 s ({seen})"
            )));
        };
        let mut secrets: Vec<Secret> = self
            .probe
            .survey(customer, &self.policy)
            .await
            .map_err(setup)?
            .secrets;

        // The customer types the code and accepts, in the SDK's own widgets.
        customer
            .click(launcher.x, launcher.y)
            .await
            .map_err(setup)?;
        let code = self
            .widget(customer, "codeLabel", "Code", Duration::from_secs(10))
            .await
            .ok_or(ScanError::Page("the code field did not open".into()))?;
        customer.click(code.x, code.y).await.map_err(setup)?;
        customer.type_text(&started.code).await.map_err(setup)?;
        let start = self
            .widget(customer, "start", "Start", Duration::from_secs(5))
            .await
            .ok_or(ScanError::Page("no Start button".into()))?;
        customer.click(start.x, start.y).await.map_err(setup)?;
        let yes = self
            .widget(customer, "yes", "Yes", Duration::from_secs(15))
            .await
            .ok_or(ScanError::Page("the consent dialog did not open".into()))?;
        customer.click(yes.x, yes.y).await.map_err(setup)?;
        if !agent
            .wait_for(
                "document.querySelector('[role=status][data-state=active]')",
                Duration::from_secs(20),
            )
            .await
        {
            return Err(ScanError::Page("co-browsing did not start".into()));
        }
        customer.move_mouse(5.0, 5.0).await.map_err(setup)?;

        // The visit.
        let survey = self
            .probe
            .survey(customer, &self.policy)
            .await
            .map_err(setup)?;
        let typed =
            interaction::type_everywhere(customer, self.probe, &survey.fields, &self.run).await;
        interaction::open_everything(customer, self.probe).await;
        let hovered = interaction::hover_masked(customer, self.probe, &self.policy).await;
        interaction::scroll_around(customer, self.probe).await;
        // What the page now shows under its masking (page scripts may have filled it in).
        if let Ok(after) = self.probe.survey(customer, &self.policy).await {
            secrets.extend(after.secrets);
        }
        secrets.extend(survey.secrets);
        secrets.sort_by(|a, b| a.value.cmp(&b.value));
        secrets.dedup_by(|a, b| a.value == b.value);
        quiet(&recording).await;

        let customer_png = customer.screenshot(None).await.map_err(setup)?;
        let agent_png = match self
            .probe
            .call(agent, "rectOf", &[json!("iframe[title='Customer view']")])
            .await
        {
            Ok(Value::Object(r)) => {
                let n = |k: &str| r.get(k).and_then(Value::as_f64).unwrap_or(0.0);
                agent
                    .screenshot(Some((
                        n("x"),
                        n("y"),
                        n("width").max(1.0),
                        n("height").max(1.0),
                    )))
                    .await
                    .map_err(setup)?
            }
            _ => agent.screenshot(None).await.map_err(setup)?,
        };

        let (sent, truncated) = {
            let r = recording.lock().unwrap();
            (r.sent.clone(), r.truncated)
        };
        let out = Outgoing::read(&sent);
        let findings = self.judge.judge(&out, &secrets, &typed, &hovered);
        Ok(PageResult {
            findings,
            customer_png,
            agent_png,
            frames: out.frames,
            bytes: out.bytes,
            fields: survey.fields.len(),
            secrets: secrets.len(),
            truncated,
        })
    }

    /// Waits for an SDK widget control, named by the site's wording for `key` or the default.
    async fn widget(
        &self,
        tab: &Tab,
        key: &str,
        default: &str,
        limit: Duration,
    ) -> Option<super::probe::Spot> {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            if let Ok(Some(spot)) = self
                .probe
                .spot(
                    tab,
                    "widgetSpot",
                    &[json!(key), json!(default), self.policy.clone()],
                )
                .await
            {
                return Some(spot);
            }
            if tokio::time::Instant::now() >= deadline {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }
}

/// Waits until the page has sent nothing new for a second (at most 15 s).
async fn quiet(recording: &recorder::Shared) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    let mut last = usize::MAX;
    while tokio::time::Instant::now() < deadline {
        let now = recording.lock().unwrap().sent.len();
        if now == last {
            return;
        }
        last = now;
        tokio::time::sleep(Duration::from_millis(1000)).await;
    }
}
