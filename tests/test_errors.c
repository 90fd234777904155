/* test_errors.c: the error catalogue (docs/ERRORS.md), one test per class
 * of bad input. Every case runs the real program twice, with --out naming
 * a folder that holds earlier results and a folder that does not exist,
 * and checks the exit status, the exact one-line message on stderr, an
 * empty stdout, that the earlier results are byte-identical with no other
 * file beside them, and that the missing folder was not created. Also:
 * full disks, interrupted runs, and regression tests of bugs found while
 * hardening the loader.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "neg_scenario.h"

#define MAX_ENTRIES 16        /* files a results folder may hold */
#define FSIZE_LIMIT 4096      /* bytes a process may write under RLIMIT_FSIZE */
#define KILL_AFTER_MS 500     /* how long an interrupted run runs */
#define WAIT_LIMIT_MS 20000   /* longest wait for a run to start or end */
#define DEEP_LEVELS 20000     /* groups nested deeper than libconfig can parse */


/* One case of a class: the scenario written to {BAD} (and a second file
 * {TMP}/inc.cfg), the arguments, the exit status and the exact message.
 * In args and message, {BAD}, {GOOD}, {OUT} and {TMP} stand for the bad
 * file, the good file, the output folder and the test's folder. A message
 * ending in "..." need only start with the rest. */
typedef struct {
  const char *text;
  size_t text_len;          /* bytes of text when it holds a NUL, else 0 */
  const char *inc_text;
  const char *args[14];
  int status;
  const char *message;
} err_case;

/* The folder a class runs in. */
typedef struct {
  char *tmp;                /* the test's folder */
  char good[4096], bad[4096], inc[4096], prev[4096], fresh[4096];
} fixture;

/* A folder's files and their contents. */
typedef struct {
  int n;
  char name[MAX_ENTRIES][256];
  char *data[MAX_ENTRIES];
  size_t len[MAX_ENTRIES];
} snapshot;

/* Runs negsim with opts; fails the test when it cannot start. */
static void negsim(neg_proc *p, const char *const *argv, const neg_run_opts *opts)
{
  assert_int_equal(neg_run_negsim_with(p, argv, opts), 0);
}

/* Records the files of dir (all of them, hidden ones included). */
static void snap_take(snapshot *s, const char *dir)
{
  DIR *d = opendir(dir);
  struct dirent *e;
  char path[4096];
  memset(s, 0, sizeof *s);
  assert_non_null(d);
  while ((e = readdir(d))) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    assert_true(s->n < MAX_ENTRIES);
    snprintf(s->name[s->n], sizeof s->name[s->n], "%s", e->d_name);
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    s->data[s->n] = neg_read_file(path, &s->len[s->n]);
    s->n++;
  }
  closedir(d);
}

/* Frees what snap_take read. */
static void snap_free(snapshot *s)
{
  for (int i = 0; i < s->n; i++) free(s->data[i]);
  s->n = 0;
}

/* Fails unless dir holds exactly the files of s, byte for byte. */
static void snap_check(const snapshot *s, const char *dir, const char *what)
{
  snapshot now;
  snap_take(&now, dir);
  if (now.n != s->n) fail_msg("%s: %s holds %d files, had %d", what, dir, now.n, s->n);
  for (int i = 0; i < s->n; i++) {
    int j = 0;
    while (j < now.n && strcmp(now.name[j], s->name[i])) j++;
    if (j == now.n) fail_msg("%s: %s/%s is gone", what, dir, s->name[i]);
    if (now.len[j] != s->len[i] || (s->len[i] && memcmp(now.data[j], s->data[i], s->len[i])))
      fail_msg("%s: %s/%s changed", what, dir, s->name[i]);
  }
  snap_free(&now);
}

/* Writes len bytes of text to path. */
static void put_bytes(const char *path, const char *text, size_t len)
{
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(text, 1, len, f), len);
  assert_int_equal(fclose(f), 0);
}

/* Copies tmpl to dst replacing {BAD}, {GOOD}, {OUT} and {TMP}. */
static void expand(char *dst, size_t n, const char *tmpl, const fixture *fx, const char *out)
{
  static const char *const keys[] = {"{BAD}", "{GOOD}", "{OUT}", "{TMP}"};
  const char *vals[] = {fx->bad, fx->good, out, fx->tmp};
  size_t used = 0;
  while (*tmpl && used + 1 < n) {
    size_t k = 0;
    while (k < 4 && strncmp(tmpl, keys[k], strlen(keys[k]))) k++;
    if (k < 4) {
      used += (size_t)snprintf(dst + used, n - used, "%s", vals[k]);
      tmpl += strlen(keys[k]);
    } else {
      dst[used++] = *tmpl++;
    }
  }
  dst[used < n ? used : n - 1] = '\0';
}

/* Creates the test's folder: the good scenario and earlier results in
 * prev/ (a good run with --per-run, so every file is there). */
static void fixture_open(fixture *fx)
{
  neg_proc p;
  fx->tmp = neg_tempdir();
  assert_non_null(fx->tmp);
  snprintf(fx->good, sizeof fx->good, "%s/good.cfg", fx->tmp);
  snprintf(fx->bad, sizeof fx->bad, "%s/bad.cfg", fx->tmp);
  snprintf(fx->inc, sizeof fx->inc, "%s/inc.cfg", fx->tmp);
  snprintf(fx->prev, sizeof fx->prev, "%s/prev", fx->tmp);
  snprintf(fx->fresh, sizeof fx->fresh, "%s/fresh", fx->tmp);
  assert_int_equal(neg_write_file(fx->good, neg_test_good_cfg), 0);
  const char *argv[] = {"run", fx->good, "--per-run", "--quiet", "--out", fx->prev, NULL};
  negsim(&p, argv, NULL);
  if (p.status != 0) fail_msg("the good run failed: %s", p.err);
  assert_int_equal(neg_count_entries(fx->prev), 5);
}

/* Removes the test's folder. */
static void fixture_close(fixture *fx)
{
  neg_rmtree(fx->tmp);
  free(fx->tmp);
}

/* Fails unless p ended with status and exactly the line message (a
 * template) on stderr, and nothing on stdout. */
static void check_result(const neg_proc *p, int status, const char *message, const fixture *fx,
                         const char *out, const char *what)
{
  char want[8192];
  size_t n;
  expand(want, sizeof want - 1, message, fx, out);
  n = strlen(want);
  if (n >= 3 && !strcmp(want + n - 3, "...")) {
    n -= 3;
    want[n] = '\0';
  } else {
    strcat(want, "\n");
    n = strlen(want) + 1;   /* compare the NUL too: nothing may follow */
  }
  if (p->status != status || p->signal || strncmp(p->err, want, n)
      || strchr(p->err, '\n') != p->err + strlen(p->err) - 1)
    fail_msg("%s: status %d (signal %d), expected %d; stderr:\n%s\nexpected:\n%s", what,
             p->status, p->signal, status, p->err, want);
  if (p->out[0]) fail_msg("%s: stdout not empty: %s", what, p->out);
}

/* Runs case c into out; checks the result and that nothing was written. */
static void run_variant(const err_case *c, const fixture *fx, const char *out,
                        const snapshot *prev, const snapshot *top, const char *what)
{
  char buf[16][4096];
  const char *argv[18];
  size_t k = 0, a = 0;
  int has_out = 0;
  neg_proc p;
  struct stat st;
  for (size_t i = 0; c->args[i]; i++) has_out |= !strcmp(c->args[i], "--out");
  /* check, params and no verb take no --out (an error of its own) */
  has_out |= !c->args[0] || !strcmp(c->args[0], "check") || !strcmp(c->args[0], "params");
  if (!has_out) {            /* first, so that no case can swallow it */
    argv[k++] = "--out";
    argv[k++] = out;
  }
  for (; c->args[a]; a++) {
    expand(buf[a], sizeof buf[a], c->args[a], fx, out);
    argv[k++] = buf[a];
  }
  argv[k] = NULL;
  negsim(&p, argv, NULL);
  check_result(&p, c->status, c->message, fx, out, what);
  snap_check(prev, fx->prev, what);
  snap_check(top, fx->tmp, what);
  if (stat(fx->fresh, &st) == 0) fail_msg("%s: %s was created", what, fx->fresh);
}

