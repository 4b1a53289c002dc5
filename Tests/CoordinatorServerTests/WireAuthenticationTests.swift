import Foundation
import Testing
@testable import WireAuthentication

/// The hashes and exchanges under the server's and RemoteCoordinator's logins, against
/// published vectors (RFC 1321, RFC 7677) and PostgreSQL's md5 formula (computed by Python's
/// hashlib for the value below).
@Suite struct WireAuthenticationTests {
    @Test func md5MatchesPublishedVectors() {
        #expect(WireDigest.md5Hex([]) == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(WireDigest.md5Hex(Array("abc".utf8)) == "900150983cd24fb0d6963f7d28e17f72")
        #expect(WireDigest.md5Hex(Array("The quick brown fox jumps over the lazy dog".utf8)) == "9e107d9d372bb6826bd81d3542a419d6")
        // Two blocks (RFC 1321 §A.5).
        #expect(WireDigest.md5Hex(Array(String(repeating: "1234567890", count: 8).utf8)) == "57edf4a22be3c955ac49da2e2107b67a")
    }

    @Test func md5PasswordIsPostgresFormula() {
        let salt: [UInt8] = [1, 2, 3, 4]
        #expect(MD5Password.response(user: "alice", password: "secret", salt: salt) == "md598a0412b9c31436fc53776e863350083")
        #expect(MD5Password.matches("md598a0412b9c31436fc53776e863350083", user: "alice", password: "secret", salt: salt))
        #expect(!MD5Password.matches("md598a0412b9c31436fc53776e863350083", user: "bob", password: "secret", salt: salt))
        #expect(!MD5Password.matches("md598a0412b9c31436fc53776e863350083", user: "alice", password: "secret", salt: [1, 2, 3, 5]))
    }

    @Test func scramClientMatchesRFC7677() throws {
        var client = SCRAMClient(password: "pencil", user: "user", nonce: "rOprNGfwEbeRWgbNEkqO")
        #expect(client.clientFirst == "n,,n=user,r=rOprNGfwEbeRWgbNEkqO")
        let serverFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"
        #expect(try client.clientFinal(serverFirst: serverFirst)
                == "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=")
        try client.verify(serverFinal: "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")
        #expect(throws: SCRAMClient.Failure.serverSignatureMismatch) {
            try client.verify(serverFinal: "v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")
        }
    }

    @Test func scramClientAndServerAgreeOnlyOnTheSamePassword() throws {
        let server = SCRAMAuthenticator(password: "s3cret", iterations: 64)
        var exchange = server.begin()
        var client = SCRAMClient(password: "s3cret")
        let serverFirst = try exchange.serverFirst(clientFirst: client.clientFirst)
        let serverFinal = try exchange.serverFinal(clientFinal: try client.clientFinal(serverFirst: serverFirst))
        try client.verify(serverFinal: serverFinal)

        var other = server.begin()
        var wrong = SCRAMClient(password: "guess")
        let first = try other.serverFirst(clientFirst: wrong.clientFirst)
        #expect(throws: SCRAMAuthenticator.Failure.wrongPassword) {
            try other.serverFinal(clientFinal: try wrong.clientFinal(serverFirst: first))
        }
        // A final signature from another exchange (a replay by a server without the password) is refused.
        var impostor = SCRAMAuthenticator(password: "not it", iterations: 64).begin()
        var fooled = SCRAMClient(password: "s3cret")
        _ = try fooled.clientFinal(serverFirst: try impostor.serverFirst(clientFirst: fooled.clientFirst))
        #expect(throws: SCRAMClient.Failure.serverSignatureMismatch) { try fooled.verify(serverFinal: serverFinal) }
    }
}
