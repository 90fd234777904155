/* main_util.h: what the verbs' files (main.c, main_sweep.c, main_fit.c)
 * share; not an interface.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#ifndef NEG_MAIN_UTIL_H
#define NEG_MAIN_UTIL_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "neg_analysis.h"
#include "neg_cli.h"
#include "neg_report.h"
#include "neg_scenario.h"

#define NEG_RECORD_BATCH 65536    /* per-run rows buffered at a time */

/* The point spec of the command line for scenario file k. */
static inline neg_point_spec spec_of(const neg_cli_opts *o, int k)
{
  neg_point_spec sp = {o->files[k], o->sets, o->nsets, o->runs, o->has_seed, o->seed,
                       o->threads, o->precision, NULL};
  return sp;
}

/* Prints err (if any) and returns rc. */
static inline int report(int rc, const neg_error *err)
{
  if (rc != NEG_OK && err->reason[0]) neg_error_print(stderr, err);
  return rc;
}

/* The exit status of a failure to open the output folder: a fault of the
 * system (full disk, I/O error, no memory) is 1, anything else bad input. */
static inline int open_status(const neg_error *err)
{
  static const int system_faults[] = {ENOSPC, EFBIG, EIO, EDQUOT, ENOMEM, EMFILE, ENFILE};
  for (size_t k = 0; k < sizeof system_faults / sizeof system_faults[0]; k++)
    if (!strcmp(err->reason, strerror(system_faults[k]))) return NEG_ESYS;
  return NEG_EINPUT;
}

/* Checks the verb got between min and max scenario files. */
static inline int need_files(const neg_cli_opts *o, int min, int max)
{
  if (o->nfiles < min) return neg_cli_fail(o->verb, "missing scenario file");
  if (o->nfiles > max) return neg_cli_fail(o->files[max], "unexpected argument");
  return NEG_OK;
}

/* Prints the tables of r on stdout as --format asks (csv or json). */
static inline int print_report(neg_report *r, const neg_cli_opts *o)
{
  if (neg_report_print(r, stdout, (neg_format)o->format) == NEG_OK) return NEG_OK;
  fprintf(stderr, "negsim: cannot print the results on standard output\n");
  return NEG_ESYS;
}

/* Seconds since t0. */
static inline double since(const struct timespec *t0)
{
  struct timespec t1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  return (double)(t1.tv_sec - t0->tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0->tv_nsec);
}

/* The output folder: --out, or results/<name><suffix>. */
static inline void out_dir(const neg_cli_opts *o, const char *name, const char *suffix,
                    char *dir, size_t n)
{
  if (o->out) snprintf(dir, n, "%s", o->out);
  else snprintf(dir, n, "results/%s%s", name, suffix);
}

/* Replicates per batch when nothing else fixes it: enough for a progress
 * display to move about 200 times. */
static inline uint64_t batch_size(uint64_t runs)
{
  return runs / 200 > NEG_RECORD_BATCH ? runs / 200 : NEG_RECORD_BATCH;
}


#endif
