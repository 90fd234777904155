/* neg_mech.h: the mechanisms one day of a replicate steps through.
 *
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 *
 * Each mechanism is a small unit over the explicit neg_world state; those
 * that draw take their own generator (see neg_rng_draws), so a change to one
 * mechanism's parameters does not move another's draws. docs/MODEL.md gives
 * the equations.
 */
#ifndef NEG_MECH_H
#define NEG_MECH_H

#include <math.h>

#include "neg_rng.h"
#include "neg_model.h"

/* breach.c: mechanism 1. Probability that belligerent i breaches today. */
double neg_breach_prob(const neg_scenario *s, const neg_world *w, int i);

/* Draws today's breaches (g_breach), their detection and false accusations
 * (g_detect, g_accuse), and records what each belligerent attributes to the
 * others in its window. With incidents (w->incidents, mechanism 1b): how
 * many each commits, their kinds (g_kind), detection per incident, the
 * majors in the window, weighted counts for reciprocity, breach evidence. */
void neg_breach_day(const neg_scenario *s, neg_world *w, neg_draws *g_breach,
                    neg_draws *g_detect, neg_draws *g_accuse, neg_draws *g_kind);

#define NEG_INCIDENTS_MAX 1000  /* most incidents of one party in a day */

/* The number of incidents of one day of a party with breach probability p
 * (mode NEG_INCIDENTS_*), from one uniform u: 0 when u >= p, else 1 (at most
 * one) or the Poisson count given at least one, by inverse cdf. */
int neg_incident_count(int mode, double p, double u);

/* Draws the kinds of a party's n incidents of a day (two words of g each:
 * major, tolerated): kinds[tolerated * 2 + major]. */
void neg_incident_kinds(const neg_party *p, int n, neg_draws *g, int kinds[4]);

/* Observer obs's weighing of what it attributed today (seen[kind]): the
 * weighted count for reciprocity (tolerated kinds left out), returned, and
 * the day's breach evidence in [0, 1] for trust, in *evidence. */
double neg_incident_weigh(const neg_party *obs, const int seen[4], double *evidence);

/* trust.c: mechanism 2. Beta-Bernoulli update of every belligerent from
 * today's observation (a day with an attributed breach counts as one
 * breach, any other day as one day of compliance; with incidents, the
 * day's breach evidence e in [0, 1] adds e to b and 1 - e to a). */
void neg_trust_update(const neg_scenario *s, neg_world *w);

/* collapse.c: mechanism 3. First belligerent (in party order) that
 * abandons the pause today, or -1. */
int neg_collapse_who(const neg_scenario *s, const neg_world *w);

/* What makes belligerent i abandon the pause in w: NEG_TRIGGER_* bits. */
int neg_collapse_trigger(const neg_scenario *s, const neg_world *w, int i);

/* conditions.c: mechanism 4. Slack for comparing an issue with a level:
 * aid levels are sums of shares and must not miss a threshold by rounding. */
#define NEG_LEVER_EPS 1e-9

/* 1 when value v meets level: at or above it (least 1) or at or below it. */
static inline int neg_level_met(double v, int least, double level)
{
  return least ? v >= level - NEG_LEVER_EPS : v <= level + NEG_LEVER_EPS;
}

/* issues.c: 1 when condition c holds in w. */
int neg_condition_met(const neg_scenario *s, const neg_world *w, const neg_condition *c);

/* Sum of the penalties of i's unmet soft conditions that gate a full
 * ceasefire; sets *blocked when such a hard condition is unmet. */
double neg_conditions_penalty(const neg_scenario *s, const neg_world *w, int i,
                              int *blocked);

/* The same for the conditions that gate a renewal of the truce. */
double neg_conditions_renewal(const neg_scenario *s, const neg_world *w, int i,
                              int *blocked);

/* i's conditions (hard or soft) that weigh on decision gate (ceasefire or
 * renewal) and are unmet in w: bit k for condition k. */
unsigned neg_conditions_unmet(const neg_scenario *s, const neg_world *w, int i, neg_gate gate);

/* policy.c: mechanism 5, the rules (see also neg_policy_react below). */

/* issues.c: the general model's world (mechanisms 4, 8, 10). Value of
 * issue k (an index into s->issues) in w. */
double neg_issue_value(const neg_scenario *s, const neg_world *w, int k);

/* Sets issue k (one with a value of its own) to v, clamped to [0, 1]. */
void neg_issue_set(neg_world *w, int k, double v);

/* Carries out deal action a (end, suspend, resume) on deal k. */
void neg_deal_action(neg_world *w, int k, neg_action a);

/* Sets the general model's state of a replicate at day 0 (w->general = 1). */
void neg_issues_init(const neg_scenario *s, neg_world *w);

