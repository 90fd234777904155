/* output_score.c: the file and table of negsim score.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "neg_output_score.h"
#include "neg_output.h"
#include "output_impl.h"

#include <inttypes.h>
#include <math.h>

#define NEG_SCORE_MEAN_ROW "(mean)"   /* the case column of a row of means */

/* The label's outcome and second reading as two CSV fields. */
static void write_label(FILE *f, const neg_label *l)
{
  fprintf(f, ",%s,%s", neg_outcome_name((neg_outcome)l->outcome),
          l->alt == NEG_SCORE_NO_ALT ? "NA" : neg_outcome_name((neg_outcome)l->alt));
}

/* One row of a case and forecaster. */
static void write_case_row(FILE *f, const neg_score_case *c, int fc)
{
  neg_output_field(f, c->label.name);
  fputc(',', f);
  neg_output_field(f, c->label.horizon);
  fprintf(f, ",%d,%s", c->label.horizon_days, neg_forecaster_name((neg_forecaster)fc));
  write_label(f, &c->label);
  for (int o = 0; o < NEG_OUT_COUNT; o++) neg_output_next(f, 6, c->p[fc][o]);
  neg_output_next(f, 6, c->brier[fc]);
  fputs(",NA,NA", f);
  neg_output_next(f, 6, c->logs[fc]);
  fputs(",NA,NA,1", f);
  if (fc == NEG_FC_BASE_RATE) fputs(",NA,NA\n", f);
  else fprintf(f, ",%" PRIu64 ",%" PRIu64 "\n", c->runs, c->seed);
}

/* One row of means of series j of group g. */
static void write_mean_row(FILE *f, const neg_score_group *g, int j, uint64_t seed)
{
  fputs(NEG_SCORE_MEAN_ROW ",", f);
  neg_output_field(f, g->horizon);
  fprintf(f, ",NA,%s,NA,NA,NA,NA,NA,NA", neg_score_series_name(j));
  neg_output_next(f, 6, g->brier[j].mean);
  neg_output_next(f, 6, g->brier[j].lo);
  neg_output_next(f, 6, g->brier[j].hi);
  neg_output_next(f, 6, g->logs[j].mean);
  neg_output_next(f, 6, g->logs[j].lo);
  neg_output_next(f, 6, g->logs[j].hi);
  fprintf(f, ",%zu,NA,%" PRIu64 "\n", g->cases, seed);
}

int neg_output_write_score(FILE *f, const neg_score_run *r)
{
  fputs("case,horizon,horizon_days,forecast,outcome,alt_outcome,p_ceasefire,p_extended,"
        "p_lapsed,p_collapsed,brier,brier_ci_low,brier_ci_high,log_score,log_score_ci_low,"
        "log_score_ci_high,cases,runs,seed\n", f);
  for (size_t i = 0; i < r->n; i++)
    for (int fc = 0; fc < NEG_FC_COUNT; fc++) write_case_row(f, &r->c[i], fc);
  for (size_t k = 0; k < r->n_groups; k++)
    for (int j = 0; j < NEG_SCORE_SERIES; j++) write_mean_row(f, &r->g[k], j, r->seed);
  return neg_output_status(f);
}

/* "x [lo, hi]" of a mean. */
static void print_mean(FILE *f, const neg_score_mean *m, int sign)
{
  fprintf(f, sign ? " %+7.3f [%+.3f, %+.3f]" : " %7.3f [%.3f, %.3f]", m->mean, m->lo, m->hi);
}

/* The means of group g. */
static void print_group(FILE *f, const neg_score_group *g)
{
  fprintf(f, "%-10s  mean of %zu cases, 95%% bootstrap intervals:\n", g->horizon, g->cases);
  for (int j = 0; j < NEG_SCORE_SERIES; j++) {
    fprintf(f, "  %-17s Brier", neg_score_series_name(j));
    print_mean(f, &g->brier[j], j >= NEG_FC_COUNT);
    fputs("  log", f);
    print_mean(f, &g->logs[j], j >= NEG_FC_COUNT);
    fputc('\n', f);
  }
}

void neg_output_score_table(FILE *f, const neg_score_run *r)
{
  fputs("horizon     case                          label               negsim        "
        "base_rate     generic\n"
        "                                                             Brier   log   "
        "Brier   log   Brier   log\n", f);
  for (size_t i = 0; i < r->n; i++) {
    const neg_score_case *c = &r->c[i];
    char label[40];
    snprintf(label, sizeof label, "%s%s%s", neg_outcome_name((neg_outcome)c->label.outcome),
             c->label.alt == NEG_SCORE_NO_ALT ? "" : "/",
             c->label.alt == NEG_SCORE_NO_ALT ? "" : neg_outcome_name((neg_outcome)c->label.alt));
    fprintf(f, "%-10.31s  %-28.63s  %-18s", c->label.horizon, c->label.name, label);
    for (int fc = 0; fc < NEG_FC_COUNT; fc++) fprintf(f, " %5.3f %5.2f", c->brier[fc], c->logs[fc]);
    fputc('\n', f);
  }
  for (size_t k = 0; k < r->n_groups; k++) print_group(f, &r->g[k]);
  fputs("(lower is better; negsim-X: negsim's score minus X's, below 0 when negsim is better)\n", f);
}
