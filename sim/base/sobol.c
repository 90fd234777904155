/* sobol.c: first-order (Saltelli 2010) and total (Jansen 1999) Sobol
 * indices from a Saltelli design, with bootstrap percentile intervals.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "neg_sobol.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

/* The estimates over the rows idx[0..n-1] (with repetitions for a
 * resample): first[i], total[i] and the variance V. f(B) enters the
 * first-order sum centred on the mean of f(A) and f(B): the expectation is
 * unchanged (mean of f(AB_i) - f(A) is 0) and a large mean of f no longer
 * adds noise. */
static double estimate(size_t n, size_t k, const double *fa, const double *fb,
                       const double *fab, const size_t *idx, double *first, double *total)
{
  double sum = 0.0, sq = 0.0, mean, var;
  for (size_t i = 0; i < k; i++) first[i] = total[i] = 0.0;
  for (size_t r = 0; r < n; r++) {
    size_t j = idx[r];
    sum += fa[j] + fb[j];
  }
  mean = sum / (2.0 * (double)n);
  for (size_t r = 0; r < n; r++) {
    size_t j = idx[r];
    double da = fa[j] - mean, db = fb[j] - mean;
    sq += da * da + db * db;
    for (size_t i = 0; i < k; i++) {
      double ab = fab[i * n + j];
      first[i] += db * (ab - fa[j]);
      total[i] += (fa[j] - ab) * (fa[j] - ab);
    }
  }
  var = sq / (2.0 * (double)n - 1.0);
  for (size_t i = 0; i < k; i++) {
    first[i] = var > 0.0 ? first[i] / (double)n / var : NAN;
    total[i] = var > 0.0 ? total[i] / (2.0 * (double)n) / var : NAN;
  }
  return var;
}

/* Percentile interval at level of the nboot values in x (sorted in place);
 * NaN when any is NaN. */
static void percentiles(double *x, size_t nboot, double level, double *lo, double *hi)
{
  for (size_t b = 0; b < nboot; b++)
    if (isnan(x[b])) {
      *lo = *hi = NAN;
      return;
    }
  gsl_sort(x, 1, nboot);
  *lo = gsl_stats_quantile_from_sorted_data(x, 1, nboot, (1.0 - level) / 2.0);
  *hi = gsl_stats_quantile_from_sorted_data(x, 1, nboot, (1.0 + level) / 2.0);
}

int neg_sobol_estimate(size_t n, size_t k, const double *fa, const double *fb,
                       const double *fab, size_t nboot, double level, gsl_rng *g,
                       neg_sobol_index *out, double *variance)
{
  size_t *idx = n >= 2 ? malloc(n * sizeof *idx) : NULL;
  double *first = malloc((k ? k : 1) * sizeof *first), *total = malloc((k ? k : 1) * sizeof *total);
  double *bf = nboot ? malloc(nboot * (k ? k : 1) * sizeof *bf) : NULL;
  double *bt = nboot ? malloc(nboot * (k ? k : 1) * sizeof *bt) : NULL;
  double v;
  int rc = idx && first && total && (!nboot || (bf && bt)) ? 0 : -1;
  for (size_t r = 0; rc == 0 && r < n; r++) idx[r] = r;
  if (rc == 0) {
    v = estimate(n, k, fa, fb, fab, idx, first, total);
    if (variance) *variance = v;
    for (size_t i = 0; i < k; i++) {
      out[i].first = first[i];
      out[i].total = total[i];
      out[i].first_lo = out[i].first_hi = out[i].total_lo = out[i].total_hi = NAN;
    }
  }
  for (size_t b = 0; rc == 0 && b < nboot; b++) {
    for (size_t r = 0; r < n; r++) idx[r] = (size_t)gsl_rng_uniform_int(g, n);
    estimate(n, k, fa, fb, fab, idx, first, total);
    for (size_t i = 0; i < k; i++) {
      bf[i * nboot + b] = first[i];
      bt[i * nboot + b] = total[i];
    }
  }
  for (size_t i = 0; rc == 0 && nboot && i < k; i++) {
    percentiles(bf + i * nboot, nboot, level, &out[i].first_lo, &out[i].first_hi);
    percentiles(bt + i * nboot, nboot, level, &out[i].total_lo, &out[i].total_hi);
  }
  free(idx);
  free(first);
  free(total);
  free(bf);
  free(bt);
  return rc;
}
