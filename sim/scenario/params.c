/* params.c: the parameter table, the one source of the scenario schema
 * (loading, --set, validation, writing and docs/schema.md), and defaults.
 * Copyright (C) 2026 the negsim authors. GPL-3.0-or-later. */
#include "scenario_impl.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "neg_model.h"

#define BEL (1u << NEG_ROLE_BELLIGERENT)
#define BAK (1u << NEG_ROLE_BACKER)
#define ANY (BEL | BAK)
#define DAYS_MAX 3650.0
#define INT63_MAX 9223372036854775807.0 /* rounds to 2^63 as a double */
#define NEG_INT63_MAX_TEXT "9223372036854775807"

/* Rows of each scope; fields: path, type, field, min, max, default, enum
 * names, [roles,] flags, unit, meaning, source. */
#define SC(p, t, fld, lo, hi, d, nm, fl, u, doc, src) \
  { NEG_SCOPE_SCENARIO, p, t, offsetof(neg_scenario, fld), lo, hi, d, nm, 0, u, doc, src, fl }
#define PA(p, t, fld, lo, hi, d, nm, r, fl, u, doc, src) \
  { NEG_SCOPE_PARTY, p, t, offsetof(neg_party, fld), lo, hi, d, nm, r, u, doc, src, fl }
#define CO(p, t, fld, lo, hi, d, nm, fl, u, doc, src) \
  { NEG_SCOPE_CONDITION, p, t, offsetof(neg_condition, fld), lo, hi, d, nm, 0, u, doc, src, fl }
#define RU(p, t, fld, lo, hi, d, nm, fl, u, doc, src) \
  { NEG_SCOPE_RULE, p, t, offsetof(neg_rule, fld), lo, hi, d, nm, 0, u, doc, src, fl }
#define IS(p, t, fld, lo, hi, d, nm, fl, u, doc, src) \
  { NEG_SCOPE_ISSUE, p, t, offsetof(neg_issue, fld), lo, hi, d, nm, 0, u, doc, src, fl }
#define DE(p, t, fld, lo, hi, d, nm, fl, u, doc, src) \
  { NEG_SCOPE_DEAL, p, t, offsetof(neg_deal, fld), lo, hi, d, nm, 0, u, doc, src, fl }
#define SH(p, t, fld, lo, hi, d, nm, fl, u, doc, src) \
  { NEG_SCOPE_SCHED, p, t, offsetof(neg_sched, fld), lo, hi, d, nm, 0, u, doc, src, fl }
#define DI(p, t, fld, lo, hi, nm, fl, u, doc) \
  { NEG_SCOPE_DIST, p, t, offsetof(neg_uncertain, fld), lo, hi, 0, nm, 0, u, doc, UNC, fl }

static const char *const neg_role_names[] = { "belligerent", "backer", NULL };
static const char *const neg_incident_names[] = { "at_most_one", "poisson", NULL };
static const char *const neg_event_names[] = {
  "round", "refusal", "acceptance", "breach", "deal", "renewal", "day", "threshold", NULL };
static const char *const neg_action_names[] = {
  "cut", "suspend", "resume", "relieve_sanctions", "set", "raise", "lower", "end_deal",
  "suspend_deal", "resume_deal", NULL };
static const char *const neg_gate_names[] = { "ceasefire", "renewal", "both", NULL };
static const char *const neg_derive_names[] = { "none", "max", "min", NULL };
static const char *const neg_phase_names[] = {
  "none", "ceasefire_utility", "extension_utility", NULL };
static const char *const neg_aid_names[] = { "supplying", "suspended", "cut", NULL };
static const char *const neg_unc_names[] = { "uniform", "normal", "beta", "triangular", NULL };

#define ART "article (18 Mar 2025)"
#define ASM "assumption"
#define NEU "neutral: switched off"
#define CAL "assumption; calibrate (data/ceasefire-base-rates.md)"
#define NA "\xe2\x80\x94"   /* an em dash: no source applies */
#define UNC "issue 5: parameter uncertainty"
#define DIST_MAX 1e6   /* bounds of distribution members: the widest float range */

