/* test_resume.c: a sweep interrupted by SIGINT or SIGTERM keeps its
 * finished points, and --resume completes it byte-identical to an
 * uninterrupted sweep; sequential stopping is thread-independent.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#define _XOPEN_SOURCE 700
#include "testutil.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SCENARIO "scenarios/energy_pause_2025.cfg"
#define VARY "parties.us.pressure.russia=0:2:16"
#define RUNS "20000"  /* per point: long enough to interrupt (about 0.3 s in all) */

/* Starts negsim with argv, SIGINT and SIGTERM at their defaults. */
static pid_t start(const char *const *argv)
{
  const char *prog = getenv("NEGSIM");
  pid_t pid = fork();
  if (pid == 0) {
    const char *args[32];
    size_t n = 0;
    args[n++] = prog ? prog : "bin/negsim";
    while (argv[n - 1] && n < 31) { args[n] = argv[n - 1]; n++; }
    args[n] = NULL;
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    freopen("/dev/null", "w", stdout);
    execv(args[0], (char *const *)(uintptr_t)args);
    _exit(127);
  }
  return pid;
}

/* Lines in a file, or 0 when it cannot be read. */
static int lines_in(const char *path)
{
  char *text = neg_read_file(path, NULL);
  int n = 0;
  for (char *c = text; c && *c; c++) n += *c == '\n';
  free(text);
  return n;
}

/* Interrupts a sweep with sig once at least two points are journaled,
 * resumes it and compares with the uninterrupted sweep in full. */
static void interrupt_and_resume(int sig, const char *full)
{
  char *tmp = neg_tempdir(), out[2048], journal[4096], a[4096], b[4096];
  struct timespec pause = {0, 20000000};
  int status, polls = 0;
  snprintf(out, sizeof out, "%s/sweep", tmp);
  snprintf(journal, sizeof journal, "%s/.sweep.journal", out);
  const char *sweep[] = {"sweep", SCENARIO, "--vary", VARY, "--runs", RUNS, "--threads", "2",
                         "--quiet", "--out", out, NULL};  /* points side by side */
  pid_t pid = start(sweep);
  while (lines_in(journal) < 3 && polls++ < 3000) nanosleep(&pause, NULL);
  kill(pid, sig);
  waitpid(pid, &status, 0);
  int kept = lines_in(journal) - 1;
  print_message("signal %d: %d points kept\n", sig, kept);
  assert_true(WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) != 0));
  assert_true(kept >= 2 && kept < 16); /* finished points stayed on disk */
  snprintf(a, sizeof a, "%s/sweep.csv", out);
  assert_null(neg_read_file(a, NULL)); /* no partial sweep.csv */
  const char *resume[] = {"sweep", SCENARIO, "--vary", VARY, "--runs", RUNS, "--threads", "1",
                          "--quiet", "--resume", "--out", out, NULL};
  neg_proc p;
  assert_int_equal(neg_run_negsim(&p, resume), 0);
  assert_int_equal(p.status, 0);
  for (int k = 0; k < 2; k++) {  /* sweep_long.csv needs the journaled day sums */
    const char *name = k ? "sweep_long.csv" : "sweep.csv";
    snprintf(a, sizeof a, "%s/%s", out, name);
    snprintf(b, sizeof b, "%s/%s", full, name);
    char *x = neg_read_file(a, NULL), *y = neg_read_file(b, NULL);
    assert_non_null(x);
    assert_non_null(y);
    assert_string_equal(x, y);
    free(x);
    free(y);
  }
  assert_int_equal(neg_count_entries(out), 3); /* the journal is gone */
  neg_rmtree(tmp);
  free(tmp);
}

