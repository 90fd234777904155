/* maritime.c: the linked Black Sea side deal (mechanism 8).
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "neg_mech.h"

int neg_maritime_day(const neg_scenario *s, neg_world *w, neg_draws *g)
{
  double u = neg_draws_uniform(g);
  if (w->deal_state[0] != NEG_DEAL_OPEN || w->day < s->maritime_start_day) return 0;
  if (u >= s->maritime_daily_probability) return 0;
  neg_deal_reached(s, w, 0);
  return 1;
}
