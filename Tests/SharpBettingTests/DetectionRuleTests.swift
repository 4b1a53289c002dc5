import DuckCoordinator
import DuckDBKit
import Foundation
import SharpBetting
import Testing

/// Each rule with hand-built snapshots at, just below and just above its thresholds.
/// Serialized: each case opens its own database, and many at once on two cores slow the
/// timing-sensitive coordinator suites running beside them.
@Suite(.serialized) struct DetectionRuleTests {
    let detector = SharpDetector()

    func detect(_ snapshots: [Snapshot], config: DetectionConfig = .default, asOf: Date? = nil) async throws -> DetectionResult {
        try await TestDatabase.using { test in
            try await test.insert(snapshots)
            return try await SharpDetector(config: config).detect(test.db, gameDate: testDay, asOf: asOf)
        }
    }

    // MARK: Per-source differential thresholds

    @Test(arguments: [
        ("vsin", 14.99, nil), ("vsin", 15.0, StrengthLevel.signal), ("vsin", 15.01, .signal),
        ("vsin", 19.99, .signal), ("vsin", 20.0, .moderate), ("vsin", 24.99, .moderate), ("vsin", 25.0, .strong),
        ("sbd", 19.99, nil), ("sbd", 20.0, .signal), ("sbd", 20.01, .signal),
        ("sbd", 25.0, .moderate), ("sbd", 29.99, .moderate), ("sbd", 30.0, .strong),
    ] as [(String, Double, StrengthLevel?)])
    func differentialThresholds(source: String, d: Double, expected: StrengthLevel?) async throws {
        // Game 777003 leans home by d, game 777004 leans away by d.
        let book = source == "sbd" ? "" : "circa"
        let result = try await detect([
            Snapshot(source: source, book: book, homeOrOverBetsPct: 40, d: d),
            Snapshot(gameKey: "777004", gameId: 777004, away: "ATL", home: "WSH", source: source, book: book,
                     homeOrOverBetsPct: 40, d: -d),
        ])
        for (game, side) in [("777003", SharpSide.home), ("777004", .away)] {
            let found = result.signals(.moneyline, side, game: game)
            if let expected {
                #expect(found.count == 1, "\(source) d \(d) \(side)")
                #expect(found.first?.rules == [.differential])
                #expect(found.first?.level == expected)
                #expect(found.first?.strength == d)
            } else {
                #expect(found.isEmpty, "\(source) d \(d) \(side) must not fire")
            }
        }
        #expect(result.signals.count == (expected == nil ? 0 : 2))
    }

    @Test func totalsNameOverAndUnder() async throws {
        let result = try await detect([
            Snapshot(market: .total, lineAwayOrOver: 9, lineHomeOrUnder: 9, homeOrOverBetsPct: 76, d: -26),
        ])
        let under = try #require(result.signals(.total, .under).first)
        #expect(under.pick == "Under 9")
        #expect(under.line == 9)
        #expect(under.price == nil)
    }

    // MARK: Book conflict

    @Test(arguments: [(-10.0, true), (-9.99, false), (-10.01, true)])
    func bookConflict(dkDifferential: Double, conflict: Bool) async throws {
        let result = try await detect([
            Snapshot(book: "circa", homeOrOverBetsPct: 50, d: 15),
            Snapshot(book: "dk", homeOrOverBetsPct: 55, d: dkDifferential),
        ])
        if conflict {
            #expect(result.signals.isEmpty)
            let reported = try #require(result.conflicts.first)
            #expect(result.conflicts.count == 1)
            #expect(reported.market == .moneyline)
            #expect(reported.game.matchup == "PHI@NYM")
            #expect(reported.differentials.map(\.origin.key) == ["vsin:circa", "vsin:dk"])
            #expect(reported.description.contains("VSIN circa home (d +15)"))
        } else {
            #expect(result.conflicts.isEmpty)
            #expect(result.signals(.moneyline, .home).count == 1)
        }
    }

