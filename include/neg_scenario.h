/* neg_scenario.h: the scenario, a plain validated struct, and the schema
 * that loads it from libconfig files.
 *
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later.
 *
 * The model reads only the structs declared here. The scenario module owns
 * the schema (one parameter table), loading, --set overrides, validation
 * with file:line:key messages and writing a scenario back as libconfig text.
 */
#ifndef NEG_SCENARIO_H
#define NEG_SCENARIO_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define NEG_ID_MAX 32          /* longest party id, with its NUL */
#define NEG_NAME_MAX 64        /* longest scenario name, with its NUL */
#define NEG_MAX_PARTIES 16
#define NEG_MAX_CONDITIONS 8   /* per belligerent */
#define NEG_MAX_RULES 16       /* policy rules per backer */
#define NEG_MAX_ROUND_DAYS 64  /* explicit round days */
#define NEG_MAX_VARY 16        /* axes of a sweep grid */
#define NEG_VARY_MAX 1024      /* longest "key=spec" of an axis or override, with NUL */
#define NEG_MAX_OVERRIDES 32   /* --set overrides recorded in run.overrides */
#define NEG_MAX_UNCERTAIN 32   /* parameters given as distributions */
#define NEG_UNC_KEY_MAX 128    /* longest path of an uncertain parameter, with its NUL */
#define NEG_MAX_ISSUES 24      /* issues, the built-in ones and the deals' included */
#define NEG_MAX_DEALS 8        /* side deals, the maritime deal included */
#define NEG_MAX_SCHEDULE 32    /* items of the schedule */
#define NEG_MAX_TERMS 32       /* lengths in pause.terms */
#define NEG_MAX_EFFECTS 4      /* issues a deal or a schedule item sets */
#define NEG_MAX_OF 4           /* issues a derived issue is the max or min of */

/* Exit statuses shared by every module's return codes. */
enum { NEG_OK = 0, NEG_ESYS = 1, NEG_EINPUT = 2 };

typedef enum { NEG_ROLE_BELLIGERENT = 0, NEG_ROLE_BACKER = 1 } neg_role;

/* How many incidents a belligerent commits a day (mechanism 1b). */
enum { NEG_INCIDENTS_ONE = 0,  /* at most one: a breach day, as in the March 2025 model */
       NEG_INCIDENTS_POISSON    /* Poisson, P(at least one) = the breach probability */
};

/* The built-in issues, first in every scenario's list of issues (the
 * levers of the March 2025 pause; docs/MODEL.md, mechanism 4). A scenario
 * declares its own after them; each side deal adds one more. */
typedef enum {
  NEG_LEVER_AID = 0,       /* aid level: the sum of the supplying backers' shares */
  NEG_LEVER_SECURITY,      /* max(aid level, guarantee) */
  NEG_LEVER_MARITIME,      /* 1 while the maritime deal holds, else 0 */
  NEG_LEVER_SANCTIONS,     /* 1 once sanctions relief is granted, else 0 */
  NEG_LEVER_COUNT,
  NEG_ISSUE_GUARANTEE = NEG_LEVER_COUNT, /* world.guarantee, settable by actions */
  NEG_ISSUE_BUILTIN        /* the number of built-in issues */
} neg_lever;

/* How an issue's value is found. */
typedef enum {
  NEG_DERIVE_NONE = 0,     /* a value of its own, changed by actions */
  NEG_DERIVE_MAX,          /* the largest of the issues `of` */
  NEG_DERIVE_MIN,          /* the smallest of them */
  NEG_DERIVE_BUILTIN,      /* aid, security, maritime_deal (the engine's own) */
  NEG_DERIVE_DEAL,         /* 1 while deal `of[0]` holds */
  NEG_DERIVE_COUNT
} neg_derive;

