/* output.c: the only module that writes files.
 *
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 *
 * neg_output_open creates a temporary file (".NAME.XXXXXX", mode 0644) in
 * the output folder for every file of the run; commit fills them, flushes
 * and syncs each, and renames them onto their final names only once all of
 * them are complete. Any failure removes every temporary file and leaves
 * the files already in the folder as they were. Documented in docs/OUTPUTS.md.
 */
#include "neg_output.h"
#include "output_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <locale.h>
#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "neg_outdir.h"
#include "neg_rng.h"
#include "neg_stats.h"

#ifndef NEG_VERSION
#error "NEG_VERSION must be defined (the Makefile passes -DNEG_VERSION)"
#endif

#define NEG_OUTPUT_TMP_MODE 0644   /* mode of the files written */
#define NEG_OUTPUT_MAX_FILES 8     /* files of a run or set at most */

/* The files of a run, in the order they are written and renamed. */
enum { NEG_FILE_SUMMARY, NEG_FILE_DAILY, NEG_FILE_RUNS, NEG_FILE_WHY, NEG_FILE_MANIFEST,
       NEG_FILE_COUNT };

/* One file being written: its final path, its temporary path and stream. */
typedef struct {
  char *final;   /* dir/name */
  char *tmp;     /* dir/.name.XXXXXX while the temporary file exists */
  FILE *f;
  int err;       /* errno of the first write error, 0 if none */
  int live;      /* 1 + its slot in neg_output_live, 0 if it has none */
} neg_outfile;

/* The temporary files that neg_output_interrupt removes, in a fixed table
 * so that a signal handler can reach them without allocating or locking.
 * This table and neg_output_renaming are the module's only global state:
 * a signal handler can reach nothing else. */
#define NEG_OUTPUT_LIVE_MAX 32     /* temporary files open at once */
#define NEG_OUTPUT_PATH_MAX 4096   /* the longest path Linux accepts (PATH_MAX) */
_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "signal handlers need lock-free atomics");
static struct {
  atomic_int state;                /* 0 free, 1 being filled, 2 a live temporary file */
  char path[NEG_OUTPUT_PATH_MAX];
} neg_output_live[NEG_OUTPUT_LIVE_MAX];
static atomic_int neg_output_renaming;   /* 1 while files are renamed into place */

struct neg_output {
  neg_scenario s;  /* the scenario at open, for the runs.csv rows */
  neg_outfile file[NEG_FILE_COUNT];
  neg_outdir *dir; /* the claimed folder (the caller's) */
};

/* The calling thread's locale switched to "C" while numbers are printed. */
typedef struct {
  locale_t c, old;
} neg_output_locale;

/* Returns the final name of file i. */
static const char *neg_output_name(int i)
{
  switch (i) {
  case NEG_FILE_SUMMARY: return "summary.csv";
  case NEG_FILE_DAILY: return "daily.csv";
  case NEG_FILE_RUNS: return "runs.csv";
  case NEG_FILE_WHY: return "why.csv";
  default: return "manifest.cfg";
  }
}

/* Switches the calling thread to the C locale (kept as is if that fails). */
static void neg_output_locale_enter(neg_output_locale *l)
{
  l->c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
  l->old = l->c ? uselocale(l->c) : (locale_t)0;
}

/* Restores the locale saved by neg_output_locale_enter. */
static void neg_output_locale_leave(neg_output_locale *l)
{
  if (!l->c) return;
  uselocale(l->old);
  freelocale(l->c);
}

/* Fills err with path and the text of errnum; returns NEG_ESYS. */
static int neg_output_fail(neg_error *err, const char *path, int errnum)
{
  if (err) {
    snprintf(err->file, sizeof err->file, "%s", path);
    err->line = 0;
    err->key[0] = '\0';
    snprintf(err->reason, sizeof err->reason, "%s", strerror(errnum ? errnum : EIO));
  }
  return NEG_ESYS;
}

/* Returns NEG_OK when f has no error after a flush, else NEG_ESYS. */
int neg_output_status(FILE *f)
{
  return fflush(f) != 0 || ferror(f) ? NEG_ESYS : NEG_OK;
}

