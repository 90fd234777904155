/* test_plots.c: the shell scripts. scripts/plot turns the sample CSV files
 * of tests/data/plots/ into real 900x600 PNG images, the same bytes every
 * time, and rejects a folder without CSV files or a missing gnuplot with
 * exit 2; scripts/merge-csv merges files with one header and refuses others;
 * scripts/sweep-shell.sh runs and merges a small sweep. gnuplot must be
 * installed: without it these tests fail.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

/* The sample folders under tests/data/plots/ and their CSV files. */
static const struct {
  const char *dir;
  const char *files[4];
} samples[] = {
  {"run", {"daily.csv", "summary.csv", "why.csv", NULL}},
  {"sweep_1d", {"sweep.csv", NULL}},
  {"sweep_2d", {"sweep.csv", NULL}},
  {"sweep_3d", {"sweep.csv", NULL}},
  {"compare", {"compare.csv", NULL}},
  {"sensitivity", {"sensitivity.csv", NULL}},
  {"uncertainty", {"uncertainty.csv", NULL}},
  {"fit", {"fit.csv", NULL}},
  {"runs", {"runs.csv", NULL}},
  {"merged", {"summary-merged.csv", NULL}},
  {"explain", {"explain.csv", NULL}},
};

/* The figures scripts/plot must draw from them. */
static const char *const figures[] = {
  "run/daily.png", "sweep_1d/sweep.png", "sweep_2d/sweep_heatmap.png",
  "sweep_2d/sweep_heatmap_extended.png", "sweep_2d/sweep_heatmap_lapsed.png",
  "sweep_2d/sweep_heatmap_collapsed.png", "sweep_3d/sweep_facets.png", "compare/compare.png",
  "sensitivity/sensitivity.png", "sensitivity/sensitivity_extended.png",
  "sensitivity/sensitivity_lapsed.png", "sensitivity/sensitivity_collapsed.png",
  "uncertainty/uncertainty.png", "fit/fit.png", "runs/runs_days.png", "merged/merged.png",
  "run/why.png", "explain/explain.png",
};
#define N_FIGURES (sizeof figures / sizeof figures[0])

