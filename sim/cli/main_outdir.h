/* main_outdir.h: the output folder of a verb (main_outdir.c): its default
 * name, its claim and the commit of its files after the table is printed;
 * shared by the verbs' files, not an interface.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#ifndef NEG_MAIN_OUTDIR_H
#define NEG_MAIN_OUTDIR_H

#include <stddef.h>

#include "neg_cli.h"
#include "neg_outdir.h"
#include "neg_output.h"

#define NEG_DIR_MAX 4096        /* longest output folder path */

/* The output folder: --out, else results/<name><middle> followed by
 * +KEY=VALUE for each --set (KEY without "parties."; characters other
 * than letters, digits and _ . , = + - as '_'; a name longer than 200
 * characters cut, with a hash of the whole). */
void neg_main_out_dir(const neg_cli_opts *o, const char *name, const char *middle, char *dir,
                      size_t n);

/* The middle of a default folder name: tag followed by the keys of specs
 * (KEY=... each, KEY without "parties."), separated by commas. */
void neg_main_keys(const char *tag, const char *const *specs, size_t n, char *out, size_t size);

/* Claims folder dir for a run identified by its manifests (names and
 * texts; a NULL text means out of memory). NULL with the error printed
 * and *rc the exit status. */
neg_outdir *neg_main_claim(const neg_cli_opts *o, const char *dir, const char *const *names,
                           char *const *texts, size_t n, int *rc);

/* Prints the results (print(o, arg): the table, or --format's rows)
 * once the files of out are prepared, then renames them into place, so
 * that a standard output that cannot be written leaves the folder as it
 * was. Frees out. Returns the exit status, the error printed. */
int neg_main_commit_set(const neg_cli_opts *o, neg_output_set *out,
                        int (*print)(const neg_cli_opts *o, const void *arg), const void *arg);

/* Checks standard output took the table: NEG_OK, or NEG_ESYS with the
 * message printed. */
int neg_main_stdout_ok(void);

#endif
