/* signals.c: SIGINT, SIGTERM and SIGHUP during a verb's work; SIGXFSZ.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "neg_output.h"
#include "neg_signals.h"

/* On SIGINT, SIGTERM or SIGHUP: removes the output's temporary files and
 * exits with 128 + the signal, leaving the output folder as it was; lets
 * the run finish if its files are already being renamed into place. Only
 * async-signal-safe calls. */
static void on_signal(int sig)
{
  static const char msg[] = "negsim: interrupted; the output folder is left as it was\n";
  if (!neg_output_interrupt()) return;
  if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0) _exit(128 + sig);
  _exit(128 + sig);
}

/* Installs on_signal for SIGINT, SIGTERM and SIGHUP, except where the
 * signal is ignored (nohup, background jobs). */
void neg_catch_signals(void)
{
  static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
  struct sigaction sa, old;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  for (size_t k = 0; k < sizeof sigs / sizeof sigs[0]; k++) sigaddset(&sa.sa_mask, sigs[k]);
  for (size_t k = 0; k < sizeof sigs / sizeof sigs[0]; k++)
    if (sigaction(sigs[k], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
      sigaction(sigs[k], &sa, NULL);
}

void neg_ignore_file_limit(void)
{
  signal(SIGXFSZ, SIG_IGN);
}
