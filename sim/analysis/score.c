/* score.c: labels files, proper scores, base rates and bootstrap means.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "neg_score.h"

#include <errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NEG_CSV_MAX_FIELDS 64    /* columns of a labels file */
#define NEG_FIELD_MAX 4096       /* longest field kept, with its NUL */
#define NEG_HORIZON_MAX_DAYS 3650 /* pause.horizon_days's range */
#define NEG_FIRST_TERM_MAX_DAYS 45 /* the ETH/PRIO class of the first-term rates */

/* The base rates (docs/VALIDATION.md, "Baselines"; docs/SOURCES.md): the
 * known endings of 21-45-day ceasefires (ETH/PRIO: expired 44%, replaced
 * or extended 50%, broken 5%, rescaled by 99), comprehensive ceasefires
 * within 30 and 365 days after any ceasefire (16%, 54%). */
#define NEG_BR_LAPSED (44.0 / 99.0)
#define NEG_BR_RENEWED (50.0 / 99.0)
#define NEG_BR_BROKEN (5.0 / 99.0)
#define NEG_BR_CEASEFIRE_30 0.16
#define NEG_BR_CEASEFIRE_365 0.54

const char *neg_forecaster_name(neg_forecaster f)
{
  static const char *const names[] = {"negsim", "base_rate", "generic"};
  return f < NEG_FC_COUNT ? names[f] : "?";
}

double neg_score_brier(const double p[NEG_OUT_COUNT], int o)
{
  double b = 0;
  for (int k = 0; k < NEG_OUT_COUNT; k++) {
    double d = p[k] - (k == o);
    b += d * d;
  }
  return b;
}

double neg_score_log(const double p[NEG_OUT_COUNT], int o)
{
  return -log(p[o] > NEG_SCORE_FLOOR ? p[o] : NEG_SCORE_FLOOR);
}

double neg_score_brier_label(const double p[NEG_OUT_COUNT], const neg_label *l)
{
  double b = neg_score_brier(p, l->outcome);
  return l->alt == NEG_SCORE_NO_ALT ? b : 0.5 * (b + neg_score_brier(p, l->alt));
}

double neg_score_log_label(const double p[NEG_OUT_COUNT], const neg_label *l)
{
  double s = neg_score_log(p, l->outcome);
  return l->alt == NEG_SCORE_NO_ALT ? s : 0.5 * (s + neg_score_log(p, l->alt));
}

void neg_score_base_rate(const neg_label *l, double p[NEG_OUT_COUNT])
{
  int first = !strcmp(l->horizon, "first_term") ||
              (strcmp(l->horizon, "one_year") && l->horizon_days <= NEG_FIRST_TERM_MAX_DAYS);
  double c = first ? NEG_BR_CEASEFIRE_30 : NEG_BR_CEASEFIRE_365;
  double rest = first ? 1.0 : (1.0 - c) / (1.0 - NEG_BR_CEASEFIRE_30);
  p[NEG_OUT_CEASEFIRE] = c;
  p[NEG_OUT_EXTENDED] = (NEG_BR_RENEWED - NEG_BR_CEASEFIRE_30) * rest;
  p[NEG_OUT_LAPSED] = NEG_BR_LAPSED * rest;
  p[NEG_OUT_COLLAPSED] = NEG_BR_BROKEN * rest;
}

/* The mean of each column of the resample idx. */
static void resample_means(const double *x, size_t n, size_t k, const size_t *idx, double *m)
{
  for (size_t j = 0; j < k; j++) m[j] = 0;
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < k; j++) m[j] += x[idx[i] * k + j];
  for (size_t j = 0; j < k; j++) m[j] /= (double)n;
}

int neg_score_bootstrap(const double *x, size_t n, size_t k, uint64_t seed,
                        neg_score_mean *out)
{
  double *means = malloc(NEG_SCORE_RESAMPLES * k * sizeof *means), *m = malloc(k * sizeof *m);
  size_t *idx = malloc((n ? n : 1) * sizeof *idx);
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  int rc = means && m && idx && r ? NEG_OK : NEG_ESYS;
  for (size_t i = 0; rc == NEG_OK && i < n; i++) idx[i] = i;
  if (rc == NEG_OK) {
    resample_means(x, n, k, idx, m);
    for (size_t j = 0; j < k; j++) out[j].mean = n ? m[j] : NAN;
    gsl_rng_set(r, (unsigned long)seed);
  }
  for (size_t b = 0; rc == NEG_OK && n && b < NEG_SCORE_RESAMPLES; b++) {
    for (size_t i = 0; i < n; i++) idx[i] = (size_t)gsl_rng_uniform_int(r, n);
    resample_means(x, n, k, idx, m);
    for (size_t j = 0; j < k; j++) means[j * NEG_SCORE_RESAMPLES + b] = m[j];
  }
  for (size_t j = 0; rc == NEG_OK && j < k; j++) {
    double *s = means + j * NEG_SCORE_RESAMPLES;
    if (!n) { out[j].lo = out[j].hi = NAN; continue; }
    gsl_sort(s, 1, NEG_SCORE_RESAMPLES);
    out[j].lo = gsl_stats_quantile_from_sorted_data(s, 1, NEG_SCORE_RESAMPLES, 0.025);
    out[j].hi = gsl_stats_quantile_from_sorted_data(s, 1, NEG_SCORE_RESAMPLES, 0.975);
  }
  gsl_rng_free(r);
  free(idx);
  free(m);
  free(means);
  return rc;
}

