/* fast_general.c: the general model's steps in the event-driven runner
 * (issues, rules of any party, side deals, the schedule; sim/model/issues.c
 * defines each of them, the day-by-day reference calls the same
 * functions every day).
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 *
 * Why it is exact: issues, deal states, utilities and the aid level change
 * only on event days (a schedule item, a day rule, a deal reached, a
 * reaction to a breach, a round or a renewal), which the runner
 * simulates; so a side deal's reachability is constant between event days,
 * and while it is reachable it is reached on each day independently with
 * its daily probability. Its day is therefore a geometric waiting time,
 * drawn afresh (from its own stream, word after word) whenever an event day
 * may have changed its reachability: the trials after that day are
 * independent of everything before it. A deal with a fixed day is reached
 * that day if reachable then. Rules draw their uniforms in turn from one
 * stream (ACTION, 0), the same law as the reference's daily streams. */
#include "fast_impl.h"

/* 1 when deal k can be reached now (the maritime deal: still open). */
static int reachable(const neg_fast *f, int k)
{
  return k == 0 ? f->w.deal_state[0] == NEG_DEAL_OPEN : neg_deal_reachable(f->s, &f->w, k);
}

/* Draws the day deal k is next reached from day `from` on, as long as it
 * stays reachable. */
static int deal_clock(neg_fast *f, int k, int from)
{
  const neg_scenario *s = f->s;
  const neg_deal *dl = &s->deals[k];
  int start = k == 0 ? s->maritime_start_day : dl->start_day;
  if (start < from) start = from;
  if (!reachable(f, k)) return f->never;
  if (k > 0 && dl->day > 0) return dl->day >= start && dl->day <= f->horizon ? dl->day : f->never;
  return fast_geom(f, &f->g_dl[k], start, k == 0 ? &f->maritime : &f->dlaw[k]);
}

/* Draws the clocks of deals k0.. from day `from` on; sets f->t_deal, the
 * first of all of them. */
static void refresh(neg_fast *f, int from, int k0)
{
  f->t_deal = f->never;
  for (int k = 0; k < f->s->n_deals; k++) {
    if (k >= k0) f->t_dl[k] = deal_clock(f, k, from);
    if (f->t_dl[k] < f->t_deal) f->t_deal = f->t_dl[k];
  }
}

/* Brings the tally's stretches and momentum's drift up to day d, before
 * the aid level, a deal or an issue may change on it. */
static void prepare(neg_fast *f, int d)
{
  fast_close_aid(f, d);
  fast_drift(f, d);
  if (f->w.maritime_deal && f->s_deal < d) {
    f->deal[f->s_deal]++;
    f->deal[d]--;
  }
  f->s_deal = d;
  f->w.day = d;
  f->cond_valid = 0;
}

void neg_fast_general_start(neg_fast *f, neg_rng *r)
{
  const neg_scenario *s = f->s;
  neg_issues_init(s, &f->w);
  f->bonus = 0.0;
  f->w.day = 0;
  neg_draws_init(&f->g_action, r, NEG_STREAM_ACTION, 0);
  for (int k = 0; k < s->n_deals; k++)
    neg_draws_init(&f->g_dl[k], r, k == 0 ? NEG_STREAM_MARITIME : NEG_STREAM_DEALS, k);
  refresh(f, 1, 0);
}

void neg_fast_general_early(neg_fast *f, neg_tally *t, int d)
{
  const neg_scenario *s = f->s;
  unsigned reached = 0;
  prepare(f, d);
  if (f->gen_day[d]) {
    neg_schedule_day(s, &f->w, d);
    neg_thresholds(s, &f->w, &f->g_action);
    refresh(f, d, 0);
  }
  for (int k = 0; k < s->n_deals; k++) {
    if (f->t_dl[k] != d || !reachable(f, k)) continue;
    for (int x = 0; x < f->nb; x++) fast_close_trust(f, t, x, d);
    f->bonus += k == 0 ? s->maritime_trust_bonus : s->deals[k].trust_bonus;
    neg_deal_reached(s, &f->w, k);
    reached |= 1u << k;
    refresh(f, d, k + 1);   /* its effects may open a later deal today */
  }
  for (int k = 0; k < s->n_deals; k++)
    if (reached >> k & 1u) neg_policy_react(s, &f->w, NEG_EVENT_DEAL, k, &f->g_action);
  if (reached) neg_thresholds(s, &f->w, &f->g_action);
}

void neg_fast_general_react(neg_fast *f, neg_event ev, int by, int d)
{
  prepare(f, d);
  neg_policy_react(f->s, &f->w, ev, by, &f->g_action);
}

void neg_fast_general_late(neg_fast *f, int d)
{
  refresh(f, d + 1, 0);
}

/* 1 when a rule of s fires on day d (on = "day"). */
static int day_rule(const neg_scenario *s, int d)
{
  for (int i = 0; i < s->n_parties; i++)
    for (int k = 0; k < s->parties[i].n_rules; k++)
      if (s->parties[i].rules[k].on == NEG_EVENT_DAY && s->parties[i].rules[k].day == d)
        return 1;
  return 0;
}

void neg_fast_general_days(neg_fast *f)
{
  for (int d = 0; d <= f->horizon; d++)
    f->gen_day[d] = (unsigned char)(d > 0 && (neg_schedule_has(f->s, d) || day_rule(f->s, d)));
  f->next_gen[f->horizon] = f->never;
  for (int d = f->horizon - 1; d >= 0; d--)
    f->next_gen[d] = f->gen_day[d + 1] ? d + 1 : f->next_gen[d + 1];
}
