/* test_outdir.c: the output folder is one run's (docs/OUTPUTS.md, "The
 * output folder"): results are replaced only by the same run or with
 * --force, default folders of different runs differ, a folder is locked
 * while a run uses it, a failed or interrupted run leaves no temporary file
 * and no folder it created, and nothing is committed before the table is
 * printed.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "testutil.h"

#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define WAIT_LIMIT_MS 20000   /* longest wait for a run to start writing */
#define RACE_TRIES 6          /* pairs of runs started together into one folder */


/* A test's folder, its scenario and the paths of the program. */
typedef struct {
  char *tmp;
  char good[4096], out[4096], prog[PATH_MAX], top[PATH_MAX];
} fixture;

static void fx_open(fixture *fx)
{
  const char *prog = getenv("NEGSIM") ? getenv("NEGSIM") : "bin/negsim";
  assert_non_null(fx->tmp = neg_tempdir());
  assert_non_null(realpath(prog, fx->prog));
  assert_non_null(getcwd(fx->top, sizeof fx->top));
  setenv("NEGSIM", fx->prog, 1);   /* the runs below may start elsewhere */
  snprintf(fx->good, sizeof fx->good, "%s/good.cfg", fx->tmp);
  snprintf(fx->out, sizeof fx->out, "%s/out", fx->tmp);
  assert_int_equal(neg_write_file(fx->good, neg_test_good_cfg), 0);
}

static void fx_close(fixture *fx)
{
  assert_int_equal(chdir(fx->top), 0);
  neg_rmtree(fx->tmp);
  free(fx->tmp);
}

/* Runs negsim and returns its result (static). */
static neg_proc *negsim(const char *const *argv)
{
  static neg_proc p;
  assert_int_equal(neg_run_negsim(&p, argv), 0);
  return &p;
}

/* The contents of dir/name (NULL when missing); the caller frees it. */
static char *slurp(const char *dir, const char *name)
{
  char path[8192];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  return neg_read_file(path, NULL);
}

/* 1 when dir/name exists. */
static int exists(const char *dir, const char *name)
{
  char path[8192];
  struct stat st;
  snprintf(path, sizeof path, "%s/%s", dir, name);
  return lstat(path, &st) == 0;
}

/* Fails unless p ended with status and stderr is exactly line. */
static void expect(const neg_proc *p, int status, const char *line)
{
  char want[16384];
  snprintf(want, sizeof want, "%s\n", line);
  if (p->status != status || strcmp(p->err, want))
    fail_msg("status %d, expected %d; stderr:\n%s\nexpected:\n%s", p->status, status, p->err,
             want);
}

/* The same command again writes again (the same bytes); a runs.csv of the
 * same run stays. A different run is refused, naming the folder, and
 * changes nothing; --force replaces the results. */
static void test_same_run_or_force(void **state)
{
  fixture fx;
  char msg[8192];
  (void)state;
  fx_open(&fx);
  const char *first[] = {"run", fx.good, "--per-run", "--quiet", "--out", fx.out, NULL};
  const char *again[] = {"run", fx.good, "--quiet", "--out", fx.out, NULL};
  const char *other[] = {"run", fx.good, "--runs", "400", "--quiet", "--out", fx.out, NULL};
  const char *forced[] = {"run", fx.good, "--runs", "400", "--quiet", "--force", "--out", fx.out,
                          NULL};
  assert_int_equal(negsim(first)->status, 0);
  char *summary = slurp(fx.out, "summary.csv"), *manifest = slurp(fx.out, "manifest.cfg");
  assert_int_equal(negsim(again)->status, 0);
  assert_true(exists(fx.out, "runs.csv"));
  char *summary2 = slurp(fx.out, "summary.csv");
  assert_string_equal(summary, summary2);
  snprintf(msg, sizeof msg, "%s: holds the results of a different run (its manifest.cfg differs "
           "from this run's); add --force to replace them, or give another --out", fx.out);
  expect(negsim(other), 2, msg);
  char *summary3 = slurp(fx.out, "summary.csv"), *manifest3 = slurp(fx.out, "manifest.cfg");
  assert_string_equal(summary, summary3);
  assert_string_equal(manifest, manifest3);
  assert_int_equal(neg_count_entries(fx.out), 5);
  assert_int_equal(negsim(forced)->status, 0);
  char *summary4 = slurp(fx.out, "summary.csv");
  assert_string_not_equal(summary, summary4);
  assert_false(exists(fx.out, "runs.csv"));   /* the earlier run's, no longer matching */
  assert_int_equal(neg_count_entries(fx.out), 4);
  free(summary);
  free(summary2);
  free(summary3);
  free(summary4);
  free(manifest);
  free(manifest3);
  fx_close(&fx);
}

