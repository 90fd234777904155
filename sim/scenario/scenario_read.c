/* scenario_read.c: the loader's bottom layer: errors with file, line and
 * key, and reading one setting of the parsed tree by its row of the
 * parameter table (type, range, enum names, references to parties, issues
 * and deals). A float setting given as a distribution is read by
 * neg_read_setting (scenario_uncertain.c), one layer up.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "scenario_impl.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>


/* Fills err from a va_list (see neg_error_set). */
__attribute__((format(printf, 5, 0)))
static void neg_error_vset(neg_error *err, const char *file, int line, const char *key,
                           const char *fmt, va_list ap)
{
  snprintf(err->file, sizeof err->file, "%s", file ? file : "");
  err->line = line;
  snprintf(err->key, sizeof err->key, "%s", key ? key : "");
  vsnprintf(err->reason, sizeof err->reason, fmt, ap);
}

/* Fills err from a format; returns NEG_EINPUT. */
int neg_error_set(neg_error *err, const char *file, int line, const char *key,
                  const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  neg_error_vset(err, file, line, key, fmt, ap);
  va_end(ap);
  return NEG_EINPUT;
}

/* Writes text to f with its control characters escaped (\n, \t, \xNN), so
 * that an error quoting the input stays on one line. */
static void neg_error_put(FILE *f, const char *text)
{
  for (const char *c = text; *c; c++) {
    unsigned char u = (unsigned char)*c;
    if (u == '\n') fputs("\\n", f);
    else if (u == '\t') fputs("\\t", f);
    else if (u < 0x20 || u == 0x7f) fprintf(f, "\\x%02x", u);
    else fputc(u, f);
  }
}

/* Prints err as "file:line: key: reason", leaving out empty parts; always
 * exactly one line. */
void neg_error_print(FILE *f, const neg_error *err)
{
  const char *sep = "";
  if (err->file[0]) {
    neg_error_put(f, err->file);
    sep = ": ";
  }
  if (err->line > 0) {
    fprintf(f, ":%d", err->line);
    sep = ": ";
  }
  if (err->key[0]) {
    fputs(sep, f);
    neg_error_put(f, err->key);
    sep = ": ";
  }
  if (err->reason[0]) {
    fputs(sep, f);
    neg_error_put(f, err->reason);
  }
  fputc('\n', f);
}

/* Joins a and b with sep into buf, cutting what does not fit. */
void neg_join(char *buf, size_t n, const char *a, char sep, const char *b)
{
  size_t la = strlen(a), lb = strlen(b);
  if (la > n - 2) la = n - 2;
  memcpy(buf, a, la);
  buf[la++] = sep;
  if (lb > n - 1 - la) lb = n - 1 - la;
  memcpy(buf + la, b, lb);
  buf[la + lb] = '\0';
}

/* Writes the key of item i of a list. */
void neg_item_key(char *buf, size_t n, const char *key, int i)
{
  char item[16];
  snprintf(item, sizeof item, "[%d]", i);
  neg_join(buf, n, key, '.', item);
}

/* Writes the name to show for source file src (see scenario_impl.h). */
void neg_source_name(const neg_loader *ld, const char *src, char *buf, size_t n)
{
  if (!src)
    snprintf(buf, n, "--set");
  else if (!strcmp(src, ld->path) || src[0] == '/' || !strcmp(ld->dir, "."))
    snprintf(buf, n, "%s", src);
  else
    neg_join(buf, n, ld->dir, '/', src);
}

/* The file setting c was read from as libconfig names it: the scenario
 * file itself (parsed from its text, so libconfig has no name for it) when
 * c has a line but no file; NULL for a setting made by --set. */
static const char *neg_setting_file(const neg_loader *ld, const config_setting_t *c)
{
  const char *file = config_setting_source_file(c);
  return file ? file : config_setting_source_line(c) ? ld->path : NULL;
}

/* Fills the load error at setting c; returns NEG_EINPUT. */
int neg_fail(const neg_loader *ld, const config_setting_t *c, const char *key,
             const char *fmt, ...)
{
  char file[sizeof ld->err->file];
  va_list ap;
  neg_source_name(ld, c ? neg_setting_file(ld, c) : ld->path, file, sizeof file);
  va_start(ap, fmt);
  neg_error_vset(ld->err, file, c ? (int)config_setting_source_line(c) : 0, key, fmt, ap);
  va_end(ap);
  return NEG_EINPUT;
}

