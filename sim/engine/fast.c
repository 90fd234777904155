/* fast.c: the event-driven replicate runner.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 *
 * A replicate of the model of model.c, simulated from event to event
 * instead of day by day. Between two events nothing but trust (one more
 * day of compliance), momentum (one more random step) and the tally moves,
 * so only event days are simulated, with the mechanisms of model.c:
 *
 *  - breaches: belligerent k breaches each day with probability p_k(A_k),
 *    A_k its attributed breaches in the window, as the union of
 *    independent daily trials, layers 0..A_k (fast_layer); each layer
 *    fires after a geometric waiting time, drawn when it starts and after
 *    it fires, and stops (its pending day ignored) when A_k falls below it;
 *  - false accusations and the maritime deal: geometric waiting times of
 *    constant daily probability (fast_geom: with fixed parameters, by a
 *    table of thresholds, without logarithms);
 *  - rounds, ends of term and the horizon: known days;
 *  - momentum: the sum of k daily steps of constant drift (the aid level
 *    only changes at events) is one normal draw of variance k sigma^2,
 *    drawn when a decision needs it;
 *  - trust: a quiet day adds one to a, which raises trust, and the window
 *    only empties, so collapse is only checked on a belligerent's
 *    attribution days (and on day 1, when the prior is below the floor);
 *  - the tally: a stretch of days in one state is added with difference
 *    arrays; trust over a stretch is a function of (day, attribution days
 *    b, deal), so it is counted by (deal, b, day) and converted once per
 *    flush, giving the same integer sums as a day-by-day tally.
 *
 * Streams (neg_rng.h; docs/MODEL.md, "Randomness"), for belligerent k at
 * party index i and the j-th decision day of the scenario (a scheduled
 * round or the end of a term): its breach layers and false accusations
 * draw in sequence from (BREACH, i) and (ACCUSE, i); the detection of its n-th breach by its
 * r-th observer is word n(B-1)+r of (DETECT, i), B belligerents; on
 * decision day j, word j of (ROUND, 0) holds the round, word jB+k of
 * (ACCEPT, 0) k's choice, word j of (MOMENTUM, 0) the momentum step, words
 * from jP of (POLICY, 0) the backers' reactions to the round (P the most
 * a round can draw); at the end of term x, word xB+k of (EXTEND, 0) k's
 * choice; reactions to breaches on day d draw from (POLICY, d+1); the
 * deal's day is word 0 of (MARITIME, 0), the final momentum of a record
 * word 0 of (MOMENTUM, 1). The words of decision days are computed
 * FAST_CHUNK days at a time, and every other stream's first block when a
 * replicate starts, by vector code (fast_fill): the same words.
 *
 * The functions of a replicate take the number of belligerents nb and are
 * always inlined, so the kernel for two (fast_day_two) has constant loop
 * bounds. */
#include "fast_impl.h"

#include <limits.h>
#include <stdlib.h>

/* Sets q->t_breach, the first day a running layer of k fires. */
static inline void fast_breach_min(fast_state *q)
{
  int e = q->t_layer[0];
  for (int a = 1; a <= q->active; a++)
    if (q->t_layer[a] < e) e = q->t_layer[a];
  q->t_breach = e;
}

/* Brings k's breach layers up to date after day d, on which one of its
 * layers came due or it attributed a breach: from day d + 1 its window
 * holds A, so layers 0..A run (a layer that no longer runs is stopped, its
 * pending day discarded; one that starts draws its first day) and a running
 * layer that fired on day d draws its next day. The days k's layers fire
 * are independent Bernoulli trials, so stopping, starting and drawing again
 * at any day leaves the days after it exact (the waiting times are
 * memoryless). */
FAST_INLINE void fast_layers(neg_fast *f, int k, int d)
{
  const fast_bell *c = &f->bell[k];
  fast_state *q = &f->st[k];
  int top;
  fast_expire(f, k, d);
  top = c->recip ? q->sum : 0;
  for (int a = top + 1; a <= q->active; a++) q->t_layer[a] = f->never;
  for (int a = 0; a <= top; a++)
    if (a > q->active || q->t_layer[a] == d)
      q->t_layer[a] = fast_geom(f, &q->g_breach, d + 1, fast_layer(f, k, a));
  q->active = top;
  fast_breach_min(q);
}

/* 1 when a running layer of k fires on day d (its window then holds
 * q->sum after fast_expire(f, k, d - 1)): k breaches. */
static inline int fast_breach_due(neg_fast *f, int k, int d)
{
  fast_state *q = &f->st[k];
  int top;
  fast_expire(f, k, d - 1);
  top = q->sum < q->active ? q->sum : q->active;
  for (int a = 0; a <= top; a++)
    if (q->t_layer[a] == d) return 1;
  return 0;
}

