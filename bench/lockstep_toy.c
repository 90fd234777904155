/* lockstep_toy.c: how fast can replicates of an event-driven model run
 * side by side in the lanes of a vector? (docs/PERFORMANCE.md, "Where the
 * time goes now")
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 *
 * A toy with the skeleton of negsim's event loop and little else: each
 * replicate has two breach clocks and two accusation clocks (geometric
 * waiting times by a table of cells, as fast_geom), weekly rounds that are
 * held with probability 0.7 and end in a ceasefire when two logit choices
 * (by a table of the logistic function) accept, a pause that may lapse
 * every 30 days, a count of breaches that ends it, and a horizon of 90
 * days. Its random words come from a table (the draw floor is not what is
 * measured). No windows, layers, detections, backers, momentum quantiles,
 * deal or tally: the real model does several times this work per event.
 *
 * LANES replicates run in lockstep: every step, each lane moves to its next
 * event and applies it, branch-free, so the compiler can vectorise the
 * step; a lane that ends starts the next replicate. LANES = 1 is the same
 * code one replicate at a time. Not part of the build:
 *
 *   clang -O3 -march=native -mprefer-vector-width=512 -ffp-contract=off \
 *         -fopenmp-simd bench/lockstep_toy.c -o /tmp/lockstep -lm
 *   clang -O3 -march=native -ffp-contract=off -DLANES=1 \
 *         bench/lockstep_toy.c -o /tmp/lockstep1 -lm
 *
 * (gcc 12 does not vectorise the step; clang 14 does.) */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#ifndef LANES
#define LANES 16
#endif
#define HORIZON 90
#define STEPS 20000000L
#define ALIGN __attribute__((aligned(64)))

static uint32_t words[1 << 16];          /* the random words, by counter */
static uint16_t cell[1024];              /* waiting time of a word's top 10 bits */
static int next_round[HORIZON + 2];      /* first round day after d */
static double sig[65];                   /* logistic at -8, -7.75, ..., 8 */

static struct {   /* the lanes' replicates */
  int d[LANES] ALIGN, tb0[LANES] ALIGN, tb1[LANES] ALIGN, ta0[LANES] ALIGN, ta1[LANES] ALIGN;
  int pend[LANES] ALIGN, b0[LANES] ALIGN, b1[LANES] ALIGN;
  double mom[LANES] ALIGN;
  uint32_t ctr[LANES] ALIGN;
  uint64_t out[LANES] ALIGN;
} s;

static uint32_t mix(uint32_t x)
{
  x ^= x >> 16; x *= 0x7feb352d; x ^= x >> 15; x *= 0x846ca68b; x ^= x >> 16;
  return x;
}

static inline uint32_t word(uint32_t c) { return words[c & 0xffff]; }
static inline int wait(uint32_t u) { return cell[u >> 22]; }

static void start(int l, uint32_t ctr)
{
  s.d[l] = s.b0[l] = s.b1[l] = 0;
  s.mom[l] = 0.0;
  s.pend[l] = 30;
  s.ctr[l] = ctr;
  s.tb0[l] = 1 + wait(word(s.ctr[l]++));
  s.tb1[l] = 1 + wait(word(s.ctr[l]++));
  s.ta0[l] = 1 + wait(word(s.ctr[l]++));
  s.ta1[l] = 1 + wait(word(s.ctr[l]++));
}

static inline int imin(int a, int b) { return a < b ? a : b; }
static inline int clampi(int i) { return i < 0 ? 0 : i > 64 ? 64 : i; }

int main(void)
{
  long events = 0, reps = 0;
  uint64_t sum = 0;
  uint32_t next = 0;
  struct timespec t0, t1;
  for (int i = 0; i < 1 << 16; i++) words[i] = mix((uint32_t)i);
  for (int i = 0; i < 1024; i++) cell[i] = (uint16_t)fmin(91.0, floor(log((i + 0.5) / 1024) / log(0.97)));
  for (int d = 0; d <= HORIZON + 1; d++) next_round[d] = imin((d / 7 + 1) * 7, HORIZON);
  for (int i = 0; i <= 64; i++) sig[i] = 1.0 / (1.0 + exp(-(-8.0 + i * 0.25)));
  for (int l = 0; l < LANES; l++, next += 1000) start(l, next);
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (long step = 0; step < STEPS / LANES; step++) {
    int end[LANES];
#pragma omp simd
    for (int l = 0; l < LANES; l++) {
      const int d = s.d[l], pe = s.pend[l];
      const int clock = imin(imin(s.tb0[l], s.tb1[l]), imin(s.ta0[l], s.ta1[l]));
      const int e = imin(imin(next_round[d], pe), clock);
      const uint32_t u1 = word(s.ctr[l]), u2 = word(s.ctr[l] + 1), u3 = word(s.ctr[l] + 2);
      const double t0 = (2.0 + e - s.b0[l]) / (10.0 + e), t1 = (2.0 + e - s.b1[l]) / (10.0 + e);
      const double v0 = -2.0 + 0.005 * e + 2.0 * (t0 - 0.5) + 2.0 * s.mom[l];
      const double v1 = 0.5 + 0.005 * e + 2.0 * (t1 - 0.5) - 2.0 * s.mom[l];
      const int yes0 = u1 * (1.0 / 4294967296.0) < sig[clampi((int)((v0 + 8.0) * 4.0))];
      const int yes1 = u2 * (1.0 / 4294967296.0) < sig[clampi((int)((v1 + 8.0) * 4.0))];
      const int ceasefire = (e == next_round[d]) & (u3 < 3006477107u) & yes0 & yes1;
      const int f0 = e == s.tb0[l], f1 = e == s.tb1[l];
      const int lapse = (e == pe) & ((u1 & 7) == 0);
      s.ctr[l] += 3;
      s.mom[l] += 0.05 * (double)(int)((u3 & 0xffff) - 32768u);
      s.b0[l] += f1;
      s.b1[l] += f0;
      s.tb0[l] = f0 ? e + 1 + wait(word(u1 ^ 0x55)) : s.tb0[l];
      s.tb1[l] = f1 ? e + 1 + wait(word(u2 ^ 0x55)) : s.tb1[l];
      s.ta0[l] = e == s.ta0[l] ? e + 1 + wait(word(u1 ^ 0x99)) : s.ta0[l];
      s.ta1[l] = e == s.ta1[l] ? e + 1 + wait(word(u2 ^ 0x99)) : s.ta1[l];
      s.pend[l] = e == pe ? pe + 30 : pe;
      end[l] = ceasefire | lapse | (e >= HORIZON) | (s.b0[l] >= 5) | (s.b1[l] >= 5);
      s.out[l] += (uint64_t)end[l] * (uint64_t)(ceasefire + 2 * lapse);
      s.d[l] = e;
    }
    events += LANES;
    for (int l = 0; l < LANES; l++)
      if (end[l]) reps++, start(l, next), next += 1000;
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  for (int l = 0; l < LANES; l++) sum += s.out[l];
  {
    const double sec = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    printf("%d lanes: %.2f ns per lane-event, %.1f events per replicate, %.3f us per replicate"
           " (checksum %llu)\n", LANES, sec * 1e9 / (double)events, (double)events / (double)reps,
           sec * 1e6 / (double)reps, (unsigned long long)sum);
  }
  return 0;
}
