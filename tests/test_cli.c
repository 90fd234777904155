/* test_cli.c: negsim as a user runs it: outputs identical for any thread
 * count, a replayable manifest, and every class of bad input rejected with
 * exit 2, a message naming file, line and key, and no output written.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "testutil.h"
#include "neg_progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const outputs[] = {"summary.csv", "daily.csv", "manifest.cfg", "runs.csv"};

/* Runs negsim; fails the test when it cannot start. */
static neg_proc *negsim(const char *const *argv)
{
  static neg_proc p;
  assert_int_equal(neg_run_negsim(&p, argv), 0);
  return &p;
}

/* Asserts that every output file in a and b is byte-identical. */
static void assert_same_outputs(const char *a, const char *b)
{
  for (size_t k = 0; k < sizeof outputs / sizeof outputs[0]; k++) {
    char pa[4096], pb[4096];
    size_t la, lb;
    snprintf(pa, sizeof pa, "%s/%s", a, outputs[k]);
    snprintf(pb, sizeof pb, "%s/%s", b, outputs[k]);
    char *x = neg_read_file(pa, &la), *y = neg_read_file(pb, &lb);
    assert_non_null(x);
    assert_non_null(y);
    assert_int_equal(la, lb);
    assert_memory_equal(x, y, la);
    free(x);
    free(y);
  }
}

/* --threads 1 and --threads 2 write identical files whose probabilities
 * sum to 1. */
static void test_threads_identical_files(void **state)
{
  char *tmp = neg_tempdir(), a[2048], b[2048], path[4096];
  (void)state;
  snprintf(a, sizeof a, "%s/t1", tmp);
  snprintf(b, sizeof b, "%s/t2", tmp);
  const char *run1[] = {"run", "scenarios/energy_pause_2025.cfg", "--runs", "20000",
                        "--seed", "7", "--threads", "1", "--per-run", "--out", a, NULL};
  const char *run2[] = {"run", "scenarios/energy_pause_2025.cfg", "--runs", "20000",
                        "--seed", "7", "--threads", "2", "--per-run", "--out", b, NULL};
  neg_proc *p = negsim(run1);
  assert_int_equal(p->status, 0);
  assert_non_null(strstr(p->out, "ceasefire"));
  assert_int_equal(negsim(run2)->status, 0);
  assert_same_outputs(a, b);

  snprintf(path, sizeof path, "%s/summary.csv", a);
  char *csv = neg_read_file(path, NULL), *line = strchr(csv, '\n');
  double total = 0.0;
  int rows = 0;
  assert_non_null(line);
  for (line++; *line; line = strchr(line, '\n') + 1, rows++) {
    const char *comma = strchr(strchr(line, ',') + 1, ',');
    total += atof(comma + 1);
  }
  assert_int_equal(rows, 4);
  assert_close(total, 1.0, 4e-8);
  free(csv);
  neg_rmtree(tmp);
  free(tmp);
}

/* Running the manifest again reproduces the outputs byte for byte. */
static void test_manifest_replays(void **state)
{
  char *tmp = neg_tempdir(), a[2048], b[2048], manifest[4096];
  (void)state;
  snprintf(a, sizeof a, "%s/first", tmp);
  snprintf(b, sizeof b, "%s/again", tmp);
  snprintf(manifest, sizeof manifest, "%s/manifest.cfg", a);
  const char *run1[] = {"run", "scenarios/energy_pause_2025.cfg", "--runs", "5000",
                        "--seed", "11", "--set", "parties.russia.compliance=0.9",
                        "--per-run", "--quiet", "--out", a, NULL};
  const char *run2[] = {"run", manifest, "--per-run", "--quiet", "--out", b, NULL};
  neg_proc *p = negsim(run1);
  assert_int_equal(p->status, 0);
  assert_string_equal(p->out, "");
  assert_int_equal(negsim(run2)->status, 0);
  assert_same_outputs(a, b);
  neg_rmtree(tmp);
  free(tmp);
}