/* Writes one CSV field, quoted as RFC 4180 asks when it needs to be. */
void neg_output_field(FILE *f, const char *text)
{
  if (!strpbrk(text, ",\"\r\n")) {
    fputs(text, f);
    return;
  }
  fputc('"', f);
  for (const char *c = text; *c; c++) {
    if (*c == '"') fputc('"', f);
    fputc(*c, f);
  }
  fputc('"', f);
}

/* Writes a column name as R's make.names leaves it: every character but
 * letters, digits, '.' and '_' becomes '.', and a name not starting with a
 * letter (or a '.' before a non-digit) gets an 'X' in front. Party ids (a
 * letter, then letters, digits, '_' or '-') stay distinct. */
void neg_output_colname(FILE *f, const char *name)
{
  const unsigned char *c = (const unsigned char *)name;
  int letter = (c[0] | 0x20) >= 'a' && (c[0] | 0x20) <= 'z';
  if (!letter && !(c[0] == '.' && !(c[1] >= '0' && c[1] <= '9'))) fputc('X', f);
  for (; *c; c++) {
    int ok = ((*c | 0x20) >= 'a' && (*c | 0x20) <= 'z') || (*c >= '0' && *c <= '9') ||
             *c == '.' || *c == '_';
    fputc(ok ? *c : '.', f);
  }
}

/* Writes the CSV field prefix followed by party id. */
static void neg_output_column(FILE *f, const char *prefix, const char *id)
{
  char name[NEG_ID_MAX + 32];
  snprintf(name, sizeof name, "%s%s", prefix, id);
  fputc(',', f);
  neg_output_colname(f, name);
}

/* Writes x with digits decimals, or NA when x is not a finite number. */
void neg_output_real(FILE *f, int digits, double x)
{
  if (isfinite(x)) fprintf(f, "%.*f", digits, x);
  else fputs("NA", f);
}

/* Writes ",x" with digits decimals (NA when undefined). */
void neg_output_next(FILE *f, int digits, double x)
{
  fputc(',', f);
  neg_output_real(f, digits, x);
}

/* Writes ",key" (header) or ",value" for each override of s (run.overrides),
 * then the end of the line. */
static void neg_output_set_fields(FILE *f, const neg_scenario *s, int header)
{
  for (int k = 0; k < s->n_overrides; k++) {
    const char *eq = strchr(s->overrides[k], '=');
    char key[NEG_VARY_MAX];
    snprintf(key, sizeof key, "%.*s", (int)(eq - s->overrides[k]), s->overrides[k]);
    fputc(',', f);
    if (header) neg_output_colname(f, key);
    else neg_output_field(f, eq + 1);
  }
  fputc('\n', f);
}

/* Ends a row of daily.csv or runs.csv with the labels summary.csv has:
 * ",scenario,seed" and the override keys (header), or their values. */
void neg_output_labels(FILE *f, const neg_scenario *s, uint64_t seed, int header)
{
  if (header) {
    fputs(",scenario,seed", f);
  } else {
    fputc(',', f);
    neg_output_field(f, s->name);
    fprintf(f, ",%" PRIu64, seed);
  }
  neg_output_set_fields(f, s, header);
}

/* Writes summary.csv (one row per outcome) to f; NEG_OK or NEG_ESYS. */
int neg_output_write_summary(FILE *f, const neg_scenario *s, const neg_tally *t,
                             const neg_run_info *info)
{
  fputs("outcome,runs,probability,ci_low,ci_high,total_runs,mean_day,median_day,"
        "scenario,seed", f);
  neg_output_set_fields(f, s, 1);
  for (int o = 0; o < NEG_OUT_COUNT; o++) {
    double lo, hi, median = neg_tally_outcome_median_day(t, (neg_outcome)o);
    double p = t->runs ? (double)t->outcome[o] / (double)t->runs : NAN;
    neg_stats_wilson(t->outcome[o], t->runs, NEG_OUTPUT_LEVEL, &lo, &hi);
    fprintf(f, "%s,%" PRIu64 ",", neg_outcome_name((neg_outcome)o), t->outcome[o]);
    neg_output_real(f, 8, p);
    neg_output_next(f, 8, lo);
    neg_output_next(f, 8, hi);
    fprintf(f, ",%" PRIu64, t->runs);
    neg_output_next(f, 4, neg_tally_outcome_mean_day(t, (neg_outcome)o));
    if (isnan(median)) fputs(",NA,", f);
    else fprintf(f, ",%d,", (int)median);
    neg_output_field(f, s->name);
    fprintf(f, ",%" PRIu64, info->seed);
    neg_output_set_fields(f, s, 0);
  }
  return neg_output_status(f);
}

