/* tally.c: counts of replicates by outcome and by day.
 *
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 *
 * All day arrays live in one zeroed block, in the order of the fields of
 * neg_tally, so reset and merge work on the block as a whole. Real values
 * are summed in fixed point (NEG_FIX_SCALE), so every sum is an integer
 * and merging is exact and order-free.
 */
#include "neg_tally.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Returns the number of uint64 cells the day arrays of a tally need. */
static size_t neg_tally_cells(int horizon, int n_parties)
{
  size_t days = (size_t)horizon + 1, np = (size_t)n_parties;
  return days * (NEG_OUT_COUNT + 2 + 1 + 1) + days * np * 5
         + (size_t)NEG_OUT_COUNT * (np + 1) * NEG_WHY_COUNT * NEG_WHY_CONDS;
}

/* Points the day arrays of t into its block, in field order. */
static void neg_tally_layout(neg_tally *t, uint64_t *block)
{
  size_t days = (size_t)t->horizon + 1, np = (size_t)t->n_parties;
  t->ended = block;
  t->holding = t->ended + days * NEG_OUT_COUNT;
  t->trust_fx = t->holding + days * 2;
  t->aid_fx = t->trust_fx + days * np;
  t->deal = t->aid_fx + days;
  t->breaches_live = t->deal + days;
  t->breaches_ended = t->breaches_live + days * np;
  t->majors_live = t->breaches_ended + days * np;
  t->majors_ended = t->majors_live + days * np;
  t->why = t->majors_ended + days * np;
}

/* The why cell of (o, p, r, slot); p = -1: no party. */
static uint64_t *neg_tally_why_cell(const neg_tally *t, neg_outcome o, int p, neg_why r, int slot)
{
  size_t party = p < 0 ? (size_t)t->n_parties : (size_t)p;
  return t->why + (((size_t)o * ((size_t)t->n_parties + 1) + party) * NEG_WHY_COUNT + (size_t)r)
                  * NEG_WHY_CONDS + (size_t)slot;
}

/* Counts party p for reason r with the conditions of unmet. */
static void neg_tally_why_add(neg_tally *t, neg_outcome o, int p, neg_why r, unsigned unmet)
{
  ++*neg_tally_why_cell(t, o, p, r, 0);
  for (int c = 0; c < NEG_MAX_CONDITIONS; c++)
    if (unmet >> c & 1u) ++*neg_tally_why_cell(t, o, p, r, 1 + c);
}

void neg_tally_why(neg_tally *t, const neg_world *w)
{
  const neg_outcome o = w->outcome;
  if (o != NEG_OUT_CEASEFIRE && !w->last_round) neg_tally_why_add(t, o, -1, NEG_WHY_NO_ROUND, 0);
  for (int p = 0; p < t->n_parties && w->last_round; p++)
    if (w->refused >> p & 1u) neg_tally_why_add(t, o, p, NEG_WHY_REFUSED, w->round_unmet[p]);
  if (o == NEG_OUT_LAPSED && !w->declined) neg_tally_why_add(t, o, -1, NEG_WHY_NO_RENEWAL, 0);
  for (int p = 0; p < t->n_parties && o == NEG_OUT_LAPSED; p++)
    if (w->declined >> p & 1u) neg_tally_why_add(t, o, p, NEG_WHY_DECLINED, w->renew_unmet[p]);
  if (o == NEG_OUT_COLLAPSED && w->abandoned_by >= 0 && w->abandoned_by < t->n_parties) {
    if (w->trigger & NEG_TRIGGER_TOLERANCE)
      neg_tally_why_add(t, o, w->abandoned_by, NEG_WHY_TOLERANCE, 0);
    if (w->trigger & NEG_TRIGGER_FLOOR)
      neg_tally_why_add(t, o, w->abandoned_by, NEG_WHY_TRUST_FLOOR, 0);
  }
}

uint64_t neg_tally_why_count(const neg_tally *t, neg_outcome o, int p, neg_why r, int c)
{
  if ((unsigned)o >= NEG_OUT_COUNT || (unsigned)r >= NEG_WHY_COUNT || p >= t->n_parties
      || c < -1 || c >= NEG_MAX_CONDITIONS)
    return 0;
  return *neg_tally_why_cell(t, o, p, r, c + 1);
}

const char *neg_why_name(neg_why r)
{
  static const char *const names[NEG_WHY_COUNT] = {
    "refused_ceasefire", "declined_renewal", "abandoned_tolerance", "abandoned_trust_floor",
    "no_renewal_left", "no_round_held"};
  return (unsigned)r < NEG_WHY_COUNT ? names[r] : "?";
}

