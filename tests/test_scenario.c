/* test_scenario.c: loading, defaults, includes, --set, validation errors,
 * writing back and the generated schema docs of the scenario module.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <dirent.h>
#include <unistd.h>

#include <libconfig.h>

#include "neg_scenario.h"
#include "neg_uncertain.h"

#define FULL "tests/data/full.cfg"
#define UNCERTAIN "scenarios/energy_pause_uncertain.cfg"
#define DEALS "tests/data/fastpath_deals.cfg"

/* Fails unless err holds file, line, key and a reason containing reason. */
static void check_error(const neg_error *e, const char *file, int line, const char *key,
                        const char *reason, const char *what)
{
  if (strcmp(e->file, file) || e->line != line || strcmp(e->key, key)
      || !strstr(e->reason, reason)) {
    print_error("%s: got '%s:%d: %s: %s', expected '%s:%d: %s: ...%s...'\n", what, e->file,
                e->line, e->key, e->reason, file, line, key, reason);
    fail();
  }
}

/* A full file: values, party order, conditions, rules, pressure by index. */
static void test_load_full(void **state)
{
  neg_scenario s;
  neg_error e;
  const neg_party *ru, *uk, *us;
  (void)state;
  assert_int_equal(neg_scenario_load(FULL, NULL, 0, &s, &e), NEG_OK);
  assert_string_equal(s.name, "full_test");
  assert_int_equal(s.pause_days, 30);
  assert_int_equal(s.extension_days, 15);
  assert_int_equal(s.horizon_days, 90);
  assert_int_equal(s.n_round_days, 3);
  assert_int_equal(s.round_days[2], 27);
  assert_int_equal(s.round_at_pause_end, 0);
  assert_close(s.momentum_initial, -1.5, 0);
  assert_close(s.maritime_trust_bonus, 3, 0);
  assert_int_equal(s.sanctions_relief, 1);
  assert_true(s.seed == 3000000000ULL);
  assert_true(s.runs == 5000);
  assert_int_equal(s.n_parties, 5);
  assert_string_equal(s.parties[0].id, "russia");
  assert_string_equal(s.parties[1].id, "ukraine");
  assert_string_equal(s.parties[2].id, "us");
  assert_string_equal(s.parties[3].id, "turkey");
  assert_string_equal(s.parties[4].id, "europe");
  assert_int_equal(s.parties[3].role, NEG_ROLE_BACKER);   /* mediator */
  ru = &s.parties[0], uk = &s.parties[1], us = &s.parties[2];
  assert_close(ru->compliance, 0.95, 0);
  assert_close(ru->prior_b, 0.5, 0);
  assert_int_equal(ru->window_days, 10);
  assert_close(ru->temperature, 0, 0);
  assert_int_equal(ru->n_conditions, 2);
  assert_int_equal(ru->conditions[0].lever, NEG_LEVER_AID);
  assert_int_equal(ru->conditions[0].at_least, 0);
  assert_close(ru->conditions[0].threshold, 0.1, 0);
  assert_int_equal(ru->conditions[0].hard, 1);
  assert_int_equal(ru->conditions[1].lever, NEG_LEVER_SANCTIONS);
  assert_int_equal(ru->conditions[1].at_least, 1);
  assert_close(ru->conditions[1].threshold, 1, 0);
  assert_int_equal(ru->conditions[1].hard, 0);
  assert_close(ru->conditions[1].penalty, 2.5, 0);
  assert_int_equal(uk->momentum_side, -1);
  assert_int_equal(uk->conditions[0].lever, NEG_LEVER_SECURITY);
  assert_close(uk->conditions[0].threshold, 0.5, 0);
  assert_int_equal(us->aid_initial, NEG_AID_SUSPENDED);
  assert_close(us->aid_share, 0.6, 0);
  assert_close(us->pressure[0], 1.5, 0);
  assert_close(us->pressure[1], 2, 0);
  assert_close(us->pressure[3], 0, 0);
  assert_int_equal(us->n_rules, 2);
  assert_int_equal(us->rules[0].on, NEG_EVENT_REFUSAL);
  assert_int_equal(us->rules[0].by, 1);
  assert_int_equal(us->rules[0].action, NEG_ACTION_CUT);
  assert_close(us->rules[0].probability, 0.5, 0);
  assert_int_equal(us->rules[1].by, -1);
  assert_int_equal(us->rules[1].action, NEG_ACTION_RESUME);
  assert_close(us->rules[1].probability, 1, 0);
  assert_close(s.parties[3].pressure[0], 0.5, 0);
  assert_int_equal(neg_scenario_party_index(&s, "europe"), 4);
  assert_int_equal(neg_scenario_party_index(&s, "iran"), -1);
}

#define TWO "parties = {\n  russia = { role = \"belligerent\"; };\n" \
            "  ukraine = { role = \"belligerent\"; };\n};\n"

/* A file with only two parties gets every default and its file's name. */
static void test_defaults(void **state)
{
  char *dir = neg_tempdir(), *path = neg_put_file(dir, "my-scen.v2.cfg", TWO);
  neg_scenario s;
  neg_error e;
  const neg_party *p = &s.parties[0];
  int idx[NEG_MAX_PARTIES];
  (void)state;
  assert_int_equal(neg_scenario_load(path, NULL, 0, &s, &e), NEG_OK);
  assert_string_equal(s.name, "my-scen.v2");
  assert_int_equal(s.pause_days, 30);
  assert_int_equal(s.extension_days, 30);
  assert_int_equal(s.max_extensions, 3);
  assert_int_equal(s.horizon_days, 120);
  assert_int_equal(s.round_every, 7);
  assert_int_equal(s.n_round_days, 0);
  assert_int_equal(s.round_at_pause_end, 1);
  assert_close(s.round_probability, 0.8, 0);
  assert_close(s.momentum_aid_effect, 0.01, 0);
  assert_close(s.momentum_aid_reference, 0.5, 0);
  assert_close(s.momentum_volatility, 0.05, 0);
  assert_close(s.maritime_daily_probability, 0, 0);
  assert_close(s.maritime_trust_bonus, 2, 0);
  assert_int_equal(s.maritime_start_day, 1);
  assert_int_equal(s.sanctions_relief, 0);
  assert_true(s.runs == 10000 && s.seed == 1);
  assert_close(p->compliance, 0.97, 0);
  assert_close(p->detection, 1, 0);
  assert_int_equal(p->window_days, 7);
  assert_int_equal(p->tolerance, 3);
  assert_close(p->prior_a, 1, 0);
  assert_close(p->prior_b, 1, 0);
  assert_int_equal(p->momentum_side, 1);
  assert_close(p->temperature, 1, 0);
  assert_int_equal(p->aid_initial, NEG_AID_SUPPLYING);
  assert_int_equal(p->n_conditions, 0);
  assert_int_equal(neg_scenario_belligerents(&s, idx), 2);
  assert_int_equal(idx[1], 1);
  free(path);
  path = neg_put_file(dir, "my scenario.cfg", TWO);   /* names are sanitised */
  assert_int_equal(neg_scenario_load(path, NULL, 0, &s, &e), NEG_OK);
  assert_string_equal(s.name, "my_scenario");
  free(path);
  neg_rmtree(dir);
  free(dir);
}

