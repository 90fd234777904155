/* main_score.c: the verb score: runs each labelled case and the generic
 * scenario at the label's horizon and scores them (docs/VALIDATION.md).
 * With main.c and cli.c, the only part that prints to the terminal.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "main_score.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "neg_dist.h"
#include "neg_output.h"
#include "neg_output_score.h"
#include "neg_progress.h"
#include "neg_report.h"
#include "neg_score.h"
#include "neg_signals.h"
#include "main_outdir.h"
#include "main_util.h"

#define NEG_PATH_MAX 4096
#define NEG_SCORE_LABELS "labels.csv"   /* the labels file of a folder */
#define NEG_SCORE_GENERIC "generic.cfg" /* the generic baseline beside it */

/* Where the labels, the cases and the generic scenario are. */
typedef struct {
  char labels[NEG_PATH_MAX];
  char dir[NEG_PATH_MAX];
  char generic[NEG_PATH_MAX];
  char name[NEG_NAME_MAX];     /* the folder's name, for the output folder */
  char (*file)[NEG_PATH_MAX];  /* per scored case, its scenario file */
} score_paths;

/* Resolves the first operand: a folder (its labels.csv) or a labels file. */
static int paths_of(const char *arg, score_paths *sp, neg_error *err)
{
  struct stat st;
  const char *slash, *base;
  size_t len = strlen(arg);
  if (stat(arg, &st)) return neg_error_set(err, arg, 0, "", "cannot read: %s", strerror(errno));
  while (len > 1 && arg[len - 1] == '/') len--;
  if (S_ISDIR(st.st_mode)) {
    snprintf(sp->dir, sizeof sp->dir, "%.*s", (int)len, arg);
    snprintf(sp->labels, sizeof sp->labels, "%.4000s/%s", sp->dir, NEG_SCORE_LABELS);
  } else {
    snprintf(sp->labels, sizeof sp->labels, "%s", arg);
    slash = strrchr(arg, '/');
    snprintf(sp->dir, sizeof sp->dir, "%.*s", slash ? (int)(slash - arg) : 1, slash ? arg : ".");
  }
  snprintf(sp->generic, sizeof sp->generic, "%.4000s/%s", sp->dir, NEG_SCORE_GENERIC);
  base = strrchr(sp->dir, '/') ? strrchr(sp->dir, '/') + 1 : sp->dir;
  snprintf(sp->name, sizeof sp->name, "%.63s", strcmp(base, ".") && *base ? base : "cases");
  return NEG_OK;
}

/* 1 when path names the file <name>.cfg. */
static int names_case(const char *path, const char *name)
{
  const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
  size_t n = strlen(name);
  return !strncmp(base, name, n) && !strcmp(base + n, ".cfg");
}

/* The labels to score: all of them, or those of the case files given
 * (each of which must have one); fills r->c and sp->file. */
static int select_cases(const neg_cli_opts *o, const neg_labels *lb, score_paths *sp,
                        neg_score_run *r, neg_error *err)
{
  if (!(r->c = calloc(lb->n, sizeof *r->c)) || !(sp->file = calloc(lb->n, sizeof *sp->file)))
    return NEG_ESYS;
  for (int k = 1; k < o->nfiles; k++) {
    size_t i = 0;
    while (i < lb->n && !names_case(o->files[k], lb->v[i].name)) i++;
    if (i == lb->n)
      return neg_error_set(err, o->files[k], 0, "", "no label in %s names this case",
                           sp->labels);
  }
  for (size_t i = 0; i < lb->n; i++) {
    int k = o->nfiles > 1 ? 1 : 0;
    while (k && k < o->nfiles && !names_case(o->files[k], lb->v[i].name)) k++;
    if (k == o->nfiles) continue;
    r->c[r->n].label = lb->v[i];
    if (k) snprintf(sp->file[r->n], NEG_PATH_MAX, "%s", o->files[k]);
    else snprintf(sp->file[r->n], NEG_PATH_MAX, "%.4000s/%.63s.cfg", sp->dir, lb->v[i].name);
    r->n++;
  }
  return NEG_OK;
}

/* Loads case c at its label's horizon into s (NULL: only checks). */
static int load_case(const neg_cli_opts *o, const char *file, const neg_label *l,
                     neg_scenario *s, neg_error *err)
{
  char h[64];
  const char *extra[1] = {h};
  neg_point_spec sp = spec_of(o, 0);
  sp.path = file;
  snprintf(h, sizeof h, "pause.horizon_days=%d", l->horizon_days);
  return neg_point_load(&sp, extra, 1, s, err);
}

