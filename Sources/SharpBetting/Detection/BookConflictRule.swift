import DuckCoordinator
import DuckDBKit

/// Book conflict: in one game's market, books whose latest `|d|` reaches the flag threshold
/// (10) name different sides. Such a market gets no signal; it is reported instead.
struct BookConflictRule: Sendable {
    let config: DetectionConfig

    struct Key: Hashable {
        var gameKey: String
        var market: Market
    }

    func conflicts(_ db: some DatabaseCoordinating, scope: SnapshotScope) async throws -> Set<Key> {
        let query: SQLQuery = """
            \(scope.query)
            SELECT game_key, market FROM latest
            WHERE abs(differential) >= \(.double(config.flagThreshold))
            GROUP BY game_key, market
            HAVING min(differential) < 0 AND max(differential) > 0
            """
        let rows = try await db.read(query)
        return Set(try rows.compactMap { row in try MarketHit.key(row).map { Key(gameKey: $0.gameKey, market: $0.market) } })
    }
}
