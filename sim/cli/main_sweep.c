/* main_sweep.c: the verb sweep: every point of a grid, each point's
 * replicates on all threads, or many small points side by side (one thread
 * each), and under MPI the points shared out between the processes; a
 * journal of finished points for --resume. With main.c and cli.c, the only
 * part that prints to the terminal.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "main_sweep.h"

#include <inttypes.h>
#include <omp.h>
#include <stdlib.h>

#include "neg_dist.h"
#include "neg_engine.h"
#include "neg_output.h"
#include "neg_progress.h"
#include "neg_signals.h"
#include "neg_tally.h"
#include "main_outdir.h"
#include "main_util.h"

#define NEG_SWEEP_ROUND 8       /* points per thread and process in a round
                                 * of a sweep shared out under MPI */
#define NEG_CHECK_CHUNK 64      /* points a thread checks at a time */

/* What a thread of a sweep keeps from point to point (and, under MPI,
 * from round to round): its parse of the file, a scenario buffer and its
 * workspace. */
typedef struct {
  neg_point_spec sp;     /* the sweep's, with the thread's parse */
  neg_scenario *s;
  neg_workspace *ws;
  int rc;                /* NEG_OK once set up */
} sweep_thread;

/* Where the points of a sweep go and how they run. */
typedef struct {
  const neg_point_spec *sp;
  const neg_grid *g;
  neg_point_result *r;   /* [p]: what point p ended with */
  neg_journal *j;        /* each point is journaled as it ends (NULL: not here) */
  neg_progress *pr;      /* and shown (NULL: not here) */
  size_t n_done;         /* points finished */
  int threads;           /* > 1: points side by side, one thread each */
  int local;             /* 1: points run in this process alone (MPI rounds) */
  sweep_thread *per;     /* [thread]: set up at its first point */
} sweep_run;

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

/* --seed and --runs fix every point's seed and replicates: an axis over
 * run.seed or run.runs would be ignored, so the two together are an
 * error. NEG_OK or NEG_EINPUT (printed). */
static int sweep_axes_check(const neg_cli_opts *o, const neg_grid *g)
{
  for (size_t k = 0; k < g->n_axes; k++) {
    if (o->has_seed && !strcmp(g->axes[k].key, "run.seed"))
      return neg_cli_fail("--seed", "the sweep varies run.seed: give --seed or the axis, not "
                          "both");
    if (o->runs && !strcmp(g->axes[k].key, "run.runs"))
      return neg_cli_fail("--runs", "the sweep varies run.runs: give --runs or the axis, not "
                          "both");
  }
  return NEG_OK;
}

/* Checks every point of the grid loads and validates, before anything
 * runs: on all threads for a large grid, each with its own parse of the
 * file; the error is that of the first bad point in grid order (every
 * point before it is checked), whatever the threads. */
static int sweep_check(const neg_point_spec *sp, const neg_grid *g, neg_error *err)
{
  const int all = sp->threads > 0 ? sp->threads : omp_get_num_procs();
  const int nt = g->n_points >= NEG_CHECK_CHUNK * 4 ? all : 1;
  size_t first_bad = g->n_points;
  int rc = NEG_OK;
#pragma omp parallel num_threads(nt)
  {
    neg_point_spec one = *sp;
    neg_error e = {{0}, 0, {0}, {0}};
    const int mrc = neg_source_open(sp->path, &one.src, &e);
#pragma omp for schedule(dynamic, NEG_CHECK_CHUNK)
    for (size_t p = 0; p < g->n_points; p++) {
      size_t bad;
      int prc;
#pragma omp atomic read
      bad = first_bad;
      if (p > bad) continue;  /* after the first bad point found so far */
      prc = mrc != NEG_OK ? mrc : neg_sweep_load(&one, g, p, NULL, &e);
      if (prc == NEG_OK) continue;
#pragma omp critical(negsim_check)
      if (p < first_bad) {
        rc = prc;
        *err = e;
#pragma omp atomic write
        first_bad = p;
      }
    }
    neg_source_free(one.src);
  }
  return rc;
}

/* Runs point p of the grid into c->r[p] with scenario buffer s, spec sp
 * and workspace ws (the thread's). */
static int sweep_point(const sweep_run *c, const neg_point_spec *sp, size_t p, neg_scenario *s,
                       neg_workspace *ws, neg_error *err)
{
  neg_point_iter it;
  neg_tally *t;
  int64_t n;
  int rc = neg_sweep_load(sp, c->g, p, s, err);
  if (rc != NEG_OK) return rc;
  if (!(t = neg_tally_alloc(s))) return NEG_ESYS;
  neg_point_begin(&it, s, sp->threads, t);
  it.local = c->local;
  it.ws = ws;
  while ((n = neg_point_next(&it, NULL, batch_size(s->runs))) > 0) {}
  c->r[p].runs = t->runs;
  memcpy(c->r[p].count, t->outcome, sizeof c->r[p].count);
  for (int o = 0; o < NEG_OUT_COUNT; o++) c->r[p].days[o] = neg_tally_outcome_day_sum(t, (neg_outcome)o);
  neg_tally_free(t);
  return n < 0 ? NEG_ESYS : NEG_OK;
}

