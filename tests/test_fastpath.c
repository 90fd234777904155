/* test_fastpath.c: the event-driven runner (neg_fast.h, the engine's
 * default) against the day-by-day reference model (neg_model_step), in
 * distribution: on independent seeds, every outcome probability, state
 * shares, mean trust, breaches, aid and deal share at several days, and the
 * mean day of each outcome, must agree within 4 standard errors of their
 * difference, for the default scenario and variants that exercise every
 * mechanism.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 *
 * Standard errors: binomial (pooled) for shares of all replicates; from the
 * spread of 200 batch means for means and shares among holding replicates.
 * About 450 comparisons in all, so that a correct runner fails one by
 * chance (beyond 4 standard errors) with a probability of a few per cent. */
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "neg_engine.h"
#include "neg_fast.h"
#include "neg_model.h"
#include "neg_scenario.h"
#include "neg_tally.h"
#include "neg_uncertain.h"

#define DEFAULT "scenarios/energy_pause_2025.cfg"
#define BATCHES 200
#define SEED_REF 101
#define SEED_FAST 202

/* Replicates per model: 50,000, scaled down by NEGSIM_TEST_SCALE (valgrind). */
static uint64_t replicates(void)
{
  const char *scale = getenv("NEGSIM_TEST_SCALE");
  double f = scale ? atof(scale) : 1.0;
  uint64_t n = (uint64_t)(50000 * (f > 0 && f <= 1 ? f : 1.0));
  return n < 2000 ? 2000 : n;
}

/* The tallies of one model's run: one per batch and their sum. */
typedef struct {
  neg_tally *batch[BATCHES];
  neg_tally *all;
} runs;

/* Loads path with the overrides; fails the test on error. */
static void load(const char *path, const char *const *sets, size_t nsets, neg_scenario *s)
{
  neg_error err;
  if (neg_scenario_load(path, sets, nsets, s, &err) != NEG_OK) {
    neg_error_print(stderr, &err);
    fail();
  }
}

/* Runs n replicates of s in BATCHES batches, day by day (reference 1) or
 * with the event-driven runner (reference 0), as the engine does: with
 * uncertain parameters, each replicate first draws them into a copy of s. */
static void run_model(const neg_scenario *s, uint64_t seed, uint64_t n, int reference,
                      runs *out)
{
  int failed = 0;
  for (int b = 0; b < BATCHES; b++) assert_non_null(out->batch[b] = neg_tally_alloc(s));
  assert_non_null(out->all = neg_tally_alloc(s));
  /* threads for large runs only: like the engine's, a small run (valgrind)
   * stays on one thread */
#pragma omp parallel if (n >= 10000) reduction(| : failed)
  {
    neg_rng *r = neg_rng_alloc();
    neg_world *w = malloc(sizeof *w);
    neg_fast *f = reference ? NULL : neg_fast_alloc(s, NULL);
    neg_scenario *local = s->n_uncertain ? malloc(sizeof *local) : NULL;
    const neg_scenario *m = local ? local : s;
    int ok = r && w && (reference || f) && (local || !s->n_uncertain);
    if (local) *local = *s;
    failed |= !ok;
#pragma omp for schedule(dynamic, 1)
    for (int b = 0; b < BATCHES; b++) {
      uint64_t lo = n * (uint64_t)b / BATCHES, hi = n * (uint64_t)(b + 1) / BATCHES;
      neg_tally *t = out->batch[b];
      for (uint64_t i = lo; ok && i < hi; i++) {
        neg_rng_set(r, seed, i);
        if (local) neg_uncertain_draw(s, local, r);
        if (!reference) {
          if (local) neg_fast_set(f, local);
          neg_fast_run(f, r, t, NULL);
          continue;
        }
        neg_model_init(w, m, r);
        while (!neg_model_step(w, m, r)) neg_tally_day(t, w);
        neg_tally_day(t, w);
      }
      if (ok && !reference) neg_fast_flush(f, t);
    }
    neg_fast_free(f);
    free(local);
    free(w);
    neg_rng_free(r);
  }
  assert_false(failed);
  for (int b = 0; b < BATCHES; b++)
    assert_int_equal(neg_tally_merge(out->all, out->batch[b]), NEG_OK);
  assert_true(out->all->runs == n);
}