    @Test func conflictSilencesEveryRuleOfThatMarketOnly() async throws {
        let result = try await detect([
            Snapshot(book: "circa", homeOrOverBetsPct: 50, d: 15),
            Snapshot(book: "dk", homeOrOverBetsPct: 55, d: -14),
            Snapshot(book: "circa", market: .total, lineAwayOrOver: 8, lineHomeOrUnder: 8, homeOrOverBetsPct: 70, d: -20),
        ])
        #expect(result.signals.map(\.market) == [.total])
        #expect(result.conflicts.map(\.market) == [.moneyline])
    }

    @Test func rulesNamingBothSidesGiveNoPickAndAReportedConflict() async throws {
        // 85% of the money on PHI at both books on 60% of the tickets: a differential says the
        // money on PHI is sharp (d -25, at both books at once: steam too), the public fade says
        // bet NYM against it.
        let result = try await detect([
            Snapshot(book: "circa", homeOrOverBetsPct: 40, d: -25),
            Snapshot(book: "dk", homeOrOverBetsPct: 40, d: -25),
            Snapshot(book: "circa", market: .total, lineAwayOrOver: 8, lineHomeOrUnder: 8, homeOrOverBetsPct: 70, d: -20),
        ])
        #expect(result.signals.map(\.market) == [.total])
        #expect(result.conflicts.isEmpty)
        let conflict = try #require(result.ruleConflicts.first)
        #expect(result.ruleConflicts.count == 1)
        #expect(conflict.market == .moneyline && conflict.sides.map(\.side) == [.home, .away])
        #expect(conflict.sides.map { $0.hits.map(\.rule) } == [[.publicFade], [.differential, .differential, .steam]])
        #expect(conflict.description == "PHI@NYM moneyline: rules disagree: home (public_fade 20), away (differential 25, differential 25, steam 25)")
    }

    // MARK: Opposing markets

    /// The moneyline's sharp side (|d| ≥ 10) is PHI, the run line's NYM with d +22 (a signal of its own).
    @Test(arguments: [(10.0, true), (9.99, false), (15.0, true)])
    func opposingMarkets(size: Double, fires: Bool) async throws {
        let result = try await detect([
            Snapshot(market: .moneyline, lineAwayOrOver: -118, lineHomeOrUnder: 108, homeOrOverBetsPct: 60, d: -size),
            Snapshot(market: .spread, lineAwayOrOver: -1.5, lineHomeOrUnder: 1.5, homeOrOverBetsPct: 45, d: 22),
        ])
        if fires {
            // The moneyline's money is on PHI, the run line's on NYM: PHI ML and NYM +1.5 hedge each
            // other, so neither is a pick; the conflict lists both with their hits.
            #expect(result.signals.isEmpty)
            let conflict = try #require(result.ruleConflicts.first)
            #expect(conflict.isCrossMarket && result.ruleConflicts.count == 1)
            #expect(conflict.sides.map { "\($0.market.rawValue) \($0.side.rawValue)" } == ["moneyline away", "spread home"])
            let hit = try #require(conflict.sides[0].hits.first { $0.rule == .opposingMarkets })
            #expect(hit.strength == (size + 22) / 2)
            #expect(conflict.sides[1].hits.map(\.rule) == [.differential])
        } else {
            #expect(result.signals(.moneyline, .away).isEmpty && result.ruleConflicts.isEmpty)
            // The run line keeps its own differential signal.
            #expect(result.signals(.spread, .home).first?.rules == [.differential])
        }
    }

