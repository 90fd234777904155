/* scenario_write.c: writes a resolved scenario back as libconfig text
 * (every setting, defaults included), and the markdown table of the
 * parameters for docs/schema.md. Both walk the parameter table.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "scenario_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "neg_uncertain.h"

#define NEG_INDENT "  "

/* Writes s as a double-quoted libconfig string. */
static void neg_write_string(FILE *f, const char *s)
{
  fputc('"', f);
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') fprintf(f, "\\%c", c);
    else if (c == '\n') fputs("\\n", f);
    else if (c == '\t') fputs("\\t", f);
    else if (c < 0x20 || c == 0x7f) fprintf(f, "\\x%02x", c);
    else fputc(c, f);
  }
  fputc('"', f);
}

/* Reads the int at row's offset in base. */
static int neg_int_at(const neg_param *row, const void *base)
{
  int v;
  memcpy(&v, (const char *)base + row->offset, sizeof v);
  return v;
}

/* Names value v of an enum row ("?" when out of range: never after loading). */
static const char *neg_enum_name(const neg_param *row, int v)
{
  int i;
  for (i = 0; row->names[i]; i++)
    if (i == v) return row->names[i];
  return "?";
}

/* Writes "name = value;" for one scalar row of the struct at base. */
static void neg_write_row(FILE *f, const neg_param *row, const void *base, const char *name)
{
  const char *at = (const char *)base + row->offset;
  char text[32];
  double d;
  uint64_t u;
  fprintf(f, "%s = ", name);
  switch (row->type) {
  case NEG_PT_INT: fprintf(f, "%d", neg_int_at(row, base)); break;
  case NEG_PT_UINT64:
    memcpy(&u, at, sizeof u);
    fprintf(f, "%llu%s", (unsigned long long)u, u > INT32_MAX ? "L" : "");
    break;
  case NEG_PT_DOUBLE:
    memcpy(&d, at, sizeof d);
    fputs(neg_format_double(text, sizeof text, d, 1), f);
    break;
  case NEG_PT_BOOL: fputs(neg_int_at(row, base) ? "true" : "false", f); break;
  case NEG_PT_ENUM: neg_write_string(f, neg_enum_name(row, neg_int_at(row, base))); break;
  default: neg_write_string(f, at); break;
  }
  fputc(';', f);
}

/* Writes one scalar row of the struct at base (inside s): the distribution
 * group when the setting is uncertain, else its value. */
static void neg_write_value(FILE *f, const neg_scenario *s, const neg_param *row,
                            const void *base, const char *name)
{
  int k = row->type == NEG_PT_DOUBLE
          ? neg_uncertain_find(s, (const char *)base + row->offset) : -1;
  if (k >= 0) neg_write_uncertain(f, &s->uncertain[k], name, 1);
  else neg_write_row(f, row, base, name);
}

/* Writes an array of days (rounds.days, pause.terms) as "days = [ 5, 12 ];". */
static void neg_write_days(FILE *f, const neg_scenario *s, const neg_param *row,
                           const char *name)
{
  const int terms = row->offset == offsetof(neg_scenario, terms);
  const int *v = terms ? s->terms : s->round_days, n = terms ? s->n_terms : s->n_round_days;
  fprintf(f, "%s = [", name);
  for (int j = 0; j < n; j++) fprintf(f, "%s%d", j ? ", " : " ", v[j]);
  fputs(" ];", f);
}

/* 1 when a general-model row of the struct at base holds its default (it
 * is then left out, so files of the March 2025 model are written as before). */
static int neg_general_default(const neg_scenario *s, const neg_param *row, const void *base)
{
  double d;
  if (!(row->flags & NEG_PF_GENERAL)) return 0;
  if (row->flags & NEG_PF_ARRAY) return s->n_terms == 0;
  if (row->type == NEG_PT_DOUBLE) {
    memcpy(&d, (const char *)base + row->offset, sizeof d);
    return d == row->def;
  }
  return neg_int_at(row, base) == (int)row->def;
}

/* Writes a string array (sweep.vary, run.overrides) as "name = [ "k=v" ];". */
static void neg_write_pairs(FILE *f, const neg_scenario *s, const neg_param *row,
                            const char *name)
{
  const char(*items)[NEG_VARY_MAX] = (const void *)((const char *)s + row->offset);
  int j, n = row->offset == offsetof(neg_scenario, vary) ? s->n_vary : s->n_overrides;
  fprintf(f, "%s = [", name);
  for (j = 0; j < n; j++) {
    fputs(j ? ", " : " ", f);
    neg_write_string(f, items[j]);
  }
  fputs(" ];", f);
}