static void test_interrupt_resume(void **state)
{
  char *tmp = neg_tempdir(), full[2048];
  neg_proc p;
  (void)state;
  snprintf(full, sizeof full, "%s/full", tmp);
  const char *sweep[] = {"sweep", SCENARIO, "--vary", VARY, "--runs", RUNS, "--quiet",
                         "--out", full, NULL};
  assert_int_equal(neg_run_negsim(&p, sweep), 0);
  assert_int_equal(p.status, 0);
  interrupt_and_resume(SIGINT, full);
  interrupt_and_resume(SIGTERM, full);
  neg_rmtree(tmp);
  free(tmp);
}

/* A journal of another sweep is refused by --resume. */
static void test_resume_other_sweep(void **state)
{
  char *tmp = neg_tempdir(), out[2048], journal[4096];
  neg_proc p;
  (void)state;
  snprintf(out, sizeof out, "%s/s", tmp);
  snprintf(journal, sizeof journal, "%s/.sweep.journal", out);
  const char *sweep[] = {"sweep", SCENARIO, "--vary", "pause.days=20,30", "--runs", "100",
                         "--quiet", "--resume", "--out", out, NULL};
  assert_int_equal(neg_run_negsim(&p, sweep), 0);
  assert_int_equal(p.status, 0);
  assert_int_equal(neg_write_file(journal, "negsim sweep journal 1 0000000000000001 2\n"), 0);
  assert_int_equal(neg_run_negsim(&p, sweep), 0);
  assert_int_equal(p.status, 2);
  assert_non_null(strstr(p.err, "another sweep"));
  neg_rmtree(tmp);
  free(tmp);
}

/* --precision stops at the same fixed batch whatever the thread count (at 2
 * and 3 threads batches run side by side, and those after the stopping
 * point are dropped) and meets the half-width it was given. */
static void test_precision(void **state)
{
  static const char *const threads[] = {"1", "2", "3"};
  char *tmp = neg_tempdir(), out[2048], path[4096], *first = NULL;
  neg_proc p;
  (void)state;
  for (size_t t = 0; t < 3; t++) {
    snprintf(out, sizeof out, "%s/%s", tmp, threads[t]);
    const char *run[] = {"run", SCENARIO, "--precision", "0.0038", "--threads", threads[t],
                         "--quiet", "--out", out, NULL};
    assert_int_equal(neg_run_negsim(&p, run), 0);
    assert_int_equal(p.status, 0);
    snprintf(path, sizeof path, "%s/summary.csv", out);
    char *x = neg_read_file(path, NULL);
    assert_non_null(x);
    if (first) {
      assert_string_equal(x, first);
      free(x);
    } else {
      first = x;
    }
  }
  /* total_runs is a multiple of the batch, several batches, and every
   * half-width <= 0.0038 (7 batches) */
  for (char *line = strchr(first, '\n') + 1; *line; line = strchr(line, '\n') + 1) {
    double prob, lo, hi;
    unsigned long long k, n;
    char name[32];
    assert_int_equal(sscanf(line, "%31[^,],%llu,%lf,%lf,%lf,%llu", name, &k, &prob, &lo, &hi, &n), 6);
    assert_true(n % 10000 == 0 && n >= 30000);
    assert_true((hi - lo) / 2 <= 0.0038);
  }
  free(first);
  neg_rmtree(tmp);
  free(tmp);
}

/* Swaps the first two counts of the first point line of the journal
 * (keeping their sum, so only the checksum can tell). */
static void tamper(const char *journal)
{
  char *text = neg_read_file(journal, NULL), *line, a[32], b[32], rest[512], head[64];
  unsigned long long p, runs;
  assert_non_null(text);
  line = strchr(text, '\n') + 1;
  assert_int_equal(sscanf(line, "%llu %llu %31s %31s %511[^\n]", &p, &runs, a, b, rest), 5);
  snprintf(head, sizeof head, "%llu %llu ", p, runs);
  FILE *f = fopen(journal, "w");
  assert_non_null(f);
  fprintf(f, "%.*s%s%s %s %s%s", (int)(line - text), text, head, b, a, rest, strchr(line, '\n'));
  fclose(f);
  free(text);
}

