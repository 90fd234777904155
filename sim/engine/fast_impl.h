/* fast_impl.h: the event-driven runner's state and the helpers its
 * modules share: fast.c (a replicate), fast_law.c (geometric waiting
 * times) and fast_setup.c (a runner's constants and arrays).
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#ifndef NEG_FAST_IMPL_H
#define NEG_FAST_IMPL_H

#include "neg_fast.h"
#include "neg_mech.h"
#include "fast_cache.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
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
  double *qrec;         /* incidents: the entries' weighted counts (0 otherwise) */
  double rsum;          /* incidents: the weighted count in the window */
  double be;            /* breach evidence so far (trust's b): b, or with incidents
                         * the fractional sum */
  int majors;           /* incidents: major ones committed so far */
  neg_draws g_breach, g_accuse, g_detect, g_kind;
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
  uint16_t *blk_of;     /* and bit 0 when a hard condition of k fails, bits 1-8
                         * its unmet ceasefire conditions */
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
  unsigned char unmet[NEG_MAX_PARTIES]; /* unmet ceasefire conditions (attribution) */
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

  /* the general model (fast_general.c): issues, deals, schedule, terms */
  int general;          /* neg_scenario_general(s): the general steps run */
  int tdeal;            /* trust has the bonus f->bonus: the maritime deal
                         * (March 2025 model), always (general: bonus sums
                         * the trust bonuses of the deals reached) */
  int hcap;             /* largest b tallied by histogram (general: -1, day by day) */
  unsigned char *gen_day;   /* [d]: a schedule item or a day rule falls on d */
  int *next_gen;            /* [d]: first such day after d, or never */
  fast_law dlaw[NEG_MAX_DEALS]; /* the declared deals' daily laws */
  int t_dl[NEG_MAX_DEALS];      /* day each deal is next reached (if still
                                 * reachable), or never */
  neg_draws g_action;           /* every rule's draws, in turn */

  /* incidents (fast_incidents.c) */
  int incid;            /* neg_scenario_incidents(s) */
  uint64_t *live_maj[NEG_MAX_PARTIES]; /* major incidents of replicates not done */
  int s_maj[NEG_MAX_PARTIES];          /* first day of the open stretch */
  neg_draws g_dl[NEG_MAX_DEALS];/* each declared deal's waiting times */
};

/* fast_general.c: the general model's steps of an event day d. */
void neg_fast_general_start(neg_fast *f, neg_rng *r);
void neg_fast_general_early(neg_fast *f, neg_tally *t, int d);  /* schedule, deals */
void neg_fast_general_react(neg_fast *f, neg_event ev, int by, int d);
void neg_fast_general_late(neg_fast *f, int d);   /* after the day's events */
void neg_fast_general_days(neg_fast *f);  /* gen_day, next_gen */

/* fast_incidents.c: incidents (mechanism 1b). A replicate's start for
 * belligerent k; an event day d's incidents, attributions and windows
 * (returns 1 when some belligerent attributed one); the clocks after it. */
void neg_fast_incidents_start(neg_fast *f, neg_rng *r, int k);
int neg_fast_incident_day(neg_fast *f, neg_tally *t, int d, int nb);
void neg_fast_incident_clocks(neg_fast *f, int d, int nb);
void neg_fast_flush_majors(neg_fast *f, neg_tally *t);  /* the pending majors' sums */

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

/* Returns k's trust at the end of day d with b attribution days (with
 * incidents: the breach evidence, fractional) and the deal reached (deal 1)
 * or not, as a / (a + b) of its Beta belief. */
static inline double fast_trust(const neg_fast *f, int k, int d, double b, int deal)
{
  const fast_bell *c = &f->bell[k];
  double a = c->prior_a + ((double)d - b) + (double)deal * f->bonus;
  double bb = c->prior_b + b;
  return a / (a + bb);
}

/* k's breach evidence so far: its attribution days, or with incidents the
 * sum of each day's evidence (fast_state.be, kept by both). */
static inline double fast_bev(const neg_fast *f, int k)
{
  return f->st[k].be;
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
static inline void fast_law_clear(fast_law *l)
{
  l->w = NULL;
  l->cell = NULL;
}

/* Fills the table of fast_ln_word. */
void neg_fast_ln_init(neg_fast *f);

/* Sets l to the law of daily probability 1 - exp(lnq), lnq = log(1 - p),
 * with its table when f->tabulate. */
void neg_fast_law_set(neg_fast *f, fast_law *l, double lnq);

/* The law of layer a of k's breaches, computed and kept (see
 * fast_layer). */
const fast_law *neg_fast_layer_new(neg_fast *f, int k, int a);

/* The law of layer a of k's breaches, kept once computed. */
static inline const fast_law *fast_layer(neg_fast *f, int k, int a)
{
  const fast_law *l = &f->bell[k].layer[a];
  return isnan(l->ilg) ? neg_fast_layer_new(f, k, a) : l;
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
  const int deal = f->tdeal;
  if (f->s_trust[k] < d) {
    if (q->b <= f->hcap) {
      int32_t *row = f->hist[k][deal] + (size_t)q->b * (size_t)(f->horizon + 2);
      row[f->s_trust[k]]++;
      row[d]--;
      if (q->b > f->bmax[k]) f->bmax[k] = q->b;
    } else {
      uint64_t *tr = t->trust_fx + f->bell[k].party;
      for (int x = f->s_trust[k]; x < d; x++)
        tr[(size_t)x * (size_t)f->np] += neg_tally_fix(fast_trust(f, k, x, fast_bev(f, k), deal));
    }
  }
  f->s_trust[k] = d;
}

/* Closes a stretch of a count n that is constant from day *start: adds it
 * to the difference array diff over [*start, d) and starts the next at d. */
static inline void fast_close_count(uint64_t *diff, int *start, uint64_t n, int d)
{
  if (*start < d && n) {
    diff[*start] += n;
    diff[d] -= n;
  }
  *start = d;
}

/* Closes the stretch of k's major incidents. */
static inline void neg_fast_close_majors(neg_fast *f, int k, int d)
{
  fast_close_count(f->live_maj[k], &f->s_maj[k], (uint64_t)f->st[k].majors, d);
}

/* Closes the stretch of k's breaches. */
static inline void fast_close_breaches(neg_fast *f, int k, int d)
{
  fast_close_count(f->live[k], &f->s_live[k], (uint64_t)f->st[k].breaches, d);
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

/* Drops k's window entries of days <= d - window: the window of the end
 * of day d (and of the breach probability of day d + 1). */
static inline void fast_expire(neg_fast *f, int k, int d)
{
  const fast_bell *c = &f->bell[k];
  fast_state *q = &f->st[k];
  if (d < q->t_expire) return;
  while (q->n && q->qday[q->head] <= d - c->window) {
    q->sum -= q->qcnt[q->head];
    q->rsum -= q->qrec[q->head];
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

#endif
