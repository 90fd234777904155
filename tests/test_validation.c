/* test_validation.c: the closed-form special cases of the model brief,
 * each run from its file in scenarios/validation/ at a fixed seed and
 * compared within 4 standard errors; and the engine's independence of the
 * thread count.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "neg_engine.h"
#include "neg_mech.h"
#include "neg_scenario.h"
#include "neg_tally.h"

#define SEED 20260101ULL

/* Replicates per case: 100,000, scaled down by NEGSIM_TEST_SCALE (valgrind). */
static uint64_t replicates(void)
{
  const char *scale = getenv("NEGSIM_TEST_SCALE");
  double f = scale ? atof(scale) : 1.0;
  uint64_t n = (uint64_t)(100000 * (f > 0 && f <= 1 ? f : 1.0));
  return n < 1000 ? 1000 : n;
}

/* Loads scenarios/validation/<name>.cfg and runs it; returns the tally. */
static neg_tally *run_case(const char *name, neg_scenario *s, uint64_t n, int threads)
{
  char path[256];
  neg_error err;
  snprintf(path, sizeof path, "scenarios/validation/%s.cfg", name);
  if (neg_scenario_load(path, NULL, 0, s, &err) != NEG_OK) {
    neg_error_print(stderr, &err);
    fail();
  }
  neg_tally *t = neg_tally_alloc(s);
  assert_non_null(t);
  assert_int_equal(neg_engine_run(s, SEED, 0, n, threads, t, NULL), NEG_OK);
  assert_true(t->runs == n);
  return t;
}

static double prob(const neg_tally *t, neg_outcome o)
{
  return (double)t->outcome[o] / (double)t->runs;
}

/* P(pause survives t days) = prod_i (1 - v_i)^t. */
static void test_breach_survival(void **state)
{
  neg_scenario s;
  uint64_t n = replicates();
  neg_tally *t = run_case("breach_survival", &s, n, 0);
  const int days[] = {1, 5, 10, 20, 30};
  (void)state;
  for (size_t k = 0; k < sizeof days / sizeof days[0]; k++) {
    double survive = 1.0;
    for (int i = 0; i < s.n_parties; i++)
      survive *= pow(s.parties[i].compliance, days[k]);
    assert_within_4se(1.0 - neg_tally_state_share(t, days[k], NEG_STATE_COLLAPSED),
                      survive, n);
  }
  assert_true(t->outcome[NEG_OUT_CEASEFIRE] == 0 && t->outcome[NEG_OUT_EXTENDED] == 0);
  neg_tally_free(t);
}

/* P(ceasefire) = 1 - (1 - prod_i p_i)^k. */
static void test_fixed_acceptance(void **state)
{
  neg_scenario s;
  uint64_t n = replicates();
  neg_tally *t = run_case("fixed_acceptance", &s, n, 0);
  double both = 1.0;
  int k = 0;
  (void)state;
  for (int i = 0; i < s.n_parties; i++)
    both *= neg_choice_prob(s.parties[i].ceasefire_utility, s.parties[i].temperature);
  for (int d = 1; d <= s.pause_days; d++) k += neg_round_scheduled(&s, d, s.pause_days);
  assert_int_equal(k, 3);
  assert_within_4se(prob(t, NEG_OUT_CEASEFIRE), 1.0 - pow(1.0 - both, k), n);
  assert_true(t->outcome[NEG_OUT_COLLAPSED] == 0);
  neg_tally_free(t);
}

/* Mean trust after n days = (a + n - n v) / (a + b + n), v = 1 - compliance
 * of the other side; its SE follows from Binomial(n, v). */
static void test_beta_trust(void **state)
{
  neg_scenario s;
  uint64_t n = replicates();
  neg_tally *t = run_case("beta_trust", &s, n, 0);
  const neg_party *uk = &s.parties[1];
  double v = 1.0 - s.parties[0].compliance;
  (void)state;
  for (int d = 1; d < s.pause_days; d += 7) {
    double denom = uk->prior_a + uk->prior_b + d;
    double mean = (uk->prior_a + d - d * v) / denom;
    double se = sqrt(d * v * (1.0 - v)) / denom / sqrt((double)n);
    assert_close(neg_tally_trust_mean(t, d, 1), mean, 4.0 * se);
  }
  /* russia observes a side that never breaches: trust is deterministic */
  double d = s.pause_days - 1;
  assert_close(neg_tally_trust_mean(t, (int)d, 0),
               (s.parties[0].prior_a + d) / (s.parties[0].prior_a + s.parties[0].prior_b + d),
               1e-6);
  neg_tally_free(t);
}

/* General model: a hard renewal condition that can never be met lapses the
 * truce at the first term's end with probability 1; the same condition met
 * by a scheduled event on day 20 lets it be renewed with probability 1. */