/* Runs every case of a class in a fresh fixture. */
static void run_cases(const err_case *cases, size_t n, const char *cls)
{
  fixture fx;
  snapshot prev, top;
  char what[256];
  fixture_open(&fx);
  snap_take(&prev, fx.prev);
  for (size_t i = 0; i < n; i++) {
    const err_case *c = &cases[i];
    unlink(fx.bad);
    unlink(fx.inc);
    if (c->text) put_bytes(fx.bad, c->text, c->text_len ? c->text_len : strlen(c->text));
    if (c->inc_text) assert_int_equal(neg_write_file(fx.inc, c->inc_text), 0);
    snap_take(&top, fx.tmp);
    snprintf(what, sizeof what, "%s, case %zu, into earlier results", cls, i);
    run_variant(c, &fx, fx.prev, &prev, &top, what);
    snprintf(what, sizeof what, "%s, case %zu, into a new folder", cls, i);
    run_variant(c, &fx, fx.fresh, &prev, &top, what);
    snap_free(&top);
  }
  snap_free(&prev);
  fixture_close(&fx);
}

#define RUN_CASES(cases, cls) run_cases(cases, sizeof cases / sizeof cases[0], cls)

/* Scenario texts: two belligerents, with x inside russia's group. */
#define OPEN "parties = {\n  ukraine = { role = \"belligerent\"; };\n"
#define RU(x) OPEN "  russia = { role = \"belligerent\"; " x " };\n};\n"
#define US(x) OPEN "  russia = { role = \"belligerent\"; };\n" \
              "  us = { role = \"backer\"; " x " };\n};\n"
#define TWO OPEN "  russia = { role = \"belligerent\"; };\n};\n"
#define RUN_BAD {"run", "{BAD}", NULL}
#define NIL 0, NULL

/* Syntax errors: the file and line libconfig stops at. */
static void test_syntax_error(void **state)
{
  static const char nul[] = "name = \"x\";\0\n" TWO;
  static const err_case cases[] = {
    {"pause = { days = 30 = 31; };\n" TWO, NIL, RUN_BAD, 2, "{BAD}:1: syntax error"},
    {"pause = { days = 30;\n" TWO, NIL, RUN_BAD, 2, "{BAD}:6: syntax error"},
    {"pause = { days = ; };\n" TWO, NIL, {"check", "{BAD}", NULL}, 2, "{BAD}:1: syntax error"},
    {TWO "momentum = { initial = nan; };\n", NIL, RUN_BAD, 2, "{BAD}:5: syntax error"},
    {nul, sizeof nul - 1, NULL, RUN_BAD, 2, "{BAD}:1: syntax error"},
    {"\xff\xfe = 1;\n" TWO, NIL, RUN_BAD, 2, "{BAD}:1: syntax error"},
    {"@include \"inc.cfg\"\n", 0, "pause = {\n  days = 30 = 4;\n};\n" TWO, RUN_BAD, 2,
     "{TMP}/inc.cfg:2: syntax error"},
    {"@include \"bad.cfg\"\n" TWO, NIL, RUN_BAD, 2, "{BAD}:1: include file nesting too deep"},
    /* libconfig would read inc.cfg but print the dropped backslash on stdout */
    {"@include \"in\\c.cfg\"\n", 0, TWO, RUN_BAD, 2,
     "{BAD}:1: cannot include 'inc.cfg': unknown escape '\\c' in its name (a backslash is "
     "written \\\\)"},
    {"@include \"inc.cfg\"\n", 0, "@include \"\\\\\"\n" TWO, RUN_BAD, 2,
     "{TMP}/inc.cfg:1: cannot open include file"},
  };
  char *deep, *at;
  (void)state;
  RUN_CASES(cases, "syntax error");
  assert_non_null(at = deep = malloc(DEEP_LEVELS * 8 + 64));   /* groups nested too deep */
  at += sprintf(at, "a = ");
  for (int k = 0; k < DEEP_LEVELS; k++) at += sprintf(at, "{ b =\n");   /* short lines */
  sprintf(at, "1;\n");
  const err_case nested = {deep, 0, NULL, RUN_BAD, 2, "{BAD}:2000: memory exhausted"};
  run_cases(&nested, 1, "syntax error, nesting");
  free(deep);
}

/* The general model's bad input: unknown ids, derived issues moved, the
 * schedule and terms against the horizon and the renewals, circles, ids
 * that clash, rules that do not fit their event, too many of a kind. */
#define GEN(top, x) top "\n" OPEN "  russia = { role = \"belligerent\"; " x " };\n};\n"
#define ISS_A "issues = { a = { initial = 0.0; }; };"
#define DEAL_G "deals = { g = { daily_probability = 0.1; }; };"
#define MAX_M "issues = { a = { initial = 0.0; }; b = { initial = 0.0; }; " \
              "m = { derive = \"max\"; of = [ \"a\", \"b\" ]; }; };"
