/* test_model.c: the mechanisms of one replicate, unit by unit, and the
 * random streams they draw from.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "testutil.h"

#include <math.h>
#include <string.h>

#include "neg_mech.h"
#include "neg_model.h"
#include "neg_rng.h"
#include "neg_tally.h"

#include <gsl/gsl_cdf.h>

/* Two belligerents (0 russia, 1 ukraine) and one backer (2 us). */
static void small_scenario(neg_scenario *s)
{
  neg_scenario_defaults(s);
  s->n_parties = 3;
  for (int i = 0; i < 3; i++) {
    neg_party *p = &s->parties[i];
    neg_party_defaults(p);
    snprintf(p->id, sizeof p->id, "%s", i == 0 ? "russia" : i == 1 ? "ukraine" : "us");
    p->role = i < 2 ? NEG_ROLE_BELLIGERENT : NEG_ROLE_BACKER;
  }
  s->parties[1].momentum_side = -1;
  s->parties[2].aid_share = 0.5;
}

static void test_choice_prob(void **state)
{
  (void)state;
  assert_true(neg_choice_prob(0.3, 0.0) == 1.0);
  assert_true(neg_choice_prob(-0.3, 0.0) == 0.0);
  assert_true(neg_choice_prob(0.0, 0.0) == 0.0);
  assert_close(neg_choice_prob(0.0, 1.0), 0.5, 1e-15);
  assert_close(neg_choice_prob(log(0.7 / 0.3), 1.0), 0.7, 1e-12);
  assert_close(neg_choice_prob(log(0.7 / 0.3) * 2.0, 2.0), 0.7, 1e-12);
}

static void test_breach_prob(void **state)
{
  neg_scenario s;
  neg_world w;
  neg_rng *r = neg_rng_alloc();
  (void)state;
  small_scenario(&s);
  s.parties[0].compliance = 0.9;
  neg_model_init(&w, &s, r);
  assert_true(neg_breach_prob(&s, &w, 0) == 1.0 - 0.9);
  s.parties[0].reciprocity = log(3.0);
  w.window_sum[0] = 1; /* odds 1/9 times 3 = 1/3 */
  assert_close(neg_breach_prob(&s, &w, 0), 0.25, 1e-12);
  s.parties[0].compliance = 1.0;
  assert_true(neg_breach_prob(&s, &w, 0) == 0.0);
  s.parties[0].compliance = 0.9;
  s.parties[0].reciprocity = 0.0;
  s.parties[0].restraint = log(9.0);
  w.pressure[0] = 1.0; /* odds 1/9 divided by 9 */
  assert_close(neg_breach_prob(&s, &w, 0), 1.0 / 82.0, 1e-12);
  neg_rng_free(r);
}

static void test_trust_posterior(void **state)
{
  neg_scenario s;
  neg_world w;
  int breaches = 0, n = 25;
  (void)state;
  small_scenario(&s);
  s.parties[1].prior_a = 2.0;
  s.parties[1].prior_b = 3.0;
  neg_model_init(&w, &s, NULL);
  for (int d = 1; d <= n; d++) {
    w.attributed_today[1] = d % 4 == 0;
    breaches += d % 4 == 0;
    neg_trust_update(&s, &w);
  }
  assert_close(neg_model_trust(&w, 1), (2.0 + n - breaches) / (2.0 + 3.0 + n), 1e-15);
}

static void test_collapse(void **state)
{
  neg_scenario s;
  neg_world w;
  (void)state;
  small_scenario(&s);
  s.parties[1].tolerance = 2;
  neg_model_init(&w, &s, NULL);
  w.window_sum[1] = 1;
  assert_int_equal(neg_collapse_who(&s, &w), -1);
  w.window_sum[1] = 2;
  assert_int_equal(neg_collapse_who(&s, &w), 1);
  w.window_sum[1] = 0;
  s.parties[0].trust_floor = 0.4;
  w.trust_a[0] = 1.0;
  w.trust_b[0] = 2.0;
  assert_int_equal(neg_collapse_who(&s, &w), 0);
}

