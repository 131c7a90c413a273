//! The server as a value: its configuration, its one shared state handle, and `serve`, which
//! runs until the shutdown future completes. The binary and the integration tests both start
//! Tandem through here.

use std::future::IntoFuture;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::routing::get;
use tokio::net::TcpListener;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

use crate::auth::SignInThrottle;
use crate::bus::{Bus, LocalBus, NatsBus};
use crate::client_addr::TrustedProxies;
use crate::clock::Clock;
use crate::domains::Domains;
use crate::drain::Drain;
use crate::session::{
    DOMAINS_SETTING, RedeemLimits, SITE_SETTING, Sessions, Timings, WEBHOOK_SETTING,
};
use crate::store::{self, Store};
use crate::{http, ws};

pub struct Config {
    /// `sqlite://…` (created if missing).
    pub database_url: String,
    pub domains: Domains,
    pub demo: bool,
    pub timings: Timings,
    /// `nats://…` for scale-out; None for the in-process bus.
    pub nats_url: Option<String>,
    /// Subject prefix on NATS, separating clusters that share one NATS server.
    pub nats_prefix: String,
    /// How far an agent's DOM stream may fall behind before it lags (`--bus-capacity`); None:
    /// the bus's default.
    pub bus_capacity: Option<usize>,
    pub redeem_limits: RedeemLimits,
    pub web_contact_limits: crate::session::WebContactLimits,
    /// Open WebSockets and event streams per address, per agent and overall.
    pub connection_limits: crate::connections::ConnectionLimits,
    /// Balancers whose forwarding headers name the client (`--trusted-proxy`).
    pub trusted_proxies: TrustedProxies,
    pub clock: Clock,
    /// Webhook receivers may be on loopback or private networks (`--allow-private-webhooks`).
    pub allow_private_webhooks: bool,
    /// Test only: the asset proxy may fetch from loopback (`--test-only-allow-loopback-assets`).
    pub allow_loopback_assets: bool,
    /// The asset proxy's bounds.
    pub asset_limits: crate::asset_proxy::Limits,
    /// Who may frame the console and other pages (`--frame-ancestor`).
    pub frame_policy: http::headers::FramePolicy,
    /// How long a draining node waits for its connections before it exits (`--shutdown-grace`).
    pub shutdown_grace: std::time::Duration,
    /// This node's name on every metric (`--node-name`).
    pub node: String,
    /// Lets `/metrics` on the public listener answer `Authorization: Bearer TOKEN`
    /// (`--metrics-token`); without it only the `--metrics-listen` listener serves metrics.
    pub metrics_token: Option<String>,
    /// How often the retention settings are applied (also once at start).
    pub retention_every: std::time::Duration,
    /// Single sign-on with an OpenID Provider (`--oidc-issuer`…).
    pub sso: Option<crate::auth::sso::SsoConfig>,
    /// Whether agents may sign in with a password (`--local-passwords off` switches it off).
    pub local_passwords: bool,
}

impl Config {
    pub fn new(database_url: impl Into<String>) -> Config {
        Config {
            database_url: database_url.into(),
            domains: Domains::default(),
            demo: false,
            timings: Timings::default(),
            nats_url: None,
            nats_prefix: "tandem".into(),
            bus_capacity: None,
            redeem_limits: RedeemLimits::default(),
            web_contact_limits: Default::default(),
            connection_limits: Default::default(),
            trusted_proxies: TrustedProxies::default(),
            clock: Clock::system(),
            frame_policy: Default::default(),
            allow_private_webhooks: false,
            allow_loopback_assets: false,
            asset_limits: Default::default(),
            shutdown_grace: std::time::Duration::from_secs(30),
            node: default_node_name(),
            metrics_token: None,
            retention_every: std::time::Duration::from_secs(60 * 60),
            sso: None,
            local_passwords: true,
        }
    }
}

/// The machine's host name, or `tandem` when it has none we can read.
pub fn default_node_name() -> String {
    std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/proc/sys/kernel/hostname").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "tandem".into())
}

