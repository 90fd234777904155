/* test_uncertain.c: parameters given as distributions: quantiles against
 * GSL's distribution functions, moments of the draws within 4 standard
 * errors, truncation, loading, validation, writing back, common random
 * numbers, and a closed form of the model averaged over uncertain
 * compliance.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "testutil.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>

#include "neg_engine.h"
#include "neg_rng.h"
#include "neg_scenario.h"
#include "neg_tally.h"
#include "neg_uncertain.h"

#define SEED 20260505ULL

/* Draws per distribution, or replicates of the model: scaled by
 * NEGSIM_TEST_SCALE (valgrind), never below floor. */
static uint64_t scaled(uint64_t n, uint64_t floor)
{
  const char *scale = getenv("NEGSIM_TEST_SCALE");
  double f = scale ? atof(scale) : 1.0;
  uint64_t m = (uint64_t)((double)n * (f > 0 && f <= 1 ? f : 1.0));
  return m < floor ? floor : m;
}

/* A neg_uncertain of kind k with the given fields. */
static neg_uncertain dist(neg_unc_kind k, double min, double max, double p1, double p2)
{
  neg_uncertain u;
  memset(&u, 0, sizeof u);
  u.kind = k;
  u.min = min;
  u.max = max;
  if (k == NEG_UNC_NORMAL) u.mean = p1, u.sd = p2;
  if (k == NEG_UNC_BETA) u.a = p1, u.b = p2;
  if (k == NEG_UNC_TRIANGULAR) u.mode = p1;
  return u;
}

/* The distribution function of u at x, from GSL or closed forms. */
static double cdf(const neg_uncertain *u, double x)
{
  double w = u->max - u->min, z;
  switch (u->kind) {
  case NEG_UNC_UNIFORM: return (x - u->min) / w;
  case NEG_UNC_NORMAL:
    z = gsl_cdf_ugaussian_P((u->min - u->mean) / u->sd);
    return (gsl_cdf_ugaussian_P((x - u->mean) / u->sd) - z) /
           (gsl_cdf_ugaussian_P((u->max - u->mean) / u->sd) - z);
  case NEG_UNC_BETA: return gsl_cdf_beta_P((x - u->min) / w, u->a, u->b);
  default:
    if (x <= u->mode) return (x - u->min) * (x - u->min) / (w * (u->mode - u->min));
    return 1.0 - (u->max - x) * (u->max - x) / (w * (u->max - u->mode));
  }
}

/* The quantile inverts the distribution function and never decreases. */
static void test_quantiles(void **state)
{
  const neg_uncertain cases[] = {
    dist(NEG_UNC_UNIFORM, 0.2, 0.6, 0, 0),
    dist(NEG_UNC_NORMAL, 0.4, 1.0, 0.5, 0.2),
    dist(NEG_UNC_NORMAL, -1.0, 1.0, 0.0, 100.0),
    dist(NEG_UNC_BETA, 0.0, 1.0, 2.0, 5.0),
    dist(NEG_UNC_BETA, -1.0, 3.0, 0.5, 0.5),
    dist(NEG_UNC_BETA, 0.0, 1.0, 40.0, 1.5),
    dist(NEG_UNC_BETA, 0.0, 1.0, 1.0, 1.0),
    dist(NEG_UNC_BETA, 0.0, 1.0, 300.0, 2000.0),
    dist(NEG_UNC_TRIANGULAR, 0.0, 1.0, 0.2, 0),
    dist(NEG_UNC_TRIANGULAR, -2.0, 3.0, 3.0, 0),
  };
  const double ps[] = {1e-9, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 1 - 1e-9};
  (void)state;
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    double last = -INFINITY;
    for (size_t k = 0; k < sizeof ps / sizeof ps[0]; k++) {
      double x = neg_uncertain_quantile(&cases[c], ps[k]);
      assert_true(x >= cases[c].min && x <= cases[c].max);
      assert_true(x >= last);
      last = x;
      /* within the rounding of x: a few ulps of the support's scale */
      double dx = 4 * DBL_EPSILON * (fabs(cases[c].min) + fabs(cases[c].max));
      double tol = 1e-12 + 1e-7 * fmin(ps[k], 1 - ps[k]);
      if (!(cdf(&cases[c], fmax(x - dx, cases[c].min)) - tol <= ps[k] &&
            ps[k] <= cdf(&cases[c], fmin(x + dx, cases[c].max)) + tol))
        fail_msg("case %zu (%s) at p = %g: quantile %.17g has cdf %.17g", c,
                 neg_uncertain_kind_name(cases[c].kind), ps[k], x, cdf(&cases[c], x));
    }
    assert_close(neg_uncertain_quantile(&cases[c], 0.0), cases[c].min, 0);
    assert_close(neg_uncertain_quantile(&cases[c], 1.0), cases[c].max, 0);
  }
  /* far in the upper tail the normal keeps its precision */
  neg_uncertain tail = dist(NEG_UNC_NORMAL, 10.0, 12.0, 0.0, 1.0);
  double x = neg_uncertain_quantile(&tail, 0.5);
  assert_true(x > 10.0 && x < 10.2);
  assert_close(gsl_cdf_ugaussian_Q(x) / gsl_cdf_ugaussian_Q(10.0), 0.5, 1e-6);
}

