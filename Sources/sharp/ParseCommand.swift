import ArgumentParser
import Foundation
import SharpBetting

struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse one saved payload and print one JSON object per line.",
        discussion: """
            SOURCE is sbd, vsin, pinnacle or schedule. Splits print with the keys source, book, market, \
            away, home, game_time, line_away_or_over, line_home_or_under, away_or_under_bets_pct, \
            away_or_under_money_pct, home_or_over_bets_pct, home_or_over_money_pct, away_or_under_bets, \
            home_or_over_bets, differential, sharp_action (totals: "home or over" is the over). Pinnacle \
            prints odds (matchup_id, market, price_home_or_over, …, implied_home_or_over); schedule \
            prints games (game_pk, game_time, status, …). Errors go to stderr, naming source, game and \
            field; a payload that does not parse at all exits with status 65.

            Examples:
              sharp parse sbd recorded/2025-06-17/2025-06-17T22-55-00Z/sbd.json
              sharp parse vsin recorded/2025-06-17/2025-06-17T22-55-00Z/vsin-dk.html \\
                  --book dk
              sharp parse pinnacle \\
                  recorded/2025-06-17/2025-06-17T22-55-00Z/pinnacle-matchups.json \\
                  --markets recorded/2025-06-17/2025-06-17T22-55-00Z/pinnacle-markets.json
              sharp parse schedule recorded/2025-06-17/2025-06-17T16-00-00Z/schedule.json
            """
    )

    @Argument(help: "sbd | vsin | pinnacle | schedule")
    var source: SourceName

    @Argument(help: "The payload file (for pinnacle: the matchups file).")
    var file: String

    @Option(help: "VSIN's book: circa or dk.")
    var book: String = "circa"

    @Option(help: "Pinnacle's straight-markets file (required for pinnacle).")
    var markets: String?

    @Option(name: .customLong("captured-at"), help: "When the payload was fetched, ISO-8601 UTC (default: now).")
    var capturedAt: String?

    func validate() throws {
        if source == .vsin, !["circa", "dk"].contains(book) {
            throw ValidationError("--book must be circa or dk (got '\(book)')")
        }
        if source == .pinnacle, markets == nil {
            throw ValidationError("pinnacle needs both payloads: FILE is the matchups file, --markets the straight-markets file")
        }
        if let capturedAt, ISO8601Time.parse(capturedAt) == nil {
            throw ValidationError("--captured-at '\(capturedAt)' is not an ISO-8601 time like 2025-06-17T22:55:00Z")
        }
    }

    func run() throws {
        let at = capturedAt.flatMap(ISO8601Time.parse) ?? Date()
        let data = try Self.read(file)
        var lines: [String] = []
        let errors: [ParseError]
        switch source {
        case .sbd:
            let outcome = SBDParser.parse(data, capturedAt: at)
            lines = try outcome.values.map { try SplitJSONLine($0).encoded() }
            errors = outcome.errors
        case .vsin:
            let outcome = VSINParser.parse(data, capturedAt: at, book: Book(book))
            lines = try outcome.values.map { try SplitJSONLine($0).encoded() }
            errors = outcome.errors
        case .pinnacle:
            let outcome = PinnacleParser.parse(matchups: data, markets: try Self.read(markets ?? ""), capturedAt: at)
            lines = try outcome.values.map { try OddsJSONLine($0).encoded() }
            errors = outcome.errors
        case .schedule:
            let outcome = ScheduleParser.parse(data, capturedAt: at)
            lines = try outcome.values.map { try ScheduledGameJSONLine($0).encoded() }
            errors = outcome.errors
        }
        for line in lines { print(line) }
        for error in errors { StandardError.print("error: \(error)") }
        if lines.isEmpty {
            throw CommandFailure("\(source.rawValue): nothing parsed from \(file)", status: .data)
        }
    }

    static func read(_ path: String) throws -> Data {
        guard FileManager.default.fileExists(atPath: path) else { throw CommandFailure("no such file: \(path)", status: .noInput) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("cannot read \(path) (a folder, or no permission)", status: .noInput)
        }
        return data
    }
}

extension SourceName: ExpressibleByArgument {}
