import DuckDBKit
import Foundation
import Testing

/// Files sharp cannot use give a clear error at open naming the file, a documented exit status
/// (never a crash, never the usage text) and are left byte for byte as they were.
@Suite struct OpenErrorTests {
    struct Folder {
        let url: URL
        init() throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("open-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }
        func file(_ name: String) -> String { url.appendingPathComponent(name).path }
        func remove() { try? FileManager.default.removeItem(at: url) }
    }

    /// A valid database with one table of 1,000 rows, closed.
    static func makeDatabase(at path: String) throws {
        let database = try Database(path: path)
        let connection = try database.connect()
        try connection.execute("CREATE TABLE t AS SELECT range AS i, 'row ' || range AS s FROM range(1000)")
        connection.close()
        database.close()
    }

    static func refuses(_ path: String, _ expected: [Int32], _ what: String,
                        withoutFileOverride: Bool = false) async throws -> SharpProcess.Output {
        let before = try? Data(contentsOf: URL(fileURLWithPath: path))
        let arguments = ["db", "sql", "--path", path, "SELECT count(*) AS n FROM t"]
        let output: SharpProcess.Output
        if withoutFileOverride, getuid() == 0 {
            // Root ignores permission bits; without CAP_DAC_OVERRIDE it obeys them like anyone.
            output = try await SharpProcess.runExecutable("/usr/bin/setpriv", ["--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search",
                                                                      SharpProcess.executable.path] + arguments)
        } else {
            output = try await SharpProcess.run(arguments)
        }
        #expect(expected.contains(output.status), "\(what): exit \(output.status), stderr: \(output.stderr)")
        #expect(!output.stderr.contains("Usage:") && !output.stderr.contains("USAGE:"), "\(what): printed the usage text")
        #expect(output.stderr.contains("Error:"), "\(what): \(output.stderr)")
        #expect(output.stderr.contains((path as NSString).lastPathComponent), "\(what): the error does not name the file: \(output.stderr)")
        #expect((try? Data(contentsOf: URL(fileURLWithPath: path))) == before, "\(what): the file was changed")
        return output
    }

    @Test func aDirectory() async throws {
        let folder = try Folder()
        defer { folder.remove() }
        let dir = folder.file("is-a-dir.duckdb")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        _ = try await Self.refuses(dir, [66], "a directory")
    }

    @Test func aFileOfAnotherProgram() async throws {
        let folder = try Folder()
        defer { folder.remove() }
        let path = folder.file("notes.duckdb")
        try Data(String(repeating: "these are my notes, not a database\n", count: 400).utf8).write(to: URL(fileURLWithPath: path))
        _ = try await Self.refuses(path, [66], "a text file")
        #expect(!FileManager.default.fileExists(atPath: path + ".wal"))
    }

    @Test func aTruncatedDatabase() async throws {
        let folder = try Folder()
        defer { folder.remove() }
        let path = folder.file("truncated.duckdb")
        try Self.makeDatabase(at: path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try bytes.prefix(bytes.count / 3).write(to: URL(fileURLWithPath: path))
        _ = try await Self.refuses(path, [66, 74], "a truncated database")
    }

    @Test func aCorruptedHeader() async throws {
        let folder = try Folder()
        defer { folder.remove() }
        let path = folder.file("corrupt.duckdb")
        try Self.makeDatabase(at: path)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        for i in stride(from: 0, to: 12_288, by: 7) { bytes[i] ^= 0x5A }
        try bytes.write(to: URL(fileURLWithPath: path))
        _ = try await Self.refuses(path, [66, 74], "a corrupted header")
    }

    /// A read-only file and a read-only folder. CI runs as root, so the child runs without
    /// CAP_DAC_OVERRIDE (`setpriv`), and the permission bits apply to it.
    @Test(.enabled(if: getuid() != 0 || FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")))
    func aReadOnlyFileAndAReadOnlyFolder() async throws {
        let folder = try Folder()
        defer {
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.url.path)
            folder.remove()
        }
        let path = folder.file("readonly.duckdb")
        try Self.makeDatabase(at: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.url.path)
        _ = try await Self.refuses(path, [66], "a read-only file", withoutFileOverride: true)
        _ = try await Self.refuses(folder.file("new.duckdb"), [66], "a new file in a read-only folder", withoutFileOverride: true)
        #expect(!FileManager.default.fileExists(atPath: folder.file("new.duckdb")))
    }

    @Test func anotherProcessHoldingTheFileIsUnavailableWithoutUsage() async throws {
        let folder = try Folder()
        defer { folder.remove() }
        let path = folder.file("held.duckdb")
        let database = try Database(path: path)
        let connection = try database.connect()
        try connection.execute("CREATE TABLE t (x INTEGER)")
        defer { connection.close(); database.close() }
        let output = try await SharpProcess.run(["db", "sql", "--path", path, "SELECT 1"])
        #expect(output.status == 69, "\(output.stderr)")
        #expect(!output.stderr.contains("Usage:") && !output.stderr.contains("USAGE:"))
        #expect(output.stderr.contains("--db-mode legacy"))
    }

    @Test func exitStatusesAreDocumentedAndOnlyUsageMistakesPrintUsage() async throws {
        let folder = try Folder()
        defer { folder.remove() }
        let help = try await SharpProcess.run(["--help"])
        let flowing = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flowing.contains("Exit status:") && flowing.contains("69 unavailable") && flowing.contains("77 not allowed"))
        let usage = try await SharpProcess.run(["db", "sql", "--no-such-option"])
        #expect(usage.status == 64 && usage.stderr.contains("Usage"), "\(usage.stderr)")
        let badSQL = try await SharpProcess.run(["db", "sql", "--path", folder.file("x.duckdb"), "SELEC 1"])
        #expect(badSQL.status == 65 && !badSQL.stderr.contains("Usage:"), "\(badSQL.stderr)")
    }
}