/* Events a policy rule reacts to. */
typedef enum {
  NEG_EVENT_ROUND = 0,     /* a negotiation round was held */
  NEG_EVENT_REFUSAL,       /* a belligerent refused a full ceasefire at a round */
  NEG_EVENT_ACCEPTANCE,    /* a belligerent accepted a full ceasefire at a round */
  NEG_EVENT_BREACH,        /* a breach by a belligerent was detected */
  NEG_EVENT_DEAL,          /* a side deal was reached (`deal`: a given one) */
  NEG_EVENT_RENEWAL,       /* the truce was renewed for another term */
  NEG_EVENT_DAY,           /* day `day` of the truce began */
  NEG_EVENT_THRESHOLD,     /* issue `watch` came to meet at_least/at_most */
  NEG_EVENT_COUNT
} neg_event;

typedef enum {
  NEG_ACTION_CUT = 0,      /* stop aid for good (backers) */
  NEG_ACTION_SUSPEND,      /* stop aid until resumed (backers) */
  NEG_ACTION_RESUME,       /* resume suspended aid (backers) */
  NEG_ACTION_RELIEVE_SANCTIONS, /* grant sanctions relief (permanent) */
  NEG_ACTION_SET,          /* set issue to value */
  NEG_ACTION_RAISE,        /* add value to issue (clamped to [0, 1]) */
  NEG_ACTION_LOWER,        /* subtract value from issue (clamped) */
  NEG_ACTION_END_DEAL,     /* end deal for good (reached or not) */
  NEG_ACTION_SUSPEND_DEAL, /* suspend a deal in force */
  NEG_ACTION_RESUME_DEAL,  /* put a suspended deal back in force */
  NEG_ACTION_COUNT
} neg_action;

/* What a condition gates. */
typedef enum {
  NEG_GATE_CEASEFIRE = 0, NEG_GATE_RENEWAL, NEG_GATE_BOTH, NEG_GATE_COUNT
} neg_gate;

typedef enum {
  NEG_AID_SUPPLYING = 0, NEG_AID_SUSPENDED, NEG_AID_CUT, NEG_AID_COUNT
} neg_aid_status;

/* A condition on an issue: a belligerent's for a full ceasefire and/or a
 * renewal, or one a side deal needs. */
typedef struct {
  int lever;          /* the issue tested: an index into s->issues */
  int at_least;       /* 1: met when issue >= threshold; 0: met when <= */
  double threshold;
  int hard;           /* 1: unmet means refusal; 0: unmet costs penalty */
  double penalty;     /* utility penalty of an unmet soft condition */
  neg_gate gates;     /* the decision it weighs on */
} neg_condition;

/* A party's policy rule: on event (by party `by`, -1 = any belligerent),
 * take action with probability. */
typedef struct {
  neg_event on;
  int by;
  neg_action action;
  double probability;
  int issue;          /* set/raise/lower: the issue acted on (-1: none) */
  double value;       /* set: the value; raise/lower: the step */
  int deal;           /* deal actions: the deal (-1: none) */
  int reached;        /* on = "deal": only when this deal is reached (-1: any) */
  int day;            /* on = "day": the day */
  int watch;          /* on = "threshold": the issue watched (-1: none) */
  int watch_least;    /* 1: fires when watch comes to be >= level; 0: <= */
  double level;       /* on = "threshold": the level */
} neg_rule;

/* An issue: the thing conditions are about. */
typedef struct {
  char id[NEG_ID_MAX];
  double initial;     /* value on day 0, in [0, 1] */
  neg_derive derive;
  int n_of;
  int of[NEG_MAX_OF]; /* max/min: the issues; deal: the deal */
} neg_issue;

/* An issue set to a value (by a deal reached or a schedule item). */
typedef struct {
  int issue;
  double value;
} neg_effect;

/* A side deal negotiated beside the truce (deal 0 is the maritime deal,
 * whose settings live in the maritime group and the parties' deal_bonus). */
