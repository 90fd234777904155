/* output_journal.c: the journal of finished sweep points.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 *
 * A header line names the sweep (a hash of its manifest) and its number of
 * points; each finished point adds one line "p runs c0 c1 c2 c3", written
 * with one write(), so a kill leaves at most one partial last line, which
 * a resume ignores. Once written, a line survives the end of negsim however
 * it ends; the journal is synced to the disk when a point ends
 * NEG_JOURNAL_SYNC seconds or more after the last sync, and when closed,
 * so a crash of the machine itself loses at most the points since the last
 * sync (a sync per point would cost small points more than their
 * replicates). */
#include "neg_output.h"
#include "output_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define NEG_JOURNAL_NAME ".sweep.journal"
#define NEG_JOURNAL_FORMAT "negsim sweep journal "
#define NEG_JOURNAL_MAGIC NEG_JOURNAL_FORMAT "3"   /* 3: each line ends in its checksum */
#define NEG_JOURNAL_LINE 256     /* 10 numbers of at most 20 digits */
#define NEG_JOURNAL_SYNC 1.0

struct neg_journal {
  int fd;
  char *path;
  struct timespec synced;  /* when the journal was last synced */
};

/* Seconds since *t. */
static double journal_age(const struct timespec *t)
{
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - t->tv_sec) + 1e-9 * (double)(now.tv_nsec - t->tv_nsec);
}

/* Fills err with the journal's path and errno's text; returns NEG_ESYS. */
static int journal_fail(neg_error *err, const char *path, int e)
{
  return neg_error_set(err, path, 0, "", "%s", strerror(e)), NEG_ESYS;
}

/* FNV-1a (32 bits) of the n bytes at text: a line's checksum. */
static uint32_t journal_sum(const char *text, size_t n)
{
  uint32_t h = 2166136261u;
  for (size_t k = 0; k < n; k++) h = (h ^ (unsigned char)text[k]) * 16777619u;
  return h;
}

/* Formats point p's line (index, runs, outcome counts, day sums, then
 * " #" and the checksum of what precedes it) into line; returns its
 * length. */
static int journal_line(char *line, size_t n, size_t p, const neg_point_result *r)
{
  int len = snprintf(line, n, "%zu %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64
                     " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64, p, r->runs,
                     r->count[0], r->count[1], r->count[2], r->count[3], r->days[0], r->days[1],
                     r->days[2], r->days[3]);
  return len + snprintf(line + len, n - (size_t)len, " #%08" PRIx32 "\n",
                        journal_sum(line, (size_t)len));
}

/* Parses the point lines after the header into r and done. 0, or the
 * number of the first complete line that is malformed or fails its
 * checksum. */
static int journal_parse(char *text, size_t n_points, neg_point_result *r,
                         unsigned char *done, size_t *n_done)
{
  char *line = strchr(text, '\n'), *mark;
  int at = 1;
  while (line && *++line) {
    char *end = strchr(line, '\n');
    unsigned long long p, runs, c[NEG_OUT_COUNT], d[NEG_OUT_COUNT];
    unsigned sum;
    at++;
    if (!end) break; /* a partial last line: the point did not finish */
    *end = '\0';
    if (!(mark = strstr(line, " #")) || sscanf(mark + 2, "%8x", &sum) != 1
        || strlen(mark + 2) != 8 || sum != journal_sum(line, (size_t)(mark - line)))
      return at;
    *mark = '\0';
    if (sscanf(line, "%llu %llu %llu %llu %llu %llu %llu %llu %llu %llu", &p, &runs, &c[0],
               &c[1], &c[2], &c[3], &d[0], &d[1], &d[2], &d[3]) != 10 ||
        p >= n_points || c[0] + c[1] + c[2] + c[3] != runs)
      return at;
    r[p].runs = runs;
    for (int o = 0; o < NEG_OUT_COUNT; o++) {
      r[p].count[o] = c[o];
      r[p].days[o] = d[o];
    }
    *n_done += !done[p];
    done[p] = 1;
    line = end;
  }
  return 0;
}

/* Reads an existing journal of sweep key; 0 (also when there is none),
 * NEG_EINPUT when it belongs to another sweep. */
static int journal_read(const char *path, uint64_t key, size_t n_points,
                        neg_point_result *r, unsigned char *done, size_t *n_done,
                        neg_error *err)
{
  char header[128], *text, *more;
  size_t cap = 1 << 16, used = 0;
  ssize_t k;
  int fd = open(path, O_RDONLY);
  if (fd < 0) return errno == ENOENT ? NEG_OK : journal_fail(err, path, errno);
  text = malloc(cap);
  while (text && (k = read(fd, text + used, cap - used - 1)) > 0) {
    used += (size_t)k;
    if (used + 1 == cap) {   /* grow, or give the buffer up */
      if (!(more = realloc(text, cap *= 2))) free(text);
      text = more;
    }
  }
  close(fd);
  if (!text) return journal_fail(err, path, ENOMEM);
  text[used] = '\0';
  snprintf(header, sizeof header, "%s %016" PRIx64 " %zu\n", NEG_JOURNAL_MAGIC, key, n_points);
  int other = strncmp(text, header, strlen(header)) != 0;
  int bad = strncmp(text, NEG_JOURNAL_FORMAT, strlen(NEG_JOURNAL_FORMAT)) != 0 ? 1
          : other ? 0 : journal_parse(text, n_points, r, done, n_done);
  free(text);
  if (bad)
    return neg_error_set(err, path, bad, "", "this journal is corrupt (%s); run without "
                         "--resume to start again", bad == 1 ? "not a negsim sweep journal"
                         : "a line fails its checksum or is malformed");
  if (other)
    return neg_error_set(err, path, 0, "", "this journal belongs to another sweep (scenario, "
                         "grid or options differ); run without --resume to start again");
  return NEG_OK;
}

