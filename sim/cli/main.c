/* main.c: the verbs run, compare and check, and the dispatch of the others
 * (main_sweep.c, main_fit.c, main_score.c). With cli.c, the only part that prints to the
 * terminal or exits.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "neg_analysis.h"
#include "neg_cli.h"
#include "neg_datadir.h"
#include "neg_dist.h"
#include "neg_engine.h"
#include "neg_lint.h"
#include "neg_output.h"
#include "neg_signals.h"
#include "neg_progress.h"
#include "neg_scenario.h"
#include "neg_tally.h"
#include "neg_uncertain.h"
#include "main_explain.h"
#include "main_fit.h"
#include "main_score.h"
#include "main_sweep.h"
#include "main_outdir.h"
#include "main_util.h"

/* Runs the replicates of s into t in batches, streaming per-run rows to out
 * when asked and showing progress; sets s->runs to the replicates run. */
static int simulate(const neg_cli_opts *o, neg_scenario *s, neg_output *out,
                    neg_tally *t, neg_error *err)
{
  neg_record *rec = NULL;
  neg_point_iter it;
  neg_progress pr;
  int64_t n;
  uint64_t batch = o->per_run ? NEG_RECORD_BATCH : batch_size(s->runs);
  if (o->per_run && !(rec = malloc(NEG_RECORD_BATCH * sizeof *rec))) return NEG_ESYS;
  neg_point_begin(&it, s, o->threads, t);
  neg_progress_begin(&pr, !o->quiet, s->precision > 0 ? 0 : s->runs, "runs");
  while ((n = neg_point_next(&it, rec, batch)) > 0) {
    if (rec && out && neg_output_records(out, rec, (size_t)n, err) != NEG_OK) {
      n = -1;
      break;
    }
    neg_progress_update(&pr, it.done);
  }
  neg_progress_end(&pr);
  free(rec);
  s->runs = it.done;
  return n < 0 ? NEG_ESYS : NEG_OK;
}

/* Prints a run's outcomes: the table, or summary.csv's rows (--format). */
static int run_print(const neg_cli_opts *o, const neg_scenario *s, const neg_tally *t,
                     const neg_run_info *info)
{
  neg_report r = {0};
  FILE *f;
  if (o->format == NEG_FORMAT_TABLE) {
    if (!o->quiet) {
      neg_output_table(stdout, s, t);
      neg_output_why_table(stdout, s, t);
    }
    return NEG_OK;
  }
  f = neg_report_add(&r, "summary");
  if (!f || neg_output_write_summary(f, s, t, info) != NEG_OK) {
    neg_report_free(&r);
    fprintf(stderr, "negsim: out of memory\n");
    return NEG_ESYS;
  }
  return print_report(&r, o);
}

/* Claims the run's folder and opens its files (process 0); the exit
 * status, the error printed. */
static int run_open(const neg_cli_opts *o, const neg_scenario *s, const char *dir,
                    neg_outdir **d, neg_output **out)
{
  static const char *const id[] = {"manifest.cfg"};
  neg_error err = {{0}, 0, {0}, {0}};
  neg_run_info planned = {s->seed, s->runs};
  char *text;
  int rc = NEG_OK;
  if (neg_dist_rank() != 0) return neg_dist_agree(NEG_OK);
  text = neg_output_run_manifest(s, &planned);
  *d = neg_main_claim(o, dir, id, &text, 1, &rc);
  free(text);
  if (*d && !(*out = neg_output_open(*d, o->per_run, s, &err)))
    rc = report(open_status(&err), &err);
  return neg_dist_agree(rc);
}

/* Prepares the run's files, prints the table, then renames the files
 * into place: a standard output that cannot be written leaves the folder
 * as it was. Frees out. The exit status, the error printed. */
static int run_commit(const neg_cli_opts *o, neg_output *out, const neg_scenario *s,
                      const neg_tally *t, const neg_run_info *info)
{
  neg_error err = {{0}, 0, {0}, {0}};
  int rc = out ? neg_output_prepare(out, s, t, info, &err) : NEG_OK;
  if (rc == NEG_OK) rc = run_print(o, s, t, info);
  if (rc == NEG_OK) rc = neg_main_stdout_ok();
  if (rc != NEG_OK) {
    neg_output_abort(out);
    return report(rc, &err);
  }
  return out ? report(neg_output_finish(out, &err), &err) : NEG_OK;
}