typedef struct {
  char id[NEG_ID_MAX];
  int issue;                 /* its issue: 1 while it holds */
  int start_day;             /* first day it can be reached */
  double daily_probability;  /* per day while reachable (day = 0) */
  int day;                   /* > 0: reached on this day if reachable then */
  double trust_bonus;        /* compliance pseudo-observations on reaching it */
  double bonus[NEG_MAX_PARTIES]; /* utility of accepting while it holds, by party */
  int n_conditions;          /* it is reachable only while these hold */
  neg_condition conditions[NEG_MAX_CONDITIONS];
  int n_effects;             /* issues set when it is reached */
  neg_effect effects[NEG_MAX_EFFECTS];
} neg_deal;

/* Settings of a belligerent that a schedule item can change (a phase). */
typedef enum {
  NEG_PHASE_NONE = 0, NEG_PHASE_CEASEFIRE_UTILITY, NEG_PHASE_EXTENSION_UTILITY,
  NEG_PHASE_COUNT
} neg_phase_key;

/* Something that happens on a given day of the truce. */
typedef struct {
  int day;
  int round;                 /* 1: a round is scheduled that day */
  int n_effects;             /* issues set that day */
  neg_effect effects[NEG_MAX_EFFECTS];
  int party;                 /* a belligerent whose setting changes (-1: none) */
  neg_phase_key setting;
  double value;
} neg_sched;

typedef struct {
  char id[NEG_ID_MAX];
  neg_role role;

  /* Belligerents: breaches, detection, collapse (mechanisms 1-3). */
  double compliance;       /* P(no breach) on a day, before reciprocity/pressure */
  double reciprocity;      /* breach log-odds added per breach attributed to others in window */
  double restraint;        /* breach log-odds removed per unit of pressure */
  double detection;        /* P(this party detects and attributes another's breach) */
  double false_accusation; /* P(this party attributes a breach that did not happen), per day */
  int window_days;         /* memory for reciprocity and tolerance */
  int tolerance;           /* attributed breaches in window that make it abandon */
  double trust_floor;      /* abandons when trust falls below this */
  double prior_a, prior_b; /* Beta prior on the others' compliance */

  /* Belligerents: incidents of the truce (docs/MODEL.md, mechanism 1b) */
  int incidents;           /* NEG_INCIDENTS_*: how many a day */
  double major_share;      /* P(an incident of it is major) */
  double tolerated_share;  /* P(an incident of it is tolerated enforcement) */
  double major_weight;     /* as observer: weight of an attributed major incident */
  double minor_weight;     /* ... and of a minor one (reciprocity and trust) */
  int consents;            /* 0: it never agreed to the truce (cannot abandon or renew it) */

  /* Belligerents: utilities and choice (mechanisms 6-8). */
  double ceasefire_utility; /* base utility of accepting a full ceasefire */
  double extension_utility; /* base utility of extending the pause */
  double weariness;         /* utility per day elapsed */
  double trust_weight;      /* utility per unit of (trust - 1/2) */
  double momentum_weight;   /* utility lost per unit of momentum in its favour */
  int momentum_side;        /* +1: positive momentum favours it; -1: negative does */
  double deal_bonus;        /* utility once the maritime deal is reached */
  double temperature;       /* logit temperature; 0 = deterministic choice */
  int n_conditions;
  neg_condition conditions[NEG_MAX_CONDITIONS];

  /* Backers and mediators (mechanism 5). */
  double aid_share;          /* share of Ukraine's military aid it supplies */
  neg_aid_status aid_initial;
  double pressure[NEG_MAX_PARTIES]; /* pressure on each party, by index */
  int n_rules;
  neg_rule rules[NEG_MAX_RULES];
} neg_party;

/* Distributions an uncertain parameter may follow (docs/schema.md). */
typedef enum {
  NEG_UNC_UNIFORM = 0,   /* on [min, max] */
  NEG_UNC_NORMAL,        /* mean, sd, truncated to [min, max] */
  NEG_UNC_BETA,          /* Beta(a, b) scaled from [0, 1] to [min, max] */
  NEG_UNC_TRIANGULAR,    /* min, mode, max */
  NEG_UNC_COUNT
} neg_unc_kind;

