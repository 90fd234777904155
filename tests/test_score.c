/* test_score.c: the scoring arithmetic in closed form, the labels file and
 * its errors, and negsim score as a program (docs/VALIDATION.md).
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "neg_score.h"
#include "testutil.h"

/* A case in the library's form: two belligerents, short terms. */
static const char case_cfg[] =
  "pause = { days = 10; extension_days = 10; max_extensions = 3; horizon_days = 40; };\n"
  "parties = { a = { role = \"belligerent\"; compliance = 0.95; ceasefire_utility = -1.0; };\n"
  "            b = { role = \"belligerent\"; compliance = 0.95; }; };\n";


static const char good_labels[] =
  "case,horizon,horizon_days,outcome,alt_outcome,day,note,sources,written\n"
  "t1,first_term,10,lapsed,NA,10,\"a note, with a comma\",\"src; src\",2026-12-06\n"
  "t1,one_year,40,collapsed,lapsed,12,n,s,2026-12-06\n";

static void test_brier_closed_form(void **state)
{
  const double certain[NEG_OUT_COUNT] = {0, 0, 1, 0};
  const double uniform[NEG_OUT_COUNT] = {0.25, 0.25, 0.25, 0.25};
  (void)state;
  assert_close(neg_score_brier(certain, NEG_OUT_LAPSED), 0.0, 1e-15);
  assert_close(neg_score_brier(certain, NEG_OUT_CEASEFIRE), 2.0, 1e-15);
  for (int o = 0; o < NEG_OUT_COUNT; o++) assert_close(neg_score_brier(uniform, o), 0.75, 1e-15);
  assert_close(neg_score_log(uniform, NEG_OUT_EXTENDED), log(4.0), 1e-15);
  assert_close(neg_score_log(certain, NEG_OUT_LAPSED), 0.0, 1e-15);
}

static void test_log_floor(void **state)
{
  const double p[NEG_OUT_COUNT] = {0, 0.0004, 0.9996, 0};
  (void)state;
  assert_close(neg_score_log(p, NEG_OUT_CEASEFIRE), -log(NEG_SCORE_FLOOR), 1e-12);
  assert_close(neg_score_log(p, NEG_OUT_EXTENDED), -log(0.001), 1e-12);
  assert_close(neg_score_log(p, NEG_OUT_LAPSED), -log(0.9996), 1e-12);
}

static void test_second_reading_is_mean(void **state)
{
  const double p[NEG_OUT_COUNT] = {0.1, 0.2, 0.3, 0.4};
  neg_label l = {"x", "one_year", 365, NEG_OUT_LAPSED, NEG_SCORE_NO_ALT, 2};
  double b1 = neg_score_brier(p, NEG_OUT_LAPSED), b2 = neg_score_brier(p, NEG_OUT_COLLAPSED);
  (void)state;
  assert_close(neg_score_brier_label(p, &l), b1, 1e-15);
  l.alt = NEG_OUT_COLLAPSED;
  assert_close(neg_score_brier_label(p, &l), 0.5 * (b1 + b2), 1e-15);
  assert_close(neg_score_log_label(p, &l), -0.5 * (log(0.3) + log(0.4)), 1e-15);
}

static void test_base_rates(void **state)
{
  neg_label first = {"x", "first_term", 120, 0, NEG_SCORE_NO_ALT, 2};
  neg_label year = {"x", "one_year", 365, 0, NEG_SCORE_NO_ALT, 3};
  double p[NEG_OUT_COUNT], q[NEG_OUT_COUNT];
  (void)state;
  neg_score_base_rate(&first, p);
  neg_score_base_rate(&year, q);
  assert_close(p[0] + p[1] + p[2] + p[3], 1.0, 1e-12);
  assert_close(q[0] + q[1] + q[2] + q[3], 1.0, 1e-12);
  assert_close(p[NEG_OUT_LAPSED], 44.0 / 99.0, 1e-12);
  assert_close(q[NEG_OUT_CEASEFIRE], 0.54, 1e-12);
  assert_close(q[NEG_OUT_LAPSED] / q[NEG_OUT_COLLAPSED], 44.0 / 5.0, 1e-9);
}

/* The bootstrap: a constant series has a degenerate interval; a mean's
 * interval covers it and is about 4 standard errors wide. */
static void test_bootstrap(void **state)
{
  enum { N = 400 };
  double x[2 * N];
  neg_score_mean m[2];
  double mean = 0, var = 0;
  (void)state;
  for (int i = 0; i < N; i++) {
    x[2 * i] = 0.5;
    x[2 * i + 1] = (double)(i % 10);
    mean += x[2 * i + 1] / N;
  }
  for (int i = 0; i < N; i++) var += (x[2 * i + 1] - mean) * (x[2 * i + 1] - mean) / N;
  assert_int_equal(neg_score_bootstrap(x, N, 2, 7, m), 0);
  assert_close(m[0].mean, 0.5, 1e-15);
  assert_close(m[0].lo, 0.5, 1e-15);
  assert_close(m[0].hi, 0.5, 1e-15);
  assert_close(m[1].mean, mean, 1e-12);
  assert_true(m[1].lo < mean && mean < m[1].hi);
  /* the width of a 95% interval, 3.92 standard errors, within 15% (2,000 resamples) */
  assert_close((m[1].hi - m[1].lo) / (3.92 * sqrt(var / N)), 1.0, 0.15);
}

/* A folder with one case t1, generic.cfg (a copy of the library's) and
 * labels; the caller frees it. */
