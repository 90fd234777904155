/* main.c: the verbs. With cli.c, the only part that prints to the terminal
 * or exits.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include <errno.h>
#include <inttypes.h>
#include <omp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "neg_analysis.h"
#include "neg_cli.h"
#include "neg_dist.h"
#include "neg_engine.h"
#include "neg_output.h"
#include "neg_signals.h"
#include "neg_progress.h"
#include "neg_scenario.h"
#include "neg_tally.h"
#include "main_fit.h"

#define NEG_RECORD_BATCH 65536    /* per-run rows buffered at a time */
#define NEG_SWEEP_SMALL 1000000   /* replicates of a point small enough to run
                                   * side by side with others (sweep_threads) */

/* The point spec of the command line for scenario file k. */
static neg_point_spec spec_of(const neg_cli_opts *o, int k)
{
  neg_point_spec sp = {o->files[k], o->sets, o->nsets, o->runs, o->has_seed, o->seed,
                       o->threads, o->precision, NULL};
  return sp;
}

/* Prints err (if any) and returns rc. */
static int report(int rc, const neg_error *err)
{
  if (rc != NEG_OK && err->reason[0]) neg_error_print(stderr, err);
  return rc;
}

/* The exit status of a failure to open the output folder: a fault of the
 * system (full disk, I/O error, no memory) is 1, anything else bad input. */
static int open_status(const neg_error *err)
{
  static const int system_faults[] = {ENOSPC, EFBIG, EIO, EDQUOT, ENOMEM, EMFILE, ENFILE};
  for (size_t k = 0; k < sizeof system_faults / sizeof system_faults[0]; k++)
    if (!strcmp(err->reason, strerror(system_faults[k]))) return NEG_ESYS;
  return NEG_EINPUT;
}

/* Checks the verb got between min and max scenario files. */
static int need_files(const neg_cli_opts *o, int min, int max)
{
  if (o->nfiles < min) return neg_cli_fail(o->verb, "missing scenario file");
  if (o->nfiles > max) return neg_cli_fail(o->files[max], "unexpected argument");
  return NEG_OK;
}

/* Seconds since t0. */
static double since(const struct timespec *t0)
{
  struct timespec t1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  return (double)(t1.tv_sec - t0->tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0->tv_nsec);
}

/* The output folder: --out, or results/<name><suffix>. */
static void out_dir(const neg_cli_opts *o, const char *name, const char *suffix,
                    char *dir, size_t n)
{
  if (o->out) snprintf(dir, n, "%s", o->out);
  else snprintf(dir, n, "results/%s%s", name, suffix);
}

/* Replicates per batch when nothing else fixes it: enough for a progress
 * display to move about 200 times. */
static uint64_t batch_size(uint64_t runs)
{
  return runs / 200 > NEG_RECORD_BATCH ? runs / 200 : NEG_RECORD_BATCH;
}

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

/* The run verb. */
static int verb_run(const neg_cli_opts *o)
{
  neg_scenario s;
  neg_error err = {{0}, 0, {0}, {0}};
  neg_point_spec sp = spec_of(o, 0);
  neg_output *out;
  neg_tally *t;
  char dir[4096];
  struct timespec t0;
  int rc = need_files(o, 1, 1);
  if (rc || (rc = report(neg_point_load(&sp, NULL, 0, &s, &err), &err))) return rc;
  neg_catch_signals();
  out_dir(o, s.name, "", dir, sizeof dir);
  out = neg_dist_rank() == 0 ? neg_output_open(dir, o->per_run, &s, &err) : NULL;
  if ((rc = neg_dist_agree(neg_dist_rank() == 0 && !out ? open_status(&err) : NEG_OK)))
    return report(rc, &err);
  if (!(t = neg_tally_alloc(&s))) {
    neg_output_abort(out);
    fprintf(stderr, "negsim: out of memory\n");
    return NEG_ESYS;
  }
  clock_gettime(CLOCK_MONOTONIC, &t0);
  if ((rc = simulate(o, &s, out, t, &err)) != NEG_OK) {
    neg_output_abort(out);
    neg_tally_free(t);
    if (!err.reason[0]) fprintf(stderr, "negsim: out of memory\n");
    return report(NEG_ESYS, &err);
  }
  neg_run_info info = {s.seed, s.runs};
  rc = out ? neg_output_commit(out, &s, t, &info, &err) : NEG_OK;
  if (rc == NEG_OK && !o->quiet) {
    neg_output_table(stdout, &s, t);
    fprintf(stderr, "negsim: %" PRIu64 " runs in %.2f s, seed %" PRIu64 "; wrote %s/\n",
            s.runs, since(&t0), s.seed, dir);
  }
  neg_tally_free(t);
  return report(rc, &err);
}

