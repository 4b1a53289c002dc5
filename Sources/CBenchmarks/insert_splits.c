// Raw baseline of `sharp bench inserts`: prepared single-row INSERTs written directly in C.
#include "cbenchmarks.h"

#include <stdio.h>

static bool run(const cduckdb_api *api, duckdb_connection connection, const char *sql, char *error, size_t length) {
    duckdb_result result;
    bool ok = api->query(connection, sql, &result) == DuckDBSuccess;
    if (!ok) {
        const char *message = api->result_error(&result);
        snprintf(error, length, "%s", message ? message : sql);
    }
    api->destroy_result(&result);
    return ok;
}

bool cbench_insert_splits(const cduckdb_api *api, duckdb_connection connection, const char *table,
                          int64_t first, int64_t count, int64_t per_transaction, uint64_t *latencies_ns,
                          char *error, size_t error_length) {
    char sql[512];
    snprintf(sql, sizeof sql, "INSERT INTO %s VALUES (?, ?, ?, ?, ?, ?, ?, ?)", table);
    duckdb_prepared_statement statement = NULL;
    if (api->prepare(connection, sql, &statement) != DuckDBSuccess) {
        const char *message = api->prepare_error(statement);
        snprintf(error, error_length, "%s", message ? message : "prepare failed");
        api->destroy_prepare(&statement);
        return false;
    }
    bool ok = true;
    bool open = false;
    cbench_split_row row;
    for (int64_t n = 0; n < count && ok; n++) {
        uint64_t started = latencies_ns ? cbench_now_ns() : 0;
        if (per_transaction > 0 && !open) {
            if (!(ok = run(api, connection, "BEGIN TRANSACTION", error, error_length))) break;
            open = true;
        }
        cbench_split_row_make(first + n, &row);
        api->bind_int64(statement, 1, row.id);
        api->bind_int64(statement, 2, row.game_id);
        api->bind_varchar_length(statement, 3, row.source, row.source_length);
        api->bind_varchar_length(statement, 4, row.book, row.book_length);
        api->bind_varchar_length(statement, 5, row.market, row.market_length);
        api->bind_double(statement, 6, row.bets_pct);
        api->bind_double(statement, 7, row.money_pct);
        api->bind_timestamp_tz(statement, 8, (duckdb_timestamp){row.captured_at_micros});
        duckdb_result result;
        if (api->execute_prepared(statement, &result) != DuckDBSuccess) {
            const char *message = api->result_error(&result);
            snprintf(error, error_length, "%s", message ? message : "execute failed");
            ok = false;
        }
        api->destroy_result(&result);
        if (ok && open && ((n + 1) % per_transaction == 0 || n + 1 == count)) {
            ok = run(api, connection, "COMMIT", error, error_length);
            open = false;
        }
        if (latencies_ns) latencies_ns[n] = cbench_now_ns() - started;
    }
    if (open) run(api, connection, "ROLLBACK", error, error_length);
    api->destroy_prepare(&statement);
    return ok;
}
