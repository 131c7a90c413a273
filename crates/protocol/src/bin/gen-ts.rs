//! Writes the TypeScript definitions of the control protocol into the given folder
//! (default `web/src/protocol/generated`). The build runs this before bundling; the output
//! is never committed.

use tandem_protocol::{
    AgentInvitation, Command, ControlStatus, FromAgent, FromCustomer, Invitations, PointerMode,
    SiteSettings, Target, ToAgent, ToCustomer,
};
use ts_rs::TS;

fn main() {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "web/src/protocol/generated".into());
    let cfg = ts_rs::Config::new().with_out_dir(&out);
    let result = FromCustomer::export_all(&cfg)
        .and_then(|_| ToCustomer::export_all(&cfg))
        .and_then(|_| FromAgent::export_all(&cfg))
        .and_then(|_| ToAgent::export_all(&cfg))
        .and_then(|_| SiteSettings::export_all(&cfg))
        .and_then(|_| Invitations::export_all(&cfg))
        .and_then(|_| AgentInvitation::export_all(&cfg))
        .and_then(|_| Command::export_all(&cfg))
        .and_then(|_| Target::export_all(&cfg))
        .and_then(|_| PointerMode::export_all(&cfg))
        .and_then(|_| ControlStatus::export_all(&cfg));
    let result = result
        .map_err(|e| e.to_string())
        .and_then(|_| write_close_codes(&out).map_err(|e| e.to_string()))
        .and_then(|_| write_keys(&out).map_err(|e| e.to_string()));
    if let Err(e) = result {
        eprintln!("gen-ts: {e}");
        std::process::exit(1);
    }
    println!("gen-ts: wrote protocol types to {out}");
}

/// The WebSocket close codes as a TypeScript constant object (`CloseCode.RECONNECT`…).
fn write_close_codes(out: &str) -> std::io::Result<()> {
    let mut ts = String::from(
        "// Generated from crates/protocol (close codes); do not edit.\nexport const CloseCode = {\n",
    );
    for (name, code) in tandem_protocol::close::ALL {
        ts.push_str(&format!("  {name}: {code},\n"));
    }
    ts.push_str("} as const;\n");
    std::fs::create_dir_all(out)?;
    std::fs::write(std::path::Path::new(out).join("CloseCode.ts"), ts)
}

/// The special keys of remote control as a TypeScript constant (`KEYS`) and their union (`Key`).
fn write_keys(out: &str) -> std::io::Result<()> {
    let mut ts = String::from(
        "// Generated from crates/protocol (KEYS); do not edit.\n\
         /** The special keys an agent may press in a field. */\n\
         export const KEYS = [\n",
    );
    for key in tandem_protocol::KEYS {
        ts.push_str(&format!("  {key:?},\n"));
    }
    ts.push_str("] as const;\nexport type Key = (typeof KEYS)[number];\n");
    std::fs::create_dir_all(out)?;
    std::fs::write(std::path::Path::new(out).join("Keys.ts"), ts)
}
