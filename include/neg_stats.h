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

#endif
