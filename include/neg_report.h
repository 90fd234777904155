/* neg_report.h: what a verb prints on standard output with --format csv or
 * json: the CSV tables it writes into its folder, captured in memory and
 * printed as CSV, or as one JSON object (jansson) of arrays of rows.
 *
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 */
#ifndef NEG_REPORT_H
#define NEG_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "neg_scenario.h"

typedef enum { NEG_FORMAT_TABLE, NEG_FORMAT_CSV, NEG_FORMAT_JSON } neg_format;

#define NEG_REPORT_MAX 4   /* tables a verb prints */

/* Tables captured in memory, each named (the JSON member). */
typedef struct {
  size_t n;
  const char *name[NEG_REPORT_MAX];
  char *text[NEG_REPORT_MAX];
  size_t len[NEG_REPORT_MAX];
  FILE *f[NEG_REPORT_MAX];
} neg_report;

/* Parses "table", "csv" or "json"; 0, or -1 for anything else. */
int neg_format_parse(const char *text, neg_format *fmt);

/* Starts a table named name; returns the stream to write its CSV text to,
 * or NULL (no memory). */
FILE *neg_report_add(neg_report *r, const char *name);

/* Prints the tables on out and frees them: CSV prints the first table as
 * it was written; JSON one object, {"name": [row, ...], ...}, each row an
 * object of its columns (numbers as numbers, NA as null). NEG_OK, or
 * NEG_ESYS when a table could not be captured or out fails. */
int neg_report_print(neg_report *r, FILE *out, neg_format fmt);

/* Frees the tables without printing them. */
void neg_report_free(neg_report *r);

/* Prints scenario s, resolved, as CSV rows "key,value" (every setting by
 * its --set path) or as one JSON object mirroring the libconfig groups and
 * lists. NEG_OK or NEG_ESYS. */
int neg_report_scenario(FILE *out, neg_format fmt, const neg_scenario *s);

#endif