static void free_runs(runs *x)
{
  for (int b = 0; b < BATCHES; b++) neg_tally_free(x->batch[b]);
  neg_tally_free(x->all);
}

/* What one comparison found. */
typedef struct {
  const char *variant;
  int compared;
  double worst;       /* largest |difference| / SE */
  char worst_what[96];
} verdict;

/* Records |z| for `what`; fails the test when it exceeds 4. */
static void judge(verdict *v, double z, const char *what)
{
  v->compared++;
  if (z > v->worst) {
    v->worst = z;
    snprintf(v->worst_what, sizeof v->worst_what, "%s", what);
  }
  if (!(z <= 4.0)) fail_msg("%s: %s differs by %.2f standard errors", v->variant, what, z);
}

/* Compares two shares of all replicates, k1 of n1 and k2 of n2, by the
 * pooled binomial standard error of their difference; when neither model
 * ever (or always) had it, they must agree exactly. */
static void compare_share(verdict *v, double k1, double n1, double k2, double n2,
                          const char *what)
{
  double p = (k1 + k2) / (n1 + n2);
  double se = sqrt(p * (1.0 - p) * (1.0 / n1 + 1.0 / n2));
  if (p <= 0.0 || p >= 1.0) {
    judge(v, k1 / n1 == k2 / n2 ? 0.0 : INFINITY, what);
    return;
  }
  judge(v, fabs(k1 / n1 - k2 / n2) / se, what);
}

/* A quantity of one batch's tally. */
typedef double (*quantity)(const neg_tally *t, int d, int p);

/* Compares the means over batches of q(t, d, p) by the standard error of
 * the batch means; skipped when some batch has no value (NaN). */
static void compare_batches(verdict *v, const runs *a, const runs *b, quantity q, int d, int p,
                            const char *what)
{
  double sa = 0.0, sb = 0.0, qa = 0.0, qb = 0.0;
  for (int k = 0; k < BATCHES; k++) {
    double x = q(a->batch[k], d, p), y = q(b->batch[k], d, p);
    if (isnan(x) || isnan(y)) return;
    sa += x;
    sb += y;
    qa += x * x;
    qb += y * y;
  }
  double ma = sa / BATCHES, mb = sb / BATCHES;
  double va = (qa - BATCHES * ma * ma) / (BATCHES - 1);
  double vb = (qb - BATCHES * mb * mb) / (BATCHES - 1);
  double se = sqrt(fmax(va, 0.0) / BATCHES + fmax(vb, 0.0) / BATCHES);
  if (se < 1e-12) {
    judge(v, fabs(ma - mb) < 1e-9 ? 0.0 : INFINITY, what);
    return;
  }
  judge(v, fabs(ma - mb) / se, what);
}

static double q_trust(const neg_tally *t, int d, int p) { return neg_tally_trust_mean(t, d, p); }
static double q_breaches(const neg_tally *t, int d, int p)
{
  return neg_tally_breaches_mean(t, d, p);
}
static double q_majors(const neg_tally *t, int d, int p)
{
  return neg_tally_majors_mean(t, d, p);
}
static double q_aid(const neg_tally *t, int d, int p) { (void)p; return neg_tally_aid_mean(t, d); }
static double q_deal(const neg_tally *t, int d, int p)
{
  (void)p;
  return neg_tally_deal_share(t, d);
}
static double q_day(const neg_tally *t, int d, int p)
{
  (void)d;
  return neg_tally_outcome_mean_day(t, (neg_outcome)p);
}

/* Compares the attribution counts (neg_tally_why_count) of every outcome,
 * party, reason and condition that either model had, as shares of all
 * replicates. */
