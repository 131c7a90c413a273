//! Company settings an admin edits in the console: for now, the company's web domains. A
//! change applies at once to new customer connections, with no site redeploy.

use super::body::Body;
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};

use super::{ApiError, ErrorBody};
use crate::app::AppState;
use crate::auth::SignedIn;
use crate::domains::Domains;
use crate::session::{WebhookConfig, check_site_settings};
use crate::store::Right;
use tandem_protocol::SiteSettings;

#[derive(Serialize, utoipa::ToSchema)]
pub struct Settings {
    domains: Vec<String>,
    #[schema(value_type = SiteSettingsDoc)]
    site: SiteSettings,
}

/// The site settings as a request body: `tandem_protocol::SiteSettings` (which the SDK also
/// reads) with the schema the API checks it against. Every field may be left out (default).
#[derive(Deserialize)]
#[serde(transparent)]
pub struct SiteSettingsEdit(pub(crate) SiteSettings);

impl utoipa::PartialSchema for SiteSettingsEdit {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        <SiteSettingsDoc as utoipa::PartialSchema>::schema()
    }
}

impl utoipa::ToSchema for SiteSettingsEdit {
    fn name() -> std::borrow::Cow<'static, str> {
        <SiteSettingsDoc as utoipa::ToSchema>::name()
    }
}

/// The schema of `tandem_protocol::SiteSettings` (a unit test keeps the fields the same).
#[derive(Deserialize, Default, utoipa::ToSchema)]
#[serde(default)]
#[schema(as = SiteSettings)]
#[allow(dead_code)]
struct SiteSettingsDoc {
    /// Elements whose text and values never leave the customer's browser (CSS selector list).
    #[schema(max_length = 2000, pattern = "^[^{}<]*$")]
    mask_selector: String,
    /// Elements replaced by an empty box of the same size.
    #[schema(max_length = 2000, pattern = "^[^{}<]*$")]
    block_selector: String,
    /// Query parameter names (comma-separated) that may leave with addresses.
    #[schema(max_length = 2000, pattern = r"^[A-Za-z0-9_.\[\]:, -]*$")]
    allow_query_params: String,
    /// Elements inside which the agent may not click or type.
    #[schema(max_length = 2000, pattern = "^[^{}<]*$")]
    no_control_selector: String,
    /// Fields the agent may type in.
    #[schema(max_length = 2000, pattern = "^[^{}<]*$")]
    editable_selector: String,
    remote_control: bool,
    typing: bool,
    ask_before_control: bool,
    /// `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, a CSS colour name, or empty for the default.
    #[schema(
        pattern = "^(|#([0-9a-fA-F]{3}|[0-9a-fA-F]{4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})|[A-Za-z]{1,30})$"
    )]
    color: String,
    /// Replacement wording by text key (letters only, e.g. `consentTitle`), each at most 500
    /// characters.
    #[schema(schema_with = texts_schema)]
    texts: std::collections::BTreeMap<String, String>,
    /// The agent's browser loads the site's images, fonts and stylesheets straight from the
    /// site (and the console's policy allows any web origin for them) instead of through
    /// Tandem's asset proxy.
    direct_assets: bool,
}

/// Where webhooks go, as a request body: an empty `url` turns them off; otherwise an http(s)
/// address on a public host with a shared secret of 16 to 256 characters.
#[derive(Deserialize)]
#[serde(transparent)]
pub struct WebhookEdit(pub(crate) WebhookConfig);

impl utoipa::PartialSchema for WebhookEdit {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        serde_json::from_value(serde_json::json!({
            "oneOf": [
                {
                    "title": "Off",
                    "type": "object",
                    "properties": {
                        "url": { "type": "string", "enum": [""] },
                        "secret": { "type": "string", "maxLength": 256 }
                    }
                },
                {
                    "title": "On",
                    "type": "object",
                    "required": ["url", "secret"],
                    "properties": {
                        "url": { "type": "string", "maxLength": 2048, "description": "Only http and https addresses", "pattern": r"^https?://(\[[0-9A-Fa-f:.]{2,45}\]|(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}|([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(:(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3}))?([/?#][^\s\x00-\x1f\x7f-\x9f]*)?$" },
                        "secret": { "type": "string", "minLength": 16, "maxLength": 256 }
                    }
                }
            ]
        }))
        .expect("a schema")
    }
}

