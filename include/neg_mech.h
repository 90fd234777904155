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
 * others in its window. */
void neg_breach_day(const neg_scenario *s, neg_world *w, neg_draws *g_breach,
                    neg_draws *g_detect, neg_draws *g_accuse);

/* trust.c: mechanism 2. Beta-Bernoulli update of every belligerent from
 * today's observation (a day with an attributed breach counts as one
 * breach, any other day as one day of compliance). */
void neg_trust_update(const neg_scenario *s, neg_world *w);

/* collapse.c: mechanism 3. First belligerent (in party order) that
 * abandons the pause today, or -1. */
int neg_collapse_who(const neg_scenario *s, const neg_world *w);

/* conditions.c: mechanism 4. Value of a lever in the world state. */
double neg_lever_value(const neg_scenario *s, const neg_world *w, neg_lever l);

/* 1 when condition c holds in w. */
int neg_condition_met(const neg_scenario *s, const neg_world *w, const neg_condition *c);

/* Sum of the penalties of i's unmet soft conditions; sets *blocked when a
 * hard condition is unmet. */
double neg_conditions_penalty(const neg_scenario *s, const neg_world *w, int i,
                              int *blocked);

/* backers.c: mechanism 5. Aid level from the backers' status. */
double neg_aid_level(const neg_scenario *s, const neg_world *w);

/* Total pressure on party i from every backer. */
double neg_pressure_on(const neg_scenario *s, int i);

/* Carries out action a of backer b (the aid level is not recomputed). */
void neg_policy_apply(neg_world *w, int b, neg_action a);

/* Applies every backer rule for event ev concerning party `by`, each
 * firing with its probability (draws from g), then updates the aid level. */
void neg_policy_react(const neg_scenario *s, neg_world *w, neg_event ev, int by,
                      neg_draws *g);

/* momentum.c: mechanism 6. One day of the battlefield random walk. */
void neg_momentum_step(const neg_scenario *s, neg_world *w, neg_draws *g);

/* rounds.c: mechanism 7. 1 when a round is scheduled on day d of a pause
 * that ends on day pause_end. */
int neg_round_scheduled(const neg_scenario *s, int d, int pause_end);

/* The utility terms C_i shared by ceasefire and extension (docs/MODEL.md,
 * mechanism 7) of belligerent p on day `day`, from its trust, the momentum,
 * the pressure on it and the deal (0 or 1). */
static inline double neg_utility_terms(const neg_party *p, int day, double trust,
                                       double momentum, double pressure, int deal)
{
  return p->weariness * day
       + p->trust_weight * (trust - 0.5)
       - p->momentum_weight * p->momentum_side * momentum
       + pressure
       + p->deal_bonus * deal;
}

/* Utility terms shared by ceasefire and extension for belligerent i today. */
double neg_utility_common(const neg_scenario *s, const neg_world *w, int i);

/* Utility of accepting a full ceasefire; *blocked when a hard condition fails. */
double neg_utility_ceasefire(const neg_scenario *s, const neg_world *w, int i,
                             int *blocked);

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
