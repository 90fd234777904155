/* output_dir.c: one run's hold on its output folder (neg_outdir.h).
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "neg_outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define NEG_OUTDIR_LOCK ".negsim.lock"
#define NEG_OUTDIR_PATH_MAX 4096     /* the longest path Linux accepts (PATH_MAX) */
#define NEG_OUTDIR_DIR_MODE 0777     /* mode of folders created, before umask */
#define NEG_OUTDIR_LOCK_MODE 0644
#define NEG_OUTDIR_TRIES 8           /* attempts to lock a lock file being replaced */
#define NEG_OUTDIR_TMP_SUFFIX 6      /* the XXXXXX of mkstemp */

/* Every file a verb writes into its folder: the results. */
static const char *const neg_result_names[] = {
  "summary.csv", "daily.csv", "runs.csv", "why.csv", "manifest.cfg", "sweep.csv", "sweep_long.csv",
  "compare.csv", "score.csv", "explain.csv",
  "manifest_a.cfg", "manifest_b.cfg", "sensitivity.csv", "uncertainty.csv", "calibrated.cfg",
  "fit.csv", "fit_params.csv"};
#define NEG_N_RESULTS (sizeof neg_result_names / sizeof neg_result_names[0])

struct neg_outdir {
  char *path;          /* as given */
  char *lock;          /* path/.negsim.lock */
  int fd;              /* the locked lock file */
  size_t made;         /* > 0: the claim created path up to this length */
  int clear;           /* the folder held a different run's results (forced) */
  int verify;          /* it holds results and the run has no manifest to
                        * compare: its files must match them (precommit) */
};

/* What a signal handler removes: the claim's lock file and created
 * folders (one claim at a time in a process). */
static struct {
  atomic_int live;
  char lock[NEG_OUTDIR_PATH_MAX];
  char deepest[NEG_OUTDIR_PATH_MAX];
  size_t made;
} neg_outdir_sig;

int neg_outdir_is_result(const char *name)
{
  for (size_t k = 0; k < NEG_N_RESULTS; k++)
    if (!strcmp(name, neg_result_names[k])) return 1;
  return 0;
}

/* Fills err with path and errnum's text; returns NEG_ESYS. */
static int outdir_fail(neg_error *err, const char *path, int errnum)
{
  neg_error_set(err, path, 0, "", "%s", strerror(errnum ? errnum : EIO));
  return NEG_ESYS;
}

/* Removes the folders of path created by the claim (made: the length of
 * the shortest one), deepest first, while each is empty. Uses rmdir only. */
static void outdir_unmake(char *path, size_t made)
{
  size_t n = strlen(path);
  while (made > 0 && n >= made) {
    if (rmdir(path) != 0) return;
    while (n > 0 && path[n - 1] != '/') n--;   /* up one level */
    while (n > 1 && path[n - 1] == '/') n--;
    path[n] = '\0';
  }
}

/* Creates folder path unless it is one; 0 (*made 1 when created) or -1
 * with errno (a dangling link or a loop says so, not "File exists"). */
static int outdir_mkdir(const char *path, int *made)
{
  struct stat st;
  *made = 0;
  if (mkdir(path, NEG_OUTDIR_DIR_MODE) == 0) return (*made = 1), 0;
  if (errno != EEXIST) return -1;
  if (stat(path, &st) != 0) return -1;   /* ENOENT: a dangling link; ELOOP */
  if (S_ISDIR(st.st_mode)) return 0;
  errno = ENOTDIR;
  return -1;
}

/* Creates path and its missing parents; sets d->made. 0 or -1 with errno. */
static int outdir_mkdirs(neg_outdir *d, char *path)
{
  size_t n = strlen(path);
  int made, rc = 0;
  for (size_t i = 1; i <= n && rc == 0; i++) {
    if (i < n && (path[i] != '/' || path[i - 1] == '/')) continue;
    char keep = path[i];
    path[i] = '\0';
    rc = outdir_mkdir(path, &made);
    if (made && !d->made) d->made = i;
    path[i] = keep;
  }
  return rc;
}

/* Opens and locks the lock file; 0, 1 when another run holds it, or -1
 * with errno. The lock file a releasing run removes is not kept: the lock
 * must be on the file the path names. */
