import CDuckDB

/// Reads a `duckdb_result` through the data-chunk API.
struct ResultReader {
    let api: cduckdb_api

    func decoders(_ result: inout duckdb_result) throws -> [ColumnDecoder] {
        let count = Int(api.column_count(&result))
        var decoders: [ColumnDecoder] = []
        decoders.reserveCapacity(count)
        for column in 0..<count {
            let name = api.column_name(&result, idx_t(column)).map { String(cString: $0) } ?? "column\(column)"
            var type = api.column_logical_type(&result, idx_t(column))
            defer { api.destroy_logical_type(&type) }
            decoders.append(try ColumnDecoder(api: api, name: name, type: type!))
        }
        return decoders
    }

    func forEachChunk(_ result: inout duckdb_result, _ body: (DataChunkView) throws -> Void) throws {
        let decoders = try decoders(&result)
        var data = [UnsafeMutableRawPointer](repeating: UnsafeMutableRawPointer(bitPattern: 1)!, count: decoders.count)
        var validity = [UnsafeMutablePointer<UInt64>?](repeating: nil, count: decoders.count)
        let hasNested = decoders.contains { if case .nested = $0.physical { true } else { false } }
        var nested = [NestedVector?](repeating: nil, count: hasNested ? decoders.count : 0)
        while let next = api.fetch_chunk(result) {
            var chunk: duckdb_data_chunk? = next
            defer { api.destroy_data_chunk(&chunk) }
            let size = Int(api.data_chunk_get_size(chunk))
            if size == 0 { break }
            for column in 0..<decoders.count {
                let vector = api.data_chunk_get_vector(chunk, idx_t(column))
                data[column] = api.vector_get_data(vector) ?? UnsafeMutableRawPointer(bitPattern: 1)!
                validity[column] = api.vector_get_validity(vector)
                if hasNested, case .nested(let decoder) = decoders[column].physical {
                    nested[column] = NestedVector(api: api, vector: vector!, decoder: decoder)
                }
            }
            try body(DataChunkView(decoders: decoders, data: data, validity: validity, nestedVectors: nested, count: size))
        }
        if let error = api.result_error(&result) {
            throw DuckDBError(message: String(cString: error))
        }
    }

    func read(_ result: inout duckdb_result) throws -> ResultSet {
        let changed = Int(api.rows_changed(&result))
        var names: ColumnNames?
        var rows: [Row] = []
        try forEachChunk(&result) { chunk in
            let columns = names ?? ColumnNames(chunk.decoders.map(\.name), typeNames: chunk.decoders.map(\.typeName))
            names = columns
            rows.reserveCapacity(rows.count + chunk.count)
            for row in 0..<chunk.count {
                var values: [DuckDBValue] = []
                values.reserveCapacity(chunk.columnCount)
                for column in 0..<chunk.columnCount { values.append(chunk.value(column: column, row: row)) }
                rows.append(Row(columns: columns, values: values))
            }
        }
        let columns = try names ?? { let decoders = try decoders(&result)
            return ColumnNames(decoders.map(\.name), typeNames: decoders.map(\.typeName)) }()
        return ResultSet(columns: columns, rows: rows, rowsChanged: changed)
    }
}