static const neg_param neg_params[] = {
  SC("name", NEG_PT_STRING, name, 1, NEG_NAME_MAX - 1, 0, NULL, NEG_PF_NODEF, NULL,
     "Scenario name, used in output names; default: the file's name without its extension", NA),
  SC("description", NEG_PT_STRING, name, 0, 0, 0, NULL, NEG_PF_IGNORED, NULL,
     "Free text for readers; ignored by the model", NA),

  SC("pause.days", NEG_PT_INT, pause_days, 1, DAYS_MAX, 30, NULL, 0, "days",
     "Length of the pause on strikes against energy infrastructure", ART ": 30-day pause"),
  SC("pause.extension_days", NEG_PT_INT, extension_days, 1, DAYS_MAX, 30, NULL, 0, "days",
     "Length of one extension of the pause", ASM ": renewed for the same length"),
  SC("pause.max_extensions", NEG_PT_INT, max_extensions, 0, 100, 3, NULL, 0, "extensions",
     "Extensions allowed; after the last one the pause lapses", ASM),
  SC("pause.horizon_days", NEG_PT_INT, horizon_days, 1, DAYS_MAX, 120, NULL, 0, "days",
     "Last day simulated; at least pause.days", ASM ": the pause and three extensions"),

  SC("pause.terms", NEG_PT_INT, terms, 1, DAYS_MAX, 0, NULL, NEG_PF_ARRAY | NEG_PF_GENERAL,
     "days", "Lengths of the renewals in turn, an array such as [120, 60, 60] of at most 32 "
     "(renewal x lasts terms[x], the last length repeating); absent: extension_days each. "
     "Longer than max_extensions is an error unless open_ended", "general model: renewal terms"),
  SC("pause.open_ended", NEG_PT_BOOL, open_ended, 0, 1, 0, NULL, NEG_PF_GENERAL, NULL,
     "true: renewals go on until a party declines one (max_extensions does not apply)",
     "general model: open-ended renewal"),

  SC("rounds.every", NEG_PT_INT, round_every, 0, DAYS_MAX, 7, NULL, 0, "days",
     "A negotiation round is scheduled every this many days (0: none)", ASM ": weekly talks"),
  SC("rounds.days", NEG_PT_INT, round_days, 1, DAYS_MAX, 0, NULL, NEG_PF_ARRAY, "day",
     "Further scheduled round days, an array such as [10, 25] of at most 64 days",
     "model brief, mechanism 7"),
  SC("rounds.at_pause_end", NEG_PT_BOOL, round_at_pause_end, 0, 1, 1, NULL, 0, NULL,
     "A round is scheduled on the last day of the pause and of each extension",
     "model brief, mechanism 7"),
  SC("rounds.probability", NEG_PT_DOUBLE, round_probability, 0, 1, 0.8, NULL, 0, "probability",
     "Probability that a scheduled round is held", ASM),

  SC("momentum.initial", NEG_PT_DOUBLE, momentum_initial, -100, 100, 0, NULL, 0, "momentum",
     "Battlefield momentum on day 0; positive favours parties with momentum_side = 1", NEU),
  SC("momentum.drift", NEG_PT_DOUBLE, momentum_drift, -10, 10, 0, NULL, 0, "per day",
     "Drift of the momentum random walk", NEU),
  SC("momentum.aid_effect", NEG_PT_DOUBLE, momentum_aid_effect, -10, 10, 0.01, NULL, 0,
     "per day per unit of aid", "Drift added per unit of aid level above aid_reference", ASM),
  SC("momentum.aid_reference", NEG_PT_DOUBLE, momentum_aid_reference, 0, 1, 0.5, NULL, 0,
     "aid level", "Aid level at which aid adds no drift", ASM),
  SC("momentum.volatility", NEG_PT_DOUBLE, momentum_volatility, 0, 100, 0.05, NULL, 0,
     "per day", "Standard deviation of the daily momentum step", ASM),

  SC("maritime.daily_probability", NEG_PT_DOUBLE, maritime_daily_probability, 0, 1, 0, NULL,
     0, "per day", "Probability per day of reaching the Black Sea deal while the pause holds",
     ART ": maritime talks to begin; off by default"),
  SC("maritime.trust_bonus", NEG_PT_DOUBLE, maritime_trust_bonus, 0, 1000, 2, NULL, 0,
     "observations", "Compliance pseudo-observations added to every belligerent's Beta a "
     "when the deal is reached", ASM),
  SC("maritime.start_day", NEG_PT_INT, maritime_start_day, 1, DAYS_MAX, 1, NULL, 0, "day",
     "First day on which the deal can be reached", ASM),

  SC("world.guarantee", NEG_PT_DOUBLE, guarantee, 0, 1, 0, NULL, 0, "level",
     "Security guarantee level; the security lever is max(aid level, guarantee)", NEU),
  SC("world.sanctions_relief", NEG_PT_BOOL, sanctions_relief, 0, 1, 0, NULL, 0, NULL,
     "Sanctions relief already granted on day 0", NEU),

  SC("run.runs", NEG_PT_UINT64, runs, 1, 1e9, 10000, NULL, 0, "replicates",
     "Number of replicates; the command line overrides it", "standard error below 0.005"),
  SC("run.seed", NEG_PT_UINT64, seed, 0, INT63_MAX, 1, NULL, 0, NULL,
     "Seed of the random streams; the command line overrides it", NA),
  SC("run.precision", NEG_PT_DOUBLE, precision, 0, 0.5, 0, NULL, 0, "probability",
     "Sequential stopping: when above 0, replicates run in batches of 10000 until every "
     "outcome's 95% interval half-width is at most this, run.runs at the most (0: exactly "
     "run.runs); --precision overrides it", NA),
  SC("run.overrides", NEG_PT_STRING, overrides, 0, NEG_MAX_OVERRIDES, 0, NULL, NEG_PF_ARRAY,
     NULL, "The \"key=value\" overrides that made this scenario from its file, an array "
     "of at most 32 strings; every --set is added (manifests record them); summary.csv has a "
     "column per key", NA),

  SC("sweep.vary", NEG_PT_STRING, vary, 0, NEG_MAX_VARY, 0, NULL, NEG_PF_ARRAY, NULL,
     "Axes of the grid of negsim sweep, an array of strings \"key=from:to:steps\" "
     "(steps points, ends included) or \"key=v1,v2,...\"; at most 16", NA),

  SC("negsim.version", NEG_PT_STRING, name, 0, 0, 0, NULL, NEG_PF_IGNORED, NULL,
     "negsim version that wrote the file (manifests); ignored", NA),
  SC("negsim.generator", NEG_PT_STRING, name, 0, 0, 0, NULL, NEG_PF_IGNORED, NULL,
     "Program that wrote the file (manifests); ignored", NA),

  PA("role", NEG_PT_ENUM, role, 0, 0, 0, neg_role_names, ANY, NEG_PF_REQUIRED, NULL,
     "What the party is; \"mediator\" is read as a backer (written back as \"backer\")",
     "model brief, parties"),
  PA("compliance", NEG_PT_DOUBLE, compliance, 0, 1, 0.97, NULL, BEL, 0, "probability per day",
     "Probability of not breaching on a day, before reciprocity and pressure", CAL),
  PA("reciprocity", NEG_PT_DOUBLE, reciprocity, 0, 20, 0, NULL, BEL, 0, "log-odds per breach",
     "Breach log-odds added per breach attributed to others in the window", NEU),
  PA("restraint", NEG_PT_DOUBLE, restraint, 0, 20, 0, NULL, BEL, 0, "log-odds per pressure",
     "Breach log-odds removed per unit of pressure on it", NEU),
  PA("detection", NEG_PT_DOUBLE, detection, 0, 1, 1, NULL, BEL, 0, "probability",
     "Probability that it detects and attributes another's breach", ASM ": breaches of an "
     "energy pause are visible"),
  PA("false_accusation", NEG_PT_DOUBLE, false_accusation, 0, 1, 0, NULL, BEL, 0, "per day",
     "Probability per day of attributing a breach that did not happen", NEU),
  PA("window_days", NEG_PT_INT, window_days, 1, NEG_WINDOW_MAX, 7, NULL, BEL, 0, "days",
     "Memory for reciprocity and tolerance", ASM),
  PA("tolerance", NEG_PT_INT, tolerance, 1, 1000, 3, NULL, BEL, 0, "breaches",
     "Attributed breaches in the window that make it abandon the pause", CAL),
  PA("trust_floor", NEG_PT_DOUBLE, trust_floor, 0, 1, 0, NULL, BEL, 0, "trust",
     "It abandons the pause when its trust falls below this", NEU),
  PA("prior_a", NEG_PT_DOUBLE, prior_a, 0, 1e6, 1, NULL, BEL, NEG_PF_OPEN_MIN, "observations",
     "Beta prior a (compliant days) on the others' compliance", "uniform prior"),
  PA("prior_b", NEG_PT_DOUBLE, prior_b, 0, 1e6, 1, NULL, BEL, NEG_PF_OPEN_MIN, "observations",
     "Beta prior b (breach days) on the others' compliance", "uniform prior"),
  PA("incidents", NEG_PT_ENUM, incidents, 0, 0, NEG_INCIDENTS_ONE, neg_incident_names, BEL,
     NEG_PF_GENERAL, NULL, "How many incidents it commits a day: at_most_one (a breach day, "
     "probability p) or poisson (mean -ln(1 - p), so that P(at least one) = p)",
     "issue 17: incidents"),
  PA("major_share", NEG_PT_DOUBLE, major_share, 0, 1, 1, NULL, BEL, NEG_PF_GENERAL,
     "probability", "Probability that an incident of it is major; only attributed major "
     "incidents count toward the other side's tolerance", "issue 17: 1 = every incident major"),
  PA("tolerated_share", NEG_PT_DOUBLE, tolerated_share, 0, 1, 0, NULL, BEL, NEG_PF_GENERAL,
     "probability", "Probability that an incident of it is enforcement the other side accepted "
     "in the terms (strikes on \"imminent threats\"): it moves trust, not tolerance or "
     "reciprocity", NEU),
  PA("major_weight", NEG_PT_DOUBLE, major_weight, 0, 10, 1, NULL, BEL, NEG_PF_GENERAL,
     "observations", "As observer: weight of an attributed major incident in its reciprocity "
     "count and trust (a day's breach evidence is min(1, the weighted sum))",
     "issue 17: 1 = today's breach day"),
  PA("minor_weight", NEG_PT_DOUBLE, minor_weight, 0, 10, 0.25, NULL, BEL, NEG_PF_GENERAL,
     "observations", "As observer: weight of an attributed minor incident, likewise",
     "assumption: a minor incident is a quarter of a major one; sweep it"),
  PA("consents", NEG_PT_BOOL, consents, 0, 1, 1, NULL, BEL, NEG_PF_GENERAL, NULL,
     "false: a party that never agreed to a truce another declared: it cannot abandon or "
     "renew it (the others decide renewals alone), its incidents count against their "
     "tolerance as any", "issue 17: unilateral truces"),
  PA("ceasefire_utility", NEG_PT_DOUBLE, ceasefire_utility, -100, 100, 0, NULL, BEL, 0,
     "utility", "Base utility of accepting a full ceasefire", NEU),
  PA("extension_utility", NEG_PT_DOUBLE, extension_utility, -100, 100, 0, NULL, BEL, 0,
     "utility", "Base utility of extending the pause", NEU),
  PA("weariness", NEG_PT_DOUBLE, weariness, -10, 10, 0, NULL, BEL, 0, "utility per day",
     "Utility of accepting added per day elapsed (war weariness)", NEU),
  PA("trust_weight", NEG_PT_DOUBLE, trust_weight, -100, 100, 0, NULL, BEL, 0,
     "utility per trust", "Utility per unit of (trust - 1/2)", NEU),
  PA("momentum_weight", NEG_PT_DOUBLE, momentum_weight, -100, 100, 0, NULL, BEL, 0,
     "utility per momentum", "Utility lost per unit of momentum in its favour", NEU),
  PA("momentum_side", NEG_PT_INT, momentum_side, -1, 1, 1, NULL, BEL, NEG_PF_NONZERO, "sign",
     "1: positive momentum favours it; -1: negative momentum does",
     "model brief, mechanism 6"),
  PA("deal_bonus", NEG_PT_DOUBLE, deal_bonus, -100, 100, 0, NULL, BEL, 0, "utility",
     "Utility of accepting added once the maritime deal is reached", NEU),
  PA("temperature", NEG_PT_DOUBLE, temperature, 0, 100, 1, NULL, BEL, 0, "utility",
     "Logit (quantal response) temperature; 0 = deterministic choice", ASM),
  PA("aid_share", NEG_PT_DOUBLE, aid_share, 0, 1, 0, NULL, BAK, 0, "share",
     "Share of Ukraine's military aid it supplies; the shares sum to at most 1", ASM),
  PA("aid", NEG_PT_ENUM, aid_initial, 0, 0, NEG_AID_SUPPLYING, neg_aid_names, BAK, 0, NULL,
     "Status of its aid on day 0", ART ": some US aid packages halted"),
  PA("pressure", NEG_PT_DOUBLE, pressure, 0, 20, 0, NULL, BAK, NEG_PF_MAP, "pressure",
     "Pressure on a belligerent, a group such as { russia = 1.0; }", NEU),

  CO("lever", NEG_PT_STRING, lever, 0, 0, -1, NULL, NEG_PF_ISSUEREF, NULL,
     "The issue the condition tests: a built-in one (aid, security, maritime_deal, "
     "sanctions_relief, guarantee), one of issues, or a side deal's id; `issue` is the "
     "same key (give one)", ART ": Russia demands an end to Western military aid"),
  CO("issue", NEG_PT_STRING, lever, 0, 0, -1, NULL, NEG_PF_ISSUEREF, NULL,
     "The same as lever (the general model's name for it)", "general model"),
  CO("at_most", NEG_PT_DOUBLE, threshold, 0, 1, 0, NULL, NEG_PF_NODEF, "lever level",
     "Met when the lever is at or below this; give one of at_most and at_least "
     "(required for aid and security)", NA),
  CO("at_least", NEG_PT_DOUBLE, threshold, 0, 1, 1, NULL, 0, "lever level",
     "Met when the lever is at or above this; the default applies to maritime_deal and "
     "sanctions_relief only", NA),
  CO("hard", NEG_PT_BOOL, hard, 0, 1, 1, NULL, 0, NULL,
     "true: unmet means refusal; false: unmet costs penalty", "model brief, mechanism 4"),
  CO("penalty", NEG_PT_DOUBLE, penalty, 0, 100, 0, NULL, 0, "utility",
     "Utility lost while a soft condition is unmet", NEU),
  CO("gates", NEG_PT_ENUM, gates, 0, 0, NEG_GATE_CEASEFIRE, neg_gate_names, NEG_PF_GENERAL,
     NULL, "The decision it weighs on: the full ceasefire, the renewal of the truce, or both "
     "(a deal's conditions: whether it can be reached)", "general model"),

  RU("on", NEG_PT_ENUM, on, 0, 0, 0, neg_event_names, NEG_PF_REQUIRED, NULL,
     "Event the rule reacts to", "model brief, mechanism 5"),
  RU("by", NEG_PT_STRING, by, 0, 0, -1, NULL, NEG_PF_PARTYREF, NULL,
     "Belligerent whose event triggers the rule; absent: any belligerent", NA),
  RU("action", NEG_PT_ENUM, action, 0, 0, 0, neg_action_names, NEG_PF_REQUIRED, NULL,
     "What the backer does", "model brief, mechanism 5"),
  RU("probability", NEG_PT_DOUBLE, probability, 0, 1, 1, NULL, 0, "probability",
     "Probability that it acts when the event happens", ASM ": always"),
  RU("issue", NEG_PT_STRING, issue, 0, 0, -1, NULL, NEG_PF_ISSUEREF | NEG_PF_GENERAL, NULL,
     "set, raise, lower: the issue acted on (not a derived one)", "general model"),
  RU("value", NEG_PT_DOUBLE, value, 0, 1, 0, NULL, NEG_PF_GENERAL, "issue level",
     "set: the new value; raise, lower: the step (the result is clamped to [0, 1])",
     "general model"),
  RU("deal", NEG_PT_STRING, deal, 0, 0, -1, NULL, NEG_PF_DEALREF | NEG_PF_GENERAL, NULL,
     "end_deal, suspend_deal, resume_deal: the deal acted on", "general model"),
  RU("reached", NEG_PT_STRING, reached, 0, 0, -1, NULL, NEG_PF_DEALREF | NEG_PF_GENERAL, NULL,
     "on = \"deal\": only when this side deal is reached (absent: any deal)",
     "general model"),
  RU("day", NEG_PT_INT, day, 1, DAYS_MAX, 0, NULL, NEG_PF_NODEF | NEG_PF_GENERAL, "day",
     "on = \"day\": the day the rule fires (required then)", "general model"),
  RU("watch", NEG_PT_STRING, watch, 0, 0, -1, NULL, NEG_PF_ISSUEREF | NEG_PF_GENERAL, NULL,
     "on = \"threshold\": the issue watched; the rule fires each time it comes to meet "
     "at_least or at_most (required then)", "general model"),
  RU("at_least", NEG_PT_DOUBLE, level, 0, 1, 0, NULL, NEG_PF_NODEF | NEG_PF_GENERAL,
     "issue level", "on = \"threshold\": fires when watch comes to be at or above this",
     "general model"),
  RU("at_most", NEG_PT_DOUBLE, level, 0, 1, 0, NULL, NEG_PF_NODEF | NEG_PF_GENERAL,
     "issue level", "on = \"threshold\": fires when watch comes to be at or below this",
     "general model"),

  IS("initial", NEG_PT_DOUBLE, initial, 0, 1, 0, NULL, 0, "level",
     "Value on day 0 (a yes/no issue is 0 or 1); a group issues = { withdrawal = { initial "
     "= 0.0; }; } declares issues by id", "general model"),
  IS("derive", NEG_PT_ENUM, derive, 0, 0, NEG_DERIVE_NONE, neg_derive_names, 0, NULL,
     "none: a value of its own, moved by actions, deals and the schedule; max, min: the "
     "largest or smallest of the issues `of` (no circles)", "general model"),
  IS("of", NEG_PT_STRING, of, 0, 0, 0, NULL, NEG_PF_ARRAY | NEG_PF_ISSUEREF, NULL,
     "derive max or min: the issues, an array such as [\"aid\", \"guarantee\"] of 2 to 4",
     "general model"),
  IS("description", NEG_PT_STRING, id, 0, 0, 0, NULL, NEG_PF_IGNORED, NULL,
     "Free text for readers; ignored by the model", NA),

  DE("start_day", NEG_PT_INT, start_day, 1, DAYS_MAX, 1, NULL, 0, "day",
     "First day on which the deal can be reached; a group deals = { grain = { ... }; } "
     "declares side deals by id (the maritime deal is the maritime group)", "general model"),
  DE("daily_probability", NEG_PT_DOUBLE, daily_probability, 0, 1, 0, NULL, 0, "per day",
     "Probability per day of reaching it while it is reachable (its conditions hold)",
     "general model"),
  DE("day", NEG_PT_INT, day, 0, DAYS_MAX, 0, NULL, 0, "day",
     "Above 0: it is reached on this day if reachable then (instead of daily_probability)",
     "general model"),
  DE("trust_bonus", NEG_PT_DOUBLE, trust_bonus, 0, 1000, 0, NULL, 0, "observations",
     "Compliance pseudo-observations added to every belligerent's Beta a when reached",
     "general model"),
  DE("bonus", NEG_PT_DOUBLE, bonus, -100, 100, 0, NULL, NEG_PF_MAP, "utility",
     "Utility of accepting a full ceasefire or a renewal while it holds, by belligerent: "
     "a group such as { russia = 0.5; }", "general model"),
  DE("conditions", NEG_PT_INT, n_conditions, 0, 0, 0, NULL, NEG_PF_CONDS, NULL,
     "Conditions on issues (hard; gates is not used) that must hold for it to be reachable",
     "general model"),
  DE("sets", NEG_PT_DOUBLE, n_effects, 0, 1, 0, NULL, NEG_PF_EFFECTS, "issue level",
     "Issues set when it is reached: a group such as { export_sanctions = 1.0; }",
     "general model"),
  DE("description", NEG_PT_STRING, id, 0, 0, 0, NULL, NEG_PF_IGNORED, NULL,
     "Free text for readers; ignored by the model", NA),

  SH("day", NEG_PT_INT, day, 1, DAYS_MAX, 0, NULL, NEG_PF_REQUIRED, "day",
     "The day of the item, within the horizon; a list schedule = ( { day = 20; ... } )",
     "general model"),
  SH("round", NEG_PT_BOOL, round, 0, 1, 0, NULL, 0, NULL,
     "true: a negotiation round is scheduled that day (held with rounds.probability)",
     "general model"),
  SH("sets", NEG_PT_DOUBLE, n_effects, 0, 1, 0, NULL, NEG_PF_EFFECTS, "issue level",
     "Issues set that day, before the side deals: a group such as { withdrawal = 1.0; }",
     "general model"),
  SH("party", NEG_PT_STRING, party, 0, 0, -1, NULL, NEG_PF_PARTYREF, NULL,
     "A belligerent whose setting changes that day (a phase boundary)", "general model"),
  SH("setting", NEG_PT_ENUM, setting, 0, 0, NEG_PHASE_NONE, neg_phase_names, 0, NULL,
     "The party's setting that changes: ceasefire_utility or extension_utility", 
     "general model"),
  SH("value", NEG_PT_DOUBLE, value, -100, 100, 0, NULL, 0, "utility",
     "The setting's value from that day on", "general model"),
  SH("description", NEG_PT_STRING, day, 0, 0, 0, NULL, NEG_PF_IGNORED, NULL,
     "Free text for readers; ignored by the model", NA),

  DI("dist", NEG_PT_ENUM, kind, 0, 0, neg_unc_names, NEG_PF_REQUIRED, NULL,
     "Any float setting of the scenario, a party, an issue or a side deal may be a "
     "distribution, a group such "
     "as { dist = \"beta\"; a = 2.0; b = 5.0; } in place of its number, drawn once per "
     "replicate; its support must lie in the setting's range"),
  DI("min", NEG_PT_DOUBLE, min, -DIST_MAX, DIST_MAX, NULL, NEG_PF_NODEF, "as the setting",
     "Lower end: required for uniform, triangular and normal (truncation); beta: 0 by default"),
  DI("max", NEG_PT_DOUBLE, max, -DIST_MAX, DIST_MAX, NULL, NEG_PF_NODEF, "as the setting",
     "Upper end, above min: required for uniform, triangular and normal (truncation); "
     "beta: 1 by default"),
  DI("mean", NEG_PT_DOUBLE, mean, -DIST_MAX, DIST_MAX, NULL, NEG_PF_NODEF, "as the setting",
     "Normal: mean before truncation (required)"),
  DI("sd", NEG_PT_DOUBLE, sd, 0, DIST_MAX, NULL, NEG_PF_NODEF | NEG_PF_OPEN_MIN,
     "as the setting", "Normal: standard deviation before truncation (required)"),
  DI("a", NEG_PT_DOUBLE, a, 0, 1e4, NULL, NEG_PF_NODEF | NEG_PF_OPEN_MIN, NULL,
     "Beta: first shape parameter (required); the beta is scaled from [0, 1] to [min, max]"),
  DI("b", NEG_PT_DOUBLE, b, 0, 1e4, NULL, NEG_PF_NODEF | NEG_PF_OPEN_MIN, NULL,
     "Beta: second shape parameter (required)"),
  DI("mode", NEG_PT_DOUBLE, mode, -DIST_MAX, DIST_MAX, NULL, NEG_PF_NODEF, "as the setting",
     "Triangular: most likely value, from min to max (required)"),
  DI("key", NEG_PT_STRING, key, 1, NEG_UNC_KEY_MAX - 1, NULL, NEG_PF_REQUIRED, NULL,
     "Items of the top-level list uncertain = ( { key = ...; dist = ...; ... } ): the path "
     "of the float setting the item makes uncertain, as --set takes it; the item replaces "
     "the setting's value (from the file or an @include), a --set of the key replaces the item"),
};