#define ISSUES_LIST "aid, security, maritime_deal, sanctions_relief, guarantee, a"
#define GEN_RULE "{BAD}:4: parties.russia.policy.[0]"
static void test_general_model(void **state)
{
  static const err_case ids[] = {
    {GEN(ISS_A, "conditions = ( { issue = \"b\"; at_least = 0.5; } );"), NIL, RUN_BAD, 2,
     "{BAD}:4: parties.russia.conditions.[0].issue: unknown issue 'b', expected one of: "
     ISSUES_LIST " (declare others in issues)"},
    {GEN(ISS_A, "policy = ( { on = \"round\"; action = \"set\"; issue = \"b\"; value = 1.0; } );"),
     NIL, RUN_BAD, 2, GEN_RULE ".issue: unknown issue 'b', expected one of: " ISSUES_LIST
     " (declare others in issues)"},
    {GEN(ISS_A, "policy = ( { on = \"threshold\"; watch = \"b\"; at_least = 0.5; "
                "action = \"set\"; issue = \"a\"; value = 1.0; } );"), NIL, RUN_BAD, 2,
     GEN_RULE ".watch: unknown issue 'b', expected one of: " ISSUES_LIST
     " (declare others in issues)"},
    {GEN(DEAL_G, "policy = ( { on = \"round\"; action = \"end_deal\"; deal = \"h\"; } );"), NIL,
     RUN_BAD, 2, GEN_RULE ".deal: unknown side deal 'h', expected one of: maritime, g "
     "(declare others in deals)"},
    {GEN(DEAL_G, "policy = ( { on = \"deal\"; reached = \"h\"; action = \"end_deal\"; "
                 "deal = \"g\"; } );"), NIL, RUN_BAD, 2,
     GEN_RULE ".reached: unknown side deal 'h', expected one of: maritime, g (declare others "
     "in deals)"},
    {GEN("deals = { g = { daily_probability = 0.1; sets = { z = 1.0; }; }; };", ""), NIL,
     RUN_BAD, 2, "{BAD}:1: deals.g.sets.z: no issue 'z' (declare it in issues)"},
    {GEN("issues = { aid = { initial = 0.0; }; };", ""), NIL, RUN_BAD, 2,
     "{BAD}:1: issues.aid: 'aid' is already an issue (built-in issues: aid, security, "
     "maritime_deal, sanctions_relief, guarantee; a deal is an issue too)"},
    {GEN("issues = { g = { initial = 0.0; }; };\n" DEAL_G, ""), NIL, RUN_BAD, 2,
     "{BAD}:2: deals.g: 'g' is already an issue (built-in issues: aid, security, "
     "maritime_deal, sanctions_relief, guarantee; a deal is an issue too)"},
    {GEN("deals = { maritime = { daily_probability = 0.1; }; };", ""), NIL, RUN_BAD, 2,
     "{BAD}:1: deals.maritime: the maritime deal is set in the maritime group"},
    {GEN("deals = { g = { day = 5; daily_probability = 0.1; }; };", ""), NIL, RUN_BAD, 2,
     "{BAD}:1: deals.g.daily_probability: give only one of day and daily_probability"},
  };
  static const err_case derived[] = {
    {GEN(MAX_M, "policy = ( { on = \"round\"; action = \"set\"; issue = \"m\"; value = 1.0; } );"),
     NIL, RUN_BAD, 2, GEN_RULE ".issue: a derived issue cannot be set, raised or lowered"},
    {GEN(MAX_M "\ndeals = { g = { daily_probability = 0.1; sets = { m = 1.0; }; }; };", ""), NIL,
     RUN_BAD, 2, "{BAD}:2: deals.g.sets.m: 'm' is derived from other issues; it cannot be set"},
    {GEN(MAX_M "\nschedule = ( { day = 5; sets = { m = 1.0; }; } );", ""), NIL, RUN_BAD, 2,
     "{BAD}:2: schedule.[0].sets.m: 'm' is derived from other issues; it cannot be set"},
    {GEN(DEAL_G "\nschedule = ( { day = 5; sets = { g = 1.0; }; } );", ""), NIL, RUN_BAD, 2,
     "{BAD}:2: schedule.[0].sets.g: 'g' is derived from other issues; it cannot be set"},
    {GEN("issues = { a = { initial = 0.0; }; m = { derive = \"max\"; of = [ \"a\", \"m\" ]; }; };",
         ""), NIL, RUN_BAD, 2,
     "{BAD}:1: issues.m.of: 'm' is derived from itself (a circle of derivations)"},
    {GEN("issues = { a = { initial = 0.0; }; m = { derive = \"max\"; of = [ \"a\", \"n\" ]; }; "
         "n = { derive = \"min\"; of = [ \"a\", \"m\" ]; }; };", ""), NIL, RUN_BAD, 2,
     "{BAD}:1: issues.n.of: 'n' is derived from itself (a circle of derivations)"},
    {GEN("issues = { a = { initial = 0.0; }; b = { initial = 0.0; }; "
         "m = { of = [ \"a\", \"b\" ]; }; };", ""), NIL, RUN_BAD, 2,
     "{BAD}:1: issues.m.of: of needs derive = \"max\" or \"min\""},
    {GEN("issues = { m = { derive = \"max\"; }; };", ""), NIL, RUN_BAD, 2,
     "{BAD}:1: issues.m.of: derive = \"max\" needs of = [ ... ]"},
  };
  static const err_case timing[] = {
    {GEN("pause = { days = 30; horizon_days = 60; };\nschedule = ( { day = 61; round = true; } );",
         ""), NIL, RUN_BAD, 2,
     "{BAD}:2: schedule.[0].day: day 61 is beyond the horizon (pause.horizon_days = 60)"},
    {GEN("pause = { days = 30; max_extensions = 1; terms = [ 10, 20 ]; };", ""), NIL, RUN_BAD, 2,
     "{BAD}:1: pause.terms: 2 terms but pause.max_extensions allows 1 renewal (set "
     "max_extensions or open_ended = true)"},
  };
  static const err_case rules[] = {
    {GEN(ISS_A, "policy = ( { on = \"round\"; action = \"cut\"; } );"), NIL, RUN_BAD, 2,
     GEN_RULE ".action: only a backer's rule can cut, suspend or resume aid (a belligerent's "
     "or mediator's rule acts on issues or deals)"},
    {GEN("", "policy = ( { on = \"day\"; action = \"end_deal\"; deal = \"maritime\"; } );"), NIL,
     RUN_BAD, 2, GEN_RULE ": on = \"day\" needs day"},
    {GEN(ISS_A, "policy = ( { on = \"threshold\"; at_least = 0.5; action = \"set\"; "
                "issue = \"a\"; value = 1.0; } );"), NIL, RUN_BAD, 2,
     GEN_RULE ": on = \"threshold\" needs watch and at_least or at_most"},
    {GEN("", "policy = ( { on = \"renewal\"; by = \"ukraine\"; action = \"end_deal\"; "
             "deal = \"maritime\"; } );"), NIL, RUN_BAD, 2,
     GEN_RULE ".by: by applies to round, refusal, acceptance and breach"},
    {GEN(DEAL_G, "policy = ( { on = \"round\"; reached = \"g\"; action = \"end_deal\"; "
                 "deal = \"g\"; } );"), NIL, RUN_BAD, 2,
     GEN_RULE ".reached: reached applies to on = \"deal\""},
  };
  char issues[2048] = "issues = { ", deals[2048] = "deals = { ", sched[4096] = "schedule = ( ";
  char text[3][8192];
  (void)state;
  RUN_CASES(ids, "general model, unknown or clashing ids");
  RUN_CASES(derived, "general model, derived issues");
  RUN_CASES(timing, "general model, schedule and terms");
  RUN_CASES(rules, "general model, rules");
  for (int k = 1; k <= 20; k++)   /* 5 built-in + 20 > 24 issues */
    snprintf(issues + strlen(issues), sizeof issues - strlen(issues), "i%d = { }; ", k);
  for (int k = 1; k <= 8; k++)    /* maritime + 8 > 8 deals */
    snprintf(deals + strlen(deals), sizeof deals - strlen(deals), "d%d = { }; ", k);
  for (int k = 1; k <= 33; k++)
    snprintf(sched + strlen(sched), sizeof sched - strlen(sched), "%s{ day = %d; }",
             k > 1 ? ", " : "", k);
  snprintf(text[0], sizeof text[0], "%s};\n" TWO, issues);
  snprintf(text[1], sizeof text[1], "%s};\n" TWO, deals);
  snprintf(text[2], sizeof text[2], "%s );\n" TWO, sched);
  const err_case many[] = {
    {text[0], NIL, RUN_BAD, 2,
     "{BAD}:1: issues.i20: more than 24 issues (built-in ones and deals included)"},
    {text[1], NIL, RUN_BAD, 2,
     "{BAD}:1: deals.d8: more than 8 side deals (the maritime deal included)"},
    {text[2], NIL, RUN_BAD, 2, "{BAD}:1: schedule.[32]: more than 32 schedule items"},
  };
  run_cases(many, sizeof many / sizeof many[0], "general model, too many");
}

/* A scenario file that does not exist. */
static void test_missing_file(void **state)
{
  static const err_case cases[] = {
    {NULL, NIL, {"run", "{TMP}/none.cfg", NULL}, 2, "{TMP}/none.cfg: No such file or directory"},
    {NULL, NIL, {"check", "{TMP}/no/such.cfg", NULL}, 2,
     "{TMP}/no/such.cfg: No such file or directory"},
    {NULL, NIL, {"run", NULL}, 2, "negsim: run: missing scenario file (see negsim --help)"},
    {"@include \"none.cfg\"\n" TWO, NIL, RUN_BAD, 2, "{BAD}:1: cannot open include file"},
  };
  (void)state;
  RUN_CASES(cases, "missing file");
}

/* A folder (or another kind of file) where a scenario file is expected;
 * libconfig 1.5 used to end the program on an included folder. */
static void test_folder_not_file(void **state)
{
  static const err_case cases[] = {
    {NULL, NIL, {"run", "{TMP}", NULL}, 2, "{TMP}: is a directory"},
    {NULL, NIL, {"run", "{TMP}/prev/", NULL}, 2, "{TMP}/prev/: is a directory"},
    {"@include \"prev\"\n" TWO, NIL, RUN_BAD, 2, "{BAD}:1: cannot include 'prev': is a directory"},
    {"@include \"\"\n" TWO, NIL, RUN_BAD, 2, "{BAD}:1: cannot include '': is a directory"},
    {"@include \"inc.cfg\"\n", 0, "\n@include \"prev\"\n" TWO, RUN_BAD, 2,
     "{TMP}/inc.cfg:2: cannot include 'prev': is a directory"},
    {"@include \"../../../../../../../../dev/null\"\n" TWO, NIL, RUN_BAD, 2,
     "{BAD}:1: cannot include '../../../../../../../../dev/null': not a regular file"},
    /* libconfig drops a backslash before another character than \\ or " */
    {"@include \"\\/\\.\\.\"\n" TWO, NIL, RUN_BAD, 2,
     "{BAD}:1: cannot include '/..': unknown escape '\\/' in its name (a backslash is written "
     "\\\\)"},
  };
  (void)state;
  RUN_CASES(cases, "folder instead of a file");
}