/* Every row's default lies in its range and every enum default exists. */
static void test_table_consistent(void **state)
{
  size_t i, j, n;
  const neg_param *t = neg_param_table(&n);
  (void)state;
  assert_true(n > 50);
  for (i = 0; i < n; i++) {
    unsigned nodef = NEG_PF_REQUIRED | NEG_PF_NODEF | NEG_PF_IGNORED | NEG_PF_PARTYREF;
    if (t[i].type != NEG_PT_STRING && t[i].type != NEG_PT_ENUM && !(t[i].flags & nodef)
        && !(t[i].flags & NEG_PF_ARRAY)) {
      if (!(t[i].min <= t[i].def && t[i].def <= t[i].max)) fail_msg("%s: default", t[i].path);
    }
    if (t[i].type == NEG_PT_ENUM && !(t[i].flags & NEG_PF_REQUIRED))
      assert_non_null(t[i].names[(int)t[i].def]);
    assert_non_null(t[i].doc);
    assert_non_null(t[i].source);
    for (j = 0; j < i; j++)
      if (t[i].scope == t[j].scope && !strcmp(t[i].path, t[j].path))
        fail_msg("%s twice", t[i].path);
    assert_ptr_equal(neg_param_find(t[i].scope, t[i].path), &t[i]);
  }
}

/* Integers where floats go; the check for wrapped 32-bit literals does not
 * confuse two settings of one name on a line. */
static void test_int_for_float(void **state)
{
  char *dir = neg_tempdir();
  char *path = neg_put_file(dir, "s.cfg", "momentum = { initial = 3; drift = -2L; };\n"
                        "parties = {\n  ukraine = { role = \"belligerent\"; };\n"
                        "  russia = { role = \"belligerent\"; conditions = ( { lever = \"aid\"; "
                        "at_most = 0; penalty = 3; }, { lever = \"security\"; at_least = 1; "
                        "penalty = 1; } ); };\n};\n");
  neg_scenario s;
  neg_error e;
  (void)state;
  if (neg_scenario_load(path, NULL, 0, &s, &e) != NEG_OK) {
    neg_error_print(stderr, &e);
    fail();
  }
  assert_close(s.momentum_initial, 3, 0);
  assert_close(s.momentum_drift, -2, 0);
  assert_close(s.parties[1].conditions[0].penalty, 3, 0);
  assert_close(s.parties[1].conditions[1].penalty, 1, 0);
  free(path);
  neg_rmtree(dir);
  free(dir);
}

/* @include is read from the scenario's folder, not from the working folder. */
static void test_include(void **state)
{
  char *dir = neg_tempdir(), sub[4096], cwd[4096], *paths[5];
  neg_scenario s;
  neg_error e;
  (void)state;
  assert_non_null(getcwd(cwd, sizeof cwd));
  snprintf(sub, sizeof sub, "%s/sub", dir);
  assert_int_equal(mkdir(sub, 0700), 0);
  paths[0] = neg_put_file(sub, "main.cfg", "pause = { days = 20; };\n@include \"parties.inc\"\n");
  paths[1] = neg_put_file(sub, "parties.inc", "parties = {\n  a = { role = \"belligerent\"; "
                      "compliance = 0.9; };\n  b = { role = \"belligerent\"; };\n};\n");
  paths[2] = neg_put_file(dir, "parties.inc", "parties = { broken");   /* a decoy */
  paths[3] = neg_put_file(sub, "bad.cfg", "@include \"badparties.inc\"\n");
  paths[4] = neg_put_file(sub, "badparties.inc", "parties = {\n  a = { role = \"belligerent\"; "
                      "complience = 0.9; };\n  b = { role = \"belligerent\"; };\n};\n");
  assert_int_equal(chdir(dir), 0);
  assert_int_equal(neg_scenario_load("sub/main.cfg", NULL, 0, &s, &e), NEG_OK);
  assert_int_equal(s.pause_days, 20);
  assert_close(s.parties[0].compliance, 0.9, 0);
  assert_int_equal(neg_scenario_load("sub/bad.cfg", NULL, 0, &s, &e), NEG_EINPUT);
  assert_int_equal(chdir(cwd), 0);
  check_error(&e, "sub/badparties.inc", 2, "parties.a.complience", "unknown setting",
              "error in an included file");
  for (int i = 0; i < 5; i++) free(paths[i]);
  neg_rmtree(dir);
  free(dir);
}

/* The check of @include names before libconfig reads a file finds them as
 * libconfig's scanner does: at the start of a line, outside comments and
 * strings (which may span lines), the name up to its closing quote, across
 * lines; an unknown escape in it is an error (libconfig would print the
 * backslash on stdout). */
static void test_include_scan(void **state)
{
  char *dir = neg_tempdir(), *paths[3];
  neg_scenario s;
  neg_error e;
  (void)state;
  paths[0] = neg_put_file(dir, "quoted.cfg", "/* a block\n@include \"\\q\"\n*/\n"
                          "description = \"a string\n@include \\\"\\\\q\\\"\n\";  // \"\n"
                          "# @include \"\\q\"\n" TWO);
  paths[1] = neg_put_file(dir, "long.cfg", "@include \"parties.inc\n\\q\"\n" TWO);
  paths[2] = neg_put_file(dir, "after.cfg", "description = \"x\"; /* \"\n*/ pause = {\n"
                          "  days = 30; };\n@include \"a\\\"\nb\\\\c\n\\d\"\n" TWO);
  assert_int_equal(neg_scenario_load(paths[0], NULL, 0, &s, &e), NEG_OK);
  assert_int_equal(neg_scenario_load(paths[1], NULL, 0, &s, &e), NEG_EINPUT);
  check_error(&e, paths[1], 1, "", "unknown escape '\\q'", "escape on an include's second line");
  assert_int_equal(neg_scenario_load(paths[2], NULL, 0, &s, &e), NEG_EINPUT);
  check_error(&e, paths[2], 4, "", "cannot include 'a\"\nb\\c\nd': unknown escape '\\d'",
              "an include after a comment across lines");
  for (int i = 0; i < 3; i++) free(paths[i]);
  neg_rmtree(dir);
  free(dir);
}

/* In a child (libconfig 1.5 leaks on syntax errors, and ends the program
 * on an included folder), whether negsim's load of path reports an
 * unknown escape in an include (*flagged), then whether libconfig alone
 * reads path (*read), its stdout going to the file out. */
static void include_probe(const char *dir, const char *path, const char *out, int *flagged,
                          int *read)
{
  char res[4096];
  int status;
  FILE *f;
  pid_t pid;
  snprintf(res, sizeof res, "%s/result", dir);
  unlink(res);
  assert_true((pid = fork()) >= 0);
  if (pid == 0) {
    config_t c;
    neg_scenario *s = malloc(sizeof *s);
    neg_error e;
    if (!s || !(f = fopen(res, "w")) || !freopen(out, "w", stdout)
        || !freopen("/dev/null", "w", stderr))
      _exit(3);
    fprintf(f, "%d\n", neg_scenario_load(path, NULL, 0, s, &e) == NEG_EINPUT
                         && strstr(e.reason, "unknown escape") != NULL);
    fflush(f);
    config_init(&c);
    config_set_include_dir(&c, dir);
    fprintf(f, "%d\n", config_read_file(&c, path) == CONFIG_TRUE);
    config_destroy(&c);
    fflush(stdout);
    fclose(f);
    _exit(0);
  }
  assert_int_equal(waitpid(pid, &status, 0), pid);
  assert_non_null(f = fopen(res, "r"));
  assert_int_equal(fscanf(f, "%d", flagged), 1);   /* negsim's check always answers */
  if (fscanf(f, "%d", read) != 1) *read = 0;        /* libconfig may have ended the child */
  fclose(f);
}

