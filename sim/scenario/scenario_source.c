/* scenario_source.c: a scenario file parsed once. Opening checks the file
 * and its includes and parses it with libconfig; each load applies its
 * --set overrides to the tree and converts and validates it (scenario.c),
 * so a sweep, a sensitivity analysis or a calibration reads its file once
 * however many points it loads. The scenario's text is read once
 * (scenario_input.c) and parsed from memory, so a pipe, a FIFO or standard
 * input ("-") gets every check a file gets; the texts of the files are kept
 * for the check of wrapped integers.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "scenario_impl.h"

#include "neg_lint.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define NEG_INCLUDE_DEPTH 10  /* libconfig 1.5's limit on nested includes */

/* The text of one file of the scenario. */
typedef struct {
  char *file;            /* its name as shown (neg_source_name) */
  char *text;            /* its whole text, or NULL when it cannot be read */
  const char **line;     /* [i]: the start of line i + 1 in text */
  unsigned n_lines;
} neg_text;

/* What an override sets, for neg_source_patch. */
typedef struct {
  const neg_param *row;
  int party;             /* its party's index, or -1: the scenario's own */
  int later;             /* 1 when a later override has the same key */
} neg_patch_key;

struct neg_source {
  char *path;            /* the scenario file as given */
  neg_loader ld;         /* path and folder; the rest is set by each load */
  config_t cfg;          /* the parsed tree, with the overrides of the last load */
  char *keys;            /* the keys of the last load's overrides, "k1=\nk2=\n"
                          * (NULL: the tree is as parsed) */
  int bad;               /* the last parse failed: read the file again */
  neg_scenario *last;    /* what the last load gave (or the load's buffer) */
  int last_ok;           /* 1 when the last load succeeded */
  int patch;             /* 1 when each of the keys names a number of the
                          * scenario or of a party (neg_patch_keys) */
  neg_patch_key *target; /* [k]: what override k sets, when patch */
  int dups;              /* some key is given twice */
  config_setting_t *stored[NEG_RESET_MAX]; /* the settings of the last load's
                                            * overrides, when stored_ok */
  int stored_ok;
  neg_text *texts;
  size_t n_texts;
};

/* Records override "key=value" in s->overrides, replacing one of the same key. */
static int neg_record_override(neg_scenario *s, const char *set, neg_error *err)
{
  size_t klen = strcspn(set, "=");
  int i;
  for (i = 0; i < s->n_overrides; i++)
    if (!strncmp(s->overrides[i], set, klen) && s->overrides[i][klen] == '=') break;
  if (i == NEG_MAX_OVERRIDES)
    return neg_error_set(err, "--set", 0, "run.overrides", "more than %d overrides",
                         NEG_MAX_OVERRIDES);
  if (strlen(set) >= NEG_VARY_MAX)
    return neg_error_set(err, "--set", 0, "", "longer than %d characters", NEG_VARY_MAX - 1);
  strncpy(s->overrides[i], set, NEG_VARY_MAX);  /* zeros after it, as a fresh load has */
  if (i == s->n_overrides) s->n_overrides++;
  return NEG_OK;
}


/* Sets ld->dir to the folder of ld->path ("." when it has none, or when
 * it is not a regular file: the includes of a pipe, a FIFO or standard
 * input are relative to the current folder). */
static void neg_set_dir(neg_loader *ld, int regular)
{
  const char *slash = strrchr(ld->path, '/');
  if (!slash || !regular)
    snprintf(ld->dir, sizeof ld->dir, ".");
  else if (slash == ld->path)
    snprintf(ld->dir, sizeof ld->dir, "/");
  else
    snprintf(ld->dir, sizeof ld->dir, "%.*s", (int)(slash - ld->path), ld->path);
}

/* Moves p, at the start of a line when bol, past libconfig 1.5's scanner
 * (lib/scanner.l) up to the next @include: a line starting with blanks,
 * "@include", blanks and a quote, outside comments and strings (which may
 * span lines). Returns p after that quote, or NULL at the end of text;
 * *line counts the lines passed. */
