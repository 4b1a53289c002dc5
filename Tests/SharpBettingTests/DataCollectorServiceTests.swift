import DuckCoordinator
import DuckDBKit
import Foundation
import Testing
@testable import SharpBetting

/// The collector over the recorded day 2025-06-17 into real DuckDB files.
///
/// Counts derived by hand from recorded/README.md and the payloads:
/// - 16:00: schedule 15 games; SBD 15 games listed, TOR@BAL all 0 and LAD@SF total 0 → 41 splits;
///   VSIN 14 rows × 3 = 42 (Circa), 41 (DK: LAD@SF run line 0); Pinnacle 14 × 3 = 42 odds.
/// - 22:30 and 22:55: 13 games listed; SBD 38, Circa 39, DK 38, Pinnacle 39.
/// - Splits: SBD 41+38+38 = 117, Circa 42+39+39 = 120, DK 41+38+38 = 117 → 354 rows.
///   Odds: 42+39+39 = 120 rows. Games: 15 rows.
/// - Games written: 15 at 16:00; 6 at 22:30 (777001 Final; 777002, 777003, 777004, 777005,
///   777007 Pre-Game); 3 at 22:55 (777004, 777005 In Progress; 777008 Pre-Game).
/// - At 16:00 the two VSIN CWS@DET rows per book cannot be told apart: 2 × 3 splits per book
///   stored under 2025-06-17:CWS@DET and …#2; later only game 2 is open, so it matches 777002.
@Suite struct DataCollectorServiceTests {
    static let day = SlateDate("2025-06-17")!

    static func collectDay(_ db: some DatabaseCoordinating, root: URL = Fixtures.recordedDay) async throws -> [CollectionReport] {
        let replay = Replay(root: root)
        let collector = DataCollectorService(database: db)
        var reports: [CollectionReport] = []
        for capture in try replay.captures() {
            reports.append(try await collector.collect(
                CaptureContext(slateDate: day, capturedAt: capture.capturedAt),
                using: ReplayFetcher(replay: replay, capture: capture)))
        }
        return reports
    }

    static func counts(_ report: CollectionReport) -> [String: [Int]] {
        Dictionary(uniqueKeysWithValues: report.feeds.map {
            ($0.feed.name, [$0.parsed, $0.stored, $0.duplicates, $0.unmatched, $0.errors.count])
        })
    }