static void test_window_forgets(void **state)
{
  neg_scenario s;
  neg_world w;
  neg_rng *r = neg_rng_alloc();
  (void)state;
  small_scenario(&s);
  s.parties[0].compliance = 0.0; /* breaches every day */
  s.parties[1].compliance = 1.0;
  s.parties[0].window_days = 3;
  s.parties[1].window_days = 3;
  neg_model_init(&w, &s, r);
  for (int d = 1; d <= 5; d++) {
    w.day = d;
    neg_breach_day(&s, &w, neg_rng_draws(r, NEG_STREAM_BREACH, d),
                   neg_rng_draws(r, NEG_STREAM_DETECT, d),
                   neg_rng_draws(r, NEG_STREAM_ACCUSE, d), NULL);
    assert_int_equal(w.window_sum[1], d < 3 ? d : 3);
    assert_int_equal(w.window_sum[0], 0);
  }
  assert_int_equal(w.breaches[0], 5);
  neg_rng_free(r);
}

static void test_conditions(void **state)
{
  neg_scenario s;
  neg_world w;
  int blocked;
  neg_condition aid_cut = {.lever = NEG_LEVER_AID, .at_least = 0, .threshold = 0.1, .hard = 1};
  neg_condition security = {.lever = NEG_LEVER_SECURITY, .at_least = 1, .threshold = 0.5,
                            .penalty = 2.5};
  (void)state;
  small_scenario(&s);
  s.parties[0].conditions[0] = aid_cut;
  s.parties[0].conditions[1] = security;
  s.parties[0].n_conditions = 2;
  neg_model_init(&w, &s, NULL);
  assert_close(w.aid, 0.5, 0);
  assert_false(neg_condition_met(&s, &w, &aid_cut));
  assert_true(neg_condition_met(&s, &w, &security));
  assert_close(neg_conditions_penalty(&s, &w, 0, &blocked), 0.0, 0);
  assert_true(blocked);
  w.aid = 0.0;
  s.guarantee = 0.4;
  assert_close(neg_conditions_penalty(&s, &w, 0, &blocked), 2.5, 0);
  assert_false(blocked);
  s.guarantee = 0.5;
  assert_close(neg_conditions_penalty(&s, &w, 0, &blocked), 0.0, 0);
}

static void test_policy(void **state)
{
  neg_scenario s;
  neg_world w;
  neg_rng *r = neg_rng_alloc();
  neg_rule suspend = {.on = NEG_EVENT_REFUSAL, .by = 1, .action = NEG_ACTION_SUSPEND,
                      .probability = 1.0, .issue = -1, .deal = -1, .reached = -1, .watch = -1};
  neg_rule resume = {.on = NEG_EVENT_ACCEPTANCE, .by = -1, .action = NEG_ACTION_RESUME,
                     .probability = 1.0, .issue = -1, .deal = -1, .reached = -1, .watch = -1};
  neg_rule relief = {.on = NEG_EVENT_ROUND, .by = -1, .action = NEG_ACTION_RELIEVE_SANCTIONS,
                     .probability = 0.0, .issue = -1, .deal = -1, .reached = -1, .watch = -1};
  (void)state;
  small_scenario(&s);
  s.parties[2].rules[0] = suspend;
  s.parties[2].rules[1] = resume;
  s.parties[2].rules[2] = relief;
  s.parties[2].n_rules = 3;
  neg_model_init(&w, &s, r);
  neg_policy_react(&s, &w, NEG_EVENT_REFUSAL, 0, neg_rng_draws(r, NEG_STREAM_POLICY, 1));
  assert_close(w.aid, 0.5, 0); /* refusal by russia: rule is for ukraine */
  neg_policy_react(&s, &w, NEG_EVENT_REFUSAL, 1, neg_rng_draws(r, NEG_STREAM_POLICY, 1));
  assert_int_equal(w.aid_status[2], NEG_AID_SUSPENDED);
  assert_close(w.aid, 0.0, 0);
  neg_policy_react(&s, &w, NEG_EVENT_ACCEPTANCE, 0, neg_rng_draws(r, NEG_STREAM_POLICY, 2));
  assert_close(w.aid, 0.5, 0);
  for (int d = 3; d < 200; d++)
    neg_policy_react(&s, &w, NEG_EVENT_ROUND, -1, neg_rng_draws(r, NEG_STREAM_POLICY, d));
  assert_int_equal(w.sanctions_relief, 0); /* probability 0 never fires */
  s.parties[2].rules[0].action = NEG_ACTION_CUT;
  neg_policy_react(&s, &w, NEG_EVENT_REFUSAL, 1, neg_rng_draws(r, NEG_STREAM_POLICY, 300));
  neg_policy_react(&s, &w, NEG_EVENT_ACCEPTANCE, 1, neg_rng_draws(r, NEG_STREAM_POLICY, 301));
  assert_int_equal(w.aid_status[2], NEG_AID_CUT); /* a cut is not resumed */
  neg_rng_free(r);
}

