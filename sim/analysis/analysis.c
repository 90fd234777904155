/* analysis.c: grids of points, loading a point, paired runs.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "neg_analysis.h"

#include <errno.h>
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "neg_dist.h"
#include "neg_engine.h"
#include "neg_stats.h"

#define NEG_AHEAD_MAX 64 /* batches of a point run side by side (point_ahead) */

#define NEG_PAIR_BATCH 65536   /* replicates per batch of a paired run */

/* Parses "from:to:steps" into steps evenly spaced values; 0, -1, or -2
 * when finite ends are too far apart for their difference to be a double. */
static int axis_range(neg_axis *a, const char *spec)
{
  char *end;
  double from, to;
  unsigned long steps;
  errno = 0;
  from = strtod(spec, &end);
  if (end == spec || *end != ':') return -1;
  to = strtod(spec = end + 1, &end);
  if (end == spec || *end != ':') return -1;
  spec = end + 1;
  if (*spec < '0' || *spec > '9') return -1;
  steps = strtoul(spec, &end, 10);
  if (*end || errno || steps < 2 || steps > NEG_GRID_MAX_VALUES) return -1;
  if (isfinite(from) && isfinite(to) && !isfinite(to - from)) return -2;
  if (!(a->values = calloc(steps, sizeof *a->values))) return -1;
  a->n = steps;
  for (size_t k = 0; k < steps; k++) {
    double x = k + 1 == steps ? to : from + (to - from) * (double)k / (double)(steps - 1);
    snprintf(a->values[k], NEG_VALUE_MAX, "%.12g", x); /* 0.1, not 0.09999999999999999 */
  }
  return 0;
}

/* Parses "v1,v2,..." into its values; 0 or -1. */
static int axis_list(neg_axis *a, const char *spec)
{
  size_t n = 1;
  for (const char *c = spec; *c; c++) n += *c == ',';
  if (n > NEG_GRID_MAX_VALUES || !(a->values = calloc(n, sizeof *a->values))) return -1;
  for (a->n = 0; a->n < n; a->n++) {
    size_t len = strcspn(spec, ",");
    if (len == 0 || len >= NEG_VALUE_MAX) return -1;
    memcpy(a->values[a->n], spec, len);
    spec += len + (spec[len] == ',');
  }
  return 0;
}

/* Parses one axis "key=spec". NEG_OK or NEG_EINPUT with err. */
static int axis_parse(neg_axis *a, const char *text, const char *flag, neg_error *err)
{
  const char *eq = strchr(text, '=');
  size_t klen = eq ? (size_t)(eq - text) : 0;
  int rc;
  if (!eq || klen == 0 || klen >= sizeof a->key || !eq[1])
    return neg_error_set(err, flag, 0, "", "malformed '%.200s', expected key=from:to:steps "
                         "or key=v1,v2,...", text);
  memcpy(a->key, text, klen);
  a->key[klen] = '\0';
  rc = strchr(eq + 1, ':') ? axis_range(a, eq + 1) : axis_list(a, eq + 1);
  if (rc == -2)
    return neg_error_set(err, flag, 0, a->key, "values '%.200s': the ends are too far apart "
                         "for the steps between them to be computed; give a narrower range",
                         eq + 1);
  if (rc)
    return neg_error_set(err, flag, 0, a->key, "malformed values '%.200s': expected "
                         "from:to:steps (2 to %d steps) or a list v1,v2,... of values of at "
                         "most %d characters", eq + 1, NEG_GRID_MAX_VALUES, NEG_VALUE_MAX - 1);
  return NEG_OK;
}

neg_grid *neg_grid_alloc(const char *const *specs, size_t n, const char *flag,
                         neg_error *err)
{
  neg_grid *g = calloc(1, sizeof *g);
  if (!g) {
    neg_error_set(err, flag, 0, "", "out of memory");
    return NULL;
  }
  if (n == 0 || n > NEG_MAX_VARY) {
    neg_error_set(err, flag, 0, "", "a sweep needs 1 to %d axes (--vary or sweep.vary), got %zu",
                  NEG_MAX_VARY, n);
    neg_grid_free(g);
    return NULL;
  }
  g->n_points = 1;
  for (g->n_axes = 0; g->n_axes < n; g->n_axes++) {
    neg_axis *a = &g->axes[g->n_axes];
    int dup = 0;
    if (axis_parse(a, specs[g->n_axes], flag, err) == NEG_OK) {
      for (size_t k = 0; k < g->n_axes; k++) dup |= !strcmp(g->axes[k].key, a->key);
      g->n_points *= a->n;
      if (!dup && g->n_points <= NEG_GRID_MAX_POINTS) continue;
      neg_error_set(err, flag, 0, a->key, dup ? "varied twice" :
                    "the grid has more than %d points", NEG_GRID_MAX_POINTS);
    }
    neg_grid_free(g);
    return NULL;
  }
  return g;
}

