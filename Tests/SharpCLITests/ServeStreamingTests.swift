import Foundation
import Testing

/// A 10M-row `SELECT *` through `sharp serve` (a real process, so its memory is its own) to a
/// reader that takes the rows in small pieces and stops for a while part-way: the server's
/// resident memory stays within 64 MB of what it was before the query, since rows leave chunk
/// by chunk as the client drains them (a server that built the result first, or encoded ahead
/// of the socket, would hold hundreds of MB: the result is ~180 MB on the wire).
@Suite(.serialized) struct ServeStreamingTests {
    static let reader = #"""
        import socket, struct, sys, time
        port, pid = int(sys.argv[1]), sys.argv[2]
        def rss_kb(field="VmRSS"):
            for line in open(f"/proc/{pid}/status"):
                if line.startswith(field + ":"): return int(line.split()[1])
        s = socket.create_connection(("127.0.0.1", port), timeout=300)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
        body = struct.pack("!i", 196608) + b"user\0sharp\0database\0main\0\0"
        s.sendall(struct.pack("!i", len(body) + 4) + body)
        data = b""
        while not data.endswith(b"Z\x00\x00\x00\x05I"): data += s.recv(65536)
        q = b"SELECT * FROM big\0"
        before = rss_kb()
        s.sendall(b"Q" + struct.pack("!i", len(q) + 4) + q)
        peak, total, tail, next_sample, paused = before, 0, b"", 0, False
        while True:
            chunk = s.recv(16384)
            if not chunk: break
            total += len(chunk)
            tail = (tail + chunk)[-64:]
            if total >= next_sample:
                peak = max(peak, rss_kb())
                next_sample += 4 << 20
                time.sleep(0.001)   # a slow client: a moment per 4 MB
            if not paused and total >= 32 << 20:
                paused = True       # and a stop part-way: the server must wait, not run ahead
                for _ in range(40):
                    time.sleep(0.025)
                    peak = max(peak, rss_kb())
            if tail.endswith(b"Z\x00\x00\x00\x05I"): break
        print("complete", b"SELECT 10000000\x00" in tail)
        print("bytes", total)
        print("growth_kb", peak - before)
        """#

    @Test func tenMillionRowsToASlowReaderKeepTheServersMemoryFlat() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("big.duckdb").path
        // Small on disk (it compresses to a few MB), large on the wire: what is measured is the
        // server's streaming, not DuckDB's block cache.
        let made = try await SharpProcess.run(["db", "sql", "--path", path, "--no-serve",
                                               "CREATE TABLE big AS SELECT range AS id FROM range(10000000)"])
        #expect(made.status == 0, "\(made.stderr)")

        let owner = try ServeCommandTests.Server(["--path", path, "--port", "0"])
        guard let (port, _) = await owner.ready() else {
            Issue.record("sharp serve did not get ready: \(owner.errors.withLock { $0 })")
            owner.process.terminate()
            return
        }
        let script = folder.appendingPathComponent("reader.py")
        try Self.reader.write(to: script, atomically: true, encoding: .utf8)
        let read = try await SharpProcess.runExecutable("/usr/bin/env", ["python3", script.path, String(port), String(owner.process.processIdentifier)])
        owner.process.terminate()
        _ = await owner.exit()
        #expect(read.status == 0, "\(read.stderr)")
        #expect(read.stdout.contains("complete True"), "\(read.stdout)")
        let growth = read.stdout.split(separator: "\n").first { $0.hasPrefix("growth_kb ") }.flatMap { Int($0.split(separator: " ")[1]) }
        let bytes = read.stdout.split(separator: "\n").first { $0.hasPrefix("bytes ") }.flatMap { Int($0.split(separator: " ")[1]) }
        print("10M-row SELECT * to a slow reader: \(bytes ?? 0) bytes, server RSS growth \(growth ?? -1) kB")
        #expect((bytes ?? 0) > 170 << 20, "\(read.stdout)")
        #expect(growth != nil && growth! <= 64 * 1024, "server RSS grew by \(growth ?? -1) kB: \(read.stdout)")
    }
}
