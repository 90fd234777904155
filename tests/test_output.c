/* test_output.c: the files of a run, their exact text and atomic writing.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "neg_output.h"
#include "neg_rng.h"

#define SEED UINT64_C(12345678901234567890)

/* Fills s with russia, us (backer), ukraine over 3 days. */
static void make_scenario(neg_scenario *s)
{
  memset(s, 0, sizeof *s);
  strcpy(s->name, "out_test");
  s->horizon_days = 3;
  s->pause_days = 2;
  s->extension_days = 1;
  s->max_extensions = 1;
  s->runs = 7;
  s->seed = 1;
  s->n_parties = 3;
  for (int i = 0; i < 3; i++) neg_party_defaults(&s->parties[i]);
  strcpy(s->parties[0].id, "russia");
  strcpy(s->parties[1].id, "us");
  s->parties[1].role = NEG_ROLE_BACKER;
  strcpy(s->parties[2].id, "ukraine");
}

/* Feeds days 1..end of one replicate with fixed beliefs, aid and breaches. */
static void feed(neg_tally *t, int end, neg_outcome out, int ext_day, double tr,
                 double tu, double aid, int deal, int br, int bu)
{
  static neg_world w;
  for (int d = 1; d <= end; d++) {
    memset(&w, 0, sizeof w);
    w.day = d;
    w.done = d == end;
    w.outcome = w.done ? out : NEG_OUT_CEASEFIRE;
    w.extensions = ext_day && d >= ext_day;
    w.trust_a[0] = tr, w.trust_b[0] = 1 - tr;
    w.trust_a[1] = 1, w.trust_b[1] = 1;
    w.trust_a[2] = tu, w.trust_b[2] = 1 - tu;
    w.aid = aid;
    w.maritime_deal = deal;
    w.breaches[0] = br;
    w.breaches[2] = bu;
    neg_tally_day(t, &w);
  }
}

/* The tally of four replicates, one per outcome (worked out in the tests). */
static neg_tally *make_tally(const neg_scenario *s)
{
  neg_tally *t = neg_tally_alloc(s);
  assert_non_null(t);
  feed(t, 2, NEG_OUT_CEASEFIRE, 0, 0.5, 0.75, 0.5, 0, 1, 0);
  feed(t, 3, NEG_OUT_LAPSED, 0, 0.25, 0.5, 1.0, 1, 0, 2);
  feed(t, 1, NEG_OUT_COLLAPSED, 0, 0.5, 0.5, 0.0, 0, 3, 1);
  feed(t, 3, NEG_OUT_EXTENDED, 2, 0.75, 0.25, 0.0, 0, 0, 0);
  return t;
}

/* Two per-run records, one with an abandoning party. */
static void make_records(neg_record rec[2])
{
  memset(rec, 0, 2 * sizeof *rec);
  rec[0].replicate = 0;
  rec[0].outcome = NEG_OUT_COLLAPSED;
  rec[0].day = 1;
  rec[0].abandoned_by = 2;
  rec[0].aid = 0.5;
  rec[0].momentum = -0.125;
  rec[0].breaches[0] = 3;
  rec[0].breaches[2] = 1;
  rec[0].trust[0] = 0.25;
  rec[0].trust[2] = 1.0 / 3.0;
  rec[0].trigger = NEG_TRIGGER_TOLERANCE;
  rec[1].replicate = 1;
  rec[1].last_round = 2;
  rec[1].outcome = NEG_OUT_CEASEFIRE;
  rec[1].day = 2;
  rec[1].extensions = 1;
  rec[1].rounds_held = 2;
  rec[1].maritime_deal = 1;
  rec[1].abandoned_by = -1;
  rec[1].aid = 1.0;
  rec[1].trust[0] = 0.5;
  rec[1].trust[2] = 0.75;
}

/* Returns dir/name in a new string. */
static char *join(const char *dir, const char *name)
{
  size_t n = strlen(dir) + strlen(name) + 2;
  char *p = malloc(n);
  assert_non_null(p);
  snprintf(p, n, "%s/%s", dir, name);
  return p;
}

/* Returns the contents of dir/name (the caller frees), failing when absent. */
static char *slurp(const char *dir, const char *name)
{
  char *path = join(dir, name), *text = neg_read_file(path, NULL);
  free(path);
  assert_non_null(text);
  return text;
}

