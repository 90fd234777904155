/* output_why.c: attribution in the files: runs.csv's columns, why.csv and
 * the leading reasons printed under a run's table (docs/OUTPUTS.md).
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "neg_output.h"
#include "output_impl.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "neg_stats.h"

void neg_output_condition_label(const neg_scenario *s, int p, int c, char *buf, size_t n)
{
  const neg_party *q = &s->parties[p];
  const int lever = q->conditions[c].lever;
  int same = 0;
  for (int k = 0; k < q->n_conditions; k++) same += q->conditions[k].lever == lever;
  if (same > 1)
    snprintf(buf, n, "%s.%d", s->issues[lever].id, c + 1);
  else
    snprintf(buf, n, "%s", s->issues[lever].id);
}

/* 1 when condition c of p weighs on the ceasefire (round 1) or on the
 * renewal (round 0). */
static int weighs_on(const neg_condition *c, int round)
{
  return round ? c->gates != NEG_GATE_RENEWAL : c->gates != NEG_GATE_CEASEFIRE;
}

/* Writes ",<prefix><id>_<label>" for every condition of belligerent p that
 * weighs on the decision. */
static void condition_columns(FILE *f, const neg_scenario *s, int p, int round)
{
  const neg_party *q = &s->parties[p];
  for (int c = 0; c < q->n_conditions; c++) {
    char label[NEG_ID_MAX + 8], name[3 * NEG_ID_MAX + 32];
    if (!weighs_on(&q->conditions[c], round)) continue;
    neg_output_condition_label(s, p, c, label, sizeof label);
    snprintf(name, sizeof name, "%s_unmet_%s_%s", round ? "round" : "renewal", q->id, label);
    fputc(',', f);
    neg_output_colname(f, name);
  }
}

void neg_output_runs_why_header(FILE *f, const neg_scenario *s)
{
  int bel[NEG_MAX_PARTIES], nb = neg_scenario_belligerents(s, bel);
  char name[NEG_ID_MAX + 16];
  fputs(",trigger,last_round_day", f);
  for (int round = 1; round >= 0; round--) {
    for (int i = 0; i < nb; i++) {
      snprintf(name, sizeof name, "%s_%s", round ? "refused" : "declined", s->parties[bel[i]].id);
      fputc(',', f);
      neg_output_colname(f, name);
    }
    for (int i = 0; i < nb; i++) condition_columns(f, s, bel[i], round);
  }
}

/* Writes ",1", ",0" or ",NA" (not known). */
static void flag(FILE *f, int known, int set)
{
  fputs(!known ? ",NA" : set ? ",1" : ",0", f);
}

void neg_output_runs_why_fields(FILE *f, const neg_scenario *s, const neg_record *rec)
{
  static const char *const trig[] = {"", "tolerance", "trust_floor", "both"};
  int bel[NEG_MAX_PARTIES], nb = neg_scenario_belligerents(s, bel);
  const int lapsed_by = rec->outcome == NEG_OUT_LAPSED && rec->declined;
  fprintf(f, ",%s", rec->outcome == NEG_OUT_COLLAPSED ? trig[rec->trigger & 3] : "");
  if (rec->last_round) fprintf(f, ",%d", rec->last_round);
  else fputs(",NA", f);
  for (int round = 1; round >= 0; round--) {
    const int known = round ? rec->last_round > 0 : lapsed_by;
    const unsigned who = round ? rec->refused : rec->declined;
    for (int i = 0; i < nb; i++) flag(f, known, who >> bel[i] & 1u);
    for (int i = 0; i < nb; i++) {
      const neg_party *q = &s->parties[bel[i]];
      unsigned unmet = round ? rec->round_unmet[bel[i]] : rec->renew_unmet[bel[i]];
      for (int c = 0; c < q->n_conditions; c++)
        if (weighs_on(&q->conditions[c], round)) flag(f, known, unmet >> c & 1u);
    }
  }
}

/* Writes one row of why.csv: (o, party p or -1, reason r, condition c or
 * -1) when some replicate has it. */
static void why_row(FILE *f, const neg_scenario *s, const neg_tally *t, const neg_run_info *info,
                    neg_outcome o, int p, neg_why r, int c)
{
  char label[NEG_ID_MAX + 8];
  const uint64_t n = neg_tally_why_count(t, o, p, r, c), of = t->outcome[o];
  const uint64_t base = c >= 0 ? neg_tally_why_count(t, o, p, r, -1) : 0;
  double lo, hi;
  if (!n) return;
  neg_stats_wilson(n, of, NEG_OUTPUT_LEVEL, &lo, &hi);
  fprintf(f, "%s,", neg_outcome_name(o));
  if (p >= 0) neg_output_field(f, s->parties[p].id);
  else fputs("NA", f);
  fprintf(f, ",%s,", neg_why_name(r));
  if (c >= 0) {
    neg_output_condition_label(s, p, c, label, sizeof label);
    neg_output_field(f, label);
  } else {
    fputs("NA", f);
  }
  fprintf(f, ",%" PRIu64 ",%" PRIu64, n, of);
  neg_output_next(f, 8, (double)n / (double)of);
  neg_output_next(f, 8, lo);
  neg_output_next(f, 8, hi);
  neg_output_next(f, 8, c >= 0 ? (double)n / (double)base : NAN);
  fprintf(f, ",%" PRIu64, t->runs);
  neg_output_labels(f, s, info->seed, 0);
}

