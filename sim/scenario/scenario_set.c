/* scenario_set.c: applies --set "path=value" overrides to the parsed
 * libconfig tree before conversion, so that they are validated like the
 * file's own settings. Errors name "--set" and the path.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "scenario_impl.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NEG_SET "--set"
#define NEG_SET_PARTS 8   /* most parts of a path looked at (4 are used) */

/* Where an override goes: the parent group and the setting's name. */
typedef struct {
  const neg_param *row;
  config_setting_t *parent;
  const char *leaf;
} neg_target;

/* An override's value, typed for libconfig. */
typedef struct {
  int type;          /* CONFIG_TYPE_INT, _INT64, _FLOAT, _BOOL or _STRING */
  long long i;
  double d;
  const char *str;
} neg_value;

/* Returns the member group name of parent, creating it when missing. */
static config_setting_t *neg_group(config_setting_t *parent, const char *name,
                                   const char *key, neg_error *err, int *rc)
{
  config_setting_t *g = config_setting_get_member(parent, name);
  if (!g) g = config_setting_add(parent, name, CONFIG_TYPE_GROUP);
  if (!g || !config_setting_is_group(g))
    *rc = neg_error_set(err, NEG_SET, 0, key, "'%s' in the scenario is not a group", name);
  return g;
}

/* Reports an unknown path, with the nearest known name as a hint. */
static int neg_set_unknown(neg_error *err, const char *key, neg_scope scope,
                           const char *group, const char *name)
{
  char hint[64];
  if (neg_param_suggest(scope, group, name, hint, sizeof hint))
    return neg_error_set(err, NEG_SET, 0, key, "unknown setting; did you mean '%s'?", hint);
  return neg_error_set(err, NEG_SET, 0, key, "unknown setting");
}

/* Resolves parties.<id>.<name>[.<belligerent>] to its target. */
static int neg_party_target(config_t *cfg, char **part, int n, const char *key,
                            neg_target *t, neg_error *err)
{
  config_setting_t *parties = config_lookup(cfg, "parties"), *party = NULL;
  int rc = NEG_OK;
  if (n < 3)
    return neg_error_set(err, NEG_SET, 0, key, "unknown setting; expected parties.<id>.<setting>");
  if (parties && config_setting_is_group(parties))
    party = config_setting_get_member(parties, part[1]);
  if (!party || !config_setting_is_group(party))
    return neg_error_set(err, NEG_SET, 0, key, "no party '%s' in the scenario", part[1]);
  if (!strcmp(part[2], "conditions") || !strcmp(part[2], "policy"))
    return neg_error_set(err, NEG_SET, 0, key,
                         "a list cannot be set from the command line; edit the file");
  if (!(t->row = neg_param_find(NEG_SCOPE_PARTY, part[2])))
    return neg_set_unknown(err, key, NEG_SCOPE_PARTY, NULL, part[2]);
  if (!(t->row->flags & NEG_PF_MAP)) {
    if (n != 3) return neg_error_set(err, NEG_SET, 0, key, "unknown setting");
    t->parent = party;
    t->leaf = part[2];
    return NEG_OK;
  }
  if (n != 4)   /* parties.<id>.pressure.<belligerent> */
    return neg_error_set(err, NEG_SET, 0, key, "expected parties.%s.%s.<belligerent id>",
                         part[1], part[2]);
  t->parent = neg_group(party, part[2], key, err, &rc);
  t->leaf = part[3];
  return rc;
}

/* Resolves issues.<id>.<name> or deals.<id>.<name>[.<belligerent>] (a
 * declared issue or side deal of the file) to its target. */