const char *neg_score_series_name(int j)
{
  if (j == NEG_SCORE_DIFF_BASE_RATE) return "negsim-base_rate";
  if (j == NEG_SCORE_DIFF_GENERIC) return "negsim-generic";
  return neg_forecaster_name((neg_forecaster)j);
}

/* The means of group g over the cases of its horizon. */
static int summarise_group(neg_score_run *r, neg_score_group *g)
{
  double *x = malloc(r->n * 2 * NEG_SCORE_SERIES * sizeof *x);
  neg_score_mean m[2 * NEG_SCORE_SERIES];
  size_t n = 0;
  int rc;
  if (!x) return NEG_ESYS;
  for (size_t i = 0; i < r->n; i++) {
    const neg_score_case *c = &r->c[i];
    double *row = x + n * 2 * NEG_SCORE_SERIES;
    if (strcmp(c->label.horizon, g->horizon)) continue;
    for (int f = 0; f < NEG_FC_COUNT; f++) {
      row[f] = c->brier[f];
      row[NEG_SCORE_SERIES + f] = c->logs[f];
    }
    row[NEG_SCORE_DIFF_BASE_RATE] = c->brier[NEG_FC_NEGSIM] - c->brier[NEG_FC_BASE_RATE];
    row[NEG_SCORE_DIFF_GENERIC] = c->brier[NEG_FC_NEGSIM] - c->brier[NEG_FC_GENERIC];
    row[NEG_SCORE_SERIES + NEG_SCORE_DIFF_BASE_RATE] = c->logs[NEG_FC_NEGSIM] - c->logs[NEG_FC_BASE_RATE];
    row[NEG_SCORE_SERIES + NEG_SCORE_DIFF_GENERIC] = c->logs[NEG_FC_NEGSIM] - c->logs[NEG_FC_GENERIC];
    n++;
  }
  g->cases = n;
  rc = neg_score_bootstrap(x, n, 2 * NEG_SCORE_SERIES, r->seed, m);
  for (int j = 0; rc == NEG_OK && j < NEG_SCORE_SERIES; j++) {
    g->brier[j] = m[j];
    g->logs[j] = m[NEG_SCORE_SERIES + j];
  }
  free(x);
  return rc;
}

int neg_score_summarise(neg_score_run *r)
{
  int rc = NEG_OK;
  free(r->g);
  r->n_groups = 0;
  if (!(r->g = calloc(r->n ? r->n : 1, sizeof *r->g))) return NEG_ESYS;
  for (size_t i = 0; i < r->n; i++) {
    neg_score_case *c = &r->c[i];
    size_t k = 0;
    neg_score_base_rate(&c->label, c->p[NEG_FC_BASE_RATE]);
    for (int f = 0; f < NEG_FC_COUNT; f++) {
      c->brier[f] = neg_score_brier_label(c->p[f], &c->label);
      c->logs[f] = neg_score_log_label(c->p[f], &c->label);
    }
    while (k < r->n_groups && strcmp(r->g[k].horizon, c->label.horizon)) k++;
    if (k == r->n_groups) memcpy(r->g[r->n_groups++].horizon, c->label.horizon, NEG_SCORE_HORIZON_MAX);
  }
  for (size_t k = 0; rc == NEG_OK && k < r->n_groups; k++) rc = summarise_group(r, &r->g[k]);
  return rc;
}

/* ---- the labels file ---- */

/* A reader of CSV records over a whole file's text. */
typedef struct {
  const char *at, *end;
  int line;                 /* line of the next record */
  int nf;
  char f[NEG_CSV_MAX_FIELDS][NEG_FIELD_MAX];
} csv_reader;

/* Appends c to field k of r (characters beyond NEG_FIELD_MAX - 1 dropped). */
static void field_put(csv_reader *r, char c)
{
  size_t n = strlen(r->f[r->nf - 1]);
  if (n + 1 < NEG_FIELD_MAX) {
    r->f[r->nf - 1][n] = c;
    r->f[r->nf - 1][n + 1] = '\0';
  }
}

