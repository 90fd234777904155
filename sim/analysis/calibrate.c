/* calibrate.c: weighted least squares fit of free parameters to target
 * outcome probabilities, by Nelder-Mead over common-random-number
 * estimates, with standard errors from the Jacobian at the fit.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "neg_calibrate.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_multimin.h>

#include "neg_dist.h"
#include "neg_tally.h"
#include "neg_uncertain.h"

#define NEG_CALIB_TEXT_MAX 1024    /* longest --target or --free argument */
#define NEG_CALIB_BAD 1e300        /* objective of a point that failed to run */
#define NEG_CALIB_SUM_SLACK 1e-9   /* rounding allowed in the sum of the targets */
#define NEG_CALIB_START_EDGE 0.01  /* a start is kept this share inside its interval */
#define NEG_ALL_OUTCOMES ((1u << NEG_OUT_COUNT) - 1)

/* The minimiser's state. */
typedef struct {
  gsl_multimin_fminimizer *m;
  gsl_vector *x, *step;
  gsl_multimin_function fn;
} calib_ws;

/* Copies the blank-trimmed text [s, s + len) into dst of size n; returns
 * its length, or -1 when it does not fit. */
static int trimmed(char *dst, size_t n, const char *s, size_t len)
{
  while (len && (*s == ' ' || *s == '\t')) s++, len--;
  while (len && (s[len - 1] == ' ' || s[len - 1] == '\t')) len--;
  if (len >= n) return -1;
  memcpy(dst, s, len);
  dst[len] = '\0';
  return (int)len;
}

/* Parses a whole number from text into *v; 0 or -1. */
static int number(const char *text, double *v)
{
  char *end;
  errno = 0;
  *v = strtod(text, &end);
  return end == text || *end || errno || !isfinite(*v) ? -1 : 0;
}

/* The outcome named name, or -1. */
static int outcome_index(const char *name)
{
  for (int o = 0; o < NEG_OUT_COUNT; o++)
    if (!strcmp(name, neg_outcome_name((neg_outcome)o))) return o;
  return -1;
}

/* Parses one target "a+b=p" into t, checking outcomes against *used. */
static int parse_target(neg_calib_target *t, const char *item, unsigned *used, neg_error *err)
{
  char names[64], value[64], one[64];
  const char *eq = strchr(item, '='), *p;
  if (!eq || trimmed(names, sizeof names, item, (size_t)(eq - item)) <= 0 ||
      trimmed(value, sizeof value, eq + 1, strlen(eq + 1)) <= 0)
    return neg_error_set(err, "--target", 0, "", "malformed '%.200s', expected outcome=probability "
                         "or outcome+outcome=probability", item);
  if (number(value, &t->target) || t->target < 0.0 || t->target > 1.0)
    return neg_error_set(err, "--target", 0, names, "expected a probability from 0 to 1, got "
                         "'%s'", value);
  snprintf(t->name, sizeof t->name, "%s", names);
  for (p = names;; p += strcspn(p, "+") + 1) {
    size_t len = strcspn(p, "+");
    int o = trimmed(one, sizeof one, p, len) > 0 ? outcome_index(one) : -1;
    if (o < 0)
      return neg_error_set(err, "--target", 0, names, "unknown outcome '%.*s', expected "
                           "ceasefire, extended, lapsed or collapsed (sums as a+b)", (int)len, p);
    if (*used & (1u << o))
      return neg_error_set(err, "--target", 0, names, "outcome '%s' is in two targets", one);
    *used |= 1u << o;
    t->outcomes |= 1u << o;
    if (p[len] != '+') return NEG_OK;
  }
}

int neg_calib_targets(neg_calib *c, const char *text, neg_error *err)
{
  unsigned used = 0;
  double sum = 0.0;
  const char *p = text ? text : "";
  memset(c->targets, 0, sizeof c->targets);
  c->n_targets = 0;
  if (!*p) return neg_error_set(err, "--target", 0, "", "missing: give outcome=probability,...");
  if (strlen(p) > NEG_CALIB_TEXT_MAX)
    return neg_error_set(err, "--target", 0, "", "longer than %d characters", NEG_CALIB_TEXT_MAX);
  for (;; p += strcspn(p, ",") + 1) {
    char item[NEG_CALIB_TEXT_MAX + 1];
    size_t len = strcspn(p, ",");
    int rc;
    memcpy(item, p, len);
    item[len] = '\0';
    if (c->n_targets == NEG_OUT_COUNT)   /* every outcome is used already */
      return neg_error_set(err, "--target", 0, "", "more than %d targets", NEG_OUT_COUNT);
    if ((rc = parse_target(&c->targets[c->n_targets], item, &used, err))) return rc;
    sum += c->targets[c->n_targets++].target;
    if (p[len] != ',') break;
  }
  if (sum > 1.0 + NEG_CALIB_SUM_SLACK)
    return neg_error_set(err, "--target", 0, "", "the targets sum to %g, more than 1", sum);
  return NEG_OK;
}

