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

/* The options, in the order of the usage text: the flag, its bit in
 * neg_cli_opts.given and its help lines. */
enum { OPT_RUNS = 256, OPT_SEED, OPT_THREADS, OPT_OUT, OPT_FORCE, OPT_PRECISION, OPT_RESUME,
       OPT_PER_RUN, OPT_SET, OPT_VARY, OPT_VS, OPT_SAMPLES, OPT_TARGET, OPT_FREE,
       OPT_TARGET_N, OPT_OUTCOME, OPT_FORMAT, OPT_QUIET, OPT_VERSION };
#define BIT(opt) (1u << ((opt) - OPT_RUNS))

typedef struct {
  int opt;
  const char *flag;
  const char *help;
} neg_cli_option;

static const neg_cli_option neg_cli_options[] = {
  {OPT_RUNS, "--runs", "  --runs N      replicates (per point; 1 to 1000000000; default: run.runs)\n"},
  {OPT_SEED, "--seed", "  --seed S      random seed (0 to 2^63-1; default: run.seed in FILE)\n"},
  {OPT_THREADS, "--threads", "  --threads T   worker threads (1 to 1024; absent: all cores);\n"
   "                results are identical for every T\n"},
  {OPT_OUT, "--out", "  --out DIR     output folder (default: results/<scenario name>/, with\n"
   "                _sweep_<varied keys>, _vs_<B or the --vs overrides>,\n"
   "                _sensitivity or _calibrated, and +<--set overrides>;\n"
   "                README.md); created if missing; locked while a run\n"
   "                uses it; files are replaced only once the work has\n"
   "                completed, and the results of a different run only\n"
   "                with --force\n"},
  {OPT_FORCE, "--force", "  --force       replace the results of a different run in the output\n"
   "                folder (without it negsim refuses and names the folder;\n"
   "                the identical command may always write again)\n"},
  {OPT_PRECISION, "--precision", "  --precision H run, sweep: run batches of 10000 replicates until every\n"
   "                outcome's 95% interval half-width is at most H (0.0001 to\n"
   "                0.5), --runs at the most (default 1000000000); total_runs\n"
   "                in the outputs says how many it took; explain: each\n"
   "                counterfactual's batches of pairs until every paired\n"
   "                difference's half-width is (runs in explain.csv)\n"},
  {OPT_RESUME, "--resume", "  --resume      sweep: complete a sweep that was interrupted, keeping the\n"
   "                points it had finished (same scenario, grid and options)\n"},
  {OPT_PER_RUN, "--per-run", "  --per-run     run: also write runs.csv, one row per replicate\n"},
  {OPT_SET, "--set", "  --set K=V     override setting K (e.g. parties.russia.compliance=0.9);\n"
   "                repeatable; applied before validation\n"},
  {OPT_VARY, "--vary", "  --vary K=SPEC sweep: vary setting K over from:to:steps (steps points,\n"
   "                ends included) or a list v1,v2,...; repeatable (up to 16\n"
   "                axes): the grid is the full factorial, the last --vary\n"
   "                varying fastest\n"},
  {OPT_VS, "--vs", "  --vs K=V      compare: B is A with this override; repeatable\n"},
  {OPT_SAMPLES, "--samples", "  --samples N   sensitivity: rows of each sample of the design (2 to\n"
   "                1000000; default 256); N (k + 2) points are run\n"
   "                (sensitivity --runs: replicates per point, default 1000;\n"
   "                calibrate --runs: per evaluation, default 10000)\n"},
  {OPT_TARGET, "--target", "  --target T    calibrate: target probabilities, e.g.\n"
   "                lapsed=0.44,extended+ceasefire=0.50,collapsed=0.05\n"},
  {OPT_FREE, "--free", "  --free K,...  calibrate: the float settings to fit, each K or K=LO:HI\n"
   "                (interval searched; default: its distribution's support\n"
   "                or its range)\n"},
  {OPT_TARGET_N, "--target-n", "  --target-n N  calibrate: the number of cases behind the targets, for\n"
   "                the standard errors (default: targets taken as exact)\n"},
  {OPT_OUTCOME, "--outcome", "  --outcome O   explain: the outcome whose probability ranks the\n"
   "                counterfactuals (ceasefire, extended, lapsed, collapsed;\n"
   "                default ceasefire)\n"},
  {OPT_FORMAT, "--format", "  --format F    what a verb prints on standard output: table (the\n"
   "                default, for people), csv (the rows of its main file:\n"
   "                summary, sweep_long, compare, sensitivity, fit; params:\n"
   "                the parameter table; check: key,value rows) or json\n"
   "                (one object, a member per file, each an array of rows)\n"},
  {OPT_QUIET, "--quiet", "  --quiet       print nothing on success but what --format csv|json asks\n"},
};
#define NEG_CLI_N_OPTIONS (sizeof neg_cli_options / sizeof neg_cli_options[0])