/* Returns the parameter table and its length. */
const neg_param *neg_param_table(size_t *n)
{
  *n = sizeof neg_params / sizeof neg_params[0];
  return neg_params;
}

/* Returns the row of scope named path, or NULL. */
const neg_param *neg_param_find(neg_scope scope, const char *path)
{
  size_t i;
  for (i = 0; i < sizeof neg_params / sizeof neg_params[0]; i++)
    if (neg_params[i].scope == scope && neg_params[i].path[0] == path[0]
        && !strcmp(neg_params[i].path, path))
      return &neg_params[i];
  return NULL;
}

/* Returns 1 when some scenario row lives in the group named name. */
int neg_param_is_group(const char *name)
{
  size_t i, n = strlen(name);
  for (i = 0; i < sizeof neg_params / sizeof neg_params[0]; i++)
    if (neg_params[i].scope == NEG_SCOPE_SCENARIO && !strncmp(neg_params[i].path, name, n)
        && neg_params[i].path[n] == '.')
      return 1;
  return 0;
}

/* Returns the index of text among the names of an enum row, or -1. */
int neg_param_enum(const neg_param *row, const char *text)
{
  int i;
  if (row->names == neg_role_names && !strcmp(text, "mediator")) return NEG_ROLE_BACKER;
  for (i = 0; row->names[i]; i++)
    if (!strcmp(row->names[i], text)) return i;
  return -1;
}

