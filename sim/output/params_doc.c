/* params_doc.c: the parameter table as text for readers: the markdown
 * table of docs/schema.md and its CSV form (negsim params).
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "neg_output.h"
#include "neg_scenario.h"

#include <string.h>

#define NEG_DASH "\xe2\x80\x94"   /* an em dash: no value */

/* Writes the full path of a row, with placeholders for ids and items. */
static void neg_doc_path(const neg_param *row, char *buf, size_t n)
{
  const char *who = row->roles == (1u << NEG_ROLE_BELLIGERENT) ? "<belligerent>"
                    : row->roles == (1u << NEG_ROLE_BACKER) ? "<backer>" : "<id>";
  switch (row->scope) {
  case NEG_SCOPE_SCENARIO: snprintf(buf, n, "%s", row->path); break;
  case NEG_SCOPE_PARTY:
    snprintf(buf, n, "parties.%s.%s%s", who, row->path,
             (row->flags & NEG_PF_MAP) ? ".<belligerent>" : "");
    break;
  case NEG_SCOPE_CONDITION:
    snprintf(buf, n, "parties.<belligerent>.conditions.[i].%s", row->path);
    break;
  case NEG_SCOPE_DIST:
    snprintf(buf, n, "%s.%s", strcmp(row->path, "key") ? "<float setting>" : "uncertain.[i]",
             row->path);
    break;
  case NEG_SCOPE_ISSUE: snprintf(buf, n, "issues.<issue>.%s", row->path); break;
  case NEG_SCOPE_DEAL:
    snprintf(buf, n, "deals.<deal>.%s%s", row->path,
             (row->flags & NEG_PF_MAP) ? ".<belligerent>"
             : (row->flags & NEG_PF_EFFECTS) ? ".<issue>" : "");
    break;
  case NEG_SCOPE_SCHED:
    snprintf(buf, n, "schedule.[i].%s%s", row->path,
             (row->flags & NEG_PF_EFFECTS) ? ".<issue>" : "");
    break;
  default: snprintf(buf, n, "parties.<id>.policy.[i].%s", row->path); break;
  }
}

/* Names a row's type as a user writes it. */
static const char *neg_doc_type(const neg_param *row)
{
  if (row->flags & NEG_PF_ARRAY) return row->type == NEG_PT_STRING ? "array of string" : "array of int";
  if (row->flags & (NEG_PF_MAP | NEG_PF_EFFECTS)) return "group of float";
  if (row->flags & NEG_PF_CONDS) return "list of groups";
  switch (row->type) {
  case NEG_PT_INT: return "int";
  case NEG_PT_UINT64: return "int64";
  case NEG_PT_DOUBLE: return "float";
  case NEG_PT_BOOL: return "bool";
  default: return "string";
  }
}

/* Writes the allowed values of a row. */
static void neg_doc_range(const neg_param *row, char *buf, size_t n)
{
  if (row->type == NEG_PT_INT || row->type == NEG_PT_UINT64 || row->type == NEG_PT_DOUBLE) {
    neg_param_range(row, buf, n);
  } else if (row->type == NEG_PT_BOOL) {
    snprintf(buf, n, "true, false");
  } else if (row->type == NEG_PT_ENUM) {
    neg_param_names(row, buf, n, 1);
  } else if (row->flags & NEG_PF_PARTYREF) {
    snprintf(buf, n, "a belligerent id");
  } else if (row->flags & NEG_PF_ISSUEREF) {
    snprintf(buf, n, (row->flags & NEG_PF_ARRAY) ? "issue ids" : "an issue id");
  } else if (row->flags & NEG_PF_DEALREF) {
    snprintf(buf, n, "a side deal id");
  } else if (row->flags & NEG_PF_CONDS) {
    snprintf(buf, n, "a list of conditions");
  } else if (row->flags & NEG_PF_IGNORED) {
    snprintf(buf, n, "any string");
  } else {
    snprintf(buf, n, "%g to %g of A-Z a-z 0-9 _ . -", row->min, row->max);
  }
}

/* Writes the default of a row. */
static void neg_doc_default(const neg_param *row, char *buf, size_t n)
{
  if (row->flags & NEG_PF_REQUIRED) snprintf(buf, n, "required");
  else if (row->flags & NEG_PF_PARTYREF) snprintf(buf, n, "any belligerent");
  else if (row->flags & (NEG_PF_ISSUEREF | NEG_PF_DEALREF)) snprintf(buf, n, "none");
  else if (row->flags & (NEG_PF_CONDS | NEG_PF_EFFECTS)) snprintf(buf, n, "none");
  else if (row->flags & NEG_PF_ARRAY) snprintf(buf, n, "[]");
  else if (row->flags & (NEG_PF_NODEF | NEG_PF_IGNORED)) snprintf(buf, n, NEG_DASH);
  else if (row->type == NEG_PT_ENUM) snprintf(buf, n, "\"%s\"", row->names[(int)row->def]);
  else if (row->type == NEG_PT_BOOL) snprintf(buf, n, "%s", row->def ? "true" : "false");
  else neg_format_double(buf, n, row->def, 0);
}

/* Writes one table cell, escaping '|'. */
static void neg_doc_cell(FILE *f, const char *text)
{
  fputs(" ", f);
  for (; *text; text++) {
    if (*text == '|') fputc('\\', f);
    fputc(*text, f);
  }
  fputs(" |", f);
}

/* Prints the markdown table of every parameter, one row per table row. */
void neg_param_markdown(FILE *f)
{
  size_t i, n;
  const neg_param *t = neg_param_table(&n);
  char path[128], range[160], def[64];
  fputs("| path | type | unit | range | default | meaning | source |\n", f);
  fputs("|---|---|---|---|---|---|---|\n", f);
  for (i = 0; i < n; i++) {
    neg_doc_path(&t[i], path + 1, sizeof path - 2);
    path[0] = '`';
    strcat(path, "`");
    neg_doc_range(&t[i], range, sizeof range);
    neg_doc_default(&t[i], def, sizeof def);
    fputc('|', f);
    neg_doc_cell(f, path);
    neg_doc_cell(f, neg_doc_type(&t[i]));
    neg_doc_cell(f, t[i].unit ? t[i].unit : NEG_DASH);
    neg_doc_cell(f, range);
    neg_doc_cell(f, def);
    neg_doc_cell(f, t[i].doc);
    neg_doc_cell(f, t[i].source);
    fputc('\n', f);
  }
}

/* Writes the parameter table as CSV: path,type,unit,range,default,meaning,source. */
void neg_param_csv(FILE *f)
{
  size_t n;
  const neg_param *t = neg_param_table(&n);
  char path[128], range[160], def[64];
  fputs("path,type,unit,range,default,meaning,source\n", f);
  for (size_t i = 0; i < n; i++) {
    const char *cells[] = {path, neg_doc_type(&t[i]), t[i].unit ? t[i].unit : NEG_DASH, range,
                           def, t[i].doc, t[i].source};
    neg_doc_path(&t[i], path, sizeof path);
    neg_doc_range(&t[i], range, sizeof range);
    neg_doc_default(&t[i], def, sizeof def);
    for (size_t k = 0; k < sizeof cells / sizeof *cells; k++) {
      if (k) fputc(',', f);
      neg_output_field(f, cells[k]);
    }
    fputc('\n', f);
  }
}