/* Names a setting's type for messages. */
const char *neg_type_name(const config_setting_t *c)
{
  switch (config_setting_type(c)) {
  case CONFIG_TYPE_INT:
  case CONFIG_TYPE_INT64: return "an integer";
  case CONFIG_TYPE_FLOAT: return "a float";
  case CONFIG_TYPE_STRING: return "a string";
  case CONFIG_TYPE_BOOL: return "a bool";
  case CONFIG_TYPE_ARRAY: return "an array";
  case CONFIG_TYPE_LIST: return "a list";
  case CONFIG_TYPE_GROUP: return "a group";
  default: return "nothing";
  }
}

/* Rejects c unless it is of type t (what names the expected type). */
int neg_expect(const neg_loader *ld, const config_setting_t *c, const char *key, int t,
               const char *what)
{
  if (config_setting_type(c) == t) return NEG_OK;
  return neg_fail(ld, c, key, "expected %s, got %s", what, neg_type_name(c));
}

/* Reports an unknown setting, with a hint when a known name is near. */
int neg_unknown(const neg_loader *ld, const config_setting_t *c, const char *key,
                neg_scope scope, const char *group)
{
  char hint[64];
  if (neg_param_suggest(scope, group, config_setting_name(c), hint, sizeof hint))
    return neg_fail(ld, c, key, "unknown setting; did you mean '%s'?", hint);
  return neg_fail(ld, c, key, "unknown setting");
}

/* Skips blanks, line ends and comments from p. */
static const char *neg_skip_blank(const char *p)
{
  for (;;) {
    p += strspn(p, " \t\r\n\f");
    if (*p == '#' || (p[0] == '/' && p[1] == '/'))
      p += strcspn(p, "\n");
    else if (p[0] == '/' && p[1] == '*')
      p = strstr(p + 2, "*/") ? strstr(p + 2, "*/") + 2 : p + strlen(p);
    else
      return p;
  }
}

/* When the setting name starts at p in text, returns where its value
 * starts (after "name =" or "name :", blanks, line ends and comments
 * skipped, so the value may be on a later line); otherwise NULL. */
static const char *neg_value_at(const char *text, const char *p, const char *name)
{
  size_t n = strlen(name);
  const char *q;
  if (strncmp(p, name, n) || (p > text && strchr(NEG_NAME_CHARS "*", p[-1]))) return NULL;
  q = neg_skip_blank(p + n);
  return *q == '=' || *q == ':' ? neg_skip_blank(q + 1) : NULL;
}

/* Points at element i of the array or list whose text starts at p, or
 * returns NULL. */
static const char *neg_element_at(const char *p, int i)
{
  if (*p != '[' && *p != '(') return NULL;
  for (p = neg_skip_blank(p + 1); i > 0; i--) {
    p = neg_skip_blank(p + strcspn(p, ",])/# \t\r\n\f"));
    if (*p != ',') return NULL;
    p = neg_skip_blank(p + 1);
  }
  return p;
}

/* Returns 1 when the text after p is an integer literal beyond 32 bits that
 * libconfig 1.5 wrapped into the value v. */
static int neg_wrapped(const char *p, int v)
{
  char *end;
  long long x;
  errno = 0;
  x = strtoll(p, &end, (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) ? 16 : 10);
  if (end == p || *end == 'L' || *end == '.' || *end == 'e' || *end == 'E') return 0;
  return (errno || x > INT_MAX || x < INT_MIN) && (int32_t)(uint32_t)x == v;
}

/* Returns 1 when the text after p is a 64-bit integer literal (with L)
 * beyond 64 bits, which libconfig 1.5 saturates without a word. */
