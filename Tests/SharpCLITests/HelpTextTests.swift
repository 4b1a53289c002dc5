import Foundation
import Testing

/// `sharp … --help` of every command, as a user reads it at 80 and at 120 columns: no line
/// wider than the screen, paragraphs wrapped once (by ArgumentParser, never by hard line
/// breaks), examples that keep their comments on their line, the command's own options first
/// and the storage options in their own group after them, only options that apply, and no
/// default stated twice.
@Suite struct HelpTextTests {
    /// One visible command: its words after `sharp` and what `--experimental-dump-help` says of it.
    struct Command: Sendable {
        let path: [String]
        let discussion: String
        var name: String { (["sharp"] + path).joined(separator: " ") }
    }

    /// Every command users see (hidden ones excluded), from ArgumentParser's own dump.
    static func commands() async throws -> [Command] {
        let dump = try await SharpProcess.run(["--experimental-dump-help"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        var found: [Command] = []
        func walk(_ node: [String: Any], _ path: [String]) {
            found.append(Command(path: path, discussion: node["discussion"] as? String ?? ""))
            for child in node["subcommands"] as? [[String: Any]] ?? [] where child["shouldDisplay"] as? Bool ?? true {
                guard let name = child["commandName"] as? String, name != "help" else { continue }
                walk(child, path + [name])
            }
        }
        walk(try #require(json["command"] as? [String: Any]), [])
        return found
    }

    /// `--help` of `command` at `columns`.
    static func help(_ command: Command, columns: Int) async throws -> String {
        let output = try await SharpProcess.run(command.path + ["--help"], environment: ["COLUMNS": String(columns)])
        #expect(output.status == 0, "\(command.name) --help: \(output.stderr)")
        return output.stdout
    }

    /// The help of every command at both widths, a few processes at a time.
    static func allHelp() async throws -> [(Command, Int, String)] {
        let commands = try await commands()
        #expect(commands.count > 25, "the dump lists \(commands.count) commands")
        let jobs = commands.flatMap { command in [80, 120].map { (command, $0) } }
        return try await withThrowingTaskGroup(of: (Command, Int, String).self) { group in
            var results: [(Command, Int, String)] = []
            var next = 0
            func add() {
                guard next < jobs.count else { return }
                let (command, columns) = jobs[next]
                next += 1
                group.addTask { (command, columns, try await help(command, columns: columns)) }
            }
            for _ in 0..<4 { add() }
            while let result = try await group.next() {
                results.append(result)
                add()
            }
            return results
        }
    }

    @Test func everyCommandsHelpFitsTheScreenAndReadsInOrder() async throws {
        for (command, columns, text) in try await Self.allHelp() {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for line in lines where line.count > columns {
                Issue.record("\(command.name) at \(columns) columns: \(line.count) wide: \(line)")
            }
            // Paragraphs are wrapped once: a line never ends where the next line's first word
            // would still have fit (what a hard line break inside a paragraph looks like).
            let overview = lines.prefix { !$0.hasPrefix("USAGE:") }
            for (line, next) in zip(overview, overview.dropFirst()) where !line.isEmpty && !next.isEmpty
                && !line.hasPrefix(" ") && !next.hasPrefix(" ") && !line.hasSuffix(":") {
                let word = next.split(separator: " ").first.map(String.init) ?? ""
                // (ArgumentParser's wrap may leave one column unused, hence `<`.)
                if line.count + 1 + word.count < columns {
                    Issue.record("\(command.name) at \(columns) columns: a paragraph broken by hand after \"\(line)\"")
                }
            }
            // Examples keep their comments on their own line: every line of the block is indented.
            if let start = lines.firstIndex(where: { $0 == "Examples:" || $0 == "Example:" }) {
                for line in lines[(start + 1)...].prefix(while: { !$0.isEmpty }) where !line.hasPrefix("  ") {
                    Issue.record("\(command.name) at \(columns) columns: an example wrapped onto \"\(line)\"")
                }
            }
            // Each option's description states its default at most once.
            let options = text.replacingOccurrences(of: "\n" + String(repeating: " ", count: 26), with: " ")
            for line in options.split(separator: "\n") where line.components(separatedBy: "(default").count > 2 {
                Issue.record("\(command.name): default stated twice: \(line)")
            }
            // The storage options come after the command's own.
            if let storage = lines.firstIndex(of: "STORAGE OPTIONS:") {
                let own = try #require(lines.firstIndex(of: "OPTIONS:"), "\(command.name): no OPTIONS section")
                #expect(own < storage, "\(command.name): STORAGE OPTIONS before the command's own options")
            }
        }
    }

    @Test func onlyTheOptionsThatApplyAreListed() async throws {
        let serve = try await Self.help(Command(path: ["serve"], discussion: ""), columns: 80)
        #expect(serve.contains("STORAGE OPTIONS:") && serve.contains("--path <path>"))
        #expect(!serve.contains("--db-url") && !serve.contains("--no-serve"), "serve lists options that mean nothing there")
        let collect = try await Self.help(Command(path: ["collect"], discussion: ""), columns: 80)
        let storage = try #require(collect.range(of: "STORAGE OPTIONS:"))
        #expect(collect[storage.upperBound...].contains("--db-url") && collect[storage.upperBound...].contains("--no-serve"))
        #expect(collect[..<storage.lowerBound].contains("--replay <replay>"), "collect's own options come first")
        // A mistake in a subcommand's option shows that subcommand's usage, not the root's.
        let turbo = try await SharpProcess.run(["report", "--preset", "turbo"])
        #expect(turbo.status == 64 && turbo.stderr.contains("Usage: sharp report"), "\(turbo.stderr)")
    }
}
