# The two commands of the README: `make demo` builds and runs Tandem with its demo site;
# `make test` runs every test (format and lint checks, Rust unit and integration tests with the API
# contract check, typecheck, then the browser end-to-end suite). Tests build one profile, debug,
# which compiles fastest; the demo and the benchmarks use release.
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

# `make test` prepares the machine itself (Chromium, cargo-nextest, schemathesis, PostgreSQL,
# NATS) and always ends with the `e2e: N passed, N failed` line; see scripts/test.
test:
	@scripts/test

# Benchmarks (release builds), each beside its peer in the same run; results go in BENCHMARKS.md.
# Every default is the run BENCHMARKS.md prints: the relay 60 s per row, 10,000 sessions for
# 5 minutes, then across two nodes on PostgreSQL and NATS (scripts/setup-test-machine starts
# them; the database is made afresh). About 45 minutes with the DOM engine's 12.
BENCH_DB ?= postgres://postgres@127.0.0.1/tandem_bench
BENCH_NATS ?= nats://127.0.0.1:4222
bench: web
	cargo build --release -p tandem -p tandem-bench
	target/release/tandem-bench relay
	target/release/tandem-bench scale
	psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS tandem_bench" -c "CREATE DATABASE tandem_bench"
	target/release/tandem-bench scale --nodes 2 --database $(BENCH_DB) --nats $(BENCH_NATS)
	target/release/tandem-bench flood
	npm run -s bench:dom
