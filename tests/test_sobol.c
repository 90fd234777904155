/* test_sobol.c: the Sobol estimator on functions with known indices
 * (Ishigami, a linear model) and the sensitivity verb.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 *
 * The known indices must lie within their bootstrap percentile intervals.
 * Each function has 6 indices; each interval is taken at level
 * 1 - 0.01/6, so that by Bonferroni the chance that some known value falls
 * outside its interval by chance is at most 1% per function: the seeds are
 * fixed, so the test is deterministic, and that bound is what choosing them
 * without looking risks. The bootstrap has enough resamples to put at
 * least 5 of them beyond each percentile. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_rng.h>

#include "neg_sobol.h"

#define FAMILY_ALPHA 0.01
#define N_INDICES 6          /* per function: first and total of 3 inputs */

/* Rows of the design and bootstrap resamples, scaled by NEGSIM_TEST_SCALE
 * (valgrind) but never below floor. */
static size_t scaled(size_t n, size_t floor)
{
  const char *scale = getenv("NEGSIM_TEST_SCALE");
  double f = scale ? atof(scale) : 1.0;
  size_t m = (size_t)((double)n * (f > 0 && f <= 1 ? f : 1.0));
  return m < floor ? floor : m;
}

typedef double (*model_fn)(const double *x);

static double ishigami(const double *x)
{
  return sin(x[0]) + 7.0 * sin(x[1]) * sin(x[1]) + 0.1 * pow(x[2], 4) * sin(x[0]);
}

static double linear(const double *x)
{
  return x[0] + 2.0 * x[1] + 3.0 * x[2];
}

/* Runs the design with n rows of 3 inputs uniform on [lo, hi] through f and
 * checks the estimates against the known first and total indices. */
static void check_design(model_fn f, double lo, double hi, const double *first,
                         const double *total, unsigned long seed, const char *name)
{
  const size_t k = 3, n = scaled(10000, 2000);
  const double level = 1.0 - FAMILY_ALPHA / N_INDICES;
  const size_t nboot = scaled((size_t)(2 * 5 / (1.0 - level)) + 1, 1000);
  double *xa = malloc(n * k * sizeof *xa), *xb = malloc(n * k * sizeof *xb);
  double *fa = malloc(n * sizeof *fa), *fb = malloc(n * sizeof *fb);
  double *fab = malloc(n * k * sizeof *fab), x[3], v;
  neg_sobol_index idx[3];
  gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
  assert_non_null(g);
  gsl_rng_set(g, seed);
  for (size_t j = 0; j < n * k; j++) xa[j] = lo + (hi - lo) * gsl_rng_uniform(g);
  for (size_t j = 0; j < n * k; j++) xb[j] = lo + (hi - lo) * gsl_rng_uniform(g);
  for (size_t j = 0; j < n; j++) {
    fa[j] = f(&xa[j * k]);
    fb[j] = f(&xb[j * k]);
    for (size_t i = 0; i < k; i++) {
      memcpy(x, &xa[j * k], sizeof x);
      x[i] = xb[j * k + i];
      fab[i * n + j] = f(x);
    }
  }
  assert_int_equal(neg_sobol_estimate(n, k, fa, fb, fab, nboot, level, g, idx, &v), 0);
  for (size_t i = 0; i < k; i++) {
    print_message("%s x%zu: S %.4f [%.4f, %.4f] known %.4f;  ST %.4f [%.4f, %.4f] known %.4f "
                  "(n %zu, %zu resamples, level %.5f)\n", name, i + 1, idx[i].first,
                  idx[i].first_lo, idx[i].first_hi, first[i], idx[i].total, idx[i].total_lo,
                  idx[i].total_hi, total[i], n, nboot, level);
    assert_true(idx[i].first_lo <= first[i] && first[i] <= idx[i].first_hi);
    assert_true(idx[i].total_lo <= total[i] && total[i] <= idx[i].total_hi);
    assert_true(idx[i].first_lo <= idx[i].first && idx[i].first <= idx[i].first_hi);
    assert_true(idx[i].total_lo <= idx[i].total && idx[i].total <= idx[i].total_hi);
  }
  gsl_rng_free(g);
  free(xa);
  free(xb);
  free(fa);
  free(fb);
  free(fab);
}

