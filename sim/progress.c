/* progress.c: a one-line progress display on a terminal.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "neg_progress.h"

#include <stdio.h>
#include <unistd.h>

#define NEG_PROGRESS_EVERY 0.2   /* seconds between updates */

/* Seconds from a to b. */
static double seconds(const struct timespec *a, const struct timespec *b)
{
  return (double)(b->tv_sec - a->tv_sec) + 1e-9 * (double)(b->tv_nsec - a->tv_nsec);
}

void neg_progress_begin(neg_progress *p, int enabled, uint64_t total, const char *unit)
{
  p->on = enabled && isatty(STDERR_FILENO);
  p->total = total;
  p->unit = unit;
  clock_gettime(CLOCK_MONOTONIC, &p->start);
  p->last = p->start;
}

void neg_progress_update(neg_progress *p, uint64_t done)
{
  struct timespec now;
  double elapsed, rate;
  if (!p->on) return;
  clock_gettime(CLOCK_MONOTONIC, &now);
  if (seconds(&p->last, &now) < NEG_PROGRESS_EVERY && done != p->total) return;
  p->last = now;
  elapsed = seconds(&p->start, &now);
  rate = elapsed > 0 ? (double)done / elapsed : 0.0;
  if (p->total)
    fprintf(stderr, "\rnegsim: %3.0f%%  %llu/%llu %s  %.3g %s/s  %.0f s left   ",
            100.0 * (double)done / (double)p->total, (unsigned long long)done,
            (unsigned long long)p->total, p->unit, rate, p->unit,
            rate > 0 ? (double)(p->total - done) / rate : 0.0);
  else
    fprintf(stderr, "\rnegsim: %llu %s  %.3g %s/s   ", (unsigned long long)done, p->unit,
            rate, p->unit);
  fflush(stderr);
}

void neg_progress_end(neg_progress *p)
{
  if (!p->on) return;
  fprintf(stderr, "\r%72s\r", "");
  fflush(stderr);
}
