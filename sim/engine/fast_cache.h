/* fast_cache.h: the tables of geometric laws a neg_law_cache (neg_fast.h)
 * keeps, for fast.c.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#ifndef NEG_FAST_CACHE_H
#define NEG_FAST_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "neg_fast.h"

/* The tables of one law (fast_law in fast.c), owned by the cache. */
typedef struct {
  int64_t *w;
  uint16_t *cell;
} neg_law_tables;

/* The tables of the law of log(1 - p) = lnq over `horizon` days, or NULL
 * when c holds none. */
const neg_law_tables *neg_law_cache_find(const neg_law_cache *c, double lnq, int horizon);

/* Adds the tables w (n words) and cell (cells entries) of lnq and horizon,
 * which c then owns. Returns them, or NULL when out of memory (w and cell
 * are then freed). */
const neg_law_tables *neg_law_cache_add(neg_law_cache *c, double lnq, int horizon, int64_t *w,
                                        size_t n, uint16_t *cell, size_t cells);

/* Empties c when its tables take more than its budget; only while no
 * runner uses them. */
void neg_law_cache_trim(neg_law_cache *c);

#endif
