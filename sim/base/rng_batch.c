/* rng_batch.c: many Philox4x32-10 blocks at once, with vector
 * instructions.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 *
 * Each lane of a vector holds one block: x[0..3] hold word 0..3 of 16
 * blocks (AVX-512, when the processor has it) or of 4 (SSE2, which every
 * x86-64 processor has), and one round of Philox is two 32x32->64-bit
 * multiplications per lane (pmuludq on the even lanes, then the odd ones),
 * xors and the key schedule, exactly as Random123's philox4x32 does it for
 * one block: the blocks are the same bits whichever way they are made. A
 * transposition then turns the lanes back into blocks. Other processors
 * compute the blocks one by one. */
#include "neg_rng.h"

#include <Random123/philox.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define BATCH_X86 1
#include <immintrin.h>
#endif

#ifdef NEG_COUNT_DRAWS
_Thread_local uint64_t neg_count_batched, neg_count_batches;
#endif

/* The widest code neg_philox_lanes may use (neg_philox_use; tests). */
static int batch_cap = NEG_PHILOX_AVX512;

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

/* Block b of the stream with counter words c0, c1, c2, by Random123, into
 * out in the order the stream draws its words (last first). */
static void philox_one(const uint32_t key[2], uint32_t c0, uint32_t c1, uint32_t c2, uint32_t b,
                       uint32_t out[4])
{
  philox4x32_ctr_t c = {{c0, c1, c2, b}};
  philox4x32_key_t k = {{key[0], key[1]}};
  philox4x32_ctr_t x = philox4x32(c, k);
  for (int j = 0; j < 4; j++) out[j] = x.v[3 - j];
}

#ifdef BATCH_X86
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

/* Blocks b[i] of the streams (c0, c1, c2[i]), i = 0..3, into out[i]. */
static void lanes4(const uint32_t key[2], uint32_t c0, uint32_t c1, const uint32_t *c2,
                   const uint32_t *b, uint32_t (*out)[4])
{
  const __m128i m0 = _mm_set1_epi32((int)PHILOX_M4x32_0), m1 = _mm_set1_epi32((int)PHILOX_M4x32_1);
  const __m128i w0 = _mm_set1_epi32((int)PHILOX_W32_0), w1 = _mm_set1_epi32((int)PHILOX_W32_1);
  __m128i k0 = _mm_set1_epi32((int)key[0]), k1 = _mm_set1_epi32((int)key[1]);
  __m128i x0 = _mm_set1_epi32((int)c0), x1 = _mm_set1_epi32((int)c1);
  __m128i x2 = _mm_loadu_si128((const __m128i *)c2), x3 = _mm_loadu_si128((const __m128i *)b);
  for (int r = 0; r < 10; r++) {
    __m128i lo0, hi0, lo1, hi1;
    if (r) {
      k0 = _mm_add_epi32(k0, w0);
      k1 = _mm_add_epi32(k1, w1);
    }
    mulhilo4(m0, x0, &lo0, &hi0);
    mulhilo4(m1, x2, &lo1, &hi1);
    x0 = _mm_xor_si128(_mm_xor_si128(hi1, x1), k0);
    x1 = lo1;
    x2 = _mm_xor_si128(_mm_xor_si128(hi0, x3), k1);
    x3 = lo0;
  }
  /* transpose: block i is lane i of x3..x0 (last word first) */
  __m128i t0 = _mm_unpacklo_epi32(x3, x2), t1 = _mm_unpacklo_epi32(x1, x0);
  __m128i t2 = _mm_unpackhi_epi32(x3, x2), t3 = _mm_unpackhi_epi32(x1, x0);
  _mm_storeu_si128((__m128i *)out[0], _mm_unpacklo_epi64(t0, t1));
  _mm_storeu_si128((__m128i *)out[1], _mm_unpackhi_epi64(t0, t1));
  _mm_storeu_si128((__m128i *)out[2], _mm_unpacklo_epi64(t2, t3));
  _mm_storeu_si128((__m128i *)out[3], _mm_unpackhi_epi64(t2, t3));
}

#define AVX512 __attribute__((target("avx512f")))

/* mulhilo4 on 16 lanes: the odd lanes' products move to their place by
 * swapping the words of each pair (CDAB), under a mask. */
AVX512 static inline void mulhilo16(__m512i m, __m512i x, __m512i *lo, __m512i *hi)
{
  __m512i even = _mm512_mul_epu32(m, x), odd = _mm512_mul_epu32(m, _mm512_srli_epi64(x, 32));
  *lo = _mm512_mask_shuffle_epi32(even, 0xAAAA, odd, _MM_PERM_CDAB);
  *hi = _mm512_mask_shuffle_epi32(odd, 0x5555, even, _MM_PERM_CDAB);
}

/* Blocks b[i] of the streams (c0, c1, c2[i]), i = 0..n-1 (n <= 16), into
 * out[i]. */
