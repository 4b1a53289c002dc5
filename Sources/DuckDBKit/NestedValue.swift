import CDuckDB

/// A value of a nested column (LIST, ARRAY, STRUCT, MAP) read from a data chunk with
/// ``DataChunkView/nested(column:row:)``: elements and fields keep their own values.
///
/// ```swift
/// try connection.forEachChunk("SELECT [1, 2, NULL] AS l, {'a': 1} AS s") { chunk in
///     chunk.nested(column: 0, row: 0)  // .list([.scalar(.int(1)), .scalar(.int(2)), .null])
///     chunk.nested(column: 1, row: 0)  // .structure([(name: "a", value: .scalar(.int(1)))])
///     chunk.value(column: 0, row: 0)   // .string("[1, 2, NULL]"), DuckDB's own text for it
/// }
/// ```
/// A MAP is a list of `key`/`value` structures, as DuckDB stores it.
public indirect enum DuckDBNestedValue: Sendable {
    case null
    case scalar(DuckDBValue)
    case list([DuckDBNestedValue])
    case structure([(name: String, value: DuckDBNestedValue)])

    /// DuckDB's text for the value (what `CAST(x AS VARCHAR)` gives): `[1, 2]`, `{'a': 1}`.
    public var duckDBText: String {
        switch self {
        case .null: "NULL"
        case .scalar(let value): value.description
        case .list(let elements): "[" + elements.map(\.duckDBText).joined(separator: ", ") + "]"
        case .structure(let fields): "{" + fields.map { "'\($0.name)': \($0.value.duckDBText)" }.joined(separator: ", ") + "}"
        }
    }
}

/// How to read a nested column's vectors, decided once per result.
indirect enum NestedDecoder {
    case leaf(ColumnDecoder)
    /// LIST and MAP (a list of key/value structures).
    case list(NestedDecoder)
    case array(NestedDecoder, size: Int)
    case structure([(name: String, decoder: NestedDecoder)])

    init(api: cduckdb_api, name: String, type: duckdb_logical_type) throws {
        switch api.get_type_id(type) {
        case DUCKDB_TYPE_LIST, DUCKDB_TYPE_MAP:
            var child = api.list_type_child_type(type)
            defer { api.destroy_logical_type(&child) }
            self = .list(try NestedDecoder(api: api, name: name, type: child!))
        case DUCKDB_TYPE_ARRAY:
            var child = api.array_type_child_type(type)
            defer { api.destroy_logical_type(&child) }
            self = .array(try NestedDecoder(api: api, name: name, type: child!), size: Int(api.array_type_array_size(type)))
        case DUCKDB_TYPE_STRUCT:
            var fields: [(name: String, decoder: NestedDecoder)] = []
            for index in 0..<api.struct_type_child_count(type) {
                let raw = api.struct_type_child_name(type, index)
                let field = raw.map { String(cString: $0) } ?? "f\(index + 1)"
                if let raw { api.free(raw) }
                var child = api.struct_type_child_type(type, index)
                defer { api.destroy_logical_type(&child) }
                fields.append((field, try NestedDecoder(api: api, name: "\(name).\(field)", type: child!)))
            }
            self = .structure(fields)
        default:
            self = .leaf(try ColumnDecoder(api: api, name: name, type: type))
        }
    }
}

/// A nested column's vectors in one chunk, resolved once per chunk.
struct NestedVector {
    let data: UnsafeMutableRawPointer?
    let validity: UnsafeMutablePointer<UInt64>?
    let children: [NestedVector]

    init(api: cduckdb_api, vector: duckdb_vector, decoder: NestedDecoder) {
        data = api.vector_get_data(vector)
        validity = api.vector_get_validity(vector)
        switch decoder {
        case .leaf: children = []
        case .list(let child): children = [NestedVector(api: api, vector: api.list_vector_get_child(vector)!, decoder: child)]
        case .array(let child, _): children = [NestedVector(api: api, vector: api.array_vector_get_child(vector)!, decoder: child)]
        case .structure(let fields):
            children = fields.enumerated().map { index, field in
                NestedVector(api: api, vector: api.struct_vector_get_child(vector, idx_t(index))!, decoder: field.decoder)
            }
        }
    }

    func value(_ decoder: NestedDecoder, row: Int) -> DuckDBNestedValue {
        guard cduckdb_row_is_valid(validity, idx_t(row)) else { return .null }
        switch decoder {
        case .leaf(let leaf):
            guard let data else { return .null }
            return .scalar(leaf.value(data, validity, row))
        case .list(let child):
            guard let data else { return .null }
            let entry = data.load(fromByteOffset: row * MemoryLayout<duckdb_list_entry>.stride, as: duckdb_list_entry.self)
            return .list((0..<Int(entry.length)).map { children[0].value(child, row: Int(entry.offset) + $0) })
        case .array(let child, let size):
            return .list((0..<size).map { children[0].value(child, row: row * size + $0) })
        case .structure(let fields):
            return .structure(fields.enumerated().map { index, field in (field.name, children[index].value(field.decoder, row: row)) })
        }
    }
}
