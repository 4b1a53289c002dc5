import ArgumentParser
import DuckCoordinator
import DuckRemote
import Foundation
import Observability
import SharpBetting

struct CollectCommand: AsyncParsableCommand, WatchesItsOwnSignals {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Collect betting splits, Pinnacle odds and the schedule into the database.",
        discussion: """
            Fetches every source at once, parses and validates each, ties games to the MLB gamePk \
            (doubleheaders by teams and start time), skips what is already stored, and writes the splits \
            in one bulk insert. A source that fails is reported and skipped; the others still land. A \
            faulty market is left out alone; a source where most rows fail to parse counts as FAILED. \
            Progress goes to stderr; a summary table (source, parsed, rejected, stored, duplicates, \
            errors, ms, status: ok or FAILED in n/m captures) to stdout. Without --replay or --simulate \
            it fetches the live sites.

            --replay takes a recorded day (one folder per capture, named for its UTC time) and runs \
            every capture in time order, or a single capture folder. A capture folder holds \
            schedule.json, sbd.json, vsin-circa.html, vsin-dk.html, pinnacle-matchups.json and \
            pinnacle-markets.json (recorded/2025-06-17/2025-06-17T16-00-00Z, say).

            Examples:
              sharp collect --replay recorded/2025-06-17  # the recorded day, 3 captures
              sharp collect --replay recorded/2025-06-17/2025-06-17T22-55-00Z \\
                  --source vsin,pinnacle                      # one capture, two sources
              sharp collect --simulate 42 --interval 30       # a simulated slate
              sharp collect --record captures/today           # live, keeping the payloads
              sharp collect --replay recorded/2025-06-17 --db-mode legacy \\
                  --path /tmp/mlb.duckdb
            """
    )

    @Option(help: "Sources, comma-separated: sbd, vsin, pinnacle, schedule.")
    var source = "sbd,vsin,pinnacle,schedule"

    @Option(help: "Replay a recorded day folder, or one capture folder, instead of fetching.")
    var replay: String?

    @Option(help: "Collect a simulated slate made from this seed instead of fetching (into data/simulated.duckdb unless --path).")
    var simulate: UInt64?

    @Option(help: "With --simulate: minutes between captures.")
    var interval: Int = 5

    @Option(help: "With --simulate: games to simulate (15 a day; 2430 is a season).")
    var games: Int = 15

    @Option(name: .customLong("sharp-win-rate"), help: ArgumentHelp(
        "With --simulate: how often the sharp side wins (0-1, e.g. 0.56); also loads each simulated day's final scores, for `sharp backtest`.",
        valueName: "rate"))
    var sharpWinRate: Double?

    @Option(name: .customLong("closing-move"), help: ArgumentHelp(
        "With --simulate: points of fair probability the sharp side's line gains from T-5 to first pitch, on average "
            + "(0: it does not move): the closing-line value a backtest should find.", valueName: "points"))
    var closingMove: Double = 2

    @Option(help: "The slate day, YYYY-MM-DD (default: from the replay folder, else today in New York).")
    var date: String?

    @OptionGroup var metrics: MetricsArguments

    @Option(help: "Save every fetched payload under this folder, in the replay layout.")
    var record: String?

    @OptionGroup(title: "Storage options") var database: DatabaseArguments

    func validate() throws {
        if replay != nil, simulate != nil { throw ValidationError("use --replay or --simulate, not both") }
        if let date, SlateDate(date) == nil { throw ValidationError("--date '\(date)' is not YYYY-MM-DD") }
        _ = try sources()
        if interval < 1 { throw ValidationError("--interval must be at least 1 minute") }
        if let sharpWinRate {
            guard simulate != nil else { throw ValidationError("--sharp-win-rate needs --simulate") }
            guard sharpWinRate >= 0 && sharpWinRate <= 1 else { throw ValidationError("--sharp-win-rate must be between 0 and 1") }
        }
        if !(closingMove >= 0 && closingMove <= 20) { throw ValidationError("--closing-move must be between 0 and 20 points") }
    }

    func sources() throws -> Set<SourceName> {
        var names = Set<SourceName>()
        for part in source.split(separator: ",") {
            let name = part.trimmingCharacters(in: .whitespaces)
            guard let known = SourceName(rawValue: name) else {
                throw ValidationError("unknown source '\(name)'; choose from sbd, vsin, pinnacle, schedule")
            }
            names.insert(known)
        }
        if names.isEmpty { throw ValidationError("--source names no source") }
        return names
    }

    /// One capture to collect, with the fetcher serving it.
    struct Job {
        var capture: CaptureContext
        var fetcher: any PayloadFetcher
        var label: String
    }

    func jobs() throws -> [Job] {
        let fixedDate = date.flatMap { SlateDate($0) }
        if let replay {
            return try Self.replayJobs(URL(fileURLWithPath: replay), date: fixedDate)
        }
        if let simulator = simulator() {
            return simulator.slates.flatMap { slate in
                slate.captureTimes.indices.map { index in
                    Job(capture: CaptureContext(slateDate: slate.date, capturedAt: slate.captureTimes[index]),
                        fetcher: SimulatedFetcher(slate: slate, captureIndex: index),
                        label: "simulated \(ReplayCapture.folderName(for: slate.captureTimes[index]))")
                }
            }
        }
        let now = Date()
        return [Job(capture: CaptureContext(slateDate: fixedDate ?? CaptureContext.slateDate(at: now), capturedAt: now),
                    fetcher: HTTPPayloadFetcher(), label: "live")]
    }

    /// The simulator of --simulate, nil without it.
    func simulator() -> SlateSimulator? {
        simulate.map { seed in
            SlateSimulator(seed: seed, games: games, startDate: date.flatMap { SlateDate($0) } ?? SlateDate("2025-06-17")!,
                           captureInterval: Double(interval * 60), sharpWinRate: sharpWinRate, closingMove: closingMove)
        }
    }

    static func replayJobs(_ folder: URL, date: SlateDate?) throws -> [Job] {
        let layout = "expected DAY/<YYYY-MM-DDTHH-MM-SSZ>/{schedule.json, sbd.json, vsin-circa.html, vsin-dk.html, "
            + "pinnacle-matchups.json, pinnacle-markets.json} (as in recorded/2025-06-17), or one such capture folder"
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandFailure("no replay folder at \(folder.path): \(layout)", status: .noInput)
        }
        let single = ReplayCapture(directory: folder)
        let replay = Replay(root: single == nil ? folder : folder.deletingLastPathComponent())
        let captures = try single.map { [$0] } ?? replay.captures()
        guard !captures.isEmpty else {
            throw CommandFailure("no capture folders in \(folder.path): \(layout)", status: .noInput)
        }
        let dayFromFolder = SlateDate(replay.root.lastPathComponent)
        return captures.map { capture in
            Job(capture: CaptureContext(slateDate: date ?? dayFromFolder ?? CaptureContext.slateDate(at: capture.capturedAt),
                                        capturedAt: capture.capturedAt),
                fetcher: ReplayFetcher(replay: replay, capture: capture), label: "replay \(capture.name)")
        }
    }

    func run() async throws {
        let feeds = SourceFeed.feeds(for: try sources())
        let jobs = try jobs()
        let database = self.database.keepingSimulationApart(simulate != nil)
        // Ctrl-C or SIGTERM: the capture being stored finishes (its rows commit together), the
        // others are left, and the summary of those done is printed before the file is closed.
        // Watched from before the file is opened, so a signal while it opens still closes it.
        let stop = StopRequest()
        let subscription = InterruptSignal.watch { word in
            if stop.signal == nil { StandardError.print("\(word): stopping after the current capture") }
            stop.request(word)
        }
        defer { subscription.cancel() }
        let db = try await database.openMigrated(defaultPreset: "data-collector")
        var totals = CollectionSummary(feeds: feeds)
        var done = 0
        var route = database.mode.rawValue
        try await db.closing(metrics) {
            try await SchemaMigrator().migrate(db)
            let collector = DataCollectorService(database: db, feeds: feeds)
            // Many captures (a recorded day, a simulated slate): a progress bar, the details above it.
            let progress = jobs.count > 1 ? ProgressBar(label: "collect", total: jobs.count) : nil
            let say: (String) -> Void = { line in if let progress { progress.say(line) } else { StandardError.print(line) } }
            for job in jobs {
                if stop.signal != nil { break }
                let fetcher: any PayloadFetcher = record.map { RecordingFetcher(job.fetcher, root: URL(fileURLWithPath: $0)) }
                    ?? job.fetcher
                let report = try await collector.collect(job.capture, using: fetcher)
                say("\(job.label) (slate \(job.capture.slateDate))")
                for feed in report.feeds {
                    say("  \(feed.feed.name.padding(toLength: 11, withPad: " ", startingAt: 0)) "
                        + (feed.failed ? "FAILED " : "") + "parsed \(feed.parsed), rejected \(feed.rejected), stored \(feed.stored), "
                        + "duplicates \(feed.duplicates), errors \(feed.errors.count)"
                        + (feed.unmatched > 0 ? ", unmatched \(feed.unmatched)" : "")
                        + (feed.pricesParsed > 0 ? ", book prices \(feed.pricesParsed) (stored \(feed.pricesStored))" : "")
                        + (feed.staleness.map { ", \($0)" } ?? ""))
                    for error in feed.errors { say("    error: \(error)") }
                    for note in feed.notes { say("    note: \(note)") }
                }
                totals.add(report)
                done += 1
                progress?.advance()
            }
            progress?.finish()
            if case .remote(let remote, let owner)? = try? await db.backend {
                route = owner.map { "through its owner, pid \($0.pid)" } ?? "through \(remote.endpoint)"
            }
            if let signal = stop.signal {
                StandardError.print("\(signal): collected \(done) of " + counted(jobs.count, "capture"))
            } else if sharpWinRate != nil, let simulator = simulator() {
                var loaded = 0
                for slate in simulator.slates {
                    loaded += try await OutcomeLoader().load(slate.outcomesPayload, into: db).loaded.count
                }
                StandardError.print("loaded " + counted(loaded, "simulated final score") + " into game_outcomes")
            }
        }
        print(totals.table(captures: done, path: database.path, route: route))
        if totals.parsedAnything == false, stop.signal == nil { throw ExitCode.failure }
    }
}

