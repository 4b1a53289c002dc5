import Foundation
@testable import WireAuthentication

/// The client side of SCRAM-SHA-256 (RFC 5802/7677, as PostgreSQL speaks it, without channel
/// binding): the messages a client sends and the check of the server's signature.
///
/// ```swift
/// var scram = SCRAMClient(password: "secret")
/// send(scram.clientFirst)                                    // SASLInitialResponse
/// send(try scram.clientFinal(serverFirst: serverFirst))      // SASLResponse
/// try scram.verify(serverFinal: serverFinal)                 // the server knew the password too
/// ```
struct SCRAMClient: Sendable {
    let password: String
    let user: String
    let clientNonce: String
    var authMessage: [UInt8] = []
    var saltedPassword: [UInt8] = []

    /// Why the server's side of the exchange is not acceptable.
    enum Failure: Error, Sendable, Equatable {
        case malformed(String)
        /// The server's final signature is wrong: it does not know the password.
        case serverSignatureMismatch
    }

    /// - Parameters:
    ///   - user: the name inside the SCRAM messages; PostgreSQL ignores it (the startup
    ///     message names the user), so clients leave it empty.
    ///   - nonce: fixed only by tests; random otherwise.
    init(password: String, user: String = "", nonce: String? = nil) {
        self.password = password
        self.user = user
        clientNonce = nonce ?? Data((0..<18).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
    }

    /// `n,,n=,r=NONCE`: the user name travels in the startup message, as PostgreSQL expects.
    var clientFirst: String { "n,," + clientFirstBare }

    var clientFirstBare: String { "n=\(user),r=\(clientNonce)" }

    /// Answers the server-first message (`r=…,s=…,i=…`) with the client-final message and proof.
    mutating func clientFinal(serverFirst: String) throws -> String {
        guard let nonce = SCRAMAuthenticator.Exchange.attribute("r", in: serverFirst), nonce.hasPrefix(clientNonce),
              let saltText = SCRAMAuthenticator.Exchange.attribute("s", in: serverFirst), let salt = Data(base64Encoded: saltText),
              let iterationsText = SCRAMAuthenticator.Exchange.attribute("i", in: serverFirst), let iterations = Int(iterationsText),
              iterations >= 1 else {
            throw Failure.malformed("server-first-message \(serverFirst)")
        }
        saltedPassword = WireDigest.pbkdf2SHA256(password: Array(password.utf8), salt: Array(salt), iterations: iterations)
        let clientKey = WireDigest.hmacSHA256(key: saltedPassword, Array("Client Key".utf8))
        let withoutProof = "c=biws,r=\(nonce)"
        authMessage = Array("\(clientFirstBare),\(serverFirst),\(withoutProof)".utf8)
        let signature = WireDigest.hmacSHA256(key: WireDigest.sha256(clientKey), authMessage)
        return withoutProof + ",p=" + Data(zip(clientKey, signature).map { $0 ^ $1 }).base64EncodedString()
    }

    /// Checks the server-final message (`v=SIGNATURE`).
    func verify(serverFinal: String) throws {
        guard let text = SCRAMAuthenticator.Exchange.attribute("v", in: serverFinal), let given = Data(base64Encoded: text) else {
            throw Failure.malformed("server-final-message \(serverFinal)")
        }
        let serverKey = WireDigest.hmacSHA256(key: saltedPassword, Array("Server Key".utf8))
        guard ConstantTime.equal(Array(given), WireDigest.hmacSHA256(key: serverKey, authMessage)) else { throw Failure.serverSignatureMismatch }
    }
}
