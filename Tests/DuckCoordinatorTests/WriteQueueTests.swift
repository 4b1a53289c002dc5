@testable import DuckCoordinator
import Testing

@Suite struct WriteQueueTests {
    func operation(_ priority: OperationPriority, _ sequence: UInt64, at time: UInt64 = 0, rows: Int = 1) -> WriteQueue.Entry {
        WriteQueue.Entry(sequence: sequence, priority: priority, enqueuedAt: time, rows: rows)
    }

    @Test func priorityOrderThenArrivalOrder() {
        var queue = WriteQueue()
        let ops = [operation(.low, 1), operation(.normal, 2), operation(.high, 3), operation(.normal, 4),
                   operation(.critical, 5), operation(.low, 6)]
        ops.forEach { queue.push($0) }
        #expect(queue.criticalCount == 1)
        let batch = queue.take(limit: 10, now: 0, agingNanos: 1_000_000_000)
        #expect(batch.map(\.sequence) == [5, 3, 2, 4, 1, 6])
        #expect(queue.count == 0)
    }

    @Test func limitCountsTheRowsOfBulkWrites() {
        var queue = WriteQueue()
        queue.push(operation(.normal, 1, rows: 3))
        queue.push(operation(.normal, 2))
        queue.push(operation(.normal, 3))
        #expect(queue.count == 3)
        #expect(queue.rows == 5)
        // The bulk write alone holds more rows than the limit: it is a batch by itself.
        #expect(queue.take(limit: 2, now: 0, agingNanos: 1).map(\.sequence) == [1])
        #expect(queue.rows == 2)
        #expect(queue.take(limit: 2, now: 0, agingNanos: 1).map(\.sequence) == [2, 3])
        #expect(queue.rows == 0)
    }

    @Test func limitLeavesTheRestInOrder() {
        var queue = WriteQueue()
        (1...5).forEach { queue.push(operation(.normal, UInt64($0))) }
        #expect(queue.take(limit: 2, now: 0, agingNanos: 1).map(\.sequence) == [1, 2])
        #expect(queue.minimumSequence() == 3)
        #expect(queue.take(limit: 10, now: 0, agingNanos: 1).map(\.sequence) == [3, 4, 5])
    }

    @Test func ageingLiftsAnOldLowWriteAboveNewHighOnes() {
        var queue = WriteQueue()
        queue.push(operation(.low, 1, at: 0))
        queue.push(operation(.high, 2, at: 2_900))
        queue.push(operation(.high, 3, at: 2_950))
        // Without ageing (interval huge) HIGH goes first.
        #expect(queue.take(limit: 1, now: 3_000, agingNanos: 1_000_000).first?.sequence == 2)
        // With one level per 1,000 ns, the LOW write queued 3,000 ns ago now counts as HIGH
        // and is older than the remaining HIGH write.
        #expect(queue.take(limit: 1, now: 3_000, agingNanos: 1_000).first?.sequence == 1)
        #expect(queue.take(limit: 1, now: 3_000, agingNanos: 1_000).first?.sequence == 3)
    }

    @Test func ageingNeverOutranksCritical() {
        var queue = WriteQueue()
        queue.push(operation(.low, 1, at: 0))
        queue.push(operation(.critical, 2, at: 1_000_000))
        #expect(queue.take(limit: 1, now: 1_000_000, agingNanos: 1).first?.sequence == 2)
    }

    @Test func cancelledWritesAreSkippedAndUncounted() {
        var queue = WriteQueue()
        let a = operation(.normal, 1), b = operation(.normal, 2)
        queue.push(a)
        queue.push(b)
        queue.remove(a.sequence)
        let again = queue.remove(a.sequence)
        #expect(!again, "only once")
        #expect(queue.count == 1)
        #expect(queue.take(limit: 5, now: 0, agingNanos: 1).map(\.sequence) == [2])
    }
}

@Suite struct InsertStatementTests {
    @Test func recognisesTheCoalescibleShape() {
        let plain = InsertStatement("INSERT INTO splits VALUES (?, ?, ?)")
        #expect(plain?.table == "splits")
        #expect(plain?.columns == nil)
        #expect(plain?.placeholders == 3)
        let named = InsertStatement("  insert into main.\"Raw Splits\" (game_id, \"money %\") values (?,?);")
        #expect(named?.schema == "main")
        #expect(named?.table == "Raw Splits")
        #expect(named?.columns == ["game_id", "money %"])
        let numbered = InsertStatement("INSERT INTO bench (a, b, c) VALUES ($1, $2, $3)")
        #expect(numbered?.table == "bench")
        #expect(numbered?.placeholders == 3)
    }

    @Test(arguments: [
        "INSERT INTO t VALUES (?, now())", "INSERT INTO t VALUES (?), (?)", "INSERT INTO t SELECT ?",
        "INSERT INTO t VALUES (?) ON CONFLICT DO NOTHING", "INSERT INTO t VALUES (?) RETURNING *",
        "INSERT INTO t (a, b) VALUES (?)", "UPDATE t SET a = ?", "INSERT INTO t VALUES (1)",
        "INSERT OR REPLACE INTO t VALUES (?)",
        "INSERT INTO t VALUES ($2, $1)", "INSERT INTO t VALUES ($1, $1)", "INSERT INTO t VALUES ($1, ?)",
        "INSERT INTO t VALUES (?, $2)", "INSERT INTO t VALUES ($0)", "INSERT INTO t VALUES ($1a)",
    ])
    func rejectsEverythingElse(sql: String) {
        #expect(InsertStatement(sql) == nil)
    }
}