/* A setting that is not in the parameter table, with a hint when near. */
static void test_unknown_key(void **state)
{
  static const err_case cases[] = {
    {RU("complience = 0.9;"), NIL, RUN_BAD, 2,
     "{BAD}:3: parties.russia.complience: unknown setting; did you mean 'compliance'?"},
    {"paws = { days = 30; };\n" TWO, NIL, RUN_BAD, 2,
     "{BAD}:1: paws: unknown setting; did you mean 'pause'?"},
    {"pause = {\n  days = 30;\n  lenght = 4;\n};\n" TWO, NIL, RUN_BAD, 2,
     "{BAD}:3: pause.lenght: unknown setting"},
    {US("policy = ( { on = \"refusal\"; action = \"cut\"; prob = 0.5; } );"), NIL, RUN_BAD, 2,
     "{BAD}:4: parties.us.policy.[0].prob: unknown setting"},
    {RU("aid_share = 0.5;"), NIL, RUN_BAD, 2,
     "{BAD}:3: parties.russia.aid_share: not a setting of a belligerent"},
    {NULL, NIL, {"run", "{GOOD}", "--set", "parties.russia.complience=0.8", NULL}, 2,
     "--set: parties.russia.complience: unknown setting; did you mean 'compliance'?"},
    {NULL, NIL, {"run", "{GOOD}", "--set", "pause.dayz=3", NULL}, 2,
     "--set: pause.dayz: unknown setting; did you mean 'days'?"},
  };
  (void)state;
  RUN_CASES(cases, "unknown key");
}

/* A value of the wrong type. */
static void test_wrong_type(void **state)
{
  static const err_case cases[] = {
    {"pause = { days = \"30\"; };\n" TWO, NIL, RUN_BAD, 2,
     "{BAD}:1: pause.days: expected an integer, got a string"},
    {RU("window_days = 7.5;"), NIL, RUN_BAD, 2,
     "{BAD}:3: parties.russia.window_days: expected an integer, got a float"},
    {RU("compliance = \"high\";"), NIL, RUN_BAD, 2,
     "{BAD}:3: parties.russia.compliance: expected a number, got a string"},
    {"rounds = { at_pause_end = 1; };\n" TWO, NIL, RUN_BAD, 2,
     "{BAD}:1: rounds.at_pause_end: expected true or false, got an integer"},
    {"pause = 30;\n" TWO, NIL, RUN_BAD, 2, "{BAD}:1: pause: expected a group { ... }, got an integer"},
    {"parties = ( );\n", NIL, RUN_BAD, 2,
     "{BAD}:1: parties: expected a group of parties { id = { role = ...; }; ... }, got a list"},
    {NULL, NIL, {"run", "{GOOD}", "--set", "pause.days=4.5", NULL}, 2,
     "--set: pause.days: expected an integer, got '4.5'"},
    {NULL, NIL, {"run", "{GOOD}", "--set", "rounds.at_pause_end=yes", NULL}, 2,
     "--set: rounds.at_pause_end: expected true or false, got 'yes'"},
    {NULL, NIL, {"run", "{GOOD}", "--set", "pause.days=0x10", NULL}, 2,
     "--set: pause.days: expected an integer, got '0x10'"},
  };
  (void)state;
  RUN_CASES(cases, "wrong type");
}

/* NaN or infinity: libconfig has no syntax for them; literals too large
 * for a double and --set values are checked. */
static void test_not_finite(void **state)
{
  static const err_case cases[] = {
    {RU("compliance = 1e999;"), NIL, RUN_BAD, 2,
     "{BAD}:3: parties.russia.compliance: not a finite number"},
    {"momentum = { initial = -1e999; };\n" TWO, NIL, RUN_BAD, 2,
     "{BAD}:1: momentum.initial: not a finite number"},
    {"momentum = { initial = inf; };\n" TWO, NIL, RUN_BAD, 2, "{BAD}:1: syntax error"},
    {NULL, NIL, {"run", "{GOOD}", "--set", "parties.russia.compliance=nan", NULL}, 2,
     "--set: parties.russia.compliance: not a finite number"},
    {NULL, NIL, {"run", "{GOOD}", "--set", "momentum.drift=-inf", NULL}, 2,
     "--set: momentum.drift: not a finite number"},
    {NULL, NIL, {"run", "{GOOD}", "--set", "momentum.initial=1e400", NULL}, 2,
     "--set: momentum.initial: not a finite number"},
  };
  (void)state;
  RUN_CASES(cases, "NaN or infinity");
}

/* Counts that are negative, zero or overflow, in the file, in --set and on
 * the command line; integer literals beyond 32 bits that libconfig 1.5
 * would silently wrap are caught however the file is laid out. */
static void test_bad_counts(void **state)
{
  static const err_case cases[] = {
    {"run = { runs = 0; };\n" TWO, NIL, RUN_BAD, 2,
     "{BAD}:1: run.runs: 0 is out of range [1, 1000000000]"},
    {"run = { runs = -5L; };\n" TWO, NIL, RUN_BAD, 2,
     "{BAD}:1: run.runs: -5 is out of range [1, 1000000000]"},
    {"run = { runs = 99999999999L; };\n" TWO, NIL, RUN_BAD, 2,
     "{BAD}:1: run.runs: 99999999999 is out of range [1, 1000000000]"},
    {"pause = { days = -1; };\n" TWO, NIL, RUN_BAD, 2,
     "{BAD}:1: pause.days: -1 is out of range [1, 3650]"},
    {RU("tolerance = 0;"), NIL, RUN_BAD, 2,
     "{BAD}:3: parties.russia.tolerance: 0 is out of range [1, 1000]"},
    {"run = { seed = 5000000000; };\n" TWO, NIL, RUN_BAD, 2,
     "{BAD}:1: run.seed: integer 5000000000 does not fit in 32 bits: write it with an L "
     "suffix, e.g. 5000000000L"},
    {"run = {\n  seed =\n    5000000000;\n};\n" TWO, NIL, RUN_BAD, 2,
     "{BAD}:2: run.seed: integer 5000000000 does not fit in 32 bits: write it with an L "
     "suffix, e.g. 5000000000L"},
    {"run = { seed = /* big */ 0x100000005; };\n" TWO, NIL, RUN_BAD, 2,
     "{BAD}:1: run.seed: integer 0x100000005 does not fit in 32 bits: write it with an L "
     "suffix, e.g. 0x100000005L"},
    {"rounds = { days = [ 5, 4294967306 ]; };\n" TWO, NIL, RUN_BAD, 2,
     "{BAD}:1: rounds.days.[1]: integer 4294967306 does not fit in 32 bits: write it with an "
     "L suffix, e.g. 4294967306L"},
    {NULL, NIL, {"run", "{GOOD}", "--runs", "0", NULL}, 2,
     "negsim: --runs: expected a whole number from 1 to 1000000000, got '0' (see negsim --help)"},
    {NULL, NIL, {"run", "{GOOD}", "--runs", "-5", NULL}, 2,
     "negsim: --runs: expected a whole number from 1 to 1000000000, got '-5' (see negsim --help)"},
    {NULL, NIL, {"run", "{GOOD}", "--runs", "99999999999", NULL}, 2,
     "negsim: --runs: expected a whole number from 1 to 1000000000, got '99999999999' "
     "(see negsim --help)"},
    {NULL, NIL, {"run", "{GOOD}", "--runs", "18446744073709551617", NULL}, 2,
     "negsim: --runs: expected a whole number from 1 to 1000000000, got "
     "'18446744073709551617' (see negsim --help)"},
    {NULL, NIL, {"run", "{GOOD}", "--runs", "1e6", NULL}, 2,
     "negsim: --runs: expected a whole number from 1 to 1000000000, got '1e6' "
     "(see negsim --help)"},
    {NULL, NIL, {"run", "{GOOD}", "--seed", "9223372036854775808", NULL}, 2,
     "negsim: --seed: expected a whole number from 0 to 9223372036854775807, got "
     "'9223372036854775808' (see negsim --help)"},
    {NULL, NIL, {"run", "{GOOD}", "--set", "run.runs=3000000000", NULL}, 2,
     "--set: run.runs: 3000000000 is out of range [1, 1000000000]"},
    {NULL, NIL, {"run", "{GOOD}", "--set", "pause.days=99999999999999999999", NULL}, 2,
     "--set: pause.days: expected an integer, got '99999999999999999999'"},
  };
  (void)state;
  RUN_CASES(cases, "negative, zero or overflowing count");
}