/* Ishigami, a = 7, b = 0.1, inputs uniform on [-pi, pi]: with
 * V1 = (1 + b pi^4 / 5)^2 / 2, V2 = a^2 / 8, V13 = b^2 pi^8 (1/18 - 1/50),
 * S1 = V1/V, S2 = V2/V, S3 = 0, ST1 = (V1 + V13)/V, ST2 = S2, ST3 = V13/V
 * (S1 = 0.3139, S2 = 0.4424, ST1 = 0.5576, ST3 = 0.2437). */
static void test_ishigami(void **state)
{
  const double a = 7.0, b = 0.1, pi4 = pow(M_PI, 4);
  const double v1 = 0.5 * pow(1.0 + b * pi4 / 5.0, 2), v2 = a * a / 8.0;
  const double v13 = b * b * pi4 * pi4 * (1.0 / 18.0 - 1.0 / 50.0), v = v1 + v2 + v13;
  const double first[3] = {v1 / v, v2 / v, 0.0}, total[3] = {(v1 + v13) / v, v2 / v, v13 / v};
  (void)state;
  assert_close(first[0], 0.3139, 5e-5);
  assert_close(first[1], 0.4424, 5e-5);
  assert_close(total[0], 0.5576, 5e-5);
  assert_close(total[2], 0.2437, 5e-5);
  check_design(ishigami, -M_PI, M_PI, first, total, 20260505UL, "ishigami");
}

/* Y = x1 + 2 x2 + 3 x3, inputs uniform on [0, 1]: S_i = ST_i = c_i^2 / 14. */
static void test_linear(void **state)
{
  const double s[3] = {1.0 / 14.0, 4.0 / 14.0, 9.0 / 14.0};
  (void)state;
  check_design(linear, 0.0, 1.0, s, s, 7UL, "linear");
}

/* The formulas on four rows worked by hand; no variance gives NaN; no
 * bootstrap gives NaN intervals. */
static void test_small(void **state)
{
  const double fa[4] = {1, 2, 3, 4}, fb[4] = {2, 0, 4, 2}, fab[4] = {1, 1, 4, 3};
  const double flat[4] = {1, 1, 1, 1};
  neg_sobol_index idx;
  double v;
  (void)state;
  assert_int_equal(neg_sobol_estimate(4, 1, fa, fb, fab, 0, 0.95, NULL, &idx, &v), 0);
  /* mean 18/8 = 2.25; V = sum of squares 13.5 / 7 */
  assert_close(v, 13.5 / 7.0, 1e-12);
  /* S = mean((fb - 2.25) (fab - fa)) / V = (0 + 2.25 + 1.75 + 0.25) / 4 / V */
  assert_close(idx.first, 4.25 / 4.0 / v, 1e-12);
  /* ST = mean((fa - fab)^2) / 2 / V = (0 + 1 + 1 + 1) / 8 / V */
  assert_close(idx.total, 3.0 / 8.0 / v, 1e-12);
  assert_true(isnan(idx.first_lo) && isnan(idx.total_hi));
  assert_int_equal(neg_sobol_estimate(4, 1, flat, flat, flat, 0, 0.95, NULL, &idx, &v), 0);
  assert_true(isnan(idx.first) && isnan(idx.total));
  assert_int_equal(neg_sobol_estimate(1, 1, fa, fb, fab, 0, 0.95, NULL, &idx, &v), -1);
}

/* A scenario with three uncertain parameters, one of which (the trust
 * bonus of a maritime deal that is never reached) cannot matter. */
#define SENS_CFG \
  "pause = { days = 30; horizon_days = 30; };\n" \
  "maritime = { daily_probability = 0.0; trust_bonus = { dist = \"uniform\"; min = 0.0; max = 5.0; }; };\n" \
  "parties = {\n" \
  "  russia = { role = \"belligerent\"; ceasefire_utility = { dist = \"normal\"; mean = -1.0; " \
  "sd = 1.0; min = -3.0; max = 1.0; }; };\n" \
  "  ukraine = { role = \"belligerent\"; compliance = { dist = \"beta\"; a = 30.0; b = 2.0; }; };\n" \
  "};\n"

