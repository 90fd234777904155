/* scenario_impl.h: what the scenario module's files share; not an interface.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#ifndef NEG_SCENARIO_IMPL_H
#define NEG_SCENARIO_IMPL_H

#include <libconfig.h>

#include "neg_scenario.h"

#define NEG_NAME_CHARS \
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-"

/* State of one load: where the file is and where errors go. */
typedef struct {
  const char *path;      /* the scenario file as given */
  char dir[4096];        /* its folder: includes are read from there */
  neg_scenario *s;
  neg_error *err;
  int have_name;         /* 1 once `name` was read */
  const char *const *sets; /* the --set overrides applied (they win over `uncertain`) */
  size_t nsets;
  /* the text of line `line` of file (for the messages that quote a value as
   * written), or NULL: set by the source that parsed the file */
  const char *(*line_of)(void *ctx, const char *file, unsigned line);
  void *line_ctx;
} neg_loader;

/* Writes the name to show for source file src: libconfig 1.5 records an
 * included file by its name inside the include folder; NULL is --set. */
void neg_source_name(const neg_loader *ld, const char *src, char *buf, size_t n);

/* The limits on a scenario file (and each file it includes): libconfig
 * 1.5 scans a line in time that grows with the square of its length. */
#define NEG_INPUT_MAX_BYTES (16 << 20)
#define NEG_INPUT_MAX_LINE 65536

/* Reads the whole text of scenario file path ("-": standard input) into a
 * new string *text (the caller frees it): a regular file whenever it is
 * opened, anything else (a pipe, a FIFO) once in the process, later opens
 * of the same name getting the same text. Checks it (neg_input_check);
 * sets *regular. NEG_OK, NEG_EINPUT with err, or NEG_ESYS. */
int neg_input_read(const char *path, char **text, int *regular, neg_error *err);

/* Checks the text of a file (shown as shown, len bytes) before libconfig
 * reads it: no UTF-8 byte order mark, no NUL byte, no line longer than
 * NEG_INPUT_MAX_LINE. NEG_OK or NEG_EINPUT with err. */
int neg_input_check(const char *shown, const char *text, size_t len, neg_error *err);

/* The text of file (a name as neg_source_name shows it) from the start of
 * line `line` to its end, read once and kept in src; NULL when it cannot be
 * read or has fewer lines. */
const char *neg_source_line(neg_source *src, const char *file, unsigned line);

/* Writes a, the separator sep and b into buf of size n, cutting what
 * does not fit (keys are joined with '.', folders with '/'). */
void neg_join(char *buf, size_t n, const char *a, char sep, const char *b);

/* Writes key + ".[" + i + "]" (a list item's key) into buf. */
void neg_item_key(char *buf, size_t n, const char *key, int i);

/* Applies the defaults of every row of scope to the struct at base. */
void neg_param_defaults(neg_scope scope, void *base);

/* Returns 1 when some scenario row lives in the group named name. */
int neg_param_is_group(const char *name);

/* Index of text among an enum row's names ("mediator" is a backer), or -1. */
int neg_param_enum(const neg_param *row, const char *text);

/* Finds the known name closest to name (edit distance <= 2) among the rows
 * of scope (for the scenario scope: in group, or the top level when group
 * is NULL); copies it to out and returns 1, or returns 0. */
int neg_param_suggest(neg_scope scope, const char *group, const char *name, char *out,
                      size_t n);


/* Fills ld->err for setting c (file and line from c; NULL: the scenario
 * file, no line; a setting made by --set: "--set"). Returns NEG_EINPUT. */
