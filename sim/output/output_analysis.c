/* output_analysis.c: the files and tables of sweeps and comparisons.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "neg_output.h"
#include "output_impl.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "neg_stats.h"

/* Writes ",key" for each varied key of g (as a column name). */
static void sweep_keys(FILE *f, const neg_grid *g)
{
  for (size_t k = 0; k < g->n_axes; k++) {
    fputc(',', f);
    neg_output_colname(f, g->axes[k].key);
  }
}

/* Writes "p,value,..." : point p's index and its value of each key. */
static void sweep_point_start(FILE *f, const neg_grid *g, size_t p)
{
  char sets[NEG_MAX_VARY][NEG_VARY_MAX];
  neg_grid_point(g, p, sets);
  fprintf(f, "%zu", p);
  for (size_t k = 0; k < g->n_axes; k++) {
    fputc(',', f);
    neg_output_field(f, strchr(sets[k], '=') + 1);
  }
}

/* The seed point p ran with: its value of an axis over run.seed, else the
 * sweep's seed. */
static uint64_t sweep_seed(const neg_grid *g, size_t p, uint64_t seed)
{
  char sets[NEG_MAX_VARY][NEG_VARY_MAX];
  neg_grid_point(g, p, sets);
  for (size_t k = 0; k < g->n_axes; k++)
    if (!strcmp(g->axes[k].key, "run.seed")) seed = strtoull(strchr(sets[k], '=') + 1, NULL, 10);
  return seed;
}

int neg_output_write_sweep_long(FILE *f, const neg_grid *g, const neg_point_result *r,
                                const char *name, uint64_t seed)
{
  fputs("point", f);
  sweep_keys(f, g);
  fputs(",outcome,runs,probability,ci_low,ci_high,total_runs,mean_day,scenario,seed\n", f);
  for (size_t p = 0; p < g->n_points; p++) {
    for (int o = 0; o < NEG_OUT_COUNT; o++) {
      const uint64_t k = r[p].count[o];
      double lo, hi;
      neg_stats_wilson(k, r[p].runs, NEG_OUTPUT_LEVEL, &lo, &hi);
      sweep_point_start(f, g, p);
      fprintf(f, ",%s,%" PRIu64 ",", neg_outcome_name((neg_outcome)o), k);
      neg_output_real(f, 8, (double)k / (double)r[p].runs);
      neg_output_next(f, 8, lo);
      neg_output_next(f, 8, hi);
      fprintf(f, ",%" PRIu64, r[p].runs);
      neg_output_next(f, 4, k ? (double)r[p].days[o] / (double)k : NAN);
      fputc(',', f);
      neg_output_field(f, name);
      fprintf(f, ",%" PRIu64 "\n", sweep_seed(g, p, seed));
    }
  }
  return neg_output_status(f);
}

int neg_output_write_sweep(FILE *f, const neg_grid *g, const neg_point_result *r,
                           const char *name, uint64_t seed)
{
  fputs("point", f);
  sweep_keys(f, g);
  fputs(",runs", f);
  for (int o = 0; o < NEG_OUT_COUNT; o++) {
    const char *n = neg_outcome_name((neg_outcome)o);
    fprintf(f, ",%s,%s_ci_low,%s_ci_high", n, n, n);
  }
  fputs(",scenario,seed\n", f);
  for (size_t p = 0; p < g->n_points; p++) {
    sweep_point_start(f, g, p);
    fprintf(f, ",%" PRIu64, r[p].runs);
    for (int o = 0; o < NEG_OUT_COUNT; o++) {
      double lo, hi;
      neg_stats_wilson(r[p].count[o], r[p].runs, NEG_OUTPUT_LEVEL, &lo, &hi);
      neg_output_next(f, 8, (double)r[p].count[o] / (double)r[p].runs);
      neg_output_next(f, 8, lo);
      neg_output_next(f, 8, hi);
    }
    fputc(',', f);
    neg_output_field(f, name);
    fprintf(f, ",%" PRIu64 "\n", sweep_seed(g, p, seed));
  }
  return neg_output_status(f);
}

/* Replicates with outcome o under A only and under B only. */
static void pair_only(const neg_pair_tally *pt, int o, uint64_t *only_a, uint64_t *only_b)
{
  *only_a = *only_b = 0;
  for (int x = 0; x < NEG_OUT_COUNT; x++) {
    if (x == o) continue;
    *only_a += pt->joint[o][x];
    *only_b += pt->joint[x][o];
  }
}

