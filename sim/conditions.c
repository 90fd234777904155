/* conditions.c: the conditions belligerents set for a full ceasefire
 * (mechanism 4).
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "neg_mech.h"

/* Slack for comparing a lever with its threshold: aid levels are sums of
 * shares and must not miss a threshold by rounding. */
#define NEG_LEVER_EPS 1e-9

double neg_lever_value(const neg_scenario *s, const neg_world *w, neg_lever l)
{
  switch (l) {
  case NEG_LEVER_AID: return w->aid;
  case NEG_LEVER_SECURITY: return w->aid > s->guarantee ? w->aid : s->guarantee;
  case NEG_LEVER_MARITIME: return w->maritime_deal;
  case NEG_LEVER_SANCTIONS: return w->sanctions_relief;
  default: return 0.0;
  }
}

int neg_condition_met(const neg_scenario *s, const neg_world *w, const neg_condition *c)
{
  double v = neg_lever_value(s, w, c->lever);
  return c->at_least ? v >= c->threshold - NEG_LEVER_EPS
                     : v <= c->threshold + NEG_LEVER_EPS;
}

double neg_conditions_penalty(const neg_scenario *s, const neg_world *w, int i,
                              int *blocked)
{
  const neg_party *p = &s->parties[i];
  double penalty = 0.0;
  *blocked = 0;
  for (int k = 0; k < p->n_conditions; k++) {
    const neg_condition *c = &p->conditions[k];
    if (neg_condition_met(s, w, c)) continue;
    if (c->hard)
      *blocked = 1;
    else
      penalty += c->penalty;
  }
  return penalty;
}