/* Stores the default of one row into the struct at base. */
static void neg_param_default(const neg_param *row, void *base)
{
  char *dst = (char *)base + row->offset;
  int iv = (int)row->def;
  uint64_t uv = row->def > 0 ? (uint64_t)row->def : 0;   /* a negative double to
                                  * uint64_t is undefined (party refs: -1) */
  size_t k;
  if (row->flags & (NEG_PF_REQUIRED | NEG_PF_NODEF | NEG_PF_ARRAY | NEG_PF_IGNORED
                    | NEG_PF_EFFECTS | NEG_PF_CONDS))
    return;
  if (row->flags & NEG_PF_MAP) {
    for (k = 0; k < NEG_MAX_PARTIES; k++)
      memcpy(dst + k * sizeof row->def, &row->def, sizeof row->def);
  } else if (row->type == NEG_PT_DOUBLE) {
    memcpy(dst, &row->def, sizeof row->def);
  } else if (row->type == NEG_PT_UINT64) {
    memcpy(dst, &uv, sizeof uv);
  } else if (row->type != NEG_PT_STRING
             || (row->flags & (NEG_PF_PARTYREF | NEG_PF_ISSUEREF | NEG_PF_DEALREF))) {
    memcpy(dst, &iv, sizeof iv);   /* int, bool, enum, party, issue or deal index */
  }
}