static void test_momentum_drift(void **state)
{
  neg_scenario s;
  neg_world w;
  neg_rng *r = neg_rng_alloc();
  (void)state;
  small_scenario(&s);
  s.momentum_volatility = 0.0;
  s.momentum_drift = 0.1;
  s.momentum_aid_effect = 0.2;
  s.momentum_aid_reference = 0.25;
  neg_model_init(&w, &s, r);
  neg_momentum_step(&s, &w, neg_rng_draws(r, NEG_STREAM_MOMENTUM, 1));
  assert_close(w.momentum, s.momentum_initial + 0.1 + 0.2 * 0.25, 1e-15);
  neg_rng_free(r);
}

static void test_round_schedule(void **state)
{
  neg_scenario s;
  (void)state;
  small_scenario(&s);
  s.round_every = 7;
  s.round_at_pause_end = 1;
  s.n_round_days = 1;
  s.round_days[0] = 3;
  assert_true(neg_round_scheduled(&s, 3, 30));
  assert_true(neg_round_scheduled(&s, 14, 30));
  assert_true(neg_round_scheduled(&s, 30, 30));
  assert_false(neg_round_scheduled(&s, 29, 30));
  s.round_at_pause_end = 0;
  assert_false(neg_round_scheduled(&s, 30, 30));
}

static void test_maritime(void **state)
{
  neg_scenario s;
  neg_world w;
  neg_rng *r = neg_rng_alloc();
  (void)state;
  small_scenario(&s);
  s.maritime_daily_probability = 1.0;
  s.maritime_start_day = 4;
  s.maritime_trust_bonus = 3.0;
  neg_model_init(&w, &s, r);
  w.day = 3;
  assert_int_equal(neg_maritime_day(&s, &w, neg_rng_draws(r, NEG_STREAM_MARITIME, 3)), 0);
  w.day = 4;
  assert_int_equal(neg_maritime_day(&s, &w, neg_rng_draws(r, NEG_STREAM_MARITIME, 4)), 1);
  assert_close(w.trust_a[0], s.parties[0].prior_a + 3.0, 0);
  assert_close(w.trust_a[2], s.parties[2].prior_a, 0); /* backers hold no belief */
  assert_close(neg_issue_value(&s, &w, NEG_LEVER_MARITIME), 1.0, 0);
  neg_rng_free(r);
}

/* Same (seed, replicate) gives the same replicate; another seed differs. */
static void test_replicate_reproducible(void **state)
{
  neg_scenario s;
  neg_world a, b;
  neg_rng *r = neg_rng_alloc();
  int differ = 0;
  (void)state;
  small_scenario(&s);
  s.parties[0].compliance = 0.9;
  s.parties[1].compliance = 0.9;
  for (uint64_t i = 0; i < 50; i++) {
    neg_rng_set(r, 7, i);
    neg_model_run(&a, &s, r);
    neg_rng_set(r, 7, i);
    neg_model_run(&b, &s, r);
    assert_int_equal(a.outcome, b.outcome);
    assert_int_equal(a.outcome_day, b.outcome_day);
    assert_true(a.momentum == b.momentum);
    neg_rng_set(r, 8, i);
    neg_model_run(&b, &s, r);
    differ += a.outcome_day != b.outcome_day || a.momentum != b.momentum;
  }
  assert_true(differ > 40);
  neg_rng_free(r);
}

/* Streams: reproducible, independent by mechanism and day, uniform and
 * normal moments within 4 standard errors. */
static void test_streams(void **state)
{
  neg_rng *r = neg_rng_alloc();
  const int n = 200000;
  double sum = 0.0, gsum = 0.0, gsq = 0.0;
  (void)state;
  neg_rng_set(r, 42, 9);
  unsigned long x = neg_draws_u32(neg_rng_draws(r, NEG_STREAM_BREACH, 5));
  unsigned long y = neg_draws_u32(neg_rng_draws(r, NEG_STREAM_BREACH, 6));
  unsigned long z = neg_draws_u32(neg_rng_draws(r, NEG_STREAM_DETECT, 5));
  assert_true(x == neg_draws_u32(neg_rng_draws(r, NEG_STREAM_BREACH, 5)));
  assert_true(x != y && x != z);
  neg_draws *g = neg_rng_draws(r, NEG_STREAM_MOMENTUM, 1);
  for (int i = 0; i < n; i++) {
    double u = neg_draws_uniform(g), v = neg_rng_gaussian(g);
    sum += u;
    gsum += v;
    gsq += v * v;
  }
  assert_close(sum / n, 0.5, 4.0 * sqrt(1.0 / 12.0 / n));
  assert_close(gsum / n, 0.0, 4.0 / sqrt(n));
  assert_close(gsq / n, 1.0, 4.0 * sqrt(2.0 / n));
  neg_rng_free(r);
}