int neg_output_write_why(FILE *f, const neg_scenario *s, const neg_tally *t,
                         const neg_run_info *info)
{
  fputs("outcome,party,reason,condition,runs,outcome_runs,share,ci_low,ci_high,"
        "share_of_party,total_runs", f);
  neg_output_labels(f, s, 0, 1);
  for (int o = 0; o < NEG_OUT_COUNT; o++)
    for (int r = 0; r < NEG_WHY_COUNT; r++)
      for (int p = 0; p <= s->n_parties; p++) {
        const int party = p < s->n_parties ? p : -1;
        const int nc = party >= 0 ? s->parties[party].n_conditions : 0;
        for (int c = -1; c < nc; c++) why_row(f, s, t, info, (neg_outcome)o, party, (neg_why)r, c);
      }
  return neg_output_status(f);
}

/* How the printed summary words a reason. */
static const char *why_words(neg_why r)
{
  static const char *const words[NEG_WHY_COUNT] = {
    "refused the ceasefire at the last round", "declined renewal",
    "abandoned the pause (tolerance crossed)", "abandoned the pause (trust below its floor)",
    "no renewal left", "no round held"};
  return words[r];
}

/* The leading reason of outcome o: its party (-1 none) and reason with the
 * most replicates (the first in why.csv's order on a tie); 0 when none. */
static uint64_t why_lead(const neg_tally *t, neg_outcome o, unsigned reasons, int *p, neg_why *r)
{
  uint64_t best = 0;
  for (int x = 0; x < NEG_WHY_COUNT; x++)
    for (int q = 0; q <= t->n_parties && (reasons >> x & 1u); q++) {
      const int party = q < t->n_parties ? q : -1;
      const uint64_t n = neg_tally_why_count(t, o, party, (neg_why)x, -1);
      if (n <= best) continue;
      best = n;
      *p = party;
      *r = (neg_why)x;
    }
  return best;
}

/* Appends the most frequent unmet condition of (o, p, r) among n replicates. */
static void why_lead_condition(FILE *f, const neg_scenario *s, const neg_tally *t, neg_outcome o,
                               int p, neg_why r, uint64_t n)
{
  uint64_t best = 0;
  int at = -1;
  char label[NEG_ID_MAX + 8];
  for (int c = 0; p >= 0 && c < s->parties[p].n_conditions; c++) {
    uint64_t k = neg_tally_why_count(t, o, p, r, c);
    if (k > best) {
      best = k;
      at = c;
    }
  }
  if (at < 0) return;
  neg_output_condition_label(s, p, at, label, sizeof label);
  fprintf(f, "; %s condition unmet in %.0f%% of those", label, 100.0 * (double)best / (double)n);
}

/* The reasons of the lines printed for each outcome: what ended it, then
 * the last ceasefire round (lapsed, collapsed). */
#define WHY_BIT(r) (1u << (r))
#define WHY_ROUND (WHY_BIT(NEG_WHY_REFUSED) | WHY_BIT(NEG_WHY_NO_ROUND))
static const unsigned why_lines[NEG_OUT_COUNT][2] = {
  {0, 0}, {WHY_ROUND, 0},
  {WHY_BIT(NEG_WHY_DECLINED) | WHY_BIT(NEG_WHY_NO_RENEWAL), WHY_ROUND},
  {WHY_BIT(NEG_WHY_TOLERANCE) | WHY_BIT(NEG_WHY_TRUST_FLOOR), WHY_ROUND}};

void neg_output_why_table(FILE *f, const neg_scenario *s, const neg_tally *t)
{
  int printed = 0;
  for (int line = 0; line < NEG_OUT_COUNT * 2; line++) {
    const int o = line / 2;
    int p = -1;
    neg_why r = NEG_WHY_REFUSED;
    double lo, hi;
    uint64_t n = why_lead(t, (neg_outcome)o, why_lines[o][line % 2], &p, &r);
    if (!n) continue;
    if (!printed++) fputs("leading reasons (why.csv):\n", f);
    neg_stats_wilson(n, t->outcome[o], NEG_OUTPUT_LEVEL, &lo, &hi);
    fprintf(f, "%s: %s%s%s in %.0f%% [%.1f, %.1f]", neg_outcome_name((neg_outcome)o),
            p >= 0 ? s->parties[p].id : "", p >= 0 ? " " : "", why_words(r),
            100.0 * (double)n / (double)t->outcome[o], 100.0 * lo, 100.0 * hi);
    why_lead_condition(f, s, t, (neg_outcome)o, p, r, n);
    fputc('\n', f);
  }
}