/* A probability outside [0, 1]. */
static void test_probability_range(void **state)
{
  static const err_case cases[] = {
    {RU("compliance = 1.5;"), NIL, RUN_BAD, 2,
     "{BAD}:3: parties.russia.compliance: 1.5 is out of range [0, 1]"},
    {"rounds = { probability = -0.1; };\n" TWO, NIL, RUN_BAD, 2,
     "{BAD}:1: rounds.probability: -0.1 is out of range [0, 1]"},
    {US("policy = ( { on = \"round\"; action = \"cut\"; probability = 2; } );"), NIL, RUN_BAD, 2,
     "{BAD}:4: parties.us.policy.[0].probability: 2 is out of range [0, 1]"},
    {NULL, NIL, {"run", "{GOOD}", "--set", "parties.russia.detection=1.01", NULL}, 2,
     "--set: parties.russia.detection: 1.01 is out of range [0, 1]"},
  };
  (void)state;
  RUN_CASES(cases, "probability outside [0, 1]");
}

/* Fewer than two belligerents. */
static void test_belligerents(void **state)
{
  static const err_case cases[] = {
    {"parties = {\n  russia = { role = \"belligerent\"; };\n  us = { role = \"backer\"; };\n};\n",
     NIL, RUN_BAD, 2, "{BAD}:1: parties: needs at least two belligerents, found 1"},
    {"parties = {\n  us = { role = \"backer\"; };\n};\n", NIL, RUN_BAD, 2,
     "{BAD}:1: parties: needs at least two belligerents, found 0"},
    {"parties = { };\n", NIL, RUN_BAD, 2,
     "{BAD}:1: parties: needs at least two belligerents, found 0"},
    {"pause = { days = 30; };\n", NIL, RUN_BAD, 2,
     "{BAD}: parties: missing required setting: a group of parties"},
    {TWO, NIL, {"run", "{BAD}", "--set", "parties.ukraine.role=backer", NULL}, 2,
     "{BAD}:1: parties: needs at least two belligerents, found 1"},
    {"parties = {\n  russia = { role = \"belligerent\"; consents = false; };\n"
     "  ukraine = { role = \"belligerent\"; consents = false; };\n};\n", NIL, RUN_BAD, 2,
     "{BAD}:1: parties: no belligerent consents to the truce (consents = false for all): "
     "someone must have declared it"},
    {TWO, NIL, {"run", "{BAD}", "--set", "parties.russia.major_share=1.5", NULL}, 2,
     "--set: parties.russia.major_share: 1.5 is out of range [0, 1]"},
    {TWO, NIL, {"run", "{BAD}", "--set", "parties.russia.incidents=daily", NULL}, 2,
     "--set: parties.russia.incidents: unknown value 'daily', expected one of: at_most_one, "
     "poisson"},
  };
  (void)state;
  RUN_CASES(cases, "no or one belligerent; incidents");
}

/* The same party id (or setting) twice. */
static void test_duplicate_ids(void **state)
{
  static const err_case cases[] = {
    {"parties = {\n  russia = { role = \"belligerent\"; };\n"
     "  russia = { role = \"belligerent\"; };\n  ukraine = { role = \"belligerent\"; };\n};\n",
     NIL, RUN_BAD, 2, "{BAD}:3: duplicate setting name"},
    {"pause = { days = 30;\n  days = 40; };\n" TWO, NIL, RUN_BAD, 2,
     "{BAD}:2: duplicate setting name"},
    {"@include \"inc.cfg\"\n" TWO, 0, "parties = { };\n", RUN_BAD, 2,
     "{BAD}:2: duplicate setting name"},
  };
  (void)state;
  RUN_CASES(cases, "duplicate ids");
}

/* A condition, policy, pressure or override naming a party or lever that
 * does not exist. */
static void test_unknown_party_or_lever(void **state)
{
  static const err_case cases[] = {
    {RU("conditions = ( { lever = \"oil\"; at_most = 0.5; } );"), NIL, RUN_BAD, 2,
     "{BAD}:3: parties.russia.conditions.[0].lever: unknown issue 'oil', expected one of: "
     "aid, security, maritime_deal, sanctions_relief, guarantee (declare others in issues)"},
    {US("policy = ( { on = \"breach\"; by = \"rusia\"; action = \"cut\"; } );"), NIL, RUN_BAD,
     2, "{BAD}:4: parties.us.policy.[0].by: no party 'rusia'"},
    {US("policy = ( { on = \"breach\"; by = \"us\"; action = \"cut\"; } );"), NIL, RUN_BAD,
     2, "{BAD}:4: parties.us.policy.[0].by: 'us' is not a belligerent"},
    {US("policy = ( { on = \"ceasefire\"; action = \"cut\"; } );"), NIL, RUN_BAD, 2,
     "{BAD}:4: parties.us.policy.[0].on: unknown value 'ceasefire', expected one of: round, "
     "refusal, acceptance, breach, deal, renewal, day, threshold"},
    {US("pressure = { russa = 1.0; };"), NIL, RUN_BAD, 2,
     "{BAD}:4: parties.us.pressure.russa: no party 'russa'"},
    {NULL, NIL, {"run", "{GOOD}", "--set", "parties.iran.compliance=0.5", NULL}, 2,
     "--set: parties.iran.compliance: no party 'iran' in the scenario"},
  };
  (void)state;
  RUN_CASES(cases, "unknown party or lever");
}

/* A malformed --set. */
static void test_malformed_set(void **state)
{
  static const err_case cases[] = {
    {NULL, NIL, {"run", "{GOOD}", "--set", "pause.days", NULL}, 2,
     "negsim: --set: malformed 'pause.days', expected key=value (see negsim --help)"},
    {NULL, NIL, {"run", "{GOOD}", "--set", "=5", NULL}, 2,
     "negsim: --set: malformed '=5', expected key=value (see negsim --help)"},
    {NULL, NIL, {"run", "{GOOD}", "--set", "pause..days=5", NULL}, 2,
     "--set: pause..days: unknown setting"},
    {NULL, NIL, {"run", "{GOOD}", "--set", "pause=5", NULL}, 2,
     "--set: pause: a group: set one of its settings, e.g. pause.<setting>"},
    {NULL, NIL, {"run", "{GOOD}", "--set", "parties.russia=5", NULL}, 2,
     "--set: parties.russia: unknown setting; expected parties.<id>.<setting>"},
    {NULL, NIL, {"run", "{GOOD}", "--set", "rounds.days=5", NULL}, 2,
     "--set: rounds.days: an array cannot be set from the command line; edit the file"},
    {NULL, NIL, {"run", "{GOOD}", "--set", "pause.days=", NULL}, 2,
     "--set: pause.days: expected an integer, got ''"},
    {NULL, NIL, {"run", "{GOOD}", "--set", NULL}, 2,
     "negsim: --set: missing value (see negsim --help)"},
  };
  (void)state;
  RUN_CASES(cases, "malformed --set");
}

/* A malformed --vary (negsim sweep). */
static void test_malformed_vary(void **state)
{
  static const err_case cases[] = {
    {NULL, NIL, {"sweep", "{GOOD}", "--vary", "pause.days", NULL}, 2,
     "negsim: --vary: malformed 'pause.days', expected key=value (see negsim --help)"},
    {NULL, NIL, {"sweep", "{GOOD}", "--vary", "pause.days=1:x:3", NULL}, 2,
     "--vary: pause.days: malformed values '1:x:3'..."},
    {NULL, NIL, {"sweep", "{GOOD}", "--vary", "pause.days=10:20:1", NULL}, 2,
     "--vary: pause.days: malformed values '10:20:1'..."},
    {NULL, NIL, {"sweep", "{GOOD}", "--vary", "momentum.initial=1e308:-1e308:3", NULL}, 2,
     "--vary: momentum.initial: values '1e308:-1e308:3': the ends are too far apart for the "
     "steps between them to be computed; give a narrower range"},
    {NULL, NIL, {"sweep", "{GOOD}", "--vary", "pause.days=10,,20", NULL}, 2,
     "--vary: pause.days: malformed values '10,,20'..."},
    {NULL, NIL, {"sweep", "{GOOD}", "--vary", "pause.dayz=10,20", NULL}, 2,
     "--set: pause.dayz: unknown setting; did you mean 'days'?"},
    {NULL, NIL, {"sweep", "{GOOD}", "--vary", "pause.days=10,5000", NULL}, 2,
     "--set: pause.days: 5000 is out of range [1, 3650]"},
  };
  (void)state;
  RUN_CASES(cases, "malformed --vary");
}

