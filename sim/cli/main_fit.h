/* main_fit.h: the verbs sensitivity and calibrate (main_fit.c), dispatched
 * by main.c; not an interface.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#ifndef NEG_MAIN_FIT_H
#define NEG_MAIN_FIT_H

#include "neg_cli.h"

#define NEG_SENS_SAMPLES 256    /* default --samples of sensitivity */
#define NEG_SENS_RUNS 1000      /* default --runs of sensitivity, per point */
#define NEG_CALIB_RUNS 10000    /* default --runs of calibrate, per evaluation */

/* negsim sensitivity FILE [--samples N] [--runs M] [--seed S]. Returns the
 * exit status. */
int neg_verb_sensitivity(const neg_cli_opts *o);

/* negsim calibrate FILE --target ... --free ... [--runs M] [--seed S]
 * [--target-n N]. Returns the exit status. */
int neg_verb_calibrate(const neg_cli_opts *o);

#endif
