//! The API's one error type and its one mapping to HTTP: a status and `{"error": message}`.
//! Internal details are logged, never sent.

use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::session::SessionError;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("sign in first")]
    Unauthorized,
    #[error("{0}")]
    Forbidden(&'static str),
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Conflict(String),
    /// The request body is over its route's limit (413).
    #[error("{0}")]
    TooLarge(String),
    /// Throttled: try again after this long (`429` with `Retry-After`).
    #[error("too many attempts; try again in {} s", retry_after_secs(.0))]
    TooManyRequests(std::time::Duration),
    #[error("internal error")]
    Internal(String),
}

/// Whole seconds to wait, at least one.
pub fn retry_after_secs(d: &std::time::Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0 || d.is_zero())
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        ApiError::Internal(e.to_string())
    }
}

/// A body that is not the route's JSON: too large (413, over the route's body limit) or not
/// what the route reads (400).
impl From<axum::extract::rejection::JsonRejection> for ApiError {
    fn from(e: axum::extract::rejection::JsonRejection) -> Self {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::TooLarge("the request body is too large".into())
        } else {
            ApiError::BadRequest(e.body_text())
        }
    }
}

impl From<SessionError> for ApiError {
    fn from(e: SessionError) -> Self {
        match e {
            SessionError::WrongState => {
                ApiError::Conflict("the session is not in a state that allows this".into())
            }
            SessionError::NotFound => ApiError::NotFound,
            SessionError::ContactEnded => ApiError::Conflict("the contact has ended".into()),
            e @ SessionError::Unsupported(_) => ApiError::Conflict(e.to_string()),
            SessionError::Invalid(m) => ApiError::BadRequest(m),
            SessionError::NotNow(m) => ApiError::Conflict(m),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = match &self {
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::TooManyRequests(wait) => {
                let headers = [(header::RETRY_AFTER, retry_after_secs(wait).to_string())];
                return (
                    StatusCode::TOO_MANY_REQUESTS,
                    headers,
                    Json(serde_json::json!({ "error": self.to_string() })),
                )
                    .into_response();
            }
            ApiError::Internal(detail) => {
                tracing::error!("internal error: {detail}");
                StatusCode::INTERNAL_SERVER_ERROR
            }
        };
        (
            status,
            Json(serde_json::json!({ "error": self.to_string() })),
        )
            .into_response()
    }
}
