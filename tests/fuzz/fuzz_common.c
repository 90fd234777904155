/* fuzz_common.c: the private folder and the load checks of the harnesses.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "fuzz_common.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char fuzz_root[4096];   /* the private folder; a harness has one */

/* -close_fd_mask=2 silences stderr but not the sanitizers' report file, so
 * a failed check is also reported there (defined by ASan, hence weak). */
extern void __sanitizer_report_error_summary(const char *summary) __attribute__((weak));

/* Removes the private folder and what the harness left in it. */
static void fuzz_cleanup(void)
{
  static const char *const names[] = {"fuzz.cfg", "again.cfg", "good.cfg"};
  char path[4200];
  for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
    unlink(fuzz_path(path, sizeof path, names[k]));
  rmdir(fuzz_root);
}

const char *fuzz_dir(void)
{
  const char *base = getenv("TMPDIR");
  if (fuzz_root[0]) return fuzz_root;
  snprintf(fuzz_root, sizeof fuzz_root, "%s/negsim-fuzz-XXXXXX", base ? base : "/tmp");
  if (!mkdtemp(fuzz_root)) {
    perror("negsim fuzz: mkdtemp");
    abort();
  }
  atexit(fuzz_cleanup);
  return fuzz_root;
}

char *fuzz_path(char *buf, size_t n, const char *name)
{
  snprintf(buf, n, "%s/%s", fuzz_dir(), name);
  return buf;
}

void fuzz_write(const char *path, const void *data, size_t n)
{
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0) {
    perror(path);
    abort();
  }
}

void fuzz_fail(const char *what, const neg_error *err)
{
  fprintf(stderr, "negsim fuzz: %s\n", what);
  if (err) neg_error_print(stderr, err);
  if (__sanitizer_report_error_summary) __sanitizer_report_error_summary(what);
  abort();
}

void fuzz_check_load(int rc, const neg_error *err)
{
  char *text = NULL;
  size_t len = 0;
  FILE *f;
  if (rc == NEG_OK) return;
  if (rc != NEG_EINPUT) fuzz_fail("a load returned neither NEG_OK nor NEG_EINPUT", err);
  if (!err->reason[0]) fuzz_fail("a rejected load gave no reason", err);
  if (!(f = open_memstream(&text, &len))) abort();
  neg_error_print(f, err);
  fclose(f);
  if (len < 2 || strchr(text, '\n') != text + len - 1)
    fuzz_fail("an error message is not exactly one line", err);
  free(text);
}
