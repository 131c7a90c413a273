//! The company's embed origins: the host applications (a CRM, a contact-centre desktop) whose
//! pages may frame the embedded agent view. They become the embed page's `frame-ancestors`, an
//! embed token may be minted only for one of them, and an origin taken off the list ends its
//! tokens' use at the next call. Kept in the store (DESIGN.md §4.7), edited by an admin.

use super::Sessions;
use crate::store::StoreError;

pub const EMBED_ORIGINS_SETTING: &str = "embed_origins";
/// At most this many host origins (each one is a `frame-ancestors` source on every embed page).
pub const MAX_EMBED_ORIGINS: usize = 20;

/// `typed` as a host origin (`https://crm.example.com`, `http://127.0.0.2:9000`): the scheme,
/// host and port of an http(s) address with nothing after them, in the form browsers report
/// (`MessageEvent.origin`), or why not.
pub fn check_origin(typed: &str) -> Result<String, String> {
    let refuse = || format!("'{typed}' is not an origin (e.g. https://crm.example.com)");
    let url = url::Url::parse(typed.trim()).map_err(|_| refuse())?;
    if !matches!(url.scheme(), "http" | "https")
        || url.host_str().is_none()
        || !url.username().is_empty()
        || url.password().is_some()
        || url.path() != "/"
        || url.query().is_some()
        || url.fragment().is_some()
    {
        return Err(refuse());
    }
    Ok(url.origin().ascii_serialization())
}

impl Sessions {
    pub async fn embed_origins(&self) -> Result<Vec<String>, StoreError> {
        Ok(self
            .store
            .setting(EMBED_ORIGINS_SETTING)
            .await?
            .and_then(|v| serde_json::from_str(&v).ok())
            .unwrap_or_default())
    }

    /// Saves the list, each origin checked and written as browsers report it, duplicates
    /// dropped; the first bad one is named.
    pub async fn set_embed_origins(
        &self,
        typed: &[String],
    ) -> Result<Vec<String>, EmbedOriginsError> {
        if typed.len() > MAX_EMBED_ORIGINS {
            return Err(EmbedOriginsError::Invalid(format!(
                "at most {MAX_EMBED_ORIGINS} embed origins"
            )));
        }
        let mut origins: Vec<String> = Vec::new();
        for t in typed {
            let o = check_origin(t).map_err(EmbedOriginsError::Invalid)?;
            if !origins.contains(&o) {
                origins.push(o);
            }
        }
        let json = serde_json::to_string(&origins).expect("strings always serialise");
        self.store.set_setting(EMBED_ORIGINS_SETTING, &json).await?;
        Ok(origins)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum EmbedOriginsError {
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

#[cfg(test)]
mod tests {
    use super::check_origin;

    #[test]
    fn origins_are_written_as_browsers_report_them() {
        assert_eq!(
            check_origin("https://CRM.example.com").unwrap(),
            "https://crm.example.com"
        );
        assert_eq!(
            check_origin("https://crm.example.com/").unwrap(),
            "https://crm.example.com"
        );
        assert_eq!(
            check_origin("http://127.0.0.2:9000").unwrap(),
            "http://127.0.0.2:9000"
        );
        assert_eq!(
            check_origin("https://crm.example.com:443").unwrap(),
            "https://crm.example.com"
        );
        for bad in [
            "crm.example.com",
            "https://crm.example.com/app",
            "ftp://x.example",
            "https://a@x.example",
            "https://x.example/?q",
            "*",
            "https://x.example//",
        ] {
            assert!(check_origin(bad).is_err(), "{bad} accepted");
        }
    }
}