/* Targets that fix independent probabilities: one less when they cover
 * every outcome (their probabilities then sum to 1). */
static size_t independent_targets(const neg_calib *c)
{
  unsigned all = 0;
  for (size_t g = 0; g < c->n_targets; g++) all |= c->targets[g].outcomes;
  return c->n_targets - (all == NEG_ALL_OUTCOMES ? 1 : 0);
}

/* Parses one free parameter "key" or "key=lo:hi" of s into f. */
static int parse_free(neg_calib_free *f, const char *item, neg_scenario *s, neg_error *err)
{
  char key[NEG_UNC_KEY_MAX], lo[64], hi[64], range[128];
  const char *eq = strchr(item, '='), *colon;
  const neg_param *row;
  void *field;
  double u;
  int k;
  if (trimmed(key, sizeof key, item, eq ? (size_t)(eq - item) : strlen(item)) <= 0)
    return neg_error_set(err, "--free", 0, "", "malformed '%.200s', expected key or key=lo:hi", item);
  row = neg_param_lookup(s, key, &field);
  if (!row || row->type != NEG_PT_DOUBLE)
    return neg_error_set(err, "--free", 0, key, "not a float setting of the scenario (a path "
                         "such as parties.russia.ceasefire_utility)");
  snprintf(f->key, sizeof f->key, "%s", key);
  k = neg_uncertain_find(s, field);
  f->lo = k >= 0 ? s->uncertain[k].min : row->min;
  f->hi = k >= 0 ? s->uncertain[k].max : row->max;
  snprintf(range, sizeof range, "%s%.17g, %.17g]", (row->flags & NEG_PF_OPEN_MIN) ? "(" : "[",
           row->min, row->max);
  if (eq) {
    colon = strchr(eq + 1, ':');
    if (!colon || trimmed(lo, sizeof lo, eq + 1, (size_t)(colon - eq - 1)) <= 0 ||
        trimmed(hi, sizeof hi, colon + 1, strlen(colon + 1)) <= 0 || number(lo, &f->lo) ||
        number(hi, &f->hi))
      return neg_error_set(err, "--free", 0, key, "malformed interval '%.200s', expected lo:hi",
                           eq + 1);
    if (!(f->lo < f->hi) || f->lo < row->min || f->hi > row->max ||
        ((row->flags & NEG_PF_OPEN_MIN) && f->lo <= row->min))
      return neg_error_set(err, "--free", 0, key, "the interval %s:%s must have lo < hi within "
                           "the setting's range %s", lo, hi, range);
  }
  memcpy(&f->start, field, sizeof f->start);
  u = (f->start - f->lo) / (f->hi - f->lo);
  if (!(u >= NEG_CALIB_START_EDGE && u <= 1.0 - NEG_CALIB_START_EDGE)) {
    u = u > 0.5 ? 1.0 - NEG_CALIB_START_EDGE : NEG_CALIB_START_EDGE;
    f->start = f->lo + u * (f->hi - f->lo);
  }
  f->value = f->start;
  f->se = NAN;
  return NEG_OK;
}

int neg_calib_free_params(neg_calib *c, const char *text, const neg_scenario *base,
                          neg_error *err)
{
  neg_scenario *s = malloc(sizeof *s);
  const char *p = text ? text : "";
  int rc = NEG_OK;
  memset(c->free, 0, sizeof c->free);
  c->n_free = 0;
  if (!s) return neg_error_set(err, "--free", 0, "", "out of memory");
  *s = *base;
  if (!*p) rc = neg_error_set(err, "--free", 0, "", "missing: give key,key,...");
  else if (strlen(p) > NEG_CALIB_TEXT_MAX)
    rc = neg_error_set(err, "--free", 0, "", "longer than %d characters", NEG_CALIB_TEXT_MAX);
  for (; rc == NEG_OK; p += strcspn(p, ",") + 1) {
    char item[NEG_CALIB_TEXT_MAX + 1];
    size_t len = strcspn(p, ",");
    memcpy(item, p, len);
    item[len] = '\0';
    if (c->n_free == NEG_CALIB_MAX_FREE) {
      rc = neg_error_set(err, "--free", 0, "", "more than %d free parameters", NEG_CALIB_MAX_FREE);
      break;
    }
    rc = parse_free(&c->free[c->n_free], item, s, err);
    for (size_t f = 0; rc == NEG_OK && f < c->n_free; f++)
      if (!strcmp(c->free[f].key, c->free[c->n_free].key))
        rc = neg_error_set(err, "--free", 0, c->free[f].key, "given twice");
    c->n_free += rc == NEG_OK;
    if (p[len] != ',') break;
  }
  if (rc == NEG_OK && c->n_free > independent_targets(c))
    rc = neg_error_set(err, "--free", 0, "", "%zu free parameters, but the targets fix only %zu "
                       "probabilities: free at most as many", c->n_free, independent_targets(c));
  free(s);
  return rc;
}

