@testable import CoordinatorServer
@testable import WireAuthentication
import DuckDBKit
import Foundation
import NIOCore
import Testing

@Suite struct EncodingTests {
    func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    @Test func sha256HmacAndPbkdf2MatchPublishedVectors() {
        #expect(hex(WireDigest.sha256(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hex(WireDigest.sha256([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        // RFC 4231 test case 2.
        #expect(hex(WireDigest.hmacSHA256(key: Array("Jefe".utf8), Array("what do ya want for nothing?".utf8)))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        // RFC 7914 §11, first 32 bytes.
        #expect(hex(WireDigest.pbkdf2SHA256(password: Array("passwd".utf8), salt: Array("salt".utf8), iterations: 1))
                == "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc")
    }

    @Test func scramExchangeAcceptsTheRightProofOnly() throws {
        let scram = SCRAMAuthenticator(password: "pencil", iterations: 4096)
        func clientFinal(password: String, serverFirst: String) -> String {
            let parts = Dictionary(uniqueKeysWithValues: serverFirst.split(separator: ",").map { ($0.first!, String($0.dropFirst(2))) })
            let salt = Array(Data(base64Encoded: parts["s"]!)!)
            let salted = WireDigest.pbkdf2SHA256(password: Array(password.utf8), salt: salt, iterations: Int(parts["i"]!)!)
            let clientKey = WireDigest.hmacSHA256(key: salted, Array("Client Key".utf8))
            let withoutProof = "c=biws,r=\(parts["r"]!)"
            let auth = Array("n=,r=rOprNGfwEbeRWgbNEkqO,\(serverFirst),\(withoutProof)".utf8)
            let signature = WireDigest.hmacSHA256(key: WireDigest.sha256(clientKey), auth)
            return withoutProof + ",p=" + Data(zip(clientKey, signature).map { $0 ^ $1 }).base64EncodedString()
        }
        var good = scram.begin()
        let first = try good.serverFirst(clientFirst: "n,,n=,r=rOprNGfwEbeRWgbNEkqO")
        #expect(first.hasPrefix("r=rOprNGfwEbeRWgbNEkqO"))
        #expect(try good.serverFinal(clientFinal: clientFinal(password: "pencil", serverFirst: first)).hasPrefix("v="))
        var bad = scram.begin()
        let second = try bad.serverFirst(clientFirst: "n,,n=,r=rOprNGfwEbeRWgbNEkqO")
        #expect(throws: SCRAMAuthenticator.Failure.wrongPassword) {
            try bad.serverFinal(clientFinal: clientFinal(password: "pen", serverFirst: second))
        }
    }

    @Test func textFormats() {
        #expect(ValueEncoding.text(.bool(true), as: .bool) == Array("t".utf8))
        #expect(ValueEncoding.text(.double(2), as: .float8) == Array("2".utf8))
        #expect(ValueEncoding.text(.timestampTZ(DuckDBTimestamp(micros: 1_750_201_500_250_000)), as: .timestamptz)
                == Array("2025-06-17 23:05:00.25+00".utf8))
        #expect(ValueEncoding.text(.interval(DuckDBInterval(months: 14, days: 3, micros: 3_600_000_000)), as: .interval)
                == Array("1 year 2 mons 3 days 01:00:00".utf8))
        #expect(ValueEncoding.text(.blob(Data([0, 255])), as: .bytea) == Array("\\x00ff".utf8))
        #expect(ValueEncoding.text(.null, as: .int4) == nil)
    }

    @Test func binaryFormatsRoundTrip() throws {
        let cases: [(DuckDBValue, PostgresType)] = [
            (.bool(true), .bool), (.int(-3), .int2), (.int(70_000), .int4), (.int(1 << 40), .int8),
            (.double(1.5), .float4), (.double(-2.25), .float8), (.date(DuckDBDate(days: 20_256)), .date),
            (.timestamp(DuckDBTimestamp(micros: 1_750_201_500_000_001)), .timestamp),
            (.timestampTZ(DuckDBTimestamp(micros: -5)), .timestamptz),
            (.interval(DuckDBInterval(months: 1, days: 2, micros: 3)), .interval), (.blob(Data([1, 2])), .bytea),
            (.string("12345678-1234-5678-1234-567812345678"), .uuid),
        ]
        for (value, type) in cases {
            let bytes = try #require(ValueEncoding.binary(value, as: type))
            #expect(try ValueEncoding.parameter(ByteBuffer(bytes: bytes), binary: true, type: type) == value, "\(type.rawValue)")
        }
        for text in ["1234.567", "-0.001", "0", "10000", "123456789.5"] {
            let bytes = try #require(ValueEncoding.binary(.string(text), as: .numeric))
            #expect(try ValueEncoding.parameter(ByteBuffer(bytes: bytes), binary: true, type: .numeric) == .string(text))
        }
        #expect(try ValueEncoding.parameter(nil, binary: true, type: .int4) == .null)
    }
}
