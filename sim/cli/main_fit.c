/* main_fit.c: the verbs sensitivity and calibrate. With main.c and cli.c,
 * the only part that prints to the terminal.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "main_fit.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "neg_calibrate.h"
#include "neg_dist.h"
#include "neg_output.h"
#include "neg_signals.h"
#include "neg_output_fit.h"
#include "neg_progress.h"
#include "neg_sensitivity.h"
#include "main_outdir.h"
#include "main_util.h"

#define NEG_SENS_CHUNK 8        /* points per thread between progress updates */
#define NEG_COMMAND_MAX 8192    /* longest command line recorded in a file */

/* Loads the one scenario file of the verb with the --set overrides and
 * --seed (runs are the verb's own). NEG_OK or the exit status. */
static int load_base(const neg_cli_opts *o, neg_point_spec *sp, neg_scenario *base)
{
  neg_error err = {{0}, 0, {0}, {0}};
  int rc = need_files(o, 1, 1);
  if (rc) return rc;
  *sp = spec_of(o, 0);
  sp->runs = 0;
  sp->precision = 0;
  return report(neg_point_load(sp, NULL, 0, base, &err), &err);
}

/* Appends " --set K" for every override, " --threads" excluded. */
static void append_sets(const neg_cli_opts *o, char *cmd, size_t n)
{
  for (size_t k = 0; k < o->nsets; k++)
    snprintf(cmd + strlen(cmd), n - strlen(cmd), " --set '%s'", o->sets[k]);
}

/* Runs every point of the design, showing progress: under MPI each
 * process runs its share of every chunk of points, and the chunk's counts
 * are summed (the others' are 0), so every process ends with all of them. */
static int sens_points(const neg_cli_opts *o, neg_sens *s, const neg_point_spec *sp,
                       neg_error *err)
{
  size_t chunk = NEG_SENS_CHUNK * (size_t)(o->threads > 0 ? o->threads : 4)
                 * (size_t)neg_dist_size();
  neg_progress pr;
  int rc = NEG_OK;
  neg_progress_begin(&pr, !o->quiet, s->n_points, "points");
  for (size_t p = 0; rc == NEG_OK && p < s->n_points; p += chunk) {
    size_t end = p + chunk < s->n_points ? p + chunk : s->n_points, lo, hi;
    neg_dist_share_of(p, end, &lo, &hi);
    rc = lo < hi ? neg_sens_eval(s, sp, lo, hi, o->threads, err) : NEG_OK;
    rc = neg_dist_agree_error(rc, err);
    if (rc == NEG_OK) rc = neg_dist_sum(s->counts + p * NEG_OUT_COUNT, (end - p) * NEG_OUT_COUNT);
    neg_progress_update(&pr, end);
  }
  neg_progress_end(&pr);
  return rc;
}

/* The manifest of a sensitivity analysis of n samples of runs each. */
static char *sens_manifest(const neg_scenario *base, size_t n, uint64_t runs)
{
  char replay[NEG_COMMAND_MAX];
  snprintf(replay, sizeof replay, "negsim sensitivity <this folder>/manifest.cfg --samples %zu "
           "--runs %" PRIu64 " --out OTHER", n, runs);
  return neg_output_manifest_text(base, "the sensitivity analysis", replay);
}

/* What sensitivity prints. */
typedef struct {
  const neg_sens *s;
  const char *name;
} sens_table;

/* Prints a sensitivity analysis: the table, or the rows of
 * sensitivity.csv (and, in JSON, uncertainty.csv) (--format);
 * neg_main_commit_set's printer. */
static int sens_print(const neg_cli_opts *o, const void *arg)
{
  const sens_table *t = arg;
  neg_report r = {0};
  FILE *a, *b;
  if (o->format == NEG_FORMAT_TABLE) {
    if (!o->quiet) neg_output_sensitivity_table(stdout, t->s, t->name);
    return NEG_OK;
  }
  a = neg_report_add(&r, "sensitivity");
  b = neg_report_add(&r, "uncertainty");
  if (!a || !b || neg_output_write_sensitivity(a, t->s, t->name) != NEG_OK ||
      neg_output_write_uncertainty(b, t->s, t->name) != NEG_OK) {
    neg_report_free(&r);
    return NEG_ESYS;
  }
  return print_report(&r, o);
}

/* Writes sensitivity.csv, uncertainty.csv and the manifest into out,
 * prints the table and commits. The exit status, the error printed. */
