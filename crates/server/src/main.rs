//! The `tandem` command: `tandem serve …` runs the server; `tandem agent add …` manages agents
//! in the same store, also while a server runs; `tandem scan URL…` checks a site's masking;
//! `tandem config check FILE` checks a config file. Every flag of `serve` also comes from a
//! `TANDEM_*` variable and from `--config FILE` ([`tandem::flags`]), with no code per flag here.

use std::io::Read;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use tandem::client_addr::TrustedProxies;
use tandem::flags::{self, ConfigFile, Layers};
use tandem::store::{self, Agent, Right};
use tandem::{Config, auth, demo, domains::Domains, secret};

#[derive(Parser)]
#[command(
    name = "tandem",
    version,
    about = "Open-source co-browsing: server, console, SDK and demo site"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server.
    Serve(Box<ServeArgs>),
    /// Manage agents.
    #[command(subcommand)]
    Agent(AgentCommand),
    /// Check what a site's pages would let an agent see: exit 0 clean, 1 findings, 2 could not scan.
    Scan(ScanArgs),
    /// Work with config files.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Erase one customer's personal data: the contact, its chat and sessions, the customer's
    /// browser record and the details of audit entries about it (an audit entry records it).
    Erase {
        /// The contact's id (as the console and the API show it).
        #[arg(long)]
        contact: String,
        #[command(flatten)]
        store: StoreArgs,
    },
}

#[derive(Subcommand)]
enum ConfigCommand {
    /// Check a config file: every key a flag of `tandem serve`, every value of the right type and
    /// accepted by the flag; prints each problem with its line and exits 1 when there is one.
    Check {
        /// The TOML file (keys are the long flag names of `tandem serve`).
        file: PathBuf,
    },
}

#[derive(Args)]
struct ScanArgs {
    /// Pages to scan (http or https), each with the Tandem SDK as the site integrates it.
    #[arg(required = true)]
    urls: Vec<String>,
    /// The company's site settings as JSON (mask_selector, block_selector…), as an admin sets them.
    #[arg(long)]
    settings: Option<PathBuf>,
    /// Folder for report.html, report.json and the pictures.
    #[arg(long)]
    report: Option<PathBuf>,
    /// An extra personal-data detector, NAME=REGEX (repeatable).
    #[arg(long = "pattern")]
    patterns: Vec<String>,
    /// A value that is public on purpose (e.g. the company's phone number); repeatable.
    #[arg(long = "allow")]
    allow: Vec<String>,
    /// Keep the report in this server's embedded store, for admins to open in the console.
    #[arg(long)]
    data: Option<PathBuf>,
    /// Keep the report in this database (sqlite://… or postgres://…); overrides --data.
    #[arg(long)]
    database: Option<String>,
}

#[derive(Args)]
struct StoreArgs {
    /// Folder of the embedded SQLite store.
    #[arg(long, default_value = "tandem-data")]
    data: PathBuf,
    /// Database URL (sqlite://… or postgres://…); overrides --data.
    #[arg(long)]
    database: Option<String>,
}

impl StoreArgs {
    fn url(&self) -> std::io::Result<String> {
        if let Some(url) = &self.database {
            return Ok(url.clone());
        }
        std::fs::create_dir_all(&self.data)?;
        Ok(format!(
            "sqlite://{}",
            self.data.join("tandem.db").display()
        ))
    }
}

