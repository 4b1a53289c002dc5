import DuckCoordinator
import DuckDBKit
import Foundation
import SharpBetting
import Testing

@Suite struct SignalStoreTests {
    @Test func savingTwiceKeepsOneRowAndReadsBackExactly() async throws {
        let test = try await TestDatabase()
        try await test.insert([
            Snapshot(book: "circa", lineAwayOrOver: -142, lineHomeOrUnder: 130, homeOrOverBetsPct: 29, d: 29),
            Snapshot(market: .total, lineAwayOrOver: 9, lineHomeOrUnder: 9, homeOrOverBetsPct: 76, d: -26),
        ])
        let store = SignalStore(test.db)
        let first = try await SharpDetector().detect(test.db, gameDate: testDay)
        #expect(first.signals.count == 2)
        #expect(try await store.save(first.signals) == 2)
        // Detect again (same data) and save again: same ids, rows updated, not added.
        let again = try await SharpDetector().detect(test.db, gameDate: testDay)
        #expect(again.signals.map(\.id) == first.signals.map(\.id))
        try await store.save(again.signals)
        let count: Int = try await test.db.read("SELECT count(*) AS n FROM sharp_signals")[0]["n"]
        #expect(count == 2)
        let back = try await store.signals(on: testDay)
        #expect(back == first.signals)
        let row = try await test.db.read("""
            SELECT pick, rules, books, confidence_label, price, line, differential, game_id FROM sharp_signals
            WHERE market = 'moneyline'
            """)[0]
        #expect(try row["pick", as: String.self] == "NYM ML +130")
        #expect(try row["rules", as: String.self] == "differential")
        #expect(try row["books", as: String.self] == "vsin:circa")
        #expect(try row["price", as: Double.self] == 130)
        #expect(try row["line", as: Double?.self] == nil)
        #expect(try row["differential", as: Double.self] == 29)
        #expect(try row["game_id", as: Int.self] == 777003)
        #expect(try await store.signals(on: SlateDate("2025-06-18")!).isEmpty)
        await test.close()
    }

    @Test func strengtheningUpdatesTheSameRow() async throws {
        let test = try await TestDatabase()
        try await test.insert([Snapshot(minutesBefore: 30, homeOrOverBetsPct: 40, d: 16)])
        let store = SignalStore(test.db)
        let weak = try await SharpDetector().detect(test.db, gameDate: testDay).signals
        try await store.save(weak)
        try await test.insert([Snapshot(minutesBefore: 10, homeOrOverBetsPct: 40, d: 26)])
        let strong = try await SharpDetector().detect(test.db, gameDate: testDay).signals
        #expect(strong.map(\.id) == weak.map(\.id))
        try await store.save(strong)
        let rows = try await test.db.read("SELECT confidence FROM sharp_signals")
        #expect(rows.count == 1)
        #expect(try rows[0]["confidence", as: Double.self] == strong[0].confidence.value)
        #expect(strong[0].confidence.value > weak[0].confidence.value)
        await test.close()
    }
}
