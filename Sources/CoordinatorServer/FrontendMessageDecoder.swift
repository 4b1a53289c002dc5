import NIOCore

/// Splits the bytes a client sends into ``FrontendMessage``s: first the untyped startup
/// packets (SSLRequest/GSSENCRequest may come first, then StartupMessage or CancelRequest),
/// then typed messages. A length beyond `maxMessageSize`, a length shorter than its own
/// field, or an unknown type byte is a ``ProtocolViolation`` (thrown before the body is
/// buffered, so a 2 GB prefix costs nothing).
///
/// ```swift
/// var decoder = FrontendMessageDecoder(maxMessageSize: 1 << 20)
/// var bytes = ByteBuffer(bytes: [0, 0, 0, 8, 4, 210, 22, 47]) // SSLRequest
/// let message = try decoder.next(&bytes) // .sslRequest
/// ```
public struct FrontendMessageDecoder: NIOSingleStepByteToMessageDecoder {
    public typealias InboundOut = FrontendMessage

    /// The largest message accepted (length field included).
    public let maxMessageSize: Int
    private var inStartup = true
    /// An SSLRequest or GSSENCRequest was decoded: nothing more may arrive on this decoder.
    private var awaitingEncryptionAnswer = false

    public init(maxMessageSize: Int) {
        self.maxMessageSize = maxMessageSize
    }

    /// Decodes the next complete message from `buffer`, or returns nil when more bytes are needed.
    public mutating func next(_ buffer: inout ByteBuffer) throws -> FrontendMessage? {
        if awaitingEncryptionAnswer {
            guard buffer.readableBytes == 0 else { throw ProtocolViolation.unencryptedDataAfterEncryptionRequest }
            return nil
        }
        guard inStartup else { return try nextTyped(&buffer) }
        let message = try nextStartup(&buffer)
        if message == .sslRequest || message == .gssEncryptionRequest {
            guard buffer.readableBytes == 0 else { throw ProtocolViolation.unencryptedDataAfterEncryptionRequest }
            awaitingEncryptionAnswer = true
        }
        return message
    }

    public mutating func decode(buffer: inout ByteBuffer) throws -> FrontendMessage? {
        try next(&buffer)
    }

    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> FrontendMessage? {
        try next(&buffer)
    }

