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
#include "neg_analysis.h"
#include "neg_engine.h"
#include "neg_explain.h"
#include "neg_outdir.h"
#include "neg_scenario.h"
#include "neg_tally.h"

/* Provenance written to the manifest. */
typedef struct {
  uint64_t seed;
  uint64_t runs;
} neg_run_info;

typedef struct neg_output neg_output;

/* Creates the temporary files of the run in the claimed folder d (opens
 * runs.csv when per_run). NULL on failure, with err. */
neg_output *neg_output_open(neg_outdir *d, int per_run, const neg_scenario *s,
                            neg_error *err);

/* Appends n per-run records to runs.csv. NEG_OK or NEG_ESYS. */
int neg_output_records(neg_output *o, const neg_record *rec, size_t n,
                       neg_error *err);

/* Writes summary.csv, daily.csv and manifest.cfg under their temporary
 * names and checks nothing can stop the renames (neg_output_finish):
 * NEG_OK, NEG_ESYS (err filled) or NEG_EINPUT when t does not have the
 * shape of s. o stays open either way (finish or abort it). */
int neg_output_prepare(neg_output *o, const neg_scenario *s, const neg_tally *t,
                       const neg_run_info *info, neg_error *err);

/* Renames every prepared file into place, removes what the folder held of
 * a different run (when forced), and frees o. NEG_OK or NEG_ESYS. */
int neg_output_finish(neg_output *o, neg_error *err);

/* neg_output_prepare, then neg_output_finish; frees o also on failure. */
int neg_output_commit(neg_output *o, const neg_scenario *s, const neg_tally *t,
                      const neg_run_info *info, neg_error *err);

/* Removes the temporary files and frees o; earlier results stay. */
void neg_output_abort(neg_output *o);

/* For a SIGINT/SIGTERM handler: removes the temporary file of every output
 * (and output set) still open, using only unlink (async-signal-safe), and
 * returns 1; returns 0 and removes nothing while a commit is renaming files
 * into place (the run then completes; the caller should let it). */
int neg_output_interrupt(void);

/* sweep_long.csv: one row per point of g and outcome (tidy form). */
int neg_output_write_sweep_long(FILE *f, const neg_grid *g, const neg_point_result *r,
                                const char *name, uint64_t seed);

/* sweep.csv: one row per point of g (results r), for scenario `name`. */
int neg_output_write_sweep(FILE *f, const neg_grid *g, const neg_point_result *r,
                           const char *name, uint64_t seed);

/* compare.csv: one row per outcome, p_a, p_b, their paired difference and
 * the interval independent runs would give. */
int neg_output_write_compare(FILE *f, const neg_scenario *a, const neg_scenario *b,
                             const neg_pair_tally *pt, uint64_t seed);

/* Readable tables of a sweep and a comparison. */
void neg_output_sweep_table(FILE *f, const neg_grid *g, const neg_point_result *r);
void neg_output_compare_table(FILE *f, const neg_scenario *a, const neg_scenario *b,
                              const neg_pair_tally *pt);

/* A set of files written under temporary names and renamed together. */
#define NEG_OUTPUT_SET_MAX 8
typedef struct neg_output_set neg_output_set;

/* A temporary file for each name in the claimed folder d. NULL with err. */
neg_output_set *neg_output_set_open(neg_outdir *d, const char *const *names, size_t n,
                                    neg_error *err);

/* The stream of file i, to write its contents. */
FILE *neg_output_set_file(neg_output_set *o, size_t i);

/* Flushes, syncs and closes every file and checks nothing can stop the
 * renames; o stays open (finish or abort it). NEG_OK or NEG_ESYS. */
int neg_output_set_prepare(neg_output_set *o, neg_error *err);

/* Renames every prepared file into place and frees o. NEG_OK or NEG_ESYS. */
int neg_output_set_finish(neg_output_set *o, neg_error *err);

/* neg_output_set_prepare, then neg_output_set_finish; frees o also on
 * failure. NEG_OK or NEG_ESYS (nothing renamed, temporaries removed). */
int neg_output_set_commit(neg_output_set *o, neg_error *err);

/* The text of a manifest (neg_output_write_manifest_as), and of a run's
 * (neg_output_write_manifest), in a new string: what a claim of the
 * output folder compares (neg_outdir.h). NULL when out of memory. */