static void compare_why(verdict *v, const neg_scenario *s, const runs *a, const runs *b)
{
  double na = (double)a->all->runs, nb = (double)b->all->runs;
  char what[96];
  for (int o = 0; o < NEG_OUT_COUNT; o++)
    for (int r = 0; r < NEG_WHY_COUNT; r++)
      for (int p = -1; p < s->n_parties; p++)
        for (int c = -1; c < (p >= 0 ? s->parties[p].n_conditions : 0); c++) {
          uint64_t ka = neg_tally_why_count(a->all, (neg_outcome)o, p, (neg_why)r, c);
          uint64_t kb = neg_tally_why_count(b->all, (neg_outcome)o, p, (neg_why)r, c);
          if (!ka && !kb) continue;
          snprintf(what, sizeof what, "why %s %s %s condition %d",
                   neg_outcome_name((neg_outcome)o), p >= 0 ? s->parties[p].id : "NA",
                   neg_why_name((neg_why)r), c);
          compare_share(v, (double)ka, na, (double)kb, nb, what);
        }
}

/* Runs both models on scenario `path` with the overrides, n / shrink
 * replicates each, and compares them. */
static void equivalent_n(const char *name, const char *path, const char *const *sets,
                         size_t nsets, uint64_t shrink)
{
  neg_scenario *s = malloc(sizeof *s);
  runs ref, fast;
  verdict v = {name, 0, 0.0, ""};
  char what[96];
  uint64_t n = replicates() / shrink;
  int bell[NEG_MAX_PARTIES], nb;
  assert_non_null(s);
  load(path, sets, nsets, s);
  const int h = s->horizon_days;
  const int days[] = {1, h / 3, 2 * h / 3, h};
  nb = neg_scenario_belligerents(s, bell);
  run_model(s, SEED_REF, n, 1, &ref);
  run_model(s, SEED_FAST, n, 0, &fast);
  double nr = (double)ref.all->runs, nf = (double)fast.all->runs;
  for (int o = 0; o < NEG_OUT_COUNT; o++) {
    snprintf(what, sizeof what, "P(%s)", neg_outcome_name((neg_outcome)o));
    compare_share(&v, (double)ref.all->outcome[o], nr, (double)fast.all->outcome[o], nf, what);
    snprintf(what, sizeof what, "mean day of %s", neg_outcome_name((neg_outcome)o));
    compare_batches(&v, &ref, &fast, q_day, 0, o, what);
  }
  for (size_t k = 0; k < sizeof days / sizeof days[0]; k++) {
    int d = days[k];
    if (d < 1) continue;
    for (int st = 0; st < NEG_STATE_COUNT; st++) {
      snprintf(what, sizeof what, "share %s on day %d", neg_state_name((neg_state)st), d);
      compare_share(&v, neg_tally_state_share(ref.all, d, (neg_state)st) * nr, nr,
                    neg_tally_state_share(fast.all, d, (neg_state)st) * nf, nf, what);
    }
    for (int i = 0; i < nb; i++) {
      snprintf(what, sizeof what, "trust of %s on day %d", s->parties[bell[i]].id, d);
      compare_batches(&v, &ref, &fast, q_trust, d, bell[i], what);
      snprintf(what, sizeof what, "breaches of %s by day %d", s->parties[bell[i]].id, d);
      compare_batches(&v, &ref, &fast, q_breaches, d, bell[i], what);
      if (!neg_scenario_incidents(s)) continue;
      snprintf(what, sizeof what, "major incidents of %s by day %d", s->parties[bell[i]].id, d);
      compare_batches(&v, &ref, &fast, q_majors, d, bell[i], what);
    }
    snprintf(what, sizeof what, "aid on day %d", d);
    compare_batches(&v, &ref, &fast, q_aid, d, 0, what);
    snprintf(what, sizeof what, "deal share on day %d", d);
    compare_batches(&v, &ref, &fast, q_deal, d, 0, what);
  }
  compare_why(&v, s, &ref, &fast);
  print_message("%s: %d comparisons, %llu replicates each; largest difference %.2f SE (%s)\n",
                name, v.compared, (unsigned long long)n, v.worst, v.worst_what);
  free_runs(&ref);
  free_runs(&fast);
  free(s);
}

/* Runs both models on scenario `path` with the overrides and compares them. */
static void equivalent(const char *name, const char *path, const char *const *sets,
                       size_t nsets)
{
  equivalent_n(name, path, sets, nsets, 1);
}