/* --force into a sweep's folder leaves one run's results: the sweep's
 * files go, a file of the user's stays. */
static void test_force_clears_other_verb(void **state)
{
  fixture fx;
  (void)state;
  fx_open(&fx);
  const char *sweep[] = {"sweep", fx.good, "--vary", "pause.days=20,40", "--runs", "100",
                         "--quiet", "--out", fx.out, NULL};
  const char *run[] = {"run", fx.good, "--quiet", "--out", fx.out, NULL};
  const char *forced[] = {"run", fx.good, "--quiet", "--force", "--out", fx.out, NULL};
  assert_int_equal(negsim(sweep)->status, 0);
  char *note = neg_put_file(fx.out, "notes.txt", "mine\n");
  assert_int_equal(negsim(run)->status, 2);
  assert_true(exists(fx.out, "sweep.csv"));
  assert_int_equal(negsim(forced)->status, 0);
  assert_false(exists(fx.out, "sweep.csv"));
  assert_true(exists(fx.out, "summary.csv"));
  assert_true(exists(fx.out, "notes.txt"));
  free(note);
  fx_close(&fx);
}

/* Default folders: different runs of one scenario get different folders
 * (two sweeps, two --vs comparisons, a run with --set); an @include
 * variant of the same name is refused rather than replacing; a name of
 * dots is refused and a file named "...cfg" is named "scenario". */
static void test_default_folders(void **state)
{
  fixture fx;
  (void)state;
  fx_open(&fx);
  assert_int_equal(chdir(fx.tmp), 0);
  char *variant = neg_put_file(fx.tmp, "variant.cfg", "@include \"good.cfg\"\n"
                               "pause = { days = 45; };\n");
  char *named = neg_put_file(fx.tmp, "named.cfg", "name = \"good\";\n"
                             "@include \"good.cfg\"\npause = { days = 45; };\n");
  char *dots = neg_put_file(fx.tmp, "dots.cfg", "name = \"..\";\n@include \"good.cfg\"\n");
  char *dotfile = neg_put_file(fx.tmp, "...cfg", neg_test_good_cfg);
  const char *runs[][12] = {
    {"run", "good.cfg", "--quiet", NULL},
    {"run", "good.cfg", "--set", "parties.russia.compliance=0.9", "--quiet", NULL},
    {"sweep", "good.cfg", "--vary", "pause.days=20,40", "--runs", "100", "--quiet", NULL},
    {"sweep", "good.cfg", "--vary", "parties.russia.compliance=0.9,1", "--runs", "100", "--quiet",
     NULL},
    {"compare", "good.cfg", "--vs", "pause.days=20", "--runs", "100", "--quiet", NULL},
    {"compare", "good.cfg", "--vs", "pause.days=40", "--runs", "100", "--quiet", NULL},
    {"run", "variant.cfg", "--quiet", NULL},
  };
  static const char *const dirs[] = {
    "results/good", "results/good+russia.compliance=0.9", "results/good_sweep_pause.days",
    "results/good_sweep_russia.compliance", "results/good_vs_pause.days=20",
    "results/good_vs_pause.days=40", "results/variant"};
  for (size_t k = 0; k < sizeof runs / sizeof runs[0]; k++) {
    neg_proc *p = negsim(runs[k]);
    if (p->status != 0) fail_msg("%s: %s", runs[k][0], p->err);
    if (access(dirs[k], F_OK) != 0) fail_msg("%s was not written", dirs[k]);
  }
  const char *same_name[] = {"run", "named.cfg", "--quiet", NULL};   /* named "good" */
  expect(negsim(same_name), 2, "results/good: holds the results of a different run (its "
         "manifest.cfg differs from this run's); add --force to replace them, or give another "
         "--out");
  const char *dotted[] = {"run", "dots.cfg", "--quiet", NULL};
  expect(negsim(dotted), 2, "dots.cfg:1: name: '..' is not a valid name: it must not be made of "
         "dots only");
  const char *set_dots[] = {"run", "good.cfg", "--set", "name=.", "--quiet", NULL};
  expect(negsim(set_dots), 2, "--set: name: '.' is not a valid name: it must not be made of "
         "dots only");
  const char *dot_file[] = {"run", "...cfg", "--quiet", NULL};
  assert_int_equal(negsim(dot_file)->status, 0);
  assert_int_equal(access("results/scenario/summary.csv", F_OK), 0);
  assert_int_equal(access("summary.csv", F_OK), -1);
  free(variant);
  free(named);
  free(dots);
  free(dotfile);
  fx_close(&fx);
}

