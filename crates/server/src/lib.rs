//! Tandem's server: relays, authorises and records co-browsing sessions between a customer's
//! browser (the SDK on the company's site) and an agent's console. See ARCHITECTURE.md for the map.

pub mod app;
pub mod asset_proxy;
pub mod auth;
pub mod bus;
pub mod client_addr;
pub mod clock;
pub mod connections;
pub mod demo;
pub mod domains;
pub mod drain;
pub mod flags;
pub mod health;
pub mod http;
pub mod metrics;
pub mod scan;
pub mod secret;
pub mod session;
pub mod store;
pub mod tls;
pub mod untrusted;
pub mod ws;

pub use app::{AppState, Config, build_state, serve};