/* The share of n workers' time that items of equal cost keep busy. */
static double sweep_busy(size_t items, size_t n)
{
  return (double)items / (double)(n * ((items + n - 1) / n));
}

/* The threads that run whole points side by side, for todo points: 1 when
 * each point runs on all threads in turn, cut into blocks of replicates;
 * more when whole points, one thread each, keep the threads busier (many
 * points, or points of few blocks: a point stopped by precision runs in
 * batches of 3 blocks). A point's results do not depend on its threads,
 * so the files are the same either way. */
static int sweep_threads(const neg_point_spec *sp, const neg_scenario *base, size_t todo)
{
  const size_t n = sp->threads > 0 ? (size_t)sp->threads : (size_t)omp_get_num_procs();
  const uint64_t runs = base->precision > 0 ? NEG_PRECISION_BATCH : base->runs;
  const size_t blocks = (size_t)((runs + NEG_ENGINE_BLOCK - 1) / NEG_ENGINE_BLOCK);
  if (n < 2 || todo < 2 || sweep_busy(todo, n) < sweep_busy(blocks, n)) return 1;
  return (int)(todo < n ? todo : n);
}

/* Marks point p finished: journals it and shows progress (under the lock
 * when points run side by side). */
static int sweep_finished(sweep_run *c, size_t p, neg_error *err)
{
  int rc = c->j ? neg_journal_add(c->j, p, &c->r[p], err) : NEG_OK;
  c->n_done++;
  if (c->pr) neg_progress_update(c->pr, c->n_done);
  return rc;
}

/* Sets up thread t of c at its first point: NEG_OK or the error in err. */
static int sweep_thread_up(sweep_run *c, sweep_thread *t, neg_error *err)
{
  if (t->s) return t->rc;
  t->sp = *c->sp;
  if (c->threads > 1) t->sp.threads = 1;
  t->s = malloc(sizeof *t->s);
  t->ws = neg_workspace_alloc(NEG_LAW_CACHE_BYTES);
  t->rc = t->s && t->ws ? neg_source_open(t->sp.path, &t->sp.src, err) : NEG_ESYS;
  return t->rc;
}

/* Frees what the n threads of per set up. */
static void sweep_threads_free(sweep_thread *per, int n)
{
  for (int k = 0; per && k < n; k++) {
    neg_source_free(per[k].sp.src);
    neg_workspace_free(per[k].ws);
    free(per[k].s);
  }
  free(per);
}

/* Runs the n points of list, c->threads of them at a time, each thread
 * with its own parse of the file and its own workspace (c->per). */
static int sweep_list(sweep_run *c, const size_t *list, size_t n, neg_error *err)
{
  int rc = NEG_OK;
#pragma omp parallel num_threads(c->threads)
  {
    sweep_thread *me = &c->per[omp_get_thread_num()];
    neg_error e = {{0}, 0, {0}, {0}};
    int mrc = NEG_OK, stop;
#pragma omp for schedule(dynamic, 1)
    for (size_t x = 0; x < n; x++) {
#pragma omp atomic read
      stop = rc;
      if (stop || mrc || (mrc = sweep_thread_up(c, me, &e))) continue;
      mrc = sweep_point(c, &me->sp, list[x], me->s, me->ws, &e);
#pragma omp critical(negsim_sweep)
      if (mrc == NEG_OK) mrc = sweep_finished(c, list[x], &e);
    }
#pragma omp critical(negsim_sweep)
    if (mrc != NEG_OK && rc == NEG_OK) {
      *err = e;
#pragma omp atomic write
      rc = mrc;
    }
  }
  return rc;
}

/* Under MPI, the points in rounds: each process runs its share of a round
 * alone, the counts are summed so that every process has the round's
 * results, and process 0 journals them. */
