/* breach.c: breaches, detection and false accusations (mechanism 1).
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "neg_mech.h"

#include <math.h>

double neg_breach_prob(const neg_scenario *s, const neg_world *w, int i)
{
  const neg_party *p = &s->parties[i];
  double base = 1.0 - p->compliance;
  double shift = p->reciprocity * w->window_sum[i] - p->restraint * w->pressure[i];
  if (base <= 0.0 || base >= 1.0 || shift == 0.0) return base;
  return 1.0 / (1.0 + exp(-(log(base / (1.0 - base)) + shift)));
}

/* Adds today's attributed count of observer i to its sliding window. */
static void window_push(const neg_scenario *s, neg_world *w, int i, int count)
{
  int k = w->day % s->parties[i].window_days;
  w->window_sum[i] += count - w->window[i][k];
  w->window[i][k] = (unsigned char)count;
}

void neg_breach_day(const neg_scenario *s, neg_world *w, neg_draws *g_breach,
                    neg_draws *g_detect, neg_draws *g_accuse)
{
  int n = s->n_parties;
  for (int i = 0; i < n; i++) {
    if (s->parties[i].role != NEG_ROLE_BELLIGERENT) continue;
    double p = neg_breach_prob(s, w, i);
    w->breached_today[i] = neg_draws_uniform(g_breach) < p;
    w->breaches[i] += w->breached_today[i];
  }
  for (int i = 0; i < n; i++) {
    const neg_party *obs = &s->parties[i];
    int count = 0;
    if (obs->role != NEG_ROLE_BELLIGERENT) continue;
    for (int j = 0; j < n; j++) {
      if (j == i || s->parties[j].role != NEG_ROLE_BELLIGERENT) continue;
      double u = neg_draws_uniform(g_detect);
      count += w->breached_today[j] && u < obs->detection;
    }
    count += neg_draws_uniform(g_accuse) < obs->false_accusation;
    w->attributed_today[i] = count;
    window_push(s, w, i, count);
  }
}