impl utoipa::ToSchema for WebhookEdit {
    fn name() -> std::borrow::Cow<'static, str> {
        "WebhookEdit".into()
    }
}

fn texts_schema() -> utoipa::openapi::schema::Object {
    serde_json::from_value(serde_json::json!({
        "type": "object",
        "propertyNames": { "type": "string", "pattern": "^[A-Za-z]{1,40}$" },
        "additionalProperties": { "type": "string", "maxLength": 500 }
    }))
    .expect("a schema object")
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct DomainsEdit {
    /// Domain names like `example.com` (their subdomains are included).
    #[schema(schema_with = domains_schema)]
    pub(crate) domains: Vec<String>,
}

fn domains_schema() -> utoipa::openapi::schema::Array {
    serde_json::from_value(serde_json::json!({
        "type": "array",
        "maxItems": 100,
        "items": {
            "description": "A domain name like example.com: letters, digits and dashes between dots",
            "type": "string",
            "maxLength": 253,
            "pattern": r"^[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63})*$"
        }
    }))
    .expect("a schema array")
}

#[utoipa::path(get, path = "/api/settings", tag = "settings", responses((status = 200, description = "The company's domains and site settings", body = Settings), (status = 400, description = "Bad input", body = ErrorBody), (status = 401, description = "Not signed in", body = ErrorBody)), security(("bearer" = []), ("cookie" = [])))]
pub async fn show(State(state): State<AppState>, SignedIn(_): SignedIn) -> Json<Settings> {
    Json(Settings {
        domains: state.sessions.domains().names().to_vec(),
        site: state.sessions.site_settings(),
    })
}

const MAX_DOMAINS: usize = 100;
const MAX_SECRET: usize = 256;

impl DomainsEdit {
    /// Whether every entry is a domain name, and there are not too many.
    pub(crate) fn check(&self) -> Result<(), ApiError> {
        if self.domains.len() > MAX_DOMAINS {
            return Err(ApiError::BadRequest(format!(
                "at most {MAX_DOMAINS} domains"
            )));
        }
        for d in &self.domains {
            let d = d.trim();
            let valid = !d.is_empty()
                && d.len() <= 253
                && d.split('.').all(|label| {
                    !label.is_empty()
                        && label.len() <= 63
                        && label
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                });
            if !valid {
                return Err(ApiError::BadRequest(format!(
                    "'{d}' is not a domain name (like example.com)"
                )));
            }
        }
        Ok(())
    }
}

#[utoipa::path(put, path = "/api/settings/domains", tag = "settings", request_body = DomainsEdit, responses((status = 200, description = "Saved; applies at once", body = Settings), (status = 400, description = "Bad input", body = ErrorBody), (status = 413, description = "The body is over the route's limit", body = ErrorBody), (status = 401, description = "Not signed in", body = ErrorBody), (status = 403, description = "Admins only", body = ErrorBody)), security(("bearer" = []), ("cookie" = [])))]
pub async fn set_domains(
    State(state): State<AppState>,
    SignedIn(agent): SignedIn,
    body: Result<Body<DomainsEdit>, ApiError>,
) -> Result<Json<Settings>, ApiError> {
    if !agent.has(Right::Admin) {
        return Err(ApiError::Forbidden(
            "only an admin may change the company's domains",
        ));
    }
    let Body(edit) = body?;
    edit.check()?;
    let domains = Domains::new(edit.domains);
    state.sessions.set_domains(domains.clone()).await?;
    state
        .sessions
        .audit(
            &agent.username,
            "domains_changed",
            None,
            None,
            &domains.names().join(","),
        )
        .await;
    Ok(Json(Settings {
        domains: domains.names().to_vec(),
        site: state.sessions.site_settings(),
    }))
}

/// `PUT /api/settings/site`: the whole site settings object; checked, stored, pushed to SDKs.
#[utoipa::path(put, path = "/api/settings/site", tag = "settings", request_body = SiteSettingsDoc, responses((status = 200, description = "Saved and pushed to running SDKs", body = Settings), (status = 400, description = "Bad input", body = ErrorBody), (status = 413, description = "The body is over the route's limit", body = ErrorBody), (status = 401, description = "Not signed in", body = ErrorBody), (status = 403, description = "Admins only", body = ErrorBody)), security(("bearer" = []), ("cookie" = [])))]
pub async fn set_site(
    State(state): State<AppState>,
    SignedIn(agent): SignedIn,
    body: Result<Body<SiteSettingsEdit>, ApiError>,
) -> Result<Json<Settings>, ApiError> {
    if !agent.has(Right::Admin) {
        return Err(ApiError::Forbidden(
            "only an admin may change the site settings",
        ));
    }
    let Body(SiteSettingsEdit(site)) = body?;
    check_site_settings(&site).map_err(ApiError::BadRequest)?;
    state.sessions.set_site_settings(site).await?;
    state
        .sessions
        .audit(&agent.username, "site_settings_changed", None, None, "")
        .await;
    Ok(Json(Settings {
        domains: state.sessions.domains().names().to_vec(),
        site: state.sessions.site_settings(),
    }))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct WebhookView {
    url: String,
    /// Whether a secret is set; the secret itself is never sent back.
    has_secret: bool,
}

#[utoipa::path(get, path = "/api/settings/webhook", tag = "webhooks", responses((status = 200, description = "Where webhooks go", body = WebhookView), (status = 400, description = "Bad input", body = ErrorBody), (status = 401, description = "Not signed in", body = ErrorBody), (status = 403, description = "Admins only", body = ErrorBody)), security(("bearer" = []), ("cookie" = [])))]
pub async fn webhook(
    State(state): State<AppState>,
    SignedIn(agent): SignedIn,
) -> Result<Json<WebhookView>, ApiError> {
    if !agent.has(Right::Admin) {
        return Err(ApiError::Forbidden(
            "only an admin may read the webhook settings",
        ));
    }
    let c = state.sessions.webhook();
    Ok(Json(WebhookView {
        url: c.url,
        has_secret: !c.secret.is_empty(),
    }))
}

/// `PUT /api/settings/webhook {url, secret}`: where signed webhooks go (empty url: off).
#[utoipa::path(put, path = "/api/settings/webhook", tag = "webhooks", request_body = WebhookEdit, responses((status = 200, description = "Saved", body = WebhookView), (status = 400, description = "Bad input", body = ErrorBody), (status = 413, description = "The body is over the route's limit", body = ErrorBody), (status = 401, description = "Not signed in", body = ErrorBody), (status = 403, description = "Admins only", body = ErrorBody)), security(("bearer" = []), ("cookie" = [])))]
pub async fn set_webhook(
    State(state): State<AppState>,
    SignedIn(agent): SignedIn,
    body: Result<Body<WebhookEdit>, ApiError>,
) -> Result<Json<WebhookView>, ApiError> {
    if !agent.has(Right::Admin) {
        return Err(ApiError::Forbidden(
            "only an admin may change the webhook settings",
        ));
    }
    let Body(WebhookEdit(config)) = body?;
    if !config.url.is_empty() {
        crate::session::check_link(&config.url)
            .map_err(|m| ApiError::BadRequest(format!("url: {m}")))?;
        state
            .sessions
            .check_webhook_target(&config.url)
            .await
            .map_err(|m| ApiError::BadRequest(format!("url: {m}")))?;
        let secret_len = config.secret.chars().count();
        if !(16..=MAX_SECRET).contains(&secret_len) {
            return Err(ApiError::BadRequest(format!(
                "secret: 16 to {MAX_SECRET} characters, shared with the receiver"
            )));
        }
    }
    state.sessions.set_webhook(config.clone()).await?;
    state
        .sessions
        .audit(&agent.username, "webhook_changed", None, None, &config.url)
        .await;
    Ok(Json(WebhookView {
        url: config.url,
        has_secret: !config.secret.is_empty(),
    }))
}
