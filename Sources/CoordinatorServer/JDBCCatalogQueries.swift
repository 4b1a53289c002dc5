/// Answers for pgjdbc's `DatabaseMetaData.getTables`, `getColumns` and `getPrimaryKeys` (what
/// DBeaver's navigator and other JDBC tools ask), whose catalog queries use PostgreSQL parts
/// DuckDB lacks (`regclass`, `information_schema._pg_expandarray`, `pg_get_expr`,
/// `pg_attrdef`): each is recognised by its shape and answered from DuckDB's own catalog
/// (`duckdb_tables()`, `duckdb_views()`, `duckdb_columns()`, `duckdb_constraints()`) with the
/// columns pgjdbc reads, its name patterns (`LIKE`) and table types kept.
///
/// ```swift
/// JDBCCatalogQueries.replacement(for: getTablesSQL) // "SELECT NULL::VARCHAR AS table_cat, schema_name AS table_schem, …"
/// ```
enum JDBCCatalogQueries {
    static func replacement(for sql: String) -> String? {
        if sql.hasPrefix("SELECT NULL AS TABLE_CAT, n.nspname AS TABLE_SCHEM, c.relname AS TABLE_NAME,"),
           sql.contains("FROM pg_catalog.pg_namespace n, pg_catalog.pg_class c") {
            return tables(sql)
        }
        if sql.contains("a.attnotnull OR (t.typtype = 'd' AND t.typnotnull) AS attnotnull"), sql.contains("FROM pg_catalog.pg_namespace n") {
            return columns(sql)
        }
        if sql.contains("result.PK_NAME"), sql.contains("AS KEY_SEQ"), sql.contains("i.indisprimary") {
            return primaryKeys(sql)
        }
        return nil
    }

    /// `getTables(catalog, schemaPattern, tableNamePattern, types)`.
    static func tables(_ sql: String) -> String {
        var filters = condition("schema_name LIKE", literal(after: "n.nspname LIKE ", in: sql))
            + condition("name LIKE", literal(after: "c.relname LIKE ", in: sql))
        if sql.contains(" AND (false ") {
            var kinds: [String] = []
            if sql.contains("c.relkind = 'r' AND n.nspname !~ '^pg_'") { kinds.append("'TABLE'") }
            if sql.contains("c.relkind = 'v' AND n.nspname <> 'pg_catalog'") { kinds.append("'VIEW'") }
            filters += " AND kind IN (\(kinds.isEmpty ? "NULL" : kinds.joined(separator: ", ")))"
        }
        return """
            SELECT NULL::VARCHAR AS table_cat, schema_name AS table_schem, name AS table_name, kind AS table_type,
              comment AS remarks, '' AS type_cat, '' AS type_schem, '' AS type_name, '' AS self_referencing_col_name,
              '' AS ref_generation
            FROM (SELECT schema_name, table_name AS name, 'TABLE' AS kind, comment FROM duckdb_tables() WHERE NOT internal AND NOT temporary
                  UNION ALL
                  SELECT schema_name, view_name, 'VIEW', comment FROM duckdb_views() WHERE NOT internal AND NOT temporary)
            WHERE true\(filters) ORDER BY table_type, table_schem, table_name
            """
    }

    /// `getColumns(catalog, schemaPattern, tableNamePattern, columnNamePattern)`: the inner
    /// query's columns, which pgjdbc turns into the JDBC columns itself (the type from the OID).
    static func columns(_ sql: String) -> String {
        let filters = condition("schema_name LIKE", literal(after: "n.nspname LIKE ", in: sql))
            + condition("table_name LIKE", literal(after: "c.relname LIKE ", in: sql))
            + condition("column_name LIKE", literal(after: "attname LIKE ", in: sql))
        return """
            SELECT schema_name AS nspname, table_name AS relname, column_name AS attname, \(typeOID("data_type")) AS atttypid,
              NOT is_nullable AS attnotnull,
              CASE WHEN data_type LIKE 'DECIMAL(%' THEN numeric_precision * 65536 + numeric_scale + 4 ELSE -1 END AS atttypmod,
              \(typeLength("data_type")) AS attlen, -1 AS typtypmod, (column_index)::INTEGER AS attnum,
              NULL::VARCHAR AS attidentity, NULL::VARCHAR AS attgenerated, column_default AS adsrc, comment AS description,
              0 AS typbasetype, 'b' AS typtype
            FROM duckdb_columns() WHERE NOT internal\(filters) ORDER BY nspname, relname, attnum
            """
    }