/* The logistic map of z into (lo, hi). */
static double to_value(const neg_calib_free *f, double z)
{
  if (z > NEG_CALIB_Z_MAX) z = NEG_CALIB_Z_MAX;
  if (z < -NEG_CALIB_Z_MAX) z = -NEG_CALIB_Z_MAX;
  return f->lo + (f->hi - f->lo) / (1.0 + exp(-z));
}

/* Its inverse. */
static double to_z(const neg_calib_free *f, double x)
{
  double u = (x - f->lo) / (f->hi - f->lo);
  return log(u / (1.0 - u));
}

int neg_calib_eval(neg_calib *c, const double *x, double *p, uint64_t *counts, neg_error *err)
{
  char sets[NEG_CALIB_MAX_FREE][NEG_VARY_MAX];
  const char *ptr[NEG_CALIB_MAX_FREE];
  neg_scenario *s = malloc(sizeof *s);
  neg_tally *t = NULL;
  int rc = s ? NEG_OK : NEG_ESYS;
  for (size_t f = 0; f < c->n_free; f++) {
    snprintf(sets[f], NEG_VARY_MAX, "%s=%.17g", c->free[f].key, x[f]);
    ptr[f] = sets[f];
  }
  if (rc == NEG_OK) rc = neg_point_load(&c->spec, ptr, c->n_free, s, err);
  if (rc == NEG_OK && !(t = neg_tally_alloc(s))) rc = NEG_ESYS;
  if (rc == NEG_OK) rc = neg_dist_run(s, c->seed, 0, c->runs, c->spec.threads, t, NULL);
  for (size_t g = 0; rc == NEG_OK && g < c->n_targets; g++) {
    uint64_t k = 0;
    for (int o = 0; o < NEG_OUT_COUNT; o++)
      if (c->targets[g].outcomes & (1u << o)) k += t->outcome[o];
    p[g] = (double)k / (double)c->runs;
  }
  if (rc == NEG_OK && counts) memcpy(counts, t->outcome, sizeof t->outcome);
  c->evaluations++;
  neg_tally_free(t);
  free(s);
  return rc;
}

/* Q at probabilities p. */
static double objective_of(const neg_calib *c, const double *p)
{
  double q = 0.0;
  for (size_t g = 0; g < c->n_targets; g++) {
    double r = p[g] - c->targets[g].target;
    q += c->targets[g].weight * r * r;
  }
  return q;
}

/* The function GSL minimises, over logistic coordinates z. */
static double objective(const gsl_vector *z, void *params)
{
  neg_calib *c = params;
  double x[NEG_CALIB_MAX_FREE], p[NEG_OUT_COUNT];
  int rc;
  if (c->rc != NEG_OK) return NEG_CALIB_BAD;
  for (size_t f = 0; f < c->n_free; f++) x[f] = to_value(&c->free[f], gsl_vector_get(z, f));
  if ((rc = neg_calib_eval(c, x, p, NULL, &c->err)) != NEG_OK) {
    c->rc = rc;
    return NEG_CALIB_BAD;
  }
  return objective_of(c, p);
}

void neg_calib_release(neg_calib *c)
{
  calib_ws *w = c->ws;
  if (!w) return;
  if (w->m) gsl_multimin_fminimizer_free(w->m);
  gsl_vector_free(w->x);
  gsl_vector_free(w->step);
  free(w);
  c->ws = NULL;
}

