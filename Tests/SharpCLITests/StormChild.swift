import DuckDBKit
import Foundation

/// Drives one `sharp durability-storm` child (see `Sources/sharp/DurabilityStormCommand.swift`):
/// reads its lines as they come, sends a signal once `signalAfterAcks` operations were
/// acknowledged, reads on to EOF and waits for the exit. Blocking, so callers run it through
/// ``onOwnThread(_:)``.
struct StormChild {
    struct Run: Sendable {
        var sent: Set<Int> = []
        var acked: Set<Int> = []
        var refused: Set<Int> = []
        var ackedAfterSignal = 0
        var signalled = false
        var drained = false
        var exitStatus: Int32 = 0
        var killedBySignal = false
        /// The WAL's size each time a line arrived, largest seen.
        var largestWAL: Int64 = 0
        var stderr = ""
    }

    var arguments: [String]
    var signalAfterAcks: Int?
    var signalNumber: Int32 = SIGKILL
    /// Microseconds to wait after the ack that triggers the signal (moves the moment within a batch).
    var extraDelayMicros: UInt32 = 0
    var walPath: String?

    func run() throws -> Run {
        let process = Process()
        process.executableURL = SharpProcess.executable
        process.arguments = ["durability-storm"] + arguments
        let out = Pipe()
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("storm-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errURL) }
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        var result = Run()
        var pending = Data()
        let reader = out.fileHandleForReading
        while true {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            pending.append(chunk)
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending.removeSubrange(pending.startIndex...newline)
                let words = line.split(separator: " ")
                switch words.first {
                case "sent": result.sent.insert(Int(words[1])!)
                case "ack":
                    result.acked.insert(Int(words[1])!)
                    if result.signalled { result.ackedAfterSignal += 1 }
                case "refused": result.refused.insert(Int(words[1])!)
                case "drained": result.drained = true
                default: break
                }
            }
            if let walPath, let size = try? FileManager.default.attributesOfItem(atPath: walPath)[.size] as? Int64 {
                result.largestWAL = max(result.largestWAL, size)
            }
            if let after = signalAfterAcks, !result.signalled, result.acked.count >= after {
                if extraDelayMicros > 0 { usleep(extraDelayMicros) }
                kill(process.processIdentifier, signalNumber)
                result.signalled = true
            }
        }
        process.waitUntilExit()
        result.exitStatus = process.terminationStatus
        result.killedBySignal = process.terminationReason == .uncaughtSignal
        result.stderr = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        return result
    }

    /// What the file holds after the run: for each operation, its kind, rows and distinct seqs.
    struct Stored: Sendable {
        var operations: [Int: (kind: String, rows: Int, distinct: Int)] = [:]
    }

    /// Opens the file (replaying its WAL) and reads every operation's rows.
    static func stored(at path: String) throws -> Stored {
        let database = try Database(path: path)
        defer { database.close() }
        let connection = try database.connect()
        defer { connection.close() }
        var stored = Stored()
        let tables = try connection.query("SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'storm'")
        guard try tables[0]["n", as: Int.self] == 1 else { return stored }
        for row in try connection.query(
            "SELECT op, min(kind) AS kind, count(*) AS n, count(DISTINCT seq) AS d FROM storm GROUP BY op") {
            stored.operations[try row["op", as: Int.self]] =
                (try row["kind", as: String.self], try row["n", as: Int.self], try row["d", as: Int.self])
        }
        return stored
    }

    /// The child's contract (`StormOperation`): operation `op`'s kind and row count.
    static func expected(_ op: Int) -> (kind: String, rows: Int) {
        switch op % 4 {
        case 1: ("bulk", 2 + op % 97)
        case 3: ("transaction", 2 + op % 5)
        default: ("write", 1)
        }
    }
}