void neg_grid_free(neg_grid *g)
{
  if (!g) return;
  for (size_t k = 0; k < NEG_MAX_VARY; k++) free(g->axes[k].values);
  free(g);
}

void neg_grid_point(const neg_grid *g, size_t p, char sets[][NEG_VARY_MAX])
{
  for (size_t k = g->n_axes; k-- > 0;) {
    const neg_axis *a = &g->axes[k];
    const char *v = a->values[p % a->n];
    size_t kl = strlen(a->key), vl = strlen(v);  /* both short: they fit */
    memcpy(sets[k], a->key, kl);
    sets[k][kl] = '=';
    memcpy(sets[k] + kl + 1, v, vl + 1);
    p /= a->n;
  }
}

int neg_point_load(const neg_point_spec *spec, const char *const *extra, size_t nextra,
                   neg_scenario *s, neg_error *err)
{
  size_t n = spec->nsets + nextra;
  const char **all = malloc((n ? n : 1) * sizeof *all);
  int rc;
  if (!all) return neg_error_set(err, spec->path, 0, "", "out of memory");
  for (size_t k = 0; k < spec->nsets; k++) all[k] = spec->sets[k];
  for (size_t k = 0; k < nextra; k++) all[spec->nsets + k] = extra[k];
  rc = spec->src ? neg_source_load(spec->src, all, n, s, err)
                 : neg_scenario_load(spec->path, all, n, s, err);
  free(all);
  if (rc != NEG_OK || !s) return rc;
  if (spec->precision > 0) {
    s->precision = spec->precision;
    s->runs = NEG_PRECISION_MAX_RUNS;
  }
  if (spec->runs) s->runs = spec->runs;
  if (spec->has_seed) s->seed = spec->seed;
  return NEG_OK;
}

int neg_sweep_load(const neg_point_spec *spec, const neg_grid *g, size_t p,
                   neg_scenario *s, neg_error *err)
{
  char sets[NEG_MAX_VARY][NEG_VARY_MAX];
  const char *ptr[NEG_MAX_VARY];
  neg_grid_point(g, p, sets);
  for (size_t k = 0; k < g->n_axes; k++) ptr[k] = sets[k];
  return neg_point_load(spec, ptr, g->n_axes, s, err);
}

/* Adds replicates first0 to first0 + runs - 1 of a and b, paired, to ta,
 * tb and pt. */
static int compare_range(const neg_scenario *a, const neg_scenario *b, uint64_t seed,
                         uint64_t first0, uint64_t runs, int threads, neg_tally *ta,
                         neg_tally *tb, neg_pair_tally *pt)
{
  neg_record *ra = malloc(NEG_PAIR_BATCH * sizeof *ra);
  neg_record *rb = malloc(NEG_PAIR_BATCH * sizeof *rb);
  int rc = ra && rb ? NEG_OK : NEG_ESYS;
  for (uint64_t first = first0; rc == NEG_OK && first < first0 + runs; first += NEG_PAIR_BATCH) {
    uint64_t n = first0 + runs - first < NEG_PAIR_BATCH ? first0 + runs - first : NEG_PAIR_BATCH;
    rc = neg_dist_run(a, seed, first, n, threads, ta, ra);
    if (rc == NEG_OK) rc = neg_dist_run(b, seed, first, n, threads, tb, rb);
    for (uint64_t i = 0; rc == NEG_OK && i < n; i++)
      pt->joint[ra[i].outcome][rb[i].outcome]++;
    pt->runs += rc == NEG_OK ? n : 0;
  }
  free(ra);
  free(rb);
  return rc;
}

int neg_compare_run(const neg_scenario *a, const neg_scenario *b, uint64_t seed,
                    uint64_t runs, int threads, neg_tally *ta, neg_tally *tb,
                    neg_pair_tally *pt)
{
  memset(pt, 0, sizeof *pt);
  return compare_range(a, b, seed, 0, runs, threads, ta, tb, pt);
}

int neg_pair_precision_met(const neg_pair_tally *pt, double precision)
{
  for (int o = 0; o < NEG_OUT_COUNT; o++) {
    uint64_t only_a = 0, only_b = 0;
    double d, lo, hi;
    for (int x = 0; x < NEG_OUT_COUNT; x++) {
      only_a += x != o ? pt->joint[o][x] : 0;
      only_b += x != o ? pt->joint[x][o] : 0;
    }
    neg_stats_paired(pt->runs, only_a, only_b, 0.95, &d, &lo, &hi);
    if (!((hi - lo) / 2.0 <= precision)) return 0;
  }
  return 1;
}

