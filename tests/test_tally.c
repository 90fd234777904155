/* test_tally.c: the tally of replicates by outcome and by day, fed with
 * hand-built worlds.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "testutil.h"

#include <math.h>
#include <string.h>

#include "neg_tally.h"

#define TOL 1e-9

/* One hand-made replicate: how and when it ends and what it holds each day. */
typedef struct {
  int end;              /* day of the outcome */
  neg_outcome out;
  int ext_day;          /* first day with an extension, 0 for none */
  double ta[3], tb[3];  /* Beta belief of each party */
  double aid;
  int deal_day;         /* first day with the maritime deal, 0 for none */
  int breaches[3];      /* breaches per day of each party */
} rep;

/* Fills s with 3 parties (russia, us, ukraine; us a backer) over horizon days. */
static void make_scenario(neg_scenario *s, int horizon)
{
  memset(s, 0, sizeof *s);
  strcpy(s->name, "tally_test");
  s->horizon_days = horizon;
  s->pause_days = horizon;
  s->n_parties = 3;
  strcpy(s->parties[0].id, "russia");
  strcpy(s->parties[1].id, "us");
  s->parties[1].role = NEG_ROLE_BACKER;
  strcpy(s->parties[2].id, "ukraine");
}

/* Feeds every day of replicate r to t, as the engine does. */
static void feed(neg_tally *t, const rep *r)
{
  static neg_world w;  /* large; one at a time */
  for (int d = 1; d <= r->end; d++) {
    memset(&w, 0, sizeof w);
    w.day = d;
    w.done = d == r->end;
    w.outcome = w.done ? r->out : NEG_OUT_CEASEFIRE;
    w.extensions = r->ext_day && d >= r->ext_day;
    w.aid = r->aid;
    w.maritime_deal = r->deal_day && d >= r->deal_day;
    w.abandoned_by = -1;
    for (int p = 0; p < 3; p++) {
      w.trust_a[p] = r->ta[p];
      w.trust_b[p] = r->tb[p];
      w.breaches[p] = r->breaches[p] * d;
    }
    neg_tally_day(t, &w);
  }
}

/* A replicate with flat trust 1/2 and no aid, deal or breaches. */
static rep plain(int end, neg_outcome out, int ext_day)
{
  rep r = {end, out, ext_day, {1, 1, 1}, {1, 1, 1}, 0, 0, {0, 0, 0}};
  return r;
}

/* Shares of the five states, day by day, for four replicates. */
static void test_shares(void **state)
{
  neg_scenario s;
  neg_tally *t;
  (void)state;
  make_scenario(&s, 10);
  t = neg_tally_alloc(&s);
  assert_non_null(t);
  feed(t, &(rep){0}); /* end 0: no day, nothing counted */
  assert_int_equal(t->runs, 0);
  assert_true(isnan(neg_tally_state_share(t, 1, NEG_STATE_PAUSE)));
  rep r1 = plain(3, NEG_OUT_CEASEFIRE, 0), r2 = plain(5, NEG_OUT_LAPSED, 0),
      r3 = plain(7, NEG_OUT_COLLAPSED, 4), r4 = plain(10, NEG_OUT_EXTENDED, 6);
  feed(t, &r1);
  feed(t, &r2);
  feed(t, &r3);
  feed(t, &r4);
  assert_int_equal(t->runs, 4);
  for (int o = 0; o < NEG_OUT_COUNT; o++) assert_int_equal(t->outcome[o], 1);
  assert_close(neg_tally_state_share(t, 2, NEG_STATE_PAUSE), 1.0, TOL);
  assert_close(neg_tally_state_share(t, 3, NEG_STATE_PAUSE), 0.75, TOL);
  assert_close(neg_tally_state_share(t, 3, NEG_STATE_CEASEFIRE), 0.25, TOL);
  assert_close(neg_tally_state_share(t, 4, NEG_STATE_PAUSE), 0.5, TOL);
  assert_close(neg_tally_state_share(t, 4, NEG_STATE_EXTENDED), 0.25, TOL);
  assert_close(neg_tally_state_share(t, 5, NEG_STATE_LAPSED), 0.25, TOL);
  assert_close(neg_tally_state_share(t, 5, NEG_STATE_PAUSE), 0.25, TOL);
  assert_close(neg_tally_state_share(t, 6, NEG_STATE_EXTENDED), 0.5, TOL);
  assert_close(neg_tally_state_share(t, 7, NEG_STATE_COLLAPSED), 0.25, TOL);
  assert_close(neg_tally_state_share(t, 7, NEG_STATE_EXTENDED), 0.25, TOL);
  assert_close(neg_tally_state_share(t, 10, NEG_STATE_EXTENDED), 0.25, TOL);
  assert_close(neg_tally_state_share(t, 10, NEG_STATE_PAUSE), 0.0, TOL);
  for (int d = 1; d <= 10; d++) {
    double sum = 0;
    for (int st = 0; st < NEG_STATE_COUNT; st++)
      sum += neg_tally_state_share(t, d, (neg_state)st);
    assert_close(sum, 1.0, TOL);
  }
  assert_true(isnan(neg_tally_state_share(t, 0, NEG_STATE_PAUSE)));
  assert_true(isnan(neg_tally_state_share(t, 11, NEG_STATE_PAUSE)));
  assert_close(neg_tally_outcome_mean_day(t, NEG_OUT_CEASEFIRE), 3, TOL);
  assert_close(neg_tally_outcome_mean_day(t, NEG_OUT_LAPSED), 5, TOL);
  assert_close(neg_tally_outcome_mean_day(t, NEG_OUT_COLLAPSED), 7, TOL);
  assert_close(neg_tally_outcome_median_day(t, NEG_OUT_EXTENDED), 10, TOL);
  neg_tally_free(t);
}

