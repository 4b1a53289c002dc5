import NIOCore

/// One message from the server to a client (protocol v3); ``encode(into:)`` writes its bytes.
///
/// ```swift
/// var buffer = ByteBuffer()
/// BackendMessage.readyForQuery(.idle).encode(into: &buffer) // "Z", 0,0,0,5, "I"
/// ```
public enum BackendMessage: Sendable, Equatable {
    /// The single byte `N` refusing SSL/GSS encryption (not a framed message).
    case encryptionRefused
    /// The single byte `S` accepting SSL (TLS negotiation follows).
    case encryptionAccepted
    case authenticationOK
    case authenticationCleartextPassword
    case authenticationMD5Password(salt: [UInt8])
    case authenticationSASL(mechanisms: [String])
    case authenticationSASLContinue([UInt8])
    case authenticationSASLFinal([UInt8])
    case parameterStatus(name: String, value: String)
    case backendKeyData(processID: Int32, secretKey: Int32)
    case readyForQuery(TransactionStatus)
    case rowDescription([FieldDescription])
    /// One row; nil is SQL NULL.
    case dataRow([[UInt8]?])
    case commandComplete(String)
    case emptyQueryResponse
    case error(ErrorFields)
    case notice(ErrorFields)
    case parseComplete
    case bindComplete
    case closeComplete
    case noData
    case portalSuspended
    case parameterDescription([Int32])
    /// Ready for COPY data: overall format (0 text) and one format per column.
    case copyInResponse(format: Int8, columnFormats: [Int16])
    /// COPY data follows: overall format (0 text, 1 binary) and one format per column.
    case copyOutResponse(format: Int8, columnFormats: [Int16])
    /// The end of COPY data sent to the client.
    case copyDone
    /// Messages already encoded (DataRows or CopyData of a streamed result), written as they are.
    case encoded(ByteBuffer)

    /// The transaction status ReadyForQuery reports.
    public enum TransactionStatus: UInt8, Sendable {
        case idle = 73 // I
        case inTransaction = 84 // T
        case failedTransaction = 69 // E
    }

    /// One column of a RowDescription.
    public struct FieldDescription: Sendable, Equatable {
        public var name: String
        public var typeOID: Int32
        public var typeSize: Int16
        public var typeModifier: Int32
        /// 0 text, 1 binary.
        public var format: Int16

        public init(name: String, typeOID: Int32, typeSize: Int16 = -1, typeModifier: Int32 = -1, format: Int16 = 0) {
            self.name = name
            self.typeOID = typeOID
            self.typeSize = typeSize
            self.typeModifier = typeModifier
            self.format = format
        }
    }

    /// The fields of an ErrorResponse/NoticeResponse.
    public struct ErrorFields: Sendable, Equatable {
        public var severity: String
        public var sqlState: String
        public var message: String
        public var detail: String?
        public var hint: String?

        public init(severity: String = "ERROR", sqlState: String, message: String, detail: String? = nil, hint: String? = nil) {
            self.severity = severity
            self.sqlState = sqlState
            self.message = message
            self.detail = detail
            self.hint = hint
        }
    }

