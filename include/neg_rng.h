/* neg_rng.h: reproducible random streams, one per (seed, replicate,
 * mechanism, key).
 *
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 *
 * Philox4x32-10 from Random123, used directly as a counter-based generator.
 * The key is the seed; the counter holds the replicate index, the mechanism,
 * a key within the mechanism (a day, or a party for the event-driven
 * model's clocks) and the block number, so every replicate and mechanism
 * has its own streams, and replicate i sees the same streams in every
 * scenario (common random numbers). docs/MODEL.md, "Randomness", gives the
 * layout.
 */
#ifndef NEG_RNG_H
#define NEG_RNG_H

#include <stdint.h>

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
  NEG_STREAM_ACTION,      /* rules of the general model (deal, renewal, day, threshold
                           * events, and every rule of a general scenario in the engine) */
  NEG_STREAM_DEALS,       /* the side deals declared in deals */
  NEG_STREAM_KIND,        /* incidents: whether each is major, tolerated */
  NEG_STREAM_COUNT
} neg_stream;

#define NEG_RNG_KEY_MAX 0xffffff  /* largest key of a stream (24 bits) */

/* One stream: draws 32-bit words from successive Philox blocks of one
 * counter, four words a block, last word first. Plain data: a caller may
 * hold any number of them (neg_draws_init). */
typedef struct {
  uint32_t ctr[4];     /* counter of the next block; ctr[3] numbers blocks */
  uint32_t key[2];     /* the seed */
  uint32_t buf[4];     /* the current block */
  int left;            /* words of buf not yet drawn */
} neg_draws;

#ifdef NEG_COUNT_DRAWS
/* Blocks computed one by one and words drawn by this thread, and blocks
 * computed by neg_philox_lanes in how many calls (make bench
 * only). */
extern _Thread_local uint64_t neg_count_blocks, neg_count_words;
extern _Thread_local uint64_t neg_count_batched, neg_count_batches;
#endif

typedef struct neg_rng neg_rng;

/* Allocates the streams of one replicate; NULL when out of memory. */
neg_rng *neg_rng_alloc(void);
void neg_rng_free(neg_rng *r);

/* Selects replicate `replicate` of seed `seed` for the following draws. */
void neg_rng_set(neg_rng *r, uint64_t seed, uint64_t replicate);

/* The stream of mechanism m with key `key` (0..NEG_RNG_KEY_MAX; a day in
 * the day-by-day model), held by r and positioned at its first draw: every
 * (replicate, mechanism, key) has its own stream, so the draws of one day
 * never depend on how many draws earlier days made. Call it once per
 * mechanism and day, then draw in a fixed order. */
neg_draws *neg_rng_draws(neg_rng *r, neg_stream m, int key);

/* Positions a stream d held by the caller at the first draw of
 * (replicate of r, mechanism m, key). */
void neg_draws_init(neg_draws *d, const neg_rng *r, neg_stream m, int key);

/* Computes the next block of d (called by neg_draws_u32). */
void neg_draws_refill(neg_draws *d);

/* The code neg_philox_lanes computes blocks with. */
enum { NEG_PHILOX_SCALAR, NEG_PHILOX_SSE2, NEG_PHILOX_AVX512 };

/* Block b[i] of the stream of counter words c0, c1, c2[i] and key `key`
 * (the seed; neg_draws_init sets the counter words of a stream in ctr[0..2]
 * and the key), for i = 0..n-1, into out[i] in the order the stream draws
 * them (out[i][j] is word 4 b[i] + j of neg_draws_at): the same blocks as
 * refills make, computed 16 or 4 at once by the vector instructions of the
 * processor (rng_batch.c). */
void neg_philox_lanes(const uint32_t key[2], uint32_t c0, uint32_t c1, const uint32_t *c2,
                      const uint32_t *b, int n, uint32_t (*out)[4]);

/* Limits neg_philox_lanes and neg_normal_central to the code of `level`
 * (NEG_PHILOX_*) or less (for tests; not while other threads draw).
 * Returns the level they will use: the smaller of `level` and the best the
 * processor has. */
int neg_philox_use(int level);

