// Our own declarations of the part of the DuckDB C API that sharp uses.
//
// Nothing here links against DuckDB: every function is reached through the
// table `cduckdb_api`, filled once by `cduckdb_load` with dlopen/dlsym.
// Type layouts follow DuckDB's stable C API (duckdb.h, v1.x/v2.x).
#pragma once

// Function-table fields are _Nonnull (the loader fills every one); other pointers keep
// DuckDB's own contract (implicitly unwrapped in Swift), so completeness is not wanted here.
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wnullability-completeness"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef uint64_t idx_t;

typedef enum {
    DUCKDB_TYPE_INVALID = 0,
    DUCKDB_TYPE_BOOLEAN = 1,
    DUCKDB_TYPE_TINYINT = 2,
    DUCKDB_TYPE_SMALLINT = 3,
    DUCKDB_TYPE_INTEGER = 4,
    DUCKDB_TYPE_BIGINT = 5,
    DUCKDB_TYPE_UTINYINT = 6,
    DUCKDB_TYPE_USMALLINT = 7,
    DUCKDB_TYPE_UINTEGER = 8,
    DUCKDB_TYPE_UBIGINT = 9,
    DUCKDB_TYPE_FLOAT = 10,
    DUCKDB_TYPE_DOUBLE = 11,
    DUCKDB_TYPE_TIMESTAMP = 12,
    DUCKDB_TYPE_DATE = 13,
    DUCKDB_TYPE_TIME = 14,
    DUCKDB_TYPE_INTERVAL = 15,
    DUCKDB_TYPE_HUGEINT = 16,
    DUCKDB_TYPE_VARCHAR = 17,
    DUCKDB_TYPE_BLOB = 18,
    DUCKDB_TYPE_DECIMAL = 19,
    DUCKDB_TYPE_TIMESTAMP_S = 20,
    DUCKDB_TYPE_TIMESTAMP_MS = 21,
    DUCKDB_TYPE_TIMESTAMP_NS = 22,
    DUCKDB_TYPE_ENUM = 23,
    DUCKDB_TYPE_LIST = 24,
    DUCKDB_TYPE_STRUCT = 25,
    DUCKDB_TYPE_MAP = 26,
    DUCKDB_TYPE_UUID = 27,
    DUCKDB_TYPE_UNION = 28,
    DUCKDB_TYPE_BIT = 29,
    DUCKDB_TYPE_TIME_TZ = 30,
    DUCKDB_TYPE_TIMESTAMP_TZ = 31,
    DUCKDB_TYPE_UHUGEINT = 32,
    DUCKDB_TYPE_ARRAY = 33,
    DUCKDB_TYPE_ANY = 34,
    DUCKDB_TYPE_BIGNUM = 35,
    DUCKDB_TYPE_SQLNULL = 36,
} duckdb_type;

typedef enum { DuckDBSuccess = 0, DuckDBError = 1 } duckdb_state;

typedef struct { int32_t days; } duckdb_date;
typedef struct { int64_t micros; } duckdb_time;
typedef struct { int64_t micros; } duckdb_timestamp;
typedef struct { int32_t months; int32_t days; int64_t micros; } duckdb_interval;
typedef struct { uint64_t lower; int64_t upper; } duckdb_hugeint;
typedef struct { uint8_t width; uint8_t scale; duckdb_hugeint value; } duckdb_decimal;

/// A string inside a data chunk: inlined when 12 bytes or shorter.
typedef struct {
    union {
        struct { uint32_t length; char prefix[4]; char *ptr; } pointer;
        struct { uint32_t length; char inlined[12]; } inlined;
    } value;
} duckdb_string_t;

typedef struct {
    idx_t deprecated_column_count;
    idx_t deprecated_row_count;
    idx_t deprecated_rows_changed;
    void *deprecated_columns;
    char *deprecated_error_message;
    void *internal_data;
} duckdb_result;

typedef struct _duckdb_database { void *internal_ptr; } *duckdb_database;
typedef struct _duckdb_connection { void *internal_ptr; } *duckdb_connection;
typedef struct _duckdb_config { void *internal_ptr; } *duckdb_config;
typedef struct _duckdb_prepared_statement { void *internal_ptr; } *duckdb_prepared_statement;
typedef struct _duckdb_appender { void *internal_ptr; } *duckdb_appender;
typedef struct _duckdb_data_chunk { void *internal_ptr; } *duckdb_data_chunk;
typedef struct _duckdb_vector { void *internal_ptr; } *duckdb_vector;
typedef struct _duckdb_logical_type { void *internal_ptr; } *duckdb_logical_type;
typedef struct _duckdb_value { void *internal_ptr; } *duckdb_value;
typedef struct _duckdb_extracted_statements { void *internal_ptr; } *duckdb_extracted_statements;
typedef struct _duckdb_pending_result { void *internal_ptr; } *duckdb_pending_result;

/// One row of a LIST vector: its elements are child rows offset ..< offset + length.
typedef struct { uint64_t offset; uint64_t length; } duckdb_list_entry;

