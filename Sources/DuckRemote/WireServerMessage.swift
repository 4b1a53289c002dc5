import NIOCore

/// One message from a PostgreSQL server as the client side needs it (protocol v3), decoded
/// by ``WireServerMessageDecoder``. Messages the client has no use for are ``other``.
enum WireServerMessage: Sendable {
    /// `R`: an authentication request or OK (code 0), with the rest of its body.
    case authentication(code: Int32, body: ByteBuffer)
    case readyForQuery(status: UInt8)
    /// `T`: column names, type OIDs and formats.
    case rowDescription([WireField])
    /// `D`: one row; nil is SQL NULL.
    case dataRow([ByteBuffer?])
    case commandComplete(tag: String)
    case error(WireErrorFields)
    /// `G`: the server waits for COPY data.
    case copyInResponse
    case other(UInt8)
}

/// One column of a RowDescription.
struct WireField: Sendable {
    var name: String
    var typeOID: Int32
    var format: Int16
}

/// The fields of an ErrorResponse.
struct WireErrorFields: Sendable {
    var sqlState: String
    var message: String
    var detail: String?
}

/// Cuts the byte stream into ``WireServerMessage``s (type byte, Int32 length, body).
struct WireServerMessageDecoder: ByteToMessageDecoder {
    typealias InboundOut = WireServerMessage

    /// Largest message accepted; a bigger length means the stream is not PostgreSQL's.
    let maxMessageSize = 1 << 30

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let type: UInt8 = buffer.getInteger(at: buffer.readerIndex),
              let length: Int32 = buffer.getInteger(at: buffer.readerIndex + 1) else { return .needMoreData }
        guard length >= 4, Int(length) <= maxMessageSize else {
            throw RemoteCoordinatorError.protocolError("server sent a message of length \(length)")
        }
        guard buffer.readableBytes >= 1 + Int(length) else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 5)
        var body = buffer.readSlice(length: Int(length) - 4)!
        context.fireChannelRead(Self.wrapInboundOut(try Self.message(type, &body)))
        return .continue
    }

    static func message(_ type: UInt8, _ body: inout ByteBuffer) throws -> WireServerMessage {
        switch type {
        case UInt8(ascii: "R"):
            guard let code: Int32 = body.readInteger() else { throw RemoteCoordinatorError.protocolError("short authentication message") }
            return .authentication(code: code, body: body)
        case UInt8(ascii: "Z"):
            return .readyForQuery(status: body.readInteger() ?? UInt8(ascii: "I"))
        case UInt8(ascii: "T"):
            guard let count: Int16 = body.readInteger() else { throw RemoteCoordinatorError.protocolError("short RowDescription") }
            var fields: [WireField] = []
            fields.reserveCapacity(Int(count))
            for _ in 0..<Int(count) {
                guard let name = body.readNullTerminatedString(),
                      let _: Int32 = body.readInteger(), let _: Int16 = body.readInteger(),
                      let oid: Int32 = body.readInteger(), let _: Int16 = body.readInteger(),
                      let _: Int32 = body.readInteger(), let format: Int16 = body.readInteger() else {
                    throw RemoteCoordinatorError.protocolError("short RowDescription field")
                }
                fields.append(WireField(name: name, typeOID: oid, format: format))
            }
            return .rowDescription(fields)
        case UInt8(ascii: "D"):
            guard let count: Int16 = body.readInteger() else { throw RemoteCoordinatorError.protocolError("short DataRow") }
            var values: [ByteBuffer?] = []
            values.reserveCapacity(Int(count))
            for _ in 0..<Int(count) {
                guard let length: Int32 = body.readInteger() else { throw RemoteCoordinatorError.protocolError("short DataRow value") }
                if length < 0 { values.append(nil); continue }
                guard let value = body.readSlice(length: Int(length)) else { throw RemoteCoordinatorError.protocolError("short DataRow value") }
                values.append(value)
            }
            return .dataRow(values)
        case UInt8(ascii: "C"):
            return .commandComplete(tag: body.readNullTerminatedString() ?? "")
        case UInt8(ascii: "E"):
            var fields = WireErrorFields(sqlState: "XX000", message: "unknown error")
            while let code: UInt8 = body.readInteger(), code != 0 {
                let value = body.readNullTerminatedString() ?? ""
                switch code {
                case UInt8(ascii: "C"): fields.sqlState = value
                case UInt8(ascii: "M"): fields.message = value
                case UInt8(ascii: "D"): fields.detail = value
                default: break
                }
            }
            return .error(fields)
        case UInt8(ascii: "G"):
            return .copyInResponse
        default:
            return .other(type)
        }
    }
}
