/* neg_outdir.h: one run's hold on its output folder.
 *
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 *
 * A verb claims its output folder before it writes anything there and
 * releases it at the end. Claiming creates the folder (and its missing
 * parents), locks it (OUT/.negsim.lock, flock: a second run into the same
 * folder is refused while the first holds it), removes temporary files an
 * earlier killed run left there, and refuses a folder holding the results
 * of a different run unless forced: results are replaced without --force
 * only by a run whose manifest is byte-identical to the one already there
 * (the same command, so the same bytes), or, for a run without a manifest
 * (score), whose files are byte-identical to those already there. Releasing removes the lock and,
 * unless the results were committed, the folders the claim created (when
 * empty). Documented in docs/OUTPUTS.md, "The output folder".
 */
#ifndef NEG_OUTDIR_H
#define NEG_OUTDIR_H

#include <stddef.h>

#include "neg_scenario.h"

#define NEG_OUTDIR_IDS 2           /* manifests that identify a run at most */

/* What a run claiming a folder writes there and what identifies it. */
typedef struct {
  int force;                              /* replace a different run's results */
  size_t n_id;
  const char *id_name[NEG_OUTDIR_IDS];    /* its manifests, e.g. "manifest.cfg" */
  const char *id_text[NEG_OUTDIR_IDS];    /* their contents, as it will write them */
} neg_outdir_claim;

typedef struct neg_outdir neg_outdir;

/* Claims folder dir for c; NULL with err on failure (err->reason is the
 * system's text for a system error). The refusal of a folder holding a
 * different run's results, and of a folder in use, are bad input. */
neg_outdir *neg_outdir_open(const char *dir, const neg_outdir_claim *c, neg_error *err);

/* The folder's path as given. */
const char *neg_outdir_path(const neg_outdir *d);

/* 1 when the folder held results and the run has no manifest to compare
 * (n_id 0) and is not forced: the files it wrote must then be identical to
 * the ones they replace (the same run again), else neg_outdir_refuse. */
int neg_outdir_must_match(const neg_outdir *d);

/* Fills err with the refusal of the folder, whose file name differs from
 * the run's; returns NEG_EINPUT. */
int neg_outdir_refuse(const neg_outdir *d, const char *name, neg_error *err);

/* Before the results named written[0..n) are renamed into place: checks
 * that every result file they replace or the commit removes is not a
 * folder. NEG_OK or NEG_ESYS with err. */
int neg_outdir_precommit(const neg_outdir *d, const char *const *written, size_t n,
                         neg_error *err);

/* After the renames: removes the result files of the different run the
 * folder held (when forced) that written[0..n) did not replace, so the
 * folder holds one run's results. NEG_OK or NEG_ESYS with err. */
int neg_outdir_commit(neg_outdir *d, const char *const *written, size_t n, neg_error *err);

/* Unlocks the folder and frees d; unless committed, removes the folders
 * the claim created when they are empty. NULL is fine. */
void neg_outdir_release(neg_outdir *d, int committed);

/* For a signal handler: removes the lock file and the folders the claim
 * created (when empty), with unlink and rmdir only (async-signal-safe). */
void neg_outdir_interrupt(void);

/* 1 when name is the name of a result file of some verb. */
int neg_outdir_is_result(const char *name);

#endif
