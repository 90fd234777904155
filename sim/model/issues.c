/* issues.c: the general model's state of the world: issues and their
 * values, actions on them, side deals, the schedule and renewal terms
 * (docs/MODEL.md, mechanisms 4, 5, 8 and 10). Both runners call these:
 * the day-by-day reference (model.c) every day, the engine (fast.c) on
 * the days something happens.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "neg_mech.h"

#include <string.h>


/* Clamps v to [0, 1]. */
static double clamp01(double v)
{
  return v < 0.0 ? 0.0 : v > 1.0 ? 1.0 : v;
}

int neg_condition_met(const neg_scenario *s, const neg_world *w, const neg_condition *c)
{
  return neg_level_met(neg_issue_value(s, w, c->lever), c->at_least, c->threshold);
}

double neg_issue_value(const neg_scenario *s, const neg_world *w, int k)
{
  const neg_issue *is;
  double v;
  switch (k) {
  case NEG_LEVER_AID: return w->aid;
  case NEG_LEVER_SECURITY: {
    double g = w->general ? w->issue[NEG_ISSUE_GUARANTEE] : s->guarantee;
    return w->aid > g ? w->aid : g;
  }
  case NEG_LEVER_MARITIME: return w->maritime_deal;
  case NEG_LEVER_SANCTIONS: return w->sanctions_relief;
  default: break;
  }
  is = &s->issues[k];
  switch (is->derive) {
  case NEG_DERIVE_DEAL: return w->deal_state[is->of[0]] == NEG_DEAL_IN_FORCE;
  case NEG_DERIVE_MAX:
  case NEG_DERIVE_MIN:
    v = neg_issue_value(s, w, is->of[0]);
    for (int i = 1; i < is->n_of; i++) {
      double x = neg_issue_value(s, w, is->of[i]);
      if (is->derive == NEG_DERIVE_MAX ? x > v : x < v) v = x;
    }
    return v;
  default: return w->issue[k];
  }
}

void neg_issue_set(neg_world *w, int k, double v)
{
  v = clamp01(v);
  if (k == NEG_LEVER_SANCTIONS) w->sanctions_relief = v >= 0.5;
  else w->issue[k] = v;
}

void neg_issues_init(const neg_scenario *s, neg_world *w)
{
  w->general = 1;
  for (int k = NEG_ISSUE_BUILTIN; k < s->n_issues; k++) w->issue[k] = s->issues[k].initial;
  w->issue[NEG_ISSUE_GUARANTEE] = s->guarantee;
  memset(w->deal_state, NEG_DEAL_OPEN, sizeof w->deal_state);
  for (int i = 0; i < s->n_parties; i++) {
    const neg_party *p = &s->parties[i];
    w->cf_util[i] = p->ceasefire_utility;
    w->ext_util[i] = p->extension_utility;
    for (int k = 0; k < p->n_rules; k++) {
      const neg_rule *r = &p->rules[k];
      w->thr_met[i][k] = r->on == NEG_EVENT_THRESHOLD
                         && neg_level_met(neg_issue_value(s, w, r->watch), r->watch_least,
                                          r->level);
    }
  }
}

/* Puts deal k in state st (the maritime deal's flag follows). */
static void deal_state(neg_world *w, int k, int st)
{
  w->deal_state[k] = (unsigned char)st;
  if (k == 0) w->maritime_deal = st == NEG_DEAL_IN_FORCE;
}

void neg_deal_reached(const neg_scenario *s, neg_world *w, int k)
{
  const neg_deal *dl = &s->deals[k];
  const double bonus = k == 0 ? s->maritime_trust_bonus : dl->trust_bonus;
  deal_state(w, k, NEG_DEAL_IN_FORCE);
  for (int i = 0; i < s->n_parties; i++)
    if (s->parties[i].role == NEG_ROLE_BELLIGERENT) w->trust_a[i] += bonus;
  for (int e = 0; e < dl->n_effects; e++) neg_issue_set(w, dl->effects[e].issue, dl->effects[e].value);
}

