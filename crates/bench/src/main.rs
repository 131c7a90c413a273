//! `tandem-bench`: the server's performance targets (DESIGN.md §5), each measured beside a peer
//! in the same run, on this machine. `relay` drives the real `tandem` binary and a bare tokio
//! WebSocket forwarder with the same workload: peak forwarded messages per second, latency at
//! half of the peak, and memory per idle socket. `flood` measures a healthy session while one
//! other client abuses the server, and the memory that abuse and big snapshots leave behind.
//! Results print as Markdown.

mod flood;
mod forwarder;
mod relay;
mod stats;
mod target;

use clap::{Parser, Subcommand};

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    command: Command,
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
        /// Frames each customer sends per run.
        #[arg(long, default_value_t = 2000)]
        frames: usize,
        /// Bytes per frame.
        #[arg(long, default_value_t = 128)]
        size: usize,
        /// Idle sockets opened for the memory measurement.
        #[arg(long, default_value_t = 5000)]
        idle: usize,
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
            frames,
            size,
            idle,
        } => relay::run(&bin, sessions, frames, size, idle).await,
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
