/* uncertain.c: quantiles, moments and per-replicate draws of parameters
 * given as distributions.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 *
 * Every draw is an inverse-CDF transform of one uniform, so it is monotone
 * in the uniform. The normal uses GSL's normal quantiles, working in the
 * upper tail when both bounds are above the mean so truncation far out
 * keeps its precision; the beta quantile is solved here (safeguarded Halley
 * steps on the regularised incomplete beta function) because GSL's
 * gsl_cdf_beta_Pinv calls the GSL error handler, which aborts, when it
 * fails to converge. */
#include "neg_uncertain.h"

#include <math.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>
#include <pthread.h>

#define BETA_CF_MAX 10000   /* terms of the continued fraction */
#define BETA_CF_EPS 1e-15
#define BETA_TINY 1e-300
#define BETA_ITER_MAX 1200  /* Halley/bisection steps: bisection alone reaches 2^-1074 */

static const char *const kind_names[NEG_UNC_COUNT] = {"uniform", "normal", "beta", "triangular"};

const char *neg_uncertain_kind_name(neg_unc_kind k)
{
  return (unsigned)k < NEG_UNC_COUNT ? kind_names[k] : "?";
}

/* Continued fraction of the incomplete beta function (modified Lentz). */
static double beta_cf(double x, double a, double b)
{
  double c = 1.0, d = 1.0 - (a + b) * x / (a + 1.0), h;
  if (fabs(d) < BETA_TINY) d = BETA_TINY;
  d = 1.0 / d;
  h = d;
  for (int m = 1; m <= BETA_CF_MAX; m++) {
    double m2 = 2.0 * m, del;
    double aa = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2));
    d = 1.0 + aa * d;
    c = 1.0 + aa / c;
    if (fabs(d) < BETA_TINY) d = BETA_TINY;
    if (fabs(c) < BETA_TINY) c = BETA_TINY;
    d = 1.0 / d;
    h *= d * c;
    aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0));
    d = 1.0 + aa * d;
    c = 1.0 + aa / c;
    if (fabs(d) < BETA_TINY) d = BETA_TINY;
    if (fabs(c) < BETA_TINY) c = BETA_TINY;
    d = 1.0 / d;
    del = d * c;
    h *= del;
    if (fabs(del - 1.0) < BETA_CF_EPS) break;
  }
  return h;
}

/* The regularised incomplete beta function I_x(a, b), given lx = log(x)
 * and l1x = log1p(-x); lbeta = ln B(a, b). */
static double beta_cdf(double x, double a, double b, double lbeta, double lx, double l1x)
{
  double front;
  if (x <= 0.0) return 0.0;
  if (x >= 1.0) return 1.0;
  front = exp(a * lx + b * l1x - lbeta);
  if (x < (a + 1.0) / (a + b + 2.0)) return front * beta_cf(x, a, b) / a;
  return 1.0 - front * beta_cf(1.0 - x, b, a) / b;
}

/* A first guess at the p-quantile of Beta(a, b), p <= 1/2 (AS 109, Cran,
 * Martin and Thomas 1977: Abramowitz and Stegun 26.5.22 when a, b > 1, a
 * tail approximation otherwise); lbeta = ln B(a, b). */
static double beta_guess(double p, double a, double b, double lbeta)
{
  double y = gsl_cdf_ugaussian_Qinv(p), x;
  if (a > 1.0 && b > 1.0) {
    double r = (y * y - 3.0) / 6.0, s = 1.0 / (2.0 * a - 1.0), t = 1.0 / (2.0 * b - 1.0);
    double h = 2.0 / (s + t), w = y * sqrt(h + r) / h - (t - s) * (r + 5.0 / 6.0 - 2.0 / (3.0 * h));
    x = a / (a + b * exp(2.0 * w));
  } else {
    double r = 2.0 * b, t = 1.0 / (9.0 * b);
    t = r * pow(1.0 - t + y * sqrt(t), 3.0);
    if (t <= 0.0) {
      x = 1.0 - exp((log1p(-p) + log(b) + lbeta) / b);
    } else {
      t = (4.0 * a + r - 2.0) / t;
      x = t <= 1.0 ? exp((log(p * a) + lbeta) / a) : 1.0 - 2.0 / (t + 1.0);
    }
  }
  return isfinite(x) && x > 0.0 && x < 1.0 ? x : a / (a + b);
}

/* The p-quantile of Beta(a, b) on [0, 1], p <= 1/2 (lbeta = ln B(a, b)):
 * Halley steps from the guess, kept inside a bracket that every step
 * narrows, bisection when a step leaves it. */
