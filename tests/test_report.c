/* test_report.c: --format csv and json (sim/output/report.c). CSV on stdout is the
 * folder's file byte for byte; JSON (read back with jansson) holds the same
 * rows with numbers as numbers and NA as null; check and params print the
 * scenario and the parameter table; a bad --format is refused.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "testutil.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "neg_report.h"

#define SCENARIO "scenarios/energy_pause_2025.cfg"

/* Runs negsim; fails unless it exits with status. */
static neg_proc *negsim(int status, const char *const *argv)
{
  static neg_proc p;
  assert_int_equal(neg_run_negsim(&p, argv), 0);
  if (p.status != status) fprintf(stderr, "%s", p.err);
  assert_int_equal(p.status, status);
  return &p;
}

/* Reads dir/name. */
static char *slurp(const char *dir, const char *name)
{
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  char *text = neg_read_file(path, NULL);
  assert_non_null(text);
  return text;
}

/* Parses JSON text; fails unless it is an object. */
static json_t *parse(const char *text)
{
  json_error_t e;
  json_t *v = json_loads(text, 0, &e);
  if (!v) fprintf(stderr, "line %d: %s\n", e.line, e.text);
  assert_true(json_is_object(v));
  return v;
}

/* Checks that rows (JSON) hold the rows of csv: the same count and, in
 * each, every field: text as a string, numbers equal, NA as null. */
static void same_rows(json_t *rows, const char *csv)
{
  char *copy = strdup(csv), *save = NULL, *line, *head[64];
  int ncol = 0;
  size_t i = 0;
  assert_non_null(copy);
  line = strtok_r(copy, "\n", &save);
  for (char *c = strtok(line, ","); c && ncol < 64; c = strtok(NULL, ",")) head[ncol++] = c;
  while ((line = strtok_r(NULL, "\n", &save))) {
    json_t *row = json_array_get(rows, i++);
    char *f = line;
    assert_true(json_is_object(row));
    for (int k = 0; k < ncol; k++) {
      char *end = strchr(f, ',');
      json_t *v = json_object_get(row, head[k]);
      if (end) *end = '\0';
      if (!strcmp(f, "NA")) assert_true(json_is_null(v));
      else if (json_is_number(v)) assert_close(json_number_value(v), strtod(f, NULL), 0);
      else assert_string_equal(json_string_value(v), f);
      f = end ? end + 1 : f;
    }
  }
  assert_int_equal(json_array_size(rows), i);
  free(copy);
}

/* run: --format csv prints summary.csv, --format json its rows (even with
 * --quiet, which silences the rest); the folder is the same. */
static void test_run_formats(void **state)
{
  char *tmp = neg_tempdir(), out[2048];
  (void)state;
  snprintf(out, sizeof out, "%s/run", tmp);
  const char *csv[] = {"run", SCENARIO, "--runs", "3000", "--set", "parties.us.aid=cut",
                       "--format", "csv", "--quiet", "--out", out, NULL};
  neg_proc *p = negsim(0, csv);
  char *file = slurp(out, "summary.csv");
  assert_string_equal(p->out, file);
  assert_string_equal(p->err, "");
  const char *js[] = {"run", SCENARIO, "--runs", "3000", "--set", "parties.us.aid=cut",
                      "--format=json", "--out", out, NULL};
  p = negsim(0, js);
  assert_non_null(strstr(p->err, "wrote"));   /* notes stay on stderr */
  json_t *v = parse(p->out);
  assert_int_equal(json_object_size(v), 1);
  same_rows(json_object_get(v, "summary"), file);
  json_t *row = json_array_get(json_object_get(v, "summary"), 0);
  assert_true(json_is_integer(json_object_get(row, "seed")));
  assert_true(json_is_real(json_object_get(row, "probability")));
  assert_string_equal(json_string_value(json_object_get(row, "parties.us.aid")), "cut");
  json_decref(v);
  free(file);
  neg_rmtree(tmp);
  free(tmp);
}

/* sweep prints sweep_long.csv; compare compare.csv. */
static void test_sweep_compare_formats(void **state)
{
  char *tmp = neg_tempdir(), a[2048], b[2048];
  (void)state;
  snprintf(a, sizeof a, "%s/sweep", tmp);
  snprintf(b, sizeof b, "%s/compare", tmp);
  const char *sweep[] = {"sweep", SCENARIO, "--runs", "1000", "--vary",
                         "parties.us.pressure.russia=0:2:3", "--format", "csv", "--out", a, NULL};
  neg_proc *p = negsim(0, sweep);
  char *file = slurp(a, "sweep_long.csv");
  assert_string_equal(p->out, file);
  sweep[7] = "json";
  json_t *v = parse(negsim(0, sweep)->out);
  same_rows(json_object_get(v, "sweep_long"), file);
  json_decref(v);
  free(file);
  const char *cmp[] = {"compare", SCENARIO, "--vs", "parties.us.aid=cut", "--runs", "1000",
                       "--format", "json", "--out", b, NULL};
  v = parse(negsim(0, cmp)->out);
  file = slurp(b, "compare.csv");
  same_rows(json_object_get(v, "compare"), file);
  json_decref(v);
  free(file);
  neg_rmtree(tmp);
  free(tmp);
}

