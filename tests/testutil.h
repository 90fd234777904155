/* testutil.h: helpers shared by the cmocka suites.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#ifndef NEG_TESTUTIL_H
#define NEG_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <sys/types.h>
#include <cmocka.h>

/* Fails the test unless |a - b| <= tol (cmocka has no double compare). */
#define assert_close(a, b, tol) \
  neg_assert_close((double)(a), (double)(b), (double)(tol), #a, __FILE__, __LINE__)
void neg_assert_close(double a, double b, double tol, const char *what,
                      const char *file, int line);

/* Fails unless phat is within 4 standard errors of p for n replicates. */
#define assert_within_4se(phat, p, n) \
  neg_assert_within_4se((phat), (p), (n), #phat, __FILE__, __LINE__)
void neg_assert_within_4se(double phat, double p, uint64_t n, const char *what,
                           const char *file, int line);

/* Result of running the negsim program. */
typedef struct {
  int status;       /* exit status, or -1 when it did not exit normally */
  int signal;       /* the signal that ended it, or 0 */
  char out[65536];  /* stdout, truncated */
  char err[65536];  /* stderr, truncated */
} neg_proc;

/* Runs $NEGSIM (default bin/negsim) with the NULL-terminated arguments,
 * capturing stdout and stderr. Returns 0, or -1 when it could not start. */
int neg_run_negsim(neg_proc *p, const char *const *argv);

/* How to run negsim; a zeroed struct changes nothing. */
typedef struct {
  long long fsize_limit;    /* > 0: RLIMIT_FSIZE in bytes (SIGXFSZ at its default:
                               negsim ignores it, so writes beyond fail with EFBIG) */
  const char *stdout_path;  /* stdout goes to this file (e.g. /dev/full)
                               instead of being captured */
} neg_run_opts;

/* A negsim started by neg_start_negsim. */
typedef struct {
  pid_t pid;
  int fo, fe;       /* files capturing its stdout and stderr */
} neg_child;

/* Starts $NEGSIM as neg_run_negsim does, applying opts (may be NULL), with
 * SIGINT, SIGTERM and SIGHUP at their default action. Returns 0 or -1. */
int neg_start_negsim(neg_child *c, const char *const *argv, const neg_run_opts *opts);

/* Waits for c to end and fills p. Returns 0 or -1. */
int neg_wait_negsim(neg_child *c, neg_proc *p);

/* neg_run_negsim with opts. */
int neg_run_negsim_with(neg_proc *p, const char *const *argv, const neg_run_opts *opts);

/* A fresh empty folder under $TMPDIR; the caller frees the string. */
char *neg_tempdir(void);

/* Removes a folder and everything in it. */
void neg_rmtree(const char *path);

/* Reads a whole file into a malloc'd NUL-terminated buffer, or NULL. */
char *neg_read_file(const char *path, size_t *len);

/* Writes text to path; 0 on success. */
int neg_write_file(const char *path, const char *text);

/* A small valid scenario (two belligerents, 300 runs) the CLI tests start from. */
extern const char neg_test_good_cfg[];

/* Writes text to dir/name (failing the test if it cannot) and returns the
 * path; the caller frees it. */
char *neg_put_file(const char *dir, const char *name, const char *text);

/* Number of entries in a folder (not . and ..), or -1 when it cannot be read. */
int neg_count_entries(const char *dir);

#endif
