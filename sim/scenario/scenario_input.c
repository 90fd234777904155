/* scenario_input.c: the text of a scenario file, read once. A regular file
 * is read whenever it is opened; anything else (standard input as "-", a
 * pipe such as /dev/stdin or <(...), a FIFO) can be read only once, so its
 * text is kept for the rest of the process and every later open of the
 * same name (a sweep's threads, a calibration) gets it. Every text is
 * checked against the sizes libconfig can scan in reasonable time before
 * libconfig sees it.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "scenario_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NEG_INPUT_CHUNK 65536
#define NEG_INPUT_KEPT 4        /* texts of non-regular files kept at most */

/* The texts of non-regular files read so far. */
static struct {
  char *path;
  char *text;
} neg_input_kept[NEG_INPUT_KEPT];
static pthread_mutex_t neg_input_lock = PTHREAD_MUTEX_INITIALIZER;

int neg_input_check(const char *shown, const char *text, size_t len, neg_error *err)
{
  const char *p = text, *end = text + len, *nl;
  unsigned line = 1;
  if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
    return neg_error_set(err, shown, 1, "", "syntax error: the file starts with a UTF-8 byte "
                         "order mark; save it without one");
  for (; p < end; p = nl + 1, line++) {
    nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl) nl = end;
    if ((size_t)(nl - p) > NEG_INPUT_MAX_LINE)
      return neg_error_set(err, shown, (int)line, "", "a line of more than %d characters: "
                           "negsim reads lines of at most %d", NEG_INPUT_MAX_LINE,
                           NEG_INPUT_MAX_LINE);
    if (memchr(p, '\0', (size_t)(nl - p)))   /* libconfig would stop there */
      return neg_error_set(err, shown, (int)line, "", "syntax error");
  }
  return NEG_OK;
}

/* Reads fd to its end into a new NUL-terminated string (*len bytes),
 * refusing more than NEG_INPUT_MAX_BYTES. NEG_OK, or the error. */
static int input_slurp(int fd, const char *shown, char **text, size_t *len, neg_error *err)
{
  size_t cap = NEG_INPUT_CHUNK, used = 0;
  char *buf = malloc(cap + 1), *more;
  ssize_t k;
  while (buf && (k = read(fd, buf + used, cap - used)) != 0) {
    if (k < 0 && errno == EINTR) continue;
    if (k < 0) {
      int e = errno;
      free(buf);
      return neg_error_set(err, shown, 0, "", "%s", strerror(e));
    }
    used += (size_t)k;
    if (used > NEG_INPUT_MAX_BYTES) {
      free(buf);
      return neg_error_set(err, shown, 0, "", "larger than %d bytes, the most a scenario file "
                           "may hold", NEG_INPUT_MAX_BYTES);
    }
    if (used < cap) continue;
    if (!(more = realloc(buf, 2 * cap + 1))) free(buf);
    buf = more;
    cap *= 2;
  }
  if (!buf) return NEG_ESYS;
  buf[used] = '\0';
  *text = buf;
  *len = used;
  return NEG_OK;
}

/* The kept text of path (a copy), or NULL. */
static char *input_kept(const char *path, size_t *len)
{
  char *copy = NULL;
  pthread_mutex_lock(&neg_input_lock);
  for (int k = 0; k < NEG_INPUT_KEPT && neg_input_kept[k].path; k++)
    if (!strcmp(neg_input_kept[k].path, path) && (copy = strdup(neg_input_kept[k].text)))
      *len = strlen(copy);
  pthread_mutex_unlock(&neg_input_lock);
  return copy;
}

/* Keeps a copy of the text of path for later opens (not when full). */
static void input_keep(const char *path, const char *text)
{
  pthread_mutex_lock(&neg_input_lock);
  for (int k = 0; k < NEG_INPUT_KEPT; k++) {
    if (neg_input_kept[k].path) continue;
    neg_input_kept[k].path = strdup(path);
    neg_input_kept[k].text = strdup(text);
    if (!neg_input_kept[k].path || !neg_input_kept[k].text) {
      free(neg_input_kept[k].path);
      free(neg_input_kept[k].text);
      neg_input_kept[k].path = neg_input_kept[k].text = NULL;
    }
    break;
  }
  pthread_mutex_unlock(&neg_input_lock);
}

/* Opens path for reading ("-": standard input) after the checks the shell
 * makes; sets *regular. A file descriptor, or -1 with the error. */
static int input_open(const char *path, int *regular, neg_error *err)
{
  struct stat st;
  int fd;
  if (!strcmp(path, "-")) {
    *regular = 0;
    return STDIN_FILENO;
  }
  if (stat(path, &st) != 0) return neg_error_set(err, path, 0, "", "%s", strerror(errno)), -1;
  if (S_ISDIR(st.st_mode)) return neg_error_set(err, path, 0, "", "is a directory"), -1;
  *regular = S_ISREG(st.st_mode);
  if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
    neg_error_set(err, path, 0, "", "%s", strerror(errno));
  return fd;
}

int neg_input_read(const char *path, char **text, int *regular, neg_error *err)
{
  size_t len = 0;
  int fd, rc;
  *text = NULL;
  if ((fd = input_open(path, regular, err)) < 0) return NEG_EINPUT;
  if (!*regular && (*text = input_kept(path, &len))) {
    rc = NEG_OK;
  } else {
    rc = input_slurp(fd, path, text, &len, err);
    if (rc == NEG_OK && !*regular) input_keep(path, *text);
  }
  if (fd != STDIN_FILENO) close(fd);
  if (rc == NEG_OK && (rc = neg_input_check(path, *text, len, err)) != NEG_OK) {
    free(*text);
    *text = NULL;
  }
  return rc;
}