/* A float setting given as a distribution, drawn once per replicate
 * (include/neg_uncertain.h). The plain field holds the distribution's mean. */
typedef struct {
  char key[NEG_UNC_KEY_MAX]; /* its path, e.g. "parties.russia.compliance" */
  size_t offset;       /* of the double it sets, in neg_scenario */
  int stream;          /* key of its stream of NEG_STREAM_PARAMS */
  neg_unc_kind kind;
  double min, max;     /* the support (normal: the truncation bounds) */
  double mean, sd;     /* normal: before truncation */
  double a, b;         /* beta */
  double mode;         /* triangular */
  int has_lbeta;       /* beta: lbeta is set (neg_uncertain_add sets it; 0:
                        * each quantile computes it) */
  double lbeta[2];     /* beta: ln B(a, b) and ln B(b, a), as gsl_sf_lnbeta gives them */
} neg_uncertain;

typedef struct {
  char name[NEG_NAME_MAX];

  /* pause */
  int pause_days;      /* length of the pause */
  int extension_days;  /* length of one extension */
  int max_extensions;  /* extensions allowed; after the last the pause lapses */
  int horizon_days;    /* last day simulated (>= pause_days) */

  /* rounds */
  int round_every;     /* a round every k days (0: none) */
  int n_round_days;
  int round_days[NEG_MAX_ROUND_DAYS];
  int round_at_pause_end; /* a round on the pause's last day */
  double round_probability; /* P(a scheduled round is held) */

  /* momentum */
  double momentum_initial, momentum_drift, momentum_aid_effect;
  double momentum_aid_reference, momentum_volatility;

  /* maritime side deal */
  double maritime_daily_probability;
  double maritime_trust_bonus;  /* pseudo-observations of compliance added */
  int maritime_start_day;

  /* world */
  double guarantee;        /* security guarantee level in [0,1] */
  int sanctions_relief;    /* 1: relief already granted at day 0 */

  /* the general model (docs/MODEL.md): issues, side deals, schedule, terms */
  int n_terms;             /* lengths of the renewals in turn (0: extension_days each) */
  int terms[NEG_MAX_TERMS];
  int open_ended;          /* 1: renewals are not limited by max_extensions */
  int n_issues;            /* NEG_ISSUE_BUILTIN + declared + one per deal after the first */
  neg_issue issues[NEG_MAX_ISSUES];
  int n_deals;             /* 1 + declared deals (deal 0: maritime) */
  neg_deal deals[NEG_MAX_DEALS];
  int n_schedule;
  neg_sched schedule[NEG_MAX_SCHEDULE];

  /* sweep grid (negsim sweep; --vary adds axes): "key=from:to:steps" or
   * "key=v1,v2,..." */
  int n_vary;
  char vary[NEG_MAX_VARY][NEG_VARY_MAX];

  /* run defaults (the command line overrides them) */
  uint64_t runs;
  uint64_t seed;
  double precision;     /* > 0: sequential stopping at this half-width */
  /* the "key=value" overrides that made this scenario from its file (the
   * loader adds each --set); summary.csv gets one column per key */
  int n_overrides;
  char overrides[NEG_MAX_OVERRIDES][NEG_VARY_MAX];

  int n_parties;
  neg_party parties[NEG_MAX_PARTIES];

  /* parameters given as distributions, in the order of their fields */
  int n_uncertain;
  neg_uncertain uncertain[NEG_MAX_UNCERTAIN];
} neg_scenario;

/* Where and why input was rejected: printed as "file:line: key: reason". */
typedef struct {
  char file[512];
  int line;            /* 0 when there is no line */
  char key[256];       /* "" when there is no key */
  char reason[512];
} neg_error;

/* Parameter table: one row per scalar setting, the single source of the
 * schema for loading, --set, validation, `negsim check` and the docs. */
