import DuckCoordinator
import DuckDBKit
import Foundation
import SharpBetting
import Testing

/// The pipeline on DuckDB and on a real PostgreSQL (made by each test): the same migrations,
/// the same capture jobs, the same detection and reports, and the ledger's exactly-once claim
/// between two clients.
@Suite("The pipeline on both engines")
struct TwoEngineTests {
    static let day = SlateDate("2025-06-17")!

    /// Every capture of the recorded day, in time order, through the collector.
    static func collectRecordedDay(into db: any DatabaseCoordinating) async throws -> [CollectionReport] {
        var reports: [CollectionReport] = []
        for capture in try Fixtures.replay.captures() {
            reports.append(try await DataCollectorService(database: db).collect(
                CaptureContext(slateDate: day, capturedAt: capture.capturedAt),
                using: ReplayFetcher(replay: Fixtures.replay, capture: capture)))
        }
        return reports
    }

    @Test("two migrators at once apply each version once; a migrated database needs no write", arguments: Engine.allCases)
    func migrationsOnceEvenWhenRacing(engine: Engine) async throws {
        let database = try await EngineDatabase.make(engine, migrate: false)
        let other = try await database.connect()
        async let first = SchemaMigrator().migrate(database.db)
        async let second = SchemaMigrator().migrate(other)
        let versions = try await [first, second]
        let latest = SchemaMigrator().latestVersion
        #expect(versions == [latest, latest])
        #expect(try await database.count("SELECT count(*) AS n FROM schema_migrations") == SchemaMigrations.all.count)
        // The views of migrations 2 and 12 read on this engine.
        #expect(try await database.count("SELECT count(*) AS n FROM betting_splits") == 0)
        #expect(try await database.count("SELECT count(*) AS n FROM line_movements") == 0)
        if engine == .duckdb {
            let writes = await database.db.stats().writesTotal
            #expect(try await SchemaMigrator().migrate(database.db) == latest)
            #expect(await database.db.stats().writesTotal == writes, "an up-to-date schema is not written to")
        }
        await database.close()
    }

    @Test("a capture is stored once: again, every row is a duplicate; a later capture moves last_captured_at", arguments: Engine.allCases)
    func aCaptureStoredTwiceAddsNothing(engine: Engine) async throws {
        let database = try await EngineDatabase.make(engine)
        let capture = try Fixtures.capture(Fixtures.middle)
        let context = CaptureContext(slateDate: Self.day, capturedAt: capture.capturedAt)
        let fetcher = ReplayFetcher(replay: Fixtures.replay, capture: capture)
        let first = try await DataCollectorService(database: database.db).collect(context, using: fetcher)
        let rows = try await database.count("SELECT count(*) AS n FROM raw_mlb_betting_splits")
        let splitFeeds = first.feeds.filter { $0.feed != .schedule && $0.feed != .pinnacle }
        #expect(rows > 0 && rows == splitFeeds.reduce(0) { $0 + $1.stored })
        // Each feed's count is its own rows (DuckDB counts all feeds' rows from one insert).
        for feed in splitFeeds {
            let own: SQLQuery = """
                SELECT count(*) AS n FROM raw_mlb_betting_splits WHERE source = \(.string(feed.feed.source.rawValue))
                  AND book = \(.string(feed.feed.book?.rawValue ?? ""))
                """
            #expect(try await database.db.read(own)[0]["n", as: Int.self] == feed.stored, "\(feed.feed.name)")
        }
        let again = try await DataCollectorService(database: database.db).collect(context, using: fetcher)
        for feed in again.feeds {
            #expect(feed.stored == 0, "\(feed.feed.name) stored again")
            #expect(feed.duplicates == first.feeds.first { $0.feed == feed.feed }!.stored + first.feeds.first { $0.feed == feed.feed }!.duplicates,
                    "\(feed.feed.name)")
        }
        #expect(try await database.count("SELECT count(*) AS n FROM raw_mlb_betting_splits") == rows)
        #expect(try await database.count("SELECT count(*) AS n FROM book_prices") == first.feeds.first { $0.feed == .sbd }!.pricesStored)