/* Runs negsim with args; returns its exit status and keeps its stderr. */
static int negsim(const char *const *args, char *err, size_t n)
{
  neg_proc *p = malloc(sizeof *p);
  int status;
  assert_non_null(p);
  assert_int_equal(neg_run_negsim(p, args), 0);
  status = p->status;
  snprintf(err, n, "%.*s", (int)(n - 1), p->err);
  free(p);
  return status;
}

/* The verb: its files, identical for any thread count; a parameter the
 * outcomes do not depend on has indices exactly 0 (common random numbers:
 * changing it changes no replicate); bad input exits 2 and writes nothing. */
static void test_verb(void **state)
{
  char *dir = neg_tempdir(), cfg[2048], plain[2048], a[2048], b[2048], path[4096], err[4096];
  char *fa, *fb;
  (void)state;
  snprintf(cfg, sizeof cfg, "%s/sens.cfg", dir);
  snprintf(plain, sizeof plain, "%s/plain.cfg", dir);
  snprintf(a, sizeof a, "%s/a", dir);
  snprintf(b, sizeof b, "%s/b", dir);
  assert_int_equal(neg_write_file(cfg, SENS_CFG), 0);
  assert_int_equal(neg_write_file(plain, "parties = { a = { role = \"belligerent\"; }; "
                                  "b = { role = \"belligerent\"; }; };\n"), 0);
  const char *one[] = {"sensitivity", cfg, "--samples", "24", "--runs", "300", "--seed", "3",
                       "--threads", "1", "--out", a, NULL};
  const char *two[] = {"sensitivity", cfg, "--samples", "24", "--runs", "300", "--seed", "3",
                       "--threads", "2", "--out", b, "--quiet", NULL};
  assert_int_equal(negsim(one, err, sizeof err), 0);
  assert_int_equal(negsim(two, err, sizeof err), 0);
  static const char *const files[] = {"sensitivity.csv", "uncertainty.csv", "manifest.cfg"};
  for (size_t k = 0; k < 3; k++) {
    size_t la, lb;
    snprintf(path, sizeof path, "%s/%s", a, files[k]);
    assert_non_null(fa = neg_read_file(path, &la));
    snprintf(path, sizeof path, "%s/%s", b, files[k]);
    assert_non_null(fb = neg_read_file(path, &lb));
    assert_int_equal(la, lb);
    assert_memory_equal(fa, fb, la);
    if (k == 0) {
      size_t lines = 0;
      for (const char *c = fa; *c; c++) lines += *c == '\n';
      assert_int_equal(lines, 1 + 4 * 3);
      assert_non_null(strstr(fa, "outcome,parameter,distribution,rank,first_order,"
                             "first_order_ci_low,first_order_ci_high,total,total_ci_low,"
                             "total_ci_high,variance,noise_share,samples,runs,scenario,seed\n"));
      assert_non_null(strstr(fa, ",maritime.trust_bonus,uniform,3,0.000000,0.000000,0.000000,"
                             "0.000000,0.000000,0.000000,"));
    }
    free(fa);
    free(fb);
  }
  snprintf(path, sizeof path, "%s/bad", dir);
  const char *none[] = {"sensitivity", plain, "--out", path, NULL};
  assert_int_equal(negsim(none, err, sizeof err), 2);
  assert_non_null(strstr(err, "no uncertain parameters"));
  const char *few[] = {"sensitivity", cfg, "--samples", "1", "--out", path, NULL};
  assert_int_equal(negsim(few, err, sizeof err), 2);
  assert_non_null(strstr(err, "--samples"));
  assert_int_equal(neg_count_entries(path), -1);
  neg_rmtree(dir);
  free(dir);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_small),
    cmocka_unit_test(test_ishigami),
    cmocka_unit_test(test_linear),
    cmocka_unit_test(test_verb),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