    @Test(arguments: CoordinatorMode.allCases)
    func recordedDayLandsWithExactCounts(mode: CoordinatorMode) async throws {
        let db = try await TemporaryDatabase(mode: mode)
        let reports = try await Self.collectDay(db.coordinator)
        try #require(reports.count == 3)
        // [parsed, stored, duplicates, unmatched, errors]
        #expect(Self.counts(reports[0]) == [
            "schedule": [15, 15, 0, 0, 0], "sbd": [41, 41, 0, 0, 0], "vsin-circa": [42, 42, 0, 6, 0],
            "vsin-dk": [41, 41, 0, 6, 0], "pinnacle": [42, 42, 0, 0, 0],
        ])
        #expect(Self.counts(reports[1]) == [
            "schedule": [15, 6, 9, 0, 0], "sbd": [38, 38, 0, 0, 0], "vsin-circa": [39, 39, 0, 0, 0],
            "vsin-dk": [38, 38, 0, 0, 0], "pinnacle": [39, 39, 0, 0, 0],
        ])
        #expect(Self.counts(reports[2]) == [
            "schedule": [15, 3, 12, 0, 0], "sbd": [38, 38, 0, 0, 0], "vsin-circa": [39, 39, 0, 0, 0],
            "vsin-dk": [38, 38, 0, 0, 0], "pinnacle": [39, 39, 0, 0, 0],
        ])
        #expect(reports.allSatisfy { $0.failedFeeds.isEmpty })

        #expect(try await db.count("SELECT count(*) AS n FROM raw_mlb_betting_splits") == 354)
        let perFeed = try await db.coordinator.read("""
            SELECT source || ':' || book AS feed, count(*) AS n FROM raw_mlb_betting_splits GROUP BY ALL ORDER BY 1
            """, [])
        #expect(try perFeed.map { "\(try $0["feed", as: String.self])=\(try $0["n", as: Int.self])" }
                == ["sbd:=117", "vsin:circa=120", "vsin:dk=117"])
        #expect(try await db.count("SELECT count(*) AS n FROM odds_snapshots") == 120)
        #expect(try await db.count("SELECT count(*) AS n FROM games") == 15)
        #expect(try await db.count("SELECT count(*) AS n FROM raw_mlb_betting_splits WHERE game_id IS NULL") == 12)
        let fallbackKeys = try await db.coordinator.read("""
            SELECT DISTINCT game_key FROM raw_mlb_betting_splits WHERE game_id IS NULL ORDER BY 1
            """, []).map { try $0["game_key", as: String.self] }
        #expect(fallbackKeys == ["2025-06-17:CWS@DET", "2025-06-17:CWS@DET#2"])
        await db.close()
    }

    @Test func storedValuesAreTheRecordedFacts() async throws {
        let db = try await TemporaryDatabase()
        _ = try await Self.collectDay(db.coordinator)
        let circa = try await db.coordinator.read("""
            SELECT game_key, game_id, game_date, line_away_or_over, line_home_or_under, home_or_over_bets_pct,
                   home_or_over_money_pct, differential, sharp_action, book
            FROM raw_mlb_betting_splits
            WHERE source = 'vsin' AND book = 'circa' AND market = 'moneyline' AND away = 'PHI'
              AND snapshot_at = TIMESTAMPTZ '2025-06-17 22:55:00+00'
            """, [])
        try #require(circa.count == 1)
        #expect(try circa[0]["game_key", as: String.self] == "777003")
        #expect(try circa[0]["game_id", as: Int.self] == 777003)
        #expect(try circa[0]["game_date", as: DuckDBDate.self].description == "2025-06-17")
        #expect(try circa[0]["line_away_or_over", as: Double.self] == -142)
        #expect(try circa[0]["line_home_or_under", as: Double.self] == 130)
        #expect(try circa[0]["home_or_over_bets_pct", as: Double.self] == 29)
        #expect(try circa[0]["home_or_over_money_pct", as: Double.self] == 58)
        #expect(try circa[0]["differential", as: Double.self] == 29)
        #expect(try circa[0]["sharp_action", as: String.self] == "home")

        // SBD: snapshot_at is the feed's own `updated`, book is ''.
        let sbd = try await db.coordinator.read("""
            SELECT differential, sharp_action, away_or_under_bets, home_or_over_bets, book,
                   snapshot_at = source_updated_at AS own_time, captured_at
            FROM raw_mlb_betting_splits
            WHERE source = 'sbd' AND market = 'moneyline' AND game_key = '777003'
            ORDER BY snapshot_at DESC LIMIT 1
            """, [])
        #expect(try sbd[0]["differential", as: Double.self] == 30.35)
        #expect(try sbd[0]["sharp_action", as: String.self] == "home")
        #expect(try sbd[0]["away_or_under_bets", as: Int.self] == 1032)
        #expect(try sbd[0]["home_or_over_bets", as: Int.self] == 409)
        #expect(try sbd[0]["book", as: String.self] == "")
        #expect(try sbd[0]["own_time", as: Bool.self])
        #expect(try sbd[0]["captured_at", as: Date.self] == Fixtures.date("2025-06-17T22:55:00Z"))

        let under = try await db.coordinator.read("""
            SELECT sharp_action FROM raw_mlb_betting_splits
            WHERE game_key = '777012' AND market = 'total' AND source = 'sbd' ORDER BY snapshot_at DESC LIMIT 1
            """, [])
        #expect(try under[0]["sharp_action", as: String.self] == "under")

        let odds = try await db.coordinator.read("""
            SELECT price_home_or_over AS home, price_away_or_under AS away, game_key, max_risk_stake, market_key
            FROM odds_snapshots WHERE matchup_id = 1610000003 AND market = 'moneyline' ORDER BY snapshot_at
            """, [])
        #expect(try odds.map { try $0["home", as: Double.self] } == [146, 136, 126])
        #expect(try odds.map { try $0["away", as: Double.self] } == [-160, -148, -138])
        #expect(try odds.map { try $0["game_key", as: String.self] } == ["777003", "777003", "777003"])
        #expect(try odds[0]["market_key", as: String.self] == "s;0;m")

        let games = try await db.coordinator.read("SELECT game_id, status, game_number FROM games ORDER BY game_id", [])
        #expect(try games.map { try $0["status", as: String.self] } == [
            "Final", "Pre-Game", "Pre-Game", "In Progress", "In Progress", "Postponed", "Pre-Game", "Pre-Game",
            "Scheduled", "Scheduled", "Scheduled", "Scheduled", "Scheduled", "Scheduled", "Scheduled",
        ])
        await db.close()
    }

    @Test func doubleheaderResolvesToTwoGames() async throws {
        let db = try await TemporaryDatabase()
        _ = try await Self.collectDay(db.coordinator)
        for (source, expected) in [("sbd", [777001, 777002]), ("vsin", [777002])] {
            let ids = try await db.coordinator.read("""
                SELECT DISTINCT game_id FROM raw_mlb_betting_splits
                WHERE away = 'CWS' AND home = 'DET' AND source = ? AND game_id IS NOT NULL ORDER BY 1
                """, [.string(source)]).map { try $0["game_id", as: Int.self] }
            #expect(ids == expected, "\(source)")
        }
        let pinnacle = try await db.coordinator.read("""
            SELECT DISTINCT matchup_id, game_id FROM odds_snapshots WHERE away = 'CWS' ORDER BY 1
            """, []).map { "\(try $0["matchup_id", as: Int.self])→\(try $0["game_id", as: Int.self])" }
        #expect(pinnacle == ["1610000001→777001", "1610000002→777002"])
        // SBD game 1 and game 2 carry different numbers: they were not merged.
        let lines = try await db.coordinator.read("""
            SELECT game_id, home_or_over_bets_pct FROM raw_mlb_betting_splits
            WHERE source = 'sbd' AND away = 'CWS' AND market = 'moneyline' AND captured_at = TIMESTAMPTZ '2025-06-17 16:00:00+00'
            ORDER BY game_id
            """, [])
        #expect(lines.count == 2)
        #expect(try lines[0]["home_or_over_bets_pct", as: Double.self] != lines[1]["home_or_over_bets_pct", as: Double.self])
        await db.close()
    }

    @Test(arguments: CoordinatorMode.allCases)
    func collectingAgainAddsNothing(mode: CoordinatorMode) async throws {
        let db = try await TemporaryDatabase(mode: mode)
        _ = try await Self.collectDay(db.coordinator)
        let again = try await Self.collectDay(db.coordinator)
        for report in again {
            #expect(report.totalStored == 0)
            for feed in report.feeds { #expect(feed.duplicates == feed.parsed, "\(feed.feed)") }
        }
        #expect(again.map(\.totalDuplicates) == [15 + 41 + 42 + 41 + 42, 15 + 38 + 39 + 38 + 39, 15 + 38 + 39 + 38 + 39])
        #expect(try await db.count("SELECT count(*) AS n FROM raw_mlb_betting_splits") == 354)
        #expect(try await db.count("SELECT count(*) AS n FROM odds_snapshots") == 120)
        // Replaying the old capture did not undo the later statuses.
        #expect(try await db.count("SELECT count(*) AS n FROM games WHERE status = 'Final'") == 1)
        await db.close()
    }

    @Test func failingFeedsAreReportedAndTheOthersLand() async throws {
        let db = try await TemporaryDatabase()
        let copy = db.folder.appendingPathComponent("day")
        let capture = copy.appendingPathComponent(Fixtures.late)
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Fixtures.recordedDay.appendingPathComponent(Fixtures.late), to: capture)
        try FileManager.default.removeItem(at: capture.appendingPathComponent("vsin-circa.html"))
        try Data("<html><body><p>Splits are unavailable</p></body></html>".utf8)
            .write(to: capture.appendingPathComponent("vsin-dk.html"))

        let reports = try await Self.collectDay(db.coordinator, root: copy)
        try #require(reports.count == 1)
        let report = reports[0]
        #expect(report.failedFeeds == [.vsin(.circa), .vsin(.dk)])
        let circa = try #require(report.feed(.vsin(.circa)))
        #expect(circa.errors.count == 1)
        #expect(circa.errors[0].contains("vsin-circa.html"))
        #expect(circa.errors[0].contains(capture.appendingPathComponent("vsin-circa.html").path))
        #expect(try #require(report.feed(.vsin(.dk))).errors
                == ["vsin (dk) payload: no <table> whose class contains 'freezetable'"])
        #expect(Self.counts(report)["sbd"] == [38, 38, 0, 0, 0])
        #expect(Self.counts(report)["pinnacle"] == [39, 39, 0, 0, 0])
        #expect(Self.counts(report)["schedule"] == [15, 15, 0, 0, 0])
        #expect(try await db.count("SELECT count(*) AS n FROM raw_mlb_betting_splits") == 38)
        #expect(try await db.count("SELECT count(*) AS n FROM raw_mlb_betting_splits WHERE source = 'vsin'") == 0)
        await db.close()
    }

    @Test func withoutTheScheduleFeedGamesComeFromTheTable() async throws {
        let db = try await TemporaryDatabase()
        let replay = Fixtures.replay
        let capture = try Fixtures.capture(Fixtures.late)
        let context = CaptureContext(slateDate: Self.day, capturedAt: capture.capturedAt)
        let fetcher = ReplayFetcher(replay: replay, capture: capture)
        _ = try await DataCollectorService(database: db.coordinator, feeds: [.schedule]).collect(context, using: fetcher)
        let report = try await DataCollectorService(database: db.coordinator, feeds: [.vsin(.circa)])
            .collect(context, using: fetcher)
        #expect(Self.counts(report) == ["vsin-circa": [39, 39, 0, 0, 0]])
        #expect(try await db.count("SELECT count(*) AS n FROM raw_mlb_betting_splits WHERE game_id IS NULL") == 0)
        await db.close()
    }

    @Test func aFeedWhereMostRowsFailIsReportedFailedAndItsGoodRowsStillLand() async throws {
        let db = try await TemporaryDatabase()
        let copy = db.folder.appendingPathComponent("day")
        let capture = copy.appendingPathComponent(Fixtures.late)
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Fixtures.recordedDay.appendingPathComponent(Fixtures.late), to: capture)
        // Circa's page after a layout change: from the third game on, the percentages are words.
        let page = capture.appendingPathComponent("vsin-circa.html")
        let rows = try String(contentsOf: page, encoding: .utf8).components(separatedBy: "<tr class=\"sp-row\"")
        let broken = rows.enumerated().map { index, row in index <= 2 ? row : row.replacingOccurrences(of: "%&nbsp;", with: " pct") }
        try Data(broken.joined(separator: "<tr class=\"sp-row\"").utf8).write(to: page)

        let report = try await Self.collectDay(db.coordinator, root: copy)[0]
        let circa = try #require(report.feed(.vsin(.circa)))
        #expect(circa.parsed == 6 && circa.rejected == 33 && circa.stored == 6)   // 2 of 13 games × 3 markets parse
        #expect(circa.failed && circa.mostRowsFailed)
        #expect(circa.health == "FAILED: most rows did not parse (parsed 6, failed 33 of 39 rows)")
        #expect(report.failedFeeds == [.vsin(.circa)])
        let dk = try #require(report.feed(.vsin(.dk)))
        #expect(!dk.failed && dk.health == "parsed 38, failed 0 of 38 rows")

        // The pre-game run says so: degraded, with the feed and why.
        let workflow = PreGameWorkflowService.unhurried(db: db.coordinator, sinks: [ConsoleAlertSink(write: { _ in })])
        let request = PreGameRunRequest(slateDate: Self.day, capturedAt: try Fixtures.capture(Fixtures.late).capturedAt)
        let replay = Replay(root: copy)
        let run = try await workflow.run(request, using: ReplayFetcher(replay: replay, capture: try replay.captures()[0]))
        #expect(run.status == .degraded)
        #expect(run.stage(.collect)?.detail?.hasPrefix("failed feeds: vsin-circa (FAILED: most rows did not parse") ?? false)
        await db.close()
    }

    @Test func sbdBookPricesNobodyCanReadMakeTheFeedFailedNamingTheLayoutChange() async throws {
        let db = try await TemporaryDatabase()
        let copy = db.folder.appendingPathComponent("day")
        let capture = copy.appendingPathComponent(Fixtures.late)
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Fixtures.recordedDay.appendingPathComponent(Fixtures.late), to: capture)
        // SBD after a layout change: each book's prices flat on the entry, no `odds` object.
        let file = capture.appendingPathComponent("sbd.json")
        var root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        root["games"] = (root["games"] as? [[String: Any]] ?? []).map { game in
            var game = game
            game["sportsbooks"] = [["name": "betmgm", "moneyline": ["away": "+130", "home": "-142"]]]
            return game
        }
        try JSONSerialization.data(withJSONObject: root).write(to: file)

        let report = try await Self.collectDay(db.coordinator, root: copy)[0]
        let sbd = try #require(report.feed(.sbd))
        #expect(sbd.failed && sbd.mostPricesFailed && !sbd.mostRowsFailed)
        #expect(sbd.pricesParsed == 0 && sbd.pricesRejected == 13 && sbd.parsed == 38 && sbd.stored == 38)   // the splits still land
        #expect(sbd.health == "FAILED: most sportsbook prices did not parse (parsed 0, failed 13 price rows; parsed 38, failed 0 of 38 rows)")
        #expect(sbd.errors.contains { $0.contains("13 of 13 book entries list prices in no layout we read")
            && $0.contains("the feed's sportsbooks layout has changed") })
        #expect(report.failedFeeds == [.sbd])
        #expect(try await db.count("SELECT count(*) AS n FROM book_prices") == 0)
        await db.close()
    }

    @Test func sbdSportsbookPricesAreStoredOncePerBookAndMarket() async throws {
        let db = try await TemporaryDatabase()
        let capture = try Fixtures.capture(Fixtures.late)
        let context = CaptureContext(slateDate: Self.day, capturedAt: capture.capturedAt)
        let fetcher = ReplayFetcher(replay: Fixtures.replay, capture: capture)
        let collector = DataCollectorService(database: db.coordinator)
        let first = try await collector.collect(context, using: fetcher)
        let sbd = try #require(first.feed(.sbd))
        #expect(sbd.pricesParsed == 65 && sbd.pricesStored == 65 && sbd.pricesRejected == 0 && !sbd.failed)
        #expect(try await db.count("SELECT count(*) AS n FROM book_prices WHERE game_id IS NOT NULL AND book = 'betmgm'") == 39)
        let rows = try await db.coordinator.read("""
            SELECT line_home_or_under AS line, price_home_or_over AS home, price_away_or_under AS away
            FROM book_prices WHERE game_id = 777003 AND market = 'spread'
            """, [])
        #expect(rows.count == 1)
        #expect(try [rows[0]["line", as: Double.self], rows[0]["home", as: Double.self], rows[0]["away", as: Double.self]]
                == [1.5, -175, 150])
        // The same capture again: nothing new.
        let again = try await collector.collect(context, using: fetcher)
        #expect(again.feed(.sbd)?.pricesStored == 0)
        #expect(try await db.count("SELECT count(*) AS n FROM book_prices") == 65)
        await db.close()
    }
}
