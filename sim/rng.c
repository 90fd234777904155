/* rng.c: Philox4x32-10 streams keyed by seed, counted by replicate,
 * mechanism and day.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "neg_rng.h"

#include <math.h>
#include <stdlib.h>
#include <Random123/philox.h>
#include <Random123/gsl_microrng.h>

/* gsl_rng_neg_philox: counter words 0-1 hold the replicate, word 2 the
 * mechanism and day, word 3 the draw count (2^32 blocks of 4 draws). */
GSL_MICRORNG(neg_philox, philox4x32);

struct neg_rng {
  philox4x32_key_t key;
  uint64_t replicate;
  gsl_rng *g[NEG_STREAM_COUNT];
};

neg_rng *neg_rng_alloc(void)
{
  neg_rng *r = calloc(1, sizeof *r);
  if (!r) return NULL;
  for (int m = 0; m < NEG_STREAM_COUNT; m++) {
    r->g[m] = gsl_rng_alloc(gsl_rng_neg_philox);
    if (!r->g[m]) {
      neg_rng_free(r);
      return NULL;
    }
  }
  neg_rng_set(r, 0, 0);
  return r;
}

void neg_rng_free(neg_rng *r)
{
  if (!r) return;
  for (int m = 0; m < NEG_STREAM_COUNT; m++) gsl_rng_free(r->g[m]);
  free(r);
}

void neg_rng_set(neg_rng *r, uint64_t seed, uint64_t replicate)
{
  r->key.v[0] = (uint32_t)seed;
  r->key.v[1] = (uint32_t)(seed >> 32);
  r->replicate = replicate;
}

gsl_rng *neg_rng_draws(neg_rng *r, neg_stream m, int day)
{
  philox4x32_ctr_t c = {{(uint32_t)r->replicate, (uint32_t)(r->replicate >> 32),
                         ((uint32_t)day << 8) | (uint32_t)m, 0}};
  neg_philox_reset(r->g[m], c, r->key);
  return r->g[m];
}

double neg_rng_gaussian(gsl_rng *g)
{
  double u1 = ((double)gsl_rng_get(g) + 0.5) / 4294967296.0; /* in (0,1) */
  double u2 = gsl_rng_uniform(g);
  return sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
}

const char *neg_rng_name(void)
{
  return "philox4x32-10";
}
