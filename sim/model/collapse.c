/* collapse.c: a belligerent abandons the pause (mechanism 3).
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "neg_mech.h"

int neg_collapse_trigger(const neg_scenario *s, const neg_world *w, int i)
{
  const neg_party *p = &s->parties[i];
  return (w->window_sum[i] >= p->tolerance ? NEG_TRIGGER_TOLERANCE : 0)
         | (neg_model_trust(w, i) < p->trust_floor ? NEG_TRIGGER_FLOOR : 0);
}

int neg_collapse_who(const neg_scenario *s, const neg_world *w)
{
  for (int i = 0; i < s->n_parties; i++) {
    const neg_party *p = &s->parties[i];
    if (p->role != NEG_ROLE_BELLIGERENT || !p->consents) continue;
    if (neg_collapse_trigger(s, w, i)) return i;
  }
  return -1;
}
