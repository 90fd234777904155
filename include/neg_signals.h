/* neg_signals.h: interrupting a verb without leaving half-written files.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#ifndef NEG_SIGNALS_H
#define NEG_SIGNALS_H

/* Makes SIGINT, SIGTERM and SIGHUP remove the output's temporary files and
 * exit with 128 + the signal (unless the signal is ignored, as under nohup
 * or in a background job of a non-interactive shell). */
void neg_catch_signals(void);

/* Ignores SIGXFSZ, so a file-size limit (ulimit -f) fails a write with
 * EFBIG, which negsim reports and cleans up as it does a full disk,
 * instead of killing it in the middle of writing. */
void neg_ignore_file_limit(void);

#endif