typedef enum {
  NEG_PT_INT, NEG_PT_UINT64, NEG_PT_DOUBLE, NEG_PT_BOOL, NEG_PT_ENUM, NEG_PT_STRING
} neg_ptype;

typedef enum {
  NEG_SCOPE_SCENARIO,  /* offset into neg_scenario; path "group.name" */
  NEG_SCOPE_PARTY,     /* offset into neg_party;    path "parties.<id>.name" */
  NEG_SCOPE_CONDITION, /* offset into neg_condition */
  NEG_SCOPE_RULE,      /* offset into neg_rule */
  NEG_SCOPE_ISSUE,     /* offset into neg_issue; path "issues.<id>.name" */
  NEG_SCOPE_DEAL,      /* offset into neg_deal;  path "deals.<id>.name" */
  NEG_SCOPE_SCHED,     /* offset into neg_sched; items of the schedule list */
  NEG_SCOPE_DIST       /* a member of a distribution group: offset into neg_uncertain */
} neg_scope;

typedef struct {
  neg_scope scope;
  const char *path;    /* e.g. "pause.days", "compliance", "lever" */
  neg_ptype type;
  size_t offset;
  double min, max, def;   /* range and default (numbers, bools) */
  const char *const *names; /* NEG_PT_ENUM: value names, NULL-terminated */
  unsigned roles;      /* NEG_SCOPE_PARTY: bit (1 << role) of roles it applies to */
  const char *unit;
  const char *doc;
  const char *source;
  unsigned flags;      /* NEG_PF_* bits; 0 for a plain scalar */
} neg_param;

/* neg_param.flags. A row with ARRAY, MAP, PARTYREF or IGNORED is not a plain
 * scalar at `offset`: code that writes values through the table (sweeps)
 * should use neg_param_lookup, which handles them. */
enum {
  NEG_PF_REQUIRED = 1u << 0, /* must be given; there is no default */
  NEG_PF_NODEF = 1u << 1,    /* no default in `def` (doc says what applies) */
  NEG_PF_OPEN_MIN = 1u << 2, /* min itself is out of range: (min, max] */
  NEG_PF_NONZERO = 1u << 3,  /* 0 is rejected (momentum_side: -1 or 1) */
  NEG_PF_ARRAY = 1u << 4,    /* an array of values (rounds.days), not settable by --set */
  NEG_PF_MAP = 1u << 5,      /* a group keyed by belligerent id (offset: array by party) */
  NEG_PF_PARTYREF = 1u << 6, /* a belligerent id, stored as its party index (int), -1 when absent */
  NEG_PF_IGNORED = 1u << 7,  /* accepted and not stored (description, negsim.*) */
  NEG_PF_ISSUEREF = 1u << 8, /* an issue id, stored as its index (int), -1 when absent */
  NEG_PF_DEALREF = 1u << 9,  /* a side deal id, stored as its index (int), -1 when absent */
  NEG_PF_EFFECTS = 1u << 10, /* a group of issue id = value (offset: n_effects) */
  NEG_PF_CONDS = 1u << 11,   /* a list of conditions (offset: n_conditions) */
  NEG_PF_GENERAL = 1u << 12  /* the general model's: written back only when not default */
};

const neg_param *neg_param_table(size_t *n);

/* The row of scope whose path is path ("pause.days" for the scenario scope,
 * "compliance" for a party, "lever" for a condition), or NULL. */
const neg_param *neg_param_find(neg_scope scope, const char *path);

/* Resolves a full settable path ("pause.days", "parties.russia.compliance",
 * "parties.us.pressure.russia", "issues.<id>.initial" of a declared issue
 * not derived, "deals.<id>.<number>" and "deals.<id>.bonus.<belligerent>"
 * of a declared side deal) in s: returns its row and sets *field to the
 * value's address in s (type given by row->type), or returns NULL when the
 * path is unknown, names no party, does not apply to the party's role, or
 * is a string (name), the role, an array or a list. The caller checks the
 * row's range (enum values: an index into row->names). */
