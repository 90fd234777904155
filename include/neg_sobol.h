/* neg_sobol.h: variance-based global sensitivity indices from a Saltelli
 * design, with bootstrap intervals. Knows nothing of the model.
 *
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 *
 * The design: two independent samples A and B of n rows of the k inputs,
 * and for each input i the matrix AB_i, A with column i taken from B. From
 * the outputs f(A), f(B) and f(AB_i), with V the variance of the 2n outputs
 * of A and B:
 *   first-order  S_i  = mean_j (f(B)_j - m) (f(AB_i)_j - f(A)_j) / V   (Saltelli et al. 2010)
 *   total        ST_i = mean_j (f(A)_j - f(AB_i)_j)^2 / 2 / V   (Jansen 1999)
 * where m is the mean of f(A) and f(B) (Saltelli uses f(B)_j; centring
 * leaves the expectation unchanged and removes the noise a large mean of f
 * adds, as in an outcome probability far from 0). Intervals are bootstrap
 * percentiles: the rows j are resampled with
 * replacement and every estimate (V included) recomputed.
 */
#ifndef NEG_SOBOL_H
#define NEG_SOBOL_H

#include <stddef.h>
#include <gsl/gsl_rng.h>

/* The indices of one input with their intervals (NaN when undefined: no
 * variance, or no bootstrap). */
typedef struct {
  double first, first_lo, first_hi;
  double total, total_lo, total_hi;
} neg_sobol_index;

/* Estimates the indices of the k inputs from n rows: fa[j] = f(A_j),
 * fb[j] = f(B_j), fab[i * n + j] = f(AB_i, row j). With nboot > 0, draws
 * nboot resamples of the rows with g and sets percentile intervals at level
 * (e.g. 0.95). Writes the k indices to out and the variance V to *variance
 * (may be NULL). Returns 0, or -1 when out of memory or n < 2. */
int neg_sobol_estimate(size_t n, size_t k, const double *fa, const double *fb,
                       const double *fab, size_t nboot, double level, gsl_rng *g,
                       neg_sobol_index *out, double *variance);

#endif
