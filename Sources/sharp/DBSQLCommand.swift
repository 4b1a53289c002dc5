import ArgumentParser
import DuckCoordinator
import DuckRemote
import DuckDBKit
import Foundation
import Observability
import SharpBetting

struct DBSQLCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Run SQL through the coordinator and print the result.",
        discussion: """
            Statements that return rows are reads (the reader pool); others are writes (the batching \
            writer, or the lock in legacy mode). --repeat runs a write N times, binding the iteration \
            number (0…N-1) to each ?: handy to load-test several processes sharing one file.

            Examples:
              sharp db sql "CREATE TABLE t (i INTEGER, p TEXT)"
              sharp db sql --db-mode legacy --repeat 500 "INSERT INTO t VALUES (?, 'p1')"
              sharp db sql --json "SELECT p, count(*) AS n FROM t GROUP BY p"
            """
    )

    @Argument(help: "The SQL to run.") var sql: String
    @Option(name: .long, help: "Run a write this many times, binding the iteration number to each ?.") var `repeat`: Int?
    @Option(name: .long, help: "Priority of writes: low, normal, high, critical.") var priority = "normal"
    @Flag(name: .long, help: "Print rows as JSON lines.") var json = false

    @OptionGroup(title: "Storage options") var database: DatabaseArguments

    func run() async throws {
        let priority: OperationPriority
        switch self.priority.lowercased() {
        case "low": priority = .low
        case "normal": priority = .normal
        case "high": priority = .high
        case "critical": priority = .critical
        default: throw ValidationError("unknown priority '\(self.priority)'; use low, normal, high or critical")
        }
        let db = try await database.open()
        try await db.closing {
            if let count = `repeat` {
                let placeholders = sql.filter { $0 == "?" }.count
                let sql = self.sql
                // Keep a window of writes in flight so they share commits (under the timer policy,
                // awaiting each write alone would wait out writeBatchTimeout every time).
                let window = max(1, db.config.maxQueueSize)
                let progress = ProgressBar(label: "repeat", total: count)
                let changed = try await withThrowingTaskGroup(of: Int.self) { group in
                    var total = 0
                    for i in 0..<count {
                        if i >= window {
                            total += try await group.next() ?? 0
                            progress.advance()
                        }
                        group.addTask {
                            try await db.write(sql, Array(repeating: .int(Int64(i)), count: placeholders), priority: priority)
                        }
                    }
                    for try await n in group {
                        total += n
                        progress.advance()
                    }
                    return total
                }
                try await db.flush()
                progress.finish()
                print(counted(changed, "row") + " changed by " + counted(count, "write"))
            } else if returnsRows(sql) {
                try printResult(try await db.read(sql, []))
            } else {
                let changed = try await db.immediateWrite(sql, [])
                print(counted(changed, "row") + " changed")
            }
        }
    }

    private func returnsRows(_ sql: String) -> Bool {
        let first = sql.trimmingCharacters(in: .whitespacesAndNewlines).prefix { !$0.isWhitespace && $0 != "(" }.uppercased()
        return ["SELECT", "WITH", "FROM", "PRAGMA", "SHOW", "DESCRIBE", "SUMMARIZE", "EXPLAIN", "VALUES", "TABLE"].contains(first)
    }

    private func printResult(_ result: ResultSet) throws {
        if json {
            for row in result {
                var object: [String: Any] = [:]
                for (name, value) in zip(result.columns.names, row.values) {
                    switch value {
                    case .null: object[name] = NSNull()
                    case .bool(let b): object[name] = b
                    case .int(let i): object[name] = i
                    case .double(let d) where d.isFinite: object[name] = d
                    default: object[name] = value.description
                    }
                }
                print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self))
            }
            return
        }
        let lines = TextTable.render(header: result.columns.names, rows: result.map { $0.values.map(\.description) })
        print(lines.joined(separator: "\n"))
        print("(" + counted(result.count, "row") + ")")
    }
}
