/* fast_incidents.c: incidents (mechanism 1b) in the event-driven runner.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 *
 * Why it is exact: belligerent k has at least one incident on a day with
 * probability p_k(A_k) (neg_breach_prob), A_k its weighted window of the
 * previous day's end, independently from day to day; A_k changes only at
 * the end of k's attribution days and of the days an entry leaves its
 * window, both events. So the next incident day is a geometric waiting time
 * of daily probability p_k(A_k), drawn afresh from the next day after each
 * change and after each incident day (the trials after a day are
 * independent of everything before it). On an incident day, the number of
 * incidents given at least one, their kinds, their detection by each
 * observer and the false accusations follow the reference's laws
 * (neg_incident_count, the same probabilities), drawn word after word
 * from each belligerent's streams (BREACH, DETECT, KIND, ACCUSE). Trust is
 * tallied day by day over stretches (its evidence is fractional). */
#include "fast_impl.h"

#include <limits.h>
#include <string.h>

/* k's probability of at least one incident a day, by the reference's
 * neg_breach_prob with its weighted window. */
static double incident_prob(neg_fast *f, int k)
{
  const int i = f->bell[k].party;
  f->w.recip_sum[i] = f->st[k].rsum;
  return neg_breach_prob(f->s, &f->w, i);
}

/* Draws k's next incident day from day `from` on. */
static void incident_clock(neg_fast *f, int k, int from)
{
  fast_state *q = &f->st[k];
  const double p = incident_prob(f, k);
  fast_law l = {p > 0.0 ? 1.0 / log1p(-p) : -INFINITY, NULL, NULL};
  q->t_breach = p >= 1.0 ? from : fast_geom(f, &q->g_breach, from, &l);
}

void neg_fast_incidents_start(neg_fast *f, neg_rng *r, int k)
{
  fast_state *q = &f->st[k];
  neg_draws_init(&q->g_kind, r, NEG_STREAM_KIND, f->bell[k].party);
  q->rsum = q->be = 0.0;
  q->majors = 0;
  f->s_maj[k] = 1;
  f->w.incidents = 1;
  incident_clock(f, k, 1);
}

/* Draws the number and kinds of k's incidents on an incident day (its
 * count[4] by tolerated * 2 + major). */
static void incidents_of(neg_fast *f, int k, int kinds[4])
{
  fast_state *q = &f->st[k];
  const neg_party *p = f->bell[k].p;
  const double prob = incident_prob(f, k);
  int n = neg_incident_count(p->incidents, prob, neg_rng_u01(neg_draws_u32(&q->g_breach)) * prob);
  neg_incident_kinds(p, n, &q->g_kind, kinds);
  q->breaches += n;
  q->majors += kinds[1] + kinds[3];
}

/* Observer k's attributions of the day from the others' incidents (one
 * word of the committer's DETECT stream each) and its false accusation:
 * seen[4] by kind. */
static void observed(neg_fast *f, int k, int d, int nb, int (*kinds)[4], int seen[4])
{
  seen[0] = seen[1] = seen[2] = seen[3] = 0;
  for (int j = 0; j < nb; j++) {
    if (j == k || !f->breached[j]) continue;
    for (int kind = 0; kind < 4; kind++)
      for (int x = 0; x < kinds[j][kind]; x++)
        seen[kind] += neg_rng_u01(neg_draws_u32(&f->st[j].g_detect)) < f->bell[k].detection;
  }
  seen[1] += f->st[k].t_accuse == d;
}

/* Adds observer k's day d: majors to its window (tolerance), the weighted
 * count (reciprocity), the breach evidence (trust). */
static void record(neg_fast *f, neg_tally *t, int k, int d, const int seen[4])
{
  fast_state *q = &f->st[k];
  double e;
  const double weighted = neg_incident_weigh(f->bell[k].p, seen, &e);
  if (e > 0.0) {
    fast_close_trust(f, t, k, d);
    q->be += e;
  }
  if (seen[1] || weighted > 0.0) {
    fast_expire(f, k, d);
    fast_push(f, k, d, seen[1] < 255 ? seen[1] : 255);
    q->qrec[(q->head + q->n - 1) % f->bell[k].window] = weighted;
    q->rsum += weighted;
  }
}

int neg_fast_incident_day(neg_fast *f, neg_tally *t, int d, int nb)
{
  int kinds[NEG_MAX_PARTIES][4], any = 0;
  for (int k = 0; k < nb; k++) {
    fast_state *q = &f->st[k];
    f->breached[k] = q->t_breach == d;
    f->count[k] = 0;
    if (!f->breached[k]) continue;
    fast_close_breaches(f, k, d);
    neg_fast_close_majors(f, k, d);
    incidents_of(f, k, kinds[k]);
  }
  for (int k = 0; k < nb; k++) {
    int seen[4];
    observed(f, k, d, nb, kinds, seen);
    record(f, t, k, d, seen);
    f->count[k] = seen[0] + seen[1] + seen[2] + seen[3];
    any |= f->count[k] > 0;
  }
  return any;
}

void neg_fast_incident_clocks(neg_fast *f, int d, int nb)
{
  for (int k = 0; k < nb; k++) {
    fast_state *q = &f->st[k];
    if (f->count[k] > 0 || q->t_breach == d || d >= q->t_expire) {
      fast_expire(f, k, d);   /* the window of day d + 1's probability */
      incident_clock(f, k, d + 1);
    }
    if (q->t_accuse == d) q->t_accuse = fast_geom(f, &q->g_accuse, d + 1, &f->bell[k].fa);
  }
}

void neg_fast_flush_majors(neg_fast *f, neg_tally *t)
{
  const size_t np = (size_t)f->np, days = (size_t)f->horizon + 2;
  for (int k = 0; k < f->nb; k++) {
    uint64_t live = 0;
    for (int d = 1; d <= f->horizon; d++) {
      live += f->live_maj[k][d];
      t->majors_live[(size_t)d * np + (size_t)f->bell[k].party] += live;
    }
    memset(f->live_maj[k], 0, days * sizeof *f->live_maj[k]);
  }
}
