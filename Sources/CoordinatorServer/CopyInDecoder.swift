import DuckDBKit
import NIOCore

/// Turns the bytes of `COPY … FROM STDIN` into rows as they arrive, in PostgreSQL's text, CSV
/// or binary format: ``feed(_:)`` takes each CopyData (rows may span messages) and returns the
/// rows completed so far; ``finish()`` returns the last one at CopyDone.
///
/// ```swift
/// var decoder = CopyInDecoder(format: CopyFormat(), types: [.int4, .text])
/// var rows = try decoder.feed(ByteBuffer(string: "1\tCHC\n2\t\\N"))   // [[.string("1"), .string("CHC")]]
/// rows += try decoder.finish()                                        // [[.string("2"), .null]]
/// ```
/// Text and CSV values are strings (DuckDB casts them to the column's type as it appends;
/// bytea's `\x…` is decoded here); binary values are decoded by `types`, the columns' types.
/// - Throws: ``SessionError`` 22P04 (bad COPY data) naming the row.
struct CopyInDecoder {
    let format: CopyFormat
    let types: [PostgresType]
    /// How NULL is written, as bytes.
    private let null: [UInt8]
    private var pending: [UInt8] = []
    private var rowsSeen = 0
    private var headerSkipped = false
    private var binaryHeaderRead = false
    /// `\.` (text, CSV) or the trailer (binary) was seen: the rest is ignored.
    private(set) var ended = false

    init(format: CopyFormat, types: [PostgresType]) {
        self.format = format
        self.types = types
        null = Array(format.null.utf8)
    }

    /// The rows completed by `chunk`.
    mutating func feed(_ chunk: ByteBuffer) throws -> [[DuckDBValue]] {
        guard !ended else { return [] }
        pending.append(contentsOf: chunk.readableBytesView)
        return try rows(final: false)
    }

    /// The rows left at the end of the data (a last line without its newline).
    mutating func finish() throws -> [[DuckDBValue]] {
        guard !ended else { return [] }
        let rows = try rows(final: true)
        if format.kind == .binary, !pending.isEmpty || !binaryHeaderRead {
            throw bad(pending.isEmpty ? "no binary COPY header" : "\(pending.count) bytes of an unfinished binary row")
        }
        return rows
    }

    private func bad(_ what: String) -> SessionError {
        SessionError("22P04", "COPY data, row \(rowsSeen + 1): \(what)")
    }

    private mutating func rows(final: Bool) throws -> [[DuckDBValue]] {
        switch format.kind {
        case .text: try textRows(final: final)
        case .csv: try csvRows(final: final)
        case .binary: try binaryRows()
        }
    }

    private mutating func accept(_ row: [DuckDBValue], into rows: inout [[DuckDBValue]]) throws {
        if format.header, !headerSkipped { headerSkipped = true; return }
        guard row.count == types.count else {
            throw bad("\(row.count) columns, expected \(types.count)")
        }
        rowsSeen += 1
        rows.append(row)
    }

    // MARK: Text