static const char *neg_next_include(const char *p, int bol, unsigned *line)
{
  while (*p) {
    if (bol) {   /* libconfig's include_open, ^[ \t]*@include[ \t]+\" */
      const char *q = p + strspn(p, " \t");
      if (!strncmp(q, "@include", 8) && q[8] && strchr(" \t", q[8])) {
        q += 8 + strspn(q + 8, " \t");
        if (*q == '"') return q + 1;
      }
    }
    bol = *p == '\n';
    if (*p == '\n') {
      (*line)++;
      p++;
    } else if (p[0] == '/' && p[1] == '*') {   /* a comment, to its end */
      for (p += 2; *p && !(p[0] == '*' && p[1] == '/'); p++) *line += *p == '\n';
      p += *p ? 2 : 0;
    } else if (*p == '#' || (p[0] == '/' && p[1] == '/')) {   /* to the end of the line */
      p += strcspn(p, "\n");
    } else if (*p == '"') {   /* a string, escapes included */
      for (p++; *p && *p != '"'; p++) {
        if (*p == '\\' && p[1]) p++;
        *line += *p == '\n';
      }
      p += *p ? 1 : 0;
    } else {
      p++;
    }
  }
  return NULL;
}

/* Reads the file name of an @include from *p, just after its quote, as
 * libconfig 1.5 does: up to the next quote, across lines, `\\` and `\"`
 * escaped and any other backslash dropped (libconfig prints it on standard
 * output). Returns it in a new string (NULL when out of memory) and moves
 * *p past it; *escape is the character after the first backslash dropped
 * (a backslash at the end), or 0; *line counts the lines passed. */
static char *neg_include_name(const char **p, unsigned *line, char *escape)
{
  const char *at = *p;
  char *name = malloc(strlen(at) + 1), *q = name;
  *escape = 0;
  if (!name) return NULL;
  for (; *at && *at != '"'; at++) {
    if (*at == '\\' && at[1] != '\\' && at[1] != '"') {
      if (!*escape) *escape = at[1] ? at[1] : '\\';
      continue;
    }
    if (*at == '\\') at++;
    *line += *at == '\n';
    *q++ = *at;
  }
  *q = '\0';
  *p = *at ? at + 1 : at;
  return name;
}

/* Reads the whole of file into a new string; NULL when it cannot. */
static char *neg_read_all(const char *file)
{
  FILE *f = fopen(file, "r"), *m;
  char *text = NULL, chunk[4096];
  size_t len = 0, k;
  if (!f) return NULL;
  if ((m = open_memstream(&text, &len))) {
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) fwrite(chunk, 1, k, m);
    if (fclose(m) != 0) {
      free(text);
      text = NULL;
    }
  }
  fclose(f);
  return text;
}

/* Fills t with file's name, its text (kept: t owns it) and where its
 * lines start. 0, or -1 when out of memory. */
static int neg_text_index(neg_text *t, const char *file, char *text)
{
  const char *p;
  unsigned n = 1;
  memset(t, 0, sizeof *t);
  t->text = text;
  if (!(t->file = strdup(file))) return -1;
  if (!text) return 0;   /* unreadable: no text */
  for (p = text; (p = strchr(p, '\n')); p++) n++;
  if (!(t->line = malloc(n * sizeof *t->line))) return -1;
  t->line[t->n_lines++] = text;
  for (p = text; (p = strchr(p, '\n')); p++) t->line[t->n_lines++] = p + 1;
  return 0;
}

/* Reads file into t (its text and where its lines start). 0, or -1 when
 * out of memory. */
static int neg_text_read(neg_text *t, const char *file)
{
  return neg_text_index(t, file, neg_read_all(file));
}

/* Checks one @include of a file (shown as shown, the @include on line
 * `at`), naming name: a regular file, without unknown escapes. Returns
 * NEG_OK, or NEG_EINPUT with the error. */