/* Writes the top-level settings and groups, in table order. */
static void neg_write_groups(FILE *f, const neg_scenario *s)
{
  size_t i, n, glen = 0;
  const neg_param *t = neg_param_table(&n);
  const char *group = NULL;   /* the group open, if any: its first glen characters */
  for (i = 0; i < n; i++) {
    const char *path = t[i].path, *dot = strchr(path, '.');
    if (t[i].scope != NEG_SCOPE_SCENARIO || (t[i].flags & NEG_PF_IGNORED)
        || neg_general_default(s, &t[i], s))
      continue;
    if (group && (!dot || (size_t)(dot - path) != glen || strncmp(group, path, glen))) {
      fputs("};\n", f);
      group = NULL;
    }
    if (!dot) {   /* a top-level string: the name */
      if (s->name[0]) neg_write_row(f, &t[i], s, path), fputc('\n', f);
      continue;
    }
    if (!group) {
      group = path;
      glen = (size_t)(dot - path);
      fprintf(f, "%.*s = {\n", (int)glen, group);
    }
    fputs(NEG_INDENT, f);
    if ((t[i].flags & NEG_PF_ARRAY) && t[i].type == NEG_PT_STRING)
      neg_write_pairs(f, s, &t[i], dot + 1);
    else if (t[i].flags & NEG_PF_ARRAY)
      neg_write_days(f, s, &t[i], dot + 1);
    else
      neg_write_value(f, s, &t[i], s, dot + 1);
    fputc('\n', f);
  }
  if (group) fputs("};\n", f);
}

/* 1 when row is not written for the condition or rule at base: the bound
 * it does not have, `issue` where `lever` names a lever of the March 2025
 * model (and `lever` otherwise), a reference to nothing, a general-model
 * member at its default. */
static int neg_skip_member(const neg_scenario *s, neg_scope scope, const neg_param *row,
                           const void *base)
{
  const char *p = row->path;
  if (scope == NEG_SCOPE_CONDITION) {
    const neg_condition *c = base;
    if (!strncmp(p, "at_", 3)) return c->at_least != (p[3] == 'l');
    if (!strcmp(p, "lever")) return c->lever >= NEG_LEVER_COUNT;
    if (!strcmp(p, "issue")) return c->lever < NEG_LEVER_COUNT;
  } else if (scope == NEG_SCOPE_RULE) {
    const neg_rule *r = base;
    if (!strncmp(p, "at_", 3)) return r->on != NEG_EVENT_THRESHOLD || r->watch_least != (p[3] == 'l');
  }
  if (row->flags & (NEG_PF_ISSUEREF | NEG_PF_DEALREF)) {
    int x = neg_int_at(row, base);
    return x < 0 || x >= ((row->flags & NEG_PF_ISSUEREF) ? s->n_issues : s->n_deals);
  }
  return neg_general_default(s, row, base);
}

/* Writes the rows of a condition or rule on one line, as a list item. */
static void neg_write_item(FILE *f, const neg_scenario *s, neg_scope scope, const void *base,
                           int last)
{
  size_t i, n;
  const neg_param *t = neg_param_table(&n);
  fputs(NEG_INDENT NEG_INDENT NEG_INDENT "{", f);
  for (i = 0; i < n; i++) {
    if (t[i].scope != scope) continue;
    if (neg_skip_member(s, scope, &t[i], base)) continue;
    if (t[i].flags & (NEG_PF_ISSUEREF | NEG_PF_DEALREF)) {
      int x = neg_int_at(&t[i], base);
      fprintf(f, " %s = ", t[i].path);
      neg_write_string(f, (t[i].flags & NEG_PF_ISSUEREF) ? s->issues[x].id : s->deals[x].id);
      fputc(';', f);
      continue;
    }
    if (t[i].flags & NEG_PF_PARTYREF) {
      int who = neg_int_at(&t[i], base);
      if (who < 0 || who >= s->n_parties) continue;
      fprintf(f, " %s = ", t[i].path);
      neg_write_string(f, s->parties[who].id);
      fputc(';', f);
      continue;
    }
    fputc(' ', f);
    neg_write_row(f, &t[i], base, t[i].path);
  }
  fputs(last ? " }\n" : " },\n", f);
}

/* Writes "name = ( items );" of a list of conditions or rules. */
static void neg_write_list(FILE *f, const neg_scenario *s, const char *name, neg_scope scope,
                           const void *items, size_t size, int n)
{
  fprintf(f, NEG_INDENT NEG_INDENT "%s = (%s", name, n ? "\n" : " ");
  for (int j = 0; j < n; j++)
    neg_write_item(f, s, scope, (const char *)items + (size_t)j * size, j == n - 1);
  fputs(n ? NEG_INDENT NEG_INDENT ");\n" : ");\n", f);
}

