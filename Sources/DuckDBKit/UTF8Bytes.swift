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

extension String {
    /// Like `withUTF8Pointer` but without copying `self` first: contiguous strings (native
    /// Swift strings, small or not) are read in place; others are made contiguous on a copy.
    @inline(__always)
    func withUTF8Bytes<R>(_ body: (UnsafePointer<CChar>, Int) throws -> R) rethrows -> R {
        if let result = try utf8.withContiguousStorageIfAvailable({ bytes -> R in
            guard let base = bytes.baseAddress, bytes.count > 0 else { return try "".withCString { try body($0, 0) } }
            return try base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { try body($0, bytes.count) }
        }) {
            return result
        }
        var copy = self
        return try copy.withUTF8Pointer(body)
    }
}
