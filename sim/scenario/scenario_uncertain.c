/* scenario_uncertain.c: reads, validates and writes parameters given as
 * distributions: a group { dist = "beta"; a = 2.0; b = 5.0; } in place of a
 * float setting, or an item of the top-level list
 * uncertain = ( { key = "parties.russia.compliance"; dist = ...; } ).
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "scenario_impl.h"

#include <math.h>
#include <string.h>

#include "neg_uncertain.h"

#define NEG_MASS_MIN 1e-6     /* least probability a normal may keep in its bounds */
#define NEG_AID_SLACK 1e-12   /* rounding allowed in the sum of aid shares */

/* Members of each distribution (bits by DIST row: see member_bit), and
 * which of them are required. */
enum { M_MIN = 1, M_MAX = 2, M_MEAN = 4, M_SD = 8, M_A = 16, M_B = 32, M_MODE = 64 };
static const unsigned allowed[NEG_UNC_COUNT] = {
  M_MIN | M_MAX, M_MEAN | M_SD | M_MIN | M_MAX, M_A | M_B | M_MIN | M_MAX,
  M_MIN | M_MODE | M_MAX};
static const unsigned required[NEG_UNC_COUNT] = {
  M_MIN | M_MAX, M_MEAN | M_SD | M_MIN | M_MAX, M_A | M_B, M_MIN | M_MODE | M_MAX};
static const char *const members_text[NEG_UNC_COUNT] = {
  "min, max", "mean, sd, min, max", "a, b and optionally min, max", "min, mode, max"};

/* The bit of a member name, 0 for dist and key. */
static unsigned member_bit(const char *name)
{
  static const char *const names[] = {"min", "max", "mean", "sd", "a", "b", "mode"};
  for (unsigned k = 0; k < sizeof names / sizeof names[0]; k++)
    if (!strcmp(name, names[k])) return 1u << k;
  return 0;
}

/* Reads the members of distribution group g into u, recording them in *given. */
static int read_members(const neg_loader *ld, const config_setting_t *g, const char *key,
                        int in_list, neg_uncertain *u, unsigned *given, int *has_dist)
{
  char k[256];
  int i, rc = NEG_OK;
  for (i = 0; rc == NEG_OK && i < config_setting_length(g); i++) {
    const config_setting_t *c = config_setting_get_elem(g, (unsigned)i);
    const char *name = config_setting_name(c);
    const neg_param *row = neg_param_find(NEG_SCOPE_DIST, name);
    neg_join(k, sizeof k, key, '.', name);
    if (!row) rc = neg_unknown(ld, c, k, NEG_SCOPE_DIST, NULL);
    else if (!strcmp(name, "key") && !in_list)
      rc = neg_fail(ld, c, k, "key belongs to items of the top-level list uncertain");
    else if (!strcmp(name, "key"))
      continue;   /* read by the list */
    else if ((rc = neg_read_param(ld, row, c, k, u)) == NEG_OK) {
      *given |= member_bit(name);
      *has_dist |= !strcmp(name, "dist");
    }
  }
  return rc;
}

/* Checks that x, member `name` of distribution g, lies in the range of the
 * setting (row) it is a distribution of. */
static int in_range(const neg_loader *ld, const neg_param *row, const config_setting_t *g,
                    const char *key, const char *path, const char *name, double x)
{
  const config_setting_t *c = config_setting_get_member(g, name);
  char k[256], range[96], text[32];
  int low_ok = (row->flags & NEG_PF_OPEN_MIN) ? x > row->min : x >= row->min;
  if (low_ok && x <= row->max) return NEG_OK;
  neg_param_range(row, range, sizeof range);
  neg_format_double(text, sizeof text, x, 0);
  if (!c)
    return neg_fail(ld, g, key, "the beta's support defaults to [0, 1], outside the range %s "
                    "of %s: give min and max", range, path);
  neg_join(k, sizeof k, key, '.', name);
  return neg_fail(ld, c, k, "%s is out of range %s of %s", text, range, path);
}

/* Checks the members given against the distribution and the support
 * against the setting's range. */