/* Draws of every distribution: mean and variance within 4 standard errors
 * of the closed forms (the SE of the variance from the sample's fourth
 * central moment), every draw within the support; a distribution added to
 * a scenario (a beta keeps ln B there) has the same quantiles to the bit. */
static void test_moments(void **state)
{
  const neg_uncertain cases[] = {
    dist(NEG_UNC_UNIFORM, 0.2, 0.6, 0, 0),
    dist(NEG_UNC_NORMAL, 0.4, 1.0, 0.5, 0.2),    /* truncated on one side mostly */
    dist(NEG_UNC_NORMAL, 2.0, 5.0, 0.0, 1.0),    /* far in the tail */
    dist(NEG_UNC_BETA, 0.0, 1.0, 2.0, 5.0),
    dist(NEG_UNC_BETA, -1.0, 3.0, 0.5, 0.5),
    dist(NEG_UNC_BETA, 0.0, 1.0, 40.0, 1.5),
    dist(NEG_UNC_TRIANGULAR, 0.0, 1.0, 0.2, 0),
  };
  uint64_t n = scaled(40000, 2000);
  neg_rng *r = neg_rng_alloc();
  neg_scenario *s = calloc(1, sizeof *s), *local = calloc(1, sizeof *local);
  double *x = malloc(n * sizeof *x);
  (void)state;
  assert_non_null(r);
  assert_non_null(x);
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    neg_uncertain u = cases[c];
    double mean = 0, var = 0, m4 = 0, mu = neg_uncertain_mean(&u), sigma2 = neg_uncertain_variance(&u);
    memset(s, 0, sizeof *s);
    snprintf(u.key, sizeof u.key, "momentum.drift");
    u.offset = offsetof(neg_scenario, momentum_drift);
    assert_int_equal(neg_uncertain_add(s, &u), 0);
    assert_close(s->momentum_drift, mu, 0);   /* the plain field holds the mean */
    for (int k = 1; k < 1000; k++) {   /* the scenario's copy (a beta keeps ln B): the same bits */
      double qa = neg_uncertain_quantile(&u, k / 1000.0);
      double qb = neg_uncertain_quantile(&s->uncertain[0], k / 1000.0);
      assert_memory_equal(&qa, &qb, sizeof qa);
    }
    *local = *s;
    for (uint64_t i = 0; i < n; i++) {
      neg_rng_set(r, SEED, i);
      neg_uncertain_draw(s, local, r);
      x[i] = local->momentum_drift;
      assert_true(x[i] >= u.min && x[i] <= u.max);
      mean += x[i];
    }
    mean /= (double)n;
    for (uint64_t i = 0; i < n; i++) {
      double d = x[i] - mean;
      var += d * d;
      m4 += d * d * d * d;
    }
    var /= (double)(n - 1);
    m4 /= (double)n;
    print_message("%-10s mean %.6f (exact %.6f)  variance %.6g (exact %.6g)\n",
                  neg_uncertain_kind_name(u.kind), mean, mu, var, sigma2);
    assert_close(mean, mu, 4.0 * sqrt(sigma2 / (double)n));
    assert_close(var, sigma2, 4.0 * sqrt((m4 - var * var) / (double)n));
  }
  free(x);
  free(s);
  free(local);
  neg_rng_free(r);
}