/* Starts a new field; -1 when there are too many. */
static int field_new(csv_reader *r)
{
  if (r->nf == NEG_CSV_MAX_FIELDS) return -1;
  r->f[r->nf++][0] = '\0';
  return 0;
}

/* Reads the next record into r->f. 1: a record; 0: the end; -1: too many
 * fields; -2: a quote left open; -3: text after a closing quote. */
static int csv_next(csv_reader *r)
{
  int quoted = 0, closed = 0;
  r->nf = 0;
  if (r->at >= r->end) return 0;
  field_new(r);
  while (r->at < r->end) {
    char c = *r->at++;
    if (quoted) {
      if (c == '"' && r->at < r->end && *r->at == '"') { field_put(r, '"'); r->at++; }
      else if (c == '"') { quoted = 0; closed = 1; }
      else { field_put(r, c); if (c == '\n') r->line++; }
    } else if (c == ',') {
      if (field_new(r)) return -1;
      closed = 0;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && r->at < r->end && *r->at == '\n') r->at++;
      r->line++;
      return 1;
    } else if (c == '"' && !closed && !r->f[r->nf - 1][0]) {
      quoted = 1;
    } else {
      if (closed) return -3;
      field_put(r, c);
    }
  }
  return quoted ? -2 : 1;
}

/* The outcome named s, or -1. */
static int outcome_of(const char *s)
{
  for (int o = 0; o < NEG_OUT_COUNT; o++)
    if (!strcmp(s, neg_outcome_name((neg_outcome)o))) return o;
  return -1;
}

/* 1 when s is 1 to max-1 characters of letters, digits and extra. */
static int name_ok(const char *s, size_t max, const char *extra)
{
  size_t n = strlen(s);
  if (n == 0 || n >= max) return 0;
  for (; *s; s++)
    if (!(*s >= 'a' && *s <= 'z') && !(*s >= 'A' && *s <= 'Z') && !(*s >= '0' && *s <= '9') &&
        !strchr(extra, *s))
      return 0;
  return 1;
}

/* Column indices of the header in r, or an error. */
enum { COL_CASE, COL_HORIZON, COL_DAYS, COL_OUTCOME, COL_ALT, COL_COUNT };
static int header_of(const csv_reader *r, const char *path, int *col, neg_error *err)
{
  static const char *const names[COL_COUNT] = {"case", "horizon", "horizon_days", "outcome",
                                               "alt_outcome"};
  for (int c = 0; c < COL_COUNT; c++) {
    col[c] = -1;
    for (int k = 0; k < r->nf; k++)
      if (!strcmp(r->f[k], names[c])) col[c] = k;
    if (col[c] < 0 && c != COL_ALT)
      return neg_error_set(err, path, 1, names[c], "missing column: a labels file needs "
                           "case, horizon, horizon_days and outcome (docs/VALIDATION.md)");
  }
  return NEG_OK;
}

/* Checks record r (at line) and fills l. NEG_OK or NEG_EINPUT. */
static int label_of(const csv_reader *r, const int *col, const char *path, int line,
                    neg_label *l, neg_error *err)
{
  const char *days = r->f[col[COL_DAYS]], *alt = col[COL_ALT] >= 0 ? r->f[col[COL_ALT]] : "";
  char *end;
  long d;
  memset(l, 0, sizeof *l);
  l->line = line;
  if (!name_ok(r->f[col[COL_CASE]], NEG_NAME_MAX, "_.-"))
    return neg_error_set(err, path, line, "case", "'%.80s' is not a case name (1 to %d of "
                         "A-Z a-z 0-9 _ . -, the name of <case>.cfg)", r->f[col[COL_CASE]],
                         NEG_NAME_MAX - 1);
  snprintf(l->name, sizeof l->name, "%s", r->f[col[COL_CASE]]);
  if (!name_ok(r->f[col[COL_HORIZON]], NEG_SCORE_HORIZON_MAX, "_"))
    return neg_error_set(err, path, line, "horizon", "'%.80s' is not a horizon name (1 to %d "
                         "of A-Z a-z 0-9 _, e.g. first_term or one_year)", r->f[col[COL_HORIZON]],
                         NEG_SCORE_HORIZON_MAX - 1);
  snprintf(l->horizon, sizeof l->horizon, "%s", r->f[col[COL_HORIZON]]);
  errno = 0;
  d = strtol(days, &end, 10);
  if (*days < '0' || *days > '9' || *end || errno || d < 1 || d > NEG_HORIZON_MAX_DAYS)
    return neg_error_set(err, path, line, "horizon_days", "'%.80s' cannot be reached: "
                         "expected a whole number of days from 1 to %d", days,
                         NEG_HORIZON_MAX_DAYS);
  l->horizon_days = (int)d;
  if ((l->outcome = outcome_of(r->f[col[COL_OUTCOME]])) < 0)
    return neg_error_set(err, path, line, "outcome", "'%.80s' is not an outcome: expected "
                         "ceasefire, extended, lapsed or collapsed", r->f[col[COL_OUTCOME]]);
  l->alt = NEG_SCORE_NO_ALT;
  if (*alt && strcmp(alt, "NA") && (l->alt = outcome_of(alt)) < 0)
    return neg_error_set(err, path, line, "alt_outcome", "'%.80s' is not an outcome: expected "
                         "ceasefire, extended, lapsed, collapsed or NA", alt);
  if (l->alt == l->outcome)
    return neg_error_set(err, path, line, "alt_outcome", "the same as outcome: give NA");
  return NEG_OK;
}