static int neg_check_include(const neg_loader *ld, const char *shown, unsigned at,
                             const char *name, char escape, const char *path)
{
  struct stat st;
  if (escape)
    return neg_error_set(ld->err, shown, (int)at, "", "cannot include '%.200s': unknown escape "
                         "'\\%c' in its name (a backslash is written \\\\)", name, escape);
  if (stat(path, &st) != 0 && name[0] == '/' && stat(name, &st) == 0)
    return neg_error_set(ld->err, shown, (int)at, "", "cannot include '%.200s': an include "
                         "name is read relative to the scenario's folder; give a relative name",
                         name);
  if (stat(path, &st) != 0) return NEG_OK;   /* libconfig reports a missing file */
  if (S_ISDIR(st.st_mode))
    return neg_error_set(ld->err, shown, (int)at, "", "cannot include '%.200s': is a directory",
                         name);
  if (!S_ISREG(st.st_mode))
    return neg_error_set(ld->err, shown, (int)at, "", "cannot include '%.200s': not a regular "
                         "file", name);
  return NEG_OK;
}

/* libconfig 1.5 ends the program ("input in flex scanner failed") when an
 * @include names a folder, and prints the backslash of an unknown escape in
 * the name to standard output: this checks, before libconfig reads them,
 * that the includes of text (of the file shown as shown; depth levels
 * down) and of the files they include name regular files, without such
 * escapes, within the sizes of neg_input_check. Returns NEG_OK, NEG_EINPUT
 * with the error, or -1 when the nesting is too deep (libconfig reports
 * that). */
static int neg_check_includes(const neg_loader *ld, const char *text, const char *shown,
                              int depth)
{
  char *inc, *name, path[8192], inner[sizeof ld->err->file], escape;
  const char *p;
  unsigned line = 1, at;
  int rc = NEG_OK, regular;
  struct stat st;
  if (depth > NEG_INCLUDE_DEPTH) return -1;
  for (p = neg_next_include(text, 1, &line); rc == NEG_OK && p;
       p = neg_next_include(p, 0, &line)) {
    at = line;
    if (!(name = neg_include_name(&p, &line, &escape))) break;
    snprintf(path, sizeof path, "%s/%s", ld->dir, name);
    neg_source_name(ld, name, inner, sizeof inner);
    rc = neg_check_include(ld, shown, at, name, escape, path);
    if (rc == NEG_OK && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
      rc = neg_input_read(path, &inc, &regular, ld->err);
      if (rc != NEG_OK) snprintf(ld->err->file, sizeof ld->err->file, "%s", inner);
      else rc = neg_check_includes(ld, inc, inner, depth + 1);
      free(inc);
    }
    free(name);
  }
  return rc;
}

/* Names the scenario after its file: base name without extension, other
 * characters than letters, digits, '_', '.', '-' replaced by '_'. */
static void neg_default_name(neg_scenario *s, const char *path)
{
  const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
  const char *dot = strrchr(base, '.');
  size_t i, n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
  if (n > NEG_NAME_MAX - 1) n = NEG_NAME_MAX - 1;
  memset(s->name, 0, sizeof s->name);
  memcpy(s->name, base, n);
  for (i = 0; i < n; i++)
    if (!strchr(NEG_NAME_CHARS, s->name[i])) s->name[i] = '_';
  if (n == 0 || strspn(s->name, ".") == n)   /* "." or "..": another folder */
    snprintf(s->name, sizeof s->name, "scenario");
  if (!strcmp(path, "-")) snprintf(s->name, sizeof s->name, "stdin");
}

/* Reports a libconfig read error with its file and line. */
static int neg_parse_error(const neg_loader *ld, const config_t *cfg)
{
  char file[sizeof ld->err->file];
  if (config_error_type(cfg) == CONFIG_ERR_FILE_IO || !config_error_file(cfg))
    return neg_error_set(ld->err, ld->path, config_error_line(cfg), "", "%s",
                         config_error_text(cfg) ? config_error_text(cfg) : "cannot read");
  neg_source_name(ld, config_error_file(cfg), file, sizeof file);
  return neg_error_set(ld->err, file, config_error_line(cfg), "", "%s", config_error_text(cfg));
}

