//! Single sign-on with the company's OpenID Provider (`--oidc-issuer`, `--oidc-client-id`,
//! `--oidc-client-secret`): the authorization code flow with PKCE. [`Sso::begin`] remembers a
//! sign-in under way server-side ([`pending`]) and says where to send the browser;
//! [`Sso::finish`] takes the browser's way back, has the [`provider`] check the answer, and
//! turns the person into an agent with the rights their claims give ([`agent`], [`rights`]).
//! The HTTP side (redirects, cookies, audit) is `http/sso.rs`.

pub mod agent;
pub mod pending;
pub mod provider;
pub mod rights;

use std::net::IpAddr;

use openidconnect::RedirectUrl;

use crate::clock::Clock;
use crate::secret;
pub use agent::{Outcome, Refusal};
pub use pending::{PENDING_TTL_MS, Pending, PendingSignIns};
pub use provider::{Identity, ProviderError};
pub use rights::RightsMapping;

/// The path the provider sends browsers back to.
pub const CALLBACK_PATH: &str = "/api/sso/callback";

/// Single sign-on as configured at start.
#[derive(Debug, Clone)]
pub struct SsoConfig {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    /// What the console's button says: "Sign in with NAME" (default: the issuer's host).
    pub provider_name: Option<String>,
    /// Where browsers reach Tandem (`--public-url`); None: each request's own scheme and host.
    pub public_url: Option<url::Url>,
    pub rights: RightsMapping,
}

pub struct Sso {
    provider: provider::Provider,
    pending: PendingSignIns,
    provider_name: String,
    public_url: Option<url::Url>,
    pub rights: RightsMapping,
    clock: Clock,
}

/// A sign-in that could not start.
#[derive(Debug, thiserror::Error)]
pub enum BeginError {
    #[error(transparent)]
    Provider(#[from] ProviderError),
    #[error("too many sign-ins under way; try again in a few minutes")]
    Busy,
    #[error("the redirect URL is not valid: {0}")]
    Redirect(String),
}

/// A finished sign-in that did not produce a person.
#[derive(Debug, thiserror::Error)]
pub enum FinishError {
    /// Unknown, used or expired state, or another browser's: the provider's answer is ignored.
    #[error("no sign-in under way for this browser and state")]
    UnknownState,
    #[error(transparent)]
    Provider(#[from] ProviderError),
}

impl Sso {
    pub fn new(config: SsoConfig, clock: Clock) -> Result<Sso, String> {
        let provider = provider::Provider::new(
            &config.issuer,
            &config.client_id,
            &config.client_secret,
            clock.clone(),
        )?;
        let provider_name = config.provider_name.clone().unwrap_or_else(|| {
            url::Url::parse(&config.issuer)
                .ok()
                .and_then(|u| u.host_str().map(str::to_string))
                .unwrap_or_else(|| config.issuer.clone())
        });
        Ok(Sso {
            provider,
            pending: PendingSignIns::default(),
            provider_name,
            public_url: config.public_url,
            rights: config.rights,
            clock,
        })
    }

    pub fn provider_name(&self) -> &str {
        &self.provider_name
    }

    pub fn issuer(&self) -> &str {
        self.provider.issuer()
    }

    /// Sign-ins under way (for tests and metrics).
    pub fn pending(&self) -> usize {
        self.pending.len()
    }

    /// The callback URL: `--public-url`, or the origin the browser used (`origin`).
    fn redirect(&self, origin: &str) -> Result<RedirectUrl, BeginError> {
        let base = match &self.public_url {
            Some(u) => u.as_str().trim_end_matches('/').to_string(),
            None => origin.trim_end_matches('/').to_string(),
        };
        RedirectUrl::new(format!("{base}{CALLBACK_PATH}"))
            .map_err(|e| BeginError::Redirect(e.to_string()))
    }

    /// Starts a sign-in for a browser that reached us at `origin` from `client`: returns the
    /// provider URL to send it to and the secret to give it in a cookie.
    pub async fn begin(
        &self,
        origin: &str,
        client: IpAddr,
    ) -> Result<(url::Url, String), BeginError> {
        let redirect = self.redirect(origin)?;
        let (url, state, nonce, verifier) = self.provider.begin(redirect.clone()).await?;
        let browser = secret::token();
        let now = self.clock.now_ms();
        let pending = Pending {
            nonce,
            verifier,
            redirect,
            browser_hash: secret::hash_token(&browser),
            client,
            expires_at: now + PENDING_TTL_MS,
        };
        self.pending
            .add(state, pending, now)
            .map_err(|_| BeginError::Busy)?;
        Ok((url, browser))
    }

    /// Finishes the sign-in that `state` names, if this browser (holding `browser`) started it.
    pub async fn finish(
        &self,
        state: &str,
        browser: Option<&str>,
        code: String,
    ) -> Result<Identity, FinishError> {
        let pending = self
            .pending
            .take(state, self.clock.now_ms())
            .ok_or(FinishError::UnknownState)?;
        if browser.map(secret::hash_token).as_deref() != Some(pending.browser_hash.as_str()) {
            return Err(FinishError::UnknownState);
        }
        Ok(self.provider.finish(code, pending).await?)
    }

    /// Forgets the sign-in that `state` names (the provider said no): it cannot be used later.
    pub fn forget(&self, state: &str) {
        self.pending.take(state, self.clock.now_ms());
    }
}