static void test_renewal_condition(void **state)
{
  neg_scenario s;
  uint64_t n = replicates() / 10;
  neg_tally *t = run_case("renewal_condition_unmet", &s, n, 0);
  (void)state;
  assert_true(t->outcome[NEG_OUT_LAPSED] == n);
  assert_true(t->ended[s.pause_days * NEG_OUT_COUNT + NEG_OUT_LAPSED] == n);
  neg_tally_free(t);
  t = run_case("renewal_condition_met", &s, n, 0);
  assert_true(t->outcome[NEG_OUT_EXTENDED] == n);
  assert_true(neg_tally_state_share(t, s.pause_days, NEG_STATE_EXTENDED) == 1.0);
  neg_tally_free(t);
}

/* General model: a side deal of constant daily probability p from day s
 * is reached on a geometric day; the ceasefire it unlocks comes that day:
 * P(ceasefire by t) = 1 - (1 - p)^(t - s + 1). */
static void test_deal_geometric(void **state)
{
  neg_scenario s;
  uint64_t n = replicates();
  neg_tally *t = run_case("deal_geometric", &s, n, 0);
  const neg_deal *dl = &s.deals[1];
  (void)state;
  for (int d = 1; d <= s.horizon_days; d += 5) {
    double p = d < dl->start_day ? 0.0 : 1.0 - pow(1.0 - dl->daily_probability,
                                                   d - dl->start_day + 1);
    assert_within_4se(neg_tally_state_share(t, d, NEG_STATE_CEASEFIRE), p, n);
  }
  assert_true(neg_tally_state_share(t, dl->start_day - 1, NEG_STATE_CEASEFIRE) == 0.0);
  neg_tally_free(t);
}

/* Incidents: attributed majors are Poisson(-ln(1 - p) m d) a day, so the
 * truce survives t days with probability (1 - p)^(m d t). */
static void test_incidents_geometric(void **state)
{
  neg_scenario s;
  uint64_t n = replicates() / 4;
  neg_tally *t = run_case("incidents_geometric", &s, n, 0);
  const neg_party *obs = &s.parties[0], *p = &s.parties[1];
  double q = pow(p->compliance, p->major_share * obs->detection);
  (void)state;
  for (int d = 1; d <= s.horizon_days; d += 7)
    assert_within_4se(1.0 - neg_tally_state_share(t, d, NEG_STATE_COLLAPSED), pow(q, d), n);
  assert_true(neg_tally_breaches_mean(t, 1, 1) > 0.2);   /* incidents happened */
  neg_tally_free(t);
}

/* Incidents: every one minor, no false accusations, no trust floor: the
 * truce never collapses, though incidents are many and trust falls. */
static void test_incidents_all_minor(void **state)
{
  neg_scenario s;
  uint64_t n = replicates() / 10;
  neg_tally *t = run_case("incidents_all_minor", &s, n, 0);
  (void)state;
  assert_true(t->outcome[NEG_OUT_COLLAPSED] == 0);
  assert_true(neg_tally_breaches_mean(t, s.horizon_days, 0) > 10.0);
  assert_true(neg_tally_majors_mean(t, s.horizon_days, 0) == 0.0);
  /* below the trust of 39 quiet days, (1 + 39) / (2 + 39) */
  assert_true(neg_tally_trust_mean(t, s.horizon_days - 1, 0) < 0.9);
  neg_tally_free(t);
}

/* Incidents: a party that never consented never abandons the truce; the
 * declaring side abandons at the other's first incident and renews alone. */
static void test_incidents_unilateral(void **state)
{
  neg_scenario s;
  neg_error err;
  uint64_t n = replicates() / 10, abandoned = 0;
  neg_record *rec = malloc(n * sizeof *rec);
  neg_tally *t;
  (void)state;
  assert_non_null(rec);
  assert_int_equal(neg_scenario_load("scenarios/validation/incidents_unilateral.cfg", NULL, 0,
                                     &s, &err), NEG_OK);
  assert_non_null(t = neg_tally_alloc(&s));
  assert_int_equal(neg_engine_run(&s, SEED, 0, n, 0, t, rec), NEG_OK);
  for (uint64_t i = 0; i < n; i++) {
    assert_true(rec[i].abandoned_by != 1);
    abandoned += rec[i].abandoned_by == 0;
  }
  assert_true(abandoned == t->outcome[NEG_OUT_COLLAPSED] && abandoned > 0);
  assert_within_4se(prob(t, NEG_OUT_LAPSED), pow(s.parties[1].compliance, s.horizon_days), n);
  neg_tally_free(t);
  free(rec);
}