/* Writes the header row of daily.csv. */
static void neg_output_daily_header(FILE *f, const neg_scenario *s,
                                    const int *bel, int nb)
{
  fputs("day,pause,extended,ceasefire,lapsed,collapsed", f);
  for (int i = 0; i < nb; i++) neg_output_column(f, "trust_", s->parties[bel[i]].id);
  for (int i = 0; i < nb; i++) neg_output_column(f, "breaches_", s->parties[bel[i]].id);
  for (int i = 0; neg_scenario_incidents(s) && i < nb; i++)
    neg_output_column(f, "majors_", s->parties[bel[i]].id);
  fputs(",aid,maritime_deal", f);
  neg_output_labels(f, s, 0, 1);
}

/* Writes daily.csv (one row per day) to f; NEG_OK or NEG_ESYS. */
int neg_output_write_daily(FILE *f, const neg_scenario *s, const neg_tally *t,
                           const neg_run_info *info)
{
  int bel[NEG_MAX_PARTIES], nb = neg_scenario_belligerents(s, bel);
  const int incidents = neg_scenario_incidents(s);
  neg_output_daily_header(f, s, bel, nb);
  for (int d = 1; d <= t->horizon; d++) {
    fprintf(f, "%d", d);
    for (int st = 0; st < NEG_STATE_COUNT; st++)
      neg_output_next(f, 8, neg_tally_state_share(t, d, (neg_state)st));
    for (int i = 0; i < nb; i++) neg_output_next(f, 6, neg_tally_trust_mean(t, d, bel[i]));
    for (int i = 0; i < nb; i++)
      neg_output_next(f, 6, neg_tally_breaches_mean(t, d, bel[i]));
    for (int i = 0; incidents && i < nb; i++)
      neg_output_next(f, 6, neg_tally_majors_mean(t, d, bel[i]));
    neg_output_next(f, 6, neg_tally_aid_mean(t, d));
    neg_output_next(f, 6, neg_tally_deal_share(t, d));
    neg_output_labels(f, s, info->seed, 0);
  }
  return neg_output_status(f);
}

/* Writes the header row of runs.csv to f; NEG_OK or NEG_ESYS. */
int neg_output_write_runs_header(FILE *f, const neg_scenario *s)
{
  int bel[NEG_MAX_PARTIES], nb = neg_scenario_belligerents(s, bel);
  fputs("replicate,outcome,day,extensions,rounds_held,maritime_deal,"
        "sanctions_relief,abandoned_by,aid,momentum", f);
  for (int i = 0; i < nb; i++) neg_output_column(f, "breaches_", s->parties[bel[i]].id);
  for (int i = 0; neg_scenario_incidents(s) && i < nb; i++)
    neg_output_column(f, "majors_", s->parties[bel[i]].id);
  for (int i = 0; i < nb; i++) neg_output_column(f, "trust_", s->parties[bel[i]].id);
  neg_output_runs_why_header(f, s);
  neg_output_labels(f, s, 0, 1);
  return neg_output_status(f);
}