static int neg_saturated(const char *p)
{
  char *end;
  int hex = (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'));
  errno = 0;
  if (hex) (void)strtoull(p, &end, 16);
  else (void)strtoll(p, &end, 10);
  return end != p && errno == ERANGE;
}

/* Reports the literal at v that does not fit (is64: in 64 bits, else in
 * 32). Returns 1. */
static int neg_literal_fail(const neg_loader *ld, const config_setting_t *c, const char *key,
                            const char *v, int is64)
{
  int n = (int)strspn(v, "-+0123456789xXabcdefABCDEF");
  if (is64)
    neg_fail(ld, c, key, "integer %.*s%s does not fit in 64 bits: the range is "
             "-9223372036854775808 to 9223372036854775807", n, v, v[n] == 'L' ? "L" : "");
  else
    neg_fail(ld, c, key, "integer %.*s does not fit in 32 bits: write it with an L suffix, "
             "e.g. %.*sL", n, v, n, v);
  return 1;
}

/* libconfig 1.5 silently wraps plain integer literals beyond 32 bits and
 * saturates 64-bit ones beyond 64 bits; this rereads the setting (or, for
 * an item of an array, the array) in the text of its file from its line on
 * and rejects the value if it came from one. */
static int neg_check_wrap(const neg_loader *ld, const config_setting_t *c, const char *key)
{
  const config_setting_t *named = config_setting_name(c) ? c : config_setting_parent(c);
  const char *name = named ? config_setting_name(named) : NULL, *p, *v;
  const char *text, *eol;
  char file[4096];
  int item = named == c ? -1 : config_setting_index(c), bad = 0;
  int is64 = config_setting_type(c) == CONFIG_TYPE_INT64;
  if (!name || !neg_setting_file(ld, named) || !config_setting_source_line(named))
    return NEG_OK;
  neg_source_name(ld, neg_setting_file(ld, named), file, sizeof file);
  if (!ld->line_of
      || !(text = ld->line_of(ld->line_ctx, file, config_setting_source_line(named))))
    return NEG_OK;
  eol = text + strcspn(text, "\n");   /* the name is on the setting's line */
  for (p = text; !bad && p < eol; p++) {
    if (!(v = neg_value_at(text, p, name)) || (item >= 0 && !(v = neg_element_at(v, item))))
      continue;
    if (is64 ? neg_saturated(v) : neg_wrapped(v, config_setting_get_int(c)))
      bad = neg_literal_fail(ld, c, key, v, is64);
  }
  return bad ? NEG_EINPUT : NEG_OK;
}

/* Reads an integer setting (int or 64-bit int) into *v. */
static int neg_get_integer(const neg_loader *ld, const config_setting_t *c, const char *key,
                           long long *v)
{
  int t = config_setting_type(c);
  if (t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64)
    return neg_fail(ld, c, key, "expected an integer, got %s", neg_type_name(c));
  *v = config_setting_get_int64(c);
  return neg_check_wrap(ld, c, key);
}

/* Reads an integer setting and checks it against the row's range. */
int neg_read_int(const neg_loader *ld, const neg_param *row, const config_setting_t *c,
                 const char *key, long long *v)
{
  char range[96];
  int rc = neg_get_integer(ld, c, key, v);
  if (rc) return rc;
  if ((double)*v >= row->min && (double)*v <= row->max
      && !((row->flags & NEG_PF_NONZERO) && *v == 0))
    return NEG_OK;
  neg_param_range(row, range, sizeof range);
  return neg_fail(ld, c, key, "%lld is out of range %s", *v, range);
}

/* Reads a finite number (an integer is accepted) within the row's range. */
int neg_read_double(const neg_loader *ld, const neg_param *row, const config_setting_t *c,
                    const char *key, double *v)
{
  char range[96], text[32];
  int rc = NEG_OK, t = config_setting_type(c), low_ok;
  if (t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64) {
    long long iv;
    rc = neg_get_integer(ld, c, key, &iv);
    *v = (double)iv;
  } else if (t == CONFIG_TYPE_FLOAT) {
    *v = config_setting_get_float(c);
  } else {
    return neg_fail(ld, c, key, "expected a number, got %s", neg_type_name(c));
  }
  if (rc) return rc;
  if (!isfinite(*v)) return neg_fail(ld, c, key, "not a finite number");
  low_ok = (row->flags & NEG_PF_OPEN_MIN) ? *v > row->min : *v >= row->min;
  if (low_ok && *v <= row->max) return NEG_OK;
  neg_param_range(row, range, sizeof range);
  return neg_fail(ld, c, key, "%s is out of range %s",
                  neg_format_double(text, sizeof text, *v, 0), range);
}

/* Reads a string naming a belligerent into its party index. */
static int neg_read_partyref(const neg_loader *ld, const config_setting_t *c,
                             const char *key, int *idx)
{
  const char *id;
  int rc = neg_expect(ld, c, key, CONFIG_TYPE_STRING, "a party id (a string)");
  if (rc) return rc;
  id = config_setting_get_string(c);
  if ((*idx = neg_scenario_party_index(ld->s, id)) < 0)
    return neg_fail(ld, c, key, "no party '%.64s'", id);
  if (ld->s->parties[*idx].role != NEG_ROLE_BELLIGERENT)
    return neg_fail(ld, c, key, "'%.64s' is not a belligerent", id);
  return NEG_OK;
}

/* Reads a string naming an issue (issue 1) or a side deal (0) into its index. */
static int neg_read_ref(const neg_loader *ld, const config_setting_t *c, const char *key,
                        int issue, int *idx)
{
  char names[NEG_MAX_ISSUES * NEG_ID_MAX];
  const char *id;
  int rc = neg_expect(ld, c, key, CONFIG_TYPE_STRING,
                      issue ? "an issue id (a string)" : "a side deal id (a string)");
  if (rc) return rc;
  id = config_setting_get_string(c);
  *idx = issue ? neg_scenario_issue_index(ld->s, id) : neg_scenario_deal_index(ld->s, id);
  if (*idx >= 0) return NEG_OK;
  names[0] = '\0';
  for (int i = 0; i < (issue ? ld->s->n_issues : ld->s->n_deals); i++)
    snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", i ? ", " : "",
             issue ? ld->s->issues[i].id : ld->s->deals[i].id);
  return neg_fail(ld, c, key, "unknown %s '%.64s', expected one of: %s (declare others in %s)",
                  issue ? "issue" : "side deal", id, names, issue ? "issues" : "deals");
}

