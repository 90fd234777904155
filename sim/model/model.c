/* model.c: one replicate as init / step per day / done.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 *
 * A day runs the mechanisms in a fixed order: momentum, breaches and their
 * attribution, trust, collapse, the maritime deal, backers' reactions to
 * detected breaches, a negotiation round if one is scheduled and held, and
 * at the pause's last day the extension decision. docs/MODEL.md explains. */
#include "neg_model.h"
#include "neg_mech.h"

#include <string.h>

static const char *const outcome_names[NEG_OUT_COUNT] = {
  "ceasefire", "extended", "lapsed", "collapsed"};
static const char *const state_names[NEG_STATE_COUNT] = {
  "pause", "extended", "ceasefire", "lapsed", "collapsed"};

const char *neg_outcome_name(neg_outcome o)
{
  return (unsigned)o < NEG_OUT_COUNT ? outcome_names[o] : "?";
}

const char *neg_state_name(neg_state st)
{
  return (unsigned)st < NEG_STATE_COUNT ? state_names[st] : "?";
}

void neg_model_init(neg_world *w, const neg_scenario *s, neg_rng *r)
{
  (void)r; /* parameter uncertainty will draw here, on NEG_STREAM_PARAMS */
  memset(w, 0, offsetof(neg_world, window));
  w->pause_end = s->pause_days;
  w->abandoned_by = -1;
  w->momentum = s->momentum_initial;
  w->sanctions_relief = s->sanctions_relief;
  for (int i = 0; i < s->n_parties; i++) {
    const neg_party *p = &s->parties[i];
    w->aid_status[i] = p->aid_initial;
    w->pressure[i] = neg_pressure_on(s, i);
    w->trust_a[i] = p->prior_a;
    w->trust_b[i] = p->prior_b;
    if (p->role == NEG_ROLE_BELLIGERENT) {
      memset(w->window[i], 0, (size_t)p->window_days);
      memset(w->recip_window[i], 0, (size_t)p->window_days * sizeof w->recip_window[i][0]);
    }
  }
  w->aid = neg_aid_level(s, w);
  if (neg_scenario_general(s)) neg_issues_init(s, w);
  w->incidents = neg_scenario_incidents(s);
}

/* Ends the replicate with outcome o today. Returns 1. */
static int finish(neg_world *w, neg_outcome o)
{
  w->done = 1;
  w->outcome = o;
  w->outcome_day = w->day;
  return 1;
}

/* Today's policy stream, positioned on first use: breaches and the round
 * draw from it in turn, never the same word twice. */
static neg_draws *policy_draws(neg_draws **g, neg_rng *r, int day)
{
  if (!*g) *g = neg_rng_draws(r, NEG_STREAM_POLICY, day);
  return *g;
}

/* Backers react to each breach detected today (policy draws from *g). */
static void react_to_breaches(const neg_scenario *s, neg_world *w, neg_rng *r,
                              neg_draws **g)
{
  for (int j = 0; j < s->n_parties; j++) {
    int seen = 0;
    if (!w->breached_today[j] || s->parties[j].role != NEG_ROLE_BELLIGERENT) continue;
    for (int i = 0; i < s->n_parties; i++)
      seen |= i != j && s->parties[i].role == NEG_ROLE_BELLIGERENT &&
              w->attributed_today[i] > 0;
    if (!seen) continue;
    neg_policy_react(s, w, NEG_EVENT_BREACH, j, policy_draws(g, r, w->day));
  }
}

/* Attribution of the round just held: who refused, and each belligerent's
 * unmet ceasefire conditions. */
static void record_round(const neg_scenario *s, neg_world *w)
{
  w->last_round = w->day;
  w->refused = 0;
  for (int i = 0; i < s->n_parties; i++) {
    if (s->parties[i].role != NEG_ROLE_BELLIGERENT) continue;
    w->refused |= (unsigned)!w->accepted[i] << i;
    w->round_unmet[i] = (unsigned char)neg_conditions_unmet(s, w, i, NEG_GATE_CEASEFIRE);
  }
}

/* A negotiation round: each belligerent accepts or refuses a full
 * ceasefire; backers react (policy draws from *gp). Returns 1 when every
 * belligerent accepted. */
static int round_held(const neg_scenario *s, neg_world *w, neg_rng *r, neg_draws **gp)
{
  neg_draws *ga = neg_rng_draws(r, NEG_STREAM_ACCEPT, w->day);
  neg_draws *g;
  int all = 1;
  w->rounds_held++;
  for (int i = 0; i < s->n_parties; i++) {
    int blocked;
    if (s->parties[i].role != NEG_ROLE_BELLIGERENT) continue;
    double u = neg_utility_ceasefire(s, w, i, &blocked);
    double p = blocked ? 0.0 : neg_choice_prob(u, s->parties[i].temperature);
    w->accepted[i] = neg_draws_uniform(ga) < p;
    all &= w->accepted[i];
  }
  record_round(s, w);
  if (all) return 1;
  g = policy_draws(gp, r, w->day);
  neg_policy_react(s, w, NEG_EVENT_ROUND, -1, g);
  for (int i = 0; i < s->n_parties; i++)
    if (s->parties[i].role == NEG_ROLE_BELLIGERENT)
      neg_policy_react(s, w, w->accepted[i] ? NEG_EVENT_ACCEPTANCE : NEG_EVENT_REFUSAL,
                       i, g);
  return 0;
}