/* Reads the file of src into its tree: NEG_OK or NEG_EINPUT with err. */
static int neg_source_parse(neg_source *src, neg_error *err)
{
  src->ld.err = err;
  config_destroy(&src->cfg);
  config_init(&src->cfg);
  config_set_include_dir(&src->cfg, src->ld.dir);
  free(src->keys);
  src->keys = NULL;
  src->last_ok = 0;
  src->stored_ok = 0;
  src->bad = !config_read_string(&src->cfg, src->texts[0].text);
  return src->bad ? neg_parse_error(&src->ld, &src->cfg) : NEG_OK;
}

int neg_source_open(const char *path, neg_source **out, neg_error *err)
{
  neg_source *src;
  char *text;
  int rc, regular;
  memset(err, 0, sizeof *err);
  *out = NULL;
  if ((rc = neg_input_read(path, &text, &regular, err))) return rc;
  if (!(src = calloc(1, sizeof *src)) || !(src->texts = calloc(1, sizeof *src->texts))) {
    free(src);
    free(text);
    return NEG_ESYS;
  }
  src->n_texts = 1;   /* the scenario's text, for the checks of wrapped integers */
  config_init(&src->cfg);
  if (neg_text_index(&src->texts[0], path, text) != 0 || !(src->path = strdup(path))) {
    neg_source_free(src);
    return NEG_ESYS;
  }
  src->ld.path = src->path;
  neg_set_dir(&src->ld, regular);
  src->ld.err = err;
  if ((rc = neg_check_includes(&src->ld, text, path, 0)) != NEG_EINPUT)
    rc = neg_source_parse(src, err);
  if (rc != NEG_OK) {
    neg_source_free(src);
    return rc;
  }
  *out = src;
  return NEG_OK;
}

/* The keys of the overrides, each followed by '=' and a newline, in a new
 * string (NULL when out of memory). */
static char *neg_set_keys(const char *const *sets, size_t nsets)
{
  size_t n = 1;
  char *keys, *at;
  for (size_t k = 0; k < nsets; k++) n += strcspn(sets[k], "=") + 2;
  if (!(keys = at = malloc(n))) return NULL;
  for (size_t k = 0; k < nsets; k++) {
    size_t len = strcspn(sets[k], "=");
    memcpy(at, sets[k], len);
    at += len;
    *at++ = '=';
    *at++ = '\n';
  }
  *at = '\0';
  return keys;
}

/* Makes the tree ready for overrides of the same keys as the last load:
 * applying them again over their old values gives the tree the file and
 * these overrides give (each override replaces its setting at the end of
 * its group, so the order comes out the same). Other keys need the file
 * read again. */
static int neg_source_ready(neg_source *src, const char *const *sets, size_t nsets,
                            int *same, neg_error *err)
{
  char *keys = neg_set_keys(sets, nsets);
  int rc = NEG_OK;
  *same = 0;
  if (!keys) return NEG_ESYS;
  if (src->bad || (src->keys && strcmp(src->keys, keys)))
    rc = neg_source_parse(src, err);
  else
    *same = src->keys != NULL;
  free(src->keys);
  src->keys = keys;
  return rc;
}

/* What override key sets, into t, when a load can read it alone
 * (neg_source_patch): a number or a switch of the scenario or of a party
 * that src->last has. Returns 0, or -1 when it cannot. */
static int neg_patch_target(const neg_source *src, const char *key, neg_patch_key *t)
{
  char id[NEG_ID_MAX];
  const char *name = key, *dot;
  t->party = -1;
  if (!strncmp(key, "parties.", 8)) {
    dot = strchr(key + 8, '.');
    if (!dot || (size_t)(dot - key - 8) >= sizeof id || strchr(dot + 1, '.')) return -1;
    memcpy(id, key + 8, (size_t)(dot - key - 8));
    id[dot - key - 8] = '\0';
    if ((t->party = neg_scenario_party_index(src->last, id)) < 0) return -1;
    name = dot + 1;
  }
  t->row = neg_param_find(t->party >= 0 ? NEG_SCOPE_PARTY : NEG_SCOPE_SCENARIO, name);
  if (!t->row || (t->row->flags & (NEG_PF_ARRAY | NEG_PF_MAP | NEG_PF_PARTYREF | NEG_PF_REQUIRED))
      || t->row->type == NEG_PT_ENUM || t->row->type == NEG_PT_STRING)
    return -1;
  return 0;
}