/* Random access to a stream gives the words sequential draws give. */
static void test_draws_at(void **state)
{
  neg_rng *r = neg_rng_alloc();
  neg_draws seq, at;
  (void)state;
  neg_rng_set(r, 3, 77);
  neg_draws_init(&seq, r, NEG_STREAM_ACCEPT, 12);
  neg_draws_init(&at, r, NEG_STREAM_ACCEPT, 12);
  uint32_t w[12];
  for (int i = 0; i < 12; i++) w[i] = neg_draws_u32(&seq);
  for (int i = 11; i >= 0; i -= 3) assert_true(neg_draws_at(&at, (uint32_t)i) == w[i]);
  for (int i = 0; i < 12; i++) assert_true(neg_draws_at(&at, (uint32_t)i) == w[i]);
  assert_true(neg_draws_u32(neg_rng_draws(r, NEG_STREAM_ACCEPT, 12)) == w[0]);
  neg_rng_free(r);
}

/* Blocks made several at a time, by every code the processor has (16
 * lanes, 4, one by one), are the blocks a stream's refills make, for every
 * count of blocks up to 40, so that full vectors, partial ones and the
 * blocks left over are all checked; a stream given its first block
 * continues as one that computed it. */
static void test_philox_batches(void **state)
{
  enum { N = 40 };
  neg_rng *r = neg_rng_alloc();
  uint32_t c2[N], b[N], out[N][4];
  neg_draws d, loaded;
  int levels = 0;
  (void)state;
  neg_rng_set(r, 0x123456789abcdefULL, 0xfedcba987654321ULL);
  for (int level = NEG_PHILOX_SCALAR; level <= NEG_PHILOX_AVX512; level++) {
    if (neg_philox_use(level) != level) continue;  /* the processor lacks it */
    levels++;
    for (int n = 0; n <= N; n++) {
      for (int i = 0; i < n; i++) {
        neg_draws_init(&d, r, (neg_stream)(i % NEG_STREAM_COUNT), 1000 * i + n);
        c2[i] = d.ctr[2];
        b[i] = (uint32_t)(i * 7919 + n) % 50;
      }
      neg_philox_lanes(d.key, d.ctr[0], d.ctr[1], c2, b, n, out);
      for (int i = 0; i < n; i++) {
        neg_draws_init(&d, r, (neg_stream)(i % NEG_STREAM_COUNT), 1000 * i + n);
        for (int j = 0; j < 4; j++)
          assert_true(neg_draws_at(&d, 4 * b[i] + (uint32_t)j) == out[i][j]);
      }
    }
  }
  neg_philox_use(NEG_PHILOX_AVX512);
  printf("philox batches: %d kinds of code checked\n", levels);
  assert_true(levels >= 1);
  neg_draws_init(&d, r, NEG_STREAM_BREACH, 5);
  neg_draws_init(&loaded, r, NEG_STREAM_BREACH, 5);
  c2[0] = loaded.ctr[2];
  b[0] = 0;
  neg_philox_lanes(loaded.key, loaded.ctr[0], loaded.ctr[1], c2, b, 1, out);
  neg_draws_load(&loaded, out[0]);
  for (int i = 0; i < 10; i++) assert_true(neg_draws_u32(&loaded) == neg_draws_u32(&d));
  neg_rng_free(r);
}

/* The normal quantile agrees with GSL's to a few units in the last place,
 * in the centre and far into the tails. */
