import Logging

/// The module's logger, `sharp.duckdb`: where DuckDB was loaded from, or why it was not.
let duckDBLog = Logger(label: "sharp.duckdb")