#define PARTIES \
  "parties = {\n" \
  "  russia = { role = \"belligerent\";\n" \
  "    compliance = { dist = \"beta\"; a = 40.0; b = 1.5; };\n" \
  "    ceasefire_utility = { dist = \"normal\"; mean = -2.0; sd = 1.0; min = -4.0; max = 1.0; };\n" \
  "  };\n" \
  "  ukraine = { role = \"belligerent\"; temperature = { dist = \"triangular\"; min = 0.5; " \
  "mode = 1.0; max = 2.0; }; };\n" \
  "  us = { role = \"backer\"; aid_share = { dist = \"uniform\"; min = 0.2; max = 0.5; };\n" \
  "    pressure = { russia = { dist = \"beta\"; a = 2.0; b = 2.0; min = 0.0; max = 2.0; }; " \
  "ukraine = 0.5; }; };\n" \
  "};\n"

/* Every distribution loads with its parameters; the plain field holds the
 * mean; entries are in field order with distinct streams; writing back
 * gives the same groups and an identical struct. */
static void test_load_and_write(void **state)
{
  char *dir = neg_tempdir(), *path, out[4096], *text;
  neg_scenario *s = malloc(sizeof *s), *b = malloc(sizeof *b);
  neg_error e;
  FILE *f;
  (void)state;
  path = neg_put_file(dir, "u.cfg", "momentum = { drift = { dist = \"uniform\"; min = -0.1; "
                  "max = 0.2; }; };\n" PARTIES);
  if (neg_scenario_load(path, NULL, 0, s, &e) != NEG_OK) {
    neg_error_print(stderr, &e);
    fail();
  }
  assert_int_equal(s->n_uncertain, 6);
  assert_string_equal(s->uncertain[0].key, "momentum.drift");
  assert_close(s->momentum_drift, 0.05, 1e-15);
  assert_string_equal(s->uncertain[1].key, "parties.russia.compliance");
  assert_int_equal(s->uncertain[1].kind, NEG_UNC_BETA);
  assert_close(s->uncertain[1].a, 40, 0);
  assert_close(s->uncertain[1].min, 0, 0);
  assert_close(s->uncertain[1].max, 1, 0);
  assert_close(s->parties[0].compliance, 40.0 / 41.5, 1e-15);
  assert_string_equal(s->uncertain[2].key, "parties.russia.ceasefire_utility");
  assert_true(s->parties[0].ceasefire_utility > -2.0);   /* truncated more below */
  assert_string_equal(s->uncertain[3].key, "parties.ukraine.temperature");
  assert_close(s->parties[1].temperature, 3.5 / 3, 1e-15);
  assert_string_equal(s->uncertain[4].key, "parties.us.aid_share");
  assert_string_equal(s->uncertain[5].key, "parties.us.pressure.russia");
  assert_close(s->parties[2].pressure[0], 1.0, 1e-15);
  for (int i = 0; i < s->n_uncertain; i++) {
    if (i > 0) assert_true(s->uncertain[i].offset > s->uncertain[i - 1].offset);
    for (int j = 0; j < i; j++) assert_int_not_equal(s->uncertain[i].stream, s->uncertain[j].stream);
  }
  snprintf(out, sizeof out, "%s/written.cfg", dir);
  assert_non_null(f = fopen(out, "w"));
  assert_int_equal(neg_scenario_write(f, s), NEG_OK);
  assert_int_equal(fclose(f), 0);
  if (neg_scenario_load(out, NULL, 0, b, &e) != NEG_OK) {
    neg_error_print(stderr, &e);
    fail();
  }
  assert_memory_equal(s, b, sizeof *s);
  text = neg_read_file(out, NULL);
  assert_non_null(strstr(text, "compliance = { dist = \"beta\"; a = 40.0; b = 1.5; };"));
  assert_non_null(strstr(text, "ceasefire_utility = { dist = \"normal\"; mean = -2.0; sd = 1.0; "
                         "min = -4.0; max = 1.0; };"));
  assert_non_null(strstr(text, "temperature = { dist = \"triangular\"; min = 0.5; mode = 1.0; "
                         "max = 2.0; };"));
  assert_non_null(strstr(text, "pressure = { russia = { dist = \"beta\"; a = 2.0; b = 2.0; "
                         "min = 0.0; max = 2.0; }; ukraine = 0.5; };"));
  free(text);
  free(path);
  free(s);
  free(b);
  neg_rmtree(dir);
  free(dir);
}