/* Reads all of path into a malloc'd buffer (*n bytes). */
static char *slurp(const char *path, size_t *n, neg_error *err)
{
  FILE *f = fopen(path, "rb");
  char *buf = NULL, *grown = NULL;
  size_t cap = 0;
  *n = 0;
  if (!f) {
    neg_error_set(err, path, 0, "", "cannot read: %s", strerror(errno));
    return NULL;
  }
  for (;;) {
    if (*n == cap && (cap > 64u << 20 || !(grown = realloc(buf, cap = cap ? 2 * cap : 65536)))) {
      neg_error_set(err, path, 0, "", cap > 64u << 20 ? "larger than 64 MiB" : "out of memory");
      break;
    }
    buf = grown;
    size_t got = fread(buf + *n, 1, cap - *n, f);
    *n += got;
    if (got == 0) break;
  }
  if (ferror(f) && !err->reason[0]) neg_error_set(err, path, 0, "", "cannot read: %s", strerror(errno));
  fclose(f);
  if (err->reason[0]) {
    free(buf);
    return NULL;
  }
  return buf;
}

/* Checks that no (case, horizon) comes twice. */
static int no_duplicates(const neg_labels *l, const char *path, neg_error *err)
{
  for (size_t i = 1; i < l->n; i++)
    for (size_t j = 0; j < i; j++)
      if (!strcmp(l->v[i].name, l->v[j].name) && !strcmp(l->v[i].horizon, l->v[j].horizon))
        return neg_error_set(err, path, l->v[i].line, "case", "%s at %s is labelled twice "
                             "(first on line %d)", l->v[i].name, l->v[i].horizon, l->v[j].line);
  return NEG_OK;
}

/* Reads every record after the header (of ncols columns) into l. */
static int read_rows(csv_reader *r, const int *col, int ncols, const char *path,
                     neg_labels *l, neg_error *err)
{
  static const char *const why[] = {"", "more than 64 columns", "a quoted field is not closed",
                                    "text after a closing quote"};
  int rc, line = r->line;
  while ((rc = csv_next(r)) != 0) {
    if (rc < 0) return neg_error_set(err, path, line, "", "%s", why[-rc]);
    if (r->nf == 1 && !r->f[0][0]) { line = r->line; continue; } /* blank line */
    if (r->nf != ncols)
      return neg_error_set(err, path, line, "", "%d fields where the header has %d", r->nf, ncols);
    if (l->n == NEG_SCORE_MAX_LABELS)
      return neg_error_set(err, path, line, "", "more than %d labels", NEG_SCORE_MAX_LABELS);
    if (label_of(r, col, path, line, &l->v[l->n], err)) return NEG_EINPUT;
    l->n++;
    line = r->line;
  }
  if (l->n == 0) return neg_error_set(err, path, line, "", "no labels after the header");
  return no_duplicates(l, path, err);
}

int neg_labels_read(const char *path, neg_labels *l, neg_error *err)
{
  size_t n;
  char *text;
  csv_reader *r;
  int col[COL_COUNT], rc = NEG_EINPUT;
  memset(l, 0, sizeof *l);
  if (!(text = slurp(path, &n, err))) return strcmp(err->reason, "out of memory") ? NEG_EINPUT : NEG_ESYS;
  r = malloc(sizeof *r);
  l->v = calloc(NEG_SCORE_MAX_LABELS, sizeof *l->v);
  if (!r || !l->v) {
    neg_error_set(err, path, 0, "", "out of memory");
    rc = NEG_ESYS;
  } else {
    r->at = text;
    r->end = text + n;
    r->line = 1;
    if (csv_next(r) != 1) neg_error_set(err, path, 1, "", "no header row");
    else if (header_of(r, path, col, err) == NEG_OK) rc = read_rows(r, col, r->nf, path, l, err);
  }
  free(r);
  free(text);
  if (rc != NEG_OK) neg_labels_free(l);
  return rc;
}

void neg_labels_free(neg_labels *l)
{
  free(l->v);
  l->v = NULL;
  l->n = 0;
}
