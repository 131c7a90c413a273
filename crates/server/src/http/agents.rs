//! Agents and their rights, for admins: list, add, and change rights. Rights take effect on the
//! agent's next request (their sign-in stays) and at once on their open sockets (a lost
//! `cobrowse` right closes them).

use super::body::Body;
use axum::Json;
use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};

use super::{ApiError, ErrorBody};
use crate::app::AppState;
use crate::auth::{SignedIn, hash_password};
use crate::secret;
use crate::store::{Agent, Right, StoreError};

#[derive(Serialize, utoipa::ToSchema)]
pub struct AgentView {
    username: String,
    /// The name customers and colleagues see (the username when none is set).
    display_name: String,
    rights: Vec<&'static str>,
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewAgent {
    /// Letters, digits, dots, dashes and underscores.
    #[schema(pattern = r"^[A-Za-z0-9._-]{1,64}$")]
    username: String,
    #[schema(min_length = 8, max_length = 1024)]
    password: String,
    #[schema(value_type = Vec<RightName>)]
    rights: Vec<String>,
    /// The name customers and colleagues see (default: the username).
    #[serde(default)]
    #[schema(max_length = 80, pattern = r"^[^\x00-\x1f\x7f-\x9f]*$")]
    display_name: String,
}

/// A right an agent may hold.
#[derive(utoipa::ToSchema)]
#[schema(rename_all = "kebab-case")]
#[allow(dead_code)] // the schema's enum; requests carry the names, parsed by `Right::parse`
enum RightName {
    Cobrowse,
    RemoteControl,
    Admin,
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct DisplayNameEdit {
    /// Empty means the username.
    #[schema(max_length = 80, pattern = r"^[^\x00-\x1f\x7f-\x9f]*$")]
    pub(crate) display_name: String,
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct RightsEdit {
    #[schema(value_type = Vec<RightName>)]
    pub(crate) rights: Vec<String>,
}

impl NewAgent {
    /// The username (trimmed), rights and display name, if all are acceptable.
    pub(crate) fn check(&self) -> Result<(&str, Vec<Right>, String), ApiError> {
        let username = self.username.trim();
        if username.is_empty()
            || username.len() > crate::store::MAX_USERNAME
            || !username
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
        {
            return Err(ApiError::BadRequest(
                "a username is 1 to 64 letters, digits, dots, dashes or underscores".into(),
            ));
        }
        if self.password.len() < 8 {
            return Err(ApiError::BadRequest(
                "the password must be at least 8 characters".into(),
            ));
        }
        let rights = parse_rights(&self.rights)?;
        let display_name =
            Agent::check_display_name(&self.display_name).map_err(ApiError::BadRequest)?;
        Ok((username, rights, display_name))
    }
}

fn admin(agent: &Agent) -> Result<(), ApiError> {
    if agent.has(Right::Admin) {
        Ok(())
    } else {
        Err(ApiError::Forbidden("only an admin may manage agents"))
    }
}

pub(crate) fn parse_rights(names: &[String]) -> Result<Vec<Right>, ApiError> {
    names
        .iter()
        .map(|n| {
            Right::parse(n).ok_or_else(|| {
                ApiError::BadRequest(format!(
                    "unknown right '{n}' (cobrowse, remote-control, admin)"
                ))
            })
        })
        .collect()
}

fn view(a: &Agent) -> AgentView {
    AgentView {
        username: a.username.clone(),
        display_name: a.name().to_string(),
        rights: a.rights.iter().map(|r| r.as_str()).collect(),
    }
}

#[utoipa::path(get, path = "/api/agents", tag = "agents", responses((status = 200, description = "All agents", body = [AgentView]), (status = 400, description = "Bad input", body = ErrorBody), (status = 401, description = "Not signed in", body = ErrorBody), (status = 403, description = "Admins only", body = ErrorBody)), security(("bearer" = []), ("cookie" = [])))]
pub async fn list(
    State(state): State<AppState>,
    SignedIn(agent): SignedIn,
) -> Result<Json<Vec<AgentView>>, ApiError> {
    admin(&agent)?;
    Ok(Json(
        state
            .sessions
            .store()
            .agents()
            .await?
            .iter()
            .map(view)
            .collect(),
    ))
}

#[utoipa::path(post, path = "/api/agents", tag = "agents", request_body = NewAgent, responses((status = 200, description = "Added", body = AgentView), (status = 400, description = "Bad input", body = ErrorBody), (status = 413, description = "The body is over the route's limit", body = ErrorBody), (status = 401, description = "Not signed in", body = ErrorBody), (status = 403, description = "Admins only", body = ErrorBody), (status = 409, description = "Name taken", body = ErrorBody)), security(("bearer" = []), ("cookie" = [])))]
pub async fn add(
    State(state): State<AppState>,
    SignedIn(agent): SignedIn,
    body: Result<Body<NewAgent>, ApiError>,
) -> Result<Json<AgentView>, ApiError> {
    admin(&agent)?;
    let Body(body) = body?;
    let (username, rights, display_name) = body.check()?;
    let new = Agent {
        id: secret::id(),
        username: username.into(),
        password_hash: hash_password(&body.password),
        rights,
        display_name,
    };
    match state
        .sessions
        .store()
        .add_agent(&new, state.sessions.now())
        .await
    {
        Err(StoreError::Conflict) => {
            return Err(ApiError::Conflict(format!(
                "an agent named {username} exists already"
            )));
        }
        other => other?,
    }
    state
        .sessions
        .audit(&agent.username, "agent_added", None, None, username)
        .await;
    Ok(Json(view(&new)))
}

#[utoipa::path(put, path = "/api/agents/{username}/rights", tag = "agents", params(("username" = String, Path)), request_body = RightsEdit, responses((status = 200, description = "Updated", body = AgentView), (status = 400, description = "Bad input", body = ErrorBody), (status = 413, description = "The body is over the route's limit", body = ErrorBody), (status = 401, description = "Not signed in", body = ErrorBody), (status = 404, description = "No such resource, or not one the caller may see", body = ErrorBody), (status = 403, description = "Admins only", body = ErrorBody), (status = 409, description = "An admin cannot take their own admin right away", body = ErrorBody)), security(("bearer" = []), ("cookie" = [])))]
pub async fn set_rights(
    State(state): State<AppState>,
    SignedIn(agent): SignedIn,
    Path(username): Path<String>,
    body: Result<Body<RightsEdit>, ApiError>,
) -> Result<Json<AgentView>, ApiError> {
    admin(&agent)?;
    let Body(body) = body?;
    let rights = parse_rights(&body.rights)?;
    if username == agent.username && !rights.contains(&Right::Admin) {
        return Err(ApiError::Conflict(
            "you cannot take your own admin right away".into(),
        ));
    }
    if !state
        .sessions
        .store()
        .set_agent_rights(&username, &rights)
        .await?
    {
        return Err(ApiError::NotFound);
    }
    state
        .sessions
        .audit(
            &agent.username,
            "rights_changed",
            None,
            None,
            &format!("{username}: {}", body.rights.join(",")),
        )
        .await;
    let updated = state
        .sessions
        .store()
        .agent_by_username(&username)
        .await?
        .ok_or(ApiError::NotFound)?;
    // Without the cobrowse right, the agent's open sockets close now, on every node.
    state.sessions.access_changed(&updated.id).await;
    Ok(Json(view(&updated)))
}

#[utoipa::path(put, path = "/api/agents/{username}/display-name", tag = "agents", params(("username" = String, Path)), request_body = DisplayNameEdit, responses((status = 200, description = "Updated", body = AgentView), (status = 400, description = "Bad input", body = ErrorBody), (status = 413, description = "The body is over the route's limit", body = ErrorBody), (status = 401, description = "Not signed in", body = ErrorBody), (status = 403, description = "Admins only", body = ErrorBody), (status = 404, description = "No such agent", body = ErrorBody)), security(("bearer" = []), ("cookie" = [])))]
pub async fn set_display_name(
    State(state): State<AppState>,
    SignedIn(agent): SignedIn,
    Path(username): Path<String>,
    body: Result<Body<DisplayNameEdit>, ApiError>,
) -> Result<Json<AgentView>, ApiError> {
    admin(&agent)?;
    let Body(body) = body?;
    let display_name =
        Agent::check_display_name(&body.display_name).map_err(ApiError::BadRequest)?;
    if !state
        .sessions
        .store()
        .set_agent_display_name(&username, &display_name)
        .await?
    {
        return Err(ApiError::NotFound);
    }
    state
        .sessions
        .audit(
            &agent.username,
            "display_name_changed",
            None,
            None,
            &format!("{username}: {display_name}"),
        )
        .await;
    let updated = state
        .sessions
        .store()
        .agent_by_username(&username)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(view(&updated)))
}
