//! The web assets built from `web/` and embedded in the binary: the SDK (loaded by any site,
//! so readable cross-origin), the console (served with a strict Content-Security-Policy, which
//! also governs the mirror iframe it creates — ARCHITECTURE.md §4.2) and, with `--demo`, the demo site.
//! How each file is encoded, validated and cached is `delivery.rs`: the SDK's loader keeps its
//! stable URL and is revalidated after five minutes; everything it pulls in has a
//! content-hashed name and is cached for good.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use rust_embed::RustEmbed;

use super::delivery::{self, Caching};
use crate::app::AppState;

#[derive(RustEmbed)]
#[folder = "../../web/dist"]
pub(super) struct Web;

/// How long a page may run a loader it has without asking again: a new build reaches every
/// page within five minutes (and an older loader's chunks keep loading, see `sdk_chunk`).
const LOADER_MAX_AGE: u32 = 300;

/// Scripts only from the console itself; nothing in the mirrored page can run, submit, or
/// change the base URL. Images, fonts and stylesheets come only from Tandem itself: the mirror
/// loads the customer site's through the asset proxy (`asset_proxy.rs`), so the agent's browser
/// talks to no other origin. Who may frame the console is added by the headers layer
/// (`headers.rs`).
const CONSOLE_CSP: &str = "default-src 'none'; script-src 'self'; connect-src 'self'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; \
    font-src 'self' data:; media-src 'self' http: https: blob:; frame-src 'self' about:; \
    object-src 'none'; base-uri 'none'; form-action 'none'";

/// The same with the company setting `direct_assets`: the mirror loads them from the site.
const CONSOLE_CSP_DIRECT: &str = "default-src 'none'; script-src 'self'; connect-src 'self'; \
    style-src 'self' 'unsafe-inline' http: https:; img-src 'self' http: https: data: blob:; \
    font-src 'self' http: https: data:; media-src 'self' http: https: blob:; frame-src 'self' about:; \
    object-src 'none'; base-uri 'none'; form-action 'none'";

pub fn router(demo: bool) -> Router<AppState> {
    let mut r =
        Router::new()
            .route("/", get(|| async { Redirect::to("/console/") }))
            .route("/sdk/settings", get(site_settings))
            .route(
                "/sdk/tandem.js",
                get(|h: HeaderMap| async move {
                    sdk(delivery::send(
                        "sdk/tandem.js",
                        &h,
                        Caching::Revalidate {
                            max_age: LOADER_MAX_AGE,
                        },
                    ))
                }),
            )
            .route("/sdk/{file}", get(sdk_chunk))
            .route("/console", get(|| async { Redirect::to("/console/") }))
            .route(
                "/console/",
                get(|State(s): State<AppState>, h: HeaderMap| async move {
                    console("index.html", &h, &s)
                }),
            )
            .route(
                "/console/{*path}",
                get(
                    |State(s): State<AppState>, Path(p): Path<String>, h: HeaderMap| async move {
                        console(&p, &h, &s)
                    },
                ),
            );
    if demo {
        r =
            r.route("/demo", get(|| async { Redirect::to("/demo/") }))
                .route(
                    "/demo/",
                    get(|h: HeaderMap| async move { file("demo/index.html", &h) }),
                )
                .route(
                    "/demo/private/{*path}",
                    get(|Path(p): Path<String>, h: HeaderMap| async move { demo_private(&p, &h) }),
                )
                .route(
                    "/demo/{*path}",
                    get(|Path(p): Path<String>, h: HeaderMap| async move {
                        file(&format!("demo/{p}"), &h)
                    }),
                );
    }
    r
}

/// The demo's files behind the customer's sign-in (`demo/private/`): only a browser holding the
/// demo shop's `demo_signed_in` cookie (set by its account page) gets them, as a site's images
/// behind its customers' cookies — which Tandem's asset proxy cannot fetch and the SDK hands
/// over instead.
fn demo_private(path: &str, request: &HeaderMap) -> Response {
    let signed_in = request
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .any(|c| c.trim() == "demo_signed_in=1");
    if !signed_in {
        return (axum::http::StatusCode::UNAUTHORIZED, "sign in first").into_response();
    }
    let mut r = delivery::send(
        &format!("demo/private/{path}"),
        request,
        Caching::Revalidate { max_age: 0 },
    );
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    r
}

/// A built web file embedded in the binary (e.g. the scan's probe, which no route serves).
pub fn embedded(path: &str) -> Option<Vec<u8>> {
    Web::get(path).map(|f| f.data.into_owned())
}