/* Stores the default of every row of scope into the struct at base. */
void neg_param_defaults(neg_scope scope, void *base)
{
  size_t i;
  for (i = 0; i < sizeof neg_params / sizeof neg_params[0]; i++)
    if (neg_params[i].scope == scope) neg_param_default(&neg_params[i], base);
}

/* Clears s and sets every scenario setting to its default. */
void neg_scenario_defaults(neg_scenario *s)
{
  memset(s, 0, sizeof *s);
  neg_param_defaults(NEG_SCOPE_SCENARIO, s);
  neg_scenario_builtins(s);
}

/* Clears p and sets every party setting to its default. */
void neg_party_defaults(neg_party *p)
{
  memset(p, 0, sizeof *p);
  neg_param_defaults(NEG_SCOPE_PARTY, p);
}

/* Levenshtein distance between two short strings (longer ones count as far). */
static int neg_edit_distance(const char *a, const char *b)
{
  int row[64], i, j, la = (int)strlen(a), lb = (int)strlen(b);
  if (la >= 63 || lb >= 63) return 99;
  for (j = 0; j <= lb; j++) row[j] = j;
  for (i = 1; i <= la; i++) {
    int diag = row[0], up;
    row[0] = i;
    for (j = 1; j <= lb; j++) {
      int best = diag + (a[i - 1] != b[j - 1]);
      up = row[j];
      if (up + 1 < best) best = up + 1;
      if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
      diag = up;
      row[j] = best;
    }
  }
  return row[lb];
}