/* Closes every stretch at the end of the replicate on day d. */
FAST_INLINE void fast_close_all(neg_fast *f, neg_tally *t, int d, int nb)
{
  fast_close_hold(f, d);
  fast_close_aid(f, d);
  for (int k = 0; k < nb; k++) {
    fast_close_trust(f, t, k, d);
    fast_close_breaches(f, k, d);
    if (f->incid) neg_fast_close_majors(f, k, d);
  }
  if (f->w.maritime_deal && f->s_deal < d) {
    f->deal[f->s_deal]++;
    f->deal[d]--;
  }
  f->pending = 1;
}

/* Ends the replicate with outcome o on day d: tallies day d and the
 * outcome. */
FAST_INLINE void fast_finish(neg_fast *f, neg_tally *t, neg_outcome o, int d, int nb)
{
  neg_world *w = &f->w;
  const size_t row = (size_t)d * (size_t)f->np;
  fast_close_all(f, t, d, nb);
  w->done = 1;
  w->outcome = o;
  w->outcome_day = d;
  if (o == NEG_OUT_EXTENDED) {
    /* the replicate still holds at the end of its last day */
    t->holding[2 * d + (w->extensions > 0)]++;
    for (int k = 0; k < nb; k++)
      t->trust_fx[row + (size_t)f->bell[k].party] +=
          neg_tally_fix(fast_trust(f, k, d, fast_bev(f, k), f->tdeal));
    t->aid_fx[d] += neg_tally_fix(w->aid);
    t->deal[d] += (uint64_t)(w->maritime_deal != 0);
  }
  t->outcome[o]++;
  t->runs++;
  t->ended[d * NEG_OUT_COUNT + (int)o]++;
  neg_tally_why(t, w);
  for (int k = 0; k < nb; k++) {
    t->breaches_ended[row + (size_t)f->bell[k].party] += (uint64_t)f->st[k].breaches;
    if (f->incid) t->majors_ended[row + (size_t)f->bell[k].party] += (uint64_t)f->st[k].majors;
  }
}

/* Computes the words of the decision streams for the next FAST_CHUNK
 * decision days and, at the start of a replicate (first = 1), the first
 * block of each of its other streams, all in one batch
 * (neg_philox_lanes): the words drawing them one by one would give. */
static void fast_fill(neg_fast *f, int first)
{
  const int n = f->n_lanes + (first ? f->n_firsts : 0);
  const uint32_t(*out)[4] = f->lane_out;
  if (first) {
    memcpy(f->lane_b, f->lane_b0, (size_t)n * sizeof *f->lane_b);
  } else {
    for (int l = 0; l < f->n_lanes; l++) f->lane_b[l] += f->lane_step[l];
  }
  neg_philox_lanes(f->dg[0].key, f->dg[0].ctr[0], f->dg[0].ctr[1], f->lane_c2, f->lane_b, n,
                   f->lane_out);
  for (int x = 0; x < FAST_DSTREAMS; x++) {
    const size_t words = (size_t)FAST_CHUNK * (size_t)f->per_day[x];
    memcpy(f->words[x] + (size_t)f->filled * (size_t)f->per_day[x], out, words * sizeof **out);
    out += words / 4;
  }
  for (int x = 0; first && x < f->n_firsts; x++) neg_draws_load(f->firsts[x], out[x]);
  neg_normal_central(f->words[FAST_D_MOM] + f->filled, FAST_CHUNK, f->mom_z + f->filled);
  f->filled += FAST_CHUNK;
}

/* Sets the lanes of fast_fill's batches from the streams of a replicate
 * (their counter words 2 are the same in every replicate): each decision
 * stream's blocks of a batch, then the first block of every other stream. */
static void fast_lanes_init(neg_fast *f)
{
  int n = 0;
  for (int x = 0; x < FAST_DSTREAMS; x++) {
    const int blocks = FAST_CHUNK * f->per_day[x] / 4;
    for (int i = 0; i < blocks; i++, n++) {
      f->lane_c2[n] = f->dg[x].ctr[2];
      f->lane_b0[n] = (uint32_t)i;
      f->lane_step[n] = (uint32_t)blocks;
    }
  }
  f->n_lanes = n;
  for (int x = 0; x < f->n_firsts; x++, n++) {
    f->lane_c2[n] = f->firsts[x]->ctr[2];
    f->lane_b0[n] = 0;
  }
  f->lanes_set = 1;
}