/* One class of bad input: its arguments (OUT stands for the output
 * folder), the text the message must contain. */
typedef struct {
  const char *name;
  const char *file_text;   /* scenario written to bad.cfg, or NULL */
  const char *args[12];
  const char *expect;
} bad_case;

static const char base_cfg[] =
  "parties = {\n"
  "  russia = { role = \"belligerent\"; };\n"
  "  ukraine = { role = \"belligerent\"; momentum_side = -1; };\n"
  "};\n";

static const bad_case bad_cases[] = {
  {"misspelt key", "pause = { days = 30; };\nparties = {\n  russia = { role = \"belligerent\"; complience = 0.9; };\n"
   "  ukraine = { role = \"belligerent\"; };\n};\n",
   {"check", "BAD", NULL}, "bad.cfg:3: parties.russia.complience"},
  {"out of range", "pause = {\n  days = 0;\n};\n" , {"check", "BAD", NULL}, "bad.cfg:2: pause.days"},
  {"probability above 1", "parties = {\n  russia = { role = \"belligerent\";\n compliance = 1.5; };\n"
   "  ukraine = { role = \"belligerent\"; };\n};\n",
   {"run", "BAD", "--out", "OUT", NULL}, "bad.cfg:3: parties.russia.compliance"},
  {"syntax error", "pause = { days = 30 }\nparties = ;\n", {"check", "BAD", NULL}, "bad.cfg:2"},
  {"missing file", NULL, {"run", "no/such/file.cfg", "--out", "OUT", NULL}, "no/such/file.cfg"},
  {"unknown option", NULL, {"run", "GOOD", "--rusn", "5", "--out", "OUT", NULL}, "--rusn"},
  {"zero threads", NULL, {"run", "GOOD", "--threads", "0", "--out", "OUT", NULL}, "--threads"},
  {"bad runs", NULL, {"run", "GOOD", "--runs", "12x", "--out", "OUT", NULL}, "--runs"},
  {"negative runs", NULL, {"run", "GOOD", "--runs", "-5", "--out", "OUT", NULL}, "--runs"},
  {"malformed set", NULL, {"run", "GOOD", "--set", "pause.days", "--out", "OUT", NULL}, "--set"},
  {"unknown set key", NULL, {"run", "GOOD", "--set", "pause.dayz=3", "--out", "OUT", NULL}, "pause.dayz"},
  {"unknown verb", NULL, {"rnu", "GOOD", NULL}, "rnu"},
  {"malformed vary", NULL, {"sweep", "GOOD", "--vary", "pause.days=1:2", "--out", "OUT", NULL}, "--vary: pause.days: malformed values"},
  {"vary unknown key", NULL, {"sweep", "GOOD", "--vary", "pause.dayz=1,2", "--out", "OUT", NULL}, "pause.dayz"},
  {"vary out of range", NULL, {"sweep", "GOOD", "--vary", "pause.days=10,0", "--out", "OUT", NULL}, "pause.days"},
  {"sweep without axes", NULL, {"sweep", "GOOD", "--out", "OUT", NULL}, "sweep needs 1 to 16 axes"},
  {"compare alone", NULL, {"compare", "GOOD", "--out", "OUT", NULL}, "needs a second scenario"},
  {"compare bad vs", NULL, {"compare", "GOOD", "--vs", "parties.russia.compliance=2", "--out", "OUT", NULL}, "parties.russia.compliance"},
  {"unwritable out", NULL, {"run", "GOOD", "--out", "GOOD/sub", NULL}, "good.cfg/sub: Not a directory"},
};

/* Replaces the placeholders BAD, GOOD and OUT in a case's arguments. */
static void fill_args(const bad_case *c, const char *bad, const char *good,
                      const char *out, const char **argv)
{
  size_t k = 0;
  for (; c->args[k]; k++) {
    const char *a = c->args[k];
    argv[k] = !strcmp(a, "BAD") ? bad : !strcmp(a, "GOOD") ? good
            : !strcmp(a, "OUT") ? out : !strcmp(a, "GOOD/sub") ? "GOODSUB" : a;
  }
  argv[k] = NULL;
}