int neg_compare_run_precise(const neg_scenario *a, const neg_scenario *b, uint64_t seed,
                            uint64_t runs, double precision, int threads, neg_tally *ta,
                            neg_tally *tb, neg_pair_tally *pt)
{
  int rc = NEG_OK;
  if (precision <= 0) return neg_compare_run(a, b, seed, runs, threads, ta, tb, pt);
  memset(pt, 0, sizeof *pt);
  for (uint64_t first = 0, n; rc == NEG_OK && first < runs; first += n) {
    if (first > 0 && neg_pair_precision_met(pt, precision)) break;
    n = runs - first < NEG_PRECISION_BATCH ? runs - first : NEG_PRECISION_BATCH;
    rc = compare_range(a, b, seed, first, n, threads, ta, tb, pt);
  }
  return rc;
}

void neg_point_begin(neg_point_iter *it, const neg_scenario *s, int threads, neg_tally *t)
{
  it->s = s;
  it->threads = threads;
  it->precision = s->precision;
  it->t = t;
  it->done = 0;
  it->local = 0;
  it->ws = NULL;
}

int neg_precision_met(const neg_tally *t, double precision)
{
  for (int o = 0; o < NEG_OUT_COUNT; o++) {
    double lo, hi;
    neg_stats_wilson(t->outcome[o], t->runs, 0.95, &lo, &hi);
    if ((hi - lo) / 2.0 > precision) return 0;
  }
  return 1;
}

/* The threads that may run batches of a point stopped by precision side
 * by side: one batch of NEG_PRECISION_BATCH replicates is 3 blocks, which
 * would keep at most 3 threads busy. Not under MPI (each batch is shared
 * out between the processes) nor with records (kept in order). */
static int point_ahead(const neg_point_iter *it, const neg_record *records)
{
  int n = it->threads > 0 ? it->threads : omp_get_num_procs();
  return it->precision > 0 && !records && (it->local || neg_dist_size() == 1) && n > 1 ? n : 1;
}

/* Runs k batches from it->done side by side, one thread each, each into
 * its own tally, then adds them to it->t in order until the precision is
 * met: the batches after that are dropped, so the result is that of
 * running them one at a time. Returns the replicates added, or -1. */
static int64_t point_batches(neg_point_iter *it, int k)
{
  neg_tally *t[NEG_AHEAD_MAX] = {NULL};
  uint64_t n[NEG_AHEAD_MAX], at = it->done, added = 0;
  int rc = NEG_OK, b;
  for (b = 0; b < k && at < it->s->runs; b++) {
    n[b] = it->s->runs - at < NEG_PRECISION_BATCH ? it->s->runs - at : NEG_PRECISION_BATCH;
    at += n[b];
    if (!(t[b] = neg_tally_alloc(it->s))) rc = NEG_ESYS;
  }
  k = b;
#pragma omp parallel for num_threads(k) schedule(static, 1) reduction(| : rc)
  for (b = 0; b < k; b++)
    if (t[b]) rc |= neg_engine_run(it->s, it->s->seed, it->done + (uint64_t)b * NEG_PRECISION_BATCH,
                                   n[b], 1, t[b], NULL);
  for (b = 0; rc == NEG_OK && b < k; b++) {
    rc = neg_tally_merge(it->t, t[b]);
    added += n[b];
    if (neg_precision_met(it->t, it->precision)) break;
  }
  for (b = 0; b < k; b++) neg_tally_free(t[b]);
  it->done += added;
  return rc == NEG_OK ? (int64_t)added : -1;
}

/* Runs the next n replicates of it: in this process alone at one thread
 * in its workspace, in this process alone, or shared out. */
static int point_run(neg_point_iter *it, uint64_t n, neg_record *records)
{
  const neg_scenario *s = it->s;
  const int alone = it->local || neg_dist_size() == 1;
  if (alone && it->ws && it->threads == 1)
    return neg_engine_run_in(it->ws, s, s->seed, it->done, n, it->t, records);
  if (it->local) return neg_engine_run(s, s->seed, it->done, n, it->threads, it->t, records);
  return neg_dist_run(s, s->seed, it->done, n, it->threads, it->t, records);
}

int64_t neg_point_next(neg_point_iter *it, neg_record *records, uint64_t max)
{
  uint64_t left = it->s->runs - it->done, n;
  int ahead = point_ahead(it, records);
  if (left == 0 || (it->precision > 0 && it->done > 0 && neg_precision_met(it->t, it->precision)))
    return 0;
  if (ahead > 1) return point_batches(it, ahead < NEG_AHEAD_MAX ? ahead : NEG_AHEAD_MAX);
  n = it->precision > 0 ? NEG_PRECISION_BATCH : max;
  if (n > left) n = left;
  if (point_run(it, n, records) != NEG_OK) return -1;
  it->done += n;
  return (int64_t)n;
}