/* Random files of includes, escapes, comments and strings (fixed seed):
 * the include check reports an unknown escape whenever libconfig prints a
 * backslash on stdout, and never rejects so a file libconfig reads without
 * printing one. */
static void test_include_scan_random(void **state)
{
  static const char *const frags[] = {
    "@include \"", "\\q", "\\\\", "\\\"", "\"", "\n", "/*", "*/", "#", "//", "a", " ",
    "\t", "x = 1;", "b.cfg", "\\", "\n@include \"b.cfg\"\n",
  };
  const int n_frags = (int)(sizeof frags / sizeof *frags);
  char *dir = neg_tempdir(), *inc = neg_put_file(dir, "b.cfg", "y = 2;\n"), out[4096];
  uint64_t x = 20251126;
  int missed = 0, rejected = 0, echoes = 0;
  (void)state;
  snprintf(out, sizeof out, "%s/stdout", dir);
  for (int i = 0; i < 1000; i++) {
    char text[512], *path;
    struct stat st;
    int flagged, read;
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    strcpy(text, x >> 63 ? "@include \"" : "");   /* half of them open with one */
    for (int k = (int)(x >> 59 & 15) % 14; k >= 0; k--) {
      x = x * 6364136223846793005ULL + 1442695040888963407ULL;
      strcat(text, frags[(x >> 33) % (uint64_t)n_frags]);
    }
    path = neg_put_file(dir, "t.cfg", text);
    include_probe(dir, path, out, &flagged, &read);
    int echo = stat(out, &st) == 0 && st.st_size > 0;
    echoes += echo;
    missed += echo && !flagged;
    rejected += flagged && !echo && read;
    if ((echo && !flagged) || (flagged && !echo && read))
      print_error("%s: libconfig %s, %s; the check %s\n", text, read ? "reads it" : "fails",
                  echo ? "printing a backslash" : "printing nothing",
                  flagged ? "reports an escape" : "does not");
    free(path);
  }
  print_message("include scan: %d files of 1000 made libconfig print a backslash\n", echoes);
  assert_int_equal(missed, 0);
  assert_int_equal(rejected, 0);
  assert_true(echoes > 50);   /* the files do make libconfig print */
  free(inc);
  neg_rmtree(dir);
  free(dir);
}

/* Loads path with sets, writes it, loads that back and compares the structs. */
static void round_trip(const char *path, const char *const *sets, size_t nsets,
                       const char *dir, char **text)
{
  neg_scenario a, b;
  neg_error e;
  char out[4096];
  FILE *f;
  snprintf(out, sizeof out, "%s/written.cfg", dir);
  if (neg_scenario_load(path, sets, nsets, &a, &e) != NEG_OK) {
    neg_error_print(stderr, &e);
    fail();
  }
  assert_non_null(f = fopen(out, "w"));
  assert_int_equal(neg_scenario_write(f, &a), NEG_OK);
  assert_int_equal(fclose(f), 0);
  if (neg_scenario_load(out, NULL, 0, &b, &e) != NEG_OK) {
    neg_error_print(stderr, &e);
    fail();
  }
  assert_memory_equal(&a, &b, sizeof a);
  *text = neg_read_file(out, NULL);
}

/* Loads sets through src and afresh; fails unless both give the same status,
 * struct and error. */
static void same_as_fresh(neg_source *src, const char *path, const char *const *sets,
                          size_t nsets, int want)
{
  neg_scenario *a = malloc(sizeof *a), *b = malloc(sizeof *b);
  neg_error ea, eb;
  assert_non_null(a);
  assert_non_null(b);
  assert_int_equal(neg_source_load(src, sets, nsets, a, &ea), want);
  assert_int_equal(neg_scenario_load(path, sets, nsets, b, &eb), want);
  if (want == NEG_OK) assert_memory_equal(a, b, sizeof *a);
  assert_string_equal(ea.file, eb.file);
  assert_int_equal(ea.line, eb.line);
  assert_string_equal(ea.key, eb.key);
  assert_string_equal(ea.reason, eb.reason);
  free(a);
  free(b);
}

/* A file parsed once and loaded again and again (the points of a sweep)
 * gives what loading it afresh gives: overrides of the same keys with new
 * values (one adds a setting the file lacks, one names a party), other
 * keys, none, failed loads, and the file's own wrapped integer. */