/* Incidents: daily minor incidents and rare major ones with tolerance 3
 * collapse the truce far less often than the same incidents all major. */
static void test_incidents_minor_vs_major(void **state)
{
  const char *mixed[] = {"parties.russia.incidents=poisson", "parties.ukraine.incidents=poisson",
                         "parties.russia.major_share=0.02", "parties.ukraine.major_share=0.02",
                         "parties.russia.compliance=0.5", "parties.ukraine.compliance=0.5",
                         "parties.russia.tolerance=3", "parties.ukraine.tolerance=3",
                         "parties.russia.trust_floor=0", "parties.ukraine.trust_floor=0",
                         "parties.russia.false_accusation=0",
                         "parties.ukraine.false_accusation=0"};
  neg_scenario s;
  neg_error err;
  uint64_t n = replicates() / 10;
  double p[2];
  (void)state;
  for (int k = 0; k < 2; k++) {
    const char *sets[16];
    size_t m = sizeof mixed / sizeof *mixed;
    memcpy(sets, mixed, sizeof mixed);
    if (k) {   /* the same incidents, every one major */
      sets[m++] = "parties.russia.major_share=1";
      sets[m++] = "parties.ukraine.major_share=1";
    }
    assert_int_equal(neg_scenario_load("scenarios/energy_pause_2025.cfg", sets, m, &s, &err),
                     NEG_OK);
    neg_tally *t = neg_tally_alloc(&s);
    assert_non_null(t);
    assert_int_equal(neg_engine_run(&s, SEED, 0, n, 0, t, NULL), NEG_OK);
    p[k] = prob(t, NEG_OUT_COLLAPSED);
    neg_tally_free(t);
  }
  print_message("P(collapsed): %.4f mostly minor, %.4f all major\n", p[0], p[1]);
  assert_true(p[0] < 0.2 && p[1] > 0.9);   /* far below: ~0.07 against ~1 */
}

/* A hard condition that can never be met: P(ceasefire) = 0 exactly. */
static void test_impossible_condition(void **state)
{
  neg_scenario s;
  uint64_t n = replicates();
  neg_tally *t = run_case("impossible_condition", &s, n, 0);
  (void)state;
  assert_true(t->outcome[NEG_OUT_CEASEFIRE] == 0);
  assert_true(t->outcome[NEG_OUT_EXTENDED] > 0); /* rounds did happen */
  neg_tally_free(t);
}

/* Temperature 0: positive utilities accept at the first round for sure,
 * a negative one never does. */
static void test_deterministic_choice(void **state)
{
  neg_scenario s;
  uint64_t n = replicates();
  neg_tally *t = run_case("deterministic_accept", &s, n, 0);
  (void)state;
  assert_true(t->outcome[NEG_OUT_CEASEFIRE] == n);
  assert_close(neg_tally_outcome_mean_day(t, NEG_OUT_CEASEFIRE), s.round_every, 0);
  neg_tally_free(t);
  t = run_case("deterministic_refuse", &s, n, 0);
  assert_true(t->outcome[NEG_OUT_CEASEFIRE] == 0);
  assert_true(t->outcome[NEG_OUT_LAPSED] == n);
  neg_tally_free(t);
}

/* Compares every array of two tallies. */
static void assert_tally_equal(const neg_tally *a, const neg_tally *b)
{
  size_t days = (size_t)a->horizon + 1, np = (size_t)a->n_parties;
  assert_true(a->runs == b->runs);
  assert_memory_equal(a->outcome, b->outcome, sizeof a->outcome);
  assert_memory_equal(a->ended, b->ended, days * NEG_OUT_COUNT * sizeof(uint64_t));
  assert_memory_equal(a->holding, b->holding, days * 2 * sizeof(uint64_t));
  assert_memory_equal(a->trust_fx, b->trust_fx, days * np * sizeof(uint64_t));
  assert_memory_equal(a->aid_fx, b->aid_fx, days * sizeof(uint64_t));
  assert_memory_equal(a->deal, b->deal, days * sizeof(uint64_t));
  assert_memory_equal(a->breaches_live, b->breaches_live, days * np * sizeof(uint64_t));
  assert_memory_equal(a->breaches_ended, b->breaches_ended, days * np * sizeof(uint64_t));
}

/* The default scenario gives identical tallies at 1, 2 and 4 threads, and
 * a batch split gives the same as one call. */
