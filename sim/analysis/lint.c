/* scenario_lint.c: what cannot happen in a valid scenario, by
 * construction: an outcome no replicate can reach, a condition on an
 * issue that nothing ever moves. `negsim check` prints these as warnings
 * (the scenario still runs).
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "neg_lint.h"

#include <stdarg.h>
#include <stdio.h>

#include "neg_mech.h"

/* Appends a warning to l when there is room. */
__attribute__((format(printf, 3, 4)))
static void warn(neg_lint *l, const char *key, const char *fmt, ...)
{
  va_list ap;
  if (l->n >= NEG_LINT_MAX) return;
  snprintf(l->key[l->n], sizeof l->key[0], "%s", key);
  va_start(ap, fmt);
  vsnprintf(l->text[l->n], sizeof l->text[0], fmt, ap);
  va_end(ap);
  l->n++;
}

/* 1 when some rule of s acts on issue k (set, raise, lower; aid and
 * sanctions actions for the built-in ones). */
static int moved_by_rule(const neg_scenario *s, int k)
{
  for (int i = 0; i < s->n_parties; i++)
    for (int x = 0; x < s->parties[i].n_rules; x++) {
      const neg_rule *r = &s->parties[i].rules[x];
      if (r->action >= NEG_ACTION_SET && r->action <= NEG_ACTION_LOWER && r->issue == k) return 1;
      if (k == NEG_LEVER_SANCTIONS && r->action == NEG_ACTION_RELIEVE_SANCTIONS) return 1;
      if (k == NEG_LEVER_AID && r->action <= NEG_ACTION_RESUME && s->parties[i].aid_share > 0)
        return 1;
    }
  return 0;
}

/* 1 when a deal reached or a schedule item sets issue k. */
static int set_by_effect(const neg_scenario *s, int k)
{
  for (int d = 1; d < s->n_deals; d++)
    for (int e = 0; e < s->deals[d].n_effects; e++)
      if (s->deals[d].effects[e].issue == k) return 1;
  for (int x = 0; x < s->n_schedule; x++)
    for (int e = 0; e < s->schedule[x].n_effects; e++)
      if (s->schedule[x].effects[e].issue == k) return 1;
  return 0;
}

/* 1 when deal k can ever be reached (conditions aside). */
static int deal_possible(const neg_scenario *s, int k)
{
  if (k == 0) return s->maritime_daily_probability > 0.0;
  return s->deals[k].daily_probability > 0.0 || s->deals[k].day > 0;
}

int neg_issue_can_change(const neg_scenario *s, int k, int depth)
{
  const neg_issue *is = &s->issues[k];
  if (depth > s->n_issues) return 0;
  if (moved_by_rule(s, k) || set_by_effect(s, k)) return 1;
  switch (k) {
  case NEG_LEVER_SECURITY:
    return neg_issue_can_change(s, NEG_LEVER_AID, depth + 1)
           || neg_issue_can_change(s, NEG_ISSUE_GUARANTEE, depth + 1);
  case NEG_LEVER_MARITIME: return deal_possible(s, 0);
  default: break;
  }
  if (is->derive == NEG_DERIVE_DEAL) return deal_possible(s, is->of[0]);
  if (is->derive == NEG_DERIVE_MAX || is->derive == NEG_DERIVE_MIN)
    for (int i = 0; i < is->n_of; i++)
      if (neg_issue_can_change(s, is->of[i], depth + 1)) return 1;
  return 0;
}

/* The conditions of the belligerents on issues nothing moves. */
static void lint_conditions(const neg_scenario *s, neg_lint *l)
{
  neg_world w = {0};
  char key[160];
  w.aid = neg_aid_level(s, &w);
  w.sanctions_relief = s->sanctions_relief;
  neg_issues_init(s, &w);
  for (int i = 0; i < s->n_parties; i++)
    for (int c = 0; c < s->parties[i].n_conditions; c++) {
      const neg_condition *cond = &s->parties[i].conditions[c];
      if (neg_issue_can_change(s, cond->lever, 0)) continue;
      snprintf(key, sizeof key, "parties.%s.conditions.[%d]", s->parties[i].id, c);
      warn(l, key, "issue '%s' never changes (no rule, deal or schedule item moves it): "
           "the condition is always %s", s->issues[cond->lever].id,
           neg_condition_met(s, &w, cond) ? "met" : "unmet");
    }
}

/* The last day the truce can hold (the end of its last possible term), or
 * the horizon when renewals are open-ended or reach it. */
static long last_day(const neg_scenario *s)
{
  long end = s->pause_days;
  if (s->open_ended) return s->horizon_days;
  for (int x = 0; x < s->max_extensions && end < s->horizon_days; x++)
    end += neg_term_days(s, x);
  return end;
}

/* 1 when no negotiation round can ever be scheduled and held. */
static int no_rounds(const neg_scenario *s)
{
  for (int d = 1; d <= s->horizon_days; d++)
    if (neg_round_scheduled(s, d, s->pause_days)) return s->round_probability <= 0.0;
  return !s->round_at_pause_end || s->round_probability <= 0.0;
}

/* Outcomes that no replicate can reach. */
static void lint_outcomes(const neg_scenario *s, neg_lint *l)
{
  long last = last_day(s);
  if (s->max_extensions == 0 && !s->open_ended)
    warn(l, "pause.max_extensions", "outcome extended is impossible: the truce cannot be "
         "renewed (max_extensions = 0)");
  else if (last < s->horizon_days)
    warn(l, "pause.horizon_days", "outcome extended is impossible: the truce's last possible "
         "term ends on day %ld, before the horizon (day %d)", last, s->horizon_days);
  if (no_rounds(s))
    warn(l, "rounds", "outcome ceasefire is impossible: no negotiation round can be held");
}

void neg_scenario_lint(const neg_scenario *s, neg_lint *l)
{
  l->n = 0;
  lint_outcomes(s, l);
  lint_conditions(s, l);
}
