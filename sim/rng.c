/* rng.c: Philox4x32-10 streams keyed by seed, counted by replicate,
 * mechanism, key and block.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 *
 * A stream's blocks are philox4x32(counter, seed) with counter words 0-1 the
 * replicate, word 2 (key << 8) | mechanism and word 3 the block number; its
 * words are drawn from the last of a block to the first. This is the layout
 * of Random123's gsl_microrng over philox4x32, which negsim used before, so
 * the day-by-day model's draws are unchanged. */
#include "neg_rng.h"

#include <math.h>
#include <stdlib.h>
#include <Random123/philox.h>
#include <gsl/gsl_cdf.h>

struct neg_rng {
  uint32_t key[2];
  uint64_t replicate;
  neg_draws g[NEG_STREAM_COUNT];
};

#ifdef NEG_COUNT_DRAWS
_Thread_local uint64_t neg_count_blocks, neg_count_words;
static uint64_t count_blocks, count_words; /* totals folded in by neg_rng_free */
#endif

neg_rng *neg_rng_alloc(void)
{
  neg_rng *r = calloc(1, sizeof *r);
  if (!r) return NULL;
  neg_rng_set(r, 0, 0);
  return r;
}

void neg_rng_free(neg_rng *r)
{
  if (!r) return;
#ifdef NEG_COUNT_DRAWS
#pragma omp critical(neg_rng_count)
  {
    count_blocks += neg_count_blocks;
    count_words += neg_count_words;
  }
  neg_count_blocks = neg_count_words = 0;
#endif
  free(r);
}

void neg_rng_set(neg_rng *r, uint64_t seed, uint64_t replicate)
{
  r->key[0] = (uint32_t)seed;
  r->key[1] = (uint32_t)(seed >> 32);
  r->replicate = replicate;
}

void neg_draws_init(neg_draws *d, const neg_rng *r, neg_stream m, int key)
{
  d->ctr[0] = (uint32_t)r->replicate;
  d->ctr[1] = (uint32_t)(r->replicate >> 32);
  d->ctr[2] = ((uint32_t)key << 8) | (uint32_t)m;
  d->ctr[3] = 0;
  d->key[0] = r->key[0];
  d->key[1] = r->key[1];
  d->left = 0;
}

neg_draws *neg_rng_draws(neg_rng *r, neg_stream m, int key)
{
  neg_draws_init(&r->g[m], r, m, key);
  return &r->g[m];
}

void neg_draws_refill(neg_draws *d)
{
  philox4x32_ctr_t c = {{d->ctr[0], d->ctr[1], d->ctr[2], d->ctr[3]}};
  philox4x32_key_t k = {{d->key[0], d->key[1]}};
  philox4x32_ctr_t x = philox4x32(c, k);
  d->ctr[3]++;
  d->buf[0] = x.v[0];
  d->buf[1] = x.v[1];
  d->buf[2] = x.v[2];
  d->buf[3] = x.v[3];
  d->left = 4;
#ifdef NEG_COUNT_DRAWS
  neg_count_blocks++;
#endif
}

double neg_rng_gaussian(neg_draws *d)
{
  double u1 = neg_draws_open(d);
  double u2 = neg_draws_uniform(d);
  return sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
}

double neg_draws_normal(neg_draws *d)
{
  return gsl_cdf_ugaussian_Pinv(neg_draws_open(d));
}

const char *neg_rng_name(void)
{
  return "philox4x32-10";
}

int neg_rng_counts(uint64_t *blocks, uint64_t *words)
{
#ifdef NEG_COUNT_DRAWS
#pragma omp critical(neg_rng_count)
  {
    *blocks = count_blocks;
    *words = count_words;
  }
  return 1;
#else
  *blocks = 0;
  *words = 0;
  return 0;
#endif
}
