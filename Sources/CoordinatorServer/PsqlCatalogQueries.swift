import Foundation

/// Answers for the catalog queries behind psql's `\l`, `\dn`, `\dt`/`\d`/`\dv` (lists) and
/// `\d NAME` (one relation), which name PostgreSQL catalog columns DuckDB's `pg_catalog`
/// views lack: each is recognised by its shape and replaced by a query over DuckDB's own
/// catalog (`duckdb_tables()`, `duckdb_views()`, `duckdb_columns()`) with the same columns.
///
/// ```swift
/// PsqlCatalogQueries.replacement(for: sqlPsqlSentForBackslashDt) // "SELECT schema_name AS \"Schema\", …"
/// ```
enum PsqlCatalogQueries {
    static func replacement(for sql: String) -> String? {
        guard sql.contains("pg_catalog.") else { return nil }
        if sql.contains("FROM pg_catalog.pg_database d"), sql.contains("\"Name\"") { return databases }
        if sql.contains("FROM pg_catalog.pg_namespace n"), sql.contains("pg_catalog.pg_get_userbyid(n.nspowner) AS \"Owner\"") {
            return schemas
        }
        if sql.contains("pg_catalog.pg_get_userbyid(c.relowner) as \"Owner\""), sql.contains("c.relkind IN (") {
            return relationList(sql)
        }
        if sql.hasPrefix("SELECT c.relchecks, c.relkind"), let oid = oid(in: sql, after: "WHERE c.oid = '") {
            // relchecks, relhasindex and relhastriggers decide which footers psql asks for next.
            return """
                SELECT (SELECT count(*) FROM duckdb_constraints() k WHERE k.table_oid = c.oid AND k.constraint_type = 'CHECK')::INTEGER AS relchecks,
                  c.relkind,
                  EXISTS (SELECT 1 FROM duckdb_constraints() k WHERE k.table_oid = c.oid AND k.constraint_type IN ('PRIMARY KEY', 'UNIQUE'))
                    OR EXISTS (SELECT 1 FROM duckdb_indexes() x WHERE x.table_oid = c.oid) AS relhasindex,
                  false AS relhasrules,
                  EXISTS (SELECT 1 FROM duckdb_constraints() k WHERE k.constraint_type = 'FOREIGN KEY'
                          AND (k.table_oid = c.oid OR (k.schema_name = n.nspname AND k.referenced_table = c.relname))) AS relhastriggers,
                  false AS relrowsecurity, false AS relforcerowsecurity, false AS relhasoids, false AS relispartition,
                  '' AS x, 0 AS reltablespace, '' AS reloftype, 'p' AS relpersistence, 'd' AS relreplident, 'art' AS amname
                FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = \(oid)
                """
        }
        if sql.hasPrefix("SELECT c2.relname, i.indisprimary"), let oid = oid(in: sql, after: "WHERE c.oid = '") {
            return indexes(of: oid)
        }
        if sql.contains("FROM pg_catalog.pg_constraint r"), let oid = oid(in: sql, after: "WHERE r.conrelid = '") {
            if sql.contains("r.contype = 'c'") {
                return """
                    SELECT constraint_name AS conname, constraint_text AS condef FROM duckdb_constraints()
                    WHERE table_oid = \(oid) AND constraint_type = 'CHECK' ORDER BY 1
                    """
            }
            if sql.contains("r.contype = 'f'") {
                return """
                    SELECT true AS sametable, constraint_name AS conname, constraint_text AS condef, table_name AS ontable
                    FROM duckdb_constraints() WHERE table_oid = \(oid) AND constraint_type = 'FOREIGN KEY' ORDER BY conname
                    """
            }
        }
        if sql.contains("FROM pg_catalog.pg_constraint c"), sql.contains("WHERE confrelid IN"), sql.contains("contype = 'f'"),
           let oid = oid(in: sql, after: "pg_catalog.pg_partition_ancestors('") {
            return """
                SELECT k.constraint_name AS conname, k.table_name AS ontable, k.constraint_text AS condef
                FROM duckdb_constraints() k, duckdb_tables() t
                WHERE t.table_oid = \(oid) AND k.constraint_type = 'FOREIGN KEY'
                  AND k.schema_name = t.schema_name AND k.referenced_table = t.table_name
                ORDER BY conname
                """
        }
        if sql.hasPrefix("SELECT a.attname"), sql.contains("FROM pg_catalog.pg_attribute a"),
           let oid = oid(in: sql, after: "WHERE a.attrelid = '") {
            return """
                SELECT column_name AS attname, \(formatType("data_type")) AS format_type, column_default AS attdef,
                  NOT is_nullable AS attnotnull, NULL::VARCHAR AS attcollation, '' AS attidentity, '' AS attgenerated
                FROM duckdb_columns() WHERE table_oid = \(oid) ORDER BY column_index
                """
        }
        return nil
    }

