import DuckDBKit

/// What one statement produced: rows (with their description) or just a command tag.
enum StatementOutcome: Sendable {
    case rows(ResultSet, tag: String)
    case command(tag: String)
    /// An extra notice to send before the completion (e.g. "no transaction in progress").
    case notice(BackendMessage.ErrorFields, tag: String)

    /// The RowDescription fields of a result, in the given per-column formats.
    static func fields(of result: ResultSet, formats: [Int16]) -> [BackendMessage.FieldDescription] {
        let names = result.columns.names
        let types = result.columns.typeNames
        return names.indices.map { index in
            let type = index < types.count ? PostgresType(duckDBTypeName: types[index]) : .varchar
            return .init(name: names[index], typeOID: type.rawValue, typeSize: type.size,
                         format: Self.format(formats, index))
        }
    }

    /// The format of column `index` from Bind's result formats (none: text; one: all).
    static func format(_ formats: [Int16], _ index: Int) -> Int16 {
        formats.isEmpty ? 0 : formats.count == 1 ? formats[0] : (index < formats.count ? formats[index] : 0)
    }

    /// One DataRow per row of `rows`, encoded by `fields`' types and formats.
    static func dataRows(_ rows: ArraySlice<Row>, fields: [BackendMessage.FieldDescription]) -> [BackendMessage] {
        let types = fields.map { PostgresType(rawValue: $0.typeOID) }
        return rows.map { row in
            .dataRow(row.values.indices.map { index in
                let type = index < types.count ? types[index] : .varchar
                return index < fields.count && fields[index].format == 1
                    ? ValueEncoding.binary(row.values[index], as: type)
                    : ValueEncoding.text(row.values[index], as: type)
            })
        }
    }
}