static char *make_folder(const char *labels)
{
  char *dir = neg_tempdir(), *gen = neg_read_file("scenarios/calibrated_base_rate.cfg", NULL);
  assert_non_null(dir);
  assert_non_null(gen);
  free(neg_put_file(dir, "t1.cfg", case_cfg));
  free(neg_put_file(dir, "generic.cfg", gen));
  free(gen);
  free(neg_put_file(dir, "labels.csv", labels));
  return dir;
}

static void test_labels_read(void **state)
{
  char *dir = make_folder(good_labels), path[4200];
  neg_labels l;
  neg_error err = {{0}, 0, {0}, {0}};
  (void)state;
  snprintf(path, sizeof path, "%s/labels.csv", dir);
  assert_int_equal(neg_labels_read(path, &l, &err), 0);
  assert_int_equal(l.n, 2);
  assert_string_equal(l.v[0].name, "t1");
  assert_int_equal(l.v[0].outcome, NEG_OUT_LAPSED);
  assert_int_equal(l.v[0].alt, NEG_SCORE_NO_ALT);
  assert_int_equal(l.v[1].alt, NEG_OUT_LAPSED);
  assert_int_equal(l.v[1].line, 3);
  neg_labels_free(&l);
  neg_rmtree(dir);
  free(dir);
}

/* Runs negsim score on dir into dir/out_name. */
static void score(neg_proc *p, const char *dir, const char *threads, const char *out_name)
{
  char out[4200];
  snprintf(out, sizeof out, "%s/%s", dir, out_name);
  const char *argv[] = {"score", dir, "--runs", "3000", "--threads", threads, "--out", out,
                        "--quiet", NULL};
  assert_int_equal(neg_run_negsim(p, argv), 0);
}

/* Bad labels: one line naming the labels file and line, exit 2, nothing
 * written. */
static void test_bad_labels(void **state)
{
  static const struct { const char *row, *expect; } bad[] = {
    {"t2,first_term,10,lapsed,NA,1,n,s,d\n", "labels.csv:2: case: unknown case"},
    {"t1,first_term,10,lapse,NA,1,n,s,d\n", "labels.csv:2: outcome: 'lapse' is not an outcome"},
    {"t1,first_term,10,lapsed,broke,1,n,s,d\n", "labels.csv:2: alt_outcome: 'broke'"},
    {"t1,one_year,5,lapsed,NA,1,n,s,d\n", "labels.csv:2: horizon_days: 5 cannot be reached"},
    {"t1,one_year,4000,lapsed,NA,1,n,s,d\n", "labels.csv:2: horizon_days: '4000' cannot be reached"},
    {"t1,first_term,20,lapsed,NA,1,n,s,d\n", "labels.csv:2: horizon_days: 20 is not the first term"},
    {"t1,first_term,10,lapsed,NA,1,\"n,s,d\n", "labels.csv:2: a quoted field is not closed"},
    {"t1,first_term,10,lapsed\n", "labels.csv:2: 4 fields where the header has 9"},
  };
  (void)state;
  for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
    char text[1024];
    neg_proc p;
    snprintf(text, sizeof text, "case,horizon,horizon_days,outcome,alt_outcome,day,note,"
             "sources,written\n%s", bad[k].row);
    char *dir = make_folder(text);
    score(&p, dir, "1", "out");
    assert_int_equal(p.status, 2);
    if (!strstr(p.err, bad[k].expect)) fail_msg("%s: got '%s'", bad[k].expect, p.err);
    assert_int_equal(strchr(p.err, '\n') - p.err + 1, (long)strlen(p.err)); /* one line */
    assert_int_equal(neg_count_entries(dir), 3);                          /* nothing written */
    neg_rmtree(dir);
    free(dir);
  }
}

/* A user's folder is scored; the file does not depend on the threads; a
 * certain forecast scores as its closed form. */
static void test_score_folder(void **state)
{
  char *dir = make_folder(good_labels), path[4200];
  neg_proc p;
  char *one, *two;
  size_t n1, n2;
  (void)state;
  score(&p, dir, "1", "one");
  assert_int_equal(p.status, 0);
  score(&p, dir, "2", "two");
  assert_int_equal(p.status, 0);
  snprintf(path, sizeof path, "%s/one/score.csv", dir);
  assert_non_null(one = neg_read_file(path, &n1));
  snprintf(path, sizeof path, "%s/two/score.csv", dir);
  assert_non_null(two = neg_read_file(path, &n2));
  assert_true(n1 == n2 && !memcmp(one, two, n1));
  /* 2 labels x 3 forecasters, then 1 mean row per series per horizon */
  size_t rows = 0;
  for (char *c = one; *c; c++) rows += *c == '\n';
  assert_int_equal(rows, 1 + 2 * 3 + 2 * 5);
  assert_non_null(strstr(one, "t1,first_term,10,base_rate,lapsed,NA,0.160000,0.345051,0.444444,"
                              "0.050505,"));
  free(one);
  free(two);
  neg_rmtree(dir);
  free(dir);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_brier_closed_form),
    cmocka_unit_test(test_log_floor),
    cmocka_unit_test(test_second_reading_is_mean),
    cmocka_unit_test(test_base_rates),
    cmocka_unit_test(test_bootstrap),
    cmocka_unit_test(test_labels_read),
    cmocka_unit_test(test_bad_labels),
    cmocka_unit_test(test_score_folder),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