/* The run verb. */
static int verb_run(const neg_cli_opts *o)
{
  neg_scenario s;
  neg_error err = {{0}, 0, {0}, {0}};
  neg_point_spec sp = spec_of(o, 0);
  neg_outdir *d = NULL;
  neg_output *out = NULL;
  neg_tally *t;
  char dir[NEG_DIR_MAX];
  struct timespec t0;
  int rc = need_files(o, 1, 1);
  if (rc || (rc = report(neg_point_load(&sp, NULL, 0, &s, &err), &err))) return rc;
  neg_catch_signals(NEG_SIGNALS_RUN);
  neg_main_out_dir(o, s.name, "", dir, sizeof dir);
  if ((rc = run_open(o, &s, dir, &d, &out))) {
    neg_output_abort(out);
    neg_outdir_release(d, 0);
    return rc;
  }
  if (!(t = neg_tally_alloc(&s))) {
    neg_output_abort(out);
    neg_outdir_release(d, 0);
    fprintf(stderr, "negsim: out of memory\n");
    return NEG_ESYS;
  }
  clock_gettime(CLOCK_MONOTONIC, &t0);
  if ((rc = simulate(o, &s, out, t, &err)) != NEG_OK) {
    neg_output_abort(out);
    neg_outdir_release(d, 0);
    neg_tally_free(t);
    if (!err.reason[0]) fprintf(stderr, "negsim: out of memory\n");
    return report(NEG_ESYS, &err);
  }
  neg_run_info info = {s.seed, s.runs};
  rc = run_commit(o, out, &s, t, &info);
  neg_outdir_release(d, rc == NEG_OK);
  if (rc == NEG_OK && !o->quiet)
    fprintf(stderr, "negsim: %" PRIu64 " runs in %.2f s, seed %" PRIu64 "; wrote %s/\n",
            s.runs, since(&t0), s.seed, dir);
  neg_tally_free(t);
  return rc;
}

/* Loads the two scenarios of a comparison; B gets A's runs and seed. */
static int compare_load(const neg_cli_opts *o, neg_scenario *a, neg_scenario *b,
                        neg_error *err)
{
  neg_point_spec sa = spec_of(o, 0), sb = spec_of(o, o->nfiles - 1);
  int rc;
  if (o->nfiles == 2 && o->nvs) return neg_cli_fail("--vs", "give a second scenario or --vs, not both");
  if (o->nfiles == 1 && !o->nvs) return neg_cli_fail(o->verb, "needs a second scenario or --vs KEY=VALUE");
  if ((rc = neg_point_load(&sa, NULL, 0, a, err))) return report(rc, err);
  rc = o->nfiles == 2 ? neg_point_load(&sb, NULL, 0, b, err)
                      : neg_point_load(&sb, o->vs, o->nvs, b, err);
  if (rc && !strcmp(err->file, "--set") && o->nfiles == 1) snprintf(err->file, sizeof err->file, "--vs");
  b->runs = a->runs;
  b->seed = a->seed;
  return report(rc, err);
}

#define NEG_COMPARE_REPLAY "negsim compare <this folder>/manifest_a.cfg " \
                           "<this folder>/manifest_b.cfg --out OTHER"

/* What compare prints: the scenarios and their paired tally. */
typedef struct {
  const neg_scenario *a, *b;
  const neg_pair_tally *pt;
} compare_table;

/* Prints a comparison: the table, or compare.csv's rows (--format);
 * neg_main_commit_set's printer. */
static int compare_print(const neg_cli_opts *o, const void *arg)
{
  const compare_table *c = arg;
  neg_report r = {0};
  FILE *f;
  if (o->format == NEG_FORMAT_TABLE) {
    if (!o->quiet) neg_output_compare_table(stdout, c->a, c->b, c->pt);
    return NEG_OK;
  }
  f = neg_report_add(&r, "compare");
  if (!f || neg_output_write_compare(f, c->a, c->b, c->pt, c->a->seed) != NEG_OK) {
    neg_report_free(&r);
    return NEG_ESYS;
  }
  return print_report(&r, o);
}

/* Claims the comparison's folder, identified by its two manifests. */
static neg_outdir *compare_claim(const neg_cli_opts *o, const neg_scenario *a,
                                 const neg_scenario *b, const char *dir, int *rc)
{
  static const char *const id[] = {"manifest_a.cfg", "manifest_b.cfg"};
  char *text[2] = {neg_output_manifest_text(a, "scenario A of the comparison",
                                            NEG_COMPARE_REPLAY),
                   neg_output_manifest_text(b, "scenario B of the comparison",
                                            NEG_COMPARE_REPLAY)};
  neg_outdir *d = neg_main_claim(o, dir, id, text, 2, rc);
  free(text[0]);
  free(text[1]);
  return d;
}