static int sens_write(const neg_cli_opts *o, neg_output_set *out, const neg_sens *s,
                      neg_scenario *base)
{
  neg_error err = {{0}, 0, {0}, {0}};
  sens_table t = {s, base->name};
  char *manifest;
  base->runs = s->runs;
  base->seed = s->seed;
  errno = 0;
  if (neg_output_write_sensitivity(neg_output_set_file(out, 0), s, base->name))
    return report(neg_output_set_failed(out, 0, &err), &err);
  if (neg_output_write_uncertainty(neg_output_set_file(out, 1), s, base->name))
    return report(neg_output_set_failed(out, 1, &err), &err);
  if (!(manifest = sens_manifest(base, s->n, s->runs))) {
    neg_output_set_abort(out);
    fprintf(stderr, "negsim: out of memory\n");
    return NEG_ESYS;
  }
  errno = 0;
  if (fputs(manifest, neg_output_set_file(out, 2)) < 0) {
    free(manifest);
    return report(neg_output_set_failed(out, 2, &err), &err);
  }
  free(manifest);
  return neg_main_commit_set(o, out, sens_print, &t);
}

/* Claims the folder of a sensitivity analysis (process 0) and opens its
 * files. The exit status, the error printed. */
static int sens_open(const neg_cli_opts *o, const neg_scenario *base, const char *dir,
                     neg_outdir **d, neg_output_set **out)
{
  static const char *const names[] = {"sensitivity.csv", "uncertainty.csv", "manifest.cfg"};
  static const char *const id[] = {"manifest.cfg"};
  neg_error err = {{0}, 0, {0}, {0}};
  neg_scenario *planned = malloc(sizeof *planned);
  char *text = NULL;
  int rc = NEG_OK;
  if (neg_dist_rank() != 0) return neg_dist_agree(NEG_OK);
  if (planned) {
    *planned = *base;
    planned->runs = o->runs ? o->runs : NEG_SENS_RUNS;
    text = sens_manifest(planned, o->samples ? o->samples : NEG_SENS_SAMPLES, planned->runs);
  }
  free(planned);
  *d = neg_main_claim(o, dir, id, &text, 1, &rc);
  free(text);
  if (*d && !(*out = neg_output_set_open(*d, names, 3, &err))) rc = report(open_status(&err), &err);
  return neg_dist_agree(rc);
}

int neg_verb_sensitivity(const neg_cli_opts *o)
{
  neg_scenario *base = malloc(sizeof *base);
  neg_error err = {{0}, 0, {0}, {0}};
  neg_output_set *out = NULL;
  neg_outdir *d = NULL;
  neg_point_spec sp;
  neg_sens *s = NULL;
  char dir[NEG_DIR_MAX];
  struct timespec t0;
  int rc = base ? load_base(o, &sp, base) : NEG_ESYS;
  if (rc == NEG_OK && base->n_uncertain == 0)
    rc = report(neg_error_set(&err, o->files[0], 0, "", "no uncertain parameters: give float "
                              "settings as distributions, e.g. compliance = { dist = \"beta\"; "
                              "a = 40.0; b = 1.5; } (docs/schema.md)"), &err);
  if (rc == NEG_OK && o->nsets + (size_t)base->n_uncertain > NEG_MAX_OVERRIDES)
    rc = neg_cli_fail("--set", "%zu overrides and %d uncertain parameters: at most %d together",
                      o->nsets, base->n_uncertain, NEG_MAX_OVERRIDES);
  if (rc == NEG_OK) {
    neg_catch_signals(NEG_SIGNALS_RUN);
    neg_main_out_dir(o, base->name, "_sensitivity", dir, sizeof dir);
    rc = sens_open(o, base, dir, &d, &out);
  }
  if (rc == NEG_OK && !(s = neg_sens_alloc(base, o->samples ? o->samples : NEG_SENS_SAMPLES,
                                          o->runs ? o->runs : NEG_SENS_RUNS, base->seed)))
    rc = NEG_ESYS;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  if (rc == NEG_OK) rc = report(sens_points(o, s, &sp, &err), &err);
  if (rc == NEG_OK && neg_sens_estimate(s) != NEG_OK) rc = NEG_ESYS;
  if (rc == NEG_ESYS && !err.reason[0]) fprintf(stderr, "negsim: out of memory\n");
  if (rc == NEG_OK && out) {
    rc = sens_write(o, out, s, base);
    out = NULL;
  } else if (rc == NEG_OK) {
    sens_table t = {s, base->name};
    rc = sens_print(o, &t);
  }
  neg_output_set_abort(out);
  neg_outdir_release(d, rc == NEG_OK);
  if (rc == NEG_OK && !o->quiet)
    fprintf(stderr, "negsim: %zu points of %" PRIu64 " runs in %.2f s, seed %" PRIu64
            "; wrote %s/\n", s->n_points, s->runs, since(&t0), s->seed, dir);
  neg_sens_free(s);
  free(base);
  return rc;
}