    private mutating func nextStartup(_ buffer: inout ByteBuffer) throws -> FrontendMessage? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: Int32.self) else { return nil }
        let size = Int(length)
        guard size >= 8 else { throw ProtocolViolation.invalidLength(size) }
        guard size <= min(maxMessageSize, 10_000) else {
            throw ProtocolViolation.messageTooLarge(length: size, limit: min(maxMessageSize, 10_000))
        }
        guard buffer.readableBytes >= size else { return nil }
        buffer.moveReaderIndex(forwardBy: 4)
        var body = buffer.readSlice(length: size - 4)!
        let code = body.readInteger(as: Int32.self)!
        switch code {
        case 80_877_103: return .sslRequest
        case 80_877_104: return .gssEncryptionRequest
        case 80_877_102:
            guard let pid = body.readInteger(as: Int32.self), let key = body.readInteger(as: Int32.self) else {
                throw ProtocolViolation.malformed("short CancelRequest")
            }
            return .cancelRequest(processID: pid, secretKey: key)
        case 196_608:
            var parameters: [String: String] = [:]
            while true {
                let name = try body.readCString("startup parameter name")
                if name.isEmpty { break }
                parameters[name] = try body.readCString("startup parameter \(name)")
            }
            inStartup = false
            return .startup(protocolVersion: code, parameters: parameters)
        default:
            throw ProtocolViolation.unsupportedProtocol(code)
        }
    }

    private func nextTyped(_ buffer: inout ByteBuffer) throws -> FrontendMessage? {
        guard let type = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self),
              let length = buffer.getInteger(at: buffer.readerIndex + 1, as: Int32.self) else { return nil }
        let size = Int(length)
        guard Self.knownTypes.contains(type) else { throw ProtocolViolation.unknownMessageType(type) }
        guard size >= 4 else { throw ProtocolViolation.invalidLength(size) }
        guard size <= maxMessageSize else { throw ProtocolViolation.messageTooLarge(length: size, limit: maxMessageSize) }
        guard buffer.readableBytes >= size + 1 else { return nil }
        buffer.moveReaderIndex(forwardBy: 5)
        var body = buffer.readSlice(length: size - 4)!
        return try Self.decodeBody(type: type, &body)
    }

    private static let knownTypes: Set<UInt8> = Set("pQPBDECSHXdcf".utf8)

    private static func decodeBody(type: UInt8, _ body: inout ByteBuffer) throws -> FrontendMessage {
        switch type {
        case UInt8(ascii: "p"): return .password(body)
        case UInt8(ascii: "Q"): return .query(try body.readCString("query"))
        case UInt8(ascii: "P"):
            let name = try body.readCString("statement name")
            let query = try body.readCString("query")
            let count = try body.readCount("parameter type count")
            var types: [Int32] = []
            for _ in 0..<count { types.append(try body.readInt32("parameter type")) }
            return .parse(name: name, query: query, parameterTypes: types)
        case UInt8(ascii: "B"):
            let portal = try body.readCString("portal name")
            let statement = try body.readCString("statement name")
            var formats: [Int16] = []
            for _ in 0..<(try body.readCount("parameter format count")) { formats.append(try body.readInt16("parameter format")) }
            var parameters: [ByteBuffer?] = []
            for _ in 0..<(try body.readCount("parameter count")) {
                let length = Int(try body.readInt32("parameter length"))
                if length < 0 { parameters.append(nil); continue }
                guard let value = body.readSlice(length: length) else { throw ProtocolViolation.malformed("short parameter value") }
                parameters.append(value)
            }
            var results: [Int16] = []
            for _ in 0..<(try body.readCount("result format count")) { results.append(try body.readInt16("result format")) }
            return .bind(.init(portal: portal, statement: statement, parameterFormats: formats,
                               parameters: parameters, resultFormats: results))
        case UInt8(ascii: "D"), UInt8(ascii: "C"):
            guard let kind = body.readInteger(as: UInt8.self), kind == UInt8(ascii: "S") || kind == UInt8(ascii: "P") else {
                throw ProtocolViolation.malformed("Describe/Close kind must be 'S' or 'P'")
            }
            let name = try body.readCString("name")
            return type == UInt8(ascii: "D") ? .describe(kind: kind, name: name) : .close(kind: kind, name: name)
        case UInt8(ascii: "E"):
            let portal = try body.readCString("portal name")
            return .execute(portal: portal, maxRows: try body.readInt32("row limit"))
        case UInt8(ascii: "S"): return .sync
        case UInt8(ascii: "H"): return .flush
        case UInt8(ascii: "X"): return .terminate
        case UInt8(ascii: "d"): return .copyData(body)
        case UInt8(ascii: "c"): return .copyDone
        case UInt8(ascii: "f"): return .copyFail(try body.readCString("CopyFail message"))
        default: throw ProtocolViolation.unknownMessageType(type)
        }
    }
}

extension ByteBuffer {
    mutating func readCString(_ what: String) throws -> String {
        guard let string = readNullTerminatedString() else { throw ProtocolViolation.malformed("\(what) is not NUL-terminated") }
        return string
    }

    mutating func readInt32(_ what: String) throws -> Int32 {
        guard let value = readInteger(as: Int32.self) else { throw ProtocolViolation.malformed("missing \(what)") }
        return value
    }

    mutating func readInt16(_ what: String) throws -> Int16 {
        guard let value = readInteger(as: Int16.self) else { throw ProtocolViolation.malformed("missing \(what)") }
        return value
    }

    mutating func readCount(_ what: String) throws -> Int {
        let count = Int(try readInt16(what))
        guard count >= 0 else { throw ProtocolViolation.malformed("negative \(what)") }
        return count
    }
}
