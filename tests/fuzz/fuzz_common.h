/* fuzz_common.h: what the libFuzzer harnesses share: a private folder for
 * the files they write, and the checks every load must pass.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#ifndef NEG_FUZZ_COMMON_H
#define NEG_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "neg_scenario.h"

/* The harness's private folder (created on first use, removed at exit). */
const char *fuzz_dir(void);

/* dir/name in a static buffer of the caller's (n bytes). */
char *fuzz_path(char *buf, size_t n, const char *name);

/* Writes n bytes of data to path; aborts when it cannot. */
void fuzz_write(const char *path, const void *data, size_t n);

/* Aborts (a crash for libFuzzer) with a message. */
void fuzz_fail(const char *what, const neg_error *err) __attribute__((noreturn));

/* Checks the outcome of a load: NEG_OK, or NEG_EINPUT with a reason that
 * prints as exactly one line. */
void fuzz_check_load(int rc, const neg_error *err);

#endif
