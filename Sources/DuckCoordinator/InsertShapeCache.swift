import Foundation

/// Remembers which SQL strings have the coalescible INSERT shape, so a storm of identical
/// writes parses its SQL once.
final class InsertShapeCache: @unchecked Sendable {
    private let lock = NSLock()
    private var shapes: [String: InsertStatement?] = [:]

    func shape(of sql: String) -> InsertStatement? {
        if let known = lock.withLock({ shapes[sql] }) { return known }
        let parsed = InsertStatement(sql)
        lock.withLock {
            if shapes.count > 1_024 { shapes.removeAll() }
            shapes[sql] = .some(parsed)
        }
        return parsed
    }
}
