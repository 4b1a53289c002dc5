/// The schema of the sharp-betting database, as numbered migrations.
///
/// Tables keep the names the seed used. Times are UTC `TIMESTAMPTZ`.
/// - `games`: one row per MLB game (`game_id` = MLB gamePk).
/// - `raw_mlb_betting_splits`: long format, one row per game × market × source × book ×
///   snapshot. `game_key` is the gamePk as text when the split was matched to the schedule,
///   else `YYYY-MM-DD:AWY@HOM`; `book` is `''` for aggregate feeds (SBD); `snapshot_at` is
///   the source's own timestamp when it has one, else the capture time. The primary key is the
///   dedupe rule: re-collecting a snapshot adds nothing.
/// - `betting_splits` (view): the latest snapshot per game/market/source/book.
/// - `line_movements` (view): line changes between successive snapshots.
/// - `sharp_signals`, `pre_game_signals`: detected signals; `pre_game_data`: stage timings of
///   pre-game runs; `historical_data`: rolled-up history; `game_outcomes`: final scores.
/// - `odds_snapshots` (version 3): Pinnacle's full-game prices, one row per matchup × market ×
///   period × snapshot; `game_key` follows `raw_mlb_betting_splits`.
/// - `sharp_signals.line`, `sharp_signals.details` (migration 10): the handicap or total a
///   signal was picked at, and the whole signal as JSON so it reads back exactly.
/// - `alert_ledger` (migration 11): what has been alerted, so a game/market/side is alerted
///   again only when its confidence strengthens.
/// - `book_prices` (migration 14): sportsbooks' prices and lines from SBD's `sportsbooks` array,
///   one row per game × market × source × book × capture (the feed gives no time per price).
/// - `strategy_performance` (migration 15): the last backtest's record per rule × source ×
///   market × strength band × timing bucket (`all` rolls a field up); confidence reads the
///   rules' rows (see ``StrategyPerformanceStore``).
/// - `monitor_alert_ledger` (migration 13): the sharp monitor's own ledger, so its alerts do not
///   suppress the pre-game workflow's (which keeps `alert_ledger`); see ``AlertChannel``.
/// - `raw_mlb_betting_splits.last_captured_at` (migration 12): the latest capture that still
///   served the snapshot (re-collecting it updates this, not the row's key), so the pre-game
///   window is decided on when we saw the data, not on the source's own, possibly old, time.
///
/// - `sharp_signals` decision columns (migration 20): BET or PASS, the best price and where, Pinnacle's
///   no-vig probability, the break-even price, the edge and the minimum edge it was judged at.
/// - `alert_log` (migration 21): every alert sent, by channel (monitor, pre-game), for the daily report.
/// - `strategy_performance` stake columns (migration 22): the backtest's fractional Kelly results
///   beside its flat-unit ones, and the 95% interval of the average closing-line value.
///
/// Versions 16–19 belong to the engines work, 20–29 to the domain work, 30–39 to the everyday
/// work (docs/ARCHITECTURE.md); ``SchemaMigrator`` applies any
/// version it has not recorded, so they merge in either order.
public enum SchemaMigrations {
    /// Every migration, in order.
    public static let all: [SchemaMigration] = [core, views, oddsSnapshots, signalDetails, alertLedger, lastCaptured,
                                                 monitorAlertLedger, bookPrices, strategyPerformance, signalDecisions, alertLog,
                                                 strategyStakes]

