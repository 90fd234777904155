/* main_explain.c: the explain verb (docs/MODEL.md, "Explain").
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "neg_cli.h"
#include "neg_dist.h"
#include "neg_explain.h"
#include "neg_output.h"
#include "neg_report.h"
#include "neg_signals.h"
#include "main_explain.h"
#include "main_outdir.h"
#include "main_util.h"

#define NEG_EXPLAIN_REPLAY "negsim explain <this folder>/manifest.cfg --out OTHER"

/* What explain prints. */
typedef struct {
  const neg_scenario *s;
  neg_counterfactual *cf;
  int n, outcome;
} explain_table;

/* The outcome of --outcome (default ceasefire), or -1 with the error printed. */
static int explain_outcome(const neg_cli_opts *o)
{
  if (!o->outcome) return NEG_OUT_CEASEFIRE;
  for (int k = 0; k < NEG_OUT_COUNT; k++)
    if (!strcmp(o->outcome, neg_outcome_name((neg_outcome)k))) return k;
  neg_cli_fail("--outcome", "expected ceasefire, extended, lapsed or collapsed, got '%s'",
               o->outcome);
  return -1;
}

/* Prints the ranked table, or explain.csv's rows (--format). */
static int explain_print(const neg_cli_opts *o, const void *arg)
{
  const explain_table *e = arg;
  neg_report r = {0};
  FILE *f;
  if (o->format == NEG_FORMAT_TABLE) {
    if (!o->quiet) neg_output_explain_table(stdout, e->s, e->cf, e->n, e->outcome);
    return NEG_OK;
  }
  f = neg_report_add(&r, "explain");
  if (!f || neg_output_write_explain(f, e->s, e->cf, e->n, e->outcome) != NEG_OK) {
    neg_report_free(&r);
    return NEG_ESYS;
  }
  return print_report(&r, o);
}

/* Writes explain.csv and manifest.cfg, prints and commits. */
static int explain_write(const neg_cli_opts *o, neg_outdir *d, const explain_table *e)
{
  static const char *const names[] = {"explain.csv", "manifest.cfg"};
  neg_error err = {{0}, 0, {0}, {0}};
  neg_output_set *out = neg_output_set_open(d, names, 2, &err);
  if (!out) return report(open_status(&err), &err);
  errno = 0;
  if (neg_output_write_explain(neg_output_set_file(out, 0), e->s, e->cf, e->n, e->outcome))
    return report(neg_output_set_failed(out, 0, &err), &err);
  if (neg_output_write_manifest_as(neg_output_set_file(out, 1), e->s, "the scenario explained",
                                   NEG_EXPLAIN_REPLAY))
    return report(neg_output_set_failed(out, 1, &err), &err);
  return neg_main_commit_set(o, out, explain_print, e);
}

/* Claims the folder, identified by the scenario's manifest. */
static neg_outdir *explain_claim(const neg_cli_opts *o, const neg_scenario *s, const char *dir,
                                 int *rc)
{
  static const char *const id[] = {"manifest.cfg"};
  char *text = neg_output_manifest_text(s, "the scenario explained", NEG_EXPLAIN_REPLAY);
  neg_outdir *d = neg_main_claim(o, dir, id, &text, 1, rc);
  free(text);
  return d;
}

/* The paired replicates of every counterfactual. */
static uint64_t explain_runs(const explain_table *e)
{
  uint64_t n = 0;
  for (int k = 0; k < e->n; k++) n += e->cf[k].pt.runs;
  return n;
}

/* Runs the counterfactuals and writes or prints them. */
static int explain_go(const neg_cli_opts *o, neg_scenario *s, neg_outdir *d, explain_table *e,
                      const char *dir)
{
  struct timespec t0;
  int rc;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  rc = neg_explain_run(s, e->cf, e->n, o->threads);
  if (rc != NEG_OK) {
    fprintf(stderr, "negsim: out of memory\n");
    return rc;
  }
  rc = d ? explain_write(o, d, e) : explain_print(o, e);
  if (rc == NEG_OK && !o->quiet)
    fprintf(stderr, "negsim: %d counterfactuals, %" PRIu64 " paired runs in all, in %.2f s, seed %"
            PRIu64 "; wrote %s/\n", e->n, explain_runs(e), since(&t0), s->seed, dir);
  return rc;
}

int neg_verb_explain(const neg_cli_opts *o)
{
  neg_scenario *s = malloc(sizeof *s);
  neg_counterfactual *cf = malloc(NEG_EXPLAIN_MAX * sizeof *cf);
  neg_error err = {{0}, 0, {0}, {0}};
  neg_point_spec sp = spec_of(o, 0);
  neg_outdir *d = NULL;
  char dir[NEG_DIR_MAX];
  int outcome = explain_outcome(o), rc = s && cf ? need_files(o, 1, 1) : NEG_ESYS;
  if (rc == NEG_OK && outcome < 0) rc = NEG_EINPUT;
  if (rc == NEG_OK) rc = report(neg_point_load(&sp, NULL, 0, s, &err), &err);
  if (rc == NEG_OK) {
    explain_table e = {s, cf, neg_explain_list(s, cf), outcome};
    neg_catch_signals(NEG_SIGNALS_RUN);
    neg_main_out_dir(o, s->name, "_explain", dir, sizeof dir);
    if (neg_dist_rank() == 0) d = explain_claim(o, s, dir, &rc);
    rc = neg_dist_agree(rc);
    if (rc == NEG_OK) rc = explain_go(o, s, d, &e, dir);
  }
  neg_outdir_release(d, rc == NEG_OK);
  free(cf);
  free(s);
  return rc;
}