static int check_dist(const neg_loader *ld, const neg_param *row, const config_setting_t *g,
                      const char *key, const char *path, neg_uncertain *u, unsigned given)
{
  char k[256], range[96], a[32], b[32];
  const char *kind = neg_uncertain_kind_name(u->kind);
  unsigned extra = given & ~allowed[u->kind], missing = required[u->kind] & ~given;
  int i, rc;
  for (i = 0; extra && i < config_setting_length(g); i++) {
    const config_setting_t *c = config_setting_get_elem(g, (unsigned)i);
    if (!(member_bit(config_setting_name(c)) & extra)) continue;
    neg_join(k, sizeof k, key, '.', config_setting_name(c));
    return neg_fail(ld, c, k, "not a parameter of a %s distribution (it takes %s)", kind,
                    members_text[u->kind]);
  }
  neg_param_range(row, range, sizeof range);
  if (u->kind == NEG_UNC_NORMAL && (missing & (M_MIN | M_MAX)) && !(missing & ~(M_MIN | M_MAX)))
    return neg_fail(ld, g, key, "a normal distribution on a setting of range %s needs "
                    "truncation bounds min and max within that range", range);
  if (missing)
    return neg_fail(ld, g, key, "a %s distribution needs %s", kind, members_text[u->kind]);
  if (u->kind == NEG_UNC_BETA) {
    if (!(given & M_MIN)) u->min = 0.0;
    if (!(given & M_MAX)) u->max = 1.0;
    if (!neg_uncertain_beta_ok(u))
      return neg_fail(ld, g, key, "a beta distribution with a = %s and b = %s cannot be "
                      "computed in double precision (its normalising constant overflows): give "
                      "a and b of at least 1e-300", neg_format_double(a, sizeof a, u->a, 0),
                      neg_format_double(b, sizeof b, u->b, 0));
  }
  if (!(u->max > u->min)) {
    neg_join(k, sizeof k, key, '.', (given & M_MAX) ? "max" : "min");
    return neg_fail(ld, config_setting_get_member(g, (given & M_MAX) ? "max" : "min"), k,
                    "max (%s) must be greater than min (%s)",
                    neg_format_double(a, sizeof a, u->max, 0),
                    neg_format_double(b, sizeof b, u->min, 0));
  }
  if ((rc = in_range(ld, row, g, key, path, "min", u->min)) ||
      (rc = in_range(ld, row, g, key, path, "max", u->max)))
    return rc;
  if (u->kind == NEG_UNC_TRIANGULAR && !(u->mode >= u->min && u->mode <= u->max)) {
    neg_join(k, sizeof k, key, '.', "mode");
    return neg_fail(ld, config_setting_get_member(g, "mode"), k, "%s is not within [min, max]",
                    neg_format_double(a, sizeof a, u->mode, 0));
  }
  if (u->kind == NEG_UNC_NORMAL && !(neg_uncertain_mass(u) >= NEG_MASS_MIN))
    return neg_fail(ld, g, key, "[min, max] holds a probability of %.3g of the normal (mean, "
                    "sd) before truncation, less than %g: move the bounds or the mean",
                    neg_uncertain_mass(u), NEG_MASS_MIN);
  return NEG_OK;
}

int neg_read_uncertain(const neg_loader *ld, const neg_param *row, const config_setting_t *g,
                       const char *key, const char *path, void *field, int in_list)
{
  neg_uncertain u;
  unsigned given = 0;
  int has_dist = 0, rc;
  const char *at = field, *lo = (const char *)ld->s;
  if (row->type != NEG_PT_DOUBLE || row->scope == NEG_SCOPE_CONDITION
      || row->scope == NEG_SCOPE_RULE || row->scope == NEG_SCOPE_SCHED
      || at < lo || at + sizeof(double) > lo + sizeof *ld->s)
    return neg_fail(ld, g, key, "a distribution can replace only a float setting of the "
                    "scenario, a party, an issue or a side deal, not one of a condition, "
                    "a rule or the schedule");
  memset(&u, 0, sizeof u);
  if ((rc = read_members(ld, g, key, in_list, &u, &given, &has_dist))) return rc;
  if (!has_dist)
    return neg_fail(ld, g, key, "missing required setting dist (one of: uniform, normal, beta, "
                    "triangular)");
  if ((rc = check_dist(ld, row, g, key, path, &u, given))) return rc;
  if (strlen(path) >= sizeof u.key)
    return neg_fail(ld, g, key, "path longer than %d characters", (int)sizeof u.key - 1);
  memcpy(u.key, path, strlen(path));
  u.offset = (size_t)(at - lo);
  if (neg_uncertain_add(ld->s, &u))
    return neg_fail(ld, g, key, "more than %d uncertain parameters", NEG_MAX_UNCERTAIN);
  return NEG_OK;
}

