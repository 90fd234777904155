/* main.c: the command line. The only part that prints to the terminal or
 * exits.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "neg_engine.h"
#include "neg_output.h"
#include "neg_rng.h"
#include "neg_scenario.h"
#include "neg_tally.h"

#define NEG_MAX_SETS 256
#define NEG_RECORD_BATCH 65536    /* per-run rows buffered at a time */
#define NEG_MAX_RUNS 1000000000ULL
#define NEG_MAX_THREADS 1024

static const char usage_text[] =
  "Usage: negsim VERB [OPTIONS] [FILE]\n"
  "\n"
  "negsim estimates, by Monte Carlo, how a temporary pause in a war ends:\n"
  "in a full ceasefire, extended, lapsed or collapsed.\n"
  "\n"
  "Verbs:\n"
  "  run FILE      simulate the scenario in FILE (libconfig) and write\n"
  "                summary.csv, daily.csv and manifest.cfg (and runs.csv\n"
  "                with --per-run) into the output folder; print a table\n"
  "  check FILE    validate FILE and print the resolved scenario, every\n"
  "                default filled in, as a scenario file\n"
  "  params        print the table of every scenario parameter (markdown)\n"
  "  help          print this text\n"
  "  version       print the version\n"
  "\n"
  "Options:\n"
  "  --runs N      replicates (1 to 1000000000; default: run.runs in FILE)\n"
  "  --seed S      random seed (0 to 2^63-1; default: run.seed in FILE)\n"
  "  --threads T   worker threads (1 to 1024; absent: all cores);\n"
  "                results are identical for every T\n"
  "  --out DIR     output folder (default: results/<scenario name>/);\n"
  "                created if missing; files are replaced only once a run\n"
  "                has completed\n"
  "  --per-run     also write runs.csv, one row per replicate\n"
  "  --set K=V     override setting K (e.g. parties.russia.compliance=0.9);\n"
  "                repeatable; applied before validation (run and check)\n"
  "  --quiet       print nothing on success\n"
  "  -h, --help    print this text\n"
  "  --version     print the version\n"
  "\n"
  "Exit status: 0 success, 1 a fault of the system (e.g. disk full),\n"
  "2 bad input (scenario, option or output folder); every error is one line\n"
  "'file:line: key: reason' on stderr and no output is written.\n"
  "\n"
  "Documentation: README.md, docs/MODEL.md, docs/schema.md, docs/OUTPUTS.md.\n";

/* Parsed command line. */
typedef struct {
  const char *verb;
  const char *file;
  uint64_t runs;        /* 0: from the scenario */
  int has_seed;
  uint64_t seed;
  int threads;
  const char *out;
  int per_run;
  int quiet;
  const char *sets[NEG_MAX_SETS];
  size_t nsets;
} cli_opts;

/* Prints a command-line error naming the flag and returns NEG_EINPUT. */
__attribute__((format(printf, 2, 3)))
static int cli_fail(const char *flag, const char *fmt, ...)
{
  va_list ap;
  fprintf(stderr, "negsim: %s: ", flag);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, " (see negsim --help)\n");
  return NEG_EINPUT;
}

/* Parses a whole decimal number in [lo, hi] into *v. Returns 0 on success. */
static int parse_u64(const char *text, uint64_t lo, uint64_t hi, uint64_t *v)
{
  char *end;
  unsigned long long x;
  if (!text || !*text || *text == '-' || *text == '+' || *text == ' ') return -1;
  errno = 0;
  x = strtoull(text, &end, 10);
  if (errno || *end || x < lo || x > hi) return -1;
  *v = x;
  return 0;
}

enum { OPT_RUNS = 256, OPT_SEED, OPT_THREADS, OPT_OUT, OPT_PER_RUN, OPT_SET,
       OPT_QUIET, OPT_VERSION };