/* Makes sure the words of decision day j are computed. */
static inline void fast_ensure(neg_fast *f, int j)
{
  while (j >= f->filled) fast_fill(f, 0);
}

/* 1 when the round scheduled on decision day j is held. */
static inline int fast_held(neg_fast *f, int j)
{
  fast_ensure(f, j);
  return neg_rng_u01(neg_word(&f->words[FAST_D_ROUND][j])) < f->s->round_probability;
}

/* Brings momentum to the end of day d: the drift and one normal deviate
 * (of the word *w, or *z when not NaN: its quantile, computed by
 * fast_fill) for the steps since it was last drawn. */
FAST_INLINE void fast_momentum(neg_fast *f, int d, const uint32_t *w, const double *z)
{
  fast_drift(f, d);
  if (f->mom_var > 0 && f->s->momentum_volatility > 0.0) {
    double x = *z;
    const uint32_t u = neg_word(w);
    if (isnan(x)) x = neg_rng_normal_quantile(neg_rng_open01(u));
    f->w.momentum += f->s->momentum_volatility * f->sqrt_of[f->mom_var] * x;
  }
  f->mom_var = 0;
}

/* Sets day and trust in the world as the reference leaves them at the end
 * of day d (for a record). */
static void fast_world_at(neg_fast *f, int d)
{
  neg_world *w = &f->w;
  w->day = d;
  for (int k = 0; k < f->nb; k++) {
    const fast_bell *c = &f->bell[k];
    w->trust_a[c->party] = c->prior_a + ((double)d - fast_bev(f, k))
                         + (f->tdeal ? f->bonus : 0.0);
    w->trust_b[c->party] = c->prior_b + fast_bev(f, k);
  }
}

/* 1 when action a of backer b would change nothing now. */
static inline int fast_noop(const neg_world *w, int b, neg_action a)
{
  switch (a) {
  case NEG_ACTION_CUT: return w->aid_status[b] == NEG_AID_CUT;
  case NEG_ACTION_SUSPEND: return w->aid_status[b] != NEG_AID_SUPPLYING;
  case NEG_ACTION_RESUME: return w->aid_status[b] != NEG_AID_SUSPENDED;
  case NEG_ACTION_RELIEVE_SANCTIONS: return w->sanctions_relief;
  default: return 1;
  }
}

/* Backers react on day d to an event by the rules of list l, rule x
 * drawing word w[*n + x] (*n is counted on), as neg_policy_react does; a
 * rule that would change nothing skips its draw, which no other draw
 * depends on. */
FAST_INLINE void fast_react(neg_fast *f, int d, int l, const uint32_t *w, uint32_t *n)
{
  const fast_rule *r = f->rules + f->list_at[l];
  int fired = 0;
  for (int k = 0; k < f->list_n[l]; k++)
    if (!fast_noop(&f->w, r[k].backer, r[k].action)
        && neg_rng_u01(neg_word(&w[*n + (uint32_t)k])) < r[k].probability) {
      if (!fired) {
        fast_close_aid(f, d);
        fast_drift(f, d);
      }
      neg_policy_apply(&f->w, r[k].backer, r[k].action);
      if (f->w.aid_status[r[k].backer] == NEG_AID_SUPPLYING)
        f->mask |= 1u << r[k].backer;
      else
        f->mask &= ~(1u << r[k].backer);
      fired = 1;
    }
  *n += (uint32_t)f->list_n[l];
  if (fired) {
    f->w.aid = f->tables ? f->aid_of[f->mask] : neg_aid_level(f->s, &f->w);
    f->cond_valid = 0;
  }
}

/* k's utility terms C_k on day d, as neg_utility_common gives them. */
static inline double fast_common(const neg_fast *f, int k, int d)
{
  const fast_bell *c = &f->bell[k];
  const double deal = f->general ? neg_deal_utility(f->s, &f->w, c->party)
                                 : c->p->deal_bonus * f->w.maritime_deal;
  return neg_utility_terms(c->p, d, fast_trust(f, k, d, fast_bev(f, k), f->tdeal),
                           f->w.momentum, f->w.pressure[c->party], deal);
}

/* k's utility of a full ceasefire on day d, as neg_utility_ceasefire gives
 * it; *blocked when a hard condition fails. The penalties of the
 * conditions only change when a lever moves. */
