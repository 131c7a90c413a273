//! Contacts: the integration (or the console, for the demo) creates them; each is assigned to
//! the agent who created it and listed in that agent's console with its co-browsing state.

use super::body::Body;
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};

use super::cobrowse::SessionView;
use super::{ApiError, ErrorBody};
use crate::app::AppState;
use crate::auth::SignedIn;
use crate::secret;
use crate::session::CHANNELS;
use crate::session::ContactEvent;
use crate::store::Contact;
use axum::extract::Path;

const MAX_CUSTOMER_NAME: usize = 200;

#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewContact {
    #[schema(value_type = ChannelName)]
    channel: String,
    /// The customer's name as the agent knows it: some visible text, no control characters.
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
    )]
    customer: String,
    /// The SDK's visitor id (`Tandem.visitorId()`), when the integration knows the customer's browser.
    #[schema(pattern = "^[0-9a-fA-F]{32}$")]
    visitor: Option<String>,
}

impl NewContact {
    /// The customer's name (trimmed), if the channel, name and visitor id are acceptable.
    pub(crate) fn check(&self) -> Result<&str, ApiError> {
        if !CHANNELS.contains(&self.channel.as_str()) {
            return Err(ApiError::BadRequest(format!(
                "channel must be one of: {}",
                CHANNELS.join(", ")
            )));
        }
        let customer = self.customer.trim();
        if customer.is_empty() || customer.chars().count() > MAX_CUSTOMER_NAME {
            return Err(ApiError::BadRequest(format!(
                "customer must be 1 to {MAX_CUSTOMER_NAME} characters"
            )));
        }
        if let Some(v) = &self.visitor
            && !secret::is_visitor_id(v)
        {
            return Err(ApiError::BadRequest(
                "visitor must be the SDK's visitor id (32 hex digits)".into(),
            ));
        }
        Ok(customer)
    }
}