    @Test func opposingMarketsPicksTheMoneylineWhenTheRunLineIsNoSignalOfItsOwn() async throws {
        // The run line leans NYM by 12 points: a sharp side (≥ 10) but no signal (< 15 at VSIN).
        let result = try await detect([
            Snapshot(market: .moneyline, lineAwayOrOver: -118, lineHomeOrUnder: 108, homeOrOverBetsPct: 60, d: -16),
            Snapshot(market: .spread, lineAwayOrOver: -1.5, lineHomeOrUnder: 1.5, homeOrOverBetsPct: 45, d: 12),
        ])
        let signal = try #require(result.signals(.moneyline, .away).first)
        #expect(result.signals.count == 1 && result.ruleConflicts.isEmpty)
        #expect(signal.rules == [.differential, .opposingMarkets])
        #expect(signal.hits.first { $0.rule == .opposingMarkets }?.strength == 14)
        #expect(signal.pick == "PHI ML -118")
        #expect(result.signals(.spread, .home).isEmpty)
    }

    @Test func sameDirectionMarketsAreNotOpposing() async throws {
        let result = try await detect([
            Snapshot(market: .moneyline, homeOrOverBetsPct: 40, d: 20),
            Snapshot(market: .spread, homeOrOverBetsPct: 40, d: 20),
        ])
        #expect(result.signals.allSatisfy { !$0.rules.contains(.opposingMarkets) })
        #expect(result.signals.count == 2)
    }

    // MARK: Public fade

    /// Books with `awayMoney` on the away side; bets 5 points lower, so `|d| = 5` (no differential).
    func fadeBooks(_ awayMoney: [Double]) -> [Snapshot] {
        awayMoney.enumerated().map { index, money in
            Snapshot(source: "vsin", book: "book\(index)", lineAwayOrOver: -135, lineHomeOrUnder: 115,
                     homeOrOverBetsPct: 100 - money + 5, homeOrOverMoneyPct: 100 - money)
        }
    }

    @Test(arguments: [
        ([85.0, 85.0], true), ([84.99, 85.0], false), ([85.01, 85.0], true),   // heavy: avg ≥ 85 at ≥ 2 books
        ([90.0], false),                                                          // one book is not enough
        ([75.0, 75.0, 75.0], true), ([74.99, 75.0, 75.0], false),                // broad: avg ≥ 75 …
        ([70.0, 77.5, 77.5], true), ([69.99, 77.51, 77.5], false),               // … with every book ≥ 70
        ([80.0, 80.0], false),                                                    // broad needs 3 books
    ])
    func publicFade(awayMoney: [Double], fires: Bool) async throws {
        let result = try await detect(fadeBooks(awayMoney))
        let home = result.signals(.moneyline, .home)
        if fires {
            let signal = try #require(home.first)
            #expect(signal.rules == [.publicFade])
            #expect(signal.pick == "NYM ML +115")
            let average = awayMoney.reduce(0, +) / Double(awayMoney.count)
            #expect(abs(signal.strength - (average - 65)) < 1e-9)
        } else {
            #expect(result.signals.isEmpty)
        }
    }

    // MARK: Reverse line movement

    /// Opening 5 h before first pitch, latest 15 min before; home side has `homeBets`% of tickets.
    func moved(_ market: Market, from: (Double?, Double?), to: (Double?, Double?), homeBets: Double) -> [Snapshot] {
        [Snapshot(market: market, minutesBefore: 300, lineAwayOrOver: from.0, lineHomeOrUnder: from.1,
                  homeOrOverBetsPct: homeBets, d: 6),
         Snapshot(market: market, minutesBefore: 15, lineAwayOrOver: to.0, lineHomeOrUnder: to.1,
                  homeOrOverBetsPct: homeBets, d: 6)]
    }

    @Test(arguments: [
        (150.0, 140.0, 39.0, true), (150.0, 141.0, 39.0, false), (150.0, 139.0, 39.0, true),  // 10 / 9 / 11 cents
        (150.0, 140.0, 40.0, false), (150.0, 140.0, 39.99, true),                          // < 40% of bets
        (105.0, -105.0, 30.0, true),                                                       // through even: 10 cents
        (130.0, 150.0, 30.0, false),                                                       // away from the small side
    ])
    func moneylineRLM(fromHome: Double, toHome: Double, homeBets: Double, fires: Bool) async throws {
        let result = try await detect(moved(.moneyline, from: (nil, fromHome), to: (nil, toHome), homeBets: homeBets))
        let home = result.signals(.moneyline, .home)
        if fires {
            let signal = try #require(home.first)
            #expect(signal.rules == [.reverseLineMovement])
            #expect(signal.strength == 15)   // |d| = 6, raised to the RLM minimum
            #expect(signal.lineMovement == SignalMovement.cents(fromHome) - SignalMovement.cents(toHome))
        } else {
            #expect(home.isEmpty)
        }
    }

