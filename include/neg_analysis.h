/* neg_analysis.h: the analyses built on runs of points: sweeps over a grid
 * and paired comparisons, all with common random numbers.
 *
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 *
 * Every analysis runs points the same way: a scenario file, the user's
 * --set overrides, then the point's own overrides, loaded and validated by
 * the scenario module and run by the engine with one seed, so replicate i
 * sees the same random streams at every point. Nothing here prints or
 * writes files.
 */
#ifndef NEG_ANALYSIS_H
#define NEG_ANALYSIS_H

#include <stddef.h>
#include <stdint.h>
#include "neg_engine.h"
#include "neg_scenario.h"
#include "neg_tally.h"

#define NEG_GRID_MAX_VALUES 1000    /* values of one axis */
#define NEG_GRID_MAX_POINTS 1000000 /* points of a grid */
#define NEG_VALUE_MAX 64            /* longest value text, with its NUL */

/* One axis of a grid: a setting and the values it takes, as text. */
typedef struct {
  char key[256];
  size_t n;
  char (*values)[NEG_VALUE_MAX];
} neg_axis;

/* The full factorial of its axes; the last axis varies fastest. */
typedef struct {
  size_t n_axes;
  neg_axis axes[NEG_MAX_VARY];
  size_t n_points;
} neg_grid;

/* How to run each point. */
typedef struct {
  const char *path;              /* scenario file */
  const char *const *sets;       /* the user's overrides, before the point's */
  size_t nsets;
  uint64_t runs;                 /* 0: the scenario's run.runs */
  int has_seed;
  uint64_t seed;                 /* when has_seed, else the scenario's run.seed */
  int threads;
  double precision;              /* > 0: overrides run.precision (and runs
                                  * defaults to NEG_PRECISION_MAX_RUNS) */
  neg_source *src;               /* path parsed once (neg_source_open), or
                                  * NULL: each load reads path */
} neg_point_spec;

/* Parses the axes "key=from:to:steps" or "key=v1,v2,..." (flag names the
 * option or setting they came from, for errors). NULL with err on bad input. */
neg_grid *neg_grid_alloc(const char *const *specs, size_t n, const char *flag,
                         neg_error *err);
void neg_grid_free(neg_grid *g);

/* Writes the overrides "key=value" of point p, one per axis, into sets. */
void neg_grid_point(const neg_grid *g, size_t p, char sets[][NEG_VARY_MAX]);

/* Loads the scenario of the spec with extra overrides (validated), and
 * applies the spec's runs and seed to it (s NULL: only validates). NEG_OK
 * or NEG_EINPUT with err. */
int neg_point_load(const neg_point_spec *spec, const char *const *extra, size_t nextra,
                   neg_scenario *s, neg_error *err);

/* Loads point p of grid g (validated). NEG_OK or NEG_EINPUT with err. */
int neg_sweep_load(const neg_point_spec *spec, const neg_grid *g, size_t p,
                   neg_scenario *s, neg_error *err);

/* Running one point in batches: s->runs replicates, or with precision > 0
 * batches of NEG_PRECISION_BATCH replicates (fixed boundaries, so the
 * answer does not depend on the thread count) until every outcome's 95%
 * interval half-width is at most precision, s->runs at the most. */
#define NEG_PRECISION_BATCH 10000
#define NEG_PRECISION_MAX_RUNS 1000000000ULL
typedef struct {
  const neg_scenario *s;
  int threads;
  double precision;
  neg_tally *t;      /* where the replicates are tallied */
  uint64_t done;     /* replicates run so far */
  int local;         /* 1: in this process alone (neg_engine_run); 0 (what
                      * neg_point_begin sets): shared out between the
                      * processes (neg_dist_run) */
  neg_workspace *ws; /* NULL (what neg_point_begin sets), or the workspace
                      * of a run at one thread in this process
                      * (neg_engine_run_in) */
} neg_point_iter;

/* Starts running s into t (which the caller allocated and reset). */
void neg_point_begin(neg_point_iter *it, const neg_scenario *s, int threads, neg_tally *t);

/* Runs the next batch of at most max replicates (max >= NEG_PRECISION_BATCH),
 * storing their records when records is not NULL. Returns the number run, 0
 * once the point is finished, or -1 when out of memory. */
int64_t neg_point_next(neg_point_iter *it, neg_record *records, uint64_t max);

/* 1 when every outcome's Wilson 95% half-width in t is at most precision. */
int neg_precision_met(const neg_tally *t, double precision);

/* What one point of a sweep ended with. */
typedef struct {
  uint64_t runs;
  uint64_t count[NEG_OUT_COUNT];
  uint64_t days[NEG_OUT_COUNT];   /* sum of the days the outcome ended on */
} neg_point_result;

/* Outcome counts of every replicate of two scenarios run with the same
 * streams: joint[a][b] replicates ended in a under A and b under B. */
typedef struct {
  uint64_t runs;
  uint64_t joint[NEG_OUT_COUNT][NEG_OUT_COUNT];
} neg_pair_tally;

/* Runs scenarios a and b replicate by replicate with seed, tallying both
 * and their joint outcomes. NEG_OK or NEG_ESYS (out of memory). */
int neg_compare_run(const neg_scenario *a, const neg_scenario *b, uint64_t seed,
                    uint64_t runs, int threads, neg_tally *ta, neg_tally *tb,
                    neg_pair_tally *pt);

/* 1 when every outcome's paired 95% interval of p_b - p_a in pt has a
 * half-width of at most precision. */
int neg_pair_precision_met(const neg_pair_tally *pt, double precision);

/* neg_compare_run, or with precision > 0 in batches of NEG_PRECISION_BATCH
 * pairs (fixed boundaries, so the result does not depend on threads) until
 * neg_pair_precision_met, runs at the most. */
int neg_compare_run_precise(const neg_scenario *a, const neg_scenario *b, uint64_t seed,
                            uint64_t runs, double precision, int threads, neg_tally *ta,
                            neg_tally *tb, neg_pair_tally *pt);

#endif