static double beta_lower_quantile(double p, double a, double b, double lbeta)
{
  double lo = 0.0, hi = 1.0, x = beta_guess(p, a, b, lbeta);
  for (int it = 0; it < BETA_ITER_MAX; it++) {
    const double lx = log(x), l1x = log1p(-x);   /* for the cdf and the pdf */
    double f = beta_cdf(x, a, b, lbeta, lx, l1x) - p, pdf, step, next;
    if (f == 0.0) return x;
    if (f < 0.0) lo = x;
    else hi = x;
    pdf = exp((a - 1.0) * lx + (b - 1.0) * l1x - lbeta);
    step = pdf > 0.0 && isfinite(pdf) ? f / pdf : NAN;
    if (isfinite(step)) {   /* Halley: f''/f' = (a - 1)/x - (b - 1)/(1 - x) */
      double d = 1.0 - 0.5 * step * ((a - 1.0) / x - (b - 1.0) / (1.0 - x));
      if (d > 0.5) step /= d;
    }
    next = x - step;
    /* converged: a step below the rounding of x would leave x (= lo or hi)
     * in place, and bisecting then would throw the root away */
    if (fabs(step) <= 4e-16 * x) return next;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (fabs(next - x) <= 4e-16 * x || next == lo || next == hi) return next;
    x = next;
  }
  return x;
}

/* The p-quantile of u's Beta(a, b) on [0, 1]: the lower half directly, the
 * upper half as 1 minus the lower quantile of Beta(b, a) at 1 - p; ln B
 * from u when it has it (the same value: gsl_sf_lnbeta of the same
 * arguments). */
static double beta_quantile(const neg_uncertain *u, double p)
{
  const double a = u->a, b = u->b;
  const int upper = p > 0.5;
  const double lbeta = u->has_lbeta ? u->lbeta[upper]
                     : upper ? gsl_sf_lnbeta(b, a) : gsl_sf_lnbeta(a, b);
  return upper ? 1.0 - beta_lower_quantile(1.0 - p, b, a, lbeta)
               : beta_lower_quantile(p, a, b, lbeta);
}

/* Standardised truncation bounds of a normal. */
static void normal_bounds(const neg_uncertain *u, double *alpha, double *beta)
{
  *alpha = (u->min - u->mean) / u->sd;
  *beta = (u->max - u->mean) / u->sd;
}

double neg_uncertain_mass(const neg_uncertain *u)
{
  double al, be;
  if (u->kind != NEG_UNC_NORMAL) return 1.0;
  normal_bounds(u, &al, &be);
  if (al > 0.0) return gsl_cdf_ugaussian_Q(al) - gsl_cdf_ugaussian_Q(be);
  return gsl_cdf_ugaussian_P(be) - gsl_cdf_ugaussian_P(al);
}

/* The p-quantile of the truncated normal. */
static double normal_quantile(const neg_uncertain *u, double p)
{
  double al, be, z;
  normal_bounds(u, &al, &be);
  if (al > 0.0) {   /* both bounds above the mean: the upper tail is precise */
    double qa = gsl_cdf_ugaussian_Q(al), qb = gsl_cdf_ugaussian_Q(be);
    z = gsl_cdf_ugaussian_Qinv(qa - p * (qa - qb));
  } else {
    double pa = gsl_cdf_ugaussian_P(al), pb = gsl_cdf_ugaussian_P(be);
    z = gsl_cdf_ugaussian_Pinv(pa + p * (pb - pa));
  }
  return u->mean + u->sd * z;
}

double neg_uncertain_quantile(const neg_uncertain *u, double p)
{
  double w = u->max - u->min, x;
  if (!(p > 0.0)) return u->min;
  if (p >= 1.0) return u->max;
  switch (u->kind) {
  case NEG_UNC_UNIFORM: x = u->min + p * w; break;
  case NEG_UNC_NORMAL: x = normal_quantile(u, p); break;
  case NEG_UNC_BETA: x = u->min + w * beta_quantile(u, p); break;
  default: {
    double c = u->mode - u->min;
    x = p * w < c ? u->min + sqrt(p * w * c) : u->max - sqrt((1.0 - p) * w * (u->max - u->mode));
    break;
  }
  }
  return x < u->min ? u->min : x > u->max ? u->max : x;   /* rounding */
}

/* Mean and variance of a standard normal truncated to [alpha, beta]. */
static void normal_moments(const neg_uncertain *u, double *mean, double *var)
{
  double al, be, z = neg_uncertain_mass(u), pa, pb, m;
  normal_bounds(u, &al, &be);
  pa = gsl_ran_ugaussian_pdf(al);
  pb = gsl_ran_ugaussian_pdf(be);
  m = (pa - pb) / z;
  *mean = m;
  *var = 1.0 + (al * pa - be * pb) / z - m * m;
}

double neg_uncertain_mean(const neg_uncertain *u)
{
  double m, v, x;
  switch (u->kind) {
  case NEG_UNC_UNIFORM: x = 0.5 * (u->min + u->max); break;
  case NEG_UNC_NORMAL:
    normal_moments(u, &m, &v);
    x = u->mean + u->sd * m;
    break;
  case NEG_UNC_BETA: x = u->min + (u->max - u->min) * u->a / (u->a + u->b); break;
  default: x = (u->min + u->mode + u->max) / 3.0; break;
  }
  return x < u->min ? u->min : x > u->max ? u->max : x;
}

