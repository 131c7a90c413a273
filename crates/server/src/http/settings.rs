//! Company settings an admin edits in the console: for now, the company's web domains. A
//! change applies at once to new customer connections, with no site redeploy.

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
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
    #[schema(value_type = Object)]
    site: SiteSettings,
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct DomainsEdit {
    pub(crate) domains: Vec<String>,
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

#[utoipa::path(put, path = "/api/settings/domains", tag = "settings", request_body = DomainsEdit, responses((status = 200, description = "Saved; applies at once", body = Settings), (status = 400, description = "Bad input", body = ErrorBody), (status = 401, description = "Not signed in", body = ErrorBody), (status = 403, description = "Admins only", body = ErrorBody)), security(("bearer" = []), ("cookie" = [])))]
pub async fn set_domains(
    State(state): State<AppState>,
    SignedIn(agent): SignedIn,
    body: Result<Json<DomainsEdit>, JsonRejection>,
) -> Result<Json<Settings>, ApiError> {
    if !agent.has(Right::Admin) {
        return Err(ApiError::Forbidden(
            "only an admin may change the company's domains",
        ));
    }
    let Json(edit) = body.map_err(ApiError::from)?;
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
#[utoipa::path(put, path = "/api/settings/site", tag = "settings", request_body = serde_json::Value, responses((status = 200, description = "Saved and pushed to running SDKs", body = Settings), (status = 400, description = "Bad input", body = ErrorBody), (status = 401, description = "Not signed in", body = ErrorBody), (status = 403, description = "Admins only", body = ErrorBody)), security(("bearer" = []), ("cookie" = [])))]
pub async fn set_site(
    State(state): State<AppState>,
    SignedIn(agent): SignedIn,
    body: Result<Json<SiteSettings>, JsonRejection>,
) -> Result<Json<Settings>, ApiError> {
    if !agent.has(Right::Admin) {
        return Err(ApiError::Forbidden(
            "only an admin may change the site settings",
        ));
    }
    let Json(site) = body.map_err(ApiError::from)?;
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
#[utoipa::path(put, path = "/api/settings/webhook", tag = "webhooks", request_body = crate::session::WebhookConfig, responses((status = 200, description = "Saved", body = WebhookView), (status = 400, description = "Bad input", body = ErrorBody), (status = 401, description = "Not signed in", body = ErrorBody), (status = 403, description = "Admins only", body = ErrorBody)), security(("bearer" = []), ("cookie" = [])))]
pub async fn set_webhook(
    State(state): State<AppState>,
    SignedIn(agent): SignedIn,
    body: Result<Json<WebhookConfig>, JsonRejection>,
) -> Result<Json<WebhookView>, ApiError> {
    if !agent.has(Right::Admin) {
        return Err(ApiError::Forbidden(
            "only an admin may change the webhook settings",
        ));
    }
    let Json(config) = body.map_err(ApiError::from)?;
    if !config.url.is_empty() {
        crate::session::check_link(&config.url)
            .map_err(|m| ApiError::BadRequest(format!("url: {m}")))?;
        state
            .sessions
            .check_webhook_target(&config.url)
            .await
            .map_err(|m| ApiError::BadRequest(format!("url: {m}")))?;
        if config.secret.len() < 16 || config.secret.len() > MAX_SECRET {
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