static int neg_general_target(config_t *cfg, char **part, int n, const char *key,
                              neg_target *t, neg_error *err)
{
  const int deal = !strcmp(part[0], "deals");
  const neg_scope scope = deal ? NEG_SCOPE_DEAL : NEG_SCOPE_ISSUE;
  config_setting_t *g = config_lookup(cfg, part[0]), *item = NULL;
  int rc = NEG_OK;
  if (n < 3)
    return neg_error_set(err, NEG_SET, 0, key, "unknown setting; expected %s.<id>.<setting>",
                         part[0]);
  if (deal && !strcmp(part[1], "maritime"))
    return neg_error_set(err, NEG_SET, 0, key, "the maritime deal is set in the maritime "
                         "group (maritime.<setting>)");
  if (g && config_setting_is_group(g)) item = config_setting_get_member(g, part[1]);
  if (!item || !config_setting_is_group(item))
    return neg_error_set(err, NEG_SET, 0, key, "no %s '%s' declared in %s",
                         deal ? "side deal" : "issue", part[1], part[0]);
  if (!(t->row = neg_param_find(scope, part[2])))
    return neg_set_unknown(err, key, scope, NULL, part[2]);
  if (t->row->flags & (NEG_PF_ARRAY | NEG_PF_CONDS | NEG_PF_EFFECTS))
    return neg_error_set(err, NEG_SET, 0, key, "%s cannot be set from the command line; "
                         "edit the file", (t->row->flags & NEG_PF_CONDS) ? "a list"
                         : (t->row->flags & NEG_PF_ARRAY) ? "an array" : "a group of issues");
  if (n != ((t->row->flags & NEG_PF_MAP) ? 4 : 3))
    return (t->row->flags & NEG_PF_MAP)
           ? neg_error_set(err, NEG_SET, 0, key, "expected deals.%s.%s.<belligerent id>",
                           part[1], part[2])
           : neg_error_set(err, NEG_SET, 0, key, "unknown setting");
  t->parent = (t->row->flags & NEG_PF_MAP) ? neg_group(item, part[2], key, err, &rc) : item;
  t->leaf = part[n - 1];
  return rc;
}

/* Resolves a path (split into n parts) to the row and place it sets. */
static int neg_set_target(config_t *cfg, char **part, int n, const char *key, neg_target *t,
                          neg_error *err)
{
  int rc = NEG_OK;
  if (!strcmp(part[0], "parties")) return neg_party_target(cfg, part, n, key, t, err);
  if (!strcmp(part[0], "issues") || !strcmp(part[0], "deals"))
    return neg_general_target(cfg, part, n, key, t, err);
  if (n == 1 && neg_param_is_group(part[0]))
    return neg_error_set(err, NEG_SET, 0, key, "a group: set one of its settings, "
                         "e.g. %s.<setting>", part[0]);
  if (n > 2 || !(t->row = neg_param_find(NEG_SCOPE_SCENARIO, key))) {
    if (n == 2 && neg_param_is_group(part[0]))
      return neg_set_unknown(err, key, NEG_SCOPE_SCENARIO, part[0], part[1]);
    return neg_set_unknown(err, key, NEG_SCOPE_SCENARIO, NULL, part[0]);
  }
  if (t->row->flags & NEG_PF_ARRAY)
    return neg_error_set(err, NEG_SET, 0, key,
                         "an array cannot be set from the command line; edit the file");
  t->parent = config_root_setting(cfg);
  t->leaf = part[n - 1];
  if (n == 2) t->parent = neg_group(t->parent, part[0], key, err, &rc);
  return rc;
}

/* Parses text by the row's type. */
static int neg_set_parse(const neg_param *row, const char *key, const char *text,
                         neg_value *v, neg_error *err)
{
  char *end;
  errno = 0;
  if (row->type == NEG_PT_INT || row->type == NEG_PT_UINT64) {
    v->i = strtoll(text, &end, 10);
    if (end == text || *end || errno)
      return neg_error_set(err, NEG_SET, 0, key, "expected an integer, got '%.200s'", text);
    v->type = v->i >= INT_MIN && v->i <= INT_MAX ? CONFIG_TYPE_INT : CONFIG_TYPE_INT64;
  } else if (row->type == NEG_PT_DOUBLE) {
    v->d = strtod(text, &end);
    if (end == text || *end)
      return neg_error_set(err, NEG_SET, 0, key, "expected a number, got '%.200s'", text);
    v->type = CONFIG_TYPE_FLOAT;
  } else if (row->type == NEG_PT_BOOL) {
    v->i = !strcasecmp(text, "true");
    if (!v->i && strcasecmp(text, "false"))
      return neg_error_set(err, NEG_SET, 0, key, "expected true or false, got '%.200s'", text);
    v->type = CONFIG_TYPE_BOOL;
  } else {
    v->str = text;
    v->type = CONFIG_TYPE_STRING;
  }
  return NEG_OK;
}

