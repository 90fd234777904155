/* neg_datadir.h: the shared files of an installed negsim (example
 * scenarios, plot scripts) in PREFIX/share/negsim, found from the
 * program's own path, so an installed tree can move.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#ifndef NEG_DATADIR_H
#define NEG_DATADIR_H

#include <stddef.h>

/* Writes the folder BIN/../share/negsim of the running program into buf;
 * 0 when it exists, -1 otherwise (e.g. bin/negsim in a build tree). */
int neg_datadir(char *buf, size_t n);

/* A scenario named on the command line: name itself when it exists or
 * holds a '/', else the installed example DATADIR/scenarios/name (or
 * name.cfg) when there is one, else name. The result is name or buf. */
const char *neg_find_scenario(const char *name, char *buf, size_t n);

#endif