/* The verbs: name, synopsis, help lines and the options each takes. */
typedef struct {
  const char *name;
  const char *synopsis;
  const char *help;
  unsigned takes;
} neg_cli_verb;

#define NEG_RUN_OPTS (BIT(OPT_RUNS) | BIT(OPT_SEED) | BIT(OPT_THREADS) | BIT(OPT_OUT) \
                      | BIT(OPT_FORCE) | BIT(OPT_SET) | BIT(OPT_QUIET))
static const neg_cli_verb neg_cli_verbs[] = {
  {"run", "run FILE", "  run FILE      simulate the scenario in FILE (libconfig; - reads standard\n"
   "                input) and write summary.csv, daily.csv and manifest.cfg\n"
   "                (and runs.csv with --per-run) into the output folder;\n"
   "                print a table\n",
   NEG_RUN_OPTS | BIT(OPT_PRECISION) | BIT(OPT_PER_RUN) | BIT(OPT_FORMAT)},
  {"sweep", "sweep FILE", "  sweep FILE    simulate every point of a grid (--vary, or the sweep\n"
   "                group of FILE) with common random numbers; write sweep.csv\n",
   NEG_RUN_OPTS | BIT(OPT_PRECISION) | BIT(OPT_RESUME) | BIT(OPT_VARY) | BIT(OPT_FORMAT)},
  {"compare", "compare A [B]", "  compare A [B] compare scenario B (or A with the --vs overrides) with A:\n"
   "                paired differences of the outcome probabilities with\n"
   "                common random numbers; write compare.csv\n",
   NEG_RUN_OPTS | BIT(OPT_VS) | BIT(OPT_FORMAT)},
  {"explain", "explain FILE", "  explain FILE  each condition of each belligerent met, each declared\n"
   "                issue at 0 and at 1, run against FILE with common random\n"
   "                numbers; rank them by their effect; write explain.csv\n",
   NEG_RUN_OPTS | BIT(OPT_PRECISION) | BIT(OPT_OUTCOME) | BIT(OPT_FORMAT)},
  {"sensitivity", "sensitivity FILE", "  sensitivity FILE\n"
   "                Sobol indices of each outcome probability with respect to\n"
   "                the uncertain parameters of FILE (Saltelli design, common\n"
   "                random numbers); write sensitivity.csv, uncertainty.csv\n",
   NEG_RUN_OPTS | BIT(OPT_SAMPLES) | BIT(OPT_FORMAT)},
  {"calibrate", "calibrate FILE --target O=P,... --free K,...", "  calibrate FILE --target O=P,... --free K,...\n"
   "                fit the free settings K to target outcome probabilities;\n"
   "                write calibrated.cfg, fit.csv, fit_params.csv\n",
   NEG_RUN_OPTS | BIT(OPT_TARGET) | BIT(OPT_FREE) | BIT(OPT_TARGET_N) | BIT(OPT_FORMAT)},
  {"score", "score DIR|LABELS [CASE...]", "  score DIR|LABELS [CASE...]\n"
   "                score negsim's forecasts of real truces (the cases of\n"
   "                DIR/labels.csv, or of LABELS, all or the CASE files given)\n"
   "                and two baselines against what happened; write score.csv\n"
   "                (docs/VALIDATION.md)\n",
   NEG_RUN_OPTS | BIT(OPT_FORMAT)},
  {"check", "check FILE", "  check FILE    validate FILE and print the resolved scenario, every\n"
   "                default filled in, as a scenario file\n",
   BIT(OPT_RUNS) | BIT(OPT_SEED) | BIT(OPT_SET) | BIT(OPT_PRECISION) | BIT(OPT_FORMAT)},
  {"params", "params", "  params        print the table of every scenario parameter (markdown)\n",
   BIT(OPT_FORMAT)},
  {"help", "help", "  help          print this text\n", 0},
  {"version", "version", "  version       print the version\n", 0},
};
#define NEG_CLI_N_VERBS (sizeof neg_cli_verbs / sizeof neg_cli_verbs[0])

static const char neg_cli_head[] =
  "Usage: negsim VERB [OPTIONS] FILE     (one scenario file; compare: A [B];\n"
  "                                       params, help, version: none)\n"
  "\n"
  "negsim estimates, by Monte Carlo, how a temporary pause in a war ends:\n"
  "in a full ceasefire, extended, lapsed or collapsed.\n"
  "\n"
  "Verbs:\n";