/* Writes compare.csv and the two manifests, prints the table and commits. */
static int compare_write(const neg_cli_opts *o, neg_outdir *d, const compare_table *c)
{
  static const char *const names[] = {"compare.csv", "manifest_a.cfg", "manifest_b.cfg"};
  neg_error err = {{0}, 0, {0}, {0}};
  neg_output_set *out = neg_output_set_open(d, names, 3, &err);
  if (!out) return report(open_status(&err), &err);
  errno = 0;
  if (neg_output_write_compare(neg_output_set_file(out, 0), c->a, c->b, c->pt, c->a->seed))
    return report(neg_output_set_failed(out, 0, &err), &err);
  if (neg_output_write_manifest_as(neg_output_set_file(out, 1), c->a,
                                   "scenario A of the comparison", NEG_COMPARE_REPLAY))
    return report(neg_output_set_failed(out, 1, &err), &err);
  if (neg_output_write_manifest_as(neg_output_set_file(out, 2), c->b,
                                   "scenario B of the comparison", NEG_COMPARE_REPLAY))
    return report(neg_output_set_failed(out, 2, &err), &err);
  return neg_main_commit_set(o, out, compare_print, c);
}

/* The default folder of a comparison: <A>_vs_<B>, <A>_vs_<the --vs
 * keys and values>, or <A>_compare when B has A's name. */
static void compare_dir(const neg_cli_opts *o, const neg_scenario *a, const neg_scenario *b,
                        char *dir, size_t n)
{
  char middle[NEG_DIR_MAX];
  size_t at;
  if (o->nvs) {
    snprintf(middle, sizeof middle, "_vs_");
    for (size_t k = 0; k < o->nvs; k++) {
      at = strlen(middle);
      snprintf(middle + at, sizeof middle - at, "%s%s", k ? "," : "",
               strncmp(o->vs[k], "parties.", 8) ? o->vs[k] : o->vs[k] + 8);
    }
  } else if (strcmp(a->name, b->name)) {
    snprintf(middle, sizeof middle, "_vs_%s", b->name);
  } else {
    snprintf(middle, sizeof middle, "_compare");
  }
  neg_main_out_dir(o, a->name, middle, dir, n);
}

/* The compare verb. */
static int verb_compare(const neg_cli_opts *o)
{
  neg_scenario *a = malloc(sizeof *a), *b = malloc(sizeof *b);
  neg_error err = {{0}, 0, {0}, {0}};
  neg_outdir *d = NULL;
  neg_pair_tally pt;
  neg_tally *ta = NULL, *tb = NULL;
  char dir[NEG_DIR_MAX];
  struct timespec t0;
  int rc = a && b ? need_files(o, 1, 2) : NEG_ESYS;
  if (rc == NEG_OK) rc = compare_load(o, a, b, &err);
  if (rc == NEG_OK) {
    neg_catch_signals(NEG_SIGNALS_RUN);
    compare_dir(o, a, b, dir, sizeof dir);
    if (neg_dist_rank() == 0) d = compare_claim(o, a, b, dir, &rc);
    rc = neg_dist_agree(rc);
  }
  if (rc == NEG_OK) {
    compare_table c = {a, b, &pt};
    clock_gettime(CLOCK_MONOTONIC, &t0);
    ta = neg_tally_alloc(a);
    tb = neg_tally_alloc(b);
    rc = ta && tb ? neg_compare_run(a, b, a->seed, a->runs, o->threads, ta, tb, &pt) : NEG_ESYS;
    if (rc == NEG_ESYS) fprintf(stderr, "negsim: out of memory\n");
    if (rc == NEG_OK && d) rc = compare_write(o, d, &c);
    else if (rc == NEG_OK) rc = compare_print(o, &c);
    if (rc == NEG_OK && !o->quiet)
      fprintf(stderr, "negsim: %" PRIu64 " runs of each in %.2f s, seed %" PRIu64
              "; wrote %s/\n", a->runs, since(&t0), a->seed, dir);
  }
  neg_outdir_release(d, rc == NEG_OK);
  neg_tally_free(ta);
  neg_tally_free(tb);
  free(a);
  free(b);
  return rc;
}

/* Prints on stderr what the scenario makes impossible (it still runs). */
static void print_lint(const neg_cli_opts *o, const neg_scenario *s, const neg_source *src)
{
  neg_lint l;
  neg_scenario_lint(s, &l);
  neg_source_lint(src, &l);
  for (int i = 0; i < l.n; i++)
    fprintf(stderr, "negsim: check: warning: %s: %s: %s\n", o->files[0], l.key[i], l.text[i]);
}

