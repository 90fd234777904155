/* neg_fast.h: the event-driven replicate runner, the default model path.
 *
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 *
 * Simulates the same model as neg_model_step (neg_model.h), the day-by-day
 * reference, with the same distribution of outcomes, days and every daily
 * tally, but jumps from one event to the next: it draws the day of each
 * belligerent's next breach and false accusation and of the maritime deal
 * (geometric waiting times, by inverse distribution function), knows the
 * rounds, ends of term and the horizon in advance, advances trust and
 * momentum over the quiet days between events in one step, and records
 * those stretches in the tally with difference arrays. docs/MODEL.md
 * ("Event-driven simulation") gives the argument.
 */
#ifndef NEG_FAST_H
#define NEG_FAST_H

#include "neg_model.h"
#include "neg_rng.h"
#include "neg_tally.h"

typedef struct neg_fast neg_fast;

/* 1 when the event-driven runner simulates every mechanism s uses; else
 * the engine runs s day by day (the reference). */
int neg_fast_covers(const neg_scenario *s);

/* The tables of the geometric laws of waiting times (one per daily
 * probability and horizon), kept across runners: the points of a sweep
 * that one thread runs in turn share most of their laws, and a runner
 * given the cache builds only the tables it lacks. One runner at a time
 * may use a cache. */
typedef struct neg_law_cache neg_law_cache;
#define NEG_LAW_CACHE_BYTES (4u << 20)  /* a sweep thread's budget: 1,400 tables at 90 days */

/* An empty cache, or NULL when out of memory. It is emptied when a runner
 * is allocated with it while its tables take more than `bytes`. */
neg_law_cache *neg_law_cache_alloc(size_t bytes);
void neg_law_cache_free(neg_law_cache *c);

/* A workspace for running replicates of s on one thread (s must outlive
 * it), its law tables in cache (which must outlive it), or in a cache of
 * its own when cache is NULL; NULL when out of memory. */
neg_fast *neg_fast_alloc(const neg_scenario *s, neg_law_cache *cache);
void neg_fast_free(neg_fast *f);

/* Points f at s, which has the shape of the scenario f was allocated for
 * (the same parties, days, windows, tolerances and rules: only float
 * parameters may differ), as for a replicate's draw of uncertain
 * parameters (neg_uncertain.h). s must outlive its use. */
void neg_fast_set(neg_fast *f, const neg_scenario *s);

/* Points f at s, a scenario of the same shape (days, parties and roles,
 * windows, tolerances, numbers of rules and of decision days, fixed or
 * uncertain parameters) as the one f was allocated for, and derives
 * everything from it anew, as neg_fast_alloc(s) would (with f's pending
 * sums flushed). Returns 0, or -1 when the shapes differ (f is then only
 * fit to be freed). */
int neg_fast_reuse(neg_fast *f, const neg_scenario *s);

/* Runs the replicate r is set to (neg_rng_set) and adds it to t: its
 * outcome at once, its days into f's pending sums, which neg_fast_flush
 * adds to t (call it before reading t, and at least every 2^31 / horizon
 * replicates). When world is not NULL it receives the replicate's final
 * state, as neg_model_run leaves it, for neg_engine_record. */
void neg_fast_run(neg_fast *f, neg_rng *r, neg_tally *t, neg_world *world);

/* The days neg_fast_run would draw for an event of daily probability p
 * (for the tests): days[i] is the first day from `start` on which it
 * happens within the horizon (horizon + 1 when it does not), from the
 * 32-bit word u[i], through the table of thresholds and its cells
 * (tabulated = 1) or by logarithm (0). Returns 0, or -1 when out of
 * memory or when tabulated and p is too small for a table. */
int neg_fast_waiting(double p, int horizon, int start, const uint32_t *u, int *days, size_t n,
                     int tabulated);

/* Adds f's pending day sums to t (shaped for the same scenario) and clears
 * them. */
void neg_fast_flush(neg_fast *f, neg_tally *t);

#endif