/* Keeps cand (its first len characters) in out when it is closer to name. */
static void neg_consider(const char *name, const char *cand, size_t len, char *out,
                         size_t n, int *best)
{
  char buf[64];
  int d;
  if (len >= sizeof buf) return;
  memcpy(buf, cand, len);
  buf[len] = '\0';
  d = neg_edit_distance(name, buf);
  if (d >= 1 && d <= 2 && d < *best && d < (int)strlen(name)) {
    *best = d;
    snprintf(out, n, "%s", buf);
  }
}

/* Finds the known name nearest to an unknown one, for a hint. */
int neg_param_suggest(neg_scope scope, const char *group, const char *name, char *out,
                      size_t n)
{
  static const char *const extra_top[] = { "parties", "uncertain", "issues", "deals",
                                             "schedule", NULL };
  static const char *const extra_party[] = { "conditions", "policy", NULL };
  const char *const *extra = scope == NEG_SCOPE_PARTY ? extra_party
                             : (scope == NEG_SCOPE_SCENARIO && !group) ? extra_top : NULL;
  size_t i, glen = group ? strlen(group) : 0;
  int best = 3;
  for (i = 0; i < sizeof neg_params / sizeof neg_params[0]; i++) {
    const char *p = neg_params[i].path;
    if (neg_params[i].scope != scope) continue;
    if (scope != NEG_SCOPE_SCENARIO) neg_consider(name, p, strlen(p), out, n, &best);
    else if (!group) neg_consider(name, p, strcspn(p, "."), out, n, &best);
    else if (!strncmp(p, group, glen) && p[glen] == '.')
      neg_consider(name, p + glen + 1, strlen(p + glen + 1), out, n, &best);
  }
  for (; extra && *extra; extra++) neg_consider(name, *extra, strlen(*extra), out, n, &best);
  return best <= 2;
}

