//! Company settings an admin edits in the console: for now, the company's web domains. A
//! change applies at once to new customer connections, with no site redeploy.

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use serde::{Deserialize, Serialize};

use super::ApiError;
use crate::app::AppState;
use crate::auth::SignedIn;
use crate::domains::Domains;
use crate::store::Right;

#[derive(Serialize)]
pub struct Settings {
    domains: Vec<String>,
}

#[derive(Deserialize)]
pub struct DomainsEdit {
    domains: Vec<String>,
}

pub async fn show(State(state): State<AppState>, SignedIn(_): SignedIn) -> Json<Settings> {
    Json(Settings { domains: state.sessions.domains().names().to_vec() })
}

pub async fn set_domains(
    State(state): State<AppState>,
    SignedIn(agent): SignedIn,
    body: Result<Json<DomainsEdit>, JsonRejection>,
) -> Result<Json<Settings>, ApiError> {
    if !agent.has(Right::Admin) {
        return Err(ApiError::Forbidden("only an admin may change the company's domains"));
    }
    let Json(edit) = body.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    for d in &edit.domains {
        let d = d.trim();
        let valid = !d.is_empty()
            && d.len() <= 253
            && d.split('.').all(|label| !label.is_empty() && label.len() <= 63 && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
        if !valid {
            return Err(ApiError::BadRequest(format!("'{d}' is not a domain name (like example.com)")));
        }
    }
    let domains = Domains::new(edit.domains);
    state.sessions.set_domains(domains.clone()).await?;
    state.sessions.audit(&agent.username, "domains_changed", None, None, &domains.names().join(",")).await;
    Ok(Json(Settings { domains: domains.names().to_vec() }))
}