/// The channel a contact came in on.
#[derive(utoipa::ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)] // the schema's enum; requests carry the name, checked against CHANNELS
enum ChannelName {
    Chat,
    Callback,
    Phone,
    Email,
    Facebook,
    Twitter,
    WorkItem,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ContactView {
    #[serde(flatten)]
    contact: Contact,
    session: Option<SessionView>,
    /// Whether the customer's browser is known (no code needed to ask them).
    customer_known: bool,
    /// Why co-browsing is not available for this customer's browser, if it is not.
    unsupported: Option<String>,
}

pub(super) async fn view(state: &AppState, contact: Contact) -> Result<ContactView, ApiError> {
    let store = state.sessions.store();
    let session = store
        .latest_session_of_contact(&contact.id)
        .await?
        .map(SessionView::from);
    let unsupported = match &contact.visitor_id {
        Some(v) => store.visitor_unsupported(v).await?,
        None => None,
    };
    let customer_known = contact.visitor_id.is_some() && (contact.is_web() || contact.handed_over);
    Ok(ContactView {
        contact,
        session,
        customer_known,
        unsupported,
    })
}

#[utoipa::path(post, path = "/api/contacts", tag = "contacts", request_body = NewContact, responses((status = 200, description = "The contact, assigned to the caller", body = ContactView), (status = 400, description = "Bad input", body = ErrorBody), (status = 413, description = "The body is over the route's limit", body = ErrorBody), (status = 401, description = "Not signed in", body = ErrorBody)), security(("bearer" = []), ("cookie" = [])))]
pub async fn create(
    State(state): State<AppState>,
    SignedIn(agent): SignedIn,
    body: Result<Body<NewContact>, ApiError>,
) -> Result<Json<ContactView>, ApiError> {
    let Body(body) = body?;
    let customer = body.check()?.to_owned();
    let contact = state
        .sessions
        .create_contact(&agent, &body.channel, &customer, body.visitor)
        .await?;
    view(&state, contact).await.map(Json)
}

#[utoipa::path(get, path = "/api/contacts", tag = "contacts", responses((status = 200, description = "The caller's contacts with their latest session", body = [ContactView]), (status = 400, description = "Bad input", body = ErrorBody), (status = 401, description = "Not signed in", body = ErrorBody)), security(("bearer" = []), ("cookie" = [])))]
pub async fn list(
    State(state): State<AppState>,
    SignedIn(agent): SignedIn,
) -> Result<Json<Vec<ContactView>>, ApiError> {
    let mut out = Vec::new();
    for contact in state.sessions.store().contacts_of_agent(&agent.id).await? {
        out.push(view(&state, contact).await?);
    }
    Ok(Json(out))
}

#[derive(Deserialize, utoipa::ToSchema)]
/// What happened to the contact: `type` is park, unpark, enquiry, alternate, conference,
/// transfer (with `to`, the receiving agent's username), requeue or drop.
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventBody {
    Park,
    Unpark,
    Enquiry,
    Alternate,
    Conference,
    /// Hands the contact to another agent (`to`: their username); the customer accepts again.
    Transfer {
        #[schema(pattern = r"^[A-Za-z0-9._-]{1,64}$")]
        to: String,
    },
    Requeue,
    Drop,
}

impl From<EventBody> for ContactEvent {
    fn from(e: EventBody) -> ContactEvent {
        match e {
            EventBody::Park => ContactEvent::Park,
            EventBody::Unpark => ContactEvent::Unpark,
            EventBody::Enquiry => ContactEvent::Enquiry,
            EventBody::Alternate => ContactEvent::Alternate,
            EventBody::Conference => ContactEvent::Conference,
            EventBody::Transfer { to } => ContactEvent::Transfer(to),
            EventBody::Requeue => ContactEvent::Requeue,
            EventBody::Drop => ContactEvent::Drop,
        }
    }
}

/// `POST /api/contacts/{id}/events`: park, unpark, enquiry, alternate, conference, transfer
/// (`to`: the receiving agent's username), requeue, drop.
#[utoipa::path(post, path = "/api/contacts/{id}/events", tag = "contacts", params(("id" = String, Path, description = "Contact id")), request_body = EventBody, responses((status = 200, description = "The contact after the event", body = ContactView), (status = 400, description = "Bad input", body = ErrorBody), (status = 413, description = "The body is over the route's limit", body = ErrorBody), (status = 401, description = "Not signed in", body = ErrorBody), (status = 404, description = "Not one of the caller's contacts", body = ErrorBody), (status = 409, description = "The contact has ended, the event does not fit its call phase, or the receiving agent cannot take it", body = ErrorBody)), security(("bearer" = []), ("cookie" = [])))]
pub async fn event(
    State(state): State<AppState>,
    SignedIn(agent): SignedIn,
    Path(id): Path<String>,
    body: Result<Body<EventBody>, ApiError>,
) -> Result<Json<ContactView>, ApiError> {
    let Body(body) = body?;
    let event = ContactEvent::from(body);
    let contact = owned(&state, &agent, &id).await?;
    state
        .sessions
        .contact_event(&agent, &contact, event)
        .await?;
    let contact = state
        .sessions
        .store()
        .contact(&id)
        .await?
        .ok_or(ApiError::NotFound)?;
    view(&state, contact).await.map(Json)
}

#[utoipa::path(get, path = "/api/contacts/{id}", tag = "contacts", params(("id" = String, Path, description = "Contact id")), responses((status = 200, description = "The contact", body = ContactView), (status = 400, description = "Bad input", body = ErrorBody), (status = 401, description = "Not signed in", body = ErrorBody), (status = 404, description = "Not one of the caller's contacts", body = ErrorBody)), security(("bearer" = []), ("cookie" = [])))]
pub async fn show(
    State(state): State<AppState>,
    SignedIn(agent): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<ContactView>, ApiError> {
    let contact = owned(&state, &agent, &id).await?;
    view(&state, contact).await.map(Json)
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ChatBody {
    /// Some visible text; lines may break.
    #[schema(
        min_length = 1,
        max_length = 2000,
        pattern = r"[^\s\x00-\x1f\x7f-\x9f]"
    )]
    text: String,
}

#[utoipa::path(get, path = "/api/contacts/{id}/chat", tag = "contacts", params(("id" = String, Path, description = "Contact id")), responses((status = 200, description = "The web chat transcript", body = [crate::store::ChatLine]), (status = 400, description = "Bad input", body = ErrorBody), (status = 401, description = "Not signed in", body = ErrorBody), (status = 404, description = "No such resource, or not one the caller may see", body = ErrorBody)), security(("bearer" = []), ("cookie" = [])))]
pub async fn chat_history(
    State(state): State<AppState>,
    SignedIn(agent): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Vec<crate::store::ChatLine>>, ApiError> {
    let contact = owned(&state, &agent, &id).await?;
    Ok(Json(
        state.sessions.store().chat_of_contact(&contact.id).await?,
    ))
}

#[utoipa::path(post, path = "/api/contacts/{id}/chat", tag = "contacts", params(("id" = String, Path, description = "Contact id")), request_body = ChatBody, responses((status = 200, description = "Sent", body = Object), (status = 400, description = "Bad input", body = ErrorBody), (status = 413, description = "The body is over the route's limit", body = ErrorBody), (status = 401, description = "Not signed in", body = ErrorBody), (status = 409, description = "The contact has ended", body = ErrorBody), (status = 404, description = "No such resource, or not one the caller may see", body = ErrorBody)), security(("bearer" = []), ("cookie" = [])))]
pub async fn chat_send(
    State(state): State<AppState>,
    SignedIn(agent): SignedIn,
    Path(id): Path<String>,
    body: Result<Body<ChatBody>, ApiError>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let Body(body) = body?;
    let contact = owned(&state, &agent, &id).await?;
    state
        .sessions
        .chat(&contact, Some(&agent), &body.text)
        .await?;
    Ok(Json(serde_json::json!({})))
}

/// The contact, if it is assigned to this agent (another agent's contact is not found).
pub async fn owned(
    state: &AppState,
    agent: &crate::store::Agent,
    id: &str,
) -> Result<Contact, ApiError> {
    let contact = state
        .sessions
        .store()
        .contact(id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if contact.agent_id != agent.id {
        return Err(ApiError::NotFound);
    }
    Ok(contact)
}
