import DuckCoordinator
import DuckDBKit
import Foundation
import Logging

/// Collects one capture of every feed: fetches them concurrently, parses and validates each,
/// ties splits and prices to the schedule's `gamePk`, and stores the whole capture — the games
/// upsert, every feed's splits, Pinnacle's odds and the sportsbooks' prices from SBD's
/// `sportsbooks` array — as **one** job on the writer (``CaptureStore``: `INSERT … ON CONFLICT`,
/// so what is already stored is skipped by the tables' keys, with no read first).
///
/// A feed that fails — its fetch throws, or its payload as a whole is rejected by the parser —
/// is reported with its error and skipped; the other feeds still land. A faulty market is
/// reported and left out by the parsers, the rest of the payload is stored; a feed where most
/// rows failed to parse is stored as far as it goes but reported as failed (``FeedReport/failed``).
/// When the schedule feed is not collected (or fails), games are matched against the `games`
/// table for the slate day.
///
/// ```swift
/// let db = try DatabaseCoordinator(path: "data/mlb_betting.duckdb", config: .dataCollector)
/// try await SchemaMigrator().migrate(db)
/// let collector = DataCollectorService(database: db)
/// let capture = CaptureContext(slateDate: SlateDate("2025-06-17")!, capturedAt: Date())
/// let report = try await collector.collect(capture, using: HTTPPayloadFetcher())
/// for feed in report.feeds { print(feed.feed, feed.parsed, feed.stored, feed.duplicates, feed.errors) }
/// ```
public struct DataCollectorService: Sendable {
    /// The database written.
    public let database: any DatabaseCoordinating
    /// The feeds collected.
    public let feeds: [SourceFeed]
    /// Priority of the writes: NORMAL by default, a collection's natural priority. `collect`
    /// returns only after its writes have committed, so the report's counts are final and
    /// detection can run right after whatever the priority.
    public let priority: OperationPriority
    /// `|differential|` at which `sharp_action` is stored.
    public let sharpThreshold: Double

    /// A collector of `feeds` writing to `database`.
    public init(
        database: any DatabaseCoordinating, feeds: [SourceFeed] = SourceFeed.all,
        priority: OperationPriority = .normal, sharpThreshold: Double = 10
    ) {
        self.database = database
        self.feeds = feeds
        self.priority = priority
        self.sharpThreshold = sharpThreshold
    }

    /// Collects one capture through `fetcher`.
    ///
    /// - Throws: only database errors; source failures are in the report.
    public func collect(_ capture: CaptureContext, using fetcher: any PayloadFetcher) async throws -> CollectionReport {
        let clock = ContinuousClock()
        let started = clock.now
        let fetched = await fetchAndParse(capture, fetcher)
        let fetchTime = started.duration(to: clock.now)

        var reports = Dictionary(uniqueKeysWithValues: feeds.map { ($0, FeedReport(feed: $0)) })
        var splitOutcomes: [(SourceFeed, ParseOutcome<Split>)] = []
        var oddsOutcome: ParseOutcome<Odds>?
        var priceOutcome: ParseOutcome<BookPrice>?
        var scheduleOutcome: ParseOutcome<ScheduledGame>?
        for item in fetched {
            var report = FeedReport(feed: item.feed)
            report.milliseconds = item.milliseconds
            switch item.result {
            case .failure(let failure):
                report.failed = true
                report.errors = [failure.message]
            case .success(let payload):
                let errors: [ParseError]
                let payloadDate: SlateDate?
                switch payload {
                case .splits(let outcome, let prices):
                    (errors, payloadDate, report.parsed) = (outcome.errors, outcome.slateDate, outcome.values.count)
                    report.rejected = outcome.failedRows
                    report.staleness = SourceStaleness(outcome.values)
                    if outcome.payloadError == nil { splitOutcomes.append((item.feed, outcome)) }
                    if let prices, outcome.payloadError == nil {
                        priceOutcome = prices
                        report.pricesParsed = prices.values.count
                        report.pricesRejected = prices.failedRows
                        report.priceErrors = prices.errors.map(\.description)
                        report.errors += report.priceErrors
                    }
                case .odds(let outcome):
                    (errors, payloadDate, report.parsed) = (outcome.errors, nil, outcome.values.count)
                    report.rejected = outcome.failedRows
                    if outcome.payloadError == nil { oddsOutcome = outcome }
                case .schedule(let outcome):
                    (errors, payloadDate, report.parsed) = (outcome.errors, outcome.slateDate, outcome.values.count)
                    report.rejected = outcome.failedRows
                    if outcome.payloadError == nil { scheduleOutcome = outcome }
                }
                report.errors = errors.map(\.description) + report.errors
                report.failed = errors.contains(where: \.isPayloadLevel) || report.mostRowsFailed || report.mostPricesFailed
                if let payloadDate, payloadDate != capture.slateDate {
                    report.notes.append("payload is for \(payloadDate), collecting \(capture.slateDate)")
                }
            }
            reports[item.feed] = report
        }

        let storeStarted = clock.now
        // The schedule to key against: this capture's, else the games stored for the day.
        let schedule: [ScheduledGame]
        if let listed = scheduleOutcome?.values { schedule = listed } else {
            schedule = try await GameStore(database: database).games(on: capture.slateDate)
        }

        let resolver = GameKeyResolver(schedule: schedule, slateDate: capture.slateDate)
        var keyedSplits: [KeyedSplit] = []
        for (feed, outcome) in splitOutcomes {
            let (keyed, notes) = resolver.key(outcome.values, payloadDate: outcome.slateDate)
            keyedSplits += keyed
            reports[feed]?.unmatched = keyed.filter { $0.gameKey.gamePk == nil }.count
            reports[feed]?.notes += notes
        }
        var keyedOdds: [KeyedOdds] = []
        if let oddsOutcome {
            let (keyed, notes) = resolver.key(oddsOutcome.values)
            keyedOdds = keyed
            reports[.pinnacle]?.unmatched = keyed.filter { $0.gameKey.gamePk == nil }.count
            reports[.pinnacle]?.notes += notes
        }
        let keyedPrices = priceOutcome.map { resolver.key($0.values).keyed } ?? []

        // One job on the writer for the whole capture.
        let stored = try await CaptureStore(database: database, sharpThreshold: sharpThreshold).store(
            CaptureRows(schedule: scheduleOutcome?.values, seenAt: capture.capturedAt, splits: keyedSplits,
                        odds: keyedOdds, prices: keyedPrices),
            priority: priority)
        if let games = stored.games {
            reports[.schedule]?.stored = games.written
            reports[.schedule]?.duplicates = games.unchanged
        }
        if priceOutcome != nil { reports[.sbd]?.pricesStored = stored.pricesStored }
        for feed in feeds where feed != .schedule && feed != .pinnacle {
            let count = stored.splits[SplitOrigin(source: feed.source.rawValue, book: feed.book?.rawValue ?? "")] ?? StoreCount()
            reports[feed]?.stored = count.stored
            reports[feed]?.duplicates = count.duplicates
        }
        if oddsOutcome != nil {
            reports[.pinnacle]?.stored = stored.odds.stored
            reports[.pinnacle]?.duplicates = stored.odds.duplicates
        }
        let report = CollectionReport(
            capture: capture, feeds: feeds.compactMap { reports[$0] },
            fetchMilliseconds: Self.milliseconds(fetchTime),
            storeMilliseconds: Self.milliseconds(storeStarted.duration(to: clock.now)))
        Self.log(report)
        return report
    }

