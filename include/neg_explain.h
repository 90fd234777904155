/* neg_explain.h: negsim explain, the counterfactuals of a scenario run
 * against it in pairs with common random numbers (docs/MODEL.md, "Explain").
 *
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 *
 * Nothing here prints or writes files.
 */
#ifndef NEG_EXPLAIN_H
#define NEG_EXPLAIN_H

#include "neg_analysis.h"
#include "neg_scenario.h"

#define NEG_EXPLAIN_MAX (NEG_MAX_PARTIES * NEG_MAX_CONDITIONS + 2 * NEG_MAX_ISSUES)

typedef enum {
  NEG_CF_CONDITION_MET = 0, /* a belligerent's condition made always met */
  NEG_CF_ISSUE_LOW,         /* a declared issue starts at 0 */
  NEG_CF_ISSUE_HIGH,        /* ... at 1 */
  NEG_CF_COUNT
} neg_cf_kind;

/* One counterfactual and what its paired run found. */
typedef struct {
  neg_cf_kind kind;
  int party, condition;     /* NEG_CF_CONDITION_MET: whose, which (else -1) */
  int issue;                /* the issue concerned */
  neg_pair_tally pt;        /* A: the scenario as it is; B: the counterfactual */
} neg_counterfactual;

/* Lists the counterfactuals of s into cf (NEG_EXPLAIN_MAX of room): each
 * condition of each belligerent met, each declared issue of a value of its
 * own (not derived, not a side deal's, not uncertain) at 0 and at 1.
 * Returns their number. */
int neg_explain_list(const neg_scenario *s, neg_counterfactual *cf);

/* Writes into out the scenario s under counterfactual c. */
void neg_explain_apply(const neg_scenario *s, const neg_counterfactual *c, neg_scenario *out);

/* Runs each counterfactual against s (s->runs replicates, s->seed, the
 * same streams: neg_compare_run; with s->precision > 0, each until every
 * outcome's paired half-width is at most it: neg_compare_run_precise).
 * NEG_OK or NEG_ESYS. */
int neg_explain_run(const neg_scenario *s, neg_counterfactual *cf, int n, int threads);

/* Name of a kind, as explain.csv writes it. */
const char *neg_cf_name(neg_cf_kind k);

/* The paired difference of outcome o under c, with its 95% interval. */
void neg_explain_effect(const neg_counterfactual *c, int o, double *pa, double *pb, double *diff,
                        double *lo, double *hi);

/* Fills rank[k] (1 = largest) of each counterfactual by the absolute
 * difference it makes to outcome o, ties in list order. */
void neg_explain_rank(const neg_counterfactual *cf, int n, int o, int *rank);

#endif
