# The two commands of the README. Each runs the bootstrap first (idempotent, fast when done).
SWIFT ?= swift
DB ?= data/mlb_betting.duckdb
DAY ?= recorded/2025-06-17
SHARP = .build/debug/sharp
.PHONY: bootstrap build demo test bench release clean

bootstrap:
	@scripts/bootstrap

build: bootstrap
	$(SWIFT) build --product sharp

## The main job on the embedded default: the pre-game workflow over the recorded day into
## ./data/mlb_betting.duckdb, with the daily report in ./reports (running it again adds nothing).
demo: build
	@mkdir -p data reports
	$(SHARP) pregame --replay $(DAY) --path $(DB) --reports reports

## All tests (real DuckDB on temporary files, real processes).
test: bootstrap
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

release: bootstrap
	$(SWIFT) build -c release --product sharp

bench: release
	.build/release/sharp bench --help

clean:
	rm -rf .build
