/* datadir.c: where an installed negsim finds its shared files.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "neg_datadir.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int neg_datadir(char *buf, size_t n)
{
  char exe[4096], *slash;
  struct stat st;
  ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (len <= 0) return -1;
  exe[len] = '\0';
  if (!(slash = strrchr(exe, '/'))) return -1;
  *slash = '\0';                                  /* BIN */
  if ((size_t)snprintf(buf, n, "%s/../share/negsim", exe) >= n) return -1;
  return stat(buf, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : -1;
}

const char *neg_find_scenario(const char *name, char *buf, size_t n)
{
  static const char *const ext[] = {"", ".cfg"};
  char dir[4096];
  struct stat st;
  if (!*name || strchr(name, '/') || stat(name, &st) == 0 || neg_datadir(dir, sizeof dir))
    return name;
  for (size_t k = 0; k < 2; k++)
    if ((size_t)snprintf(buf, n, "%s/scenarios/%s%s", dir, name, ext[k]) < n &&
        stat(buf, &st) == 0 && S_ISREG(st.st_mode))
      return buf;
  return name;
}
