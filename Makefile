# The two commands of the README: `make demo` builds and runs Tandem with its demo site;
# `make test` runs every test (Rust unit and integration tests, then the browser end-to-end suite).
CARGO_PROFILE ?= release
PROFILE_FLAG := $(if $(filter release,$(CARGO_PROFILE)),--release,)
TANDEM := target/$(if $(filter release,$(CARGO_PROFILE)),release,debug)/tandem

.PHONY: demo web build test test-rust test-e2e bench

node_modules: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch node_modules

web: node_modules
	rm -rf web/src/protocol/generated
	cargo run -q -p tandem-protocol --bin gen-ts -- web/src/protocol/generated
	npm run -s build

build: web
	cargo build $(PROFILE_FLAG) -p tandem

demo: build
	$(TANDEM) serve --demo --listen 127.0.0.1:8080 --data tandem-data

test: build
	cargo nextest run $(PROFILE_FLAG) --workspace --no-fail-fast
	npm run -s typecheck
	TANDEM_BIN=$(TANDEM) node e2e/run.mjs