/* Writes one runs.csv row to f, unflushed; NEG_OK or NEG_ESYS. */
int neg_output_write_record(FILE *f, const neg_scenario *s, const neg_record *rec)
{
  int bel[NEG_MAX_PARTIES], nb = neg_scenario_belligerents(s, bel);
  fprintf(f, "%" PRIu64 ",%s,%d,%d,%d,%d,%d,", rec->replicate,
          neg_outcome_name(rec->outcome), rec->day, rec->extensions,
          rec->rounds_held, rec->maritime_deal, rec->sanctions_relief);
  if (rec->abandoned_by >= 0 && rec->abandoned_by < s->n_parties)
    neg_output_field(f, s->parties[rec->abandoned_by].id);
  neg_output_next(f, 6, rec->aid);
  neg_output_next(f, 6, rec->momentum);
  for (int i = 0; i < nb; i++) fprintf(f, ",%d", rec->breaches[bel[i]]);
  for (int i = 0; neg_scenario_incidents(s) && i < nb; i++) fprintf(f, ",%d", rec->majors[bel[i]]);
  for (int i = 0; i < nb; i++) neg_output_next(f, 6, rec->trust[bel[i]]);
  neg_output_runs_why_fields(f, s, rec);
  neg_output_labels(f, s, s->seed, 0);
  return ferror(f) ? NEG_ESYS : NEG_OK;
}

/* Writes manifest.cfg (comments, negsim group, effective scenario) to f. */
int neg_output_write_manifest(FILE *f, const neg_scenario *s,
                              const neg_run_info *info)
{
  neg_scenario *copy = malloc(sizeof *copy);
  int rc;
  if (!copy) return NEG_ESYS;
  *copy = *s;
  copy->runs = info->runs;
  copy->seed = info->seed;
  rc = neg_output_write_manifest_as(f, copy, "the run",
                                    "negsim run <this folder>/manifest.cfg --out OTHER\n"
                                    "# (adding --per-run if this folder has runs.csv)");
  free(copy);
  return rc;
}

int neg_output_write_manifest_as(FILE *f, const neg_scenario *s, const char *what,
                                 const char *replay)
{
  fprintf(f, "# negsim manifest: the effective scenario of %s whose results\n"
          "# are in this folder (runs and seed as run, every setting explicit).\n"
          "# Replay it with\n"
          "#   %s:\n"
          "# the files in OTHER are then byte-identical to these, whatever the\n"
          "# thread count.\n", what, replay);
  fprintf(f, "negsim = { version = \"%s\"; generator = \"%s\"; };\n",
          NEG_VERSION, neg_rng_name());
  if (neg_scenario_write(f, s) != NEG_OK) return NEG_ESYS;
  return neg_output_status(f);
}

/* Returns dir/prefix name suffix in a new string, or NULL (errno ENOMEM). */
static char *neg_output_path(const char *dir, const char *prefix, const char *name,
                             const char *suffix)
{
  size_t n = strlen(dir) + strlen(prefix) + strlen(name) + strlen(suffix) + 2;
  const char *sep = dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/";
  char *path = malloc(n);
  if (path) snprintf(path, n, "%s%s%s%s%s", dir, sep, prefix, name, suffix);
  else errno = ENOMEM;
  return path;
}

/* Records the temporary file of of for neg_output_interrupt (not when the
 * table is full: abort still removes it). */
static void neg_output_track(neg_outfile *of)
{
  size_t n = strlen(of->tmp);
  for (int i = 0; i < NEG_OUTPUT_LIVE_MAX && n < NEG_OUTPUT_PATH_MAX; i++) {
    int expect = 0;
    if (!atomic_compare_exchange_strong(&neg_output_live[i].state, &expect, 1)) continue;
    memcpy(neg_output_live[i].path, of->tmp, n + 1);
    atomic_store(&neg_output_live[i].state, 2);
    of->live = i + 1;
    return;
  }
}

/* Forgets the temporary file of of, once renamed or removed. */
static void neg_output_untrack(neg_outfile *of)
{
  if (of->live) atomic_store(&neg_output_live[of->live - 1].state, 0);
  of->live = 0;
}

/* Removes every live temporary file with unlink only (async-signal-safe);
 * returns 0, removing nothing, while files are renamed into place. */