/* Writes the party, condition and issue fields of counterfactual c. */
static void explain_subject(FILE *f, const neg_scenario *s, const neg_counterfactual *c)
{
  char label[NEG_ID_MAX + 8];
  fprintf(f, "%s,", neg_cf_name(c->kind));
  if (c->party >= 0) {
    neg_output_field(f, s->parties[c->party].id);
    neg_output_condition_label(s, c->party, c->condition, label, sizeof label);
    fputc(',', f);
    neg_output_field(f, label);
  } else {
    fputs("NA,NA", f);
  }
  fputc(',', f);
  neg_output_field(f, s->issues[c->issue].id);
}

int neg_output_write_explain(FILE *f, const neg_scenario *s, const neg_counterfactual *cf, int n,
                             int outcome)
{
  int rank[NEG_EXPLAIN_MAX];
  neg_explain_rank(cf, n, outcome, rank);
  fputs("counterfactual,party,condition,issue,outcome,p_base,p_counterfactual,difference,"
        "ci_low,ci_high,rank,ranked_by,runs,scenario,seed\n", f);
  for (int k = 0; k < n; k++)
    for (int o = 0; o < NEG_OUT_COUNT; o++) {
      double pa, pb, d, lo, hi;
      neg_explain_effect(&cf[k], o, &pa, &pb, &d, &lo, &hi);
      explain_subject(f, s, &cf[k]);
      fprintf(f, ",%s", neg_outcome_name((neg_outcome)o));
      neg_output_next(f, 8, pa);
      neg_output_next(f, 8, pb);
      neg_output_next(f, 8, d);
      neg_output_next(f, 8, lo);
      neg_output_next(f, 8, hi);
      fprintf(f, ",%d,%s,%" PRIu64 ",", rank[k], neg_outcome_name((neg_outcome)outcome), cf[k].pt.runs);
      neg_output_field(f, s->name);
      fprintf(f, ",%" PRIu64 "\n", s->seed);
    }
  return neg_output_status(f);
}

/* The table's first line: the runs per counterfactual (their range when
 * --precision stopped each on its own) and the outcome ranked by. */
static void explain_heading(FILE *f, const neg_scenario *s, const neg_counterfactual *cf, int n,
                            int outcome)
{
  uint64_t lo = n ? cf[0].pt.runs : 0, hi = lo;
  for (int k = 1; k < n; k++) {
    lo = cf[k].pt.runs < lo ? cf[k].pt.runs : lo;
    hi = cf[k].pt.runs > hi ? cf[k].pt.runs : hi;
  }
  fprintf(f, "%s: %" PRIu64, s->name, lo);
  if (hi != lo) fprintf(f, " to %" PRIu64, hi);
  fprintf(f, " runs per counterfactual, ranked by the effect on P(%s)\n",
          neg_outcome_name((neg_outcome)outcome));
}

void neg_output_explain_table(FILE *f, const neg_scenario *s, const neg_counterfactual *cf, int n,
                              int outcome)
{
  int rank[NEG_EXPLAIN_MAX];
  char what[3 * NEG_ID_MAX + 32], label[NEG_ID_MAX + 8];
  neg_explain_rank(cf, n, outcome, rank);
  explain_heading(f, s, cf, n, outcome);
  fprintf(f, "%4s  %-44s %9s %9s %10s  %s\n", "rank", "counterfactual", "base", "then",
          "difference", "paired 95% interval");
  for (int r = 1; r <= n; r++)
    for (int k = 0; k < n; k++) {
      double pa, pb, d, lo, hi;
      const neg_counterfactual *c = &cf[k];
      if (rank[k] != r) continue;
      if (c->kind == NEG_CF_CONDITION_MET) {
        neg_output_condition_label(s, c->party, c->condition, label, sizeof label);
        snprintf(what, sizeof what, "%s's %s condition met", s->parties[c->party].id, label);
      } else {
        snprintf(what, sizeof what, "issue %s at %d", s->issues[c->issue].id,
                 c->kind == NEG_CF_ISSUE_HIGH);
      }
      neg_explain_effect(c, outcome, &pa, &pb, &d, &lo, &hi);
      fprintf(f, "%4d  %-44s %9.6f %9.6f %+10.6f  [%+.6f, %+.6f]\n", r, what, pa, pb, d, lo, hi);
    }
}
