//! Every request body the API decodes from a client, decoded and checked as its handler does,
//! picked by route: the body of the `api_body` fuzz target (`fuzz/`, and the bounded run in
//! `tests/it/fuzz.rs`). Anything a client sends must decode or fail cleanly, and pass its
//! checks or be refused with a message; never panic.

use axum::extract::Query;
use serde::de::DeserializeOwned;

use super::ApiError;

/// The routes whose bodies are decoded here, in the order the first input byte picks them.
pub const ROUTES: &[&str] = &[
    "POST /api/login",
    "POST /api/agents",
    "PUT /api/agents/{username}/rights",
    "PUT /api/agents/{username}/display-name",
    "POST /api/contacts",
    "POST /api/contacts/{id}/events",
    "POST /api/contacts/{id}/chat",
    "PUT /api/favourites (and /api/favourites/company)",
    "PUT /api/settings/domains",
    "PUT /api/settings/site",
    "PUT /api/settings/webhook",
    "GET /api/audit (query string)",
];

/// Decodes `body` as the body of `ROUTES[route % ROUTES.len()]` and runs that handler's
/// checks; `Ok` when the server would act on it.
pub fn decode(route: u8, body: &[u8]) -> Result<(), ApiError> {
    match route as usize % ROUTES.len() {
        0 => json::<super::login::Login>(body)?.check(),
        1 => json::<super::agents::NewAgent>(body)?.check().map(drop),
        2 => {
            super::agents::parse_rights(&json::<super::agents::RightsEdit>(body)?.rights).map(drop)
        }
        3 => {
            let edit = json::<super::agents::DisplayNameEdit>(body)?;
            crate::store::Agent::check_display_name(&edit.display_name)
                .map(drop)
                .map_err(ApiError::BadRequest)
        }
        4 => json::<super::contacts::NewContact>(body)?.check().map(drop),
        5 => json::<super::contacts::EventBody>(body).map(drop),
        6 => json::<super::contacts::ChatBody>(body).map(drop),
        7 => super::favourites::validate(json(body)?).map(drop),
        8 => json::<super::settings::DomainsEdit>(body)?.check(),
        9 => {
            crate::session::check_site_settings(&json::<super::settings::SiteSettingsEdit>(body)?.0)
                .map_err(ApiError::BadRequest)
        }
        10 => {
            let config = json::<super::settings::WebhookEdit>(body)?.0;
            crate::session::check_link(&config.url)
                .map(drop)
                .map_err(ApiError::BadRequest)
        }
        _ => {
            let query =
                std::str::from_utf8(body).map_err(|_| ApiError::BadRequest("not UTF-8".into()))?;
            let uri: axum::http::Uri = format!("/api/audit?{query}")
                .parse()
                .map_err(|_| ApiError::BadRequest("not a query string".into()))?;
            Query::<super::audit::AuditQuery>::try_from_uri(&uri)
                .map(drop)
                .map_err(|e| ApiError::BadRequest(e.body_text()))
        }
    }
}

/// As the API's JSON extractor does: parsed, checked against the type's schema, decoded.
fn json<T: DeserializeOwned + utoipa::ToSchema>(body: &[u8]) -> Result<T, ApiError> {
    let value = serde_json::from_slice(body).map_err(|e| ApiError::BadRequest(e.to_string()))?;
    super::body::decode(value)
}
