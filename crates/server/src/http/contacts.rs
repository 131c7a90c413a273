//! Contacts: the integration (or the console, for the demo) creates them; each is assigned to
//! the agent who created it and listed in that agent's console with its co-browsing state.

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use serde::{Deserialize, Serialize};

use super::ApiError;
use super::cobrowse::SessionView;
use crate::app::AppState;
use crate::auth::SignedIn;
use crate::secret;
use crate::session::CHANNELS;
use crate::store::Contact;

const MAX_CUSTOMER_NAME: usize = 200;

#[derive(Deserialize)]
pub struct NewContact {
    channel: String,
    customer: String,
}

#[derive(Serialize)]
pub struct ContactView {
    #[serde(flatten)]
    contact: Contact,
    session: Option<SessionView>,
}

pub async fn create(
    State(state): State<AppState>,
    SignedIn(agent): SignedIn,
    body: Result<Json<NewContact>, JsonRejection>,
) -> Result<Json<ContactView>, ApiError> {
    let Json(body) = body.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    if !CHANNELS.contains(&body.channel.as_str()) {
        return Err(ApiError::BadRequest(format!("channel must be one of: {}", CHANNELS.join(", "))));
    }
    let customer = body.customer.trim();
    if customer.is_empty() || customer.chars().count() > MAX_CUSTOMER_NAME {
        return Err(ApiError::BadRequest(format!("customer must be 1 to {MAX_CUSTOMER_NAME} characters")));
    }
    let contact = Contact {
        id: secret::id(),
        channel: body.channel,
        customer: customer.to_string(),
        agent_id: agent.id.clone(),
        created_at: state.sessions.now(),
    };
    state.sessions.store().add_contact(&contact).await?;
    state.sessions.audit(&agent.username, "contact_created", None, Some(&contact.id), &contact.channel).await;
    Ok(Json(ContactView { contact, session: None }))
}

pub async fn list(State(state): State<AppState>, SignedIn(agent): SignedIn) -> Result<Json<Vec<ContactView>>, ApiError> {
    let store = state.sessions.store();
    let mut out = Vec::new();
    for contact in store.contacts_of_agent(&agent.id).await? {
        let session = store.latest_session_of_contact(&contact.id).await?.map(SessionView::from);
        out.push(ContactView { contact, session });
    }
    Ok(Json(out))
}
