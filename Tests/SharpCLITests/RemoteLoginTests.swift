import Foundation
import Testing

/// A sharp client reaching a `sharp serve` over TLS and with a password, as a user would: the
/// URL's sslmode/sslrootcert, libpq's environment (PGPASSWORD, PGSSLMODE, …) and ~/.pgpass; a
/// refused login says which variable or flag to set and exits 77; a certificate from another
/// CA, or a server without TLS under sslmode=require, is refused.
@Suite(.serialized) struct RemoteLoginTests {
    /// A test CA, a server certificate it signed for 127.0.0.1 and localhost, and another CA.
    struct Certificates {
        let folder: URL
        var ca: String { folder.appendingPathComponent("ca.pem").path }
        var otherCA: String { folder.appendingPathComponent("other-ca.pem").path }
        var cert: String { folder.appendingPathComponent("server.pem").path }
        var key: String { folder.appendingPathComponent("server.key").path }

        static func make(in folder: URL) async throws -> Certificates {
            func openssl(_ arguments: [String]) async throws {
                let run = try await SharpProcess.runExecutable("/usr/bin/openssl", arguments, timeout: 120)
                guard run.status == 0 else { throw CertificateError(description: "openssl \(arguments.joined(separator: " ")): \(run.stderr)") }
            }
            let file = { (name: String) in folder.appendingPathComponent(name).path }
            let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
            for ca in ["ca", "other-ca"] {
                try await openssl(["req", "-x509"] + ec + ["-keyout", file("\(ca).key"), "-out", file("\(ca).pem"),
                                                         "-subj", "/CN=sharp test \(ca)", "-days", "2"])
            }
            try await openssl(["req"] + ec + ["-keyout", file("server.key"), "-out", file("server.csr"), "-subj", "/CN=localhost"])
            try "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n".write(toFile: file("ext.cnf"), atomically: true, encoding: .utf8)
            try await openssl(["x509", "-req", "-in", file("server.csr"), "-CA", file("ca.pem"), "-CAkey", file("ca.key"),
                               "-CAcreateserial", "-out", file("server.pem"), "-days", "2", "-extfile", file("ext.cnf")])
            return Certificates(folder: folder)
        }
    }

    struct CertificateError: Error, CustomStringConvertible { let description: String }

    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("login-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Runs `sharp db sql` with `environment` (and nothing of ours that would fill the settings).
    static func sql(_ arguments: [String], _ environment: [String: String] = [:]) async throws -> SharpProcess.Output {
        var clean = ["PGPASSWORD": "", "PGUSER": "", "PGHOST": "", "PGPORT": "", "PGDATABASE": "", "PGSSLMODE": "",
                     "PGSSLROOTCERT": "", "PGPASSFILE": "", "SHARP_DATABASE_URL": "", "SHARP_SERVER_PASSWORD": ""]
        for (name, value) in environment { clean[name] = value }
        return try await SharpProcess.run(["db", "sql"] + arguments, environment: clean)
    }

    @Test("verify-full against the test CA with PGPASSWORD, libpq's environment alone, and ~/.pgpass; refusals exit 77 and say what to set")
    func tlsAndPasswords() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let certificates = try await Certificates.make(in: folder)
        let path = folder.appendingPathComponent("tls.duckdb").path
        let server = try ServeCommandTests.Server(["--path", path, "--port", "0", "--tls-cert", certificates.cert, "--tls-key", certificates.key],
                                                  environment: ["SHARP_SERVER_PASSWORD": "s3cret"])
        defer { server.process.terminate(); server.process.waitUntilExit() }
        let (port, _) = try #require(await server.ready(), "\(server.errors.withLock { $0 })")
        let url = "postgres://sharp@127.0.0.1:\(port)/main?sslmode=verify-full&sslrootcert=\(certificates.ca)"

        let verified = try await Self.sql(["--db-url", url, "SELECT 40 + 2 AS answer"], ["PGPASSWORD": "s3cret"])
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout.contains("42"), "\(verified.stdout)")

        // Everything from libpq's environment: the URL says only "postgres://".
        let environment = ["SHARP_DATABASE_URL": "postgres://", "PGHOST": "127.0.0.1", "PGPORT": "\(port)", "PGUSER": "sharp",
                           "PGDATABASE": "main", "PGSSLMODE": "verify-full", "PGSSLROOTCERT": certificates.ca, "PGPASSWORD": "s3cret"]
        let fromEnvironment = try await Self.sql(["SELECT 7 AS seven"], environment)
        #expect(fromEnvironment.status == 0, "\(fromEnvironment.stderr)")
        #expect(fromEnvironment.stdout.contains("7"))

        // The password from ~/.pgpass (HOME points at the test's folder).
        let pgpass = folder.appendingPathComponent(".pgpass").path
        try "127.0.0.1:\(port):*:sharp:s3cret\n".write(toFile: pgpass, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: pgpass)
        let fromFile = try await Self.sql(["--db-url", url, "SELECT 1 AS one"], ["HOME": folder.path])
        #expect(fromFile.status == 0, "\(fromFile.stderr)")

        // A wrong password: 77, naming where it came from and where to set it.
        let wrong = try await Self.sql(["--db-url", url, "SELECT 1"], ["PGPASSWORD": "guess"])
        #expect(wrong.status == 77, "\(wrong.stderr)")
        #expect(wrong.stderr.contains("refused the login") && wrong.stderr.contains("PGPASSWORD"), "\(wrong.stderr)")
        #expect(!wrong.stderr.contains("Usage"))
        // No password at all.
        let missing = try await Self.sql(["--db-url", url, "SELECT 1"])
        #expect(missing.status == 77, "\(missing.stderr)")
        #expect(missing.stderr.contains("give the password") && missing.stderr.contains("~/.pgpass"), "\(missing.stderr)")

        // A certificate the client's CA did not sign: refused before any password is sent.
        let untrusted = try await Self.sql(["--db-url", url.replacingOccurrences(of: certificates.ca, with: certificates.otherCA), "SELECT 1"],
                                           ["PGPASSWORD": "s3cret"])
        #expect(untrusted.status == 69, "\(untrusted.stderr)")
        #expect(untrusted.stderr.contains("TLS"), "\(untrusted.stderr)")
    }

    @Test("sslmode=require against a server without TLS is refused; a password-protected owner found by its record names SHARP_SERVER_PASSWORD")
    func plainServer() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("plain.duckdb").path
        let server = try ServeCommandTests.Server(["--path", path, "--port", "0"], environment: ["SHARP_SERVER_PASSWORD": "s3cret"])
        defer { server.process.terminate(); server.process.waitUntilExit() }
        let (port, _) = try #require(await server.ready(), "\(server.errors.withLock { $0 })")

        let required = try await Self.sql(["--db-url", "postgres://sharp@127.0.0.1:\(port)/main?sslmode=require", "SELECT 1"],
                                          ["PGPASSWORD": "s3cret"])
        #expect(required.status == 69, "\(required.stderr)")
        #expect(required.stderr.contains("does not offer TLS"), "\(required.stderr)")

        let found = try await Self.sql(["--path", path, "SELECT 1 AS one"])
        #expect(found.status == 77, "\(found.stderr)")
        #expect(found.stderr.contains("SHARP_SERVER_PASSWORD"), "\(found.stderr)")
        let given = try await Self.sql(["--path", path, "SELECT 1 AS one"], ["SHARP_SERVER_PASSWORD": "s3cret"])
        #expect(given.status == 0, "\(given.stderr)")
        #expect(given.stderr.contains("going through the owner of \(path)"), "\(given.stderr)")
    }
}