#[derive(Args)]
struct ServeArgs {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: String,
    #[command(flatten)]
    store: StoreArgs,
    /// NATS server for scale-out (nats://host:4222): nodes sharing it and the database share sessions.
    #[arg(long)]
    nats: Option<String>,
    /// A company web domain (with its subdomains); repeat for several.
    #[arg(long = "domain")]
    domains: Vec<String>,
    /// Serve the demo site under /demo/ and seed a demo agent.
    #[arg(long)]
    demo: bool,
    /// How long a one-time code stays valid, in seconds.
    #[arg(long, default_value_t = 600)]
    code_ttl_secs: u64,
    /// Code attempts one client address may make per minute.
    #[arg(long, default_value_t = 10)]
    redeem_per_client_per_minute: u32,
    /// Code attempts all clients together may make per second.
    #[arg(long, default_value_t = 20)]
    redeem_overall_per_second: u32,
    /// The part of the overall attempts that addresses which already typed wrong codes share.
    #[arg(long, default_value_t = 5)]
    redeem_suspect_per_second: u32,
    /// A balancer (CIDR or address) whose X-Forwarded-For / Forwarded header names the client; repeat for several.
    #[arg(long = "trusted-proxy", value_name = "CIDR")]
    trusted_proxies: Vec<String>,
    /// A page allowed to frame the console and the demo (CSP source, e.g. https://crm.example.com); repeat for several. Default: nobody frames the console.
    #[arg(long = "frame-ancestor")]
    frame_ancestors: Vec<String>,
    /// DOM frames an agent's stream may fall behind by before it lags (the agent then sees
    /// "Updating…" and gets a fresh snapshot); default 1024 in-process, 65536 on NATS.
    #[arg(long)]
    bus_capacity: Option<usize>,
    /// Open WebSockets and event streams the server accepts in all.
    #[arg(long, default_value_t = 20_000)]
    max_connections: usize,
    /// Open WebSockets and event streams one client address (IPv6: its /64) may hold.
    #[arg(long, default_value_t = 200)]
    max_connections_per_address: usize,
    /// Event streams (console tabs) one agent may hold open.
    #[arg(long, default_value_t = 16)]
    max_event_streams_per_agent: usize,
    /// Web contacts (chat, callback) one visitor may open per hour.
    #[arg(long, default_value_t = 10)]
    web_contacts_per_visitor_per_hour: u32,
    /// Web contacts one client address may open per hour.
    #[arg(long, default_value_t = 120)]
    web_contacts_per_address_per_hour: u32,
    /// Allow webhook receivers on loopback, private, link-local and other non-public addresses.
    #[arg(long)]
    allow_private_webhooks: bool,
    /// FOR TESTS ONLY: let the asset proxy fetch from loopback addresses (the e2e suite's demo
    /// site is on 127.0.0.1). Never in production: any customer page could then make the server
    /// fetch from its own loopback. Private and link-local addresses stay refused.
    #[arg(long, hide = true)]
    test_only_allow_loopback_assets: bool,
    /// On SIGTERM or SIGINT: seconds to wait for open connections to move to other nodes and
    /// for requests under way to finish before exiting.
    #[arg(long, value_name = "SECS", default_value_t = 30)]
    shutdown_grace: u64,
    /// PEM certificate chain: serve HTTPS and WSS on the same listener (with --tls-key).
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// PEM private key for --tls-cert.
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// This node's name on its metrics (default: the host name); give each node on one host its own.
    #[arg(long, value_name = "NAME")]
    node_name: Option<String>,
    /// Serve /metrics (open), /healthz and /readyz on this address too: a private network or loopback.
    #[arg(long, value_name = "ADDR")]
    metrics_listen: Option<String>,
    /// Let /metrics on the main listener answer requests with `Authorization: Bearer TOKEN`.
    #[arg(long, value_name = "TOKEN")]
    metrics_token: Option<String>,
    /// Log lines as text for people, or as one JSON object per line for a log pipeline.
    #[arg(long, value_name = "FORMAT", value_parser = ["text", "json"], default_value = "text")]
    log_format: String,
    #[command(flatten)]
    sso: SsoArgs,
}

#[derive(Args)]
struct SsoArgs {
    /// Single sign-on: the OpenID Provider's issuer URL (its discovery document is ISSUER/.well-known/openid-configuration).
    #[arg(long, value_name = "URL", requires_all = ["oidc_client_id", "oidc_client_secret"])]
    oidc_issuer: Option<String>,
    /// The client id Tandem is registered under at the provider.
    #[arg(long, value_name = "ID", requires = "oidc_issuer")]
    oidc_client_id: Option<String>,
    /// The client secret for --oidc-client-id.
    #[arg(long, value_name = "SECRET", requires = "oidc_issuer")]
    oidc_client_secret: Option<String>,
    /// What the console's button says: "Sign in with NAME" (default: the issuer's host name).
    #[arg(long, value_name = "NAME", requires = "oidc_issuer")]
    oidc_provider_name: Option<String>,
    /// The claim whose values give rights (a dotted name walks into objects, e.g. realm_access.roles).
    #[arg(long, value_name = "CLAIM", default_value = "groups")]
    oidc_rights_claim: String,
    /// RIGHT=VALUE: people whose rights claim holds VALUE get RIGHT (cobrowse, remote-control, admin); repeat for several. None: the claim's values are right names.
    #[arg(
        long = "oidc-right",
        value_name = "RIGHT=VALUE",
        requires = "oidc_issuer"
    )]
    oidc_rights: Vec<String>,
    /// Where browsers reach this server (e.g. https://tandem.example.com); the provider redirects to PUBLIC_URL/api/sso/callback. Default: the address each browser used.
    #[arg(long, value_name = "URL")]
    public_url: Option<String>,
    /// Whether agents may sign in with a password; `off` leaves single sign-on only.
    #[arg(long, value_name = "on|off", default_value = "on", value_parser = ["on", "off"])]
    local_passwords: String,
}

impl SsoArgs {
    fn config(&self) -> Result<Option<tandem::auth::sso::SsoConfig>, String> {
        let (Some(issuer), Some(client_id), Some(client_secret)) = (
            &self.oidc_issuer,
            &self.oidc_client_id,
            &self.oidc_client_secret,
        ) else {
            return Ok(None);
        };
        let public_url = self
            .public_url
            .as_deref()
            .map(|u| {
                url::Url::parse(u)
                    .ok()
                    .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
                    .ok_or_else(|| format!("--public-url '{u}' is not an http(s) URL"))
            })
            .transpose()?;
        Ok(Some(tandem::auth::sso::SsoConfig {
            issuer: issuer.clone(),
            client_id: client_id.clone(),
            client_secret: client_secret.clone(),
            provider_name: self.oidc_provider_name.clone(),
            public_url,
            rights: tandem::auth::sso::RightsMapping::new(
                &self.oidc_rights_claim,
                &self.oidc_rights,
            )?,
        }))
    }
}

#[derive(Subcommand)]
enum AgentCommand {
    /// Add an agent (or reset an existing agent's password and rights).
    Add {
        name: String,
        /// Read the password from standard input.
        #[arg(long, required = true)]
        password_stdin: bool,
        /// Comma-separated rights: cobrowse, remote-control, admin.
        #[arg(long, default_value = "cobrowse")]
        rights: String,
        /// The name customers and colleagues see (default: the agent's name).
        #[arg(long)]
        display_name: Option<String>,
        #[command(flatten)]
        store: StoreArgs,
    },
}

/// Reads the command line, the environment and the config file before any thread starts (the
/// file's values become `TANDEM_*` variables, see [`flags::export`]), then runs the command.
fn main() {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let file = match flags::config_path(&argv) {
        Some(path) => match ConfigFile::read(&path, &Cli::command()) {
            Ok(file) => Some(file),
            Err(problems) => {
                eprintln!("{problems}");
                std::process::exit(1);
            }
        },
        None => None,
    };
    if let Some(file) = &file {
        // SAFETY: no other thread exists yet; the runtime is built below.
        unsafe { flags::export(file) };
    }
    let argv = flags::add_lists(&Cli::command(), argv, file.as_ref());
    let matches = flags::layer(Cli::command(), None, Layers::EnvAndFile).get_matches_from(argv);
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let json_logs = matches!(&cli.command, Command::Serve(a) if a.log_format == "json");
    init_logs(json_logs);
    let runtime = tokio::runtime::Runtime::new().unwrap_or_else(|e| {
        eprintln!("tandem: cannot start the runtime: {e}");
        std::process::exit(1);
    });
    runtime.block_on(run(cli.command));
}

async fn run(command: Command) {
    let result = match command {
        Command::Scan(args) => std::process::exit(scan(args).await),
        Command::Config(ConfigCommand::Check { file }) => std::process::exit(check_config(&file)),
        Command::Serve(args) => serve(*args).await,
        Command::Agent(AgentCommand::Add {
            name,
            password_stdin: _,
            rights,
            display_name,
            store,
        }) => add_agent(name, rights, display_name, store).await,
        Command::Erase { contact, store } => erase(contact, store).await,
    };
    if let Err(e) = result {
        eprintln!("tandem: {e}");
        std::process::exit(1);
    }
}

/// Log lines on standard error (`RUST_LOG` filters): text, or one JSON object per line whose
/// fields include the request id of the HTTP request a line belongs to.
fn init_logs(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "tandem=info,warn".into());
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if json {
        logs.json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .init();
    } else {
        logs.init();
    }
}

/// `tandem config check FILE`: 0 when the file would start a server, 1 with each problem.
fn check_config(path: &std::path::Path) -> i32 {
    let file = match ConfigFile::read(path, &Cli::command()) {
        Ok(file) => file,
        Err(problems) => {
            eprintln!("{problems}");
            return 1;
        }
    };
    // The values one by one are right; now as a whole, the way `serve` reads them.
    let checked = flags::layer(Cli::command(), Some(&file), Layers::FileOnly)
        .try_get_matches_from(["tandem", flags::REFERENCE])
        .map_err(|e| {
            e.render()
                .to_string()
                .lines()
                .next()
                .unwrap_or_default()
                .trim_start_matches("error: ")
                .to_string()
        })
        .and_then(|m| Cli::from_arg_matches(&m).map_err(|e| e.to_string()))
        .and_then(|cli| match cli.command {
            Command::Serve(args) => {
                server_config(&args, "sqlite::memory:".into())?;
                match (&args.tls_cert, &args.tls_key) {
                    (Some(cert), Some(key)) => tandem::tls::config(cert, key).map(|_| ()),
                    _ => Ok(()),
                }
            }
            _ => Ok(()),
        });
    match checked {
        Ok(()) => {
            println!("{}: ok ({} settings)", path.display(), file.values.len());
            0
        }
        Err(e) => {
            eprintln!("{}: {e}", path.display());
            1
        }
    }
}

/// The server's configuration from its flags; everything that can be wrong with them short of
/// opening the store, binding the address or reading the TLS files shows up here.
fn server_config(args: &ServeArgs, database_url: String) -> Result<Config, String> {
    let mut domains = args.domains.clone();
    if domains.is_empty() && args.demo {
        domains = vec!["localhost".into(), "127.0.0.1".into()];
    }
    let mut config = Config::new(database_url);
    config.domains = Domains::new(domains);
    config.demo = args.demo;
    config.nats_url = args.nats.clone();
    config.bus_capacity = args.bus_capacity.map(|n| n.max(1));
    config.timings.code_ttl = Duration::from_secs(args.code_ttl_secs.max(1));
    config.redeem_limits.per_client_per_minute = args.redeem_per_client_per_minute;
    config.redeem_limits.overall_per_second = args.redeem_overall_per_second;
    config.redeem_limits.suspect_per_second = args.redeem_suspect_per_second;
    config.trusted_proxies = TrustedProxies::parse(&args.trusted_proxies)?;
    config.allow_private_webhooks = args.allow_private_webhooks;
    config.allow_loopback_assets = args.test_only_allow_loopback_assets;
    config.connection_limits = tandem::connections::ConnectionLimits {
        overall: args.max_connections,
        per_address: args.max_connections_per_address,
        streams_per_agent: args.max_event_streams_per_agent,
    };
    config.web_contact_limits = tandem::session::WebContactLimits {
        per_visitor_per_hour: args.web_contacts_per_visitor_per_hour,
        per_address_per_hour: args.web_contacts_per_address_per_hour,
    };
    config.frame_policy = tandem::http::headers::FramePolicy::new(args.frame_ancestors.clone())?;
    config.shutdown_grace = Duration::from_secs(args.shutdown_grace);
    if let Some(node) = &args.node_name {
        config.node = node.clone();
    }
    if let Some(token) = &args.metrics_token {
        if token.len() < 16 {
            return Err("--metrics-token must be at least 16 characters".into());
        }
        config.metrics_token = Some(token.clone());
    }
    config.sso = args.sso.config()?;
    config.local_passwords = args.sso.local_passwords == "on";
    if args.tls_cert.is_some() != args.tls_key.is_some() {
        return Err("--tls-cert and --tls-key go together".into());
    }
    Ok(config)
}