/* Trust, aid, deal and breaches averaged over the right replicates. */
static void test_means(void **state)
{
  neg_scenario s;
  neg_tally *t;
  rep a = {2, NEG_OUT_COLLAPSED, 0, {1, 9, 1}, {3, 9, 1}, 0.2, 0, {1, 5, 0}};
  rep b = {5, NEG_OUT_EXTENDED, 3, {3, 9, 1}, {1, 9, 1}, 0.6, 2, {0, 5, 1}};
  (void)state;
  make_scenario(&s, 5);
  t = neg_tally_alloc(&s);
  assert_non_null(t);
  feed(t, &a);
  feed(t, &b);
  assert_close(neg_tally_trust_mean(t, 1, 0), 0.5, TOL);    /* (0.25 + 0.75) / 2 */
  assert_close(neg_tally_trust_mean(t, 1, 2), 0.5, TOL);
  assert_close(neg_tally_trust_mean(t, 2, 0), 0.75, TOL);   /* a ended on day 2 */
  assert_close(neg_tally_trust_mean(t, 5, 0), 0.75, TOL);   /* b holds (extended) */
  assert_true(isnan(neg_tally_trust_mean(t, 1, 1)));        /* backer */
  assert_close(neg_tally_aid_mean(t, 1), 0.4, TOL);
  assert_close(neg_tally_aid_mean(t, 3), 0.6, TOL);
  assert_close(neg_tally_deal_share(t, 1), 0.0, TOL);
  assert_close(neg_tally_deal_share(t, 2), 1.0, TOL);
  /* russia: a has d breaches on day d and ends with 2; b none. */
  assert_close(neg_tally_breaches_mean(t, 1, 0), 0.5, TOL);
  assert_close(neg_tally_breaches_mean(t, 2, 0), 1.0, TOL);
  assert_close(neg_tally_breaches_mean(t, 5, 0), 1.0, TOL);
  /* ukraine: b has d breaches on day d. */
  assert_close(neg_tally_breaches_mean(t, 4, 2), 2.0, TOL);
  assert_close(neg_tally_breaches_mean(t, 5, 2), 2.5, TOL);
  assert_close(neg_tally_breaches_mean(t, 5, 1), 0.0, TOL); /* backer not counted */
  for (int d = 0; d <= 5; d++) {
    assert_int_equal(t->trust_fx[d * 3 + 1], 0);
    assert_int_equal(t->breaches_live[d * 3 + 1], 0);
    assert_int_equal(t->breaches_ended[d * 3 + 1], 0);
  }
  neg_tally_free(t);
}

/* Every mean is NaN on days no replicate holds the pause. */
static void test_nan_when_none_holding(void **state)
{
  neg_scenario s;
  neg_tally *t;
  rep r = plain(1, NEG_OUT_CEASEFIRE, 0);
  (void)state;
  make_scenario(&s, 4);
  t = neg_tally_alloc(&s);
  assert_non_null(t);
  assert_true(isnan(neg_tally_breaches_mean(t, 1, 0)));
  feed(t, &r);
  for (int d = 1; d <= 4; d++) {
    assert_true(isnan(neg_tally_trust_mean(t, d, 0)));
    assert_true(isnan(neg_tally_aid_mean(t, d)));
    assert_true(isnan(neg_tally_deal_share(t, d)));
    assert_close(neg_tally_state_share(t, d, NEG_STATE_CEASEFIRE), 1.0, TOL);
    assert_close(neg_tally_breaches_mean(t, d, 0), 0.0, TOL);
  }
  assert_true(isnan(neg_tally_outcome_mean_day(t, NEG_OUT_LAPSED)));
  assert_true(isnan(neg_tally_outcome_median_day(t, NEG_OUT_LAPSED)));
  neg_tally_free(t);
}

