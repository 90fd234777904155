/* fast.c: the event-driven replicate runner.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 *
 * A replicate of the model of model.c, simulated from event to event
 * instead of day by day. Between two events nothing but trust (one more
 * day of compliance), momentum (one more random step) and the tally moves,
 * so only event days are simulated, with the mechanisms of model.c:
 *
 *  - breaches: belligerent k breaches each day with probability p_k(A_k),
 *    A_k its attributed breaches in the window, as the union of
 *    independent daily trials, layers 0..A_k (fast_layer); each layer
 *    fires after a geometric waiting time, drawn when it starts and after
 *    it fires, and stops (its pending day ignored) when A_k falls below it;
 *  - false accusations and the maritime deal: geometric waiting times of
 *    constant daily probability (fast_geom: with fixed parameters, by a
 *    table of thresholds, without logarithms);
 *  - rounds, ends of term and the horizon: known days;
 *  - momentum: the sum of k daily steps of constant drift (the aid level
 *    only changes at events) is one normal draw of variance k sigma^2,
 *    drawn when a decision needs it;
 *  - trust: a quiet day adds one to a, which raises trust, and the window
 *    only empties, so collapse is only checked on a belligerent's
 *    attribution days (and on day 1, when the prior is below the floor);
 *  - the tally: a stretch of days in one state is added with difference
 *    arrays; trust over a stretch is a function of (day, attribution days
 *    b, deal), so it is counted by (deal, b, day) and converted once per
 *    flush, giving the same integer sums as a day-by-day tally.
 *
 * Streams (neg_rng.h; docs/MODEL.md, "Randomness"), for belligerent k at
 * party index i and the j-th decision day of the scenario (a scheduled
 * round or the end of a term): its breach layers and false accusations
 * draw in sequence from (BREACH, i) and (ACCUSE, i); the detection of its n-th breach by its
 * r-th observer is word n(B-1)+r of (DETECT, i), B belligerents; on
 * decision day j, word j of (ROUND, 0) holds the round, word jB+k of
 * (ACCEPT, 0) k's choice, word j of (MOMENTUM, 0) the momentum step, words
 * from jP of (POLICY, 0) the backers' reactions to the round (P the most
 * a round can draw); at the end of term x, word xB+k of (EXTEND, 0) k's
 * choice; reactions to breaches on day d draw from (POLICY, d+1); the
 * deal's day is word 0 of (MARITIME, 0), the final momentum of a record
 * word 0 of (MOMENTUM, 1). The words of decision days are computed
 * FAST_CHUNK days at a time, and every other stream's first block when a
 * replicate starts, by vector code (fast_fill): the same words.
 *
 * The functions of a replicate take the number of belligerents nb and are
 * always inlined, so the kernel for two (fast_day_two) has constant loop
 * bounds. */
#include "neg_fast.h"
#include "neg_mech.h"
#include "fast_cache.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define FAST_HIST_ROWS 64      /* rows (attribution days b = 0..63) of the trust
                                * histograms; a stretch with more is tallied day
                                * by day (the same sums) */
/* rule lists: the round's; each belligerent's acceptance, refusal, breach */
#define FAST_LISTS (1 + 3 * NEG_MAX_PARTIES)
#define FAST_TABLE_MASKS 1024  /* largest table of aid levels, by supplying parties */
#define FAST_SIG_HALF 8.0      /* the table of the logistic function covers (-8, 8) */
#define FAST_SIG_PER_UNIT 4    /* ... in steps of 1/4 */
#define FAST_SIG_CELLS 64      /* 2 * FAST_SIG_HALF * FAST_SIG_PER_UNIT */
#define FAST_SIG_INNER 7.99    /* u / t within this bracket by the table */
#define FAST_SIG_SLACK 1e-9    /* far beyond the rounding of u * (1 / t) */
#define FAST_INLINE static inline __attribute__((always_inline))  /* see above */
#define FAST_CHUNK 16          /* decision days whose words one batch computes (a
                                * multiple of 4: whole blocks of every stream) */
/* the streams read at decision days, computed in batches (fast_fill) */
enum { FAST_D_ROUND, FAST_D_MOM, FAST_D_ACCEPT, FAST_D_POLICY, FAST_DSTREAMS };
#define FAST_FIRSTS (3 * NEG_MAX_PARTIES + 2) /* streams whose first block a replicate's
                                               * first batch computes */

#define FAST_LN_CELLS 256      /* cells of the table of ln (fast_ln_word) */
#define FAST_LAW_ILG_MAX 1e8   /* |1 / log(1 - p)| below which fast_ln_word is
                                * accurate enough for a law's table */
#define FAST_CELL_BITS 10      /* a law's words in 2^10 cells by their top bits */
#define FAST_CELL_MIXED 0xffff /* a cell that holds two thresholds or more (or
                                * any cell, when the horizon is as long) */

/* The law of a geometric waiting time: the day an event of daily
 * probability p first happens. */
typedef struct {
  double ilg;   /* 1 / log(1 - p): -inf when p = 0, -0 when p = 1 (NaN: not yet known) */
  const int64_t *w;  /* w[k + 1], k = -1..horizon + 2: the largest word whose
                     * uniform (w + 1/2) 2^-32 is at most (1 - p)^k (-1 at
                     * k = horizon + 2); NULL: not tabulated */
  const uint16_t *cell; /* [u >> (32 - FAST_CELL_BITS)]: K of the cell's largest
                         * word, capped at horizon + 1, when the cell holds at
                         * most one threshold, else FAST_CELL_MIXED */
  /* (both in the runner's law cache) */
} fast_law;

/* A backer's policy rule, compiled. */
typedef struct {
  int backer;
  neg_action action;
  double probability;
} fast_rule;

/* Constants of one belligerent. */
typedef struct {
  int party;            /* party index */
  int window;           /* window_days */
  int tolerance;
  int recip;            /* 1 when the breach probability depends on the window */
  double floor;         /* trust_floor */
  double prior_a, prior_b;
  double detection;
  fast_law fa;          /* false accusations */
  double inv_temp;      /* 1 / temperature (when positive) */
  double *lq;           /* [a]: log(1 - p(a)), a the window's count (NaN: not yet known) */
  fast_law *layer;      /* [a]: layer a of its breaches, r_a its probability (NaN: ditto) */
  const neg_party *p;
} fast_bell;

/* State of one belligerent in a replicate. */
typedef struct {
  int *t_layer;         /* [a]: day layer a of its breaches next fires, or never */
  int active;           /* layers 0..active are running (active: its window count
                         * when last brought up to date) */
  int t_breach;         /* the first of t_layer[0..active] */
  int t_accuse;         /* day of its next false accusation, or never */
  int sum;              /* attributed breaches in the window */
  int b;                /* days with an attributed breach so far */
  int breaches;         /* breaches committed so far */
  int head, n;          /* window entries: ring of (day, count) */
  int t_expire;         /* the first day whose end drops the oldest entry, or
                         * never when the window is empty */
  int *qday;
  unsigned char *qcnt;
  neg_draws g_breach, g_accuse, g_detect;
} fast_state;

struct neg_fast {
  const neg_scenario *s;
  int horizon, never, nb, np, bcap;
  int n_dec;            /* decision days: scheduled rounds and ends of term */
  int force_day1;       /* a quiet day 1 can collapse: simulate it */
  int maxpol;           /* policy words reserved per round */
  int breach_rules;     /* some policy reacts to breaches */
  double bonus;         /* maritime trust bonus */
  fast_law maritime;    /* the maritime deal */
  int tabulate;         /* the laws have tables (the parameters are fixed) */
  int n_rules;          /* 1 + the rules of all parties (the size of the lists) */
  neg_law_cache *cache; /* the tables of the laws */
  int own_cache;        /* 1 when f allocated it */
  double ln_c[FAST_LN_CELLS], ln_inv[FAST_LN_CELLS]; /* ln c_j, 1 / c_j (fast_ln_word) */
  int tables;           /* aid and penalties come from the tables below */
  double *aid_of;       /* [mask]: aid level when the backers in mask supply */
  double *pen_of;       /* [(mask * 4 + sanctions * 2 + deal) * nb + k]: penalty, */
  unsigned char *blk_of;/* and 1 when a hard condition of k fails */
  fast_bell bell[NEG_MAX_PARTIES];
  fast_state st[NEG_MAX_PARTIES];
  unsigned char *round_day; /* [d]: a round is scheduled on day d (every, days) */
  int *next_round;          /* [d]: first such day, or the horizon, after d */
  int *ord;                 /* [d]: index of decision day d, or -1 */
  fast_rule *rules;         /* the lists, one after another */
  int list_at[FAST_LISTS], list_n[FAST_LISTS];
  unsigned char silent[NEG_MAX_PARTIES]; /* no rule reacts to k's choice */
  double sig[FAST_SIG_CELLS + 1];        /* neg_choice_prob(x, 1) at x = -8, -7.75, ..., 8 */
  double *sqrt_of;                       /* [k]: sqrt(k), k = 0..horizon + 1 */