    /// `getPrimaryKeys(catalog, schema, table)`: one row per key column, in key order.
    static func primaryKeys(_ sql: String) -> String {
        let filters = condition("schema_name =", literal(after: "n.nspname = ", in: sql))
            + condition("table_name =", literal(after: "ct.relname = ", in: sql))
        // getPrimaryUniqueKeys (updatable result sets) also asks whether each column is NOT NULL.
        let notNull = sql.contains("result.IS_NOT_NULL") ? ", true AS is_not_null" : ""
        return """
            SELECT NULL::VARCHAR AS table_cat, schema_name AS table_schem, table_name, column_name,
              (key_seq)::SMALLINT AS key_seq, constraint_name AS pk_name\(notNull)
            FROM (SELECT schema_name, table_name, constraint_name,
                    unnest(constraint_column_names) AS column_name,
                    unnest(range(1, len(constraint_column_names) + 1)) AS key_seq
                  FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'\(filters))
            ORDER BY table_name, pk_name, key_seq
            """
    }

    /// ` AND <predicate> '<value>'` for a literal that was there.
    private static func condition(_ predicate: String, _ value: String?) -> String {
        guard let value else { return "" }
        return " AND \(predicate) \(CatalogCompatibility.quote(value))"
    }

    /// The string literal right after `marker` (`'…'` or `E'…'`), its quotes undone.
    static func literal(after marker: String, in sql: String) -> String? {
        guard let range = sql.range(of: marker) else { return nil }
        let rest = sql[range.upperBound...]
        let tokens = SQLScript.tokens(String(rest.prefix(2_000)))
        guard let first = tokens.first, first.kind == .string else { return nil }
        return first.text
    }

    /// PostgreSQL's type OID for a DuckDB column type name in `column`.
    static func typeOID(_ column: String) -> String {
        """
        CASE WHEN \(column) LIKE 'DECIMAL(%' THEN 1700 WHEN \(column) LIKE '%[]' THEN 25
          ELSE coalesce(map {'BOOLEAN': 16, 'TINYINT': 21, 'SMALLINT': 21, 'INTEGER': 23, 'BIGINT': 20, 'UTINYINT': 21,
            'USMALLINT': 23, 'UINTEGER': 20, 'UBIGINT': 1700, 'HUGEINT': 1700, 'FLOAT': 700, 'DOUBLE': 701, 'VARCHAR': 1043,
            'BLOB': 17, 'DATE': 1082, 'TIME': 1083, 'TIMESTAMP': 1114, 'TIMESTAMP WITH TIME ZONE': 1184, 'INTERVAL': 1186,
            'UUID': 2950, 'JSON': 114}[\(column)], 25) END
        """
    }

    /// PostgreSQL's `attlen` (bytes of a fixed-size type, -1 for variable) for `column`.
    static func typeLength(_ column: String) -> String {
        """
        coalesce(map {'BOOLEAN': 1, 'TINYINT': 2, 'SMALLINT': 2, 'INTEGER': 4, 'BIGINT': 8, 'FLOAT': 4, 'DOUBLE': 8, 'DATE': 4,
          'TIME': 8, 'TIMESTAMP': 8, 'TIMESTAMP WITH TIME ZONE': 8, 'INTERVAL': 16, 'UUID': 16}[\(column)], -1)
        """
    }
}