static void test_source_reloads(void **state)
{
  static const char *const a[] = {"parties.russia.compliance=0.91", "rounds.probability=0.6",
                                  "run.precision=0.01", "maritime.start_day=5"};
  static const char *const b[] = {"parties.russia.compliance=0.95", "rounds.probability=0.8",
                                  "run.precision=0.02", "maritime.start_day=7"};
  static const char *const bad[] = {"parties.russia.compliance=0.96", "rounds.probability=7",
                                    "run.precision=0.03", "maritime.start_day=2"};
  static const char *const other[] = {"pause.days=20", "parties.russia.compliance=0.5"};
  /* the same keys again and again (a load then reads only them): numbers,
   * a switch, an integer, values that fail alone (range) and across
   * settings (the pause, the aid shares), keys that must be read in full,
   * a key given twice (the second wins), an integer beyond 32 bits and
   * back (another type of setting) */
  static const char *const same[][3] = {
    {" pause.days =40", "parties.us.aid_share=0.5", "rounds.at_pause_end=false"},
    {"pause.days=45", "parties.us.aid_share=0.3", "rounds.at_pause_end=true"},
    {"pause.days=95", "parties.us.aid_share=0.3", "rounds.at_pause_end=true"},
    {"pause.days=50", "parties.us.aid_share=0.3", "rounds.at_pause_end=true"},
    {"pause.days=50", "parties.us.aid_share=0.7", "rounds.at_pause_end=true"},
    {"pause.days=50", "parties.us.aid_share=0.2", "rounds.at_pause_end=maybe"},
    {"pause.days=-1", "parties.us.aid_share=0.2", "rounds.at_pause_end=true"},
    {"pause.days=30", "parties.us.aid_share=0.2", "rounds.at_pause_end=false"},
    {"pause.days=30", "parties.us.aid_share=0.2", "parties.us.pressure.russia=0.3"},
    {"pause.days=30", "parties.us.aid_share=0.2", "parties.us.pressure.russia=0.4"},
    {"pause.days=30", "parties.us.aid_share=0.2", "parties.russia.role=backer"},
    {"pause.days=30", "parties.us.aid_share=0.2", "parties.russia.role=backer"},
    {"pause.days=30", "parties.us.aid_share=0.2", "parties.turkey.compliance=0.5"},
    {"pause.days=30", "parties.us.aid_share=0.2", "parties.turkey.compliance=0.5"},
    {"pause.days=30", "parties.us.aid_share=0.2", "name=other"},
    {"pause.days=31", "parties.us.aid_share=0.2", "name=again"},
    {"pause.days=31", "parties.us.aid_share=0.2", "pause.days=20"},
    {"pause.days=33", "parties.us.aid_share=0.3", "pause.days=25"},
    {"pause.days=33", "parties.us.aid_share=0.3", "pause.days=95"},
    {"run.seed=5", "parties.us.aid_share=0.3", "pause.days=20"},
    {"run.seed=9223372036854775807", "parties.us.aid_share=0.3", "pause.days=21"},
    {"run.seed=6", "parties.us.aid_share=0.25", "pause.days=22"},
    {"run.seed=7", "parties.us.aid_share=1", "pause.days=22"},
    {"run.seed=8", "parties.us.aid_share=0", "pause.days=22"},
  };
  static const char *const unc[][2] = {
    {"parties.russia.compliance=0.9", "pause.days=40"},
    {"parties.russia.compliance=0.95", "pause.days=41"},
    {"rounds.probability=0.6", "pause.days=41"},
    {"rounds.probability=0.7", "pause.days=42"},
  };
  static const char *const gen[][2] = {
    {"deals.grain.daily_probability=0.0", "issues.corridor.initial=0.5"},
    {"deals.grain.daily_probability=0.1", "issues.corridor.initial=0.2"},
    {"deals.grain.daily_probability=1.1", "issues.corridor.initial=0.2"},
    {"deals.grain.daily_probability=0.2", "deals.grain.bonus.russia=0.1"},
    {"deals.grain.daily_probability=0.2", "deals.grain.day=5"},
    {"deals.grain.daily_probability=0.3", "deals.grain.bonus.russia=0.2"},
  };
  static const char *const all_unc[] = {"parties.us.aid_share=0.2", "parties.us.aid_share=0.5",
                                        "parties.us.aid_share=0.7", "parties.us.aid_share=0.3"};
  static const char *const role[] = {"parties.extra.role=mediator",
                                     "parties.extra.role=belligerent",
                                     "parties.extra.role=backer"};
  char *dir = neg_tempdir(), wrapped[4096], roles[4096], *text = neg_read_file(FULL, NULL), *at;
  neg_source *src;
  neg_error e;
  FILE *f;
  (void)state;
  assert_int_equal(neg_source_open(FULL, &src, &e), NEG_OK);
  same_as_fresh(src, FULL, a, 4, NEG_OK);
  same_as_fresh(src, FULL, b, 4, NEG_OK);
  same_as_fresh(src, FULL, a, 4, NEG_OK);
  same_as_fresh(src, FULL, bad, 4, NEG_EINPUT);
  same_as_fresh(src, FULL, b, 4, NEG_OK);
  same_as_fresh(src, FULL, other, 2, NEG_OK);
  same_as_fresh(src, FULL, NULL, 0, NEG_OK);
  same_as_fresh(src, FULL, NULL, 0, NEG_OK);
  same_as_fresh(src, FULL, a, 3, NEG_OK);
  same_as_fresh(src, FULL, a, 4, NEG_OK);
  for (size_t k = 0; k < sizeof same / sizeof same[0]; k++) {
    static const int want[] = {NEG_OK, NEG_OK, NEG_EINPUT, NEG_OK, NEG_EINPUT, NEG_EINPUT,
                               NEG_EINPUT, NEG_OK, NEG_OK, NEG_OK, NEG_EINPUT, NEG_EINPUT,
                               NEG_EINPUT, NEG_EINPUT, NEG_OK, NEG_OK, NEG_OK, NEG_OK,
                               NEG_EINPUT, NEG_OK, NEG_OK, NEG_OK, NEG_EINPUT, NEG_OK};
    same_as_fresh(src, FULL, same[k], 3, want[k]);
  }
  neg_source_free(src);
  /* the general model's numbers (read in full): new values, a bad one, an
   * override across settings (a deal's day beside its probability) */
  assert_int_equal(neg_source_open(DEALS, &src, &e), NEG_OK);
  for (size_t k = 0; k < sizeof gen / sizeof gen[0]; k++)
    same_as_fresh(src, DEALS, gen[k], 2, k == 2 || k == 4 ? NEG_EINPUT : NEG_OK);
  neg_source_free(src);
  /* uncertain parameters: every load is read in full, unless every one is
   * overridden (as sensitivity does) */
  assert_int_equal(neg_source_open(UNCERTAIN, &src, &e), NEG_OK);
  for (size_t k = 0; k < sizeof unc / sizeof unc[0]; k++)
    same_as_fresh(src, UNCERTAIN, unc[k], 2, NEG_OK);
  neg_source_free(src);
  assert_non_null(text);
  snprintf(roles, sizeof roles, "%s/unc.cfg", dir);
  assert_non_null(f = fopen(roles, "w"));
  fprintf(f, "%s\nuncertain = ( { key = \"parties.us.aid_share\"; dist = \"uniform\"; "
          "min = 0.1; max = 0.6; } );\n", text);
  assert_int_equal(fclose(f), 0);
  assert_int_equal(neg_source_open(roles, &src, &e), NEG_OK);
  for (size_t k = 0; k < sizeof all_unc / sizeof all_unc[0]; k++)
    same_as_fresh(src, roles, &all_unc[k], 1, k == 2 ? NEG_EINPUT : NEG_OK);
  neg_source_free(src);
  /* a party's role: read in full (a party of no other setting, so that
   * each role is valid) */
  assert_non_null(text);
  snprintf(roles, sizeof roles, "%s/roles.cfg", dir);
  assert_non_null(f = fopen(roles, "w"));
  assert_non_null(at = strstr(text, "  europe = {"));
  fprintf(f, "%.*s  extra = { role = \"mediator\"; };\n%s", (int)(at - text), text, at);
  assert_int_equal(fclose(f), 0);
  assert_int_equal(neg_source_open(roles, &src, &e), NEG_OK);
  for (size_t k = 0; k < sizeof role / sizeof role[0]; k++)
    same_as_fresh(src, roles, &role[k], 1, NEG_OK);
  neg_source_free(src);
  /* the file's runs written beyond 32 bits: every load of the source rejects it */
  assert_non_null(text);
  assert_non_null(at = strstr(text, "runs = 5000;"));
  memcpy(at, "runs = 5e3 ;", 12);
  snprintf(wrapped, sizeof wrapped, "%s/wrapped.cfg", dir);
  assert_non_null(f = fopen(wrapped, "w"));
  fprintf(f, "%.*s runs = 4294972296; %s", (int)(at - text), text, at + 12);
  assert_int_equal(fclose(f), 0);
  assert_int_equal(neg_source_open(wrapped, &src, &e), NEG_OK);
  same_as_fresh(src, wrapped, a, 4, NEG_EINPUT);
  same_as_fresh(src, wrapped, b, 4, NEG_EINPUT);
  neg_scenario *s = malloc(sizeof *s);
  assert_int_equal(neg_source_load(src, a, 4, s, &e), NEG_EINPUT);
  check_error(&e, wrapped, 21, "run.runs", "does not fit in 32 bits", "wrapped");
  free(s);
  neg_source_free(src);
  free(text);
  neg_rmtree(dir);
  free(dir);
}

