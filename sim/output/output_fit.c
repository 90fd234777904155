/* output_fit.c: the files and tables of sensitivity analyses and
 * calibrations.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "neg_output_fit.h"
#include "neg_output.h"
#include "output_impl.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "neg_stats.h"
#include "neg_uncertain.h"


/* Ranks of the parameters for outcome o by total index, largest first
 * (NaN last, ties in parameter order): order[r] is the parameter of rank r + 1. */
static void rank_order(const neg_sens *s, int o, size_t *order)
{
  for (size_t i = 0; i < s->k; i++) order[i] = i;
  for (size_t i = 1; i < s->k; i++)   /* insertion sort: stable, k <= 32 */
    for (size_t j = i; j > 0; j--) {
      double a = s->index[o][order[j - 1]].total, b = s->index[o][order[j]].total;
      if (!(b > a) && !(isnan(a) && !isnan(b))) break;
      size_t t = order[j - 1];
      order[j - 1] = order[j];
      order[j] = t;
    }
}

int neg_output_write_sensitivity(FILE *f, const neg_sens *s, const char *name)
{
  size_t order[NEG_MAX_UNCERTAIN];
  fputs("outcome,parameter,distribution,rank,first_order,first_order_ci_low,"
        "first_order_ci_high,total,total_ci_low,total_ci_high,variance,noise_share,samples,"
        "runs,scenario,seed\n", f);
  for (int o = 0; o < NEG_OUT_COUNT; o++) {
    rank_order(s, o, order);
    for (size_t r = 0; r < s->k; r++) {
      const neg_sobol_index *x = &s->index[o][order[r]];
      fprintf(f, "%s,", neg_outcome_name((neg_outcome)o));
      neg_output_field(f, s->dist[order[r]].key);
      fprintf(f, ",%s,%zu", neg_uncertain_kind_name(s->dist[order[r]].kind), r + 1);
      neg_output_next(f, 6, x->first);
      neg_output_next(f, 6, x->first_lo);
      neg_output_next(f, 6, x->first_hi);
      neg_output_next(f, 6, x->total);
      neg_output_next(f, 6, x->total_lo);
      neg_output_next(f, 6, x->total_hi);
      fputc(',', f);
      neg_output_real(f, 10, s->variance[o]);
      neg_output_next(f, 6, s->variance[o] > 0 ? s->noise[o] / s->variance[o] : NAN);
      fprintf(f, ",%zu,%" PRIu64 ",", s->n, s->runs);
      neg_output_field(f, name);
      fprintf(f, ",%" PRIu64 "\n", s->seed);
    }
  }
  return neg_output_status(f);
}

int neg_output_write_uncertainty(FILE *f, const neg_sens *s, const char *name)
{
  fputs("outcome,mean,sd,q025,median,q975,noise_sd,points,runs,scenario,seed\n", f);
  for (int o = 0; o < NEG_OUT_COUNT; o++) {
    fputs(neg_outcome_name((neg_outcome)o), f);
    neg_output_next(f, 8, s->mean[o]);
    neg_output_next(f, 8, sqrt(s->variance[o]));
    neg_output_next(f, 8, s->q_lo[o]);
    neg_output_next(f, 8, s->q_mid[o]);
    neg_output_next(f, 8, s->q_hi[o]);
    neg_output_next(f, 8, sqrt(s->noise[o]));
    fprintf(f, ",%zu,%" PRIu64 ",", 2 * s->n, s->runs);
    neg_output_field(f, name);
    fprintf(f, ",%" PRIu64 "\n", s->seed);
  }
  return neg_output_status(f);
}

void neg_output_sensitivity_table(FILE *f, const neg_sens *s, const char *name)
{
  size_t order[NEG_MAX_UNCERTAIN], width = 9;
  for (size_t i = 0; i < s->k; i++)
    if (strlen(s->dist[i].key) > width) width = strlen(s->dist[i].key);
  fprintf(f, "%s: sensitivity to %zu uncertain parameters; %zu samples x %zu points, "
          "%" PRIu64 " runs each\n", name, s->k, s->n, s->k + 2, s->runs);
  for (int o = 0; o < NEG_OUT_COUNT; o++) {
    fprintf(f, "\n%s: mean probability %.4f, 95%% of parameter draws in [%.4f, %.4f]; "
            "Monte Carlo noise %.1f%% of the variance\n", neg_outcome_name((neg_outcome)o),
            s->mean[o], s->q_lo[o], s->q_hi[o],
            s->variance[o] > 0 ? 100.0 * s->noise[o] / s->variance[o] : 0.0);
    fprintf(f, "  rank  %-*s  first order [95%% interval]     total [95%% interval]\n",
            (int)width, "parameter");
    rank_order(s, o, order);
    for (size_t r = 0; r < s->k; r++) {
      const neg_sobol_index *x = &s->index[o][order[r]];
      fprintf(f, "  %4zu  %-*s  %6.3f [%6.3f, %6.3f]     %6.3f [%6.3f, %6.3f]\n", r + 1,
              (int)width, s->dist[order[r]].key, x->first, x->first_lo, x->first_hi,
              x->total, x->total_lo, x->total_hi);
    }
  }
}

/* The variance scale of a residual: t (1 - t) (1/runs + 1/target_n). */
static double residual_sd(const neg_calib *c, const neg_calib_target *t)
{
  return sqrt(1.0 / t->weight *
              (1.0 / (double)c->runs + (c->target_n > 0 ? 1.0 / c->target_n : 0.0)));
}