/* The check verb: validate and print the resolved scenario. */
static int verb_check(const neg_cli_opts *o)
{
  neg_scenario s;
  neg_error err = {{0}, 0, {0}, {0}};
  neg_point_spec sp = spec_of(o, 0);
  int rc = need_files(o, 1, 1);
  if (rc || (rc = report(neg_source_open(sp.path, &sp.src, &err), &err))) return rc;
  if ((rc = report(neg_point_load(&sp, NULL, 0, &s, &err), &err))) {
    neg_source_free(sp.src);
    return rc;
  }
  print_lint(o, &s, sp.src);
  neg_source_free(sp.src);
  rc = o->format == NEG_FORMAT_TABLE ? neg_scenario_write(stdout, &s)
                                      : neg_report_scenario(stdout, (neg_format)o->format, &s);
  if (rc != NEG_OK || fflush(stdout) != 0) {
    fprintf(stderr, "negsim: check: cannot write the scenario to standard output\n");
    return NEG_ESYS;
  }
  return NEG_OK;
}

/* The params verb: the parameter table as markdown, CSV or JSON. */
static int params_print(const neg_cli_opts *o)
{
  neg_report r = {0};
  FILE *f;
  if (o->format == NEG_FORMAT_TABLE) {
    neg_param_markdown(stdout);
    return NEG_OK;
  }
  if (!(f = neg_report_add(&r, "params"))) return NEG_ESYS;
  neg_param_csv(f);
  return print_report(&r, o);
}

/* Dispatches to the verb. */
static int dispatch(const neg_cli_opts *o)
{
  if (!strcmp(o->verb, "run")) return verb_run(o);
  if (!strcmp(o->verb, "sweep")) return neg_verb_sweep(o);
  if (!strcmp(o->verb, "compare")) return verb_compare(o);
  if (!strcmp(o->verb, "explain")) return neg_verb_explain(o);
  if (!strcmp(o->verb, "check")) return verb_check(o);
  if (!strcmp(o->verb, "sensitivity")) return neg_verb_sensitivity(o);
  if (!strcmp(o->verb, "calibrate")) return neg_verb_calibrate(o);
  if (!strcmp(o->verb, "score")) return neg_verb_score(o);
  if (strcmp(o->verb, "params") && strcmp(o->verb, "help") && strcmp(o->verb, "version"))
    return neg_cli_fail(o->verb, "unknown verb, expected run, sweep, compare, explain, sensitivity, "
                        "calibrate, score, check, params, help or version");
  if (need_files(o, 0, 0)) return NEG_EINPUT;
  if (!strcmp(o->verb, "params")) return params_print(o);
  else if (!strcmp(o->verb, "help")) neg_cli_print_usage(stdout, NULL);
  else printf("negsim %s\n", NEG_VERSION);
  return NEG_OK;
}

/* A standard stream closed by the caller (>&-) is opened on /dev/null the
 * wrong way round, so that no file negsim opens takes its number (the
 * table would go into it) and any use of it fails as a closed one does. */
static void guard_std_streams(void)
{
  for (int fd = 0; fd <= 2; fd++)
    if (fcntl(fd, F_GETFD) < 0 && errno == EBADF) {
      int k = open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY);
      if (k >= 0 && k != fd) close(k);   /* fd was taken meanwhile: leave it */
    }
}

int main(int argc, char **argv)
{
  neg_cli_opts o;
  int rc;
  guard_std_streams();
  neg_ignore_file_limit();
  neg_gsl_errors_off();   /* GSL's default handler aborts: every status is checked */
  if (neg_dist_init(&argc, &argv) != NEG_OK) {
    fprintf(stderr, "negsim: cannot start the processes\n");
    return NEG_ESYS;
  }
  if (neg_dist_rank() != 0) { /* every process runs alike; process 0 speaks */
    if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr)) return NEG_ESYS;
  }
  rc = neg_cli_parse(argc, argv, &o, stdout);
  char found[NEG_CLI_MAX_FILES][4096];
  for (int k = 0; rc == NEG_OK && k < o.nfiles; k++)  /* an installed example by its name */
    o.files[k] = neg_find_scenario(o.files[k], found[k], sizeof found[k]);
  if (rc == NEG_OK) rc = dispatch(&o);
  if ((rc == NEG_OK || rc == NEG_CLI_DONE) && (fflush(stdout) != 0 || ferror(stdout))) {
    fprintf(stderr, "negsim: cannot write to standard output\n");
    rc = NEG_ESYS;
  }
  neg_dist_finalize();
  return rc == NEG_CLI_DONE ? 0 : rc;
}
