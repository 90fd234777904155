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

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define NEG_X86 1
#include <immintrin.h>
#endif

struct neg_rng {
  uint32_t key[2];
  uint64_t replicate;
  neg_draws g[NEG_STREAM_COUNT];
};

#ifdef NEG_COUNT_DRAWS
_Thread_local uint64_t neg_count_blocks, neg_count_words;
static neg_rng_count count; /* totals folded in by neg_rng_free */
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
    count.blocks += neg_count_blocks;
    count.words += neg_count_words;
    count.batched += neg_count_batched;
    count.batches += neg_count_batches;
  }
  neg_count_blocks = neg_count_words = neg_count_batched = neg_count_batches = 0;
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

/* Evaluates the polynomial c[0] + c[1] x + ... + c[7] x^7 by Estrin's
 * scheme (pairs of terms, then pairs of pairs): 4 dependent steps instead
 * of Horner's 14, for the latency of every decision's momentum. */
static inline double poly7(const double *c, double x)
{
  const double x2 = x * x, x4 = x2 * x2;
  return ((c[0] + c[1] * x) + (c[2] + c[3] * x) * x2)
         + ((c[4] + c[5] * x) + (c[6] + c[7] * x) * x2) * x4;
}

/* Wichura, M. J. (1988), Algorithm AS 241, Applied Statistics 37(3),
 * 477-484: PPND16, rational approximations in three ranges; a, b for
 * |p - 1/2| <= 0.425 (the central range), c, d and e, f in the tails
 * (ppnd_a..ppnd_f). */
static const double ppnd_a[8] = {3.3871328727963666080e0, 1.3314166789178437745e+2,
                            1.9715909503065514427e+3, 1.3731693765509461125e+4,
                            4.5921953931549871457e+4, 6.7265770927008700853e+4,
                            3.3430575583588128105e+4, 2.5090809287301226727e+3};
static const double ppnd_b[8] = {1.0, 4.2313330701600911252e+1, 6.8718700749205790830e+2,
                            5.3941960214247511077e+3, 2.1213794301586595867e+4,
                            3.9307895800092710610e+4, 2.8729085735721942674e+4,
                            5.2264952788528545610e+3};
static const double ppnd_c[8] = {1.42343711074968357734e0, 4.63033784615654529590e0,
                            5.76949722146069140550e0, 3.64784832476320460504e0,
                            1.27045825245236838258e0, 2.41780725177450611770e-1,
                            2.27238449892691845833e-2, 7.74545014278341407640e-4};
static const double ppnd_d[8] = {1.0, 2.05319162663775882187e0, 1.67638483018380384940e0,
                            6.89767334985100004550e-1, 1.48103976427480074590e-1,
                            1.51986665636164571966e-2, 5.47593808499534494600e-4,
                            1.05075007164441684324e-9};
static const double ppnd_e[8] = {6.65790464350110377720e0, 5.46378491116411436990e0,
                            1.78482653991729133580e0, 2.96560571828504891230e-1,
                            2.65321895265761230930e-2, 1.24266094738807843860e-3,
                            2.71155556874348757815e-5, 2.01033439929228813265e-7};
static const double ppnd_f[8] = {1.0, 5.99832206555887937690e-1, 1.36929880922735805310e-1,
                            1.48753612908506148525e-2, 7.86869131145613259100e-4,
                            1.84631831751005468180e-5, 1.42151175831644588870e-7,
                            2.04426310338993978564e-15};
#define CENTRAL 0.425   /* |p - 1/2| of the central range */
#define CENTRAL_R 0.180625 /* CENTRAL^2: r = CENTRAL_R - q^2 there */

/* The quantile in the central range, q = p - 1/2 (|q| <= CENTRAL). */
static inline double central_quantile(double q)
{
  const double r = CENTRAL_R - q * q;
  return q * poly7(ppnd_a, r) / poly7(ppnd_b, r);
}

double neg_rng_normal_quantile(double p)
{
  double q = p - 0.5, r, x;
  if (fabs(q) <= CENTRAL) return central_quantile(q);
  r = sqrt(-log(q < 0.0 ? p : 1.0 - p));
  if (r <= 5.0) {
    r -= 1.6;
    x = poly7(ppnd_c, r) / poly7(ppnd_d, r);
  } else {
    r -= 5.0;
    x = poly7(ppnd_e, r) / poly7(ppnd_f, r);
  }
  return q < 0.0 ? -x : x;
}

#ifdef NEG_X86
/* poly7 on 8 lanes, the same operations in the same order (the build's
 * -ffp-contract=off keeps products and sums apart, as in poly7). */
__attribute__((target("avx512f"))) static inline __m512d poly7x8(const double *k, __m512d x)
{
  const __m512d x2 = _mm512_mul_pd(x, x), x4 = _mm512_mul_pd(x2, x2);
  __m512d t0 = _mm512_add_pd(_mm512_set1_pd(k[0]), _mm512_mul_pd(_mm512_set1_pd(k[1]), x));
  __m512d t1 = _mm512_add_pd(_mm512_set1_pd(k[2]), _mm512_mul_pd(_mm512_set1_pd(k[3]), x));
  __m512d t2 = _mm512_add_pd(_mm512_set1_pd(k[4]), _mm512_mul_pd(_mm512_set1_pd(k[5]), x));
  __m512d t3 = _mm512_add_pd(_mm512_set1_pd(k[6]), _mm512_mul_pd(_mm512_set1_pd(k[7]), x));
  return _mm512_add_pd(_mm512_add_pd(t0, _mm512_mul_pd(t1, x2)),
                       _mm512_mul_pd(_mm512_add_pd(t2, _mm512_mul_pd(t3, x2)), x4));
}

/* neg_normal_central of 8 words. */
__attribute__((target("avx512f"))) static void central8(const uint32_t *w, double *z)
{
  const __m512d half = _mm512_set1_pd(0.5);
  __m512d p = _mm512_mul_pd(
      _mm512_add_pd(_mm512_cvtepu32_pd(_mm256_loadu_si256((const __m256i *)w)), half),
      _mm512_set1_pd(1.0 / 4294967296.0));  /* neg_rng_open01 */
  __m512d q = _mm512_sub_pd(p, half);
  __m512d r = _mm512_sub_pd(_mm512_set1_pd(CENTRAL_R), _mm512_mul_pd(q, q));
  __m512d x = _mm512_div_pd(_mm512_mul_pd(q, poly7x8(ppnd_a, r)), poly7x8(ppnd_b, r));
  __mmask8 in = _mm512_cmp_pd_mask(_mm512_abs_pd(q), _mm512_set1_pd(CENTRAL), _CMP_LE_OQ);
  _mm512_storeu_pd(z, _mm512_mask_blend_pd(in, _mm512_set1_pd(NAN), x));
}
#endif

void neg_normal_central(const uint32_t *w, int n, double *z)
{
  int i = 0;
#ifdef NEG_X86
  if (neg_rng_avx512())
    for (; i + 8 <= n; i += 8) central8(w + i, z + i);
#endif
  for (; i < n; i++) {
    const double q = neg_rng_open01(w[i]) - 0.5;
    z[i] = fabs(q) <= CENTRAL ? central_quantile(q) : NAN;
  }
}

const char *neg_rng_name(void)
{
  return "philox4x32-10";
}

int neg_rng_counts(neg_rng_count *c)
{
#ifdef NEG_COUNT_DRAWS
#pragma omp critical(neg_rng_count)
  *c = count;
  return 1;
#else
  c->blocks = c->words = c->batched = c->batches = 0;
  return 0;
#endif
}
