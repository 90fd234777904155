/* main_sweep.h: the verb sweep (main_sweep.c), dispatched by main.c; not an
 * interface.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#ifndef NEG_MAIN_SWEEP_H
#define NEG_MAIN_SWEEP_H

#include "neg_cli.h"

/* negsim sweep FILE [--vary K=SPEC ...] [--resume]. Returns the exit status. */
int neg_verb_sweep(const neg_cli_opts *o);

#endif