/* Sets src->patch and src->target after a load that succeeded: patch 1
 * when the scenario has no uncertain parameters (an `uncertain` list whose
 * every key is overridden reads the same whatever the values) and every
 * override key names a setting neg_patch_target takes. */
static void neg_patch_keys(neg_source *src, const char *const *sets, size_t nsets)
{
  char key[256], other[256];
  neg_patch_key *t = realloc(src->target, (nsets ? nsets : 1) * sizeof *t);
  src->patch = t && src->last->n_uncertain == 0;
  if (t) src->target = t;
  src->patch &= nsets <= NEG_RESET_MAX;
  src->dups = 0;
  for (size_t k = 0; src->patch && k < nsets; k++) {
    neg_set_key(sets[k], key, sizeof key);
    src->patch = neg_patch_target(src, key, &t[k]) == 0;
    t[k].later = 0;
    for (size_t j = k + 1; j < nsets && !t[k].later; j++) {
      neg_set_key(sets[j], other, sizeof other);
      t[k].later = !strcmp(key, other);
    }
    src->dups |= t[k].later;
  }
}

/* Loads the scenario into src->last when only the values of the last
 * load's overrides changed: the last result with those settings read
 * again and the checks across settings made again (the settings read
 * alone cannot make any other setting invalid). Returns NEG_OK, or -1
 * when anything fails (src->last is then spoilt: the caller loads in
 * full, for the full load's error). */
static int neg_source_patch(neg_source *src, const char *const *sets, size_t nsets,
                            neg_error *err)
{
  neg_loader *ld = &src->ld;
  neg_scenario *s = src->last;
  const config_setting_t *root = config_root_setting(&src->cfg);
  config_setting_t **c = src->stored;
  const neg_param *rows[NEG_RESET_MAX];
  char key[256];
  int rc = NEG_OK;
  for (size_t k = 0; k < nsets; k++) rows[k] = src->target[k].row;
  if (!(src->stored_ok && !src->dups && neg_reset_sets(sets, nsets, rows, c) == 0))
    src->stored_ok = (rc = neg_apply_sets(&src->cfg, sets, nsets, c, err)) == NEG_OK;
  ld->s = s;
  for (size_t k = 0; rc == NEG_OK && k < nsets; k++) {
    const neg_patch_key *t = &src->target[k];
    if (t->later) continue;   /* its setting is gone: the later one counts */
    neg_set_key(sets[k], key, sizeof key);
    rc = t->party >= 0 ? neg_load_party_setting(ld, c[k], &s->parties[t->party])
                       : neg_read_setting(ld, t->row, c[k], key, s);
  }
  if (rc == NEG_OK) rc = neg_check_parties(ld, config_setting_get_member(root, "parties"));
  if (rc == NEG_OK) rc = neg_check_pause(ld, root);
  for (size_t k = 0; rc == NEG_OK && k < nsets; k++) rc = neg_record_override(s, sets[k], err);
  return rc == NEG_OK ? NEG_OK : -1;
}

/* Loads s in full from the tree with the overrides applied. */
static int neg_source_full(neg_source *src, const char *const *sets, size_t nsets,
                           neg_scenario *s, neg_error *err)
{
  neg_loader *ld = &src->ld;
  int rc;
  neg_scenario_defaults(s);
  ld->s = s;
  ld->have_name = 0;
  rc = neg_apply_sets(&src->cfg, sets, nsets, nsets <= NEG_RESET_MAX ? src->stored : NULL, err);
  src->stored_ok = rc == NEG_OK && nsets <= NEG_RESET_MAX;
  if (rc == NEG_OK) rc = neg_load_root(ld, config_root_setting(&src->cfg));
  if (rc == NEG_OK && !ld->have_name) neg_default_name(s, ld->path);
  for (size_t k = 0; rc == NEG_OK && k < nsets; k++) rc = neg_record_override(s, sets[k], err);
  return rc;
}