  /* pending day sums, as difference arrays over days 0..horizon+1 */
  int32_t *hold[2];         /* holding in the first pause / extended */
  int32_t *deal;
  uint64_t *aid;
  uint64_t *live[NEG_MAX_PARTIES]; /* breaches of replicates not done */
  int32_t *hist[NEG_MAX_PARTIES][2]; /* [k][deal][b * days + d] */
  int bmax[NEG_MAX_PARTIES];         /* largest b in hist since the flush */
  int pending;

  neg_world *scratch;       /* for calls to the reference's functions */

  /* the replicate */
  neg_world w;
  int s_hold, s_aid, s_deal;   /* first days of the open stretches */
  int s_trust[NEG_MAX_PARTIES], s_live[NEG_MAX_PARTIES];
  int mom_day;          /* day up to which momentum's drift is added */
  int mom_var;          /* steps since momentum's last normal draw */
  int t_deal;           /* day of the maritime deal, or never (once reached) */
  int t_clock;          /* the first day a clock fires (fast_next_clock) */
  unsigned mask;        /* backers supplying aid (bit per party) */
  int cond_valid;       /* penalty and blocked hold for the levers as they are */
  double penalty[NEG_MAX_PARTIES];
  int blocked[NEG_MAX_PARTIES];
  neg_draws g_extend, g_maritime;
  /* the decision streams: word j of ROUND and MOMENTUM, words jB..jB+B-1
   * of ACCEPT and jP..jP+P-1 of POLICY for decision day j (B
   * belligerents, P = maxpol), computed FAST_CHUNK days at a time */
  neg_draws dg[FAST_DSTREAMS];  /* their counters */
  int per_day[FAST_DSTREAMS];   /* words per decision day */
  uint32_t *words[FAST_DSTREAMS];
  double *mom_z;                /* [j]: the normal quantile of MOMENTUM's word j
                                 * (neg_normal_central: NaN in the tails) */
  int filled;                   /* decision days whose words are computed */
  neg_draws *firsts[FAST_FIRSTS]; /* the other streams, their first blocks */
  int n_firsts;                 /* computed with the first days' words */
  int n_lanes;                  /* blocks of one batch of decision days */
  uint32_t *lane_c2, *lane_b;   /* [lane]: counter word 2 and block number of the
                                 * blocks of a batch (neg_philox_lanes), each
                                 * stream's in turn, then the n_firsts first
                                 * blocks (the first batch of a replicate), */
  uint32_t *lane_b0, *lane_step; /* its block in the first batch, the blocks it
                                 * moves on by per batch, */
  int lanes_set;                /* lane_c2, _b0 and _step are set */
  uint32_t (*lane_out)[4];      /* and the blocks */
  uint32_t *react_words;        /* words of the reactions to breaches of a day */
  unsigned char breached[NEG_MAX_PARTIES];
  int count[NEG_MAX_PARTIES];
};

/* Index of a rule list: the round's, or belligerent k's for an event. */
static inline int list_of(neg_event ev, int k)
{
  switch (ev) {
  case NEG_EVENT_ACCEPTANCE: return 1 + 3 * k;
  case NEG_EVENT_REFUSAL: return 2 + 3 * k;
  case NEG_EVENT_BREACH: return 3 + 3 * k;
  default: return 0;
  }
}

/* Returns k's trust at the end of day d with b attribution days and the
 * deal reached (deal 1) or not, as a / (a + b) of its Beta belief. */
static inline double fast_trust(const neg_fast *f, int k, int d, int b, int deal)
{
  const fast_bell *c = &f->bell[k];
  double a = c->prior_a + (double)(d - b) + (double)deal * f->bonus;
  double bb = c->prior_b + (double)b;
  return a / (a + bb);
}

/* ln((u + 1/2) 2^-32) within 3e-9: the exponent, the table of ln c_j and
 * 1 / c_j at c_j = 1 + (j + 1/2) / 256 for the top 8 bits of the
 * mantissa m, and ln(m / c_j) = ln(1 + t), |t| < 2^-9, as t - t^2 / 2. */