FAST_INLINE double fast_utility(neg_fast *f, int k, int d, int *blocked, int nb)
{
  if (!f->cond_valid) {
    const neg_world *w = &f->w;
    if (f->tables) {
      size_t at = ((size_t)f->mask * 4 + (size_t)(w->sanctions_relief * 2 + w->maritime_deal))
                * (size_t)nb;
      for (int x = 0; x < nb; x++) {
        f->penalty[x] = f->pen_of[at + (size_t)x];
        f->blocked[x] = f->blk_of[at + (size_t)x] & 1;
        f->unmet[x] = (unsigned char)(f->blk_of[at + (size_t)x] >> 1);
      }
    } else {
      for (int x = 0; x < nb; x++) {
        f->penalty[x] = neg_conditions_penalty(f->s, w, f->bell[x].party, &f->blocked[x]);
        f->unmet[x] = (unsigned char)neg_conditions_unmet(f->s, w, f->bell[x].party,
                                                          NEG_GATE_CEASEFIRE);
      }
    }
    f->cond_valid = 1;
  }
  *blocked = f->blocked[k];
  return (f->general ? f->w.cf_util[f->bell[k].party] : f->bell[k].p->ceasefire_utility)
         + fast_common(f, k, d) - f->penalty[k];
}

/* A quantal-response choice of utility u at temperature t (1/t = it):
 * 1 (accept) when the word *w, as a uniform, falls below
 * neg_choice_prob(u, t). A certain choice (probability 0 or 1) reads no
 * word. Most words fall clear of a bracket of the table f->sig that holds
 * u / t (found from u * it, widened far beyond its rounding), so the
 * exponential is only computed for the few that fall inside it; the result
 * is the same. */
FAST_INLINE int fast_choice(const neg_fast *f, double u, double t, double it, const uint32_t *w)
{
  double x, p, v;
  if (t <= 0.0) return u > 0.0;
  x = u * it;
  if (x > -FAST_SIG_INNER && x < FAST_SIG_INNER) {
    int lo = (int)((x - FAST_SIG_SLACK + FAST_SIG_HALF) * FAST_SIG_PER_UNIT);
    int hi = (int)((x + FAST_SIG_SLACK + FAST_SIG_HALF) * FAST_SIG_PER_UNIT);
    v = neg_rng_u01(neg_word(w));
    int below = v < f->sig[lo], above = v >= f->sig[hi + 1];
    if (below | above) return below;  /* a value, not a branch on the choice */
    return v < neg_choice_prob(u, t);
  }
  p = neg_choice_prob(u, t);
  return p >= 1.0 || (p > 0.0 && neg_rng_u01(neg_word(w)) < p);
}

/* A round held on day d (decision day j): returns 1 when every
 * belligerent accepts; otherwise the backers react. */
FAST_INLINE int fast_round(neg_fast *f, int d, int j, int nb)
{
  const neg_scenario *s = f->s;
  neg_world *w = &f->w;
  const uint32_t *pol = f->words[FAST_D_POLICY] + (size_t)j * (size_t)f->maxpol;
  uint32_t n = 0;
  int all = 1;
  w->rounds_held++;
  fast_momentum(f, d, &f->words[FAST_D_MOM][j], &f->mom_z[j]);  /* fast_held filled day j */
  w->last_round = d;
  w->refused = 0;
  for (int k = 0; k < nb; k++) {
    int i = f->bell[k].party, blocked, accept;
    /* k's choice is drawn even when it settles nothing (refused already,
     * no backer watches k): word jB + k is read by no other draw, and
     * attribution names every refusal */
    double u = fast_utility(f, k, d, &blocked, nb);
    accept = !blocked && fast_choice(f, u, s->parties[i].temperature, f->bell[k].inv_temp,
                                     &f->words[FAST_D_ACCEPT][j * nb + k]);
    w->accepted[i] = accept && !(f->silent[k] && !all);
    w->refused |= (unsigned)!accept << i;
    w->round_unmet[i] = f->unmet[k];
    all &= accept;
  }
  if (all) return 1;
  if (f->maxpol) {
    fast_react(f, d, list_of(NEG_EVENT_ROUND, 0), pol, &n);
    for (int k = 0; k < nb; k++) {
      neg_event ev = w->accepted[f->bell[k].party] ? NEG_EVENT_ACCEPTANCE : NEG_EVENT_REFUSAL;
      fast_react(f, d, list_of(ev, k), pol, &n);
    }
  }
  if (f->general) {
    neg_fast_general_react(f, NEG_EVENT_ROUND, -1, d);
    for (int k = 0; k < nb; k++) {
      neg_event ev = w->accepted[f->bell[k].party] ? NEG_EVENT_ACCEPTANCE : NEG_EVENT_REFUSAL;
      neg_fast_general_react(f, ev, f->bell[k].party, d);
    }
  }
  return 0;
}

/* The round scheduled on day d (decision day j), when it is held: 1 when
 * every belligerent accepts, and the replicate ends in a ceasefire. */
