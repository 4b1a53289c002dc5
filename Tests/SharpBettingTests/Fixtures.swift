import Foundation
import Testing
@testable import SharpBetting

/// The recorded day the repository ships, found from this file's location.
enum Fixtures {
    static let recordedDay = URL(filePath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "recorded/2025-06-17")

    static let replay = Replay(root: recordedDay)

    static func capture(_ name: String) throws -> ReplayCapture {
        try #require(try replay.captures().first { $0.name == name })
    }

    static let early = "2025-06-17T16-00-00Z"
    static let middle = "2025-06-17T22-30-00Z"
    static let late = "2025-06-17T22-55-00Z"

    static func vsin(_ book: Book, at name: String) throws -> ParseOutcome<Split> {
        let capture = try capture(name)
        return VSINParser.parse(try replay.payload(.vsin(book), at: capture),
                                capturedAt: capture.capturedAt, book: book)
    }

    static func sbd(at name: String) throws -> ParseOutcome<Split> {
        let capture = try capture(name)
        return SBDParser.parse(try replay.payload(.sbd, at: capture), capturedAt: capture.capturedAt)
    }

    static func pinnacle(at name: String) throws -> ParseOutcome<Odds> {
        let capture = try capture(name)
        let payloads = try replay.pinnaclePayloads(at: capture)
        return PinnacleParser.parse(matchups: payloads.matchups, markets: payloads.markets,
                                    capturedAt: capture.capturedAt)
    }

    static func schedule(at name: String) throws -> ParseOutcome<ScheduledGame> {
        ScheduleParser.parse(try replay.payload(.schedule, at: try capture(name)))
    }

    static func date(_ text: String) -> Date { UTCTimestamp.parse(text)! }
}

extension Array where Element == Split {
    /// The one split of `away`@`home` in `market`; fails the test when there is not exactly one.
    func one(_ away: Team, _ home: Team, _ market: Market) throws -> Split {
        let found = filter { $0.away == away && $0.home == home && $0.market == market }
        try #require(found.count == 1, "expected one \(away)@\(home) \(market) split, found \(found.count)")
        return found[0]
    }
}