/* The top-level list uncertain overlays an included scenario; a --set of a
 * key replaces its distribution (from the file or the list) by the number. */
static void test_list_and_set(void **state)
{
  char *dir = neg_tempdir(), *paths[2];
  neg_scenario *s = malloc(sizeof *s);
  neg_error e;
  const char *sets[] = {"parties.russia.compliance=0.9", " parties.ukraine.compliance = 0.8"};
  (void)state;
  paths[0] = neg_put_file(dir, "base.cfg", "parties = {\n  russia = { role = \"belligerent\"; "
                      "compliance = { dist = \"uniform\"; min = 0.9; max = 1.0; }; };\n"
                      "  ukraine = { role = \"belligerent\"; compliance = 0.95; };\n};\n");
  paths[1] = neg_put_file(dir, "over.cfg", "@include \"base.cfg\"\nuncertain = (\n"
                      "  { key = \"parties.ukraine.compliance\"; dist = \"beta\"; a = 9.0; b = 1.0; },\n"
                      "  { key = \"parties.russia.compliance\"; dist = \"triangular\"; min = 0.8; "
                      "mode = 0.9; max = 1.0; }\n);\n");
  assert_int_equal(neg_scenario_load(paths[1], NULL, 0, s, &e), NEG_OK);
  assert_int_equal(s->n_uncertain, 2);
  assert_int_equal(s->uncertain[0].kind, NEG_UNC_TRIANGULAR);   /* the list replaced it */
  assert_close(s->parties[0].compliance, 0.9, 1e-15);
  assert_int_equal(s->uncertain[1].kind, NEG_UNC_BETA);
  assert_close(s->parties[1].compliance, 0.9, 1e-15);
  assert_int_equal(neg_scenario_load(paths[1], sets, 1, s, &e), NEG_OK);
  assert_int_equal(s->n_uncertain, 1);
  assert_close(s->parties[0].compliance, 0.9, 0);
  assert_string_equal(s->uncertain[0].key, "parties.ukraine.compliance");
  assert_int_equal(neg_scenario_load(paths[1], sets, 2, s, &e), NEG_OK);
  assert_int_equal(s->n_uncertain, 0);
  assert_close(s->parties[1].compliance, 0.8, 0);
  assert_int_equal(neg_scenario_load(paths[0], sets, 1, s, &e), NEG_OK);
  assert_int_equal(s->n_uncertain, 0);
  free(paths[0]);
  free(paths[1]);
  free(s);
  neg_rmtree(dir);
  free(dir);
}