void neg_deal_action(neg_world *w, int k, neg_action a)
{
  const int st = w->deal_state[k];
  if (a == NEG_ACTION_END_DEAL) deal_state(w, k, NEG_DEAL_ENDED);
  else if (a == NEG_ACTION_SUSPEND_DEAL && st == NEG_DEAL_IN_FORCE)
    deal_state(w, k, NEG_DEAL_SUSPENDED);
  else if (a == NEG_ACTION_RESUME_DEAL && st == NEG_DEAL_SUSPENDED)
    deal_state(w, k, NEG_DEAL_IN_FORCE);
}




int neg_deal_reachable(const neg_scenario *s, const neg_world *w, int k)
{
  const neg_deal *dl = &s->deals[k];
  if (w->deal_state[k] != NEG_DEAL_OPEN) return 0;
  for (int c = 0; c < dl->n_conditions; c++)
    if (!neg_condition_met(s, w, &dl->conditions[c])) return 0;
  return 1;
}

unsigned neg_deals_day(const neg_scenario *s, neg_world *w, neg_draws *g)
{
  unsigned reached = 0;
  for (int k = 1; k < s->n_deals; k++) {
    const neg_deal *dl = &s->deals[k];
    const double u = neg_draws_uniform(g);
    if (w->day < dl->start_day || !neg_deal_reachable(s, w, k)) continue;
    if (dl->day > 0 ? w->day == dl->day : u < dl->daily_probability) {
      neg_deal_reached(s, w, k);
      reached |= 1u << k;
    }
  }
  return reached;
}

void neg_schedule_day(const neg_scenario *s, neg_world *w, int d)
{
  for (int x = 0; x < s->n_schedule; x++) {
    const neg_sched *it = &s->schedule[x];
    if (it->day != d) continue;
    for (int e = 0; e < it->n_effects; e++) neg_issue_set(w, it->effects[e].issue, it->effects[e].value);
    if (it->setting == NEG_PHASE_CEASEFIRE_UTILITY) w->cf_util[it->party] = it->value;
    else if (it->setting == NEG_PHASE_EXTENSION_UTILITY) w->ext_util[it->party] = it->value;
  }
}

int neg_schedule_has(const neg_scenario *s, int d)
{
  for (int x = 0; x < s->n_schedule; x++)
    if (s->schedule[x].day == d) return 1;
  return 0;
}

double neg_deal_utility(const neg_scenario *s, const neg_world *w, int i)
{
  double u = s->parties[i].deal_bonus * w->maritime_deal;
  for (int k = 1; k < s->n_deals; k++)
    if (w->deal_state[k] == NEG_DEAL_IN_FORCE) u += s->deals[k].bonus[i];
  return u;
}

/* 1 when some rule of s is of the general model's kinds, or a party that
 * is not a backer has rules. */
static int general_rules(const neg_scenario *s)
{
  for (int i = 0; i < s->n_parties; i++) {
    const neg_party *p = &s->parties[i];
    if (p->n_rules && p->role != NEG_ROLE_BACKER) return 1;
    for (int k = 0; k < p->n_rules; k++)
      if (p->rules[k].on > NEG_EVENT_BREACH || p->rules[k].action > NEG_ACTION_RELIEVE_SANCTIONS)
        return 1;
    for (int k = 0; k < p->n_conditions; k++)
      if (p->conditions[k].gates != NEG_GATE_CEASEFIRE || p->conditions[k].lever >= NEG_LEVER_COUNT)
        return 1;
  }
  return 0;
}

int neg_scenario_incidents(const neg_scenario *s)
{
  for (int i = 0; i < s->n_parties; i++) {
    const neg_party *p = &s->parties[i];
    if (p->role != NEG_ROLE_BELLIGERENT) continue;
    if (p->incidents != NEG_INCIDENTS_ONE || p->major_share != 1.0 || p->tolerated_share != 0.0
        || p->major_weight != 1.0 || !p->consents)
      return 1;
  }
  return 0;
}

int neg_scenario_general(const neg_scenario *s)
{
  return s->n_issues > NEG_ISSUE_BUILTIN || s->n_deals > 1 || s->n_schedule > 0
         || s->n_terms > 0 || s->open_ended || general_rules(s);
}
