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

    var count: Int { bytes.count }

    subscript(index: Int) -> UInt8 { bytes[index] }

    /// The bytes from `start` on (what was appended since `count` was `start`).
    func suffix(from start: Int) -> ArraySlice<UInt8> { bytes[start...] }

    mutating func removeLast(_ k: Int) { bytes.removeLast(k) }

    /// Drops everything from `start` on.
    mutating func truncate(to start: Int) { bytes.removeSubrange(start...) }

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
        return beginValue()
    }

    /// Starts a length-prefixed value (a DataRow field, a binary COPY field); returns where its
    /// length goes.
    mutating func beginValue() -> Int {
        let at = bytes.count
        // Four appends, not an array literal (one allocation per value in a profile).
        bytes.append(0)
        bytes.append(0)
        bytes.append(0)
        bytes.append(0)
        return at
    }

    /// Fills in the length of the value begun at `lengthAt` (not counting the length itself).
    mutating func endValue(_ lengthAt: Int) { setInt32(UInt32(bytes.count - lengthAt - 4), at: lengthAt) }

    /// A field count, then each field as its length and bytes, -1 for NULL: a DataRow's body
    /// and a binary COPY tuple. `value` appends field `index` and returns true, or returns false
    /// (nothing appended) for NULL.
    @inline(__always)
    mutating func appendFields(_ count: Int, _ value: (_ index: Int, _ bytes: inout WireBytes) -> Bool) {
        appendInt16(Int16(count))
        for index in 0..<count {
            let lengthAt = beginValue()
            if value(index, &self) {
                endValue(lengthAt)
            } else {
                truncate(to: lengthAt)
                appendInt32(-1)
            }
        }
    }

    /// Fills in the length of the message begun at `lengthAt`.
    mutating func endMessage(_ lengthAt: Int) {
        setInt32(UInt32(bytes.count - lengthAt), at: lengthAt)
    }

    private mutating func setInt32(_ value: UInt32, at index: Int) {
        bytes[index] = UInt8(truncatingIfNeeded: value >> 24)
        bytes[index + 1] = UInt8(truncatingIfNeeded: value >> 16)
        bytes[index + 2] = UInt8(truncatingIfNeeded: value >> 8)
        bytes[index + 3] = UInt8(truncatingIfNeeded: value)
    }
}
