/* test_stats.c: the Wilson score interval.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "testutil.h"

#include <math.h>

#include "neg_stats.h"

#define Z95 1.959963984540054  /* standard normal quantile at 0.975 */

/* No trials: the whole unit interval. */
static void test_no_trials(void **state)
{
  double lo = -1, hi = -1;
  (void)state;
  neg_stats_wilson(0, 0, 0.95, &lo, &hi);
  assert_true(lo == 0.0 && hi == 1.0);
  neg_stats_wilson(3, 10, 1.0, &lo, &hi);  /* level out of (0, 1) */
  assert_true(lo == 0.0 && hi == 1.0);
}

/* The ends: k = 0 gives lo exactly 0, k = n gives hi exactly 1, and the other
 * bound has the closed form z^2 / (n + z^2). */
static void test_ends(void **state)
{
  double lo, hi;
  (void)state;
  for (uint64_t n = 1; n <= 50; n++) {
    double zn = Z95 * Z95 / ((double)n + Z95 * Z95);
    neg_stats_wilson(0, n, 0.95, &lo, &hi);
    assert_true(lo == 0.0);
    assert_close(hi, zn, 1e-12);
    neg_stats_wilson(n, n, 0.95, &lo, &hi);
    assert_true(hi == 1.0);
    assert_close(lo, 1.0 - zn, 1e-12);
  }
  neg_stats_wilson(0, 10, 0.95, &lo, &hi);
  assert_close(hi, 0.27753279986288915, 1e-12);  /* computed by hand */
  neg_stats_wilson(12, 10, 0.95, &lo, &hi);      /* k > n counts as n */
  assert_true(hi == 1.0);
}

/* Published example (Newcombe 1998, table I): 81 of 263 at 95%. */
static void test_published(void **state)
{
  double lo, hi;
  (void)state;
  neg_stats_wilson(81, 263, 0.95, &lo, &hi);
  assert_close(lo, 0.2553, 5e-5);
  assert_close(hi, 0.3662, 5e-5);
  neg_stats_wilson(1, 4, 0.95, &lo, &hi);
  assert_close(lo, 0.04558726, 5e-9);
  assert_close(hi, 0.69935816, 5e-9);
}

/* Inside (0, n) both bounds solve the score equation
 * (k/n - x)^2 = z^2 x (1 - x) / n, bracket k/n and mirror for n - k. */
static void test_score_equation(void **state)
{
  const double levels[] = {0.8, 0.9, 0.95, 0.99};
  const double zs[] = {1.2815515655446004, 1.6448536269514722, Z95, 2.5758293035489004};
  (void)state;
  for (int l = 0; l < 4; l++)
    for (uint64_t n = 1; n <= 30; n++)
      for (uint64_t k = 1; k < n; k++) {
        double lo, hi, lo2, hi2, p = (double)k / (double)n, z2 = zs[l] * zs[l];
        neg_stats_wilson(k, n, levels[l], &lo, &hi);
        neg_stats_wilson(n - k, n, levels[l], &lo2, &hi2);
        assert_true(0.0 < lo && lo < p && p < hi && hi < 1.0);
        assert_close((p - lo) * (p - lo), z2 * lo * (1 - lo) / (double)n, 1e-12);
        assert_close((p - hi) * (p - hi), z2 * hi * (1 - hi) / (double)n, 1e-12);
        assert_close(lo, 1.0 - hi2, 1e-12);
      }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_no_trials),
    cmocka_unit_test(test_ends),
    cmocka_unit_test(test_published),
    cmocka_unit_test(test_score_equation),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