static void test_bad_input(void **state)
{
  (void)state;
  for (size_t k = 0; k < sizeof bad_cases / sizeof bad_cases[0]; k++) {
    const bad_case *c = &bad_cases[k];
    char *tmp = neg_tempdir(), bad[2048], good[2048], out[2048], goodsub[4096];
    const char *argv[16];
    struct stat st;
    snprintf(bad, sizeof bad, "%s/bad.cfg", tmp);
    snprintf(good, sizeof good, "%s/good.cfg", tmp);
    snprintf(out, sizeof out, "%s/out", tmp);
    snprintf(goodsub, sizeof goodsub, "%s/sub", good);
    assert_int_equal(neg_write_file(good, base_cfg), 0);
    if (c->file_text) assert_int_equal(neg_write_file(bad, c->file_text), 0);
    fill_args(c, bad, good, out, argv);
    for (size_t j = 0; argv[j]; j++)
      if (!strcmp(argv[j], "GOODSUB")) argv[j] = goodsub;
    neg_proc *p = negsim(argv);
    if (p->status != 2 || !strstr(p->err, c->expect) || strchr(p->err, '\n') != strrchr(p->err, '\n')) {
      print_error("case '%s': status %d, stderr: %s", c->name, p->status, p->err);
      fail();
    }
    assert_string_equal(p->out, "");
    assert_int_not_equal(stat(out, &st), 0); /* no output folder created */
    assert_int_equal(neg_count_entries(tmp), c->file_text ? 2 : 1);
    neg_rmtree(tmp);
    free(tmp);
  }
}

/* A failed run leaves the earlier results of its folder as they were. */
static void test_failure_keeps_results(void **state)
{
  char *tmp = neg_tempdir(), out[2048], path[4096], bad[2048];
  size_t n1, n2;
  (void)state;
  snprintf(out, sizeof out, "%s/out", tmp);
  snprintf(path, sizeof path, "%s/summary.csv", out);
  snprintf(bad, sizeof bad, "%s/bad.cfg", tmp);
  const char *good[] = {"run", "scenarios/energy_pause_2025.cfg", "--runs", "2000",
                        "--quiet", "--out", out, NULL};
  const char *fail_run[] = {"run", "scenarios/energy_pause_2025.cfg", "--runs", "2000",
                            "--set", "parties.russia.compliance=2", "--out", out, NULL};
  assert_int_equal(negsim(good)->status, 0);
  char *before = neg_read_file(path, &n1);
  assert_non_null(before);
  assert_int_equal(negsim(fail_run)->status, 2);
  char *after = neg_read_file(path, &n2);
  assert_int_equal(n1, n2);
  assert_memory_equal(before, after, n1);
  assert_int_equal(neg_count_entries(out), 4);
  free(before);
  free(after);
  neg_rmtree(tmp);
  free(tmp);
}

/* The same run again without --per-run keeps runs.csv (it still matches
 * the folder: the same manifest gives the same replicates); a different
 * run replacing the results (--force) removes it, since it would no
 * longer match the folder's summary. */
static void test_stale_runs_removed(void **state)
{
  char *tmp = neg_tempdir(), out[2048];
  (void)state;
  snprintf(out, sizeof out, "%s/out", tmp);
  const char *with[] = {"run", "scenarios/energy_pause_2025.cfg", "--runs", "500",
                        "--per-run", "--quiet", "--out", out, NULL};
  const char *without[] = {"run", "scenarios/energy_pause_2025.cfg", "--runs", "500",
                           "--quiet", "--out", out, NULL};
  const char *other[] = {"run", "scenarios/energy_pause_2025.cfg", "--runs", "600",
                         "--quiet", "--force", "--out", out, NULL};
  assert_int_equal(negsim(with)->status, 0);
  assert_int_equal(neg_count_entries(out), 5);
  assert_int_equal(negsim(without)->status, 0);
  assert_int_equal(neg_count_entries(out), 5);
  assert_int_equal(negsim(other)->status, 0);
  assert_int_equal(neg_count_entries(out), 4);
  neg_rmtree(tmp);
  free(tmp);
}

