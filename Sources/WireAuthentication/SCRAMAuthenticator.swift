import Foundation

/// The server side of SCRAM-SHA-256 (RFC 5802/7677, as PostgreSQL speaks it, without channel
/// binding): keys derived once from the configured password, then one exchange per login.
///
/// ```swift
/// let scram = SCRAMAuthenticator(password: "secret")
/// var exchange = scram.begin()
/// let serverFirst = try exchange.serverFirst(clientFirst: "n,,n=,r=abc")
/// let serverFinal = try exchange.serverFinal(clientFinal: clientFinal) // throws on a wrong password
/// ```
public struct SCRAMAuthenticator: Sendable {
    let salt: [UInt8]
    let iterations: Int
    let storedKey: [UInt8]
    let serverKey: [UInt8]

    /// Derives the verifier of `password` with a fresh random salt. PBKDF2 over `iterations`
    /// rounds is deliberately costly (about a second in a debug build): run it off the Swift
    /// concurrency pool.
    public init(password: String, iterations: Int = 4096) {
        var salt = [UInt8](repeating: 0, count: 16)
        for i in salt.indices { salt[i] = UInt8.random(in: 0...255) }
        self.salt = salt
        self.iterations = iterations
        let salted = WireDigest.pbkdf2SHA256(password: Array(password.utf8), salt: salt, iterations: iterations)
        storedKey = WireDigest.sha256(WireDigest.hmacSHA256(key: salted, Array("Client Key".utf8)))
        serverKey = WireDigest.hmacSHA256(key: salted, Array("Server Key".utf8))
    }

    /// A verifier no password matches (random keys, no PBKDF2, so it costs nothing), for
    /// running the usual exchange with a user who does not exist and refusing at its end.
    public static func decoy(iterations: Int = 4096) -> SCRAMAuthenticator {
        SCRAMAuthenticator(salt: randomBytes(16), iterations: iterations, storedKey: randomBytes(32), serverKey: randomBytes(32))
    }

    private init(salt: [UInt8], iterations: Int, storedKey: [UInt8], serverKey: [UInt8]) {
        self.salt = salt
        self.iterations = iterations
        self.storedKey = storedKey
        self.serverKey = serverKey
    }

    private static func randomBytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8.random(in: 0...255) } }

    /// Starts one login exchange.
    public func begin() -> Exchange { Exchange(verifier: self) }

    /// Why a SCRAM exchange failed.
    public enum Failure: Error, Sendable, Equatable {
        case malformed(String)
        case wrongPassword
    }

    /// One login: client-first → server-first, client-final → server-final.
    public struct Exchange: Sendable {
        let verifier: SCRAMAuthenticator
        var clientFirstBare = ""
        var serverFirst = ""
        var nonce = ""

        /// Answers the client-first message (`n,,n=user,r=nonce`).
        public mutating func serverFirst(clientFirst: String) throws -> String {
            guard clientFirst.hasPrefix("n,") || clientFirst.hasPrefix("y,") else {
                throw Failure.malformed("channel binding is not supported; use a client without it or sslmode=disable")
            }
            let parts = clientFirst.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { throw Failure.malformed("client-first-message") }
            clientFirstBare = String(parts[2])
            guard let clientNonce = Self.attribute("r", in: clientFirstBare) else { throw Failure.malformed("no client nonce") }
            let serverNonce = Data((0..<18).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
            nonce = clientNonce + serverNonce
            serverFirst = "r=\(nonce),s=\(Data(verifier.salt).base64EncodedString()),i=\(verifier.iterations)"
            return serverFirst
        }

        /// Checks the client's proof in the client-final message; returns the server-final message.
        public func serverFinal(clientFinal: String) throws -> String {
            guard let proofStart = clientFinal.range(of: ",p=") else { throw Failure.malformed("no proof") }
            let withoutProof = String(clientFinal[..<proofStart.lowerBound])
            guard Self.attribute("r", in: withoutProof) == nonce else { throw Failure.malformed("nonce mismatch") }
            guard let proof = Data(base64Encoded: String(clientFinal[proofStart.upperBound...])), proof.count == 32 else {
                throw Failure.malformed("proof")
            }
            let authMessage = Array("\(clientFirstBare),\(serverFirst),\(withoutProof)".utf8)
            let clientSignature = WireDigest.hmacSHA256(key: verifier.storedKey, authMessage)
            let clientKey = zip(proof, clientSignature).map { $0 ^ $1 }
            guard ConstantTime.equal(WireDigest.sha256(clientKey), verifier.storedKey) else { throw Failure.wrongPassword }
            let serverSignature = WireDigest.hmacSHA256(key: verifier.serverKey, authMessage)
            return "v=" + Data(serverSignature).base64EncodedString()
        }

        static func attribute(_ name: Character, in message: String) -> String? {
            for part in message.split(separator: ",") where part.first == name && part.dropFirst().first == "=" {
                return String(part.dropFirst(2))
            }
            return nil
        }
    }
}