int neg_fail(const neg_loader *ld, const config_setting_t *c, const char *key,
             const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Applies the "key=value" overrides to the parsed tree, the setting each
 * stored into stored[i] (when stored is not NULL; a later override of the
 * same key frees it). Returns NEG_OK or NEG_EINPUT with err naming "--set"
 * and the key. */
int neg_apply_sets(config_t *cfg, const char *const *sets, size_t nsets,
                   config_setting_t **stored, neg_error *err);

/* Gives the settings stored[i] of an earlier neg_apply_sets of the same
 * keys, without duplicates (their rows rows[i]), the values of sets in
 * place, when each parses, by its row, to the type of its setting: the
 * tree is then what neg_apply_sets would give (each setting stays where it
 * put it), without looking anything up. Returns 0, or -1 with the tree
 * unchanged (strings, more than NEG_RESET_MAX, another type). */
#define NEG_RESET_MAX 64
int neg_reset_sets(const char *const *sets, size_t nsets, const neg_param *const *rows,
                   config_setting_t *const *stored);

/* Reads the root of a parsed scenario into ld->s, validating everything. */
int neg_load_root(neg_loader *ld, const config_setting_t *root);

/* Reads the members of group g into base via the rows of scope, then checks
 * that the required ones were given. */
int neg_load_members(const neg_loader *ld, const config_setting_t *g, neg_scope scope,
                     void *base, const char *key);

/* Rejects a group g holding both members a and b. */
int neg_only_one(const neg_loader *ld, const config_setting_t *g, const char *key,
                 const char *a, const char *b);

/* Reads one condition: an issue (key issue or lever) and at most one of
 * at_most / at_least (none: at_least 1; aid and security need one). */
int neg_load_condition(const neg_loader *ld, const config_setting_t *g, neg_condition *cond,
                       const char *key);

/* Checks that a rule read from group g holds what its event and action
 * need (scenario_general.c). */
int neg_check_rule(const neg_loader *ld, const config_setting_t *g, const neg_rule *rule,
                   const char *key, int backer);

/* The general model's groups (scenario_general.c): the ids of issues and
 * deals (before the parties, whose conditions name them), then their
 * settings and the schedule (after), then the checks across them. */
int neg_load_general_ids(neg_loader *ld, const config_setting_t *root);
int neg_load_general(neg_loader *ld, const config_setting_t *root);

/* Reads the parties group: ids, roles, each party's settings, cross-checks. */
int neg_load_parties(neg_loader *ld, const config_setting_t *g);

/* Reads setting c of party p (its role read already). */
int neg_load_party_setting(const neg_loader *ld, const config_setting_t *c, neg_party *p);

/* The checks across the parties of group g: two belligerents or more, the
 * aid shares. */
int neg_check_parties(const neg_loader *ld, const config_setting_t *g);

/* Checks that the horizon covers the pause (root: the file's tree). */
int neg_check_pause(const neg_loader *ld, const config_setting_t *root);

/* Writes the key of override arg ("key=value"), without surrounding
 * blanks, into key (size n). */
void neg_set_key(const char *arg, char *key, size_t n);

/* Rejects c unless it has libconfig type t (what names it for the message). */
int neg_expect(const neg_loader *ld, const config_setting_t *c, const char *key, int t,
               const char *what);

/* Reports c as an unknown setting, with a "did you mean" hint when one is near. */
int neg_unknown(const neg_loader *ld, const config_setting_t *c, const char *key,
                neg_scope scope, const char *group);

/* Reads an integer setting within row's range. */
int neg_read_int(const neg_loader *ld, const neg_param *row, const config_setting_t *c,
                 const char *key, long long *v);

/* Reads a finite number (int or float) within row's range. */
int neg_read_double(const neg_loader *ld, const neg_param *row, const config_setting_t *c,
                    const char *key, double *v);

/* Names the libconfig type of c for a message ("a group", "an integer"...). */
const char *neg_type_name(const config_setting_t *c);

/* Reads setting c into row's field of the struct at base (type, range, enum
 * names, references to parties, issues and deals; not a distribution). */
int neg_read_param(const neg_loader *ld, const neg_param *row, const config_setting_t *c,
                   const char *key, void *base);

/* neg_read_param, or for a float setting given as a group, its
 * distribution (neg_read_uncertain). */
int neg_read_setting(const neg_loader *ld, const neg_param *row, const config_setting_t *c,
                     const char *key, void *base);

/* Reads distribution group g given for the float setting of row whose field
 * is at address field in ld->s (path names the setting, key the group for
 * errors; in_list: g is an item of the uncertain list, with a key member),
 * validates it and adds it to ld->s->uncertain, setting the field to the
 * mean (scenario_uncertain.c). NEG_OK or NEG_EINPUT. */
int neg_read_uncertain(const neg_loader *ld, const neg_param *row, const config_setting_t *g,
                       const char *key, const char *path, void *field, int in_list);

/* Reads the top-level list uncertain of root (after everything else), each
 * item replacing the value of the setting it names unless a --set sets it;
 * then checks the aid shares with uncertain ones at their upper ends. */
int neg_load_uncertain(const neg_loader *ld, const config_setting_t *root);

/* Writes "name = { dist = ...; ... };" for u, with a comment giving the
 * mean when comment is 1. */
void neg_write_uncertain(FILE *f, const neg_uncertain *u, const char *name, int comment);

#endif