int neg_calib_init(neg_calib *c, const neg_point_spec *spec, uint64_t runs, uint64_t seed)
{
  calib_ws *w = calloc(1, sizeof *w);
  size_t n = c->n_free;
  c->spec = *spec;
  c->spec.runs = c->runs = runs;
  c->spec.has_seed = 1;
  c->spec.seed = c->seed = seed;
  c->spec.precision = 0;
  c->iterations = c->evaluations = 0;
  c->converged = c->stalled = 0;
  c->rc = NEG_OK;
  memset(&c->err, 0, sizeof c->err);
  c->ws = w;
  for (size_t g = 0; g < c->n_targets; g++) {
    double t = c->targets[g].target, v = t * (1.0 - t);
    c->targets[g].weight = 1.0 / (v > 1.0 / (double)runs ? v : 1.0 / (double)runs);
  }
  if (!w || !(w->x = gsl_vector_alloc(n)) || !(w->step = gsl_vector_alloc(n)) ||
      !(w->m = gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, n))) {
    neg_calib_release(c);
    return NEG_ESYS;
  }
  for (size_t f = 0; f < n; f++) {
    gsl_vector_set(w->x, f, to_z(&c->free[f], c->free[f].start));
    gsl_vector_set(w->step, f, NEG_CALIB_STEP);
  }
  w->fn.f = objective;
  w->fn.n = n;
  w->fn.params = c;
  gsl_multimin_fminimizer_set(w->m, &w->fn, w->x, w->step);
  c->size = gsl_multimin_fminimizer_size(w->m);
  c->objective = c->best = HUGE_VAL;   /* GSL knows the minimum after an iteration */
  c->best_iter = 0;
  return c->rc;
}

int neg_calib_iterate(neg_calib *c)
{
  calib_ws *w = c->ws;
  int status = gsl_multimin_fminimizer_iterate(w->m);
  c->iterations++;
  c->size = gsl_multimin_fminimizer_size(w->m);
  c->objective = gsl_multimin_fminimizer_minimum(w->m);
  c->converged = c->size < NEG_CALIB_TOL || status != GSL_SUCCESS;
  if (c->objective < c->best - NEG_CALIB_FTOL / (double)c->runs) {
    c->best = c->objective;
    c->best_iter = c->iterations;
  }
  c->stalled = c->iterations - c->best_iter >= NEG_CALIB_STALL * c->n_free;
  return c->rc;
}

int neg_calib_done(const neg_calib *c)
{
  return c->converged || c->stalled || c->iterations >= NEG_CALIB_MAX_ITER;
}

/* Inverts the n x n matrix a in place (Gauss-Jordan, partial pivoting).
 * Returns 0, or -1 when it is singular to working precision. */
static int invert(double *a, size_t n)
{
  double inv[NEG_CALIB_MAX_FREE * NEG_CALIB_MAX_FREE], scale = 0.0;
  for (size_t i = 0; i < n * n; i++) scale = fmax(scale, fabs(a[i]));
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < n; j++) inv[i * n + j] = i == j;
  for (size_t col = 0; col < n; col++) {
    size_t piv = col;
    for (size_t r = col + 1; r < n; r++)
      if (fabs(a[r * n + col]) > fabs(a[piv * n + col])) piv = r;
    if (!(fabs(a[piv * n + col]) > 1e-12 * scale)) return -1;
    for (size_t j = 0; j < n; j++) {
      double t = a[col * n + j];
      a[col * n + j] = a[piv * n + j], a[piv * n + j] = t;
      t = inv[col * n + j];
      inv[col * n + j] = inv[piv * n + j], inv[piv * n + j] = t;
    }
    for (size_t r = 0; r < n; r++) {
      double m = a[r * n + col] / a[col * n + col];
      if (r == col) continue;
      for (size_t j = 0; j < n; j++) {
        a[r * n + j] -= m * a[col * n + j];
        inv[r * n + j] -= m * inv[col * n + j];
      }
    }
  }
  for (size_t i = 0; i < n; i++) {
    double d = a[i * n + i];
    for (size_t j = 0; j < n; j++) a[i * n + j] = inv[i * n + j] / d;
  }
  return 0;
}

/* Standard errors of the fitted values: with A = (J'WJ)^-1 J'W and S the
 * covariance of the estimated probabilities minus the targets,
 * (1/runs + 1/target_n) (diag(p) - p p') over disjoint targets, the
 * covariance of the fit is A S A'. */