/* Reads a whole file that must exist. */
static char *slurp(const char *dir, const char *name)
{
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  char *text = neg_read_file(path, NULL);
  if (!text) fail_msg("missing %s", path);
  return text;
}

/* --set keys become summary.csv columns, so runs concatenate; a replay of
 * the manifest keeps them. */
static void test_set_columns(void **state)
{
  char *tmp = neg_tempdir(), out[2048];
  (void)state;
  snprintf(out, sizeof out, "%s/o", tmp);
  const char *run[] = {"run", "scenarios/energy_pause_2025.cfg", "--runs", "300", "--quiet",
                       "--set", "parties.russia.compliance=0.9", "--set", "pause.days=20",
                       "--out", out, NULL};
  assert_int_equal(negsim(run)->status, 0);
  char *csv = slurp(out, "summary.csv");
  assert_non_null(strstr(csv, ",scenario,seed,parties.russia.compliance,pause.days\n"));
  assert_non_null(strstr(csv, ",energy_pause_2025,20250318,0.9,20\n"));
  free(csv);
  neg_rmtree(tmp);
  free(tmp);
}

/* Each outcome row of summary (its outcome, runs, probability, interval,
 * total_runs and mean_day) is a row of dir/sweep_long.csv after prefix. */
static void check_long_rows(const char *dir, const char *prefix, const char *summary)
{
  char *tidy = slurp(dir, "sweep_long.csv"), want[512];
  const char *line = strchr(summary, '\n');
  assert_non_null(strstr(tidy, "point,pause.days,parties.us.aid,outcome,runs,probability,"
                                "ci_low,ci_high,total_runs,mean_day,scenario,seed\n"));
  for (int o = 0; o < 4; o++, line = strchr(line + 1, '\n')) {
    const char *end = line + 1;
    for (int comma = 0; comma < 7; end++) comma += *end == ',';
    snprintf(want, sizeof want, "%s%.*s", prefix, (int)(end - line - 1), line + 1);
    assert_non_null(strstr(tidy, want));
  }
  int lines = 0;
  for (const char *c = tidy; *c; c++) lines += *c == '\n';
  assert_int_equal(lines, 1 + 4 * 4);  /* a row per point and outcome */
  free(tidy);
}

/* A sweep writes one row per point in grid order (last axis fastest), each
 * point identical to a run with the same overrides; its manifest, whose
 * sweep group holds the axes, replays it without --vary. */
static void test_sweep_files(void **state)
{
  char *tmp = neg_tempdir(), a[2048], b[2048], c[2048], manifest[4096];
  (void)state;
  snprintf(a, sizeof a, "%s/a", tmp);
  snprintf(b, sizeof b, "%s/b", tmp);
  snprintf(c, sizeof c, "%s/c", tmp);
  snprintf(manifest, sizeof manifest, "%s/manifest.cfg", a);
  const char *sweep[] = {"sweep", "scenarios/energy_pause_2025.cfg", "--runs", "400",
                         "--vary", "pause.days=20,30", "--vary", "parties.us.aid=supplying,cut",
                         "--quiet", "--threads", "2", "--out", a, NULL};
  assert_int_equal(negsim(sweep)->status, 0);
  char *csv = slurp(a, "sweep.csv");
  assert_non_null(strstr(csv, "point,pause.days,parties.us.aid,runs,ceasefire,ceasefire_ci_low,"));
  assert_non_null(strstr(csv, "\n2,30,supplying,400,"));
  assert_non_null(strstr(csv, "\n3,30,cut,400,"));
  const char *run[] = {"run", "scenarios/energy_pause_2025.cfg", "--runs", "400", "--quiet",
                       "--set", "pause.days=30", "--set", "parties.us.aid=cut", "--out", b, NULL};
  assert_int_equal(negsim(run)->status, 0);
  char *summary = slurp(b, "summary.csv");
  char *row = strstr(csv, "\n3,30,cut,400,") + strlen("\n3,30,cut,400,");
  char *first = strchr(summary, '\n') + 1; /* ceasefire,<count>,<probability>,<lo>,<hi>,... */
  char *prob = strchr(strchr(first, ',') + 1, ',') + 1;
  assert_memory_equal(row, prob, 32); /* probability and interval, to the digit */
  check_long_rows(a, "\n3,30,cut,", summary);
  const char *replay[] = {"sweep", manifest, "--quiet", "--out", c, NULL};
  assert_int_equal(negsim(replay)->status, 0);
  char *again = slurp(c, "sweep.csv");
  assert_string_equal(csv, again);
  free(csv);
  free(summary);
  free(again);
  neg_rmtree(tmp);
  free(tmp);
}

