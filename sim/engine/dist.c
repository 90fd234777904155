/* dist.c: replicates across MPI processes, or in this one process.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "neg_dist.h"

#include <stdlib.h>

#ifndef NEG_MPI

int neg_dist_init(int *argc, char ***argv)
{
  (void)argc;
  (void)argv;
  return NEG_OK;
}

void neg_dist_finalize(void) {}

int neg_dist_rank(void)
{
  return 0;
}

int neg_dist_size(void)
{
  return 1;
}

int neg_dist_run(const neg_scenario *s, uint64_t seed, uint64_t first, uint64_t count,
                 int threads, neg_tally *t, neg_record *records)
{
  return neg_engine_run(s, seed, first, count, threads, t, records);
}

int neg_dist_agree(int rc)
{
  return rc;
}

int neg_dist_agree_error(int rc, neg_error *err)
{
  (void)err;
  return rc;
}

int neg_dist_sum(uint64_t *buf, size_t n)
{
  (void)buf;
  (void)n;
  return NEG_OK;
}

void neg_dist_share(void *buf, size_t n)
{
  (void)buf;
  (void)n;
}

#else /* NEG_MPI */

#include <mpi.h>

int neg_dist_init(int *argc, char ***argv)
{
  return MPI_Init(argc, argv) == MPI_SUCCESS ? NEG_OK : NEG_ESYS;
}

void neg_dist_finalize(void)
{
  MPI_Finalize();
}

int neg_dist_rank(void)
{
  int r = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}

int neg_dist_size(void)
{
  int n = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &n);
  return n;
}

/* Sums the counters of t over all processes, in place. */
static int sum_tally(neg_tally *t)
{
  int rc = MPI_Allreduce(MPI_IN_PLACE, &t->runs, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
  rc |= MPI_Allreduce(MPI_IN_PLACE, t->outcome, NEG_OUT_COUNT, MPI_UINT64_T, MPI_SUM,
                      MPI_COMM_WORLD);
  for (size_t at = 0; at < t->cells && rc == MPI_SUCCESS; at += 1u << 24) {
    size_t n = t->cells - at < (1u << 24) ? t->cells - at : (1u << 24);
    rc = MPI_Allreduce(MPI_IN_PLACE, t->ended + at, (int)n, MPI_UINT64_T, MPI_SUM,
                       MPI_COMM_WORLD);
  }
  return rc == MPI_SUCCESS ? NEG_OK : NEG_ESYS;
}

/* Gathers each process's share of count records (process r holds those of
 * its share at their place in records) onto every process. */
static int gather_records(neg_record *records, uint64_t count, int size)
{
  int *counts = malloc((size_t)size * sizeof *counts), *displs = malloc((size_t)size * sizeof *displs);
  int rc = MPI_ERR_NO_MEM;
  if (counts && displs) {
    for (int r = 0; r < size; r++) {
      uint64_t lo = count * (uint64_t)r / (uint64_t)size, hi = count * (uint64_t)(r + 1) / (uint64_t)size;
      counts[r] = (int)((hi - lo) * sizeof *records);
      displs[r] = (int)(lo * sizeof *records);
    }
    rc = MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, records, counts, displs, MPI_BYTE,
                        MPI_COMM_WORLD);
  }
  free(counts);
  free(displs);
  return rc == MPI_SUCCESS ? NEG_OK : NEG_ESYS;
}

int neg_dist_run(const neg_scenario *s, uint64_t seed, uint64_t first, uint64_t count,
                 int threads, neg_tally *t, neg_record *records)
{
  int size = neg_dist_size(), rank = neg_dist_rank(), rc;
  uint64_t lo = count * (uint64_t)rank / (uint64_t)size;
  uint64_t hi = count * (uint64_t)(rank + 1) / (uint64_t)size;
  neg_tally *mine = neg_tally_alloc(s);
  rc = mine ? neg_engine_run(s, seed, first + lo, hi - lo, threads, mine,
                             records ? records + lo : NULL) : NEG_ESYS;
  rc = neg_dist_agree(rc);
  if (rc == NEG_OK) rc = sum_tally(mine);
  if (rc == NEG_OK) rc = neg_tally_merge(t, mine);
  if (rc == NEG_OK && records) rc = gather_records(records, count, size);
  neg_tally_free(mine);
  return rc;
}

int neg_dist_agree(int rc)
{
  int all = rc;
  MPI_Allreduce(&rc, &all, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  return all;
}

int neg_dist_agree_error(int rc, neg_error *err)
{
  int size = neg_dist_size(), mine = rc != NEG_OK ? neg_dist_rank() : size, first = size;
  int all = neg_dist_agree(rc);
  if (all == NEG_OK) return all;
  MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  if (first < size) MPI_Bcast(err, (int)sizeof *err, MPI_BYTE, first, MPI_COMM_WORLD);
  return all;
}

int neg_dist_sum(uint64_t *buf, size_t n)
{
  int rc = MPI_SUCCESS;
  for (size_t at = 0; at < n && rc == MPI_SUCCESS; at += 1u << 24) {
    size_t k = n - at < (1u << 24) ? n - at : (1u << 24);
    rc = MPI_Allreduce(MPI_IN_PLACE, buf + at, (int)k, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
  }
  return rc == MPI_SUCCESS ? NEG_OK : NEG_ESYS;
}

void neg_dist_share(void *buf, size_t n)
{
  for (size_t at = 0; at < n; at += 1u << 30) {
    size_t k = n - at < (1u << 30) ? n - at : (1u << 30);
    MPI_Bcast((char *)buf + at, (int)k, MPI_BYTE, 0, MPI_COMM_WORLD);
  }
}

#endif

void neg_dist_share_of(size_t first, size_t last, size_t *lo, size_t *hi)
{
  const size_t n = last - first, size = (size_t)neg_dist_size(), rank = (size_t)neg_dist_rank();
  *lo = first + n * rank / size;
  *hi = first + n * (rank + 1) / size;
}
