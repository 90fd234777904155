/* test_analysis.c: grids, sweeps and paired comparisons with common random
 * numbers.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "neg_analysis.h"
#include "neg_stats.h"

#define DEFAULT "scenarios/energy_pause_2025.cfg"

/* Replicates per point: 20,000, scaled by NEGSIM_TEST_SCALE (valgrind). */
static uint64_t replicates(void)
{
  const char *scale = getenv("NEGSIM_TEST_SCALE");
  double f = scale ? atof(scale) : 1.0;
  uint64_t n = (uint64_t)(20000 * (f > 0 && f <= 1 ? f : 1.0));
  return n < 500 ? 500 : n;
}

static void test_grid_parse(void **state)
{
  const char *specs[] = {"pause.days=10:30:3", "parties.us.aid=cut,suspended"};
  char sets[NEG_MAX_VARY][NEG_VARY_MAX];
  neg_error err;
  (void)state;
  neg_grid *g = neg_grid_alloc(specs, 2, "--vary", &err);
  assert_non_null(g);
  assert_int_equal(g->n_points, 6);
  neg_grid_point(g, 0, sets);
  assert_string_equal(sets[0], "pause.days=10");
  assert_string_equal(sets[1], "parties.us.aid=cut");
  neg_grid_point(g, 3, sets); /* the last axis varies fastest */
  assert_string_equal(sets[0], "pause.days=20");
  assert_string_equal(sets[1], "parties.us.aid=suspended");
  neg_grid_point(g, 5, sets);
  assert_string_equal(sets[0], "pause.days=30");
  neg_grid_free(g);
  const char *third[] = {"momentum.drift=0:0.3:4"};
  g = neg_grid_alloc(third, 1, "--vary", &err);
  neg_grid_point(g, 1, sets);
  assert_string_equal(sets[0], "momentum.drift=0.1");
  neg_grid_free(g);
}

static void test_grid_bad(void **state)
{
  static const char *const bad[] = {"pause.days", "=1,2", "pause.days=", "pause.days=1:2",
                                    "pause.days=1:2:1", "pause.days=1:2:x", "pause.days=1,,2",
                                    "pause.days=a:2:3"};
  neg_error err;
  (void)state;
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    neg_grid *g = neg_grid_alloc(&bad[k], 1, "--vary", &err);
    if (g) fail_msg("'%s' was accepted", bad[k]);
    assert_string_equal(err.file, "--vary");
  }
  const char *twice[] = {"pause.days=1,2", "pause.days=3,4"};
  assert_null(neg_grid_alloc(twice, 2, "--vary", &err));
  assert_non_null(strstr(err.reason, "twice"));
}

/* A sweep point gives exactly what a run with the same overrides gives:
 * replicate i sees the same streams at every point. */
static void test_point_is_a_run(void **state)
{
  const char *specs[] = {"parties.russia.compliance=0.95,0.99"};
  const char *sets[] = {"parties.russia.compliance=0.99"};
  neg_point_spec sp = {DEFAULT, NULL, 0, 3000, 1, 5, 0, 0, NULL};
  neg_point_spec direct = {DEFAULT, sets, 1, 3000, 1, 5, 0, 0, NULL};
  neg_scenario s, d;
  neg_error err;
  (void)state;
  neg_grid *g = neg_grid_alloc(specs, 1, "--vary", &err);
  assert_int_equal(neg_sweep_load(&sp, g, 1, &s, &err), NEG_OK);
  assert_int_equal(neg_point_load(&direct, NULL, 0, &d, &err), NEG_OK);
  neg_tally *a = neg_tally_alloc(&s), *b = neg_tally_alloc(&d);
  assert_int_equal(neg_engine_run(&s, s.seed, 0, s.runs, 2, a, NULL), NEG_OK);
  assert_int_equal(neg_engine_run(&d, d.seed, 0, d.runs, 1, b, NULL), NEG_OK);
  assert_memory_equal(a->outcome, b->outcome, sizeof a->outcome);
  neg_tally_free(a);
  neg_tally_free(b);
  neg_grid_free(g);
}

