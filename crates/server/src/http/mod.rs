//! The HTTP surface: the JSON API, the embedded web assets (SDK, console, demo site) and the
//! health endpoint. Handlers turn requests into calls on the session domain; one error type
//! ([`ApiError`]) maps every failure to a status and a message.

mod assets;
mod cobrowse;
mod contacts;
mod error;
mod favourites;
mod login;
mod settings;

use axum::Router;
use axum::routing::{get, post, put};

pub use error::ApiError;

use crate::app::AppState;

pub fn router(demo: bool) -> Router<AppState> {
    let api = Router::new()
        .route("/login", post(login::login))
        .route("/logout", post(login::logout))
        .route("/me", get(login::me))
        .route("/contacts", get(contacts::list).post(contacts::create))
        .route("/contacts/{id}/cobrowse", post(cobrowse::start))
        .route("/sessions/{id}", get(cobrowse::show))
        .route("/favourites", get(favourites::list).put(favourites::replace_mine))
        .route("/company/favourites", put(favourites::replace_company))
        .route("/settings", get(settings::show))
        .route("/settings/domains", put(settings::set_domains))
        .fallback(|| async { ApiError::NotFound });
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .nest("/api", api)
        .merge(assets::router(demo))
}
