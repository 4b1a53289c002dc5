import CoordinatorServer
import Foundation
import NIOCore
import Testing

/// Seeded mutations of a valid client conversation (SSLRequest, startup, simple and extended
/// query, COPY, terminate), fed to `FrontendMessageDecoder` in seeded chunk sizes the way the
/// socket delivers them: no crash, every step either consumes bytes or waits for more (no
/// hang), and every rejection is a `ProtocolViolation`. `SHARP_FUZZ_CASES=n` changes the
/// number of cases (default 3,000; `make soak`).
@Suite struct FrontendDecoderFuzzTests {
    static let cases = ProcessInfo.processInfo.environment["SHARP_FUZZ_CASES"].flatMap(Int.init) ?? 3_000

    /// A small SplitMix64, so the cases repeat for a seed.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }
    }

    static func message(_ type: Character, _ body: [UInt8]) -> [UInt8] {
        let length = UInt32(body.count + 4)
        return [UInt8(ascii: type.unicodeScalars.first!)] + withUnsafeBytes(of: length.bigEndian, Array.init) + body
    }

    static func cString(_ s: String) -> [UInt8] { Array(s.utf8) + [0] }
    static func int16(_ v: Int16) -> [UInt8] { withUnsafeBytes(of: v.bigEndian, Array.init) }
    static func int32(_ v: Int32) -> [UInt8] { withUnsafeBytes(of: v.bigEndian, Array.init) }

    static let conversation: [UInt8] = {
        var startupBody = int32(196_608) + cString("user") + cString("sharp") + cString("database") + cString("main") + [0]
        startupBody = int32(Int32(startupBody.count + 4)) + startupBody
        let bind = cString("") + cString("s1") + int16(1) + int16(0) + int16(2) + int32(2) + Array("42".utf8) + int32(-1)
            + int16(1) + int16(1)
        // (An SSLRequest ends its decoder's input: the TLS rule, tested in EncryptionRequestTests.)
        return startupBody
            + message("p", cString("secret"))
            + message("Q", cString("SELECT 1"))
            + message("P", cString("s1") + cString("INSERT INTO t VALUES ($1, $2)") + int16(2) + int32(23) + int32(25))
            + message("B", bind)
            + message("D", [UInt8(ascii: "P")] + cString(""))
            + message("E", cString("") + int32(0))
            + message("H", []) + message("S", [])
            + message("Q", cString("COPY t FROM STDIN"))
            + message("d", Array("1\tone\n".utf8)) + message("c", [])
            + message("f", cString("client gave up"))
            + message("C", [UInt8(ascii: "S")] + cString("s1"))
            + message("X", [])
    }()

    func mutate(_ bytes: [UInt8], _ random: inout Random) -> [UInt8] {
        var bytes = bytes
        for _ in 0...random.below(3) where !bytes.isEmpty {
            let at = random.below(bytes.count)
            switch random.below(5) {
            case 0: bytes[at] = UInt8(truncatingIfNeeded: random.next())
            case 1: bytes[at] = [0x00, 0xFF, 0x7F, 0x80][random.below(4)]  // length bytes to extremes
            case 2: bytes.removeSubrange(at..<min(bytes.count, at + 1 + random.below(8)))
            case 3: bytes.insert(contentsOf: (0..<random.below(8)).map { _ in UInt8(truncatingIfNeeded: random.next()) }, at: at)
            default: bytes.removeSubrange(at..<bytes.count)
            }
        }
        return bytes
    }

    @Test func theValidConversationDecodes() throws {
        var decoder = FrontendMessageDecoder(maxMessageSize: 1 << 20)
        var buffer = ByteBuffer(bytes: Self.conversation)
        var messages = 0
        while try decoder.next(&buffer) != nil { messages += 1 }
        #expect(messages == 15 && buffer.readableBytes == 0)
    }

    @Test func mutatedConversationsFailOnlyWithProtocolViolations() {
        var random = Random(state: 0xF00D)
        var violations = 0, complete = 0, messages = 0
        for seed in 0..<Self.cases {
            let input = mutate(Self.conversation, &random)
            var decoder = FrontendMessageDecoder(maxMessageSize: 4_096)
            var buffer = ByteBuffer()
            var offset = 0
            var steps = 0
            do {
                feeding: while true {
                    let before = buffer.readerIndex
                    if let _ = try decoder.next(&buffer) {
                        messages += 1
                        if buffer.readerIndex <= before { Issue.record("seed \(seed): a message consumed no bytes") }
                    } else {
                        if offset == input.count { break feeding }
                        let chunk = 1 + random.below(64)
                        buffer.writeBytes(input[offset..<min(input.count, offset + chunk)])
                        offset = min(input.count, offset + chunk)
                    }
                    steps += 1
                    if steps > 4 * input.count + 16 {
                        Issue.record("seed \(seed): the decoder made no progress after \(steps) steps")
                        break feeding
                    }
                }
                complete += 1
            } catch is ProtocolViolation {
                violations += 1
            } catch {
                Issue.record("seed \(seed): rejected with \(type(of: error)), not a ProtocolViolation: \(error)")
            }
        }
        #expect(violations + complete == Self.cases)
        print("fuzz wire decoder: \(Self.cases) inputs, \(violations) ProtocolViolations, \(complete) decoded or waiting, \(messages) messages, 0 crashes")
    }
}
