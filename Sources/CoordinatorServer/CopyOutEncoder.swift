import DuckDBKit

/// Writes `COPY … TO STDOUT` data as CopyData messages, one row per message as PostgreSQL
/// sends them (psycopg 3 reads a row per message), in PostgreSQL's text, CSV or binary format.
///
/// ```swift
/// let encoder = CopyOutEncoder(format: CopyFormat(), names: ["id", "home"], types: [.int4, .varchar])
/// var out = WireBytes()
/// encoder.start(into: &out)                              // the CSV/text header line, if any
/// encoder.row([.int(1), .string("CHC")], into: &out)     // d … "1\tCHC\n" (binary: header: true on the first)
/// encoder.end(into: &out)                                // binary trailer, if any
/// ```
struct CopyOutEncoder {
    let format: CopyFormat
    let names: [String]
    let types: [PostgresType]
    private let forced: [Bool]
    private let null: [UInt8]

    init(format: CopyFormat, names: [String], types: [PostgresType]) {
        self.format = format
        self.names = names
        self.types = types
        forced = names.map { format.forceQuoteAll || format.forceQuote.contains($0) }
        null = Array(format.null.utf8)
    }

    /// The CopyOutResponse that announces the data.
    var response: BackendMessage {
        .copyOutResponse(format: format.wireFormat, columnFormats: types.map { _ in Int16(format.wireFormat) })
    }

    /// What goes before the rows: the CSV or text header line (binary's signature goes with
    /// the first row, see ``row(_:into:header:)``).
    func start(into buffer: inout WireBytes) {
        switch format.kind {
        case .binary: return
        case .csv, .text:
            guard format.header else { return }
            message(into: &buffer) { data in
                for (index, name) in names.enumerated() {
                    if index > 0 { data.append(format.delimiter) }
                    let start = data.count
                    data.append(contentsOf: name.utf8)
                    escapeField(from: start, force: false, in: &data)
                }
                data.append(UInt8(ascii: "\n"))
            }
        }
    }

    /// Binary COPY's signature, flags and header extension.
    private static func binaryHeader(_ data: inout WireBytes) {
        data.append(contentsOf: CopyInDecoder.signature)
        data.appendInt32(0)
        data.appendInt32(0)
    }

    /// One row of boxed values as one CopyData message; with `header`, binary COPY's
    /// signature first (the first row).
    func row(_ values: [DuckDBValue], into buffer: inout WireBytes, header: Bool = false) {
        let binary = format.kind == .binary
        row(columns: values.count, into: &buffer, header: header) { index, data in
            let type = index < types.count ? types[index] : .varchar
            guard let bytes = binary ? ValueEncoding.binary(values[index], as: type) : ValueEncoding.text(values[index], as: type) else {
                return false
            }
            data.append(contentsOf: bytes)
            return true
        }
    }

    /// One row as one CopyData message, its `columns` values appended by `value` (column
    /// index, the buffer; false for NULL, with nothing appended) in the format's wire form
    /// (``ValueEncoding``'s text or binary): this adds the lengths (binary), delimiters, NULL
    /// strings, escapes and quotes. With `header`, binary COPY's signature first (the first row).
    @inline(__always)
    func row(columns: Int, into buffer: inout WireBytes, header: Bool = false,
             value: (Int, inout WireBytes) -> Bool) {
        message(into: &buffer) { data in
            if format.kind == .binary {
                if header { Self.binaryHeader(&data) }
                data.appendFields(columns, value)
                return
            }
            for index in 0..<columns {
                if index > 0 { data.append(format.delimiter) }
                let start = data.count
                guard value(index, &data) else {
                    data.append(contentsOf: null)
                    continue
                }
                escapeField(from: start, force: forced[safe: index] ?? false, in: &data)
            }
            data.append(UInt8(ascii: "\n"))
        }
    }

    /// What goes after the rows: the binary trailer (after the signature when no row came).
    func end(into buffer: inout WireBytes, header: Bool = false) {
        guard format.kind == .binary else { return }
        message(into: &buffer) { data in
            if header { Self.binaryHeader(&data) }
            data.appendInt16(-1)
        }
    }

    private func message(into buffer: inout WireBytes, _ body: (inout WireBytes) -> Void) {
        let lengthAt = buffer.beginMessage(UInt8(ascii: "d"))
        body(&buffer)
        buffer.endMessage(lengthAt)
    }

    /// Escapes (text) or quotes (CSV) the field appended from `start` on, in place, when it
    /// needs it.
    @inline(__always)
    private func escapeField(from start: Int, force: Bool, in data: inout WireBytes) {
        let needed = format.kind == .csv ? csvNeedsQuotes(data.suffix(from: start), force: force)
            : textNeedsEscapes(data.suffix(from: start))
        guard needed else { return }
        let field = Array(data.suffix(from: start))
        data.truncate(to: start)
        if format.kind == .csv { csvQuoted(field, into: &data) } else { textEscaped(field, into: &data) }
    }

    /// Whether a text-format value holds a backslash, the delimiter or a control character
    /// (most do not: they go out as they are).
    @inline(__always)
    private func textNeedsEscapes(_ bytes: ArraySlice<UInt8>) -> Bool {
        let delimiter = format.delimiter
        return bytes.contains { $0 == UInt8(ascii: "\\") || $0 == delimiter || $0 < 0x0E }
    }

    /// A text-format value with backslash, the delimiter and control characters escaped.
    private func textEscaped(_ bytes: [UInt8], into data: inout WireBytes) {
        let backslash = UInt8(ascii: "\\")
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\\"): data.append(contentsOf: [backslash, backslash])
            case 0x0A: data.append(contentsOf: [backslash, UInt8(ascii: "n")])
            case 0x0D: data.append(contentsOf: [backslash, UInt8(ascii: "r")])
            case 0x09 where format.delimiter == 0x09: data.append(contentsOf: [backslash, UInt8(ascii: "t")])
            case 0x08: data.append(contentsOf: [backslash, UInt8(ascii: "b")])
            case 0x0C: data.append(contentsOf: [backslash, UInt8(ascii: "f")])
            case 0x0B: data.append(contentsOf: [backslash, UInt8(ascii: "v")])
            case format.delimiter:
                data.append(backslash)
                data.append(byte)
            default: data.append(byte)
            }
        }
    }

    /// Whether a CSV value is quoted: when forced, when it holds the delimiter, a quote, a line
    /// break, or reads as the NULL string (so an empty string stays distinct from NULL).
    @inline(__always)
    private func csvNeedsQuotes(_ bytes: ArraySlice<UInt8>, force: Bool) -> Bool {
        let (quote, escape, delimiter) = (format.quote, format.escape, format.delimiter)
        return force || bytes.elementsEqual(null) || bytes.elementsEqual("\\.".utf8)
            || bytes.contains { $0 == delimiter || $0 == quote || $0 == 0x0A || $0 == 0x0D || $0 == escape }
    }

    /// A CSV value in quotes, its quotes and escapes escaped.
    private func csvQuoted(_ bytes: [UInt8], into data: inout WireBytes) {
        let (quote, escape) = (format.quote, format.escape)
        data.append(quote)
        for byte in bytes {
            if byte == quote || byte == escape { data.append(escape) }
            data.append(byte)
        }
        data.append(quote)
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