/* Fails unless line number i (from 0) of text is exactly want. */
static void assert_line(const char *text, int i, const char *want)
{
  const char *p = text, *end;
  for (int k = 0; k < i && p; k++) {
    p = strchr(p, '\n');
    if (p) p++;
  }
  assert_non_null(p);
  end = strchr(p, '\n');
  assert_non_null(end);
  if ((size_t)(end - p) != strlen(want) || strncmp(p, want, strlen(want))) {
    print_error("line %d: '%.*s'\n  expected '%s'\n", i, (int)(end - p), p, want);
    fail();
  }
}

/* Returns the number of entries of dir whose name starts with a dot. */
static int count_hidden(const char *dir)
{
  DIR *d = opendir(dir);
  struct dirent *e;
  int n = 0;
  assert_non_null(d);
  while ((e = readdir(d)))
    if (e->d_name[0] == '.' && strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
  closedir(d);
  return n;
}

/* The claim of the folder a test writes into (one at a time), forced:
 * these tests replace earlier results on purpose. */
static neg_outdir *held;

/* Releases the held claim, the results committed or not. */
static void test_release(int committed)
{
  neg_outdir_release(held, committed);
  held = NULL;
}

/* Claims dir (forced) and opens a run's files there, as negsim run does. */
static neg_output *test_open(const char *dir, int per_run, const neg_scenario *s, neg_error *err)
{
  neg_outdir_claim c = {1, 0, {NULL}, {NULL}};
  neg_output *o;
  test_release(0);
  if (!(held = neg_outdir_open(dir, &c, err))) return NULL;
  if (!(o = neg_output_open(held, per_run, s, err))) test_release(0);
  return o;
}

/* Commits o and releases the folder. */
static int test_commit(neg_output *o, const neg_scenario *s, const neg_tally *t,
                       const neg_run_info *info, neg_error *err)
{
  int rc = neg_output_commit(o, s, t, info, err);
  test_release(rc == NEG_OK);
  return rc;
}

/* Aborts o and releases the folder. */
static void abort_out(neg_output *o)
{
  neg_output_abort(o);
  if (o) test_release(0);
}

/* Runs open, records and commit into dir; returns commit's status. */
/* Gives s write_run's seed and an override, a label column whose key R's
 * make.names would change ('[0]'): negsim writes it as R leaves it. */
static void add_label(neg_scenario *s)
{
  s->seed = SEED;
  s->n_overrides = 1;
  strcpy(s->overrides[0], "parties.russia.conditions.[0].at_most=0.2");
}

static int write_run(const char *dir, int per_run, neg_error *err)
{
  neg_scenario s;
  neg_tally *t;
  neg_record rec[2];
  neg_run_info info = {SEED, 4};
  neg_output *o;
  int rc;
  make_scenario(&s);
  add_label(&s);
  t = make_tally(&s);
  make_records(rec);
  o = test_open(dir, per_run, &s, err);
  assert_non_null(o);
  if (per_run) assert_int_equal(neg_output_records(o, rec, 2, err), NEG_OK);
  rc = test_commit(o, &s, t, &info, err);
  neg_tally_free(t);
  return rc;
}

/* Every file: header, rows, mode, and no temporary file left. */
static void test_files(void **state)
{
  char *top = neg_tempdir(), *dir, *text, *path;
  neg_error err;
  struct stat st;
  (void)state;
  assert_non_null(top);
  dir = join(top, "a/b/");  /* parents are created; a trailing slash is fine */
  assert_int_equal(write_run(dir, 1, &err), NEG_OK);
  assert_int_equal(neg_count_entries(dir), 5);
  assert_int_equal(count_hidden(dir), 0);

  text = slurp(dir, "summary.csv");
  assert_line(text, 0, "outcome,runs,probability,ci_low,ci_high,total_runs,"
                       "mean_day,median_day,scenario,seed,parties.russia.conditions..0..at_most");
  assert_line(text, 1, "ceasefire,1,0.25000000,0.04558726,0.69935816,4,2.0000,2,"
                       "out_test,12345678901234567890,0.2");
  assert_line(text, 4, "collapsed,1,0.25000000,0.04558726,0.69935816,4,1.0000,1,"
                       "out_test,12345678901234567890,0.2");
  assert_null(strchr(strchr(text, '\n') + 1, '#'));
  free(text);

  text = slurp(dir, "daily.csv");
  assert_line(text, 0, "day,pause,extended,ceasefire,lapsed,collapsed,trust_russia,"
                       "trust_ukraine,breaches_russia,breaches_ukraine,aid,"
                       "maritime_deal,scenario,seed,parties.russia.conditions..0..at_most");
  assert_line(text, 1, "1,0.75000000,0.00000000,0.00000000,0.00000000,0.25000000,"
                       "0.500000,0.500000,1.000000,0.750000,0.500000,0.333333,"
                       "out_test,12345678901234567890,0.2");
  assert_line(text, 2, "2,0.25000000,0.25000000,0.25000000,0.00000000,0.25000000,"
                       "0.500000,0.375000,1.000000,0.750000,0.500000,0.500000,"
                       "out_test,12345678901234567890,0.2");
  assert_line(text, 3, "3,0.00000000,0.25000000,0.25000000,0.25000000,0.25000000,"
                       "0.750000,0.250000,1.000000,0.750000,0.000000,0.000000,"
                       "out_test,12345678901234567890,0.2");
  assert_null(strstr(text, "\n4,"));
  free(text);

  text = slurp(dir, "runs.csv");
  assert_line(text, 0, "replicate,outcome,day,extensions,rounds_held,maritime_deal,"
                       "sanctions_relief,abandoned_by,aid,momentum,breaches_russia,"
                       "breaches_ukraine,trust_russia,trust_ukraine,trigger,last_round_day,"
                       "refused_russia,refused_ukraine,declined_russia,declined_ukraine,"
                       "scenario,seed,parties.russia.conditions..0..at_most");
  assert_line(text, 1, "0,collapsed,1,0,0,0,0,ukraine,0.500000,-0.125000,3,1,"
                       "0.250000,0.333333,tolerance,NA,NA,NA,NA,NA,"
                       "out_test,12345678901234567890,0.2");
  assert_line(text, 2, "1,ceasefire,2,1,2,1,0,,1.000000,0.000000,0,0,0.500000,"
                       "0.750000,,2,0,0,NA,NA,out_test,12345678901234567890,0.2");
  free(text);

  path = join(dir, "summary.csv");
  assert_int_equal(stat(path, &st), 0);
  assert_int_equal(st.st_mode & 07777, 0644);
  free(path);
  free(dir);
  neg_rmtree(top);
  free(top);
}

/* The manifest: comments, the negsim group, then the effective scenario. */
static void test_manifest(void **state)
{
  char *dir = neg_tempdir(), *text, *want = NULL, *tail;
  size_t wlen = 0;
  neg_scenario s;
  neg_error err;
  FILE *mem;
  char group[256];
  (void)state;
  assert_non_null(dir);
  assert_int_equal(write_run(dir, 0, &err), NEG_OK);
  assert_int_equal(neg_count_entries(dir), 4);  /* no runs.csv */
  text = slurp(dir, "manifest.cfg");
  assert_true(text[0] == '#');
  assert_non_null(strstr(text, "negsim run <this folder>/manifest.cfg --out OTHER"));
  snprintf(group, sizeof group, "\nnegsim = { version = \"%s\"; generator = \"%s\"; };\n",
           NEG_VERSION, neg_rng_name());
  tail = strstr(text, group);
  assert_non_null(tail);
  for (const char *p = text; p < tail; p = strchr(p, '\n') + 1) assert_true(*p == '#');
  make_scenario(&s);
  add_label(&s);
  s.runs = 4;
  mem = open_memstream(&want, &wlen);
  assert_non_null(mem);
  assert_int_equal(neg_scenario_write(mem, &s), NEG_OK);
  fclose(mem);
  assert_string_equal(tail + strlen(group), want);
  free(want);
  free(text);
  neg_rmtree(dir);
  free(dir);
}

/* Writing twice into one folder gives identical files (no time, no paths). */
static void test_rerun_identical(void **state)
{
  char *a = neg_tempdir(), *b = neg_tempdir();
  const char *names[] = {"summary.csv", "daily.csv", "runs.csv", "manifest.cfg"};
  neg_error err;
  (void)state;
  assert_true(a && b);
  assert_int_equal(write_run(a, 1, &err), NEG_OK);
  assert_int_equal(write_run(b, 1, &err), NEG_OK);
  assert_int_equal(write_run(b, 1, &err), NEG_OK);  /* over existing results */
  for (int i = 0; i < 4; i++) {
    char *x = slurp(a, names[i]), *y = slurp(b, names[i]);
    assert_string_equal(x, y);
    free(x);
    free(y);
  }
  neg_rmtree(a);
  neg_rmtree(b);
  free(a);
  free(b);
}

/* A folder under a regular file, or a regular file, is refused; nothing is made. */
static void test_open_not_a_folder(void **state)
{
  char *top = neg_tempdir(), *file, *under;
  neg_scenario s;
  neg_error err;
  (void)state;
  assert_non_null(top);
  make_scenario(&s);
  file = join(top, "file");
  under = join(top, "file/out/deeper");
  assert_int_equal(neg_write_file(file, "x\n"), 0);
  memset(&err, 'z', sizeof err);
  assert_null(test_open(under, 1, &s, &err));
  assert_string_equal(err.file, under);
  assert_int_equal(err.line, 0);
  assert_string_equal(err.key, "");
  assert_string_equal(err.reason, strerror(ENOTDIR));
  assert_null(test_open(file, 0, &s, &err));
  assert_string_equal(err.file, file);
  assert_string_equal(err.reason, strerror(ENOTDIR));
  assert_int_equal(neg_count_entries(top), 1);
  free(file);
  free(under);
  neg_rmtree(top);
  free(top);
}

/* Each writer reports a full disk (/dev/full) as NEG_ESYS with ENOSPC. */
static void test_full_disk(void **state)
{
  neg_scenario s;
  neg_tally *t;
  neg_record rec[2];
  neg_run_info info = {SEED, 4};
  FILE *f = fopen("/dev/full", "w");
  (void)state;
  if (!f) skip();
  make_scenario(&s);
  t = make_tally(&s);
  make_records(rec);
  errno = 0;
  assert_int_equal(neg_output_write_summary(f, &s, t, &info), NEG_ESYS);
  assert_int_equal(errno, ENOSPC);
  clearerr(f);
  assert_int_equal(neg_output_write_daily(f, &s, t, &info), NEG_ESYS);
  clearerr(f);
  assert_int_equal(neg_output_write_manifest(f, &s, &info), NEG_ESYS);
  clearerr(f);
  assert_int_equal(neg_output_write_runs_header(f, &s), NEG_ESYS);
  fclose(f);
  neg_tally_free(t);
}

/* Makes a folder holding an earlier summary.csv; returns it (caller frees). */
static char *earlier_results(void)
{
  char *dir = neg_tempdir(), *path;
  assert_non_null(dir);
  path = join(dir, "summary.csv");
  assert_int_equal(neg_write_file(path, "earlier results\n"), 0);
  free(path);
  return dir;
}

/* Fails unless dir holds n entries, none hidden, and the earlier summary. */
static void assert_untouched(const char *dir, int n)
{
  char *text = slurp(dir, "summary.csv");
  assert_string_equal(text, "earlier results\n");
  assert_int_equal(neg_count_entries(dir), n);
  assert_int_equal(count_hidden(dir), 0);
  free(text);
}

/* A write that fails in commit (file size limit: EFBIG, even for root)
 * leaves the earlier results and no temporary file. */
static void test_commit_write_fails(void **state)
{
  char *dir = earlier_results();
  neg_scenario s;
  neg_tally *t;
  neg_run_info info = {SEED, 4};
  neg_error err;
  neg_output *o;
  struct rlimit old, small;
  void (*handler)(int);
  (void)state;
  make_scenario(&s);
  t = make_tally(&s);
  o = test_open(dir, 0, &s, &err);
  assert_non_null(o);
  assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
  small = old;
  small.rlim_cur = 64;
  handler = signal(SIGXFSZ, SIG_IGN);
  assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
  int rc = test_commit(o, &s, t, &info, &err);
  setrlimit(RLIMIT_FSIZE, &old);
  signal(SIGXFSZ, handler);
  assert_int_equal(rc, NEG_ESYS);
  assert_string_equal(err.reason, strerror(EFBIG));
  assert_non_null(strstr(err.file, "/summary.csv"));
  assert_untouched(dir, 1);
  neg_tally_free(t);
  neg_rmtree(dir);
  free(dir);
}

/* A final name taken by a folder fails commit before any rename. */
static void test_commit_rename_blocked(void **state)
{
  char *dir = earlier_results(), *blocker = join(dir, "manifest.cfg");
  neg_error err;
  neg_scenario s;
  neg_tally *t;
  neg_run_info info = {SEED, 4};
  neg_output *o;
  (void)state;
  assert_int_equal(mkdir(blocker, 0755), 0);
  make_scenario(&s);
  t = make_tally(&s);
  o = test_open(dir, 1, &s, &err);
  assert_non_null(o);
  assert_int_equal(test_commit(o, &s, t, &info, &err), NEG_ESYS);
  assert_string_equal(err.file, blocker);
  assert_string_equal(err.reason, strerror(EISDIR));
  assert_untouched(dir, 2);
  neg_tally_free(t);
  free(blocker);
  neg_rmtree(dir);
  free(dir);
}

/* Abort removes the temporary files and keeps earlier results. */
static void test_abort(void **state)
{
  char *dir = earlier_results();
  neg_scenario s;
  neg_record rec[2];
  neg_error err;
  neg_output *o;
  (void)state;
  make_scenario(&s);
  make_records(rec);
  o = test_open(dir, 1, &s, &err);
  assert_non_null(o);
  assert_int_equal(count_hidden(dir), 6);  /* 5 temporary files and the lock */
  assert_int_equal(neg_output_records(o, rec, 2, &err), NEG_OK);
  abort_out(o);
  abort_out(NULL);
  assert_untouched(dir, 1);
  o = test_open(dir, 0, &s, &err);  /* records without per_run */
  assert_non_null(o);
  assert_int_equal(neg_output_records(o, rec, 1, &err), NEG_ESYS);
  abort_out(o);
  assert_untouched(dir, 1);
  neg_rmtree(dir);
  free(dir);
}

/* A tally of another shape is refused and nothing is written. */
static void test_commit_shape(void **state)
{
  char *dir = earlier_results();
  neg_scenario s, longer;
  neg_tally *t;
  neg_run_info info = {SEED, 4};
  neg_error err;
  neg_output *o;
  (void)state;
  make_scenario(&s);
  longer = s;
  longer.horizon_days = 9;
  t = neg_tally_alloc(&longer);
  assert_non_null(t);
  o = test_open(dir, 0, &s, &err);
  assert_non_null(o);
  assert_int_equal(test_commit(o, &s, t, &info, &err), NEG_EINPUT);
  assert_untouched(dir, 1);
  neg_tally_free(t);
  neg_rmtree(dir);
  free(dir);
}

/* Names with commas or quotes are quoted; undefined values are NA. */
static void test_quoting_and_na(void **state)
{
  neg_scenario s;
  neg_tally *t;
  neg_run_info info = {1, 1};
  char *buf = NULL;
  size_t len = 0;
  FILE *mem;
  (void)state;
  make_scenario(&s);
  strcpy(s.name, "a,b \"c\"");
  t = neg_tally_alloc(&s);
  assert_non_null(t);
  feed(t, 1, NEG_OUT_COLLAPSED, 0, 0.5, 0.5, 0.0, 0, 3, 1);
  mem = open_memstream(&buf, &len);
  assert_non_null(mem);
  assert_int_equal(neg_output_write_summary(mem, &s, t, &info), NEG_OK);
  assert_int_equal(neg_output_write_daily(mem, &s, t, &info), NEG_OK);
  fclose(mem);
  assert_line(buf, 1, "ceasefire,0,0.00000000,0.00000000,0.79345069,1,NA,NA,"
                      "\"a,b \"\"c\"\"\",1");
  assert_line(buf, 4, "collapsed,1,1.00000000,0.20654931,1.00000000,1,1.0000,1,"
                      "\"a,b \"\"c\"\"\",1");
  assert_line(buf, 6, "1,0.00000000,0.00000000,0.00000000,0.00000000,1.00000000,"
                      "NA,NA,3.000000,1.000000,NA,NA,\"a,b \"\"c\"\"\",1");
  free(buf);
  neg_tally_free(t);
}

/* The readable table. */
static void test_table(void **state)
{
  neg_scenario s;
  neg_tally *t;
  char *buf = NULL;
  size_t len = 0;
  FILE *mem;
  (void)state;
  make_scenario(&s);
  t = make_tally(&s);
  mem = open_memstream(&buf, &len);
  assert_non_null(mem);
  neg_output_table(mem, &s, t);
  fclose(mem);
  assert_string_equal(buf,
    "out_test: 4 runs\n"
    "outcome     probability  95% interval           mean day\n"
    "ceasefire      0.250000  [0.045587, 0.699358]       2.00\n"
    "extended       0.250000  [0.045587, 0.699358]       3.00\n"
    "lapsed         0.250000  [0.045587, 0.699358]       3.00\n"
    "collapsed      0.250000  [0.045587, 0.699358]       1.00\n");
  free(buf);
  neg_tally_reset(t);
  buf = NULL;
  mem = open_memstream(&buf, &len);
  assert_non_null(mem);
  neg_output_table(mem, &s, t);
  fclose(mem);
  assert_line(buf, 2, "ceasefire            NA  [0.000000, 1.000000]         NA");
  free(buf);
  neg_tally_free(t);
}

/* Returns what neg_scenario_write makes of s (the caller frees). */
static char *scenario_text(const neg_scenario *s)
{
  char *text = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&text, &len);
  assert_non_null(mem);
  assert_int_equal(neg_scenario_write(mem, s), NEG_OK);
  fclose(mem);
  return text;
}

