import DuckCoordinator
import DuckDBKit
import Foundation
import Testing
@testable import SharpBetting

/// Reverse line movement at Pinnacle: the reference book's price or line moving toward the side
/// with fewer tickets (the splits' tickets) is RLM even when no split book's line moved.
@Suite(.serialized) struct PinnacleReverseLineMovementTests {
    /// Pinnacle's full-game `market` at `minutesBefore` first pitch.
    static func pinnacle(_ market: Market, minutesBefore: Double, home: Double, away: Double, points: Double? = nil) -> [DuckDBValue] {
        let at = DuckDBValue.timestampTZ(firstPitch.addingTimeInterval(-minutesBefore * 60))
        return [.int(9), "777003", .int(777003), .date(DuckDBDate(year: 2025, month: 6, day: 17)), .timestampTZ(firstPitch),
                "PHI", "NYM", .string(market.rawValue), .int(0), "s;0;m", "open", .double(home), .double(away),
                points.map(DuckDBValue.double) ?? .null, .double(0.5), .double(0.5), at, at]
    }

    /// Splits with `homeBets`% of tickets on home and a small differential (no other rule fires),
    /// the same line at both snapshots (no book moved), and Pinnacle's `odds`.
    func detect(homeBets: Double, market: Market = .moneyline, odds: [[DuckDBValue]], asOf: Date? = nil) async throws -> DetectionResult {
        try await TestDatabase.using { test in
            let line: (Double?, Double?) = market == .moneyline ? (-105, -105) : market == .total ? (9, 9) : (-1.5, 1.5)
            try await test.insert([90.0, 15].map { minutes in
                Snapshot(market: market, minutesBefore: minutes, lineAwayOrOver: line.0, lineHomeOrUnder: line.1,
                         homeOrOverBetsPct: homeBets, d: 4)
            })
            try await test.db.bulkInsert(into: "odds_snapshots", columns: [
                "matchup_id", "game_key", "game_id", "game_date", "game_time", "away", "home", "market", "period", "market_key",
                "status", "price_home_or_over", "price_away_or_under", "points", "implied_home_or_over", "implied_away_or_under",
                "snapshot_at", "captured_at",
            ], rows: odds)
            return try await SharpDetector().detect(test.db, gameDate: testDay, asOf: asOf)
        }
    }

    @Test(arguments: [
        (120.0, -110.0, 30.0, true),    // +120 → −110: 30 cents toward home, which holds 30% of tickets
        (120.0, 110.0, 30.0, true),     // exactly 10 cents
        (120.0, 111.0, 30.0, false),    // 9 cents
        (120.0, -110.0, 45.0, false),   // home is not the side with fewer tickets under 40%
        (-110.0, 120.0, 30.0, false),   // moved away from home: with the public (away 70%)
    ])
    func moneylineMoveAtPinnacleTowardTheFewerTickets(from: Double, to: Double, homeBets: Double, reverse: Bool) async throws {
        let result = try await detect(homeBets: homeBets, odds: [
            Self.pinnacle(.moneyline, minutesBefore: 120, home: from, away: -from),
            Self.pinnacle(.moneyline, minutesBefore: 20, home: to, away: -to),
        ])
        let home = result.signals(.moneyline, .home).first
        #expect((home != nil) == reverse)
        guard let home else { return }
        #expect(home.rules == [.reverseLineMovement])
        #expect(home.origins == [SplitOrigin(source: "pinnacle")])
        #expect(home.hits[0].detail.contains("at PINNACLE"))
        #expect(home.strength == 15)   // the rule's minimum strength: |d| is 4
    }

    @Test func totalRisingAtPinnacleWithTicketsOnTheUnderIsRLMOnTheOver() async throws {
        let result = try await detect(homeBets: 25, market: .total, odds: [
            Self.pinnacle(.total, minutesBefore: 120, home: -108, away: -102, points: 8.5),
            Self.pinnacle(.total, minutesBefore: 20, home: -105, away: -105, points: 9),
        ])
        let over = try #require(result.signals(.total, .over).first)
        #expect(over.rules == [.reverseLineMovement] && over.hits[0].detail.contains("8.5 → 9"))
    }

    @Test func onlyPinnaclePricesCapturedByAsOfCount() async throws {
        let odds = [Self.pinnacle(.moneyline, minutesBefore: 120, home: 120, away: -130),
                    Self.pinnacle(.moneyline, minutesBefore: 10, home: -110, away: 100)]
        #expect(try await detect(homeBets: 30, odds: odds, asOf: firstPitch.addingTimeInterval(-12 * 60)).signals.isEmpty)
        #expect(try await detect(homeBets: 30, odds: odds, asOf: firstPitch.addingTimeInterval(-5 * 60)).signals.count == 1)
    }
}