/* Replicates with outcome o under A (side 0) or B (side 1). */
static uint64_t pair_count(const neg_pair_tally *pt, int o, int side)
{
  uint64_t k = 0;
  for (int x = 0; x < NEG_OUT_COUNT; x++) k += side ? pt->joint[x][o] : pt->joint[o][x];
  return k;
}

/* The figures of one outcome of a comparison. */
typedef struct {
  double pa, pb, diff, lo, hi, ilo, ihi;
} compare_row;

/* Computes the paired and independent figures of outcome o. */
static compare_row compare_figures(const neg_pair_tally *pt, int o)
{
  compare_row c;
  uint64_t ka = pair_count(pt, o, 0), kb = pair_count(pt, o, 1), only_a, only_b;
  pair_only(pt, o, &only_a, &only_b);
  c.pa = (double)ka / (double)pt->runs;
  c.pb = (double)kb / (double)pt->runs;
  neg_stats_paired(pt->runs, only_a, only_b, NEG_OUTPUT_LEVEL, &c.diff, &c.lo, &c.hi);
  neg_stats_independent(ka, kb, pt->runs, NEG_OUTPUT_LEVEL, &c.ilo, &c.ihi);
  return c;
}

int neg_output_write_compare(FILE *f, const neg_scenario *a, const neg_scenario *b,
                             const neg_pair_tally *pt, uint64_t seed)
{
  fputs("outcome,p_a,p_b,difference,ci_low,ci_high,independent_ci_low,"
        "independent_ci_high,runs,scenario_a,scenario_b,seed\n", f);
  for (int o = 0; o < NEG_OUT_COUNT; o++) {
    compare_row c = compare_figures(pt, o);
    fputs(neg_outcome_name((neg_outcome)o), f);
    neg_output_next(f, 8, c.pa);
    neg_output_next(f, 8, c.pb);
    neg_output_next(f, 8, c.diff);
    neg_output_next(f, 8, c.lo);
    neg_output_next(f, 8, c.hi);
    neg_output_next(f, 8, c.ilo);
    neg_output_next(f, 8, c.ihi);
    fprintf(f, ",%" PRIu64 ",", pt->runs);
    neg_output_field(f, a->name);
    fputc(',', f);
    neg_output_field(f, b->name);
    fprintf(f, ",%" PRIu64 "\n", seed);
  }
  return neg_output_status(f);
}

void neg_output_sweep_table(FILE *f, const neg_grid *g, const neg_point_result *r)
{
  char sets[NEG_MAX_VARY][NEG_VARY_MAX];
  fprintf(f, "%-6s", "point");
  for (int o = 0; o < NEG_OUT_COUNT; o++) fprintf(f, " %10s", neg_outcome_name((neg_outcome)o));
  fputs("  setting\n", f);
  for (size_t p = 0; p < g->n_points; p++) {
    neg_grid_point(g, p, sets);
    fprintf(f, "%-6zu", p);
    for (int o = 0; o < NEG_OUT_COUNT; o++)
      fprintf(f, " %10.6f", (double)r[p].count[o] / (double)r[p].runs);
    for (size_t k = 0; k < g->n_axes; k++) fprintf(f, "  %s", sets[k]);
    fputc('\n', f);
  }
}

void neg_output_compare_table(FILE *f, const neg_scenario *a, const neg_scenario *b,
                              const neg_pair_tally *pt)
{
  fprintf(f, "%s (A) vs %s (B): %" PRIu64 " runs each, common random numbers\n",
          a->name, b->name, pt->runs);
  fprintf(f, "%-10s %9s %9s %10s  %-22s  %s\n", "outcome", "P(A)", "P(B)", "B - A",
          "95% paired interval", "independent runs would give");
  for (int o = 0; o < NEG_OUT_COUNT; o++) {
    compare_row c = compare_figures(pt, o);
    fprintf(f, "%-10s %9.6f %9.6f %+10.6f  [%+.6f, %+.6f]  [%+.6f, %+.6f] (%.1fx wider)\n",
            neg_outcome_name((neg_outcome)o), c.pa, c.pb, c.diff, c.lo, c.hi, c.ilo, c.ihi,
            c.hi > c.lo ? (c.ihi - c.ilo) / (c.hi - c.lo) : INFINITY);
  }
}
