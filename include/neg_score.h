/* neg_score.h: scoring forecasts of real truces against their labels
 * (negsim score, docs/VALIDATION.md).
 *
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 *
 * A labels file (CSV) names cases and what happened to each by a horizon;
 * each forecast, four outcome probabilities, gets a multi-category Brier
 * score and a floored log score, and means over cases get bootstrap
 * intervals. Nothing here prints, runs the model or writes files.
 */
#ifndef NEG_SCORE_H
#define NEG_SCORE_H

#include <stddef.h>
#include <stdint.h>
#include "neg_model.h"
#include "neg_scenario.h"

#define NEG_SCORE_FLOOR 0.001      /* the least probability a log score takes */
#define NEG_SCORE_RESAMPLES 2000   /* bootstrap resamples of the cases */
#define NEG_SCORE_HORIZON_MAX 32   /* longest horizon name, with its NUL */
#define NEG_SCORE_MAX_LABELS 10000 /* rows of a labels file */
#define NEG_SCORE_NO_ALT (-1)      /* a label without a second reading */

/* The forecasters scored: negsim on the case, the ETH/PRIO base rate, and
 * the calibrated generic scenario with the case's durations. */
typedef enum { NEG_FC_NEGSIM = 0, NEG_FC_BASE_RATE, NEG_FC_GENERIC, NEG_FC_COUNT } neg_forecaster;

/* One row of a labels file. */
typedef struct {
  char name[NEG_NAME_MAX];             /* the case: <name>.cfg */
  char horizon[NEG_SCORE_HORIZON_MAX]; /* "first_term", "one_year", ... */
  int horizon_days;                    /* the day scored */
  int outcome;                         /* a neg_outcome */
  int alt;                             /* a second reading, or NEG_SCORE_NO_ALT */
  int line;                            /* its line in the file, for errors */
} neg_label;

typedef struct {
  neg_label *v;
  size_t n;
} neg_labels;

/* Reads the labels file at path (RFC 4180 CSV with a header naming at
 * least case, horizon, horizon_days and outcome; alt_outcome optional;
 * other columns are ignored). NEG_OK, NEG_EINPUT with err (file:line: the
 * column: why) or NEG_ESYS. */
int neg_labels_read(const char *path, neg_labels *l, neg_error *err);
void neg_labels_free(neg_labels *l);

/* The name of a forecaster as score.csv writes it. */
const char *neg_forecaster_name(neg_forecaster f);

/* Multi-category Brier score of p against outcome o, in [0, 2]. */
double neg_score_brier(const double p[NEG_OUT_COUNT], int o);

/* Log score -ln max(p[o], NEG_SCORE_FLOOR). */
double neg_score_log(const double p[NEG_OUT_COUNT], int o);

/* A label's scores: under a second reading, the mean of the two. */
double neg_score_brier_label(const double p[NEG_OUT_COUNT], const neg_label *l);
double neg_score_log_label(const double p[NEG_OUT_COUNT], const neg_label *l);

/* The base-rate forecast for a label's horizon (docs/VALIDATION.md). */
void neg_score_base_rate(const neg_label *l, double p[NEG_OUT_COUNT]);

/* A mean over cases with its 95% bootstrap percentile interval. */
typedef struct {
  double mean, lo, hi;
} neg_score_mean;

/* For k series of n values each (x[i * k + j]: case i, series j), the mean
 * of each series and its interval from NEG_SCORE_RESAMPLES resamples of the
 * n cases (the same resamples for every series), GSL's mt19937 seeded with
 * seed. NEG_OK or NEG_ESYS (out of memory). */
int neg_score_bootstrap(const double *x, size_t n, size_t k, uint64_t seed,
                        neg_score_mean *out);

/* The series whose means are reported: each forecaster's score, then
 * negsim's minus each baseline's (paired: the same resamples). */
enum { NEG_SCORE_DIFF_BASE_RATE = NEG_FC_COUNT, NEG_SCORE_DIFF_GENERIC, NEG_SCORE_SERIES };

/* The name of series j as score.csv writes it in its forecast column. */
const char *neg_score_series_name(int j);

/* One scored label: each forecaster's probabilities and scores. */
typedef struct {
  neg_label label;
  double p[NEG_FC_COUNT][NEG_OUT_COUNT];
  double brier[NEG_FC_COUNT], logs[NEG_FC_COUNT];
  uint64_t runs, seed;    /* of negsim and the generic scenario */
} neg_score_case;

/* The means over the cases of one horizon. */
typedef struct {
  char horizon[NEG_SCORE_HORIZON_MAX];
  size_t cases;
  neg_score_mean brier[NEG_SCORE_SERIES], logs[NEG_SCORE_SERIES];
} neg_score_group;

/* A scoring: the cases (p, runs and seed filled by the caller) and, once
 * summarised, their scores and the means per horizon in order of first
 * appearance. */
typedef struct {
  size_t n;
  neg_score_case *c;
  size_t n_groups;
  neg_score_group *g;
  uint64_t seed;          /* of the bootstrap */
} neg_score_run;

/* Scores every case and computes the means and their intervals (allocates
 * r->g). NEG_OK or NEG_ESYS. */
int neg_score_summarise(neg_score_run *r);

#endif
