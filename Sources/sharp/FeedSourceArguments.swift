import ArgumentParser
import Foundation
import SharpBetting

/// Where the pre-game and monitor commands get payloads: a recorded day, a simulated slate, or
/// the live sites.
struct FeedSourceArguments: ParsableArguments {
    @Option(help: ArgumentHelp("Play back a recorded day (one folder per capture); each run reads the latest capture at or before its time.", valueName: "dir"))
    var replay: String?

    @Option(help: ArgumentHelp("Play back a simulated slate made from this seed (into data/simulated.duckdb unless --path).", valueName: "seed"))
    var simulate: UInt64?

    @Option(help: "With --simulate: minutes between the simulated captures.")
    var captureMinutes: Int = 30

    @Option(name: .customLong("sharp-win-rate"), help: ArgumentHelp(
        "With --simulate: how often the sharp side wins (0-1), with the day's final scores.", valueName: "rate"))
    var sharpWinRate: Double?

    @Option(name: .customLong("closing-move"), help: ArgumentHelp(
        "With --simulate: points of fair probability the sharp side's line gains from T-5 to first pitch, on average.",
        valueName: "points"))
    var closingMove: Double = 2

    @Option(help: "The slate day, YYYY-MM-DD (default: from the replay folder or the simulation, else today in New York).")
    var date: SlateDate?

    func validate() throws {
        if replay != nil, simulate != nil { throw ValidationError("use --replay or --simulate, not both") }
        if captureMinutes < 1 { throw ValidationError("--capture-minutes must be at least 1") }
        if let sharpWinRate {
            guard simulate != nil else { throw ValidationError("--sharp-win-rate needs --simulate") }
            guard sharpWinRate >= 0 && sharpWinRate <= 1 else { throw ValidationError("--sharp-win-rate must be between 0 and 1") }
        }
        if !(closingMove >= 0 && closingMove <= 20) { throw ValidationError("--closing-move must be between 0 and 20 points") }
    }

    /// A recorded or simulated day: its slate, and its captures in time order.
    struct Timeline {
        var slateDate: SlateDate
        var fetcher: TimelineFetcher
        /// The day's final scores (a schedule payload) and where they come from.
        var outcomes: (data: Data, origin: String)?
    }

    /// The recorded or simulated day asked for, nil for live.
    func timeline() throws -> Timeline? {
        if let replay {
            let root = URL(fileURLWithPath: replay)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw CommandFailure("no replay folder at \(root.path): expected DAY/<YYYY-MM-DDTHH-MM-SSZ>/… as in recorded/2025-06-17",
                                     status: .noInput)
            }
            let fetcher = try TimelineFetcher(replay: Replay(root: root))
            guard let first = fetcher.entries.first else {
                throw CommandFailure("no capture folders in \(root.path): expected DAY/<YYYY-MM-DDTHH-MM-SSZ>/… as in recorded/2025-06-17",
                                     status: .noInput)
            }
            let file = root.appendingPathComponent("outcomes.json")
            let outcomes = try FileManager.default.fileExists(atPath: file.path) ? Data(contentsOf: file) : nil
            return Timeline(slateDate: date ?? SlateDate(root.lastPathComponent) ?? CaptureContext.slateDate(at: first.capturedAt),
                            fetcher: fetcher, outcomes: outcomes.map { ($0, file.path) })
        }
        if let simulate {
            let slate = SlateSimulator(seed: simulate, games: SlateSimulator.gamesPerDay,
                                       startDate: date ?? SlateDate("2025-06-17")!,
                                       captureInterval: Double(captureMinutes * 60), sharpWinRate: sharpWinRate,
                                       closingMove: closingMove).slate(day: 0)
            return Timeline(slateDate: slate.date, fetcher: TimelineFetcher(slate: slate),
                            outcomes: sharpWinRate == nil ? nil : (slate.outcomesPayload, "the simulation"))
        }
        return nil
    }
}
