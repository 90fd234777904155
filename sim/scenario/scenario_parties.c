/* scenario_parties.c: reads and validates the parties group of a scenario:
 * ids and roles, each party's settings, its conditions, policy rules and
 * pressure, and the checks across parties.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "scenario_impl.h"

#include <string.h>

#define NEG_AID_SLACK 1e-12   /* rounding allowed in the sum of aid shares */

/* Reports a setting that does not apply to the party's role. */
static int neg_wrong_role(const neg_loader *ld, const config_setting_t *c, const char *key,
                          const neg_party *p)
{
  const neg_param *role = neg_param_find(NEG_SCOPE_PARTY, "role");
  return neg_fail(ld, c, key, "not a setting of a %s", role->names[p->role]);
}

/* Reports the first required row of scope missing from group g. */
static int neg_check_required(const neg_loader *ld, const config_setting_t *g,
                              neg_scope scope, const char *key)
{
  size_t i, n;
  const neg_param *t = neg_param_table(&n);
  char k[256], names[160];
  for (i = 0; i < n; i++) {
    if (t[i].scope != scope || !(t[i].flags & NEG_PF_REQUIRED)
        || config_setting_get_member(g, t[i].path))
      continue;
    neg_param_names(&t[i], names, sizeof names, 0);
    neg_join(k, sizeof k, key, '.', t[i].path);
    return neg_fail(ld, g, k, "missing required setting (one of: %s)", names);
  }
  return NEG_OK;
}

/* Reads the members of a condition or rule group g into base via the rows
 * of scope, then checks that the required ones were given. */
int neg_load_members(const neg_loader *ld, const config_setting_t *g, neg_scope scope,
                     void *base, const char *key)
{
  char k[256];
  int i, rc = neg_expect(ld, g, key, CONFIG_TYPE_GROUP, "a group { ... }");
  for (i = 0; rc == NEG_OK && i < config_setting_length(g); i++) {
    const config_setting_t *c = config_setting_get_elem(g, (unsigned)i);
    const neg_param *row = neg_param_find(scope, config_setting_name(c));
    neg_join(k, sizeof k, key, '.', config_setting_name(c));
    rc = row ? neg_read_setting(ld, row, c, k, base) : neg_unknown(ld, c, k, scope, NULL);
  }
  return rc ? rc : neg_check_required(ld, g, scope, key);
}

int neg_load_condition(const neg_loader *ld, const config_setting_t *g, neg_condition *cond,
                       const char *key)
{
  int rc, most;
  memset(cond, 0, sizeof *cond);
  neg_param_defaults(NEG_SCOPE_CONDITION, cond);
  cond->at_least = 1;
  if ((rc = neg_load_members(ld, g, NEG_SCOPE_CONDITION, cond, key))
      || (rc = neg_only_one(ld, g, key, "at_most", "at_least"))
      || (rc = neg_only_one(ld, g, key, "lever", "issue")))
    return rc;
  if (cond->lever < 0) {
    char k[256];
    neg_join(k, sizeof k, key, '.', "lever");
    return neg_fail(ld, g, k, "missing required setting (the issue tested: lever or issue)");
  }
  most = config_setting_get_member(g, "at_most") != NULL;
  cond->at_least = !most;
  if (!most && !config_setting_get_member(g, "at_least")
      && (cond->lever == NEG_LEVER_AID || cond->lever == NEG_LEVER_SECURITY))
    return neg_fail(ld, g, key, "a condition on %s needs at_most or at_least",
                    ld->s->issues[cond->lever].id);
  return NEG_OK;
}

/* 1 when issue k of s is derived from others (it cannot be set). */
static int issue_derived(const neg_scenario *s, int k)
{
  return s->issues[k].derive != NEG_DERIVE_NONE;
}

/* Names a rule member for a message. */
static int rule_fail(const neg_loader *ld, const config_setting_t *g, const char *key,
                     const char *member, const char *reason)
{
  const config_setting_t *c = config_setting_get_member(g, member);
  char k[256];
  neg_join(k, sizeof k, key, '.', member);
  return neg_fail(ld, c ? c : g, c ? k : key, "%s", reason);
}