    @Test(arguments: [(1.0, true), (1.1, false), (0.9, true)])
    func spreadRLM(toHomeLine: Double, fires: Bool) async throws {
        // Home handicap +1.5 → +1.0 is half a run toward the home side, which has 30% of tickets.
        let result = try await detect(moved(.spread, from: (-1.5, 1.5), to: (-toHomeLine, toHomeLine), homeBets: 30))
        #expect(result.signals(.spread, .home).count == (fires ? 1 : 0))
    }

    @Test(arguments: [(9.0, 35.0, true), (8.9, 35.0, false), (9.5, 35.0, true), (9.0, 65.0, false)])
    func totalRLM(toTotal: Double, overBets: Double, fires: Bool) async throws {
        // The total rising is a move toward the over; RLM only when the over has < 40% of tickets.
        let result = try await detect(moved(.total, from: (8.5, 8.5), to: (toTotal, toTotal), homeBets: overBets))
        let over = result.signals(.total, .over)
        #expect(over.count == (fires ? 1 : 0))
        if fires { #expect(over.first?.pick == "Over \(NumberTextForTests.plain(toTotal))") }
    }

    // MARK: Steam

    /// Two books with `d`, `minutesBefore` first pitch, `apart` seconds between them.
    func steam(d: Double, minutesBefore: Double, apart: Double) -> [Snapshot] {
        [Snapshot(book: "circa", minutesBefore: minutesBefore, homeOrOverBetsPct: 40, d: d),
         Snapshot(book: "dk", minutesBefore: minutesBefore - apart / 60, homeOrOverBetsPct: 40, d: d)]
    }

    @Test(arguments: [
        (20.0, 120.0, 600.0, true), (19.99, 120.0, 600.0, false), (20.01, 120.0, 600.0, true),  // |d| ≥ 20
        (20.0, 120.0, 601.0, false), (20.0, 120.0, 599.0, true),                               // ≤ 10 min apart
        (20.0, 120.5, 600.0, false), (20.0, 119.5, 600.0, true),                               // ≤ 2 h before
    ])
    func steamThresholds(d: Double, minutesBefore: Double, apart: Double, fires: Bool) async throws {
        let result = try await detect(steam(d: d, minutesBefore: minutesBefore, apart: apart))
        let signal = try #require(result.signals(.moneyline, .home).first)   // the differential fires anyway
        #expect(signal.rules.contains(.steam) == fires)
        if fires {
            let hit = try #require(signal.hits.first { $0.rule == .steam })
            #expect(hit.origins.map(\.key) == ["vsin:circa", "vsin:dk"])
            #expect(hit.strength == d)
        }
    }

    @Test func steamAfterFirstPitchDoesNotCount() async throws {
        let result = try await detect(steam(d: 25, minutesBefore: -5, apart: 60))
        #expect(result.signals.isEmpty)   // live snapshots are ignored altogether
    }

    // MARK: Juice filter

    @Test(arguments: [(-160.0, false), (-161.0, true), (-159.0, false), (-185.0, true)])
    func juiceFilter(price: Double, filtered: Bool) async throws {
        let result = try await detect([
            Snapshot(lineAwayOrOver: -price + 10, lineHomeOrUnder: price, homeOrOverBetsPct: 50, d: 20),
        ])
        if filtered {
            #expect(result.signals.isEmpty)
            let dropped = try #require(result.filtered.first)
            #expect(dropped.signal.pick == "NYM ML \(Int(price))")
            #expect(dropped.reason.contains("juice filter"))
        } else {
            #expect(result.signals.first?.price == price)
            #expect(result.filtered.isEmpty)
        }
    }

    @Test func juiceFilterReadsTheBestKnownPriceOfEveryBookAndPinnacle() async throws {
        let test = try await TestDatabase()
        // NYM: -165 on the split page, -155 at BetMGM (22:50) → playable at -155.
        // CHC (SBD only, no price on the splits): Pinnacle -170 → filtered, saying where.
        try await test.insert([
            Snapshot(lineAwayOrOver: 150, lineHomeOrUnder: -165, homeOrOverBetsPct: 50, d: 20),
            Snapshot(gameKey: "777009", gameId: 777009, away: "PIT", home: "CHC", source: "sbd", book: "",
                     homeOrOverBetsPct: 40, d: 25),
        ])
        try await test.db.write("""
            INSERT INTO book_prices (game_key, game_id, game_date, away, home, source, book, market,
                price_away_or_under, price_home_or_over, snapshot_at, captured_at)
            VALUES ('777003', 777003, DATE '2025-06-17', 'PHI', 'NYM', 'sbd', 'betmgm', 'moneyline', 140, -155,
                    TIMESTAMPTZ '2025-06-17 22:50:00+00', TIMESTAMPTZ '2025-06-17 22:50:00+00')
            """, [], priority: .normal)
        try await test.db.write("""
            INSERT INTO odds_snapshots (matchup_id, game_key, game_id, game_date, game_time, away, home, market, period,
                market_key, status, price_home_or_over, price_away_or_under, implied_home_or_over,
                implied_away_or_under, snapshot_at, captured_at)
            VALUES (9, '777009', 777009, DATE '2025-06-17', TIMESTAMPTZ '2025-06-18 00:05:00+00', 'PIT', 'CHC', 'moneyline',
                0, 's;0;m', 'open', -170, 150, 0.61, 0.39, TIMESTAMPTZ '2025-06-17 22:40:00+00', TIMESTAMPTZ '2025-06-17 22:40:00+00')
            """, [], priority: .normal)
        let result = try await SharpDetector().detect(test.db, gameDate: testDay)
        await test.close()
        #expect(result.signals.map(\.pick) == ["NYM ML -165"])
        #expect(result.filtered.map(\.reason)
                == ["juice filter: CHC ML is a favourite at best -170 (pinnacle), worse than -160"])
    }