/* negsim check warns on stderr, exit 0, of outcomes a scenario makes
 * impossible and of a condition on an issue nothing moves (docs/ERRORS.md). */
static void test_check_warnings(void **state)
{
  static const char text[] =
    "pause = { max_extensions = 0; };\nrounds = { every = 0; at_pause_end = false; };\n"
    "issues = { a = { initial = 0.0; }; };\nparties = {\n  russia = { role = \"belligerent\"; "
    "conditions = ( { issue = \"a\"; at_least = 0.5; } ); };\n"
    "  ukraine = { role = \"belligerent\"; };\n};\n";
  char *tmp = neg_tempdir(), *path = neg_put_file(tmp, "w.cfg", text), want[8192];
  (void)state;
  const char *check[] = {"check", path, NULL};
  neg_proc *p = negsim(check);
  snprintf(want, sizeof want,
           "negsim: check: warning: %s: pause.max_extensions: outcome extended is impossible: "
           "the truce cannot be renewed (max_extensions = 0)\n"
           "negsim: check: warning: %s: rounds: outcome ceasefire is impossible: no negotiation "
           "round can be held\n"
           "negsim: check: warning: %s: parties.russia.conditions.[0]: issue 'a' never changes "
           "(no rule, deal or schedule item moves it): the condition is always unmet\n",
           path, path, path);
  assert_int_equal(p->status, 0);
  assert_string_equal(p->err, want);
  const char *deals[] = {"check", "tests/data/fastpath_deals.cfg", NULL};
  p = negsim(deals);
  assert_int_equal(p->status, 0);
  assert_string_equal(p->err, "negsim: check: warning: tests/data/fastpath_deals.cfg: "
                      "pause.horizon_days: outcome extended is impossible: the truce's last "
                      "possible term ends on day 90, before the horizon (day 100)\n");
  free(path);
  neg_rmtree(tmp);
  free(tmp);
}

/* A mediator with an aid share is accepted (read as a backer supplying
 * aid) and negsim check warns of it, exit 0; without the share, or with it
 * set to 0 by --set, it does not. */
static void test_check_mediator_aid(void **state)
{
  static const char text[] =
    "parties = {\n  russia = { role = \"belligerent\"; };\n"
    "  ukraine = { role = \"belligerent\"; momentum_side = -1; };\n"
    "  un = { role = \"mediator\"; aid_share = 0.1; pressure = { russia = 0.5; }; };\n};\n";
  char *tmp = neg_tempdir(), *path = neg_put_file(tmp, "m.cfg", text), want[8192];
  (void)state;
  const char *check[] = {"check", path, NULL};
  neg_proc *p = negsim(check);
  snprintf(want, sizeof want, "negsim: check: warning: %s: parties.un.aid_share: a mediator with "
           "an aid share is read as a backer that supplies aid; write role = \"backer\" if it "
           "does, or drop aid_share\n", path);
  assert_int_equal(p->status, 0);
  assert_string_equal(p->err, want);
  const char *zero[] = {"check", path, "--set", "parties.un.aid_share=0", NULL};
  p = negsim(zero);
  assert_int_equal(p->status, 0);
  assert_string_equal(p->err, "");
  free(path);
  neg_rmtree(tmp);
  free(tmp);
}