/* sensitivity prints both of its tables in JSON, the first in CSV. */
static void test_sensitivity_formats(void **state)
{
  char *tmp = neg_tempdir(), out[2048];
  (void)state;
  snprintf(out, sizeof out, "%s/sens", tmp);
  const char *sens[] = {"sensitivity", "scenarios/energy_pause_uncertain.cfg", "--samples", "4",
                        "--runs", "100", "--format", "json", "--out", out, NULL};
  json_t *v = parse(negsim(0, sens)->out);
  char *a = slurp(out, "sensitivity.csv"), *b = slurp(out, "uncertainty.csv");
  same_rows(json_object_get(v, "sensitivity"), a);
  same_rows(json_object_get(v, "uncertainty"), b);
  sens[7] = "csv";
  assert_string_equal(negsim(0, sens)->out, a);
  json_decref(v);
  free(a);
  free(b);
  neg_rmtree(tmp);
  free(tmp);
}

/* check: the resolved scenario as key,value rows and as nested JSON. */
static void test_check_formats(void **state)
{
  (void)state;
  const char *csv[] = {"check", SCENARIO, "--set", "pause.days=21", "--format", "csv", NULL};
  neg_proc *p = negsim(0, csv);
  assert_true(!strncmp(p->out, "key,value\nname,energy_pause_2025\n", 33));
  assert_non_null(strstr(p->out, "\npause.days,21\n"));
  assert_non_null(strstr(p->out, "\nparties.russia.conditions.[0].lever,aid\n"));
  csv[5] = "json";
  json_t *v = parse(negsim(0, csv)->out);
  assert_int_equal(json_integer_value(json_object_get(json_object_get(v, "pause"), "days")), 21);
  json_t *cond = json_array_get(json_object_get(json_object_get(json_object_get(v, "parties"),
                                                               "russia"), "conditions"), 0);
  assert_string_equal(json_string_value(json_object_get(cond, "lever")), "aid");
  json_decref(v);
}

/* params: one JSON row per row of the markdown table. */
static void test_params_formats(void **state)
{
  (void)state;
  const char *md[] = {"params", NULL}, *js[] = {"params", "--format", "json", NULL};
  int lines = 0;
  for (const char *c = negsim(0, md)->out; *c; c++) lines += *c == '\n';
  json_t *v = parse(negsim(0, js)->out);
  json_t *rows = json_object_get(v, "params");
  assert_int_equal(json_array_size(rows), lines - 2);
  assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "path")), "name");
  json_decref(v);
}

/* An unknown format is one line naming the option, exit 2, no output. */
static void test_bad_format(void **state)
{
  char *tmp = neg_tempdir(), out[2048];
  (void)state;
  snprintf(out, sizeof out, "%s/none", tmp);
  const char *bad[] = {"run", SCENARIO, "--format", "yaml", "--out", out, NULL};
  neg_proc *p = negsim(2, bad);
  assert_string_equal(p->out, "");
  assert_string_equal(p->err, "negsim: --format: expected table, csv or json, got 'yaml' "
                              "(see negsim --help)\n");
  assert_int_equal(neg_count_entries(out), -1);
  neg_rmtree(tmp);
  free(tmp);
}

/* The CSV reader: quoted fields (commas, doubled quotes, line breaks),
 * empty fields, NA, text columns that look like numbers, integers. */
static void test_report_reader(void **state)
{
  neg_report r = {0};
  char *buf = NULL;
  size_t len = 0;
  FILE *f, *mem;
  (void)state;
  f = neg_report_add(&r, "t");
  assert_non_null(f);
  fputs("scenario,x,y,label\n\"a,\"\"b\"\"\nc\",1,NA,\n123,-2,0.25,z\n", f);
  mem = open_memstream(&buf, &len);
  assert_int_equal(neg_report_print(&r, mem, NEG_FORMAT_JSON), NEG_OK);
  fclose(mem);
  json_t *v = parse(buf), *rows = json_object_get(v, "t");
  json_t *a = json_array_get(rows, 0), *b = json_array_get(rows, 1);
  assert_int_equal(json_array_size(rows), 2);
  assert_string_equal(json_string_value(json_object_get(a, "scenario")), "a,\"b\"\nc");
  assert_int_equal(json_integer_value(json_object_get(a, "x")), 1);
  assert_true(json_is_null(json_object_get(a, "y")));
  assert_string_equal(json_string_value(json_object_get(a, "label")), "");
  assert_string_equal(json_string_value(json_object_get(b, "scenario")), "123");
  assert_int_equal(json_integer_value(json_object_get(b, "x")), -2);
  assert_close(json_real_value(json_object_get(b, "y")), 0.25, 0);
  json_decref(v);
  free(buf);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_report_reader),
    cmocka_unit_test(test_run_formats),
    cmocka_unit_test(test_sweep_compare_formats),
    cmocka_unit_test(test_sensitivity_formats),
    cmocka_unit_test(test_check_formats),
    cmocka_unit_test(test_params_formats),
    cmocka_unit_test(test_bad_format),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