static int outdir_lock(neg_outdir *d)
{
  struct stat a, b;
  for (int k = 0; k < NEG_OUTDIR_TRIES; k++) {
    d->fd = open(d->lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, NEG_OUTDIR_LOCK_MODE);
    if (d->fd < 0) return -1;
    if (flock(d->fd, LOCK_EX | LOCK_NB) != 0) {
      int e = errno;
      close(d->fd);
      d->fd = -1;
      if (e == EWOULDBLOCK) return 1;
      errno = e;
      return -1;
    }
    if (fstat(d->fd, &a) == 0 && stat(d->lock, &b) == 0 && a.st_ino == b.st_ino
        && a.st_dev == b.st_dev)
      return 0;
    close(d->fd);
    d->fd = -1;
  }
  errno = EAGAIN;
  return -1;
}

/* 1 when entry is a temporary file of a result (".NAME.XXXXXX") or of the
 * journal (".sweep.journal.new"). */
static int outdir_is_temp(const char *entry)
{
  const char *dot;
  char name[64];
  if (entry[0] != '.') return 0;
  if (!strcmp(entry, ".sweep.journal.new")) return 1;
  dot = strrchr(entry, '.');
  if (dot == entry || strlen(dot + 1) != NEG_OUTDIR_TMP_SUFFIX
      || (size_t)(dot - entry - 1) >= sizeof name)
    return 0;
  memcpy(name, entry + 1, (size_t)(dot - entry - 1));
  name[dot - entry - 1] = '\0';
  return neg_outdir_is_result(name);
}

/* Removes the temporary files killed runs left in the folder (the lock
 * is held: no live run writes them). */
static void outdir_sweep_temps(const neg_outdir *d)
{
  char path[NEG_OUTDIR_PATH_MAX + 300];
  struct dirent *e;
  DIR *dir = opendir(d->path);
  if (!dir) return;
  while ((e = readdir(dir)))
    if (outdir_is_temp(e->d_name)) {
      snprintf(path, sizeof path, "%s/%s", d->path, e->d_name);
      unlink(path);
    }
  closedir(dir);
}

/* 1 when dir/name exists and holds exactly text. */
static int outdir_same(const char *dir, const char *name, const char *text)
{
  char path[NEG_OUTDIR_PATH_MAX + 64], buf[4096];
  size_t len = strlen(text), at = 0, k;
  FILE *f;
  int same = 1;
  snprintf(path, sizeof path, "%s/%s", dir, name);
  if (!(f = fopen(path, "r"))) return 0;
  while (same && (k = fread(buf, 1, sizeof buf, f)) > 0) {
    same = at + k <= len && !memcmp(buf, text + at, k);
    at += k;
  }
  same = same && !ferror(f) && at == len;
  fclose(f);
  return same;
}

/* The name of the first result file in the folder, or NULL. */
static const char *outdir_first_result(const char *dir)
{
  char path[NEG_OUTDIR_PATH_MAX + 64];
  struct stat st;
  for (size_t k = 0; k < NEG_N_RESULTS; k++) {
    snprintf(path, sizeof path, "%s/%s", dir, neg_result_names[k]);
    if (lstat(path, &st) == 0) return neg_result_names[k];
  }
  return NULL;
}

/* Checks the folder's results may be replaced by the run of c: there are
 * none, the run's manifests are those already there, or c forces it (then
 * d->clear). NEG_OK or NEG_EINPUT with err. */
static int outdir_check_results(neg_outdir *d, const neg_outdir_claim *c, neg_error *err)
{
  const char *first = outdir_first_result(d->path);
  int same = c->n_id > 0;
  if (!first) return NEG_OK;
  if (!c->n_id && !c->force) {   /* decided once its files are written */
    d->verify = 1;
    return NEG_OK;
  }
  for (size_t k = 0; same && k < c->n_id; k++)
    same = outdir_same(d->path, c->id_name[k], c->id_text[k]);
  if (same) return NEG_OK;
  if (c->force) {
    d->clear = 1;
    return NEG_OK;
  }
  if (c->n_id) first = c->id_name[0];
  return neg_error_set(err, d->path, 0, "", "holds the results of a different run (its %s "
                       "differs from this run's); add --force to replace them, or give "
                       "another --out", first);
}

/* Publishes d for neg_outdir_interrupt. */
static void outdir_publish(const neg_outdir *d)
{
  size_t n = strlen(d->path), l = strlen(d->lock);
  if (n >= NEG_OUTDIR_PATH_MAX || l >= NEG_OUTDIR_PATH_MAX) return;
  memcpy(neg_outdir_sig.lock, d->lock, l + 1);
  memcpy(neg_outdir_sig.deepest, d->path, n + 1);
  neg_outdir_sig.made = d->made;
  atomic_store(&neg_outdir_sig.live, 1);
}

