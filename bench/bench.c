/* bench.c: `make bench`, the speed of negsim on one scenario.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 *
 * Measures, for the default scenario (or --scenario):
 *   - replicates per second of neg_engine_run at 1 thread and at all
 *     threads (wall clock, --reps repetitions, the median reported and the
 *     best beside it);
 *   - the draw floor: the time to draw, with the same generator and stream
 *     positioning, as many Philox blocks and words as the model drew for
 *     the same replicates, without the model (counts from a build with
 *     -DNEG_COUNT_DRAWS, --count, passed in with --draws);
 *   - the day-by-day floor: the same for the draws the day-by-day
 *     reference model (NEGSIM_MODEL=reference) makes for replicates of the
 *     scenario (counted by the same build, passed in with --draws-ref),
 *     per replicate: what the goal's floor was before the event-driven
 *     runner;
 *   the repetitions alternate (1 thread, all threads, floors), and the
 *   speed-up and run/floor are medians of each repetition's ratio, so a
 *   ratio compares runs made under the same load;
 *   - peak memory (maximum resident set, from wait4) and wall time of
 *     `negsim run` of --mem-runs replicates at all threads;
 *   - two sweeps of `negsim sweep` end to end, against the engine's rate:
 *     1,024 points of 1,000 replicates and 6,561 points of 100;
 *   - the default scenario's `negsim run` by this build and by the previous
 *     release (--base, built from git by make bench) in turn, side by side;
 *   - the rate of a scenario of the general model (--general) and of one with
 *     incidents of both severities (--incidents);
 * and reports them against the goals of docs/PERFORMANCE.md.
 *
 * Usage: negsim-bench --count [--runs N] [--scenario F]      (counting build)
 *        negsim-bench [--runs N] [--reps K] [--draws FILE] [--draws-ref FILE]
 *                     [--negsim BIN] [--mem-runs M] [--scenario F] [--base BIN]
 *                     [--general F] [--incidents F] */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <ftw.h>
#include <inttypes.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "neg_engine.h"
#include "neg_rng.h"
#include "neg_scenario.h"
#include "neg_tally.h"

#define GOAL_RATE 1000000.0      /* replicates/s with all cores */
#define GOAL_SPEEDUP 1.8         /* from 1 to 2 threads */
#define GOAL_FLOOR_RATIO 2.0     /* run time over draw floor */
#define GOAL_MEM_MB 50.0         /* peak memory at GOAL_MEM_RUNS */
#define GOAL_MEM_RUNS ((uint64_t)100000000)
#define MAX_REPS 101
#define SWEEP_AXES 10            /* parameters the sweeps vary (sweep_axes) */
#define GOAL_RELEASE 0.9         /* the default scenario's rate against the previous release */

typedef struct {
  const char *scenario, *draws, *draws_ref, *negsim;
  const char *base;      /* the previous release's negsim, run side by side */
  const char *general;   /* a scenario of the general model, timed beside */
  const char *incidents; /* a scenario with incidents of both severities, likewise */
  uint64_t runs, mem_runs;
  int reps, count;
} bench_opts;