double neg_uncertain_variance(const neg_uncertain *u)
{
  double w = u->max - u->min, m, v, s = u->a + u->b;
  switch (u->kind) {
  case NEG_UNC_UNIFORM: return w * w / 12.0;
  case NEG_UNC_NORMAL:
    normal_moments(u, &m, &v);
    return u->sd * u->sd * v;
  case NEG_UNC_BETA: return w * w * u->a * u->b / (s * s * (s + 1.0));
  default:
    return (u->min * u->min + u->mode * u->mode + u->max * u->max - u->min * u->mode
            - u->min * u->max - u->mode * u->max) / 18.0;
  }
}

void neg_uncertain_set(neg_scenario *s, const neg_uncertain *u, double x)
{
  memcpy((char *)s + u->offset, &x, sizeof x);
}

double neg_uncertain_get(const neg_scenario *s, const neg_uncertain *u)
{
  double x;
  memcpy(&x, (const char *)s + u->offset, sizeof x);
  return x;
}

void neg_uncertain_draw(const neg_scenario *base, neg_scenario *local, const neg_rng *r)
{
  for (int k = 0; k < base->n_uncertain; k++) {
    const neg_uncertain *u = &base->uncertain[k];
    neg_draws d;
    neg_draws_init(&d, r, NEG_STREAM_PARAMS, u->stream);
    neg_uncertain_set(local, u, neg_uncertain_quantile(u, neg_draws_open(&d)));
  }
}

int neg_uncertain_find(const neg_scenario *s, const void *field)
{
  size_t off = (size_t)((const char *)field - (const char *)s);
  for (int k = 0; k < s->n_uncertain; k++)
    if (s->uncertain[k].offset == off) return k;
  return -1;
}

/* FNV-1a hash of a path, folded to a stream key in 0..NEG_RNG_KEY_MAX. */
static int path_stream(const char *key)
{
  uint32_t h = 2166136261u;
  for (; *key; key++) h = (h ^ (unsigned char)*key) * 16777619u;
  return (int)((h ^ (h >> 24)) & NEG_RNG_KEY_MAX);
}

/* 1 when an entry of s other than skip has stream key st. */
static int stream_taken(const neg_scenario *s, int skip, int st)
{
  for (int k = 0; k < s->n_uncertain; k++)
    if (k != skip && s->uncertain[k].stream == st) return 1;
  return 0;
}

int neg_uncertain_add(neg_scenario *s, const neg_uncertain *u)
{
  int k = 0, at;
  while (k < s->n_uncertain && s->uncertain[k].offset < u->offset) k++;
  if (k == s->n_uncertain || s->uncertain[k].offset != u->offset) {
    if (s->n_uncertain == NEG_MAX_UNCERTAIN) return -1;
    memmove(&s->uncertain[k + 1], &s->uncertain[k],
            (size_t)(s->n_uncertain - k) * sizeof s->uncertain[0]);
    s->n_uncertain++;
  }
  at = k;
  memcpy(&s->uncertain[at], u, sizeof *u);
  s->uncertain[at].has_lbeta = u->kind == NEG_UNC_BETA;
  if (u->kind == NEG_UNC_BETA) {   /* ln B for beta_quantile, once */
    s->uncertain[at].lbeta[0] = gsl_sf_lnbeta(u->a, u->b);
    s->uncertain[at].lbeta[1] = gsl_sf_lnbeta(u->b, u->a);
  }
  s->uncertain[at].stream = path_stream(u->key);
  while (stream_taken(s, at, s->uncertain[at].stream))
    s->uncertain[at].stream = (s->uncertain[at].stream + 1) & NEG_RNG_KEY_MAX;
  neg_uncertain_set(s, u, neg_uncertain_mean(u));
  return 0;
}

void neg_uncertain_remove(neg_scenario *s, int i)
{
  if (i < 0 || i >= s->n_uncertain) return;
  memmove(&s->uncertain[i], &s->uncertain[i + 1],
          (size_t)(s->n_uncertain - i - 1) * sizeof s->uncertain[0]);
  s->n_uncertain--;
  memset(&s->uncertain[s->n_uncertain], 0, sizeof s->uncertain[0]);
}

/* Sets GSL's error handler off (pthread_once's routine). */
static void gsl_quiet(void)
{
  gsl_set_error_handler_off();
}

void neg_gsl_errors_off(void)
{
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, gsl_quiet);
}

int neg_uncertain_beta_ok(const neg_uncertain *u)
{
  gsl_sf_result ab, ba;
  neg_gsl_errors_off();
  return gsl_sf_lnbeta_e(u->a, u->b, &ab) == GSL_SUCCESS && isfinite(ab.val)
         && gsl_sf_lnbeta_e(u->b, u->a, &ba) == GSL_SUCCESS && isfinite(ba.val);
}