/* Applies one parsed option. Returns NEG_OK or NEG_EINPUT. */
static int cli_option(cli_opts *o, int c, const char *arg)
{
  uint64_t v;
  switch (c) {
  case OPT_RUNS:
    if (parse_u64(arg, 1, NEG_MAX_RUNS, &o->runs))
      return cli_fail("--runs", "expected a whole number from 1 to 1000000000, got '%s'", arg);
    return NEG_OK;
  case OPT_SEED:
    if (parse_u64(arg, 0, INT64_MAX, &o->seed))
      return cli_fail("--seed", "expected a whole number from 0 to 9223372036854775807, got '%s'", arg);
    o->has_seed = 1;
    return NEG_OK;
  case OPT_THREADS:
    if (parse_u64(arg, 1, NEG_MAX_THREADS, &v))
      return cli_fail("--threads", "expected a whole number from 1 to 1024, got '%s'", arg);
    o->threads = (int)v;
    return NEG_OK;
  case OPT_OUT:
    if (!*arg) return cli_fail("--out", "expected a folder, got '%s'", arg);
    o->out = arg;
    return NEG_OK;
  case OPT_PER_RUN: o->per_run = 1; return NEG_OK;
  case OPT_QUIET: o->quiet = 1; return NEG_OK;
  case OPT_SET:
    if (o->nsets == NEG_MAX_SETS) return cli_fail("--set", "more than 256 overrides");
    if (!strchr(arg, '='))
      return cli_fail("--set", "malformed override '%s', expected key=value", arg);
    o->sets[o->nsets++] = arg;
    return NEG_OK;
  default: return NEG_EINPUT;
  }
}

/* Parses argv into o. Returns NEG_OK, NEG_EINPUT, or -1 when --help or
 * --version already answered. */
static int cli_parse(int argc, char **argv, cli_opts *o)
{
  static const struct option longopts[] = {
    {"runs", required_argument, NULL, OPT_RUNS},
    {"seed", required_argument, NULL, OPT_SEED},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"out", required_argument, NULL, OPT_OUT},
    {"per-run", no_argument, NULL, OPT_PER_RUN},
    {"set", required_argument, NULL, OPT_SET},
    {"quiet", no_argument, NULL, OPT_QUIET},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0}};
  int c;
  memset(o, 0, sizeof *o);
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
    if (c == 'h') { fputs(usage_text, stdout); return -1; }
    if (c == OPT_VERSION) { printf("negsim %s\n", NEG_VERSION); return -1; }
    if (c == '?') return cli_fail(argv[optind - 1], "unknown option");
    if (c == ':') return cli_fail(argv[optind - 1], "missing value");
    if (cli_option(o, c, optarg)) return NEG_EINPUT;
  }
  if (optind >= argc) return cli_fail("negsim", "missing verb");
  o->verb = argv[optind++];
  if (optind < argc) o->file = argv[optind++];
  if (optind < argc) return cli_fail(argv[optind], "unexpected argument");
  return NEG_OK;
}

/* Loads the scenario named on the command line; prints the error. */
static int load(const cli_opts *o, neg_scenario *s)
{
  neg_error err;
  int rc;
  if (!o->file) return cli_fail(o->verb, "missing scenario file");
  rc = neg_scenario_load(o->file, o->sets, o->nsets, s, &err);
  if (rc != NEG_OK) neg_error_print(stderr, &err);
  return rc;
}

/* Runs the replicates, streaming per-run rows to out when asked. */
static int simulate(const cli_opts *o, const neg_scenario *s, neg_output *out,
                    neg_tally *t)
{
  neg_record *rec;
  neg_error err = {{0}, 0, {0}, {0}};
  if (!o->per_run) return neg_engine_run(s, s->seed, 0, s->runs, o->threads, t, NULL);
  rec = malloc(NEG_RECORD_BATCH * sizeof *rec);
  if (!rec) return NEG_ESYS;
  for (uint64_t first = 0; first < s->runs; first += NEG_RECORD_BATCH) {
    uint64_t n = s->runs - first < NEG_RECORD_BATCH ? s->runs - first : NEG_RECORD_BATCH;
    int rc = neg_engine_run(s, s->seed, first, n, o->threads, t, rec);
    if (rc == NEG_OK) rc = neg_output_records(out, rec, (size_t)n, &err);
    if (rc != NEG_OK) {
      if (rc != NEG_ESYS || err.reason[0]) neg_error_print(stderr, &err);
      free(rec);
      return NEG_ESYS;
    }
  }
  free(rec);
  return NEG_OK;
}