FAST_INLINE int fast_round_day(neg_fast *f, neg_tally *t, int d, int j, int nb)
{
  if (!fast_held(f, j) || !fast_round(f, d, j, nb)) return 0;
  fast_finish(f, t, NEG_OUT_CEASEFIRE, d, nb);
  return 1;
}

/* 1 when k agrees to renew at the end of a term on day d, of word xB + k
 * of EXTEND (x the renewals so far): read by no other draw, so reading it
 * again gives the same choice. */
FAST_INLINE int fast_renews(neg_fast *f, int k, int d, int nb)
{
  const neg_party *p = f->bell[k].p;
  neg_world *w = &f->w;
  uint32_t word = neg_draws_at(&f->g_extend, (uint32_t)(w->extensions * nb + k));
  double v;
  if (!p->consents) return 1;   /* a party that never consented is not asked */
  if (f->general) {   /* the schedule's utility, renewal conditions */
    int blocked;
    v = w->ext_util[f->bell[k].party] + fast_common(f, k, d)
        - neg_conditions_renewal(f->s, w, f->bell[k].party, &blocked);
    if (blocked) return 0;
  } else {
    v = p->extension_utility + fast_common(f, k, d);
  }
  return fast_choice(f, v, p->temperature, f->bell[k].inv_temp, &word);
}

/* At the end of a term on day d (decision day j): 1 when every
 * belligerent agrees to extend; when one declines, the truce lapses and
 * every belligerent's choice and unmet renewal conditions are recorded. */
FAST_INLINE int fast_extend(neg_fast *f, int d, int j, int nb)
{
  const neg_scenario *s = f->s;
  neg_world *w = &f->w;
  int all = 1;
  w->declined = 0;
  if (!neg_renewal_open(s, w->extensions)) return 0;
  fast_ensure(f, j);
  fast_momentum(f, d, &f->words[FAST_D_MOM][j], &f->mom_z[j]);
  for (int k = 0; k < nb && all; k++)   /* one refusal settles it */
    all &= fast_renews(f, k, d, nb);
  if (!all)   /* the truce lapses: every belligerent's choice, for attribution */
    for (int k = 0; k < nb; k++) {
      int i = f->bell[k].party;
      w->declined |= (unsigned)!fast_renews(f, k, d, nb) << i;
      w->renew_unmet[i] = (unsigned char)neg_conditions_unmet(s, w, i, NEG_GATE_RENEWAL);
    }
  return all;
}

/* Adds today's detections to f->count: each breach of the day is seen by
 * each other belligerent with its probability. */
FAST_INLINE void fast_detect(neg_fast *f, int nb)
{
  for (int j = 0; j < nb; j++) {
    fast_state *q = &f->st[j];
    uint32_t word;
    int r = 0;
    if (!f->breached[j]) continue;
    word = (uint32_t)(q->breaches - 1) * (uint32_t)(nb - 1);
    for (int k = 0; k < nb; k++) {
      if (k == j) continue;
      f->count[k] += neg_rng_u01(neg_draws_at(&q->g_detect, word + (uint32_t)r++))
                     < f->bell[k].detection;
    }
  }
}

/* Breaches and their attribution on day d, when some clock fires.
 * Returns 1 when some belligerent attributed a breach. */
FAST_INLINE int fast_breaches(neg_fast *f, neg_tally *t, int d, int nb)
{
  int any = 0, attributed = 0;
  if (f->incid) return neg_fast_incident_day(f, t, d, nb);
  for (int k = 0; k < nb; k++) {
    fast_state *q = &f->st[k];
    f->breached[k] = q->t_breach == d && fast_breach_due(f, k, d);
    any |= f->breached[k];
    f->count[k] = q->t_accuse == d;
  }
  if (any) {
    for (int k = 0; k < nb; k++)
      if (f->breached[k]) {
        fast_close_breaches(f, k, d);
        f->st[k].breaches++;
      }
    fast_detect(f, nb);
  }
  for (int k = 0; k < nb; k++) {
    if (!f->count[k]) continue;
    fast_close_trust(f, t, k, d);
    attributed = 1;
    fast_expire(f, k, d);
    fast_push(f, k, d, f->count[k]);
    f->st[k].be += 1.0;
  }
  return attributed;
}

/* The first belligerent, in party order, that abandons the pause at the
 * end of day d, or -1. Trust only falls and the window only fills on a
 * belligerent's attribution days, so others are not checked, except on
 * day 1, whose quiet trust comes from the prior alone. */