/* A scenario name made of dots would name the folder above results/ (or
 * results/ itself): it is refused, in the file and from --set. */
static void test_name_of_dots(void **state)
{
  static const err_case cases[] = {
    {"name = \"..\";\n" TWO, NIL, RUN_BAD, 2,
     "{BAD}:1: name: '..' is not a valid name: it must not be made of dots only"},
    {NULL, NIL, {"run", "{GOOD}", "--set", "name=.", NULL}, 2,
     "--set: name: '.' is not a valid name: it must not be made of dots only"},
    {NULL, NIL, {"sweep", "{GOOD}", "--vary", "name=...,x", NULL}, 2,
     "--set: name: '...' is not a valid name: it must not be made of dots only"},
  };
  (void)state;
  RUN_CASES(cases, "name of dots");
}

/* Regression: a beta distribution whose a or b is subnormal passed the
 * range check (0, 10000] and GSL's default error handler aborted negsim
 * (SIGABRT, in check too). It is refused with file and line. */
static void test_beta_not_computable(void **state)
{
  static const err_case cases[] = {
    {RU("compliance = { dist = \"beta\"; a = 4.9e-324; b = 3.0; };"), NIL, RUN_BAD, 2,
     "{BAD}:3: parties.russia.compliance: a beta distribution with a = 4.94065645841247e-324 "
     "and b = 3 cannot be computed in double precision (its normalising constant overflows): "
     "give a and b of at least 1e-300"},
    {TWO "uncertain = ( { key = \"parties.russia.compliance\"; dist = \"beta\"; a = 3.0; "
     "b = 1e-310; } );\n", NIL, {"check", "{BAD}", NULL}, 2,
     "{BAD}:5: uncertain.[0]: a beta distribution with a = 3 and b = 9.99999999999997e-311 "
     "cannot be computed in double precision (its normalising constant overflows): give a and "
     "b of at least 1e-300"},
  };
  (void)state;
  RUN_CASES(cases, "beta not computable");
}

/* An unknown option, verb or argument. */
static void test_unknown_option(void **state)
{
  static const err_case cases[] = {
    {NULL, NIL, {"run", "{GOOD}", "--rusn", "5", NULL}, 2,
     "negsim: --rusn: unknown option (see negsim --help)"},
    {NULL, NIL, {"run", "{GOOD}", "-x", NULL}, 2, "negsim: -x: unknown option (see negsim --help)"},
    {NULL, NIL, {"run", "{GOOD}", "--per-run=yes", NULL}, 2,
     "negsim: --per-run=yes: unknown option (see negsim --help)"},
    {NULL, NIL, {"run", "{GOOD}", "--runs", NULL}, 2,
     "negsim: --runs: missing value (see negsim --help)"},
    {NULL, NIL, {"rnu", "{GOOD}", NULL}, 2,
     "negsim: rnu: unknown verb, expected run, sweep, compare, explain, sensitivity, calibrate, "
     "score, check, params, help or version (see negsim --help)"},
    {NULL, NIL, {"run", "{GOOD}", "{GOOD}", NULL}, 2,
     "negsim: {GOOD}: unexpected argument (see negsim --help)"},
    {NULL, NIL, {"params", "{GOOD}", NULL}, 2,
     "negsim: {GOOD}: unexpected argument (see negsim --help)"},
    {NULL, NIL, {NULL}, 2, "negsim: missing verb: expected run, sweep, compare, explain, sensitivity, "
     "calibrate, score, check, params, help or version (see negsim --help)"},
    /* an option of another verb is an error, never ignored */
    {NULL, NIL, {"run", "{GOOD}", "--vary", "pause.days=10,20", NULL}, 2,
     "negsim: --vary: not an option of run (see negsim run --help)"},
    {NULL, NIL, {"run", "{GOOD}", "--vs", "pause.days=5", NULL}, 2,
     "negsim: --vs: not an option of run (see negsim run --help)"},
    {NULL, NIL, {"run", "{GOOD}", "--resume", NULL}, 2,
     "negsim: --resume: not an option of run (see negsim run --help)"},
    {NULL, NIL, {"run", "{GOOD}", "--samples", "5", NULL}, 2,
     "negsim: --samples: not an option of run (see negsim run --help)"},
    {NULL, NIL, {"run", "{GOOD}", "--target", "lapsed=0.5", NULL}, 2,
     "negsim: --target: not an option of run (see negsim run --help)"},
    {NULL, NIL, {"compare", "{GOOD}", "--vs", "pause.days=5", "--per-run", NULL}, 2,
     "negsim: --per-run: not an option of compare (see negsim compare --help)"},
    {NULL, NIL, {"sweep", "{GOOD}", "--vary", "pause.days=10,20", "--per-run", NULL}, 2,
     "negsim: --per-run: not an option of sweep (see negsim sweep --help)"},
    {NULL, NIL, {"check", "{GOOD}", "--vary", "pause.days=1,2", NULL}, 2,
     "negsim: --vary: not an option of check (see negsim check --help)"},
    {NULL, NIL, {"check", "{GOOD}", "--out", "{OUT}", NULL}, 2,
     "negsim: --out: not an option of check (see negsim check --help)"},
    {NULL, NIL, {"sensitivity", "{GOOD}", "--precision", "0.01", NULL}, 2,
     "negsim: --precision: not an option of sensitivity (see negsim sensitivity --help)"},
    /* an axis --seed or --runs would override, silently */
    {NULL, NIL, {"sweep", "{GOOD}", "--vary", "run.seed=1,2", "--seed", "5", NULL}, 2,
     "negsim: --seed: the sweep varies run.seed: give --seed or the axis, not both (see "
     "negsim --help)"},
    {NULL, NIL, {"sweep", "{GOOD}", "--vary", "run.runs=100,200", "--runs", "50", NULL}, 2,
     "negsim: --runs: the sweep varies run.runs: give --runs or the axis, not both (see "
     "negsim --help)"},
  };
  (void)state;
  RUN_CASES(cases, "unknown option");
}

/* --threads 0 and other bad thread counts. */
static void test_threads(void **state)
{
  static const err_case cases[] = {
    {NULL, NIL, {"run", "{GOOD}", "--threads", "0", NULL}, 2,
     "negsim: --threads: expected a whole number from 1 to 1024, got '0' (see negsim --help)"},
    {NULL, NIL, {"run", "{GOOD}", "--threads", "1025", NULL}, 2,
     "negsim: --threads: expected a whole number from 1 to 1024, got '1025' (see negsim --help)"},
    {NULL, NIL, {"run", "{GOOD}", "--threads", "-1", NULL}, 2,
     "negsim: --threads: expected a whole number from 1 to 1024, got '-1' (see negsim --help)"},
    {NULL, NIL, {"run", "{GOOD}", "--threads", " 2", NULL}, 2,
     "negsim: --threads: expected a whole number from 1 to 1024, got ' 2' (see negsim --help)"},
  };
  (void)state;
  RUN_CASES(cases, "--threads 0");
}

/* An output folder that cannot be one: under a file, or empty. */
static void test_unwritable_folder(void **state)
{
  static const err_case cases[] = {
    {NULL, NIL, {"run", "{GOOD}", "--out", "{GOOD}/sub", NULL}, 2,
     "{GOOD}/sub: Not a directory"},
    {NULL, NIL, {"run", "{GOOD}", "--out", "{GOOD}/a/b", NULL}, 2,
     "{GOOD}/a/b: Not a directory"},
    {NULL, NIL, {"run", "{GOOD}", "--out", "/proc", NULL}, 2,
     "/proc: no file can be created in this folder"},
    {NULL, NIL, {"run", "{GOOD}", "--out", "", NULL}, 2,
     "negsim: --out: expected a folder, got '' (see negsim --help)"},
  };
  (void)state;
  RUN_CASES(cases, "unwritable output folder");
}

/* Makes dir read-only: a read-only bind mount as root (permissions do not
 * stop root), else mode 0555. Returns 1 when mounted, 0 when chmod'ed, -1
 * when neither works. */
static int make_read_only(const char *dir)
{
  if (geteuid() != 0) return chmod(dir, 0555) == 0 ? 0 : -1;
  if (mount(dir, dir, "none", MS_BIND, NULL) != 0) return -1;   /* "none": valgrind */
  if (mount("none", dir, "none", MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) == 0) return 1;
  umount(dir);
  return -1;
}