/// Every DuckDB function sharp calls: X(return type, name without the duckdb_ prefix, parameters...).
#define CDUCKDB_FUNCTIONS(X) \
    X(const char *_Nonnull, library_version, void) \
    /* database, config, connection */ \
    X(duckdb_state, create_config, duckdb_config *) \
    X(duckdb_state, set_config, duckdb_config, const char *, const char *) \
    X(void, destroy_config, duckdb_config *) \
    X(duckdb_state, open_ext, const char *, duckdb_database *, duckdb_config, char **) \
    X(void, close, duckdb_database *) \
    X(duckdb_state, connect, duckdb_database, duckdb_connection *) \
    X(void, disconnect, duckdb_connection *) \
    X(void, interrupt, duckdb_connection) \
    X(void, free, void *) \
    /* queries and results */ \
    X(duckdb_state, query, duckdb_connection, const char *, duckdb_result *) \
    X(void, destroy_result, duckdb_result *) \
    X(const char *, result_error, duckdb_result *) \
    X(idx_t, column_count, duckdb_result *) \
    X(const char *, column_name, duckdb_result *, idx_t) \
    X(duckdb_logical_type, column_logical_type, duckdb_result *, idx_t) \
    X(idx_t, rows_changed, duckdb_result *) \
    X(duckdb_data_chunk, fetch_chunk, duckdb_result) \
    X(void, destroy_data_chunk, duckdb_data_chunk *) \
    X(idx_t, data_chunk_get_size, duckdb_data_chunk) \
    X(duckdb_vector, data_chunk_get_vector, duckdb_data_chunk, idx_t) \
    X(void *, vector_get_data, duckdb_vector) \
    X(uint64_t *, vector_get_validity, duckdb_vector) \
    /* nested vectors (LIST, STRUCT, MAP, ARRAY) */ \
    X(duckdb_vector, list_vector_get_child, duckdb_vector) \
    X(idx_t, list_vector_get_size, duckdb_vector) \
    X(duckdb_vector, struct_vector_get_child, duckdb_vector, idx_t) \
    X(duckdb_vector, array_vector_get_child, duckdb_vector) \
    /* streaming results */ \
    X(duckdb_state, pending_prepared_streaming, duckdb_prepared_statement, duckdb_pending_result *) \
    X(duckdb_state, execute_pending, duckdb_pending_result, duckdb_result *) \
    X(const char *, pending_error, duckdb_pending_result) \
    X(void, destroy_pending, duckdb_pending_result *) \
    /* logical types */ \
    X(duckdb_type, get_type_id, duckdb_logical_type) \
    X(uint8_t, decimal_width, duckdb_logical_type) \
    X(uint8_t, decimal_scale, duckdb_logical_type) \
    X(duckdb_type, decimal_internal_type, duckdb_logical_type) \
    X(duckdb_type, enum_internal_type, duckdb_logical_type) \
    X(uint32_t, enum_dictionary_size, duckdb_logical_type) \
    X(char *, enum_dictionary_value, duckdb_logical_type, idx_t) \
    X(void, destroy_logical_type, duckdb_logical_type *) \
    X(duckdb_logical_type, list_type_child_type, duckdb_logical_type) \
    X(duckdb_logical_type, array_type_child_type, duckdb_logical_type) \
    X(idx_t, array_type_array_size, duckdb_logical_type) \
    X(idx_t, struct_type_child_count, duckdb_logical_type) \
    X(char *, struct_type_child_name, duckdb_logical_type, idx_t) \
    X(duckdb_logical_type, struct_type_child_type, duckdb_logical_type, idx_t) \
    /* prepared statements */ \
    X(duckdb_state, prepare, duckdb_connection, const char *, duckdb_prepared_statement *) \
    X(void, destroy_prepare, duckdb_prepared_statement *) \
    X(const char *, prepare_error, duckdb_prepared_statement) \
    X(idx_t, nparams, duckdb_prepared_statement) \
    X(duckdb_type, param_type, duckdb_prepared_statement, idx_t) \
    X(idx_t, prepared_statement_column_count, duckdb_prepared_statement) \
    X(const char *, prepared_statement_column_name, duckdb_prepared_statement, idx_t) \
    X(duckdb_logical_type, prepared_statement_column_logical_type, duckdb_prepared_statement, idx_t) \
    X(duckdb_state, clear_bindings, duckdb_prepared_statement) \
    X(duckdb_state, bind_boolean, duckdb_prepared_statement, idx_t, bool) \
    X(duckdb_state, bind_int64, duckdb_prepared_statement, idx_t, int64_t) \
    X(duckdb_state, bind_double, duckdb_prepared_statement, idx_t, double) \
    X(duckdb_state, bind_varchar_length, duckdb_prepared_statement, idx_t, const char *, idx_t) \
    X(duckdb_state, bind_blob, duckdb_prepared_statement, idx_t, const void *, idx_t) \
    X(duckdb_state, bind_date, duckdb_prepared_statement, idx_t, duckdb_date) \
    X(duckdb_state, bind_timestamp, duckdb_prepared_statement, idx_t, duckdb_timestamp) \
    X(duckdb_state, bind_timestamp_tz, duckdb_prepared_statement, idx_t, duckdb_timestamp) \
    X(duckdb_state, bind_decimal, duckdb_prepared_statement, idx_t, duckdb_decimal) \
    X(duckdb_state, bind_null, duckdb_prepared_statement, idx_t) \
    X(duckdb_state, bind_uint64, duckdb_prepared_statement, idx_t, uint64_t) \
    X(duckdb_state, bind_time, duckdb_prepared_statement, idx_t, duckdb_time) \
    X(duckdb_state, bind_interval, duckdb_prepared_statement, idx_t, duckdb_interval) \
    X(duckdb_state, execute_prepared, duckdb_prepared_statement, duckdb_result *) \
    /* extracted statements (a script of several statements) */ \
    X(idx_t, extract_statements, duckdb_connection, const char *, duckdb_extracted_statements *) \
    X(duckdb_state, prepare_extracted_statement, duckdb_connection, duckdb_extracted_statements, idx_t, duckdb_prepared_statement *) \
    X(const char *, extract_statements_error, duckdb_extracted_statements) \
    X(void, destroy_extracted, duckdb_extracted_statements *) \
    /* appender */ \
    X(duckdb_state, appender_create_ext, duckdb_connection, const char *, const char *, const char *, duckdb_appender *) \
    X(const char *, appender_error, duckdb_appender) \
    X(idx_t, appender_column_count, duckdb_appender) \
    X(duckdb_logical_type, appender_column_type, duckdb_appender, idx_t) \
    X(duckdb_state, appender_add_column, duckdb_appender, const char *) \
    X(duckdb_state, appender_clear, duckdb_appender) \
    X(duckdb_state, appender_flush, duckdb_appender) \
    X(duckdb_state, appender_close, duckdb_appender) \
    X(duckdb_state, appender_destroy, duckdb_appender *) \
    X(duckdb_state, appender_end_row, duckdb_appender) \
    X(duckdb_state, append_bool, duckdb_appender, bool) \
    X(duckdb_state, append_int32, duckdb_appender, int32_t) \
    X(duckdb_state, append_int64, duckdb_appender, int64_t) \
    X(duckdb_state, append_double, duckdb_appender, double) \
    X(duckdb_state, append_varchar_length, duckdb_appender, const char *, idx_t) \
    X(duckdb_state, append_blob, duckdb_appender, const void *, idx_t) \
    X(duckdb_state, append_date, duckdb_appender, duckdb_date) \
    X(duckdb_state, append_timestamp, duckdb_appender, duckdb_timestamp) \
    X(duckdb_state, append_null, duckdb_appender) \
    X(duckdb_state, append_uint64, duckdb_appender, uint64_t) \
    X(duckdb_state, append_time, duckdb_appender, duckdb_time) \
    X(duckdb_state, append_interval, duckdb_appender, duckdb_interval) \
    X(duckdb_state, append_value, duckdb_appender, duckdb_value) \
    /* values (for typed appends the appender has no direct call for) */ \
    X(duckdb_value, create_timestamp_tz, duckdb_timestamp) \
    X(duckdb_value, create_decimal, duckdb_decimal) \
    X(void, destroy_value, duckdb_value *) \

