/* breach.c: breaches, detection and false accusations (mechanism 1).
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "neg_mech.h"

#include <math.h>

double neg_breach_prob(const neg_scenario *s, const neg_world *w, int i)
{
  const neg_party *p = &s->parties[i];
  double base = 1.0 - p->compliance;
  double count = w->incidents ? w->recip_sum[i] : w->window_sum[i];
  double shift = p->reciprocity * count - p->restraint * w->pressure[i];
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

int neg_incident_count(int mode, double p, double u)
{
  double lambda, v, term, cdf;
  int n;
  if (!(u < p)) return 0;
  if (mode == NEG_INCIDENTS_ONE) return 1;
  /* N | N >= 1 of Poisson(lambda), lambda = -ln(1 - p), by inverse cdf at
   * v = u / p (uniform on [0, 1) given u < p): P(N = n | N >= 1) =
   * e^-lambda lambda^n / n! / p */
  lambda = -log1p(-p);
  v = u / p;
  term = p < 1.0 ? (1.0 - p) * lambda / p : 0.0;
  if (p >= 1.0) return NEG_INCIDENTS_MAX;   /* lambda infinite: as many as counted */
  for (n = 1, cdf = term; v >= cdf && n < NEG_INCIDENTS_MAX; cdf += term) {
    n++;
    term *= lambda / n;
  }
  return n;
}

/* Draws the severity of i's n incidents today (one word each for major and
 * tolerated, from g). */
void neg_incident_kinds(const neg_party *p, int n, neg_draws *g, int kinds[4])
{
  kinds[0] = kinds[1] = kinds[2] = kinds[3] = 0;
  for (int x = 0; x < n; x++) {
    int major = neg_draws_uniform(g) < p->major_share;
    int tolerated = neg_draws_uniform(g) < p->tolerated_share;
    kinds[tolerated * 2 + major]++;
  }
}

double neg_incident_weigh(const neg_party *obs, const int seen[4], double *evidence)
{
  double weighted = obs->major_weight * seen[1] + obs->minor_weight * seen[0];
  double all = weighted + obs->major_weight * seen[3] + obs->minor_weight * seen[2];
  *evidence = all < 1.0 ? all : 1.0;
  return weighted;
}

/* Observer i's attributions today from the others' incidents (one word of
 * g_detect per incident and other) and a false accusation (a major
 * incident): its window (majors for tolerance, weighted counts for
 * reciprocity; tolerated enforcement in neither) and its breach evidence. */
static void observe(const neg_scenario *s, neg_world *w, int i, neg_draws *g_detect,
                    neg_draws *g_accuse)
{
  const neg_party *obs = &s->parties[i];
  int seen[4] = {0, 0, 0, 0};
  for (int j = 0; j < s->n_parties; j++) {
    if (j == i || s->parties[j].role != NEG_ROLE_BELLIGERENT) continue;
    for (int kind = 0; kind < 4; kind++)
      for (int x = 0; x < w->inc_today[j][kind]; x++)
        seen[kind] += neg_draws_uniform(g_detect) < obs->detection;
  }
  seen[1] += neg_draws_uniform(g_accuse) < obs->false_accusation;
  double weighted = neg_incident_weigh(obs, seen, &w->evidence_today[i]);
  int k = w->day % obs->window_days;
  w->attributed_today[i] = seen[0] + seen[1] + seen[2] + seen[3];
  w->window_sum[i] += seen[1] - w->window[i][k];
  w->window[i][k] = (unsigned char)(seen[1] < 255 ? seen[1] : 255);
  w->recip_sum[i] += weighted - w->recip_window[i][k];
  w->recip_window[i][k] = weighted;
}

/* neg_breach_day with incidents (mechanism 1b): g_kind draws their kinds. */
static void incident_day(const neg_scenario *s, neg_world *w, neg_draws *g_breach,
                         neg_draws *g_detect, neg_draws *g_accuse, neg_draws *g_kind)
{
  for (int i = 0; i < s->n_parties; i++) {
    const neg_party *p = &s->parties[i];
    if (p->role != NEG_ROLE_BELLIGERENT) continue;
    int n = neg_incident_count(p->incidents, neg_breach_prob(s, w, i), neg_draws_uniform(g_breach));
    w->breached_today[i] = n;
    w->breaches[i] += n;
    neg_incident_kinds(p, n, g_kind, w->inc_today[i]);
    w->majors[i] += w->inc_today[i][1] + w->inc_today[i][3];
  }
  for (int i = 0; i < s->n_parties; i++)
    if (s->parties[i].role == NEG_ROLE_BELLIGERENT) observe(s, w, i, g_detect, g_accuse);
}

void neg_breach_day(const neg_scenario *s, neg_world *w, neg_draws *g_breach,
                    neg_draws *g_detect, neg_draws *g_accuse, neg_draws *g_kind)
{
  if (w->incidents) {
    incident_day(s, w, g_breach, g_detect, g_accuse, g_kind);
    return;
  }
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
