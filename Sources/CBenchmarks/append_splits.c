// Raw baseline of `sharp bench appender`: the appender loop written directly in C.
#include "cbenchmarks.h"

#include <stdio.h>

static bool fail(const cduckdb_api *api, duckdb_appender *appender, char *error, size_t length) {
    const char *message = *appender ? api->appender_error(*appender) : NULL;
    snprintf(error, length, "%s", message ? message : "appender failed");
    if (*appender) api->appender_destroy(appender);
    return false;
}

bool cbench_append_splits(const cduckdb_api *api, duckdb_connection connection, const char *table,
                          int64_t first, int64_t count, char *error, size_t error_length) {
    duckdb_appender appender = NULL;
    if (api->appender_create_ext(connection, NULL, NULL, table, &appender) != DuckDBSuccess) {
        return fail(api, &appender, error, error_length);
    }
    cbench_split_row row;
    for (int64_t i = first; i < first + count; i++) {
        cbench_split_row_make(i, &row);
        if (api->append_int64(appender, row.id) != DuckDBSuccess
            || api->append_int64(appender, row.game_id) != DuckDBSuccess
            || api->append_varchar_length(appender, row.source, row.source_length) != DuckDBSuccess
            || api->append_varchar_length(appender, row.book, row.book_length) != DuckDBSuccess
            || api->append_varchar_length(appender, row.market, row.market_length) != DuckDBSuccess
            || api->append_double(appender, row.bets_pct) != DuckDBSuccess
            || api->append_double(appender, row.money_pct) != DuckDBSuccess
            || api->append_timestamp(appender, (duckdb_timestamp){row.captured_at_micros}) != DuckDBSuccess
            || api->appender_end_row(appender) != DuckDBSuccess) {
            return fail(api, &appender, error, error_length);
        }
    }
    if (api->appender_close(appender) != DuckDBSuccess) return fail(api, &appender, error, error_length);
    api->appender_destroy(&appender);
    return true;
}