/* 1 when one of the --set overrides of the load sets path. */
static int set_by_override(const neg_loader *ld, const char *path)
{
  size_t n = strlen(path);
  for (size_t k = 0; k < ld->nsets; k++) {
    const char *s = ld->sets[k] + strspn(ld->sets[k], " \t");
    if (!strncmp(s, path, n) && s[n + strspn(s + n, " \t")] == '=') return 1;
  }
  return 0;
}

/* Checks that the backers' aid shares cannot sum to more than 1 when the
 * uncertain ones take the upper ends of their distributions. */
static int check_aid(const neg_loader *ld)
{
  char key[256], text[32];
  double sum = 0;
  int any = 0;
  for (int i = 0; i < ld->s->n_parties; i++) {
    const neg_party *p = &ld->s->parties[i];
    int k = neg_uncertain_find(ld->s, &p->aid_share);
    if (p->role != NEG_ROLE_BACKER) continue;
    any |= k >= 0;
    sum += k >= 0 ? ld->s->uncertain[k].max : p->aid_share;
    if (!any || sum <= 1 + NEG_AID_SLACK) continue;
    snprintf(key, sizeof key, "parties.%s.aid_share", p->id);
    return neg_fail(ld, NULL, key, "the backers' aid shares can sum to %s (uncertain ones at "
                    "the upper ends of their distributions), more than 1",
                    neg_format_double(text, sizeof text, sum, 0));
  }
  return NEG_OK;
}

int neg_load_uncertain(const neg_loader *ld, const config_setting_t *root)
{
  const config_setting_t *list = config_setting_get_member(root, "uncertain");
  char k[256], kk[300];
  int i, rc = NEG_OK;
  if (list && (rc = neg_expect(ld, list, "uncertain", CONFIG_TYPE_LIST,
                               "a list of groups ( { key = ...; dist = ...; }, ... )")))
    return rc;
  for (i = 0; list && rc == NEG_OK && i < config_setting_length(list); i++) {
    const config_setting_t *g = config_setting_get_elem(list, (unsigned)i), *c;
    const neg_param *row;
    const char *path;
    void *field;
    neg_item_key(k, sizeof k, "uncertain", i);
    if ((rc = neg_expect(ld, g, k, CONFIG_TYPE_GROUP, "a group { key = ...; dist = ...; }")))
      return rc;
    if (!(c = config_setting_get_member(g, "key")))
      return neg_fail(ld, g, k, "missing required setting key (the path of a float setting)");
    snprintf(kk, sizeof kk, "%s.key", k);
    if ((rc = neg_expect(ld, c, kk, CONFIG_TYPE_STRING, "a string")) != NEG_OK) return rc;
    path = config_setting_get_string(c);
    if (set_by_override(ld, path)) continue;   /* --set wins */
    row = neg_param_lookup(ld->s, path, &field);
    if (row && row->type != NEG_PT_DOUBLE)
      return neg_fail(ld, c, kk, "'%.200s' is not a float setting: only float settings can "
                      "be uncertain", path);
    if (!row)
      return neg_fail(ld, c, kk, "'%.200s' is not a float setting of this scenario (a path "
                      "such as parties.<id>.compliance)", path);
    rc = neg_read_uncertain(ld, row, g, k, path, field, 1);
  }
  return rc ? rc : check_aid(ld);
}

int neg_read_setting(const neg_loader *ld, const neg_param *row, const config_setting_t *c,
                     const char *key, void *base)
{
  if (row->type == NEG_PT_DOUBLE && !(row->flags & NEG_PF_MAP)
      && config_setting_type(c) == CONFIG_TYPE_GROUP)   /* a distribution */
    return neg_read_uncertain(ld, row, c, key, key, (char *)base + row->offset, 0);
  return neg_read_param(ld, row, c, key, base);
}
