/* output_impl.h: CSV helpers shared by the modules that write CSV text
 * (output*.c, report.c, params_doc.c).
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#ifndef NEG_OUTPUT_IMPL_H
#define NEG_OUTPUT_IMPL_H

#include <stdint.h>
#include <stdio.h>

#include "neg_scenario.h"

#define NEG_OUTPUT_LEVEL 0.95      /* confidence level of the intervals */

/* NEG_OK when f has no error after a flush, else NEG_ESYS. */
int neg_output_status(FILE *f);


/* Writes a column name as R's make.names would leave it (docs/OUTPUTS.md). */
void neg_output_colname(FILE *f, const char *name);

/* Writes x with digits decimals, or NA when x is not a finite number. */
void neg_output_real(FILE *f, int digits, double x);

/* Writes ",x" with digits decimals (NA when undefined). */
void neg_output_next(FILE *f, int digits, double x);

/* Ends a row of a run's file with ",scenario,seed" and the overrides
 * (header: their names, seed unused), then the line. */
void neg_output_labels(FILE *f, const neg_scenario *s, uint64_t seed, int header);

#endif