    static let core = SchemaMigration(version: 1, name: "core tables", sql: """
        CREATE TABLE IF NOT EXISTS games (
            game_id      BIGINT PRIMARY KEY,
            game_date    DATE NOT NULL,
            game_time    TIMESTAMPTZ NOT NULL,
            away         TEXT NOT NULL,
            home         TEXT NOT NULL,
            status       TEXT NOT NULL,
            game_number  INTEGER,
            updated_at   TIMESTAMPTZ NOT NULL
        );
        CREATE TABLE IF NOT EXISTS raw_mlb_betting_splits (
            game_key                 TEXT NOT NULL,
            game_id                  BIGINT,
            game_date                DATE NOT NULL,
            game_time                TIMESTAMPTZ,
            away                     TEXT NOT NULL,
            home                     TEXT NOT NULL,
            source                   TEXT NOT NULL,
            book                     TEXT NOT NULL DEFAULT '',
            market                   TEXT NOT NULL,
            snapshot_at              TIMESTAMPTZ NOT NULL,
            captured_at              TIMESTAMPTZ NOT NULL,
            source_updated_at        TIMESTAMPTZ,
            line_away_or_over        DOUBLE PRECISION,
            line_home_or_under       DOUBLE PRECISION,
            away_or_under_bets_pct   DOUBLE PRECISION NOT NULL,
            away_or_under_money_pct  DOUBLE PRECISION NOT NULL,
            home_or_over_bets_pct    DOUBLE PRECISION NOT NULL,
            home_or_over_money_pct   DOUBLE PRECISION NOT NULL,
            away_or_under_bets       INTEGER,
            home_or_over_bets        INTEGER,
            differential             DOUBLE PRECISION NOT NULL,
            sharp_action             TEXT,
            PRIMARY KEY (game_key, market, source, book, snapshot_at)
        );
        CREATE TABLE IF NOT EXISTS sharp_signals (
            signal_id         TEXT PRIMARY KEY,
            game_key          TEXT NOT NULL,
            game_id           BIGINT,
            game_date         DATE NOT NULL,
            game_time         TIMESTAMPTZ,
            away              TEXT NOT NULL,
            home              TEXT NOT NULL,
            market            TEXT NOT NULL,
            side              TEXT NOT NULL,
            pick              TEXT NOT NULL,
            rules             TEXT NOT NULL,
            differential      DOUBLE PRECISION,
            books             TEXT,
            line_movement     DOUBLE PRECISION,
            price             DOUBLE PRECISION,
            confidence        DOUBLE PRECISION NOT NULL,
            confidence_label  TEXT NOT NULL,
            explanation       TEXT NOT NULL,
            detected_at       TIMESTAMPTZ NOT NULL,
            snapshot_at       TIMESTAMPTZ
        );
        CREATE TABLE IF NOT EXISTS pre_game_signals (
            run_id            TEXT NOT NULL,
            run_label         TEXT NOT NULL,
            signal_id         TEXT NOT NULL,
            game_key          TEXT NOT NULL,
            game_id           BIGINT,
            market            TEXT NOT NULL,
            side              TEXT NOT NULL,
            confidence        DOUBLE PRECISION NOT NULL,
            alerted           BOOLEAN NOT NULL DEFAULT false,
            recorded_at       TIMESTAMPTZ NOT NULL,
            PRIMARY KEY (run_id, signal_id)
        );
        CREATE TABLE IF NOT EXISTS pre_game_data (
            run_id        TEXT NOT NULL,
            run_label     TEXT NOT NULL,
            game_id       BIGINT,
            stage         TEXT NOT NULL,
            status        TEXT NOT NULL,
            started_at    TIMESTAMPTZ NOT NULL,
            finished_at   TIMESTAMPTZ NOT NULL,
            rows          BIGINT,
            detail        TEXT,
            PRIMARY KEY (run_id, stage)
        );
        CREATE TABLE IF NOT EXISTS historical_data (
            game_date          DATE NOT NULL,
            source             TEXT NOT NULL,
            book               TEXT NOT NULL,
            market             TEXT NOT NULL,
            games              INTEGER NOT NULL,
            snapshots          INTEGER NOT NULL,
            avg_differential   DOUBLE PRECISION,
            max_abs_differential DOUBLE PRECISION,
            rolled_up_at       TIMESTAMPTZ NOT NULL,
            PRIMARY KEY (game_date, source, book, market)
        );
        CREATE TABLE IF NOT EXISTS game_outcomes (
            game_id      BIGINT PRIMARY KEY,
            game_date    DATE NOT NULL,
            away         TEXT NOT NULL,
            home         TEXT NOT NULL,
            away_score   INTEGER NOT NULL,
            home_score   INTEGER NOT NULL,
            status       TEXT NOT NULL,
            recorded_at  TIMESTAMPTZ NOT NULL
        );
        """)

    static let views = SchemaMigration(version: 2, name: "latest splits and line movements", sql: """
        CREATE OR REPLACE VIEW betting_splits AS
            SELECT r.* FROM raw_mlb_betting_splits r
            WHERE NOT EXISTS (
                SELECT 1 FROM raw_mlb_betting_splits newer
                WHERE newer.game_key = r.game_key AND newer.market = r.market AND newer.source = r.source
                  AND newer.book = r.book AND newer.snapshot_at > r.snapshot_at);
        CREATE OR REPLACE VIEW line_movements AS
            SELECT * FROM (
                SELECT game_key, game_id, game_date, away, home, source, book, market,
                       lag(snapshot_at) OVER w AS from_snapshot_at, snapshot_at AS to_snapshot_at,
                       lag(line_away_or_over) OVER w AS from_line_away_or_over, line_away_or_over AS to_line_away_or_over,
                       lag(line_home_or_under) OVER w AS from_line_home_or_under, line_home_or_under AS to_line_home_or_under,
                       lag(home_or_over_bets_pct) OVER w AS from_home_or_over_bets_pct, home_or_over_bets_pct AS to_home_or_over_bets_pct
                FROM raw_mlb_betting_splits
                WINDOW w AS (PARTITION BY game_key, market, source, book ORDER BY snapshot_at)
            ) moves
            WHERE from_snapshot_at IS NOT NULL
              AND (from_line_away_or_over IS DISTINCT FROM to_line_away_or_over
                   OR from_line_home_or_under IS DISTINCT FROM to_line_home_or_under);
        """)