/// The demo site's own image, font or stylesheet at `url`, when `url` names this server's
/// `/demo/` (the host the agent reached the console on, or both on loopback at the same port):
/// the asset proxy serves it from the binary instead of fetching from itself, which its
/// loopback rule refuses. Anything but an image, font or stylesheet is None.
pub fn own_demo_asset(
    url: &url::Url,
    console_host: Option<&str>,
) -> Option<crate::asset_proxy::Asset> {
    let path = url.path().strip_prefix("/demo/")?;
    // Behind the demo customer's sign-in: fetched like any site's (and refused without the
    // cookie), so the SDK hands it over.
    if path.starts_with("private/") {
        return None;
    }
    let console: axum::http::uri::Authority = console_host?.parse().ok()?;
    let port = |p: Option<u16>, scheme: &str| p.unwrap_or(if scheme == "https" { 443 } else { 80 });
    let loopback = |h: &str| {
        let h = h.trim_start_matches('[').trim_end_matches(']');
        h.eq_ignore_ascii_case("localhost")
            || h.parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback())
    };
    let host = url.host_str()?;
    let same_port = url.port_or_known_default() == Some(port(console.port_u16(), url.scheme()));
    let same_host =
        host.eq_ignore_ascii_case(console.host()) || (loopback(host) && loopback(console.host()));
    if !(same_port && same_host) {
        return None;
    }
    let file = Web::get(&format!("demo/{path}"))?;
    let content_type = crate::asset_proxy::kind::served_type(Some(file.metadata.mimetype()), path)?;
    Some(crate::asset_proxy::Asset {
        content_type,
        body: file.data.into_owned().into(),
    })
}

/// A file at a stable URL (demo pages, the console's page): revalidated on every use.
fn file(path: &str, request: &HeaderMap) -> Response {
    delivery::send(path, request, Caching::Revalidate { max_age: 0 })
}

/// A file the loader pulls in (`tandem-core.<hash>.js`, ...): only content-hashed names are
/// served, and cached for good. A name from an older build (a page that still runs the loader
/// of before a deploy) is sent on to the current file of the same kind, uncached.
async fn sdk_chunk(Path(name): Path<String>, request: HeaderMap) -> Response {
    let path = format!("sdk/{name}");
    if !delivery::is_hashed(&path) {
        return delivery::not_found();
    }
    if Web::get(&path).is_none()
        && let Some(current) = current_chunk(&name)
    {
        let mut r = Redirect::temporary(&format!("/sdk/{current}")).into_response();
        r.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return sdk(r);
    }
    sdk(delivery::send(&path, &request, Caching::Immutable))
}

/// The current build's chunk of the same kind as the hashed `name` (same base and extension).
fn current_chunk(name: &str) -> Option<String> {
    let (base, rest) = name.split_once('.')?;
    let ext = rest.rsplit('.').next()?;
    Web::iter()
        .filter_map(|p| p.strip_prefix("sdk/").map(str::to_owned))
        .find(|p| {
            delivery::is_hashed(p)
                && p.split_once('.')
                    .is_some_and(|(b, r)| b == base && r.ends_with(&format!(".{ext}")))
        })
}

/// The company's site settings for SDKs that have no socket yet (wording, colour): public,
/// readable from any origin, never cached.
/// The company's site settings with its invitation rules and presence switch (`invitations`).
async fn site_settings(axum::extract::State(state): axum::extract::State<AppState>) -> Response {
    let mut body = serde_json::to_value(state.sessions.site_settings()).unwrap_or_default();
    match state.sessions.invitations().await {
        // Named only when there is something to do: the launcher loads the invitations chunk
        // when it sees them.
        Ok(inv) if !inv.rules.is_empty() || inv.presence => {
            body["invitations"] = serde_json::to_value(inv).unwrap_or_default()
        }
        Ok(_) => {}
        Err(e) => tracing::warn!("invitation rules not read: {e}"),
    }
    let mut r = axum::Json(body).into_response();
    r.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    r
}

/// Any site may load the SDK (module scripts and `fetch` need the CORS header).
fn sdk(mut r: Response) -> Response {
    r.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    r
}

/// The console's page is revalidated on every visit; the files it names are hashed and kept.
fn console(path: &str, request: &HeaderMap, state: &AppState) -> Response {
    let caching = if delivery::is_hashed(path) {
        Caching::Immutable
    } else {
        Caching::Revalidate { max_age: 0 }
    };
    let mut r = delivery::send(&format!("console/{path}"), request, caching);
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(if state.sessions.site_settings().direct_assets {
            CONSOLE_CSP_DIRECT
        } else {
            CONSOLE_CSP
        }),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    r
}