/* Returns a zeroed tally shaped for s (its days and parties), or NULL. */
neg_tally *neg_tally_alloc(const neg_scenario *s)
{
  neg_tally *t;
  uint64_t *block;
  if (s->horizon_days < 1 || s->n_parties < 1 || s->n_parties > NEG_MAX_PARTIES)
    return NULL;
  t = calloc(1, sizeof *t);
  if (!t) return NULL;
  t->horizon = s->horizon_days;
  t->n_parties = s->n_parties;
  for (int p = 0; p < s->n_parties; p++)
    if (s->parties[p].role == NEG_ROLE_BELLIGERENT)
      t->belligerent[t->n_belligerents++] = p;
  t->cells = neg_tally_cells(t->horizon, t->n_parties);
  block = calloc(t->cells, sizeof *block);
  if (!block) {
    free(t);
    return NULL;
  }
  neg_tally_layout(t, block);
  return t;
}

/* Frees t and its arrays; NULL is fine. */
void neg_tally_free(neg_tally *t)
{
  if (!t) return;
  free(t->ended);
  free(t);
}

/* Zeroes every count of t, keeping its shape. */
void neg_tally_reset(neg_tally *t)
{
  t->runs = 0;
  memset(t->outcome, 0, sizeof t->outcome);
  memset(t->ended, 0, t->cells * sizeof *t->ended);
}

/* Adds the day of a replicate still holding the pause to the holding sums. */
static void neg_tally_holding(neg_tally *t, const neg_world *w, neg_state st)
{
  const int d = w->day;
  uint64_t *trust = t->trust_fx + (size_t)d * (size_t)t->n_parties;
  t->holding[2 * d + (int)st]++;
  for (int i = 0; i < t->n_belligerents; i++) {
    int p = t->belligerent[i];
    trust[p] += neg_tally_fix(neg_model_trust(w, p));
  }
  t->aid_fx[d] += neg_tally_fix(w->aid);
  t->deal[d] += (uint64_t)(w->maritime_deal != 0);
}

/* Adds the end of day w->day of one replicate: holding sums, outcome, breaches. */
void neg_tally_day(neg_tally *t, const neg_world *w)
{
  const int d = w->day;
  const size_t row = (size_t)d * (size_t)t->n_parties;
  neg_state st;
  uint64_t *breaches, *majors;
  if (d < 1 || d > t->horizon) return;
  st = neg_model_state(w);
  if (st == NEG_STATE_PAUSE || st == NEG_STATE_EXTENDED)
    neg_tally_holding(t, w, st);
  if (w->done) {
    t->outcome[w->outcome]++;
    t->runs++;
    t->ended[d * NEG_OUT_COUNT + (int)w->outcome]++;
    neg_tally_why(t, w);
    breaches = t->breaches_ended + row;
    majors = t->majors_ended + row;
  } else {
    breaches = t->breaches_live + row;
    majors = t->majors_live + row;
  }
  for (int i = 0; i < t->n_belligerents; i++) {
    int p = t->belligerent[i];
    breaches[p] += (uint64_t)w->breaches[p];
    if (w->incidents) majors[p] += (uint64_t)w->majors[p];
  }
}

/* Adds every count of from into into; NEG_EINPUT when their shapes differ. */
int neg_tally_merge(neg_tally *into, const neg_tally *from)
{
  if (into->horizon != from->horizon || into->n_parties != from->n_parties
      || into->n_belligerents != from->n_belligerents
      || memcmp(into->belligerent, from->belligerent, sizeof into->belligerent))
    return NEG_EINPUT;
  into->runs += from->runs;
  for (int o = 0; o < NEG_OUT_COUNT; o++) into->outcome[o] += from->outcome[o];
  for (size_t i = 0; i < into->cells; i++) into->ended[i] += from->ended[i];
  return NEG_OK;
}

/* Returns 1 when d is a day of t, else 0. */
static int neg_tally_has_day(const neg_tally *t, int d)
{
  return d >= 1 && d <= t->horizon;
}

/* Returns the replicates with outcome o that ended on or before day d. */
static uint64_t neg_tally_ended_by(const neg_tally *t, int d, neg_outcome o)
{
  uint64_t n = 0;
  for (int e = 1; e <= d; e++) n += t->ended[e * NEG_OUT_COUNT + (int)o];
  return n;
}

/* Returns the replicates holding the pause (first or extended) at day d. */
static uint64_t neg_tally_holding_at(const neg_tally *t, int d)
{
  return t->holding[2 * d] + t->holding[2 * d + 1];
}