/* neg_source_line as the loader calls it (neg_loader.line_of). */
static const char *source_line(void *src, const char *file, unsigned line)
{
  return neg_source_line(src, file, line);
}

int neg_source_load(neg_source *src, const char *const *sets, size_t nsets, neg_scenario *s,
                    neg_error *err)
{
  neg_loader *ld = &src->ld;
  int rc, same, patched;
  memset(err, 0, sizeof *err);
  if (!(rc = neg_source_ready(src, sets, nsets, &same, err))
      && !src->last && !(src->last = malloc(sizeof *src->last)))
    rc = NEG_ESYS;
  if (rc) {
    if (s) neg_scenario_defaults(s);  /* what a failed load leaves */
    return rc;
  }
  ld->err = err;
  ld->sets = sets;
  ld->nsets = nsets;
  ld->line_of = source_line;
  ld->line_ctx = src;
  patched = same && src->last_ok && src->patch
            && neg_source_patch(src, sets, nsets, err) == NEG_OK;
  if (!patched) {
    memset(err, 0, sizeof *err);
    rc = neg_source_full(src, sets, nsets, src->last, err);
    if ((src->last_ok = rc == NEG_OK)) neg_patch_keys(src, sets, nsets);
  }
  if (s) {
    if (rc == NEG_OK) *s = *src->last;
    else neg_scenario_defaults(s);
  }
  return rc;
}

const char *neg_source_line(neg_source *src, const char *file, unsigned line)
{
  size_t i;
  for (i = 0; i < src->n_texts && strcmp(src->texts[i].file, file); i++) {}
  if (i == src->n_texts) {
    neg_text t, *more;
    if (neg_text_read(&t, file) || !(more = realloc(src->texts, (i + 1) * sizeof *more))) {
      free(t.file);
      free(t.text);
      free(t.line);
      return NULL;
    }
    src->texts = more;
    src->texts[src->n_texts++] = t;
  }
  return line >= 1 && line <= src->texts[i].n_lines ? src->texts[i].line[line - 1] : NULL;
}

void neg_source_lint(const neg_source *src, neg_lint *l)
{
  const config_setting_t *parties = config_lookup(&src->cfg, "parties"), *p, *role, *aid;
  for (int i = 0; parties && i < config_setting_length(parties); i++) {
    p = config_setting_get_elem(parties, (unsigned)i);
    role = config_setting_get_member(p, "role");
    aid = config_setting_get_member(p, "aid_share");
    if (!role || !aid || config_setting_type(role) != CONFIG_TYPE_STRING
        || strcmp(config_setting_get_string(role), "mediator")
        || !(config_setting_get_float(aid) > 0.0 || config_setting_get_int64(aid) > 0)
        || l->n >= NEG_LINT_MAX)
      continue;
    snprintf(l->key[l->n], sizeof l->key[0], "parties.%s.aid_share", config_setting_name(p));
    snprintf(l->text[l->n], sizeof l->text[0], "a mediator with an aid share is read as a "
             "backer that supplies aid; write role = \"backer\" if it does, or drop aid_share");
    l->n++;
  }
}

void neg_source_free(neg_source *src)
{
  if (!src) return;
  config_destroy(&src->cfg);
  for (size_t i = 0; i < src->n_texts; i++) {
    free(src->texts[i].file);
    free(src->texts[i].text);
    free(src->texts[i].line);
  }
  free(src->texts);
  free(src->keys);
  free(src->last);
  free(src->target);
  free(src->path);
  free(src);
}

/* Loads, overrides and validates the scenario in path. */
int neg_scenario_load(const char *path, const char *const *sets, size_t nsets,
                      neg_scenario *s, neg_error *err)
{
  neg_source *src;
  int rc = neg_source_open(path, &src, err);
  if (rc == NEG_OK) rc = neg_source_load(src, sets, nsets, s, err);
  neg_source_free(src);
  return rc;
}