int neg_output_interrupt(void)
{
  if (atomic_load(&neg_output_renaming)) return 0;
  for (int i = 0; i < NEG_OUTPUT_LIVE_MAX; i++)
    if (atomic_load(&neg_output_live[i].state) == 2) unlink(neg_output_live[i].path);
  neg_outdir_interrupt();
  return 1;
}

/* Creates the temporary file of of in dir; returns 0, or -1 with errno. */
static int neg_output_create(neg_outfile *of, const char *dir, const char *name)
{
  int fd, e;
  of->final = neg_output_path(dir, "", name, "");
  of->tmp = neg_output_path(dir, ".", name, ".XXXXXX");
  if (!of->final || !of->tmp) goto fail;
  fd = mkstemp(of->tmp);
  if (fd < 0) goto fail;
  neg_output_track(of);
  if (fchmod(fd, NEG_OUTPUT_TMP_MODE) == 0 && (of->f = fdopen(fd, "w"))) return 0;
  e = errno;
  close(fd);
  unlink(of->tmp);
  neg_output_untrack(of);
  errno = e;
fail:
  e = errno;
  free(of->tmp);
  free(of->final);
  of->tmp = of->final = NULL;
  errno = e;
  return -1;
}

/* Closes and removes the temporary files of n outfiles and frees their names. */
static void neg_files_release(neg_outfile *files, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    neg_outfile *of = &files[i];
    if (of->f) fclose(of->f);
    if (of->tmp) unlink(of->tmp);
    neg_output_untrack(of);
    free(of->tmp);
    free(of->final);
    memset(of, 0, sizeof *of);
  }
}

/* Closes and removes every temporary file of o and frees o; NULL is fine. */
void neg_output_abort(neg_output *o)
{
  if (!o) return;
  neg_files_release(o->file, NEG_FILE_COUNT);
  free(o);
}

/* Creates the temporary files of the run in folder d; NULL with err on
 * failure. */
neg_output *neg_output_open(neg_outdir *d, int per_run, const neg_scenario *s, neg_error *err)
{
  neg_output *o = calloc(1, sizeof *o);
  const char *dir = neg_outdir_path(d);
  neg_output_locale loc;
  int rc;
  if (!o) {
    neg_output_fail(err, dir, ENOMEM);
    return NULL;
  }
  o->s = *s;
  o->dir = d;
  for (int i = 0; i < NEG_FILE_COUNT; i++) {
    if (i == NEG_FILE_RUNS && !per_run) continue;
    if (neg_output_create(&o->file[i], dir, neg_output_name(i)) != 0) {
      neg_output_fail(err, dir, errno);
      neg_output_abort(o);
      return NULL;
    }
  }
  if (!per_run) return o;
  neg_output_locale_enter(&loc);
  errno = 0;
  rc = neg_output_write_runs_header(o->file[NEG_FILE_RUNS].f, &o->s);
  neg_output_locale_leave(&loc);
  if (rc == NEG_OK) return o;
  neg_output_fail(err, o->file[NEG_FILE_RUNS].final, errno);
  neg_output_abort(o);
  return NULL;
}

/* Appends n rows to the temporary runs.csv; NEG_OK or NEG_ESYS with err. */
int neg_output_records(neg_output *o, const neg_record *rec, size_t n,
                       neg_error *err)
{
  neg_outfile *of = &o->file[NEG_FILE_RUNS];
  neg_output_locale loc;
  if (!of->f)  /* opened without per_run */
    return neg_output_fail(err, "runs.csv", EBADF);
  neg_output_locale_enter(&loc);
  errno = 0;
  for (size_t i = 0; i < n && !ferror(of->f); i++)
    neg_output_write_record(of->f, &o->s, &rec[i]);
  neg_output_locale_leave(&loc);
  if (!ferror(of->f)) return NEG_OK;
  if (!of->err) of->err = errno ? errno : EIO;
  return neg_output_fail(err, of->final, of->err);
}

