/* sensitivity.c: the Saltelli design over a scenario's uncertain
 * parameters, its points run with common random numbers, and the Sobol
 * indices of each outcome probability.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "neg_sensitivity.h"

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "neg_engine.h"
#include "neg_rng.h"
#include "neg_tally.h"
#include "neg_uncertain.h"

/* Key of the stream that samples row j of the design (replicate j). */
#define NEG_SENS_STREAM NEG_RNG_KEY_MAX

neg_sens *neg_sens_alloc(const neg_scenario *base, size_t n, uint64_t runs, uint64_t seed)
{
  neg_sens *s = calloc(1, sizeof *s);
  neg_rng *r = neg_rng_alloc();
  size_t k = base->n_uncertain > 0 ? (size_t)base->n_uncertain : 0;
  if (!s || !r || k == 0 || n < 2) goto fail;
  s->k = k;
  s->n = n;
  s->n_points = n * (k + 2);
  s->runs = runs;
  s->seed = seed;
  memcpy(s->dist, base->uncertain, k * sizeof s->dist[0]);
  s->xa = malloc(n * k * sizeof *s->xa);
  s->xb = malloc(n * k * sizeof *s->xb);
  s->counts = calloc(s->n_points * NEG_OUT_COUNT, sizeof *s->counts);
  if (!s->xa || !s->xb || !s->counts) goto fail;
  for (size_t j = 0; j < n; j++) {   /* row j: k uniforms for A, then k for B */
    neg_draws *d;
    neg_rng_set(r, seed, j);
    d = neg_rng_draws(r, NEG_STREAM_PARAMS, NEG_SENS_STREAM);
    for (size_t i = 0; i < k; i++) s->xa[j * k + i] = neg_uncertain_quantile(&s->dist[i], neg_draws_open(d));
    for (size_t i = 0; i < k; i++) s->xb[j * k + i] = neg_uncertain_quantile(&s->dist[i], neg_draws_open(d));
  }
  neg_rng_free(r);
  return s;
fail:
  neg_rng_free(r);
  neg_sens_free(s);
  return NULL;
}

void neg_sens_free(neg_sens *s)
{
  if (!s) return;
  free(s->xa);
  free(s->xb);
  free(s->counts);
  free(s);
}

void neg_sens_point(const neg_sens *s, size_t p, double *x)
{
  size_t j = p % s->n, block = p / s->n;
  const double *a = &s->xa[j * s->k], *b = &s->xb[j * s->k];
  memcpy(x, block == 1 ? b : a, s->k * sizeof *x);
  if (block >= 2) x[block - 2] = b[block - 2];
}

/* Runs point p into s->counts with the buffers and workspace ws of one
 * thread. */
static int eval_point(neg_sens *s, const neg_point_spec *spec, size_t p, neg_scenario *sc,
                      char (*sets)[NEG_VARY_MAX], const char **ptr, double *x,
                      neg_workspace *ws, neg_error *err)
{
  neg_tally *t;
  int rc;
  neg_sens_point(s, p, x);
  for (size_t i = 0; i < s->k; i++) {
    snprintf(sets[i], NEG_VARY_MAX, "%s=%.17g", s->dist[i].key, x[i]);
    ptr[i] = sets[i];
  }
  if ((rc = neg_point_load(spec, ptr, s->k, sc, err)) != NEG_OK) return rc;
  if (!(t = neg_tally_alloc(sc))) return NEG_ESYS;
  rc = neg_engine_run_in(ws, sc, s->seed, 0, s->runs, t, NULL);
  memcpy(&s->counts[p * NEG_OUT_COUNT], t->outcome, sizeof t->outcome);
  neg_tally_free(t);
  return rc;
}

