import Synchronization

/// Remembers which SQL strings have the coalescible INSERT shape, so a storm of identical
/// writes parses its SQL once.
final class InsertShapeCache: Sendable {
    private let shapes = Mutex<[String: InsertStatement?]>([:])

    func shape(of sql: String) -> InsertStatement? {
        if let known = shapes.withLock({ $0[sql] }) { return known }
        let parsed = InsertStatement(sql)
        shapes.withLock { shapes in
            if shapes.count > 1_024 { shapes.removeAll() }
            shapes[sql] = .some(parsed)
        }
        return parsed
    }
}
