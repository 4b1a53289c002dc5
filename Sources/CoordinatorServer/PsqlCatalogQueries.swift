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
            return """
                SELECT 0 AS relchecks, c.relkind, false AS relhasindex, false AS relhasrules, false AS relhastriggers,
                  false AS relrowsecurity, false AS relforcerowsecurity, false AS relhasoids, false AS relispartition,
                  '' AS x, 0 AS reltablespace, '' AS reloftype, 'p' AS relpersistence, 'd' AS relreplident, 'heap' AS amname
                FROM pg_catalog.pg_class c WHERE c.oid = \(oid)
                """
        }
        if sql.hasPrefix("SELECT a.attname"), sql.contains("FROM pg_catalog.pg_attribute a"),
           let oid = oid(in: sql, after: "WHERE a.attrelid = '") {
            return """
                SELECT column_name AS attname, lower(data_type) AS format_type, column_default AS attdef,
                  NOT is_nullable AS attnotnull, NULL::VARCHAR AS attcollation, '' AS attidentity, '' AS attgenerated
                FROM duckdb_columns() WHERE table_oid = \(oid) ORDER BY column_index
                """
        }
        return nil
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