/* The run verb. */
static int verb_run(const cli_opts *o)
{
  neg_scenario s;
  neg_error err;
  neg_output *out;
  neg_tally *t;
  char dir[4096];
  struct timespec t0, t1;
  int rc = load(o, &s);
  if (rc) return rc;
  if (o->runs) s.runs = o->runs;
  if (o->has_seed) s.seed = o->seed;
  snprintf(dir, sizeof dir, "%s", o->out ? o->out : "results/");
  if (!o->out) strncat(dir, s.name, sizeof dir - strlen(dir) - 1);
  if (!(out = neg_output_open(dir, o->per_run, &s, &err))) {
    neg_error_print(stderr, &err);
    return NEG_EINPUT;
  }
  if (!(t = neg_tally_alloc(&s))) {
    neg_output_abort(out);
    fprintf(stderr, "negsim: out of memory\n");
    return NEG_ESYS;
  }
  clock_gettime(CLOCK_MONOTONIC, &t0);
  rc = simulate(o, &s, out, t);
  if (rc != NEG_OK) {
    neg_output_abort(out);
    neg_tally_free(t);
    fprintf(stderr, "negsim: the simulation failed (out of memory or a write error)\n");
    return NEG_ESYS;
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  neg_run_info info = {s.seed, s.runs};
  if ((rc = neg_output_commit(out, &s, t, &info, &err)) != NEG_OK) {
    neg_error_print(stderr, &err);
    neg_tally_free(t);
    return NEG_ESYS;
  }
  if (!o->quiet) {
    neg_output_table(stdout, &s, t);
    fprintf(stderr, "negsim: %" PRIu64 " runs in %.2f s, seed %" PRIu64 "; wrote %s/\n",
            s.runs, (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec),
            s.seed, dir);
  }
  neg_tally_free(t);
  return NEG_OK;
}

/* The check verb: validate and print the resolved scenario. */
static int verb_check(const cli_opts *o)
{
  neg_scenario s;
  int rc = load(o, &s);
  if (rc) return rc;
  if (o->runs) s.runs = o->runs;
  if (o->has_seed) s.seed = o->seed;
  if (neg_scenario_write(stdout, &s) != NEG_OK || fflush(stdout) != 0) {
    fprintf(stderr, "negsim: check: cannot write the scenario to standard output\n");
    return NEG_ESYS;
  }
  return NEG_OK;
}

/* Dispatches to the verb. */
static int dispatch(const cli_opts *o)
{
  static const char *const no_file[] = {"params", "help", "version"};
  if (!strcmp(o->verb, "run")) return verb_run(o);
  if (!strcmp(o->verb, "check")) return verb_check(o);
  for (size_t k = 0; k < sizeof no_file / sizeof no_file[0]; k++)
    if (!strcmp(o->verb, no_file[k]) && o->file)
      return cli_fail(o->file, "unexpected argument");
  if (!strcmp(o->verb, "params")) { neg_param_markdown(stdout); return NEG_OK; }
  if (!strcmp(o->verb, "help")) { fputs(usage_text, stdout); return NEG_OK; }
  if (!strcmp(o->verb, "version")) { printf("negsim %s\n", NEG_VERSION); return NEG_OK; }
  return cli_fail(o->verb, "unknown verb, expected run, check, params, help or version");
}

int main(int argc, char **argv)
{
  cli_opts o;
  int rc = cli_parse(argc, argv, &o);
  if (rc < 0) return 0;
  if (rc) return rc;
  return dispatch(&o);
}
