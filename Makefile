# The two commands of the README. Each runs the bootstrap first (idempotent, fast when done):
# scripts/bootstrap installs what building and running need, scripts/bootstrap-tests what only
# the tests need (PostgreSQL client and server, chromium, the JDBC driver, the drivers' venv).
SWIFT ?= swift
DB ?= data/mlb_betting.duckdb
DAY ?= recorded/2025-06-17
SHARP = .build/debug/sharp
.PHONY: bootstrap bootstrap-tests build demo test soak stress test-sanitize fuzz bench release install clean

bootstrap:
	@scripts/bootstrap

bootstrap-tests: bootstrap
	@scripts/bootstrap-tests

build: bootstrap
	$(SWIFT) build --product sharp

## The main job on the embedded default: the pre-game workflow over the recorded day into
## ./data/mlb_betting.duckdb, with the daily report in ./reports (running it again adds nothing).
demo: build
	@mkdir -p data reports
	$(SHARP) pregame --replay $(DAY) --path $(DB) --reports reports

## All tests (real DuckDB on temporary files, real processes). A run longer than TEST_BUDGET
## seconds (a hung test) is stopped with the stacks of the test process printed; a crash
## prints every thread's stack, not only the crashed one's (RELIABILITY.md, issue 20's crash).
TEST_BUDGET ?= 1500
test: bootstrap-tests
	$(SWIFT) build --build-tests
	SWIFT_BACKTRACE=enable=yes,threads=all,interactive=no,color=no \
	  scripts/test-watchdog $(TEST_BUDGET) $(SWIFT) test --skip-build

## Long runs behind their own target (not in CI): 25 SIGKILL seeds per mode and 20,000 fuzz
## cases per target. SHARP_SOAK_SEED_BASE=n starts the seeds elsewhere.
SOAK_SUITES = CrashDurabilityTests|DiskFullTests|ParserFuzzTests|FrontendDecoderFuzzTests
soak: bootstrap-tests
	$(SWIFT) build --build-tests
	SHARP_SOAK_SEEDS=25 SHARP_FUZZ_CASES=20000 $(SWIFT) test --skip-build --filter '$(SOAK_SUITES)'

## The in-process suites (DuckDBKit, DuckCoordinator, SharpBetting) STRESS_RUNS times with
## STRESS_LOAD busy processes beside them; prints runs passed/failed/crashed and, for a crash, the
## crashing thread and the tests that were running (scripts/stress). Not in CI.
STRESS_RUNS ?= 20
stress: bootstrap-tests
	$(SWIFT) build --build-tests
	scripts/stress $(STRESS_RUNS)

## The concurrency suites under ThreadSanitizer, then AddressSanitizer (own build folders;
## slow, so not in CI). DuckDB itself is loaded at run time and is not instrumented.
SANITIZE_SUITES = WriteSchedulerTests|ReaderPoolTests|CoordinatorLifetimeTests|QueueOverflowTests|SlowReaderTests|WriterSessionTests|ConcurrencyTests|LegacyCoordinatorTests|SharedBehaviourTests
test-sanitize: bootstrap-tests
	$(SWIFT) build --build-tests --sanitize=thread --scratch-path .build-tsan
	$(SWIFT) test --skip-build --sanitize=thread --scratch-path .build-tsan --filter '$(SANITIZE_SUITES)'
	$(SWIFT) build --build-tests --sanitize=address --scratch-path .build-asan
	$(SWIFT) test --skip-build --sanitize=address --scratch-path .build-asan --filter '$(SANITIZE_SUITES)|ParserFuzzTests|FrontendDecoderFuzzTests|HostileIdentifierTests'

## The libFuzzer targets of fuzz/ (their own package; ASan on), FUZZ_SECONDS each (default 180).
## Seeds in fuzz/corpus/NAME (fuzz/seed-corpus), what libFuzzer finds in .build-fuzz/corpus/NAME,
## a crash's input in .build-fuzz/findings/NAME. Not in CI: the instrumented build takes minutes.
FUZZ_TARGETS = FuzzFrontendDecoder FuzzSourceParsers
FUZZ_SECONDS ?= 180
fuzz: bootstrap
	fuzz/seed-corpus
	$(SWIFT) build -c debug --package-path fuzz --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p .build-fuzz/corpus/$$t .build-fuzz/findings/$$t; \
	  echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
	  .build-fuzz/debug/$$t .build-fuzz/corpus/$$t fuzz/corpus/$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
	    -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 -artifact_prefix=.build-fuzz/findings/$$t/ \
	    2>.build-fuzz/$$t.log || { tail -40 .build-fuzz/$$t.log; exit 1; }; \
	  grep -E '^(stat::number_of_executed_units|stat::new_units_added|stat::peak_rss_mb|#[0-9]+[[:space:]]+DONE)' .build-fuzz/$$t.log; \
	done

release: bootstrap
	$(SWIFT) build -c release --product sharp

## `sharp` on PATH: the release build copied into PREFIX/bin (PREFIX is /usr/local as root, else
## ~/.local). DuckDB stays where scripts/bootstrap put it, which the binary finds at run time.
PREFIX ?= $(if $(filter 0,$(shell id -u)),/usr/local,$(HOME)/.local)
install: release
	install -d "$(DESTDIR)$(PREFIX)/bin"
	install -m 755 "$$($(SWIFT) build -c release --show-bin-path)/sharp" "$(DESTDIR)$(PREFIX)/bin/sharp"
	@echo "installed $(DESTDIR)$(PREFIX)/bin/sharp"

bench: release
	.build/release/sharp bench --help

clean:
	rm -rf .build