/* Loads the generic scenario with the durations of case s into g. */
static int load_generic(const neg_cli_opts *o, const score_paths *sp, const neg_scenario *s,
                        neg_scenario *g, neg_error *err)
{
  char sets[4][64];
  const char *extra[4] = {sets[0], sets[1], sets[2], sets[3]};
  neg_point_spec gs = {sp->generic, NULL, 0, s->runs, 1, s->seed, o->threads, 0, NULL};
  snprintf(sets[0], sizeof sets[0], "pause.days=%d", s->pause_days);
  snprintf(sets[1], sizeof sets[1], "pause.extension_days=%d", s->extension_days);
  snprintf(sets[2], sizeof sets[2], "pause.max_extensions=%d", s->max_extensions);
  snprintf(sets[3], sizeof sets[3], "pause.horizon_days=%d", s->horizon_days);
  if (s->precision > 0) gs.precision = s->precision;
  return neg_point_load(&gs, extra, 4, g, err);
}

/* Checks case i: its file, its horizon and the generic scenario with its
 * durations. Each label error names the labels file and line. */
static int check_case(const neg_cli_opts *o, const score_paths *sp, size_t i,
                      const neg_label *l, neg_scenario *s, neg_scenario *g, neg_error *err)
{
  struct stat st;
  neg_point_spec ps = spec_of(o, 0);
  int rc;
  ps.path = sp->file[i];
  if (stat(sp->file[i], &st) || !S_ISREG(st.st_mode))
    return neg_error_set(err, sp->labels, l->line, "case", "unknown case: no scenario file %s",
                         sp->file[i]);
  if ((rc = neg_point_load(&ps, NULL, 0, s, err))) return rc;
  if (l->horizon_days < s->pause_days)
    return neg_error_set(err, sp->labels, l->line, "horizon_days", "%d cannot be reached: "
                         "%s's first term (pause.days) is %d days", l->horizon_days, l->name,
                         s->pause_days);
  if (!strcmp(l->horizon, "first_term") && l->horizon_days != s->pause_days)
    return neg_error_set(err, sp->labels, l->line, "horizon_days", "%d is not the first term "
                         "of %s, which ends on day %d (pause.days)", l->horizon_days, l->name,
                         s->pause_days);
  if ((rc = load_case(o, sp->file[i], l, s, err))) return rc;
  return load_generic(o, sp, s, g, err);
}

/* Runs s, storing the share of each outcome in p and the replicates run. */
static int run_point(const neg_scenario *s, int threads, double *p, uint64_t *runs)
{
  neg_tally *t = neg_tally_alloc(s);
  neg_point_iter it;
  int64_t n = -1;
  if (t) {
    neg_point_begin(&it, s, threads, t);
    while ((n = neg_point_next(&it, NULL, batch_size(s->runs))) > 0) continue;
    for (int o = 0; o < NEG_OUT_COUNT; o++)
      p[o] = it.done ? (double)t->outcome[o] / (double)it.done : NAN;
    *runs = it.done;
  }
  neg_tally_free(t);
  return n < 0 ? NEG_ESYS : NEG_OK;
}

/* Runs every case and its generic baseline, showing progress. */
static int run_cases(const neg_cli_opts *o, const score_paths *sp, neg_score_run *r,
                     neg_scenario *s, neg_scenario *g, neg_error *err)
{
  neg_progress pr;
  uint64_t runs;
  int rc = NEG_OK;
  neg_progress_begin(&pr, !o->quiet, r->n, "cases");
  for (size_t i = 0; rc == NEG_OK && i < r->n; i++) {
    neg_score_case *c = &r->c[i];
    rc = load_case(o, sp->file[i], &c->label, s, err);
    if (rc == NEG_OK) rc = load_generic(o, sp, s, g, err);
    if (rc == NEG_OK) rc = run_point(s, o->threads, c->p[NEG_FC_NEGSIM], &c->runs);
    if (rc == NEG_OK) rc = run_point(g, o->threads, c->p[NEG_FC_GENERIC], &runs);
    c->seed = s->seed;
    if (i == 0) r->seed = s->seed;
    neg_progress_update(&pr, i + 1);
  }
  neg_progress_end(&pr);
  return rc;
}