neg_outdir *neg_outdir_open(const char *dir, const neg_outdir_claim *c, neg_error *err)
{
  neg_outdir *d = calloc(1, sizeof *d);
  size_t n = strlen(dir);
  int rc = 0;
  while (n > 1 && dir[n - 1] == '/') n--;   /* "out/" is "out" */
  if (!d || !(d->path = strndup(dir, n)) || !(d->lock = malloc(n + sizeof NEG_OUTDIR_LOCK + 1))) {
    neg_outdir_release(d, 0);
    outdir_fail(err, dir, ENOMEM);
    return NULL;
  }
  d->fd = -1;
  snprintf(d->lock, n + sizeof NEG_OUTDIR_LOCK + 1, "%s/%s", d->path, NEG_OUTDIR_LOCK);
  if (n == 0) errno = ENOENT;
  if (n == 0 || outdir_mkdirs(d, d->path) != 0 || (rc = outdir_lock(d)) < 0) {
    if (rc < 0 && errno == ENOENT)   /* a folder of the kernel's, e.g. /proc */
      neg_error_set(err, dir, 0, "", "no file can be created in this folder");
    else
      outdir_fail(err, dir, errno);
    neg_outdir_release(d, 0);
    return NULL;
  }
  outdir_publish(d);
  if (rc == 1) {
    neg_error_set(err, dir, 0, "", "in use by another negsim run (wait for it to end, or give "
                  "another --out)");
  } else if (outdir_check_results(d, c, err) == NEG_OK) {
    outdir_sweep_temps(d);
    return d;
  }
  neg_outdir_release(d, 0);
  return NULL;
}

const char *neg_outdir_path(const neg_outdir *d)
{
  return d->path;
}

int neg_outdir_must_match(const neg_outdir *d)
{
  return d->verify;
}

int neg_outdir_refuse(const neg_outdir *d, const char *name, neg_error *err)
{
  return neg_error_set(err, d->path, 0, "", "holds the results of a different run (its %s "
                       "differs from this run's); add --force to replace them, or give "
                       "another --out", name);
}

/* 1 when name is among written[0..n). */
static int outdir_written(const char *name, const char *const *written, size_t n)
{
  for (size_t k = 0; k < n; k++)
    if (!strcmp(name, written[k])) return 1;
  return 0;
}

int neg_outdir_precommit(const neg_outdir *d, const char *const *written, size_t n,
                         neg_error *err)
{
  char path[NEG_OUTDIR_PATH_MAX + 64];
  struct stat st;
  for (size_t k = 0; k < NEG_N_RESULTS; k++) {
    const char *name = neg_result_names[k];
    if (!d->clear && !outdir_written(name, written, n)) continue;
    snprintf(path, sizeof path, "%s/%s", d->path, name);
    if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) return outdir_fail(err, path, EISDIR);
  }
  return NEG_OK;
}

int neg_outdir_commit(neg_outdir *d, const char *const *written, size_t n, neg_error *err)
{
  char path[NEG_OUTDIR_PATH_MAX + 64];
  for (size_t k = 0; d->clear && k < NEG_N_RESULTS; k++) {
    if (outdir_written(neg_result_names[k], written, n)) continue;
    snprintf(path, sizeof path, "%s/%s", d->path, neg_result_names[k]);
    if (unlink(path) != 0 && errno != ENOENT) return outdir_fail(err, path, errno);
  }
  d->clear = 0;
  return NEG_OK;
}

void neg_outdir_release(neg_outdir *d, int committed)
{
  if (!d) return;
  atomic_store(&neg_outdir_sig.live, 0);
  if (d->fd >= 0) {
    unlink(d->lock);   /* while locked: a waiting run then finds a new file */
    close(d->fd);
  }
  if (!committed && d->path) outdir_unmake(d->path, d->made);
  free(d->lock);
  free(d->path);
  free(d);
}

void neg_outdir_interrupt(void)
{
  if (!atomic_load(&neg_outdir_sig.live)) return;
  unlink(neg_outdir_sig.lock);
  outdir_unmake(neg_outdir_sig.deepest, neg_outdir_sig.made);
}
