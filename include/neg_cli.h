/* neg_cli.h: the command line: verbs, options and their checks.
 *
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 *
 * Parsing prints its errors (one line, naming the flag) on stderr and
 * returns a status; it never exits, so it can be called repeatedly (tests,
 * fuzzing).
 */
#ifndef NEG_CLI_H
#define NEG_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define NEG_CLI_MAX_SETS 32    /* --set, --vary and --vs, each */
#define NEG_CLI_MAX_FILES 256 /* score takes a labels file and its cases */
#define NEG_CLI_MAX_RUNS 1000000000ULL
#define NEG_CLI_MAX_THREADS 1024
#define NEG_CLI_MAX_SAMPLES 1000000ULL
#define NEG_CLI_DONE (-1)      /* --help or --version answered */

typedef struct {
  const char *verb;
  const char *files[NEG_CLI_MAX_FILES];
  int nfiles;
  uint64_t runs;        /* 0: from the scenario */
  int has_seed;
  uint64_t seed;
  int threads;          /* 0: all cores */
  const char *out;
  int per_run;
  int quiet;
  int resume;           /* sweep: complete an interrupted sweep */
  int force;            /* replace the results of a different run */
  int help;             /* --help given */
  unsigned given;       /* a bit per option given (cli.c) */
  double precision;     /* > 0: run batches until every half-width <= it */
  const char *sets[NEG_CLI_MAX_SETS];
  size_t nsets;
  const char *varies[NEG_CLI_MAX_SETS];
  size_t nvaries;
  const char *vs[NEG_CLI_MAX_SETS];
  size_t nvs;
  uint64_t samples;     /* sensitivity: rows of the design (0: the default) */
  const char *target;   /* calibrate: "outcome=p,..." */
  const char *free;     /* calibrate: "key,key=lo:hi,..." */
  uint64_t target_n;    /* calibrate: cases behind the targets (0: exact) */
  const char *outcome;  /* explain: the outcome ranking the counterfactuals (NULL: ceasefire) */
  int format;           /* what stdout gets: a neg_format (0: the table) */
} neg_cli_opts;

/* Prints the usage text: of verb (negsim VERB --help), or of every verb
 * when verb is NULL or takes no option. */
void neg_cli_print_usage(FILE *f, const char *verb);

/* Parses argv into o. Returns NEG_OK, NEG_EINPUT (message printed), or
 * NEG_CLI_DONE when --help or --version was answered on out. */
int neg_cli_parse(int argc, char **argv, neg_cli_opts *o, FILE *out);

/* Prints "negsim: FLAG: message (see negsim --help)" on stderr (without
 * "FLAG: " when flag is NULL); returns NEG_EINPUT. */
int neg_cli_fail(const char *flag, const char *fmt, ...)
  __attribute__((format(printf, 2, 3)));

#endif
