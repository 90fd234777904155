/* testutil.c: helpers shared by the cmocka suites.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#define _XOPEN_SOURCE 700
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

void neg_assert_close(double a, double b, double tol, const char *what,
                      const char *file, int line)
{
  if (!(fabs(a - b) <= tol)) {
    print_error("%s = %.17g, expected %.17g within %.3g\n", what, a, b, tol);
    _fail(file, line);
  }
}

void neg_assert_within_4se(double phat, double p, uint64_t n, const char *what,
                           const char *file, int line)
{
  double se = sqrt(p * (1.0 - p) / (double)n);
  if (!(fabs(phat - p) <= 4.0 * se)) {
    print_error("%s = %.6f, closed form %.6f, |diff| %.3g > 4 SE = %.3g (n=%llu)\n",
                what, phat, p, fabs(phat - p), 4.0 * se, (unsigned long long)n);
    _fail(file, line);
  }
}

/* Reads all of fd into buf (size n), keeping the first n-1 bytes. */
static void drain(int fd, char *buf, size_t n)
{
  size_t used = 0;
  char tmp[4096];
  ssize_t k;
  while ((k = read(fd, tmp, sizeof tmp)) > 0) {
    size_t take = (size_t)k;
    if (used + take > n - 1) take = n - 1 - used;
    memcpy(buf + used, tmp, take);
    used += take;
  }
  buf[used] = '\0';
}

/* In the child: applies opts and resets the signals negsim handles (as a
 * shell leaves them: SIGXFSZ too, which negsim must ignore itself). */
static void child_setup(const neg_run_opts *opts)
{
  static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGXFSZ};
  for (size_t k = 0; k < sizeof sigs / sizeof sigs[0]; k++) signal(sigs[k], SIG_DFL);
  if (opts && opts->fsize_limit > 0) {
    struct rlimit rl = {(rlim_t)opts->fsize_limit, (rlim_t)opts->fsize_limit};
    if (setrlimit(RLIMIT_FSIZE, &rl) != 0) _exit(126);
  }
  if (opts && opts->stdout_path) {
    int fd = open(opts->stdout_path, O_WRONLY);
    if (fd < 0 || dup2(fd, 1) < 0) _exit(126);
    close(fd);
  }
}

int neg_start_negsim(neg_child *c, const char *const *argv, const neg_run_opts *opts)
{
  const char *prog = getenv("NEGSIM");
  char outname[] = "/tmp/negsim-out-XXXXXX", errname[] = "/tmp/negsim-err-XXXXXX";
  c->fo = mkstemp(outname);
  c->fe = mkstemp(errname);
  if (!prog) prog = "bin/negsim";
  if (c->fo < 0 || c->fe < 0) return -1;
  unlink(outname);
  unlink(errname);
  c->pid = fork();
  if (c->pid < 0) return -1;
  if (c->pid == 0) {
    size_t n = 0;
    const char *args[64];
    args[n++] = prog;
    for (; argv[n - 1] && n < 63; n++) args[n] = argv[n - 1];
    args[n] = NULL;
    dup2(c->fo, 1);
    dup2(c->fe, 2);
    child_setup(opts);
    execv(prog, (char *const *)(uintptr_t)args);
    _exit(127);
  }
  return 0;
}

int neg_wait_negsim(neg_child *c, neg_proc *p)
{
  int st;
  if (waitpid(c->pid, &st, 0) < 0) return -1;
  p->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  p->signal = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
  lseek(c->fo, 0, SEEK_SET);
  lseek(c->fe, 0, SEEK_SET);
  drain(c->fo, p->out, sizeof p->out);
  drain(c->fe, p->err, sizeof p->err);
  close(c->fo);
  close(c->fe);
  return 0;
}

int neg_run_negsim_with(neg_proc *p, const char *const *argv, const neg_run_opts *opts)
{
  neg_child c;
  if (neg_start_negsim(&c, argv, opts) != 0) return -1;
  return neg_wait_negsim(&c, p);
}

int neg_run_negsim(neg_proc *p, const char *const *argv)
{
  return neg_run_negsim_with(p, argv, NULL);
}

char *neg_tempdir(void)
{
  const char *base = getenv("TMPDIR");
  char *path = malloc(4096);
  if (!path) return NULL;
  snprintf(path, 4096, "%s/negsim-test-XXXXXX", base ? base : "/tmp");
  if (!mkdtemp(path)) {
    free(path);
    return NULL;
  }
  return path;
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
  (void)sb; (void)flag; (void)ftw;
  return remove(path);
}

void neg_rmtree(const char *path)
{
  nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

char *neg_read_file(const char *path, size_t *len)
{
  FILE *f = fopen(path, "rb");
  char *buf = NULL;
  size_t cap = 0, used = 0, k;
  if (!f) return NULL;
  do {
    if (used + 4096 + 1 > cap) {
      char *nb = realloc(buf, cap = cap * 2 + 8192);
      if (!nb) { free(buf); fclose(f); return NULL; }
      buf = nb;
    }
    k = fread(buf + used, 1, 4096, f);
    used += k;
  } while (k > 0);
  fclose(f);
  buf[used] = '\0';
  if (len) *len = used;
  return buf;
}

int neg_write_file(const char *path, const char *text)
{
  FILE *f = fopen(path, "w");
  if (!f) return -1;
  fputs(text, f);
  return fclose(f) == 0 ? 0 : -1;
}

int neg_count_entries(const char *dir)
{
  DIR *d = opendir(dir);
  struct dirent *e;
  int n = 0;
  if (!d) return -1;
  while ((e = readdir(d)))
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
  closedir(d);
  return n;
}

char *neg_put_file(const char *dir, const char *name, const char *text)
{
  char *path = malloc(4096);
  assert_non_null(path);
  snprintf(path, 4096, "%s/%s", dir, name);
  assert_int_equal(neg_write_file(path, text), 0);
  return path;
}

const char neg_test_good_cfg[] =
  "run = { runs = 300; };\n"
  "parties = {\n"
  "  russia = { role = \"belligerent\"; };\n"
  "  ukraine = { role = \"belligerent\"; momentum_side = -1; };\n"
  "};\n";