static const char neg_cli_tail[] =
  "  -h, --help    print this text (negsim VERB --help: that verb's options)\n"
  "  --version     print the version\n"
  "\n"
  "Exit status: 0 success, 1 a fault of the system (e.g. disk full),\n"
  "2 bad input (scenario, option or output folder); every error is one line\n"
  "'file:line: key: reason' on stderr and no output is written.\n"
  "\n"
  "Documentation: README.md, docs/MODEL.md, docs/schema.md, docs/OUTPUTS.md,\n"
  "docs/VALIDATION.md.\n";

/* The verb named name, or NULL. */
static const neg_cli_verb *neg_cli_find_verb(const char *name)
{
  for (size_t k = 0; name && k < NEG_CLI_N_VERBS; k++)
    if (!strcmp(neg_cli_verbs[k].name, name)) return &neg_cli_verbs[k];
  return NULL;
}

void neg_cli_print_usage(FILE *f, const char *verb)
{
  const neg_cli_verb *v = neg_cli_find_verb(verb);
  if (v && v->takes) {
    fprintf(f, "Usage: negsim %s [OPTIONS]\n\n", v->synopsis);
    fputs(v->help, f);
    fprintf(f, "\nOptions of %s:\n", verb);
    for (size_t k = 0; k < NEG_CLI_N_OPTIONS; k++)
      if (v->takes & BIT(neg_cli_options[k].opt)) fputs(neg_cli_options[k].help, f);
    fputs("  -h, --help    print this text\n\nAll verbs and the exit status: negsim --help.\n", f);
    return;
  }
  fputs(neg_cli_head, f);
  for (size_t k = 0; k < NEG_CLI_N_VERBS; k++) fputs(neg_cli_verbs[k].help, f);
  fputs("\nOptions:\n", f);
  for (size_t k = 0; k < NEG_CLI_N_OPTIONS; k++) fputs(neg_cli_options[k].help, f);
  fputs(neg_cli_tail, f);
}

int neg_cli_fail(const char *flag, const char *fmt, ...)
{
  char text[1024];
  va_list ap;
  int n = flag ? snprintf(text, sizeof text, "negsim: %s: ", flag)
               : snprintf(text, sizeof text, "negsim: ");
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
  case OPT_FORCE: o->force = 1; return NEG_OK;
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
  case OPT_OUTCOME: o->outcome = arg; return NEG_OK;
  case OPT_TARGET_N:
    if (parse_u64(arg, 1, NEG_CLI_MAX_RUNS, &o->target_n))
      return neg_cli_fail("--target-n", "expected a whole number from 1 to 1000000000, got '%s'",
                          arg);
    return NEG_OK;
  default: return NEG_EINPUT;
  }
}

/* Checks every option given is one the verb takes (an unknown verb is
 * reported by the caller). NEG_OK or NEG_EINPUT. */
static int cli_verb_options(const neg_cli_opts *o)
{
  const neg_cli_verb *v = neg_cli_find_verb(o->verb);
  for (size_t k = 0; v && k < NEG_CLI_N_OPTIONS; k++) {
    const neg_cli_option *opt = &neg_cli_options[k];
    if (!(o->given & BIT(opt->opt)) || (v->takes & BIT(opt->opt))) continue;
    fprintf(stderr, "negsim: %s: not an option of %s (see negsim %s --help)\n", opt->flag,
            v->name, v->name);
    return NEG_EINPUT;
  }
  return NEG_OK;
}

/* Takes the verb and the files after the options. */
static int cli_operands(int argc, char **argv, neg_cli_opts *o)
{
  if (optind >= argc)
    return neg_cli_fail(NULL, "missing verb: expected run, sweep, compare, explain, sensitivity, "
                        "calibrate, score, check, params, help or version");
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
    {"force", no_argument, NULL, OPT_FORCE},
    {"samples", required_argument, NULL, OPT_SAMPLES},
    {"target", required_argument, NULL, OPT_TARGET},
    {"free", required_argument, NULL, OPT_FREE},
    {"target-n", required_argument, NULL, OPT_TARGET_N},
    {"outcome", required_argument, NULL, OPT_OUTCOME},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0}};
  int c;
  memset(o, 0, sizeof *o);
  opterr = 0;
  optind = 0; /* GNU getopt: full reinitialisation, so parsing can repeat */
  while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
    if (c == 'h') { o->help = 1; continue; }
    if (c == OPT_VERSION) { fprintf(out, "negsim %s\n", NEG_VERSION); return NEG_CLI_DONE; }
    if (c == '?') return neg_cli_fail(argv[optind - 1], "unknown option");
    if (c == ':') return neg_cli_fail(argv[optind - 1], "missing value");
    if (cli_option(o, c, optarg)) return NEG_EINPUT;
    o->given |= BIT(c);
  }
  if (o->help) {
    neg_cli_print_usage(out, optind < argc ? argv[optind] : NULL);
    return NEG_CLI_DONE;
  }
  if (cli_operands(argc, argv, o)) return NEG_EINPUT;
  return cli_verb_options(o);
}
