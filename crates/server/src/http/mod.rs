//! The HTTP surface: the JSON API, the embedded web assets (SDK, console, demo site) and the
//! health endpoint. Handlers turn requests into calls on the session domain; one error type
//! ([`ApiError`]) maps every failure to a status and a message.

mod agents;
mod asset_proxy;
pub mod assets;
mod audit;
pub mod bodies;
mod body;
mod cobrowse;
mod contacts;
mod dashboard;
pub mod delivery;
mod embed;
mod error;
mod events;
mod favourites;
pub mod headers;
mod invitations;
mod login;
mod openapi;
pub mod ops;
mod presence;
mod privacy;
mod scan_report;
mod settings;
mod sso;
mod visitors;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{delete, get, post, put};

pub use error::ApiError;
pub use openapi::{ApiDoc, ErrorBody};

use crate::app::AppState;

/// Largest request body the API reads (413 above it): every call's JSON is small — names,
/// selectors, texts and addresses, each bounded by its own check.
pub const API_BODY_LIMIT: usize = 64 * 1024;
/// Favourites are replaced as a whole list (up to 200 names and addresses).
pub const FAVOURITES_BODY_LIMIT: usize = 640 * 1024;

pub fn router(demo: bool) -> Router<AppState> {
    let api = Router::new()
        .route("/openapi.json", get(openapi::document))
        .route("/login", post(login::login))
        .route("/logout", post(login::logout))
        .route("/me", get(login::me))
        .route("/sso", get(sso::options))
        .route("/sso/start", get(sso::start))
        .route("/sso/callback", get(sso::callback))
        .route("/contacts", get(contacts::list).post(contacts::create))
        .route("/contacts/{id}", get(contacts::show))
        .route("/contacts/{id}/cobrowse", post(cobrowse::start))
        .route("/contacts/{id}/events", post(contacts::event))
        .route("/contacts/{id}/personal-data", delete(privacy::erase))
        .route(
            "/contacts/{id}/chat",
            get(contacts::chat_history).post(contacts::chat_send),
        )
        .route("/embed-tokens", post(embed::mint))
        .route("/embed", get(embed::show))
        .route(
            "/settings/embed",
            get(embed::origins).put(embed::set_origins),
        )
        .route("/events", get(events::stream))
        .route("/audit", get(audit::list))
        .route("/dashboard", get(dashboard::show))
        .route("/scan/report", get(scan_report::latest))
        .route("/agents", get(agents::list).post(agents::add))
        .route("/agents/{username}/rights", put(agents::set_rights))
        .route(
            "/agents/{username}/display-name",
            put(agents::set_display_name),
        )
        .route("/visitors/{id}/support", post(visitors::support))
        .route("/visitors/{id}/presence", post(presence::report))
        .route(
            "/visitors/{id}/invitations/{rule}/{event}",
            post(invitations::event),
        )
        .route("/invitations", get(invitations::show).put(invitations::set))
        .route("/presence", get(presence::list))
        .route("/presence/{visitor}/invite", post(presence::invite))
        .route("/sessions/{id}", get(cobrowse::show))
        .route("/sessions/{id}/asset", get(asset_proxy::get))
        .route(
            "/favourites",
            get(favourites::list)
                .put(favourites::replace_mine)
                .layer(DefaultBodyLimit::max(FAVOURITES_BODY_LIMIT)),
        )
        .route(
            "/company/favourites",
            put(favourites::replace_company).layer(DefaultBodyLimit::max(FAVOURITES_BODY_LIMIT)),
        )
        .route("/settings", get(settings::show))
        .route("/settings/domains", put(settings::set_domains))
        .route("/settings/site", put(settings::set_site))
        .route("/settings/privacy", get(privacy::show).put(privacy::set))
        .route(
            "/settings/webhook",
            get(settings::webhook).put(settings::set_webhook),
        )
        .fallback(|| async { ApiError::NotFound })
        .layer(DefaultBodyLimit::max(API_BODY_LIMIT));
    Router::new()
        .merge(ops::public())
        .nest("/api", api)
        .route(
            "/embed",
            get(|| async { axum::response::Redirect::to("/embed/") }),
        )
        .route("/embed/", get(embed::page))
        .route("/embed/{*path}", get(embed::file))
        .merge(assets::router(demo))
}