/* Returns the share of replicates in state st at the end of day d. */
double neg_tally_state_share(const neg_tally *t, int d, neg_state st)
{
  uint64_t n;
  if (!neg_tally_has_day(t, d) || t->runs == 0) return NAN;
  switch (st) {
  case NEG_STATE_PAUSE:
  case NEG_STATE_EXTENDED: n = t->holding[2 * d + (int)st]; break;
  case NEG_STATE_CEASEFIRE: n = neg_tally_ended_by(t, d, NEG_OUT_CEASEFIRE); break;
  case NEG_STATE_LAPSED: n = neg_tally_ended_by(t, d, NEG_OUT_LAPSED); break;
  case NEG_STATE_COLLAPSED: n = neg_tally_ended_by(t, d, NEG_OUT_COLLAPSED); break;
  default: return NAN;
  }
  return (double)n / (double)t->runs;
}

/* Returns 1 when party p of t is a belligerent, else 0. */
static int neg_tally_is_belligerent(const neg_tally *t, int p)
{
  for (int i = 0; i < t->n_belligerents; i++)
    if (t->belligerent[i] == p) return 1;
  return 0;
}

/* Returns the mean trust of belligerent p over replicates holding on day d. */
double neg_tally_trust_mean(const neg_tally *t, int d, int p)
{
  uint64_t n;
  if (!neg_tally_has_day(t, d) || !neg_tally_is_belligerent(t, p)) return NAN;
  n = neg_tally_holding_at(t, d);
  if (n == 0) return NAN;
  return (double)t->trust_fx[(size_t)d * (size_t)t->n_parties + (size_t)p]
         / NEG_FIX_SCALE / (double)n;
}

/* Returns the mean aid level over replicates holding on day d. */
double neg_tally_aid_mean(const neg_tally *t, int d)
{
  uint64_t n;
  if (!neg_tally_has_day(t, d)) return NAN;
  n = neg_tally_holding_at(t, d);
  if (n == 0) return NAN;
  return (double)t->aid_fx[d] / NEG_FIX_SCALE / (double)n;
}

/* Returns the share of replicates holding on day d that have the maritime deal. */
double neg_tally_deal_share(const neg_tally *t, int d)
{
  uint64_t n;
  if (!neg_tally_has_day(t, d)) return NAN;
  n = neg_tally_holding_at(t, d);
  if (n == 0) return NAN;
  return (double)t->deal[d] / (double)n;
}

/* The mean over all replicates of a count of party p up to day d, from its
 * sums over replicates still going (live) and those done on each day. */
static double neg_tally_count_mean(const neg_tally *t, const uint64_t *live,
                                   const uint64_t *ended, int d, int p)
{
  const size_t np = (size_t)t->n_parties;
  uint64_t sum;
  if (!neg_tally_has_day(t, d) || p < 0 || p >= t->n_parties || t->runs == 0)
    return NAN;
  sum = live[(size_t)d * np + (size_t)p];
  for (int e = 1; e <= d; e++) sum += ended[(size_t)e * np + (size_t)p];
  return (double)sum / (double)t->runs;
}

/* Returns the mean breaches of party p up to day d over all replicates. */
double neg_tally_breaches_mean(const neg_tally *t, int d, int p)
{
  return neg_tally_count_mean(t, t->breaches_live, t->breaches_ended, d, p);
}

/* Returns the mean major incidents of party p up to day d over all replicates. */
double neg_tally_majors_mean(const neg_tally *t, int d, int p)
{
  return neg_tally_count_mean(t, t->majors_live, t->majors_ended, d, p);
}

/* Returns the mean day of outcome o, or NaN when none had it. */
uint64_t neg_tally_outcome_day_sum(const neg_tally *t, neg_outcome o)
{
  uint64_t days = 0;
  if ((int)o < 0 || o >= NEG_OUT_COUNT) return 0;
  for (int d = 1; d <= t->horizon; d++)
    days += t->ended[d * NEG_OUT_COUNT + (int)o] * (uint64_t)d;
  return days;
}

double neg_tally_outcome_mean_day(const neg_tally *t, neg_outcome o)
{
  uint64_t n = 0;
  if ((int)o < 0 || o >= NEG_OUT_COUNT) return NAN;
  for (int d = 1; d <= t->horizon; d++) n += t->ended[d * NEG_OUT_COUNT + (int)o];
  return n ? (double)neg_tally_outcome_day_sum(t, o) / (double)n : NAN;
}

/* Returns the lower median day of outcome o, or NaN when none had it. */
double neg_tally_outcome_median_day(const neg_tally *t, neg_outcome o)
{
  uint64_t n, cum = 0;
  if ((int)o < 0 || o >= NEG_OUT_COUNT) return NAN;
  n = neg_tally_ended_by(t, t->horizon, o);
  if (n == 0) return NAN;
  for (int d = 1; d <= t->horizon; d++) {
    cum += t->ended[d * NEG_OUT_COUNT + (int)o];
    if (2 * cum >= n) return (double)d;
  }
  return NAN;
}