/* Writing and loading back gives the identical struct, awkward numbers included. */
static void test_round_trip(void **state)
{
  static const char *const sets[] = {
    "parties.russia.compliance=0.30000000000000004", "momentum.initial=-1e-300",
    "parties.russia.prior_a=5e-324", "momentum.drift=0.1", "run.runs=1000000000",
    "parties.us.pressure.russia=0.33333333333333331", "run.seed=9223372036854775807",
    "momentum.volatility=0", "parties.russia.ceasefire_utility=-0.0",
    "parties.europe.aid=cut", "name=renamed" };
  char *dir = neg_tempdir(), *text;
  (void)state;
  round_trip(FULL, NULL, 0, dir, &text);
  assert_non_null(strstr(text, "momentum_side = -1;"));
  assert_non_null(strstr(text, "role = \"backer\";"));   /* the mediator */
  assert_null(strstr(text, "mediator"));
  free(text);
  round_trip(FULL, sets, sizeof sets / sizeof sets[0], dir, &text);
  assert_non_null(strstr(text, "seed = 9223372036854775807L;"));
  assert_non_null(strstr(text, "runs = 1000000000;"));
  assert_non_null(strstr(text, "volatility = 0.0;"));
  assert_non_null(strstr(text, "compliance = 0.30000000000000004;"));
  free(text);
  neg_rmtree(dir);
  free(dir);
}

/* 1 when every line of text is a warning of negsim check (or there is none). */
static int only_warnings(const char *text)
{
  for (const char *line = text; *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : "") {
    const char *end = strchr(line, '\n');
    size_t len = end ? (size_t)(end - line) : strlen(line);
    if (len && (len < 24 || strncmp(line, "negsim: check: warning: ", 24))) return 0;
  }
  return 1;
}

/* Every example scenario in scenarios/ (not its subfolders) loads and
 * writes back to the same scenario; the worked examples beyond Ukraine
 * (issue 16; the Israel-Lebanon one with incidents, issue 17) use the
 * general model, pass negsim check with nothing on stderr but warnings and
 * run. */
static void test_example_scenarios(void **state)
{
  static const char *const general[] = {
    "scenarios/grain_initiative_2022.cfg", "scenarios/yemen_truce_apr2022.cfg",
    "scenarios/gaza_hostage_pause_2023.cfg", "scenarios/israel_lebanon_nov2024.cfg" };
  char *dir = neg_tempdir(), *text, path[4096], out[4096];
  DIR *d;
  struct dirent *de;
  int n = 0;
  (void)state;
  assert_non_null(d = opendir("scenarios"));
  while ((de = readdir(d)) != NULL) {
    size_t len = strlen(de->d_name);
    struct stat st;
    if (len < 5 || strcmp(de->d_name + len - 4, ".cfg")) continue;
    snprintf(path, sizeof path, "scenarios/%s", de->d_name);
    if (stat(path, &st) || !S_ISREG(st.st_mode)) continue;
    round_trip(path, NULL, 0, dir, &text);
    free(text);
    n++;
  }
  closedir(d);
  assert_true(n >= 3 + (int)(sizeof general / sizeof general[0]));
  snprintf(out, sizeof out, "%s/out", dir);
  for (size_t k = 0; k < sizeof general / sizeof general[0]; k++) {
    const char *check[] = {"check", general[k], NULL};
    const char *run[] = {"run", general[k], "--runs", "300", "--quiet", "--force", "--out", out,
                         NULL};  /* one folder for every example: replaced each time */
    static neg_proc p;
    neg_scenario s;
    neg_error e;
    if (neg_scenario_load(general[k], NULL, 0, &s, &e) != NEG_OK) {
      neg_error_print(stderr, &e);
      fail();
    }
    assert_true(neg_scenario_general(&s));
    assert_int_equal(s.horizon_days, 365);
    assert_int_equal(neg_run_negsim(&p, check), 0);
    if (p.status != 0 || only_warnings(p.err) != 1) {  /* a warning is a finding, not an error */
      print_error("%s: negsim check: status %d, stderr '%s'\n", general[k], p.status, p.err);
      fail();
    }
    assert_int_equal(neg_run_negsim(&p, run), 0);
    if (p.status != 0) {
      print_error("%s: negsim run: status %d, stderr '%s'\n", general[k], p.status, p.err);
      fail();
    }
  }
  neg_rmtree(dir);
  free(dir);
}

/* A missing file and a folder are rejected with the reason from the system. */
static void test_missing_and_directory(void **state)
{
  char *dir = neg_tempdir(), path[4096];
  neg_scenario s;
  neg_error e;
  (void)state;
  snprintf(path, sizeof path, "%s/none.cfg", dir);
  assert_int_equal(neg_scenario_load(path, NULL, 0, &s, &e), NEG_EINPUT);
  check_error(&e, path, 0, "", "No such file or directory", "missing file");
  assert_int_equal(neg_scenario_load(dir, NULL, 0, &s, &e), NEG_EINPUT);
  check_error(&e, dir, 0, "", "is a directory", "directory");
  neg_rmtree(dir);
  free(dir);
}

/* Valid overrides change values, create groups and replace types. */
static void test_set_valid(void **state)
{
  static const char *const sets[] = {
    "pause.days=45", "rounds.at_pause_end=false", "parties.us.aid=cut", "run.seed=9",
    "parties.russia.compliance = 0.8", "parties.us.pressure.ukraine=3",
    "parties.turkey.pressure.ukraine=1", "world.guarantee=1", "name=\"other\"",
    "parties.ukraine.compliance=1", "run.runs=3000000000" };
  neg_scenario s;
  neg_error e;
  (void)state;
  assert_int_equal(neg_scenario_load(FULL, sets, 10, &s, &e), NEG_OK);
  assert_int_equal(s.pause_days, 45);
  assert_int_equal(s.round_at_pause_end, 0);
  assert_int_equal(s.parties[2].aid_initial, NEG_AID_CUT);
  assert_true(s.seed == 9);
  assert_close(s.parties[0].compliance, 0.8, 0);
  assert_close(s.parties[2].pressure[1], 3, 0);
  assert_close(s.parties[2].pressure[0], 1.5, 0);
  assert_close(s.parties[3].pressure[1], 1, 0);
  assert_close(s.guarantee, 1, 0);
  assert_string_equal(s.name, "other");
  assert_close(s.parties[1].compliance, 1, 0);
  /* the 11th: beyond its range, reported as coming from --set */
  assert_int_equal(neg_scenario_load(FULL, sets, 11, &s, &e), NEG_EINPUT);
  check_error(&e, "--set", 0, "run.runs", "3000000000 is out of range [1, 1000000000]",
              "runs beyond range");
}

/* --set reaches the numbers of declared issues and side deals, and
 * neg_param_lookup (sweeps, uncertainty, calibration) resolves the same
 * paths to the same fields; unsettable ones resolve to NULL. */
