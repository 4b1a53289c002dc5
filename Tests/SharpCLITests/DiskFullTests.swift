import Foundation
import Testing

/// Disk full, by RLIMIT_FSIZE on a real child (`sharp disk-full-probe`): writes past the limit
/// fail with an error naming the file, nothing of a failed write is stored, earlier data stays
/// readable while the disk is full, and writes succeed again once space returns.
@Suite struct DiskFullTests {
    @Test func writesFailCleanlyWhileFullAndResumeAfter() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("full-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("full.duckdb").path
        let output = try await SharpProcess.run(["disk-full-probe", "--path", path])
        #expect(output.status == 0, "\(output.stderr)")
        var acked: Set<Int> = [], failed: Set<Int> = [], ackedBeforeRead: Set<Int> = []
        var ackedAfterSpaceReturned = 0, readRows: Int?, spaceReturned = false, done = false
        var failures: [String] = []
        for line in output.stdout.split(separator: "\n") {
            let words = line.split(separator: " ", maxSplits: 2)
            switch words[0] {
            case "ack":
                acked.insert(Int(words[1])!)
                if readRows == nil { ackedBeforeRead.insert(Int(words[1])!) }
                if spaceReturned { ackedAfterSpaceReturned += 1 }
            case "fail":
                failed.insert(Int(words[1])!)
                failures.append(String(words[2]))
            case "read": readRows = Int(words[1])
            case "unlimited": spaceReturned = true
            case "done": done = true
            default: break
            }
        }
        #expect(done)
        #expect(failed.count >= 10, "the limit was never hit: \(output.stdout.suffix(400))")
        #expect(failures.allSatisfy { $0.contains("full.duckdb") && $0.contains("File too large") }, "\(failures.prefix(2))")
        // Read while full: exactly the acknowledged rows, nothing of the failed writes.
        let ackedRows = ackedBeforeRead.map { StormChild.expected($0).rows }.reduce(0, +)
        #expect(readRows == ackedRows)
        #expect(ackedAfterSpaceReturned == 20, "writes did not resume once space returned")
        let stored = try StormChild.stored(at: path)
        #expect(Set(stored.operations.keys) == acked, "stored ≠ acknowledged: failed writes left rows, or acked ones are missing")
        for (op, found) in stored.operations { #expect(found.rows == StormChild.expected(op).rows, "op \(op) half-written") }
        print("disk full: \(failed.count) writes refused with EFBIG naming the file, \(acked.count) acknowledged all stored, "
              + "\(ackedAfterSpaceReturned) after space returned, 0 half-written")
    }
}
