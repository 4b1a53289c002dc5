import CFuzzerDriver
import Foundation
import SharpBetting

// libFuzzer input → one of the four source parsers, chosen by the first byte: 0 SBD, 1 VSIN
// DraftKings, 2 VSIN Circa, 3 Pinnacle (matchups, a NUL, markets), 4 MLB schedule. The
// promises (those of ParserFuzzTests): no crash; every rejection a ParseError of that source
// with a message; what is accepted holds percentages finite in 0…100, finite prices and
// points, no team playing itself. A broken promise traps, which libFuzzer records.
//
//   make fuzz                                 # every target, corpus in fuzz/corpus/NAME
//   .build-fuzz/debug/FuzzSourceParsers fuzz/corpus/FuzzSourceParsers -max_total_time=60

let capturedAt = Date(timeIntervalSince1970: 1_750_199_400) // 2025-06-17T22:30:00Z

func check(_ errors: [ParseError], _ source: SourceName) {
    for error in errors where error.source != source || error.message.isEmpty {
        fatalError("untyped rejection from \(source): \(error)")
    }
}

func check(_ outcome: ParseOutcome<Split>, _ source: SourceName) {
    for split in outcome.values {
        for pct in [split.awayOrUnderBetsPct, split.awayOrUnderMoneyPct, split.homeOrOverBetsPct, split.homeOrOverMoneyPct]
        where !(pct.isFinite && (0...100).contains(pct)) {
            fatalError("\(source) accepted a percentage of \(pct)")
        }
    }
    check(outcome.errors, source)
}

func parse(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard let selector = bytes.first else { return }
    let data = Data(bytes.dropFirst())
    switch selector % 5 {
    case 0: check(SBDParser.parse(data, capturedAt: capturedAt), .sbd)
    case 1: check(VSINParser.parse(data, capturedAt: capturedAt, book: .dk), .vsin)
    case 2: check(VSINParser.parse(data, capturedAt: capturedAt, book: .circa), .vsin)
    case 3:
        let split = data.firstIndex(of: 0) ?? data.endIndex
        let matchups = Data(data[..<split]), markets = split < data.endIndex ? Data(data[(split + 1)...]) : Data()
        let outcome = PinnacleParser.parse(matchups: matchups, markets: markets, capturedAt: capturedAt)
        for odds in outcome.values
        where !(odds.priceHomeOrOver.isFinite && odds.priceAwayOrUnder.isFinite && (odds.points?.isFinite ?? true)) {
            fatalError("pinnacle accepted a non-finite price or points: \(odds)")
        }
        check(outcome.errors, .pinnacle)
    default:
        let outcome = ScheduleParser.parse(data)
        for game in outcome.values where game.away == game.home { fatalError("schedule: \(game.matchup) plays itself") }
        check(outcome.errors, .schedule)
    }
}

/// libFuzzer's per-input entry point (its runtime's own `main` refers to it too).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    parse(UnsafeBufferPointer(start: data, count: size))
    return 0
}

// SwiftPM links this file's code as the executable's `main`: hand over to libFuzzer's driver.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput))
