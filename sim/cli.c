/* cli.c: parsing and checking the command line.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "neg_cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "neg_report.h"
#include "neg_scenario.h"

const char neg_cli_usage[] =
  "Usage: negsim VERB [OPTIONS] FILE     (one scenario file; compare: A [B];\n"
  "                                       params, help, version: none)\n"
  "\n"
  "negsim estimates, by Monte Carlo, how a temporary pause in a war ends:\n"
  "in a full ceasefire, extended, lapsed or collapsed.\n"
  "\n"
  "Verbs:\n"
  "  run FILE      simulate the scenario in FILE (libconfig) and write\n"
  "                summary.csv, daily.csv and manifest.cfg (and runs.csv\n"
  "                with --per-run) into the output folder; print a table\n"
  "  sweep FILE    simulate every point of a grid (--vary, or the sweep\n"
  "                group of FILE) with common random numbers; write sweep.csv\n"
  "  compare A [B] compare scenario B (or A with the --vs overrides) with A:\n"
  "                paired differences of the outcome probabilities with\n"
  "                common random numbers; write compare.csv\n"
  "  sensitivity FILE\n"
  "                Sobol indices of each outcome probability with respect to\n"
  "                the uncertain parameters of FILE (Saltelli design, common\n"
  "                random numbers); write sensitivity.csv, uncertainty.csv\n"
  "  calibrate FILE --target O=P,... --free K,...\n"
  "                fit the free settings K to target outcome probabilities;\n"
  "                write calibrated.cfg, fit.csv, fit_params.csv\n"
  "  score DIR|LABELS [CASE...]\n"
  "                score negsim's forecasts of real truces (the cases of\n"
  "                DIR/labels.csv, or of LABELS, all or the CASE files given)\n"
  "                and two baselines against what happened; write score.csv\n"
  "                (docs/VALIDATION.md)\n"
  "  check FILE    validate FILE and print the resolved scenario, every\n"
  "                default filled in, as a scenario file\n"
  "  params        print the table of every scenario parameter (markdown)\n"
  "  help          print this text\n"
  "  version       print the version\n"
  "\n"
  "Options:\n"
  "  --runs N      replicates (per point; 1 to 1000000000; default: run.runs)\n"
  "  --seed S      random seed (0 to 2^63-1; default: run.seed in FILE)\n"
  "  --threads T   worker threads (1 to 1024; absent: all cores);\n"
  "                results are identical for every T\n"
  "  --out DIR     output folder (default: results/<scenario name>/, for\n"
  "                sweep results/<name>_sweep/, for compare\n"
  "                results/<A>_vs_<B>/, for sensitivity and calibrate\n"
  "                results/<name>_sensitivity/ and _calibrated/, for score\n"
  "                results/<folder>_score/); created\n"
  "                if missing; files are replaced only once the work has\n"
  "                completed\n"
  "  --precision H run, sweep: run batches of 10000 replicates until every\n"
  "                outcome's 95% interval half-width is at most H (0.0001 to\n"
  "                0.5), --runs at the most (default 1000000000); total_runs\n"
  "                in the outputs says how many it took\n"
  "  --resume      sweep: complete a sweep that was interrupted, keeping the\n"
  "                points it had finished (same scenario, grid and options)\n"
  "  --per-run     run: also write runs.csv, one row per replicate\n"
  "  --set K=V     override setting K (e.g. parties.russia.compliance=0.9);\n"
  "                repeatable; applied before validation (every verb)\n"
  "  --vary K=SPEC sweep: vary setting K over from:to:steps (steps points,\n"
  "                ends included) or a list v1,v2,...; repeatable (up to 16\n"
  "                axes): the grid is the full factorial, the last --vary\n"
  "                varying fastest\n"
  "  --vs K=V      compare: B is A with this override; repeatable\n"
  "  --samples N   sensitivity: rows of each sample of the design (2 to\n"
  "                1000000; default 256); N (k + 2) points are run\n"
  "                (sensitivity --runs: replicates per point, default 1000;\n"
  "                calibrate --runs: per evaluation, default 10000)\n"
  "  --target T    calibrate: target probabilities, e.g.\n"
  "                lapsed=0.44,extended+ceasefire=0.50,collapsed=0.05\n"
  "  --free K,...  calibrate: the float settings to fit, each K or K=LO:HI\n"
  "                (interval searched; default: its distribution's support\n"
  "                or its range)\n"
  "  --target-n N  calibrate: the number of cases behind the targets, for\n"
  "                the standard errors (default: targets taken as exact)\n"
  "  --format F    what a verb prints on standard output: table (the\n"
  "                default, for people), csv (the rows of its main file:\n"
  "                summary, sweep_long, compare, sensitivity, fit; params:\n"
  "                the parameter table; check: key,value rows) or json\n"
  "                (one object, a member per file, each an array of rows)\n"
  "  --quiet       print nothing on success but what --format csv|json asks\n"
  "  -h, --help    print this text\n"
  "  --version     print the version\n"
  "\n"
  "Exit status: 0 success, 1 a fault of the system (e.g. disk full),\n"
  "2 bad input (scenario, option or output folder); every error is one line\n"
  "'file:line: key: reason' on stderr and no output is written.\n"
  "\n"
  "Documentation: README.md, docs/MODEL.md, docs/schema.md, docs/OUTPUTS.md,\n"
  "docs/VALIDATION.md.\n";

int neg_cli_fail(const char *flag, const char *fmt, ...)
{
  char text[1024];
  va_list ap;
  int n = snprintf(text, sizeof text, "negsim: %s: ", flag);
  va_start(ap, fmt);
  if (n > 0 && (size_t)n < sizeof text) vsnprintf(text + n, sizeof text - (size_t)n, fmt, ap);
  va_end(ap);
  for (char *c = text; *c; c++) /* one line, whatever the arguments hold */
    if ((unsigned char)*c < 0x20 || *c == 0x7f) *c = '?';
  fprintf(stderr, "%s (see negsim --help)\n", text);
  return NEG_EINPUT;
}

