/* main_outdir.c: the output folder of a verb (main_outdir.h).
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "main_outdir.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "main_util.h"

#define NEG_LEAF_MAX 200        /* longest default folder name before it is cut */
#define NEG_LEAF_CUT 190        /* what is kept of a longer one, before its hash */
#define NEG_LEAF_OK "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.,=+-"

/* Appends len bytes of text to out (size bytes, *at used), any character
 * not in NEG_LEAF_OK as '_'. */
static void leaf_append(char *out, size_t size, size_t *at, const char *text, size_t len)
{
  for (size_t k = 0; k < len && text[k] && *at + 1 < size; k++)
    out[(*at)++] = strchr(NEG_LEAF_OK, text[k]) ? text[k] : '_';
  out[*at] = '\0';
}

/* A key=value spec's key, without "parties.": its start and length. */
static const char *short_key(const char *spec, size_t *len)
{
  const char *k = strncmp(spec, "parties.", 8) ? spec : spec + 8;
  *len = strcspn(k, "=");
  return k;
}

void neg_main_keys(const char *tag, const char *const *specs, size_t n, char *out, size_t size)
{
  size_t at = 0, len;
  leaf_append(out, size, &at, tag, strlen(tag));
  for (size_t k = 0; k < n; k++) {
    const char *key = short_key(specs[k], &len);
    if (k) leaf_append(out, size, &at, ",", 1);
    leaf_append(out, size, &at, key, len);
  }
}

void neg_main_out_dir(const neg_cli_opts *o, const char *name, const char *middle, char *dir,
                      size_t n)
{
  char leaf[NEG_DIR_MAX];
  size_t at = 0, len;
  uint32_t h = 2166136261u;
  if (o->out) {
    snprintf(dir, n, "%s", o->out);
    return;
  }
  leaf_append(leaf, sizeof leaf, &at, name, strlen(name));
  leaf_append(leaf, sizeof leaf, &at, middle, strlen(middle));
  for (size_t k = 0; k < o->nsets; k++) {
    const char *key = short_key(o->sets[k], &len);
    if (len == 4 && !strncmp(key, "name", 4)) continue;   /* already the name */
    leaf_append(leaf, sizeof leaf, &at, "+", 1);
    leaf_append(leaf, sizeof leaf, &at, key, strlen(key));
  }
  if (at > NEG_LEAF_MAX) {
    for (size_t k = 0; k < at; k++) h = (h ^ (unsigned char)leaf[k]) * 16777619u;
    snprintf(leaf + NEG_LEAF_CUT, sizeof leaf - NEG_LEAF_CUT, "~%08x", (unsigned)h);
  }
  snprintf(dir, n, "results/%s", leaf);
}

neg_outdir *neg_main_claim(const neg_cli_opts *o, const char *dir, const char *const *names,
                           char *const *texts, size_t n, int *rc)
{
  neg_error err = {{0}, 0, {0}, {0}};
  neg_outdir_claim c = {o->force, n, {NULL}, {NULL}};
  neg_outdir *d;
  for (size_t k = 0; k < n && k < NEG_OUTDIR_IDS; k++) {
    if (!texts[k]) {
      fprintf(stderr, "negsim: out of memory\n");
      *rc = NEG_ESYS;
      return NULL;
    }
    c.id_name[k] = names[k];
    c.id_text[k] = texts[k];
  }
  if ((d = neg_outdir_open(dir, &c, &err))) return d;
  *rc = report(open_status(&err), &err);
  return NULL;
}

int neg_main_stdout_ok(void)
{
  if (fflush(stdout) == 0 && !ferror(stdout)) return NEG_OK;
  fprintf(stderr, "negsim: cannot write to standard output; the output folder is left as "
          "it was\n");
  return NEG_ESYS;
}

int neg_main_commit_set(const neg_cli_opts *o, neg_output_set *out,
                        int (*print)(const neg_cli_opts *o, const void *arg), const void *arg)
{
  neg_error err = {{0}, 0, {0}, {0}};
  int rc = neg_output_set_prepare(out, &err);
  if (rc == NEG_OK) rc = print(o, arg);
  if (rc == NEG_OK) rc = neg_main_stdout_ok();
  if (rc != NEG_OK) {
    neg_output_set_abort(out);
    return report(rc, &err);
  }
  return report(neg_output_set_finish(out, &err), &err);
}
