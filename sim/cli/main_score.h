/* main_score.h: the verb score (main_score.c), dispatched by main.c; not
 * an interface.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#ifndef NEG_MAIN_SCORE_H
#define NEG_MAIN_SCORE_H

#include "neg_cli.h"

/* negsim score DIR|LABELS.csv [CASE.cfg...] [--runs N] [--seed S]
 * [--threads T] [--out DIR]. Returns the exit status. */
int neg_verb_score(const neg_cli_opts *o);

#endif
