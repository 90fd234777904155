/* report.c: --format csv and json, what a verb prints on standard output:
 * its CSV tables captured in memory, printed as they are or turned into
 * JSON by jansson; the resolved scenario of check as key,value rows or a
 * JSON object. Documented in README.md ("Pipes and JSON").
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "neg_report.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <libconfig.h>
#include <stdlib.h>
#include <string.h>

#include "neg_scenario.h"
#include "neg_output.h"
#include "output_impl.h"

#define NEG_REPORT_DIGITS 15   /* significant digits of a JSON real: every
                                * value of the CSV files (at most 10) kept */

/* Columns that hold text even when every value looks like a number. */
static const char *const text_columns[] = {"outcome", "scenario", "scenario_a", "scenario_b",
                                           "parameter", "distribution", "target", "path"};

int neg_format_parse(const char *text, neg_format *fmt)
{
  static const char *const names[] = {"table", "csv", "json"};
  for (int k = 0; k < 3; k++)
    if (!strcmp(text, names[k])) {
      *fmt = (neg_format)k;
      return 0;
    }
  return -1;
}

FILE *neg_report_add(neg_report *r, const char *name)
{
  size_t k = r->n;
  if (k == NEG_REPORT_MAX) return NULL;
  r->name[k] = name;
  r->text[k] = NULL;
  r->len[k] = 0;
  if (!(r->f[k] = open_memstream(&r->text[k], &r->len[k]))) return NULL;
  r->n++;
  return r->f[k];
}

/* Closes the streams still open; 0, or -1 when one failed. */
static int report_close(neg_report *r)
{
  int bad = 0;
  for (size_t k = 0; k < r->n; k++) {
    if (r->f[k] && (ferror(r->f[k]) | fclose(r->f[k]))) bad = 1;
    r->f[k] = NULL;
  }
  return bad ? -1 : 0;
}

void neg_report_free(neg_report *r)
{
  report_close(r);
  for (size_t k = 0; k < r->n; k++) free(r->text[k]);
  r->n = 0;
}

/* Reads the CSV field at *p (RFC 4180) as a JSON string; *last is set when
 * it ends its row. NULL when out of memory. */
static json_t *csv_field(const char **p, int *last)
{
  const char *c = *p, *e;
  json_t *v;
  if (*c != '"') {
    size_t n = strcspn(c, ",\n");
    v = json_stringn(c, n);
    c += n;
  } else {
    char *buf;
    size_t n = 0;
    for (e = c + 1; *e && !(*e == '"' && e[1] != '"'); e += *e == '"' ? 2 : 1) {}
    if (!(buf = malloc((size_t)(e - c)))) return NULL;
    for (const char *x = c + 1; x < e; x++) {
      buf[n++] = *x;
      if (*x == '"') x++;   /* "" is one quote */
    }
    v = json_stringn(buf, n);
    free(buf);
    c = *e ? e + 1 : e;
  }
  *last = *c != ',';
  *p = *c ? c + 1 : c;
  return v;
}

/* Splits CSV text into an array of rows, each an array of strings. */
static json_t *csv_rows(const char *text)
{
  json_t *rows = json_array(), *row = NULL;
  const char *p = text;
  int ok = rows != NULL;
  while (ok && *p) {
    int last = 0;
    json_t *v = csv_field(&p, &last);
    if (!row) row = json_array();
    ok = v && !json_array_append_new(row, v);   /* v is freed on failure */
    if (ok && last) {
      ok = !json_array_append_new(rows, row);
      row = NULL;
    }
  }
  json_decref(row);
  if (ok) return rows;
  json_decref(rows);
  return NULL;
}

/* The JSON number of text: null for NA, an integer for whole numbers
 * (that fit), else a real; NULL when text is not a number. */
static json_t *csv_number(const char *text)
{
  char *end;
  if (!strcmp(text, "NA")) return json_null();
  if (!*text || strchr(" \t\n", *text)) return NULL;
  errno = 0;
  if (!strpbrk(text, ".eEinN")) {
    long long i = strtoll(text, &end, 10);
    if (!*end && !errno) return json_integer(i);
  }
  errno = 0;
  double x = strtod(text, &end);
  return *end || errno || x != x || x - x != 0 ? NULL : json_real(x);
}

/* 1 when column k of rows (after the header) holds numbers only. */
static int csv_numeric(json_t *rows, size_t k, const char *name)
{
  for (size_t t = 0; t < sizeof text_columns / sizeof *text_columns; t++)
    if (!strcmp(name, text_columns[t])) return 0;
  for (size_t i = 1; i < json_array_size(rows); i++) {
    json_t *v = csv_number(json_string_value(json_array_get(json_array_get(rows, i), k)));
    if (!v) return 0;
    json_decref(v);
  }
  return 1;
}

