/* fast_setup.c: a runner's arrays and constants, derived from a
 * scenario: laws, rule lists, tables of aid and conditions, decision
 * days, the words of its batches (fast.c runs the replicates).
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "fast_impl.h"

#include <stdlib.h>

int neg_fast_covers(const neg_scenario *s)
{
  (void)s;
  return 1;
}

void neg_fast_free(neg_fast *f)
{
  if (!f) return;
  for (int k = 0; k < NEG_MAX_PARTIES; k++) {
    free(f->bell[k].lq);
    free(f->bell[k].layer);   /* its tables are the cache's */
    free(f->st[k].t_layer);
    free(f->st[k].qday);
    free(f->st[k].qcnt);
    free(f->live[k]);
    free(f->live_maj[k]);
    free(f->st[k].qrec);
    free(f->hist[k][0]);
    free(f->hist[k][1]);
  }
  free(f->hold[0]);
  free(f->hold[1]);
  free(f->deal);
  free(f->aid);
  free(f->round_day);
  free(f->next_round);
  free(f->gen_day);
  free(f->next_gen);
  free(f->ord);
  free(f->sqrt_of);
  free(f->rules);
  free(f->scratch);
  if (f->own_cache) neg_law_cache_free(f->cache);
  free(f->aid_of);
  free(f->pen_of);
  free(f->blk_of);
  for (int x = 0; x < FAST_DSTREAMS; x++) free(f->words[x]);
  free(f->mom_z);
  free(f->react_words);
  free(f->lane_c2);
  free(f->lane_b);
  free(f->lane_b0);
  free(f->lane_step);
  free(f->lane_out);
  free(f);
}

/* Allocates the arrays of belligerent k (party i). Returns 0, or 1 when out
 * of memory. */
static int fast_bell_alloc(neg_fast *f, int k, int i)
{
  const neg_party *p = &f->s->parties[i];
  fast_bell *c = &f->bell[k];
  const size_t days = (size_t)f->horizon + 2, cells = ((size_t)f->bcap + 1) * days;
  c->party = i;
  c->window = p->window_days;
  c->tolerance = p->tolerance;
  c->lq = malloc((size_t)p->tolerance * sizeof *c->lq);
  c->layer = calloc((size_t)p->tolerance, sizeof *c->layer);
  f->st[k].t_layer = malloc((size_t)p->tolerance * sizeof *f->st[k].t_layer);
  f->st[k].qday = malloc((size_t)p->window_days * sizeof *f->st[k].qday);
  f->st[k].qcnt = malloc((size_t)p->window_days);
  f->live[k] = calloc(days, sizeof *f->live[k]);
  f->live_maj[k] = calloc(days, sizeof *f->live_maj[k]);
  f->st[k].qrec = calloc((size_t)p->window_days, sizeof *f->st[k].qrec);
  f->hist[k][0] = calloc(cells, sizeof *f->hist[k][0]);
  f->hist[k][1] = calloc(cells, sizeof *f->hist[k][1]);
  return !c->lq || !c->layer || !f->st[k].t_layer || !f->st[k].qday || !f->st[k].qcnt
         || !f->live[k] || !f->hist[k][0] || !f->hist[k][1] || !f->live_maj[k]
         || !f->st[k].qrec;
}

/* Derives the constants of belligerent k from its parameters. The breach
 * probability of each count A of the window is computed when first needed
 * (NaN until then). */
static void fast_bell_derive(neg_fast *f, int k)
{
  const neg_party *p = &f->s->parties[f->bell[k].party];
  fast_bell *c = &f->bell[k];
  double base = 1.0 - p->compliance;
  c->p = p;
  c->floor = p->trust_floor;
  c->prior_a = p->prior_a;
  c->prior_b = p->prior_b;
  c->detection = p->detection;
  neg_fast_law_set(f, &c->fa, log1p(-p->false_accusation));
  c->inv_temp = p->temperature > 0.0 ? 1.0 / p->temperature : 0.0;
  /* neg_breach_prob depends on A only through reciprocity */
  c->recip = p->tolerance > 1 && p->reciprocity != 0.0 && base > 0.0 && base < 1.0;
  for (int a = 0; a < p->tolerance; a++) {
    c->lq[a] = NAN;
    fast_law_clear(&c->layer[a]);
    c->layer[a].ilg = NAN;
  }
}

/* Compiles the backers' rules into one list per event (and belligerent),
 * in the order neg_policy_react applies them. */
