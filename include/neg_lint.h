/* neg_lint.h: what a valid scenario makes impossible by construction
 * (negsim check prints it as warnings; docs/ERRORS.md lists them).
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#ifndef NEG_LINT_H
#define NEG_LINT_H

#include "neg_scenario.h"

#define NEG_LINT_MAX 64

typedef struct {
  int n;
  char key[NEG_LINT_MAX][160];   /* the setting concerned */
  char text[NEG_LINT_MAX][256];  /* what cannot happen, and why */
} neg_lint;

/* Fills l with the warnings about s: an outcome that no replicate can
 * reach (extended when no term can reach the horizon, ceasefire when no
 * round can be held), a condition on an issue that nothing ever moves. */
void neg_scenario_lint(const neg_scenario *s, neg_lint *l);

/* 1 when issue k of s can take another value than its first during a
 * replicate: a rule, a deal or a schedule item moves it or an issue it is
 * derived from (depth: 0). */
int neg_issue_can_change(const neg_scenario *s, int k, int depth);

/* Adds to l what the text of the last load of src says and the scenario
 * does not keep: a party written as role = "mediator" with an aid share
 * above 0 (read as a backer that supplies aid; docs/schema.md). */
void neg_source_lint(const neg_source *src, neg_lint *l);

#endif