/* Seconds on the monotonic clock. */
static double now(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Seconds of CPU time this process has used (all threads). */
static double cpu_now(void)
{
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (double)ru.ru_utime.tv_sec + 1e-6 * (double)ru.ru_utime.tv_usec
         + (double)ru.ru_stime.tv_sec + 1e-6 * (double)ru.ru_stime.tv_usec;
}

/* Sorts x[0..n-1] ascending (n is small). */
static void sort(double *x, int n)
{
  for (int i = 1; i < n; i++)
    for (int j = i; j > 0 && x[j - 1] > x[j]; j--) {
      double t = x[j];
      x[j] = x[j - 1];
      x[j - 1] = t;
    }
}

/* Median of x[0..n-1] (sorts x). */
static double median(double *x, int n)
{
  sort(x, n);
  return n % 2 ? x[n / 2] : 0.5 * (x[n / 2 - 1] + x[n / 2]);
}

/* Parses the command line into o; returns 0, or 2 after a message. */
static int parse(int argc, char **argv, bench_opts *o)
{
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--count")) {
      o->count = 1;
      continue;
    }
    if (!v) {
      fprintf(stderr, "negsim-bench: %s: unknown option or missing value\n", a);
      return 2;
    }
    i++;
    if (!strcmp(a, "--runs")) o->runs = strtoull(v, NULL, 10);
    else if (!strcmp(a, "--reps")) o->reps = atoi(v);
    else if (!strcmp(a, "--mem-runs")) o->mem_runs = strtoull(v, NULL, 10);
    else if (!strcmp(a, "--scenario")) o->scenario = v;
    else if (!strcmp(a, "--draws")) o->draws = v;
    else if (!strcmp(a, "--draws-ref")) o->draws_ref = v;
    else if (!strcmp(a, "--negsim")) o->negsim = v;
    else if (!strcmp(a, "--base")) o->base = v;
    else if (!strcmp(a, "--general")) o->general = v;
    else if (!strcmp(a, "--incidents")) o->incidents = v;
    else {
      fprintf(stderr, "negsim-bench: %s: unknown option\n", a);
      return 2;
    }
  }
  if (o->runs < 1 || o->reps < 1 || o->reps > MAX_REPS) {
    fprintf(stderr, "negsim-bench: --runs must be >= 1 and --reps 1..%d\n", MAX_REPS);
    return 2;
  }
  return 0;
}

/* Times one run of o->runs replicates of s at `threads` threads into t:
 * wall seconds in *secs, CPU seconds in *cpu. Returns 0, or 1 on failure. */
static int time_once(const neg_scenario *s, const bench_opts *o, neg_tally *t, int threads,
                     double *secs, double *cpu)
{
  double t0 = now(), c0 = cpu_now();
  neg_tally_reset(t);
  if (neg_engine_run(s, s->seed, 0, o->runs, threads, t, NULL) != NEG_OK) return 1;
  *secs = now() - t0;
  *cpu = cpu_now() - c0;
  return 0;
}

#define FLOOR_BATCH_MAX 256 /* largest batch the floor replays */

/* The draw floor: for each of `runs` replicates, makes its share of the
 * counted batches of blocks (neg_philox_lanes, of the mean counted size, in
 * streams of the replicate), positions its share of the blocks
 * computed one by one as fresh streams, and converts its share of the
 * words drawn to uniforms (from the batches' blocks first, then at most 4
 * a stream), summing them. Returns the seconds taken; *sink receives the
 * sum. */
static double floor_once(uint64_t seed, uint64_t runs, const neg_rng_count *c, double *sink)
{
  static uint32_t out[FLOOR_BATCH_MAX][4], c2[FLOOR_BATCH_MAX], blk[FLOOR_BATCH_MAX];
  neg_rng *r = neg_rng_alloc();
  neg_draws d;
  double sum = 0.0, t0 = now();
  uint64_t b_done = 0, w_done = 0, c_done = 0, x_done = 0;
  for (uint64_t i = 0; i < runs; i++) {
    uint64_t b_next = c->blocks * (i + 1) / runs, w_next = c->words * (i + 1) / runs;
    uint64_t c_next = c->batches * (i + 1) / runs, x_next = c->batched * (i + 1) / runs;
    uint64_t nb = b_next - b_done, nw = w_next - w_done, nc = c_next - c_done;
    uint64_t nx = x_next - x_done;
    neg_rng_set(r, seed, i);
    for (uint64_t j = 0; j < nc; j++) {
      uint64_t n = nx * (j + 1) / nc - nx * j / nc;
      if (n > FLOOR_BATCH_MAX) n = FLOOR_BATCH_MAX;
      neg_draws_init(&d, r, (neg_stream)(j % NEG_STREAM_COUNT), (int)(j / NEG_STREAM_COUNT));
      for (uint64_t k = 0; k < n; k++) {
        c2[k] = d.ctr[2];
        blk[k] = (uint32_t)k;
      }
      neg_philox_lanes(d.key, d.ctr[0], d.ctr[1], c2, blk, (int)n, out);
      for (uint64_t k = 0; k < 4 * n && nw > 0; k++, nw--) sum += neg_rng_u01(out[k / 4][k % 4]);
    }
    for (uint64_t j = 0; j < nb; j++) {
      uint64_t k = nw * (j + 1) / nb - nw * j / nb;
      if (k < 1) k = 1;
      if (k > 4) k = 4;
      neg_draws_init(&d, r, (neg_stream)(j % NEG_STREAM_COUNT), (int)(j / NEG_STREAM_COUNT));
      for (uint64_t w = 0; w < k; w++) sum += neg_draws_uniform(&d);
    }
    b_done = b_next;
    w_done = w_next;
    c_done = c_next;
    x_done = x_next;
  }
  *sink = sum;
  neg_rng_free(r);
  return now() - t0;
}