/* Bad distributions give one file:line: key: reason each. */
static void test_errors(void **state)
{
  static const struct { const char *setting, *key, *reason; } bad[] = {
    {"compliance = { dist = \"beta\"; a = -1.0; b = 1.0; }", "parties.russia.compliance.a",
     "-1 is out of range (0, 10000]"},
    {"compliance = { dist = \"normal\"; mean = 0.9; sd = -1; min = 0.0; max = 1.0; }",
     "parties.russia.compliance.sd", "-1 is out of range (0, 1000000]"},
    {"compliance = { dist = \"normal\"; mean = 0.9; sd = 0.1; }", "parties.russia.compliance",
     "needs truncation bounds min and max"},
    {"compliance = { dist = \"uniform\"; min = 0.5; max = 1.2; }",
     "parties.russia.compliance.max", "1.2 is out of range [0, 1] of parties.russia.compliance"},
    {"compliance = { dist = \"uniform\"; min = 0.5; }", "parties.russia.compliance",
     "a uniform distribution needs min, max"},
    {"compliance = { dist = \"uniform\"; min = 0.7; max = 0.5; }",
     "parties.russia.compliance.max", "must be greater than min"},
    {"compliance = { dist = \"gamma\"; }", "parties.russia.compliance.dist", "unknown value 'gamma'"},
    {"compliance = { a = 1.0; }", "parties.russia.compliance", "missing required setting dist"},
    {"compliance = { dist = \"uniform\"; min = 0.5; max = 0.7; mode = 0.6; }",
     "parties.russia.compliance.mode", "not a parameter of a uniform distribution"},
    {"compliance = { dist = \"triangular\"; min = 0.5; mode = 0.8; max = 0.7; }",
     "parties.russia.compliance.mode", "not within [min, max]"},
    {"compliance = { dist = \"normal\"; mean = 0.0; sd = 0.01; min = 0.5; max = 1.0; }",
     "parties.russia.compliance", "holds a probability of"},
    {"compliance = { dist = \"uniform\"; min = 0.5; max = 0.7; sdd = 1.0; }",
     "parties.russia.compliance.sdd", "did you mean 'sd'?"},
    {"prior_a = { dist = \"uniform\"; min = 0.0; max = 2.0; }", "parties.russia.prior_a.min",
     "0 is out of range (0, 1000000]"},
    {"momentum_weight = { dist = \"beta\"; a = 1.0; b = 1.0; key = \"x\"; }",
     "parties.russia.momentum_weight.key", "items of the top-level list uncertain"},
    {"tolerance = { dist = \"uniform\"; min = 1.0; max = 3.0; }", "parties.russia.tolerance",
     "expected an integer, got a group"},
    {"conditions = ( { lever = \"aid\"; at_most = { dist = \"uniform\"; min = 0.0; max = 0.2; }; } )",
     "parties.russia.conditions.[0].at_most", "only a float setting of the scenario, a party, an "
     "issue or a side deal, not one of a condition"},
  };
  char *dir = neg_tempdir(), text[1024];
  neg_scenario *s = malloc(sizeof *s);
  neg_error e;
  (void)state;
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    snprintf(text, sizeof text, "parties = {\n  ukraine = { role = \"belligerent\"; };\n"
             "  russia = { role = \"belligerent\";\n    %s; };\n};\n", bad[k].setting);
    char *path = neg_put_file(dir, "bad.cfg", text);
    assert_int_equal(neg_scenario_load(path, NULL, 0, s, &e), NEG_EINPUT);
    if (strcmp(e.file, path) || e.line != 4 || strcmp(e.key, bad[k].key) ||
        !strstr(e.reason, bad[k].reason))
      fail_msg("case %zu: got '%s:%d: %s: %s'", k, e.file, e.line, e.key, e.reason);
    free(path);
  }
  /* the list: unknown or integer keys, and aid shares that can exceed 1 */
  char *path = neg_put_file(dir, "list.cfg", "parties = {\n  a = { role = \"belligerent\"; };\n"
                        "  b = { role = \"belligerent\"; };\n};\nuncertain = (\n"
                        "  { key = \"parties.a.window_days\"; dist = \"uniform\"; min = 1.0; max = 2.0; }\n);\n");
  assert_int_equal(neg_scenario_load(path, NULL, 0, s, &e), NEG_EINPUT);
  assert_int_equal(e.line, 6);
  assert_string_equal(e.key, "uncertain.[0].key");
  assert_non_null(strstr(e.reason, "only float settings can be uncertain"));
  free(path);
  path = neg_put_file(dir, "aid.cfg", "parties = {\n  a = { role = \"belligerent\"; };\n"
                  "  b = { role = \"belligerent\"; };\n  us = { role = \"backer\"; aid_share = 0.5; };\n"
                  "  eu = { role = \"backer\"; aid_share = { dist = \"uniform\"; min = 0.4; max = 0.6; }; };\n};\n");
  assert_int_equal(neg_scenario_load(path, NULL, 0, s, &e), NEG_EINPUT);
  assert_string_equal(e.key, "parties.eu.aid_share");
  assert_non_null(strstr(e.reason, "can sum to 1.1"));
  free(path);
  free(s);
  neg_rmtree(dir);
  free(dir);
}