static void fast_rules_derive(neg_fast *f)
{
  const neg_scenario *s = f->s;
  int total = 0;
  f->breach_rules = 0;
  for (int l = 0; l < FAST_LISTS; l++) {
    neg_event ev = l == 0 ? NEG_EVENT_ROUND
                 : (l - 1) % 3 == 0 ? NEG_EVENT_ACCEPTANCE
                 : (l - 1) % 3 == 1 ? NEG_EVENT_REFUSAL : NEG_EVENT_BREACH;
    int k = l == 0 ? -1 : (l - 1) / 3, by = k < 0 ? -1 : k < f->nb ? f->bell[k].party : -2;
    f->list_at[l] = total;
    f->list_n[l] = 0;
    if (by == -2 || f->general) continue;   /* general: neg_policy_react */
    for (int b = 0; b < s->n_parties; b++) {
      const neg_party *p = &s->parties[b];
      if (p->role != NEG_ROLE_BACKER) continue;
      for (int x = 0; x < p->n_rules; x++) {
        const neg_rule *rule = &p->rules[x];
        if (rule->on != ev || (rule->by >= 0 && rule->by != by)) continue;
        f->rules[total].backer = b;
        f->rules[total].action = rule->action;
        f->rules[total].probability = rule->probability;
        total++;
        f->list_n[l]++;
      }
    }
  }
  for (int k = 0; k < f->nb; k++) {
    f->breach_rules |= f->list_n[list_of(NEG_EVENT_BREACH, k)] > 0;
    f->silent[k] = !f->general && !f->list_n[list_of(NEG_EVENT_ACCEPTANCE, k)]
                   && !f->list_n[list_of(NEG_EVENT_REFUSAL, k)];
  }
  f->maxpol = f->list_n[0];
  for (int k = 0; k < f->nb; k++) {
    int a = f->list_n[list_of(NEG_EVENT_ACCEPTANCE, k)];
    int r = f->list_n[list_of(NEG_EVENT_REFUSAL, k)];
    f->maxpol += a > r ? a : r;
  }
}

/* Tabulates the aid level and each belligerent's conditions for every set
 * of supplying backers, sanctions relief and deal, with the reference's
 * own functions, when there are few parties (FAST_TABLE_MASKS) and no
 * parameter changes from one replicate to the next.
 * Returns 0, or 1 when out of memory. */
static int fast_tables_init(neg_fast *f)
{
  const neg_scenario *s = f->s;
  neg_world *w = f->scratch;
  const size_t masks = (size_t)1 << s->n_parties;
  free(f->aid_of);   /* a runner's earlier tables (neg_fast_reuse) */
  free(f->pen_of);
  free(f->blk_of);
  f->aid_of = f->pen_of = NULL;
  f->blk_of = NULL;
  f->tables = 0;
  if (masks > FAST_TABLE_MASKS || s->n_uncertain > 0 || f->general) return 0;
  f->aid_of = malloc(masks * sizeof *f->aid_of);
  f->pen_of = malloc(masks * 4 * (size_t)f->nb * sizeof *f->pen_of);
  f->blk_of = malloc(masks * 4 * (size_t)f->nb * sizeof *f->blk_of);
  if (!f->aid_of || !f->pen_of || !f->blk_of) return 1;
  for (size_t m = 0; m < masks; m++) {
    int ok = 1;
    for (int i = 0; i < s->n_parties; i++) {
      w->aid_status[i] = m >> i & 1u ? NEG_AID_SUPPLYING : NEG_AID_SUSPENDED;
      ok &= !(m >> i & 1u) || s->parties[i].role == NEG_ROLE_BACKER;
    }
    if (!ok) continue;   /* only backers supply */
    f->aid_of[m] = w->aid = neg_aid_level(s, w);
    for (int lev = 0; lev < 4; lev++) {
      w->sanctions_relief = lev >> 1;
      w->maritime_deal = lev & 1;
      for (int k = 0; k < f->nb; k++) {
        int blocked;
        size_t at = (m * 4 + (size_t)lev) * (size_t)f->nb + (size_t)k;
        f->pen_of[at] = neg_conditions_penalty(s, w, f->bell[k].party, &blocked);
        f->blk_of[at] = (uint16_t)(blocked
                                   | neg_conditions_unmet(s, w, f->bell[k].party, NEG_GATE_CEASEFIRE) << 1);
      }
    }
  }
  f->tables = 1;
  return 0;
}