/// The one handle every handler gets; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub sessions: Sessions,
    /// Who may tell us a request's client address ([`crate::client_addr`]).
    pub proxies: TrustedProxies,
    pub frame_policy: Arc<http::headers::FramePolicy>,
    /// Open WebSockets and event streams, counted against their limits.
    pub connections: crate::connections::Connections,
    /// Failed sign-ins per account and per address.
    pub sign_in: SignInThrottle,
    /// Whether this server's own listener speaks TLS (set by [`serve_tls`]).
    pub tls: bool,
    /// Draining on shutdown: sockets wait on it to reconnect elsewhere.
    pub drain: Drain,
    /// This node's name on its metrics.
    pub node: Arc<str>,
    /// The bearer token for `/metrics` on the public listener, if any.
    pub metrics_token: Option<Arc<str>>,
    /// Single sign-on, when configured.
    pub sso: Option<Arc<crate::auth::sso::Sso>>,
    /// Whether `POST /api/login` takes passwords.
    pub local_passwords: bool,
    /// Fetches the customer site's images, fonts and stylesheets for the mirror.
    pub asset_proxy: Arc<crate::asset_proxy::AssetProxy>,
    /// `--demo`: the demo site is served, and its files are the asset proxy's own.
    pub demo: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Store(#[from] store::StoreError),
    #[error(transparent)]
    Bus(#[from] crate::bus::BusError),
    #[error("{0}")]
    Config(String),
}

/// Opens the store and bus named by the configuration (chosen here, once).
pub async fn build_state(config: &Config) -> Result<AppState, StartError> {
    let store: Arc<dyn Store> = store::open(&config.database_url).await?;
    let bus: Arc<dyn Bus> = match &config.nats_url {
        Some(url) => {
            Arc::new(NatsBus::connect(url, &config.nats_prefix, config.bus_capacity).await?)
        }
        None => Arc::new(LocalBus::with_capacity(
            config.bus_capacity.unwrap_or(crate::bus::LOCAL_CAPACITY),
        )),
    };
    // The company's domains: those kept in the store (an admin's edits) plus those given at start.
    let stored: Vec<String> = store
        .setting(DOMAINS_SETTING)
        .await?
        .and_then(|v| serde_json::from_str(&v).ok())
        .unwrap_or_default();
    let domains = Domains::new(
        stored
            .into_iter()
            .chain(config.domains.names().iter().cloned()),
    );
    let sessions = Sessions::new(
        store,
        bus,
        config.clock.clone(),
        config.redeem_limits,
        config.web_contact_limits,
        config.timings,
        domains.clone(),
    );
    sessions.set_domains(domains).await?;
    let mut site: tandem_protocol::SiteSettings = sessions
        .store()
        .setting(SITE_SETTING)
        .await?
        .and_then(|v| serde_json::from_str(&v).ok())
        .unwrap_or_default();
    if config.demo {
        // The demo company lets its agents control and type (ARCHITECTURE.md §3).
        site.remote_control = true;
        site.typing = true;
    }
    sessions.set_site_settings(site).await?;
    let webhook: crate::session::WebhookConfig = sessions
        .store()
        .setting(WEBHOOK_SETTING)
        .await?
        .and_then(|v| serde_json::from_str(&v).ok())
        .unwrap_or_default();
    sessions.allow_private_webhooks(config.allow_private_webhooks);
    sessions.set_webhook(webhook).await?;
    sessions
        .watch_access()
        .await
        .map_err(|e| StartError::Bus(crate::bus::BusError(e.to_string())))?;
    sessions
        .watch_presence()
        .await
        .map_err(|e| StartError::Bus(crate::bus::BusError(e.to_string())))?;
    crate::session::spawn_retention(sessions.clone(), config.retention_every);
    crate::auth::prepare_password_check();
    if config.sso.is_none() && !config.local_passwords {
        return Err(StartError::Config(
            "--local-passwords off needs single sign-on (--oidc-issuer…): nobody could sign in"
                .into(),
        ));
    }
    let sso = config
        .sso
        .clone()
        .map(|c| crate::auth::sso::Sso::new(c, config.clock.clone()).map(Arc::new))
        .transpose()
        .map_err(StartError::Config)?;
    Ok(AppState {
        sessions,
        proxies: config.trusted_proxies.clone(),
        frame_policy: Arc::new(config.frame_policy.clone()),
        connections: crate::connections::Connections::new(config.connection_limits),
        sign_in: SignInThrottle::new(config.clock.clone()),
        tls: false,
        drain: Drain::new(config.shutdown_grace),
        node: config.node.as_str().into(),
        metrics_token: config.metrics_token.as_deref().map(Arc::from),
        sso,
        local_passwords: config.local_passwords,
        asset_proxy: Arc::new(crate::asset_proxy::AssetProxy::new(
            config.asset_limits,
            config.allow_loopback_assets,
        )),
        demo: config.demo,
    })
}

pub fn router(state: AppState, demo: bool) -> Router {
    let frame_policy = state.frame_policy.clone();
    Router::new()
        .route("/ws/customer", get(ws::customer::upgrade))
        .route("/ws/agent/{session}", get(ws::agent::upgrade))
        .merge(http::router(demo))
        .layer(axum::middleware::from_fn_with_state(
            frame_policy,
            http::headers::secure,
        ))
        .layer(request_log())
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}

/// Every request gets an id (the balancer's `x-request-id`, or a new UUID; set by the layers
/// outside this one), echoed in the response's `x-request-id`; every log line written while it
/// is handled carries it, and one line per response says its status and time taken.
// The type names two closures (`impl Fn`), which a type alias cannot hold.
#[allow(clippy::type_complexity)]
fn request_log() -> TraceLayer<
    tower_http::classify::SharedClassifier<tower_http::classify::ServerErrorsAsFailures>,
    impl Fn(&axum::extract::Request) -> tracing::Span + Clone,
    (),
    impl Fn(&axum::response::Response, std::time::Duration, &tracing::Span) + Clone,
> {
    TraceLayer::new_for_http()
        .make_span_with(|req: &axum::extract::Request| {
            let id = req
                .headers()
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.uri().path())
        })
        .on_request(())
        .on_response(
            |res: &axum::response::Response, took: std::time::Duration, _: &tracing::Span| {
                tracing::info!(
                    status = res.status().as_u16(),
                    ms = took.as_secs_f64() * 1000.0,
                    "response"
                );
            },
        )
}

