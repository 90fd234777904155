/* fast_cache.c: tables of geometric laws kept across runners.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 *
 * A law's table depends only on its daily probability (through
 * log(1 - p)) and the horizon, and the points of a sweep share most of
 * their laws: a runner that takes its tables from a cache builds each one
 * once per thread instead of once per point. An open-addressing hash table
 * keyed by the bits of log(1 - p) and the horizon. */
#include "fast_cache.h"

#include <stdlib.h>
#include <string.h>

#define NEG_LAW_CACHE_SLOTS 64  /* first size of the hash table (a power of 2) */

typedef struct {
  uint64_t bits;         /* of lnq */
  int horizon;
  int used;
  neg_law_tables t;
} neg_law_entry;

struct neg_law_cache {
  neg_law_entry *slot;
  size_t n_slots, n_used;  /* n_slots a power of 2, at least twice n_used */
  size_t bytes;            /* of the tables */
  size_t budget;           /* see neg_law_cache_trim */
};

neg_law_cache *neg_law_cache_alloc(size_t bytes)
{
  neg_law_cache *c = calloc(1, sizeof *c);
  if (c && !(c->slot = calloc(NEG_LAW_CACHE_SLOTS, sizeof *c->slot))) {
    free(c);
    return NULL;
  }
  if (c) {
    c->n_slots = NEG_LAW_CACHE_SLOTS;
    c->budget = bytes;
  }
  return c;
}

/* Frees the tables of c's entries and marks every slot free. */
static void law_cache_clear(neg_law_cache *c)
{
  for (size_t i = 0; i < c->n_slots; i++)
    if (c->slot[i].used) {
      free(c->slot[i].t.w);
      free(c->slot[i].t.cell);
    }
  memset(c->slot, 0, c->n_slots * sizeof *c->slot);
  c->n_used = 0;
  c->bytes = 0;
}

void neg_law_cache_free(neg_law_cache *c)
{
  if (!c) return;
  law_cache_clear(c);
  free(c->slot);
  free(c);
}

void neg_law_cache_trim(neg_law_cache *c)
{
  if (c->bytes > c->budget) law_cache_clear(c);
}

static uint64_t law_bits(double lnq)
{
  uint64_t b;
  memcpy(&b, &lnq, sizeof b);
  return b;
}

/* The slot of (bits, horizon) in c: its entry, or the free slot where it
 * goes. */
static neg_law_entry *law_slot(const neg_law_cache *c, uint64_t bits, int horizon)
{
  uint64_t h = (bits ^ (uint64_t)(unsigned)horizon) * 0x9e3779b97f4a7c15ULL;
  size_t i = (size_t)(h >> 32) & (c->n_slots - 1);
  while (c->slot[i].used && (c->slot[i].bits != bits || c->slot[i].horizon != horizon))
    i = (i + 1) & (c->n_slots - 1);
  return &c->slot[i];
}

const neg_law_tables *neg_law_cache_find(const neg_law_cache *c, double lnq, int horizon)
{
  const neg_law_entry *e = law_slot(c, law_bits(lnq), horizon);
  return e->used ? &e->t : NULL;
}

/* Doubles c's table. 0, or -1 when out of memory. */
static int law_cache_grow(neg_law_cache *c)
{
  neg_law_cache old = *c;
  if (!(c->slot = calloc(2 * old.n_slots, sizeof *c->slot))) {
    c->slot = old.slot;
    return -1;
  }
  c->n_slots = 2 * old.n_slots;
  for (size_t i = 0; i < old.n_slots; i++)
    if (old.slot[i].used) *law_slot(c, old.slot[i].bits, old.slot[i].horizon) = old.slot[i];
  free(old.slot);
  return 0;
}

const neg_law_tables *neg_law_cache_add(neg_law_cache *c, double lnq, int horizon, int64_t *w,
                                        size_t n, uint16_t *cell, size_t cells)
{
  neg_law_entry *e;
  if (2 * (c->n_used + 1) > c->n_slots && law_cache_grow(c)) {
    free(w);
    free(cell);
    return NULL;
  }
  e = law_slot(c, law_bits(lnq), horizon);
  e->bits = law_bits(lnq);
  e->horizon = horizon;
  e->used = 1;
  e->t.w = w;
  e->t.cell = cell;
  c->n_used++;
  c->bytes += n * sizeof *w + cells * sizeof *cell;
  return &e->t;
}
