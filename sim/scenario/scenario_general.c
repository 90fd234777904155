/* scenario_general.c: reads the general model's groups of a scenario:
 * declared issues, side deals and the schedule, and checks what rules,
 * terms and effects need (docs/schema.md, "The general model").
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 *
 * Issue and deal ids and the issues' settings are read first
 * (neg_load_general_ids), so that the parties' conditions and rules can
 * name them and rules cannot move a derived issue; the deals' settings and
 * the schedule are read after the parties (neg_load_general). */
#include "scenario_impl.h"

#include <string.h>

/* Appends issue id (derive, deal of a deal's issue) to ld->s. */
static int add_issue(const neg_loader *ld, const config_setting_t *c, const char *key,
                     const char *id, neg_derive derive, int deal)
{
  neg_scenario *s = ld->s;
  neg_issue *is;
  if (strlen(id) >= NEG_ID_MAX)
    return neg_fail(ld, c, key, "id longer than %d characters", NEG_ID_MAX - 1);
  if (neg_scenario_issue_index(s, id) >= 0)
    return neg_fail(ld, c, key, "'%s' is already an issue (built-in issues: aid, security, "
                    "maritime_deal, sanctions_relief, guarantee; a deal is an issue too)", id);
  if (s->n_issues >= NEG_MAX_ISSUES)
    return neg_fail(ld, c, key, "more than %d issues (built-in ones and deals included)",
                    NEG_MAX_ISSUES);
  is = &s->issues[s->n_issues++];
  memset(is, 0, sizeof *is);
  memcpy(is->id, id, strlen(id));
  is->derive = derive;
  if (derive == NEG_DERIVE_DEAL) {
    is->n_of = 1;
    is->of[0] = deal;
  }
  return NEG_OK;
}

/* Reads the ids of the issues group g. */
static int issue_ids(const neg_loader *ld, const config_setting_t *g)
{
  char key[256];
  int rc = neg_expect(ld, g, "issues", CONFIG_TYPE_GROUP,
                      "a group of issues { id = { initial = ...; }; ... }");
  for (int i = 0; rc == NEG_OK && i < config_setting_length(g); i++) {
    const config_setting_t *c = config_setting_get_elem(g, (unsigned)i);
    neg_join(key, sizeof key, "issues", '.', config_setting_name(c));
    rc = neg_expect(ld, c, key, CONFIG_TYPE_GROUP, "a group { initial = ...; }");
    if (rc == NEG_OK) rc = add_issue(ld, c, key, config_setting_name(c), NEG_DERIVE_NONE, 0);
  }
  return rc;
}

/* Reads the ids of the deals group g: each deal and its issue. */
static int deal_ids(const neg_loader *ld, const config_setting_t *g)
{
  neg_scenario *s = ld->s;
  char key[256];
  int rc = neg_expect(ld, g, "deals", CONFIG_TYPE_GROUP,
                      "a group of side deals { id = { daily_probability = ...; }; ... }");
  for (int i = 0; rc == NEG_OK && i < config_setting_length(g); i++) {
    const config_setting_t *c = config_setting_get_elem(g, (unsigned)i);
    const char *id = config_setting_name(c);
    neg_deal *dl = &s->deals[s->n_deals];
    neg_join(key, sizeof key, "deals", '.', id);
    if ((rc = neg_expect(ld, c, key, CONFIG_TYPE_GROUP, "a group { ... }"))) break;
    if (!strcmp(id, "maritime"))
      return neg_fail(ld, c, key, "the maritime deal is set in the maritime group");
    if (s->n_deals >= NEG_MAX_DEALS)
      return neg_fail(ld, c, key, "more than %d side deals (the maritime deal included)",
                      NEG_MAX_DEALS);
    memset(dl, 0, sizeof *dl);
    neg_param_defaults(NEG_SCOPE_DEAL, dl);
    snprintf(dl->id, NEG_ID_MAX, "%.*s", NEG_ID_MAX - 1, id);
    dl->issue = s->n_issues;
    if ((rc = add_issue(ld, c, key, id, NEG_DERIVE_DEAL, s->n_deals)) == NEG_OK) s->n_deals++;
  }
  return rc;
}