/* Resolves "parties.<id>.<name>[.<belligerent>]" in s (see neg_param_lookup). */
static const neg_param *neg_lookup_party(neg_scenario *s, const char *rest, void **field)
{
  char buf[256], *id = buf, *name, *target;
  const neg_param *row;
  int i, t;
  snprintf(buf, sizeof buf, "%s", rest);
  if (!(name = strchr(id, '.'))) return NULL;
  *name++ = '\0';
  if ((target = strchr(name, '.'))) *target++ = '\0';
  i = neg_scenario_party_index(s, id);
  row = neg_param_find(NEG_SCOPE_PARTY, name);
  if (i < 0 || !row || !(row->roles & (1u << s->parties[i].role))
      || (row->flags & NEG_PF_REQUIRED))
    return NULL;   /* the role is not settable: it shapes the whole party */
  if (!(row->flags & NEG_PF_MAP)) {
    if (target) return NULL;
    *field = (char *)&s->parties[i] + row->offset;
    return row;
  }
  if (!target || (t = neg_scenario_party_index(s, target)) < 0
      || s->parties[t].role != NEG_ROLE_BELLIGERENT)
    return NULL;
  *field = &s->parties[i].pressure[t];
  return row;
}

/* Resolves "issues.<id>.<name>" (a declared issue of its own value) or
 * "deals.<id>.<name>[.<belligerent>]" (a declared side deal) in s: a
 * number, not a list, a group of issues or an enum. */
