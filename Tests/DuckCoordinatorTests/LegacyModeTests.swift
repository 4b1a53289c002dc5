import DuckCoordinator
import DuckDBKit
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Legacy mode across real processes: util-linux `flock` holds the lock file as another
/// process would.
@Suite struct LegacyModeTests {
    /// Starts `flock --close LOCKFILE cat`: flock holds the lock (its child `cat` does not
    /// inherit it) until cat's stdin closes or flock is killed.
    final class LockHolder: @unchecked Sendable {
        let process = Process()
        let input = Pipe()

        init(lockPath: String) throws {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
            process.arguments = ["--close", lockPath, "cat"]
            process.standardInput = input
            process.standardOutput = FileHandle.nullDevice
            try process.run()
        }

        /// Closes cat's stdin: cat ends, then flock releases the lock and exits.
        func release() async {
            try? input.fileHandleForWriting.close()
        }
    }

    /// Whether some process holds an exclusive lock on `path` (probing with our own descriptor).
    func isLocked(_ path: String) -> Bool {
        let fd = open(path, O_RDWR | O_CREAT, 0o644)
        defer { close(fd) }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return false
        }
        return true
    }

    func legacy(_ folder: TemporaryFolder, readLockTimeout: Double = 0.3) throws -> DatabaseCoordinator {
        var config = ConnectionConfig.production
        config.readLockTimeout = readLockTimeout
        config.lockTimeout = readLockTimeout
        return try DatabaseCoordinator(path: folder.databasePath, mode: .legacy, config: config)
    }

    @Test func lockHeldByAnotherProcessTimesOutClearlyThenSucceeds() async throws {
        let folder = try TemporaryFolder()
        let db = try legacy(folder)
        try await db.write("CREATE TABLE t AS SELECT 1 AS x", [])
        let lockPath = folder.databasePath + ".lock"
        let holder = try LockHolder(lockPath: lockPath)
        #expect(await eventually { isLocked(lockPath) })
        await #expect {
            _ = try await db.read("SELECT count(*) FROM t", [])
        } throws: { error in
            guard case CoordinatorError.lockTimeout(let path, let waited) = error else { return false }
            return path == lockPath && waited >= 0.3 && "\(error)".contains(lockPath)
        }
        await holder.release()
        #expect(await eventually { !isLocked(lockPath) })
        #expect(try await db.count("t") == 1)
        let stats = await db.stats()
        #expect(stats.mode == .legacy)
        #expect(stats.lockWaitMs != nil)
        await db.shutdown()
    }

    @Test func holderKilledWithSIGKILLDoesNotBlockOthers() async throws {
        let folder = try TemporaryFolder()
        let db = try legacy(folder, readLockTimeout: 10)
        let lockPath = folder.databasePath + ".lock"
        let holder = try LockHolder(lockPath: lockPath)
        #expect(await eventually { isLocked(lockPath) })
        kill(holder.process.processIdentifier, SIGKILL)
        #expect(await eventually { !isLocked(lockPath) })  // the kernel freed the dead holder's lock
        try await db.write("CREATE TABLE t AS SELECT 42 AS x", [])
        #expect(try await db.read("SELECT x FROM t", [])[0]["x", as: Int.self] == 42)
        #expect(FileManager.default.fileExists(atPath: lockPath))  // never deleted
        await holder.release()  // ends the orphaned cat
        await db.shutdown()
    }

    @Test func theLockIsReleasedWhenTheOperationThrows() async throws {
        let folder = try TemporaryFolder()
        let db = try legacy(folder)
        await #expect(throws: DuckDBError.self) { _ = try await db.read("SELECT * FROM missing", []) }
        #expect(!isLocked(folder.databasePath + ".lock"))
        // And the database file itself is closed: an optimized coordinator can open it.
        let optimized = try DatabaseCoordinator(path: folder.databasePath)
        await optimized.shutdown()
        await db.shutdown()
    }

    @Test func waitsForAnOptimizedCoordinatorThatHoldsTheFile() async throws {
        let folder = try TemporaryFolder()
        var optimized: DatabaseCoordinator? = try DatabaseCoordinator(path: folder.databasePath)
        try await optimized!.immediateWrite("CREATE TABLE t AS SELECT 5 AS x")
        let db = try legacy(folder, readLockTimeout: 10)
        // DuckDB's own file lock is held by this process's optimized coordinator; the legacy
        // read keeps retrying until it is released instead of failing with "Conflicting lock".
        // (In one process DuckDB does not conflict with itself, so emulate with shutdown order.)
        await optimized!.shutdown()
        optimized = nil
        #expect(try await db.read("SELECT x FROM t", [])[0]["x", as: Int.self] == 5)
        await db.shutdown()
    }
}
