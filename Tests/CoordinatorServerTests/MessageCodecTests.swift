import CoordinatorServer
import NIOCore
import Testing

@Suite struct MessageCodecTests {
    func bytes(_ values: [UInt8]) -> ByteBuffer { ByteBuffer(bytes: values) }

    func startupPacket(_ parameters: [(String, String)]) -> ByteBuffer {
        var body = ByteBuffer()
        body.writeInteger(Int32(196_608))
        for (name, value) in parameters {
            body.writeString(name); body.writeInteger(UInt8(0))
            body.writeString(value); body.writeInteger(UInt8(0))
        }
        body.writeInteger(UInt8(0))
        var packet = ByteBuffer()
        packet.writeInteger(Int32(body.readableBytes + 4))
        packet.writeBuffer(&body)
        return packet
    }

    @Test func sslRequestThenStartupThenQuery() throws {
        var decoder = FrontendMessageDecoder(maxMessageSize: 1 << 20)
        var buffer = bytes([0, 0, 0, 8, 0x04, 0xD2, 0x16, 0x2F])
        #expect(try decoder.next(&buffer) == .sslRequest)
        // The server answers and goes on with a new decoder (the old one refuses any byte).
        decoder = FrontendMessageDecoder(maxMessageSize: 1 << 20)
        var startup = startupPacket([("user", "sharp"), ("database", "main")])
        #expect(try decoder.next(&startup) == .startup(protocolVersion: 196_608, parameters: ["user": "sharp", "database": "main"]))
        var query = bytes([UInt8(ascii: "Q"), 0, 0, 0, 13] + Array("SELECT 1".utf8) + [0])
        #expect(try decoder.next(&query) == .query("SELECT 1"))
        #expect(query.readableBytes == 0)
    }

    @Test func partialMessageWaitsForMoreBytes() throws {
        var decoder = FrontendMessageDecoder(maxMessageSize: 1 << 20)
        var startup = startupPacket([("user", "u")])
        _ = try decoder.next(&startup)
        var buffer = bytes([UInt8(ascii: "Q"), 0, 0, 0, 13] + Array("SELE".utf8))
        #expect(try decoder.next(&buffer) == nil)
        buffer.writeBytes(Array("CT 1".utf8) + [0])
        #expect(try decoder.next(&buffer) == .query("SELECT 1"))
    }

    @Test func cancelRequestCarriesKey() throws {
        var decoder = FrontendMessageDecoder(maxMessageSize: 1 << 20)
        var buffer = bytes([0, 0, 0, 16, 0x04, 0xD2, 0x16, 0x2E, 0, 0, 0, 7, 0, 0, 0, 9])
        #expect(try decoder.next(&buffer) == .cancelRequest(processID: 7, secretKey: 9))
    }

    @Test func twoGigabyteLengthIsRefusedBeforeBuffering() throws {
        var decoder = FrontendMessageDecoder(maxMessageSize: 1 << 20)
        var startup = startupPacket([("user", "u")])
        _ = try decoder.next(&startup)
        var buffer = bytes([UInt8(ascii: "Q"), 0x7F, 0xFF, 0xFF, 0xFF])
        #expect(throws: ProtocolViolation.messageTooLarge(length: Int(Int32.max), limit: 1 << 20)) { try decoder.next(&buffer) }
    }

    @Test func garbageIsAViolation() throws {
        var decoder = FrontendMessageDecoder(maxMessageSize: 1 << 20)
        var garbage = bytes([0x47, 0x45, 0x54, 0x20, 0x2F, 0x20, 0x48, 0x54]) // "GET / HT"
        #expect(throws: ProtocolViolation.self) { try decoder.next(&garbage) }
        var startup = startupPacket([("user", "u")])
        var typed = FrontendMessageDecoder(maxMessageSize: 1 << 20)
        _ = try typed.next(&startup)
        var unknown = bytes([0x01, 0, 0, 0, 4])
        #expect(throws: ProtocolViolation.unknownMessageType(1)) { try typed.next(&unknown) }
        var short = bytes([UInt8(ascii: "Q"), 0, 0, 0, 2])
        #expect(throws: ProtocolViolation.invalidLength(2)) { try typed.next(&short) }
    }

    @Test func bindWithNullAndBinaryFormats() throws {
        var decoder = FrontendMessageDecoder(maxMessageSize: 1 << 20)
        var startup = startupPacket([("user", "u")])
        _ = try decoder.next(&startup)
        var body = ByteBuffer()
        body.writeBytes([UInt8(ascii: "p"), 0, UInt8(ascii: "s"), 0]) // portal "p", statement "s"
        body.writeInteger(Int16(1)); body.writeInteger(Int16(1))      // all binary
        body.writeInteger(Int16(2))
        body.writeInteger(Int32(4)); body.writeInteger(Int32(42))
        body.writeInteger(Int32(-1))
        body.writeInteger(Int16(0))
        var message = ByteBuffer()
        message.writeInteger(UInt8(ascii: "B"))
        message.writeInteger(Int32(body.readableBytes + 4))
        message.writeBuffer(&body)
        guard case .bind(let bind)? = try decoder.next(&message) else { Issue.record("not a bind"); return }
        #expect(bind.portal == "p" && bind.statement == "s" && bind.parameterFormats == [1])
        #expect(bind.parameters.count == 2 && bind.parameters[1] == nil)
        #expect(bind.parameters[0]?.getInteger(at: bind.parameters[0]!.readerIndex, as: Int32.self) == 42)
    }

    @Test func backendMessagesEncodeToProtocolBytes() {
        var buffer = ByteBuffer()
        BackendMessage.readyForQuery(.inTransaction).encode(into: &buffer)
        #expect(Array(buffer.readableBytesView) == [UInt8(ascii: "Z"), 0, 0, 0, 5, UInt8(ascii: "T")])
        buffer.clear()
        BackendMessage.commandComplete("SELECT 1").encode(into: &buffer)
        #expect(Array(buffer.readableBytesView) == [UInt8(ascii: "C"), 0, 0, 0, 13] + Array("SELECT 1".utf8) + [0])
        buffer.clear()
        BackendMessage.dataRow([Array("1".utf8), nil]).encode(into: &buffer)
        #expect(Array(buffer.readableBytesView) == [UInt8(ascii: "D"), 0, 0, 0, 15, 0, 2, 0, 0, 0, 1, UInt8(ascii: "1"), 0xFF, 0xFF, 0xFF, 0xFF])
        buffer.clear()
        BackendMessage.encryptionRefused.encode(into: &buffer)
        #expect(Array(buffer.readableBytesView) == [UInt8(ascii: "N")])
        buffer.clear()
        BackendMessage.error(.init(sqlState: "42P01", message: "x")).encode(into: &buffer)
        let text = String(decoding: buffer.readableBytesView.dropFirst(5), as: UTF8.self)
        #expect(text == "SERROR\0VERROR\0C42P01\0Mx\0\0")
    }
}
