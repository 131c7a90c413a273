# The two commands of the README: `make demo` builds and runs Tandem with its demo site;
# `make test` runs every test (Rust unit and integration tests, typecheck, then the browser
# end-to-end suite). Tests build one profile, debug, which compiles fastest; the demo and the
# benchmarks use release.
.PHONY: demo web test bench

node_modules: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch node_modules

web: node_modules
	rm -rf web/src/protocol/generated
	cargo run -q -p tandem-protocol --bin gen-ts -- web/src/protocol/generated
	npm run -s build

demo: web
	cargo build --release -p tandem
	target/release/tandem serve --demo --listen 127.0.0.1:8080 --data tandem-data

test: web
	cargo build -p tandem
	cargo nextest run --workspace --no-fail-fast
	npm run -s typecheck
	TANDEM_BIN=target/debug/tandem node e2e/run.mjs

# Benchmarks (release builds), each beside its peer in the same run; results go in BENCHMARKS.md.
bench: web
	cargo build --release -p tandem -p tandem-bench
	target/release/tandem-bench relay
	target/release/tandem-bench flood
	npm run -s bench:dom
