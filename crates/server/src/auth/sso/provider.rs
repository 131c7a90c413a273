//! The OpenID Provider, as Tandem's client sees it: discovery (kept an hour, then read again so
//! rotated signing keys are picked up), the authorization request (code flow with PKCE S256, a
//! nonce and a state), and the code exchange whose ID token is checked — signature against the
//! provider's keys, issuer, audience, expiry (by the server's clock), nonce, and the access
//! token's hash — before anything in it is believed. Claims the ID token lacks (many providers
//! put groups and names only in the userinfo answer) are read from userinfo, whose subject must
//! be the ID token's.

use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreGenderClaim, CoreProviderMetadata,
};
use openidconnect::{
    AccessTokenHash, AdditionalClaims, AuthorizationCode, ClientId, ClientSecret, CsrfToken,
    IssuerUrl, Nonce, OAuth2TokenResponse, PkceCodeChallenge, RedirectUrl, Scope, TokenResponse,
    UserInfoClaims,
};
use serde_json::{Map, Value};
use tokio::sync::Mutex;

use super::pending::Pending;
use crate::clock::Clock;

/// How long discovered metadata (endpoints and signing keys) is used before it is read again.
const METADATA_TTL_MS: i64 = 60 * 60 * 1000;

#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    /// The provider could not be reached or answered nonsense (discovery, token, userinfo).
    #[error("the identity provider could not be reached: {0}")]
    Unreachable(String),
    /// The provider's answer failed a check (ID token signature, expiry, nonce, audience…).
    #[error("the identity provider's answer was refused: {0}")]
    Refused(String),
}

/// Every claim, whatever its name (the rights claim is configurable).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
struct AnyClaims {
    #[serde(flatten)]
    all: Map<String, Value>,
}
impl AdditionalClaims for AnyClaims {}

/// The person the provider vouched for, after every check.
#[derive(Debug, Clone)]
pub struct Identity {
    pub issuer: String,
    pub subject: String,
    pub preferred_username: Option<String>,
    pub email: Option<String>,
    pub name: Option<String>,
    /// The ID token's claims, completed from userinfo.
    pub claims: Map<String, Value>,
}

pub struct Provider {
    issuer: IssuerUrl,
    client_id: ClientId,
    client_secret: ClientSecret,
    http: reqwest::Client,
    clock: Clock,
    /// Discovered metadata and when it was read; refreshed after [`METADATA_TTL_MS`].
    metadata: Mutex<Option<(CoreProviderMetadata, i64)>>,
}

