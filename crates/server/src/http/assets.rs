//! The web assets built from `web/` and embedded in the binary: the SDK (loaded by any site,
//! so readable cross-origin), the console (served with a strict Content-Security-Policy, which
//! also governs the mirror iframe it creates — DESIGN.md §4.2) and, with `--demo`, the demo site.

use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use rust_embed::RustEmbed;

use crate::app::AppState;

#[derive(RustEmbed)]
#[folder = "../../web/dist"]
struct Web;

/// Scripts only from the console itself; the mirrored page may load the customer site's
/// images, fonts and styles but nothing can run, submit, or change the base URL. Who may frame
/// the console is added by the headers layer (`headers.rs`).
const CONSOLE_CSP: &str = "default-src 'none'; script-src 'self'; connect-src 'self'; \
    style-src 'self' 'unsafe-inline' http: https:; img-src 'self' http: https: data: blob:; \
    font-src 'self' http: https: data:; media-src 'self' http: https: blob:; frame-src 'self' about:; \
    object-src 'none'; base-uri 'none'; form-action 'none'";

pub fn router(demo: bool) -> Router<AppState> {
    let mut r = Router::new()
        .route("/", get(|| async { Redirect::to("/console/") }))
        .route("/sdk/settings", get(site_settings))
        .route("/sdk/tandem.js", get(|| async { sdk("sdk/tandem.js") }))
        .route(
            "/sdk/tandem-core.js",
            get(|| async { sdk("sdk/tandem-core.js") }),
        )
        .route(
            "/sdk/tandem-control.js",
            get(|| async { sdk("sdk/tandem-control.js") }),
        )
        .route("/console", get(|| async { Redirect::to("/console/") }))
        .route("/console/", get(|| async { console("index.html") }))
        .route(
            "/console/{*path}",
            get(|Path(p): Path<String>| async move { console(&p) }),
        );
    if demo {
        r = r
            .route("/demo", get(|| async { Redirect::to("/demo/") }))
            .route("/demo/", get(|| async { file("demo/index.html") }))
            .route(
                "/demo/{*path}",
                get(|Path(p): Path<String>| async move { file(&format!("demo/{p}")) }),
            );
    }
    r
}

/// A built web file embedded in the binary (e.g. the scan's probe, which no route serves).
pub fn embedded(path: &str) -> Option<Vec<u8>> {
    Web::get(path).map(|f| f.data.into_owned())
}

fn file(path: &str) -> Response {
    match Web::get(path) {
        Some(f) => {
            let mime = f.metadata.mimetype();
            let mime = if mime.starts_with("text/") {
                format!("{mime}; charset=utf-8")
            } else {
                mime.to_string()
            };
            (
                [
                    (header::CONTENT_TYPE, mime),
                    (header::CACHE_CONTROL, "no-cache".to_string()),
                ],
                f.data,
            )
                .into_response()
        }
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

/// The company's site settings for SDKs that have no socket yet (wording, colour): public,
/// readable from any origin, never cached.
async fn site_settings(axum::extract::State(state): axum::extract::State<AppState>) -> Response {
    let mut r = axum::Json(state.sessions.site_settings()).into_response();
    r.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    r
}

fn sdk(path: &str) -> Response {
    let mut r = file(path);
    r.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    r
}

fn console(path: &str) -> Response {
    let mut r = file(&format!("console/{path}"));
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONSOLE_CSP),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    r
}
