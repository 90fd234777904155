/* test_plots.c: the shell scripts. scripts/plot turns the sample CSV files
 * of tests/data/plots/ into real 900x600 PNG images, the same bytes every
 * time, and rejects a folder without CSV files or a missing gnuplot with
 * exit 2; scripts/merge-csv merges files with one header and refuses others;
 * scripts/sweep-shell.sh runs and merges a small sweep. gnuplot must be
 * installed: without it these tests fail.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

/* The sample folders under tests/data/plots/ and their CSV files. */
static const struct {
  const char *dir;
  const char *files[3];
} samples[] = {
  {"run", {"daily.csv", "summary.csv", NULL}},
  {"sweep_1d", {"sweep.csv", NULL}},
  {"sweep_2d", {"sweep.csv", NULL}},
  {"compare", {"compare.csv", NULL}},
  {"sensitivity", {"sensitivity.csv", NULL}},
};

/* The figures scripts/plot must draw from them. */
static const char *const figures[] = {
  "run/daily.png", "sweep_1d/sweep.png", "sweep_2d/sweep_heatmap.png",
  "sweep_2d/sweep_heatmap_extended.png", "sweep_2d/sweep_heatmap_lapsed.png",
  "sweep_2d/sweep_heatmap_collapsed.png", "compare/compare.png",
  "sensitivity/sensitivity.png", "sensitivity/sensitivity_extended.png",
  "sensitivity/sensitivity_lapsed.png", "sensitivity/sensitivity_collapsed.png",
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
  snprintf(cmd, sizeof cmd, "scripts/plot %s/run %s/sweep_1d %s/sweep_2d %s/compare "
           "%s/sensitivity >/dev/null", tmp, tmp, tmp, tmp, tmp);
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
  assert_int_equal(neg_count_entries(path), 3);

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
  assert_int_equal(neg_count_entries(path), 2);
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
    cmocka_unit_test(test_plot_bad_input),
    cmocka_unit_test(test_merge_csv),
    cmocka_unit_test(test_sweep_shell),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