int neg_check_rule(const neg_loader *ld, const config_setting_t *g, const neg_rule *rule,
                   const char *key, int backer)
{
  const neg_action a = rule->action;
  const neg_event e = rule->on;
  if (!backer && a <= NEG_ACTION_RESUME)
    return rule_fail(ld, g, key, "action", "only a backer's rule can cut, suspend or resume "
                     "aid (a belligerent's or mediator's rule acts on issues or deals)");
  if (a >= NEG_ACTION_SET && a <= NEG_ACTION_LOWER) {
    if (rule->issue < 0) return rule_fail(ld, g, key, "issue", "set, raise and lower need issue");
    if (issue_derived(ld->s, rule->issue))
      return rule_fail(ld, g, key, "issue", "a derived issue cannot be set, raised or lowered");
  } else if (a >= NEG_ACTION_END_DEAL && rule->deal < 0) {
    return rule_fail(ld, g, key, "deal", "a deal action needs deal");
  }
  if (e == NEG_EVENT_DAY && rule->day < 1)
    return rule_fail(ld, g, key, "day", "on = \"day\" needs day");
  if (e == NEG_EVENT_THRESHOLD && (rule->watch < 0 || (!config_setting_get_member(g, "at_least")
                                                       && !config_setting_get_member(g, "at_most"))))
    return rule_fail(ld, g, key, "watch", "on = \"threshold\" needs watch and at_least or at_most");
  if (rule->reached >= 0 && e != NEG_EVENT_DEAL)
    return rule_fail(ld, g, key, "reached", "reached applies to on = \"deal\"");
  if (rule->by >= 0 && e > NEG_EVENT_BREACH)
    return rule_fail(ld, g, key, "by", "by applies to round, refusal, acceptance and breach");
  return NEG_OK;
}

/* Reads one policy rule (its party's role is p->role, read already). */
static int neg_load_rule(const neg_loader *ld, const config_setting_t *g, neg_rule *rule,
                         const char *key, int backer)
{
  int rc;
  memset(rule, 0, sizeof *rule);
  neg_param_defaults(NEG_SCOPE_RULE, rule);
  if ((rc = neg_load_members(ld, g, NEG_SCOPE_RULE, rule, key))
      || (rc = neg_only_one(ld, g, key, "at_most", "at_least")))
    return rc;
  rule->watch_least = config_setting_get_member(g, "at_most") == NULL;
  return neg_check_rule(ld, g, rule, key, backer);
}

/* Reads a party's conditions or policy: a list of groups. */
static int neg_load_list(const neg_loader *ld, const config_setting_t *c, neg_party *p,
                         const char *key, neg_scope scope)
{
  int max = scope == NEG_SCOPE_CONDITION ? NEG_MAX_CONDITIONS : NEG_MAX_RULES;
  int j, rc, n = config_setting_length(c);
  char k[256];
  if ((rc = neg_expect(ld, c, key, CONFIG_TYPE_LIST, "a list of groups ( { ... }, ... )")))
    return rc;
  if (n > max) {
    neg_item_key(k, sizeof k, key, max);
    return neg_fail(ld, config_setting_get_elem(c, (unsigned)max), k, "more than %d %s", max,
                    scope == NEG_SCOPE_CONDITION ? "conditions" : "rules");
  }
  for (j = 0; j < n; j++) {
    const config_setting_t *g = config_setting_get_elem(c, (unsigned)j);
    neg_item_key(k, sizeof k, key, j);
    rc = scope == NEG_SCOPE_CONDITION ? neg_load_condition(ld, g, &p->conditions[j], k)
                                      : neg_load_rule(ld, g, &p->rules[j], k,
                                                      p->role == NEG_ROLE_BACKER);
    if (rc) return rc;
  }
  if (scope == NEG_SCOPE_CONDITION)
    p->n_conditions = n;
  else
    p->n_rules = n;
  return NEG_OK;
}

/* Reads a backer's pressure: a group of belligerent id = amount. */
static int neg_load_pressure(const neg_loader *ld, const neg_param *row,
                             const config_setting_t *g, neg_party *p, const char *key)
{
  char k[256];
  int i, t, rc = neg_expect(ld, g, key, CONFIG_TYPE_GROUP,
                            "a group of belligerent ids such as { russia = 1.0; }");
  for (i = 0; rc == NEG_OK && i < config_setting_length(g); i++) {
    const config_setting_t *c = config_setting_get_elem(g, (unsigned)i);
    const char *id = config_setting_name(c);
    neg_join(k, sizeof k, key, '.', id);
    if ((t = neg_scenario_party_index(ld->s, id)) < 0)
      rc = neg_fail(ld, c, k, "no party '%s'", id);
    else if (ld->s->parties[t].role != NEG_ROLE_BELLIGERENT)
      rc = neg_fail(ld, c, k, "'%s' is not a belligerent", id);
    else if (config_setting_type(c) == CONFIG_TYPE_GROUP)   /* a distribution */
      rc = neg_read_uncertain(ld, row, c, k, k, &p->pressure[t], 0);
    else
      rc = neg_read_double(ld, row, c, k, &p->pressure[t]);
  }
  return rc;
}

