/* neg_output.h: the only module that writes files.
 *
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 *
 * Every file is written under a temporary name in the output folder and
 * renamed into place only when all of them are complete, so a failed or
 * interrupted run never leaves a truncated file and never destroys earlier
 * results.
 */
#ifndef NEG_OUTPUT_H
#define NEG_OUTPUT_H

#include <stdio.h>
#include <stdint.h>
#include "neg_engine.h"
#include "neg_scenario.h"
#include "neg_tally.h"

/* Provenance written to the manifest. */
typedef struct {
  uint64_t seed;
  uint64_t runs;
} neg_run_info;

typedef struct neg_output neg_output;

/* Creates dir (and parents) if needed and checks it can be written; opens
 * runs.csv (under a temporary name) when per_run. NULL on failure, with err. */
neg_output *neg_output_open(const char *dir, int per_run, const neg_scenario *s,
                            neg_error *err);

/* Appends n per-run records to runs.csv. NEG_OK or NEG_ESYS. */
int neg_output_records(neg_output *o, const neg_record *rec, size_t n,
                       neg_error *err);

/* Writes summary.csv, daily.csv and manifest.cfg, then renames every file
 * into place and frees o (also on failure). NEG_OK, NEG_ESYS (nothing
 * renamed, temps removed, err filled) or NEG_EINPUT when t does not have
 * the shape of s. */
int neg_output_commit(neg_output *o, const neg_scenario *s, const neg_tally *t,
                      const neg_run_info *info, neg_error *err);

/* Removes the temporary files and frees o; earlier results stay. */
void neg_output_abort(neg_output *o);

/* The readable outcome table (probability and 95% interval per outcome). */
void neg_output_table(FILE *f, const neg_scenario *s, const neg_tally *t);

/* The contents of each file, written to f (used by commit; open for tests).
 * Each returns NEG_OK, or NEG_ESYS when f reports an error (errno says
 * which). All but write_record flush f, so a full disk shows here. */
int neg_output_write_summary(FILE *f, const neg_scenario *s, const neg_tally *t,
                             const neg_run_info *info);
int neg_output_write_daily(FILE *f, const neg_scenario *s, const neg_tally *t);
int neg_output_write_runs_header(FILE *f, const neg_scenario *s);
int neg_output_write_record(FILE *f, const neg_scenario *s, const neg_record *rec);
int neg_output_write_manifest(FILE *f, const neg_scenario *s,
                              const neg_run_info *info);

#endif