/* Reads a string or enum setting; stores enums as int, the name as text. */
static int neg_read_text(const neg_loader *ld, const neg_param *row,
                         const config_setting_t *c, const char *key, char *dst)
{
  const char *v;
  int i, rc = neg_expect(ld, c, key, CONFIG_TYPE_STRING, "a string");
  if (rc || (row->flags & NEG_PF_IGNORED)) return rc;
  v = config_setting_get_string(c);
  if (row->type == NEG_PT_ENUM) {
    char names[160];
    if ((i = neg_param_enum(row, v)) >= 0) {
      memcpy(dst, &i, sizeof i);
      return NEG_OK;
    }
    neg_param_names(row, names, sizeof names, 0);
    if (!strcmp(row->path, "role"))   /* "mediator" is read as a backer */
      snprintf(names + strlen(names), sizeof names - strlen(names), ", mediator");
    return neg_fail(ld, c, key, "unknown value '%.64s', expected one of: %s", v, names);
  }
  if (strlen(v) < row->min || strlen(v) > row->max || strspn(v, NEG_NAME_CHARS) != strlen(v))
    return neg_fail(ld, c, key, "'%.80s' is not a valid name: use 1 to %d letters, digits, "
                    "'_', '.' or '-'", v, (int)row->max);
  if (strspn(v, ".") == strlen(v))   /* "." and ".." would name other folders */
    return neg_fail(ld, c, key, "'%.80s' is not a valid name: it must not be made of dots "
                    "only", v);
  memset(dst, 0, NEG_NAME_MAX);
  memcpy(dst, v, strlen(v));
  return NEG_OK;
}

/* Reads setting c into the row's field of the struct at base. */
int neg_read_param(const neg_loader *ld, const neg_param *row, const config_setting_t *c,
                   const char *key, void *base)
{
  char *dst = (char *)base + row->offset;
  long long iv = 0;
  uint64_t uv;
  double dv = 0;
  int rc, x = 0;
  if (row->flags & NEG_PF_PARTYREF) {
    rc = neg_read_partyref(ld, c, key, &x);
  } else if (row->flags & (NEG_PF_ISSUEREF | NEG_PF_DEALREF)) {
    rc = neg_read_ref(ld, c, key, (row->flags & NEG_PF_ISSUEREF) != 0, &x);
  } else if (row->type == NEG_PT_INT || row->type == NEG_PT_UINT64) {
    rc = neg_read_int(ld, row, c, key, &iv);
    x = (int)iv;
    uv = (uint64_t)iv;
    if (rc == NEG_OK && row->type == NEG_PT_UINT64) memcpy(dst, &uv, sizeof uv);
    if (row->type == NEG_PT_UINT64) return rc;
  } else if (row->type == NEG_PT_DOUBLE) {
    if ((rc = neg_read_double(ld, row, c, key, &dv)) == NEG_OK) memcpy(dst, &dv, sizeof dv);
    return rc;
  } else if (row->type == NEG_PT_BOOL) {
    rc = neg_expect(ld, c, key, CONFIG_TYPE_BOOL, "true or false");
    if (rc == NEG_OK) x = config_setting_get_bool(c);
  } else {
    return neg_read_text(ld, row, c, key, dst);
  }
  if (rc == NEG_OK) memcpy(dst, &x, sizeof x);   /* int, bool or party index */
  return rc;
}

/* Rejects a group g holding both members a and b (the later one named). */
int neg_only_one(const neg_loader *ld, const config_setting_t *g, const char *key,
                 const char *a, const char *b)
{
  const config_setting_t *ca = config_setting_get_member(g, a);
  const config_setting_t *cb = config_setting_get_member(g, b);
  char k[256];
  if (!ca || !cb) return NEG_OK;
  if (config_setting_index(ca) > config_setting_index(cb)) cb = ca;
  neg_join(k, sizeof k, key, '.', config_setting_name(cb));
  return neg_fail(ld, cb, k, "give only one of %s and %s", a, b);
}