    @Test func juiceFilterUsesTheBestPriceAndSparesOtherMarkets() async throws {
        let result = try await detect([
            Snapshot(book: "circa", lineAwayOrOver: 150, lineHomeOrUnder: -165, homeOrOverBetsPct: 50, d: 20),
            Snapshot(book: "dk", lineAwayOrOver: 150, lineHomeOrUnder: -158, homeOrOverBetsPct: 50, d: 20),
            Snapshot(market: .spread, lineAwayOrOver: 1.5, lineHomeOrUnder: -1.5, homeOrOverBetsPct: 50, d: 20),
        ])
        #expect(result.signals(.moneyline, .home).first?.price == -158)   // −158 is available at dk
        #expect(result.signals(.spread, .home).first?.pick == "NYM -1.5")
    }

    // MARK: Which snapshots

    @Test func windowAndAsOfChooseTheSnapshots() async throws {
        let rows = [
            Snapshot(minutesBefore: 60, homeOrOverBetsPct: 40, d: 30),
            Snapshot(minutesBefore: 40, homeOrOverBetsPct: 40, d: 16),
            Snapshot(minutesBefore: 5, homeOrOverBetsPct: 40, d: 2),
        ]
        // Latest overall: d = 2, no signal.
        #expect(try await detect(rows).signals.isEmpty)
        // As of 30 minutes before first pitch: the 40-minute snapshot (d = 16) is the latest.
        let asOf = firstPitch.addingTimeInterval(-30 * 60)
        #expect(try await detect(rows, asOf: asOf).signals.first?.strength == 16)
        // As of 45 minutes before, within a 45-minute window: nothing (the 60-minute one is too early).
        var config = DetectionConfig.preGame
        #expect(try await detect(rows, config: config, asOf: firstPitch.addingTimeInterval(-45 * 60)).signals.isEmpty)
        config.snapshotWindowMinutes = 60
        #expect(try await detect(rows, config: config, asOf: firstPitch.addingTimeInterval(-45 * 60)).signals.first?.strength == 30)
    }

