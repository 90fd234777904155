/* test_input.c: the scenario is read once (sim/scenario/scenario_input.c): through
 * standard input ("-"), a pipe or a FIFO every check a file gets applies
 * (wrapped integers, includes), nothing hangs, and a sweep's threads share
 * the one text; files or lines beyond the documented sizes, a byte order
 * mark and 64-bit literals beyond range are refused with file and line.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "testutil.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>


/* A test's folder and the program's absolute path. */
typedef struct {
  char *tmp;
  char prog[PATH_MAX], good[4096];
} fixture;

static void fx_open(fixture *fx)
{
  const char *prog = getenv("NEGSIM") ? getenv("NEGSIM") : "bin/negsim";
  assert_non_null(fx->tmp = neg_tempdir());
  assert_non_null(realpath(prog, fx->prog));
  snprintf(fx->good, sizeof fx->good, "%s/good.cfg", fx->tmp);
  assert_int_equal(neg_write_file(fx->good, neg_test_good_cfg), 0);
}

static void fx_close(fixture *fx)
{
  neg_rmtree(fx->tmp);
  free(fx->tmp);
}

/* Runs the shell command cmd in fx's folder with NEGSIM naming the
 * program; returns its exit status and reads its stdout and stderr (the
 * caller frees them). */
static int sh(const fixture *fx, const char *cmd, char **out, char **err)
{
  char line[16384], path[4096];
  int st;
  setenv("NEG_CMD", cmd, 1);   /* bash: <(...) is used */
  setenv("NEGSIM", fx->prog, 1);
  snprintf(line, sizeof line, "cd '%s' && bash -c \"$NEG_CMD\" >out.txt 2>err.txt", fx->tmp);
  st = system(line);
  snprintf(path, sizeof path, "%s/out.txt", fx->tmp);
  *out = neg_read_file(path, NULL);
  snprintf(path, sizeof path, "%s/err.txt", fx->tmp);
  *err = neg_read_file(path, NULL);
  assert_true(*out && *err);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Fails unless cmd exits with status, prints nothing on stdout and
 * exactly the line want on stderr. */
static void expect(const fixture *fx, const char *cmd, int status, const char *want)
{
  char *out, *err, line[8192];
  int st = sh(fx, cmd, &out, &err);
  snprintf(line, sizeof line, want[0] ? "%s\n" : "%s", want);
  if (st != status || strcmp(err, line) || out[0])
    fail_msg("%s: status %d, expected %d; stdout '%s'; stderr:\n%s\nexpected:\n%s", cmd, st,
             status, out, err, line);
  free(out);
  free(err);
}

/* Through a pipe the checks of a file apply: wrapped integers, includes
 * of a folder, unknown escapes (no backslash on stdout). */
static void test_pipe_checks(void **state)
{
  fixture fx;
  (void)state;
  fx_open(&fx);
  free(neg_put_file(fx.tmp, "wrap.cfg", "run = { runs = 300;\n  seed = 5000000000; };\n"
                    "parties = { a = { role = \"belligerent\"; }; b = { role = \"belligerent\"; }; };\n"));
  expect(&fx, "cat wrap.cfg | $NEGSIM check -", 2,
         "-:2: run.seed: integer 5000000000 does not fit in 32 bits: write it with an L suffix, "
         "e.g. 5000000000L");
  expect(&fx, "cat wrap.cfg | $NEGSIM check /dev/stdin", 2,
         "/dev/stdin:2: run.seed: integer 5000000000 does not fit in 32 bits: write it with an L "
         "suffix, e.g. 5000000000L");
  expect(&fx, "$NEGSIM check <(cat wrap.cfg) 2>&1 | sed 's|/dev/fd/[0-9]*|FD|' >&2", 0,
         "FD:2: run.seed: integer 5000000000 does not fit in 32 bits: write it with an L "
         "suffix, e.g. 5000000000L");
  expect(&fx, "printf '@include \".\"\\n' | $NEGSIM run - --out o", 2,
         "-:1: cannot include '.': is a directory");
  expect(&fx, "printf '@include \"sh\\\\m\"\\n' | $NEGSIM run - --out o", 2,
         "-:1: cannot include 'shm': unknown escape '\\m' in its name (a backslash is written "
         "\\\\)");
  expect(&fx, "test -e o && echo o was created", 1, "");
  fx_close(&fx);
}

/* A FIFO written once, and standard input, give what the file gives (run
 * and sweep); a sweep's threads share the one text; "-" is named "stdin". */
static void test_fifo_and_stdin_run(void **state)
{
  fixture fx;
  char *out, *err, *a, *b, path[8192];
  (void)state;
  fx_open(&fx);
  assert_int_equal(sh(&fx, "$NEGSIM run good.cfg --quiet --out file && mkdir p && mkfifo p/good.cfg && "
                   "(cat good.cfg > p/good.cfg &) && timeout 20 $NEGSIM run p/good.cfg --quiet "
                   "--out fifo",
                   &out, &err), 0);
  free(out);
  free(err);
  snprintf(path, sizeof path, "%s/file/summary.csv", fx.tmp);
  a = neg_read_file(path, NULL);
  snprintf(path, sizeof path, "%s/fifo/summary.csv", fx.tmp);
  b = neg_read_file(path, NULL);
  assert_true(a && b);
  assert_string_equal(a, b);
  free(a);
  free(b);
  assert_int_equal(sh(&fx, "$NEGSIM sweep good.cfg --vary pause.days=20,40 --threads 2 --quiet "
                   "--out s1 && cat good.cfg | $NEGSIM sweep - --vary pause.days=20,40 "
                   "--threads 2 --quiet --out s2 && cmp s1/sweep_long.csv s2/sweep_long.csv "
                   ">/dev/null || sed 's/good/stdin/' s1/sweep_long.csv | cmp - s2/sweep_long.csv",
                   &out, &err), 0);
  free(out);
  free(err);
  /* run -: the file's summary.csv but for the scenario's name (from the
   * file name: stdin), with or without --out */
  assert_int_equal(sh(&fx, "cat good.cfg | $NEGSIM run - --quiet --out in && grep -q ',stdin,' "
                      "in/summary.csv && sed 's/,good,/,stdin,/' file/summary.csv | "
                      "cmp - in/summary.csv && cat good.cfg | $NEGSIM run - --quiet && "
                      "cmp in/summary.csv results/stdin/summary.csv", &out, &err), 0);
  free(out);
  free(err);
  fx_close(&fx);
}

/* Sizes beyond the limits, a byte order mark, 64-bit literals beyond
 * range: refused before libconfig scans them, with file and line. */
static void test_limits(void **state)
{
  fixture fx;
  char *big;
  (void)state;
  fx_open(&fx);
  assert_non_null(big = malloc(70001));
  memset(big, ' ', 70000);
  big[70000] = '\0';
  free(neg_put_file(fx.tmp, "long.cfg", big));
  expect(&fx, "$NEGSIM check long.cfg", 2,
         "long.cfg:1: a line of more than 65536 characters: negsim reads lines of at most 65536");
  free(neg_put_file(fx.tmp, "inc.cfg", "@include \"long.cfg\"\n"));
  expect(&fx, "$NEGSIM check inc.cfg", 2,
         "long.cfg:1: a line of more than 65536 characters: negsim reads lines of at most 65536");
  free(big);
  expect(&fx, "head -c 16777217 /dev/zero | tr '\\0' '\\n' | $NEGSIM check -", 2,
         "-: larger than 16777216 bytes, the most a scenario file may hold");
  expect(&fx, "printf '\\357\\273\\277' > bom.cfg && cat good.cfg >> bom.cfg && $NEGSIM check bom.cfg",
         2, "bom.cfg:1: syntax error: the file starts with a UTF-8 byte order mark; save it "
         "without one");
  expect(&fx, "sed 's/runs = 300;/runs = 300; seed = 18446744073709551615L;/' good.cfg > s.cfg && "
         "$NEGSIM check s.cfg", 2, "s.cfg:1: run.seed: integer 18446744073709551615L does not "
         "fit in 64 bits: the range is -9223372036854775808 to 9223372036854775807");
  expect(&fx, "sed 's/runs = 300;/runs = 0xFFFFFFFFFFFFFFFFFFFFL;/' good.cfg > h.cfg && "
         "$NEGSIM check h.cfg", 2, "h.cfg:1: run.runs: integer 0xFFFFFFFFFFFFFFFFFFFFL does not "
         "fit in 64 bits: the range is -9223372036854775808 to 9223372036854775807");
  expect(&fx, "printf '@include \"%s/good.cfg\"\\n' \"$PWD\" > abs.cfg && $NEGSIM check abs.cfg "
         "2>&1 | sed \"s|$PWD|DIR|\" >&2", 0, "abs.cfg:1: cannot include 'DIR/good.cfg': an "
         "include name is read relative to the scenario's folder; give a relative name");
  fx_close(&fx);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_pipe_checks),
    cmocka_unit_test(test_fifo_and_stdin_run),
    cmocka_unit_test(test_limits),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
