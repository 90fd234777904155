/* neg_sensitivity.h: global sensitivity of the outcome probabilities to
 * the uncertain parameters of a scenario (negsim sensitivity).
 *
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 *
 * A Saltelli design: two samples A and B of n rows of the k uncertain
 * parameters (uniforms from Philox streams keyed by the seed, mapped
 * through each parameter's quantile function) and the k matrices AB_i: n
 * (k + 2) points. Each point is the scenario with every uncertain
 * parameter fixed at the point's values (loaded like a sweep point, with
 * "key=value" overrides) and is run for the same `runs` replicates with
 * the same seed (common random numbers); its outcome probabilities feed
 * the Sobol estimator (neg_sobol.h). Nothing here prints or writes files.
 */
#ifndef NEG_SENSITIVITY_H
#define NEG_SENSITIVITY_H

#include <stddef.h>
#include <stdint.h>
#include "neg_analysis.h"
#include "neg_model.h"
#include "neg_sobol.h"

#define NEG_SENS_BOOT 1000     /* bootstrap resamples of the intervals */
#define NEG_SENS_LEVEL 0.95    /* their level */

typedef struct {
  size_t k;                    /* uncertain parameters */
  size_t n;                    /* rows of A and B */
  size_t n_points;             /* n (k + 2) */
  uint64_t runs, seed;         /* replicates of every point, and their seed */
  neg_uncertain dist[NEG_MAX_UNCERTAIN]; /* the parameters, in the scenario's order */
  double *xa, *xb;             /* rows of A and B: x[j * k + i] */
  uint64_t *counts;            /* [point][outcome]: replicates of each outcome */
  /* filled by neg_sens_estimate, per outcome: */
  neg_sobol_index index[NEG_OUT_COUNT][NEG_MAX_UNCERTAIN];
  double mean[NEG_OUT_COUNT];      /* mean probability over the 2n points of A and B */
  double variance[NEG_OUT_COUNT];  /* V: its variance over them */
  double noise[NEG_OUT_COUNT];     /* mean Monte Carlo variance of a point's estimate,
                                    * p (1 - p) / (runs - 1) */
  double q_lo[NEG_OUT_COUNT], q_mid[NEG_OUT_COUNT], q_hi[NEG_OUT_COUNT];
                                   /* 2.5%, 50%, 97.5% points of p over A and B */
} neg_sens;

/* The design for the uncertain parameters of base with n rows. NULL when
 * out of memory (or base has none). */
neg_sens *neg_sens_alloc(const neg_scenario *base, size_t n, uint64_t runs, uint64_t seed);
void neg_sens_free(neg_sens *s);

/* The parameter values of point p (k of them) into x. Points: A_j is j,
 * B_j is n + j, AB_i row j is (2 + i) n + j. */
void neg_sens_point(const neg_sens *s, size_t p, double *x);

/* Runs points p0 .. p1-1 on `threads` threads (0: all cores), one point a
 * thread at a time, each loaded from spec with the point's overrides after
 * the spec's own. NEG_OK, NEG_EINPUT (a point does not load: err) or
 * NEG_ESYS. */
int neg_sens_eval(neg_sens *s, const neg_point_spec *spec, size_t p0, size_t p1, int threads,
                  neg_error *err);

/* Estimates the indices of every outcome from the evaluated points, with
 * NEG_SENS_BOOT bootstrap resamples drawn from a generator seeded by the
 * seed. NEG_OK or NEG_ESYS. */
int neg_sens_estimate(neg_sens *s);

#endif
