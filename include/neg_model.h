/* neg_model.h: one replicate of the negotiation, as init / step per day / done.
 *
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 *
 * The model knows a validated neg_scenario and a neg_rng, nothing else: no
 * files, no threads, no globals. The mechanisms it steps through are
 * declared in neg_mech.h, each with its own sub-stream.
 */
#ifndef NEG_MODEL_H
#define NEG_MODEL_H

#include "neg_rng.h"
#include "neg_scenario.h"

#define NEG_WINDOW_MAX 365     /* longest window_days */

/* How a replicate ends. Order is the order of the rows of summary.csv. */
typedef enum {
  NEG_OUT_CEASEFIRE = 0, NEG_OUT_EXTENDED, NEG_OUT_LAPSED, NEG_OUT_COLLAPSED,
  NEG_OUT_COUNT
} neg_outcome;

/* The state of the pause at the end of a day. */
typedef enum {
  NEG_STATE_PAUSE = 0,  /* the first pause holds */
  NEG_STATE_EXTENDED,   /* the pause holds after at least one extension */
  NEG_STATE_CEASEFIRE, NEG_STATE_LAPSED, NEG_STATE_COLLAPSED,
  NEG_STATE_COUNT
} neg_state;

/* What made a belligerent abandon the pause (neg_world.trigger, bits). */
enum { NEG_TRIGGER_TOLERANCE = 1, NEG_TRIGGER_FLOOR = 2 };

/* The state of a side deal. */
enum { NEG_DEAL_OPEN = 0, NEG_DEAL_IN_FORCE, NEG_DEAL_SUSPENDED, NEG_DEAL_ENDED };

/* Explicit state of one replicate. Arrays are indexed by party. */
typedef struct {
  int day;                /* days completed, 0 after init */
  int pause_end;          /* last day of the current pause */
  int extensions;         /* renewals so far */
  int done;               /* 1 once outcome is set */
  neg_outcome outcome;
  int outcome_day;
  int abandoned_by;       /* party that abandoned the pause, or -1 */
  int rounds_held;

  double aid;             /* aid level in [0,1] */
  double momentum;        /* >0 favours parties with momentum_side +1 */
  int maritime_deal;
  int sanctions_relief;
  neg_aid_status aid_status[NEG_MAX_PARTIES];
  double pressure[NEG_MAX_PARTIES]; /* total pressure on each belligerent */

  /* belligerents */
  double trust_a[NEG_MAX_PARTIES], trust_b[NEG_MAX_PARTIES];
  int breaches[NEG_MAX_PARTIES];      /* breaches committed so far */
  int breached_today[NEG_MAX_PARTIES];
  int attributed_today[NEG_MAX_PARTIES]; /* breaches this party blamed on others today */
  int window_sum[NEG_MAX_PARTIES];    /* attributed breaches in the window */

  /* the general model (sim/model/issues.c) */
  int general;            /* neg_scenario_general(s): the general steps run */
  double issue[NEG_MAX_ISSUES];        /* values of the issues of their own */
  unsigned char deal_state[NEG_MAX_DEALS]; /* NEG_DEAL_* */
  double cf_util[NEG_MAX_PARTIES];     /* ceasefire_utility, as the schedule leaves it */
  double ext_util[NEG_MAX_PARTIES];    /* extension_utility, likewise */
  unsigned char thr_met[NEG_MAX_PARTIES][NEG_MAX_RULES]; /* threshold rules: level met */

  /* incidents (mechanism 1b; sim/model/breach.c) */
  int incidents;          /* neg_scenario_incidents(s): incidents beyond breach days */
  int majors[NEG_MAX_PARTIES];        /* major incidents committed so far */
  int inc_today[NEG_MAX_PARTIES][4];  /* today's incidents: [tolerated * 2 + major] */
  double evidence_today[NEG_MAX_PARTIES]; /* breach evidence it saw today, in [0, 1] */
  double recip_sum[NEG_MAX_PARTIES];  /* weighted attributed incidents in the window */

  /* attribution (docs/MODEL.md, "Attribution"): who decided what, and
   * which of their conditions were unmet then (bit c: condition c) */
  int last_round;         /* day of the last round held, 0 when none */
  unsigned refused;       /* belligerents (bit per party) that refused at it */
  unsigned declined;      /* belligerents that declined the latest renewal
                           * (0 when none was open: the renewals ran out) */
  int trigger;            /* collapsed: NEG_TRIGGER_* of abandoned_by */
  unsigned char round_unmet[NEG_MAX_PARTIES]; /* ceasefire conditions, at the last round */
  unsigned char renew_unmet[NEG_MAX_PARTIES]; /* renewal conditions, at the latest renewal */

  unsigned char window[NEG_MAX_PARTIES][NEG_WINDOW_MAX]; /* ring, by day */
  int accepted[NEG_MAX_PARTIES];      /* choice at the latest round (scratch) */
  double recip_window[NEG_MAX_PARTIES][NEG_WINDOW_MAX]; /* incidents: ring of the
                                       * weighted counts, by day */
} neg_world;

/* Starts a replicate: day 0, the pause holding, priors and aid as given. */
void neg_model_init(neg_world *w, const neg_scenario *s, neg_rng *r);

/* Simulates the next day. Returns 1 once the replicate has an outcome
 * (w->outcome, w->outcome_day), else 0. */
int neg_model_step(neg_world *w, const neg_scenario *s, neg_rng *r);

/* Runs init and steps to the end; returns the outcome. */
neg_outcome neg_model_run(neg_world *w, const neg_scenario *s, neg_rng *r);

/* State of the pause at the end of the latest day. */
neg_state neg_model_state(const neg_world *w);

/* Mean of a belligerent's Beta belief about the others' compliance. */
double neg_model_trust(const neg_world *w, int party);

const char *neg_outcome_name(neg_outcome o);
const char *neg_state_name(neg_state st);

#endif