static void test_normal_quantile(void **state)
{
  (void)state;
  for (int i = 1; i < 20000; i++) {
    double p = i / 20000.0;
    double x = neg_rng_normal_quantile(p), y = gsl_cdf_ugaussian_Pinv(p);
    assert_close(x, y, 1e-14 * fmax(1.0, fabs(y)));
  }
  for (double p = 1e-300; p < 1e-3; p *= 7.3) {
    assert_close(neg_rng_normal_quantile(p), gsl_cdf_ugaussian_Pinv(p),
                 1e-14 * fabs(gsl_cdf_ugaussian_Pinv(p)));
    if (p > 1e-15)   /* 1 - p rounds to 1 below */
      assert_close(neg_rng_normal_quantile(1.0 - p), gsl_cdf_ugaussian_Pinv(1.0 - p),
                   1e-14 * fabs(gsl_cdf_ugaussian_Pinv(1.0 - p)));
  }
  /* the extreme words of a stream, (k + 1/2) 2^-32 */
  assert_close(neg_rng_normal_quantile(neg_rng_open01(0)),
               gsl_cdf_ugaussian_Pinv(0.5 / 4294967296.0), 1e-13);
  assert_close(neg_rng_normal_quantile(neg_rng_open01(0xffffffffu)),
               gsl_cdf_ugaussian_Pinv(1.0 - 0.5 / 4294967296.0), 1e-13);
  assert_true(neg_rng_normal_quantile(0.5) == 0.0);
}

/* The central normal quantiles made several at a time, by every code the
 * processor has, are the bits neg_rng_normal_quantile gives, NaN outside
 * the central range: at words spread over the range, at the words on either
 * side of its edges (|p - 1/2| = 0.425) and for every count up to 20. */
static void test_normal_central(void **state)
{
  enum { N = 4096 };
  static uint32_t w[N];
  static double z[N];
  const double edges[] = {0.075, 0.925};
  int levels = 0, central = 0;
  (void)state;
  for (int i = 0; i < N - 64; i++) w[i] = (uint32_t)((uint64_t)i * 1048573u * 1021u);
  for (int e = 0; e < 2; e++) {
    uint32_t k = (uint32_t)(edges[e] * 4294967296.0);
    for (int j = 0; j < 32; j++) w[N - 64 + 32 * e + j] = k - 16 + (uint32_t)j;
  }
  for (int level = NEG_PHILOX_SCALAR; level <= NEG_PHILOX_AVX512; level++) {
    if (neg_philox_use(level) != level) continue;
    levels++;
    for (int n = 0; n <= 20; n++) {   /* partial vectors */
      neg_normal_central(w + 1000, n, z);
      for (int i = 0; i < n; i++) {
        double x = neg_rng_normal_quantile(neg_rng_open01(w[1000 + i]));
        assert_true(isnan(z[i]) || memcmp(&z[i], &x, sizeof x) == 0);
      }
    }
    neg_normal_central(w, N, z);
    for (int i = 0; i < N; i++) {
      double p = neg_rng_open01(w[i]), x = neg_rng_normal_quantile(p);
      if (fabs(p - 0.5) <= 0.425) {
        assert_true(memcmp(&z[i], &x, sizeof x) == 0);
        central++;
      } else {
        assert_true(isnan(z[i]));
      }
    }
  }
  neg_philox_use(NEG_PHILOX_AVX512);
  printf("normal central: %d kinds of code, %d central words checked\n", levels, central);
  assert_true(central > N / 2);
}

/* The tally's fixed point is llround(x 2^30), halves included. */
static void test_tally_fix(void **state)
{
  (void)state;
  for (int i = 0; i <= 100000; i++) {
    double x = i / 100000.0;
    assert_true(neg_tally_fix(x) == (uint64_t)llround(x * NEG_FIX_SCALE));
  }
  for (uint64_t k = 0; k < 4000; k++) {   /* exact halves: k + 1/2 units */
    double x = ((double)k + 0.5) / NEG_FIX_SCALE;
    assert_true(neg_tally_fix(x) == (uint64_t)llround(x * NEG_FIX_SCALE));
  }
  assert_true(neg_tally_fix(1.0) == (uint64_t)NEG_FIX_SCALE);
  assert_true(neg_tally_fix(1e-300) == 0);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_choice_prob),
    cmocka_unit_test(test_breach_prob),
    cmocka_unit_test(test_trust_posterior),
    cmocka_unit_test(test_collapse),
    cmocka_unit_test(test_window_forgets),
    cmocka_unit_test(test_conditions),
    cmocka_unit_test(test_policy),
    cmocka_unit_test(test_momentum_drift),
    cmocka_unit_test(test_round_schedule),
    cmocka_unit_test(test_maritime),
    cmocka_unit_test(test_replicate_reproducible),
    cmocka_unit_test(test_streams),
    cmocka_unit_test(test_draws_at),
    cmocka_unit_test(test_philox_batches),
    cmocka_unit_test(test_normal_central),
    cmocka_unit_test(test_normal_quantile),
    cmocka_unit_test(test_tally_fix),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
