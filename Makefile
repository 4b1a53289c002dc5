# The two commands of the README. Each runs the bootstrap first (idempotent, fast when done).
SWIFT ?= swift
.PHONY: bootstrap build demo test bench clean

bootstrap:
	@scripts/bootstrap

build: bootstrap
	$(SWIFT) build -c release --product sharp

## The main job on the embedded default (a local DuckDB file, recorded payloads).
demo: build
	@mkdir -p data
	.build/release/sharp db probe --path data/mlb_betting.duckdb

## All tests (real DuckDB on temporary files, real processes).
test: bootstrap
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: build
	.build/release/sharp bench appender

clean:
	rm -rf .build
