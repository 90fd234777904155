/* neg_stats.h: interval estimates.
 *
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 */
#ifndef NEG_STATS_H
#define NEG_STATS_H

#include <stdint.h>

/* Wilson score interval of k successes in n trials at confidence level
 * (e.g. 0.95). n == 0 gives [0, 1]. */
void neg_stats_wilson(uint64_t k, uint64_t n, double level, double *lo, double *hi);

/* Paired difference p_b - p_a over n replicates run with common random
 * numbers, where only_a replicates had the outcome under A only and only_b
 * under B only; normal interval at level from the paired variance. */
void neg_stats_paired(uint64_t n, uint64_t only_a, uint64_t only_b, double level,
                      double *diff, double *lo, double *hi);

/* Normal interval at level of p_b - p_a for two independent runs of n
 * replicates with ka and kb successes. */
void neg_stats_independent(uint64_t ka, uint64_t kb, uint64_t n, double level,
                           double *lo, double *hi);

#endif