/* A folder of earlier results that cannot be written: exit 2, nothing
 * changed. */
static void test_read_only_folder(void **state)
{
  fixture fx;
  snapshot prev;
  neg_proc p;
  int how;
  (void)state;
  fixture_open(&fx);
  snap_take(&prev, fx.prev);
  if ((how = make_read_only(fx.prev)) < 0) {
    fixture_close(&fx);
    snap_free(&prev);
    print_message("skipped: cannot make a read-only folder here (no bind mount as root)\n");
    skip();
  }
  const char *argv[] = {"run", fx.good, "--out", fx.prev, NULL};
  negsim(&p, argv, NULL);
  check_result(&p, 2, how ? "{OUT}: Read-only file system" : "{OUT}: Permission denied", &fx,
               fx.prev, "read-only folder");
  snap_check(&prev, fx.prev, "read-only folder");
  /* a sweep too (its journal was a fault of the system, exit 1) */
  const char *sweep[] = {"sweep", fx.good, "--vary", "pause.days=10,20", "--out", fx.prev, NULL};
  negsim(&p, sweep, NULL);
  check_result(&p, 2, how ? "{OUT}: Read-only file system" : "{OUT}: Permission denied", &fx,
               fx.prev, "read-only folder, sweep");
  snap_check(&prev, fx.prev, "read-only folder, sweep");
  if (how) assert_int_equal(umount(fx.prev), 0);
  else assert_int_equal(chmod(fx.prev, 0755), 0);
  snap_free(&prev);
  fixture_close(&fx);
}

/* A full disk, made by a file-size limit (RLIMIT_FSIZE, with SIGXFSZ at
 * its default as a shell leaves it: negsim must ignore it), for every verb
 * that writes files: a run fails at commit (daily.csv) or, with
 * --per-run, while runs.csv is written. Exit 1, a message naming the file
 * that grew too large, the earlier results unchanged, no temporary file,
 * and a folder the verb made removed; a sweep keeps its journal for
 * --resume (and adds nothing else). */
static void test_full_disk(void **state)
{
  static const struct {
    long long limit;
    const char *message;
    const char *args[12];
  } cases[] = {
    {FSIZE_LIMIT, "{OUT}/daily.csv: File too large",
     {"run", "scenarios/energy_pause_2025.cfg", "--runs", "5000", NULL}},
    {FSIZE_LIMIT, "{OUT}/runs.csv: File too large",
     {"run", "scenarios/energy_pause_2025.cfg", "--runs", "5000", "--per-run", NULL}},
    {1024, "{OUT}/manifest_a.cfg: File too large",
     {"compare", "scenarios/energy_pause_2025.cfg", "--runs", "500", "--vs", "parties.us.aid=cut", NULL}},
    {1024, "{OUT}/sensitivity.csv: File too large",
     {"sensitivity", "scenarios/energy_pause_uncertain.cfg", "--samples", "4", "--runs", "50",
      NULL}},
    {1024, "{OUT}/calibrated.cfg: File too large",
     {"calibrate", "scenarios/energy_pause_2025.cfg", "--runs", "200", "--target", "lapsed=0.4", "--free",
      "parties.russia.extension_utility=-10:10", NULL}},
    {FSIZE_LIMIT, "{OUT}/sweep.csv: File too large",
     {"sweep", "scenarios/energy_pause_2025.cfg", "--runs", "200", "--vary", "parties.us.pressure.russia=0:2:60", NULL}},
  };
  fixture fx;
  snapshot prev;
  neg_proc p;
  (void)state;
  fixture_open(&fx);
  snap_take(&prev, fx.prev);
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    const char *outs[] = {fx.prev, fx.fresh};
    neg_run_opts opts = {cases[k].limit, NULL};
    int sweep = !strcmp(cases[k].args[0], "sweep");
    for (size_t v = 0; v < 2; v++) {
      const char *argv[20];
      size_t n = 0;
      for (; cases[k].args[n]; n++) argv[n] = cases[k].args[n];
      argv[n++] = "--quiet";
      argv[n++] = "--force";   /* a different run than the earlier results' */
      argv[n++] = "--out";
      argv[n++] = outs[v];
      argv[n] = NULL;
      negsim(&p, argv, &opts);
      check_result(&p, 1, cases[k].message, &fx, outs[v], cases[k].args[0]);
      if (v == 0 && sweep) {   /* its journal, kept for --resume, is the only addition */
        char journal[8192];
        snprintf(journal, sizeof journal, "%s/.sweep.journal", fx.prev);
        assert_int_equal(remove(journal), 0);
      }
      snap_check(&prev, fx.prev, cases[k].args[0]);
      if (v == 1 && !sweep && neg_count_entries(fx.fresh) >= 0)
        fail_msg("%s: %s was left behind", cases[k].args[0], fx.fresh);
      if (v == 1 && sweep) {
        char journal[8192];
        snprintf(journal, sizeof journal, "%s/.sweep.journal", fx.fresh);
        if (neg_count_entries(fx.fresh) != 1 || access(journal, F_OK) != 0)
          fail_msg("sweep: %s holds more than its journal", fx.fresh);
        assert_int_equal(remove(journal), 0);
        assert_int_equal(rmdir(fx.fresh), 0);
      }
    }
  }
  snap_free(&prev);
  fixture_close(&fx);
}

/* Fills the file system holding dir: writes dir/filler until it fails. */
static void fill_up(const char *dir)
{
  char path[8192], block[4096];
  FILE *f;
  snprintf(path, sizeof path, "%s/filler", dir);
  memset(block, 'x', sizeof block);
  assert_non_null(f = fopen(path, "wb"));
  setvbuf(f, NULL, _IONBF, 0);
  while (fwrite(block, 1, sizeof block, f) == sizeof block) continue;
  while (fputc('x', f) != EOF) continue;   /* the last partial block */
  fclose(f);
}

/* A really full disk: a small tmpfs (root only; skipped otherwise) holding
 * earlier results, filled up. Exit 1 with ENOSPC, nothing changed. */
static void test_full_disk_tmpfs(void **state)
{
  fixture fx;
  snapshot prev;
  neg_proc p;
  char disk[2048], out[4096];
  (void)state;
  fx.tmp = neg_tempdir();
  snprintf(disk, sizeof disk, "%s/disk", fx.tmp);
  assert_int_equal(mkdir(disk, 0755), 0);
  if (mount("tmpfs", disk, "tmpfs", 0, "size=256k") != 0) {
    neg_rmtree(fx.tmp);
    free(fx.tmp);
    print_message("skipped: cannot mount a tmpfs here (%s)\n", strerror(errno));
    skip();
  }
  snprintf(fx.good, sizeof fx.good, "%s/good.cfg", fx.tmp);
  snprintf(fx.bad, sizeof fx.bad, "%s/bad.cfg", fx.tmp);
  snprintf(out, sizeof out, "%s/results", disk);
  assert_int_equal(neg_write_file(fx.good, neg_test_good_cfg), 0);
  const char *argv[] = {"run", fx.good, "--quiet", "--out", out, NULL};
  negsim(&p, argv, NULL);
  assert_int_equal(p.status, 0);
  snap_take(&prev, out);
  fill_up(disk);
  negsim(&p, argv, NULL);
  check_result(&p, 1, "{OUT}/summary.csv: No space left on device", &fx, out, "full tmpfs");
  snap_check(&prev, out, "full tmpfs");
  snap_free(&prev);
  /* a sweep into a new folder on the full disk: no journal, no folder left */
  char fresh[4096], filler[4096];
  snprintf(fresh, sizeof fresh, "%s/new", disk);
  const char *sweep[] = {"sweep", fx.good, "--vary", "pause.days=1:100:100", "--vary",
                         "rounds.probability=0:1:5", "--runs", "10",
                         "--threads", "1", "--quiet", "--out", fresh, NULL};
  negsim(&p, sweep, NULL);
  check_result(&p, 1, "{OUT}/.sweep.journal: No space left on device", &fx, fresh,
               "sweep, full tmpfs");
  assert_int_equal(access(fresh, F_OK), -1);
  /* room for a few journal lines only: a line cut short is a full disk too */
  snprintf(filler, sizeof filler, "%s/filler", disk);
  assert_int_equal(truncate(filler, 256 * 1024 - 16 * 1024), 0);
  fill_up(disk);   /* a second filler, leaving what the first gave back less blocks */
  assert_int_equal(truncate(filler, 256 * 1024 - 24 * 1024), 0);
  negsim(&p, sweep, NULL);
  check_result(&p, 1, "{OUT}/.sweep.journal: No space left on device", &fx, fresh,
               "sweep journal, full tmpfs");
  assert_int_equal(umount(disk), 0);
  neg_rmtree(fx.tmp);
  free(fx.tmp);
}