FAST_INLINE int fast_collapse(const neg_fast *f, int d, int nb)
{
  for (int k = 0; k < nb; k++) {
    const fast_bell *c = &f->bell[k];
    const fast_state *q = &f->st[k];
    if ((f->count[k] || d == 1)
        && (q->sum >= c->tolerance || fast_trust(f, k, d, fast_bev(f, k), f->tdeal) < c->floor)
        && c->p->consents)
      return c->party;
  }
  return -1;
}

/* What makes party who abandon the pause at the end of day d:
 * NEG_TRIGGER_* bits, as neg_collapse_trigger gives them. */
static int fast_trigger(const neg_fast *f, int d, int nb, int who)
{
  for (int k = 0; k < nb; k++) {
    const fast_bell *c = &f->bell[k];
    if (c->party != who) continue;
    return (f->st[k].sum >= c->tolerance ? NEG_TRIGGER_TOLERANCE : 0)
           | (fast_trust(f, k, d, f->st[k].b, f->tdeal) < c->floor ? NEG_TRIGGER_FLOOR : 0);
  }
  return 0;
}

/* Sets f->t_clock, the first day a clock fires (a layer of a breach clock
 * that has stopped running may come due: nothing happens then). */
FAST_INLINE void fast_next_clock(neg_fast *f, int nb)
{
  int e = f->never;
  for (int k = 0; k < nb; k++) {
    const fast_state *q = &f->st[k];
    if (q->t_breach < e) e = q->t_breach;
    if (q->t_accuse < e) e = q->t_accuse;
  }
  if (f->incid)   /* with incidents an entry leaving a window changes reciprocity */
    for (int k = 0; k < nb; k++)
      if (f->st[k].t_expire < e) e = f->st[k].t_expire;
  f->t_clock = e;
}

/* Simulates event day d. Returns 1 when the replicate ended on it. */
FAST_INLINE int fast_day(neg_fast *f, neg_rng *r, neg_tally *t, int d, int nb)
{
  const neg_scenario *s = f->s;
  neg_world *w = &f->w;
  int who = -1, attributed = 0, fires = f->t_clock == d;
  if (fires) {
    attributed = fast_breaches(f, t, d, nb);
  } else {
    for (int k = 0; k < nb; k++) f->count[k] = 0;
  }
  if ((attributed || d == 1) && (who = fast_collapse(f, d, nb)) >= 0) {
    w->abandoned_by = who;
    w->trigger = fast_trigger(f, d, nb, who);
    fast_finish(f, t, NEG_OUT_COLLAPSED, d, nb);
    return 1;
  }
  if (f->general) {
    /* the schedule and the side deals; reactions to breaches; day rules */
    neg_fast_general_early(f, t, d);
    for (int j = 0; attributed && j < nb; j++) {
      int seen = 0;
      if (!f->breached[j]) continue;
      for (int k = 0; k < nb; k++) seen |= k != j && f->count[k] > 0;
      if (seen) neg_fast_general_react(f, NEG_EVENT_BREACH, f->bell[j].party, d);
    }
    if (f->gen_day[d]) neg_fast_general_react(f, NEG_EVENT_DAY, -1, d);
  } else if (f->t_deal == d) {
    /* the maritime deal */
    for (int k = 0; k < nb; k++) fast_close_trust(f, t, k, d);
    f->s_deal = d;
    f->t_deal = f->never;
    w->maritime_deal = 1;
    f->tdeal = 1;
    f->cond_valid = 0;
  }
  /* backers react to breaches seen by another belligerent */
  if (attributed && f->breach_rules) {
    neg_draws *g = NULL;
    uint32_t n = 0;
    for (int j = 0; j < nb; j++) {
      int l = list_of(NEG_EVENT_BREACH, j), seen = 0;
      if (!f->breached[j] || !f->list_n[l]) continue;
      for (int k = 0; k < nb; k++) seen |= k != j && f->count[k] > 0;
      if (!seen) continue;
      if (!g) g = neg_rng_draws(r, NEG_STREAM_POLICY, d + 1);
      for (uint32_t x = n; x < n + (uint32_t)f->list_n[l]; x++)
        f->react_words[x] = neg_draws_at(g, x);
      fast_react(f, d, l, f->react_words, &n);
    }
  }
  /* a round, the end of the term, the horizon */
  if ((f->round_day[d] || (s->round_at_pause_end && d == w->pause_end))
      && fast_round_day(f, t, d, f->ord[d], nb))
    return 1;
  if (d == w->pause_end) {
    if (!fast_extend(f, d, f->ord[d], nb)) {
      fast_finish(f, t, NEG_OUT_LAPSED, d, nb);
      return 1;
    }
    if (!w->extensions) fast_close_hold(f, d);
    w->pause_end += neg_term_days(s, w->extensions);
    w->extensions++;
    if (f->general) neg_fast_general_react(f, NEG_EVENT_RENEWAL, -1, d);
  }
  if (d >= f->horizon) {
    fast_finish(f, t, NEG_OUT_EXTENDED, d, nb);
    return 1;
  }
  if (f->general) neg_fast_general_late(f, d);
  /* clocks for the days after d */
  if (fires && f->incid) {
    neg_fast_incident_clocks(f, d, nb);
    fast_next_clock(f, nb);
  } else if (fires) {
    for (int k = 0; k < nb; k++) {
      fast_state *q = &f->st[k];
      if (q->t_breach == d || (f->bell[k].recip && f->count[k])) fast_layers(f, k, d);
      if (q->t_accuse == d) q->t_accuse = fast_geom(f, &q->g_accuse, d + 1, &f->bell[k].fa);
    }
    fast_next_clock(f, nb);
  }
  return 0;
}