int neg_output_write_fit(FILE *f, const neg_calib *c, const char *name)
{
  fputs("target,target_probability,probability,ci_low,ci_high,residual,std_residual,weight,"
        "runs,target_n,scenario,seed\n", f);
  for (size_t g = 0; g < c->n_targets; g++) {
    const neg_calib_target *t = &c->targets[g];
    double lo, hi;
    neg_stats_wilson(t->count, c->runs, 0.95, &lo, &hi);
    neg_output_field(f, t->name);
    neg_output_next(f, 8, t->target);
    neg_output_next(f, 8, t->p);
    neg_output_next(f, 8, lo);
    neg_output_next(f, 8, hi);
    neg_output_next(f, 8, t->p - t->target);
    neg_output_next(f, 4, (t->p - t->target) / residual_sd(c, t));
    neg_output_next(f, 4, t->weight);
    fprintf(f, ",%" PRIu64 ",", c->runs);
    if (c->target_n > 0) neg_output_real(f, 0, c->target_n);
    else fputs("NA", f);
    fputc(',', f);
    neg_output_field(f, name);
    fprintf(f, ",%" PRIu64 "\n", c->seed);
  }
  return neg_output_status(f);
}

int neg_output_write_fit_params(FILE *f, const neg_calib *c, const char *name)
{
  fputs("parameter,start,value,se,lower,upper,iterations,converged,stalled,objective,chi2,"
        "scenario\n", f);
  for (size_t i = 0; i < c->n_free; i++) {
    const neg_calib_free *p = &c->free[i];
    neg_output_field(f, p->key);
    neg_output_next(f, 8, p->start);
    neg_output_next(f, 8, p->value);
    neg_output_next(f, 8, p->se);
    neg_output_next(f, 8, p->lo);
    neg_output_next(f, 8, p->hi);
    fprintf(f, ",%zu,%d,%d", c->iterations, c->converged, c->stalled);
    neg_output_next(f, 8, c->objective);
    neg_output_next(f, 4, c->chi2);
    fputc(',', f);
    neg_output_field(f, name);
    fputc('\n', f);
  }
  return neg_output_status(f);
}

/* How the search ended, in words. */
static const char *ending(const neg_calib *c)
{
  if (c->converged) return "converged";
  if (c->stalled) return "stopped: the objective no longer improved";
  return "NOT converged (iteration limit)";
}

int neg_output_write_calibrated(FILE *f, const neg_calib *c, const neg_scenario *s,
                                const char *command)
{
  fprintf(f, "# Calibrated by negsim %s: %s\n", NEG_VERSION, command);
  fprintf(f, "# Weighted least squares over %" PRIu64 " replicates at seed %" PRIu64
          " (common random numbers), Nelder-Mead: %zu iterations, %s.\n", c->runs, c->seed,
          c->iterations, ending(c));
  for (size_t i = 0; i < c->n_free; i++)
    fprintf(f, "#   %s = %.6g (se %.2g; started at %.6g, searched in [%.6g, %.6g])\n",
            c->free[i].key, c->free[i].value, c->free[i].se, c->free[i].start, c->free[i].lo,
            c->free[i].hi);
  for (size_t g = 0; g < c->n_targets; g++)
    fprintf(f, "#   P(%s): target %.4f, fitted %.4f, residual %+.4f\n", c->targets[g].name,
            c->targets[g].target, c->targets[g].p, c->targets[g].p - c->targets[g].target);
  fprintf(f, "# Sum of squared standardised residuals %.3f (%zu targets, %zu free parameters).\n",
          c->chi2, c->n_targets, c->n_free);
  if (neg_scenario_write(f, s) != NEG_OK) return NEG_ESYS;
  return neg_output_status(f);
}

void neg_output_calib_table(FILE *f, const neg_calib *c, const char *name)
{
  size_t width = 9;
  for (size_t i = 0; i < c->n_free; i++)
    if (strlen(c->free[i].key) > width) width = strlen(c->free[i].key);
  fprintf(f, "%s: %zu free parameters fitted to %zu targets; %zu iterations, %zu evaluations "
          "of %" PRIu64 " runs, seed %" PRIu64 "; %s\n", name, c->n_free, c->n_targets,
          c->iterations, c->evaluations, c->runs, c->seed, ending(c));
  fprintf(f, "%-*s  %12s  %12s  %10s\n", (int)width, "parameter", "start", "fitted", "se");
  for (size_t i = 0; i < c->n_free; i++)
    fprintf(f, "%-*s  %12.6g  %12.6g  %10.3g%s\n", (int)width, c->free[i].key, c->free[i].start,
            c->free[i].value, c->free[i].se,
            isnan(c->free[i].se) ? "  (not determined by the targets)" : "");
  fprintf(f, "\n%-20s  %8s  %8s  %-20s  %9s  %8s\n", "target", "target", "fitted",
          "95% interval", "residual", "std.res");
  for (size_t g = 0; g < c->n_targets; g++) {
    const neg_calib_target *t = &c->targets[g];
    double lo, hi;
    neg_stats_wilson(t->count, c->runs, 0.95, &lo, &hi);
    fprintf(f, "%-20s  %8.4f  %8.4f  [%.4f, %.4f]      %+9.4f  %+8.2f\n", t->name, t->target,
            t->p, lo, hi, t->p - t->target, (t->p - t->target) / residual_sd(c, t));
  }
  fprintf(f, "sum of squared standardised residuals %.3f\n", c->chi2);
}