const neg_param *neg_param_lookup(neg_scenario *s, const char *path, void **field);

/* Lists the names of an enum row, separated by ", ", quoted when quoted is 1. */
void neg_param_names(const neg_param *row, char *buf, size_t n, int quoted);

/* Writes row's range as text ("[0, 1]", "(0, 1000000]", "[-1, 1], not 0"). */
void neg_param_range(const neg_param *row, char *buf, size_t n);

/* Prints the markdown table of every parameter (docs/schema.md holds it). */
void neg_param_markdown(FILE *f);

/* The same table as CSV (negsim params --format csv|json). */
void neg_param_csv(FILE *f);

/* Writes x to buf as the shortest of %.15g, %.16g, %.17g that reads back
 * exactly, with ".0" appended when point is 1 and the text has no '.' or
 * exponent (so libconfig reads a float). Returns buf. */
char *neg_format_double(char *buf, size_t n, double x, int point);

/* Sets every field to its default; no parties, empty name (the loader names
 * a scenario after its file). */
void neg_scenario_defaults(neg_scenario *s);

/* Sets every field of a party to its default: id empty, role belligerent,
 * no conditions or rules, no pressure. */
void neg_party_defaults(neg_party *p);

/* Loads path, applies the nsets "key=value" overrides in sets (may be NULL),
 * validates. Returns NEG_OK, NEG_EINPUT (bad input, err filled) or NEG_ESYS. */
int neg_scenario_load(const char *path, const char *const *sets, size_t nsets,
                      neg_scenario *s, neg_error *err);

/* A scenario file parsed once, for loading it many times with overrides
 * (the points of a sweep): neg_source_open checks and parses path
 * (NEG_OK, NEG_EINPUT with err, NEG_ESYS); each neg_source_load then
 * gives what neg_scenario_load(path, sets, nsets, ...) gives (s NULL:
 * only validates). Loads with the same override keys each time (other
 * values) are cheap: when the keys name numbers or switches of the
 * scenario or of its parties, only those settings are read again; other
 * keys read the file again. One thread at a time. */
typedef struct neg_source neg_source;
int neg_source_open(const char *path, neg_source **src, neg_error *err);
int neg_source_load(neg_source *src, const char *const *sets, size_t nsets, neg_scenario *s,
                    neg_error *err);
void neg_source_free(neg_source *src);

/* Writes s as a libconfig scenario that loads back to an identical struct.
 * Floats use the shortest text that round-trips. Returns NEG_OK or NEG_ESYS. */
int neg_scenario_write(FILE *f, const neg_scenario *s);

/* Index of the issue with this id, or -1. */
int neg_scenario_issue_index(const neg_scenario *s, const char *id);

/* Index of the side deal with this id, or -1. */
int neg_scenario_deal_index(const neg_scenario *s, const char *id);

/* 1 when some belligerent of s uses the incidents of mechanism 1b beyond a
 * breach day (several a day, minor or tolerated ones, weights, a party that
 * does not consent). */
int neg_scenario_incidents(const neg_scenario *s);

/* 1 when s uses the general model beyond the March 2025 mechanisms
 * (declared issues or deals, a schedule, renewal terms or conditions, rules
 * of the new kinds): the engine then runs its general path. */
int neg_scenario_general(const neg_scenario *s);

/* Fills the built-in issues and the maritime deal (deal 0) of s. */
void neg_scenario_builtins(neg_scenario *s);

/* Index of the party with this id, or -1. */
int neg_scenario_party_index(const neg_scenario *s, const char *id);

/* Number of belligerents; their indices in party order into idx (may be NULL). */
int neg_scenario_belligerents(const neg_scenario *s, int *idx);

/* Prints err as "file:line: key: reason" (parts that are empty are left out). */
void neg_error_print(FILE *f, const neg_error *err);

/* Fills err; returns NEG_EINPUT. */
int neg_error_set(neg_error *err, const char *file, int line, const char *key,
                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif
