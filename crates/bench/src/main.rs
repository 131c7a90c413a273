//! `tandem-bench`: the server's performance targets (ARCHITECTURE.md §5), each measured beside a peer
//! in the same run, on this machine. `relay` drives the real `tandem` binary and a bare tokio
//! WebSocket forwarder with the same workload: peak forwarded messages per second, latency at
//! half of the peak, and memory per idle socket. `flood` measures a healthy session while one
//! other client abuses the server, and the memory that abuse and big snapshots leave behind.
//! Results print as Markdown.

mod flood;
mod forwarder;
mod hist;
mod relay;
mod scale;
mod stats;
mod sys;
mod target;

use clap::{Parser, Subcommand};

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where the load generator and the relays run (`taskset` CPU lists; "" leaves it unpinned).
#[derive(clap::Args)]
struct Cpus {
    /// CPUs of the load generator (this process).
    #[arg(long, default_value = "0")]
    gen_cpus: String,
    /// CPUs of the relay under test.
    #[arg(long, default_value = "1")]
    relay_cpus: String,
}

impl Cpus {
    fn apply(&self) {
        if !self.gen_cpus.is_empty() {
            sys::pin_self(&self.gen_cpus);
        }
        let _ = target::RELAY_CPUS.set(self.relay_cpus.clone());
    }
}

#[derive(Subcommand)]
enum Command {
    /// Relay throughput, latency and idle-socket memory: Tandem beside a bare forwarder.
    Relay {
        /// The tandem binary to measure (a release build).
        #[arg(long, default_value = "target/release/tandem")]
        bin: String,
        /// Live sessions (customer + agent socket each).
        #[arg(long, default_value_t = 100)]
        sessions: usize,
        /// Bytes per frame.
        #[arg(long, default_value_t = 128)]
        size: usize,
        /// Seconds measured per run (the peak, and each offered load), after a 2 s warm-up.
        #[arg(long, default_value_t = 60.0)]
        seconds: f64,
        /// Idle sockets opened for the memory measurement.
        #[arg(long, default_value_t = 5000)]
        idle: usize,
        #[command(flatten)]
        cpus: Cpus,
    },
    /// Abuse from one client: a healthy session's latency alone and under each kind of flood,
    /// memory while unshared pages push huge frames, memory kept after big snapshots.
    Flood {
        /// The tandem binary to measure (a release build).
        #[arg(long, default_value = "target/release/tandem")]
        bin: String,
        /// What to measure: latency, parked, snapshots (comma-separated).
        #[arg(long, default_value = "latency,parked,snapshots")]
        sections: String,
        /// Seconds of healthy traffic measured per row.
        #[arg(long, default_value_t = 4.0)]
        seconds: f64,
        /// Unshared pages pushing 31 MiB frames, each from its own loopback address.
        #[arg(long, default_value_t = 8)]
        parked: usize,
        /// Shared sessions that each relay one big snapshot, then idle.
        #[arg(long, default_value_t = 50)]
        snapshots: usize,
        /// Size of that snapshot, KiB.
        #[arg(long, default_value_t = 2048)]
        snapshot_kb: usize,
    },
    /// Many live sessions with churn: every frame delivered, latency, relay memory and CPU over
    /// time. Defaults: the full run (10,000 sessions, 5 minutes measured).
    Scale {
        /// The tandem binary to measure (a release build).
        #[arg(long, default_value = "target/release/tandem")]
        bin: String,
        /// Concurrent sessions (two sockets each).
        #[arg(long, default_value_t = 10_000)]
        sessions: usize,
        /// Seconds measured after the ramp.
        #[arg(long, default_value_t = 300.0)]
        seconds: f64,
        /// Seconds over which the sessions are first opened.
        #[arg(long, default_value_t = 60.0)]
        ramp: f64,
        /// Mean session lifetime in seconds (uniform in 0.5–1.5×); then a new session replaces it.
        #[arg(long, default_value_t = 120.0)]
        lifetime: f64,
        /// Snapshot burst at each session's start, KiB.
        #[arg(long, default_value_t = 20)]
        snapshot_kb: usize,
        /// Pointer frames per second and session.
        #[arg(long, default_value_t = 30.0)]
        pointer_hz: f64,
        /// Mutation batches per second and session.
        #[arg(long, default_value_t = 2.0)]
        mutation_hz: f64,
        /// Bytes per mutation batch.
        #[arg(long, default_value_t = 400)]
        mutation_bytes: usize,
        /// Scroll frames per second and session.
        #[arg(long, default_value_t = 1.0)]
        scroll_hz: f64,
        /// Tandem processes (2: customers on the first, agents on the second; needs --database and --nats).
        #[arg(long, default_value_t = 1)]
        nodes: usize,
        /// Database URL for the nodes (postgres://…); default: each node's own SQLite.
        #[arg(long)]
        database: Option<String>,
        /// NATS URL for the nodes.
        #[arg(long)]
        nats: Option<String>,
        /// Seconds between samples of the relay's memory and CPU.
        #[arg(long, default_value_t = 10.0)]
        sample: f64,
        #[command(flatten)]
        cpus: Cpus,
    },
    /// The abusive client of `flood` (run as a child process by it).
    Flooder {
        #[arg(long)]
        server: std::net::SocketAddr,
        /// Kinds of abuse, comma-separated.
        #[arg(long)]
        kinds: String,
    },
    /// The peer: a bare WebSocket forwarder (run as a child process by `relay`).
    Forwarder,
}

#[tokio::main]
async fn main() {
    match Cli::parse().command {
        Command::Relay {
            bin,
            sessions,
            size,
            seconds,
            idle,
            cpus,
        } => {
            sys::raise_nofile(200_000);
            cpus.apply();
            relay::run(relay::Options {
                bin,
                sessions,
                size,
                seconds,
                idle,
            })
            .await
        }
        Command::Scale {
            bin,
            sessions,
            seconds,
            ramp,
            lifetime,
            snapshot_kb,
            pointer_hz,
            mutation_hz,
            mutation_bytes,
            scroll_hz,
            nodes,
            database,
            nats,
            sample,
            cpus,
        } => {
            if nodes > 1 && (database.is_none() || nats.is_none()) {
                eprintln!("--nodes {nodes} needs --database postgres://… and --nats nats://…");
                std::process::exit(2);
            }
            let limit = sys::raise_nofile(4 * sessions as u64 + 10_000);
            eprintln!("bench: open-files limit {limit}");
            cpus.apply();
            scale::run(scale::Options {
                bin,
                sessions,
                seconds,
                ramp,
                lifetime,
                snapshot_kb,
                pointer_hz,
                mutation_hz,
                mutation_bytes,
                scroll_hz,
                nodes,
                database,
                nats,
                sample,
            })
            .await
        }
        Command::Flood {
            bin,
            sections,
            seconds,
            parked,
            snapshots,
            snapshot_kb,
        } => flood::run(&bin, &sections, seconds, parked, snapshots, snapshot_kb).await,
        Command::Flooder { server, kinds } => flood::flooder(server, &kinds).await,
        Command::Forwarder => forwarder::serve().await,
    }
}