/* Runs a shell command line; returns its exit status (-1 if killed). */
static int sh(const char *cmd)
{
  int st = system(cmd);
  return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Copies file from to file to. */
static void copy_file(const char *from, const char *to)
{
  char *text = neg_read_file(from, NULL);
  assert_non_null(text);
  assert_int_equal(neg_write_file(to, text), 0);
  free(text);
}

/* A temporary folder holding a copy of every sample folder. */
static char *copy_samples(void)
{
  char *tmp = neg_tempdir();
  assert_non_null(tmp);
  for (size_t k = 0; k < sizeof samples / sizeof samples[0]; k++) {
    char dir[4096], from[4096], to[8192];
    snprintf(dir, sizeof dir, "%s/%s", tmp, samples[k].dir);
    assert_int_equal(mkdir(dir, 0755), 0);
    for (const char *const *f = samples[k].files; *f; f++) {
      snprintf(from, sizeof from, "tests/data/plots/%s/%s", samples[k].dir, *f);
      snprintf(to, sizeof to, "%s/%s", dir, *f);
      copy_file(from, to);
    }
  }
  return tmp;
}

/* Runs scripts/plot on every sample folder under tmp; fails unless it
 * succeeds. */
static void plot_samples(const char *tmp)
{
  char cmd[8192];
  size_t n = (size_t)snprintf(cmd, sizeof cmd, "scripts/plot");
  for (size_t k = 0; k < sizeof samples / sizeof samples[0]; k++)
    n += (size_t)snprintf(cmd + n, sizeof cmd - n, " %s/%s", tmp, samples[k].dir);
  snprintf(cmd + n, sizeof cmd - n, " >/dev/null");
  assert_int_equal(sh(cmd), 0);
}

static uint32_t be32(const unsigned char *p)
{
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Fails unless path is a PNG file of 900x600 pixels: signature, IHDR
 * first with the size, IEND last. */
static void assert_png_900x600(const char *path)
{
  static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  size_t len = 0;
  unsigned char *png = (unsigned char *)neg_read_file(path, &len);
  if (!png) {
    print_error("%s: not written\n", path);
    fail();
  }
  assert_true(len > 1000);
  assert_memory_equal(png, sig, 8);
  assert_int_equal(be32(png + 8), 13); /* IHDR data length */
  assert_memory_equal(png + 12, "IHDR", 4);
  assert_int_equal(be32(png + 16), 900);
  assert_int_equal(be32(png + 20), 600);
  assert_memory_equal(png + len - 8, "IEND", 4);
  free(png);
}

/* gnuplot is installed (CI installs gnuplot-nox): the other tests need it. */
static void test_gnuplot_installed(void **state)
{
  (void)state;
  if (sh("command -v \"${GNUPLOT:-gnuplot}\" >/dev/null 2>&1") != 0) {
    print_error("gnuplot is not installed: apt-get install gnuplot-nox\n");
    fail();
  }
}

/* Every figure is a 900x600 PNG, and drawing again gives the same bytes. */
static void test_plot_figures(void **state)
{
  char *tmp = copy_samples(), path[4096];
  char *first[N_FIGURES];
  size_t len[N_FIGURES];
  (void)state;
  plot_samples(tmp);
  for (size_t k = 0; k < N_FIGURES; k++) {
    snprintf(path, sizeof path, "%s/%s", tmp, figures[k]);
    assert_png_900x600(path);
    first[k] = neg_read_file(path, &len[k]);
  }
  /* Only the figures a folder's CSV files call for, and no temporary file. */
  snprintf(path, sizeof path, "%s/sweep_1d", tmp);
  assert_int_equal(neg_count_entries(path), 2);
  snprintf(path, sizeof path, "%s/sweep_2d", tmp);
  assert_int_equal(neg_count_entries(path), 5);
  snprintf(path, sizeof path, "%s/run", tmp);
  assert_int_equal(neg_count_entries(path), 5);

  plot_samples(tmp);
  for (size_t k = 0; k < N_FIGURES; k++) {
    size_t n;
    snprintf(path, sizeof path, "%s/%s", tmp, figures[k]);
    char *again = neg_read_file(path, &n);
    assert_non_null(again);
    assert_int_equal(n, len[k]);
    assert_memory_equal(again, first[k], n);
    free(again);
    free(first[k]);
  }
  neg_rmtree(tmp);
  free(tmp);
}

/* --format svg and pdf write those types, --size the size asked for. */
static void test_plot_formats(void **state)
{
  char *tmp = copy_samples(), cmd[8192], path[4096];
  size_t len = 0;
  unsigned char *png;
  char *svg, *pdf;
  (void)state;
  snprintf(cmd, sizeof cmd, "scripts/plot --format svg --size 1200x800 %s/compare >/dev/null && "
           "scripts/plot --format=pdf %s/fit >/dev/null && "
           "scripts/plot --size=640x480 %s/uncertainty >/dev/null && "
           "scripts/plot --format svg --size 1000x700 %s/explain >/dev/null && "
           "scripts/plot --format pdf %s/run >/dev/null", tmp, tmp, tmp, tmp, tmp);
  assert_int_equal(sh(cmd), 0);
  snprintf(path, sizeof path, "%s/compare/compare.svg", tmp);
  svg = neg_read_file(path, NULL);
  assert_non_null(svg);
  assert_non_null(strstr(svg, "<svg"));
  assert_non_null(strstr(svg, "width=\"1200\" height=\"800\""));
  assert_non_null(strstr(svg, "</svg>"));
  free(svg);
  snprintf(path, sizeof path, "%s/explain/explain.svg", tmp);
  svg = neg_read_file(path, NULL);
  assert_non_null(svg);
  assert_non_null(strstr(svg, "width=\"1000\" height=\"700\""));
  free(svg);
  snprintf(path, sizeof path, "%s/run/why.pdf", tmp);
  pdf = neg_read_file(path, &len);
  assert_true(pdf && len > 1000 && !memcmp(pdf, "%PDF-", 5));
  free(pdf);
  snprintf(path, sizeof path, "%s/fit/fit.pdf", tmp);
  pdf = neg_read_file(path, &len);
  assert_non_null(pdf);
  assert_true(len > 1000 && !memcmp(pdf, "%PDF-", 5));
  free(pdf);
  snprintf(path, sizeof path, "%s/uncertainty/uncertainty.png", tmp);
  png = (unsigned char *)neg_read_file(path, &len);
  assert_non_null(png);
  assert_int_equal(be32(png + 16), 640);
  assert_int_equal(be32(png + 20), 480);
  free(png);
  snprintf(cmd, sizeof cmd, "scripts/plot --format gif %s/fit 2>/dev/null", tmp);
  assert_int_equal(sh(cmd), 2);
  snprintf(cmd, sizeof cmd, "scripts/plot --size 10 %s/fit 2>/dev/null", tmp);
  assert_int_equal(sh(cmd), 2);
  neg_rmtree(tmp);
  free(tmp);
}

/* The (x, y) pairs of a gnuplot text table (set table): the first two
 * numbers of every data line, and the next two (an error bar's ends; NAN
 * when absent). */
typedef struct {
  size_t n;
  double x[4096], y[4096], lo[4096], hi[4096];
} plotted;

static void read_table(const char *path, plotted *t)
{
  char *text = neg_read_file(path, NULL), *save = NULL;
  if (!text) {
    print_error("%s: no table\n", path);
    fail();
  }
  t->n = 0;
  for (char *line = strtok_r(text, "\n", &save); line && t->n < 4096;
       line = strtok_r(NULL, "\n", &save))
    if (line[0] != '#') {
      int got = sscanf(line, "%lf %lf %lf %lf", &t->x[t->n], &t->y[t->n], &t->lo[t->n], &t->hi[t->n]);
      if (got < 4) t->lo[t->n] = t->hi[t->n] = NAN;
      t->n += got >= 2;
    }
  free(text);
}

/* Fails unless t holds (x, y) to gnuplot's 6 significant digits. */
static void assert_point(const plotted *t, double x, double y, const char *what)
{
  for (size_t i = 0; i < t->n; i++)
    if (fabs(t->x[i] - x) <= 1e-9 + 5e-6 * fabs(x) && fabs(t->y[i] - y) <= 1e-9 + 5e-6 * fabs(y))
      return;
  print_error("%s: (%g, %g) is not plotted\n", what, x, y);
  fail();
}

/* 1 when a and b agree to gnuplot's 6 significant digits. */
static int near(double a, double b)
{
  return fabs(a - b) <= 1e-9 + 5e-6 * fabs(b);
}

/* Fails unless t holds an error bar at x from lo to hi, at y (any y when y
 * is NAN). */
static void assert_bar(const plotted *t, double x, double y, double lo, double hi, const char *what)
{
  for (size_t i = 0; i < t->n; i++)
    if (near(t->x[i], x) && (isnan(y) || near(t->y[i], y)) && near(t->lo[i], lo) &&
        near(t->hi[i], hi))
      return;
  print_error("%s: the bar at (%g, %g) from %g to %g is not plotted\n", what, x, y, lo, hi);
  fail();
}

/* The named field of a CSV row split into f (head: the header's names). */
static const char *field(char *const *head, int ncol, char *const *f, int n, const char *name)
{
  for (int k = 0; k < ncol && k < n; k++)
    if (!strcmp(head[k], name)) return f[k];
  print_error("no column %s\n", name);
  fail();
  return "";
}

/* Every row of dir/csv that keep() accepts is plotted as an error bar:
 * horizontal at (column x, column y, or any y when y is NULL) from ci_low
 * to ci_high; returns the number of such rows. */
static int assert_bars_plotted(const char *tmp, const char *dir, const char *csv, const char *table,
                               const char *x, const char *y,
                               int (*keep)(char *const *head, int ncol, char *const *f, int n))
{
  char path[4096], *save = NULL, *head[64];
  plotted *t = malloc(sizeof *t);
  int ncol = 0, rows = 0;
  assert_non_null(t);
  snprintf(path, sizeof path, "%s/tables/%s.txt", tmp, table);
  read_table(path, t);
  snprintf(path, sizeof path, "%s/%s/%s", tmp, dir, csv);
  char *text = neg_read_file(path, NULL), *line = strtok_r(text, "\n", &save);
  for (char *c = strsep(&line, ","); c && ncol < 64; c = strsep(&line, ",")) head[ncol++] = c;
  while ((line = strtok_r(NULL, "\n", &save))) {
    char *f[64];
    int n = 0;
    for (char *c = strsep(&line, ","); c && n < 64; c = strsep(&line, ",")) f[n++] = c;
    if (!keep(head, ncol, f, n)) continue;
    assert_bar(t, strtod(field(head, ncol, f, n, x), NULL),
               y ? strtod(field(head, ncol, f, n, y), NULL) : NAN,
               strtod(field(head, ncol, f, n, "ci_low"), NULL),
               strtod(field(head, ncol, f, n, "ci_high"), NULL), table);
    rows++;
  }
  free(text);
  free(t);
  return rows;
}

/* explain.csv: the rows of the outcome the counterfactuals are ranked by. */
static int ranked_row(char *const *head, int ncol, char *const *f, int n)
{
  return !strcmp(field(head, ncol, f, n, "outcome"), field(head, ncol, f, n, "ranked_by"));
}

/* why.csv: the reasons' rows (no condition). */
static int reason_row(char *const *head, int ncol, char *const *f, int n)
{
  return !strcmp(field(head, ncol, f, n, "condition"), "NA");
}

/* Every row of dir/csv, with x its column xcol (or the row's index when
 * xcol is NULL), is plotted at (x, column y) for each of the ycols. */
static void assert_rows_plotted(const char *tmp, const char *dir, const char *csv,
                                const char *table, const char *xcol, const char *const *ycols)
{
  char path[4096], *save = NULL, *head[64];
  plotted *t = malloc(sizeof *t);
  int ncol = 0, row = 0;
  assert_non_null(t);
  snprintf(path, sizeof path, "%s/tables/%s.txt", tmp, table);
  read_table(path, t);
  snprintf(path, sizeof path, "%s/%s/%s", tmp, dir, csv);
  char *text = neg_read_file(path, NULL), *line = strtok_r(text, "\n", &save);
  for (char *c = strsep(&line, ","); c && ncol < 64; c = strsep(&line, ",")) head[ncol++] = c;
  while ((line = strtok_r(NULL, "\n", &save))) {
    char *f[64];
    double x = row++;
    int n = 0;
    for (char *c = strsep(&line, ","); c && n < 64; c = strsep(&line, ",")) f[n++] = c;
    for (int k = 0; k < ncol && k < n; k++)
      if (xcol && !strcmp(head[k], xcol)) x = strtod(f[k], NULL);
    for (const char *const *y = ycols; *y; y++)
      for (int k = 0; k < ncol && k < n; k++)
        if (!strcmp(head[k], *y)) assert_point(t, x, strtod(f[k], NULL), table);
  }
  free(text);
  free(t);
}

/* The plotted points are the values of the CSV files (gnuplot's own table
 * of what it draws, NEGSIM_PLOT_TABLE): sweep, merged runs, uncertainty,
 * calibration fit, comparison, and the day histogram's top (all runs). */
static void test_plot_values(void **state)
{
  static const char *const outcomes[] = {"ceasefire", "extended", "lapsed", "collapsed", NULL};
  static const char *const prob[] = {"probability", NULL};
  static const char *const unc[] = {"median", "mean", NULL};
  static const char *const fit[] = {"probability", "target_probability", NULL};
  static const char *const diff[] = {"difference", NULL};
  char *tmp = copy_samples(), cmd[8192];
  (void)state;
  snprintf(cmd, sizeof cmd, "mkdir %s/tables && NEGSIM_PLOT_TABLE=%s/tables scripts/plot "
           "%s/sweep_1d %s/merged %s/uncertainty %s/fit %s/compare >/dev/null",
           tmp, tmp, tmp, tmp, tmp, tmp, tmp);
  assert_int_equal(sh(cmd), 0);
  assert_rows_plotted(tmp, "sweep_1d", "sweep.csv", "sweep", "parties.us.pressure.russia", outcomes);
  assert_rows_plotted(tmp, "merged", "summary-merged.csv", "merged", "parties.us.pressure.russia",
                      prob);
  assert_rows_plotted(tmp, "uncertainty", "uncertainty.csv", "uncertainty", NULL, unc);
  assert_rows_plotted(tmp, "fit", "fit.csv", "fit", NULL, fit);
  assert_rows_plotted(tmp, "compare", "compare.csv", "compare", NULL, diff);
  neg_rmtree(tmp);
  free(tmp);
}

/* explain: each counterfactual's paired difference in the outcome ranked
 * by, at its rank, with its paired interval; why: each reason's share of
 * its outcome with its interval (the sample has at most 6 a outcome, so
 * all are drawn). */
static void test_plot_values_why(void **state)
{
  char *tmp = copy_samples(), cmd[8192];
  (void)state;
  snprintf(cmd, sizeof cmd, "mkdir %s/tables && NEGSIM_PLOT_TABLE=%s/tables scripts/plot "
           "%s/run %s/explain >/dev/null", tmp, tmp, tmp, tmp);
  assert_int_equal(sh(cmd), 0);
  assert_int_equal(assert_bars_plotted(tmp, "explain", "explain.csv", "explain", "difference", "rank",
                                       ranked_row), 5);
  assert_int_equal(assert_bars_plotted(tmp, "run", "why.csv", "why", "share", NULL, reason_row), 12);
  neg_rmtree(tmp);
  free(tmp);
}

/* A folder without CSV files, a CSV file without a needed column, no
 * folder at all and a missing gnuplot are bad input: exit 2, nothing drawn. */
static void test_plot_bad_input(void **state)
{
  char *tmp = neg_tempdir(), cmd[16384], path[4096], err[4096];
  (void)state;
  snprintf(err, sizeof err, "%s/err.txt", tmp);
  snprintf(path, sizeof path, "%s/empty", tmp);
  assert_int_equal(mkdir(path, 0755), 0);
  snprintf(cmd, sizeof cmd, "scripts/plot %s 2>%s", path, err);
  assert_int_equal(sh(cmd), 2);
  assert_int_equal(neg_count_entries(path), 0);
  char *msg = neg_read_file(err, NULL);
  assert_non_null(msg);
  assert_non_null(strstr(msg, "daily.csv"));
  free(msg);

  snprintf(cmd, sizeof cmd, "scripts/plot 2>/dev/null");
  assert_int_equal(sh(cmd), 2);

  snprintf(path, sizeof path, "%s/bad", tmp);
  assert_int_equal(mkdir(path, 0755), 0);
  snprintf(path, sizeof path, "%s/bad/daily.csv", tmp);
  assert_int_equal(neg_write_file(path, "day,pause,extended,ceasefire,lapsed\n1,1,0,0,0\n"), 0);
  snprintf(cmd, sizeof cmd, "scripts/plot %s/bad 2>%s", tmp, err);
  assert_int_equal(sh(cmd), 2);
  msg = neg_read_file(err, NULL);
  assert_non_null(strstr(msg, "collapsed"));
  free(msg);
  snprintf(path, sizeof path, "%s/bad", tmp);
  assert_int_equal(neg_count_entries(path), 1);

  char *samples_dir = copy_samples();
  snprintf(cmd, sizeof cmd, "GNUPLOT=/nonexistent/gnuplot scripts/plot %s/run 2>%s",
           samples_dir, err);
  assert_int_equal(sh(cmd), 2);
  msg = neg_read_file(err, NULL);
  assert_non_null(strstr(msg, "gnuplot"));
  free(msg);
  snprintf(path, sizeof path, "%s/run", samples_dir);
  assert_int_equal(neg_count_entries(path), 3);
  neg_rmtree(samples_dir);
  free(samples_dir);
  neg_rmtree(tmp);
  free(tmp);
}

/* merge-csv writes the header once then every row; files whose headers
 * differ are refused with exit 2 and nothing written. */
static void test_merge_csv(void **state)
{
  char *tmp = neg_tempdir(), a[2048], b[2048], c[2048], out[2048], cmd[16384];
  (void)state;
  snprintf(a, sizeof a, "%s/a.csv", tmp);
  snprintf(b, sizeof b, "%s/b.csv", tmp);
  snprintf(c, sizeof c, "%s/c.csv", tmp);
  snprintf(out, sizeof out, "%s/out.csv", tmp);
  assert_int_equal(neg_write_file(a, "outcome,probability,k\nceasefire,0.1,0\n"), 0);
  assert_int_equal(neg_write_file(b, "outcome,probability,k\nceasefire,0.2,1\nlapsed,0.3,1\n"), 0);
  assert_int_equal(neg_write_file(c, "outcome,probability,j\nceasefire,0.2,1\n"), 0);
  snprintf(cmd, sizeof cmd, "scripts/merge-csv %s %s %s", out, a, b);
  assert_int_equal(sh(cmd), 0);
  char *merged = neg_read_file(out, NULL);
  assert_non_null(merged);
  assert_string_equal(merged, "outcome,probability,k\nceasefire,0.1,0\nceasefire,0.2,1\nlapsed,0.3,1\n");
  free(merged);
  assert_int_equal(remove(out), 0);
  snprintf(cmd, sizeof cmd, "scripts/merge-csv %s %s %s 2>/dev/null", out, a, c);
  assert_int_equal(sh(cmd), 2);
  assert_int_equal(neg_count_entries(tmp), 3);
  neg_rmtree(tmp);
  free(tmp);
}

/* sweep-shell.sh: one run per value with --set, merged into one CSV with
 * the key as its last column. */
static void test_sweep_shell(void **state)
{
  char *tmp = neg_tempdir(), cmd[8192], path[4096];
  (void)state;
  snprintf(cmd, sizeof cmd,
           "scripts/sweep-shell.sh -n 500 -o %s parties.russia.compliance 0.9 1 >/dev/null", tmp);
  assert_int_equal(sh(cmd), 0);
  snprintf(path, sizeof path, "%s/summary-merged.csv", tmp);
  char *csv = neg_read_file(path, NULL);
  assert_non_null(csv);
  char *eol = strchr(csv, '\n');
  assert_non_null(eol);
  *eol = '\0';
  assert_non_null(strstr(csv, ",scenario,seed,parties.russia.compliance"));
  int rows = 0;
  for (char *p = eol + 1; (p = strchr(p, '\n')); p++) rows++;
  assert_int_equal(rows, 8); /* 4 outcomes x 2 values */
  free(csv);
  snprintf(path, sizeof path, "%s/parties.russia.compliance=0.9/summary.csv", tmp);
  struct stat st;
  assert_int_equal(stat(path, &st), 0);
  neg_rmtree(tmp);
  free(tmp);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_gnuplot_installed),
    cmocka_unit_test(test_plot_figures),
    cmocka_unit_test(test_plot_formats),
    cmocka_unit_test(test_plot_values),
    cmocka_unit_test(test_plot_values_why),
    cmocka_unit_test(test_plot_bad_input),
    cmocka_unit_test(test_merge_csv),
    cmocka_unit_test(test_sweep_shell),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
