/// Bytes of outgoing messages built in a plain array, then handed to NIO as one buffer: a
/// streamed chunk's DataRows or CopyData are thousands of small writes, which a `ByteBuffer`
/// makes one bounds-and-capacity check each (and, in a debug build, dozens of unoptimised
/// generic calls each).
///
/// ```swift
/// var bytes = WireBytes()
/// let message = bytes.beginMessage(UInt8(ascii: "D"))
/// bytes.appendInt16(1); bytes.appendInt32(1); bytes.append(UInt8(ascii: "7"))
/// bytes.endMessage(message)
/// channel.writeAndFlush(BackendMessage.encoded(ByteBuffer(bytes: bytes.bytes)))
/// ```
struct WireBytes {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    var isEmpty: Bool { bytes.isEmpty }

    mutating func append(_ byte: UInt8) { bytes.append(byte) }

    mutating func append<S: Sequence>(contentsOf other: S) where S.Element == UInt8 { bytes.append(contentsOf: other) }

    mutating func appendInt16(_ value: Int16) {
        let v = UInt16(bitPattern: value)
        bytes.append(UInt8(truncatingIfNeeded: v >> 8))
        bytes.append(UInt8(truncatingIfNeeded: v))
    }

    mutating func appendInt32(_ value: Int32) {
        let v = UInt32(bitPattern: value)
        bytes.append(UInt8(truncatingIfNeeded: v >> 24))
        bytes.append(UInt8(truncatingIfNeeded: v >> 16))
        bytes.append(UInt8(truncatingIfNeeded: v >> 8))
        bytes.append(UInt8(truncatingIfNeeded: v))
    }

    /// Starts a message of `type` with a length to fill in; returns where the length goes.
    mutating func beginMessage(_ type: UInt8) -> Int {
        bytes.append(type)
        let at = bytes.count
        bytes.append(contentsOf: [0, 0, 0, 0])
        return at
    }

    /// Fills in the length of the message begun at `lengthAt`.
    mutating func endMessage(_ lengthAt: Int) {
        let length = UInt32(bytes.count - lengthAt)
        bytes[lengthAt] = UInt8(truncatingIfNeeded: length >> 24)
        bytes[lengthAt + 1] = UInt8(truncatingIfNeeded: length >> 16)
        bytes[lengthAt + 2] = UInt8(truncatingIfNeeded: length >> 8)
        bytes[lengthAt + 3] = UInt8(truncatingIfNeeded: length)
    }
}