/* Mean and lower median of the outcome days. */
static void test_median(void **state)
{
  neg_scenario s;
  neg_tally *t;
  const int even[] = {2, 2, 5, 9}, odd[] = {3, 8, 4};
  (void)state;
  make_scenario(&s, 10);
  t = neg_tally_alloc(&s);
  assert_non_null(t);
  for (int i = 0; i < 4; i++) feed(t, &(rep){even[i], NEG_OUT_LAPSED, 0, {1, 1, 1},
                                              {1, 1, 1}, 0, 0, {0, 0, 0}});
  for (int i = 0; i < 3; i++) feed(t, &(rep){odd[i], NEG_OUT_COLLAPSED, 0, {1, 1, 1},
                                             {1, 1, 1}, 0, 0, {0, 0, 0}});
  assert_close(neg_tally_outcome_mean_day(t, NEG_OUT_LAPSED), 4.5, TOL);
  assert_close(neg_tally_outcome_median_day(t, NEG_OUT_LAPSED), 2, TOL);
  assert_close(neg_tally_outcome_mean_day(t, NEG_OUT_COLLAPSED), 5, TOL);
  assert_close(neg_tally_outcome_median_day(t, NEG_OUT_COLLAPSED), 4, TOL);
  assert_true(isnan(neg_tally_outcome_median_day(t, NEG_OUT_CEASEFIRE)));
  neg_tally_free(t);
}

/* A pseudo-random replicate number i (a fixed LCG, so the test is fixed). */
static rep random_rep(unsigned i, int horizon)
{
  uint32_t x = i * 2654435761u + 12345u;
  rep r;
  memset(&r, 0, sizeof r);
  x = x * 1664525u + 1013904223u;
  r.out = (neg_outcome)(x >> 30);
  r.end = r.out == NEG_OUT_EXTENDED ? horizon : 1 + (int)((x >> 8) % (unsigned)horizon);
  r.ext_day = (x & 1) ? 1 + (int)((x >> 4) % (unsigned)r.end) : 0;
  if (r.out == NEG_OUT_EXTENDED && !r.ext_day) r.ext_day = horizon;
  for (int p = 0; p < 3; p++) {
    r.ta[p] = 1 + (x >> (p + 3) & 7);
    r.tb[p] = 1 + (x >> (p + 9) & 7);
    r.breaches[p] = (int)(x >> (p + 15) & 1);
  }
  r.aid = (double)(x >> 20 & 1023) / 1023.0;
  r.deal_day = (int)((x >> 12) % (unsigned)(horizon + 1));
  return r;
}

/* Returns 1 when a and b hold the same counts. */
static int same_tally(const neg_tally *a, const neg_tally *b)
{
  return a->runs == b->runs && !memcmp(a->outcome, b->outcome, sizeof a->outcome)
         && a->cells == b->cells
         && !memcmp(a->ended, b->ended, a->cells * sizeof *a->ended);
}

/* Merging split tallies in any order gives the sequential tally exactly. */
static void test_merge(void **state)
{
  neg_scenario s, other;
  neg_tally *all, *part1, *part2, *m12, *m21, *bad;
  (void)state;
  make_scenario(&s, 20);
  all = neg_tally_alloc(&s);
  part1 = neg_tally_alloc(&s);
  part2 = neg_tally_alloc(&s);
  m12 = neg_tally_alloc(&s);
  m21 = neg_tally_alloc(&s);
  assert_true(all && part1 && part2 && m12 && m21);
  for (unsigned i = 0; i < 200; i++) {
    rep r = random_rep(i, 20);
    feed(all, &r);
    feed(i < 73 ? part1 : part2, &r);
  }
  assert_int_equal(all->runs, 200);
  assert_int_equal(neg_tally_merge(m12, part1), NEG_OK);
  assert_int_equal(neg_tally_merge(m12, part2), NEG_OK);
  assert_int_equal(neg_tally_merge(m21, part2), NEG_OK);
  assert_int_equal(neg_tally_merge(m21, part1), NEG_OK);
  assert_true(same_tally(all, m12));
  assert_true(same_tally(all, m21));
  assert_false(same_tally(all, part1));
  other = s;
  other.horizon_days = 19;
  bad = neg_tally_alloc(&other);
  assert_non_null(bad);
  assert_int_equal(neg_tally_merge(m12, bad), NEG_EINPUT);
  neg_tally_free(bad);
  other = s;
  other.parties[1].role = NEG_ROLE_BELLIGERENT;
  bad = neg_tally_alloc(&other);
  assert_non_null(bad);
  assert_int_equal(neg_tally_merge(m12, bad), NEG_EINPUT);
  assert_true(same_tally(all, m12));
  neg_tally_reset(m12);
  assert_true(same_tally(m12, bad));  /* both all zero */
  neg_tally_free(bad);
  neg_tally_free(all);
  neg_tally_free(part1);
  neg_tally_free(part2);
  neg_tally_free(m12);
  neg_tally_free(m21);
}

/* Allocation refuses a scenario without days or parties. */
static void test_alloc(void **state)
{
  neg_scenario s;
  neg_tally *t;
  (void)state;
  make_scenario(&s, 0);
  assert_null(neg_tally_alloc(&s));
  make_scenario(&s, 3);
  t = neg_tally_alloc(&s);
  assert_non_null(t);
  assert_int_equal(t->n_belligerents, 2);
  assert_int_equal(t->belligerent[0], 0);
  assert_int_equal(t->belligerent[1], 2);
  neg_tally_free(t);
  neg_tally_free(NULL);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_shares),
    cmocka_unit_test(test_means),
    cmocka_unit_test(test_nan_when_none_holding),
    cmocka_unit_test(test_median),
    cmocka_unit_test(test_merge),
    cmocka_unit_test(test_alloc),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