/* /dev/full as standard output: the scenario printed by check cannot be
 * written. Exit 1. */
static void test_dev_full(void **state)
{
  neg_run_opts opts = {0, "/dev/full"};
  fixture fx;
  neg_proc p;
  (void)state;
  fixture_open(&fx);
  const char *argv[] = {"check", fx.good, NULL};
  negsim(&p, argv, &opts);
  check_result(&p, 1, "negsim: check: cannot write the scenario to standard output", &fx, "",
               "check > /dev/full");
  fixture_close(&fx);
}

/* Sleeps ms milliseconds. */
static void sleep_ms(long ms)
{
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

/* Counts the temporary files (".name.XXXXXX") in dir. */
static int count_temps(const char *dir)
{
  DIR *d = opendir(dir);
  struct dirent *e;
  int n = 0;
  if (!d) return -1;
  while ((e = readdir(d))) n += e->d_name[0] == '.' && strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
  closedir(d);
  return n;
}

/* Starts a long run into fx's earlier results, waits until it is writing
 * (its temporary files exist) and KILL_AFTER_MS more, then sends sig. */
static void interrupt_run(const fixture *fx, int sig, neg_proc *p)
{
  const char *argv[] = {"run", fx->good, "--runs", "100000000", "--per-run", "--threads", "1",
                        "--force", "--out", fx->prev, NULL};
  neg_child c;
  long waited = 0;
  assert_int_equal(neg_start_negsim(&c, argv, NULL), 0);
  while (count_temps(fx->prev) < 4 && waited < WAIT_LIMIT_MS) {
    sleep_ms(10);
    waited += 10;
  }
  sleep_ms(KILL_AFTER_MS);
  assert_int_equal(kill(c.pid, sig), 0);
  assert_int_equal(neg_wait_negsim(&c, p), 0);
  if (waited >= WAIT_LIMIT_MS) fail_msg("the run never started writing: %s", p->err);
}

/* A run killed outright (SIGKILL) halfway leaves the earlier results of its
 * folder intact; only its hidden temporary files may remain. */
static void test_killed_run_keeps_results(void **state)
{
  fixture fx;
  snapshot prev;
  neg_proc p;
  char path[8192];
  DIR *d;
  struct dirent *e;
  (void)state;
  fixture_open(&fx);
  snap_take(&prev, fx.prev);
  interrupt_run(&fx, SIGKILL, &p);
  assert_int_equal(p.signal, SIGKILL);
  assert_non_null(d = opendir(fx.prev));
  while ((e = readdir(d)))   /* what a SIGKILL leaves: hidden, incomplete */
    if (e->d_name[0] == '.' && strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
      snprintf(path, sizeof path, "%s/%s", fx.prev, e->d_name);
      assert_int_equal(unlink(path), 0);
    }
  closedir(d);
  snap_check(&prev, fx.prev, "SIGKILL");
  snap_free(&prev);
  fixture_close(&fx);
}

/* SIGINT and SIGTERM halfway: exit 130 and 143, one line, the earlier
 * results intact and no temporary file left. */
static void test_interrupted_run_cleans_up(void **state)
{
  static const int sigs[] = {SIGINT, SIGTERM};
  fixture fx;
  snapshot prev;
  neg_proc p;
  (void)state;
  fixture_open(&fx);
  snap_take(&prev, fx.prev);
  for (size_t k = 0; k < sizeof sigs / sizeof sigs[0]; k++) {
    interrupt_run(&fx, sigs[k], &p);
    check_result(&p, 128 + sigs[k], "negsim: interrupted; the output folder is left as it was",
                 &fx, fx.prev, sigs[k] == SIGINT ? "SIGINT" : "SIGTERM");
    snap_check(&prev, fx.prev, sigs[k] == SIGINT ? "SIGINT" : "SIGTERM");
  }
  snap_free(&prev);
  fixture_close(&fx);
}

/* Regression: input holding control characters (a line break in a string
 * of the file or of --set) gave a message of two lines; they are now
 * escaped. */
static void test_message_one_line(void **state)
{
  static const err_case cases[] = {
    {OPEN "  russia = { role = \"bellig\\nerent\"; };\n};\n", NIL, RUN_BAD, 2,
     "{BAD}:3: parties.russia.role: unknown value 'bellig\\nerent', expected one of: "
     "belligerent, backer, mediator"},
    {NULL, NIL, {"run", "{GOOD}", "--set", "name=a\nb\tc\rd", NULL}, 2,
     "--set: name: 'a\\nb\\tc\\x0dd' is not a valid name: use 1 to 63 letters, digits, '_', "
     "'.' or '-'"},
    {NULL, NIL, {"run", "{GOOD}", "--set", "pause.da\nys=3", NULL}, 2,
     "--set: pause.da\\nys: unknown setting; did you mean 'days'?"},
  };
  (void)state;
  RUN_CASES(cases, "control characters in a message");
}

/* Regression, at the loader: any layout of a wrapped literal is rejected,
 * and one that is not wrapped (or has its L) is read as written. */
static void test_loader_wrap_layouts(void **state)
{
  static const struct { const char *text; int ok; } cases[] = {
    {"run = { seed\n  = 5000000000; };\n", 0},
    {"run = { seed = # a comment\n  5000000000; };\n", 0},
    {"run = { seed = 5000000000L; };\n", 1},
    {"run = { seed = 705032704; };\n", 1},
    {"rounds = { days = (\n 4294967306 ); };\n", 0},
    {"rounds = { days = [ 10, /* , */ 4294967306 ]; };\n", 0},
    {"rounds = { days = [ 10, 20 ]; };\n", 1},
  };
  char *dir = neg_tempdir(), path[4096], text[1024];
  neg_scenario s;
  neg_error e;
  (void)state;
  snprintf(path, sizeof path, "%s/s.cfg", dir);
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    snprintf(text, sizeof text, "%s%s", cases[k].text, TWO);
    assert_int_equal(neg_write_file(path, text), 0);
    int rc = neg_scenario_load(path, NULL, 0, &s, &e);
    if ((rc == NEG_OK) != cases[k].ok)
      fail_msg("case %zu: rc %d, %s: %s", k, rc, e.key, e.reason);
    if (!cases[k].ok && !strstr(e.reason, "does not fit in 32 bits"))
      fail_msg("case %zu: %s", k, e.reason);
  }
  neg_rmtree(dir);
  free(dir);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_syntax_error),
    cmocka_unit_test(test_missing_file),
    cmocka_unit_test(test_folder_not_file),
    cmocka_unit_test(test_unknown_key),
    cmocka_unit_test(test_wrong_type),
    cmocka_unit_test(test_not_finite),
    cmocka_unit_test(test_bad_counts),
    cmocka_unit_test(test_probability_range),
    cmocka_unit_test(test_belligerents),
    cmocka_unit_test(test_duplicate_ids),
    cmocka_unit_test(test_unknown_party_or_lever),
    cmocka_unit_test(test_general_model),
    cmocka_unit_test(test_malformed_set),
    cmocka_unit_test(test_malformed_vary),
    cmocka_unit_test(test_unknown_option),
    cmocka_unit_test(test_threads),
    cmocka_unit_test(test_unwritable_folder),
    cmocka_unit_test(test_read_only_folder),
    cmocka_unit_test(test_name_of_dots),
    cmocka_unit_test(test_beta_not_computable),
    cmocka_unit_test(test_full_disk),
    cmocka_unit_test(test_full_disk_tmpfs),
    cmocka_unit_test(test_dev_full),
    cmocka_unit_test(test_killed_run_keeps_results),
    cmocka_unit_test(test_interrupted_run_cleans_up),
    cmocka_unit_test(test_message_one_line),
    cmocka_unit_test(test_loader_wrap_layouts),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
