import ArgumentParser
import DuckCoordinator
import DuckRemote
import Foundation
import Observability
import SharpBetting
import Synchronization

struct DBCopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy every table of a sharp database between a DuckDB file and PostgreSQL, either way.",
        discussion: """
            Reads each table from --from in primary-key order and streams it into --to (COPY through a \
            sharp owner or PostgreSQL), then reads it back: the row count and a checksum of the rows must \
            match the source. Only when every table matches are they moved into place, in one \
            transaction: a failure (or Ctrl-C, or a crash) leaves the target's tables as they were. The \
            target is migrated first and must be empty (--replace clears it in that same transaction); the \
            source must be at this sharp's schema version (run `sharp db migrate` on it first). A file \
            with a running sharp owner is read through the owner. Stop writers to the source while it copies: \
            rows written meanwhile make the checksums differ, and nothing is committed.

            Examples:
              sharp db copy --from data/mlb_betting.duckdb --to postgres://db1/sharp
              sharp db copy --from postgres://sharp@db1:5432/sharp --to snapshot.duckdb
            """
    )

    @Option(help: ArgumentHelp("The database to copy: a DuckDB file, or postgres://[user[:password]@]host[:port]/database.",
                               valueName: "file-or-url"))
    var from: String

    @Option(help: ArgumentHelp("Where to copy it: a DuckDB file (created when missing), or a postgres:// URL.",
                               valueName: "file-or-url"))
    var to: String

    @Flag(help: "Replace the rows the target's tables already hold (in the same transaction as the copy).")
    var replace = false

    @Option(help: ArgumentHelp("Rows per read and per COPY.", valueName: "n"))
    var chunk = 20_000

    func validate() throws {
        guard from != to else { throw ValidationError("--from and --to name the same database") }
        guard chunk > 0 else { throw ValidationError("--chunk must be > 0") }
    }

    func run() async throws {
        let source = try await Self.open(from)
        let target: SharedCoordinator
        do { target = try await Self.open(to) } catch {
            await source.shutdown()
            throw error
        }
        let progress = CopyProgress()
        do {
            let tables = try await DatabaseCopier(from: source, to: target, replace: replace, chunkRows: chunk).run { event in
                progress.handle(event)
            }
            progress.finish()
            print("copied \(Self.describe(from)) → \(Self.describe(to))")
            let width = max(5, tables.map(\.name.count).max() ?? 0)
            print("table".padding(toLength: width, withPad: " ", startingAt: 0) + "  rows       checksum (source = target)")
            for table in tables {
                print(table.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                      + String(table.rows).padding(toLength: 9, withPad: " ", startingAt: 0) + "  " + table.checksum.hex)
            }
            print(counted(tables.count, "table") + ", " + counted(tables.reduce(0) { $0 + $1.rows }, "row") + ", every count and checksum equal")
        } catch let error as DatabaseCopyError {
            progress.finish()
            await source.shutdown()
            await target.shutdown()
            throw CommandFailure(error.description, status: .failure)
        } catch {
            progress.finish()
            await source.shutdown()
            await target.shutdown()
            throw error
        }
        await source.shutdown()
        await target.shutdown()
    }

    /// A postgres:// URL or a DuckDB file (through its owner when one runs; not served here).
    static func open(_ location: String) async throws -> SharedCoordinator {
        let arguments = isURL(location) ? ["--db-url", location] : ["--path", location]
        return try await DatabaseArguments.parse(arguments + ["--no-serve"]).open()
    }

    static func isURL(_ location: String) -> Bool {
        location.hasPrefix("postgres://") || location.hasPrefix("postgresql://")
    }

    /// The location without its password.
    static func describe(_ location: String) -> String {
        guard isURL(location), let url = URLComponents(string: location), url.password != nil else { return location }
        var shown = url
        shown.password = "***"
        return shown.string ?? location
    }
}

/// The copy's progress bar (made once the plan's row count is known) and its notes.
private final class CopyProgress: Sendable {
    private let bar = Mutex<ProgressBar?>(nil)

    func handle(_ event: DatabaseCopier.Event) {
        switch event {
        case .planned(let plan):
            let rows = plan.reduce(0) { $0 + $1.rows }
            StandardError.print("copying " + counted(plan.count, "table") + ", " + counted(rows, "row"))
            bar.withLock { $0 = ProgressBar(label: "copy", total: rows) }
        case .copied(_, let rows): bar.withLock { $0 }?.advance(by: rows)
        case .verified(let table): say("  \(table.name): " + counted(table.rows, "row") + ", checksum \(table.checksum.hex) equal on both sides")
        case .skipped(let tables): say("not sharp's tables, not copied: \(tables.joined(separator: ", "))")
        case .committed: say("every table moved into place in one transaction")
        }
    }

    func finish() { bar.withLock { $0 }?.finish() }

    private func say(_ line: String) {
        if let bar = bar.withLock({ $0 }) { bar.say(line) } else { StandardError.print(line) }
    }
}
