/* neg_uncertain.h: parameters given as distributions, drawn once per
 * replicate.
 *
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 *
 * A float setting of a scenario may be a distribution (uniform, normal
 * truncated to [min, max], beta scaled to [min, max], triangular); the
 * loader stores it as a neg_uncertain and sets the plain field to the
 * distribution's mean. Every draw is the quantile (inverse distribution
 * function) of ONE uniform from the parameter's own stream, keyed by the
 * seed, the replicate and the parameter's path: so replicate i draws the
 * same value of a parameter in every scenario and at every sweep point that
 * keeps its distribution (common random numbers), and a draw moves
 * monotonically with its uniform.
 */
#ifndef NEG_UNCERTAIN_H
#define NEG_UNCERTAIN_H

#include "neg_rng.h"
#include "neg_scenario.h"

/* Name of a distribution: "uniform", "normal", "beta", "triangular". */
const char *neg_uncertain_kind_name(neg_unc_kind k);

/* The quantile of u's distribution at p in (0, 1): non-decreasing in p and
 * within [u->min, u->max]. p <= 0 gives min, p >= 1 max. */
double neg_uncertain_quantile(const neg_uncertain *u, double p);

/* Mean and variance of u's distribution (after truncation and scaling). */
double neg_uncertain_mean(const neg_uncertain *u);
double neg_uncertain_variance(const neg_uncertain *u);

/* Normal: the probability that N(mean, sd) falls in [min, max] (1 for the
 * other distributions). The loader rejects bounds holding almost none. */
double neg_uncertain_mass(const neg_uncertain *u);

/* 1 when the beta law of u can be computed in double precision: the
 * logarithms of its normalising constants are finite (subnormal a or b
 * overflow them). */
int neg_uncertain_beta_ok(const neg_uncertain *u);

/* Turns GSL's default error handler (which aborts the program) off, once
 * for the process (thread-safe): GSL functions then return their status,
 * which negsim checks. */
void neg_gsl_errors_off(void);

/* Writes one draw of every uncertain parameter of base into the same field
 * of local (a copy of base; nothing else changes), for the replicate r is
 * set to (neg_rng_set). Parameter k takes the first uniform of stream
 * (replicate, NEG_STREAM_PARAMS, base->uncertain[k].stream). */
void neg_uncertain_draw(const neg_scenario *base, neg_scenario *local, const neg_rng *r);

/* Sets the field of u in s to x. */
void neg_uncertain_set(neg_scenario *s, const neg_uncertain *u, double x);

/* The value of u's field in s. */
double neg_uncertain_get(const neg_scenario *s, const neg_uncertain *u);

/* Index of the uncertain parameter whose field is at address field in s, or -1. */
int neg_uncertain_find(const neg_scenario *s, const void *field);

/* Adds u to s, replacing an entry of the same field, keeping the entries in
 * the order of their fields; gives it a stream key no other entry has
 * (the hash of its path, probed on a collision). Sets the field to the
 * mean. Returns 0, or -1 when s already holds NEG_MAX_UNCERTAIN. */
int neg_uncertain_add(neg_scenario *s, const neg_uncertain *u);

/* Removes entry i of s (its field keeps its value); the freed slot is
 * cleared, so equal scenarios stay equal byte for byte. */
void neg_uncertain_remove(neg_scenario *s, int i);

#endif
