/* fast_law.c: geometric waiting times of the event-driven runner, by
 * tables of thresholds (fast_geom in fast_impl.h reads them), and the laws
 * of each belligerent's breach layers.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "fast_impl.h"

#include <stdlib.h>

/* Fills the table of fast_ln_word. */
void neg_fast_ln_init(neg_fast *f)
{
  for (int j = 0; j < FAST_LN_CELLS; j++) {
    double c = 1.0 + (j + 0.5) / FAST_LN_CELLS;
    f->ln_c[j] = log(c);
    f->ln_inv[j] = 1.0 / c;
  }
}

/* Fills l's cells from its thresholds. K of a word u is the number of
 * thresholds w[k + 1] >= u (k = 1..horizon + 1; the thresholds fall as k
 * rises), so K of a cell's first word counts the thresholds in it and in
 * the cells above, and K of its last word those above and the one equal to
 * that word: a count of thresholds per cell, summed from the top cell
 * down, gives both (no search, so no branch that depends on the law). */
static void fast_law_cells(const neg_fast *f, const int64_t *wk, uint16_t *cell)
{
  enum { CELLS = 1 << FAST_CELL_BITS, SHIFT = 32 - FAST_CELL_BITS };
  const int64_t last = ((int64_t)1 << SHIFT) - 1;  /* the offset of a cell's last word */
  int32_t in[CELLS] = {0}, at_last[CELLS] = {0}, above = 0;
  for (int k = 1; k <= f->horizon + 1; k++) {
    const int64_t w = wk[k + 1];
    if (w < 0) break;
    in[w >> SHIFT]++;
    at_last[w >> SHIFT] += (w & last) == last;
  }
  for (int c = CELLS - 1; c >= 0; c--) {
    const int32_t k_last = above + at_last[c], k_first = above + in[c];
    const int32_t mixed = (k_first - k_last > 1) | (k_first >= FAST_CELL_MIXED);
    cell[c] = (uint16_t)(k_last | -mixed);  /* FAST_CELL_MIXED (all ones) when mixed */
    above = k_first;
  }
}

/* Builds the tables of the law of log(1 - p) = lnq (see fast_law) into
 * f's cache and returns them, or NULL when out of memory. */
static const neg_law_tables *fast_law_build(neg_fast *f, double lnq)
{
  const size_t n = (size_t)f->horizon + 4, cells = (size_t)1 << FAST_CELL_BITS;
  int64_t *w = malloc(n * sizeof *w);
  uint16_t *cell = malloc(cells * sizeof *cell);
  if (!w || !cell) {
    free(w);
    free(cell);
    return NULL;
  }
  w[0] = INT64_MAX;
  for (size_t k = 0; k + 2 < n; k++) {
    double t = k == 0 ? 1.0 : exp((double)k * lnq);  /* (1 - p)^k */
    w[k + 1] = (int64_t)floor(t * 4294967296.0 - 0.5);
  }
  w[n - 1] = -1;
  fast_law_cells(f, w, cell);
  return neg_law_cache_add(f->cache, lnq, f->horizon, w, n, cell, cells);
}

/* Gives l the tables of its law when f->tabulate, for k = -1..horizon + 2,
 * from f's cache (built once); leaves l->w NULL (fast_geom then takes
 * logarithms) when p is 0 or too small for the accuracy of fast_ln_word,
 * or when out of memory. */
static void fast_law_table(neg_fast *f, fast_law *l)
{
  const double lnq = 1.0 / l->ilg;  /* log(1 - p): -inf when p = 1 */
  const neg_law_tables *t;
  if (!f->tabulate || !(fabs(l->ilg) < FAST_LAW_ILG_MAX)) return;
  if (!(t = neg_law_cache_find(f->cache, lnq, f->horizon))) t = fast_law_build(f, lnq);
  if (!t) return;
  l->w = t->w;
  l->cell = t->cell;
}

/* Sets l to the law of daily probability 1 - exp(lnq), lnq = log(1 - p),
 * with its table when f->tabulate. */
void neg_fast_law_set(neg_fast *f, fast_law *l, double lnq)
{
  fast_law_clear(l);
  l->ilg = lnq < 0.0 ? 1.0 / lnq : -INFINITY;
  fast_law_table(f, l);
}

/* log(1 - p(a)), p(a) k's breach probability with a attributed breaches in
 * its window, by the reference's own formula (neg_breach_prob), kept once
 * computed. */
static double fast_lq(neg_fast *f, int k, int a)
{
  fast_bell *c = &f->bell[k];
  if (isnan(c->lq[a])) {
    f->scratch->pressure[c->party] = f->w.pressure[c->party];
    f->scratch->window_sum[c->party] = a;
    c->lq[a] = log1p(-neg_breach_prob(f->s, f->scratch, c->party));
  }
  return c->lq[a];
}

/* The law of layer a of k's breaches, computed and kept (see
 * fast_layer). Layer 0 fires with probability p(0) a day, layer a > 0
 * with r_a, where 1 - r_a = (1 - p(a)) / (1 - p(a - 1)), so that while the
 * window holds A, layers 0..A running, no layer fires with probability
 * 1 - p(A). A layer above one that fires every day never fires. */
const fast_law *neg_fast_layer_new(neg_fast *f, int k, int a)
{
  fast_bell *c = &f->bell[k];
  double lo = a ? fast_lq(f, k, a - 1) : 0.0, l = fast_lq(f, k, a);
  double diff = lo == -INFINITY ? 0.0 : l - lo;  /* layer a - 1 fires every day */
  neg_fast_law_set(f, &c->layer[a], diff < 0.0 ? diff : 0.0);
  return &c->layer[a];
}

/* A runner of the law alone (neg_fast.h). */
int neg_fast_waiting(double p, int horizon, int start, const uint32_t *u, int *days, size_t n,
                     int tabulated)
{
  neg_fast *f = calloc(1, sizeof *f);
  int rc = 0;
  if (!f) return -1;
  f->horizon = horizon;
  f->never = horizon + 1;
  f->tabulate = tabulated;
  neg_fast_ln_init(f);
  if (!(f->cache = neg_law_cache_alloc(SIZE_MAX))) rc = -1;
  if (rc == 0) neg_fast_law_set(f, &f->maritime, log1p(-p));
  if (tabulated && !f->maritime.w && p > 0.0) rc = -1;
  for (size_t i = 0; rc == 0 && i < n; i++) {
    neg_draws g = {{0}, {0}, {u[i], 0, 0, 0}, 1};  /* one word left: u[i] */
    days[i] = fast_geom(f, &g, start, &f->maritime);
  }
  neg_law_cache_free(f->cache);
  free(f);
  return rc;
}
