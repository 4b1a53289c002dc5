// DuckDBKit module.