static void test_threads_identical(void **state)
{
  neg_scenario s;
  neg_error err;
  uint64_t n = replicates() / 5 + 1123; /* > 1000: split below */
  (void)state;
  if (neg_scenario_load("scenarios/energy_pause_2025.cfg", NULL, 0, &s, &err)) {
    neg_error_print(stderr, &err);
    fail();
  }
  neg_tally *one = neg_tally_alloc(&s), *other = neg_tally_alloc(&s);
  assert_int_equal(neg_engine_run(&s, 7, 0, n, 1, one, NULL), NEG_OK);
  for (int threads = 2; threads <= 4; threads += 2) {
    neg_tally_reset(other);
    assert_int_equal(neg_engine_run(&s, 7, 0, n, threads, other, NULL), NEG_OK);
    assert_tally_equal(one, other);
  }
  neg_tally_reset(other);
  assert_int_equal(neg_engine_run(&s, 7, 0, 1000, 2, other, NULL), NEG_OK);
  assert_int_equal(neg_engine_run(&s, 7, 1000, n - 1000, 3, other, NULL), NEG_OK);
  assert_tally_equal(one, other);
  neg_tally_free(one);
  neg_tally_free(other);
}

/* Runs in one workspace (a sweep thread's, kept from point to point) give
 * the tallies and records of runs on their own: points that share laws,
 * points that do not, other horizons (the same probabilities), shapes the
 * runner cannot be reused for (horizon, tolerance, a decision day more),
 * uncertain parameters; and a workspace whose law budget empties its
 * cache before every run. */
static void test_workspace(void **state)
{
  static const char *const sets[][3] = {
    {"parties.russia.compliance=0.97", "pause.horizon_days=90", "pause.days=30"},
    {"parties.russia.compliance=0.9", "pause.horizon_days=90", "pause.days=30"},
    {"parties.russia.compliance=0.9", "pause.horizon_days=90", "parties.russia.tolerance=3"},
    {"parties.russia.compliance=0.97", "pause.horizon_days=60", "pause.days=30"},
    {"parties.russia.compliance=0.97", "pause.horizon_days=365", "pause.days=30"},
    {"parties.russia.compliance=1", "pause.horizon_days=90", "pause.days=30"},
    {"parties.russia.compliance=0.97", "pause.horizon_days=90", "rounds.every=3"},
    {"parties.russia.compliance=0.9", "pause.horizon_days=90", "pause.days=31"},
    {"parties.russia.compliance=0.97", "pause.horizon_days=60", "parties.us.aid_share=0.1"},
  };
  const char *files[] = {"scenarios/energy_pause_2025.cfg", "scenarios/energy_pause_uncertain.cfg"};
  const uint64_t n = NEG_ENGINE_BLOCK + 1000;  /* two blocks */
  neg_scenario *s = malloc(sizeof *s);
  neg_record *ra = malloc(n * sizeof *ra), *rb = malloc(n * sizeof *rb);
  neg_error err;
  (void)state;
  assert_non_null(s);
  assert_non_null(ra);
  assert_non_null(rb);
  for (size_t budget = 0; budget <= NEG_LAW_CACHE_BYTES; budget += NEG_LAW_CACHE_BYTES) {
    neg_workspace *ws = neg_workspace_alloc(budget);
    assert_non_null(ws);
    for (size_t k = 0; k < 2 * sizeof sets / sizeof sets[0]; k++) {
      const size_t x = k % (sizeof sets / sizeof sets[0]);
      const char *file = files[k == 3];
      if (neg_scenario_load(file, sets[x], 3, s, &err)) {
        neg_error_print(stderr, &err);
        fail();
      }
      neg_tally *alone = neg_tally_alloc(s), *in = neg_tally_alloc(s);
      memset(ra, 0, n * sizeof *ra);  /* the padding of the records */
      memset(rb, 0, n * sizeof *rb);
      assert_int_equal(neg_engine_run(s, 7, 100, n, 1, alone, ra), NEG_OK);
      assert_int_equal(neg_engine_run_in(ws, s, 7, 100, n, in, k % 2 ? rb : NULL), NEG_OK);
      assert_tally_equal(alone, in);
      if (k % 2) assert_memory_equal(ra, rb, n * sizeof *ra);
      neg_tally_free(alone);
      neg_tally_free(in);
    }
    neg_workspace_free(ws);
  }
  free(ra);
  free(rb);
  free(s);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_breach_survival),
    cmocka_unit_test(test_fixed_acceptance),
    cmocka_unit_test(test_beta_trust),
    cmocka_unit_test(test_impossible_condition),
    cmocka_unit_test(test_renewal_condition),
    cmocka_unit_test(test_deal_geometric),
    cmocka_unit_test(test_incidents_geometric),
    cmocka_unit_test(test_incidents_all_minor),
    cmocka_unit_test(test_incidents_unilateral),
    cmocka_unit_test(test_incidents_minor_vs_major),
    cmocka_unit_test(test_deterministic_choice),
    cmocka_unit_test(test_threads_identical),
    cmocka_unit_test(test_workspace),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