/* A parameter's draw depends only on (seed, replicate, its path): it is the
 * same when another uncertain parameter is fixed by --set (a sweep point),
 * and moves monotonically with its uniform when its own distribution changes. */
static void test_common_draws(void **state)
{
  char *dir = neg_tempdir(), *path;
  neg_scenario *a = malloc(sizeof *a), *b = malloc(sizeof *b), *c = malloc(sizeof *c);
  neg_scenario *la = malloc(sizeof *la), *lb = malloc(sizeof *lb), *lc = malloc(sizeof *lc);
  const char *fix[] = {"parties.russia.compliance=0.95"};
  neg_rng *r = neg_rng_alloc();
  neg_error e;
  (void)state;
  path = neg_put_file(dir, "c.cfg", "parties = {\n  russia = { role = \"belligerent\"; compliance = "
                  "{ dist = \"uniform\"; min = 0.9; max = 1.0; }; };\n  ukraine = { role = "
                  "\"belligerent\"; temperature = { dist = \"uniform\"; min = 0.5; max = 1.5; }; };\n};\n"
                  "uncertain = ( { key = \"parties.ukraine.compliance\"; dist = \"uniform\"; "
                  "min = 0.8; max = 1.0; } );\n");
  assert_int_equal(neg_scenario_load(path, NULL, 0, a, &e), NEG_OK);
  assert_int_equal(neg_scenario_load(path, fix, 1, b, &e), NEG_OK);
  assert_int_equal(a->n_uncertain, 3);
  assert_int_equal(b->n_uncertain, 2);
  *c = *a;
  c->uncertain[1].min = 0.6;   /* ukraine.compliance on [0.6, 1] */
  *la = *a;
  *lb = *b;
  *lc = *c;
  for (uint64_t i = 0; i < 200; i++) {
    neg_rng_set(r, SEED, i);
    neg_uncertain_draw(a, la, r);
    neg_uncertain_draw(b, lb, r);
    neg_uncertain_draw(c, lc, r);
    assert_close(lb->parties[0].compliance, 0.95, 0);
    assert_close(la->parties[1].temperature, lb->parties[1].temperature, 0);
    assert_close(la->parties[1].compliance, lb->parties[1].compliance, 0);
    /* the same uniform on a wider support: (x - 0.6) / 0.4 = (y - 0.8) / 0.2 */
    assert_close((lc->parties[1].compliance - 0.6) / 0.4, (la->parties[1].compliance - 0.8) / 0.2,
                 1e-12);
  }
  neg_rng_free(r);
  free(path);
  free(a);
  free(b);
  free(c);
  free(la);
  free(lb);
  free(lc);
  neg_rmtree(dir);
  free(dir);
}

/* E[c^t] for compliance c ~ Uniform(lo, hi). */
static double uniform_power(double lo, double hi, int t)
{
  return (pow(hi, t + 1) - pow(lo, t + 1)) / ((t + 1) * (hi - lo));
}

/* E[c^t] for c ~ Beta(a, b): B(a + t, b) / B(a, b). */
static double beta_power(double a, double b, int t)
{
  return exp(gsl_sf_lnbeta(a + t, b) - gsl_sf_lnbeta(a, b));
}

/* Closed form 1 of the model with uncertain compliance: breaches at a
 * constant daily probability 1 - c_i, c_i drawn once per replicate, so
 * P(pause survives t days) = prod_i E[c_i^t]. The engine draws each
 * replicate's parameters before it runs; the result does not depend on
 * the thread count; a scenario without uncertain parameters is unchanged. */
