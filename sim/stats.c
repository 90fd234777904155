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
