/* stats.c: interval estimates.
 *
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 */
#include "neg_stats.h"

#include <math.h>
#include <gsl/gsl_cdf.h>

/* Returns x limited to [0, 1]. */
static double neg_stats_unit(double x)
{
  return x < 0.0 ? 0.0 : (x > 1.0 ? 1.0 : x);
}

/* Wilson (1927) score interval: the p whose score test at level accepts k/n.
 * A level outside (0, 1), or n == 0, gives [0, 1]; k > n counts as k == n. */
void neg_stats_wilson(uint64_t k, uint64_t n, double level, double *lo, double *hi)
{
  double z, z2, nn, p, denom, centre, half;
  if (n == 0 || !(level > 0.0 && level < 1.0)) {
    *lo = 0.0;
    *hi = 1.0;
    return;
  }
  if (k > n) k = n;
  z = gsl_cdf_ugaussian_Pinv(1.0 - (1.0 - level) / 2.0);
  z2 = z * z;
  nn = (double)n;
  p = (double)k / nn;
  denom = 1.0 + z2 / nn;
  centre = (p + z2 / (2.0 * nn)) / denom;
  half = z / denom * sqrt(p * (1.0 - p) / nn + z2 / (4.0 * nn * nn));
  *lo = k == 0 ? 0.0 : neg_stats_unit(centre - half);
  *hi = k == n ? 1.0 : neg_stats_unit(centre + half);
}

/* z quantile of a two-sided interval at level. */
static double z_of(double level)
{
  return gsl_cdf_ugaussian_Pinv(1.0 - (1.0 - level) / 2.0);
}

void neg_stats_paired(uint64_t n, uint64_t only_a, uint64_t only_b, double level,
                      double *diff, double *lo, double *hi)
{
  double d, var, se;
  if (n == 0) {
    *diff = 0.0, *lo = -1.0, *hi = 1.0;
    return;
  }
  d = ((double)only_b - (double)only_a) / (double)n;
  var = ((double)only_a + (double)only_b) / (double)n - d * d;
  se = n > 1 && var > 0.0 ? sqrt(var / (double)(n - 1)) : 0.0;
  *diff = d;
  *lo = d - z_of(level) * se;
  *hi = d + z_of(level) * se;
}

void neg_stats_independent(uint64_t ka, uint64_t kb, uint64_t n, double level,
                           double *lo, double *hi)
{
  double pa, pb, se;
  if (n == 0) {
    *lo = -1.0, *hi = 1.0;
    return;
  }
  pa = (double)ka / (double)n;
  pb = (double)kb / (double)n;
  se = sqrt((pa * (1.0 - pa) + pb * (1.0 - pb)) / (double)n);
  *lo = pb - pa - z_of(level) * se;
  *hi = pb - pa + z_of(level) * se;
}
