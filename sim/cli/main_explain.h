/* main_explain.h: the explain verb.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#ifndef NEG_MAIN_EXPLAIN_H
#define NEG_MAIN_EXPLAIN_H

#include "neg_cli.h"

/* negsim explain FILE: the exit status, errors printed. */
int neg_verb_explain(const neg_cli_opts *o);

#endif