static void test_set_general(void **state)
{
  static const char *const sets[] = {
    "issues.corridor.initial=0.25", "deals.grain.daily_probability=0.07",
    "deals.grain.trust_bonus=1.25", "deals.grain.start_day=4", "deals.prisoners.day=30",
    "deals.grain.bonus.ukraine=0.15", "deals.prisoners.bonus.russia=-0.5" };
  static const double want[] = {0.25, 0.07, 1.25, 4, 30, 0.15, -0.5};
  static const char *const none[] = {
    "issues.aid.initial", "issues.grain.initial", "issues.corridor.derive", "issues.nope.initial",
    "deals.maritime.daily_probability", "deals.grain.conditions", "deals.grain.sets",
    "deals.grain.bonus", "deals.grain.bonus.un", "deals.grain.daily_probability.x",
    "deals.nope.day", "deals.grain", "issues.corridor" };
  neg_scenario s;
  neg_error e;
  char key[256];
  void *field;
  const neg_param *row;
  int g, p, r, u;
  (void)state;
  assert_int_equal(neg_scenario_load(DEALS, sets, 7, &s, &e), NEG_OK);
  g = neg_scenario_deal_index(&s, "grain");
  p = neg_scenario_deal_index(&s, "prisoners");
  r = neg_scenario_party_index(&s, "russia");
  u = neg_scenario_party_index(&s, "ukraine");
  assert_close(s.issues[neg_scenario_issue_index(&s, "corridor")].initial, 0.25, 0);
  assert_close(s.deals[g].daily_probability, 0.07, 0);
  assert_close(s.deals[g].trust_bonus, 1.25, 0);
  assert_int_equal(s.deals[g].start_day, 4);
  assert_int_equal(s.deals[p].day, 30);
  assert_close(s.deals[g].bonus[u], 0.15, 0);
  assert_close(s.deals[g].bonus[r], 0.7, 0);   /* the file's */
  assert_close(s.deals[p].bonus[r], -0.5, 0);  /* added to the group */
  for (size_t k = 0; k < sizeof sets / sizeof sets[0]; k++) {
    snprintf(key, sizeof key, "%.*s", (int)strcspn(sets[k], "="), sets[k]);
    assert_non_null(row = neg_param_lookup(&s, key, &field));
    if (row->type == NEG_PT_INT) assert_int_equal(*(int *)field, (int)want[k]);
    else assert_close(*(double *)field, want[k], 0);
  }
  for (size_t k = 0; k < sizeof none / sizeof none[0]; k++)
    if (neg_param_lookup(&s, none[k], &field)) fail_msg("%s resolved", none[k]);
}

/* Float settings of issues and side deals may be distributions, in place
 * and through the list uncertain; they write back and read the same. */
static void test_uncertain_general(void **state)
{
  static const char in_place[] = TWO
    "issues = { a = { initial = { dist = \"beta\"; a = 2.0; b = 3.0; }; }; };\n"
    "deals = { g = { daily_probability = { dist = \"uniform\"; min = 0.0; max = 0.2; };\n"
    "  bonus = { russia = { dist = \"triangular\"; min = -1.0; mode = 0.0; max = 1.0; }; };"
    " }; };\n";
  char *dir = neg_tempdir(), text[4096], *path, *out, *deals = neg_read_file(DEALS, NULL);
  neg_scenario s;
  neg_error e;
  int g, r;
  (void)state;
  assert_non_null(deals);
  free(neg_put_file(dir, "deals.cfg", deals));
  free(deals);
  snprintf(text, sizeof text, "@include \"deals.cfg\"\nuncertain = (\n"
           "  { key = \"deals.grain.daily_probability\"; dist = \"uniform\"; min = 0.0; "
           "max = 0.1; },\n  { key = \"issues.corridor.initial\"; dist = \"beta\"; a = 2.0; "
           "b = 2.0; },\n  { key = \"deals.energy.bonus.russia\"; dist = \"uniform\"; "
           "min = -1.0; max = 0.0; }\n);\n");
  path = neg_put_file(dir, "list.cfg", text);
  assert_int_equal(neg_scenario_load(path, NULL, 0, &s, &e), NEG_OK);
  assert_int_equal(s.n_uncertain, 3);
  g = neg_scenario_deal_index(&s, "grain");
  r = neg_scenario_party_index(&s, "russia");
  assert_true(neg_uncertain_find(&s, &s.deals[g].daily_probability) >= 0);
  assert_true(neg_uncertain_find(&s, &s.deals[neg_scenario_deal_index(&s, "energy")].bonus[r]) >= 0);
  assert_close(s.deals[g].daily_probability, 0.05, 1e-15);   /* the mean */
  round_trip(path, NULL, 0, dir, &out);
  assert_non_null(strstr(out, "daily_probability = { dist = \"uniform\"; min = 0.0; max = 0.1; };"));
  assert_non_null(strstr(out, "corridor = { initial = { dist = \"beta\"; a = 2.0; b = 2.0; };"));
  free(out);
  free(path);
  path = neg_put_file(dir, "in_place.cfg", in_place);
  round_trip(path, NULL, 0, dir, &out);
  assert_non_null(strstr(out, "bonus = { russia = { dist = \"triangular\"; min = -1.0; "
                              "mode = 0.0; max = 1.0; }; ukraine = 0.0; };"));
  free(out);
  /* a --set of one replaces the distribution by the number */
  const char *set = "deals.g.daily_probability=0.125";
  assert_int_equal(neg_scenario_load(path, &set, 1, &s, &e), NEG_OK);
  assert_int_equal(s.n_uncertain, 2);
  assert_close(s.deals[1].daily_probability, 0.125, 0);
  free(path);
  neg_rmtree(dir);
  free(dir);
}

/* A bad scenario: its text (or an override of a good one) and the error. */
typedef struct {
  const char *text;
  const char *set;     /* an override, or NULL */
  int line;            /* expected line; 0 with set: the error names --set */
  const char *key;
  const char *reason;  /* expected part of the reason */
} bad_case;

#define OPEN "parties = {\n  ukraine = { role = \"belligerent\"; };\n"
#define RU(x) OPEN "  russia = { role = \"belligerent\"; " x " };\n};\n"
#define US(x) OPEN "  russia = { role = \"belligerent\"; };\n" \
              "  us = { role = \"backer\"; " x " };\n};\n"
#define TOP(x) x "\n" TWO
#define C0 "parties.russia.conditions.[0]."
#define P0 "parties.us.policy.[0]."
#define GEN TWO "issues = { a = { initial = 0.0; }; m = { derive = \"max\"; of = [\"a\", " \
            "\"aid\"]; }; };\ndeals = { g = { daily_probability = 0.1; }; };\n"

