/* trust.c: Beta-Bernoulli belief about the others' compliance (mechanism 2).
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "neg_mech.h"

void neg_trust_update(const neg_scenario *s, neg_world *w)
{
  for (int i = 0; i < s->n_parties; i++) {
    if (s->parties[i].role != NEG_ROLE_BELLIGERENT) continue;
    if (w->incidents) {
      w->trust_b[i] += w->evidence_today[i];
      w->trust_a[i] += 1.0 - w->evidence_today[i];
    } else if (w->attributed_today[i] > 0)
      w->trust_b[i] += 1.0;
    else
      w->trust_a[i] += 1.0;
  }
}

/* The mean of the Beta belief: trust. (Declared in neg_model.h.) */
double neg_model_trust(const neg_world *w, int party)
{
  return w->trust_a[party] / (w->trust_a[party] + w->trust_b[party]);
}
