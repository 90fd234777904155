/* momentum.c: battlefield momentum, a random walk whose drift depends on
 * the aid level (mechanism 6).
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "neg_mech.h"
#include "neg_rng.h"

void neg_momentum_step(const neg_scenario *s, neg_world *w, neg_draws *g)
{
  double drift = s->momentum_drift
               + s->momentum_aid_effect * (w->aid - s->momentum_aid_reference);
  w->momentum += drift + s->momentum_volatility * neg_rng_gaussian(g);
}