    /// `\\d NAME`'s "Indexes:" footer: primary keys and unique constraints (DuckDB backs each
    /// with an ART index) and the indexes made with CREATE INDEX, in psql's column order.
    static func indexes(of oid: Int) -> String {
        """
        SELECT name AS relname, is_primary AS indisprimary, is_unique AS indisunique, false AS indisclustered, true AS indisvalid,
          'CREATE ' || CASE WHEN is_unique THEN 'UNIQUE ' ELSE '' END || 'INDEX ' || name || ' ON ' || qualified || ' USING art (' || columns || ')' AS indexdef,
          condef, contype, false AS condeferrable, false AS condeferred, false AS indisreplident, 0 AS reltablespace
        FROM (
          SELECT constraint_name AS name, constraint_type = 'PRIMARY KEY' AS is_primary, true AS is_unique,
            schema_name || '.' || table_name AS qualified, array_to_string(constraint_column_names, ', ') AS columns,
            constraint_text AS condef, CASE constraint_type WHEN 'PRIMARY KEY' THEN 'p' ELSE 'u' END AS contype
          FROM duckdb_constraints() WHERE table_oid = \(oid) AND constraint_type IN ('PRIMARY KEY', 'UNIQUE')
          UNION ALL
          SELECT index_name, is_primary, is_unique, schema_name || '.' || table_name, trim(expressions::VARCHAR, '[]'), NULL, NULL
          FROM duckdb_indexes() WHERE table_oid = \(oid)
        ) ORDER BY indisprimary DESC, relname
        """
    }

    /// PostgreSQL's `format_type` spelling of a DuckDB type name in `column` (psql shows it
    /// as the column's Type): `character varying`, `double precision`, `numeric(12,3)`, ….
    static func formatType(_ column: String) -> String {
        """
        CASE WHEN \(column) LIKE 'DECIMAL(%' THEN 'numeric' || substr(\(column), 8)
          ELSE coalesce(map {'VARCHAR': 'character varying', 'DOUBLE': 'double precision', 'FLOAT': 'real', 'BOOLEAN': 'boolean',
            'TIMESTAMP': 'timestamp without time zone', 'TIMESTAMP WITH TIME ZONE': 'timestamp with time zone',
            'TIME': 'time without time zone', 'BLOB': 'bytea', 'HUGEINT': 'numeric(38,0)', 'TINYINT': 'smallint',
            'UTINYINT': 'smallint', 'USMALLINT': 'integer', 'UINTEGER': 'bigint', 'UBIGINT': 'numeric(20,0)'}[\(column)],
            lower(\(column))) END
        """
    }

    static let databases = """
        SELECT database_name AS "Name", 'sharp' AS "Owner", 'UTF8' AS "Encoding", 'C' AS "Collate", 'C' AS "Ctype",
          NULL::VARCHAR AS "ICU Locale", 'libc' AS "Locale Provider", NULL::VARCHAR AS "Access privileges"
        FROM duckdb_databases() WHERE NOT internal ORDER BY 1
        """

    /// `\dn`: the schemas of the attached databases.
    static let schemas = """
        SELECT DISTINCT schema_name AS "Name", 'sharp' AS "Owner"
        FROM duckdb_schemas() WHERE database_name = current_database() ORDER BY 1
        """

    /// `\dt`, `\dv`, `\d` (no name) and their patterns: tables and/or views, optionally by name.
    static func relationList(_ sql: String) -> String {
        let kinds = sql.range(of: "c.relkind IN (").map { range in
            String(sql[range.upperBound...].prefix { $0 != ")" })
        } ?? "'r'"
        var filter = ""
        if let pattern = CatalogCompatibility.firstMatch(#"c\.relname OPERATOR\(pg_catalog\.~\) '([^']*)'"#, in: sql) {
            filter = " AND regexp_matches(name, \(CatalogCompatibility.quote(pattern)))"
        }
        var parts: [String] = []
        if kinds.contains("'r'") {
            parts.append("SELECT schema_name AS schema, table_name AS name, 'table' AS kind FROM duckdb_tables() WHERE NOT internal AND NOT temporary")
        }
        if kinds.contains("'v'") {
            parts.append("SELECT schema_name, view_name, 'view' FROM duckdb_views() WHERE NOT internal AND NOT temporary")
        }
        if parts.isEmpty { parts.append("SELECT NULL::VARCHAR, NULL::VARCHAR, NULL::VARCHAR WHERE false") }
        return """
            SELECT schema AS "Schema", name AS "Name", kind AS "Type", 'sharp' AS "Owner"
            FROM (\(parts.joined(separator: " UNION ALL "))) WHERE true\(filter) ORDER BY 1, 2
            """
    }

    static func oid(in sql: String, after marker: String) -> Int? {
        guard let range = sql.range(of: marker) else { return nil }
        return Int(sql[range.upperBound...].prefix { $0.isNumber })
    }
}