/* The exact waiting time of word u: the largest k <= horizon + 1 - start
 * with (u + 1/2) 2^-32 <= (1 - p)^k (in long double), from start. */
static int exact_waiting(double p, int horizon, int start, uint32_t u)
{
  long double x = ((long double)u + 0.5L) / 4294967296.0L, q = 1.0L - (long double)p, t = 1.0L;
  int k = 0;
  while (k < horizon + 1 - start && x <= t * q) {
    t *= q;
    k++;
  }
  return k < horizon + 1 - start ? start + k : horizon + 1;
}

/* Adds word w to the list when it is one. */
static void add_word(uint32_t *u, size_t *n, long double w)
{
  if (w >= 0.0L && w <= 4294967295.0L) u[(*n)++] = (uint32_t)w;
}

/* The words to check for probability p: those nearest every threshold
 * (where a rounding would show), the first and last of every cell of a
 * table (where a wrong cell would show) and words spread over the range. */
static size_t waiting_words(double p, int horizon, uint32_t *u)
{
  const long double q = 1.0L - (long double)p;
  long double t = 1.0L;
  size_t n = 0;
  for (int k = 0; k <= horizon + 1; k++, t *= q)
    for (int e = -1; e <= 1; e++) add_word(u, &n, floorl(t * 4294967296.0L - 0.5L) + e);
  for (uint64_t c = 0; c < 1u << 12; c++) {  /* the ends of cells of up to 12 bits */
    u[n++] = (uint32_t)(c << 20);
    u[n++] = (uint32_t)(((c + 1) << 20) - 1);
  }
  for (uint64_t w = 12345; w < 4294967296ULL; w += 104729ULL * 97) u[n++] = (uint32_t)w;
  return n;
}

/* Checks the waiting times of horizon h (see test_waiting_times);
 * returns the words checked. */
static int waiting_checks(int horizon)
{
  const double ps[] = {1e-7, 1e-4, 0.003, 0.03, 0.2, 0.5, 0.97, 1.0 - 1e-9, 1.0};
  const int starts[] = {1, 2, 45, 90};
  const size_t cap = 3 * ((size_t)horizon + 2) + 2 * 4096 + 500;
  uint32_t *u = malloc(cap * sizeof *u);
  int *days = malloc(cap * sizeof *days), *by_log = malloc(cap * sizeof *by_log), checked = 0;
  assert_true(u && days && by_log);
  for (size_t i = 0; i < sizeof ps / sizeof ps[0]; i++) {
    const size_t n = waiting_words(ps[i], horizon, u);
    for (size_t j = 0; j < sizeof starts / sizeof starts[0]; j++) {
      assert_int_equal(neg_fast_waiting(ps[i], horizon, starts[j], u, days, n, 1), 0);
      assert_int_equal(neg_fast_waiting(ps[i], horizon, starts[j], u, by_log, n, 0), 0);
      for (size_t x = 0; x < n; x++) {
        int want = exact_waiting(ps[i], horizon, starts[j], u[x]);
        if (days[x] != want)
          fail_msg("p %g, start %d, word %u: %d, not %d", ps[i], starts[j], u[x], days[x], want);
        assert_true(abs(by_log[x] - want) <= 1);  /* the logarithm, near the thresholds too */
      }
      checked += (int)n;
    }
  }
  free(u);
  free(days);
  free(by_log);
  return checked;
}

/* Waiting times through the tables of thresholds and their cells are the
 * exact geometric quantiles of their word, at the words nearest every
 * threshold, at both ends of every cell and at words spread over the
 * whole range, for probabilities from 1e-7 to 1, several first days and
 * two horizons (the longer one past what a table's cell can hold); the
 * logarithm is within a day of them. */
static void test_waiting_times(void **state)
{
  const uint32_t seven = 7, top = 4294967295u;
  int day, checked = waiting_checks(90) + waiting_checks(400);
  (void)state;
  assert_int_equal(neg_fast_waiting(0.0, 90, 1, &seven, &day, 1, 0), 0);
  assert_int_equal(day, 91);
  assert_int_equal(neg_fast_waiting(1.0, 90, 5, &top, &day, 1, 1), 0);
  assert_int_equal(day, 5);
  printf("waiting times: %d words checked\n", checked);
}