/* 1 when issue k's value comes from others (it cannot be set). */
static int derived(const neg_scenario *s, int k)
{
  return s->issues[k].derive != NEG_DERIVE_NONE;
}

/* Reads a group of issue id = value into effects (at most NEG_MAX_EFFECTS). */
static int load_effects(const neg_loader *ld, const neg_param *row, const config_setting_t *g,
                        const char *key, neg_effect *eff, int *n)
{
  char k[256];
  int rc = neg_expect(ld, g, key, CONFIG_TYPE_GROUP, "a group of issues such as { x = 1.0; }");
  for (int i = 0; rc == NEG_OK && i < config_setting_length(g); i++) {
    const config_setting_t *c = config_setting_get_elem(g, (unsigned)i);
    const char *id = config_setting_name(c);
    int x = neg_scenario_issue_index(ld->s, id);
    neg_join(k, sizeof k, key, '.', id);
    if (i >= NEG_MAX_EFFECTS) return neg_fail(ld, c, k, "more than %d issues", NEG_MAX_EFFECTS);
    if (x < 0) return neg_fail(ld, c, k, "no issue '%.64s' (declare it in issues)", id);
    if (derived(ld->s, x))
      return neg_fail(ld, c, k, "'%s' is derived from other issues; it cannot be set", id);
    eff[i].issue = x;
    if ((rc = neg_read_double(ld, row, c, k, &eff[i].value))) return rc;
    *n = i + 1;
  }
  return rc;
}

/* Reads the of array of issue is (its key: key). */
static int load_of(const neg_loader *ld, const config_setting_t *c, const char *key,
                   neg_issue *is)
{
  char k[256];
  int n = config_setting_length(c), t = config_setting_type(c);
  if ((t != CONFIG_TYPE_ARRAY && t != CONFIG_TYPE_LIST) || n < 2 || n > NEG_MAX_OF)
    return neg_fail(ld, c, key, "expected an array of 2 to %d issue ids such as "
                    "[\"aid\", \"guarantee\"]", NEG_MAX_OF);
  for (int i = 0; i < n; i++) {
    const config_setting_t *e = config_setting_get_elem(c, (unsigned)i);
    const char *id;
    neg_item_key(k, sizeof k, key, i);
    if (neg_expect(ld, e, k, CONFIG_TYPE_STRING, "an issue id (a string)")) return NEG_EINPUT;
    id = config_setting_get_string(e);
    if ((is->of[i] = neg_scenario_issue_index(ld->s, id)) < 0)
      return neg_fail(ld, e, k, "no issue '%.64s'", id);
  }
  is->n_of = n;
  return NEG_OK;
}

/* 1 when issue k depends on issue target through derivations (depth bounds
 * the walk: a chain longer than the issues is a circle). */
static int depends(const neg_scenario *s, int k, int target, int depth)
{
  const neg_issue *is = &s->issues[k];
  if (depth > s->n_issues) return 1;
  if (is->derive != NEG_DERIVE_MAX && is->derive != NEG_DERIVE_MIN) return 0;
  for (int i = 0; i < is->n_of; i++)
    if (is->of[i] == target || depends(s, is->of[i], target, depth + 1)) return 1;
  return 0;
}

/* Reads the settings of declared issue c (index x). */
static int load_issue(const neg_loader *ld, const config_setting_t *c, int x)
{
  neg_issue *is = &ld->s->issues[x];
  const config_setting_t *of = config_setting_get_member(c, "of");
  char key[256], k[256];
  int rc = NEG_OK;
  neg_join(key, sizeof key, "issues", '.', is->id);
  is->initial = 0.0;
  for (int i = 0; rc == NEG_OK && i < config_setting_length(c); i++) {
    const config_setting_t *m = config_setting_get_elem(c, (unsigned)i);
    const neg_param *row = neg_param_find(NEG_SCOPE_ISSUE, config_setting_name(m));
    neg_join(k, sizeof k, key, '.', config_setting_name(m));
    if (!row) rc = neg_unknown(ld, m, k, NEG_SCOPE_ISSUE, NULL);
    else if (row->flags & NEG_PF_ARRAY) rc = load_of(ld, m, k, is);
    else rc = neg_read_setting(ld, row, m, k, is);
  }
  if (rc) return rc;
  neg_join(k, sizeof k, key, '.', "of");
  if (is->derive != NEG_DERIVE_NONE && !of)
    return neg_fail(ld, c, k, "derive = \"%s\" needs of = [ ... ]",
                    is->derive == NEG_DERIVE_MAX ? "max" : "min");
  if (is->derive == NEG_DERIVE_NONE && of)
    return neg_fail(ld, of, k, "of needs derive = \"max\" or \"min\"");
  if (depends(ld->s, x, x, 0))
    return neg_fail(ld, of, k, "'%s' is derived from itself (a circle of derivations)", is->id);
  return NEG_OK;
}