int neg_load_party_setting(const neg_loader *ld, const config_setting_t *c, neg_party *p)
{
  const char *name = config_setting_name(c);
  const neg_param *row = neg_param_find(NEG_SCOPE_PARTY, name);
  int bel = p->role == NEG_ROLE_BELLIGERENT;
  char head[sizeof p->id + 8], key[256];
  neg_join(head, sizeof head, "parties", '.', p->id);
  neg_join(key, sizeof key, head, '.', name);
  if (!strcmp(name, "conditions") || !strcmp(name, "policy")) {
    int cond = name[0] == 'c';
    if (cond && !bel) return neg_wrong_role(ld, c, key, p);
    return neg_load_list(ld, c, p, key, cond ? NEG_SCOPE_CONDITION : NEG_SCOPE_RULE);
  }
  if (!row) return neg_unknown(ld, c, key, NEG_SCOPE_PARTY, NULL);
  if (!(row->roles & (1u << p->role))) return neg_wrong_role(ld, c, key, p);
  if (row->flags & NEG_PF_MAP) return neg_load_pressure(ld, row, c, p, key);
  if (row->flags & NEG_PF_REQUIRED) return NEG_OK;   /* the role, read already */
  return neg_read_setting(ld, row, c, key, p);
}

/* First pass over party i: checks its id and group, sets its defaults and
 * reads its role, so that later settings can name any party. */
static int neg_party_begin(const neg_loader *ld, const config_setting_t *c, int i)
{
  const char *id = config_setting_name(c);
  neg_party *p = &ld->s->parties[i];
  const config_setting_t *r;
  char key[256];
  int rc;
  snprintf(key, sizeof key, "parties.%s", id);
  if (i >= NEG_MAX_PARTIES) return neg_fail(ld, c, key, "more than %d parties", NEG_MAX_PARTIES);
  if ((rc = neg_expect(ld, c, key, CONFIG_TYPE_GROUP, "a group { role = ...; }"))) return rc;
  if (strlen(id) >= NEG_ID_MAX)
    return neg_fail(ld, c, key, "party id longer than %d characters", NEG_ID_MAX - 1);
  neg_party_defaults(p);
  memcpy(p->id, id, strlen(id));
  if (!(r = config_setting_get_member(c, "role")))
    return neg_check_required(ld, c, NEG_SCOPE_PARTY, key);
  snprintf(key, sizeof key, "parties.%s.role", id);
  return neg_read_setting(ld, neg_param_find(NEG_SCOPE_PARTY, "role"), r, key, p);
}

/* Checks that the backers' aid shares sum to at most 1. */
static int neg_check_aid(const neg_loader *ld, const config_setting_t *g)
{
  char key[256], text[32];
  double sum = 0;
  int i;
  for (i = 0; i < ld->s->n_parties; i++) {
    const neg_party *p = &ld->s->parties[i];
    if (p->role != NEG_ROLE_BACKER) continue;
    sum += p->aid_share;
    if (sum <= 1 + NEG_AID_SLACK) continue;
    snprintf(key, sizeof key, "parties.%s.aid_share", p->id);
    return neg_fail(ld, config_setting_get_member(config_setting_get_elem(g, (unsigned)i),
                                                  "aid_share"),
                    key, "the backers' aid shares sum to %s, more than 1",
                    neg_format_double(text, sizeof text, sum, 0));
  }
  return NEG_OK;
}

int neg_check_parties(const neg_loader *ld, const config_setting_t *g)
{
  int n = neg_scenario_belligerents(ld->s, NULL), consenting = 0;
  if (n < 2) return neg_fail(ld, g, "parties", "needs at least two belligerents, found %d", n);
  for (int i = 0; i < ld->s->n_parties; i++)
    consenting += ld->s->parties[i].role == NEG_ROLE_BELLIGERENT && ld->s->parties[i].consents;
  if (!consenting)
    return neg_fail(ld, g, "parties", "no belligerent consents to the truce (consents = false "
                    "for all): someone must have declared it");
  return neg_check_aid(ld, g);
}

/* Reads the parties in two passes (ids and roles, then settings) and checks them. */
int neg_load_parties(neg_loader *ld, const config_setting_t *g)
{
  int i, n, rc = neg_expect(ld, g, "parties", CONFIG_TYPE_GROUP,
                            "a group of parties { id = { role = ...; }; ... }");
  n = rc ? 0 : config_setting_length(g);
  for (i = 0; rc == NEG_OK && i < n; i++)
    rc = neg_party_begin(ld, config_setting_get_elem(g, (unsigned)i), i);
  if (rc) return rc;
  ld->s->n_parties = n;
  for (i = 0; i < n; i++) {
    const config_setting_t *pg = config_setting_get_elem(g, (unsigned)i);
    int j;
    for (j = 0; j < config_setting_length(pg); j++)
      if ((rc = neg_load_party_setting(ld, config_setting_get_elem(pg, (unsigned)j),
                                  &ld->s->parties[i])))
        return rc;
  }
  return neg_check_parties(ld, g);
}