AVX512 static void lanes16(const uint32_t key[2], uint32_t c0, uint32_t c1, const uint32_t *c2,
                           const uint32_t *b, int n, uint32_t (*out)[4])
{
  const __m512i m0 = _mm512_set1_epi32((int)PHILOX_M4x32_0);
  const __m512i m1 = _mm512_set1_epi32((int)PHILOX_M4x32_1);
  const __m512i w0 = _mm512_set1_epi32((int)PHILOX_W32_0), w1 = _mm512_set1_epi32((int)PHILOX_W32_1);
  const __mmask16 in = (__mmask16)((1u << n) - 1u);
  __m512i k0 = _mm512_set1_epi32((int)key[0]), k1 = _mm512_set1_epi32((int)key[1]);
  __m512i x0 = _mm512_set1_epi32((int)c0), x1 = _mm512_set1_epi32((int)c1);
  __m512i x2 = _mm512_maskz_loadu_epi32(in, c2), x3 = _mm512_maskz_loadu_epi32(in, b);
  __m512i t0, t1, t2, t3, r0, r1, r2, r3, u0, u1, u2, u3;
  for (int r = 0; r < 10; r++) {
    __m512i lo0, hi0, lo1, hi1;
    if (r) {
      k0 = _mm512_add_epi32(k0, w0);
      k1 = _mm512_add_epi32(k1, w1);
    }
    mulhilo16(m0, x0, &lo0, &hi0);
    mulhilo16(m1, x2, &lo1, &hi1);
    x0 = _mm512_ternarylogic_epi32(hi1, x1, k0, 0x96);  /* three-way xor */
    x1 = lo1;
    x2 = _mm512_ternarylogic_epi32(hi0, x3, k1, 0x96);
    x3 = lo0;
  }
  /* in each 128-bit lane L, r_j holds block 4L + j; then the lanes are
   * gathered so that s_L (stored at out[4L]) holds blocks 4L..4L+3 */
  t0 = _mm512_unpacklo_epi32(x3, x2);  /* last word first */
  t1 = _mm512_unpacklo_epi32(x1, x0);
  t2 = _mm512_unpackhi_epi32(x3, x2);
  t3 = _mm512_unpackhi_epi32(x1, x0);
  r0 = _mm512_unpacklo_epi64(t0, t1);
  r1 = _mm512_unpackhi_epi64(t0, t1);
  r2 = _mm512_unpacklo_epi64(t2, t3);
  r3 = _mm512_unpackhi_epi64(t2, t3);
  u0 = _mm512_shuffle_i32x4(r0, r1, _MM_SHUFFLE(1, 0, 1, 0));
  u1 = _mm512_shuffle_i32x4(r2, r3, _MM_SHUFFLE(1, 0, 1, 0));
  u2 = _mm512_shuffle_i32x4(r0, r1, _MM_SHUFFLE(3, 2, 3, 2));
  u3 = _mm512_shuffle_i32x4(r2, r3, _MM_SHUFFLE(3, 2, 3, 2));
  __m512i s[4] = {_mm512_shuffle_i32x4(u0, u1, _MM_SHUFFLE(2, 0, 2, 0)),
                  _mm512_shuffle_i32x4(u0, u1, _MM_SHUFFLE(3, 1, 3, 1)),
                  _mm512_shuffle_i32x4(u2, u3, _MM_SHUFFLE(2, 0, 2, 0)),
                  _mm512_shuffle_i32x4(u2, u3, _MM_SHUFFLE(3, 1, 3, 1))};
  for (int l = 0; l < 4 && 4 * l < n; l++) {
    int words = 4 * (n - 4 * l);  /* words of out[4l..] to write, at most 16 */
    __mmask16 keep = (__mmask16)(words >= 16 ? 0xffffu : (1u << words) - 1u);
    _mm512_mask_storeu_epi32(out[4 * l], keep, s[l]);
  }
}

/* 1 when the processor (and the system) can run lanes16. */
static int has_avx512(void)
{
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f");
}
#endif

int neg_philox_use(int level)
{
  int best = NEG_PHILOX_SCALAR;
#ifdef BATCH_X86
  best = has_avx512() ? NEG_PHILOX_AVX512 : NEG_PHILOX_SSE2;
#endif
  batch_cap = level < best ? level : best;
  return batch_cap;
}

int neg_rng_avx512(void)
{
#ifdef BATCH_X86
  return batch_cap >= NEG_PHILOX_AVX512 && has_avx512();
#else
  return 0;
#endif
}

void neg_philox_lanes(const uint32_t key[2], uint32_t c0, uint32_t c1, const uint32_t *c2,
                      const uint32_t *b, int n, uint32_t (*out)[4])
{
  int i = 0;
  count_batch(n);
#ifdef BATCH_X86
  if (neg_rng_avx512())
    for (; i < n; i += 16) lanes16(key, c0, c1, c2 + i, b + i, n - i < 16 ? n - i : 16, out + i);
  if (batch_cap >= NEG_PHILOX_SSE2)
    for (; i + 4 <= n; i += 4) lanes4(key, c0, c1, c2 + i, b + i, out + i);
#endif
  for (; i < n; i++) philox_one(key, c0, c1, c2[i], b[i], out[i]);
}