async fn serve(args: ServeArgs) -> Result<(), String> {
    if args.domains.is_empty() && !args.demo {
        tracing::warn!("no --domain given: no site may open a customer socket");
    }
    let config = server_config(
        &args,
        args.store
            .url()
            .map_err(|e| format!("cannot create the data folder: {e}"))?,
    )?;
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => Some(tandem::tls::config(cert, key)?),
        _ => None,
    };
    let scheme = if tls.is_some() { "https" } else { "http" };
    let state = tandem::build_state(&config)
        .await
        .map_err(|e| e.to_string())?;
    let listener = tokio::net::TcpListener::bind(&args.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    println!("tandem: listening on {scheme}://{addr}");
    if let Some(metrics_addr) = &args.metrics_listen {
        let listener = tokio::net::TcpListener::bind(metrics_addr)
            .await
            .map_err(|e| format!("cannot listen on {metrics_addr} for metrics: {e}"))?;
        let at = listener.local_addr().map_err(|e| e.to_string())?;
        println!("tandem: metrics on http://{at}/metrics");
        let state = state.clone();
        tokio::spawn(async move {
            if let Err(e) = tandem::app::serve_metrics(listener, state).await {
                tracing::error!("the metrics listener stopped: {e}");
            }
        });
    }
    if args.demo {
        let password = demo::seed(state.sessions.store().as_ref(), state.sessions.now())
            .await
            .map_err(|e| e.to_string())?;
        println!("tandem: console   {scheme}://{addr}/console/");
        println!("tandem: demo site {scheme}://{addr}/demo/");
        println!(
            "tandem: demo agent username: {} password: {password}",
            demo::DEMO_AGENT
        );
    }
    let shutdown = stop_signal()?;
    match tls {
        Some(tls) => tandem::app::serve_tls(listener, tls, state, args.demo, shutdown).await,
        None => tandem::serve(listener, state, args.demo, shutdown).await,
    }
    .map_err(|e| e.to_string())
}

/// Completes on SIGTERM (what service managers and orchestrators send) or SIGINT (Ctrl-C):
/// the node then drains and exits (see `tandem::drain`).
fn stop_signal() -> Result<impl std::future::Future<Output = ()> + Send + 'static, String> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term =
        signal(SignalKind::terminate()).map_err(|e| format!("cannot watch SIGTERM: {e}"))?;
    let mut int =
        signal(SignalKind::interrupt()).map_err(|e| format!("cannot watch SIGINT: {e}"))?;
    Ok(async move {
        let which = tokio::select! {
            _ = term.recv() => "SIGTERM",
            _ = int.recv() => "SIGINT",
        };
        tracing::info!("{which}: shutting down");
    })
}

/// Runs the masking check; returns the exit code (ARCHITECTURE.md §3).
async fn scan(args: ScanArgs) -> i32 {
    let settings = match &args.settings {
        Some(path) => match tandem::scan::read_settings(path) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("tandem scan: {e}");
                return 2;
            }
        },
        None => Default::default(),
    };
    let options = tandem::scan::ScanOptions {
        urls: args.urls,
        settings,
        patterns: args.patterns,
        allow: args.allow,
    };
    let report = match tandem::scan::run(options).await {
        Ok(r) => r,
        Err(e) => {
            eprintln!("tandem scan: could not scan: {e}");
            return 2;
        }
    };
    print!("{}", report.summary());
    if let Some(dir) = &args.report {
        if let Err(e) = report.write(dir) {
            eprintln!(
                "tandem scan: cannot write the report to {}: {e}",
                dir.display()
            );
            return 2;
        }
        println!(
            "tandem scan: report in {}",
            dir.join("report.html").display()
        );
    }
    if args.data.is_some() || args.database.is_some() {
        let store_args = StoreArgs {
            data: args
                .data
                .clone()
                .unwrap_or_else(|| PathBuf::from("tandem-data")),
            database: args.database.clone(),
        };
        let saved = async {
            let store = store::open(&store_args.url().map_err(|e| e.to_string())?)
                .await
                .map_err(|e| e.to_string())?;
            let json = serde_json::to_string(&report).map_err(|e| e.to_string())?;
            store
                .set_setting(tandem::scan::report::STORE_KEY, &json)
                .await
                .map_err(|e| e.to_string())
        };
        if let Err(e) = saved.await {
            eprintln!("tandem scan: cannot keep the report in the store: {e}");
            return 2;
        }
        println!("tandem scan: report kept for the console's admin view");
    }
    report.exit_code()
}