/* Writes the contents of file i of o (runs.csv is already written). */
static int neg_output_fill(neg_output *o, int i, const neg_scenario *s,
                           const neg_tally *t, const neg_run_info *info)
{
  FILE *f = o->file[i].f;
  switch (i) {
  case NEG_FILE_SUMMARY: return neg_output_write_summary(f, s, t, info);
  case NEG_FILE_DAILY: return neg_output_write_daily(f, s, t, info);
  case NEG_FILE_WHY: return neg_output_write_why(f, s, t, info);
  case NEG_FILE_MANIFEST: return neg_output_write_manifest(f, s, info);
  default: return neg_output_status(f);
  }
}

/* Flushes, syncs and closes the stream of of; returns 0, or -1 with errno. */
static int neg_output_close(neg_outfile *of)
{
  int e = of->err, bad = of->err != 0;
  errno = 0;
  if (!bad && (fflush(of->f) != 0 || ferror(of->f))) {
    bad = 1;
    e = errno;
  }
  if (!bad && fsync(fileno(of->f)) != 0) {
    bad = 1;
    e = errno;
  }
  if (fclose(of->f) != 0 && !bad) {
    bad = 1;
    e = errno;
  }
  of->f = NULL;
  errno = e ? e : EIO;
  return bad ? -1 : 0;
}

/* Writes and closes every temporary file of o; NEG_OK or NEG_ESYS with err. */
static int neg_output_write_all(neg_output *o, const neg_scenario *s,
                                const neg_tally *t, const neg_run_info *info,
                                neg_error *err)
{
  for (int i = 0; i < NEG_FILE_COUNT; i++) {
    neg_outfile *of = &o->file[i];
    if (!of->f) continue;
    errno = 0;
    if (neg_output_fill(o, i, s, t, info) != NEG_OK && !of->err)
      of->err = errno ? errno : EIO;
    if (neg_output_close(of) != 0) return neg_output_fail(err, of->final, errno);
  }
  return NEG_OK;
}

/* Checks no final name is a folder, so that no rename can fail halfway for
 * that reason; NEG_OK or NEG_ESYS with err. */
static int neg_files_check_finals(const neg_outfile *files, size_t n, neg_error *err)
{
  struct stat st;
  for (size_t i = 0; i < n; i++) {
    const neg_outfile *of = &files[i];
    if (of->tmp && lstat(of->final, &st) == 0 && S_ISDIR(st.st_mode))
      return neg_output_fail(err, of->final, EISDIR);
  }
  return NEG_OK;
}

/* Syncs the folder holding path so the renames last; errors are ignored
 * (some file systems cannot sync a folder). */
static void neg_output_sync_dir(const char *path)
{
  char *dir = strdup(path), *slash;
  int fd;
  if (!dir) return;
  slash = strrchr(dir, '/');
  if (slash) *slash = '\0';
  fd = open(slash ? (dir[0] ? dir : "/") : ".", O_RDONLY | O_DIRECTORY);
  if (fd >= 0) {
    (void)fsync(fd);
    close(fd);
  }
  free(dir);
}

/* Renames every temporary file onto its final name; NEG_OK or NEG_ESYS. */
static int neg_files_rename_each(neg_outfile *files, size_t n, neg_error *err)
{
  const char *last = NULL;
  for (size_t i = 0; i < n; i++) {
    neg_outfile *of = &files[i];
    if (!of->tmp) continue;
    if (rename(of->tmp, of->final) != 0) return neg_output_fail(err, of->final, errno);
    neg_output_untrack(of);
    free(of->tmp);
    of->tmp = NULL;
    last = of->final;
  }
  if (last) neg_output_sync_dir(last);
  return NEG_OK;
}

/* The base names of the files of files[0..n) being written, into names;
 * returns their number. */
static size_t neg_files_names(const neg_outfile *files, size_t n, const char **names)
{
  size_t k = 0;
  for (size_t i = 0; i < n && k < NEG_OUTPUT_MAX_FILES; i++) {
    const char *slash;
    if (!files[i].final) continue;
    slash = strrchr(files[i].final, '/');
    names[k++] = slash ? slash + 1 : files[i].final;
  }
  return k;
}

/* 1 when files a and b hold the same bytes. */
static int neg_same_bytes(const char *a, const char *b)
{
  FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
  int ca = 0, same = fa && fb;
  while (same && ca != EOF) {
    ca = getc(fa);
    same = ca == getc(fb);
  }
  if (fa) fclose(fa);
  if (fb) fclose(fb);
  return same;
}

