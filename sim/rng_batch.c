/* rng_batch.c: many Philox4x32-10 blocks at once, with vector
 * instructions.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 *
 * Each lane of a vector holds one block: x[0..3] hold word 0..3 of 4
 * blocks (SSE2, which every x86-64 processor has; AVX2's 8 lanes measured
 * no faster here), and one round of Philox is two 32x32->64-bit
 * multiplications per lane (pmuludq on the even lanes, then the odd ones),
 * xors and the key schedule, exactly as Random123's philox4x32 does it for
 * one block: the blocks are the same bits whichever way they are made. A
 * 4x4 transposition then turns the lanes back into blocks. Processors
 * without SSE2 compute the blocks one by one. */
#include "neg_rng.h"

#include <Random123/philox.h>

#if defined(__x86_64__) && defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
#define BATCH_SSE2 1
#include <emmintrin.h>
#endif

#ifdef NEG_COUNT_DRAWS
_Thread_local uint64_t neg_count_batched, neg_count_batches;
#endif

/* Counts a batch of n blocks (make bench's counting build). */
static inline void count_batch(int n)
{
#ifdef NEG_COUNT_DRAWS
  neg_count_batched += (uint64_t)n;
  neg_count_batches++;
#else
  (void)n;
#endif
}

/* Block b of the stream with counter words c0, c1, c2, by Random123. */
static philox4x32_ctr_t philox_one(const uint32_t key[2], uint32_t c0, uint32_t c1, uint32_t c2,
                                   uint32_t b)
{
  philox4x32_ctr_t c = {{c0, c1, c2, b}};
  philox4x32_key_t k = {{key[0], key[1]}};
  return philox4x32(c, k);
}

#ifdef BATCH_SSE2
/* Products m * x of 32-bit lanes: *lo their low words, *hi their high
 * words, lane for lane. */
static inline void mulhilo4(__m128i m, __m128i x, __m128i *lo, __m128i *hi)
{
  __m128i even = _mm_shuffle_epi32(_mm_mul_epu32(m, x), _MM_SHUFFLE(3, 1, 2, 0));
  __m128i odd = _mm_shuffle_epi32(_mm_mul_epu32(m, _mm_srli_epi64(x, 32)),
                                  _MM_SHUFFLE(3, 1, 2, 0));
  *lo = _mm_unpacklo_epi32(even, odd);
  *hi = _mm_unpackhi_epi32(even, odd);
}

/* Philox4x32-10 of four blocks, word j of block i in lane i of x[j]. */
static inline void philox4(__m128i x[4], const uint32_t key[2])
{
  const __m128i m0 = _mm_set1_epi32((int)PHILOX_M4x32_0), m1 = _mm_set1_epi32((int)PHILOX_M4x32_1);
  const __m128i w0 = _mm_set1_epi32((int)PHILOX_W32_0), w1 = _mm_set1_epi32((int)PHILOX_W32_1);
  __m128i k0 = _mm_set1_epi32((int)key[0]), k1 = _mm_set1_epi32((int)key[1]);
  for (int r = 0; r < 10; r++) {
    __m128i lo0, hi0, lo1, hi1;
    if (r) {
      k0 = _mm_add_epi32(k0, w0);
      k1 = _mm_add_epi32(k1, w1);
    }
    mulhilo4(m0, x[0], &lo0, &hi0);
    mulhilo4(m1, x[2], &lo1, &hi1);
    x[0] = _mm_xor_si128(_mm_xor_si128(hi1, x[1]), k0);
    x[1] = lo1;
    x[2] = _mm_xor_si128(_mm_xor_si128(hi0, x[3]), k1);
    x[3] = lo0;
  }
}

/* Transposes the 4x4 words a, b, c, d (rows) into r[0..3]: r[i] holds
 * lane i of a, b, c and d. */
static inline void transpose4(__m128i a, __m128i b, __m128i c, __m128i d, __m128i r[4])
{
  __m128i t0 = _mm_unpacklo_epi32(a, b), t1 = _mm_unpacklo_epi32(c, d);
  __m128i t2 = _mm_unpackhi_epi32(a, b), t3 = _mm_unpackhi_epi32(c, d);
  r[0] = _mm_unpacklo_epi64(t0, t1);
  r[1] = _mm_unpackhi_epi64(t0, t1);
  r[2] = _mm_unpacklo_epi64(t2, t3);
  r[3] = _mm_unpackhi_epi64(t2, t3);
}

/* Blocks b..b+3 of stream (c0, c1, c2) into words[0..15], stream order. */
static void run4(const uint32_t key[2], uint32_t c0, uint32_t c1, uint32_t c2, uint32_t b,
                 uint32_t *words)
{
  __m128i x[4] = {_mm_set1_epi32((int)c0), _mm_set1_epi32((int)c1), _mm_set1_epi32((int)c2),
                  _mm_add_epi32(_mm_set1_epi32((int)b), _mm_setr_epi32(0, 1, 2, 3))};
  __m128i r[4];
  philox4(x, key);
  transpose4(x[3], x[2], x[1], x[0], r);
  for (int i = 0; i < 4; i++) _mm_storeu_si128((__m128i *)(words + 4 * i), r[i]);
}

/* Block 0 of the streams (c0, c1, c2[i]), i = 0..3, into out[i]. */
static void firsts4(const uint32_t key[2], uint32_t c0, uint32_t c1, const uint32_t *c2,
                    uint32_t (*out)[4])
{
  __m128i x[4] = {_mm_set1_epi32((int)c0), _mm_set1_epi32((int)c1),
                  _mm_loadu_si128((const __m128i *)c2), _mm_setzero_si128()};
  __m128i r[4];
  philox4(x, key);
  transpose4(x[0], x[1], x[2], x[3], r);
  for (int i = 0; i < 4; i++) _mm_storeu_si128((__m128i *)out[i], r[i]);
}

#endif

void neg_philox_run(const uint32_t key[2], const uint32_t ctr[3], uint32_t b, int n,
                    uint32_t *words)
{
  int i = 0;
  count_batch(n);
#ifdef BATCH_SSE2
  for (; i + 4 <= n; i += 4) run4(key, ctr[0], ctr[1], ctr[2], b + (uint32_t)i, words + 4 * i);
#endif
  for (; i < n; i++) {
    philox4x32_ctr_t x = philox_one(key, ctr[0], ctr[1], ctr[2], b + (uint32_t)i);
    for (int j = 0; j < 4; j++) words[4 * i + j] = x.v[3 - j];
  }
}

void neg_philox_firsts(const uint32_t key[2], const uint32_t ctr[2], const uint32_t *c2, int n,
                       uint32_t (*out)[4])
{
  int i = 0;
  count_batch(n);
#ifdef BATCH_SSE2
  for (; i + 4 <= n; i += 4) firsts4(key, ctr[0], ctr[1], c2 + i, out + i);
#endif
  for (; i < n; i++) {
    philox4x32_ctr_t x = philox_one(key, ctr[0], ctr[1], c2[i], 0);
    for (int j = 0; j < 4; j++) out[i][j] = x.v[j];
  }
}