/// `tandem erase --contact ID`: works on the store directly, also while servers run. A live
/// session of the contact disappears with it (its sockets are refused from then on); the API's
/// `DELETE /api/contacts/{id}/personal-data` ends it properly first.
async fn erase(contact: String, store_args: StoreArgs) -> Result<(), String> {
    let store = store::open(&store_args.url().map_err(|e| e.to_string())?)
        .await
        .map_err(|e| e.to_string())?;
    let erased = store
        .erase_contact(&contact)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no contact {contact}"))?;
    let detail = erased.summary();
    store
        .audit(&tandem::store::AuditEvent {
            at: tandem::clock::Clock::system().now_ms(),
            actor: "cli".into(),
            kind: "personal_data_erased".into(),
            session_id: None,
            contact_id: Some(contact.clone()),
            detail: detail.clone(),
        })
        .await
        .map_err(|e| e.to_string())?;
    println!("tandem: contact {contact} {detail}");
    Ok(())
}

async fn add_agent(
    name: String,
    rights: String,
    display_name: Option<String>,
    store_args: StoreArgs,
) -> Result<(), String> {
    let name = name.trim().to_string();
    if name.is_empty() || name.len() > 64 {
        return Err("an agent name must be 1 to 64 characters".into());
    }
    let mut rights_parsed = Vec::new();
    for r in rights.split(',').filter(|r| !r.trim().is_empty()) {
        rights_parsed.push(
            Right::parse(r)
                .ok_or_else(|| format!("unknown right '{r}' (cobrowse, remote-control, admin)"))?,
        );
    }
    let display_name = display_name
        .as_deref()
        .map(Agent::check_display_name)
        .transpose()?;
    let mut password = String::new();
    std::io::stdin()
        .read_to_string(&mut password)
        .map_err(|e| format!("cannot read the password: {e}"))?;
    let password = password.trim_end_matches(['\n', '\r']);
    if password.len() < 8 {
        return Err("the password must be at least 8 characters".into());
    }
    let store = store::open(&store_args.url().map_err(|e| e.to_string())?)
        .await
        .map_err(|e| e.to_string())?;
    let hash = auth::hash_password(password);
    let now = tandem::clock::Clock::system().now_ms();
    if store
        .set_agent_password(&name, &hash, &rights_parsed, tandem::store::SignIns::End)
        .await
        .map_err(|e| e.to_string())?
    {
        if let Some(display_name) = &display_name {
            store
                .set_agent_display_name(&name, display_name)
                .await
                .map_err(|e| e.to_string())?;
        }
        // Running servers notice within a second and close the agent's open sockets and streams.
        tandem::session::bump_access_epoch(store.as_ref())
            .await
            .map_err(|e| e.to_string())?;
        println!("tandem: agent {name} updated; their sign-ins are ended");
    } else {
        let display_name = display_name.unwrap_or_default();
        let agent = Agent {
            id: secret::id(),
            username: name.clone(),
            password_hash: hash,
            rights: rights_parsed,
            display_name,
        };
        store
            .add_agent(&agent, now)
            .await
            .map_err(|e| e.to_string())?;
        println!("tandem: agent {name} added");
    }
    Ok(())
}