/* Writes a backer's pressure group, one member per belligerent. */
static void neg_write_pressure(FILE *f, const neg_scenario *s, const neg_party *p)
{
  char text[32];
  int k;
  fputs(NEG_INDENT NEG_INDENT "pressure = {", f);
  for (k = 0; k < s->n_parties; k++) {
    int u = neg_uncertain_find(s, &p->pressure[k]);
    if (s->parties[k].role != NEG_ROLE_BELLIGERENT) continue;
    fputc(' ', f);
    if (u >= 0) neg_write_uncertain(f, &s->uncertain[u], s->parties[k].id, 0);
    else fprintf(f, "%s = %s;", s->parties[k].id,
                 neg_format_double(text, sizeof text, p->pressure[k], 1));
  }
  fputs(" };\n", f);
}

/* Writes one party with the settings of its role. */
static void neg_write_party(FILE *f, const neg_scenario *s, const neg_party *p)
{
  size_t i, n;
  const neg_param *t = neg_param_table(&n);
  int bel = p->role == NEG_ROLE_BELLIGERENT;
  fprintf(f, NEG_INDENT "%s = {\n", p->id);
  for (i = 0; i < n; i++) {
    if (t[i].scope != NEG_SCOPE_PARTY || !(t[i].roles & (1u << p->role))
        || neg_general_default(s, &t[i], p))
      continue;
    if (t[i].flags & NEG_PF_MAP) {
      neg_write_pressure(f, s, p);
      continue;
    }
    fputs(NEG_INDENT NEG_INDENT, f);
    neg_write_value(f, s, &t[i], p, t[i].path);
    fputc('\n', f);
  }
  if (bel) {
    neg_write_list(f, s, "conditions", NEG_SCOPE_CONDITION, p->conditions,
                   sizeof p->conditions[0], p->n_conditions);
    if (!p->n_rules) {   /* a belligerent's policy only when it has one */
      fputs(NEG_INDENT "};\n", f);
      return;
    }
  }
  neg_write_list(f, s, "policy", NEG_SCOPE_RULE, p->rules, sizeof p->rules[0], p->n_rules);
  fputs(NEG_INDENT "};\n", f);
}

/* Writes a group of issue id = value. */
static void neg_write_effects(FILE *f, const neg_scenario *s, const char *name,
                              const neg_effect *e, int n)
{
  char text[32];
  fprintf(f, "%s = {", name);
  for (int k = 0; k < n; k++)
    fprintf(f, " %s = %s;", s->issues[e[k].issue].id,
            neg_format_double(text, sizeof text, e[k].value, 1));
  fputs(" };", f);
}

/* Writes the members of a deal or schedule item (rows of scope) at base. */
static void neg_write_members(FILE *f, const neg_scenario *s, neg_scope scope, const void *base,
                              const char *indent)
{
  size_t i, n;
  const neg_param *t = neg_param_table(&n);
  const neg_deal *dl = base;
  const neg_sched *it = base;
  char text[32];
  for (i = 0; i < n; i++) {
    if (t[i].scope != scope || (t[i].flags & NEG_PF_IGNORED)) continue;
    if (t[i].flags & NEG_PF_MAP) {
      fprintf(f, "%sbonus = {", indent);
      for (int k = 0; k < s->n_parties; k++) {
        int u = neg_uncertain_find(s, &dl->bonus[k]);
        if (s->parties[k].role != NEG_ROLE_BELLIGERENT) continue;
        fputc(' ', f);
        if (u >= 0) neg_write_uncertain(f, &s->uncertain[u], s->parties[k].id, 0);
        else fprintf(f, "%s = %s;", s->parties[k].id,
                     neg_format_double(text, sizeof text, dl->bonus[k], 1));
      }
      fputs(" };\n", f);
    } else if (t[i].flags & NEG_PF_CONDS) {
      neg_write_list(f, s, "conditions", NEG_SCOPE_CONDITION, dl->conditions,
                     sizeof dl->conditions[0], dl->n_conditions);
    } else if (t[i].flags & NEG_PF_EFFECTS) {
      fputs(indent, f);
      if (scope == NEG_SCOPE_DEAL) neg_write_effects(f, s, "sets", dl->effects, dl->n_effects);
      else neg_write_effects(f, s, "sets", it->effects, it->n_effects);
      fputc('\n', f);
    } else if (t[i].flags & NEG_PF_PARTYREF) {
      if (it->party < 0) continue;
      fprintf(f, "%sparty = ", indent);
      neg_write_string(f, s->parties[it->party].id);
      fputs(";\n", f);
    } else {
      /* a deal has one of day and daily_probability (the loader rejects
       * both): day when it is set, else the daily probability */
      if (scope == NEG_SCOPE_DEAL
          && !strcmp(t[i].path, dl->day > 0 ? "daily_probability" : "day"))
        continue;
      fputs(indent, f);
      neg_write_value(f, s, &t[i], base, t[i].path);
      fputc('\n', f);
    }
  }
}

