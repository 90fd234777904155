/* progress.c: a one-line progress display on a terminal.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "neg_progress.h"

#include <math.h>
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

void neg_progress_amount(char *buf, size_t size, double x)
{
  if (x < 999.5)   /* the bounds as rounded, so 999,700 shows as 1.00M */
    snprintf(buf, size, "%.0f", x);
  else if (x < 999.5e3)
    snprintf(buf, size, "%.*fk", x < 9.95e3 ? 1 : 0, x / 1e3);
  else
    snprintf(buf, size, "%.*fM", x < 9.995e6 ? 2 : 1, x / 1e6);
}

void neg_progress_time(char *buf, size_t size, double seconds)
{
  const long s = seconds > 0 ? (long)(fmin(seconds, 1e9) + 0.5) : 0;   /* a bound for the cast */
  if (s < 60)
    snprintf(buf, size, "%ld s", s);
  else if (s < 3600)
    snprintf(buf, size, "%ld min %02ld s", s / 60, s % 60);
  else
    snprintf(buf, size, "%ld h %02ld min", s / 3600, s / 60 % 60);
}

void neg_progress_update(neg_progress *p, uint64_t done)
{
  struct timespec now;
  double elapsed, rate;
  char r[32], left[32];
  if (!p->on) return;
  clock_gettime(CLOCK_MONOTONIC, &now);
  if (seconds(&p->last, &now) < NEG_PROGRESS_EVERY && done != p->total) return;
  p->last = now;
  elapsed = seconds(&p->start, &now);
  rate = elapsed > 0 ? (double)done / elapsed : 0.0;
  neg_progress_amount(r, sizeof r, rate);
  if (p->total) {
    neg_progress_time(left, sizeof left, rate > 0 ? (double)(p->total - done) / rate : 0.0);
    fprintf(stderr, "\rnegsim: %3.0f%%  %llu/%llu %s  %s %s/s  %s left   ",
            100.0 * (double)done / (double)p->total, (unsigned long long)done,
            (unsigned long long)p->total, p->unit, r, p->unit, left);
  } else {
    fprintf(stderr, "\rnegsim: %llu %s  %s %s/s   ", (unsigned long long)done, p->unit, r,
            p->unit);
  }
  fflush(stderr);
}

void neg_progress_end(neg_progress *p)
{
  if (!p->on) return;
  fprintf(stderr, "\r%79s\r", "");  /* wider than the longest line */
  fflush(stderr);
}