static void test_engine_draws(void **state)
{
  char *dir = neg_tempdir(), *paths[2], *base = neg_read_file("scenarios/validation/breach_survival.cfg", NULL);
  neg_scenario *s = malloc(sizeof *s);
  uint64_t n = scaled(100000, 2000);
  const int days[] = {1, 5, 10, 20, 30};
  neg_error e;
  (void)state;
  assert_non_null(base);
  paths[0] = neg_put_file(dir, "breach_survival.cfg", base);
  paths[1] = neg_put_file(dir, "uncertain.cfg", "@include \"breach_survival.cfg\"\nuncertain = (\n"
                      "  { key = \"parties.russia.compliance\"; dist = \"uniform\"; min = 0.95; max = 1.0; },\n"
                      "  { key = \"parties.ukraine.compliance\"; dist = \"beta\"; a = 49.0; b = 1.0; }\n);\n");
  assert_int_equal(neg_scenario_load(paths[1], NULL, 0, s, &e), NEG_OK);
  neg_tally *t = neg_tally_alloc(s), *t1 = neg_tally_alloc(s);
  assert_int_equal(neg_engine_run(s, SEED, 0, n, 0, t, NULL), NEG_OK);
  assert_int_equal(neg_engine_run(s, SEED, 0, n < 5000 ? n : 5000, 1, t1, NULL), NEG_OK);
  for (size_t k = 0; k < sizeof days / sizeof days[0]; k++) {
    double p = uniform_power(0.95, 1.0, days[k]) * beta_power(49.0, 1.0, days[k]);
    double fixed = pow(0.975, days[k]) * pow(0.98, days[k]);
    double got = 1.0 - neg_tally_state_share(t, days[k], NEG_STATE_COLLAPSED);
    print_message("day %2d: P(survives) %.5f, closed form %.5f (at the means %.5f)\n", days[k],
                  got, p, fixed);
    assert_within_4se(got, p, n);
  }
  neg_tally_reset(t);
  assert_int_equal(neg_engine_run(s, SEED, 0, t1->runs, 2, t, NULL), NEG_OK);
  assert_memory_equal(t->outcome, t1->outcome, sizeof t->outcome);
  neg_tally_free(t);
  neg_tally_free(t1);
  free(paths[0]);
  free(paths[1]);
  free(base);
  free(s);
  neg_rmtree(dir);
  free(dir);
}

/* scenarios/energy_pause_uncertain.cfg is the default scenario with eight
 * distributions, each with the default value as its mean, and nothing else
 * changed but its name. */
static void test_uncertain_scenario(void **state)
{
  neg_scenario *a = malloc(sizeof *a), *b = malloc(sizeof *b);
  neg_error e;
  (void)state;
  assert_int_equal(neg_scenario_load("scenarios/energy_pause_2025.cfg", NULL, 0, a, &e), NEG_OK);
  assert_int_equal(neg_scenario_load("scenarios/energy_pause_uncertain.cfg", NULL, 0, b, &e),
                   NEG_OK);
  assert_string_equal(b->name, "energy_pause_uncertain");
  assert_int_equal(b->n_uncertain, 8);
  for (int k = 0; k < b->n_uncertain; k++) {
    const neg_uncertain *u = &b->uncertain[k];
    if (fabs(neg_uncertain_get(a, u) - neg_uncertain_mean(u)) > 1e-12)
      fail_msg("%s: mean %.17g, default %.17g", u->key, neg_uncertain_mean(u),
               neg_uncertain_get(a, u));
    neg_uncertain_set(b, u, neg_uncertain_get(a, u));
  }
  memset(b->uncertain, 0, sizeof b->uncertain);
  b->n_uncertain = 0;
  memcpy(b->name, a->name, sizeof b->name);
  assert_memory_equal(a, b, sizeof *a);
  free(a);
  free(b);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_quantiles),
    cmocka_unit_test(test_moments),
    cmocka_unit_test(test_load_and_write),
    cmocka_unit_test(test_list_and_set),
    cmocka_unit_test(test_errors),
    cmocka_unit_test(test_common_draws),
    cmocka_unit_test(test_engine_draws),
    cmocka_unit_test(test_uncertain_scenario),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
