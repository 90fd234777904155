/* neg_engine.h: Monte Carlo replicates over threads.
 *
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 *
 * Replicate i always uses the streams of (seed, i), whatever thread runs it,
 * and tallies are integer sums, so results do not depend on the thread
 * count. The engine never prints and never writes files.
 */
#ifndef NEG_ENGINE_H
#define NEG_ENGINE_H

#include <stddef.h>
#include <stdint.h>
#include "neg_fast.h"
#include "neg_model.h"
#include "neg_tally.h"

#define NEG_ENGINE_BLOCK 4096  /* replicates a thread takes at a time */

/* What one replicate ended with (the --per-run rows). */
typedef struct {
  uint64_t replicate;
  neg_outcome outcome;
  int day;
  int extensions;
  int rounds_held;
  int maritime_deal;
  int sanctions_relief;
  int abandoned_by;          /* party index or -1 */
  double aid;
  double momentum;
  int breaches[NEG_MAX_PARTIES];   /* breaches (incidents) committed */
  int majors[NEG_MAX_PARTIES];     /* of which major (scenarios with incidents) */
  double trust[NEG_MAX_PARTIES];
  /* attribution (neg_world's fields of the same names) */
  int last_round;            /* day of the last round held, 0: none */
  unsigned refused, declined;
  int trigger;
  unsigned char round_unmet[NEG_MAX_PARTIES], renew_unmet[NEG_MAX_PARTIES];
} neg_record;

/* Runs replicates first .. first+count-1 of scenario s with seed on
 * `threads` threads (0: all cores), adding them to tally. When records is
 * not NULL it receives count records in replicate order.
 * Returns NEG_OK or NEG_ESYS (out of memory). */
int neg_engine_run(const neg_scenario *s, uint64_t seed, uint64_t first,
                   uint64_t count, int threads, neg_tally *tally,
                   neg_record *records);

/* What one thread keeps from a run to the next, as a thread that runs the
 * points of a sweep in turn does: the tables of the laws (at most about
 * law_bytes of them between runs, neg_fast.h), its runner (when the next
 * scenario has the same shape, neg_fast_reuse) and its generator. NULL
 * when out of memory. */
typedef struct neg_workspace neg_workspace;
neg_workspace *neg_workspace_alloc(size_t law_bytes);
void neg_workspace_free(neg_workspace *ws);

/* neg_engine_run at one thread in ws, tallying straight into tally: the
 * same results. */
int neg_engine_run_in(neg_workspace *ws, const neg_scenario *s, uint64_t seed, uint64_t first,
                      uint64_t count, neg_tally *tally, neg_record *records);

/* Fills a record from a finished replicate. */
void neg_engine_record(neg_record *rec, uint64_t replicate, const neg_world *w,
                       const neg_scenario *s);

#endif