/* The command line of a calibration, for the files. */
static void calib_command(const neg_cli_opts *o, uint64_t runs, const char *file, char *cmd,
                          size_t n)
{
  snprintf(cmd, n, "negsim calibrate %s --target '%s' --free '%s' --runs %" PRIu64, file,
           o->target, o->free, runs);
  if (o->target_n > 0)
    snprintf(cmd + strlen(cmd), n - strlen(cmd), " --target-n %.0f", (double)o->target_n);
}

/* The manifest of a calibration of runs per evaluation. */
static char *calib_manifest(const neg_cli_opts *o, const neg_scenario *base, uint64_t runs)
{
  char replay[NEG_COMMAND_MAX];
  calib_command(o, runs, "<this folder>/manifest.cfg", replay, sizeof replay);
  snprintf(replay + strlen(replay), sizeof replay - strlen(replay), " --out OTHER");
  return neg_output_manifest_text(base, "the calibration", replay);
}

/* What calibrate prints. */
typedef struct {
  const neg_calib *c;
  const char *name;
} calib_table;

/* Prints a calibration: the table, or the rows of fit.csv (and, in JSON,
 * fit_params.csv) (--format); neg_main_commit_set's printer. */
static int calib_print(const neg_cli_opts *o, const void *arg)
{
  const calib_table *t = arg;
  neg_report r = {0};
  FILE *a, *b;
  if (o->format == NEG_FORMAT_TABLE) {
    if (!o->quiet) neg_output_calib_table(stdout, t->c, t->name);
    return NEG_OK;
  }
  a = neg_report_add(&r, "fit");
  b = neg_report_add(&r, "fit_params");
  if (!a || !b || neg_output_write_fit(a, t->c, t->name) != NEG_OK ||
      neg_output_write_fit_params(b, t->c, t->name) != NEG_OK) {
    neg_report_free(&r);
    return NEG_ESYS;
  }
  return print_report(&r, o);
}

/* Runs the Nelder-Mead iterations, showing progress. */
static int calib_iterate(const neg_cli_opts *o, neg_calib *c)
{
  neg_progress pr;
  int rc = NEG_OK;
  neg_progress_begin(&pr, !o->quiet, NEG_CALIB_MAX_ITER, "iterations");
  while (rc == NEG_OK && !neg_calib_done(c)) {
    rc = neg_calib_iterate(c);
    neg_progress_update(&pr, c->iterations);
  }
  neg_progress_end(&pr);
  return rc;
}

/* Writes calibrated.cfg, fit.csv, fit_params.csv and the manifest into
 * out, prints the table and commits. The exit status, the error printed. */
static int calib_write(neg_output_set *out, const neg_calib *c, neg_scenario *base,
                       const neg_scenario *fitted, const neg_cli_opts *o)
{
  neg_error err = {{0}, 0, {0}, {0}};
  calib_table t = {c, base->name};
  char cmd[NEG_COMMAND_MAX], *manifest;
  calib_command(o, c->runs, o->files[0], cmd, sizeof cmd);
  append_sets(o, cmd, sizeof cmd);
  snprintf(cmd + strlen(cmd), sizeof cmd - strlen(cmd), " --seed %" PRIu64, c->seed);
  base->runs = c->runs;
  base->seed = c->seed;
  errno = 0;
  if (neg_output_write_calibrated(neg_output_set_file(out, 0), c, fitted, cmd))
    return report(neg_output_set_failed(out, 0, &err), &err);
  if (neg_output_write_fit(neg_output_set_file(out, 1), c, base->name))
    return report(neg_output_set_failed(out, 1, &err), &err);
  if (neg_output_write_fit_params(neg_output_set_file(out, 2), c, base->name))
    return report(neg_output_set_failed(out, 2, &err), &err);
  if (!(manifest = calib_manifest(o, base, c->runs))) {
    neg_output_set_abort(out);
    fprintf(stderr, "negsim: out of memory\n");
    return NEG_ESYS;
  }
  errno = 0;
  if (fputs(manifest, neg_output_set_file(out, 3)) < 0) {
    free(manifest);
    return report(neg_output_set_failed(out, 3, &err), &err);
  }
  free(manifest);
  return neg_main_commit_set(o, out, calib_print, &t);
}