/* When the folder's results may only be replaced by the same bytes
 * (neg_outdir_must_match): checks each written file matches its final. */
static int neg_files_match(const neg_outfile *files, size_t n, const neg_outdir *d,
                           neg_error *err)
{
  for (size_t i = 0; neg_outdir_must_match(d) && i < n; i++) {
    const char *slash = files[i].final ? strrchr(files[i].final, '/') : NULL;
    if (files[i].tmp && !neg_same_bytes(files[i].tmp, files[i].final))
      return neg_outdir_refuse(d, slash ? slash + 1 : files[i].final, err);
  }
  return NEG_OK;
}

/* Checks nothing the renames replace or the commit removes is a folder,
 * so that no rename can fail halfway for that reason, and that a run
 * without a manifest replaces only the same bytes. */
static int neg_files_precommit(const neg_outfile *files, size_t n, const neg_outdir *d,
                               neg_error *err)
{
  const char *names[NEG_OUTPUT_MAX_FILES];
  int rc = neg_files_check_finals(files, n, err);
  if (rc == NEG_OK) rc = neg_files_match(files, n, d, err);
  return rc == NEG_OK ? neg_outdir_precommit(d, names, neg_files_names(files, n, names), err)
                      : rc;
}

/* Renames the files into place (neg_files_rename_each) and removes what
 * the folder held of a different run (neg_outdir_commit), telling
 * neg_output_interrupt to let an interrupted run finish meanwhile, so that
 * a signal cannot leave some files renamed and others not. */
static int neg_files_rename(neg_outfile *files, size_t n, neg_outdir *d, neg_error *err)
{
  const char *names[NEG_OUTPUT_MAX_FILES];
  size_t k = neg_files_names(files, n, names);
  int rc;
  atomic_store(&neg_output_renaming, 1);
  rc = neg_files_rename_each(files, n, err);
  if (rc == NEG_OK) rc = neg_outdir_commit(d, names, k, err);
  atomic_store(&neg_output_renaming, 0);
  return rc;
}

int neg_output_prepare(neg_output *o, const neg_scenario *s, const neg_tally *t,
                       const neg_run_info *info, neg_error *err)
{
  neg_output_locale loc;
  int rc;
  if (t->horizon != s->horizon_days || t->n_parties != s->n_parties) {
    if (err) {
      neg_output_fail(err, "", EINVAL);
      snprintf(err->reason, sizeof err->reason, "tally does not match the scenario");
    }
    return NEG_EINPUT;
  }
  neg_output_locale_enter(&loc);
  rc = neg_output_write_all(o, s, t, info, err);
  neg_output_locale_leave(&loc);
  return rc == NEG_OK ? neg_files_precommit(o->file, NEG_FILE_COUNT, o->dir, err) : rc;
}

int neg_output_finish(neg_output *o, neg_error *err)
{
  int rc = neg_files_rename(o->file, NEG_FILE_COUNT, o->dir, err);
  neg_output_abort(o);
  return rc;
}

/* Writes the remaining files, renames all into place and frees o. */
int neg_output_commit(neg_output *o, const neg_scenario *s, const neg_tally *t,
                      const neg_run_info *info, neg_error *err)
{
  int rc = neg_output_prepare(o, s, t, info, err);
  if (rc != NEG_OK) {
    neg_output_abort(o);
    return rc;
  }
  return neg_output_finish(o, err);
}

/* Writes the table row of outcome o. */
static void neg_output_table_row(FILE *f, const neg_tally *t, neg_outcome o)
{
  char prob[32] = "NA", interval[48], mean[32] = "NA";
  double lo, hi, m = neg_tally_outcome_mean_day(t, o);
  neg_stats_wilson(t->outcome[o], t->runs, NEG_OUTPUT_LEVEL, &lo, &hi);
  if (t->runs) snprintf(prob, sizeof prob, "%.6f", (double)t->outcome[o] / (double)t->runs);
  snprintf(interval, sizeof interval, "[%.6f, %.6f]", lo, hi);
  if (!isnan(m)) snprintf(mean, sizeof mean, "%.2f", m);
  fprintf(f, "%-10s %12s  %-20s  %9s\n", neg_outcome_name(o), prob, interval, mean);
}