int neg_sens_eval(neg_sens *s, const neg_point_spec *spec, size_t p0, size_t p1, int threads,
                  neg_error *err)
{
  int rc = NEG_OK, stop = 0;
  if (threads <= 0) threads = omp_get_num_procs();
  if ((size_t)threads > p1 - p0) threads = p1 > p0 ? (int)(p1 - p0) : 1;
#pragma omp parallel num_threads(threads)
  {
    neg_scenario *sc = malloc(sizeof *sc);
    char (*sets)[NEG_VARY_MAX] = malloc(s->k * sizeof *sets);
    const char **ptr = malloc(s->k * sizeof *ptr);
    double *x = malloc(s->k * sizeof *x);
    neg_point_spec one = *spec;   /* with the thread's own parse of the file */
    neg_workspace *ws = neg_workspace_alloc(NEG_LAW_CACHE_BYTES);
    neg_error e;
    int mine;
    memset(&e, 0, sizeof e);
    mine = sc && sets && ptr && x && ws ? neg_source_open(spec->path, &one.src, &e) : NEG_ESYS;
#pragma omp for schedule(dynamic, 1)
    for (size_t p = p0; p < p1; p++) {
      int failed;
#pragma omp atomic read
      failed = stop;
      if (failed || mine) continue;
      if ((mine = eval_point(s, &one, p, sc, sets, ptr, x, ws, &e)) != NEG_OK) {
#pragma omp atomic write
        stop = 1;
      }
    }
#pragma omp critical(neg_sens_error)
    if (mine != NEG_OK && rc == NEG_OK) {
      rc = mine;
      *err = e;
    }
    neg_source_free(one.src);
    neg_workspace_free(ws);
    free(sc);
    free(sets);
    free(ptr);
    free(x);
  }
  return rc;
}

/* The probabilities of outcome o at the points [first, first + n). */
static void probabilities(const neg_sens *s, int o, size_t first, double *f)
{
  for (size_t j = 0; j < s->n; j++)
    f[j] = (double)s->counts[(first + j) * NEG_OUT_COUNT + o] / (double)s->runs;
}

/* Mean, noise and percentiles of outcome o over the 2n points of A and B
 * (f: their probabilities, sorted here). */
static void spread(neg_sens *s, int o, double *f)
{
  size_t m = 2 * s->n;
  double noise = 0.0;
  for (size_t j = 0; j < m; j++)
    noise += s->runs > 1 ? f[j] * (1.0 - f[j]) / (double)(s->runs - 1) : 0.0;
  s->mean[o] = gsl_stats_mean(f, 1, m);
  s->noise[o] = noise / (double)m;
  gsl_sort(f, 1, m);
  s->q_lo[o] = gsl_stats_quantile_from_sorted_data(f, 1, m, 0.025);
  s->q_mid[o] = gsl_stats_quantile_from_sorted_data(f, 1, m, 0.5);
  s->q_hi[o] = gsl_stats_quantile_from_sorted_data(f, 1, m, 0.975);
}

int neg_sens_estimate(neg_sens *s)
{
  size_t n = s->n, k = s->k;
  double *fab = malloc(n * (k + 2) * sizeof *fab);
  gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
  int rc = fab && g ? NEG_OK : NEG_ESYS;
  if (g) gsl_rng_set(g, (unsigned long)s->seed);
  for (int o = 0; rc == NEG_OK && o < NEG_OUT_COUNT; o++) {
    double *fa = fab + n * k, *fb = fa + n;
    for (size_t i = 0; i < k; i++) probabilities(s, o, (2 + i) * n, fab + i * n);
    probabilities(s, o, 0, fa);
    probabilities(s, o, n, fb);
    if (neg_sobol_estimate(n, k, fa, fb, fab, NEG_SENS_BOOT, NEG_SENS_LEVEL, g, s->index[o],
                           &s->variance[o]))
      rc = NEG_ESYS;
    else
      spread(s, o, fa);   /* fa and fb are contiguous: the 2n points of A and B */
  }
  gsl_rng_free(g);
  free(fab);
  return rc;
}
