// Raw baseline of `sharp bench read`: every value of every chunk, read directly in C.
#include "cbenchmarks.h"

#include <stdio.h>

bool cbench_read_splits(const cduckdb_api *api, duckdb_connection connection, const char *sql,
                        cbench_read_totals *totals, char *error, size_t error_length) {
    duckdb_result result;
    if (api->query(connection, sql, &result) != DuckDBSuccess) {
        const char *message = api->result_error(&result);
        snprintf(error, error_length, "%s", message ? message : "query failed");
        api->destroy_result(&result);
        return false;
    }
    if (api->column_count(&result) != 8) {
        snprintf(error, error_length, "expected the 8 split columns");
        api->destroy_result(&result);
        return false;
    }
    cbench_read_totals t = {0};
    duckdb_data_chunk chunk;
    while ((chunk = api->fetch_chunk(result)) != NULL) {
        idx_t size = api->data_chunk_get_size(chunk);
        if (size == 0) {
            api->destroy_data_chunk(&chunk);
            break;
        }
        void *data[8];
        uint64_t *validity[8];
        for (idx_t column = 0; column < 8; column++) {
            duckdb_vector vector = api->data_chunk_get_vector(chunk, column);
            data[column] = api->vector_get_data(vector);
            validity[column] = api->vector_get_validity(vector);
        }
        for (idx_t row = 0; row < size; row++) {
            for (idx_t column = 0; column < 2; column++) {
                if (cduckdb_row_is_valid(validity[column], row)) t.id_sum += ((int64_t *)data[column])[row];
            }
            for (idx_t column = 2; column < 5; column++) {
                if (cduckdb_row_is_valid(validity[column], row)) {
                    // Length and first byte: touch the bytes, as building a string would.
                    const duckdb_string_t *s = &((duckdb_string_t *)data[column])[row];
                    uint32_t length = cduckdb_string_length(s);
                    t.string_bytes += length + (length ? (uint8_t)cduckdb_string_data(s)[0] : 0);
                }
            }
            for (idx_t column = 5; column < 7; column++) {
                if (cduckdb_row_is_valid(validity[column], row)) t.double_sum += ((double *)data[column])[row];
            }
            if (cduckdb_row_is_valid(validity[7], row)) t.timestamp_sum += ((int64_t *)data[7])[row];
        }
        t.rows += (int64_t)size;
        api->destroy_data_chunk(&chunk);
    }
    const char *message = api->result_error(&result);
    bool ok = message == NULL;
    if (!ok) snprintf(error, error_length, "%s", message);
    api->destroy_result(&result);
    *totals = t;
    return ok;
}
