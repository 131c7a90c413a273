//! The server's integration tests, one module per capability, in one test binary (one link,
//! one process per test under nextest). Each module starts the real `tandem` binary on port 0.

mod access;
mod api_contract;
mod asset_proxy;
mod bad_input;
mod bounds;
mod client_addr;
mod cluster;
mod codes;
mod common;
mod config;
mod consent;
mod consent_language;
mod contacts;
mod control;
mod delivery;
mod display_names;
mod draining;
mod favourites;
mod fuzz;
mod headers;
mod lag;
mod navigation;
mod nodelay;
mod openapi;
mod ops;
mod personal_data;
mod restart;
mod roles;
mod scan;
mod sign_in;
mod sso;
mod store_story;
mod tls;
mod visitors;
mod webhooks;
