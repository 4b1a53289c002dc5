import DuckCoordinator
import DuckDBKit
import Dispatch
import NIOCore
import Synchronization

/// How a streamed result goes out: as rows (DataRow, in each column's text or binary format)
/// or as COPY data (CopyOutResponse, CopyData per row, CopyDone).
enum ResultShape: Sendable {
    /// `describe`: send the RowDescription first (simple query; extended query sent it at Describe).
    case rows(formats: [Int16], describe: Bool)
    case copy(CopyFormat)
}

/// Sends a read's result to the client chunk by chunk, from the thread DuckDB runs on (a
/// reader's, or the held writer's): each chunk (up to 2,048 rows) is encoded there and, once
/// 32 KiB are encoded, written to the channel; the next is fetched from DuckDB only once the
/// event loop has written it to the socket. A client that reads slowly therefore holds the
/// statement at one chunk in flight plus the socket buffers, whatever the result's size; a
/// CancelRequest or a closed connection stops it between chunks. The last bytes (all of a
/// small result) are left to the caller, to go out with what follows them.
///
/// ```swift
/// let stream = ResultStream(channel: channel, shape: .rows(formats: [], describe: true))
/// activity.begin(cancel: stream.cancel)
/// let count = try await db.withReader { reader in
///     try reader.withStatement(sql) { statement in try stream.run(statement, values) }
/// }
/// if let rest = stream.takeUnsent() { pending.append(.encoded(rest)) }
/// ```
final class ResultStream: Sendable {
    let channel: any Channel
    let shape: ResultShape
    private let cancelled = Mutex(false)
    private let started = Mutex(false)
    private let unsent = Mutex<ByteBuffer?>(nil)
    private let written = DispatchSemaphore(value: 0)

    /// Whether anything of the result was sent (an error after that comes after rows).
    var hasStarted: Bool { started.withLock { $0 } }

    init(channel: any Channel, shape: ResultShape) {
        self.channel = channel
        self.shape = shape
    }

    /// Stops the transfer before the next chunk (safe from any thread).
    func cancel() {
        cancelled.withLock { $0 = true }
        written.signal()
    }

    /// Runs `statement` with `values` and streams its result; returns the rows sent. Call on
    /// the thread that owns the statement's connection. Encoded rows are held until they reach
    /// ``holdLimit`` bytes, then written; what is held at the end is not written here but left
    /// for the caller (``takeUnsent()``), so a small result (a point read) goes out in one
    /// write with its CommandComplete and ReadyForQuery, without the reader thread waiting for
    /// the event loop.
    /// - Throws: `CancellationError` when cancelled, the channel's error when the client left,
    ///   `DuckDBError` from DuckDB.
    func run(_ statement: PreparedStatement, _ values: [DuckDBValue]) throws -> Int {
        try statement.bind(values)
        var encoder: ChunkEncoder?
        var rows = 0
        var held = WireBytes()
        try statement.stream(columns: { columns in
            let made = ChunkEncoder(columns: columns, shape: shape)
            encoder = made
            made.head(into: &held)
        }, chunk: { chunk in
            if cancelled.withLock({ $0 }) { throw CancellationError() }
            if held.isEmpty { held = WireBytes(capacity: 64 << 10) }
            encoder!.encode(chunk, into: &held)
            rows += chunk.count
            if held.bytes.count >= Self.holdLimit {
                try send(held)
                held = WireBytes()
            }
        })
        if encoder == nil { throw DuckDBError(message: "the statement returned no columns") }
        encoder!.tail(into: &held)
        if cancelled.withLock({ $0 }) { throw CancellationError() }
        unsent.withLock { $0 = held.isEmpty ? nil : ByteBuffer(bytes: held.bytes) }
        return rows
    }

    /// Encoded bytes held back before they are written (a chunk of a few dozen rows is
    /// written with the next, or with the statement's end).
    static let holdLimit = 32 << 10

    /// The end of the result that ``run(_:_:)`` left unwritten (nil when none): the caller
    /// writes it before the statement's CommandComplete.
    func takeUnsent() -> ByteBuffer? {
        unsent.withLock { bytes in
            defer { bytes = nil }
            return bytes
        }
    }

    /// Writes `bytes` and waits until the event loop has written them (or the stream is cancelled).
    private func send(_ bytes: WireBytes) throws {
        if cancelled.withLock({ $0 }) { throw CancellationError() }
        guard !bytes.isEmpty else { return }
        started.withLock { $0 = true }
        let future = channel.writeAndFlush(BackendMessage.encoded(ByteBuffer(bytes: bytes.bytes)))
        future.whenComplete { [written] _ in written.signal() }
        written.wait()
        if cancelled.withLock({ $0 }) { throw CancellationError() }
        try future.wait()
    }
}