static void standard_errors(neg_calib *c, const double *p)
{
  size_t nt = c->n_targets, nf = c->n_free;
  double h[NEG_CALIB_MAX_FREE * NEG_CALIB_MAX_FREE] = {0}, a[NEG_CALIB_MAX_FREE][NEG_OUT_COUNT];
  double scale = 1.0 / (double)c->runs + (c->target_n > 0 ? 1.0 / c->target_n : 0.0);
  for (size_t i = 0; i < nf; i++)
    for (size_t j = 0; j < nf; j++)
      for (size_t g = 0; g < nt; g++)
        h[i * nf + j] += c->jac[g][i] * c->targets[g].weight * c->jac[g][j];
  if (invert(h, nf)) {
    for (size_t i = 0; i < nf; i++) c->free[i].se = NAN;
    return;
  }
  for (size_t i = 0; i < nf; i++)
    for (size_t g = 0; g < nt; g++) {
      a[i][g] = 0.0;
      for (size_t j = 0; j < nf; j++) a[i][g] += h[i * nf + j] * c->jac[g][j];
      a[i][g] *= c->targets[g].weight;
    }
  for (size_t i = 0; i < nf; i++) {
    double var = 0.0;
    for (size_t g = 0; g < nt; g++)
      for (size_t k = 0; k < nt; k++)
        var += a[i][g] * a[i][k] * scale * (g == k ? p[g] * (1.0 - p[g]) : -p[g] * p[k]);
    c->free[i].se = var >= 0.0 ? sqrt(var) : NAN;
  }
}

int neg_calib_finish(neg_calib *c)
{
  calib_ws *w = c->ws;
  double x[NEG_CALIB_MAX_FREE], p[NEG_OUT_COUNT], pp[NEG_OUT_COUNT], pm[NEG_OUT_COUNT];
  uint64_t counts[NEG_OUT_COUNT];
  const gsl_vector *z = gsl_multimin_fminimizer_x(w->m);
  int rc;
  for (size_t f = 0; f < c->n_free; f++) x[f] = c->free[f].value = to_value(&c->free[f], gsl_vector_get(z, f));
  if ((rc = neg_calib_eval(c, x, p, counts, &c->err)) != NEG_OK) goto done;
  c->objective = objective_of(c, p);
  c->chi2 = 0.0;
  for (size_t g = 0; g < c->n_targets; g++) {
    double t = c->targets[g].target, r = p[g] - t;
    c->targets[g].p = p[g];
    c->targets[g].count = 0;
    for (int o = 0; o < NEG_OUT_COUNT; o++)
      if (c->targets[g].outcomes & (1u << o)) c->targets[g].count += counts[o];
    c->chi2 += r * r * c->targets[g].weight /
               (1.0 / (double)c->runs + (c->target_n > 0 ? 1.0 / c->target_n : 0.0));
  }
  for (size_t f = 0; f < c->n_free; f++) {   /* central differences in z */
    double zf = gsl_vector_get(z, f), xs[NEG_CALIB_MAX_FREE], up, down;
    memcpy(xs, x, sizeof xs);
    xs[f] = up = to_value(&c->free[f], zf + NEG_CALIB_FD);
    if ((rc = neg_calib_eval(c, xs, pp, NULL, &c->err)) != NEG_OK) goto done;
    xs[f] = down = to_value(&c->free[f], zf - NEG_CALIB_FD);
    if ((rc = neg_calib_eval(c, xs, pm, NULL, &c->err)) != NEG_OK) goto done;
    for (size_t g = 0; g < c->n_targets; g++) c->jac[g][f] = (pp[g] - pm[g]) / (up - down);
  }
  standard_errors(c, p);
done:
  neg_calib_release(c);
  return rc;
}

int neg_calib_scenario(const neg_calib *c, neg_scenario *s, neg_error *err)
{
  char sets[NEG_CALIB_MAX_FREE][NEG_VARY_MAX];
  const char *ptr[NEG_CALIB_MAX_FREE];
  neg_point_spec sp = c->spec;
  int rc;
  sp.runs = 0;
  sp.has_seed = 0;
  for (size_t f = 0; f < c->n_free; f++) {
    snprintf(sets[f], NEG_VARY_MAX, "%s=%.17g", c->free[f].key, c->free[f].value);
    ptr[f] = sets[f];
  }
  if ((rc = neg_point_load(&sp, ptr, c->n_free, s, err)) != NEG_OK) return rc;
  for (int i = 0; i < s->n_overrides;) {   /* the fitted values are not overrides */
    int fitted = 0;
    for (size_t f = 0; f < c->n_free; f++) {
      size_t len = strlen(c->free[f].key);
      fitted |= !strncmp(s->overrides[i], c->free[f].key, len) && s->overrides[i][len] == '=';
    }
    if (!fitted) {
      i++;
      continue;
    }
    memmove(s->overrides[i], s->overrides[i + 1],
            (size_t)(s->n_overrides - i - 1) * sizeof s->overrides[0]);
    memset(s->overrides[--s->n_overrides], 0, sizeof s->overrides[0]);
  }
  return NEG_OK;
}