/* A sweep over a side deal's daily probability (the general model): each
 * point differs, sweep.csv is the same at 1 and 2 threads, and the
 * manifest replays it. */
static void test_sweep_general(void **state)
{
  char *tmp = neg_tempdir(), out[3][2048], manifest[4096], *csv[3];
  const char *threads[] = {"1", "2"};
  (void)state;
  for (int k = 0; k < 2; k++) {
    snprintf(out[k], sizeof out[k], "%s/t%s", tmp, threads[k]);
    const char *sweep[] = {"sweep", "tests/data/fastpath_deals.cfg", "--runs", "2000",
                           "--vary", "deals.grain.daily_probability=0:0.1:3", "--quiet",
                           "--threads", threads[k], "--out", out[k], NULL};
    assert_int_equal(negsim(sweep)->status, 0);
    csv[k] = slurp(out[k], "sweep.csv");
  }
  assert_string_equal(csv[0], csv[1]);
  assert_non_null(strstr(csv[0], "point,deals.grain.daily_probability,runs,ceasefire,"));
  char *p0 = strstr(csv[0], "\n0,0,2000,"), *p2 = strstr(csv[0], "\n2,0.1,2000,");
  assert_non_null(p0);   /* the value reaches the model: grain never reached at 0 */
  assert_non_null(p2);
  assert_true(strtod(p2 + 12, NULL) > strtod(p0 + 10, NULL) + 0.2);   /* ceasefire */
  snprintf(out[2], sizeof out[2], "%s/replay", tmp);
  snprintf(manifest, sizeof manifest, "%s/manifest.cfg", out[0]);
  const char *replay[] = {"sweep", manifest, "--quiet", "--out", out[2], NULL};
  assert_int_equal(negsim(replay)->status, 0);
  csv[2] = slurp(out[2], "sweep.csv");
  assert_string_equal(csv[0], csv[2]);
  for (int k = 0; k < 3; k++) free(csv[k]);
  neg_rmtree(tmp);
  free(tmp);
}

/* Runs a sweep of the default scenario with the given runs option and axes
 * at each thread count; fails unless every sweep.csv is the same. */
static void sweep_same(const char *tmp, const char *opt, const char *val, const char *axis1,
                       const char *axis2, const char *const *threads, size_t n)
{
  char out[2048], *first = NULL;
  for (size_t t = 0; t < n; t++) {
    snprintf(out, sizeof out, "%s/%s%s%zu", tmp, opt + 2, val, t);
    const char *sweep[] = {"sweep", "scenarios/energy_pause_2025.cfg", opt, val, "--vary", axis1,
                           "--vary", axis2, "--quiet", "--threads", threads[t], "--out", out,
                           NULL};
    assert_int_equal(negsim(sweep)->status, 0);
    char *csv = slurp(out, "sweep.csv");
    if (first) {
      assert_string_equal(csv, first);
      free(csv);
    } else {
      first = csv;
    }
  }
  free(first);
}

/* A sweep of many small points runs them side by side, one thread each
 * (12 points of 300 replicates, or stopped by --precision), and one of few
 * larger points runs each on all threads (3 points of 20,000): the files
 * are the same as one thread's either way. */
static void test_sweep_threads(void **state)
{
  static const char *const threads[] = {"1", "2", "3"};
  char *tmp = neg_tempdir();
  (void)state;
  sweep_same(tmp, "--runs", "300", "rounds.probability=0.4:0.9:6",
             "parties.us.aid=supplying,cut", threads, 3);
  sweep_same(tmp, "--precision", "0.02", "rounds.probability=0.4:0.9:6",
             "parties.us.aid=supplying,cut", threads, 3);
  sweep_same(tmp, "--runs", "20000", "rounds.probability=0.4:0.9:3", "parties.us.aid=cut",
             threads, 2);
  neg_rmtree(tmp);
  free(tmp);
}