/* 1 when the batch functions may use AVX-512 (the processor has it and
 * neg_philox_use allows it). */
int neg_rng_avx512(void);

/* Gives d, just positioned by neg_draws_init, its first block (computed
 * by neg_philox_lanes), as its first refill would. */
static inline void neg_draws_load(neg_draws *d, const uint32_t block[4])
{
  for (int j = 0; j < 4; j++) d->buf[j] = block[3 - j];
  d->ctr[3] = 1;
  d->left = 4;
}

/* The next 32-bit word of d. */
static inline uint32_t neg_draws_u32(neg_draws *d)
{
  if (d->left == 0) neg_draws_refill(d);
#ifdef NEG_COUNT_DRAWS
  neg_count_words++;
#endif
  return d->buf[--d->left];
}

/* Word i of d's stream (random access: words 4b..4b+3 are block b, drawn
 * last first as by neg_draws_u32). Keeps the latest block, so words of one
 * block cost one Philox call. Do not mix with neg_draws_u32 on one stream. */
static inline uint32_t neg_draws_at(neg_draws *d, uint32_t i)
{
  if (d->ctr[3] != (i >> 2) + 1) {
    d->ctr[3] = i >> 2;
    neg_draws_refill(d);
  }
#ifdef NEG_COUNT_DRAWS
  neg_count_words++;
#endif
  return d->buf[3 - (i & 3)];
}

/* The word *w of a block computed by neg_philox_lanes (counted by make
 * bench's build). */
static inline uint32_t neg_word(const uint32_t *w)
{
#ifdef NEG_COUNT_DRAWS
  neg_count_words++;
#endif
  return *w;
}

/* A 32-bit word as a uniform deviate in [0, 1) (multiples of 2^-32). */
static inline double neg_rng_u01(uint32_t x)
{
  return x * (1.0 / 4294967296.0);
}

/* A 32-bit word as a uniform deviate in (0, 1): (x + 1/2) 2^-32. */
static inline double neg_rng_open01(uint32_t x)
{
  return (x + 0.5) * (1.0 / 4294967296.0);
}

/* A uniform deviate in [0, 1) (multiples of 2^-32). */
static inline double neg_draws_uniform(neg_draws *d)
{
  return neg_draws_u32(d) * (1.0 / 4294967296.0);
}

/* A uniform deviate in (0, 1): (k + 1/2) 2^-32. */
static inline double neg_draws_open(neg_draws *d)
{
  return (neg_draws_u32(d) + 0.5) * (1.0 / 4294967296.0);
}

/* A standard normal deviate from exactly two uniforms (Box-Muller), so a
 * stream's position never depends on the values drawn. */
double neg_rng_gaussian(neg_draws *d);

/* The standard normal quantile of p in (0, 1) (Wichura's AS 241,
 * relative error about 1e-16): a normal deviate from one uniform, monotone
 * in it, so common random numbers move it smoothly. */
double neg_rng_normal_quantile(double p);

/* z[i] = neg_rng_normal_quantile(neg_rng_open01(w[i])), i = 0..n-1, for
 * the words whose uniform p lies in the central range of AS 241
 * (|p - 1/2| <= 0.425: 85% of them), 8 at a time with AVX-512 where the
 * processor has it (the same bits); NaN for the others, whose quantile
 * needs a logarithm. */
void neg_normal_central(const uint32_t *w, int n, double *z);

/* Name of the generator, for the manifest. */
const char *neg_rng_name(void);

/* What threads that have since freed a neg_rng drew (the engine's threads
 * free theirs at the end of a run). */
typedef struct {
  uint64_t blocks;   /* blocks computed one by one */
  uint64_t words;    /* 32-bit words drawn */
  uint64_t batched;  /* blocks computed by neg_philox_lanes */
  uint64_t batches;  /* their calls */
} neg_rng_count;

/* Sets *c to the counts, all 0 unless negsim was compiled with
 * -DNEG_COUNT_DRAWS (make bench). Returns 1 when counting is compiled in,
 * else 0. */
int neg_rng_counts(neg_rng_count *c);

#endif