/* Reads a deal's bonus group: belligerent id = utility. */
static int load_bonus(const neg_loader *ld, const neg_param *row, const config_setting_t *g,
                      const char *key, neg_deal *dl)
{
  char k[256];
  int rc = neg_expect(ld, g, key, CONFIG_TYPE_GROUP, "a group such as { russia = 0.5; }");
  for (int i = 0; rc == NEG_OK && i < config_setting_length(g); i++) {
    const config_setting_t *c = config_setting_get_elem(g, (unsigned)i);
    const char *id = config_setting_name(c);
    int t = neg_scenario_party_index(ld->s, id);
    neg_join(k, sizeof k, key, '.', id);
    if (t < 0) return neg_fail(ld, c, k, "no party '%s'", id);
    if (ld->s->parties[t].role != NEG_ROLE_BELLIGERENT)
      return neg_fail(ld, c, k, "'%s' is not a belligerent", id);
    if (config_setting_type(c) == CONFIG_TYPE_GROUP)   /* a distribution */
      rc = neg_read_uncertain(ld, row, c, k, k, &dl->bonus[t], 0);
    else
      rc = neg_read_double(ld, row, c, k, &dl->bonus[t]);
  }
  return rc;
}

/* Reads a list of conditions into conds (at most NEG_MAX_CONDITIONS). */
static int load_conditions(const neg_loader *ld, const config_setting_t *c, const char *key,
                           neg_condition *conds, int *n)
{
  char k[256];
  int rc = neg_expect(ld, c, key, CONFIG_TYPE_LIST, "a list of groups ( { ... }, ... )");
  for (int j = 0; rc == NEG_OK && j < config_setting_length(c); j++) {
    const config_setting_t *g = config_setting_get_elem(c, (unsigned)j);
    neg_item_key(k, sizeof k, key, j);
    if (j >= NEG_MAX_CONDITIONS)
      return neg_fail(ld, g, k, "more than %d conditions", NEG_MAX_CONDITIONS);
    rc = neg_load_condition(ld, g, &conds[j], k);
    conds[j].hard = 1;
    *n = j + 1;
  }
  return rc;
}

/* Reads the settings of side deal c (index x). */
static int load_deal(const neg_loader *ld, const config_setting_t *c, int x)
{
  neg_deal *dl = &ld->s->deals[x];
  char key[256], k[256];
  int rc = NEG_OK;
  neg_join(key, sizeof key, "deals", '.', dl->id);
  for (int i = 0; rc == NEG_OK && i < config_setting_length(c); i++) {
    const config_setting_t *m = config_setting_get_elem(c, (unsigned)i);
    const neg_param *row = neg_param_find(NEG_SCOPE_DEAL, config_setting_name(m));
    neg_join(k, sizeof k, key, '.', config_setting_name(m));
    if (!row) rc = neg_unknown(ld, m, k, NEG_SCOPE_DEAL, NULL);
    else if (row->flags & NEG_PF_MAP) rc = load_bonus(ld, row, m, k, dl);
    else if (row->flags & NEG_PF_CONDS)
      rc = load_conditions(ld, m, k, dl->conditions, &dl->n_conditions);
    else if (row->flags & NEG_PF_EFFECTS)
      rc = load_effects(ld, row, m, k, dl->effects, &dl->n_effects);
    else rc = neg_read_setting(ld, row, m, k, dl);
  }
  if (rc == NEG_OK) rc = neg_only_one(ld, c, key, "day", "daily_probability");
  return rc;
}

