/* fuzz_scenario.c: libFuzzer harness of the scenario loader.
 *
 * The input is a scenario file, optionally followed by a NUL byte and --set
 * overrides, one a line. The file is loaded without and with the
 * overrides. Every load must end in NEG_OK or NEG_EINPUT with a one-line
 * message, without a crash, a leak or a sanitizer report; a scenario that
 * loads must write back (negsim check, manifests) as a file that loads to
 * the identical struct; and the file parsed once and loaded again and
 * again (as a sweep does: the overrides, none, the overrides twice) must
 * give what loading it afresh gives.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "neg_scenario.h"

#define FUZZ_MAX_SETS 8   /* overrides taken from one input */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Writes s, loads what was written and aborts unless it is s again. */
static void check_round_trip(const neg_scenario *s)
{
  char path[4200];
  neg_scenario *back = malloc(sizeof *back);
  neg_error err;
  FILE *f = fopen(fuzz_path(path, sizeof path, "again.cfg"), "w");
  if (!back || !f) abort();
  if (neg_scenario_write(f, s) != NEG_OK || fclose(f) != 0)
    fuzz_fail("a loaded scenario could not be written", NULL);
  if (neg_scenario_load(path, NULL, 0, back, &err) != NEG_OK)
    fuzz_fail("a written scenario does not load", &err);
  if (memcmp(s, back, sizeof *s))
    fuzz_fail("a written scenario loads to a different struct", NULL);
  unlink(path);
  free(back);
}

/* Loads path with the overrides and checks the outcome. */
static void load(const char *path, const char *const *sets, size_t nsets)
{
  neg_scenario *s = malloc(sizeof *s);
  neg_error err;
  int rc;
  if (!s) abort();
  rc = neg_scenario_load(path, sets, nsets, s, &err);
  fuzz_check_load(rc, &err);
  if (rc == NEG_OK) check_round_trip(s);
  free(s);
}

/* Loads path with the overrides through src and afresh; aborts unless the
 * two agree (status, struct, error). */
static void same_as_fresh(neg_source *src, const char *path, const char *const *sets,
                          size_t nsets)
{
  neg_scenario *a = malloc(sizeof *a), *b = malloc(sizeof *b);
  neg_error ea, eb;
  if (!a || !b) abort();
  int ra = neg_source_load(src, sets, nsets, a, &ea);
  int rb = neg_scenario_load(path, sets, nsets, b, &eb);
  if (ra != rb || (ra == NEG_OK && memcmp(a, b, sizeof *a)) || memcmp(&ea, &eb, sizeof ea))
    fuzz_fail("a load of a parsed file differs from a fresh load", &ea);
  free(a);
  free(b);
}

/* The file parsed once, loaded with the overrides, without, with them
 * twice more, and with the same keys given each the next one's value (a
 * load that reads only the overridden settings again). */
static void check_source(const char *path, const char *const *sets, size_t nsets)
{
  static char moved[FUZZ_MAX_SETS][NEG_VARY_MAX];
  const char *next[FUZZ_MAX_SETS];
  neg_source *src;
  neg_error err;
  if (neg_source_open(path, &src, &err) != NEG_OK) return;
  same_as_fresh(src, path, sets, nsets);
  same_as_fresh(src, path, NULL, 0);
  same_as_fresh(src, path, sets, nsets);
  same_as_fresh(src, path, sets, nsets);
  for (size_t k = 0; k < nsets; k++) {
    const char *v = strchr(sets[(k + 1) % nsets], '=');
    snprintf(moved[k], sizeof moved[k], "%.*s%.600s", (int)strcspn(sets[k], "="), sets[k],
             v ? v : "=");
    next[k] = moved[k];
  }
  same_as_fresh(src, path, next, nsets);
  same_as_fresh(src, path, sets, nsets);
  neg_source_free(src);
}

/* Splits text (size n, NUL-terminated) into at most FUZZ_MAX_SETS lines. */
static size_t split_sets(char *text, const char **sets)
{
  size_t k = 0;
  for (char *line = text; line && k < FUZZ_MAX_SETS; k++) {
    char *nl = strchr(line, '\n');
    sets[k] = line;
    if (nl) *nl = '\0';
    line = nl ? nl + 1 : NULL;
  }
  return k;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const uint8_t *nul = memchr(data, 0, size);
  size_t file_len = nul ? (size_t)(nul - data) : size;
  const char *sets[FUZZ_MAX_SETS];
  char path[4200], *tail = NULL;
  fuzz_write(fuzz_path(path, sizeof path, "fuzz.cfg"), data, file_len);
  load(path, NULL, 0);
  if (nul) {
    size_t n = size - file_len - 1;
    if (!(tail = malloc(n + 1))) abort();
    memcpy(tail, nul + 1, n);
    tail[n] = '\0';   /* a NUL inside cuts the last override short, as argv would */
    size_t nsets = split_sets(tail, sets);
    load(path, sets, nsets);
    check_source(path, sets, nsets);
    free(tail);
  }
  return 0;
}