/* A scenario compared with itself differs by exactly 0. */
static void test_compare_self(void **state)
{
  neg_point_spec sp = {DEFAULT, NULL, 0, 2000, 1, 3, 0, 0, NULL};
  neg_scenario s;
  neg_error err;
  neg_pair_tally pt;
  (void)state;
  assert_int_equal(neg_point_load(&sp, NULL, 0, &s, &err), NEG_OK);
  neg_tally *a = neg_tally_alloc(&s), *b = neg_tally_alloc(&s);
  assert_int_equal(neg_compare_run(&s, &s, s.seed, s.runs, 2, a, b, &pt), NEG_OK);
  for (int x = 0; x < NEG_OUT_COUNT; x++)
    for (int y = 0; y < NEG_OUT_COUNT; y++)
      if (x != y) assert_true(pt.joint[x][y] == 0);
  assert_true(pt.runs == 2000);
  neg_tally_free(a);
  neg_tally_free(b);
}

/* P(ceasefire) along a sweep of mediator pressure on russia: every step is
 * non-decreasing within 4 paired standard errors, the curve rises overall,
 * and the paired interval of each step is at least 3 times narrower than
 * the one independent runs would give (printed). */
static void test_pressure_sweep(void **state)
{
  const char *specs[] = {"parties.us.pressure.russia=0:1:11"};
  uint64_t n = replicates();
  neg_point_spec sp = {DEFAULT, NULL, 0, n, 1, 11, 0, 0, NULL};
  neg_scenario a, b;
  neg_error err;
  neg_pair_tally pt;
  (void)state;
  neg_grid *g = neg_grid_alloc(specs, 1, "--vary", &err);
  double first = 0.0, last = 0.0;
  for (size_t p = 0; p + 1 < g->n_points; p++) {
    assert_int_equal(neg_sweep_load(&sp, g, p, &a, &err), NEG_OK);
    assert_int_equal(neg_sweep_load(&sp, g, p + 1, &b, &err), NEG_OK);
    neg_tally *ta = neg_tally_alloc(&a), *tb = neg_tally_alloc(&b);
    assert_int_equal(neg_compare_run(&a, &b, a.seed, n, 0, ta, tb, &pt), NEG_OK);
    uint64_t only_a = 0, only_b = 0;
    for (int x = 1; x < NEG_OUT_COUNT; x++) {
      only_a += pt.joint[NEG_OUT_CEASEFIRE][x];
      only_b += pt.joint[x][NEG_OUT_CEASEFIRE];
    }
    double d, lo, hi, ilo, ihi;
    neg_stats_paired(n, only_a, only_b, 0.95, &d, &lo, &hi);
    neg_stats_independent(ta->outcome[0], tb->outcome[0], n, 0.95, &ilo, &ihi);
    double se = (hi - lo) / (2.0 * 1.959963984540054);
    print_message("pressure step %zu: P(ceasefire) %.4f -> %.4f, paired 95%% half-width "
                  "%.5f, independent %.5f: %.1fx narrower\n", p,
                  (double)ta->outcome[0] / n, (double)tb->outcome[0] / n, (hi - lo) / 2,
                  (ihi - ilo) / 2, (ihi - ilo) / (hi - lo));
    assert_true(d >= -4.0 * se);
    assert_true((ihi - ilo) >= 3.0 * (hi - lo));
    if (p == 0) first = (double)ta->outcome[0] / n;
    last = (double)tb->outcome[0] / n;
    neg_tally_free(ta);
    neg_tally_free(tb);
  }
  assert_true(last - first > 4.0 * sqrt(2.0 * 0.25 / n));
  neg_grid_free(g);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_grid_parse),
    cmocka_unit_test(test_grid_bad),
    cmocka_unit_test(test_point_is_a_run),
    cmocka_unit_test(test_compare_self),
    cmocka_unit_test(test_pressure_sweep),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