/* A journal whose line was altered (counts keeping their sum), or that is
 * not a journal, is named as corrupt by --resume (exit 2, kept). */
static void test_resume_corrupt(void **state)
{
  char *tmp = neg_tempdir(), out[2048], journal[4096];
  struct timespec pause = {0, 20000000};
  int status, polls = 0;
  neg_proc p;
  (void)state;
  snprintf(out, sizeof out, "%s/s", tmp);
  snprintf(journal, sizeof journal, "%s/.sweep.journal", out);
  const char *sweep[] = {"sweep", SCENARIO, "--vary", VARY, "--runs", RUNS, "--threads", "1",
                         "--quiet", "--out", out, NULL};
  const char *resume[] = {"sweep", SCENARIO, "--vary", VARY, "--runs", RUNS, "--threads", "1",
                          "--quiet", "--resume", "--out", out, NULL};
  pid_t pid = start(sweep);
  while (lines_in(journal) < 3 && polls++ < 3000) nanosleep(&pause, NULL);
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  tamper(journal);
  assert_int_equal(neg_run_negsim(&p, resume), 0);
  assert_int_equal(p.status, 2);
  assert_non_null(strstr(p.err, ".sweep.journal:2: this journal is corrupt (a line fails its "
                         "checksum or is malformed); run without --resume to start again"));
  assert_int_equal(lines_in(journal) >= 3, 1);
  assert_int_equal(neg_write_file(journal, "x\n"), 0);
  assert_int_equal(neg_run_negsim(&p, resume), 0);
  assert_int_equal(p.status, 2);
  assert_non_null(strstr(p.err, ".sweep.journal:1: this journal is corrupt (not a negsim sweep "
                         "journal)"));
  neg_rmtree(tmp);
  free(tmp);
}

/* A sweep without --resume does not replace the unfinished journal of
 * another sweep in its folder unless given --force. */
static void test_other_sweep_keeps_journal(void **state)
{
  char *tmp = neg_tempdir(), out[2048], journal[4096], *before, *after;
  struct timespec pause = {0, 20000000};
  int status, polls = 0;
  neg_proc p;
  (void)state;
  snprintf(out, sizeof out, "%s/s", tmp);
  snprintf(journal, sizeof journal, "%s/.sweep.journal", out);
  const char *first[] = {"sweep", SCENARIO, "--vary", VARY, "--runs", RUNS, "--threads", "1",
                         "--quiet", "--out", out, NULL};
  const char *other[] = {"sweep", SCENARIO, "--vary", "pause.days=20,30", "--runs", "100",
                         "--quiet", "--out", out, NULL};
  const char *forced[] = {"sweep", SCENARIO, "--vary", "pause.days=20,30", "--runs", "100",
                          "--quiet", "--force", "--out", out, NULL};
  pid_t pid = start(first);
  while (lines_in(journal) < 3 && polls++ < 3000) nanosleep(&pause, NULL);
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  assert_non_null(before = neg_read_file(journal, NULL));
  assert_int_equal(neg_run_negsim(&p, other), 0);
  assert_int_equal(p.status, 2);
  assert_non_null(strstr(p.err, ".sweep.journal: the unfinished journal of another sweep: "
                         "finish that one with its command and --resume, or add --force to "
                         "start this one"));
  assert_non_null(after = neg_read_file(journal, NULL));
  assert_string_equal(before, after);
  assert_int_equal(neg_run_negsim(&p, forced), 0);
  assert_int_equal(p.status, 0);
  free(before);
  free(after);
  neg_rmtree(tmp);
  free(tmp);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_interrupt_resume),
    cmocka_unit_test(test_resume_other_sweep),
    cmocka_unit_test(test_resume_corrupt),
    cmocka_unit_test(test_other_sweep_keeps_journal),
    cmocka_unit_test(test_precision),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
