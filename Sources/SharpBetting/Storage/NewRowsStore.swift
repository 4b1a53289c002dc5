import DuckCoordinator
import DuckDBKit

/// What a ``NewRowsStore`` call did.
public struct StoreResult<Item: Sendable>: Sendable {
    /// Rows inserted.
    public var inserted: [Item]
    /// Rows skipped because the table (or an earlier row of the same call) already held their key.
    public var duplicates: [Item]

    /// Creates a result.
    public init(inserted: [Item], duplicates: [Item]) {
        self.inserted = inserted
        self.duplicates = duplicates
    }
}

/// A table that adds only the rows whose key it does not hold yet — "insert what is not stored
/// yet", the one algorithm behind ``SplitStore`` and ``OddsStore``:
///
/// 1. read the keys already stored among the batch's (``existingKeys(for:)``, one query),
/// 2. drop those and repeats within the batch,
/// 3. bulk-insert the rest in one operation, then let the table note the repeats
///    (``noteDuplicates(_:)``, e.g. when they were seen again);
/// 4. if another writer stored some of the same rows between 1 and 3, the table's primary key
///    rejects the insert: read again and retry once.
///
/// ```swift
/// struct MyStore: NewRowsStore { … }                       // table, columns, key, row, existingKeys
/// let result = try await MyStore(database: db).store(items)
/// print(result.inserted.count, "new,", result.duplicates.count, "already stored")
/// ```
public protocol NewRowsStore: Sendable {
    /// What one row is made from.
    associatedtype Item: Sendable
    /// The table's dedupe key (its primary key).
    associatedtype Key: Hashable & Sendable

    /// The table written.
    static var table: String { get }
    /// The columns written, in ``row(_:)`` order.
    static var columns: [String] { get }
    /// The database.
    var database: any DatabaseCoordinating { get }
    /// The key of `item`.
    func key(of item: Item) -> Key
    /// The row of `item`, in ``columns`` order.
    func row(_ item: Item) -> [DuckDBValue]
    /// The keys the table already holds among those of `items`.
    func existingKeys(for items: [Item]) async throws -> Set<Key>
    /// Called with the rows skipped as already stored, after the insert (default: nothing).
    func noteDuplicates(_ duplicates: [Item]) async throws
}

extension NewRowsStore {
    public func noteDuplicates(_ duplicates: [Item]) async throws {}

    /// Splits `items` into rows to insert and rows already stored (or repeated in `items`).
    public func partition(_ items: [Item]) async throws -> StoreResult<Item> {
        var seen = try await existingKeys(for: items)
        var result = StoreResult<Item>(inserted: [], duplicates: [])
        for item in items {
            if seen.insert(key(of: item)).inserted { result.inserted.append(item) } else { result.duplicates.append(item) }
        }
        return result
    }

    /// Inserts the rows not stored yet, in one bulk insert.
    public func store(_ items: [Item], priority: OperationPriority = .normal) async throws -> StoreResult<Item> {
        var attempt = 0
        while true {
            let partition = try await self.partition(items)
            do {
                try await database.bulkInsert(into: Self.table, columns: Self.columns,
                                              rows: partition.inserted.map(row), priority: priority)
                try await noteDuplicates(partition.duplicates)
                return partition
            } catch let error as DuckDBError where error.kind == .constraint && attempt == 0 {
                attempt += 1  // Someone stored some of these since we looked: look again.
            }
        }
    }
}