/* fast_day with two belligerents (the loops over them unrolled) and with
 * any number: the same code. */
static __attribute__((noinline)) int fast_day_two(neg_fast *f, neg_rng *r, neg_tally *t, int d)
{
  return fast_day(f, r, t, d, 2);
}

static __attribute__((noinline)) int fast_day_any(neg_fast *f, neg_rng *r, neg_tally *t, int d)
{
  return fast_day(f, r, t, d, f->nb);
}

/* Sets the state of a replicate at its start (day 0) and draws its first
 * clocks. */
FAST_INLINE void fast_start(neg_fast *f, neg_rng *r, int nb)
{
  const neg_scenario *s = f->s;
  neg_world *w = &f->w;
  w->day = 0;
  w->pause_end = s->pause_days;
  w->extensions = 0;
  w->done = 0;
  w->abandoned_by = -1;
  w->rounds_held = 0;
  w->last_round = 0;
  w->refused = w->declined = 0;
  w->trigger = 0;
  memset(w->round_unmet, 0, sizeof w->round_unmet);
  memset(w->renew_unmet, 0, sizeof w->renew_unmet);
  w->momentum = s->momentum_initial;
  w->maritime_deal = 0;
  f->tdeal = f->general;
  w->sanctions_relief = s->sanctions_relief;
  f->mask = 0;
  for (int i = 0; i < s->n_parties; i++) {
    w->aid_status[i] = s->parties[i].aid_initial;
    if (s->parties[i].role == NEG_ROLE_BACKER && w->aid_status[i] == NEG_AID_SUPPLYING)
      f->mask |= 1u << i;
  }
  w->aid = f->tables ? f->aid_of[f->mask] : neg_aid_level(s, w);
  f->s_hold = f->s_aid = f->s_deal = 1;
  f->cond_valid = 0;
  f->mom_day = 0;
  f->mom_var = 0;
  neg_draws_init(&f->dg[FAST_D_ROUND], r, NEG_STREAM_ROUND, 0);
  neg_draws_init(&f->dg[FAST_D_MOM], r, NEG_STREAM_MOMENTUM, 0);
  neg_draws_init(&f->dg[FAST_D_ACCEPT], r, NEG_STREAM_ACCEPT, 0);
  neg_draws_init(&f->dg[FAST_D_POLICY], r, NEG_STREAM_POLICY, 0);
  neg_draws_init(&f->g_extend, r, NEG_STREAM_EXTEND, 0);
  neg_draws_init(&f->g_maritime, r, NEG_STREAM_MARITIME, 0);
  for (int k = 0; k < nb; k++) {
    fast_state *q = &f->st[k];
    neg_draws_init(&q->g_breach, r, NEG_STREAM_BREACH, f->bell[k].party);
    neg_draws_init(&q->g_accuse, r, NEG_STREAM_ACCUSE, f->bell[k].party);
    neg_draws_init(&q->g_detect, r, NEG_STREAM_DETECT, f->bell[k].party);
  }
  f->filled = 0;
  if (!f->lanes_set) fast_lanes_init(f);
  fast_fill(f, 1);
  for (int k = 0; k < nb; k++) {
    fast_state *q = &f->st[k];
    q->sum = q->b = q->breaches = q->head = q->n = 0;
    q->be = 0.0;
    q->t_expire = INT_MAX;
    f->s_trust[k] = f->s_live[k] = 1;
    q->active = 0;
    q->t_accuse = fast_geom(f, &q->g_accuse, 1, &f->bell[k].fa);
    if (f->incid) neg_fast_incidents_start(f, r, k);
    else q->t_layer[0] = q->t_breach = fast_geom(f, &q->g_breach, 1, fast_layer(f, k, 0));
  }
  f->t_deal = f->never;
  if (f->general)
    neg_fast_general_start(f, r);
  else if (s->maritime_daily_probability > 0.0)
    f->t_deal = fast_geom(f, &f->g_maritime,
                          s->maritime_start_day > 1 ? s->maritime_start_day : 1,
                          &f->maritime);
  fast_next_clock(f, nb);
}