    static let signalDetails = SchemaMigration(version: 10, name: "signal line and details", sql: """
        ALTER TABLE sharp_signals ADD COLUMN IF NOT EXISTS line DOUBLE PRECISION;
        ALTER TABLE sharp_signals ADD COLUMN IF NOT EXISTS details TEXT;
        """)

    static let lastCaptured = SchemaMigration(version: 12, name: "last capture of a split snapshot", sql: """
        ALTER TABLE raw_mlb_betting_splits ADD COLUMN IF NOT EXISTS last_captured_at TIMESTAMPTZ;
        UPDATE raw_mlb_betting_splits SET last_captured_at = captured_at WHERE last_captured_at IS NULL;
        CREATE OR REPLACE VIEW betting_splits AS
            SELECT r.* FROM raw_mlb_betting_splits r
            WHERE NOT EXISTS (
                SELECT 1 FROM raw_mlb_betting_splits newer
                WHERE newer.game_key = r.game_key AND newer.market = r.market AND newer.source = r.source
                  AND newer.book = r.book AND newer.snapshot_at > r.snapshot_at);
        """)

    static let monitorAlertLedger = SchemaMigration(version: 13, name: "monitor alert ledger", sql: """
        CREATE TABLE IF NOT EXISTS monitor_alert_ledger (
            game_key     TEXT NOT NULL,
            market       TEXT NOT NULL,
            side         TEXT NOT NULL,
            signal_id    TEXT NOT NULL,
            confidence   DOUBLE PRECISION NOT NULL,
            alert_count  INTEGER NOT NULL,
            first_alerted_at TIMESTAMPTZ NOT NULL,
            last_alerted_at  TIMESTAMPTZ NOT NULL,
            PRIMARY KEY (game_key, market, side)
        );
        """)

    static let bookPrices = SchemaMigration(version: 14, name: "sportsbook prices", sql: """
        CREATE TABLE IF NOT EXISTS book_prices (
            game_key             TEXT NOT NULL,
            game_id              BIGINT,
            game_date            DATE NOT NULL,
            game_time            TIMESTAMPTZ,
            away                 TEXT NOT NULL,
            home                 TEXT NOT NULL,
            source               TEXT NOT NULL,
            book                 TEXT NOT NULL,
            market               TEXT NOT NULL,
            line_away_or_over    DOUBLE PRECISION,
            line_home_or_under   DOUBLE PRECISION,
            price_away_or_under  DOUBLE PRECISION,
            price_home_or_over   DOUBLE PRECISION,
            source_game_id       TEXT,
            snapshot_at          TIMESTAMPTZ NOT NULL,
            captured_at          TIMESTAMPTZ NOT NULL,
            PRIMARY KEY (game_key, market, source, book, snapshot_at)
        );
        """)

    static let strategyPerformance = SchemaMigration(version: 15, name: "strategy performance", sql: """
        CREATE TABLE IF NOT EXISTS strategy_performance (
            rule                TEXT NOT NULL,
            source              TEXT NOT NULL,
            market              TEXT NOT NULL,
            band                TEXT NOT NULL,
            timing              TEXT NOT NULL,
            bets                INTEGER NOT NULL,
            wins                INTEGER NOT NULL,
            losses              INTEGER NOT NULL,
            pushes              INTEGER NOT NULL,
            staked              DOUBLE PRECISION NOT NULL,
            profit              DOUBLE PRECISION NOT NULL,
            hit_rate            DOUBLE PRECISION,
            hit_rate_low        DOUBLE PRECISION NOT NULL,
            hit_rate_high       DOUBLE PRECISION NOT NULL,
            roi                 DOUBLE PRECISION,
            avg_clv             DOUBLE PRECISION,
            clv_bets            INTEGER NOT NULL,
            assumed_price_bets  INTEGER NOT NULL,
            from_date           DATE,
            to_date             DATE,
            computed_at         TIMESTAMPTZ NOT NULL,
            PRIMARY KEY (rule, source, market, band, timing)
        );
        """)