/* Carries out rule r of party `party` (the aid level is not recomputed). */
void neg_action_apply(const neg_scenario *s, neg_world *w, int party, const neg_rule *r);

/* 1 when rule r reacts to event ev concerning `by` (a belligerent; for a
 * deal event, the deal) on day `day`. */
int neg_rule_matches(const neg_rule *r, neg_event ev, int by, int day);

/* Fires the threshold rules whose level an issue has come to meet since
 * they were last checked (each with its probability, draws from g), and
 * those their actions set off in turn, up to 8 rounds. */
void neg_thresholds(const neg_scenario *s, neg_world *w, neg_draws *g);

/* Side deal k (>= 1: a declared one) is reachable: open, conditions met. */
int neg_deal_reachable(const neg_scenario *s, const neg_world *w, int k);

/* Reaches deal k: in force, its trust bonus and the issues it sets. */
void neg_deal_reached(const neg_scenario *s, neg_world *w, int k);

/* The declared deals' day (one word of g each): returns the set of deals
 * reached today (bit k). */
unsigned neg_deals_day(const neg_scenario *s, neg_world *w, neg_draws *g);

/* Carries out the schedule items of day d (issues, phases). */
void neg_schedule_day(const neg_scenario *s, neg_world *w, int d);

/* 1 when some schedule item falls on day d. */
int neg_schedule_has(const neg_scenario *s, int d);

/* Utility of accepting that i draws from the side deals in force. */
double neg_deal_utility(const neg_scenario *s, const neg_world *w, int i);

/* Length of renewal x (0: the first renewal). */
static inline int neg_term_days(const neg_scenario *s, int x)
{
  if (s->n_terms == 0) return s->extension_days;
  return s->terms[x < s->n_terms ? x : s->n_terms - 1];
}

/* 1 when a pause renewed `extensions` times may be renewed again. */
static inline int neg_renewal_open(const neg_scenario *s, int extensions)
{
  return s->open_ended || extensions < s->max_extensions;
}

/* backers.c: mechanism 5. Aid level from the backers' status. */
double neg_aid_level(const neg_scenario *s, const neg_world *w);

/* Total pressure on party i from every backer. */
double neg_pressure_on(const neg_scenario *s, int i);

/* Carries out aid or sanctions action a of backer b (the aid level is not
 * recomputed). */
void neg_policy_apply(neg_world *w, int b, neg_action a);

/* Applies every rule for event ev concerning party `by` (a deal for a deal
 * event), each firing with its probability (draws from g), in party
 * order, then updates the aid level and, in the general model, fires the
 * threshold rules the changes set off. */
void neg_policy_react(const neg_scenario *s, neg_world *w, neg_event ev, int by,
                      neg_draws *g);

/* momentum.c: mechanism 6. One day of the battlefield random walk. */
void neg_momentum_step(const neg_scenario *s, neg_world *w, neg_draws *g);

/* rounds.c: mechanism 7. 1 when a round is scheduled on day d of a pause
 * that ends on day pause_end. */
int neg_round_scheduled(const neg_scenario *s, int d, int pause_end);

/* The utility terms C_i shared by ceasefire and extension (docs/MODEL.md,
 * mechanism 7) of belligerent p on day `day`, from its trust, the momentum,
 * the pressure on it and what the side deals in force give it (deal:
 * neg_deal_utility; deal_bonus * [maritime deal] in the March 2025 model). */
static inline double neg_utility_terms(const neg_party *p, int day, double trust,
                                       double momentum, double pressure, double deal)
{
  return p->weariness * day
       + p->trust_weight * (trust - 0.5)
       - p->momentum_weight * p->momentum_side * momentum
       + pressure
       + deal;
}

/* Utility terms shared by ceasefire and extension for belligerent i today. */
double neg_utility_common(const neg_scenario *s, const neg_world *w, int i);

/* Utility of accepting a full ceasefire; *blocked when a hard condition fails. */
double neg_utility_ceasefire(const neg_scenario *s, const neg_world *w, int i,
                             int *blocked);

/* Utility of renewing the truce; *blocked when a hard renewal condition fails. */
double neg_utility_renewal(const neg_scenario *s, const neg_world *w, int i, int *blocked);

/* Quantal-response (logit) probability of accepting utility u at
 * temperature t; t == 0 gives 1 when u > 0, else 0. */
static inline double neg_choice_prob(double u, double t)
{
  if (t <= 0.0) return u > 0.0 ? 1.0 : 0.0;
  return 1.0 / (1.0 + exp(-u / t));
}

/* maritime.c: mechanism 8. Draws whether the maritime deal is reached
 * today and applies its trust bonus. Returns 1 when reached today. */
int neg_maritime_day(const neg_scenario *s, neg_world *w, neg_draws *g);

#endif
