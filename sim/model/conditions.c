/* conditions.c: the conditions belligerents set for a full ceasefire and
 * for a renewal of the truce (mechanism 4).
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "neg_mech.h"

/* The penalties of i's unmet soft conditions that gate decision `skip`'s
 * other (conditions gating `skip` alone are left out); *blocked when such a
 * hard one is unmet. */
static double penalty_of(const neg_scenario *s, const neg_world *w, int i, neg_gate skip,
                         int *blocked)
{
  const neg_party *p = &s->parties[i];
  double penalty = 0.0;
  *blocked = 0;
  for (int k = 0; k < p->n_conditions; k++) {
    const neg_condition *c = &p->conditions[k];
    if (c->gates == skip || neg_condition_met(s, w, c)) continue;
    if (c->hard)
      *blocked = 1;
    else
      penalty += c->penalty;
  }
  return penalty;
}

double neg_conditions_penalty(const neg_scenario *s, const neg_world *w, int i,
                              int *blocked)
{
  return penalty_of(s, w, i, NEG_GATE_RENEWAL, blocked);
}

double neg_conditions_renewal(const neg_scenario *s, const neg_world *w, int i,
                              int *blocked)
{
  return penalty_of(s, w, i, NEG_GATE_CEASEFIRE, blocked);
}

unsigned neg_conditions_unmet(const neg_scenario *s, const neg_world *w, int i, neg_gate gate)
{
  const neg_party *p = &s->parties[i];
  const neg_gate skip = gate == NEG_GATE_RENEWAL ? NEG_GATE_CEASEFIRE : NEG_GATE_RENEWAL;
  unsigned unmet = 0;
  for (int k = 0; k < p->n_conditions; k++)
    if (p->conditions[k].gates != skip && !neg_condition_met(s, w, &p->conditions[k]))
      unmet |= 1u << k;
  return unmet;
}