static inline double fast_ln_word(const neg_fast *f, uint32_t u)
{
  double v = (double)u + 0.5, m, t;
  uint64_t bits, mb;
  int e, j;
  memcpy(&bits, &v, sizeof bits);
  e = (int)(bits >> 52) - 1023;
  j = (int)(bits >> 44) & (FAST_LN_CELLS - 1);
  mb = (bits & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL;
  memcpy(&m, &mb, sizeof m);
  t = m * f->ln_inv[j] - 1.0;
  return (double)(e - 32) * M_LN2 + f->ln_c[j] + (t - 0.5 * t * t);
}

/* Fills the table of fast_ln_word. */
static void fast_ln_init(neg_fast *f)
{
  for (int j = 0; j < FAST_LN_CELLS; j++) {
    double c = 1.0 + (j + 0.5) / FAST_LN_CELLS;
    f->ln_c[j] = log(c);
    f->ln_inv[j] = 1.0 / c;
  }
}

/* Returns the first day from `start` on which an event of law l happens
 * (daily probability p), or f->never after the horizon: start + K, K the
 * number of days it does not happen, a geometric waiting time by inverse
 * distribution function of one word u of g, U = (u + 1/2) 2^-32: K is the
 * largest k with U <= (1 - p)^k. With a table, the cell of u gives K of its
 * largest word, and one threshold whether u is below it (K one more); in a
 * cell of several thresholds, K is one of the three integers around
 * ln(U) / ln(1 - p), computed roughly (within 1/2), and two thresholds
 * settle which. Otherwise K is floor(log(U) / log(1 - p)). p = 0
 * (ilg = -inf) never happens, p = 1 (ilg = -0) happens at once. */
static inline int fast_geom(const neg_fast *f, neg_draws *g, int start, const fast_law *l)
{
  const uint32_t u = neg_draws_u32(g);
  double x;
  if (l->w) {
    int k = l->cell[u >> (32 - FAST_CELL_BITS)];
    if (k != FAST_CELL_MIXED) {
      k += (int64_t)u <= l->w[k + 2];
    } else {
      int k0;
      x = fast_ln_word(f, u) * l->ilg;
      if (!(x < (double)(f->horizon + 1))) return f->never;  /* K >= horizon */
      k0 = (int)(x + 1.0) - 1;                                /* floor(x), x > -1 */
      k = k0 - 1 + ((int64_t)u <= l->w[k0 + 1]) + ((int64_t)u <= l->w[k0 + 2]);
    }
    return k < f->never - start ? start + k : f->never;
  }
  x = log(neg_rng_open01(u)) * l->ilg;
  if (!(x < (double)(f->never - start))) return f->never;
  return start + (int)x;
}

/* Leaves l without tables (the cache keeps them). */
static void fast_law_clear(fast_law *l)
{
  l->w = NULL;
  l->cell = NULL;
}

/* Fills l's cells from its thresholds. K of a word u is the number of
 * thresholds w[k + 1] >= u (k = 1..horizon + 1; the thresholds fall as k
 * rises), so K of a cell's first word counts the thresholds in it and in
 * the cells above, and K of its last word those above and the one equal to
 * that word: a count of thresholds per cell, summed from the top cell
 * down, gives both (no search, so no branch that depends on the law). */
static void fast_law_cells(const neg_fast *f, const int64_t *wk, uint16_t *cell)
{
  enum { CELLS = 1 << FAST_CELL_BITS, SHIFT = 32 - FAST_CELL_BITS };
  const int64_t last = ((int64_t)1 << SHIFT) - 1;  /* the offset of a cell's last word */
  int32_t in[CELLS] = {0}, at_last[CELLS] = {0}, above = 0;
  for (int k = 1; k <= f->horizon + 1; k++) {
    const int64_t w = wk[k + 1];
    if (w < 0) break;
    in[w >> SHIFT]++;
    at_last[w >> SHIFT] += (w & last) == last;
  }
  for (int c = CELLS - 1; c >= 0; c--) {
    const int32_t k_last = above + at_last[c], k_first = above + in[c];
    const int32_t mixed = (k_first - k_last > 1) | (k_first >= FAST_CELL_MIXED);
    cell[c] = (uint16_t)(k_last | -mixed);  /* FAST_CELL_MIXED (all ones) when mixed */
    above = k_first;
  }
}

/* Builds the tables of the law of log(1 - p) = lnq (see fast_law) into
 * f's cache and returns them, or NULL when out of memory. */
static const neg_law_tables *fast_law_build(neg_fast *f, double lnq)
{
  const size_t n = (size_t)f->horizon + 4, cells = (size_t)1 << FAST_CELL_BITS;
  int64_t *w = malloc(n * sizeof *w);
  uint16_t *cell = malloc(cells * sizeof *cell);
  if (!w || !cell) {
    free(w);
    free(cell);
    return NULL;
  }
  w[0] = INT64_MAX;
  for (size_t k = 0; k + 2 < n; k++) {
    double t = k == 0 ? 1.0 : exp((double)k * lnq);  /* (1 - p)^k */
    w[k + 1] = (int64_t)floor(t * 4294967296.0 - 0.5);
  }
  w[n - 1] = -1;
  fast_law_cells(f, w, cell);
  return neg_law_cache_add(f->cache, lnq, f->horizon, w, n, cell, cells);
}

/* Gives l the tables of its law when f->tabulate, for k = -1..horizon + 2,
 * from f's cache (built once); leaves l->w NULL (fast_geom then takes
 * logarithms) when p is 0 or too small for the accuracy of fast_ln_word,
 * or when out of memory. */
static void fast_law_table(neg_fast *f, fast_law *l)
{
  const double lnq = 1.0 / l->ilg;  /* log(1 - p): -inf when p = 1 */
  const neg_law_tables *t;
  if (!f->tabulate || !(fabs(l->ilg) < FAST_LAW_ILG_MAX)) return;
  if (!(t = neg_law_cache_find(f->cache, lnq, f->horizon))) t = fast_law_build(f, lnq);
  if (!t) return;
  l->w = t->w;
  l->cell = t->cell;
}

/* Sets l to the law of daily probability 1 - exp(lnq), lnq = log(1 - p),
 * with its table when f->tabulate. */
static void fast_law_set(neg_fast *f, fast_law *l, double lnq)
{
  fast_law_clear(l);
  l->ilg = lnq < 0.0 ? 1.0 / lnq : -INFINITY;
  fast_law_table(f, l);
}

/* log(1 - p(a)), p(a) k's breach probability with a attributed breaches in
 * its window, by the reference's own formula (neg_breach_prob), kept once
 * computed. */
static double fast_lq(neg_fast *f, int k, int a)
{
  fast_bell *c = &f->bell[k];
  if (isnan(c->lq[a])) {
    f->scratch->pressure[c->party] = f->w.pressure[c->party];
    f->scratch->window_sum[c->party] = a;
    c->lq[a] = log1p(-neg_breach_prob(f->s, f->scratch, c->party));
  }
  return c->lq[a];
}

/* The law of layer a of k's breaches, computed and kept (see
 * fast_layer). Layer 0 fires with probability p(0) a day, layer a > 0
 * with r_a, where 1 - r_a = (1 - p(a)) / (1 - p(a - 1)), so that while the
 * window holds A, layers 0..A running, no layer fires with probability
 * 1 - p(A). A layer above one that fires every day never fires. */
static const fast_law *fast_layer_new(neg_fast *f, int k, int a)
{
  fast_bell *c = &f->bell[k];
  double lo = a ? fast_lq(f, k, a - 1) : 0.0, l = fast_lq(f, k, a);
  double diff = lo == -INFINITY ? 0.0 : l - lo;  /* layer a - 1 fires every day */
  fast_law_set(f, &c->layer[a], diff < 0.0 ? diff : 0.0);
  return &c->layer[a];
}

/* The law of layer a of k's breaches, kept once computed. */
static inline const fast_law *fast_layer(neg_fast *f, int k, int a)
{
  const fast_law *l = &f->bell[k].layer[a];
  return isnan(l->ilg) ? fast_layer_new(f, k, a) : l;
}

/* Sets q->t_breach, the first day a running layer of k fires. */
static inline void fast_breach_min(fast_state *q)
{
  int e = q->t_layer[0];
  for (int a = 1; a <= q->active; a++)
    if (q->t_layer[a] < e) e = q->t_layer[a];
  q->t_breach = e;
}

/* Drops k's window entries of days <= d - window: the window of the end
 * of day d (and of the breach probability of day d + 1). */
static inline void fast_expire(neg_fast *f, int k, int d)
{
  const fast_bell *c = &f->bell[k];
  fast_state *q = &f->st[k];
  if (d < q->t_expire) return;
  while (q->n && q->qday[q->head] <= d - c->window) {
    q->sum -= q->qcnt[q->head];
    q->head = q->head + 1 == c->window ? 0 : q->head + 1;
    q->n--;
  }
  q->t_expire = q->n ? q->qday[q->head] + c->window : INT_MAX;
}

/* Adds (d, count) to k's window. */
static inline void fast_push(neg_fast *f, int k, int d, int count)
{
  const fast_bell *c = &f->bell[k];
  fast_state *q = &f->st[k];
  int at = q->head + q->n;
  if (at >= c->window) at -= c->window;
  q->qday[at] = d;
  q->qcnt[at] = (unsigned char)count;
  if (!q->n) q->t_expire = d + c->window;
  q->n++;
  q->sum += count;
  q->b++;
}

/* Brings k's breach layers up to date after day d, on which one of its
 * layers came due or it attributed a breach: from day d + 1 its window
 * holds A, so layers 0..A run (a layer that no longer runs is stopped, its
 * pending day discarded; one that starts draws its first day) and a running
 * layer that fired on day d draws its next day. The days k's layers fire
 * are independent Bernoulli trials, so stopping, starting and drawing again
 * at any day leaves the days after it exact (the waiting times are
 * memoryless). */
FAST_INLINE void fast_layers(neg_fast *f, int k, int d)
{
  const fast_bell *c = &f->bell[k];
  fast_state *q = &f->st[k];
  int top;
  fast_expire(f, k, d);
  top = c->recip ? q->sum : 0;
  for (int a = top + 1; a <= q->active; a++) q->t_layer[a] = f->never;
  for (int a = 0; a <= top; a++)
    if (a > q->active || q->t_layer[a] == d)
      q->t_layer[a] = fast_geom(f, &q->g_breach, d + 1, fast_layer(f, k, a));
  q->active = top;
  fast_breach_min(q);
}

/* 1 when a running layer of k fires on day d (its window then holds
 * q->sum after fast_expire(f, k, d - 1)): k breaches. */
static inline int fast_breach_due(neg_fast *f, int k, int d)
{
  fast_state *q = &f->st[k];
  int top;
  fast_expire(f, k, d - 1);
  top = q->sum < q->active ? q->sum : q->active;
  for (int a = 0; a <= top; a++)
    if (q->t_layer[a] == d) return 1;
  return 0;
}

/* The tally sees each quantity of a holding replicate (its state, the aid
 * level, the deal, each belligerent's trust and breaches) as a run of
 * stretches of days with one value: a stretch is added to the pending
 * difference arrays when its value is about to change on day d (it covers
 * its first day to d - 1), or when the replicate ends. */

/* Closes the stretch of the holding state (first pause or extended). */
static inline void fast_close_hold(neg_fast *f, int d)
{
  if (f->s_hold < d) {
    int32_t *h = f->hold[f->w.extensions > 0];
    h[f->s_hold]++;
    h[d]--;
  }
  f->s_hold = d;
}

/* Closes the stretch of the aid level. */
static inline void fast_close_aid(neg_fast *f, int d)
{
  uint64_t aid = neg_tally_fix(f->w.aid);
  if (f->s_aid < d && aid) {
    f->aid[f->s_aid] += aid;
    f->aid[d] -= aid;
  }
  f->s_aid = d;
}

/* Closes the stretch of k's trust (its attribution days and the deal). */
static inline void fast_close_trust(neg_fast *f, neg_tally *t, int k, int d)
{
  const fast_state *q = &f->st[k];
  const int deal = f->w.maritime_deal;
  if (f->s_trust[k] < d) {
    if (q->b <= f->bcap) {
      int32_t *row = f->hist[k][deal] + (size_t)q->b * (size_t)(f->horizon + 2);
      row[f->s_trust[k]]++;
      row[d]--;
      if (q->b > f->bmax[k]) f->bmax[k] = q->b;
    } else {
      uint64_t *tr = t->trust_fx + f->bell[k].party;
      for (int x = f->s_trust[k]; x < d; x++)
        tr[(size_t)x * (size_t)f->np] += neg_tally_fix(fast_trust(f, k, x, q->b, deal));
    }
  }
  f->s_trust[k] = d;
}

/* Closes the stretch of k's breaches. */
static inline void fast_close_breaches(neg_fast *f, int k, int d)
{
  const uint64_t n = (uint64_t)f->st[k].breaches;
  if (f->s_live[k] < d && n) {
    f->live[k][f->s_live[k]] += n;
    f->live[k][d] -= n;
  }
  f->s_live[k] = d;
}

/* Closes every stretch at the end of the replicate on day d. */
FAST_INLINE void fast_close_all(neg_fast *f, neg_tally *t, int d, int nb)
{
  fast_close_hold(f, d);
  fast_close_aid(f, d);
  for (int k = 0; k < nb; k++) {
    fast_close_trust(f, t, k, d);
    fast_close_breaches(f, k, d);
  }
  if (f->w.maritime_deal && f->s_deal < d) {
    f->deal[f->s_deal]++;
    f->deal[d]--;
  }
  f->pending = 1;
}

/* Ends the replicate with outcome o on day d: tallies day d and the
 * outcome. */
FAST_INLINE void fast_finish(neg_fast *f, neg_tally *t, neg_outcome o, int d, int nb)
{
  neg_world *w = &f->w;
  const size_t row = (size_t)d * (size_t)f->np;
  fast_close_all(f, t, d, nb);
  w->done = 1;
  w->outcome = o;
  w->outcome_day = d;
  if (o == NEG_OUT_EXTENDED) {
    /* the replicate still holds at the end of its last day */
    t->holding[2 * d + (w->extensions > 0)]++;
    for (int k = 0; k < nb; k++)
      t->trust_fx[row + (size_t)f->bell[k].party] +=
          neg_tally_fix(fast_trust(f, k, d, f->st[k].b, w->maritime_deal));
    t->aid_fx[d] += neg_tally_fix(w->aid);
    t->deal[d] += (uint64_t)(w->maritime_deal != 0);
  }
  t->outcome[o]++;
  t->runs++;
  t->ended[d * NEG_OUT_COUNT + (int)o]++;
  for (int k = 0; k < nb; k++)
    t->breaches_ended[row + (size_t)f->bell[k].party] += (uint64_t)f->st[k].breaches;
}

/* Computes the words of the decision streams for the next FAST_CHUNK
 * decision days and, at the start of a replicate (first = 1), the first
 * block of each of its other streams, all in one batch
 * (neg_philox_lanes): the words drawing them one by one would give. */
static void fast_fill(neg_fast *f, int first)
{
  const int n = f->n_lanes + (first ? f->n_firsts : 0);
  const uint32_t(*out)[4] = f->lane_out;
  if (first) {
    memcpy(f->lane_b, f->lane_b0, (size_t)n * sizeof *f->lane_b);
  } else {
    for (int l = 0; l < f->n_lanes; l++) f->lane_b[l] += f->lane_step[l];
  }
  neg_philox_lanes(f->dg[0].key, f->dg[0].ctr[0], f->dg[0].ctr[1], f->lane_c2, f->lane_b, n,
                   f->lane_out);
  for (int x = 0; x < FAST_DSTREAMS; x++) {
    const size_t words = (size_t)FAST_CHUNK * (size_t)f->per_day[x];
    memcpy(f->words[x] + (size_t)f->filled * (size_t)f->per_day[x], out, words * sizeof **out);
    out += words / 4;
  }
  for (int x = 0; first && x < f->n_firsts; x++) neg_draws_load(f->firsts[x], out[x]);
  neg_normal_central(f->words[FAST_D_MOM] + f->filled, FAST_CHUNK, f->mom_z + f->filled);
  f->filled += FAST_CHUNK;
}

/* Sets the lanes of fast_fill's batches from the streams of a replicate
 * (their counter words 2 are the same in every replicate): each decision
 * stream's blocks of a batch, then the first block of every other stream. */
static void fast_lanes_init(neg_fast *f)
{
  int n = 0;
  for (int x = 0; x < FAST_DSTREAMS; x++) {
    const int blocks = FAST_CHUNK * f->per_day[x] / 4;
    for (int i = 0; i < blocks; i++, n++) {
      f->lane_c2[n] = f->dg[x].ctr[2];
      f->lane_b0[n] = (uint32_t)i;
      f->lane_step[n] = (uint32_t)blocks;
    }
  }
  f->n_lanes = n;
  for (int x = 0; x < f->n_firsts; x++, n++) {
    f->lane_c2[n] = f->firsts[x]->ctr[2];
    f->lane_b0[n] = 0;
  }
  f->lanes_set = 1;
}

/* Makes sure the words of decision day j are computed. */
static inline void fast_ensure(neg_fast *f, int j)
{
  while (j >= f->filled) fast_fill(f, 0);
}

/* 1 when the round scheduled on decision day j is held. */
static inline int fast_held(neg_fast *f, int j)
{
  fast_ensure(f, j);
  return neg_rng_u01(neg_word(&f->words[FAST_D_ROUND][j])) < f->s->round_probability;
}

/* Adds the deterministic part of momentum's steps up to day d, with the
 * aid level as it is now (call before the aid level changes on day d). */
static inline void fast_drift(neg_fast *f, int d)
{
  const neg_scenario *s = f->s;
  int k = d - f->mom_day;
  if (k <= 0) return;
  f->w.momentum += k * (s->momentum_drift
                        + s->momentum_aid_effect * (f->w.aid - s->momentum_aid_reference));
  f->mom_var += k;
  f->mom_day = d;
}

/* Brings momentum to the end of day d: the drift and one normal deviate
 * (of the word *w, or *z when not NaN: its quantile, computed by
 * fast_fill) for the steps since it was last drawn. */
FAST_INLINE void fast_momentum(neg_fast *f, int d, const uint32_t *w, const double *z)
{
  fast_drift(f, d);
  if (f->mom_var > 0 && f->s->momentum_volatility > 0.0) {
    double x = *z;
    const uint32_t u = neg_word(w);
    if (isnan(x)) x = neg_rng_normal_quantile(neg_rng_open01(u));
    f->w.momentum += f->s->momentum_volatility * f->sqrt_of[f->mom_var] * x;
  }
  f->mom_var = 0;
}

/* Sets day and trust in the world as the reference leaves them at the end
 * of day d (for a record). */
static void fast_world_at(neg_fast *f, int d)
{
  neg_world *w = &f->w;
  w->day = d;
  for (int k = 0; k < f->nb; k++) {
    const fast_bell *c = &f->bell[k];
    w->trust_a[c->party] = c->prior_a + (double)(d - f->st[k].b)
                         + (w->maritime_deal ? f->bonus : 0.0);
    w->trust_b[c->party] = c->prior_b + (double)f->st[k].b;
  }
}

/* 1 when action a of backer b would change nothing now. */
static inline int fast_noop(const neg_world *w, int b, neg_action a)
{
  switch (a) {
  case NEG_ACTION_CUT: return w->aid_status[b] == NEG_AID_CUT;
  case NEG_ACTION_SUSPEND: return w->aid_status[b] != NEG_AID_SUPPLYING;
  case NEG_ACTION_RESUME: return w->aid_status[b] != NEG_AID_SUSPENDED;
  case NEG_ACTION_RELIEVE_SANCTIONS: return w->sanctions_relief;
  default: return 1;
  }
}

/* Backers react on day d to an event by the rules of list l, rule x
 * drawing word w[*n + x] (*n is counted on), as neg_policy_react does; a
 * rule that would change nothing skips its draw, which no other draw
 * depends on. */
FAST_INLINE void fast_react(neg_fast *f, int d, int l, const uint32_t *w, uint32_t *n)
{
  const fast_rule *r = f->rules + f->list_at[l];
  int fired = 0;
  for (int k = 0; k < f->list_n[l]; k++)
    if (!fast_noop(&f->w, r[k].backer, r[k].action)
        && neg_rng_u01(neg_word(&w[*n + (uint32_t)k])) < r[k].probability) {
      if (!fired) {
        fast_close_aid(f, d);
        fast_drift(f, d);
      }
      neg_policy_apply(&f->w, r[k].backer, r[k].action);
      if (f->w.aid_status[r[k].backer] == NEG_AID_SUPPLYING)
        f->mask |= 1u << r[k].backer;
      else
        f->mask &= ~(1u << r[k].backer);
      fired = 1;
    }
  *n += (uint32_t)f->list_n[l];
  if (fired) {
    f->w.aid = f->tables ? f->aid_of[f->mask] : neg_aid_level(f->s, &f->w);
    f->cond_valid = 0;
  }
}

/* k's utility terms C_k on day d, as neg_utility_common gives them. */
static inline double fast_common(const neg_fast *f, int k, int d)
{
  const fast_bell *c = &f->bell[k];
  return neg_utility_terms(c->p, d, fast_trust(f, k, d, f->st[k].b, f->w.maritime_deal),
                           f->w.momentum, f->w.pressure[c->party], f->w.maritime_deal);
}

/* k's utility of a full ceasefire on day d, as neg_utility_ceasefire gives
 * it; *blocked when a hard condition fails. The penalties of the
 * conditions only change when a lever moves. */
FAST_INLINE double fast_utility(neg_fast *f, int k, int d, int *blocked, int nb)
{
  if (!f->cond_valid) {
    const neg_world *w = &f->w;
    if (f->tables) {
      size_t at = ((size_t)f->mask * 4 + (size_t)(w->sanctions_relief * 2 + w->maritime_deal))
                * (size_t)nb;
      for (int x = 0; x < nb; x++) {
        f->penalty[x] = f->pen_of[at + (size_t)x];
        f->blocked[x] = f->blk_of[at + (size_t)x];
      }
    } else {
      for (int x = 0; x < nb; x++)
        f->penalty[x] = neg_conditions_penalty(f->s, w, f->bell[x].party, &f->blocked[x]);
    }
    f->cond_valid = 1;
  }
  *blocked = f->blocked[k];
  return f->bell[k].p->ceasefire_utility + fast_common(f, k, d) - f->penalty[k];
}

/* A quantal-response choice of utility u at temperature t (1/t = it):
 * 1 (accept) when the word *w, as a uniform, falls below
 * neg_choice_prob(u, t). A certain choice (probability 0 or 1) reads no
 * word. Most words fall clear of a bracket of the table f->sig that holds
 * u / t (found from u * it, widened far beyond its rounding), so the
 * exponential is only computed for the few that fall inside it; the result
 * is the same. */
FAST_INLINE int fast_choice(const neg_fast *f, double u, double t, double it, const uint32_t *w)
{
  double x, p, v;
  if (t <= 0.0) return u > 0.0;
  x = u * it;
  if (x > -FAST_SIG_INNER && x < FAST_SIG_INNER) {
    int lo = (int)((x - FAST_SIG_SLACK + FAST_SIG_HALF) * FAST_SIG_PER_UNIT);
    int hi = (int)((x + FAST_SIG_SLACK + FAST_SIG_HALF) * FAST_SIG_PER_UNIT);
    v = neg_rng_u01(neg_word(w));
    int below = v < f->sig[lo], above = v >= f->sig[hi + 1];
    if (below | above) return below;  /* a value, not a branch on the choice */
    return v < neg_choice_prob(u, t);
  }
  p = neg_choice_prob(u, t);
  return p >= 1.0 || (p > 0.0 && neg_rng_u01(neg_word(w)) < p);
}

/* A round held on day d (decision day j): returns 1 when every
 * belligerent accepts; otherwise the backers react. */
FAST_INLINE int fast_round(neg_fast *f, int d, int j, int nb)
{
  const neg_scenario *s = f->s;
  neg_world *w = &f->w;
  const uint32_t *pol = f->words[FAST_D_POLICY] + (size_t)j * (size_t)f->maxpol;
  uint32_t n = 0;
  int all = 1;
  w->rounds_held++;
  fast_momentum(f, d, &f->words[FAST_D_MOM][j], &f->mom_z[j]);  /* fast_held filled day j */
  for (int k = 0; k < nb; k++) {
    int i = f->bell[k].party, blocked;
    if (f->silent[k] && !all) {   /* refused already; no backer watches k */
      w->accepted[i] = 0;
      continue;
    }
    double u = fast_utility(f, k, d, &blocked, nb);
    w->accepted[i] = !blocked && fast_choice(f, u, s->parties[i].temperature,
                                             f->bell[k].inv_temp,
                                             &f->words[FAST_D_ACCEPT][j * nb + k]);
    all &= w->accepted[i];
  }
  if (all) return 1;
  if (f->maxpol) {
    fast_react(f, d, list_of(NEG_EVENT_ROUND, 0), pol, &n);
    for (int k = 0; k < nb; k++) {
      neg_event ev = w->accepted[f->bell[k].party] ? NEG_EVENT_ACCEPTANCE : NEG_EVENT_REFUSAL;
      fast_react(f, d, list_of(ev, k), pol, &n);
    }
  }
  return 0;
}

/* The round scheduled on day d (decision day j), when it is held: 1 when
 * every belligerent accepts, and the replicate ends in a ceasefire. */
FAST_INLINE int fast_round_day(neg_fast *f, neg_tally *t, int d, int j, int nb)
{
  if (!fast_held(f, j) || !fast_round(f, d, j, nb)) return 0;
  fast_finish(f, t, NEG_OUT_CEASEFIRE, d, nb);
  return 1;
}

/* At the end of a term on day d (decision day j): 1 when every
 * belligerent agrees to extend. */
FAST_INLINE int fast_extend(neg_fast *f, int d, int j, int nb)
{
  const neg_scenario *s = f->s;
  neg_world *w = &f->w;
  int all = 1;
  if (w->extensions >= s->max_extensions) return 0;
  fast_ensure(f, j);
  fast_momentum(f, d, &f->words[FAST_D_MOM][j], &f->mom_z[j]);
  for (int k = 0; k < nb && all; k++) {   /* one refusal settles it */
    const neg_party *p = f->bell[k].p;
    double v = p->extension_utility + fast_common(f, k, d);
    uint32_t word = neg_draws_at(&f->g_extend, (uint32_t)(w->extensions * nb + k));
    all &= fast_choice(f, v, p->temperature, f->bell[k].inv_temp, &word);
  }
  return all;
}

/* Adds today's detections to f->count: each breach of the day is seen by
 * each other belligerent with its probability. */
FAST_INLINE void fast_detect(neg_fast *f, int nb)
{
  for (int j = 0; j < nb; j++) {
    fast_state *q = &f->st[j];
    uint32_t word;
    int r = 0;
    if (!f->breached[j]) continue;
    word = (uint32_t)(q->breaches - 1) * (uint32_t)(nb - 1);
    for (int k = 0; k < nb; k++) {
      if (k == j) continue;
      f->count[k] += neg_rng_u01(neg_draws_at(&q->g_detect, word + (uint32_t)r++))
                     < f->bell[k].detection;
    }
  }
}

/* Breaches and their attribution on day d, when some clock fires.
 * Returns 1 when some belligerent attributed a breach. */
FAST_INLINE int fast_breaches(neg_fast *f, neg_tally *t, int d, int nb)
{
  int any = 0, attributed = 0;
  for (int k = 0; k < nb; k++) {
    fast_state *q = &f->st[k];
    f->breached[k] = q->t_breach == d && fast_breach_due(f, k, d);
    any |= f->breached[k];
    f->count[k] = q->t_accuse == d;
  }
  if (any) {
    for (int k = 0; k < nb; k++)
      if (f->breached[k]) {
        fast_close_breaches(f, k, d);
        f->st[k].breaches++;
      }
    fast_detect(f, nb);
  }
  for (int k = 0; k < nb; k++) {
    if (!f->count[k]) continue;
    fast_close_trust(f, t, k, d);
    attributed = 1;
    fast_expire(f, k, d);
    fast_push(f, k, d, f->count[k]);
  }
  return attributed;
}

/* The first belligerent, in party order, that abandons the pause at the
 * end of day d, or -1. Trust only falls and the window only fills on a
 * belligerent's attribution days, so others are not checked, except on
 * day 1, whose quiet trust comes from the prior alone. */
FAST_INLINE int fast_collapse(const neg_fast *f, int d, int nb)
{
  for (int k = 0; k < nb; k++) {
    const fast_bell *c = &f->bell[k];
    const fast_state *q = &f->st[k];
    if ((f->count[k] || d == 1)
        && (q->sum >= c->tolerance || fast_trust(f, k, d, q->b, f->w.maritime_deal) < c->floor))
      return c->party;
  }
  return -1;
}

/* Sets f->t_clock, the first day a clock fires (a layer of a breach clock
 * that has stopped running may come due: nothing happens then). */
FAST_INLINE void fast_next_clock(neg_fast *f, int nb)
{
  int e = f->never;
  for (int k = 0; k < nb; k++) {
    const fast_state *q = &f->st[k];
    if (q->t_breach < e) e = q->t_breach;
    if (q->t_accuse < e) e = q->t_accuse;
  }
  f->t_clock = e;
}

/* Simulates event day d. Returns 1 when the replicate ended on it. */
FAST_INLINE int fast_day(neg_fast *f, neg_rng *r, neg_tally *t, int d, int nb)
{
  const neg_scenario *s = f->s;
  neg_world *w = &f->w;
  int who = -1, attributed = 0, fires = f->t_clock == d;
  if (fires) {
    attributed = fast_breaches(f, t, d, nb);
  } else {
    for (int k = 0; k < nb; k++) f->count[k] = 0;
  }
  if ((attributed || d == 1) && (who = fast_collapse(f, d, nb)) >= 0) {
    w->abandoned_by = who;
    fast_finish(f, t, NEG_OUT_COLLAPSED, d, nb);
    return 1;
  }
  /* the maritime deal */
  if (f->t_deal == d) {
    for (int k = 0; k < nb; k++) fast_close_trust(f, t, k, d);
    f->s_deal = d;
    f->t_deal = f->never;
    w->maritime_deal = 1;
    f->cond_valid = 0;
  }
  /* backers react to breaches seen by another belligerent */
  if (attributed && f->breach_rules) {
    neg_draws *g = NULL;
    uint32_t n = 0;
    for (int j = 0; j < nb; j++) {
      int l = list_of(NEG_EVENT_BREACH, j), seen = 0;
      if (!f->breached[j] || !f->list_n[l]) continue;
      for (int k = 0; k < nb; k++) seen |= k != j && f->count[k] > 0;
      if (!seen) continue;
      if (!g) g = neg_rng_draws(r, NEG_STREAM_POLICY, d + 1);
      for (uint32_t x = n; x < n + (uint32_t)f->list_n[l]; x++)
        f->react_words[x] = neg_draws_at(g, x);
      fast_react(f, d, l, f->react_words, &n);
    }
  }
  /* a round, the end of the term, the horizon */
  if ((f->round_day[d] || (s->round_at_pause_end && d == w->pause_end))
      && fast_round_day(f, t, d, f->ord[d], nb))
    return 1;
  if (d == w->pause_end) {
    if (!fast_extend(f, d, f->ord[d], nb)) {
      fast_finish(f, t, NEG_OUT_LAPSED, d, nb);
      return 1;
    }
    if (!w->extensions) fast_close_hold(f, d);
    w->extensions++;
    w->pause_end += s->extension_days;
  }
  if (d >= f->horizon) {
    fast_finish(f, t, NEG_OUT_EXTENDED, d, nb);
    return 1;
  }
  /* clocks for the days after d */
  if (fires) {
    for (int k = 0; k < nb; k++) {
      fast_state *q = &f->st[k];
      if (q->t_breach == d || (f->bell[k].recip && f->count[k])) fast_layers(f, k, d);
      if (q->t_accuse == d) q->t_accuse = fast_geom(f, &q->g_accuse, d + 1, &f->bell[k].fa);
    }
    fast_next_clock(f, nb);
  }
  return 0;
}

/* fast_day with two belligerents (the loops over them unrolled) and with
 * any number: the same code. */
static __attribute__((noinline)) int fast_day_two(neg_fast *f, neg_rng *r, neg_tally *t, int d)
{
  return fast_day(f, r, t, d, 2);
}

static __attribute__((noinline)) int fast_day_any(neg_fast *f, neg_rng *r, neg_tally *t, int d)
{
  return fast_day(f, r, t, d, f->nb);
}

/* Sets the state of a replicate at its start (day 0) and draws its first
 * clocks. */
FAST_INLINE void fast_start(neg_fast *f, neg_rng *r, int nb)
{
  const neg_scenario *s = f->s;
  neg_world *w = &f->w;
  w->day = 0;
  w->pause_end = s->pause_days;
  w->extensions = 0;
  w->done = 0;
  w->abandoned_by = -1;
  w->rounds_held = 0;
  w->momentum = s->momentum_initial;
  w->maritime_deal = 0;
  w->sanctions_relief = s->sanctions_relief;
  f->mask = 0;
  for (int i = 0; i < s->n_parties; i++) {
    w->aid_status[i] = s->parties[i].aid_initial;
    if (s->parties[i].role == NEG_ROLE_BACKER && w->aid_status[i] == NEG_AID_SUPPLYING)
      f->mask |= 1u << i;
  }
  w->aid = f->tables ? f->aid_of[f->mask] : neg_aid_level(s, w);
  f->s_hold = f->s_aid = f->s_deal = 1;
  f->cond_valid = 0;
  f->mom_day = 0;
  f->mom_var = 0;
  neg_draws_init(&f->dg[FAST_D_ROUND], r, NEG_STREAM_ROUND, 0);
  neg_draws_init(&f->dg[FAST_D_MOM], r, NEG_STREAM_MOMENTUM, 0);
  neg_draws_init(&f->dg[FAST_D_ACCEPT], r, NEG_STREAM_ACCEPT, 0);
  neg_draws_init(&f->dg[FAST_D_POLICY], r, NEG_STREAM_POLICY, 0);
  neg_draws_init(&f->g_extend, r, NEG_STREAM_EXTEND, 0);
  neg_draws_init(&f->g_maritime, r, NEG_STREAM_MARITIME, 0);
  for (int k = 0; k < nb; k++) {
    fast_state *q = &f->st[k];
    neg_draws_init(&q->g_breach, r, NEG_STREAM_BREACH, f->bell[k].party);
    neg_draws_init(&q->g_accuse, r, NEG_STREAM_ACCUSE, f->bell[k].party);
    neg_draws_init(&q->g_detect, r, NEG_STREAM_DETECT, f->bell[k].party);
  }
  f->filled = 0;
  if (!f->lanes_set) fast_lanes_init(f);
  fast_fill(f, 1);
  for (int k = 0; k < nb; k++) {
    fast_state *q = &f->st[k];
    q->sum = q->b = q->breaches = q->head = q->n = 0;
    q->t_expire = INT_MAX;
    f->s_trust[k] = f->s_live[k] = 1;
    q->active = 0;
    q->t_layer[0] = q->t_breach = fast_geom(f, &q->g_breach, 1, fast_layer(f, k, 0));
    q->t_accuse = fast_geom(f, &q->g_accuse, 1, &f->bell[k].fa);
  }
  f->t_deal = f->never;
  if (s->maritime_daily_probability > 0.0)
    f->t_deal = fast_geom(f, &f->g_maritime,
                          s->maritime_start_day > 1 ? s->maritime_start_day : 1,
                          &f->maritime);
  fast_next_clock(f, nb);
}

/* Runs a replicate from its start to its end, from event day to event
 * day. */
FAST_INLINE void fast_run(neg_fast *f, neg_rng *r, neg_tally *t, int nb)
{
  int (*const day)(neg_fast *, neg_rng *, neg_tally *, int) =
      nb == 2 ? fast_day_two : fast_day_any;
  int d = 0;
  fast_start(f, r, nb);
  if (f->force_day1) {
    if (day(f, r, t, 1)) return;
    d = 1;
  }
  for (;;) {
    int e = f->next_round[d], only_round = 1;
    if (f->w.pause_end <= e) e = f->w.pause_end, only_round = 0;
    if (f->t_deal <= e) e = f->t_deal, only_round = 0;
    if (f->t_clock <= e) e = f->t_clock, only_round = 0;
    if (only_round && e < f->horizon) {
      /* a round day on which nothing else happens (no clock, deal, end of
       * term or horizon; not day 1 of a pause that can collapse at once,
       * which fast_start's caller simulated): the round alone */
      if (fast_round_day(f, t, e, f->ord[e], nb)) return;
      d = e;
      continue;
    }
    if (day(f, r, t, e)) return;
    d = e;
  }
}

void neg_fast_run(neg_fast *f, neg_rng *r, neg_tally *t, neg_world *world)
{
  neg_world *w = &f->w;
  if (f->nb == 2)
    fast_run(f, r, t, 2);
  else
    fast_run(f, r, t, f->nb);
  if (world) {
    uint32_t last = neg_draws_at(neg_rng_draws(r, NEG_STREAM_MOMENTUM, 1), 0);
    const double nan = NAN;
    fast_momentum(f, w->outcome_day, &last, &nan);
    fast_world_at(f, w->outcome_day);
    for (int k = 0; k < f->nb; k++) w->breaches[f->bell[k].party] = f->st[k].breaches;
    memcpy(world, w, offsetof(neg_world, window));
  }
}

int neg_fast_waiting(double p, int horizon, int start, const uint32_t *u, int *days, size_t n,
                     int tabulated)
{
  neg_fast *f = calloc(1, sizeof *f);
  int rc = 0;
  if (!f) return -1;
  f->horizon = horizon;
  f->never = horizon + 1;
  f->tabulate = tabulated;
  fast_ln_init(f);
  if (!(f->cache = neg_law_cache_alloc(SIZE_MAX))) rc = -1;
  if (rc == 0) fast_law_set(f, &f->maritime, log1p(-p));
  if (tabulated && !f->maritime.w && p > 0.0) rc = -1;
  for (size_t i = 0; rc == 0 && i < n; i++) {
    neg_draws g = {{0}, {0}, {u[i], 0, 0, 0}, 1};  /* one word left: u[i] */
    days[i] = fast_geom(f, &g, start, &f->maritime);
  }
  neg_law_cache_free(f->cache);
  free(f);
  return rc;
}

void neg_fast_flush(neg_fast *f, neg_tally *t)
{
  const int days = f->horizon + 2;
  const size_t np = (size_t)f->np;
  int64_t h0 = 0, h1 = 0, dl = 0;
  uint64_t aid = 0, live[NEG_MAX_PARTIES] = {0};
  if (!f->pending) return;
  for (int d = 1; d <= f->horizon; d++) {
    h0 += f->hold[0][d];
    h1 += f->hold[1][d];
    dl += f->deal[d];
    aid += f->aid[d];
    t->holding[2 * d] += (uint64_t)h0;
    t->holding[2 * d + 1] += (uint64_t)h1;
    t->deal[d] += (uint64_t)dl;
    t->aid_fx[d] += aid;
    for (int k = 0; k < f->nb; k++) {
      live[k] += f->live[k][d];
      t->breaches_live[(size_t)d * np + (size_t)f->bell[k].party] += live[k];
    }
  }
  for (int k = 0; k < f->nb; k++) {
    uint64_t *tr = t->trust_fx + f->bell[k].party;
    for (int deal = 0; deal < 2; deal++)
      for (int b = 0; b <= f->bmax[k]; b++) {
        int32_t *row = f->hist[k][deal] + (size_t)b * (size_t)days;
        int64_t n = 0;
        for (int d = 1; d <= f->horizon; d++) {
          n += row[d];
          if (n) tr[(size_t)d * np] += (uint64_t)n * neg_tally_fix(fast_trust(f, k, d, b, deal));
        }
        memset(row, 0, (size_t)days * sizeof *row);
      }
    memset(f->live[k], 0, (size_t)days * sizeof *f->live[k]);
    f->bmax[k] = 0;
  }
  memset(f->hold[0], 0, (size_t)days * sizeof *f->hold[0]);
  memset(f->hold[1], 0, (size_t)days * sizeof *f->hold[1]);
  memset(f->deal, 0, (size_t)days * sizeof *f->deal);
  memset(f->aid, 0, (size_t)days * sizeof *f->aid);
  f->pending = 0;
}

void neg_fast_free(neg_fast *f)
{
  if (!f) return;
  for (int k = 0; k < NEG_MAX_PARTIES; k++) {
    free(f->bell[k].lq);
    free(f->bell[k].layer);   /* its tables are the cache's */
    free(f->st[k].t_layer);
    free(f->st[k].qday);
    free(f->st[k].qcnt);
    free(f->live[k]);
    free(f->hist[k][0]);
    free(f->hist[k][1]);
  }
  free(f->hold[0]);
  free(f->hold[1]);
  free(f->deal);
  free(f->aid);
  free(f->round_day);
  free(f->next_round);
  free(f->ord);
  free(f->sqrt_of);
  free(f->rules);
  free(f->scratch);
  if (f->own_cache) neg_law_cache_free(f->cache);
  free(f->aid_of);
  free(f->pen_of);
  free(f->blk_of);
  for (int x = 0; x < FAST_DSTREAMS; x++) free(f->words[x]);
  free(f->mom_z);
  free(f->react_words);
  free(f->lane_c2);
  free(f->lane_b);
  free(f->lane_b0);
  free(f->lane_step);
  free(f->lane_out);
  free(f);
}

/* Allocates the arrays of belligerent k (party i). Returns 0, or 1 when out
 * of memory. */
static int fast_bell_alloc(neg_fast *f, int k, int i)
{
  const neg_party *p = &f->s->parties[i];
  fast_bell *c = &f->bell[k];
  const size_t days = (size_t)f->horizon + 2, cells = ((size_t)f->bcap + 1) * days;
  c->party = i;
  c->window = p->window_days;
  c->tolerance = p->tolerance;
  c->lq = malloc((size_t)p->tolerance * sizeof *c->lq);
  c->layer = calloc((size_t)p->tolerance, sizeof *c->layer);
  f->st[k].t_layer = malloc((size_t)p->tolerance * sizeof *f->st[k].t_layer);
  f->st[k].qday = malloc((size_t)p->window_days * sizeof *f->st[k].qday);
  f->st[k].qcnt = malloc((size_t)p->window_days);
  f->live[k] = calloc(days, sizeof *f->live[k]);
  f->hist[k][0] = calloc(cells, sizeof *f->hist[k][0]);
  f->hist[k][1] = calloc(cells, sizeof *f->hist[k][1]);
  return !c->lq || !c->layer || !f->st[k].t_layer || !f->st[k].qday || !f->st[k].qcnt
         || !f->live[k] || !f->hist[k][0] || !f->hist[k][1];
}

/* Derives the constants of belligerent k from its parameters. The breach
 * probability of each count A of the window is computed when first needed
 * (NaN until then). */
static void fast_bell_derive(neg_fast *f, int k)
{
  const neg_party *p = &f->s->parties[f->bell[k].party];
  fast_bell *c = &f->bell[k];
  double base = 1.0 - p->compliance;
  c->p = p;
  c->floor = p->trust_floor;
  c->prior_a = p->prior_a;
  c->prior_b = p->prior_b;
  c->detection = p->detection;
  fast_law_set(f, &c->fa, log1p(-p->false_accusation));
  c->inv_temp = p->temperature > 0.0 ? 1.0 / p->temperature : 0.0;
  /* neg_breach_prob depends on A only through reciprocity */
  c->recip = p->tolerance > 1 && p->reciprocity != 0.0 && base > 0.0 && base < 1.0;
  for (int a = 0; a < p->tolerance; a++) {
    c->lq[a] = NAN;
    fast_law_clear(&c->layer[a]);
    c->layer[a].ilg = NAN;
  }
}

/* Compiles the backers' rules into one list per event (and belligerent),
 * in the order neg_policy_react applies them. */
static void fast_rules_derive(neg_fast *f)
{
  const neg_scenario *s = f->s;
  int total = 0;
  f->breach_rules = 0;
  for (int l = 0; l < FAST_LISTS; l++) {
    neg_event ev = l == 0 ? NEG_EVENT_ROUND
                 : (l - 1) % 3 == 0 ? NEG_EVENT_ACCEPTANCE
                 : (l - 1) % 3 == 1 ? NEG_EVENT_REFUSAL : NEG_EVENT_BREACH;
    int k = l == 0 ? -1 : (l - 1) / 3, by = k < 0 ? -1 : k < f->nb ? f->bell[k].party : -2;
    f->list_at[l] = total;
    f->list_n[l] = 0;
    if (by == -2) continue;
    for (int b = 0; b < s->n_parties; b++) {
      const neg_party *p = &s->parties[b];
      if (p->role != NEG_ROLE_BACKER) continue;
      for (int x = 0; x < p->n_rules; x++) {
        const neg_rule *rule = &p->rules[x];
        if (rule->on != ev || (rule->by >= 0 && rule->by != by)) continue;
        f->rules[total].backer = b;
        f->rules[total].action = rule->action;
        f->rules[total].probability = rule->probability;
        total++;
        f->list_n[l]++;
      }
    }
  }
  for (int k = 0; k < f->nb; k++) {
    f->breach_rules |= f->list_n[list_of(NEG_EVENT_BREACH, k)] > 0;
    f->silent[k] = !f->list_n[list_of(NEG_EVENT_ACCEPTANCE, k)]
                   && !f->list_n[list_of(NEG_EVENT_REFUSAL, k)];
  }
  f->maxpol = f->list_n[0];
  for (int k = 0; k < f->nb; k++) {
    int a = f->list_n[list_of(NEG_EVENT_ACCEPTANCE, k)];
    int r = f->list_n[list_of(NEG_EVENT_REFUSAL, k)];
    f->maxpol += a > r ? a : r;
  }
}

/* Tabulates the aid level and each belligerent's conditions for every set
 * of supplying backers, sanctions relief and deal, with the reference's
 * own functions, when there are few parties (FAST_TABLE_MASKS) and no
 * parameter changes from one replicate to the next.
 * Returns 0, or 1 when out of memory. */
static int fast_tables_init(neg_fast *f)
{
  const neg_scenario *s = f->s;
  neg_world *w = f->scratch;
  const size_t masks = (size_t)1 << s->n_parties;
  free(f->aid_of);   /* a runner's earlier tables (neg_fast_reuse) */
  free(f->pen_of);
  free(f->blk_of);
  f->aid_of = f->pen_of = NULL;
  f->blk_of = NULL;
  f->tables = 0;
  if (masks > FAST_TABLE_MASKS || s->n_uncertain > 0) return 0;
  f->aid_of = malloc(masks * sizeof *f->aid_of);
  f->pen_of = malloc(masks * 4 * (size_t)f->nb * sizeof *f->pen_of);
  f->blk_of = malloc(masks * 4 * (size_t)f->nb);
  if (!f->aid_of || !f->pen_of || !f->blk_of) return 1;
  for (size_t m = 0; m < masks; m++) {
    int ok = 1;
    for (int i = 0; i < s->n_parties; i++) {
      w->aid_status[i] = m >> i & 1u ? NEG_AID_SUPPLYING : NEG_AID_SUSPENDED;
      ok &= !(m >> i & 1u) || s->parties[i].role == NEG_ROLE_BACKER;
    }
    if (!ok) continue;   /* only backers supply */
    f->aid_of[m] = w->aid = neg_aid_level(s, w);
    for (int lev = 0; lev < 4; lev++) {
      w->sanctions_relief = lev >> 1;
      w->maritime_deal = lev & 1;
      for (int k = 0; k < f->nb; k++) {
        int blocked;
        size_t at = (m * 4 + (size_t)lev) * (size_t)f->nb + (size_t)k;
        f->pen_of[at] = neg_conditions_penalty(s, w, f->bell[k].party, &blocked);
        f->blk_of[at] = (unsigned char)blocked;
      }
    }
  }
  f->tables = 1;
  return 0;
}

/* Fills the round days, the decision days and their indices. */
static void fast_days_init(neg_fast *f)
{
  const neg_scenario *s = f->s;
  int j = 0;
  for (int d = 1; d <= f->horizon; d++)
    f->round_day[d] = (unsigned char)neg_round_scheduled(s, d, -1);
  f->next_round[f->horizon] = f->never;
  for (int d = f->horizon - 1; d >= 0; d--)
    f->next_round[d] = f->round_day[d + 1] || d + 1 == f->horizon ? d + 1 : f->next_round[d + 1];
  for (int d = 0; d <= f->horizon + 1; d++) f->ord[d] = -1;
  for (int x = 0; x <= s->max_extensions; x++) {
    long end = (long)s->pause_days + (long)x * s->extension_days;
    if (end > f->horizon) break;
    f->ord[end] = 0;
  }
  for (int d = 1; d <= f->horizon; d++)
    if (f->round_day[d] || f->ord[d] == 0) f->ord[d] = j++;
  f->n_dec = j;
}

/* Allocates the words of the decision streams, for every decision day
 * (at least one batch), and lists the streams whose first block the
 * first batch computes. Call after fast_derive (a round's policy words
 * come from the rules). Returns 0, or 1 when out of memory. */
static int fast_words_alloc(neg_fast *f, int n_rules)
{
  size_t days = ((size_t)f->n_dec + FAST_CHUNK - 1) / FAST_CHUNK * FAST_CHUNK, lanes;
  int bad = 0;
  if (days < FAST_CHUNK) days = FAST_CHUNK;
  f->per_day[FAST_D_ROUND] = f->per_day[FAST_D_MOM] = 1;
  f->per_day[FAST_D_ACCEPT] = f->nb;
  f->per_day[FAST_D_POLICY] = f->maxpol;
  for (int x = 0; x < FAST_DSTREAMS; x++) {
    f->words[x] = malloc((days * (size_t)f->per_day[x] + 1) * sizeof *f->words[x]);
    bad |= !f->words[x];
  }
  f->mom_z = malloc(days * sizeof *f->mom_z);
  bad |= !f->mom_z;
  f->n_firsts = 0;
  for (int k = 0; k < f->nb; k++) {
    f->firsts[f->n_firsts++] = &f->st[k].g_breach;
    f->firsts[f->n_firsts++] = &f->st[k].g_accuse;
    f->firsts[f->n_firsts++] = &f->st[k].g_detect;
  }
  f->firsts[f->n_firsts++] = &f->g_extend;
  f->firsts[f->n_firsts++] = &f->g_maritime;
  lanes = (size_t)f->n_firsts;
  for (int x = 0; x < FAST_DSTREAMS; x++) lanes += FAST_CHUNK * (size_t)f->per_day[x] / 4;
  f->lane_c2 = malloc(lanes * sizeof *f->lane_c2);
  f->lane_b = malloc(lanes * sizeof *f->lane_b);
  f->lane_b0 = malloc(lanes * sizeof *f->lane_b0);
  f->lane_step = malloc(lanes * sizeof *f->lane_step);
  f->lane_out = malloc(lanes * sizeof *f->lane_out);
  bad |= !f->lane_c2 || !f->lane_b || !f->lane_b0 || !f->lane_step || !f->lane_out;
  f->react_words = malloc((size_t)FAST_LISTS * (size_t)n_rules * sizeof *f->react_words);
  return bad || !f->react_words;
}

/* Derives every constant that depends on a float parameter of s (the
 * shape of s, its integers, are those f was allocated for). */
static void fast_derive(neg_fast *f, const neg_scenario *s)
{
  f->s = s;
  f->bonus = s->maritime_trust_bonus;
  fast_law_set(f, &f->maritime, log1p(-s->maritime_daily_probability));
  for (int i = 0; i < s->n_parties; i++) f->w.pressure[i] = neg_pressure_on(s, i);
  f->force_day1 = 0;
  for (int k = 0; k < f->nb; k++) {
    fast_bell_derive(f, k);
    f->force_day1 |= fast_trust(f, k, 1, 0, 0) < f->bell[k].floor;
  }
  fast_rules_derive(f);
}

void neg_fast_set(neg_fast *f, const neg_scenario *s)
{
  fast_derive(f, s);
}

/* 1 when f was allocated for a scenario of the shape of s: the sizes of its
 * arrays (days, parties and roles, windows and tolerances, rules) and
 * whether its laws have tables. */
static int fast_fits(const neg_fast *f, const neg_scenario *s)
{
  int k = 0, n_rules = 1;
  if (s->horizon_days != f->horizon || s->n_parties != f->np
      || f->tabulate != (s->n_uncertain == 0))
    return 0;
  for (int i = 0; i < s->n_parties; i++) {
    const neg_party *p = &s->parties[i];
    n_rules += p->n_rules;
    if (p->role != NEG_ROLE_BELLIGERENT) continue;
    if (k == f->nb || f->bell[k].party != i || f->bell[k].window != p->window_days
        || f->bell[k].tolerance != p->tolerance)
      return 0;
    k++;
  }
  return k == f->nb && n_rules == f->n_rules;
}

int neg_fast_reuse(neg_fast *f, const neg_scenario *s)
{
  const int n_dec = f->n_dec, maxpol = f->maxpol;
  if (!fast_fits(f, s)) return -1;
  f->s = s;
  fast_days_init(f);
  if (fast_tables_init(f)) return -1;
  neg_law_cache_trim(f->cache);
  fast_derive(f, s);
  f->lanes_set = 0;
  return f->n_dec == n_dec && f->maxpol == maxpol ? 0 : -1;  /* the words' sizes */
}

neg_fast *neg_fast_alloc(const neg_scenario *s, neg_law_cache *cache)
{
  neg_fast *f = calloc(1, sizeof *f);
  const size_t days = (size_t)s->horizon_days + 2;
  int bad = !f, n_rules = 1;
  if (bad) return NULL;
  f->own_cache = !cache;
  if (!(f->cache = cache ? cache : neg_law_cache_alloc(SIZE_MAX))) {
    free(f);
    return NULL;
  }
  if (cache) neg_law_cache_trim(cache);
  f->s = s;
  f->horizon = s->horizon_days;
  f->never = s->horizon_days + 1;
  f->tabulate = s->n_uncertain == 0;  /* else the laws change every replicate */
  fast_ln_init(f);
  f->np = s->n_parties;
  f->bcap = f->horizon < FAST_HIST_ROWS - 1 ? f->horizon : FAST_HIST_ROWS - 1;
  for (int i = 0; i < s->n_parties && !bad; i++) {
    if (s->parties[i].role == NEG_ROLE_BELLIGERENT) bad = fast_bell_alloc(f, f->nb++, i);
    n_rules += s->parties[i].n_rules;
  }
  f->n_rules = n_rules;
  f->scratch = calloc(1, sizeof *f->scratch);
  f->rules = malloc((size_t)FAST_LISTS * (size_t)n_rules * sizeof *f->rules);
  f->hold[0] = calloc(days, sizeof *f->hold[0]);
  f->hold[1] = calloc(days, sizeof *f->hold[1]);
  f->deal = calloc(days, sizeof *f->deal);
  f->aid = calloc(days, sizeof *f->aid);
  f->round_day = calloc(days, 1);
  f->next_round = malloc(days * sizeof *f->next_round);
  f->ord = malloc(days * sizeof *f->ord);
  f->sqrt_of = malloc(days * sizeof *f->sqrt_of);
  bad |= !f->scratch || !f->rules || !f->hold[0] || !f->hold[1] || !f->deal || !f->aid
         || !f->round_day || !f->next_round || !f->ord || !f->sqrt_of;
  if (bad || fast_tables_init(f)) {
    neg_fast_free(f);
    return NULL;
  }
  fast_days_init(f);
  for (size_t k = 0; k < days; k++) f->sqrt_of[k] = sqrt((double)k);
  for (int c = 0; c <= FAST_SIG_CELLS; c++)
    f->sig[c] = neg_choice_prob(-FAST_SIG_HALF + (double)c / FAST_SIG_PER_UNIT, 1.0);
  fast_derive(f, s);
  if (fast_words_alloc(f, n_rules)) {
    neg_fast_free(f);
    return NULL;
  }
  return f;
}
