import Crypto
import CryptoExtras

/// The digests under PostgreSQL's logins, from swift-crypto (BoringSSL underneath): SHA-256,
/// HMAC-SHA-256 and PBKDF2-HMAC-SHA-256 for SCRAM-SHA-256, MD5 for the md5 password method.
///
/// ```swift
/// WireDigest.sha256(Array("abc".utf8))                                      // ba7816bf…
/// WireDigest.hmacSHA256(key: Array("Jefe".utf8), Array("what do ya want for nothing?".utf8))
/// WireDigest.pbkdf2SHA256(password: Array("pencil".utf8), salt: salt, iterations: 4096)
/// WireDigest.md5Hex(Array("abc".utf8))                                      // "900150983cd24fb0d6963f7d28e17f72"
/// ```
public enum WireDigest {
    public static func sha256(_ message: [UInt8]) -> [UInt8] {
        Array(Crypto.SHA256.hash(data: message))
    }

    public static func hmacSHA256(key: [UInt8], _ message: [UInt8]) -> [UInt8] {
        Array(HMAC<Crypto.SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }

    /// PBKDF2 with HMAC-SHA-256, 32 bytes out (SCRAM-SHA-256's salted password). `iterations`
    /// is not checked against a minimum: PostgreSQL's default is 4096, tests use fewer.
    public static func pbkdf2SHA256(password: [UInt8], salt: [UInt8], iterations: Int) -> [UInt8] {
        precondition(iterations >= 1, "PBKDF2 needs at least one iteration")
        do {
            let key = try KDF.Insecure.PBKDF2.deriveKey(from: password, salt: salt, using: .sha256, outputByteCount: 32,
                                                        unsafeUncheckedRounds: iterations)
            return key.withUnsafeBytes { Array($0) }
        } catch {
            // BoringSSL refuses only parameters checked above (or runs out of memory).
            preconditionFailure("PBKDF2-SHA256 failed: \(error)")
        }
    }

    /// MD5 in lower-case hex, as PostgreSQL's md5 password method writes it.
    public static func md5Hex(_ message: [UInt8]) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in Insecure.MD5.hash(data: message) {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