/* The grid of a sweep: --vary, else the sweep group of the scenario. */
static neg_grid *sweep_grid(const neg_cli_opts *o, const neg_scenario *base, neg_error *err)
{
  const char *specs[NEG_MAX_VARY];
  char flag[600];
  if (o->nvaries) return neg_grid_alloc(o->varies, o->nvaries, "--vary", err);
  for (int k = 0; k < base->n_vary; k++) specs[k] = base->vary[k];
  snprintf(flag, sizeof flag, "%s: sweep.vary", o->files[0]);
  return neg_grid_alloc(specs, (size_t)base->n_vary, flag, err);
}

/* Checks every point of the grid loads and validates (the file is read
 * once). */
static int sweep_check(const neg_point_spec *sp, const neg_grid *g, neg_error *err)
{
  neg_point_spec one = *sp;
  neg_scenario *s = malloc(sizeof *s);
  int rc = s ? neg_source_open(sp->path, &one.src, err) : NEG_ESYS;
  for (size_t p = 0; rc == NEG_OK && p < g->n_points; p++) rc = neg_sweep_load(&one, g, p, s, err);
  neg_source_free(one.src);
  free(s);
  return rc;
}

/* Runs point p of the grid into r[p]. */
static int sweep_point(const neg_point_spec *sp, const neg_grid *g, size_t p,
                       neg_scenario *s, neg_point_result *r, neg_error *err)
{
  neg_point_iter it;
  neg_tally *t;
  int64_t n;
  int rc = neg_sweep_load(sp, g, p, s, err);
  if (rc != NEG_OK) return rc;
  if (!(t = neg_tally_alloc(s))) return NEG_ESYS;
  neg_point_begin(&it, s, sp->threads, t);
  while ((n = neg_point_next(&it, NULL, batch_size(s->runs))) > 0) {}
  r[p].runs = t->runs;
  memcpy(r[p].count, t->outcome, sizeof r[p].count);
  neg_tally_free(t);
  return n < 0 ? NEG_ESYS : NEG_OK;
}

/* The threads that run whole points side by side: each point runs on all
 * threads in turn, unless there are many small points (at most
 * NEG_SWEEP_SMALL replicates each, or stopped by precision in batches):
 * then each thread runs points of its own, one thread each, and no thread
 * waits for the last block of a point. A point's results do not depend on
 * its threads, so the files are the same. Under MPI each point is split
 * across the processes, one point at a time. */
static int sweep_threads(const neg_point_spec *sp, const neg_scenario *base, size_t todo)
{
  int n = sp->threads > 0 ? sp->threads : omp_get_num_procs();
  if (n < 2 || neg_dist_size() > 1 || todo < 4 * (size_t)n) return 1;
  return base->precision > 0 || base->runs <= NEG_SWEEP_SMALL ? n : 1;
}

/* Runs every point of the grid not yet in the journal into r, adding each
 * to the journal as it finishes; with sweep_threads > 1, several points at
 * a time, each thread with its own parse of the file. */
static int sweep_points(const neg_cli_opts *o, const neg_point_spec *sp, const neg_grid *g,
                        const neg_scenario *base, neg_point_result *r, neg_journal *j,
                        const unsigned char *done, size_t n_done, neg_error *err)
{
  const int nt = sweep_threads(sp, base, g->n_points - n_done);
  neg_progress pr;
  int rc = NEG_OK;
  neg_progress_begin(&pr, !o->quiet, g->n_points, "points");
#pragma omp parallel num_threads(nt)
  {
    neg_point_spec mine = *sp;
    neg_scenario *s = malloc(sizeof *s);
    neg_error e = {{0}, 0, {0}, {0}};
    int mrc = s ? neg_source_open(sp->path, &mine.src, &e) : NEG_ESYS, stop;
    if (nt > 1) mine.threads = 1;
#pragma omp for schedule(dynamic, 1)
    for (size_t p = 0; p < g->n_points; p++) {
#pragma omp atomic read
      stop = rc;
      if (done[p] || stop || mrc) continue;
      mrc = sweep_point(&mine, g, p, s, r, &e);
#pragma omp critical(negsim_sweep)
      {
        if (mrc == NEG_OK && j) mrc = neg_journal_add(j, p, &r[p], &e);
        if (mrc == NEG_OK) neg_progress_update(&pr, ++n_done);
      }
    }
#pragma omp critical(negsim_sweep)
    if (mrc != NEG_OK && rc == NEG_OK) {
      *err = e;
#pragma omp atomic write
      rc = mrc;
    }
    neg_source_free(mine.src);
    free(s);
  }
  neg_progress_end(&pr);
  return rc;
}