static void test_default(void **state)
{
  (void)state;
  equivalent("default", DEFAULT, NULL, 0);
}

/* Strong reciprocity, short windows and many false accusations: breach
 * probabilities change at every attribution and every expiry. */
static void test_reciprocity(void **state)
{
  const char *sets[] = {"parties.russia.reciprocity=1.2", "parties.ukraine.reciprocity=0.8",
                        "parties.russia.window_days=5", "parties.ukraine.window_days=3",
                        "parties.russia.false_accusation=0.08", "parties.russia.tolerance=4",
                        "parties.ukraine.tolerance=3", "parties.ukraine.detection=0.5"};
  (void)state;
  equivalent("reciprocity", DEFAULT, sets, sizeof sets / sizeof sets[0]);
}

/* Trust floors that attribution days cross. */
static void test_trust_floor(void **state)
{
  const char *sets[] = {"parties.russia.trust_floor=0.3", "parties.russia.prior_a=3",
                        "parties.russia.prior_b=7", "parties.ukraine.trust_floor=0.45",
                        "parties.ukraine.prior_a=5", "parties.ukraine.prior_b=5",
                        "parties.ukraine.false_accusation=0.05", "parties.russia.tolerance=8",
                        "parties.ukraine.tolerance=8"};
  (void)state;
  equivalent("trust floor", DEFAULT, sets, sizeof sets / sizeof sets[0]);
}

/* Momentum that matters: volatile, drifting, moved by aid. */
static void test_momentum(void **state)
{
  const char *sets[] = {"momentum.volatility=0.4", "momentum.drift=0.03",
                        "momentum.aid_effect=0.5", "parties.russia.momentum_weight=1.5",
                        "parties.ukraine.momentum_weight=1.0"};
  (void)state;
  equivalent("momentum", DEFAULT, sets, sizeof sets / sizeof sets[0]);
}

/* Short terms, many extensions, rounds that are not at the term's end. */
static void test_extensions(void **state)
{
  const char *sets[] = {"pause.days=12", "pause.extension_days=9", "pause.max_extensions=6",
                        "pause.horizon_days=70", "rounds.every=5", "rounds.at_pause_end=false",
                        "rounds.probability=0.5", "maritime.daily_probability=0.06",
                        "maritime.trust_bonus=5", "maritime.start_day=6"};
  (void)state;
  equivalent("extensions", DEFAULT, sets, sizeof sets / sizeof sets[0]);
}

/* Every kind of policy rule, conditions and the maritime deal. */
static void test_policies(void **state)
{
  (void)state;
  equivalent("policies", "tests/data/fastpath_policies.cfg", NULL, 0);
}

/* The general model: declared and derived issues, rules of every party
 * acting on them, threshold rules, conditions gating the ceasefire, the
 * renewal or both, renewal terms. */
static void test_general_issues(void **state)
{
  (void)state;
  equivalent("general_issues", "tests/data/fastpath_issues.cfg", NULL, 0);
}

/* The general model's side deals: conditions, a fixed day, effects that
 * open another deal, deal events, suspending, resuming and ending deals. */
static void test_general_deals(void **state)
{
  (void)state;
  equivalent("general_deals", "tests/data/fastpath_deals.cfg", NULL, 0);
}

/* The general model's schedule (issues, a round, phases), day and renewal
 * rules, and open-ended renewal with short terms. */
static void test_general_schedule(void **state)
{
  (void)state;
  equivalent("general_schedule", "tests/data/fastpath_schedule.cfg", NULL, 0);
}

/* Incidents (mechanism 1b): several a day, major and minor, tolerated
 * enforcement, observers' weights, fractional trust evidence, a party that
 * does not consent, with reactions to breaches. */
static void test_incidents(void **state)
{
  (void)state;
  equivalent("incidents", "tests/data/fastpath_incidents.cfg", NULL, 0);
}