static int sweep_rounds(sweep_run *c, const size_t *list, size_t n, neg_error *err)
{
  const size_t round = (size_t)neg_dist_size() * (size_t)c->threads * NEG_SWEEP_ROUND;
  const size_t width = 1 + 2 * NEG_OUT_COUNT;  /* runs, the counts, the day sums */
  uint64_t *sum = malloc(round * width * sizeof *sum);
  neg_journal *j = c->j;
  neg_progress *pr = c->pr;
  int rc = sum ? NEG_OK : NEG_ESYS;
  c->local = 1;
  c->j = NULL;
  c->pr = NULL;
  for (size_t a = 0; (rc = neg_dist_agree(rc)) == NEG_OK && a < n; a += round) {
    size_t b = a + round < n ? a + round : n, lo, hi;
    neg_dist_share_of(a, b, &lo, &hi);
    rc = neg_dist_agree_error(sweep_list(c, list + lo, hi - lo, err), err);
    memset(sum, 0, (b - a) * width * sizeof *sum);
    for (size_t x = lo; rc == NEG_OK && x < hi; x++) {
      sum[(x - a) * width] = c->r[list[x]].runs;
      memcpy(&sum[(x - a) * width + 1], c->r[list[x]].count, sizeof c->r[0].count);
      memcpy(&sum[(x - a) * width + 1 + NEG_OUT_COUNT], c->r[list[x]].days, sizeof c->r[0].days);
    }
    if (rc == NEG_OK) rc = neg_dist_sum(sum, (b - a) * width);
    for (size_t x = a; rc == NEG_OK && x < b; x++) {
      c->r[list[x]].runs = sum[(x - a) * width];
      memcpy(c->r[list[x]].count, &sum[(x - a) * width + 1], sizeof c->r[0].count);
      memcpy(c->r[list[x]].days, &sum[(x - a) * width + 1 + NEG_OUT_COUNT], sizeof c->r[0].days);
      c->n_done++;
      if (j) rc = neg_journal_add(j, list[x], &c->r[list[x]], err);
    }
    if (pr) neg_progress_update(pr, c->n_done);
  }
  free(sum);
  return rc;
}

/* Runs every point of the grid not yet in the journal into r, adding each
 * to the journal as it finishes. In one process, or with too few points to
 * share out, the processes run each point together (neg_dist_run);
 * otherwise they share out the points (sweep_rounds). */
