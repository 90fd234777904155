/* fuzz_cli.c: libFuzzer harness of the command-line parsers.
 *
 * The input is an argument vector, arguments separated by NUL bytes. It is
 * parsed twice (parsing must repeat exactly: getopt's state is reset);
 * when it parses, a good scenario is loaded with its --set overrides, and
 * the grid of its --vary axes is built and its first points loaded. Every
 * step must end in success or a one-line error, without a crash, a leak or
 * a sanitizer report.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "neg_analysis.h"
#include "neg_cli.h"
#include "neg_scenario.h"

#define FUZZ_MAX_ARGS 64      /* arguments taken from one input */
#define FUZZ_MAX_POINTS 3     /* grid points loaded per input */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A scenario with a backer, so that every kind of override can apply. */
static const char good_cfg[] =
  "name = \"fuzz\";\n"
  "pause = { days = 30; horizon_days = 90; };\n"
  "parties = {\n"
  "  russia = { role = \"belligerent\"; conditions = ( { lever = \"aid\"; at_most = 0.1; } ); };\n"
  "  ukraine = { role = \"belligerent\"; momentum_side = -1; };\n"
  "  us = { role = \"backer\"; aid_share = 0.5; pressure = { russia = 0.5; };\n"
  "         policy = ( { on = \"refusal\"; action = \"cut\"; probability = 0.5; } ); };\n"
  "};\n";

/* The good scenario's path, written on first use. */
static const char *good_path(void)
{
  static char path[4200];
  if (!path[0]) fuzz_write(fuzz_path(path, sizeof path, "good.cfg"), good_cfg, sizeof good_cfg - 1);
  return path;
}

/* Returns 1 when two strings (either may be NULL) are equal. */
static int same(const char *a, const char *b)
{
  return a == b || (a && b && !strcmp(a, b));
}

/* Returns 1 when two lists of n strings are equal. */
static int same_list(const char *const *a, const char *const *b, size_t n)
{
  for (size_t k = 0; k < n; k++)
    if (!same(a[k], b[k])) return 0;
  return 1;
}

/* Aborts unless two parses of the same arguments agree. */
static void check_same(const neg_cli_opts *a, const neg_cli_opts *b)
{
  int ok = same(a->verb, b->verb) && a->nfiles == b->nfiles && a->runs == b->runs
           && a->has_seed == b->has_seed && a->seed == b->seed && a->threads == b->threads
           && same(a->out, b->out) && a->per_run == b->per_run && a->quiet == b->quiet
           && a->resume == b->resume && a->precision == b->precision
           && a->nsets == b->nsets && a->nvaries == b->nvaries && a->nvs == b->nvs
           && same_list(a->files, b->files, (size_t)a->nfiles)
           && same_list(a->sets, b->sets, a->nsets) && same_list(a->varies, b->varies, a->nvaries)
           && same_list(a->vs, b->vs, a->nvs);
  if (!ok) fuzz_fail("two parses of the same arguments differ", NULL);
}

/* Aborts unless a successful parse is within the documented limits. */
static void check_limits(const neg_cli_opts *o)
{
  if (!o->verb || o->nfiles < 0 || o->nfiles > NEG_CLI_MAX_FILES || o->runs > NEG_CLI_MAX_RUNS
      || o->threads < 0 || o->threads > NEG_CLI_MAX_THREADS || o->seed > INT64_MAX
      || o->nsets > NEG_CLI_MAX_SETS || o->nvaries > NEG_CLI_MAX_SETS || o->nvs > NEG_CLI_MAX_SETS)
    fuzz_fail("a parse succeeded outside the documented limits", NULL);
}

/* Loads the good scenario with the overrides of o, then the first points of
 * the grid of its --vary axes. */
static void use(const neg_cli_opts *o)
{
  neg_point_spec sp;
  neg_scenario *s = malloc(sizeof *s);
  neg_error err;
  neg_grid *g;
  if (!s) abort();
  memset(&sp, 0, sizeof sp);
  sp.path = good_path();
  sp.sets = o->sets;
  sp.nsets = o->nsets;
  fuzz_check_load(neg_point_load(&sp, NULL, 0, s, &err), &err);
  if (o->nvaries) {
    if (!(g = neg_grid_alloc(o->varies, o->nvaries, "--vary", &err))) {
      fuzz_check_load(NEG_EINPUT, &err);
    } else {
      for (size_t p = 0; p < g->n_points && p < FUZZ_MAX_POINTS; p++)
        fuzz_check_load(neg_sweep_load(&sp, g, p, s, &err), &err);
      neg_grid_free(g);
    }
  }
  free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static FILE *sink;
  static char prog[] = "negsim";
  char *text = malloc(size + 1), *argv1[FUZZ_MAX_ARGS + 2], *argv2[FUZZ_MAX_ARGS + 2];
  neg_cli_opts a, b;
  int argc = 1, rc1, rc2;
  if (!text || (!sink && !(sink = fopen("/dev/null", "w")))) abort();
  memcpy(text, data, size);
  text[size] = '\0';
  argv1[0] = prog;
  for (size_t at = 0; at < size && argc <= FUZZ_MAX_ARGS; at += strlen(text + at) + 1)
    argv1[argc++] = text + at;
  argv1[argc] = NULL;
  memcpy(argv2, argv1, sizeof argv1);   /* getopt permutes its argv */
  rc1 = neg_cli_parse(argc, argv1, &a, sink);
  rc2 = neg_cli_parse(argc, argv2, &b, sink);
  if (rc1 != rc2 || (rc1 != NEG_OK && rc1 != NEG_EINPUT && rc1 != NEG_CLI_DONE))
    fuzz_fail("neg_cli_parse returned an unknown or unrepeatable status", NULL);
  if (rc1 == NEG_OK) {
    check_same(&a, &b);
    check_limits(&a);
    use(&a);
  }
  free(text);
  return 0;
}