/* Prints the outcome table (probability, 95% interval, mean day) to f. */
void neg_output_table(FILE *f, const neg_scenario *s, const neg_tally *t)
{
  neg_output_locale loc;
  neg_output_locale_enter(&loc);
  fprintf(f, "%s: %" PRIu64 " runs\n", s->name, t->runs);
  fprintf(f, "%-10s %12s  %-20s  %9s\n", "outcome", "probability", "95% interval",
          "mean day");
  for (int o = 0; o < NEG_OUT_COUNT; o++) neg_output_table_row(f, t, (neg_outcome)o);
  neg_output_locale_leave(&loc);
}

/* A set of files written and renamed together (sweep, compare). */
struct neg_output_set {
  size_t n;
  neg_outfile file[NEG_OUTPUT_SET_MAX];
  neg_outdir *dir;  /* the claimed folder (the caller's) */
};

neg_output_set *neg_output_set_open(neg_outdir *d, const char *const *names, size_t n,
                                    neg_error *err)
{
  neg_output_set *o = n <= NEG_OUTPUT_SET_MAX ? calloc(1, sizeof *o) : NULL;
  const char *dir = neg_outdir_path(d);
  if (!o) {
    neg_output_fail(err, dir, ENOMEM);
    return NULL;
  }
  o->dir = d;
  for (o->n = 0; o->n < n; o->n++) {
    if (neg_output_create(&o->file[o->n], dir, names[o->n]) == 0) continue;
    neg_output_fail(err, dir, errno);
    neg_output_set_abort(o);
    return NULL;
  }
  return o;
}

FILE *neg_output_set_file(neg_output_set *o, size_t i)
{
  return o->file[i].f;
}

int neg_output_set_prepare(neg_output_set *o, neg_error *err)
{
  for (size_t i = 0; i < o->n; i++)
    if (neg_output_close(&o->file[i]) != 0) return neg_output_fail(err, o->file[i].final, errno);
  return neg_files_precommit(o->file, o->n, o->dir, err);
}

int neg_output_set_finish(neg_output_set *o, neg_error *err)
{
  int rc = neg_files_rename(o->file, o->n, o->dir, err);
  neg_output_set_abort(o);
  return rc;
}

int neg_output_set_commit(neg_output_set *o, neg_error *err)
{
  int rc = neg_output_set_prepare(o, err);
  if (rc != NEG_OK) {
    neg_output_set_abort(o);
    return rc;
  }
  return neg_output_set_finish(o, err);
}

int neg_output_set_failed(neg_output_set *o, size_t i, neg_error *err)
{
  int e = errno ? errno : EIO, rc = neg_output_fail(err, o->file[i].final, e);
  neg_output_set_abort(o);
  return rc;
}

void neg_output_set_abort(neg_output_set *o)
{
  if (!o) return;
  neg_files_release(o->file, o->n);
  free(o);
}

char *neg_output_manifest_text(const neg_scenario *s, const char *what, const char *replay)
{
  neg_output_locale loc;
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  int rc;
  if (!f) return NULL;
  neg_output_locale_enter(&loc);
  rc = neg_output_write_manifest_as(f, s, what, replay);
  neg_output_locale_leave(&loc);
  if (fclose(f) != 0 || rc != NEG_OK) {
    free(text);
    return NULL;
  }
  return text;
}

char *neg_output_run_manifest(const neg_scenario *s, const neg_run_info *info)
{
  neg_output_locale loc;
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  int rc;
  if (!f) return NULL;
  neg_output_locale_enter(&loc);
  rc = neg_output_write_manifest(f, s, info);
  neg_output_locale_leave(&loc);
  if (fclose(f) != 0 || rc != NEG_OK) {
    free(text);
    return NULL;
  }
  return text;
}