/* FNV-1a hash of the manifest of the sweep: what a journal must match. */
static uint64_t sweep_key(const neg_scenario *base)
{
  char *text = NULL;
  size_t len = 0;
  uint64_t h = 1469598103934665603ULL;
  FILE *f = open_memstream(&text, &len);
  if (!f) return 0;
  neg_scenario_write(f, base);
  fclose(f);
  for (size_t k = 0; k < len; k++) h = (h ^ (unsigned char)text[k]) * 1099511628211ULL;
  free(text);
  return h;
}

/* Records the axes of the command line in the base scenario's sweep group,
 * so its manifest replays the sweep. */
static void sweep_set_axes(const neg_cli_opts *o, neg_scenario *base)
{
  if (!o->nvaries) return;
  base->n_vary = (int)o->nvaries;
  for (size_t k = 0; k < o->nvaries; k++)
    snprintf(base->vary[k], NEG_VARY_MAX, "%s", o->varies[k]);
}

/* Writes sweep.csv and the manifest of a finished sweep. */
static int sweep_write(const neg_scenario *base, const neg_grid *g,
                       const neg_point_result *r, const char *dir, neg_error *err)
{
  static const char *const names[] = {"sweep.csv", "manifest.cfg"};
  neg_output_set *out = neg_output_set_open(dir, names, 2, err);
  if (!out) return open_status(err);
  errno = 0;
  if (neg_output_write_sweep(neg_output_set_file(out, 0), g, r, base->name, base->seed))
    return neg_output_set_failed(out, 0, err);
  if (neg_output_write_manifest_as(neg_output_set_file(out, 1), base, "the sweep",
                                   "negsim sweep <this folder>/manifest.cfg --out OTHER"))
    return neg_output_set_failed(out, 1, err);
  return neg_output_set_commit(out, err);
}