/* Fills the round days, the decision days and their indices. */
static void fast_days_init(neg_fast *f)
{
  const neg_scenario *s = f->s;
  int j = 0;
  for (int d = 1; d <= f->horizon; d++)
    f->round_day[d] = (unsigned char)neg_round_scheduled(s, d, -1);
  f->next_round[f->horizon] = f->never;
  for (int d = f->horizon - 1; d >= 0; d--)
    f->next_round[d] = f->round_day[d + 1] || d + 1 == f->horizon ? d + 1 : f->next_round[d + 1];
  for (int d = 0; d <= f->horizon + 1; d++) f->ord[d] = -1;
  for (long end = s->pause_days, x = 0; end <= f->horizon; x++) {   /* ends of term */
    f->ord[end] = 0;
    if (!neg_renewal_open(s, (int)x)) break;
    end += neg_term_days(s, (int)x);
  }
  for (int d = 1; d <= f->horizon; d++)
    if (f->round_day[d] || f->ord[d] == 0) f->ord[d] = j++;
  f->n_dec = j;
  if (f->general) neg_fast_general_days(f);
}

/* Allocates the words of the decision streams, for every decision day
 * (at least one batch), and lists the streams whose first block the
 * first batch computes. Call after fast_derive (a round's policy words
 * come from the rules). Returns 0, or 1 when out of memory. */
static int fast_words_alloc(neg_fast *f, int n_rules)
{
  size_t days = ((size_t)f->n_dec + FAST_CHUNK - 1) / FAST_CHUNK * FAST_CHUNK, lanes;
  int bad = 0;
  if (days < FAST_CHUNK) days = FAST_CHUNK;
  f->per_day[FAST_D_ROUND] = f->per_day[FAST_D_MOM] = 1;
  f->per_day[FAST_D_ACCEPT] = f->nb;
  f->per_day[FAST_D_POLICY] = f->maxpol;
  for (int x = 0; x < FAST_DSTREAMS; x++) {
    f->words[x] = malloc((days * (size_t)f->per_day[x] + 1) * sizeof *f->words[x]);
    bad |= !f->words[x];
  }
  f->mom_z = malloc(days * sizeof *f->mom_z);
  bad |= !f->mom_z;
  f->n_firsts = 0;
  for (int k = 0; k < f->nb; k++) {
    f->firsts[f->n_firsts++] = &f->st[k].g_breach;
    f->firsts[f->n_firsts++] = &f->st[k].g_accuse;
    f->firsts[f->n_firsts++] = &f->st[k].g_detect;
  }
  f->firsts[f->n_firsts++] = &f->g_extend;
  f->firsts[f->n_firsts++] = &f->g_maritime;
  lanes = (size_t)f->n_firsts;
  for (int x = 0; x < FAST_DSTREAMS; x++) lanes += FAST_CHUNK * (size_t)f->per_day[x] / 4;
  f->lane_c2 = malloc(lanes * sizeof *f->lane_c2);
  f->lane_b = malloc(lanes * sizeof *f->lane_b);
  f->lane_b0 = malloc(lanes * sizeof *f->lane_b0);
  f->lane_step = malloc(lanes * sizeof *f->lane_step);
  f->lane_out = malloc(lanes * sizeof *f->lane_out);
  bad |= !f->lane_c2 || !f->lane_b || !f->lane_b0 || !f->lane_step || !f->lane_out;
  f->react_words = malloc((size_t)FAST_LISTS * (size_t)n_rules * sizeof *f->react_words);
  return bad || !f->react_words;
}

/* Derives every constant that depends on a float parameter of s (the
 * shape of s, its integers, are those f was allocated for). */
static void fast_derive(neg_fast *f, const neg_scenario *s)
{
  f->s = s;
  f->bonus = s->maritime_trust_bonus;
  neg_fast_law_set(f, &f->maritime, log1p(-s->maritime_daily_probability));
  for (int k = 1; k < s->n_deals; k++)
    neg_fast_law_set(f, &f->dlaw[k], log1p(-s->deals[k].daily_probability));
  for (int i = 0; i < s->n_parties; i++) f->w.pressure[i] = neg_pressure_on(s, i);
  f->force_day1 = 0;
  for (int k = 0; k < f->nb; k++) {
    fast_bell_derive(f, k);
    f->force_day1 |= fast_trust(f, k, 1, 0, 0) < f->bell[k].floor;
  }
  fast_rules_derive(f);
}

void neg_fast_set(neg_fast *f, const neg_scenario *s)
{
  fast_derive(f, s);
}

/* 1 when f was allocated for a scenario of the shape of s: the sizes of its
 * arrays (days, parties and roles, windows and tolerances, rules) and
 * whether its laws have tables. */
