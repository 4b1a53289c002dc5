// Run-time loader for DuckDB: dlopen the library, dlsym every function once.
#include "cduckdb.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

bool cduckdb_load(const char *library_path, const char *preload_path,
                  cduckdb_api *out, char *error, size_t error_length) {
    if (preload_path && preload_path[0]) {
        // The wheel's module leaves CPython symbols undefined; a global libpython satisfies them.
        if (!dlopen(preload_path, RTLD_NOW | RTLD_GLOBAL)) {
            snprintf(error, error_length, "could not load %s (needed by the DuckDB module): %s",
                     preload_path, dlerror());
            return false;
        }
    }
    void *handle = dlopen(library_path, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        snprintf(error, error_length, "could not load DuckDB from %s: %s", library_path, dlerror());
        return false;
    }
    cduckdb_api table;
    memset(&table, 0, sizeof table);
#define CDUCKDB_RESOLVE(ret, name, ...)                                                        \
    {                                                                                          \
        void *symbol = dlsym(handle, "duckdb_" #name);                                         \
        if (!symbol) {                                                                         \
            snprintf(error, error_length, "%s has no symbol duckdb_" #name                     \
                     " (it is not a DuckDB library, or too old: sharp needs DuckDB >= 1.1)",   \
                     library_path);                                                            \
            dlclose(handle);                                                                   \
            return false;                                                                      \
        }                                                                                      \
        memcpy(&table.name, &symbol, sizeof symbol);                                           \
    }
    CDUCKDB_FUNCTIONS(CDUCKDB_RESOLVE)
#undef CDUCKDB_RESOLVE
    *out = table;
    return true;
}