/* Claims the folder of a calibration (process 0) and opens its files.
 * The exit status, the error printed. */
static int calib_open(const neg_cli_opts *o, const neg_scenario *base, const char *dir,
                      neg_outdir **d, neg_output_set **out)
{
  static const char *const names[] = {"calibrated.cfg", "fit.csv", "fit_params.csv",
                                      "manifest.cfg"};
  static const char *const id[] = {"manifest.cfg"};
  neg_error err = {{0}, 0, {0}, {0}};
  neg_scenario *planned = malloc(sizeof *planned);
  char *text = NULL;
  int rc = NEG_OK;
  if (neg_dist_rank() != 0) return neg_dist_agree(NEG_OK);
  if (planned) {
    *planned = *base;
    planned->runs = o->runs ? o->runs : NEG_CALIB_RUNS;
    text = calib_manifest(o, planned, planned->runs);
  }
  free(planned);
  *d = neg_main_claim(o, dir, id, &text, 1, &rc);
  free(text);
  if (*d && !(*out = neg_output_set_open(*d, names, 4, &err))) rc = report(open_status(&err), &err);
  return neg_dist_agree(rc);
}

/* Checks the options of calibrate and parses its targets and free keys. */
static int calib_setup(const neg_cli_opts *o, neg_calib *c, const neg_scenario *base)
{
  neg_error err = {{0}, 0, {0}, {0}};
  if (!o->target)
    return neg_cli_fail("--target", "required: the target probabilities, e.g. "
                        "lapsed=0.44,extended+ceasefire=0.50,collapsed=0.05");
  if (!o->free) return neg_cli_fail("--free", "required: the settings to fit, e.g. "
                                    "parties.russia.ceasefire_utility");
  if (neg_calib_targets(c, o->target, &err) || neg_calib_free_params(c, o->free, base, &err))
    return report(NEG_EINPUT, &err);
  c->target_n = (double)o->target_n;
  return NEG_OK;
}

int neg_verb_calibrate(const neg_cli_opts *o)
{
  neg_scenario *base = malloc(sizeof *base), *fitted = malloc(sizeof *fitted);
  neg_calib *c = calloc(1, sizeof *c);
  neg_error err = {{0}, 0, {0}, {0}};
  neg_output_set *out = NULL;
  neg_outdir *d = NULL;
  neg_point_spec sp = {0};
  char dir[NEG_DIR_MAX];
  struct timespec t0;
  int rc = base && fitted && c ? load_base(o, &sp, base) : NEG_ESYS;
  if (rc == NEG_OK) rc = report(neg_source_open(sp.path, &sp.src, &err), &err); /* read once */
  if (rc == NEG_OK) rc = calib_setup(o, c, base);
  if (rc == NEG_OK) {
    neg_catch_signals(NEG_SIGNALS_RUN);
    neg_main_out_dir(o, base->name, "_calibrated", dir, sizeof dir);
    rc = calib_open(o, base, dir, &d, &out);
  }
  clock_gettime(CLOCK_MONOTONIC, &t0);
  if (rc == NEG_OK) rc = neg_calib_init(c, &sp, o->runs ? o->runs : NEG_CALIB_RUNS, base->seed);
  if (rc == NEG_OK) rc = calib_iterate(o, c);
  if (rc == NEG_OK) rc = neg_calib_finish(c);
  else if (c) neg_calib_release(c);
  if (c && rc != NEG_OK) report(rc, &c->err);
  if (rc == NEG_OK) rc = report(neg_calib_scenario(c, fitted, &err), &err);
  if (rc == NEG_ESYS && !err.reason[0] && (!c || !c->err.reason[0]))
    fprintf(stderr, "negsim: out of memory\n");
  if (rc == NEG_OK && out) {
    rc = calib_write(out, c, base, fitted, o);
    out = NULL;
  } else if (rc == NEG_OK) {
    calib_table t = {c, base->name};
    rc = calib_print(o, &t);
  }
  neg_output_set_abort(out);
  neg_outdir_release(d, rc == NEG_OK);
  if (rc == NEG_OK && !o->quiet)
    fprintf(stderr, "negsim: calibrated in %.2f s; wrote %s/\n", since(&t0), dir);
  neg_source_free(sp.src);
  free(base);
  free(fitted);
  free(c);
  return rc;
}
