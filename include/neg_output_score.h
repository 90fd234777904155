/* neg_output_score.h: the file and table of negsim score (docs/OUTPUTS.md
 * documents every column).
 *
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 */
#ifndef NEG_OUTPUT_SCORE_H
#define NEG_OUTPUT_SCORE_H

#include <stdio.h>
#include "neg_score.h"

/* score.csv: one row per (case, horizon, forecaster), then per horizon one
 * row per series of means. NEG_OK, or NEG_ESYS when f reports an error. */
int neg_output_write_score(FILE *f, const neg_score_run *r);

/* The readable table: each case's scores, then the means per horizon. */
void neg_output_score_table(FILE *f, const neg_score_run *r);

#endif