/* Gives setting c (of v's type) the value v. */
static void neg_set_value(config_setting_t *c, const neg_value *v)
{
  switch (v->type) {
  case CONFIG_TYPE_INT: config_setting_set_int(c, (int)v->i); break;
  case CONFIG_TYPE_INT64: config_setting_set_int64(c, v->i); break;
  case CONFIG_TYPE_FLOAT: config_setting_set_float(c, v->d); break;
  case CONFIG_TYPE_BOOL: config_setting_set_bool(c, (int)v->i); break;
  default: config_setting_set_string(c, v->str); break;
  }
}

/* Replaces (or adds) the setting leaf of parent with value v, into *out. */
static int neg_set_store(const neg_target *t, const neg_value *v, const char *key,
                         config_setting_t **out, neg_error *err)
{
  config_setting_t *c;
  config_setting_remove(t->parent, t->leaf);
  if (!(c = config_setting_add(t->parent, t->leaf, v->type)))
    return neg_error_set(err, NEG_SET, 0, key, "'%s' is not a valid setting name", t->leaf);
  neg_set_value(c, v);
  *out = c;
  return NEG_OK;
}

/* Copies s without surrounding blanks (and, when unquote, double quotes). */
static void neg_trim(char *dst, size_t n, const char *s, size_t len, int unquote)
{
  while (len && (*s == ' ' || *s == '\t')) s++, len--;
  while (len && (s[len - 1] == ' ' || s[len - 1] == '\t')) len--;
  if (unquote && len >= 2 && s[0] == '"' && s[len - 1] == '"') s++, len -= 2;
  if (len >= n) len = n - 1;
  memcpy(dst, s, len);
  dst[len] = '\0';
}

void neg_set_key(const char *arg, char *key, size_t n)
{
  const char *eq = strchr(arg, '=');
  neg_trim(key, n, arg, eq ? (size_t)(eq - arg) : strlen(arg), 0);
}

/* Applies one "path=value" override; its setting into *out. */
static int neg_apply_set(config_t *cfg, const char *arg, config_setting_t **out,
                         neg_error *err)
{
  char key[256], path[256], val[512], *part[NEG_SET_PARTS + 1], *save = NULL, *tok;
  const char *eq = strchr(arg, '=');
  neg_target t = { NULL, NULL, NULL };
  neg_value v = { 0, 0, 0, NULL };
  int n = 0, rc;
  neg_set_key(arg, key, sizeof key);
  if (!eq || !key[0])
    return neg_error_set(err, NEG_SET, 0, key, "malformed override, expected key=value");
  neg_trim(val, sizeof val, eq + 1, strlen(eq + 1), 1);
  snprintf(path, sizeof path, "%s", key);
  for (tok = strtok_r(path, ".", &save); tok && n <= NEG_SET_PARTS;
       tok = strtok_r(NULL, ".", &save))
    part[n++] = tok;
  if (n > NEG_SET_PARTS || strstr(key, "..") || key[0] == '.' || key[strlen(key) - 1] == '.')
    return neg_error_set(err, NEG_SET, 0, key, "unknown setting");
  if ((rc = neg_set_target(cfg, part, n, key, &t, err))) return rc;
  if ((rc = neg_set_parse(t.row, key, val, &v, err))) return rc;
  return neg_set_store(&t, &v, key, out, err);
}

int neg_reset_sets(const char *const *sets, size_t nsets, const neg_param *const *rows,
                   config_setting_t *const *stored)
{
  neg_value v[NEG_RESET_MAX];
  neg_error ignored;
  char key[256], val[512];
  if (nsets > NEG_RESET_MAX) return -1;
  for (size_t i = 0; i < nsets; i++) {
    const char *eq = strchr(sets[i], '=');
    neg_set_key(sets[i], key, sizeof key);
    if (!eq || !key[0]) return -1;
    neg_trim(val, sizeof val, eq + 1, strlen(eq + 1), 1);
    if (neg_set_parse(rows[i], key, val, &v[i], &ignored) || v[i].type == CONFIG_TYPE_STRING
        || v[i].type != config_setting_type(stored[i]))
      return -1;
  }
  for (size_t i = 0; i < nsets; i++) neg_set_value(stored[i], &v[i]);
  return 0;
}

int neg_apply_sets(config_t *cfg, const char *const *sets, size_t nsets,
                   config_setting_t **stored, neg_error *err)
{
  config_setting_t *c;
  int rc;
  for (size_t i = 0; i < nsets; i++) {
    if ((rc = neg_apply_set(cfg, sets[i], &c, err))) return rc;
    if (stored) stored[i] = c;
  }
  return NEG_OK;
}
