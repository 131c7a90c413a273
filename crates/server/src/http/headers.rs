//! Headers every response carries, whatever route produced it (API, SDK, console, demo, errors,
//! 404s): `X-Content-Type-Options: nosniff`, and on every HTML page the framing rule. The
//! console may be framed by nobody unless `--frame-ancestor` names who may (an embedding CRM);
//! other pages (the demo, which frames its own pages) by their own origin and those named. The
//! mirror's iframe is created by the console from a document it writes, so these rules never
//! apply to it. The embedded agent view (`/embed/`) is the one exception: its own handler names
//! the company's embed origins as its `frame-ancestors` (`embed.rs`), and nothing here widens
//! or replaces that. Set as one layer so no route can forget them.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// Who may frame Tandem's pages besides the rules above (`--frame-ancestor`, CSP source syntax).
#[derive(Debug, Clone, Default)]
pub struct FramePolicy {
    ancestors: Vec<String>,
}

impl FramePolicy {
    /// Each source must be a single CSP source expression (no spaces, `;` or `,`).
    pub fn new(ancestors: Vec<String>) -> Result<FramePolicy, String> {
        for a in &ancestors {
            if a.is_empty()
                || a.chars()
                    .any(|c| c.is_whitespace() || c.is_control() || c == ';' || c == ',')
                || !a.is_ascii()
            {
                return Err(format!(
                    "'{a}' is not a frame ancestor source (e.g. https://crm.example.com)"
                ));
            }
        }
        Ok(FramePolicy { ancestors })
    }

    fn frame_ancestors(&self, console: bool) -> String {
        let mut sources: Vec<&str> = if console { vec![] } else { vec!["'self'"] };
        sources.extend(self.ancestors.iter().map(String::as_str));
        if sources.is_empty() {
            "frame-ancestors 'none'".into()
        } else {
            format!("frame-ancestors {}", sources.join(" "))
        }
    }

    /// X-Frame-Options for browsers without CSP; it cannot name other origins, so it is left
    /// out when `--frame-ancestor` is given (CSP then decides).
    fn x_frame_options(&self, console: bool) -> Option<&'static str> {
        match (self.ancestors.is_empty(), console) {
            (true, true) => Some("DENY"),
            (true, false) => Some("SAMEORIGIN"),
            (false, _) => None,
        }
    }
}

pub async fn secure(State(policy): State<Arc<FramePolicy>>, req: Request, next: Next) -> Response {
    let console = req.uri().path().starts_with("/console");
    let embed = req.uri().path().starts_with("/embed/");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    let html = h
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if html && embed {
        // Framed by the embed origins only, as its handler set (CSP; X-Frame-Options cannot
        // name another origin). A page without its rule is framed by nobody.
        h.remove(header::X_FRAME_OPTIONS);
        let has_rule = h
            .get(header::CONTENT_SECURITY_POLICY)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("frame-ancestors"));
        if !has_rule {
            h.insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("frame-ancestors 'none'"),
            );
        }
    } else if html {
        let rule = policy.frame_ancestors(console);
        let csp = match h
            .get(header::CONTENT_SECURITY_POLICY)
            .and_then(|v| v.to_str().ok())
        {
            Some(existing) => format!("{existing}; {rule}"),
            None => rule,
        };
        if let Ok(v) = HeaderValue::from_str(&csp) {
            h.insert(header::CONTENT_SECURITY_POLICY, v);
        }
        match policy.x_frame_options(console) {
            Some(x) => {
                h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static(x));
            }
            None => {
                h.remove(header::X_FRAME_OPTIONS);
            }
        }
    }
    res
}