    @Test func zeroMarketsAndOtherDaysAreIgnored() async throws {
        var zero = Snapshot(homeOrOverBetsPct: 0, homeOrOverMoneyPct: 0)
        zero.source = "sbd"
        zero.book = ""
        let result = try await detect([zero])
        #expect(result.signals.isEmpty && result.conflicts.isEmpty)
        let test = try await TestDatabase()
        try await test.insert([Snapshot(homeOrOverBetsPct: 40, d: 30)])
        #expect(try await SharpDetector().detect(test.db, gameDate: SlateDate("2025-06-18")!).signals.isEmpty)
        await test.close()
    }

    // MARK: Merging

    @Test func rulesOnTheSameSideMergeIntoOneSignal() async throws {
        // Like PHI@NYM: sharp money at two books, the line moving toward the Mets, steam.
        let rows = [
            Snapshot(book: "circa", minutesBefore: 300, lineAwayOrOver: -168, lineHomeOrUnder: 150, homeOrOverBetsPct: 32, d: 8),
            Snapshot(book: "circa", minutesBefore: 15, lineAwayOrOver: -142, lineHomeOrUnder: 130, homeOrOverBetsPct: 29, d: 29),
            Snapshot(book: "dk", minutesBefore: 300, lineAwayOrOver: -165, lineHomeOrUnder: 143, homeOrOverBetsPct: 30, d: 5),
            Snapshot(book: "dk", minutesBefore: 15, lineAwayOrOver: -140, lineHomeOrUnder: 124, homeOrOverBetsPct: 26, d: 24),
        ]
        let result = try await detect(rows, asOf: firstPitch.addingTimeInterval(-13 * 60))
        #expect(result.signals.count == 1)
        let signal = try #require(result.signals.first)
        #expect(signal.rules == [.differential, .reverseLineMovement, .steam])
        #expect(signal.id == "777003:moneyline:home:differential+reverse_line_movement+steam")
        #expect(signal.pick == "NYM ML +130")
        #expect(signal.price == 130)                 // the better of +130 and +124
        #expect(signal.lineMovement == 20)           // circa 150 → 130
        #expect(signal.level == .strong)
        #expect(signal.strength == 29)
        #expect(signal.origins.map(\.key) == ["vsin:circa", "vsin:dk"])
        #expect(signal.headlineDifferential == 29)
        // 0.4·(85 − 15·1/10 ·… ) by hand: |d| 29 → 70 + 15·9/10 = 83.5; reliability 85 (circa);
        // record 50; fresh (2 min old) 100; timing (15 min before) 100.
        #expect(abs(signal.confidence.value - (0.4 * 83.5 + 0.3 * 85 + 0.2 * 50 + 5 + 5)) < 1e-9)
        #expect(signal.confidence.label == .high)
        #expect(signal.explanation.hasPrefix("PHI@NYM NYM ML +130 — high confidence 78.9: sharp money (strong): VSIN circa 58% of money on 29% of bets"))
        #expect(signal.explanation.contains("reverse line movement at VSIN circa: 150 → 130, 20 cents toward home with 29% of bets"))
    }
}

/// Cents of an American price on the continuous scale the detector uses.
enum SignalMovement {
    static func cents(_ price: Double) -> Double { price >= 100 ? price - 100 : price + 100 }
}

enum NumberTextForTests {
    static func plain(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
