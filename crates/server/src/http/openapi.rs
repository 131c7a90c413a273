//! The integration API described as OpenAPI 3.1, generated from the handlers' annotations (so it
//! cannot drift from the code) and served at `GET /api/openapi.json`.

use axum::Json;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// Every error answer: a status and a message fit to show.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: String,
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Tandem integration API", description = "Contacts, co-browsing sessions, favourites, settings, the embedded agent view and the audit log. Sign in with POST /api/login and send `Authorization: Bearer TOKEN`. Webhooks: POST JSON signed with `X-Tandem-Signature: sha256=HMAC(secret, \"{X-Tandem-Timestamp}.{body}\")` for session.started, consent.answered, session.interrupted, session.resumed and session.ended."),
    paths(
        super::login::login, super::sso::options, super::login::logout, super::login::me,
        super::events::stream, super::visitors::support,
        super::contacts::list, super::contacts::create, super::contacts::show, super::contacts::event,
        super::contacts::chat_history, super::contacts::chat_send,
        super::cobrowse::start, super::cobrowse::show, super::asset_proxy::get,
        super::favourites::list, super::favourites::replace_mine, super::favourites::replace_company,
        super::settings::show, super::settings::set_domains, super::settings::set_site,
        super::settings::webhook, super::settings::set_webhook,
        super::privacy::show, super::privacy::set, super::privacy::erase,
        super::agents::list, super::agents::add, super::agents::set_rights, super::agents::set_display_name,
        super::audit::list, super::dashboard::show,
        super::scan_report::latest,
        super::embed::mint, super::embed::show, super::embed::origins, super::embed::set_origins,
        super::invitations::show, super::invitations::set, super::invitations::event,
        super::presence::report, super::presence::list, super::presence::invite,
    ),
    components(schemas(super::settings::WebhookEdit, super::invitations::InvitationsEdit)),
    modifiers(&Security)
)]
pub struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, api: &mut utoipa::openapi::OpenApi) {
        let components = api.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(crate::auth::TOKEN_COOKIE))),
        );
    }
}

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