/// Serves HTTPS and WSS on `listener` with this TLS configuration until `shutdown` completes,
/// then drains ([`crate::drain`]); every response says `Strict-Transport-Security`, and sign-in
/// cookies are `Secure`.
pub async fn serve_tls(
    listener: TcpListener,
    tls: std::sync::Arc<rustls::ServerConfig>,
    mut state: AppState,
    demo: bool,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    state.tls = true;
    let hsts = tower_http::set_header::SetResponseHeaderLayer::overriding(
        axum::http::header::STRICT_TRANSPORT_SECURITY,
        axum::http::HeaderValue::from_static("max-age=31536000"),
    );
    let _probes =
        crate::health::spawn_probes(state.sessions.clone(), state.sessions.metrics().clone());
    let drain = state.drain.clone();
    let app = router(state.clone(), demo)
        .layer(hsts)
        .into_make_service_with_connect_info::<crate::tls::TlsPeer>();
    let listener = drain.listener(crate::tls::TlsListener::new(listener, tls)?);
    let server = axum::serve(listener, app).with_graceful_shutdown(drain.stop_accepting());
    until_drained(server.into_future(), state, shutdown).await
}

/// Serves until `shutdown` completes, then drains ([`crate::drain`]): no new connections,
/// sockets told to reconnect elsewhere, requests under way answered; returns once every
/// connection is gone or the grace period is over.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    demo: bool,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use axum::serve::ListenerExt;
    let _probes =
        crate::health::spawn_probes(state.sessions.clone(), state.sessions.metrics().clone());
    let drain = state.drain.clone();
    let app = router(state.clone(), demo).into_make_service_with_connect_info::<SocketAddr>();
    // Frames are small and latency-bound (pointer moves, keystrokes): no Nagle delay.
    let listener = drain.listener(listener).tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!("TCP_NODELAY not set: {e}");
        }
    });
    let server = axum::serve(listener, app).with_graceful_shutdown(drain.stop_accepting());
    until_drained(server.into_future(), state, shutdown).await
}

async fn until_drained(
    server: impl std::future::Future<Output = std::io::Result<()>> + Send + 'static,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let mut server = tokio::spawn(server);
    tokio::select! {
        ended = &mut server => return ended.map_err(std::io::Error::other)?,
        () = shutdown => {}
    }
    let drain = state.drain.clone();
    state.sessions.node_leaving();
    drain.begin();
    tracing::info!(grace = ?drain.grace, "draining: no new connections; open sockets move to other nodes");
    let drained = async {
        let served = server.await.map_err(std::io::Error::other)?;
        state.connections.all_closed().await;
        served
    };
    match tokio::time::timeout(drain.grace, drained).await {
        Ok(result) => {
            tracing::info!("drained: every connection closed");
            result
        }
        Err(_) => {
            tracing::warn!("grace period over: exiting with connections still open");
            Ok(())
        }
    }
}

/// Serves `/metrics`, `/healthz` and `/readyz` to whoever reaches `listener` (`--metrics-listen`:
/// a private network or loopback), until the process ends.
pub async fn serve_metrics(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    let app = http::ops::private()
        .layer(request_log())
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state);
    axum::serve(listener, app).await
}
