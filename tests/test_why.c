/* test_why.c: attribution (docs/MODEL.md, "Attribution") in closed form,
 * by both runners: the event-driven one and the day-by-day reference
 * (NEGSIM_MODEL=reference), and why.csv written by a run.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "neg_engine.h"
#include "neg_explain.h"
#include "neg_scenario.h"
#include "neg_tally.h"

#define RUNS 40000
#define SEED 18

/* Loads path with the overrides and runs it (reference 1: day by day). */
static neg_tally *run(const char *path, const char *const *sets, size_t n, int reference,
                      neg_scenario *s)
{
  neg_error err;
  neg_tally *t;
  if (neg_scenario_load(path, sets, n, s, &err) != NEG_OK) {
    neg_error_print(stderr, &err);
    fail();
  }
  if (reference) setenv("NEGSIM_MODEL", "reference", 1);
  else unsetenv("NEGSIM_MODEL");
  assert_non_null(t = neg_tally_alloc(s));
  assert_int_equal(neg_engine_run(s, SEED, 0, RUNS, 2, t, NULL), NEG_OK);
  unsetenv("NEGSIM_MODEL");
  return t;
}

/* Index of party id in s. */
static int party(const neg_scenario *s, const char *id)
{
  for (int i = 0; i < s->n_parties; i++)
    if (!strcmp(s->parties[i].id, id)) return i;
  fail_msg("no party %s", id);
  return -1;
}

/* One hard renewal condition of one party unmet: every replicate lapses,
 * attributed to that party and that condition, none to the other. */
static void test_renewal_condition(void **state)
{
  neg_scenario s;
  (void)state;
  for (int reference = 0; reference < 2; reference++) {
    neg_tally *t = run("scenarios/validation/renewal_condition_unmet.cfg", NULL, 0, reference, &s);
    int ua = party(&s, "ukraine"), ru = party(&s, "russia");
    assert_int_equal(t->outcome[NEG_OUT_LAPSED], RUNS);
    assert_int_equal(neg_tally_why_count(t, NEG_OUT_LAPSED, ua, NEG_WHY_DECLINED, -1), RUNS);
    assert_int_equal(neg_tally_why_count(t, NEG_OUT_LAPSED, ua, NEG_WHY_DECLINED, 0), RUNS);
    assert_int_equal(neg_tally_why_count(t, NEG_OUT_LAPSED, ru, NEG_WHY_DECLINED, -1), 0);
    assert_int_equal(neg_tally_why_count(t, NEG_OUT_LAPSED, -1, NEG_WHY_NO_RENEWAL, -1), 0);
    assert_int_equal(neg_tally_why_count(t, NEG_OUT_LAPSED, -1, NEG_WHY_NO_ROUND, -1), RUNS);
    neg_tally_free(t);
  }
}

/* Two symmetric parties, each accepting with probability 0.6 at three
 * rounds: the truce lapses (no renewal left) after refusals at the last
 * round, each party's share of them 0.4 / (1 - 0.36), and the two shares
 * agree within 4 standard errors of their difference. */
static void test_symmetric_split(void **state)
{
  const char *sets[] = {"parties.ukraine.ceasefire_utility=0.4054651081081644"};
  neg_scenario s;
  (void)state;
  for (int reference = 0; reference < 2; reference++) {
    neg_tally *t = run("scenarios/validation/fixed_acceptance.cfg", sets, 1, reference, &s);
    const uint64_t n = t->outcome[NEG_OUT_LAPSED];
    double a = (double)neg_tally_why_count(t, NEG_OUT_LAPSED, party(&s, "russia"),
                                           NEG_WHY_REFUSED, -1) / (double)n;
    double b = (double)neg_tally_why_count(t, NEG_OUT_LAPSED, party(&s, "ukraine"),
                                           NEG_WHY_REFUSED, -1) / (double)n;
    /* Var(X_a - X_b) <= P(a) + P(b): a bound on the standard error */
    assert_true(fabs(a - b) <= 4.0 * sqrt((a + b) / (double)n));
    assert_within_4se(a, 0.4 / 0.64, n);
    assert_within_4se(b, 0.4 / 0.64, n);
    assert_int_equal(neg_tally_why_count(t, NEG_OUT_LAPSED, -1, NEG_WHY_NO_RENEWAL, -1), n);
    neg_tally_free(t);
  }
}