    /// Appends this message's bytes to `buffer`.
    public func encode(into buffer: inout ByteBuffer) {
        switch self {
        case .encryptionRefused: buffer.writeInteger(UInt8(ascii: "N"))
        case .encryptionAccepted: buffer.writeInteger(UInt8(ascii: "S"))
        case .authenticationOK: framed("R", &buffer) { $0.writeInteger(Int32(0)) }
        case .authenticationCleartextPassword: framed("R", &buffer) { $0.writeInteger(Int32(3)) }
        case .authenticationMD5Password(let salt):
            framed("R", &buffer) { $0.writeInteger(Int32(5)); $0.writeBytes(salt) }
        case .authenticationSASL(let mechanisms):
            framed("R", &buffer) {
                $0.writeInteger(Int32(10))
                for mechanism in mechanisms { $0.writeCString(mechanism) }
                $0.writeInteger(UInt8(0))
            }
        case .authenticationSASLContinue(let data):
            framed("R", &buffer) { $0.writeInteger(Int32(11)); $0.writeBytes(data) }
        case .authenticationSASLFinal(let data):
            framed("R", &buffer) { $0.writeInteger(Int32(12)); $0.writeBytes(data) }
        case .parameterStatus(let name, let value):
            framed("S", &buffer) { $0.writeCString(name); $0.writeCString(value) }
        case .backendKeyData(let pid, let key):
            framed("K", &buffer) { $0.writeInteger(pid); $0.writeInteger(key) }
        case .readyForQuery(let status): framed("Z", &buffer) { $0.writeInteger(status.rawValue) }
        case .rowDescription(let fields):
            framed("T", &buffer) {
                $0.writeInteger(Int16(fields.count))
                for field in fields {
                    $0.writeCString(field.name)
                    $0.writeInteger(Int32(0)) // table OID
                    $0.writeInteger(Int16(0)) // column number
                    $0.writeInteger(field.typeOID)
                    $0.writeInteger(field.typeSize)
                    $0.writeInteger(field.typeModifier)
                    $0.writeInteger(field.format)
                }
            }
        case .dataRow(let values):
            framed("D", &buffer) {
                $0.writeInteger(Int16(values.count))
                for value in values {
                    if let value {
                        $0.writeInteger(Int32(value.count))
                        $0.writeBytes(value)
                    } else {
                        $0.writeInteger(Int32(-1))
                    }
                }
            }
        case .commandComplete(let tag): framed("C", &buffer) { $0.writeCString(tag) }
        case .emptyQueryResponse: framed("I", &buffer) { _ in }
        case .error(let fields): framed("E", &buffer) { fields.encode(into: &$0) }
        case .notice(let fields): framed("N", &buffer) { fields.encode(into: &$0) }
        case .parseComplete: framed("1", &buffer) { _ in }
        case .bindComplete: framed("2", &buffer) { _ in }
        case .closeComplete: framed("3", &buffer) { _ in }
        case .noData: framed("n", &buffer) { _ in }
        case .portalSuspended: framed("s", &buffer) { _ in }
        case .parameterDescription(let types):
            framed("t", &buffer) {
                $0.writeInteger(Int16(types.count))
                for type in types { $0.writeInteger(type) }
            }
        case .copyInResponse(let format, let columns), .copyOutResponse(let format, let columns):
            framed(self == .copyInResponse(format: format, columnFormats: columns) ? "G" : "H", &buffer) {
                $0.writeInteger(format)
                $0.writeInteger(Int16(columns.count))
                for column in columns { $0.writeInteger(column) }
            }
        case .copyDone: framed("c", &buffer) { _ in }
        case .encoded(var bytes): buffer.writeBuffer(&bytes)
        }
    }

    private func framed(_ type: Unicode.Scalar, _ buffer: inout ByteBuffer, _ body: (inout ByteBuffer) -> Void) {
        buffer.writeInteger(UInt8(ascii: type))
        let lengthAt = buffer.writerIndex
        buffer.writeInteger(Int32(0))
        body(&buffer)
        buffer.setInteger(Int32(buffer.writerIndex - lengthAt), at: lengthAt)
    }
}

extension BackendMessage.ErrorFields {
    func encode(into buffer: inout ByteBuffer) {
        func field(_ code: Unicode.Scalar, _ value: String?) {
            guard let value else { return }
            buffer.writeInteger(UInt8(ascii: code))
            buffer.writeCString(value)
        }
        field("S", severity)
        field("V", severity)
        field("C", sqlState)
        field("M", message)
        field("D", detail)
        field("H", hint)
        buffer.writeInteger(UInt8(0))
    }
}

extension ByteBuffer {
    mutating func writeCString(_ string: String) {
        writeString(string)
        writeInteger(UInt8(0))
    }
}
