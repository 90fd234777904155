/* scenario.c: converts and validates a parsed scenario tree against the
 * parameter table, group by group (the file is read by scenario_source.c,
 * one setting by scenario_read.c): the top-level groups here, the parties,
 * the general model's groups and the uncertain list in their own files.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "scenario_impl.h"

#include <stddef.h>
#include <string.h>

/* Reads an array of days (rounds.days, pause.terms) into the row's field. */
static int neg_load_days(const neg_loader *ld, const neg_param *row, const config_setting_t *c,
                         const char *key)
{
  const int terms = row->offset == offsetof(neg_scenario, terms);
  const int max = terms ? NEG_MAX_TERMS : NEG_MAX_ROUND_DAYS;
  int *dst = (int *)(void *)((char *)ld->s + row->offset);
  char k[256];
  long long v;
  int i, rc, n = config_setting_length(c), t = config_setting_type(c);
  if (t != CONFIG_TYPE_ARRAY && t != CONFIG_TYPE_LIST)
    return neg_fail(ld, c, key, "expected an array of days such as [10, 25], got %s",
                    neg_type_name(c));
  if (n > max) return neg_fail(ld, c, key, "more than %d %s", max, terms ? "terms" : "round days");
  for (i = 0; i < n; i++) {
    neg_item_key(k, sizeof k, key, i);
    if ((rc = neg_read_int(ld, row, config_setting_get_elem(c, (unsigned)i), k, &v))) return rc;
    dst[i] = (int)v;
  }
  *(terms ? &ld->s->n_terms : &ld->s->n_round_days) = n;
  return NEG_OK;
}

/* Reads an array of "key=..." strings (sweep.vary, run.overrides) into the
 * row's field, at most row->max of them. */
static int neg_load_pairs(const neg_loader *ld, const neg_param *row, const config_setting_t *c,
                          const char *key)
{
  char k[256], (*dst)[NEG_VARY_MAX] = (void *)((char *)ld->s + row->offset);
  int *count = row->offset == offsetof(neg_scenario, vary) ? &ld->s->n_vary
                                                            : &ld->s->n_overrides;
  int i, n = config_setting_length(c), t = config_setting_type(c);
  if (t != CONFIG_TYPE_ARRAY && t != CONFIG_TYPE_LIST)
    return neg_fail(ld, c, key, "expected an array of strings such as "
                    "[\"pause.days=20\"], got %s", neg_type_name(c));
  if (n > (int)row->max) return neg_fail(ld, c, key, "more than %d items", (int)row->max);
  for (i = 0; i < n; i++) {
    const config_setting_t *e = config_setting_get_elem(c, (unsigned)i);
    const char *v;
    neg_item_key(k, sizeof k, key, i);
    if (neg_expect(ld, e, k, CONFIG_TYPE_STRING, "a string")) return NEG_EINPUT;
    v = config_setting_get_string(e);
    if (strlen(v) >= NEG_VARY_MAX || !strchr(v, '=') || v[0] == '=')
      return neg_fail(ld, e, k, "expected \"key=value\" of at most %d characters",
                      NEG_VARY_MAX - 1);
    snprintf(dst[i], NEG_VARY_MAX, "%s", v);
  }
  *count = n;
  return NEG_OK;
}

/* Reads one top-level group (pause, rounds, ...) through its rows. */
static int neg_load_group(const neg_loader *ld, const config_setting_t *g, const char *name)
{
  char key[256];
  int i, rc = neg_expect(ld, g, name, CONFIG_TYPE_GROUP, "a group { ... }");
  for (i = 0; rc == NEG_OK && i < config_setting_length(g); i++) {
    const config_setting_t *c = config_setting_get_elem(g, (unsigned)i);
    const neg_param *row;
    neg_join(key, sizeof key, name, '.', config_setting_name(c));
    if (!(row = neg_param_find(NEG_SCOPE_SCENARIO, key)))
      rc = neg_unknown(ld, c, key, NEG_SCOPE_SCENARIO, name);
    else if (row->flags & NEG_PF_ARRAY)
      rc = row->type == NEG_PT_STRING ? neg_load_pairs(ld, row, c, key) : neg_load_days(ld, row, c, key);
    else
      rc = neg_read_setting(ld, row, c, key, ld->s);
  }
  return rc;
}

int neg_check_pause(const neg_loader *ld, const config_setting_t *root)
{
  const config_setting_t *g = config_setting_get_member(root, "pause"), *c = NULL;
  if (ld->s->horizon_days >= ld->s->pause_days) return NEG_OK;
  if (g && !(c = config_setting_get_member(g, "horizon_days")))
    c = config_setting_get_member(g, "days");
  return neg_fail(ld, c, "pause.horizon_days", "%d is less than pause.days (%d)",
                  ld->s->horizon_days, ld->s->pause_days);
}

/* Reads every top-level setting in file order, then checks the pause. */
int neg_load_root(neg_loader *ld, const config_setting_t *root)
{
  int i, rc = neg_load_general_ids(ld, root), have_parties = 0;
  for (i = 0; rc == NEG_OK && i < config_setting_length(root); i++) {
    const config_setting_t *c = config_setting_get_elem(root, (unsigned)i);
    const char *name = config_setting_name(c);
    const neg_param *row = neg_param_find(NEG_SCOPE_SCENARIO, name);
    if (!strcmp(name, "parties")) {
      have_parties = 1;
      rc = neg_load_parties(ld, c);
    } else if (!strcmp(name, "uncertain")) {
      continue;   /* read last, by neg_load_uncertain: it names any setting */
    } else if (!strcmp(name, "issues") || !strcmp(name, "deals") || !strcmp(name, "schedule")) {
      continue;   /* the general model's: read after the parties (neg_load_general) */
    } else if (row) {
      rc = neg_read_setting(ld, row, c, name, ld->s);
      ld->have_name |= !strcmp(name, "name");
    } else if (neg_param_is_group(name)) {
      rc = neg_load_group(ld, c, name);
    } else {
      rc = neg_unknown(ld, c, name, NEG_SCOPE_SCENARIO, NULL);
    }
  }
  if (rc == NEG_OK && !have_parties)
    return neg_fail(ld, NULL, "parties", "missing required setting: a group of parties");
  if (rc == NEG_OK) rc = neg_load_general(ld, root);
  if (rc == NEG_OK) rc = neg_load_uncertain(ld, root);
  return rc ? rc : neg_check_pause(ld, root);
}