static int sweep_points(const neg_cli_opts *o, const neg_point_spec *sp, const neg_grid *g,
                        const neg_scenario *base, neg_point_result *r, neg_journal *j,
                        const unsigned char *done, size_t n_done, neg_error *err)
{
  const size_t procs = (size_t)neg_dist_size();
  size_t *list = malloc((g->n_points - n_done + 1) * sizeof *list), n = 0;
  neg_progress pr;
  sweep_run c = {sp, g, r, j, &pr, n_done, 1, 0, NULL};
  int rc;
  if (!list) return NEG_ESYS;
  for (size_t p = 0; p < g->n_points; p++)
    if (!done[p]) list[n++] = p;
  neg_progress_begin(&pr, !o->quiet, g->n_points, "points");
  c.threads = sweep_threads(sp, base, procs > 1 && n >= 4 * procs ? n / procs : n);
  if (!(c.per = calloc((size_t)c.threads, sizeof *c.per)))
    rc = NEG_ESYS;
  else if (procs > 1 && n >= 4 * procs)
    rc = sweep_rounds(&c, list, n, err);
  else
    rc = sweep_list(&c, list, n, err);
  neg_progress_end(&pr);
  sweep_threads_free(c.per, c.threads);
  free(list);
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

#define NEG_SWEEP_REPLAY "negsim sweep <this folder>/manifest.cfg --out OTHER"

/* What a sweep prints: its base scenario, grid and results. */
typedef struct {
  const neg_scenario *base;
  const neg_grid *g;
  const neg_point_result *r;
} sweep_table;

/* Prints a sweep: the table, or sweep_long.csv's rows (--format);
 * neg_main_commit_set's printer. */
static int sweep_print(const neg_cli_opts *o, const void *arg)
{
  const sweep_table *t = arg;
  neg_report rep = {0};
  FILE *f;
  if (o->format == NEG_FORMAT_TABLE) {
    if (!o->quiet) neg_output_sweep_table(stdout, t->g, t->r);
    return NEG_OK;
  }
  f = neg_report_add(&rep, "sweep_long");
  if (!f || neg_output_write_sweep_long(f, t->g, t->r, t->base->name, t->base->seed) != NEG_OK) {
    neg_report_free(&rep);
    return NEG_ESYS;
  }
  return print_report(&rep, o);
}

/* Writes sweep.csv and the manifest of a finished sweep, prints the table
 * and commits. The exit status, the error printed. */
static int sweep_write(const neg_cli_opts *o, neg_outdir *d, const neg_scenario *base,
                       const neg_grid *g, const neg_point_result *r)
{
  static const char *const names[] = {"sweep.csv", "sweep_long.csv", "manifest.cfg"};
  neg_error err = {{0}, 0, {0}, {0}};
  sweep_table t = {base, g, r};
  neg_output_set *out = neg_output_set_open(d, names, 3, &err);
  if (!out) return report(open_status(&err), &err);
  errno = 0;
  if (neg_output_write_sweep(neg_output_set_file(out, 0), g, r, base->name, base->seed))
    return report(neg_output_set_failed(out, 0, &err), &err);
  if (neg_output_write_sweep_long(neg_output_set_file(out, 1), g, r, base->name, base->seed))
    return report(neg_output_set_failed(out, 1, &err), &err);
  if (neg_output_write_manifest_as(neg_output_set_file(out, 2), base, "the sweep",
                                   NEG_SWEEP_REPLAY))
    return report(neg_output_set_failed(out, 2, &err), &err);
  return neg_main_commit_set(o, out, sweep_print, &t);
}

/* The default folder of a sweep: <name>_sweep_<the varied keys>. */
static void sweep_dir(const neg_cli_opts *o, const neg_scenario *base, char *dir, size_t n)
{
  const char *keys[NEG_MAX_VARY];
  char middle[NEG_DIR_MAX];
  for (int k = 0; k < base->n_vary; k++) keys[k] = base->vary[k];
  neg_main_keys("_sweep_", keys, (size_t)base->n_vary, middle, sizeof middle);
  neg_main_out_dir(o, base->name, middle, dir, n);
}

/* Claims the sweep's folder (process 0) and opens its journal there. The
 * exit status, the error printed. */
static int sweep_open(const neg_cli_opts *o, const neg_scenario *base, const neg_grid *g,
                      const char *dir, neg_outdir **d, neg_journal **j, neg_point_result *r,
                      unsigned char *done, size_t *n_done)
{
  static const char *const id[] = {"manifest.cfg"};
  neg_error err = {{0}, 0, {0}, {0}};
  char *text;
  int rc = NEG_OK;
  if (neg_dist_rank() != 0) return neg_dist_agree(NEG_OK);
  text = neg_output_manifest_text(base, "the sweep", NEG_SWEEP_REPLAY);
  *d = neg_main_claim(o, dir, id, &text, 1, &rc);
  free(text);
  if (*d && !(*j = neg_journal_open(neg_outdir_path(*d), sweep_key(base), g->n_points,
                                    (o->resume ? NEG_JOURNAL_RESUME : 0)
                                    | (o->force ? NEG_JOURNAL_REPLACE : 0), r, done, n_done,
                                    &err)))
    rc = report(strstr(err.reason, "journal") ? NEG_EINPUT : open_status(&err), &err);
  return neg_dist_agree(rc);
}

int neg_verb_sweep(const neg_cli_opts *o)
{
  neg_scenario base;
  neg_error err = {{0}, 0, {0}, {0}};
  neg_point_spec sp = spec_of(o, 0);
  neg_point_result *r = NULL;
  unsigned char *done = NULL;
  neg_journal *j = NULL;
  neg_outdir *d = NULL;
  neg_grid *g = NULL;
  size_t n_done = 0;
  char dir[NEG_DIR_MAX];
  struct timespec t0;
  int rc = need_files(o, 1, 1);
  if (rc || (rc = report(neg_point_load(&sp, NULL, 0, &base, &err), &err))) return rc;
  if (!(g = sweep_grid(o, &base, &err)) || (rc = sweep_axes_check(o, g))
      || (rc = sweep_check(&sp, g, &err))) {
    neg_grid_free(g);
    return report(rc ? rc : NEG_EINPUT, &err);
  }
  sweep_set_axes(o, &base);
  sweep_dir(o, &base, dir, sizeof dir);
  neg_catch_signals(NEG_SIGNALS_SWEEP); /* finished points stay in the journal */
  clock_gettime(CLOCK_MONOTONIC, &t0);
  r = calloc(g->n_points, sizeof *r);
  done = calloc(g->n_points, 1);
  if (!r || !done) {
    fprintf(stderr, "negsim: out of memory\n");
    rc = NEG_ESYS;
  }
  if (rc == NEG_OK) rc = sweep_open(o, &base, g, dir, &d, &j, r, done, &n_done);
  if (rc == NEG_OK) {
    neg_dist_share(r, g->n_points * sizeof *r);
    neg_dist_share(done, g->n_points);
    neg_dist_share(&n_done, sizeof n_done);
    rc = report(sweep_points(o, &sp, g, &base, r, j, done, n_done, &err), &err);
    if (rc == NEG_ESYS && !err.reason[0]) fprintf(stderr, "negsim: out of memory\n");
  }
  if (rc == NEG_OK && d) {
    rc = sweep_write(o, d, &base, g, r);
  } else if (rc == NEG_OK) {
    sweep_table t = {&base, g, r};
    rc = sweep_print(o, &t);
  }
  neg_journal_close(j, rc == NEG_OK);
  neg_outdir_release(d, rc == NEG_OK);
  if (rc == NEG_OK && !o->quiet)
    fprintf(stderr, "negsim: %zu points (%zu resumed) in %.2f s, seed %" PRIu64
            "; wrote %s/\n", g->n_points, n_done, since(&t0), base.seed, dir);
  free(r);
  free(done);
  neg_grid_free(g);
  return rc;
}