/* The rows of CSV text as an array of objects keyed by the header. */
static json_t *csv_objects(const char *text)
{
  json_t *rows = csv_rows(text), *out = json_array(), *head;
  size_t ncol;
  int numeric[256];
  if (!rows || !out || !json_array_size(rows)) goto fail;
  head = json_array_get(rows, 0);
  ncol = json_array_size(head);
  if (ncol > sizeof numeric / sizeof *numeric) goto fail;
  for (size_t k = 0; k < ncol; k++)
    numeric[k] = csv_numeric(rows, k, json_string_value(json_array_get(head, k)));
  for (size_t i = 1; i < json_array_size(rows); i++) {
    json_t *row = json_array_get(rows, i), *obj = json_object();
    if (!obj || json_array_append_new(out, obj)) goto fail;
    for (size_t k = 0; k < ncol && k < json_array_size(row); k++) {
      json_t *cell = json_array_get(row, k);
      json_t *v = numeric[k] ? csv_number(json_string_value(cell)) : json_incref(cell);
      if (json_object_set_new(obj, json_string_value(json_array_get(head, k)), v)) goto fail;
    }
  }
  json_decref(rows);
  return out;
fail:
  json_decref(rows);
  json_decref(out);
  return NULL;
}

/* Dumps v (stolen) on out with a final line end; NEG_OK or NEG_ESYS. */
static int report_dump(json_t *v, FILE *out)
{
  int rc = v && json_dumpf(v, out, JSON_INDENT(2) | JSON_REAL_PRECISION(NEG_REPORT_DIGITS)) == 0
           && fputc('\n', out) != EOF ? NEG_OK : NEG_ESYS;
  json_decref(v);
  return rc;
}

int neg_report_print(neg_report *r, FILE *out, neg_format fmt)
{
  json_t *all = NULL;
  int rc = report_close(r) || !r->n ? NEG_ESYS : NEG_OK;
  if (rc == NEG_OK && fmt == NEG_FORMAT_CSV) {
    if (fwrite(r->text[0], 1, r->len[0], out) != r->len[0]) rc = NEG_ESYS;
  } else if (rc == NEG_OK) {
    all = json_object();
    for (size_t k = 0; all && k < r->n; k++) {
      json_t *rows = csv_objects(r->text[k]);
      if (!rows || json_object_set_new(all, r->name[k], rows)) {
        json_decref(all);
        all = NULL;
      }
    }
    rc = report_dump(all, out);
  }
  neg_report_free(r);
  return rc;
}

/* The JSON value of setting c (groups as objects, lists as arrays). */
static json_t *setting_json(const config_setting_t *c)
{
  json_t *v;
  switch (config_setting_type(c)) {
  case CONFIG_TYPE_INT: return json_integer(config_setting_get_int(c));
  case CONFIG_TYPE_INT64: return json_integer(config_setting_get_int64(c));
  case CONFIG_TYPE_FLOAT: return json_real(config_setting_get_float(c));
  case CONFIG_TYPE_BOOL: return json_boolean(config_setting_get_bool(c));
  case CONFIG_TYPE_STRING: return json_string(config_setting_get_string(c));
  case CONFIG_TYPE_GROUP: v = json_object(); break;
  default: v = json_array(); break;
  }
  for (int i = 0; v && i < config_setting_length(c); i++) {
    const config_setting_t *e = config_setting_get_elem(c, (unsigned)i);
    json_t *x = setting_json(e);
    if (json_is_object(v) ? json_object_set_new(v, config_setting_name(e), x)
                          : json_array_append_new(v, x)) {
      json_decref(v);
      return NULL;
    }
  }
  return v;
}

/* Writes the rows "path,value" of setting c under path (its --set path). */
static void setting_csv(FILE *out, const config_setting_t *c, const char *path)
{
  char buf[64], sub[1024];
  int type = config_setting_type(c);
  if (type == CONFIG_TYPE_GROUP || type == CONFIG_TYPE_LIST || type == CONFIG_TYPE_ARRAY) {
    for (int i = 0; i < config_setting_length(c); i++) {
      const config_setting_t *e = config_setting_get_elem(c, (unsigned)i);
      if (type == CONFIG_TYPE_GROUP)
        snprintf(sub, sizeof sub, "%s%s%s", path, *path ? "." : "", config_setting_name(e));
      else
        snprintf(sub, sizeof sub, "%s.[%d]", path, i);
      setting_csv(out, e, sub);
    }
    return;
  }
  neg_output_field(out, path);
  fputc(',', out);
  if (type == CONFIG_TYPE_STRING) neg_output_field(out, config_setting_get_string(c));
  else if (type == CONFIG_TYPE_BOOL) fputs(config_setting_get_bool(c) ? "true" : "false", out);
  else if (type == CONFIG_TYPE_FLOAT)
    fputs(neg_format_double(buf, sizeof buf, config_setting_get_float(c), 1), out);
  else fprintf(out, "%lld", config_setting_get_int64(c));
  fputc('\n', out);
}

int neg_report_scenario(FILE *out, neg_format fmt, const neg_scenario *s)
{
  char *text = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&text, &len);
  config_t cfg;
  int rc = NEG_ESYS;
  if (!mem) return NEG_ESYS;
  if (neg_scenario_write(mem, s) != NEG_OK || fclose(mem) != 0) {
    free(text);
    return NEG_ESYS;
  }
  config_init(&cfg);
  if (config_read_string(&cfg, text) == CONFIG_TRUE) {
    if (fmt == NEG_FORMAT_JSON) {
      rc = report_dump(setting_json(config_root_setting(&cfg)), out);
    } else {
      fputs("key,value\n", out);
      setting_csv(out, config_root_setting(&cfg), "");
      rc = neg_output_status(out);
    }
  }
  config_destroy(&cfg);
  free(text);
  return rc;
}
