/* backers.c: aid, pressure and the backers' policies (mechanism 5).
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "neg_mech.h"

double neg_aid_level(const neg_scenario *s, const neg_world *w)
{
  double aid = 0.0;
  for (int b = 0; b < s->n_parties; b++)
    if (s->parties[b].role == NEG_ROLE_BACKER && w->aid_status[b] == NEG_AID_SUPPLYING)
      aid += s->parties[b].aid_share;
  return aid;
}

double neg_pressure_on(const neg_scenario *s, int i)
{
  double total = 0.0;
  for (int b = 0; b < s->n_parties; b++)
    if (s->parties[b].role == NEG_ROLE_BACKER) total += s->parties[b].pressure[i];
  return total;
}

void neg_policy_apply(neg_world *w, int b, neg_action a)
{
  switch (a) {
  case NEG_ACTION_CUT: w->aid_status[b] = NEG_AID_CUT; break;
  case NEG_ACTION_SUSPEND:
    if (w->aid_status[b] == NEG_AID_SUPPLYING) w->aid_status[b] = NEG_AID_SUSPENDED;
    break;
  case NEG_ACTION_RESUME:
    if (w->aid_status[b] == NEG_AID_SUSPENDED) w->aid_status[b] = NEG_AID_SUPPLYING;
    break;
  case NEG_ACTION_RELIEVE_SANCTIONS: w->sanctions_relief = 1; break;
  default: break;
  }
}