char *neg_output_manifest_text(const neg_scenario *s, const char *what, const char *replay);
char *neg_output_run_manifest(const neg_scenario *s, const neg_run_info *info);

/* Removes the temporary files and frees o. */
void neg_output_set_abort(neg_output_set *o);

/* After writing file i failed (errno set by the failing call): aborts o
 * and sets err to the file's final path and the reason. Returns
 * NEG_ESYS. */
int neg_output_set_failed(neg_output_set *o, size_t i, neg_error *err);

/* The journal of a sweep: each finished point is appended and synced to
 * DIR/.sweep.journal, so an interrupted sweep keeps them and --resume
 * completes it. */
typedef struct neg_journal neg_journal;

/* Opens the journal of the sweep identified by key (a hash of its manifest)
 * in dir (claimed: neg_outdir.h). With NEG_JOURNAL_RESUME in flags, reads
 * the points it already holds into r and marks them in done (*n_done
 * counts them); a journal of another sweep is an error. Without, starts an
 * empty one, refusing to replace the journal of another, unfinished sweep
 * unless flags has NEG_JOURNAL_REPLACE (--force). NULL with err on
 * failure. */
#define NEG_JOURNAL_RESUME 1
#define NEG_JOURNAL_REPLACE 2
neg_journal *neg_journal_open(const char *dir, uint64_t key, size_t n_points, int flags,
                              neg_point_result *r, unsigned char *done, size_t *n_done,
                              neg_error *err);

/* Appends point p's result (one write; synced to the disk at most once a
 * second). NEG_OK or NEG_ESYS with err. */
int neg_journal_add(neg_journal *j, size_t p, const neg_point_result *r, neg_error *err);

/* Closes the journal, removing its file when remove is set (else syncing
 * it). */
void neg_journal_close(neg_journal *j, int remove);

/* The readable outcome table (probability and 95% interval per outcome). */
void neg_output_table(FILE *f, const neg_scenario *s, const neg_tally *t);

/* The contents of each file, written to f (used by commit; open for tests).
 * Each returns NEG_OK, or NEG_ESYS when f reports an error (errno says
 * which). All but write_record flush f, so a full disk shows here. */
int neg_output_write_summary(FILE *f, const neg_scenario *s, const neg_tally *t,
                             const neg_run_info *info);
int neg_output_write_daily(FILE *f, const neg_scenario *s, const neg_tally *t,
                           const neg_run_info *info);
int neg_output_write_runs_header(FILE *f, const neg_scenario *s);

/* output_why.c: attribution. The label of condition c of party p in the
 * files: its issue's id, with ".<c + 1>" when p has another condition on
 * that issue. */
void neg_output_condition_label(const neg_scenario *s, int p, int c, char *buf, size_t n);

/* runs.csv's attribution columns (header, and a row's fields). */
void neg_output_runs_why_header(FILE *f, const neg_scenario *s);
void neg_output_runs_why_fields(FILE *f, const neg_scenario *s, const neg_record *rec);

/* Writes why.csv (docs/OUTPUTS.md) to f; NEG_OK or NEG_ESYS. */
int neg_output_write_why(FILE *f, const neg_scenario *s, const neg_tally *t,
                         const neg_run_info *info);

/* Prints the leading reason of each outcome (below the outcome table). */
void neg_output_why_table(FILE *f, const neg_scenario *s, const neg_tally *t);

/* Writes explain.csv (docs/OUTPUTS.md): n counterfactuals, ranked by their
 * effect on outcome; NEG_OK or NEG_ESYS. */
int neg_output_write_explain(FILE *f, const neg_scenario *s, const neg_counterfactual *cf, int n,
                             int outcome);

/* Prints the counterfactuals ranked by their effect on outcome. */
void neg_output_explain_table(FILE *f, const neg_scenario *s, const neg_counterfactual *cf, int n,
                              int outcome);
int neg_output_write_record(FILE *f, const neg_scenario *s, const neg_record *rec);
int neg_output_write_manifest(FILE *f, const neg_scenario *s,
                              const neg_run_info *info);
/* Writes s (runs and seed as run) as a manifest: what produced the folder
 * and the command line that replays it. NEG_OK or NEG_ESYS. */
int neg_output_write_manifest_as(FILE *f, const neg_scenario *s, const char *what,
                                 const char *replay);

/* Writes one CSV field, quoted as RFC 4180 asks when it needs to be. */
void neg_output_field(FILE *f, const char *text);

#endif
