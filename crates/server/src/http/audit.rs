//! The audit log for admins: who co-browsed with which contact and when, consent, links,
//! interruptions, hand-overs and stops — filtered and exported as JSON or CSV. It never holds
//! masked content: only what the server itself saw (states, URLs sent, names).

use super::body::Params;
use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{ApiError, ErrorBody};
use crate::app::AppState;
use crate::auth::SignedIn;
use crate::store::{AuditEvent, AuditFilter, Right};

/// The audit log's filters as a query string. Fields are listed here rather than flattened
/// from [`AuditFilter`]: serde cannot read numbers through a flattened query string.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Events of this co-browsing session.
    #[param(nullable = false)]
    session_id: Option<String>,
    /// Events of this contact.
    #[param(nullable = false)]
    contact_id: Option<String>,
    /// Events by this agent (username) or `customer` / `system`.
    #[param(nullable = false)]
    actor: Option<String>,
    /// Events of this kind (e.g. `consent_given`).
    #[param(nullable = false)]
    kind: Option<String>,
    /// From this time on (Unix milliseconds).
    #[param(nullable = false)]
    from: Option<i64>,
    /// Up to this time (Unix milliseconds).
    #[param(nullable = false)]
    to: Option<i64>,
    /// At most this many events (default 10000).
    #[param(nullable = false, minimum = 1, maximum = 100000)]
    limit: Option<i64>,
    /// `json` (default) or `csv`.
    #[param(inline, value_type = Option<AuditFormat>, nullable = false)]
    format: Option<String>,
}

impl AuditQuery {
    fn filter(&self) -> AuditFilter {
        AuditFilter {
            session_id: self.session_id.clone(),
            contact_id: self.contact_id.clone(),
            actor: self.actor.clone(),
            kind: self.kind.clone(),
            from: self.from,
            to: self.to,
            limit: self.limit,
        }
    }
}

/// How the audit log is answered.
#[derive(utoipa::ToSchema)]
#[schema(rename_all = "lowercase")]
#[allow(dead_code)] // the schema's enum; the query carries the name
enum AuditFormat {
    Json,
    Csv,
}

#[utoipa::path(get, path = "/api/audit", tag = "audit", params(AuditQuery), responses((status = 200, description = "Matching events, oldest first (JSON array, or CSV with format=csv)", content((Vec<AuditEvent> = "application/json"), (String = "text/csv"))), (status = 400, description = "Bad input", body = ErrorBody), (status = 401, description = "Not signed in", body = ErrorBody), (status = 403, description = "Admins only", body = ErrorBody)), security(("bearer" = []), ("cookie" = [])))]
pub async fn list(
    State(state): State<AppState>,
    SignedIn(agent): SignedIn,
    Params(q): Params<AuditQuery>,
) -> Result<Response, ApiError> {
    if !agent.has(Right::Admin) {
        return Err(ApiError::Forbidden("only an admin may read the audit log"));
    }
    if q.limit.is_some_and(|l| !(1..=100_000).contains(&l)) {
        return Err(ApiError::BadRequest("limit: 1 to 100000 events".into()));
    }
    let events = state.sessions.store().audit_query(&q.filter()).await?;
    match q.format.as_deref() {
        None | Some("json") => Ok(Json(events).into_response()),
        Some("csv") => Ok((
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"tandem-audit.csv\"",
                ),
            ],
            to_csv(&events),
        )
            .into_response()),
        Some(other) => Err(ApiError::BadRequest(format!(
            "format must be json or csv, not '{other}'"
        ))),
    }
}

fn to_csv(events: &[AuditEvent]) -> String {
    let mut out = String::from("at,actor,kind,session_id,contact_id,detail\n");
    for e in events {
        let fields = [
            e.at.to_string(),
            e.actor.clone(),
            e.kind.clone(),
            e.session_id.clone().unwrap_or_default(),
            e.contact_id.clone().unwrap_or_default(),
            e.detail.clone(),
        ];
        out.push_str(
            &fields
                .iter()
                .map(|f| csv_field(f))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push('\n');
    }
    out
}

/// RFC 4180 quoting; a leading formula character is defused so spreadsheets do not run it.
fn csv_field(f: &str) -> String {
    let f = if f.starts_with(['=', '+', '-', '@']) {
        format!("'{f}")
    } else {
        f.to_string()
    };
    if f.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", f.replace('"', "\"\""))
    } else {
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_defuses() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=cmd()"), "'=cmd()");
    }
}