/* Reads "blocks words batched batches runs" from path; returns 0 or 1. */
static int read_draws(const char *path, neg_rng_count *c, uint64_t *runs)
{
  FILE *f = fopen(path, "r");
  int ok = f && fscanf(f, "%" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64,
                       &c->blocks, &c->words, &c->batched, &c->batches, runs) == 5;
  if (f) fclose(f);
  return !ok;
}

/* Removes one entry (nftw callback). */
static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
  (void)st;
  (void)flag;
  (void)ftw;
  return remove(path);
}

/* Runs negsim with args (NULL-terminated; "OUT" stands for a temporary
 * output folder) as a child; sets its peak resident set (KB) and wall
 * seconds. Returns 0, or 1 when it could not run or failed. */
static double last_child_cpu;   /* user + system seconds of the last child */

static int program_child(const char *program, const char *const *args, long *maxrss_kb,
                         double *secs)
{
  char dir[] = "/tmp/negsim-bench-XXXXXX", out[64];
  struct rusage ru;
  int status;
  pid_t pid;
  if (!mkdtemp(dir)) return 1;
  snprintf(out, sizeof out, "%s/out", dir);   /* a folder the run makes itself */
  double t0 = now();
  pid = fork();
  if (pid == 0) {   /* the child's own copies of the arguments */
    char *argv[64];
    int n = 0;
    argv[n++] = strdup(program);
    for (; args[n - 1] && n < 63; n++)
      argv[n] = strdup(strcmp(args[n - 1], "OUT") ? args[n - 1] : out);
    argv[n] = NULL;
    execv(argv[0], argv);
    _exit(127);
  }
  if (pid < 0 || wait4(pid, &status, 0, &ru) != pid) {
    nftw(dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
    return 1;
  }
  *secs = now() - t0;
  *maxrss_kb = ru.ru_maxrss;
  last_child_cpu = (double)ru.ru_utime.tv_sec + 1e-6 * (double)ru.ru_utime.tv_usec
                   + (double)ru.ru_stime.tv_sec + 1e-6 * (double)ru.ru_stime.tv_usec;
  nftw(dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
  return !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* program_child of this build's negsim. */
static int negsim_child(const bench_opts *o, const char *const *args, long *maxrss_kb,
                        double *secs)
{
  return program_child(o->negsim, args, maxrss_kb, secs);
}

/* `negsim run` of the scenario with mem_runs replicates: peak memory. */
static int mem_run(const bench_opts *o, long *maxrss_kb, double *secs)
{
  char runs[32];
  snprintf(runs, sizeof runs, "%" PRIu64, o->mem_runs);
  const char *args[] = {"run", o->scenario, "--runs", runs, "--quiet", "--out", "OUT", NULL};
  return negsim_child(o, args, maxrss_kb, secs);
}

/* The parameters the sweeps vary, each at a low, a middle and a high
 * level. */
static const char *const sweep_axes[SWEEP_AXES][4] = {
  {"rounds.probability", "0.5", "0.65", "0.8"},
  {"parties.russia.compliance", "0.95", "0.96", "0.98"},
  {"parties.ukraine.compliance", "0.95", "0.96", "0.98"},
  {"parties.russia.reciprocity", "0.2", "0.3", "0.4"},
  {"parties.ukraine.reciprocity", "0.2", "0.3", "0.4"},
  {"maritime.daily_probability", "0.01", "0.02", "0.03"},
  {"momentum.volatility", "0.03", "0.05", "0.08"},
  {"parties.russia.temperature", "0.8", "1", "1.2"},
  {"parties.ukraine.temperature", "0.8", "1", "1.2"},
  {"world.guarantee", "0.1", "0.2", "0.4"},
};

/* `negsim sweep` of the scenario over the first `axes` parameters of
 * sweep_axes at `levels` levels each (2: low and high; 3), `runs`
 * replicates a point: how much of the engine's speed a sweep of many
 * points keeps. The fastest of reps runs, in *secs; its points in *points. */
static int sweep_run(const bench_opts *o, int axes, int levels, int runs, double *secs,
                     double *points)
{
  char nruns[32], vary[SWEEP_AXES][128];
  const char *args[8 + 2 * SWEEP_AXES + 1] = {"sweep", o->scenario, "--runs", nruns, "--quiet",
                                             "--out", "OUT"};
  int n = 7;
  long rss;
  snprintf(nruns, sizeof nruns, "%d", runs);
  *points = 1.0;
  for (int a = 0; a < axes; a++) {
    const char *const *x = sweep_axes[a];
    if (levels == 2) snprintf(vary[a], sizeof vary[a], "%s=%s,%s", x[0], x[1], x[3]);
    else snprintf(vary[a], sizeof vary[a], "%s=%s,%s,%s", x[0], x[1], x[2], x[3]);
    args[n++] = "--vary";
    args[n++] = vary[a];
    *points *= levels;
  }
  args[n] = NULL;
  *secs = 0.0;
  for (int k = 0; k < o->reps; k++) {
    double t;
    if (negsim_child(o, args, &rss, &t)) return 1;
    if (k == 0 || t < *secs) *secs = t;
  }
  return 0;
}

/* Times and prints the sweep of sweep_run against rate, the engine's at
 * all threads. Returns 0, or 1 when the sweep failed. */
static int sweep_line(const bench_opts *o, int axes, int levels, int runs, double rate)
{
  double secs, points;
  if (sweep_run(o, axes, levels, runs, &secs, &points)) {
    fprintf(stderr, "negsim-bench: %s sweep failed\n", o->negsim);
    return 1;
  }
  printf("sweep         %.0f points (%d parameters, %d levels each) x %d replicates: %.2f s "
         "(best of %d), %.0f replicates/s, %.0f%% of the engine's rate at %d threads\n",
         points, axes, levels, runs, secs, o->reps, points * runs / secs,
         100.0 * points * runs / secs / rate, omp_get_num_procs());
  return 0;
}

/* `negsim run` of scenario with runs replicates at all threads by program:
 * its wall seconds in *secs. */
static int run_child(const char *program, const char *scenario, uint64_t runs, double *secs)
{
  char n[32];
  long rss;
  snprintf(n, sizeof n, "%" PRIu64, runs);
  const char *args[] = {"run", scenario, "--runs", n, "--quiet", "--out", "OUT", NULL};
  return program_child(program, args, &rss, secs);
}

/* The default scenario's `negsim run` by this build and by the previous
 * release (o->base), alternating, 3 * o->reps times each (order swapped in
 * every other pair): the medians side by side, wall clock and CPU time
 * (user + system of all threads: less moved by other work on the machine),
 * and the median of the pairs' CPU-time ratios, which the goal judges.
 * Sets *ratio. */
static int release_line(const bench_opts *o, double *ratio)
{
  enum { PAIRS = 3 * MAX_REPS };
  double now_s[PAIRS], base_s[PAIRS], now_c[PAIRS], base_c[PAIRS], r[PAIRS];
  const int n = 3 * o->reps < PAIRS ? 3 * o->reps : PAIRS;
  for (int k = 0; k < n; k++) {
    const int first = k % 2;   /* which runs first in this pair */
    for (int x = 0; x < 2; x++) {
      const int base = x == first;
      if (run_child(base ? o->base : o->negsim, o->scenario, o->runs, base ? &base_s[k] : &now_s[k])) {
        fprintf(stderr, "negsim-bench: a run of %s failed\n", base ? o->base : o->negsim);
        return 1;
      }
      (base ? base_c : now_c)[k] = last_child_cpu;
    }
    r[k] = base_c[k] / now_c[k];
  }
  *ratio = median(r, n);
  printf("release       this build %.0f replicates/s (%.3f us CPU each), previous release (%s) "
         "%.0f replicates/s (%.3f us CPU each): %.3fx by CPU time (`negsim run` of %" PRIu64
         " at %d threads, medians of %d pairs)\n",
         (double)o->runs / median(now_s, n), 1e6 * median(now_c, n) / (double)o->runs, o->base,
         (double)o->runs / median(base_s, n), 1e6 * median(base_c, n) / (double)o->runs, *ratio,
         o->runs, omp_get_num_procs(), n);
  return 0;
}

/* `negsim run` of scenario (what it is: label): its rate. */
static int scenario_line(const bench_opts *o, const char *scenario, const char *label,
                         const char *what)
{
  double t[MAX_REPS];
  uint64_t runs = o->runs / 4 > 0 ? o->runs / 4 : 1;
  for (int k = 0; k < o->reps; k++)
    if (run_child(o->negsim, scenario, runs, &t[k])) {
      fprintf(stderr, "negsim-bench: %s run of %s failed\n", o->negsim, scenario);
      return 1;
    }
  printf("%-13s %.0f replicates/s for %s (%s; `negsim run` of %" PRIu64 ", median of %d)\n",
         label, (double)runs / median(t, o->reps), scenario, what, runs, o->reps);
  return 0;
}

/* Prints the load average of the machine: other work on it slows the
 * measurements down. */
static void load_average(const char *when)
{
  double l1 = 0.0, l5 = 0.0;
  FILE *f = fopen("/proc/loadavg", "r");
  if (f && fscanf(f, "%lf %lf", &l1, &l5) == 2)
    printf("load average  %.2f (1 min), %.2f (5 min) %s, on %d cores\n", l1, l5, when,
           omp_get_num_procs());
  if (f) fclose(f);
}

/* "met" or "NOT met". */
static const char *met(int ok)
{
  return ok ? "met" : "NOT met";
}

/* Counting mode: runs the replicates once and prints "blocks words
 * batched batches runs". */
static int count_mode(const neg_scenario *s, const bench_opts *o)
{
  neg_rng_count c;
  neg_tally *t = neg_tally_alloc(s);
  if (!t || neg_engine_run(s, s->seed, 0, o->runs, 0, t, NULL) != NEG_OK) {
    fprintf(stderr, "negsim-bench: out of memory\n");
    neg_tally_free(t);
    return 1;
  }
  neg_tally_free(t);
  if (!neg_rng_counts(&c)) {
    fprintf(stderr, "negsim-bench: --count needs a build with -DNEG_COUNT_DRAWS\n");
    return 2;
  }
  printf("%" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 "\n", c.blocks, c.words,
         c.batched, c.batches, o->runs);
  return 0;
}

int main(int argc, char **argv)
{
  bench_opts o = {"scenarios/energy_pause_2025.cfg", NULL, NULL, NULL, NULL, NULL, NULL,
                  1000000, 0, 5, 0};
  double release = 0.0;
  neg_scenario *s = malloc(sizeof *s);
  neg_error err;
  double one[MAX_REPS], all[MAX_REPS], fl[MAX_REPS], up[MAX_REPS], rf[MAX_REPS], sink = 0.0;
  double cpu1[MAX_REPS], cpuall[MAX_REPS], fref[MAX_REPS], rref[MAX_REPS], sink_ref = 0.0;
  neg_rng_count c = {0, 0, 0, 0}, cref = {0, 0, 0, 0};
  uint64_t cruns = 0, ref_runs = 0;
  neg_tally *t;
  int threads = omp_get_num_procs(), rc;
  if (!s) return 1;
  if ((rc = parse(argc, argv, &o)) == 0 && neg_scenario_load(o.scenario, NULL, 0, s, &err)) {
    neg_error_print(stderr, &err);
    rc = 2;
  }
  if (rc) {
    free(s);
    return rc;
  }
  if (o.count) {
    rc = count_mode(s, &o);
    free(s);
    return rc;
  }
  printf("negsim bench: %s, seed %" PRIu64 ", %" PRIu64 " replicates per measurement, "
         "%d repetitions (median; best in brackets)\n",
         o.scenario, s->seed, o.runs, o.reps);
  load_average("at start");
  if (o.draws && (read_draws(o.draws, &c, &cruns) || cruns != o.runs)) {
    fprintf(stderr, "negsim-bench: %s: no counts for %" PRIu64 " replicates\n", o.draws, o.runs);
    return 2;
  }
  if (o.draws_ref && (read_draws(o.draws_ref, &cref, &ref_runs) || ref_runs == 0)) {
    fprintf(stderr, "negsim-bench: %s: no counts\n", o.draws_ref);
    return 2;
  }
  /* the measurements alternate (1 thread, all threads, floor), so that
   * each ratio compares runs made under the same conditions */
  if (!(t = neg_tally_alloc(s))) return 1;
  for (int k = 0; k < o.reps; k++) {
    if (time_once(s, &o, t, 1, &one[k], &cpu1[k])
        || time_once(s, &o, t, threads, &all[k], &cpuall[k])) {
      fprintf(stderr, "negsim-bench: out of memory\n");
      return 1;
    }
    up[k] = one[k] / all[k];
    if (o.draws) {
      fl[k] = floor_once(s->seed, o.runs, &c, &sink);
      rf[k] = one[k] / fl[k];
    }
    if (o.draws_ref) {   /* its replicates, scaled to o.runs */
      fref[k] = floor_once(s->seed, ref_runs, &cref, &sink_ref) * (double)o.runs / (double)ref_runs;
      rref[k] = one[k] / fref[k];
    }
  }
  neg_tally_free(t);
  double m1 = median(one, o.reps), mall = median(all, o.reps);
  double c1 = median(cpu1, o.reps), call = median(cpuall, o.reps);
  double r1 = (double)o.runs / m1, rall = (double)o.runs / mall;
  double speedup = median(up, o.reps), ratio = o.draws ? median(rf, o.reps) : 0.0;
  int have_floor = o.draws != NULL;
  printf("1 thread      %12.0f replicates/s  (best %.0f)  %.3f s\n", r1,
         (double)o.runs / one[0], m1);
  printf("%d threads     %12.0f replicates/s  (best %.0f)  %.3f s  speed-up %.2fx\n",
         threads, rall, (double)o.runs / all[0], mall, speedup);
  printf("CPU time      %.3f us per replicate at 1 thread, %.3f us at %d (all threads' time; "
         "median)\n",
         1e6 * c1 / (double)o.runs, 1e6 * call / (double)o.runs, threads);
  if (have_floor) {
    double mf = median(fl, o.reps);
    printf("draws         %.2f Philox blocks (%.2f in %.2f batches, %.2f one by one) and %.2f "
           "words per replicate\n",
           (double)(c.batched + c.blocks) / (double)o.runs, (double)c.batched / (double)o.runs,
           (double)c.batches / (double)o.runs, (double)c.blocks / (double)o.runs,
           (double)c.words / (double)o.runs);
    printf("draw floor    %12.0f replicates/s  (best %.0f)  %.3f s  run/floor %.2fx"
           "  (checksum %.3f)\n",
           (double)o.runs / mf, (double)o.runs / fl[0], mf, ratio,
           sink / (double)c.words);
  }
  if (o.draws_ref) {
    double mr = median(fref, o.reps);
    printf("day-by-day    %.2f Philox blocks and %.2f words per replicate in the day-by-day "
           "reference model\n",
           (double)(cref.batched + cref.blocks) / (double)ref_runs,
           (double)cref.words / (double)ref_runs);
    printf("its floor     %12.0f replicates/s  %.3f s  run/that floor %.2fx  (checksum %.3f; "
           "not a goal)\n",
           (double)o.runs / mr, mr, median(rref, o.reps), sink_ref / (double)cref.words);
  }

  int have_mem = 0;
  long rss = 0;
  double msecs = 0.0;
  if (o.negsim && o.mem_runs > 0) {
    if (mem_run(&o, &rss, &msecs)) {
      fprintf(stderr, "negsim-bench: %s run failed\n", o.negsim);
      return 1;
    }
    have_mem = 1;
    printf("peak memory   %.1f MB (maximum resident set) for `negsim run` of %" PRIu64
           " replicates at %d threads, %.1f s (%.0f replicates/s)\n",
           (double)rss / 1024.0, o.mem_runs, threads, msecs, (double)o.mem_runs / msecs);
  }

  /* sweeps: ten parameters at two levels, 1,024 points of 1,000 replicates;
   * eight at three, 6,561 small points of 100 */
  if (o.negsim && (sweep_line(&o, SWEEP_AXES, 2, 1000, rall) || sweep_line(&o, 8, 3, 100, rall)))
    return 1;

  if (o.negsim && o.base && release_line(&o, &release)) return 1;
  if (o.negsim && o.general
      && scenario_line(&o, o.general, "general model",
                       "issues, side deals, renewal conditions, a schedule"))
    return 1;
  if (o.negsim && o.incidents
      && scenario_line(&o, o.incidents, "incidents", "minor and major incidents, tolerated "
                       "enforcement"))
    return 1;

  load_average("at end");
  printf("goals\n");
  if (o.base)
    printf("  the default scenario within 10%% of the previous release's rate: %.3fx  %s\n",
           release, met(release >= GOAL_RELEASE));
  printf("  >= %.0f replicates/s with all %d cores (at the host's usual speed: compare the "
         "load average): %.0f  %s\n", GOAL_RATE, threads, rall, met(rall >= GOAL_RATE));
  printf("  >= %.1fx from 1 to %d threads: %.2fx  %s\n", GOAL_SPEEDUP, threads, speedup,
         met(speedup >= GOAL_SPEEDUP));
  if (have_floor)   /* retired by the project (docs/PERFORMANCE.md); shown for the record */
    printf("  (retired) run within %.0fx of its draw floor: %.2fx\n", GOAL_FLOOR_RATIO, ratio);
  if (have_mem)
    printf("  peak memory < %.0f MB at %" PRIu64 " replicates: %.1f MB at %" PRIu64 "  %s%s\n",
           GOAL_MEM_MB, GOAL_MEM_RUNS, (double)rss / 1024.0, o.mem_runs,
           met(rss / 1024.0 < GOAL_MEM_MB),
           o.mem_runs < GOAL_MEM_RUNS ? " (scaled run; make bench-full runs 100,000,000)" : "");
  free(s);
  return 0;
}