/* Runs 200 replicates of s on threads into dir, with per-run rows. */
static void real_run(const neg_scenario *s, const char *dir, int threads)
{
  enum { N = 200 };
  neg_tally *t = neg_tally_alloc(s);
  neg_record *rec = calloc(N, sizeof *rec);
  neg_run_info info = {777, N};
  neg_error err;
  neg_output *o;
  assert_true(t && rec);
  o = test_open(dir, 1, s, &err);
  assert_non_null(o);
  assert_int_equal(neg_engine_run(s, info.seed, 0, N, threads, t, rec), NEG_OK);
  assert_int_equal(neg_output_records(o, rec, N, &err), NEG_OK);
  assert_int_equal(test_commit(o, s, t, &info, &err), NEG_OK);
  free(rec);
  neg_tally_free(t);
}

/* The manifest of a real run loads back to the scenario as run (runs and
 * seed of the run), and the files do not depend on the thread count. */
static void test_manifest_replays(void **state)
{
  const char *names[] = {"summary.csv", "daily.csv", "runs.csv", "manifest.cfg"};
  char *a = neg_tempdir(), *b = neg_tempdir(), *path, *want, *got;
  neg_scenario s, back;
  neg_error err;
  (void)state;
  assert_true(a && b);
  if (neg_scenario_load("scenarios/energy_pause_2025.cfg", NULL, 0, &s, &err) != NEG_OK) {
    neg_error_print(stderr, &err);
    fail();
  }
  real_run(&s, a, 1);
  real_run(&s, b, 3);
  for (int i = 0; i < 4; i++) {
    char *x = slurp(a, names[i]), *y = slurp(b, names[i]);
    assert_string_equal(x, y);
    free(x);
    free(y);
  }
  path = join(a, "manifest.cfg");
  if (neg_scenario_load(path, NULL, 0, &back, &err) != NEG_OK) {
    neg_error_print(stderr, &err);
    fail();
  }
  assert_int_equal(back.runs, 200);
  assert_int_equal(back.seed, 777);
  s.runs = 200;
  s.seed = 777;
  want = scenario_text(&s);
  got = scenario_text(&back);
  assert_string_equal(got, want);
  free(want);
  free(got);
  free(path);
  neg_rmtree(a);
  neg_rmtree(b);
  free(a);
  free(b);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_files),
    cmocka_unit_test(test_manifest),
    cmocka_unit_test(test_rerun_identical),
    cmocka_unit_test(test_open_not_a_folder),
    cmocka_unit_test(test_full_disk),
    cmocka_unit_test(test_commit_write_fails),
    cmocka_unit_test(test_commit_rename_blocked),
    cmocka_unit_test(test_abort),
    cmocka_unit_test(test_commit_shape),
    cmocka_unit_test(test_quoting_and_na),
    cmocka_unit_test(test_table),
    cmocka_unit_test(test_manifest_replays),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
