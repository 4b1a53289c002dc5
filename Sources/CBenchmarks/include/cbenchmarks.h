// Raw C baselines for `sharp bench`: tight loops over DuckDB's C API, called through the same
// function table (`cduckdb_api`) the Swift binding uses, so the only difference measured is
// the binding itself.
#pragma once

#include "cduckdb.h"

#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wnullability-completeness"

#ifdef __cplusplus
extern "C" {
#endif

/// The 8-column split row of the benchmarks, as values of row `i` (the Swift `SplitRows`
/// generator produces the same values).
typedef struct {
    int64_t id;
    int64_t game_id;
    const char *_Nonnull source;
    idx_t source_length;
    const char *_Nonnull book;
    idx_t book_length;
    const char *_Nonnull market;
    idx_t market_length;
    double bets_pct;
    double money_pct;
    int64_t captured_at_micros;
} cbench_split_row;

/// Fills `row` with the values of split row `i`.
void cbench_split_row_make(int64_t i, cbench_split_row *_Nonnull row);

/// Appends split rows `first ..< first + count` to `table` through an appender, then closes it.
/// Returns false and writes DuckDB's message into `error` on failure.
bool cbench_append_splits(const cduckdb_api *_Nonnull api, duckdb_connection connection,
                          const char *_Nonnull table, int64_t first, int64_t count,
                          char *_Nonnull error, size_t error_length);

/// Inserts split rows `first ..< first + count` one by one with a prepared
/// `INSERT INTO table VALUES (?, …)`; with `per_transaction` > 0, BEGIN/COMMIT around every
/// that many rows, otherwise autocommit. When `latencies_ns` is not NULL, writes each insert's
/// duration (nanoseconds; the COMMIT counts toward the row that triggers it).
bool cbench_insert_splits(const cduckdb_api *_Nonnull api, duckdb_connection connection,
                          const char *_Nonnull table, int64_t first, int64_t count,
                          int64_t per_transaction, uint64_t *_Nullable latencies_ns,
                          char *_Nonnull error, size_t error_length);

/// What a read loop saw: enough to check every value was touched.
typedef struct {
    int64_t rows;
    int64_t id_sum;
    int64_t string_bytes;
    double double_sum;
    int64_t timestamp_sum;
} cbench_read_totals;

/// Runs `sql` (the 8 split columns, in order) and reads every value of every chunk with
/// `duckdb_fetch_chunk`.
bool cbench_read_splits(const cduckdb_api *_Nonnull api, duckdb_connection connection,
                        const char *_Nonnull sql, cbench_read_totals *_Nonnull totals,
                        char *_Nonnull error, size_t error_length);

/// Monotonic clock in nanoseconds.
uint64_t cbench_now_ns(void);

#ifdef __cplusplus
}
#endif

#pragma clang diagnostic pop