/* At the pause's last day: 1 when every belligerent agrees to extend (an
 * unmet hard renewal condition is a refusal). */
static int extension_agreed(const neg_scenario *s, neg_world *w, neg_rng *r)
{
  neg_draws *g = neg_rng_draws(r, NEG_STREAM_EXTEND, w->day);
  w->declined = 0;
  if (!neg_renewal_open(s, w->extensions)) return 0;
  for (int i = 0; i < s->n_parties; i++) {
    const neg_party *p = &s->parties[i];
    int blocked, agree;
    if (p->role != NEG_ROLE_BELLIGERENT || !p->consents) continue;  /* not asked */
    double v = neg_utility_renewal(s, w, i, &blocked);
    agree = neg_draws_uniform(g) < (blocked ? 0.0 : neg_choice_prob(v, p->temperature));
    w->declined |= (unsigned)!agree << i;
    w->renew_unmet[i] = (unsigned char)neg_conditions_unmet(s, w, i, NEG_GATE_RENEWAL);
  }
  return !w->declined;
}

/* The general model's steps before the side deals: the schedule of day d
 * and the threshold rules it sets off (draws from ga). */
static void general_schedule(const neg_scenario *s, neg_world *w, neg_draws *ga, int d)
{
  neg_schedule_day(s, w, d);
  neg_thresholds(s, w, ga);
}

/* The declared side deals of day d and the rules their reaching sets off
 * (maritime: the maritime deal was reached today). */
static void general_deals(const neg_scenario *s, neg_world *w, neg_rng *r, neg_draws *ga,
                          int maritime, int d)
{
  unsigned reached = neg_deals_day(s, w, neg_rng_draws(r, NEG_STREAM_DEALS, d)) | (unsigned)maritime;
  for (int k = 0; k < s->n_deals; k++)
    if (reached >> k & 1u) neg_policy_react(s, w, NEG_EVENT_DEAL, k, ga);
  neg_thresholds(s, w, ga);
}

int neg_model_step(neg_world *w, const neg_scenario *s, neg_rng *r)
{
  neg_draws *gp = NULL, *ga = NULL;
  int who, d, maritime;
  if (w->done) return 1;
  d = ++w->day;
  neg_momentum_step(s, w, neg_rng_draws(r, NEG_STREAM_MOMENTUM, d));
  neg_breach_day(s, w, neg_rng_draws(r, NEG_STREAM_BREACH, d),
                 neg_rng_draws(r, NEG_STREAM_DETECT, d),
                 neg_rng_draws(r, NEG_STREAM_ACCUSE, d),
                 w->incidents ? neg_rng_draws(r, NEG_STREAM_KIND, d) : NULL);
  neg_trust_update(s, w);
  if ((who = neg_collapse_who(s, w)) >= 0) {
    w->abandoned_by = who;
    w->trigger = neg_collapse_trigger(s, w, who);
    return finish(w, NEG_OUT_COLLAPSED);
  }
  if (w->general) general_schedule(s, w, ga = neg_rng_draws(r, NEG_STREAM_ACTION, d), d);
  maritime = neg_maritime_day(s, w, neg_rng_draws(r, NEG_STREAM_MARITIME, d));
  if (w->general) general_deals(s, w, r, ga, maritime, d);
  react_to_breaches(s, w, r, &gp);
  if (w->general) neg_policy_react(s, w, NEG_EVENT_DAY, -1, ga);
  if (neg_round_scheduled(s, d, w->pause_end) &&
      neg_draws_uniform(neg_rng_draws(r, NEG_STREAM_ROUND, d)) < s->round_probability &&
      round_held(s, w, r, &gp))
    return finish(w, NEG_OUT_CEASEFIRE);
  if (d == w->pause_end) {
    if (!extension_agreed(s, w, r)) return finish(w, NEG_OUT_LAPSED);
    w->pause_end += neg_term_days(s, w->extensions);
    w->extensions++;
    if (w->general) neg_policy_react(s, w, NEG_EVENT_RENEWAL, -1, ga);
  }
  if (d >= s->horizon_days) return finish(w, NEG_OUT_EXTENDED);
  return 0;
}

neg_outcome neg_model_run(neg_world *w, const neg_scenario *s, neg_rng *r)
{
  neg_model_init(w, s, r);
  while (!neg_model_step(w, s, r)) {}
  return w->outcome;
}

neg_state neg_model_state(const neg_world *w)
{
  if (!w->done) return w->extensions > 0 ? NEG_STATE_EXTENDED : NEG_STATE_PAUSE;
  switch (w->outcome) {
  case NEG_OUT_CEASEFIRE: return NEG_STATE_CEASEFIRE;
  case NEG_OUT_EXTENDED: return NEG_STATE_EXTENDED;
  case NEG_OUT_LAPSED: return NEG_STATE_LAPSED;
  default: return NEG_STATE_COLLAPSED;
  }
}
