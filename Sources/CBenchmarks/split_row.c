// The split row generator, mirrored by the Swift `SplitRows`.
#include "cbenchmarks.h"

#include <time.h>

static const char *const sources[] = {"VSIN", "SBD", "Pinnacle"};
static const char *const books[] = {"circa", "draftkings", "fanduel", "betmgm", "caesars", "south_point_casino"};
static const char *const markets[] = {"moneyline", "spread", "total"};
static const idx_t source_lengths[] = {4, 3, 8};
static const idx_t book_lengths[] = {5, 10, 7, 6, 7, 18};
static const idx_t market_lengths[] = {9, 6, 5};

void cbench_split_row_make(int64_t i, cbench_split_row *row) {
    row->id = i;
    row->game_id = 745000 + (i / 54) % 2430;
    row->source = sources[i % 3];
    row->source_length = source_lengths[i % 3];
    row->book = books[(i / 3) % 6];
    row->book_length = book_lengths[(i / 3) % 6];
    row->market = markets[(i / 18) % 3];
    row->market_length = market_lengths[(i / 18) % 3];
    row->bets_pct = (double)((i * 7919) % 1001) / 10.0;
    row->money_pct = (double)((i * 104729) % 1001) / 10.0;
    row->captured_at_micros = 1750118400000000LL + i * 1000000LL;
}

uint64_t cbench_now_ns(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)now.tv_sec * 1000000000ULL + (uint64_t)now.tv_nsec;
}