static const bad_case bad_cases[] = {
  { TOP("pause = { days = ; };"), NULL, 1, "", "syntax error" },
  { TOP("momentum = { initial = nan; };"), NULL, 1, "", "syntax error" },  /* no NaN in libconfig */
  { TOP("paws = { days = 30; };"), NULL, 1, "paws", "unknown setting; did you mean 'pause'?" },
  { "pause = {\n  dayz = 30;\n};\n" TWO, NULL, 2, "pause.dayz", "did you mean 'days'?" },
  { RU("complience = 0.9;"), NULL, 3, "parties.russia.complience", "did you mean 'compliance'" },
  { RU("conditions = ( { lever = \"aid\"; at_most = 0.0; hardd = true; } );"), NULL, 3,
    C0 "hardd", "unknown setting" },
  { US("policy = ( { on = \"refusal\"; action = \"cut\"; prob = 0.5; } );"), NULL, 4,
    P0 "prob", "unknown setting" },
  { TOP("negsim = { version = \"1\"; author = \"x\"; };"), NULL, 1, "negsim.author",
    "unknown setting" },
  { TOP("pause = { days = \"30\"; };"), NULL, 1, "pause.days",
    "expected an integer, got a string" },
  { TOP("pause = 30;"), NULL, 1, "pause", "expected a group" },
  { "parties = ( );\n", NULL, 1, "parties", "expected a group" },
  { RU("window_days = 7.5;"), NULL, 3, "parties.russia.window_days",
    "expected an integer, got a float" },
  { RU("compliance = \"high\";"), NULL, 3, "parties.russia.compliance", "expected a number" },
  { TOP("rounds = { at_pause_end = 1; };"), NULL, 1, "rounds.at_pause_end",
    "expected true or false" },
  { RU("compliance = 1e999;"), NULL, 3, "parties.russia.compliance", "not a finite number" },
  { TOP("momentum = { initial = -1e999; };"), NULL, 1, "momentum.initial", "not a finite number" },
  { TOP("rounds = { probability = 1.5; };"), NULL, 1, "rounds.probability",
    "1.5 is out of range [0, 1]" },
  { TOP("rounds = { days = [ 5, 0 ]; };"), NULL, 1, "rounds.days.[1]",
    "0 is out of range [1, 3650]" },
  { RU("prior_a = 0;"), NULL, 3, "parties.russia.prior_a", "0 is out of range (0, 1000000]" },
  { TOP("pause = { days = 0; };"), NULL, 1, "pause.days", "0 is out of range [1, 3650]" },
  { TOP("run = { runs = 0; };"), NULL, 1, "run.runs", "0 is out of range [1, 1000000000]" },
  { TOP("run = { runs = -5L; };"), NULL, 1, "run.runs", "-5 is out of range" },
  { TOP("run = { seed = 5000000000; };"), NULL, 1, "run.seed", "does not fit in 32 bits" },
  { "pause = {\n  days = 60;\n  horizon_days = 30;\n};\n" TWO, NULL, 3, "pause.horizon_days",
    "30 is less than pause.days (60)" },
  { TOP("pause = { days = 200; };"), NULL, 1, "pause.horizon_days", "less than pause.days" },
  { "parties = {\n  russia = { role = \"belligerent\"; };\n  us = { role = \"backer\"; };\n};\n",
    NULL, 1, "parties", "needs at least two belligerents, found 1" },
  { "pause = { days = 30; };\n", NULL, 0, "parties", "missing required setting" },
  { OPEN "  russia = { compliance = 0.9; };\n};\n", NULL, 3, "parties.russia.role",
    "missing required setting" },
  { OPEN "  russia = { role = \"observer\"; };\n};\n", NULL, 3, "parties.russia.role",
    "unknown value 'observer'" },
  { RU("aid_share = 0.5;"), NULL, 3, "parties.russia.aid_share", "not a setting of a belligerent" },
  { US("compliance = 0.5;"), NULL, 4, "parties.us.compliance", "not a setting of a backer" },
  { US("conditions = ( );"), NULL, 4, "parties.us.conditions", "not a setting of a backer" },
  { US("pressure = { russa = 1.0; };"), NULL, 4, "parties.us.pressure.russa", "no party 'russa'" },
  { US("pressure = { us = 1.0; };"), NULL, 4, "parties.us.pressure.us", "not a belligerent" },
  { US("pressure = { russia = 25.0; };"), NULL, 4, "parties.us.pressure.russia",
    "25 is out of range [0, 20]" },
  { US("policy = ( { on = \"breach\"; by = \"rusia\"; action = \"cut\"; } );"), NULL, 4,
    P0 "by", "no party 'rusia'" },
  { US("policy = ( { on = \"breach\"; action = \"bomb\"; } );"), NULL, 4, P0 "action",
    "unknown value 'bomb'" },
  { US("policy = ( { on = \"ceasefire\"; action = \"cut\"; } );"), NULL, 4, P0 "on",
    "unknown value 'ceasefire'" },
  { US("policy = ( { on = \"round\"; } );"), NULL, 4, P0 "action", "missing required setting" },
  { RU("conditions = ( { lever = \"oil\"; at_most = 0.5; } );"), NULL, 3, C0 "lever",
    "unknown issue 'oil', expected one of: aid, security, maritime_deal, sanctions_relief, "
    "guarantee" },
  { RU("conditions = ( { lever = \"aid\"; at_most = 0.2; at_least = 0.1; } );"), NULL, 3,
    C0 "at_least", "only one of at_most and at_least" },
  { RU("conditions = ( { lever = \"aid\"; } );"), NULL, 3, "parties.russia.conditions.[0]",
    "needs at_most or at_least" },
  { RU("conditions = ( { at_most = 0.5; } );"), NULL, 3, C0 "lever", "missing required setting" },
  { OPEN "  russia = { role = \"belligerent\"; };\n"
    "  us = { role = \"backer\"; aid_share = 0.6; };\n"
    "  eu = { role = \"backer\"; aid_share = 0.5; };\n};\n", NULL, 5, "parties.eu.aid_share",
    "sum to 1.1, more than 1" },
  { RU("momentum_side = 0;"), NULL, 3, "parties.russia.momentum_side", "[-1, 1], not 0" },
  { RU("momentum_side = 2;"), NULL, 3, "parties.russia.momentum_side", "2 is out of range" },
  { TOP("name = \"a b\";"), NULL, 1, "name", "not a valid name" },
  { TWO, "parties.russia.complience=0.8", 0, "parties.russia.complience",
    "unknown setting; did you mean 'compliance'?" },
  { TWO, "pause.days", 0, "pause.days", "malformed override, expected key=value" },
  { TWO, "parties.russia.compliance=abc", 0, "parties.russia.compliance",
    "expected a number, got 'abc'" },
  { TWO, "pause.days=4.5", 0, "pause.days", "expected an integer, got '4.5'" },
  { TWO, "rounds.at_pause_end=yes", 0, "rounds.at_pause_end", "expected true or false" },
  { TWO, "rounds.probability=2", 0, "rounds.probability", "2 is out of range [0, 1]" },
  { TWO, "parties.russia.compliance=nan", 0, "parties.russia.compliance", "not a finite number" },
  { TWO, "parties.iran.compliance=0.5", 0, "parties.iran.compliance", "no party 'iran'" },
  { TWO, "parties.russia.conditions=1", 0, "parties.russia.conditions", "a list cannot be set" },
  { TWO, "rounds.days=5", 0, "rounds.days", "an array cannot be set" },
  { TWO, "pauses.days=5", 0, "pauses.days", "did you mean 'pause'?" },
  { TWO, "pause=5", 0, "pause", "a group: set one of its settings" },
  { TWO, "parties.russia=5", 0, "parties.russia", "expected parties.<id>.<setting>" },
  { TWO, "parties.russia.aid=cut", 0, "parties.russia.aid", "not a setting of a belligerent" },
  { GEN, "issues.b.initial=0.5", 0, "issues.b.initial", "no issue 'b' declared in issues" },
  { GEN, "issues.aid.initial=1", 0, "issues.aid.initial", "no issue 'aid' declared in issues" },
  { GEN, "issues.a.initial=2", 0, "issues.a.initial", "2 is out of range [0, 1]" },
  { GEN, "issues.a.intial=0", 0, "issues.a.intial", "unknown setting; did you mean 'initial'?" },
  { GEN, "issues.a=1", 0, "issues.a", "unknown setting; expected issues.<id>.<setting>" },
  { GEN, "issues.m.of=1", 0, "issues.m.of",
    "an array cannot be set from the command line; edit the file" },
  { GEN, "deals.h.day=3", 0, "deals.h.day", "no side deal 'h' declared in deals" },
  { GEN, "deals.maritime.day=3", 0, "deals.maritime.day",
    "the maritime deal is set in the maritime group (maritime.<setting>)" },
  { GEN, "deals.g.daily_probability=1.5", 0, "deals.g.daily_probability",
    "1.5 is out of range [0, 1]" },
  { GEN, "deals.g.start_day=0", 0, "deals.g.start_day", "0 is out of range [1, 3650]" },
  { GEN, "deals.g.start_day=1.5", 0, "deals.g.start_day", "expected an integer, got '1.5'" },
  { GEN, "deals.g.trust_bonus=x", 0, "deals.g.trust_bonus", "expected a number, got 'x'" },
  { GEN, "deals.g.bonus.iran=1", 0, "deals.g.bonus.iran", "no party 'iran'" },
  { GEN, "deals.g.bonus.russia=101", 0, "deals.g.bonus.russia",
    "101 is out of range [-100, 100]" },
  { GEN, "deals.g.bonus=1", 0, "deals.g.bonus", "expected deals.g.bonus.<belligerent id>" },
  { GEN, "deals.g.conditions=1", 0, "deals.g.conditions",
    "a list cannot be set from the command line; edit the file" },
  { GEN, "deals.g.sets=1", 0, "deals.g.sets",
    "a group of issues cannot be set from the command line; edit the file" },
  { GEN, "deals.g.day=5", 0, "deals.g.day", "give only one of day and daily_probability" },
  { GEN "schedule = ( { day = 5; party = \"russia\"; setting = \"ceasefire_utility\"; "
    "value = { dist = \"uniform\"; min = 0.0; max = 1.0; }; } );\n", NULL, 7,
    "schedule.[0].value", "a distribution can replace only a float setting of the scenario, "
    "a party, an issue or a side deal, not one of a condition, a rule or the schedule" },
  { GEN "uncertain = ( { key = \"deals.g.start_day\"; dist = \"uniform\"; min = 1.0; "
    "max = 2.0; } );\n", NULL, 7, "uncertain.[0].key",
    "'deals.g.start_day' is not a float setting: only float settings can be uncertain" },
  { GEN "uncertain = ( { key = \"issues.m.initial\"; dist = \"uniform\"; min = 0.0; "
    "max = 1.0; } );\n", NULL, 7, "uncertain.[0].key",
    "'issues.m.initial' is not a float setting of this scenario" },
};

