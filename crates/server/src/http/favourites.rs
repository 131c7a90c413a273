//! Favourites of the Link Menu: each agent's own list and the company's list (set by an
//! admin). An edit sends the whole list and is saved entirely or not at all; every entry is
//! checked first (a name, an http(s) URL), so bad input loses nothing.

use super::body::Body;
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};

use super::{ApiError, ErrorBody};
use crate::app::AppState;
use crate::auth::SignedIn;
use crate::secret;
use crate::session::check_link;
use crate::store::{Favourite, Right};

const MAX_NAME: usize = 100;
const MAX_FAVOURITES: usize = 200;

#[derive(Serialize, utoipa::ToSchema)]
pub struct Favourites {
    mine: Vec<Favourite>,
    company: Vec<Favourite>,
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct Edit {
    #[schema(max_items = 200)]
    favourites: Vec<EditEntry>,
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct EditEntry {
    /// The id of an existing favourite (kept), or none for a new one.
    #[schema(pattern = "^[0-9a-fA-F]{32}$")]
    id: Option<String>,
    /// Some visible text, no control characters.
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
    )]
    name: String,
    /// Only http and https links, with a host name or an IPv4 address.
    #[schema(
        max_length = 2048,
        pattern = r"^https?://(((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3})|(([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?))(:(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3}))?([/?#][^\s\x00-\x1f\x7f-\x9f]*)?$"
    )]
    url: String,
}

#[utoipa::path(get, path = "/api/favourites", tag = "favourites", responses((status = 200, description = "The caller's and the company's favourites", body = Favourites), (status = 400, description = "Bad input", body = ErrorBody), (status = 401, description = "Not signed in", body = ErrorBody)), security(("bearer" = []), ("cookie" = [])))]
pub async fn list(
    State(state): State<AppState>,
    SignedIn(agent): SignedIn,
) -> Result<Json<Favourites>, ApiError> {
    let store = state.sessions.store();
    Ok(Json(Favourites {
        mine: store.favourites(Some(&agent.id)).await?,
        company: store.favourites(None).await?,
    }))
}

#[utoipa::path(put, path = "/api/favourites", tag = "favourites", request_body = Edit, responses((status = 200, description = "Saved whole", body = Favourites), (status = 400, description = "Bad input", body = ErrorBody), (status = 413, description = "The body is over the route's limit", body = ErrorBody), (status = 401, description = "Not signed in", body = ErrorBody)), security(("bearer" = []), ("cookie" = [])))]
pub async fn replace_mine(
    State(state): State<AppState>,
    SignedIn(agent): SignedIn,
    body: Result<Body<Edit>, ApiError>,
) -> Result<Json<Favourites>, ApiError> {
    let list = validate(body?.0)?;
    state
        .sessions
        .store()
        .replace_favourites(Some(&agent.id), &list)
        .await?;
    state
        .sessions
        .audit(
            &agent.username,
            "favourites_saved",
            None,
            None,
            &list.len().to_string(),
        )
        .await;
    list_for(&state, &agent.id).await
}

#[utoipa::path(put, path = "/api/company/favourites", tag = "favourites", request_body = Edit, responses((status = 200, description = "Saved whole", body = Favourites), (status = 400, description = "Bad input", body = ErrorBody), (status = 413, description = "The body is over the route's limit", body = ErrorBody), (status = 401, description = "Not signed in", body = ErrorBody), (status = 403, description = "Admins only", body = ErrorBody)), security(("bearer" = []), ("cookie" = [])))]
pub async fn replace_company(
    State(state): State<AppState>,
    SignedIn(agent): SignedIn,
    body: Result<Body<Edit>, ApiError>,
) -> Result<Json<Favourites>, ApiError> {
    if !agent.has(Right::Admin) {
        return Err(ApiError::Forbidden(
            "only an admin may change the company's favourites",
        ));
    }
    let list = validate(body?.0)?;
    state
        .sessions
        .store()
        .replace_favourites(None, &list)
        .await?;
    state
        .sessions
        .audit(
            &agent.username,
            "company_favourites_saved",
            None,
            None,
            &list.len().to_string(),
        )
        .await;
    list_for(&state, &agent.id).await
}

async fn list_for(state: &AppState, agent_id: &str) -> Result<Json<Favourites>, ApiError> {
    let store = state.sessions.store();
    Ok(Json(Favourites {
        mine: store.favourites(Some(agent_id)).await?,
        company: store.favourites(None).await?,
    }))
}

pub(crate) fn validate(edit: Edit) -> Result<Vec<Favourite>, ApiError> {
    if edit.favourites.len() > MAX_FAVOURITES {
        return Err(ApiError::BadRequest(format!(
            "at most {MAX_FAVOURITES} favourites"
        )));
    }
    edit.favourites
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            let name = e.name.trim();
            if name.is_empty() || name.chars().count() > MAX_NAME {
                return Err(ApiError::BadRequest(format!(
                    "favourite {}: a name must be 1 to {MAX_NAME} characters",
                    i + 1
                )));
            }
            let url = check_link(&e.url)
                .map_err(|m| ApiError::BadRequest(format!("favourite {} ({name}): {m}", i + 1)))?;
            let id =
                e.id.filter(|id| id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()))
                    .unwrap_or_else(secret::id);
            Ok(Favourite {
                id,
                name: name.to_string(),
                url,
            })
        })
        .collect()
}