static const neg_param *neg_lookup_general(neg_scenario *s, const char *path, void **field)
{
  const int deal = path[0] == 'd';
  char buf[256], *id = buf + (deal ? 6 : 7), *name, *target;
  const neg_param *row;
  int x, t;
  snprintf(buf, sizeof buf, "%s", path);
  if (!(name = strchr(id, '.'))) return NULL;
  *name++ = '\0';
  if ((target = strchr(name, '.'))) *target++ = '\0';
  x = deal ? neg_scenario_deal_index(s, id) : neg_scenario_issue_index(s, id);
  row = neg_param_find(deal ? NEG_SCOPE_DEAL : NEG_SCOPE_ISSUE, name);
  if (x < (deal ? 1 : NEG_ISSUE_BUILTIN) || !row || row->type == NEG_PT_STRING
      || row->type == NEG_PT_ENUM || (row->flags & (NEG_PF_ARRAY | NEG_PF_CONDS | NEG_PF_EFFECTS))
      || (!deal && s->issues[x].derive != NEG_DERIVE_NONE) || !target != !(row->flags & NEG_PF_MAP))
    return NULL;
  if (!target) {
    *field = (char *)(deal ? (void *)&s->deals[x] : (void *)&s->issues[x]) + row->offset;
    return row;
  }
  if ((t = neg_scenario_party_index(s, target)) < 0 || s->parties[t].role != NEG_ROLE_BELLIGERENT)
    return NULL;
  *field = &s->deals[x].bonus[t];
  return row;
}

/* Resolves a full settable path to its row and its address in s. */
const neg_param *neg_param_lookup(neg_scenario *s, const char *path, void **field)
{
  const neg_param *row;
  if (!strncmp(path, "parties.", 8)) return neg_lookup_party(s, path + 8, field);
  if (!strncmp(path, "issues.", 7) || !strncmp(path, "deals.", 6))
    return neg_lookup_general(s, path, field);
  row = neg_param_find(NEG_SCOPE_SCENARIO, path);
  if (!row || row->type == NEG_PT_STRING || (row->flags & NEG_PF_ARRAY)) return NULL;
  *field = (char *)s + row->offset;
  return row;
}

/* Returns the index of the party with this id, or -1. */
int neg_scenario_issue_index(const neg_scenario *s, const char *id)
{
  for (int i = 0; i < s->n_issues; i++)
    if (!strcmp(s->issues[i].id, id)) return i;
  return -1;
}

int neg_scenario_deal_index(const neg_scenario *s, const char *id)
{
  for (int i = 0; i < s->n_deals; i++)
    if (!strcmp(s->deals[i].id, id)) return i;
  return -1;
}

void neg_scenario_builtins(neg_scenario *s)
{
  static const char *const ids[NEG_ISSUE_BUILTIN] = {
    "aid", "security", "maritime_deal", "sanctions_relief", "guarantee" };
  memset(s->issues, 0, sizeof s->issues);
  memset(s->deals, 0, sizeof s->deals);
  for (int i = 0; i < NEG_ISSUE_BUILTIN; i++) {
    snprintf(s->issues[i].id, NEG_ID_MAX, "%s", ids[i]);
    s->issues[i].derive = i == NEG_ISSUE_GUARANTEE || i == NEG_LEVER_SANCTIONS
                          ? NEG_DERIVE_NONE : NEG_DERIVE_BUILTIN;
  }
  s->n_issues = NEG_ISSUE_BUILTIN;
  snprintf(s->deals[0].id, NEG_ID_MAX, "maritime");
  s->deals[0].issue = NEG_LEVER_MARITIME;
  s->n_deals = 1;
  s->n_terms = 0;
  s->n_schedule = 0;
}

int neg_scenario_party_index(const neg_scenario *s, const char *id)
{
  int i;
  for (i = 0; i < s->n_parties; i++)
    if (!strcmp(s->parties[i].id, id)) return i;
  return -1;
}

/* Counts the belligerents, storing their indices in idx when given. */
int neg_scenario_belligerents(const neg_scenario *s, int *idx)
{
  int i, n = 0;
  for (i = 0; i < s->n_parties; i++)
    if (s->parties[i].role == NEG_ROLE_BELLIGERENT) {
      if (idx) idx[n] = i;
      n++;
    }
  return n;
}

/* Writes the range of a numeric row as an interval. */
void neg_param_range(const neg_param *row, char *buf, size_t n)
{
  char lo[32], hi[32];
  neg_format_double(lo, sizeof lo, row->min, 0);
  if (row->type == NEG_PT_UINT64 && row->max >= 0x1p63)
    snprintf(hi, sizeof hi, NEG_INT63_MAX_TEXT);
  else
    neg_format_double(hi, sizeof hi, row->max, 0);
  snprintf(buf, n, "%c%s, %s]%s", (row->flags & NEG_PF_OPEN_MIN) ? '(' : '[', lo, hi,
           (row->flags & NEG_PF_NONZERO) ? ", not 0" : "");
}

/* Lists the names of an enum row, separated by ", ", quoted when quoted is 1. */
void neg_param_names(const neg_param *row, char *buf, size_t n, int quoted)
{
  const char *q = quoted ? "\"" : "";
  int i;
  buf[0] = '\0';
  for (i = 0; row->names && row->names[i]; i++)
    snprintf(buf + strlen(buf), n - strlen(buf), "%s%s%s%s", i ? ", " : "", q, row->names[i], q);
}

/* Writes the shortest text of x that reads back exactly. */
char *neg_format_double(char *buf, size_t n, double x, int point)
{
  int prec;
  for (prec = 15; prec <= 17; prec++) {
    snprintf(buf, n, "%.*g", prec, x);
    if (strtod(buf, NULL) == x) break;
  }
  if (point && isfinite(x) && !strpbrk(buf, ".e"))
    snprintf(buf + strlen(buf), n - strlen(buf), ".0");
  return buf;
}

