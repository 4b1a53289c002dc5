import DuckDBKit

/// The operations of the `mixed` workload: point reads, aggregate reads and single-row
/// writes on a split table, drawn from a seeded generator so every mode runs the same mix.
struct MixedOperations {
    enum Operation {
        case point(id: Int)
        case aggregate(gameID: Int64)
        case write(row: Int)
    }

    static let pointSQL = "SELECT * FROM splits WHERE id = ?"
    static let aggregateSQL = """
        SELECT market, count(*) AS n, avg(money_pct - bets_pct) AS differential
        FROM splits WHERE game_id = ? GROUP BY market
        """
    static let writeSQL = SplitRow.insertSQL("splits")

    private var state: UInt64
    private let tableRows: Int
    private let writePercent: Int
    private let firstNewRow: Int
    private var writes = 0

    /// Client `client`'s operations on a table of `tableRows` rows; its new rows get ids from
    /// `tableRows + client × 100,000,000`.
    init(client: Int, tableRows: Int, writePercent: Int) {
        state = 0x9E37_79B9_7F4A_7C15 &* UInt64(client + 1)
        self.tableRows = tableRows
        self.writePercent = writePercent
        firstNewRow = tableRows + client * 100_000_000
    }

    private mutating func next() -> UInt64 {  // SplitMix64
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func nextOperation() -> Operation {
        let roll = Int(next() % 100)
        if roll < writePercent {
            defer { writes += 1 }
            return .write(row: firstNewRow + writes)
        }
        let row = Int(next() % UInt64(tableRows))
        // Reads split evenly between point lookups and per-game aggregates.
        return roll % 2 == 0 ? .point(id: row) : .aggregate(gameID: SplitRow(row).gameID)
    }
}