/* A large grid is checked on all threads before anything runs; the error
 * is that of its first bad point, the same at 1 and 2 threads, and nothing
 * is written. */
static void test_sweep_first_bad_point(void **state)
{
  static const char *const threads[] = {"1", "2"};
  char *tmp = neg_tempdir(), out[2048], *first = NULL;
  struct stat st;
  (void)state;
  snprintf(out, sizeof out, "%s/out", tmp);
  for (size_t t = 0; t < 2; t++) {
    /* 400 points; the horizon below pause.days (30) from point 255 on, the
     * last of the fourth chunk of 64 points: the thread that takes the fifth
     * chunk finds a bad point first (a check that kept the first error
     * found, not the first in grid order, fails 7 times in 8) */
    const char *sweep[] = {"sweep", "scenarios/energy_pause_2025.cfg", "--vary",
                           "pause.horizon_days=284:-115:400", "--runs", "10", "--threads",
                           threads[t], "--out", out, NULL};
    neg_proc *p = negsim(sweep);
    assert_int_equal(p->status, 2);
    assert_non_null(strstr(p->err, "pause.horizon_days: 29 is less than pause.days (30)"));
    assert_int_not_equal(stat(out, &st), 0);
    if (first) {
      assert_string_equal(p->err, first);
    } else {
      assert_non_null(first = strdup(p->err));
    }
  }
  free(first);
  neg_rmtree(tmp);
  free(tmp);
}

/* compare writes its table and compare.csv, with a narrower paired interval. */
static void test_compare_files(void **state)
{
  char *tmp = neg_tempdir(), out[2048];
  (void)state;
  snprintf(out, sizeof out, "%s/cmp", tmp);
  const char *cmp[] = {"compare", "scenarios/energy_pause_2025.cfg", "--vs",
                       "parties.us.aid=cut", "--runs", "3000", "--out", out, NULL};
  neg_proc *p = negsim(cmp);
  assert_int_equal(p->status, 0);
  assert_non_null(strstr(p->out, "95% paired interval"));
  char *csv = slurp(out, "compare.csv");
  assert_non_null(strstr(csv, "outcome,p_a,p_b,difference,ci_low,ci_high,"
                              "independent_ci_low,independent_ci_high,runs,"));
  assert_int_equal(neg_count_entries(out), 3);
  free(csv);
  neg_rmtree(tmp);
  free(tmp);
}

/* A sweep over run.seed writes each row's own seed (the rows are those of
 * run --seed k), in sweep.csv and sweep_long.csv. */
static void test_sweep_seed_column(void **state)
{
  char *tmp = neg_tempdir(), sw[2048], r2[2048];
  (void)state;
  snprintf(sw, sizeof sw, "%s/sw", tmp);
  snprintf(r2, sizeof r2, "%s/r2", tmp);
  const char *sweep[] = {"sweep", "scenarios/energy_pause_2025.cfg", "--vary", "run.seed=1,2",
                         "--runs", "2000", "--quiet", "--out", sw, NULL};
  const char *run[] = {"run", "scenarios/energy_pause_2025.cfg", "--seed", "2", "--runs", "2000",
                       "--quiet", "--out", r2, NULL};
  assert_int_equal(negsim(sweep)->status, 0);
  assert_int_equal(negsim(run)->status, 0);
  char *csv = slurp(sw, "sweep.csv"), *lng = slurp(sw, "sweep_long.csv");
  char *sum = slurp(r2, "summary.csv");
  char *row1 = strchr(csv, '\n') + 1, *row2 = strchr(row1, '\n') + 1;
  assert_memory_equal(strrchr(strchr(row2, '\n') - 3, ','), ",2\n", 3);
  *strchr(row1, '\n') = '\0';
  assert_string_equal(strrchr(row1, ','), ",1");
  /* sweep_long's rows of point 1 hold run --seed 2's probabilities and seed 2 */
  const char *lapsed = strstr(sum, "\nlapsed,") + 8, *p1 = strstr(lng, "\n1,2,lapsed,");
  assert_non_null(p1);
  assert_memory_equal(p1 + 12, lapsed, strcspn(lapsed, ",") + 1);
  p1 = strchr(p1 + 1, '\n');
  assert_memory_equal(p1 - 2, ",2", 2);
  free(csv);
  free(lng);
  free(sum);
  neg_rmtree(tmp);
  free(tmp);
}

