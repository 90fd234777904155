/* testutil.h: helpers shared by the cmocka suites.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#ifndef NEG_TESTUTIL_H
#define NEG_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
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
  char out[65536];  /* stdout, truncated */
  char err[65536];  /* stderr, truncated */
} neg_proc;

/* Runs $NEGSIM (default bin/negsim) with the NULL-terminated arguments,
 * capturing stdout and stderr. Returns 0, or -1 when it could not start. */
int neg_run_negsim(neg_proc *p, const char *const *argv);

/* A fresh empty folder under $TMPDIR; the caller frees the string. */
char *neg_tempdir(void);

/* Removes a folder and everything in it. */
void neg_rmtree(const char *path);

/* Reads a whole file into a malloc'd NUL-terminated buffer, or NULL. */
char *neg_read_file(const char *path, size_t *len);

/* Writes text to path; 0 on success. */
int neg_write_file(const char *path, const char *text);

/* Number of entries in a folder (not . and ..), or -1 when it cannot be read. */
int neg_count_entries(const char *dir);

#endif
