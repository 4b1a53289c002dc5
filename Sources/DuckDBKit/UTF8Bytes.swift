extension String {
    /// Calls `body` with a pointer to the string's UTF-8 bytes (never null) and their count,
    /// without copying when the string is already contiguous UTF-8.
    @inline(__always)
    mutating func withUTF8Pointer<R>(_ body: (UnsafePointer<CChar>, Int) throws -> R) rethrows -> R {
        try withUTF8 { bytes in
            guard let base = bytes.baseAddress, bytes.count > 0 else {
                return try "".withCString { try body($0, 0) }
            }
            return try base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { try body($0, bytes.count) }
        }
    }
}