#define CDUCKDB_FIELD(ret, name, ...) ret (*_Nonnull name)(__VA_ARGS__);
/// The function table, resolved once with dlsym.
typedef struct cduckdb_api {
    CDUCKDB_FUNCTIONS(CDUCKDB_FIELD)
} cduckdb_api;
#undef CDUCKDB_FIELD

/// An empty table to pass to `cduckdb_load` (Swift cannot zero-initialise non-null fields).
static inline cduckdb_api cduckdb_api_zeroed(void) {
    cduckdb_api table;
    memset(&table, 0, sizeof table);
    return table;
}

/// Loads DuckDB from `library_path`, first loading `preload_path` (may be NULL) with
/// RTLD_GLOBAL (the libpython a wheel's module needs). Resolves every function of
/// `cduckdb_api`. On failure returns false and writes a message (naming the library
/// or the missing symbol) into `error`.
bool cduckdb_load(const char *_Nonnull library_path, const char *_Nullable preload_path,
                  cduckdb_api *_Nonnull out, char *_Nonnull error, size_t error_length);

/// Whether bit `row` of a validity mask is set (a NULL mask means all valid).
static inline bool cduckdb_row_is_valid(const uint64_t *_Nullable validity, idx_t row) {
    if (!validity) return true;
    return (validity[row >> 6] >> (row & 63)) & 1;
}

/// Length of a chunk string.
static inline uint32_t cduckdb_string_length(const duckdb_string_t *_Nonnull s) {
    return s->value.inlined.length;
}

/// Bytes of a chunk string (inlined when length <= 12).
static inline const char *_Nonnull cduckdb_string_data(const duckdb_string_t *_Nonnull s) {
    return s->value.inlined.length <= 12 ? s->value.inlined.inlined : s->value.pointer.ptr;
}

#ifdef __cplusplus
}
#endif

#pragma clang diagnostic pop
