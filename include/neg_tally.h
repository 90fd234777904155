/* neg_tally.h: counts of replicates by outcome and by day.
 *
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 *
 * Every field is an integer sum (real values in fixed point), so tallies
 * merge exactly in any order: results do not depend on how replicates were
 * split over threads or processes. Memory depends on the horizon and the
 * number of parties, never on the number of replicates.
 */
#ifndef NEG_TALLY_H
#define NEG_TALLY_H

#include <stdint.h>
#include "neg_model.h"

#define NEG_FIX_SCALE 1073741824.0  /* 2^30: fixed point of values in [0,1] */

/* llround(x * NEG_FIX_SCALE) for 0 <= x <= 1, inline: the fixed point in
 * which real values are summed. */
static inline uint64_t neg_tally_fix(double x)
{
  double y = x * NEG_FIX_SCALE;
  uint64_t n = (uint64_t)y;
  return n + (y - (double)n >= 0.5); /* y - n is exact */
}

/* The reasons attribution counts (docs/MODEL.md, "Attribution"). */
typedef enum {
  NEG_WHY_REFUSED = 0,  /* a belligerent refused the ceasefire at the last round held */
  NEG_WHY_DECLINED,     /* a belligerent declined the renewal that lapsed */
  NEG_WHY_TOLERANCE,    /* it abandoned the pause: its tolerance was crossed */
  NEG_WHY_TRUST_FLOOR,  /* it abandoned the pause: its trust fell below its floor */
  NEG_WHY_NO_RENEWAL,   /* the truce lapsed with no renewal left (no party) */
  NEG_WHY_NO_ROUND,     /* no round was held (no party) */
  NEG_WHY_COUNT
} neg_why;

#define NEG_WHY_CONDS (NEG_MAX_CONDITIONS + 1) /* slot 0: the party; 1 + c: condition c unmet */

/* Arrays are indexed by day d in 0..horizon (day 0 unused), then by party
 * or outcome: a[d * width + j]. */
typedef struct {
  int horizon;
  int n_parties;
  int n_belligerents;
  int belligerent[NEG_MAX_PARTIES]; /* party indices of the belligerents, in order */
  uint64_t runs;
  uint64_t outcome[NEG_OUT_COUNT];
  uint64_t *ended;          /* [d][outcome]: replicates whose outcome came on day d */
  uint64_t *holding;        /* [d][2]: in NEG_STATE_PAUSE / NEG_STATE_EXTENDED at end of day d */
  uint64_t *trust_fx;       /* [d][party]: sum of trust over holding replicates */
  uint64_t *aid_fx;         /* [d]: sum of aid level over holding replicates */
  uint64_t *deal;           /* [d]: holding replicates with the maritime deal */
  uint64_t *breaches_live;  /* [d][party]: breaches so far, replicates not done on d */
  uint64_t *breaches_ended; /* [d][party]: breaches of replicates done on day d */
  uint64_t *majors_live;    /* [d][party]: incidents: major ones so far, replicates not done */
  uint64_t *majors_ended;   /* [d][party]: incidents: major ones of replicates done on day d */
  uint64_t *why;            /* [outcome][party, or n_parties: none][reason][slot]:
                             * replicates attributed so (neg_tally_why_count) */
  size_t cells;             /* uint64 cells in the one block the arrays share */
} neg_tally;

/* A zeroed tally for scenario s; NULL when out of memory (or when s has no
 * day or no party). */
neg_tally *neg_tally_alloc(const neg_scenario *s);
void neg_tally_free(neg_tally *t);
void neg_tally_reset(neg_tally *t);

/* Records the end of day w->day of one replicate (call after every step). */
void neg_tally_day(neg_tally *t, const neg_world *w);

/* Adds the attribution of a finished replicate (w->done) to the why counts. */
void neg_tally_why(neg_tally *t, const neg_world *w);

/* Replicates with outcome o attributed to party p (-1: to no party) for
 * reason r, with condition c of p unmet then (c = -1: any). */
uint64_t neg_tally_why_count(const neg_tally *t, neg_outcome o, int p, neg_why r, int c);

/* Name of a reason, as why.csv writes it. */
const char *neg_why_name(neg_why r);

/* Adds from into into (same shape). Returns NEG_OK or NEG_EINPUT on a shape mismatch. */
int neg_tally_merge(neg_tally *into, const neg_tally *from);

/* Share of replicates in state st at the end of day d (1..horizon); NaN
 * when no replicate was tallied or d is out of range. */
double neg_tally_state_share(const neg_tally *t, int d, neg_state st);

/* Mean trust of party p over replicates holding the pause at the end of
 * day d; NaN when none holds (and for a party that is not a belligerent).
 * Likewise the aid level and the deal share. */
double neg_tally_trust_mean(const neg_tally *t, int d, int p);
double neg_tally_aid_mean(const neg_tally *t, int d);
double neg_tally_deal_share(const neg_tally *t, int d);

/* Mean breaches committed by party p up to day d, over all replicates
 * (a replicate that ended earlier counts with its final breaches). */
double neg_tally_breaches_mean(const neg_tally *t, int d, int p);

/* The same for major incidents (scenarios with incidents, mechanism 1b). */
double neg_tally_majors_mean(const neg_tally *t, int d, int p);

/* The sum of the days on which the replicates with outcome o ended. */
uint64_t neg_tally_outcome_day_sum(const neg_tally *t, neg_outcome o);

/* Mean and median day of outcome o among replicates with that outcome;
 * NaN when there are none. The median is the lower median: the first day
 * by which at least half of them had ended. */
double neg_tally_outcome_mean_day(const neg_tally *t, neg_outcome o);
double neg_tally_outcome_median_day(const neg_tally *t, neg_outcome o);

#endif