/* Writes the header and the finished points to a fresh temporary journal
 * and renames it over path, so a partial last line never stays. 0 or -1. */
static int journal_rewrite(const char *path, uint64_t key, size_t n_points,
                           const neg_point_result *r, const unsigned char *done)
{
  size_t n = strlen(path) + 8;
  char *tmp = malloc(n);
  FILE *f;
  int rc = -1;
  if (!tmp) return -1;
  snprintf(tmp, n, "%s.new", path);
  if ((f = fopen(tmp, "w"))) {
    fprintf(f, "%s %016" PRIx64 " %zu\n", NEG_JOURNAL_MAGIC, key, n_points);
    for (size_t p = 0; p < n_points; p++)
      if (done[p]) {
        char line[NEG_JOURNAL_LINE];
        journal_line(line, sizeof line, p, &r[p]);
        fputs(line, f);
      }
    rc = fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0 ? -1 : 0;
    if (fclose(f) != 0) rc = -1;
    if (rc == 0) rc = rename(tmp, path);
    if (rc != 0) unlink(tmp);
  }
  free(tmp);
  return rc;
}

/* 1 when path holds a journal (or anything) that is not of the sweep key:
 * another sweep's unfinished points. */
static int journal_foreign(const char *path, uint64_t key, size_t n_points)
{
  char header[128], first[128] = "";
  FILE *f = fopen(path, "r");
  if (!f) return 0;
  if (!fgets(first, sizeof first, f)) first[0] = '\0';
  fclose(f);
  snprintf(header, sizeof header, "%s %016" PRIx64 " %zu\n", NEG_JOURNAL_MAGIC, key, n_points);
  return strcmp(first, header) != 0;
}

neg_journal *neg_journal_open(const char *dir, uint64_t key, size_t n_points, int flags,
                              neg_point_result *r, unsigned char *done, size_t *n_done,
                              neg_error *err)
{
  neg_journal *j = calloc(1, sizeof *j);
  size_t n = strlen(dir) + sizeof NEG_JOURNAL_NAME + 2;
  *n_done = 0;
  if (!j || !(j->path = malloc(n))) {
    free(j);
    neg_error_set(err, dir, 0, "", "out of memory");
    return NULL;
  }
  snprintf(j->path, n, "%s/%s", dir, NEG_JOURNAL_NAME);
  j->fd = -1;
  if ((flags & NEG_JOURNAL_RESUME)
      && journal_read(j->path, key, n_points, r, done, n_done, err) != NEG_OK)
    ; /* err is set */
  else if (!(flags & (NEG_JOURNAL_RESUME | NEG_JOURNAL_REPLACE))
           && journal_foreign(j->path, key, n_points))
    neg_error_set(err, j->path, 0, "", "the unfinished journal of another sweep: finish that "
                  "one with its command and --resume, or add --force to start this one");
  else if (journal_rewrite(j->path, key, n_points, r, done) != 0 ||
           (j->fd = open(j->path, O_WRONLY | O_APPEND)) < 0)
    journal_fail(err, j->path, errno ? errno : EIO);
  else {
    clock_gettime(CLOCK_MONOTONIC, &j->synced);
    return j;
  }
  neg_journal_close(j, 0);
  return NULL;
}

int neg_journal_add(neg_journal *j, size_t p, const neg_point_result *r, neg_error *err)
{
  char line[NEG_JOURNAL_LINE];
  int len = journal_line(line, sizeof line, p, r);
  ssize_t k;
  errno = 0;
  if ((k = write(j->fd, line, (size_t)len)) != len)   /* a short write: the disk is full */
    return journal_fail(err, j->path, k >= 0 ? ENOSPC : errno ? errno : EIO);
  if (journal_age(&j->synced) >= NEG_JOURNAL_SYNC) {
    if (fsync(j->fd) != 0) return journal_fail(err, j->path, errno ? errno : EIO);
    clock_gettime(CLOCK_MONOTONIC, &j->synced);
  }
  return NEG_OK;
}

void neg_journal_close(neg_journal *j, int remove)
{
  if (!j) return;
  if (j->fd >= 0) {
    if (!remove) fsync(j->fd);  /* a failed sweep keeps its points for --resume */
    close(j->fd);
  }
  if (remove) unlink(j->path);
  free(j->path);
  free(j);
}
