import DuckCoordinator
import DuckRemote
import Foundation
import SharpBetting
import Synchronization
import ThrowawayPostgres

/// The engines the pipeline runs on, for tests that run the same thing on each.
enum Engine: String, CaseIterable, Sendable, CustomStringConvertible {
    case duckdb, postgresql
    var description: String { rawValue }
}

/// A fresh, migrated database on one engine: a DuckDB file in a temporary folder, or a database
/// in a PostgreSQL cluster made for the test (initdb into a temporary folder, a free port).
/// ``connect()`` gives another coordinator on the same database (PostgreSQL: another client,
/// as another process would have; DuckDB: the file's one coordinator, as every sharp process
/// reaches it through its owner). ``close()`` shuts everything down and removes it.
final class EngineDatabase: Sendable {
    let engine: Engine
    let db: any DatabaseCoordinating
    let folder: URL
    let cluster: PostgresCluster?
    private let others = Mutex<[any DatabaseCoordinating]>([])

    /// DuckDB: the file's path; PostgreSQL: the URL.
    let location: String

    private init(engine: Engine, db: any DatabaseCoordinating, folder: URL, cluster: PostgresCluster?, location: String) {
        self.engine = engine
        self.db = db
        self.folder = folder
        self.cluster = cluster
        self.location = location
    }

    static func make(_ engine: Engine, migrate: Bool = true) async throws -> EngineDatabase {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("engine-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let made: EngineDatabase
        switch engine {
        case .duckdb:
            let path = folder.appendingPathComponent("mlb.duckdb").path
            made = EngineDatabase(engine: engine, db: try DatabaseCoordinator(path: path, config: .dataCollector), folder: folder,
                                  cluster: nil, location: path)
        case .postgresql:
            let cluster = try await PostgresCluster.started()
            do {
                try await cluster.createDatabase("sharp")
                let remote = try await RemoteCoordinator.connect(to: endpoint(cluster))
                made = EngineDatabase(engine: engine, db: remote, folder: folder, cluster: cluster, location: cluster.url(database: "sharp"))
            } catch {
                await cluster.stopped()
                throw error
            }
        }
        if migrate {
            do { try await SchemaMigrator().migrate(made.db) } catch {
                await made.close()
                throw error
            }
        }
        return made
    }

    private static func endpoint(_ cluster: PostgresCluster) -> RemoteEndpoint {
        RemoteEndpoint(address: .tcp(host: "127.0.0.1", port: cluster.port), user: cluster.user, database: "sharp", sslMode: .disable)
    }

    /// Another coordinator on the same database.
    func connect() async throws -> any DatabaseCoordinating {
        guard let cluster else { return db }
        let remote = try await RemoteCoordinator.connect(to: Self.endpoint(cluster))
        others.withLock { $0.append(remote) }
        return remote
    }

    func count(_ sql: String) async throws -> Int { try await db.read(sql, [])[0]["n"] }

    func close() async {
        for other in others.withLock({ $0 }) { await other.shutdown() }
        await db.shutdown()
        await cluster?.stopped()
        try? FileManager.default.removeItem(at: folder)
    }
}