/* Every bad case is rejected with the expected file, line, key and reason. */
static void test_bad_input(void **state)
{
  char *dir = neg_tempdir(), what[64];
  size_t i;
  (void)state;
  for (i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
    const bad_case *c = &bad_cases[i];
    char *path = neg_put_file(dir, "s.cfg", c->text);
    neg_scenario s;
    neg_error e;
    snprintf(what, sizeof what, "bad case %zu (%s)", i, c->key);
    if (neg_scenario_load(path, &c->set, c->set ? 1 : 0, &s, &e) != NEG_EINPUT)
      fail_msg("%s: accepted", what);
    check_error(&e, c->set && !c->line ? "--set" : path, c->line, c->key, c->reason, what);
    free(path);
  }
  neg_rmtree(dir);
  free(dir);
}

/* Errors print as "file:line: key: reason" without empty parts. */
static void test_error_print(void **state)
{
  neg_error e;
  char buf[256];
  FILE *f = fmemopen(buf, sizeof buf, "w");
  (void)state;
  assert_non_null(f);
  assert_int_equal(neg_error_set(&e, "a.cfg", 3, "pause.days", "%d is bad", 7), NEG_EINPUT);
  neg_error_print(f, &e);
  neg_error_set(&e, "--set", 0, "x.y", "unknown setting");
  neg_error_print(f, &e);
  neg_error_set(&e, "b.cfg", 0, "", "is a directory");
  neg_error_print(f, &e);
  fclose(f);
  assert_string_equal(buf, "a.cfg:3: pause.days: 7 is bad\n--set: x.y: unknown setting\n"
                      "b.cfg: is a directory\n");
}

/* Full paths resolve to the right field, and unsettable ones to NULL. */
static void test_param_lookup(void **state)
{
  neg_scenario s;
  neg_error e;
  void *field;
  const neg_param *row;
  (void)state;
  assert_int_equal(neg_scenario_load(FULL, NULL, 0, &s, &e), NEG_OK);
  row = neg_param_lookup(&s, "parties.russia.compliance", &field);
  assert_non_null(row);
  assert_ptr_equal(field, &s.parties[0].compliance);
  row = neg_param_lookup(&s, "parties.us.pressure.ukraine", &field);
  assert_non_null(row);
  assert_ptr_equal(field, &s.parties[2].pressure[1]);
  assert_non_null(neg_param_lookup(&s, "pause.days", &field));
  assert_ptr_equal(field, &s.pause_days);
  assert_null(neg_param_lookup(&s, "parties.us.compliance", &field));
  assert_null(neg_param_lookup(&s, "parties.us.pressure.europe", &field));
  assert_null(neg_param_lookup(&s, "rounds.days", &field));
  assert_null(neg_param_lookup(&s, "pause.dayz", &field));
}

/* Numbers are written short, exact and as floats. */
static void test_format_double(void **state)
{
  char buf[32];
  (void)state;
  assert_string_equal(neg_format_double(buf, sizeof buf, 1, 1), "1.0");
  assert_string_equal(neg_format_double(buf, sizeof buf, 1, 0), "1");
  assert_string_equal(neg_format_double(buf, sizeof buf, 0.1, 1), "0.1");
  assert_string_equal(neg_format_double(buf, sizeof buf, 0.1 + 0.2, 1), "0.30000000000000004");
  assert_string_equal(neg_format_double(buf, sizeof buf, 1e300, 1), "1e+300");
  assert_string_equal(neg_format_double(buf, sizeof buf, -0.0, 1), "-0.0");
}

/* docs/MODEL.md holds exactly what neg_param_markdown prints. */
static void test_docs_in_sync(void **state)
{
  static const char begin[] = "<!-- params:begin -->\n", end[] = "<!-- params:end -->";
  char *doc = neg_read_file("docs/MODEL.md", NULL), *gen = NULL, *b, *e;
  size_t len = 0;
  FILE *f = open_memstream(&gen, &len);
  (void)state;
  assert_non_null(doc);
  assert_non_null(f);
  neg_param_markdown(f);
  fclose(f);
  assert_non_null(b = strstr(doc, begin));
  b += strlen(begin);
  assert_non_null(e = strstr(b, end));
  if ((size_t)(e - b) != len || memcmp(b, gen, len))
    fail_msg("docs/MODEL.md is out of date: run `make docs` (it puts the output of `negsim params` between "
             "its params markers");
  free(doc);
  free(gen);
}

/* Runs the scenario suite. */
int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_load_full),
    cmocka_unit_test(test_defaults),
    cmocka_unit_test(test_table_consistent),
    cmocka_unit_test(test_int_for_float),
    cmocka_unit_test(test_include),
    cmocka_unit_test(test_include_scan),
    cmocka_unit_test(test_include_scan_random),
    cmocka_unit_test(test_round_trip),
    cmocka_unit_test(test_example_scenarios),
    cmocka_unit_test(test_source_reloads),
    cmocka_unit_test(test_missing_and_directory),
    cmocka_unit_test(test_set_valid),
    cmocka_unit_test(test_set_general),
    cmocka_unit_test(test_uncertain_general),
    cmocka_unit_test(test_bad_input),
    cmocka_unit_test(test_error_print),
    cmocka_unit_test(test_param_lookup),
    cmocka_unit_test(test_format_double),
    cmocka_unit_test(test_docs_in_sync),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
