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
                    if format.kind == .csv { csvField(Array(name.utf8), force: false, into: &data) } else { textField(Array(name.utf8), into: &data) }
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

    /// One row as one CopyData message; with `header`, binary COPY's signature first (the
    /// first row).
    func row(_ values: [DuckDBValue], into buffer: inout WireBytes, header: Bool = false) {
        message(into: &buffer) { data in
            if format.kind == .binary {
                if header { Self.binaryHeader(&data) }
                data.appendInt16(Int16(values.count))
                for (index, value) in values.enumerated() {
                    guard let bytes = ValueEncoding.binary(value, as: index < types.count ? types[index] : .varchar) else {
                        data.appendInt32(-1)
                        continue
                    }
                    data.appendInt32(Int32(bytes.count))
                    data.append(contentsOf: bytes)
                }
                return
            }
            for (index, value) in values.enumerated() {
                if index > 0 { data.append(format.delimiter) }
                guard let text = ValueEncoding.text(value, as: index < types.count ? types[index] : .varchar) else {
                    data.append(contentsOf: null)
                    continue
                }
                if format.kind == .csv { csvField(text, force: forced[safe: index] ?? false, into: &data) } else { textField(text, into: &data) }
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

    /// A text-format value: backslash, the delimiter and control characters escaped.
    private func textField(_ bytes: [UInt8], into data: inout WireBytes) {
        let backslash = UInt8(ascii: "\\")
        let delimiter = format.delimiter
        // Most values need no escape: one append for the whole value.
        if !bytes.contains(where: { $0 == backslash || $0 == delimiter || $0 < 0x0E }) {
            data.append(contentsOf: bytes)
            return
        }
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

    /// A CSV value: quoted when forced, when it holds the delimiter, a quote, a line break, or
    /// reads as the NULL string (so an empty string stays distinct from NULL).
    private func csvField(_ bytes: [UInt8], force: Bool, into data: inout WireBytes) {
        let (quote, escape, delimiter) = (format.quote, format.escape, format.delimiter)
        let needsQuotes = force || bytes == null || bytes == Array("\\.".utf8)
            || bytes.contains { $0 == delimiter || $0 == quote || $0 == 0x0A || $0 == 0x0D || $0 == escape }
        guard needsQuotes else { data.append(contentsOf: bytes); return }
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
