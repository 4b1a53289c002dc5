import NIOCore

/// Writes frontend messages (protocol v3) for ``WireConnection``.
enum WireClientMessage {
    static func startup(user: String, database: String, into buffer: inout ByteBuffer) {
        let lengthAt = buffer.writerIndex
        buffer.writeInteger(Int32(0))
        buffer.writeInteger(Int32(196_608)) // 3.0
        for (name, value) in [("user", user), ("database", database), ("application_name", "sharp"), ("client_encoding", "UTF8")] {
            buffer.writeCString(name)
            buffer.writeCString(value)
        }
        buffer.writeInteger(UInt8(0))
        buffer.setInteger(Int32(buffer.writerIndex - lengthAt), at: lengthAt)
    }

    static func password(_ password: String, into buffer: inout ByteBuffer) {
        framed("p", &buffer) { $0.writeCString(password) }
    }

    /// SASLInitialResponse: the chosen mechanism and its first message.
    static func saslInitialResponse(mechanism: String, _ data: [UInt8], into buffer: inout ByteBuffer) {
        framed("p", &buffer) {
            $0.writeCString(mechanism)
            $0.writeInteger(Int32(data.count))
            $0.writeBytes(data)
        }
    }

    /// SASLResponse: the next message of the exchange.
    static func saslResponse(_ data: [UInt8], into buffer: inout ByteBuffer) {
        framed("p", &buffer) { $0.writeBytes(data) }
    }

    static func query(_ sql: String, into buffer: inout ByteBuffer) {
        framed("Q", &buffer) { $0.writeCString(sql) }
    }

    /// Parse + Bind + Describe portal + Execute + Sync of the unnamed statement, parameters and
    /// results in binary.
    static func extendedQuery(_ sql: String, parameters: [WireParameter], into buffer: inout ByteBuffer) {
        framed("P", &buffer) {
            $0.writeCString("")
            $0.writeCString(sql)
            $0.writeInteger(Int16(parameters.count))
            for parameter in parameters { $0.writeInteger(parameter.typeOID) }
        }
        framed("B", &buffer) {
            $0.writeCString("")
            $0.writeCString("")
            $0.writeInteger(Int16(1))
            $0.writeInteger(Int16(1)) // every parameter binary
            $0.writeInteger(Int16(parameters.count))
            for parameter in parameters {
                if let bytes = parameter.bytes {
                    $0.writeInteger(Int32(bytes.count))
                    $0.writeBytes(bytes)
                } else {
                    $0.writeInteger(Int32(-1))
                }
            }
            $0.writeInteger(Int16(1))
            $0.writeInteger(Int16(1)) // every result column binary
        }
        framed("D", &buffer) { $0.writeInteger(UInt8(ascii: "P")); $0.writeCString("") }
        framed("E", &buffer) { $0.writeCString(""); $0.writeInteger(Int32(0)) }
        framed("S", &buffer) { _ in }
    }

    static func copyData(_ data: ByteBuffer, into buffer: inout ByteBuffer) {
        var data = data
        framed("d", &buffer) { $0.writeBuffer(&data) }
    }

    static func copyDone(into buffer: inout ByteBuffer) { framed("c", &buffer) { _ in } }

    static func terminate(into buffer: inout ByteBuffer) { framed("X", &buffer) { _ in } }

    private static func framed(_ type: Unicode.Scalar, _ buffer: inout ByteBuffer, _ body: (inout ByteBuffer) -> Void) {
        buffer.writeInteger(UInt8(ascii: type))
        let lengthAt = buffer.writerIndex
        buffer.writeInteger(Int32(0))
        body(&buffer)
        buffer.setInteger(Int32(buffer.writerIndex - lengthAt), at: lengthAt)
    }
}

extension ByteBuffer {
    fileprivate mutating func writeCString(_ string: String) {
        writeString(string)
        writeInteger(UInt8(0))
    }
}
