/* engine.c: Monte Carlo replicates over OpenMP threads.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 *
 * Replicates are cut into fixed blocks that threads take in any order; each
 * thread tallies into its own neg_tally and the tallies are summed at the
 * end. Tallies are integer sums, so the result is the same for any thread
 * count and any schedule. */
#include "neg_engine.h"

#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "neg_fast.h"
#include "neg_uncertain.h"


void neg_engine_record(neg_record *rec, uint64_t replicate, const neg_world *w,
                       const neg_scenario *s)
{
  rec->replicate = replicate;
  rec->outcome = w->outcome;
  rec->day = w->outcome_day;
  rec->extensions = w->extensions;
  rec->rounds_held = w->rounds_held;
  rec->maritime_deal = w->maritime_deal;
  rec->sanctions_relief = w->sanctions_relief;
  rec->abandoned_by = w->abandoned_by;
  rec->aid = w->aid;
  rec->momentum = w->momentum;
  rec->last_round = w->last_round;
  rec->refused = w->refused;
  rec->declined = w->declined;
  rec->trigger = w->trigger;
  memcpy(rec->round_unmet, w->round_unmet, sizeof rec->round_unmet);
  memcpy(rec->renew_unmet, w->renew_unmet, sizeof rec->renew_unmet);
  for (int i = 0; i < NEG_MAX_PARTIES; i++) {
    int bell = i < s->n_parties && s->parties[i].role == NEG_ROLE_BELLIGERENT;
    rec->breaches[i] = bell ? w->breaches[i] : 0;
    rec->majors[i] = bell && w->incidents ? w->majors[i] : 0;
    rec->trust[i] = bell ? neg_model_trust(w, i) : 0.0;
  }
}

/* 1 when the environment asks for the day-by-day reference model
 * (NEGSIM_MODEL=reference), else 0: the event-driven runner. */
static int use_reference(void)
{
  const char *m = getenv("NEGSIM_MODEL");
  return m && strcmp(m, "reference") == 0;
}

/* Runs replicates [lo, hi) on one thread's workspace: with the
 * event-driven runner f, or day by day when f is NULL. With uncertain
 * parameters, local is the thread's copy of s: each replicate first draws
 * them into it (neg_uncertain.h) and runs on it. */
static void run_block(const neg_scenario *s, neg_scenario *local, uint64_t seed,
                      uint64_t lo, uint64_t hi, uint64_t first, neg_rng *r,
                      neg_world *w, neg_tally *t, neg_record *records, neg_fast *f)
{
  const neg_scenario *m = local ? local : s;
  for (uint64_t i = lo; i < hi; i++) {
    neg_rng_set(r, seed, i);
    if (local) {
      neg_uncertain_draw(s, local, r);
      if (f) neg_fast_set(f, local);
    }
    if (f) {
      neg_fast_run(f, r, t, records ? w : NULL);
    } else {
      neg_model_init(w, m, r);
      while (!neg_model_step(w, m, r)) neg_tally_day(t, w);
      neg_tally_day(t, w);
    }
    if (records) neg_engine_record(&records[i - first], i, w, m);
  }
  if (f) neg_fast_flush(f, t);
}

int neg_engine_run(const neg_scenario *s, uint64_t seed, uint64_t first,
                   uint64_t count, int threads, neg_tally *tally,
                   neg_record *records)
{
  uint64_t nblocks = (count + NEG_ENGINE_BLOCK - 1) / NEG_ENGINE_BLOCK;
  int failed = 0, reference = use_reference() || !neg_fast_covers(s);
  if (threads <= 0) threads = omp_get_num_procs();
  if ((uint64_t)threads > nblocks) threads = nblocks > 0 ? (int)nblocks : 1;

#pragma omp parallel num_threads(threads) reduction(| : failed)
  {
    neg_rng *r = neg_rng_alloc();
    neg_world *w = malloc(sizeof *w);
    neg_tally *t = neg_tally_alloc(s);
    neg_scenario *local = s->n_uncertain > 0 ? malloc(sizeof *local) : NULL;
    neg_fast *f = reference ? NULL : neg_fast_alloc(s, NULL);
    int ok = r && w && t && (local || s->n_uncertain == 0) && (f || reference);
    if (local) *local = *s;
#pragma omp for schedule(dynamic, 1)
    for (uint64_t b = 0; b < nblocks; b++) {
      uint64_t lo = first + b * NEG_ENGINE_BLOCK;
      uint64_t hi = lo + NEG_ENGINE_BLOCK < first + count ? lo + NEG_ENGINE_BLOCK
                                                          : first + count;
      if (ok) run_block(s, local, seed, lo, hi, first, r, w, t, records, f);
    }
#pragma omp critical
    if (ok) ok = neg_tally_merge(tally, t) == NEG_OK;
    failed |= !ok;
    neg_fast_free(f);
    neg_tally_free(t);
    free(local);
    free(w);
    neg_rng_free(r);
  }
  return failed ? NEG_ESYS : NEG_OK;
}

struct neg_workspace {
  neg_law_cache *cache;
  neg_fast *f;          /* the last run's runner, or NULL */
  neg_rng *r;
  neg_world *w;
};

neg_workspace *neg_workspace_alloc(size_t law_bytes)
{
  neg_workspace *ws = calloc(1, sizeof *ws);
  if (ws && (!(ws->cache = neg_law_cache_alloc(law_bytes)) || !(ws->r = neg_rng_alloc())
             || !(ws->w = malloc(sizeof *ws->w)))) {
    neg_workspace_free(ws);
    return NULL;
  }
  return ws;
}

void neg_workspace_free(neg_workspace *ws)
{
  if (!ws) return;
  neg_fast_free(ws->f);
  neg_law_cache_free(ws->cache);
  neg_rng_free(ws->r);
  free(ws->w);
  free(ws);
}

/* ws's runner pointed at s: the last one when s has its shape, else a new
 * one. NULL when out of memory. */
static neg_fast *workspace_runner(neg_workspace *ws, const neg_scenario *s)
{
  if (ws->f && neg_fast_reuse(ws->f, s) == 0) return ws->f;
  neg_fast_free(ws->f);
  return ws->f = neg_fast_alloc(s, ws->cache);
}

int neg_engine_run_in(neg_workspace *ws, const neg_scenario *s, uint64_t seed, uint64_t first,
                      uint64_t count, neg_tally *tally, neg_record *records)
{
  neg_fast *f;
  if (use_reference() || !neg_fast_covers(s) || s->n_uncertain > 0)  /* nothing worth keeping */
    return neg_engine_run(s, seed, first, count, 1, tally, records);
  if (!(f = workspace_runner(ws, s))) return NEG_ESYS;
  for (uint64_t lo = first; lo < first + count; lo += NEG_ENGINE_BLOCK) {
    uint64_t hi = first + count - lo > NEG_ENGINE_BLOCK ? lo + NEG_ENGINE_BLOCK : first + count;
    run_block(s, NULL, seed, lo, hi, first, ws->r, ws->w, tally, records, f);
  }
  return NEG_OK;
}
