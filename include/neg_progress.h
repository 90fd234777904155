/* neg_progress.h: progress of long work on stderr, only when stderr is a
 * terminal (nothing in pipes, files or with --quiet).
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#ifndef NEG_PROGRESS_H
#define NEG_PROGRESS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

typedef struct {
  int on;
  uint64_t total;          /* 0 when unknown (sequential stopping) */
  const char *unit;        /* "runs", "points" */
  struct timespec start, last;
} neg_progress;

/* Starts a display of total units (0: unknown); on only when enabled and
 * stderr is a terminal. */
void neg_progress_begin(neg_progress *p, int enabled, uint64_t total, const char *unit);

/* Shows done units, the rate and the time left (at most 5 times a second). */
void neg_progress_update(neg_progress *p, uint64_t done);

/* A rate for the display: 950, 9.5k, 381k, 1.23M, 12.3M. */
void neg_progress_amount(char *buf, size_t size, double x);

/* A time for the display: 45 s, 12 min 05 s, 3 h 20 min. */
void neg_progress_time(char *buf, size_t size, double seconds);

/* Clears the display line. */
void neg_progress_end(neg_progress *p);

#endif
