//! The binary embeds web/dist (built by `npm run build`); rebuild when it changes.
fn main() {
    println!("cargo:rerun-if-changed=../../web/dist");
    println!("cargo:rerun-if-changed=migrations");
    if !std::path::Path::new("../../web/dist").exists() {
        panic!("web/dist is missing: run `make web` (or `npm ci && npm run build`) first");
    }
}