    static let alertLedger = SchemaMigration(version: 11, name: "alert ledger", sql: """
        CREATE TABLE IF NOT EXISTS alert_ledger (
            game_key     TEXT NOT NULL,
            market       TEXT NOT NULL,
            side         TEXT NOT NULL,
            signal_id    TEXT NOT NULL,
            confidence   DOUBLE PRECISION NOT NULL,
            alert_count  INTEGER NOT NULL,
            first_alerted_at TIMESTAMPTZ NOT NULL,
            last_alerted_at  TIMESTAMPTZ NOT NULL,
            PRIMARY KEY (game_key, market, side)
        );
        """)
}

extension SchemaMigrations {
    /// Version 3: Pinnacle's prices. Pinnacle's markets carry no update time, so `snapshot_at` is
    /// the capture time; the primary key is the dedupe rule, as for the splits.
    static let oddsSnapshots = SchemaMigration(version: 3, name: "pinnacle odds snapshots", sql: """
        CREATE TABLE IF NOT EXISTS odds_snapshots (
            matchup_id             BIGINT NOT NULL,
            game_key               TEXT NOT NULL,
            game_id                BIGINT,
            game_date              DATE NOT NULL,
            game_time              TIMESTAMPTZ NOT NULL,
            away                   TEXT NOT NULL,
            home                   TEXT NOT NULL,
            market                 TEXT NOT NULL,
            period                 INTEGER NOT NULL,
            market_key             TEXT NOT NULL,
            status                 TEXT NOT NULL,
            cutoff_at              TIMESTAMPTZ,
            price_home_or_over     DOUBLE PRECISION NOT NULL,
            price_away_or_under    DOUBLE PRECISION NOT NULL,
            points                 DOUBLE PRECISION,
            max_risk_stake         DOUBLE PRECISION,
            implied_home_or_over   DOUBLE PRECISION NOT NULL,
            implied_away_or_under  DOUBLE PRECISION NOT NULL,
            snapshot_at            TIMESTAMPTZ NOT NULL,
            captured_at            TIMESTAMPTZ NOT NULL,
            PRIMARY KEY (matchup_id, market, period, snapshot_at)
        );
        """)
}

extension SchemaMigrations {
    /// Version 20: the decision on each signal, so PASS signals are stored (and graded) apart.
    static let signalDecisions = SchemaMigration(version: 20, name: "signal decisions", sql: """
        ALTER TABLE sharp_signals ADD COLUMN IF NOT EXISTS decision TEXT;
        ALTER TABLE sharp_signals ADD COLUMN IF NOT EXISTS best_price DOUBLE PRECISION;
        ALTER TABLE sharp_signals ADD COLUMN IF NOT EXISTS best_price_source TEXT;
        ALTER TABLE sharp_signals ADD COLUMN IF NOT EXISTS fair_probability DOUBLE PRECISION;
        ALTER TABLE sharp_signals ADD COLUMN IF NOT EXISTS break_even_price DOUBLE PRECISION;
        ALTER TABLE sharp_signals ADD COLUMN IF NOT EXISTS edge DOUBLE PRECISION;
        ALTER TABLE sharp_signals ADD COLUMN IF NOT EXISTS min_edge DOUBLE PRECISION;
        """)

    /// Version 21: every alert sent, by channel, so the daily report lists the monitor's too.
    static let alertLog = SchemaMigration(version: 21, name: "alert log", sql: """
        CREATE TABLE IF NOT EXISTS alert_log (
            channel      TEXT NOT NULL,
            game_key     TEXT NOT NULL,
            game_date    DATE NOT NULL,
            market       TEXT NOT NULL,
            side         TEXT NOT NULL,
            signal_id    TEXT NOT NULL,
            sent_at      TIMESTAMPTZ NOT NULL,
            confidence   DOUBLE PRECISION NOT NULL,
            decision     TEXT,
            headline     TEXT NOT NULL,
            text         TEXT NOT NULL,
            PRIMARY KEY (channel, game_key, market, side, sent_at)
        );
        """)

    /// Version 22: the backtest's fractional Kelly results (in units of the flat stake) and the
    /// interval of its average closing-line value. Stakes and profits become units (one per
    /// bet): rows of an earlier backtest, graded at $100 a bet, are rescaled (their ROI stays).
    static let strategyStakes = SchemaMigration(version: 22, name: "strategy stakes and CLV interval", sql: """
        ALTER TABLE strategy_performance ADD COLUMN IF NOT EXISTS kelly_staked DOUBLE PRECISION;
        ALTER TABLE strategy_performance ADD COLUMN IF NOT EXISTS kelly_profit DOUBLE PRECISION;
        ALTER TABLE strategy_performance ADD COLUMN IF NOT EXISTS clv_low DOUBLE PRECISION;
        ALTER TABLE strategy_performance ADD COLUMN IF NOT EXISTS clv_high DOUBLE PRECISION;
        UPDATE strategy_performance SET staked = staked / 100, profit = profit / 100;
        """)
}
