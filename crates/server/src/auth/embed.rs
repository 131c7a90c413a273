//! Embed tokens: what lets the agent view run inside another application's page (`/embed/`)
//! without the console's cookie, which a cross-site frame would not get anyway. An integration
//! signed in as an agent mints one for one of that agent's contacts and one host origin; it is
//! kept like a sign-in (only its hash, in the store's token table, with its expiry), so a
//! password change or a lost right ends it like any sign-in, and the agent socket's access check
//! works on it unchanged.
//!
//! The token's scope is written in the token itself — `tde.CONTACT.ORIGIN.SECRET` (the origin
//! base64url) — and covered by the stored hash, so it cannot be edited without the token
//! becoming unknown. An embed token is not a sign-in: it opens only the calls the embedded view
//! makes ([`allows`]); anything else answers 401 as if no token had been sent.

use axum::http::{HeaderMap, Method, header};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::secret;

const PREFIX: &str = "tde.";
/// The WebSocket subprotocol the embedded view asks for; the token travels beside it as a
/// second offered protocol, `tandem.token.TOKEN` (browsers cannot set headers on sockets, and
/// a URL would put the token in access logs).
pub const SOCKET_PROTOCOL: &str = "tandem.embed";
const TOKEN_PROTOCOL: &str = "tandem.token.";

/// What an embed token is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbedScope {
    pub contact_id: String,
    /// The host page's origin: the only one the view talks to with `postMessage`.
    pub origin: String,
}

/// A new embed token for `scope` (store only its hash).
pub fn mint(scope: &EmbedScope) -> String {
    format!(
        "{PREFIX}{}.{}.{}",
        scope.contact_id,
        URL_SAFE_NO_PAD.encode(scope.origin.as_bytes()),
        secret::token()
    )
}

/// The scope written in `token`, when it is an embed token (None for a sign-in token). Whether
/// the token is known and unexpired is the store's to say.
pub fn scope(token: &str) -> Option<EmbedScope> {
    let rest = token.strip_prefix(PREFIX)?;
    let mut parts = rest.split('.');
    let (contact, origin, _secret) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || contact.is_empty() {
        return None;
    }
    let origin = String::from_utf8(URL_SAFE_NO_PAD.decode(origin).ok()?).ok()?;
    Some(EmbedScope {
        contact_id: contact.to_string(),
        origin,
    })
}

/// Whether an embed token for `scope` may make this API call (`path` under `/api`): the
/// embedded view reads itself, its contact and the agent's favourites, starts co-browsing on its
/// contact and saves the agent's favourites from its Link Menu.
pub fn allows(scope: &EmbedScope, method: &Method, path: &str) -> bool {
    let contact = format!("/api/contacts/{}", scope.contact_id);
    match *method {
        Method::GET => {
            path == "/api/embed"
                || path == "/api/favourites"
                || path == contact
                || path.starts_with("/api/sessions/") && !path[14..].contains('/')
        }
        Method::POST => path == format!("{contact}/cobrowse"),
        Method::PUT => path == "/api/favourites",
        _ => false,
    }
}

/// The embed token offered with a WebSocket handshake's subprotocols, if any.
pub fn token_from_protocols(headers: &HeaderMap) -> Option<String> {
    let offered: Vec<&str> = headers
        .get_all(header::SEC_WEBSOCKET_PROTOCOL)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    if !offered.contains(&SOCKET_PROTOCOL) {
        return None;
    }
    offered
        .iter()
        .find_map(|p| p.strip_prefix(TOKEN_PROTOCOL))
        .filter(|t| scope(t).is_some())
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> EmbedScope {
        EmbedScope {
            contact_id: "0123456789abcdef0123456789abcdef".into(),
            origin: "https://crm.example.com:8443".into(),
        }
    }

    #[test]
    fn the_scope_is_read_back_from_the_token() {
        let t = mint(&sample());
        assert_eq!(scope(&t), Some(sample()));
        assert_eq!(
            scope(&secret::token()),
            None,
            "a sign-in token has no scope"
        );
        assert_eq!(scope("tde.a.b"), None);
        assert_eq!(scope("tde..aGk.x"), None);
    }

    #[test]
    fn an_embed_token_opens_only_the_embedded_views_calls() {
        let s = sample();
        let c = "/api/contacts/0123456789abcdef0123456789abcdef";
        assert!(allows(&s, &Method::GET, "/api/embed"));
        assert!(allows(&s, &Method::GET, c));
        assert!(allows(&s, &Method::POST, &format!("{c}/cobrowse")));
        assert!(allows(&s, &Method::PUT, "/api/favourites"));
        assert!(allows(&s, &Method::GET, "/api/sessions/abc"));
        assert!(!allows(&s, &Method::GET, "/api/contacts"));
        assert!(!allows(&s, &Method::GET, "/api/contacts/ffff"));
        assert!(!allows(&s, &Method::POST, "/api/contacts/ffff/cobrowse"));
        assert!(!allows(&s, &Method::POST, &format!("{c}/events")));
        assert!(!allows(&s, &Method::POST, "/api/embed-tokens"));
        assert!(!allows(&s, &Method::GET, "/api/me"));
        assert!(!allows(&s, &Method::PUT, "/api/settings/embed"));
    }

    #[test]
    fn the_socket_token_needs_the_embed_protocol() {
        let t = mint(&sample());
        let mut h = HeaderMap::new();
        h.insert(
            header::SEC_WEBSOCKET_PROTOCOL,
            format!("tandem.embed, tandem.token.{t}").parse().unwrap(),
        );
        assert_eq!(token_from_protocols(&h), Some(t.clone()));
        h.insert(
            header::SEC_WEBSOCKET_PROTOCOL,
            format!("tandem.token.{t}").parse().unwrap(),
        );
        assert_eq!(token_from_protocols(&h), None);
    }
}