/* Writes the declared issues (not the built-in ones or the deals'). */
static void neg_write_issues(FILE *f, const neg_scenario *s)
{
  static const char *const derive[] = { "none", "max", "min" };
  char text[32];
  int any = 0;
  for (int k = NEG_ISSUE_BUILTIN; k < s->n_issues; k++) {
    const neg_issue *is = &s->issues[k];
    if (is->derive == NEG_DERIVE_DEAL) continue;
    if (!any++) fputs("issues = {\n", f);
    int u = neg_uncertain_find(s, &is->initial);
    fprintf(f, NEG_INDENT "%s = { ", is->id);
    if (u >= 0) neg_write_uncertain(f, &s->uncertain[u], "initial", 0);
    else fprintf(f, "initial = %s;", neg_format_double(text, sizeof text, is->initial, 1));
    fprintf(f, " derive = \"%s\";", derive[is->derive]);
    if (is->derive == NEG_DERIVE_MAX || is->derive == NEG_DERIVE_MIN) {
      fputs(" of = [", f);
      for (int j = 0; j < is->n_of; j++) fprintf(f, "%s\"%s\"", j ? ", " : " ", s->issues[is->of[j]].id);
      fputs(" ];", f);
    }
    fputs(" };\n", f);
  }
  if (any) fputs("};\n", f);
}

/* Writes the declared side deals and the schedule. */
static void neg_write_deals(FILE *f, const neg_scenario *s)
{
  if (s->n_deals > 1) fputs("deals = {\n", f);
  for (int k = 1; k < s->n_deals; k++) {
    fprintf(f, NEG_INDENT "%s = {\n", s->deals[k].id);
    neg_write_members(f, s, NEG_SCOPE_DEAL, &s->deals[k], NEG_INDENT NEG_INDENT);
    fputs(NEG_INDENT "};\n", f);
  }
  if (s->n_deals > 1) fputs("};\n", f);
  if (!s->n_schedule) return;
  fputs("schedule = (\n", f);
  for (int k = 0; k < s->n_schedule; k++) {
    fputs(NEG_INDENT "{\n", f);
    neg_write_members(f, s, NEG_SCOPE_SCHED, &s->schedule[k], NEG_INDENT NEG_INDENT);
    fputs(k == s->n_schedule - 1 ? NEG_INDENT "}\n" : NEG_INDENT "},\n", f);
  }
  fputs(");\n", f);
}

/* Writes the whole resolved scenario as libconfig text. */
int neg_scenario_write(FILE *f, const neg_scenario *s)
{
  int i;
  fputs("# negsim scenario, resolved: every setting, defaults included\n", f);
  neg_write_groups(f, s);
  fputs("parties = {\n", f);
  for (i = 0; i < s->n_parties; i++) neg_write_party(f, s, &s->parties[i]);
  fputs("};\n", f);
  neg_write_issues(f, s);
  neg_write_deals(f, s);
  return ferror(f) ? NEG_ESYS : NEG_OK;
}

void neg_write_uncertain(FILE *f, const neg_uncertain *u, const char *name, int comment)
{
  char t[4][32], m[32];
  neg_format_double(t[0], sizeof t[0], u->min, 1);
  neg_format_double(t[1], sizeof t[1], u->max, 1);
  fprintf(f, "%s = { dist = \"%s\"; ", name, neg_uncertain_kind_name(u->kind));
  switch (u->kind) {
  case NEG_UNC_UNIFORM: fprintf(f, "min = %s; max = %s;", t[0], t[1]); break;
  case NEG_UNC_NORMAL:
    fprintf(f, "mean = %s; sd = %s; min = %s; max = %s;",
            neg_format_double(t[2], sizeof t[2], u->mean, 1),
            neg_format_double(t[3], sizeof t[3], u->sd, 1), t[0], t[1]);
    break;
  case NEG_UNC_BETA:
    fprintf(f, "a = %s; b = %s;", neg_format_double(t[2], sizeof t[2], u->a, 1),
            neg_format_double(t[3], sizeof t[3], u->b, 1));
    if (u->min != 0.0 || u->max != 1.0 || signbit(u->min)) fprintf(f, " min = %s; max = %s;", t[0], t[1]);
    break;
  default:
    fprintf(f, "min = %s; mode = %s; max = %s;", t[0],
            neg_format_double(t[2], sizeof t[2], u->mode, 1), t[1]);
    break;
  }
  fputs(" };", f);
  if (comment) fprintf(f, "  # mean %s", neg_format_double(m, sizeof m, neg_uncertain_mean(u), 0));
}

