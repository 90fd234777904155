/* neg_signals.h: interrupting a verb without leaving half-written files.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#ifndef NEG_SIGNALS_H
#define NEG_SIGNALS_H

/* Makes SIGINT, SIGTERM and SIGHUP remove the output's temporary files,
 * its lock and the folders the run created, and exit with 128 + the
 * signal; the other fatal signals a program can catch (SIGQUIT, SIGPIPE,
 * SIGALRM, SIGXCPU, SIGVTALRM, SIGPROF, SIGUSR1, SIGUSR2) do the same and
 * then end negsim by the signal. A signal ignored at the start (nohup, a
 * background job of a non-interactive shell) stays ignored. With sweep,
 * the message says how to resume. */
#define NEG_SIGNALS_RUN 0
#define NEG_SIGNALS_SWEEP 1
void neg_catch_signals(int sweep);

/* Ignores SIGXFSZ, so a file-size limit (ulimit -f) fails a write with
 * EFBIG, which negsim reports and cleans up as it does a full disk,
 * instead of killing it in the middle of writing. */
void neg_ignore_file_limit(void);

#endif