impl Provider {
    pub fn new(
        issuer: &str,
        client_id: &str,
        client_secret: &str,
        clock: Clock,
    ) -> Result<Provider, String> {
        let issuer = IssuerUrl::new(issuer.to_string())
            .map_err(|e| format!("--oidc-issuer is not a URL: {e}"))?;
        // Redirects are never followed: a provider's endpoints answer directly (SSRF guard).
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(10))
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Provider {
            issuer,
            client_id: ClientId::new(client_id.to_string()),
            client_secret: ClientSecret::new(client_secret.to_string()),
            http,
            clock,
            metadata: Mutex::new(None),
        })
    }

    pub fn issuer(&self) -> &str {
        self.issuer.as_str()
    }

    async fn metadata(&self) -> Result<CoreProviderMetadata, ProviderError> {
        let now = self.clock.now_ms();
        let mut cached = self.metadata.lock().await;
        if let Some((metadata, at)) = cached.as_ref()
            && now - at < METADATA_TTL_MS
        {
            return Ok(metadata.clone());
        }
        let metadata = CoreProviderMetadata::discover_async(self.issuer.clone(), &self.http)
            .await
            .map_err(|e| ProviderError::Unreachable(format!("discovery: {}", chain(&e))))?;
        *cached = Some((metadata.clone(), now));
        Ok(metadata)
    }

    async fn client(
        &self,
        redirect: RedirectUrl,
    ) -> Result<
        CoreClient<
            openidconnect::EndpointSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointMaybeSet,
            openidconnect::EndpointMaybeSet,
        >,
        ProviderError,
    > {
        Ok(CoreClient::from_provider_metadata(
            self.metadata().await?,
            self.client_id.clone(),
            Some(self.client_secret.clone()),
        )
        .set_redirect_uri(redirect))
    }

    /// Where to send the browser, the state it will bring back, and what to remember until then.
    pub async fn begin(
        &self,
        redirect: RedirectUrl,
    ) -> Result<(url::Url, String, Nonce, openidconnect::PkceCodeVerifier), ProviderError> {
        let client = self.client(redirect).await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scope(Scope::new("profile".into()))
            .add_scope(Scope::new("email".into()))
            .add_scope(Scope::new("groups".into()))
            .set_pkce_challenge(challenge)
            .url();
        Ok((url, state.secret().clone(), nonce, verifier))
    }

    /// Exchanges the code the browser brought back and checks what the provider says.
    pub async fn finish(&self, code: String, pending: Pending) -> Result<Identity, ProviderError> {
        let client = self.client(pending.redirect).await?;
        let tokens = client
            .exchange_code(AuthorizationCode::new(code))
            .map_err(|e| ProviderError::Unreachable(e.to_string()))?
            .set_pkce_verifier(pending.verifier)
            .request_async(&self.http)
            .await
            .map_err(|e| ProviderError::Refused(format!("code exchange: {}", chain(&e))))?;
        let id_token = tokens
            .id_token()
            .ok_or_else(|| ProviderError::Refused("no ID token in the answer".into()))?;
        let clock = self.clock.clone();
        let verifier = client.id_token_verifier().set_time_fn(move || {
            chrono::DateTime::from_timestamp_millis(clock.now_ms()).unwrap_or_default()
        });
        let claims = id_token
            .claims(&verifier, &pending.nonce)
            .map_err(|e| ProviderError::Refused(format!("ID token: {}", chain(&e))))?;
        if let Some(expected) = claims.access_token_hash() {
            let alg = id_token
                .signing_alg()
                .map_err(|e| ProviderError::Refused(format!("ID token: {e}")))?;
            let key = id_token
                .signing_key(&verifier)
                .map_err(|e| ProviderError::Refused(format!("ID token: {e}")))?;
            let actual = AccessTokenHash::from_token(tokens.access_token(), alg, key)
                .map_err(|e| ProviderError::Refused(format!("ID token: {e}")))?;
            if actual != *expected {
                return Err(ProviderError::Refused(
                    "the access token is not the one the ID token names".into(),
                ));
            }
        }
        // The ID token is verified: its payload (every claim, whatever its name) can be read.
        let mut all = payload(&id_token.to_string())
            .ok_or_else(|| ProviderError::Refused("ID token payload unreadable".into()))?;
        let subject = claims.subject().clone();
        if let Ok(request) = client.user_info(tokens.access_token().clone(), Some(subject.clone()))
        {
            let info: UserInfoClaims<AnyClaims, CoreGenderClaim> = request
                .request_async(&self.http)
                .await
                .map_err(|e| ProviderError::Refused(format!("userinfo: {}", chain(&e))))?;
            for (k, v) in info.additional_claims().all.clone() {
                all.entry(k).or_insert(v);
            }
            // Standard claims are parsed into their own fields, not the map above.
            let standard = [
                (
                    "preferred_username",
                    info.preferred_username().map(|u| u.to_string()),
                ),
                ("email", info.email().map(|e| e.to_string())),
                (
                    "name",
                    info.name().and_then(|n| n.get(None)).map(|n| n.to_string()),
                ),
            ];
            for (k, v) in standard {
                if let Some(v) = v {
                    all.entry(k.to_string()).or_insert(Value::String(v));
                }
            }
        }
        let text = |name: &str| {
            all.get(name)
                .and_then(Value::as_str)
                .map(str::to_string)
                .filter(|s| !s.is_empty())
        };
        Ok(Identity {
            issuer: self.issuer.as_str().to_string(),
            subject: subject.as_str().to_string(),
            preferred_username: text("preferred_username"),
            email: text("email"),
            name: text("name"),
            claims: all,
        })
    }
}

/// The JSON payload of a compact JWT (already verified by the caller).
fn payload(jwt: &str) -> Option<Map<String, Value>> {
    use base64::Engine;
    let part = jwt.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part.trim_end_matches('='))
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// An error and its causes on one line (the provider's own words are in the causes).
fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}
