//! The API's request extractors. A JSON body is checked against its type's schema in the
//! OpenAPI document before it is decoded, so what `/api/openapi.json` says a body may be (types,
//! enums, lengths, patterns, required fields) is exactly what the server takes: the document
//! is the validator, it cannot drift. Every refusal is an [`ApiError`] (`{"error": …}` as JSON,
//! 400 or 413), never the framework's plain-text rejection.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use axum::Json;
use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use utoipa::OpenApi;

use super::{ApiDoc, ApiError};

/// A JSON body of type `T`, valid against `T`'s schema in the API document.
pub struct Body<T>(pub T);

impl<T: DeserializeOwned + utoipa::ToSchema, S: Send + Sync> FromRequest<S> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let Json(value) = Json::<serde_json::Value>::from_request(req, state).await?;
        decode(value).map(Body)
    }
}

/// `value` checked against `T`'s schema, then decoded.
pub(crate) fn decode<T: DeserializeOwned + utoipa::ToSchema>(
    value: serde_json::Value,
) -> Result<T, ApiError> {
    check(&T::name(), &value)?;
    serde_json::from_value(whole_numbers(value))
        .map_err(|e| ApiError::BadRequest(format!("invalid body: {e}")))
}

/// JSON Schema counts `76.0` as an integer, and so does the schema check; serde's integers do
/// not: a whole number written with a fraction becomes the integer it is.
fn whole_numbers(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Number(n) if !n.is_i64() && !n.is_u64() => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Value::from(f as i64),
            _ => Value::Number(n),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(whole_numbers).collect()),
        Value::Object(fields) => Value::Object(
            fields
                .into_iter()
                .map(|(k, v)| (k, whole_numbers(v)))
                .collect(),
        ),
        other => other,
    }
}

/// Compiled validators by schema name, made on first use from the served document.
static VALIDATORS: LazyLock<Mutex<HashMap<String, std::sync::Arc<jsonschema::Validator>>>> =
    LazyLock::new(Default::default);

/// The document's components, the root every `$ref` of a body schema resolves against.
static COMPONENTS: LazyLock<serde_json::Value> = LazyLock::new(|| {
    let doc = serde_json::to_value(ApiDoc::openapi()).expect("the API document serialises");
    doc["components"].clone()
});

fn check(schema: &str, value: &serde_json::Value) -> Result<(), ApiError> {
    let validator = {
        let mut cache = VALIDATORS.lock().unwrap_or_else(|p| p.into_inner());
        match cache.get(schema) {
            Some(v) => v.clone(),
            None => {
                let root = serde_json::json!({
                    "$schema": "https://json-schema.org/draft/2020-12/schema",
                    "$ref": format!("#/components/schemas/{schema}"),
                    "components": *COMPONENTS,
                });
                let v = std::sync::Arc::new(
                    jsonschema::draft202012::options()
                        .should_validate_formats(true)
                        .build(&root)
                        .unwrap_or_else(|e| panic!("schema {schema} of the API document: {e}")),
                );
                cache.insert(schema.to_string(), v.clone());
                v
            }
        }
    };
    match validator.iter_errors(value).next() {
        None => Ok(()),
        Some(e) => {
            let at: Vec<String> = e
                .instance_path()
                .to_string()
                .split('/')
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect();
            let why = explain(e.kind(), || describe(schema, &at));
            Err(ApiError::BadRequest(if at.is_empty() {
                why
            } else {
                format!("{}: {why}", at.join("."))
            }))
        }
    }
}

/// A refusal in words a person can act on (never the regular expression or the whole value).
fn explain(
    kind: &jsonschema::error::ValidationErrorKind,
    description: impl Fn() -> Option<String>,
) -> String {
    use jsonschema::error::ValidationErrorKind as K;
    match kind {
        K::MaxLength { limit } => format!("at most {limit} characters"),
        K::MinLength { limit: 1 } => "must not be empty".into(),
        K::MinLength { limit } => format!("at least {limit} characters"),
        K::MaxItems { limit } => format!("at most {limit} entries"),
        K::Minimum { limit } => format!("at least {limit}"),
        K::Maximum { limit } => format!("at most {limit}"),
        K::Enum { options } => format!("one of {options}"),
        K::Required { property } => format!("{property} is required"),
        K::Type { kind } => format!("must be of type {kind:?}").to_lowercase(),
        K::Pattern { .. } | K::PropertyNames { .. } | K::OneOfNotValid { .. } => {
            description().unwrap_or_else(|| "not in the expected form".into())
        }
        other => {
            let text = format!("{other:?}");
            text.chars().take(200).collect()
        }
    }
}

/// The `description` of the schema at `path` inside the component `schema`, following `$ref`,
/// `properties` and `items`.
fn describe(schema: &str, path: &[String]) -> Option<String> {
    let schemas = &COMPONENTS["schemas"];
    let resolve = |mut node: &'static serde_json::Value| {
        while let Some(r) = node.get("$ref").and_then(|r| r.as_str()) {
            node = &schemas[r.rsplit('/').next()?];
        }
        Some(node)
    };
    let mut node = resolve(&schemas[schema])?;
    for segment in path {
        node = match node.get("items") {
            Some(items) if segment.parse::<usize>().is_ok() => resolve(items)?,
            _ => resolve(node.get("properties")?.get(segment)?)?,
        };
    }
    node.get("description")?.as_str().map(str::to_string)
}

/// A query string decoded into `T`.
pub struct Params<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Params<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(q)| Params(q))
            .map_err(|e| ApiError::BadRequest(e.body_text()))
    }
}

#[cfg(test)]
mod tests {
    /// Every schema of the document compiles into a validator (a bad pattern would otherwise
    /// surface as a failed request).
    #[test]
    fn every_schema_compiles() {
        let names: Vec<String> = super::COMPONENTS["schemas"]
            .as_object()
            .expect("schemas")
            .keys()
            .cloned()
            .collect();
        assert!(names.len() > 10, "{names:?}");
        for name in names {
            super::check(&name, &serde_json::json!({})).ok();
        }
    }

    #[test]
    fn a_whole_number_with_a_fraction_is_an_integer() {
        let v = super::whole_numbers(serde_json::json!({"a": 76.0, "b": [1.5, 2.0], "c": "3.0"}));
        assert_eq!(v, serde_json::json!({"a": 76, "b": [1.5, 2], "c": "3.0"}));
        assert!(v["a"].is_i64());
    }

    #[test]
    fn a_body_is_checked_against_its_schema() {
        let err = super::check(
            "Login",
            &serde_json::json!({"username": "", "password": "x"}),
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("username:"), "{err}");
        assert!(super::check("Login", &serde_json::json!([])).is_err());
        super::check(
            "Login",
            &serde_json::json!({"username": "a", "password": "x"}),
        )
        .unwrap();
    }
}
