/* neg_dist.h: running replicates across processes (MPI), or in this one.
 *
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 *
 * Built without NEG_MPI there is one process and every function is the
 * single-process case. Built with NEG_MPI (make MPI=1), every process runs
 * the same command: each batch of replicates is cut into one contiguous
 * share per process, the integer tallies are summed across processes and
 * the records gathered in replicate order, so every process holds the same
 * results, identical to a single process's. Only process 0 prints and
 * writes files. Work made of independent points (the sensitivity design)
 * is cut into one contiguous share of points per process instead
 * (neg_dist_share_of), and their counts summed (neg_dist_sum).
 */
#ifndef NEG_DIST_H
#define NEG_DIST_H

#include <stdint.h>
#include "neg_engine.h"

/* Starts the processes' communication (MPI_Init). NEG_OK or NEG_ESYS. */
int neg_dist_init(int *argc, char ***argv);
void neg_dist_finalize(void);

/* This process's rank (0 .. size-1) and the number of processes. */
int neg_dist_rank(void);
int neg_dist_size(void);

/* Like neg_engine_run, over all processes: adds replicates first ..
 * first+count-1 to t on every process, and fills records (when not NULL)
 * on every process. NEG_OK or NEG_ESYS. */
int neg_dist_run(const neg_scenario *s, uint64_t seed, uint64_t first, uint64_t count,
                 int threads, neg_tally *t, neg_record *records);

/* The largest of rc over all processes, on every process: a failure on one
 * stops all. */
int neg_dist_agree(int rc);

/* As neg_dist_agree; when some process failed, *err on every process
 * becomes the error of the lowest-ranked process that failed. */
int neg_dist_agree_error(int rc, neg_error *err);

/* This process's share [*lo, *hi) of the items [first, last). */
void neg_dist_share_of(size_t first, size_t last, size_t *lo, size_t *hi);

/* Sums the n counters at buf over all processes, in place, on every
 * process. NEG_OK or NEG_ESYS. */
int neg_dist_sum(uint64_t *buf, size_t n);

/* Copies n bytes at buf from process 0 to every process. */
void neg_dist_share(void *buf, size_t n);

#endif