/* A folder in use by another run (its lock held) is refused; nothing in
 * it changes. */
static void test_folder_locked(void **state)
{
  fixture fx;
  char msg[8192], lock[8192];
  int fd;
  (void)state;
  fx_open(&fx);
  assert_int_equal(mkdir(fx.out, 0755), 0);
  snprintf(lock, sizeof lock, "%s/.negsim.lock", fx.out);
  assert_true((fd = open(lock, O_RDWR | O_CREAT, 0644)) >= 0);
  assert_int_equal(flock(fd, LOCK_EX | LOCK_NB), 0);
  const char *run[] = {"run", fx.good, "--quiet", "--out", fx.out, NULL};
  snprintf(msg, sizeof msg, "%s: in use by another negsim run (wait for it to end, or give "
           "another --out)", fx.out);
  expect(negsim(run), 2, msg);
  assert_int_equal(neg_count_entries(fx.out), 1);
  close(fd);
  assert_int_equal(negsim(run)->status, 0);
  assert_false(exists(fx.out, ".negsim.lock"));   /* removed at the end */
  fx_close(&fx);
}

/* Two runs of different seeds started together into one folder: each
 * succeeds or is refused, and the folder always holds one run's files
 * (its manifest names the seed of its summary). */
static void test_concurrent_runs(void **state)
{
  fixture fx;
  (void)state;
  fx_open(&fx);
  for (int k = 0; k < RACE_TRIES; k++) {
    const char *a[] = {"run", fx.good, "--runs", "20000", "--seed", "1", "--threads", "1",
                       "--quiet", "--force", "--out", fx.out, NULL};
    const char *b[] = {"run", fx.good, "--runs", "20000", "--seed", "2", "--threads", "1",
                       "--quiet", "--force", "--out", fx.out, NULL};
    neg_child ca, cb;
    neg_proc pa, pb;
    neg_rmtree(fx.out);
    assert_int_equal(neg_start_negsim(&ca, a, NULL), 0);
    assert_int_equal(neg_start_negsim(&cb, b, NULL), 0);
    assert_int_equal(neg_wait_negsim(&ca, &pa), 0);
    assert_int_equal(neg_wait_negsim(&cb, &pb), 0);
    assert_true(pa.status == 0 || (pa.status == 2 && strstr(pa.err, "in use")));
    assert_true(pb.status == 0 || (pb.status == 2 && strstr(pb.err, "in use")));
    char *summary = slurp(fx.out, "summary.csv"), *manifest = slurp(fx.out, "manifest.cfg");
    char *daily = slurp(fx.out, "daily.csv");
    assert_true(summary && manifest && daily);
    int seed1 = strstr(summary, ",1\n") != NULL;
    assert_true(seed1 == (strstr(manifest, "seed = 1;") != NULL));
    free(summary);
    free(manifest);
    free(daily);
  }
  fx_close(&fx);
}

/* Temporary files a killed run left are removed by the next run into the
 * folder; other hidden files stay. */