/* Reads the labels and checks every case before anything runs. */
static int score_setup(const neg_cli_opts *o, score_paths *sp, neg_labels *lb, neg_score_run *r,
                       neg_scenario *s, neg_scenario *g, neg_error *err)
{
  int rc = paths_of(o->files[0], sp, err);
  if (rc == NEG_OK) rc = neg_labels_read(sp->labels, lb, err);
  if (rc == NEG_OK) rc = select_cases(o, lb, sp, r, err);
  if (rc == NEG_OK && access(sp->generic, R_OK))
    rc = neg_error_set(err, sp->generic, 0, "", "missing: the generic baseline must be beside "
                       "the labels (copy scenarios/calibrated_base_rate.cfg there)");
  for (size_t i = 0; rc == NEG_OK && i < r->n; i++)
    rc = check_case(o, sp, i, &r->c[i].label, s, g, err);
  return rc;
}

/* Prints a scoring: the table, or the rows of score.csv (--format);
 * neg_main_commit_set's printer. */
static int score_print(const neg_cli_opts *o, const void *arg)
{
  const neg_score_run *r = arg;
  neg_report rep = {0};
  FILE *f;
  if (o->format == NEG_FORMAT_TABLE) {
    if (!o->quiet) neg_output_score_table(stdout, r);
    return NEG_OK;
  }
  f = neg_report_add(&rep, "score");
  if (!f || neg_output_write_score(f, r) != NEG_OK) {
    neg_report_free(&rep);
    return NEG_ESYS;
  }
  return print_report(&rep, o);
}

/* Writes score.csv into out, prints the table and commits (frees out).
 * The exit status, the error printed. */
static int score_write(const neg_cli_opts *o, neg_output_set *out, const neg_score_run *r)
{
  neg_error err = {{0}, 0, {0}, {0}};
  errno = 0;
  if (neg_output_write_score(neg_output_set_file(out, 0), r))
    return report(neg_output_set_failed(out, 0, &err), &err);
  return neg_main_commit_set(o, out, score_print, r);
}

/* Claims the output folder and opens score.csv on process 0 (a score has
 * no manifest: results there are replaced only with --force); every
 * process learns the status. */
static int score_open(const neg_cli_opts *o, const char *dir, neg_outdir **d,
                      neg_output_set **out)
{
  static const char *const names[] = {"score.csv"};
  neg_error err = {{0}, 0, {0}, {0}};
  int rc = NEG_OK;
  if (neg_dist_rank() != 0) return neg_dist_agree(NEG_OK);
  *d = neg_main_claim(o, dir, NULL, NULL, 0, &rc);
  if (*d && !(*out = neg_output_set_open(*d, names, 1, &err))) rc = report(open_status(&err), &err);
  return neg_dist_agree(rc);
}

int neg_verb_score(const neg_cli_opts *o)
{
  neg_scenario *s = malloc(sizeof *s), *g = malloc(sizeof *g);
  neg_error err = {{0}, 0, {0}, {0}};
  score_paths sp = {{0}, {0}, {0}, {0}, NULL};
  neg_labels lb = {NULL, 0};
  neg_score_run r = {0, NULL, 0, NULL, 0};
  neg_output_set *out = NULL;
  neg_outdir *d = NULL;
  char dir[NEG_DIR_MAX];
  struct timespec t0;
  int rc = s && g ? NEG_OK : NEG_ESYS;
  if (rc == NEG_OK && o->nfiles < 1) rc = neg_cli_fail(o->verb, "missing folder or labels file");
  if (rc == NEG_OK) rc = report(score_setup(o, &sp, &lb, &r, s, g, &err), &err);
  if (rc == NEG_OK) {
    neg_catch_signals(NEG_SIGNALS_RUN);
    neg_main_out_dir(o, sp.name, "_score", dir, sizeof dir);
    rc = score_open(o, dir, &d, &out);
  }
  clock_gettime(CLOCK_MONOTONIC, &t0);
  if (rc == NEG_OK) rc = report(run_cases(o, &sp, &r, s, g, &err), &err);
  if (rc == NEG_OK) rc = neg_score_summarise(&r);
  if (rc == NEG_ESYS && !err.reason[0]) fprintf(stderr, "negsim: out of memory\n");
  if (rc == NEG_OK && out) {
    rc = score_write(o, out, &r);
    out = NULL;
  } else if (rc == NEG_OK) {
    rc = score_print(o, &r);
  }
  neg_output_set_abort(out);
  neg_outdir_release(d, rc == NEG_OK);
  if (rc == NEG_OK && !o->quiet) {
    fprintf(stderr, "negsim: %zu labels scored in %.2f s, seed %" PRIu64 "; wrote %s/\n", r.n,
            since(&t0), r.seed, dir);
  }
  neg_labels_free(&lb);
  free(r.c);
  free(r.g);
  free(sp.file);
  free(s);
  free(g);
  return rc;
}