/* Parses a whole decimal number in [lo, hi] into *v. Returns 0 on success. */
static int parse_u64(const char *text, uint64_t lo, uint64_t hi, uint64_t *v)
{
  char *end;
  unsigned long long x;
  if (!text || *text < '0' || *text > '9') return -1;
  errno = 0;
  x = strtoull(text, &end, 10);
  if (errno || *end || x < lo || x > hi) return -1;
  *v = x;
  return 0;
}

enum { OPT_RUNS = 256, OPT_SEED, OPT_THREADS, OPT_OUT, OPT_PER_RUN, OPT_SET,
       OPT_VARY, OPT_VS, OPT_QUIET, OPT_VERSION, OPT_PRECISION, OPT_RESUME,
       OPT_SAMPLES, OPT_TARGET, OPT_FREE, OPT_TARGET_N, OPT_FORMAT };

/* Parses a number in [lo, hi] (all of text) into *v. Returns 0 on success. */
static int parse_real(const char *text, double lo, double hi, double *v)
{
  char *end;
  double x;
  if (!text || !*text || *text == ' ') return -1;
  errno = 0;
  x = strtod(text, &end);
  if (errno || *end || !(x >= lo && x <= hi)) return -1;
  *v = x;
  return 0;
}

/* Appends a key=value argument of flag to list; NEG_OK or NEG_EINPUT. */
static int push_pair(const char *flag, const char *arg, const char **list, size_t *n)
{
  if (*n == NEG_CLI_MAX_SETS) return neg_cli_fail(flag, "more than %d given", NEG_CLI_MAX_SETS);
  if (!strchr(arg, '=') || arg[0] == '=')
    return neg_cli_fail(flag, "malformed '%s', expected key=value", arg);
  list[(*n)++] = arg;
  return NEG_OK;
}

