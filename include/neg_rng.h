/* neg_rng.h: reproducible random streams, one per (seed, replicate, mechanism).
 *
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 *
 * Philox4x32-10 from Random123, exposed as gsl_rng so GSL's distributions work.
 * The key is the seed; the counter holds the replicate index, the mechanism
 * and the day, so every replicate and mechanism has its own streams, and
 * replicate i sees the same streams in every scenario (common random numbers).
 */
#ifndef NEG_RNG_H
#define NEG_RNG_H

#include <stdint.h>
#include <gsl/gsl_rng.h>

/* One sub-stream per mechanism of the model. Append only: renumbering
 * changes every result. */
typedef enum {
  NEG_STREAM_BREACH = 0,  /* whether each belligerent breaches */
  NEG_STREAM_DETECT,      /* whether each observer detects each breach */
  NEG_STREAM_ACCUSE,      /* false accusations */
  NEG_STREAM_MOMENTUM,    /* battlefield random walk */
  NEG_STREAM_ROUND,       /* whether a scheduled round is held */
  NEG_STREAM_ACCEPT,      /* ceasefire acceptance at rounds */
  NEG_STREAM_EXTEND,      /* extension decisions */
  NEG_STREAM_POLICY,      /* backers' policy rules */
  NEG_STREAM_MARITIME,    /* the maritime side deal */
  NEG_STREAM_PARAMS,      /* parameter uncertainty, drawn once per replicate */
  NEG_STREAM_COUNT
} neg_stream;

typedef struct neg_rng neg_rng;

/* Allocates the streams of one replicate; NULL when out of memory. */
neg_rng *neg_rng_alloc(void);
void neg_rng_free(neg_rng *r);

/* Selects replicate `replicate` of seed `seed` for the following draws. */
void neg_rng_set(neg_rng *r, uint64_t seed, uint64_t replicate);

/* The generator of mechanism m on day `day` (0..2^24-1), positioned at its
 * first draw: every (replicate, mechanism, day) has its own stream, so the
 * draws of one day never depend on how many draws earlier days made.
 * Call it once per mechanism and day, then draw in a fixed order. */
gsl_rng *neg_rng_draws(neg_rng *r, neg_stream m, int day);

/* A standard normal deviate from exactly two uniforms (Box-Muller), so a
 * stream's position never depends on the values drawn. */
double neg_rng_gaussian(gsl_rng *g);

/* Name of the generator, for the manifest. */
const char *neg_rng_name(void);

#endif
