/* neg_output_fit.h: the files and tables of negsim sensitivity and negsim
 * calibrate (docs/OUTPUTS.md documents every column).
 *
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 *
 * Each write function writes one file's contents to f and returns NEG_OK,
 * or NEG_ESYS when f reports an error; the verbs write them through an
 * output set (neg_output.h), so files appear together or not at all.
 */
#ifndef NEG_OUTPUT_FIT_H
#define NEG_OUTPUT_FIT_H

#include <stdio.h>
#include "neg_calibrate.h"
#include "neg_sensitivity.h"

/* sensitivity.csv: one row per (outcome, uncertain parameter). */
int neg_output_write_sensitivity(FILE *f, const neg_sens *s, const char *name);

/* uncertainty.csv: one row per outcome, the spread of its probability over
 * the parameter draws of A and B. */
int neg_output_write_uncertainty(FILE *f, const neg_sens *s, const char *name);

/* The readable ranking of the parameters for each outcome. */
void neg_output_sensitivity_table(FILE *f, const neg_sens *s, const char *name);

/* fit.csv: one row per target. */
int neg_output_write_fit(FILE *f, const neg_calib *c, const char *name);

/* fit_params.csv: one row per free parameter. */
int neg_output_write_fit_params(FILE *f, const neg_calib *c, const char *name);

/* calibrated.cfg: comment lines giving the fit, then the calibrated scenario s. */
int neg_output_write_calibrated(FILE *f, const neg_calib *c, const neg_scenario *s,
                                const char *command);

/* The readable report of a fit. */
void neg_output_calib_table(FILE *f, const neg_calib *c, const char *name);

#endif