/* Applies one parsed option. Returns NEG_OK or NEG_EINPUT. */
static int cli_option(neg_cli_opts *o, int c, const char *arg)
{
  uint64_t v;
  switch (c) {
  case OPT_RUNS:
    if (parse_u64(arg, 1, NEG_CLI_MAX_RUNS, &o->runs))
      return neg_cli_fail("--runs", "expected a whole number from 1 to 1000000000, got '%s'", arg);
    return NEG_OK;
  case OPT_SEED:
    if (parse_u64(arg, 0, INT64_MAX, &o->seed))
      return neg_cli_fail("--seed", "expected a whole number from 0 to 9223372036854775807, got '%s'", arg);
    o->has_seed = 1;
    return NEG_OK;
  case OPT_THREADS:
    if (parse_u64(arg, 1, NEG_CLI_MAX_THREADS, &v))
      return neg_cli_fail("--threads", "expected a whole number from 1 to 1024, got '%s'", arg);
    o->threads = (int)v;
    return NEG_OK;
  case OPT_OUT:
    if (!*arg) return neg_cli_fail("--out", "expected a folder, got ''");
    o->out = arg;
    return NEG_OK;
  case OPT_PRECISION:
    if (parse_real(arg, 1e-4, 0.5, &o->precision))
      return neg_cli_fail("--precision", "expected a half-width from 0.0001 to 0.5, got '%s'", arg);
    return NEG_OK;
  case OPT_RESUME: o->resume = 1; return NEG_OK;
  case OPT_PER_RUN: o->per_run = 1; return NEG_OK;
  case OPT_QUIET: o->quiet = 1; return NEG_OK;
  case OPT_SET: return push_pair("--set", arg, o->sets, &o->nsets);
  case OPT_VARY: return push_pair("--vary", arg, o->varies, &o->nvaries);
  case OPT_VS: return push_pair("--vs", arg, o->vs, &o->nvs);
  case OPT_SAMPLES:
    if (parse_u64(arg, 2, NEG_CLI_MAX_SAMPLES, &o->samples))
      return neg_cli_fail("--samples", "expected a whole number from 2 to 1000000, got '%s'", arg);
    return NEG_OK;
  case OPT_TARGET:
    if (o->target) return neg_cli_fail("--target", "given twice: give every target in one, "
                                       "separated by commas");
    if (!*arg) return neg_cli_fail("--target", "expected outcome=probability,..., got ''");
    o->target = arg;
    return NEG_OK;
  case OPT_FREE:
    if (o->free) return neg_cli_fail("--free", "given twice: give every key in one, separated "
                                     "by commas");
    if (!*arg) return neg_cli_fail("--free", "expected key,key,..., got ''");
    o->free = arg;
    return NEG_OK;
  case OPT_FORMAT: {
    neg_format fmt;
    if (neg_format_parse(arg, &fmt))
      return neg_cli_fail("--format", "expected table, csv or json, got '%s'", arg);
    o->format = (int)fmt;
    return NEG_OK;
  }
  case OPT_TARGET_N:
    if (parse_u64(arg, 1, NEG_CLI_MAX_RUNS, &o->target_n))
      return neg_cli_fail("--target-n", "expected a whole number from 1 to 1000000000, got '%s'",
                          arg);
    return NEG_OK;
  default: return NEG_EINPUT;
  }
}

/* Takes the verb and the files after the options. */
static int cli_operands(int argc, char **argv, neg_cli_opts *o)
{
  if (optind >= argc) return neg_cli_fail("negsim", "missing verb");
  o->verb = argv[optind++];
  while (optind < argc) {
    if (o->nfiles == NEG_CLI_MAX_FILES)
      return neg_cli_fail(argv[optind], "unexpected argument");
    o->files[o->nfiles++] = argv[optind++];
  }
  return NEG_OK;
}

int neg_cli_parse(int argc, char **argv, neg_cli_opts *o, FILE *out)
{
  static const struct option longopts[] = {
    {"runs", required_argument, NULL, OPT_RUNS},
    {"seed", required_argument, NULL, OPT_SEED},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"out", required_argument, NULL, OPT_OUT},
    {"per-run", no_argument, NULL, OPT_PER_RUN},
    {"set", required_argument, NULL, OPT_SET},
    {"vary", required_argument, NULL, OPT_VARY},
    {"vs", required_argument, NULL, OPT_VS},
    {"quiet", no_argument, NULL, OPT_QUIET},
    {"precision", required_argument, NULL, OPT_PRECISION},
    {"resume", no_argument, NULL, OPT_RESUME},
    {"samples", required_argument, NULL, OPT_SAMPLES},
    {"target", required_argument, NULL, OPT_TARGET},
    {"free", required_argument, NULL, OPT_FREE},
    {"target-n", required_argument, NULL, OPT_TARGET_N},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0}};
  int c;
  memset(o, 0, sizeof *o);
  opterr = 0;
  optind = 0; /* GNU getopt: full reinitialisation, so parsing can repeat */
  while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
    if (c == 'h') { fputs(neg_cli_usage, out); return NEG_CLI_DONE; }
    if (c == OPT_VERSION) { fprintf(out, "negsim %s\n", NEG_VERSION); return NEG_CLI_DONE; }
    if (c == '?') return neg_cli_fail(argv[optind - 1], "unknown option");
    if (c == ':') return neg_cli_fail(argv[optind - 1], "missing value");
    if (cli_option(o, c, optarg)) return NEG_EINPUT;
  }
  return cli_operands(argc, argv, o);
}