/// Encodes a result's chunks for one ``ResultShape``.
struct ChunkEncoder {
    let shape: ResultShape
    let fields: [BackendMessage.FieldDescription]
    let types: [PostgresType]
    private let copy: CopyOutEncoder?
    /// How each column's values are written (made from the first chunk's vectors).
    private(set) var writers: [ValueWriter] = []
    /// Binary COPY's signature goes in the same CopyData as the first row (or the trailer),
    /// as PostgreSQL sends it: psycopg 3 expects it there.
    private var binaryHeaderPending = false

    init(columns: ColumnNames, shape: ResultShape) {
        self.shape = shape
        let typeNames = columns.typeNames
        let types = columns.names.indices.map { index in index < typeNames.count ? PostgresType(duckDBTypeName: typeNames[index]) : .varchar }
        self.types = types
        switch shape {
        case .rows(let formats, _):
            fields = columns.names.indices.map { index in
                .init(name: columns.names[index], typeOID: types[index].rawValue, typeSize: types[index].size,
                      format: StatementOutcome.format(formats, index))
            }
            copy = nil
        case .copy(let format):
            fields = []
            copy = CopyOutEncoder(format: format, names: columns.names, types: types)
            binaryHeaderPending = format.kind == .binary
        }
    }

    /// RowDescription (simple query) or CopyOutResponse and the COPY header.
    func head(into bytes: inout WireBytes) {
        var buffer = ByteBuffer()
        switch shape {
        case .rows(_, let describe): if describe { BackendMessage.rowDescription(fields).encode(into: &buffer) }
        case .copy: copy!.response.encode(into: &buffer)
        }
        bytes.append(contentsOf: buffer.readableBytesView)
        copy?.start(into: &bytes)
    }

    /// One DataRow, or one CopyData, per row of `chunk`, its values written from the
    /// chunk's vectors by each column's ``ValueWriter``.
    mutating func encode(_ chunk: DataChunkView, into buffer: inout WireBytes) {
        if writers.isEmpty {
            let binary: [Bool] = (0..<chunk.columnCount).map { index in
                switch shape {
                case .rows: index < fields.count && fields[index].format == 1
                case .copy(let format): format.kind == .binary
                }
            }
            writers = (0..<chunk.columnCount).map { index in
                ValueWriter(layout: chunk.layout(column: index), type: index < types.count ? types[index] : .varchar,
                            binary: binary[index])
            }
        }
        let writers = writers
        for row in 0..<chunk.count {
            let value = { (column: Int, bytes: inout WireBytes) -> Bool in
                !chunk.isNull(column: column, row: row) && writers[column].write(chunk, column: column, row: row, into: &bytes)
            }
            if let copy {
                copy.row(columns: writers.count, into: &buffer, header: binaryHeaderPending, value: value)
                binaryHeaderPending = false
            } else {
                Self.dataRow(columns: writers.count, into: &buffer, value: value)
            }
        }
    }

    /// Row `row` of `chunk` as the values the wire carries: a nested value as PostgreSQL's
    /// text for it (an array, a record).
    static func values(_ chunk: DataChunkView, row: Int, into values: inout [DuckDBValue]) {
        for column in 0..<chunk.columnCount { values[column] = value(chunk, column: column, row: row) }
    }

    /// One value of `chunk` as the wire carries it (see ``values(_:row:into:)``).
    static func value(_ chunk: DataChunkView, column: Int, row: Int) -> DuckDBValue {
        if chunk.isNested(column: column) {
            return chunk.nested(column: column, row: row).flatMap(NestedValueText.postgres).map { .string($0) } ?? .null
        }
        return chunk.value(column: column, row: row)
    }

    /// The COPY trailer and CopyDone (nothing for rows: the caller sends CommandComplete).
    mutating func tail(into buffer: inout WireBytes) {
        guard let copy else { return }
        copy.end(into: &buffer, header: binaryHeaderPending)
        binaryHeaderPending = false
        buffer.endMessage(buffer.beginMessage(UInt8(ascii: "c"))) // CopyDone
    }

    /// One DataRow of `columns` values, each appended by `value` (column index, the buffer;
    /// false for NULL, with nothing appended) in its column's format.
    @inline(__always)
    static func dataRow(columns: Int, into buffer: inout WireBytes, value: (Int, inout WireBytes) -> Bool) {
        let lengthAt = buffer.beginMessage(UInt8(ascii: "D"))
        buffer.appendFields(columns, value)
        buffer.endMessage(lengthAt)
    }
}