    private mutating func textRows(final: Bool) throws -> [[DuckDBValue]] {
        var rows: [[DuckDBValue]] = []
        var start = 0
        let newline = UInt8(ascii: "\n")
        while start < pending.count {
            guard let end = pending[start...].firstIndex(of: newline) ?? (final ? pending.count : nil) else { break }
            var lineEnd = end
            if lineEnd > start, pending[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
            let line = pending[start..<lineEnd]
            start = end + 1
            if line.elementsEqual("\\.".utf8) { ended = true; break }
            if line.isEmpty, types.count != 1 { continue }
            try accept(textFields(line), into: &rows)
        }
        pending.removeFirst(min(start, pending.count))
        if ended { pending = [] }
        return rows
    }

    private func textFields(_ line: ArraySlice<UInt8>) -> [DuckDBValue] {
        var values: [DuckDBValue] = []
        values.reserveCapacity(types.count)
        let delimiter = format.delimiter
        var column = 0
        var start = line.startIndex
        // Field by field without an array of slices per line (`split`).
        while true {
            let end = line[start...].firstIndex(of: delimiter) ?? line.endIndex
            let field = line[start..<end]
            if field.elementsEqual(null) {
                values.append(.null)
            } else {
                let text = field.contains(UInt8(ascii: "\\")) ? Self.unescape(field) : String(decoding: field, as: UTF8.self)
                values.append(Self.value(text, type: column < types.count ? types[column] : .text))
            }
            guard end < line.endIndex else { return values }
            column += 1
            start = end + 1
        }
    }

    /// A text field with PostgreSQL's backslash escapes undone.
    static func unescape(_ field: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(field.count)
        var index = field.startIndex
        func isOctal(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "7") }
        func hex(_ c: UInt8) -> UInt8? { UInt8(String(UnicodeScalar(c)), radix: 16) }
        while index < field.endIndex {
            let c = field[index]
            index += 1
            guard c == UInt8(ascii: "\\"), index < field.endIndex else { out.append(c); continue }
            let next = field[index]
            index += 1
            switch next {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "v"): out.append(0x0B)
            case UInt8(ascii: "x") where index < field.endIndex && hex(field[index]) != nil:
                var value = hex(field[index])!
                index += 1
                if index < field.endIndex, let low = hex(field[index]) { value = value << 4 | low; index += 1 }
                out.append(value)
            case let digit where isOctal(digit):
                var value = digit - UInt8(ascii: "0")
                for _ in 0..<2 where index < field.endIndex && isOctal(field[index]) {
                    value = value &* 8 &+ (field[index] - UInt8(ascii: "0"))
                    index += 1
                }
                out.append(value)
            default: out.append(next)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A text or CSV field as the value to append: bytea's `\x…` as bytes, the rest as text.
    static func value(_ text: String, type: PostgresType) -> DuckDBValue {
        if type == .bytea, text.hasPrefix("\\x") { return .blob(.init(hex: Substring(text).dropFirst(2))) }
        return .string(text)
    }

    // MARK: CSV

    private mutating func csvRows(final: Bool) throws -> [[DuckDBValue]] {
        var rows: [[DuckDBValue]] = []
        let (quote, escape, delimiter) = (format.quote, format.escape, format.delimiter)
        var start = 0
        parsing: while start < pending.count {
            var values: [DuckDBValue] = []
            var field: [UInt8] = []
            var quoted = false, wasQuoted = false
            var index = start
            func endField() {
                let column = values.count
                if !wasQuoted, field.elementsEqual(null) {
                    values.append(.null)
                } else {
                    values.append(Self.value(String(decoding: field, as: UTF8.self), type: column < types.count ? types[column] : .text))
                }
                field.removeAll(keepingCapacity: true)
                wasQuoted = false
            }
            while true {
                guard index < pending.count else {
                    guard final, !quoted else { break parsing }
                    endField()
                    if !(values.count == 1 && values[0] == .string("\\.")) { try accept(values, into: &rows) } else { ended = true }
                    start = pending.count
                    break parsing
                }
                let c = pending[index]
                index += 1
                if quoted {
                    if c == escape, index < pending.count, pending[index] == quote || (escape != quote && pending[index] == escape) {
                        field.append(pending[index])
                        index += 1
                    } else if c == quote {
                        if escape == quote, index >= pending.count, !final { break parsing } // a doubled quote may follow
                        quoted = false
                    } else {
                        field.append(c)
                    }
                } else if c == quote, field.isEmpty, !wasQuoted {
                    quoted = true
                    wasQuoted = true
                } else if c == delimiter {
                    endField()
                } else if c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") {
                    if c == UInt8(ascii: "\r") {
                        if index >= pending.count, !final { break parsing }
                        if index < pending.count, pending[index] == UInt8(ascii: "\n") { index += 1 }
                    }
                    endField()
                    start = index
                    if values.count == 1, !wasQuoted, values[0] == .string("\\.") { ended = true; break parsing }
                    if !(values.count == 1 && values[0] == .null && format.null.isEmpty && types.count != 1) {
                        try accept(values, into: &rows)
                    }
                    continue parsing
                } else {
                    field.append(c)
                }
            }
        }
        pending.removeFirst(min(start, pending.count))
        if ended { pending = [] }
        return rows
    }

    // MARK: Binary

    static let signature: [UInt8] = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00]

    private mutating func binaryRows() throws -> [[DuckDBValue]] {
        var rows: [[DuckDBValue]] = []
        var buffer = ByteBuffer(bytes: pending)
        if !binaryHeaderRead {
            guard buffer.readableBytes >= 19 else { return [] }
            guard buffer.readBytes(length: 11) == Self.signature else { throw bad("not PostgreSQL's binary COPY signature") }
            let flags = buffer.readInteger(as: UInt32.self)!
            if flags & 0x0001_0000 != 0 { throw bad("binary COPY with OIDs is not supported") }
            let extensionLength = Int(buffer.readInteger(as: UInt32.self)!)
            guard buffer.readableBytes >= extensionLength else { return [] }
            buffer.moveReaderIndex(forwardBy: extensionLength)
            binaryHeaderRead = true
        }
        tuples: while let count = buffer.getInteger(at: buffer.readerIndex, as: Int16.self) {
            if count == -1 { ended = true; buffer.moveReaderIndex(to: buffer.writerIndex); break }
            guard Int(count) == types.count else { throw bad("\(count) columns, expected \(types.count)") }
            var cursor = buffer
            cursor.moveReaderIndex(forwardBy: 2)
            var values: [DuckDBValue] = []
            values.reserveCapacity(types.count)
            for type in types {
                guard let length = cursor.readInteger(as: Int32.self) else { break tuples }
                if length < 0 { values.append(.null); continue }
                guard let bytes = cursor.readSlice(length: Int(length)) else { break tuples }
                do { values.append(try ValueEncoding.parameter(bytes, binary: true, type: type)) } catch let error as SessionError {
                    throw bad("column \(values.count + 1): \(error.message)")
                }
            }
            buffer = cursor
            rowsSeen += 1
            rows.append(values)
        }
        pending = Array(buffer.readableBytesView)
        return rows
    }
}
