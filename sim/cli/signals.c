/* signals.c: the fatal signals during a verb's work; SIGXFSZ.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "neg_output.h"
#include "neg_signals.h"

/* The signals that end negsim and can be caught: an interruption (INT,
 * TERM, HUP), then the others (Ctrl-\, a closed pipe, timers, a CPU-time
 * limit, user signals). */
static const int neg_interrupts[] = {SIGINT, SIGTERM, SIGHUP};
static const int neg_fatal[] = {SIGQUIT, SIGPIPE, SIGALRM, SIGXCPU, SIGVTALRM, SIGPROF,
                                SIGUSR1, SIGUSR2};
#define NEG_N_INTERRUPTS (sizeof neg_interrupts / sizeof neg_interrupts[0])
#define NEG_N_FATAL (sizeof neg_fatal / sizeof neg_fatal[0])

static const char neg_msg_run[] = "negsim: interrupted; the output folder is left as it was\n";
static const char neg_msg_sweep[] = "negsim: interrupted; the finished points are kept: give the "
                                    "same command with --resume to continue\n";
static const char *neg_msg = neg_msg_run;   /* set before the handlers are */
static size_t neg_msg_len = sizeof neg_msg_run - 1;

/* Removes the output's temporary files, its lock and the folders it
 * created, then ends: 128 + the signal for an interruption, else by the
 * signal itself (its default action). Lets the run finish if its files
 * are already being renamed into place. Only async-signal-safe calls. */
static void on_signal(int sig)
{
  sigset_t one;
  if (!neg_output_interrupt()) return;
  if (write(STDERR_FILENO, neg_msg, neg_msg_len) < 0) { /* nothing more to say */ }
  for (size_t k = 0; k < NEG_N_INTERRUPTS; k++)
    if (sig == neg_interrupts[k]) _exit(128 + sig);
  signal(sig, SIG_DFL);
  sigemptyset(&one);
  sigaddset(&one, sig);
  sigprocmask(SIG_UNBLOCK, &one, NULL);
  raise(sig);
  _exit(128 + sig);
}

/* Installs on_signal for sig unless it is ignored (nohup, background jobs). */
static void catch_one(int sig, const struct sigaction *sa)
{
  struct sigaction old;
  if (sigaction(sig, NULL, &old) == 0 && old.sa_handler != SIG_IGN) sigaction(sig, sa, NULL);
}

void neg_catch_signals(int sweep)
{
  struct sigaction sa;
  neg_msg = sweep ? neg_msg_sweep : neg_msg_run;
  neg_msg_len = strlen(neg_msg);
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  for (size_t k = 0; k < NEG_N_INTERRUPTS; k++) sigaddset(&sa.sa_mask, neg_interrupts[k]);
  for (size_t k = 0; k < NEG_N_FATAL; k++) sigaddset(&sa.sa_mask, neg_fatal[k]);
  for (size_t k = 0; k < NEG_N_INTERRUPTS; k++) catch_one(neg_interrupts[k], &sa);
  for (size_t k = 0; k < NEG_N_FATAL; k++) catch_one(neg_fatal[k], &sa);
}

void neg_ignore_file_limit(void)
{
  signal(SIGXFSZ, SIG_IGN);
}
