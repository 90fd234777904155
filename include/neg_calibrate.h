/* neg_calibrate.h: fitting free parameters of a scenario to target outcome
 * probabilities (negsim calibrate).
 *
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 *
 * The fit minimises the weighted least squares
 *   Q(theta) = sum_g w_g (p_g(theta) - t_g)^2,   w_g = 1 / (t_g (1 - t_g)),
 * over the free parameters theta, where t_g is a target (the probability of
 * one outcome or of a sum of outcomes) and p_g(theta) its estimate from
 * `runs` replicates at one seed: every evaluation runs the same replicates
 * with the same streams (common random numbers), so Q is a deterministic,
 * nearly smooth function that Nelder-Mead (GSL's nmsimplex2) can minimise.
 * Each free parameter is searched over an interval (lo, hi) through the
 * logistic map x = lo + (hi - lo) / (1 + e^-z), so the search over z is
 * unconstrained. At the optimum, the Jacobian dp/dtheta (central
 * differences, common random numbers) gives approximate standard errors of
 * the fitted values (docs/MODEL.md, "Calibration"). Iterative work as
 * init / iterate / done / finish, like GSL; nothing here prints or writes.
 */
#ifndef NEG_CALIBRATE_H
#define NEG_CALIBRATE_H

#include <stddef.h>
#include <stdint.h>
#include "neg_analysis.h"
#include "neg_model.h"

#define NEG_CALIB_MAX_FREE 8
#define NEG_CALIB_MAX_ITER 300     /* Nelder-Mead iterations at most */
#define NEG_CALIB_TOL 1e-3         /* stop when the simplex size (logistic coordinates) is below */
#define NEG_CALIB_STEP 0.5         /* initial simplex step, logistic coordinates */
#define NEG_CALIB_FD 0.1           /* central-difference step of the Jacobian, logistic coordinates */
#define NEG_CALIB_Z_MAX 30.0       /* logistic coordinates are kept within +-this */
#define NEG_CALIB_STALL 25         /* stop after this many iterations per free parameter
                                    * without the best objective improving by ... */
#define NEG_CALIB_FTOL 1e-3        /* ... this many units of 1/runs (the resolution of
                                    * an estimate from runs replicates) */

/* A target: the probability of one outcome or of a sum of outcomes. */
typedef struct {
  char name[64];        /* as given: "lapsed", "extended+ceasefire" */
  unsigned outcomes;    /* bit (1 << o) for each outcome it sums */
  double target;        /* t_g */
  double weight;        /* w_g = 1 / max(t (1 - t), 1 / runs) */
  double p;             /* fitted probability (after neg_calib_finish) */
  uint64_t count;       /* replicates with one of its outcomes at the fit */
} neg_calib_target;

/* A free parameter. */
typedef struct {
  char key[NEG_UNC_KEY_MAX]; /* path, as --set takes it */
  double lo, hi;        /* the interval searched */
  double start;         /* starting value */
  double value;         /* fitted value */
  double se;            /* approximate standard error (NaN when not estimable) */
} neg_calib_free;

typedef struct {
  size_t n_targets;
  neg_calib_target targets[NEG_OUT_COUNT];
  size_t n_free;
  neg_calib_free free[NEG_CALIB_MAX_FREE];
  double target_n;      /* cases behind the targets (0: targets taken as exact) */
  neg_point_spec spec;  /* how points load and run (runs and seed set) */
  uint64_t runs, seed;
  /* progress and results */
  size_t iterations, evaluations;
  int converged;        /* 1 once the simplex size fell below NEG_CALIB_TOL */
  int stalled;          /* 1 once the best objective stopped improving */
  double best;          /* best objective so far, and the iteration it came at */
  size_t best_iter;
  double size;          /* simplex size */
  double objective;     /* Q at the best point */
  double chi2;          /* sum of squared standardised residuals at the fit */
  double jac[NEG_OUT_COUNT][NEG_CALIB_MAX_FREE]; /* dp_g / dtheta_f at the fit */
  int rc;               /* first failure of an evaluation (NEG_OK when none) */
  neg_error err;
  void *ws;             /* the minimiser */
} neg_calib;

/* Parses the targets "outcome=p,outcome+outcome=p,..." (outcomes by name,
 * each in at most one target, probabilities in [0, 1] summing to at most
 * 1). NEG_OK or NEG_EINPUT with err naming "--target". */
int neg_calib_targets(neg_calib *c, const char *text, neg_error *err);

/* Parses the free parameters "key,key=lo:hi,..." of base: float settings by
 * path; the interval searched defaults to the support of the key's
 * distribution when it is uncertain, else to its range; the start is its
 * value in base (the mean when uncertain), moved inside the interval's
 * central 98% when it lies outside. At most as many as the targets fix.
 * Call after neg_calib_targets. NEG_OK or NEG_EINPUT with err naming "--free". */
int neg_calib_free_params(neg_calib *c, const char *text, const neg_scenario *base,
                          neg_error *err);

/* Starts the fit: points load from spec (its runs and seed are set to runs
 * and seed), run on threads. Evaluates the first simplex. NEG_OK, or the
 * failure (c->err) of an evaluation, or NEG_ESYS. */
int neg_calib_init(neg_calib *c, const neg_point_spec *spec, uint64_t runs, uint64_t seed);

/* One Nelder-Mead iteration. NEG_OK or the failure of an evaluation. */
int neg_calib_iterate(neg_calib *c);

/* 1 once converged, stalled (NEG_CALIB_STALL n_free iterations without an
 * improvement of NEG_CALIB_FTOL / runs: the objective is flat to the
 * resolution of its estimates) or after NEG_CALIB_MAX_ITER iterations. */
int neg_calib_done(const neg_calib *c);

/* Takes the best point: evaluates it, the Jacobian and the standard
 * errors, and frees the minimiser. NEG_OK or a failure. */
int neg_calib_finish(neg_calib *c);

/* Frees the minimiser (after a failure; finish does it otherwise). */
void neg_calib_release(neg_calib *c);

/* Evaluates the targets' probabilities at parameter values x (n_free of
 * them) into p; counts (NEG_OUT_COUNT, may be NULL) gets the outcome
 * counts. NEG_OK or a failure (err). */
int neg_calib_eval(neg_calib *c, const double *x, double *p, uint64_t *counts, neg_error *err);

/* The calibrated scenario: the spec's file and overrides with the fitted
 * values (their distributions, if any, replaced), and the scenario's own
 * runs and seed. NEG_OK or NEG_EINPUT with err. */
int neg_calib_scenario(const neg_calib *c, neg_scenario *s, neg_error *err);

#endif
