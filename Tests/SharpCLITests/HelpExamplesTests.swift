import Foundation
import Testing

/// The examples in `sharp … --help` work as written. Each command's examples run in order, as a
/// user following along would, in a scratch folder of their own (`recorded` there is this
/// checkout's recorded day; `/tmp/` paths point into the scratch folder), and each must exit 0.
/// Skipped, with the reason printed: examples that reach the live sites, listen on a fixed
/// port, run until Ctrl-C, drive another program (psql), or take minutes (benchmarks, a
/// simulated season).
@Suite struct HelpExamplesTests {
    /// One example: its command line as printed, and the arguments after `sharp`.
    struct Example: Sendable, CustomStringConvertible {
        let line: String
        let arguments: [String]
        var description: String { line }
    }

    /// The examples of a discussion text: the lines under "Examples:"/"Example:", with `\`
    /// continuations joined and `# comments` dropped.
    static func examples(in discussion: String) -> [String] {
        var result: [String] = []
        var inBlock = false
        var pending = ""
        for raw in discussion.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            if line == "Examples:" || line == "Example:" { inBlock = true; continue }
            guard inBlock else { continue }
            if line.trimmingCharacters(in: .whitespaces).isEmpty { inBlock = false; continue }
            var text = line.trimmingCharacters(in: .whitespaces)
            if let hash = text.range(of: "  #") ?? text.range(of: " # ") { text = String(text[..<hash.lowerBound]) }
            text = text.trimmingCharacters(in: .whitespaces)
            if text.hasSuffix("\\") {
                pending += text.dropLast().trimmingCharacters(in: .whitespaces) + " "
                continue
            }
            result.append(pending + text)
            pending = ""
        }
        return result
    }

    /// Shell-like words: spaces separate, single and double quotes group.
    static func words(_ line: String) -> [String] {
        var words: [String] = [], current = "", quote: Character?, inWord = false
        for character in line {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
                inWord = true
            } else if character == " " {
                if inWord { words.append(current); current = ""; inWord = false }
            } else {
                current.append(character)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }

    /// Why an example is not run here, or nil when it is.
    static func skipReason(_ words: [String]) -> String? {
        guard words.first == "sharp" else { return "drives another program" }
        let command = Array(words.dropFirst())
        let has = { (option: String) in command.contains(option) }
        switch command.first {
        case "bench": return "a benchmark (minutes)"
        case "serve", "dashboard": return "listens on a fixed port until Ctrl-C"
        default: break
        }
        if has("--metrics-port") { return "listens on a fixed port" }
        if let games = command.firstIndex(of: "--games").flatMap({ Int(command[$0 + 1]) }), games > 30 {
            return "a simulated season (minutes)"
        }
        if has("--record") { return "reaches the live sites" }
        if command.contains(where: { $0.hasPrefix("postgres://") }) { return "needs that PostgreSQL server" }
        let live = ["collect", "pregame", "monitor"].contains(command.first ?? "") && !has("--replay") && !has("--simulate")
        if live { return "reaches the live sites" }
        if command.starts(with: ["pregame", "schedule"]), !has("--until") { return "runs until Ctrl-C" }
        if command.first == "monitor", !has("--cycles") { return "runs until Ctrl-C" }
        if command.starts(with: ["db", "monitor"]), !has("--count") { return "runs until Ctrl-C" }
        return nil
    }

    @Test func everyExampleThatCanRunHereWorksAsWritten() async throws {
        let commands = try await HelpTextTests.commands()
        let recorded = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("recorded")
        var chains: [(String, [Example])] = []
        var skipped: [String] = []
        var total = 0
        // The root's overview repeats examples of the subcommands: those run once, there.
        let inSubcommands = Set(commands.dropFirst().flatMap { Self.examples(in: $0.discussion) })
        for command in commands {
            var chain: [Example] = []
            for line in Self.examples(in: command.discussion) {
                total += 1
                if command.path.isEmpty, inSubcommands.contains(line) { continue }
                let words = Self.words(line)
                if let reason = Self.skipReason(words) {
                    skipped.append("\(line)  (\(reason))")
                    continue
                }
                chain.append(Example(line: line, arguments: Array(words.dropFirst())))
            }
            if !chain.isEmpty { chains.append((command.name, chain)) }
        }
        let run = chains.reduce(0) { $0 + $1.1.count }
        #expect(run >= 30, "\(run) of \(total) examples run; skipped:\n\(skipped.joined(separator: "\n"))")
        print("help examples: \(run) of \(total) run; skipped:\n  " + skipped.joined(separator: "\n  "))

        try await withThrowingTaskGroup(of: Void.self) { group in
            var pending = chains[...]
            func add() {
                guard let (name, chain) = pending.popFirst() else { return }
                group.addTask { try await Self.run(chain, of: name, recorded: recorded) }
            }
            for _ in 0..<3 { add() }
            while try await group.next() != nil { add() }
        }
    }

    /// Runs one command's examples in order in a scratch folder.
    static func run(_ chain: [Example], of name: String, recorded: URL) async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("examples-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.createSymbolicLink(at: scratch.appendingPathComponent("recorded"), withDestinationURL: recorded)
        for example in chain {
            let arguments = example.arguments.map { $0.replacingOccurrences(of: "/tmp/", with: scratch.path + "/") }
            let output = try await SharpProcess.runExecutable("/usr/bin/env", ["-C", scratch.path, SharpProcess.executable.path] + arguments)
            #expect(output.status == 0, "\(name) example `\(example.line)`: status \(output.status)\n\(output.stderr.suffix(2_000))")
        }
    }
}