        // The same payloads captured ten minutes later: SBD's snapshots carry their own time, so
        // no SBD row is new, but each was seen again (VSIN's carry the capture's time: new rows).
        let later = capture.capturedAt.addingTimeInterval(600)
        let third = try await DataCollectorService(database: database.db).collect(
            CaptureContext(slateDate: Self.day, capturedAt: later), using: fetcher)
        let sbd = try #require(third.feeds.first { $0.feed == .sbd })
        #expect(sbd.stored == 0 && sbd.duplicates > 0)
        let seenLater: SQLQuery = """
            SELECT count(*) AS n FROM raw_mlb_betting_splits WHERE source = 'sbd' AND last_captured_at = \(.timestampTZ(later))
            """
        let sbdRows = try await database.count("SELECT count(*) AS n FROM raw_mlb_betting_splits WHERE source = 'sbd'")
        #expect(sbdRows > 0)
        #expect(try await database.db.read(seenLater)[0]["n", as: Int.self] == sbdRows)
        await database.close()
    }

    @Test("the recorded day gives the same stored rows, signals, confidences and report on both engines")
    func sameSignalsOnBothEngines() async throws {
        var results: [Engine: (counts: [Int], stored: [TableChecksum], signals: [SharpSignal], report: DailyReport)] = [:]
        for engine in Engine.allCases {
            let database = try await EngineDatabase.make(engine)
            do {
                _ = try await Self.collectRecordedDay(into: database.db)
                var counts: [Int] = []
                // Every stored value, not just the counts (DuckDB stores a capture through staging
                // tables, PostgreSQL through multi-row INSERTs: the rows must be the same).
                var stored: [TableChecksum] = []
                for table in ["games", "raw_mlb_betting_splits", "odds_snapshots", "book_prices"] {
                    counts.append(try await database.count("SELECT count(*) AS n FROM \(table)"))
                    var checksum = TableChecksum()
                    for row in try await database.db.read("SELECT * FROM \(table)", []).rows { checksum.add(row.values) }
                    stored.append(checksum)
                }
                var signals: [SharpSignal] = []
                for asOf in ["2025-06-17T22:30:00Z", "2025-06-17T22:55:00Z"] {
                    signals += try await SharpDetector(config: .preGame).detect(database.db, gameDate: Self.day,
                                                                                 asOf: Fixtures.date(asOf)).signals
                }
                try await Self.save(signals, in: database.db)
                _ = try await OutcomeLoader().load(Data(contentsOf: Fixtures.recordedDay.appendingPathComponent("outcomes.json")),
                                                   into: database.db)
                let report = try await Self.report(database.db)
                results[engine] = (counts, stored, signals, report)
            } catch {
                await database.close()
                throw error
            }
            await database.close()
        }
        let duck = try #require(results[.duckdb]), postgres = try #require(results[.postgresql])
        #expect(duck.counts == postgres.counts)
        #expect(duck.stored == postgres.stored)
        #expect(duck.stored.allSatisfy { $0.rows > 0 })
        #expect(duck.signals.count >= 3)
        #expect(duck.signals.map(\.id) == postgres.signals.map(\.id))
        #expect(duck.signals.map(\.pick) == postgres.signals.map(\.pick))
        for (a, b) in zip(duck.signals, postgres.signals) {
            #expect(abs(a.confidence.value - b.confidence.value) < 1e-9, "\(a.id): \(a.confidence.value) vs \(b.confidence.value)")
        }
        #expect(duck.report.signals.map(\.signal.id) == postgres.report.signals.map(\.signal.id))
        #expect(duck.report.signals.map(\.result) == postgres.report.signals.map(\.result))
        #expect(duck.report.signals.map(\.price) == postgres.report.signals.map(\.price))
        #expect(duck.report.summary.wins == postgres.report.summary.wins && duck.report.summary.losses == postgres.report.summary.losses)
    }

    @Test("two clients that both find a pick due: exactly one claims it", arguments: Engine.allCases)
    func theLedgerClaimIsExactlyOnce(engine: Engine) async throws {
        let database = try await EngineDatabase.make(engine)
        _ = try await Self.collectRecordedDay(into: database.db)
        let detected = try await SharpDetector(config: .preGame).detect(database.db, gameDate: Self.day,
                                                                         asOf: Fixtures.date("2025-06-17T22:55:00Z")).signals
        try await Self.claimRace(database.db, try await database.connect(), detected: detected, database: database)
        await database.close()
    }

    static func save<D: DatabaseCoordinating>(_ signals: [SharpSignal], in db: D) async throws {
        try await SignalStore(db).save(signals)
    }

    static func report<D: DatabaseCoordinating>(_ db: D) async throws -> DailyReport {
        try await DailyReportService(db).report(for: day, now: Fixtures.date("2025-06-18T06:00:00Z"))
    }

    /// Two ledgers on two clients of one database (the same coordinator type) race to claim `signals`.
    static func claimRace<D: DatabaseCoordinating>(_ first: D, _ second: any DatabaseCoordinating, detected: [SharpSignal],
                                                   database: EngineDatabase) async throws {
        let mine = AlertLedger(first, channel: .monitor)
        let theirs = AlertLedger(try #require(second as? D), channel: .monitor)
        let signals = try await mine.due(detected)   // one per pick
        #expect(signals.count >= 3)
        // Both look first: every pick is due for both.
        #expect(try await mine.due(signals).count == signals.count)
        #expect(try await theirs.due(signals).count == signals.count)
        let time = Fixtures.date("2025-06-17T22:55:00Z")
        async let a = mine.claim(signals, at: time)
        async let b = theirs.claim(signals, at: time)
        let (claimedA, claimedB) = try await (a, b)
        #expect(claimedA.count + claimedB.count == signals.count, "each pick claimed exactly once")
        #expect(Set(claimedA.map(\.id)).isDisjoint(with: claimedB.map(\.id)))
        #expect(try await database.count("SELECT count(*) AS n FROM monitor_alert_ledger WHERE alert_count = 1") == signals.count)
        // Claimed again at the same confidence: nobody gets it.
        #expect(try await theirs.claim(signals, at: time).isEmpty)
        // A claim given back (no sink took the alert) makes the pick due again.
        let given = try #require(claimedA.first ?? claimedB.first)
        try await mine.release(given, previous: nil)
        #expect(try await mine.due(signals).map(\.id) == [given.id])
    }
}