/* Three belligerents observing each other. */
static void test_three(void **state)
{
  (void)state;
  equivalent("three", "tests/data/fastpath_three.cfg", NULL, 0);
}

/* A long horizon and frequent accusations: trust stretches with more
 * attribution days than the runner's histogram holds are added day by
 * day. (A fifth of the replicates: the reference takes 400 days each.) */
static void test_long(void **state)
{
  const char *sets[] = {"pause.horizon_days=400", "pause.extension_days=40",
                        "pause.max_extensions=9", "parties.russia.false_accusation=0.6",
                        "parties.russia.window_days=1", "parties.russia.tolerance=1000",
                        "parties.ukraine.tolerance=1000", "parties.russia.reciprocity=0",
                        "parties.ukraine.reciprocity=0", "parties.russia.extension_utility=6",
                        "parties.ukraine.extension_utility=6"};
  (void)state;
  equivalent_n("long", DEFAULT, sets, sizeof sets / sizeof sets[0], 5);
}

/* Parameters drawn anew for each replicate (neg_uncertain.h): the runner
 * takes each replicate's scenario. */
static void test_uncertain(void **state)
{
  (void)state;
  equivalent("uncertain", "scenarios/energy_pause_uncertain.cfg", NULL, 0);
}

/* A prior so low that a quiet first day already crosses the floor: both
 * models collapse every replicate on day 1. */
static void test_floor_day1(void **state)
{
  const char *sets[] = {"parties.ukraine.trust_floor=0.28"}; /* 3/11 < 0.28 */
  neg_scenario s;
  runs ref, fast;
  (void)state;
  load(DEFAULT, sets, 1, &s);
  run_model(&s, SEED_REF, 2000, 1, &ref);
  run_model(&s, SEED_FAST, 2000, 0, &fast);
  assert_true(ref.all->ended[1 * NEG_OUT_COUNT + NEG_OUT_COLLAPSED] == 2000);
  assert_true(fast.all->ended[1 * NEG_OUT_COUNT + NEG_OUT_COLLAPSED] == 2000);
  free_runs(&ref);
  free_runs(&fast);
}

/* The event-driven runner fills the records like the reference: the same
 * replicate run twice is identical, and fields are consistent. */
static void test_records(void **state)
{
  neg_scenario s;
  neg_record rec[300];
  (void)state;
  load("tests/data/fastpath_policies.cfg", NULL, 0, &s);
  neg_tally *t = neg_tally_alloc(&s), *u = neg_tally_alloc(&s);
  assert_int_equal(neg_engine_run(&s, 9, 0, 300, 2, t, rec), NEG_OK);
  assert_int_equal(neg_engine_run(&s, 9, 0, 300, 1, u, NULL), NEG_OK);
  assert_memory_equal(t->outcome, u->outcome, sizeof t->outcome);
  for (int i = 0; i < 300; i++) {
    assert_true(rec[i].replicate == (uint64_t)i);
    assert_true(rec[i].day >= 1 && rec[i].day <= s.horizon_days);
    assert_true(rec[i].extensions <= s.max_extensions);
    assert_true((rec[i].outcome == NEG_OUT_COLLAPSED) == (rec[i].abandoned_by >= 0));
    assert_true(rec[i].trust[0] > 0.0 && rec[i].trust[0] < 1.0);
    assert_true(rec[i].aid >= 0.0 && rec[i].aid <= 1.0 + 1e-12);
  }
  neg_tally_free(t);
  neg_tally_free(u);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_waiting_times),
    cmocka_unit_test(test_default),
    cmocka_unit_test(test_reciprocity),
    cmocka_unit_test(test_trust_floor),
    cmocka_unit_test(test_momentum),
    cmocka_unit_test(test_extensions),
    cmocka_unit_test(test_policies),
    cmocka_unit_test(test_three),
    cmocka_unit_test(test_general_issues),
    cmocka_unit_test(test_general_deals),
    cmocka_unit_test(test_general_schedule),
    cmocka_unit_test(test_incidents),
    cmocka_unit_test(test_uncertain),
    cmocka_unit_test(test_long),
    cmocka_unit_test(test_floor_day1),
    cmocka_unit_test(test_records),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
