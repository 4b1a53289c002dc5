/// Comparisons whose time does not depend on where two secrets first differ.
///
/// ```swift
/// ConstantTime.equal(Array(given.utf8), Array(expected.utf8))
/// ```
public enum ConstantTime {
    /// Whether `a` and `b` hold the same bytes; only their lengths leak.
    public static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in a.indices { difference |= a[i] ^ b[i] }
        return difference == 0
    }
}