    /// A warning per failed feed, a debug line per feed, an info line per capture.
    private static func log(_ report: CollectionReport) {
        for feed in report.feeds {
            let metadata: Logger.Metadata = [
                "operation": "collect", "source": "\(feed.feed.name)", "rows": "\(feed.stored)",
                "parsed": "\(feed.parsed)", "duration_ms": "\((feed.milliseconds * 10).rounded() / 10)",
            ]
            if feed.failed {
                bettingLog.warning("source failed", metadata: metadata.merging([
                    "error_kind": "source", "error": "\(feed.errors.joined(separator: "; "))",
                ]) { _, new in new })
            } else {
                bettingLog.debug("source collected", metadata: metadata)
            }
        }
        bettingLog.info("capture collected", metadata: [
            "operation": "collect", "rows": "\(report.totalStored)",
            "failed_sources": "\(report.failedFeeds.count)",
            "duration_ms": "\(((report.fetchMilliseconds + report.storeMilliseconds) * 10).rounded() / 10)",
        ])
    }

    /// A parsed payload of one feed.
    private enum FeedPayload: Sendable {
        case splits(ParseOutcome<Split>, prices: ParseOutcome<BookPrice>?)
        case odds(ParseOutcome<Odds>)
        case schedule(ParseOutcome<ScheduledGame>)
    }

    private struct FetchedFeed: Sendable {
        var feed: SourceFeed
        var result: Result<FeedPayload, FeedFailure>
        var milliseconds: Double
    }

    private struct FeedFailure: Error {
        var message: String
    }

    /// Every feed fetched and parsed concurrently, in the order of ``feeds``.
    private func fetchAndParse(_ capture: CaptureContext, _ fetcher: any PayloadFetcher) async -> [FetchedFeed] {
        await withTaskGroup(of: (Int, FetchedFeed).self) { group in
            for (index, feed) in feeds.enumerated() {
                group.addTask {
                    let clock = ContinuousClock()
                    let started = clock.now
                    let result: Result<FeedPayload, FeedFailure>
                    do {
                        result = .success(try await Self.fetchAndParse(feed, capture, fetcher))
                    } catch {
                        result = .failure(FeedFailure(message: "\(feed.name): fetch failed: \(error)"))
                    }
                    return (index, FetchedFeed(feed: feed, result: result,
                                               milliseconds: Self.milliseconds(started.duration(to: clock.now))))
                }
            }
            var results: [(Int, FetchedFeed)] = []
            for await item in group { results.append(item) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    private static func fetchAndParse(
        _ feed: SourceFeed, _ capture: CaptureContext, _ fetcher: any PayloadFetcher
    ) async throws -> FeedPayload {
        let at = capture.capturedAt
        switch feed {
        case .sbd:
            let data = try await fetcher.fetch(.sbd, for: capture)
            return .splits(SBDParser.parse(data, capturedAt: at), prices: SBDBookPriceParser.parse(data, capturedAt: at))
        case .vsin(let book):
            return .splits(VSINParser.parse(try await fetcher.fetch(.vsin(book), for: capture), capturedAt: at, book: book),
                           prices: nil)
        case .pinnacle:
            async let matchups = fetcher.fetch(.pinnacleMatchups, for: capture)
            async let markets = fetcher.fetch(.pinnacleMarkets, for: capture)
            return .odds(PinnacleParser.parse(matchups: try await matchups, markets: try await markets, capturedAt: at))
        case .schedule:
            return .schedule(ScheduleParser.parse(try await fetcher.fetch(.schedule, for: capture), capturedAt: at))
        }
    }

    private static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }
}
