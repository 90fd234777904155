/* explain.c: the counterfactuals of negsim explain, each run against the
 * scenario with common random numbers (docs/MODEL.md, "Explain").
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "neg_explain.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "neg_stats.h"

/* 1 when issue k's initial value is a distribution of s. */
static int issue_uncertain(const neg_scenario *s, int k)
{
  char key[NEG_UNC_KEY_MAX];
  snprintf(key, sizeof key, "issues.%s.initial", s->issues[k].id);
  for (int u = 0; u < s->n_uncertain; u++)
    if (!strcmp(s->uncertain[u].key, key)) return 1;
  return 0;
}

/* 1 when issue k is declared by the scenario with a value of its own. */
static int issue_own(const neg_scenario *s, int k)
{
  if (k < NEG_ISSUE_BUILTIN || s->issues[k].derive != NEG_DERIVE_NONE) return 0;
  for (int d = 0; d < s->n_deals; d++)
    if (s->deals[d].issue == k) return 0;
  return !issue_uncertain(s, k);
}

int neg_explain_list(const neg_scenario *s, neg_counterfactual *cf)
{
  int n = 0;
  for (int p = 0; p < s->n_parties; p++)
    for (int c = 0; s->parties[p].role == NEG_ROLE_BELLIGERENT && c < s->parties[p].n_conditions; c++) {
      memset(&cf[n], 0, sizeof cf[n]);
      cf[n].kind = NEG_CF_CONDITION_MET;
      cf[n].party = p;
      cf[n].condition = c;
      cf[n++].issue = s->parties[p].conditions[c].lever;
    }
  for (int k = 0; k < s->n_issues; k++)
    for (int hi = 0; issue_own(s, k) && hi < 2; hi++) {
      memset(&cf[n], 0, sizeof cf[n]);
      cf[n].kind = hi ? NEG_CF_ISSUE_HIGH : NEG_CF_ISSUE_LOW;
      cf[n].party = cf[n].condition = -1;
      cf[n++].issue = k;
    }
  return n;
}

void neg_explain_apply(const neg_scenario *s, const neg_counterfactual *c, neg_scenario *out)
{
  *out = *s;
  if (c->kind == NEG_CF_CONDITION_MET) {
    /* a level every value of the issue meets (the tests are inclusive) */
    neg_condition *x = &out->parties[c->party].conditions[c->condition];
    x->threshold = x->at_least ? 0.0 : 1.0;
  } else {
    out->issues[c->issue].initial = c->kind == NEG_CF_ISSUE_HIGH ? 1.0 : 0.0;
  }
}

int neg_explain_run(const neg_scenario *s, neg_counterfactual *cf, int n, int threads)
{
  neg_scenario *b = malloc(sizeof *b);
  neg_tally *ta = neg_tally_alloc(s), *tb = neg_tally_alloc(s);
  int rc = b && ta && tb ? NEG_OK : NEG_ESYS;
  for (int k = 0; rc == NEG_OK && k < n; k++) {
    neg_explain_apply(s, &cf[k], b);
    neg_tally_reset(ta);
    neg_tally_reset(tb);
    rc = neg_compare_run_precise(s, b, s->seed, s->runs, s->precision, threads, ta, tb, &cf[k].pt);
  }
  neg_tally_free(ta);
  neg_tally_free(tb);
  free(b);
  return rc;
}

const char *neg_cf_name(neg_cf_kind k)
{
  static const char *const names[NEG_CF_COUNT] = {"condition_met", "issue_at_0", "issue_at_1"};
  return (unsigned)k < NEG_CF_COUNT ? names[k] : "?";
}

void neg_explain_effect(const neg_counterfactual *c, int o, double *pa, double *pb, double *diff,
                        double *lo, double *hi)
{
  uint64_t ka = 0, kb = 0, only_a = 0, only_b = 0;
  for (int x = 0; x < NEG_OUT_COUNT; x++) {
    ka += c->pt.joint[o][x];
    kb += c->pt.joint[x][o];
    only_a += x != o ? c->pt.joint[o][x] : 0;
    only_b += x != o ? c->pt.joint[x][o] : 0;
  }
  *pa = c->pt.runs ? (double)ka / (double)c->pt.runs : NAN;
  *pb = c->pt.runs ? (double)kb / (double)c->pt.runs : NAN;
  neg_stats_paired(c->pt.runs, only_a, only_b, 0.95, diff, lo, hi);
}

void neg_explain_rank(const neg_counterfactual *cf, int n, int o, int *rank)
{
  for (int k = 0; k < n; k++) {
    double pa, pb, dk, dj, lo, hi;
    neg_explain_effect(&cf[k], o, &pa, &pb, &dk, &lo, &hi);
    rank[k] = 1;
    for (int j = 0; j < n; j++) {
      neg_explain_effect(&cf[j], o, &pa, &pb, &dj, &lo, &hi);
      rank[k] += fabs(dj) > fabs(dk) || (fabs(dj) == fabs(dk) && j < k);
    }
  }
}
