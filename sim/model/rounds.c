/* rounds.c: negotiation rounds, utilities and quantal-response choice
 * (mechanism 7).
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "neg_mech.h"

int neg_round_scheduled(const neg_scenario *s, int d, int pause_end)
{
  if (s->round_at_pause_end && d == pause_end) return 1;
  if (s->round_every > 0 && d % s->round_every == 0) return 1;
  for (int k = 0; k < s->n_round_days; k++)
    if (s->round_days[k] == d) return 1;
  for (int k = 0; k < s->n_schedule; k++)
    if (s->schedule[k].round && s->schedule[k].day == d) return 1;
  return 0;
}

double neg_utility_common(const neg_scenario *s, const neg_world *w, int i)
{
  const neg_party *p = &s->parties[i];
  double deal = w->general ? neg_deal_utility(s, w, i) : p->deal_bonus * w->maritime_deal;
  return neg_utility_terms(p, w->day, neg_model_trust(w, i), w->momentum, w->pressure[i], deal);
}

double neg_utility_ceasefire(const neg_scenario *s, const neg_world *w, int i,
                             int *blocked)
{
  double penalty = neg_conditions_penalty(s, w, i, blocked);
  double base = w->general ? w->cf_util[i] : s->parties[i].ceasefire_utility;
  return base + neg_utility_common(s, w, i) - penalty;
}

double neg_utility_renewal(const neg_scenario *s, const neg_world *w, int i, int *blocked)
{
  double penalty = 0.0, base = s->parties[i].extension_utility;
  *blocked = 0;
  if (w->general) {
    penalty = neg_conditions_renewal(s, w, i, blocked);
    base = w->ext_util[i];
  }
  return base + neg_utility_common(s, w, i) - penalty;
}