static void test_stale_temps_removed(void **state)
{
  fixture fx;
  (void)state;
  fx_open(&fx);
  assert_int_equal(mkdir(fx.out, 0755), 0);
  free(neg_put_file(fx.out, ".summary.csv.Ab12Cd", "partial"));
  free(neg_put_file(fx.out, ".runs.csv.XyZ789", "partial"));
  free(neg_put_file(fx.out, ".sweep.journal.new", "partial"));
  free(neg_put_file(fx.out, ".mine", "kept"));
  const char *run[] = {"run", fx.good, "--quiet", "--out", fx.out, NULL};
  assert_int_equal(negsim(run)->status, 0);
  assert_false(exists(fx.out, ".summary.csv.Ab12Cd"));
  assert_false(exists(fx.out, ".runs.csv.XyZ789"));
  assert_false(exists(fx.out, ".sweep.journal.new"));
  assert_true(exists(fx.out, ".mine"));
  assert_int_equal(neg_count_entries(fx.out), 5);
  fx_close(&fx);
}

/* Sleeps ms milliseconds. */
static void sleep_ms(long ms)
{
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

/* Starts a long run into a folder that does not exist, waits until it
 * writes there and sends sig; the run must remove its temporary files,
 * its lock and the folder. */
static void interrupt_new_folder(const fixture *fx, int sig, int status)
{
  const char *argv[] = {"run", fx->good, "--runs", "1000000000", "--threads", "1", "--per-run",
                        "--out", fx->out, NULL};
  neg_child c;
  neg_proc p;
  long waited = 0;
  assert_int_equal(neg_start_negsim(&c, argv, NULL), 0);
  while (!exists(fx->out, "manifest.cfg") && neg_count_entries(fx->out) < 6
         && waited < WAIT_LIMIT_MS) {
    sleep_ms(10);
    waited += 10;
  }
  sleep_ms(200);
  assert_int_equal(kill(c.pid, sig), 0);
  assert_int_equal(neg_wait_negsim(&c, &p), 0);
  if (status ? p.status != status : p.signal != sig)
    fail_msg("signal %d: status %d, signal %d: %s", sig, p.status, p.signal, p.err);
  if (access(fx->out, F_OK) == 0)
    fail_msg("signal %d: %s left behind, %d entries", sig, fx->out, neg_count_entries(fx->out));
}

/* SIGINT, SIGTERM, SIGHUP (exit 128 + the signal) and the other fatal
 * signals (the run ends by the signal) leave no folder the run created. */
static void test_signals_remove_new_folder(void **state)
{
  static const int interrupts[] = {SIGINT, SIGTERM, SIGHUP};
  static const int others[] = {SIGQUIT, SIGPIPE, SIGALRM, SIGXCPU, SIGUSR1, SIGUSR2};
  fixture fx;
  (void)state;
  fx_open(&fx);
  for (size_t k = 0; k < sizeof interrupts / sizeof interrupts[0]; k++)
    interrupt_new_folder(&fx, interrupts[k], 128 + interrupts[k]);
  for (size_t k = 0; k < sizeof others / sizeof others[0]; k++)
    interrupt_new_folder(&fx, others[k], 0);
  fx_close(&fx);
}

/* An interrupted sweep keeps its journal, in a folder it created too,
 * and says how to resume. */
static void test_sweep_interrupt_message(void **state)
{
  fixture fx;
  neg_child c;
  neg_proc p;
  long waited = 0;
  (void)state;
  fx_open(&fx);
  const char *argv[] = {"sweep", fx.good, "--vary", "pause.days=10:109:100", "--runs", "20000",
                        "--threads", "1", "--quiet", "--out", fx.out, NULL};
  assert_int_equal(neg_start_negsim(&c, argv, NULL), 0);
  while (!exists(fx.out, ".sweep.journal") && waited < WAIT_LIMIT_MS) {
    sleep_ms(10);
    waited += 10;
  }
  sleep_ms(200);
  assert_int_equal(kill(c.pid, SIGINT), 0);
  assert_int_equal(neg_wait_negsim(&c, &p), 0);
  expect(&p, 130, "negsim: interrupted; the finished points are kept: give the same command "
         "with --resume to continue");
  assert_true(exists(fx.out, ".sweep.journal"));
  assert_int_equal(neg_count_entries(fx.out), 1);
  fx_close(&fx);
}

/* A folder named runs.csv where a forced run must remove runs.csv fails
 * the run before any file is renamed: the earlier results stay. */
static void test_runs_csv_folder(void **state)
{
  fixture fx;
  char msg[8192 + 64], blocker[8192];
  (void)state;
  fx_open(&fx);
  const char *first[] = {"run", fx.good, "--quiet", "--out", fx.out, NULL};
  const char *forced[] = {"run", fx.good, "--runs", "500", "--quiet", "--force", "--out",
                          fx.out, NULL};
  assert_int_equal(negsim(first)->status, 0);
  char *before = slurp(fx.out, "summary.csv");
  snprintf(blocker, sizeof blocker, "%s/runs.csv", fx.out);
  assert_int_equal(mkdir(blocker, 0755), 0);
  snprintf(msg, sizeof msg, "%s: Is a directory", blocker);
  expect(negsim(forced), 1, msg);
  char *after = slurp(fx.out, "summary.csv");
  assert_string_equal(before, after);
  assert_int_equal(neg_count_entries(fx.out), 5);
  free(before);
  free(after);
  fx_close(&fx);
}

/* A standard output that cannot take the table fails the run before its
 * files are committed: the earlier results stay, a new folder goes. */
static void test_stdout_before_commit(void **state)
{
  static const char *const verbs[][12] = {
    {"run", "{GOOD}", NULL},
    {"sweep", "{GOOD}", "--vary", "pause.days=20,40", "--runs", "100", NULL},
    {"compare", "{GOOD}", "--vs", "pause.days=20", "--runs", "100", NULL},
  };
  fixture fx;
  neg_run_opts full = {0, "/dev/full"};
  neg_proc p;
  (void)state;
  fx_open(&fx);
  for (size_t k = 0; k < sizeof verbs / sizeof verbs[0]; k++) {
    const char *argv[16];
    size_t n = 0;
    for (; verbs[k][n]; n++) argv[n] = strcmp(verbs[k][n], "{GOOD}") ? verbs[k][n] : fx.good;
    argv[n++] = "--out";
    argv[n++] = fx.out;
    argv[n] = NULL;
    assert_int_equal(neg_run_negsim_with(&p, argv, &full), 0);
    expect(&p, 1, "negsim: cannot write to standard output; the output folder is left as it "
           "was");
    if (!strcmp(verbs[k][0], "sweep")) {   /* it keeps its finished points for --resume */
      assert_int_equal(neg_count_entries(fx.out), 1);
      assert_true(exists(fx.out, ".sweep.journal"));
      neg_rmtree(fx.out);
    }
    if (access(fx.out, F_OK) == 0) fail_msg("%s: %s was created", verbs[k][0], fx.out);
  }
  const char *first[] = {"run", fx.good, "--quiet", "--out", fx.out, NULL};
  const char *other[] = {"run", fx.good, "--runs", "500", "--force", "--out", fx.out, NULL};
  assert_int_equal(negsim(first)->status, 0);
  char *before = slurp(fx.out, "summary.csv");
  assert_int_equal(neg_run_negsim_with(&p, other, &full), 0);
  assert_int_equal(p.status, 1);
  char *after = slurp(fx.out, "summary.csv");
  assert_string_equal(before, after);
  assert_int_equal(neg_count_entries(fx.out), 4);
  free(before);
  free(after);
  fx_close(&fx);
}

/* score writes no manifest: its results are replaced without --force only
 * by the same bytes (the same scoring again); another is refused once its
 * file is written, and nothing changes. */
static void test_score_same_bytes(void **state)
{
  fixture fx;
  char msg[8192 + 64];
  (void)state;
  fx_open(&fx);
  const char *one[] = {"score", "scenarios/cases", "--runs", "100", "--threads", "1", "--quiet",
                       "--out", fx.out, NULL};
  const char *again[] = {"score", "scenarios/cases", "--runs", "100", "--threads", "2",
                         "--quiet", "--out", fx.out, NULL};
  const char *other[] = {"score", "scenarios/cases", "--runs", "200", "--quiet", "--out", fx.out,
                         NULL};
  assert_int_equal(chdir(fx.top), 0);
  assert_int_equal(negsim(one)->status, 0);
  char *before = slurp(fx.out, "score.csv");
  assert_int_equal(negsim(again)->status, 0);
  snprintf(msg, sizeof msg, "%s: holds the results of a different run (its score.csv differs "
           "from this run's); add --force to replace them, or give another --out", fx.out);
  expect(negsim(other), 2, msg);
  char *after = slurp(fx.out, "score.csv");
  assert_string_equal(before, after);
  assert_int_equal(neg_count_entries(fx.out), 1);
  free(before);
  free(after);
  fx_close(&fx);
}

/* An --out that is a dangling link or a loop of links is named as such
 * (it read "File exists"); nothing is created. */
static void test_out_links(void **state)
{
  fixture fx;
  char link[4096], loop[4096], msg[8192];
  (void)state;
  fx_open(&fx);
  snprintf(link, sizeof link, "%s/dangling", fx.tmp);
  snprintf(loop, sizeof loop, "%s/l1", fx.tmp);
  assert_int_equal(symlink("nowhere", link), 0);
  assert_int_equal(symlink("l2", loop), 0);
  snprintf(msg, sizeof msg, "%s/l2", fx.tmp);
  assert_int_equal(symlink("l1", msg), 0);
  const char *dangling[] = {"run", fx.good, "--quiet", "--out", link, NULL};
  snprintf(msg, sizeof msg, "%s: No such file or directory", link);
  expect(negsim(dangling), 2, msg);
  const char *looping[] = {"run", fx.good, "--quiet", "--out", loop, NULL};
  snprintf(msg, sizeof msg, "%s: Too many levels of symbolic links", loop);
  expect(negsim(looping), 2, msg);
  assert_int_equal(neg_count_entries(fx.tmp), 4);   /* good.cfg and the three links */
  fx_close(&fx);
}

/* Standard output closed (>&-): the table cannot be written, so nothing
 * is committed and exit 1 (no file negsim opens takes its number). */
static void test_stdout_closed(void **state)
{
  fixture fx;
  char cmd[16384];
  int st;
  (void)state;
  fx_open(&fx);
  snprintf(cmd, sizeof cmd, "'%s' run '%s' --out '%s' >&- 2>/dev/null", fx.prog, fx.good, fx.out);
  st = system(cmd);
  assert_true(WIFEXITED(st));
  assert_int_equal(WEXITSTATUS(st), 1);
  assert_int_equal(access(fx.out, F_OK), -1);
  snprintf(cmd, sizeof cmd, "'%s' run '%s' --quiet --out '%s' >&-", fx.prog, fx.good, fx.out);
  assert_int_equal(system(cmd), 0);
  assert_true(exists(fx.out, "summary.csv"));
  fx_close(&fx);
}

/* negsim VERB --help prints that verb's usage and options only. */
static void test_verb_help(void **state)
{
  (void)state;
  const char *run[] = {"run", "--help", NULL};
  neg_proc *p = negsim(run);
  assert_int_equal(p->status, 0);
  assert_memory_equal(p->out, "Usage: negsim run FILE [OPTIONS]\n", 33);
  assert_non_null(strstr(p->out, "--per-run"));
  assert_non_null(strstr(p->out, "--force"));
  assert_null(strstr(p->out, "--vary"));
  const char *sweep[] = {"--help", "sweep", NULL};
  p = negsim(sweep);
  assert_int_equal(p->status, 0);
  assert_non_null(strstr(p->out, "--resume"));
  assert_null(strstr(p->out, "--per-run"));
  const char *all[] = {"--help", NULL};
  p = negsim(all);
  assert_int_equal(p->status, 0);
  assert_non_null(strstr(p->out, "Verbs:"));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_same_run_or_force),
    cmocka_unit_test(test_force_clears_other_verb),
    cmocka_unit_test(test_default_folders),
    cmocka_unit_test(test_folder_locked),
    cmocka_unit_test(test_concurrent_runs),
    cmocka_unit_test(test_stale_temps_removed),
    cmocka_unit_test(test_signals_remove_new_folder),
    cmocka_unit_test(test_sweep_interrupt_message),
    cmocka_unit_test(test_runs_csv_folder),
    cmocka_unit_test(test_stdout_before_commit),
    cmocka_unit_test(test_score_same_bytes),
    cmocka_unit_test(test_out_links),
    cmocka_unit_test(test_stdout_closed),
    cmocka_unit_test(test_verb_help),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
