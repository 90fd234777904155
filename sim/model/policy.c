/* policy.c: the parties' policy rules: which react to an event, what
 * their actions do, and the threshold rules they set off (mechanism 5).
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "neg_mech.h"

#define NEG_THRESHOLD_PASSES 8  /* rounds of threshold rules set off by one change */

void neg_action_apply(const neg_scenario *s, neg_world *w, int party, const neg_rule *r)
{
  switch (r->action) {
  case NEG_ACTION_SET: neg_issue_set(w, r->issue, r->value); break;
  case NEG_ACTION_RAISE: neg_issue_set(w, r->issue, neg_issue_value(s, w, r->issue) + r->value); break;
  case NEG_ACTION_LOWER: neg_issue_set(w, r->issue, neg_issue_value(s, w, r->issue) - r->value); break;
  case NEG_ACTION_END_DEAL:
  case NEG_ACTION_SUSPEND_DEAL:
  case NEG_ACTION_RESUME_DEAL: neg_deal_action(w, r->deal, r->action); break;
  default: neg_policy_apply(w, party, r->action); break;
  }
}

int neg_rule_matches(const neg_rule *r, neg_event ev, int by, int day)
{
  if (r->on != ev) return 0;
  switch (ev) {
  case NEG_EVENT_DEAL: return r->reached < 0 || r->reached == by;
  case NEG_EVENT_DAY: return r->day == day;
  case NEG_EVENT_RENEWAL: return 1;
  case NEG_EVENT_THRESHOLD: return 0;   /* neg_thresholds */
  default: return r->by < 0 || r->by == by;
  }
}

void neg_thresholds(const neg_scenario *s, neg_world *w, neg_draws *g)
{
  for (int pass = 0, fired = 1; fired && pass < NEG_THRESHOLD_PASSES; pass++) {
    fired = 0;
    for (int i = 0; i < s->n_parties; i++) {
      const neg_party *p = &s->parties[i];
      for (int k = 0; k < p->n_rules; k++) {
        const neg_rule *r = &p->rules[k];
        int met;
        if (r->on != NEG_EVENT_THRESHOLD) continue;
        met = neg_level_met(neg_issue_value(s, w, r->watch), r->watch_least, r->level);
        if (met && !w->thr_met[i][k] && neg_draws_uniform(g) < r->probability) {
          neg_action_apply(s, w, i, r);
          w->aid = neg_aid_level(s, w);
          fired = 1;
        }
        w->thr_met[i][k] = (unsigned char)met;
      }
    }
  }
}

void neg_policy_react(const neg_scenario *s, neg_world *w, neg_event ev, int by,
                      neg_draws *g)
{
  for (int b = 0; b < s->n_parties; b++) {
    const neg_party *p = &s->parties[b];
    for (int k = 0; k < p->n_rules; k++) {
      const neg_rule *r = &p->rules[k];
      if (!neg_rule_matches(r, ev, by, w->day)) continue;
      if (neg_draws_uniform(g) < r->probability) neg_action_apply(s, w, b, r);
    }
  }
  w->aid = neg_aid_level(s, w);
  if (w->general) neg_thresholds(s, w, g);
}