/* The default scenario's run writes why.csv and prints its leading
 * reasons; the files do not depend on the thread count. */
static void test_why_csv(void **state)
{
  neg_proc p;
  char a[4096], b[4096];
  (void)state;
  const char *one[] = {"run", "scenarios/energy_pause_2025.cfg", "--runs", "20000", "--threads", "1",
                       "--out", "build/test-why/one", "--force", "--per-run", NULL};
  const char *two[] = {"run", "scenarios/energy_pause_2025.cfg", "--runs", "20000", "--threads", "2",
                       "--out", "build/test-why/two", "--force", "--per-run", "--quiet", NULL};
  assert_int_equal(neg_run_negsim(&p, one), 0);
  assert_int_equal(p.status, 0);
  assert_non_null(strstr(p.out, "leading reasons (why.csv):\nextended: russia refused the ceasefire"));
  assert_non_null(strstr(p.out, "lapsed: ukraine declined renewal in"));
  assert_int_equal(neg_run_negsim(&p, two), 0);
  assert_int_equal(p.status, 0);
  for (int k = 0; k < 2; k++) {
    const char *name = k ? "runs.csv" : "why.csv";
    FILE *fa, *fb;
    int ca, cb;
    snprintf(a, sizeof a, "build/test-why/one/%s", name);
    snprintf(b, sizeof b, "build/test-why/two/%s", name);
    assert_non_null(fa = fopen(a, "r"));
    assert_non_null(fb = fopen(b, "r"));
    do {
      ca = fgetc(fa);
      cb = fgetc(fb);
      assert_int_equal(ca, cb);
    } while (ca != EOF);
    fclose(fa);
    fclose(fb);
  }
}

/* explain's effect of meeting russia's hard aid condition is, to the bit,
 * the paired comparison with the scenario without that condition. */
static void test_explain_condition(void **state)
{
  neg_scenario *s = malloc(sizeof *s), *b = malloc(sizeof *b);
  neg_counterfactual *cf = malloc(NEG_EXPLAIN_MAX * sizeof *cf);
  neg_pair_tally pt;
  neg_error err;
  neg_tally *ta, *tb;
  neg_party *ru;
  int n;
  (void)state;
  assert_true(s && b && cf);
  assert_int_equal(neg_scenario_load("scenarios/energy_pause_2025.cfg", NULL, 0, s, &err), NEG_OK);
  s->runs = 20000;
  n = neg_explain_list(s, cf);
  assert_true(n >= 1);
  assert_int_equal(cf[0].kind, NEG_CF_CONDITION_MET);
  ru = &s->parties[cf[0].party];
  assert_string_equal(ru->id, "russia");
  ru->conditions[0].hard = 1;   /* a hard ceasefire condition */
  assert_int_equal(ru->conditions[0].gates, NEG_GATE_CEASEFIRE);
  assert_int_equal(neg_explain_run(s, cf, 1, 2), NEG_OK);
  *b = *s;
  ru = &b->parties[cf[0].party];
  memmove(&ru->conditions[0], &ru->conditions[1], (size_t)(ru->n_conditions - 1) * sizeof ru->conditions[0]);
  ru->n_conditions--;
  assert_non_null(ta = neg_tally_alloc(s));
  assert_non_null(tb = neg_tally_alloc(s));
  assert_int_equal(neg_compare_run(s, b, s->seed, s->runs, 1, ta, tb, &pt), NEG_OK);
  assert_memory_equal(&pt, &cf[0].pt, sizeof pt);
  assert_true(pt.joint[NEG_OUT_CEASEFIRE][NEG_OUT_CEASEFIRE] < pt.runs);
  neg_tally_free(ta);
  neg_tally_free(tb);
  free(cf);
  free(b);
  free(s);
}