/* The sweep verb. */
static int verb_sweep(const neg_cli_opts *o)
{
  neg_scenario base;
  neg_error err = {{0}, 0, {0}, {0}};
  neg_point_spec sp = spec_of(o, 0);
  neg_point_result *r = NULL;
  unsigned char *done = NULL;
  neg_journal *j = NULL;
  neg_grid *g = NULL;
  size_t n_done = 0;
  char dir[4096];
  struct timespec t0;
  int rc = need_files(o, 1, 1);
  if (rc || (rc = report(neg_point_load(&sp, NULL, 0, &base, &err), &err))) return rc;
  if (!(g = sweep_grid(o, &base, &err)) || (rc = sweep_check(&sp, g, &err))) {
    neg_grid_free(g);
    return report(rc ? rc : NEG_EINPUT, &err);
  }
  sweep_set_axes(o, &base);
  out_dir(o, base.name, "_sweep", dir, sizeof dir);
  neg_catch_signals(); /* finished points stay in the journal; temporaries go */
  clock_gettime(CLOCK_MONOTONIC, &t0);
  r = calloc(g->n_points, sizeof *r);
  done = calloc(g->n_points, 1);
  rc = r && done ? NEG_OK : NEG_ESYS;
  if (rc == NEG_OK && neg_dist_rank() == 0 &&
      !(j = neg_journal_open(dir, sweep_key(&base), g->n_points, o->resume, r, done, &n_done,
                             &err)))
    rc = strstr(err.reason, "another sweep") ? NEG_EINPUT : NEG_ESYS;
  if ((rc = neg_dist_agree(rc)) == NEG_OK) {
    neg_dist_share(r, g->n_points * sizeof *r);
    neg_dist_share(done, g->n_points);
    neg_dist_share(&n_done, sizeof n_done);
    rc = sweep_points(o, &sp, g, &base, r, j, done, n_done, &err);
  }
  if (rc == NEG_OK && neg_dist_rank() == 0) rc = sweep_write(&base, g, r, dir, &err);
  neg_journal_close(j, rc == NEG_OK);
  if (rc == NEG_OK && !o->quiet) {
    neg_output_sweep_table(stdout, g, r);
    fprintf(stderr, "negsim: %zu points (%zu resumed) in %.2f s, seed %" PRIu64
            "; wrote %s/\n", g->n_points, n_done, since(&t0), base.seed, dir);
  }
  if (rc == NEG_ESYS && !err.reason[0]) fprintf(stderr, "negsim: out of memory\n");
  free(r);
  free(done);
  neg_grid_free(g);
  return report(rc, &err);
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

/* Writes compare.csv and the two manifests. */
static int compare_write(const neg_scenario *a, const neg_scenario *b,
                         const neg_pair_tally *pt, const char *dir, neg_error *err)
{
  static const char *const names[] = {"compare.csv", "manifest_a.cfg", "manifest_b.cfg"};
  static const char replay[] = "negsim compare <this folder>/manifest_a.cfg "
                               "<this folder>/manifest_b.cfg --out OTHER";
  neg_output_set *out = neg_output_set_open(dir, names, 3, err);
  if (!out) return open_status(err);
  errno = 0;
  if (neg_output_write_compare(neg_output_set_file(out, 0), a, b, pt, a->seed))
    return neg_output_set_failed(out, 0, err);
  if (neg_output_write_manifest_as(neg_output_set_file(out, 1), a, "scenario A of the comparison",
                                   replay))
    return neg_output_set_failed(out, 1, err);
  if (neg_output_write_manifest_as(neg_output_set_file(out, 2), b, "scenario B of the comparison",
                                   replay))
    return neg_output_set_failed(out, 2, err);
  return neg_output_set_commit(out, err);
}

/* The compare verb. */
static int verb_compare(const neg_cli_opts *o)
{
  neg_scenario *a = malloc(sizeof *a), *b = malloc(sizeof *b);
  neg_error err = {{0}, 0, {0}, {0}};
  neg_pair_tally pt;
  neg_tally *ta = NULL, *tb = NULL;
  char dir[4096];
  int rc = a && b ? need_files(o, 1, 2) : NEG_ESYS;
  if (rc == NEG_OK) rc = compare_load(o, a, b, &err);
  if (rc == NEG_OK) {
    neg_catch_signals();
    if (strcmp(a->name, b->name)) {
      char suffix[NEG_NAME_MAX + 8];
      snprintf(suffix, sizeof suffix, "_vs_%s", b->name);
      out_dir(o, a->name, suffix, dir, sizeof dir);
    } else {
      out_dir(o, a->name, "_compare", dir, sizeof dir);
    }
    ta = neg_tally_alloc(a);
    tb = neg_tally_alloc(b);
    rc = ta && tb ? neg_compare_run(a, b, a->seed, a->runs, o->threads, ta, tb, &pt) : NEG_ESYS;
    if (rc == NEG_OK && neg_dist_rank() == 0) rc = report(compare_write(a, b, &pt, dir, &err), &err);
    if (rc == NEG_OK && !o->quiet) neg_output_compare_table(stdout, a, b, &pt);
    if (rc == NEG_ESYS && !err.reason[0]) fprintf(stderr, "negsim: out of memory\n");
  }
  neg_tally_free(ta);
  neg_tally_free(tb);
  free(a);
  free(b);
  return rc;
}

/* The check verb: validate and print the resolved scenario. */
static int verb_check(const neg_cli_opts *o)
{
  neg_scenario s;
  neg_error err = {{0}, 0, {0}, {0}};
  neg_point_spec sp = spec_of(o, 0);
  int rc = need_files(o, 1, 1);
  if (rc || (rc = report(neg_point_load(&sp, NULL, 0, &s, &err), &err))) return rc;
  if (neg_scenario_write(stdout, &s) != NEG_OK || fflush(stdout) != 0) {
    fprintf(stderr, "negsim: check: cannot write the scenario to standard output\n");
    return NEG_ESYS;
  }
  return NEG_OK;
}

/* Dispatches to the verb. */
static int dispatch(const neg_cli_opts *o)
{
  if (!strcmp(o->verb, "run")) return verb_run(o);
  if (!strcmp(o->verb, "sweep")) return verb_sweep(o);
  if (!strcmp(o->verb, "compare")) return verb_compare(o);
  if (!strcmp(o->verb, "check")) return verb_check(o);
  if (!strcmp(o->verb, "sensitivity")) return neg_verb_sensitivity(o);
  if (!strcmp(o->verb, "calibrate")) return neg_verb_calibrate(o);
  if (strcmp(o->verb, "params") && strcmp(o->verb, "help") && strcmp(o->verb, "version"))
    return neg_cli_fail(o->verb, "unknown verb, expected run, sweep, compare, sensitivity, "
                        "calibrate, check, params, help or version");
  if (need_files(o, 0, 0)) return NEG_EINPUT;
  if (!strcmp(o->verb, "params")) neg_param_markdown(stdout);
  else if (!strcmp(o->verb, "help")) fputs(neg_cli_usage, stdout);
  else printf("negsim %s\n", NEG_VERSION);
  return NEG_OK;
}

int main(int argc, char **argv)
{
  neg_cli_opts o;
  int rc;
  neg_ignore_file_limit();
  if (neg_dist_init(&argc, &argv) != NEG_OK) {
    fprintf(stderr, "negsim: cannot start the processes\n");
    return NEG_ESYS;
  }
  if (neg_dist_rank() != 0) { /* every process runs alike; process 0 speaks */
    if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr)) return NEG_ESYS;
  }
  rc = neg_cli_parse(argc, argv, &o, stdout);
  if (rc == NEG_OK) rc = dispatch(&o);
  if ((rc == NEG_OK || rc == NEG_CLI_DONE) && (fflush(stdout) != 0 || ferror(stdout))) {
    fprintf(stderr, "negsim: cannot write to standard output\n");
    rc = NEG_ESYS;
  }
  neg_dist_finalize();
  return rc == NEG_CLI_DONE ? 0 : rc;
}