/* Progress shows on a terminal (script(1) gives one) and nowhere else. */
static void test_progress(void **state)
{
  char *tmp = neg_tempdir(), cmd[8192], log[2048], out[2048];
  const char *prog = getenv("NEGSIM");
  (void)state;
  snprintf(log, sizeof log, "%s/tty.log", tmp);
  snprintf(out, sizeof out, "%s/o", tmp);
  snprintf(cmd, sizeof cmd, "script -qec '%s run scenarios/energy_pause_2025.cfg --runs 200000 "
           "--out %s' /dev/null > %s 2>&1", prog ? prog : "bin/negsim", out, log);
  assert_int_equal(system(cmd), 0);
  char *text = neg_read_file(log, NULL);
  assert_non_null(text);
  assert_non_null(strstr(text, "runs/s")); /* the progress line, on a terminal */
  free(text);
  const char *piped[] = {"run", "scenarios/energy_pause_2025.cfg", "--runs", "300000",
                         "--force", "--out", out, NULL};
  neg_proc *p = negsim(piped);
  assert_int_equal(p->status, 0);
  assert_null(strstr(p->err, "runs/s")); /* stderr is a file here: no progress */
  assert_null(strchr(p->err, '\r'));
  neg_rmtree(tmp);
  free(tmp);
}

/* The progress line's rates and times read as a person would write them. */
static void test_progress_format(void **state)
{
  static const struct { double x; const char *text; } rates[] = {
    {0.0, "0"}, {950.4, "950"}, {999.4, "999"}, {999.6, "1.0k"}, {9540.0, "9.5k"},
    {9960.0, "10k"}, {381200.0, "381k"}, {999700.0, "1.00M"}, {1230000.0, "1.23M"},
    {9996000.0, "10.0M"}, {12340000.0, "12.3M"},
  };
  static const struct { double s; const char *text; } times[] = {
    {-1.0, "0 s"}, {0.4, "0 s"}, {45.0, "45 s"}, {59.6, "1 min 00 s"}, {725.0, "12 min 05 s"},
    {3599.0, "59 min 59 s"}, {3600.0, "1 h 00 min"}, {12000.0, "3 h 20 min"},
    {1e30, "277777 h 46 min"},   /* bounded at 10^9 s */
  };
  char buf[32];
  (void)state;
  for (size_t i = 0; i < sizeof rates / sizeof *rates; i++) {
    neg_progress_amount(buf, sizeof buf, rates[i].x);
    assert_string_equal(buf, rates[i].text);
  }
  for (size_t i = 0; i < sizeof times / sizeof *times; i++) {
    neg_progress_time(buf, sizeof buf, times[i].s);
    assert_string_equal(buf, times[i].text);
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_threads_identical_files),
    cmocka_unit_test(test_manifest_replays),
    cmocka_unit_test(test_bad_input),
    cmocka_unit_test(test_failure_keeps_results),
    cmocka_unit_test(test_stale_runs_removed),
    cmocka_unit_test(test_sweep_seed_column),
    cmocka_unit_test(test_set_columns),
    cmocka_unit_test(test_sweep_files),
    cmocka_unit_test(test_sweep_general),
    cmocka_unit_test(test_check_warnings),
    cmocka_unit_test(test_check_mediator_aid),
    cmocka_unit_test(test_sweep_threads),
    cmocka_unit_test(test_sweep_first_bad_point),
    cmocka_unit_test(test_compare_files),
    cmocka_unit_test(test_progress),
    cmocka_unit_test(test_progress_format),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