/* negsim explain: the ranked table, explain.csv the same at 1 and 2
 * threads, a bad --outcome refused. */
static void test_explain_cli(void **state)
{
  neg_proc p, q;
  (void)state;
  const char *one[] = {"explain", "scenarios/energy_pause_2025.cfg", "--runs", "5000", "--threads",
                       "1", "--format", "csv", "--out", "build/test-why/x1", "--force", NULL};
  const char *two[] = {"explain", "scenarios/energy_pause_2025.cfg", "--runs", "5000", "--threads",
                       "2", "--format", "csv", "--out", "build/test-why/x2", "--force", NULL};
  const char *bad[] = {"explain", "scenarios/energy_pause_2025.cfg", "--outcome", "peace", NULL};
  assert_int_equal(neg_run_negsim(&p, one), 0);
  assert_int_equal(p.status, 0);
  assert_int_equal(neg_run_negsim(&q, two), 0);
  assert_int_equal(q.status, 0);
  assert_string_equal(p.out, q.out);
  assert_non_null(strstr(p.out, "condition_met,russia,aid,aid,ceasefire,"));
  assert_int_equal(neg_run_negsim(&p, bad), 0);
  assert_int_equal(p.status, 2);
  assert_string_equal(p.err, "negsim: --outcome: expected ceasefire, extended, lapsed or collapsed, "
                             "got 'peace' (see negsim --help)\n");
}

/* Checks explain.csv's rows in csv (--precision 0.005, --runs 400000):
 * each counterfactual stopped at a batch boundary before --runs, once
 * every paired interval was narrow enough, and at least two stopped at
 * different counts (each stops on its own). */
static void check_explain_precision(const char *csv)
{
  char *text = strdup(csv), *save = NULL, *line;
  unsigned long long first = 0;
  int rows = 0, differ = 0;
  assert_non_null(text);
  strtok_r(text, "\n", &save); /* the header */
  while ((line = strtok_r(NULL, "\n", &save))) {
    char *f[16];
    int n = 0;
    for (char *c = strsep(&line, ","); c && n < 16; c = strsep(&line, ",")) f[n++] = c;
    assert_int_equal(n, 15);
    unsigned long long runs = strtoull(f[12], NULL, 10);
    assert_true(runs > 0 && runs < 400000 && runs % 10000 == 0);
    assert_true((strtod(f[9], NULL) - strtod(f[8], NULL)) / 2.0 <= 0.005);
    differ |= rows++ && runs != first;
    if (rows == 1) first = runs;
  }
  assert_int_equal(rows, 12);
  assert_true(differ);
  free(text);
}

/* explain --precision: each counterfactual runs batches of 10000 pairs
 * until every paired half-width is at most H, far fewer than --runs; the
 * same bytes at 1 and 2 threads. */
static void test_explain_precision(void **state)
{
  neg_proc p, q;
  (void)state;
  const char *one[] = {"explain", "scenarios/energy_pause_2025.cfg", "--runs", "400000",
                       "--precision", "0.005", "--threads", "1", "--format", "csv", "--quiet",
                       "--out", "build/test-why/p1", "--force", NULL};
  const char *two[] = {"explain", "scenarios/energy_pause_2025.cfg", "--runs", "400000",
                       "--precision", "0.005", "--threads", "2", "--format", "csv", "--quiet",
                       "--out", "build/test-why/p2", "--force", NULL};
  assert_int_equal(neg_run_negsim(&p, one), 0);
  assert_int_equal(p.status, 0);
  assert_int_equal(neg_run_negsim(&q, two), 0);
  assert_int_equal(q.status, 0);
  assert_string_equal(p.out, q.out);
  check_explain_precision(p.out);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_renewal_condition),
    cmocka_unit_test(test_symmetric_split),
    cmocka_unit_test(test_why_csv),
    cmocka_unit_test(test_explain_condition),
    cmocka_unit_test(test_explain_cli),
    cmocka_unit_test(test_explain_precision),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
