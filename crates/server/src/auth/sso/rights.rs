//! Which Tandem rights a person gets from their OpenID Provider: the values of one claim
//! (`--oidc-rights-claim`, default `groups`; a dotted name like `realm_access.roles` walks into
//! objects) mapped to rights by `--oidc-right RIGHT=VALUE` (repeatable). Without any mapping the
//! claim's values are read as right names themselves (`cobrowse`, `remote-control`, `admin`).
//! Evaluated at every sign-in, so the provider stays the one place rights are given.

use serde_json::{Map, Value};

use crate::store::Right;

#[derive(Debug, Clone)]
pub struct RightsMapping {
    claim: String,
    /// (claim value, right it gives); empty: values are right names.
    map: Vec<(String, Right)>,
}

impl RightsMapping {
    /// `pairs` as given on the command line: `cobrowse=agents`, `admin=tandem-admins`…
    pub fn new(claim: &str, pairs: &[String]) -> Result<RightsMapping, String> {
        let claim = claim.trim();
        if claim.is_empty() || claim.split('.').any(str::is_empty) {
            return Err(format!("--oidc-rights-claim '{claim}' is not a claim name"));
        }
        let mut map = Vec::new();
        for pair in pairs {
            let (right, value) = pair.split_once('=').ok_or_else(|| {
                format!("--oidc-right '{pair}' is not RIGHT=VALUE (e.g. cobrowse=agents)")
            })?;
            let right = Right::parse(right).ok_or_else(|| {
                format!("--oidc-right '{pair}': unknown right (cobrowse, remote-control, admin)")
            })?;
            if value.trim().is_empty() {
                return Err(format!("--oidc-right '{pair}' names no claim value"));
            }
            map.push((value.trim().to_string(), right));
        }
        Ok(RightsMapping {
            claim: claim.to_string(),
            map,
        })
    }

    pub fn claim(&self) -> &str {
        &self.claim
    }

    /// Whether `claims` carry the rights claim at all.
    pub fn present_in(&self, claims: &Map<String, Value>) -> bool {
        self.values(claims).is_some()
    }

    /// The rights these claims give, in a fixed order, each once.
    pub fn rights(&self, claims: &Map<String, Value>) -> Vec<Right> {
        let values = self.values(claims).unwrap_or_default();
        let given = |right: Right| {
            if self.map.is_empty() {
                values.iter().any(|v| Right::parse(v) == Some(right))
            } else {
                self.map
                    .iter()
                    .any(|(value, r)| *r == right && values.contains(&value.as_str()))
            }
        };
        [Right::Cobrowse, Right::RemoteControl, Right::Admin]
            .into_iter()
            .filter(|r| given(*r))
            .collect()
    }

    /// The claim's values: a list of strings, or one string.
    fn values<'a>(&self, claims: &'a Map<String, Value>) -> Option<Vec<&'a str>> {
        let mut parts = self.claim.split('.');
        let mut value = claims.get(parts.next()?)?;
        for part in parts {
            value = value.as_object()?.get(part)?;
        }
        match value {
            Value::String(s) => Some(vec![s.as_str()]),
            Value::Array(items) => Some(items.iter().filter_map(Value::as_str).collect()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn claims(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn groups_map_to_rights() {
        let m = RightsMapping::new(
            "groups",
            &[
                "cobrowse=agents".into(),
                "remote-control=senior-agents".into(),
                "admin=tandem-admins".into(),
                "cobrowse=tandem-admins".into(),
            ],
        )
        .unwrap();
        let c = claims(json!({"groups": ["agents", "sales"]}));
        assert_eq!(m.rights(&c), vec![Right::Cobrowse]);
        let c = claims(json!({"groups": ["tandem-admins"]}));
        assert_eq!(m.rights(&c), vec![Right::Cobrowse, Right::Admin]);
        let c = claims(json!({"groups": "senior-agents"}));
        assert_eq!(m.rights(&c), vec![Right::RemoteControl]);
        assert!(m.rights(&claims(json!({"groups": []}))).is_empty());
        assert!(m.rights(&claims(json!({"roles": ["agents"]}))).is_empty());
        assert!(!m.present_in(&claims(json!({"groups": 3}))));
    }

    #[test]
    fn without_a_mapping_values_are_right_names_and_dotted_claims_walk_objects() {
        let m = RightsMapping::new("realm_access.roles", &[]).unwrap();
        let c = claims(json!({"realm_access": {"roles": ["admin", "cobrowse", "agents"]}}));
        assert_eq!(m.rights(&c), vec![Right::Cobrowse, Right::Admin]);
        assert!(m.present_in(&c));
        assert!(!m.present_in(&claims(json!({"realm_access": []}))));
    }

    #[test]
    fn bad_mappings_are_refused_with_the_reason() {
        assert!(
            RightsMapping::new("groups", &["agents".into()])
                .unwrap_err()
                .contains("RIGHT=VALUE")
        );
        assert!(
            RightsMapping::new("groups", &["root=agents".into()])
                .unwrap_err()
                .contains("unknown right")
        );
        assert!(RightsMapping::new("groups", &["admin=".into()]).is_err());
        assert!(RightsMapping::new("a..b", &[]).is_err());
    }
}