/* Reads one schedule item g. */
static int load_item(const neg_loader *ld, const config_setting_t *g, const char *key,
                     neg_sched *it)
{
  const config_setting_t *day;
  char k[256];
  int rc = neg_expect(ld, g, key, CONFIG_TYPE_GROUP, "a group { day = ...; ... }");
  memset(it, 0, sizeof *it);
  neg_param_defaults(NEG_SCOPE_SCHED, it);
  for (int i = 0; rc == NEG_OK && i < config_setting_length(g); i++) {
    const config_setting_t *m = config_setting_get_elem(g, (unsigned)i);
    const neg_param *row = neg_param_find(NEG_SCOPE_SCHED, config_setting_name(m));
    neg_join(k, sizeof k, key, '.', config_setting_name(m));
    if (!row) rc = neg_unknown(ld, m, k, NEG_SCOPE_SCHED, NULL);
    else if (row->flags & NEG_PF_EFFECTS)
      rc = load_effects(ld, row, m, k, it->effects, &it->n_effects);
    else rc = neg_read_setting(ld, row, m, k, it);
  }
  if (rc) return rc;
  if (!(day = config_setting_get_member(g, "day")))
    return neg_fail(ld, g, key, "missing required setting: day");
  neg_join(k, sizeof k, key, '.', "day");
  if (it->day > ld->s->horizon_days)
    return neg_fail(ld, day, k, "day %d is beyond the horizon (pause.horizon_days = %d)",
                    it->day, ld->s->horizon_days);
  if ((it->party >= 0) != (it->setting != NEG_PHASE_NONE))
    return neg_fail(ld, g, key, "party and setting go together: name both or neither");
  return NEG_OK;
}

/* Reads the schedule list c. */
static int load_schedule(const neg_loader *ld, const config_setting_t *c)
{
  char k[256];
  int rc = neg_expect(ld, c, "schedule", CONFIG_TYPE_LIST,
                      "a list of groups ( { day = 20; ... }, ... )");
  for (int j = 0; rc == NEG_OK && j < config_setting_length(c); j++) {
    const config_setting_t *g = config_setting_get_elem(c, (unsigned)j);
    neg_item_key(k, sizeof k, "schedule", j);
    if (j >= NEG_MAX_SCHEDULE)
      return neg_fail(ld, g, k, "more than %d schedule items", NEG_MAX_SCHEDULE);
    if ((rc = load_item(ld, g, k, &ld->s->schedule[j])) == NEG_OK) ld->s->n_schedule = j + 1;
  }
  return rc;
}

/* Checks the renewal terms against the renewals allowed. */
static int check_terms(const neg_loader *ld, const config_setting_t *root)
{
  const neg_scenario *s = ld->s;
  const config_setting_t *g = config_setting_get_member(root, "pause");
  if (s->open_ended || s->n_terms <= s->max_extensions) return NEG_OK;
  return neg_fail(ld, g ? config_setting_get_member(g, "terms") : NULL, "pause.terms",
                  "%d terms but pause.max_extensions allows %d renewal%s (set "
                  "max_extensions or open_ended = true)", s->n_terms, s->max_extensions,
                  s->max_extensions == 1 ? "" : "s");
}

/* Reads the ids of issues and deals, then the issues' settings: the
 * parties' rules, read next, must know which issues are derived. */
int neg_load_general_ids(neg_loader *ld, const config_setting_t *root)
{
  const config_setting_t *g = config_setting_get_member(root, "issues"), *d;
  int rc = g ? issue_ids(ld, g) : NEG_OK, x = NEG_ISSUE_BUILTIN;
  if (rc == NEG_OK && (d = config_setting_get_member(root, "deals"))) rc = deal_ids(ld, d);
  for (int i = 0; g && rc == NEG_OK && i < config_setting_length(g); i++, x++)
    rc = load_issue(ld, config_setting_get_elem(g, (unsigned)i), x);
  return rc;
}

int neg_load_general(neg_loader *ld, const config_setting_t *root)
{
  const config_setting_t *g = config_setting_get_member(root, "deals");
  int rc = NEG_OK;
  for (int i = 0; g && rc == NEG_OK && i < config_setting_length(g); i++)
    rc = load_deal(ld, config_setting_get_elem(g, (unsigned)i), i + 1);
  if (rc == NEG_OK && (g = config_setting_get_member(root, "schedule")))
    rc = load_schedule(ld, g);
  return rc ? rc : check_terms(ld, root);
}