static int fast_fits(const neg_fast *f, const neg_scenario *s)
{
  int k = 0, n_rules = 1;
  if (s->horizon_days != f->horizon || s->n_parties != f->np
      || f->tabulate != (s->n_uncertain == 0) || f->general || neg_scenario_general(s)
      || f->incid || neg_scenario_incidents(s))
    return 0;
  for (int i = 0; i < s->n_parties; i++) {
    const neg_party *p = &s->parties[i];
    n_rules += p->n_rules;
    if (p->role != NEG_ROLE_BELLIGERENT) continue;
    if (k == f->nb || f->bell[k].party != i || f->bell[k].window != p->window_days
        || f->bell[k].tolerance != p->tolerance)
      return 0;
    k++;
  }
  return k == f->nb && n_rules == f->n_rules;
}

int neg_fast_reuse(neg_fast *f, const neg_scenario *s)
{
  const int n_dec = f->n_dec, maxpol = f->maxpol;
  if (!fast_fits(f, s)) return -1;
  f->s = s;
  fast_days_init(f);
  if (fast_tables_init(f)) return -1;
  neg_law_cache_trim(f->cache);
  fast_derive(f, s);
  f->lanes_set = 0;
  return f->n_dec == n_dec && f->maxpol == maxpol ? 0 : -1;  /* the words' sizes */
}

neg_fast *neg_fast_alloc(const neg_scenario *s, neg_law_cache *cache)
{
  neg_fast *f = calloc(1, sizeof *f);
  const size_t days = (size_t)s->horizon_days + 2;
  int bad = !f, n_rules = 1;
  if (bad) return NULL;
  f->own_cache = !cache;
  if (!(f->cache = cache ? cache : neg_law_cache_alloc(SIZE_MAX))) {
    free(f);
    return NULL;
  }
  if (cache) neg_law_cache_trim(cache);
  f->s = s;
  f->horizon = s->horizon_days;
  f->never = s->horizon_days + 1;
  f->tabulate = s->n_uncertain == 0;  /* else the laws change every replicate */
  neg_fast_ln_init(f);
  f->np = s->n_parties;
  f->general = neg_scenario_general(s);
  f->incid = neg_scenario_incidents(s);
  f->bcap = f->horizon < FAST_HIST_ROWS - 1 ? f->horizon : FAST_HIST_ROWS - 1;
  f->hcap = f->general || f->incid ? -1 : f->bcap; /* trust bonuses or evidence vary: tally
                                                    * day by day */
  for (int i = 0; i < s->n_parties && !bad; i++) {
    if (s->parties[i].role == NEG_ROLE_BELLIGERENT) bad = fast_bell_alloc(f, f->nb++, i);
    n_rules += s->parties[i].n_rules;
  }
  f->n_rules = n_rules;
  f->scratch = calloc(1, sizeof *f->scratch);
  f->rules = malloc((size_t)FAST_LISTS * (size_t)n_rules * sizeof *f->rules);
  f->hold[0] = calloc(days, sizeof *f->hold[0]);
  f->hold[1] = calloc(days, sizeof *f->hold[1]);
  f->deal = calloc(days, sizeof *f->deal);
  f->aid = calloc(days, sizeof *f->aid);
  f->round_day = calloc(days, 1);
  f->next_round = malloc(days * sizeof *f->next_round);
  f->gen_day = calloc(days, 1);
  f->next_gen = malloc(days * sizeof *f->next_gen);
  f->ord = malloc(days * sizeof *f->ord);
  f->sqrt_of = malloc(days * sizeof *f->sqrt_of);
  bad |= !f->scratch || !f->rules || !f->hold[0] || !f->hold[1] || !f->deal || !f->aid
         || !f->round_day || !f->next_round || !f->ord || !f->sqrt_of || !f->gen_day
         || !f->next_gen;
  if (bad || fast_tables_init(f)) {
    neg_fast_free(f);
    return NULL;
  }
  fast_days_init(f);
  for (size_t k = 0; k < days; k++) f->sqrt_of[k] = sqrt((double)k);
  for (int c = 0; c <= FAST_SIG_CELLS; c++)
    f->sig[c] = neg_choice_prob(-FAST_SIG_HALF + (double)c / FAST_SIG_PER_UNIT, 1.0);
  fast_derive(f, s);
  if (fast_words_alloc(f, n_rules)) {
    neg_fast_free(f);
    return NULL;
  }
  return f;
}

