import Foundation
import Testing
@testable import SharpBetting

/// Seeded mutations of the recorded payloads through the four parsers: none crashes or hangs
/// (a bounded number of cases, each a pure function call), every rejection is a `ParseError`
/// naming its source, and whatever is accepted still passes the parser's own checks.
/// `SHARP_FUZZ_CASES=n` runs n cases per parser instead of 1,000 (`make soak`).
@Suite struct ParserFuzzTests {
    static let cases = ProcessInfo.processInfo.environment["SHARP_FUZZ_CASES"].flatMap(Int.init) ?? 1_000
    static let capturedAt = Fixtures.date("2025-06-17T22:30:00Z")

    func payload(_ file: String) throws -> Data {
        try Data(contentsOf: Fixtures.recordedDay.appending(path: Fixtures.middle).appending(path: file))
    }

    /// The first broken promise of one outcome, or nil (plain checks: `#expect` per value is
    /// slow in debug builds).
    func problem(_ outcome: ParseOutcome<Split>, _ source: SourceName, _ seed: Int) -> String? {
        for split in outcome.values {
            for pct in [split.awayOrUnderBetsPct, split.awayOrUnderMoneyPct, split.homeOrOverBetsPct, split.homeOrOverMoneyPct]
            where !(pct.isFinite && (0...100).contains(pct)) {
                return "seed \(seed): accepted a percentage of \(pct)"
            }
        }
        return errorProblem(outcome.errors, source, seed)
    }

    func errorProblem(_ errors: [ParseError], _ source: SourceName, _ seed: Int) -> String? {
        errors.first { $0.source != source || $0.message.isEmpty }.map { "seed \(seed): untyped rejection \($0)" }
    }

    @Test func sbd() throws {
        let valid = try payload("sbd.json")
        #expect(SBDParser.parse(valid, capturedAt: Self.capturedAt).values.count > 0)
        var mutator = SeededMutator(seed: 0x5BD)
        var rejected = 0
        var problems: [String] = []
        for seed in 0..<Self.cases {
            let outcome = SBDParser.parse(mutator.mutate(valid), capturedAt: Self.capturedAt)
            if let problem = problem(outcome, .sbd, seed) { problems.append(problem) }
            if !outcome.errors.isEmpty { rejected += 1 }
        }
        #expect(problems.isEmpty, "\(problems.count) broken promises, first: \(problems.prefix(3))")
        print("fuzz sbd: \(Self.cases) inputs, \(rejected) with typed rejections, 0 crashes")
    }

    @Test(arguments: [Book.dk, .circa])
    func vsin(book: Book) throws {
        let valid = try payload("vsin-\(book.rawValue).html")
        #expect(VSINParser.parse(valid, capturedAt: Self.capturedAt, book: book).values.count > 0)
        var mutator = SeededMutator(seed: 0x751 + UInt64(book.rawValue.count))
        var rejected = 0
        var problems: [String] = []
        for seed in 0..<Self.cases / 2 {
            let outcome = VSINParser.parse(mutator.mutate(valid), capturedAt: Self.capturedAt, book: book)
            if let problem = problem(outcome, .vsin, seed) { problems.append(problem) }
            if !outcome.errors.isEmpty { rejected += 1 }
        }
        #expect(problems.isEmpty, "\(problems.count) broken promises, first: \(problems.prefix(3))")
        print("fuzz vsin \(book.rawValue): \(Self.cases / 2) inputs, \(rejected) with typed rejections, 0 crashes")
    }

    @Test func pinnacle() throws {
        let matchups = try payload("pinnacle-matchups.json"), markets = try payload("pinnacle-markets.json")
        #expect(PinnacleParser.parse(matchups: matchups, markets: markets, capturedAt: Self.capturedAt).values.count > 0)
        var mutator = SeededMutator(seed: 0x9171)
        var rejected = 0
        var problems: [String] = []
        for seed in 0..<Self.cases {
            let mutateMatchups = seed % 2 == 0
            let outcome = PinnacleParser.parse(matchups: mutateMatchups ? mutator.mutate(matchups) : matchups,
                                               markets: mutateMatchups ? markets : mutator.mutate(markets),
                                               capturedAt: Self.capturedAt)
            for odds in outcome.values
            where !(odds.priceHomeOrOver.isFinite && odds.priceAwayOrUnder.isFinite && (odds.points?.isFinite ?? true)) {
                problems.append("seed \(seed): non-finite price or points \(odds)")
            }
            if let problem = errorProblem(outcome.errors, .pinnacle, seed) { problems.append(problem) }
            if !outcome.errors.isEmpty { rejected += 1 }
        }
        #expect(problems.isEmpty, "\(problems.count) broken promises, first: \(problems.prefix(3))")
        print("fuzz pinnacle: \(Self.cases) inputs, \(rejected) with typed rejections, 0 crashes")
    }

    @Test func schedule() throws {
        let valid = try payload("schedule.json")
        #expect(ScheduleParser.parse(valid).values.count > 0)
        var mutator = SeededMutator(seed: 0x5C4E)
        var rejected = 0
        var problems: [String] = []
        for seed in 0..<Self.cases {
            let outcome = ScheduleParser.parse(mutator.mutate(valid))
            for game in outcome.values where game.away == game.home { problems.append("seed \(seed): \(game.matchup) plays itself") }
            if let problem = errorProblem(outcome.errors, .schedule, seed) { problems.append(problem) }
            if !outcome.errors.isEmpty { rejected += 1 }
        }
        #expect(problems.isEmpty, "\(problems.count) broken promises, first: \(problems.prefix(3))")
        print("fuzz schedule: \(Self.cases) inputs, \(rejected) with typed rejections, 0 crashes")
    }
}