/* Runs a replicate from its start to its end, from event day to event
 * day. */
FAST_INLINE void fast_run(neg_fast *f, neg_rng *r, neg_tally *t, int nb)
{
  int (*const day)(neg_fast *, neg_rng *, neg_tally *, int) =
      nb == 2 ? fast_day_two : fast_day_any;
  int d = 0;
  fast_start(f, r, nb);
  if (f->force_day1) {
    if (day(f, r, t, 1)) return;
    d = 1;
  }
  for (;;) {
    int e = f->next_round[d], only_round = !f->general;
    if (f->general && f->next_gen[d] <= e) e = f->next_gen[d];
    if (f->w.pause_end <= e) e = f->w.pause_end, only_round = 0;
    if (f->t_deal <= e) e = f->t_deal, only_round = 0;
    if (f->t_clock <= e) e = f->t_clock, only_round = 0;
    if (only_round && e < f->horizon) {
      /* a round day on which nothing else happens (no clock, deal, end of
       * term or horizon; not day 1 of a pause that can collapse at once,
       * which fast_start's caller simulated): the round alone */
      if (fast_round_day(f, t, e, f->ord[e], nb)) return;
      d = e;
      continue;
    }
    if (day(f, r, t, e)) return;
    d = e;
  }
}

void neg_fast_run(neg_fast *f, neg_rng *r, neg_tally *t, neg_world *world)
{
  neg_world *w = &f->w;
  if (f->nb == 2)
    fast_run(f, r, t, 2);
  else
    fast_run(f, r, t, f->nb);
  if (world) {
    uint32_t last = neg_draws_at(neg_rng_draws(r, NEG_STREAM_MOMENTUM, 1), 0);
    const double nan = NAN;
    fast_momentum(f, w->outcome_day, &last, &nan);
    fast_world_at(f, w->outcome_day);
    for (int k = 0; k < f->nb; k++) {
      w->breaches[f->bell[k].party] = f->st[k].breaches;
      w->majors[f->bell[k].party] = f->st[k].majors;
    }
    memcpy(world, w, offsetof(neg_world, window));
  }
}

void neg_fast_flush(neg_fast *f, neg_tally *t)
{
  const int days = f->horizon + 2;
  const size_t np = (size_t)f->np;
  int64_t h0 = 0, h1 = 0, dl = 0;
  uint64_t aid = 0, live[NEG_MAX_PARTIES] = {0};
  if (!f->pending) return;
  for (int d = 1; d <= f->horizon; d++) {
    h0 += f->hold[0][d];
    h1 += f->hold[1][d];
    dl += f->deal[d];
    aid += f->aid[d];
    t->holding[2 * d] += (uint64_t)h0;
    t->holding[2 * d + 1] += (uint64_t)h1;
    t->deal[d] += (uint64_t)dl;
    t->aid_fx[d] += aid;
    for (int k = 0; k < f->nb; k++) {
      live[k] += f->live[k][d];
      t->breaches_live[(size_t)d * np + (size_t)f->bell[k].party] += live[k];
    }
  }
  if (f->incid) neg_fast_flush_majors(f, t);
  for (int k = 0; k < f->nb; k++) {
    uint64_t *tr = t->trust_fx + f->bell[k].party;
    for (int deal = 0; deal < 2; deal++)
      for (int b = 0; b <= f->bmax[k]; b++) {
        int32_t *row = f->hist[k][deal] + (size_t)b * (size_t)days;
        int64_t n = 0;
        for (int d = 1; d <= f->horizon; d++) {
          n += row[d];
          if (n) tr[(size_t)d * np] += (uint64_t)n * neg_tally_fix(fast_trust(f, k, d, b, deal));
        }
        memset(row, 0, (size_t)days * sizeof *row);
      }
    memset(f->live[k], 0, (size_t)days * sizeof *f->live[k]);
    f->bmax[k] = 0;
  }
  memset(f->hold[0], 0, (size_t)days * sizeof *f->hold[0]);
  memset(f->hold[1], 0, (size_t)days * sizeof *f->hold[1]);
  memset(f->deal, 0, (size_t)days * sizeof *f->deal);
  memset(f->aid, 0, (size_t)days * sizeof *f->aid);
  f->pending = 0;
}
