import DuckDBKit
import Foundation
import SharpBetting
import Testing

/// A write that returned success survives a crash; a write that failed leaves nothing. Real
/// processes: `sharp durability-storm` writes single rows, bulk inserts and transactions from 8
/// producers and prints each acknowledged operation; the test kills it with SIGKILL at a seeded
/// moment, reopens the file (DuckDB replays the WAL) and checks every acknowledged operation is
/// there in full and every operation, acknowledged or not, is all-or-nothing.
///
/// `SHARP_SOAK_SEEDS=n` runs n seeds per mode instead of 3 (`make soak`).
@Suite(.serialized) struct CrashDurabilityTests {
    static let seeds: [UInt64] = {
        let count = ProcessInfo.processInfo.environment["SHARP_SOAK_SEEDS"].flatMap(Int.init) ?? 3
        let base = ProcessInfo.processInfo.environment["SHARP_SOAK_SEED_BASE"].flatMap(UInt64.init) ?? 1
        return (0..<UInt64(count)).map { base + $0 }
    }()

    struct Folder {
        let url: URL
        init() throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("crash-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }
        var path: String { url.appendingPathComponent("storm.duckdb").path }
        func remove() { try? FileManager.default.removeItem(at: url) }
    }

    /// Checks the file against the run; returns the rows checked.
    static func check(_ run: StormChild.Run, at path: String, refusedLeaveNothing: Bool) throws -> Int {
        let stored = try StormChild.stored(at: path)
        var rows = 0
        for (op, found) in stored.operations {
            let expected = StormChild.expected(op)
            #expect(found.kind == expected.kind, "op \(op)")
            #expect(found.rows == expected.rows && found.distinct == expected.rows,
                    "op \(op) (\(expected.kind)) has \(found.rows) of \(expected.rows) rows: not all-or-nothing")
            #expect(run.sent.contains(op), "op \(op) was never sent")
            rows += found.rows
        }
        let lost = run.acked.subtracting(stored.operations.keys)
        #expect(lost.isEmpty, "acknowledged but missing after reopen: \(lost.sorted().prefix(20))")
        if refusedLeaveNothing {
            let leaked = run.refused.intersection(stored.operations.keys)
            #expect(leaked.isEmpty, "refused but stored: \(leaked.sorted().prefix(20))")
        }
        return rows
    }

    @Test(arguments: ["optimized", "legacy"])
    func sigkillLosesNoAcknowledgedWrite(mode: String) async throws {
        var kills = 0, acked = 0, rows = 0, walsReplayed = 0
        for seed in Self.seeds {
            let folder = try Folder()
            defer { folder.remove() }
            var random = SplitMix64(seed: seed, mode == "legacy" ? 2 : 1)
            let after = mode == "legacy" ? 3 + Int(random.next() % 30) : 20 + Int(random.next() % 400)
            let child = StormChild(arguments: ["--path", folder.path, "--db-mode", mode, "--seed", "\(seed)"],
                                   signalAfterAcks: after, signalNumber: SIGKILL,
                                   extraDelayMicros: UInt32(random.next() % 20_000))
            let run = try await onOwnThread { try child.run() }
            try #require(run.killedBySignal && run.exitStatus == SIGKILL,
                         "seed \(seed): the child was not killed (status \(run.exitStatus)): \(run.stderr)")
            #expect(run.acked.count >= after)
            let wal = (try? FileManager.default.attributesOfItem(atPath: folder.path + ".wal")[.size] as? Int64) ?? 0
            if wal > 0 { walsReplayed += 1 }
            rows += try Self.check(run, at: folder.path, refusedLeaveNothing: true)
            // Reopened cleanly once: the WAL was replayed into the file, and it opens again.
            _ = try StormChild.stored(at: folder.path)
            kills += 1
            acked += run.acked.count
        }
        print("durability \(mode): \(kills) SIGKILLs survived, \(acked) acknowledged operations checked, "
              + "\(rows) rows all-or-nothing, \(walsReplayed) non-empty WALs replayed, 0 lost")
    }

    /// SIGTERM and SIGINT drain: the child shuts the coordinator down on the signal; every
    /// operation it had sent is then either acknowledged (and stored in full) or refused with
    /// `shutDown` (and absent), none is left hanging, and it exits 0.
    @Test(arguments: [("optimized", SIGTERM), ("optimized", SIGINT), ("legacy", SIGTERM)])
    func terminationDrainsEverythingQueued(mode: String, signal: Int32) async throws {
        let folder = try Folder()
        defer { folder.remove() }
        let child = StormChild(arguments: ["--path", folder.path, "--db-mode", mode, "--drain-on-signal"],
                               signalAfterAcks: mode == "legacy" ? 10 : 200, signalNumber: signal)
        let run = try await onOwnThread { try child.run() }
        #expect(run.exitStatus == 0 && !run.killedBySignal, "\(run.stderr)")
        #expect(run.drained)
        let unresolved = run.sent.subtracting(run.acked).subtracting(run.refused)
        #expect(unresolved.isEmpty, "sent but neither acknowledged nor refused: \(unresolved.sorted().prefix(20))")
        let rows = try Self.check(run, at: folder.path, refusedLeaveNothing: true)
        // Nothing the coordinator accepted was dropped: what is stored is exactly what was acknowledged.
        #expect(Set(try StormChild.stored(at: folder.path).operations.keys) == run.acked)
        print("drain \(mode) signal \(signal): \(run.sent.count) sent, \(run.acked.count) acknowledged "
              + "(\(run.ackedAfterSignal) after the signal), \(run.refused.count) refused, \(rows) rows, 0 lost")
    }

    /// The checkpoint policy bounds the WAL: 1,200 operations (about 1.5 MB of WAL without
    /// checkpoints) with `checkpoint_threshold` 256KB never let the WAL pass 1 MB, sampled at
    /// every line the child prints; the same run without the policy does pass it, so the bound
    /// is the policy's doing.
    @Test func checkpointThresholdKeepsTheWALBounded() async throws {
        let bound: Int64 = 1 << 20
        var largest: [String: Int64] = [:]
        for threshold in ["256KB", "1GB"] {
            let folder = try Folder()
            defer { folder.remove() }
            let child = StormChild(arguments: ["--path", folder.path, "--operations", "1200",
                                               "--checkpoint-threshold", threshold],
                                   walPath: folder.path + ".wal")
            let run = try await onOwnThread { try child.run() }
            #expect(run.exitStatus == 0 && run.drained, "\(run.stderr)")
            #expect(run.acked.count == 1_200)
            _ = try Self.check(run, at: folder.path, refusedLeaveNothing: true)
            largest[threshold] = run.largestWAL
        }
        #expect(largest["256KB"]! < bound, "WAL reached \(largest["256KB"]!) bytes with checkpoint_threshold 256KB")
        #expect(largest["1GB"]! > bound, "without checkpoints the WAL stayed at \(largest["1GB"]!) bytes: the test proves nothing")
        print("wal bound: largest WAL \(largest["256KB"]!) bytes with checkpoint_threshold 256KB (bound \(bound)), "
              + "\(largest["1GB"]!) bytes without")
    }
}
