# The two commands of the README. Each runs the bootstrap first (idempotent, fast when done).
SWIFT ?= swift
DB ?= data/mlb_betting.duckdb
DAY ?= recorded/2025-06-17
SHARP = .build/debug/sharp
.PHONY: bootstrap build demo test soak test-sanitize bench release clean

bootstrap:
	@scripts/bootstrap

build: bootstrap
	$(SWIFT) build --product sharp

## The main job on the embedded default: the pre-game workflow over the recorded day into
## ./data/mlb_betting.duckdb, with the daily report in ./reports (running it again adds nothing).
demo: build
	@mkdir -p data reports
	$(SHARP) pregame --replay $(DAY) --path $(DB) --reports reports

## All tests (real DuckDB on temporary files, real processes). A run longer than TEST_BUDGET
## seconds (a hung test) is stopped with the stacks of the test process printed.
TEST_BUDGET ?= 1500
test: bootstrap
	$(SWIFT) build --build-tests
	scripts/test-watchdog $(TEST_BUDGET) $(SWIFT) test --skip-build

## Long runs behind their own target (not in CI): 25 SIGKILL seeds per mode and 20,000 fuzz
## cases per target. SHARP_SOAK_SEED_BASE=n starts the seeds elsewhere.
SOAK_SUITES = CrashDurabilityTests|DiskFullTests|ParserFuzzTests|FrontendDecoderFuzzTests
soak: bootstrap
	$(SWIFT) build --build-tests
	SHARP_SOAK_SEEDS=25 SHARP_FUZZ_CASES=20000 $(SWIFT) test --skip-build --filter '$(SOAK_SUITES)'

## The concurrency suites under ThreadSanitizer, then AddressSanitizer (own build folders;
## slow, so not in CI). DuckDB itself is loaded at run time and is not instrumented.
SANITIZE_SUITES = WriteSchedulerTests|ReaderPoolTests|CoordinatorLifetimeTests|QueueOverflowTests|SlowReaderTests|WriterSessionTests|ConcurrencyTests|LegacyCoordinatorTests|SharedBehaviourTests
test-sanitize: bootstrap
	$(SWIFT) build --build-tests --sanitize=thread --scratch-path .build-tsan
	$(SWIFT) test --skip-build --sanitize=thread --scratch-path .build-tsan --filter '$(SANITIZE_SUITES)'
	$(SWIFT) build --build-tests --sanitize=address --scratch-path .build-asan
	$(SWIFT) test --skip-build --sanitize=address --scratch-path .build-asan --filter '$(SANITIZE_SUITES)|ParserFuzzTests|FrontendDecoderFuzzTests|HostileIdentifierTests'

release: bootstrap
	$(SWIFT) build -c release --product sharp

bench: release
	.build/release/sharp bench --help

clean:
	rm -rf .build
