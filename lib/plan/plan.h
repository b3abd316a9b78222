#ifndef PMO_PLAN_PLAN_H
#define PMO_PLAN_PLAN_H
/*
 * Plans, working calendars and the critical-path scheduler.
 *
 * == projects/<KEY>/plan.yaml ==
 *
 *   tasks:                      # a list; order is the WBS order shown to users
 *     - id: T-1                 # T-<n>, unique in the plan; milestones are tasks
 *       title: 需求分析           #   too (M- is the meeting prefix, so no M- here)
 *       duration: 10            # working days, integer >= 0
 *     - id: T-2
 *       title: 系统设计
 *       parent: T-9             # id of a summary task (a task that has children)
 *       effort: 20              # person-days (instead of duration), spread over
 *       assignees:              #   the assignees: duration = ceil(effort /
 *         - {person: wang-li, allocation: 50}   # sum(allocation %) * 100)
 *         - {person: zhao-min}                 # allocation defaults to 100
 *       depends: [T-1, "T-3:ss+2d"]
 *       start_no_earlier_than: 2027-02-01
 *       finish_no_later_than: 2027-03-31
 *       progress: 40            # percent complete, 0..100
 *       actual_start: 2027-01-18
 *       actual_finish: 2027-02-26
 *       cost: '12000.00'        # a fixed planned cost besides labour (money)
 *       notes: free text
 *     - id: T-3
 *       title: 设计评审通过
 *       milestone: true         # zero duration; a duration > 0 is a finding
 *       depends: [T-2]
 *   baselines:                  # written by `pmo baseline set --name NAME`
 *     v1:
 *       date: 2027-01-04        # when the baseline was taken (optional)
 *       as_of: 2027-01-04       # the status date of the forecast it froze
 *       tasks:                  #   (absent: the plan alone, or an old baseline)
 *         T-1: {start: 2027-01-04, finish: 2027-01-15, progress: 40, cost: '12000.00'}
 *                               # progress on as_of, planned cost (both optional)
 *
 * A task without duration, effort or milestone flag is a finding and is
 * scheduled with one day; duration 0 makes a milestone.  A task is a summary
 * task when another task names it as parent; its own duration is ignored (a
 * finding) and its dates roll up from its children.
 *
 * Dependency syntax (each item of `depends`, spaces allowed around parts):
 *
 *   ID[:TYPE][(+|-)N[d]]
 *
 *   T-3         finish-to-start (FS), no lag: starts the working day after T-3
 *   T-3+2d      FS with two working days between T-3's finish and the start
 *   T-3-1d      FS with a negative lag (lead): starts on T-3's last day
 *   T-3:ss      start-to-start: starts no earlier than T-3 starts
 *   T-3:ff+2d   finish-to-finish: finishes two working days after T-3
 *   T-3:sf      start-to-finish: finishes no earlier than T-3 starts
 *
 * TYPE is fs, ss, ff or sf (any case); lags are in working days of the
 * calendar, the "d" is optional.  A dependency of a summary task applies to
 * each of its children; a dependency on a summary task refers to its
 * rolled-up start or finish (as TaskJuggler does).  Computed dates are never
 * stored in the plan.
 *
 * == calendar: (pmo.yaml, overridable in projects/<KEY>/project.yaml) ==
 *
 *   calendar:
 *     weekdays: [mon, tue, wed, thu, fri]        # the default
 *     holidays:
 *       - {date: 2026-02-15, until: 2026-02-23, name: 春节}   # inclusive range
 *       - 2026-04-06                                          # a single day
 *     workdays: [2026-02-14, 2026-02-28]  # extra working days (or {date, name})
 *
 * A project's calendar replaces the keys it names and inherits the others.
 * A date that is both a holiday and an extra workday is an error.
 *
 * == Time model ==
 *
 * The scheduler counts in working days.  A "boundary" b is the start of the
 * b-th working day of the calendar (equivalently, the end of the one before):
 * a task of duration d occupies [es, es + d); its start date is the day of
 * boundary es and its finish date the day of ef - 1.  A milestone sits on a
 * boundary; it is dated at the end of the previous working day when a
 * dependency put it there (like TaskJuggler's 17:00) and on the day itself
 * when the project start, a constraint (its own or a summary's) or the
 * as-of date did; a dependency without lag passes on how its predecessor
 * was placed.
 * See docs/scheduling.md for how this maps onto TaskJuggler.
 */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include "util/buf.h"
#include "util/date.h"
#include "yaml/yaml.h"

#define PMO_PLAN_NONE ((size_t)-1)

/* ---------------------------------------------------------------- calendar */

typedef struct pmo_calendar pmo_calendar;

typedef struct {
	pmo_date from, until; /* inclusive */
	char *name;           /* or NULL */
} pmo_calendar_range;

/* Monday to Friday, no holidays. */
int pmo_calendar_new(pmo_calendar **out);
void pmo_calendar_free(pmo_calendar *cal);
/* Working weekdays as a mask: bit (iso_weekday - 1), Monday = bit 0. At
 * least one weekday must work. */
int pmo_calendar_set_weekdays(pmo_calendar *cal, unsigned mask);
unsigned pmo_calendar_weekdays(const pmo_calendar *cal);
/* Holidays [from, until] (inclusive); name may be NULL. */
int pmo_calendar_add_holiday(pmo_calendar *cal, pmo_date from, pmo_date until,
			     const char *name);
/* An extra working day (a weekend day worked). */
int pmo_calendar_add_workday(pmo_calendar *cal, pmo_date day, const char *name);
/* The lists as given, sorted by date. Borrowed. */
const pmo_calendar_range *pmo_calendar_holidays(const pmo_calendar *cal, size_t *n);
const pmo_calendar_range *pmo_calendar_workdays(const pmo_calendar *cal, size_t *n);

/* Build from the `calendar:` mappings of pmo.yaml (base) and project.yaml
 * (override); either may be NULL. path names the file of override when
 * given, else of base, in error messages (PMO_EINVALID at line:col). */
int pmo_calendar_from_yaml(pmo_calendar **out, const pmo_node *base,
			   const char *base_path, const pmo_node *override,
			   const char *override_path);

int pmo_calendar_is_workday(const pmo_calendar *cal, pmo_date day);
/* Working days strictly before day (from a fixed epoch): the boundary at
 * the start of day, or of the next working day when day is not one. */
long pmo_calendar_index(const pmo_calendar *cal, pmo_date day);
/* The working day with index i (the inverse of pmo_calendar_index). */
pmo_date pmo_calendar_day(const pmo_calendar *cal, long i);
/* The working day n working days after day (n may be negative; day is first
 * moved to the next working day). */
pmo_date pmo_calendar_add(const pmo_calendar *cal, pmo_date day, long n);
/* Working days in [from, until]. */
long pmo_calendar_count(const pmo_calendar *cal, pmo_date from, pmo_date until);

/* -------------------------------------------------------------------- plan */

typedef enum {
	PMO_DEP_FS = 0,
	PMO_DEP_SS,
	PMO_DEP_FF,
	PMO_DEP_SF,
} pmo_dep_type;

typedef struct {
	char *task;            /* the predecessor's id as written */
	pmo_dep_type type;
	long lag;              /* working days; negative is a lead */
	size_t pred;           /* resolved index, or PMO_PLAN_NONE */
	const pmo_node *node;  /* the item in `depends`, or NULL */
} pmo_dep;

typedef struct {
	char *person;
	int allocation;        /* percent, default 100 */
	uint32_t line, col;    /* of its person in plan.yaml; 0 when made in memory */
} pmo_assignee;

typedef struct {
	char *id;
	char *title;
	char *parent_id;       /* or NULL */
	char *notes;
	long duration;         /* working days; -1 when not given */
	double effort;         /* person-days; < 0 when not given */
	int milestone;         /* the flag as written */
	uint8_t own;           /* lib/plan's: which of parent_id, deps and assignees
				* were given by pmo_task_set_parent, _add_dep and
				* _add_assignee (malloc's); the rest is the plan's */
	pmo_dep *deps;
	size_t ndeps;
	pmo_assignee *assignees;
	size_t nassignees;
	pmo_date snet, fnlt;   /* constraints, or PMO_NODATE */
	int progress;          /* 0..100, or -1 when not given */
	pmo_date actual_start, actual_finish; /* or PMO_NODATE */
	const pmo_node *cost;  /* the fixed cost as written (money), or NULL */
	const pmo_node *node;  /* the task's mapping, or NULL */
	/* set by pmo_plan_resolve */
	size_t parent;         /* index or PMO_PLAN_NONE */
	size_t nchildren;
	long days;             /* effective duration in working days */
} pmo_task;

typedef struct {
	char *task;
	pmo_date start, finish;
	int progress;          /* percent on the baseline's as_of; 0 when absent */
	const pmo_node *cost;  /* the planned cost as written (money), or NULL */
} pmo_baseline_entry;

typedef struct {
	char *name;
	pmo_date date;         /* or PMO_NODATE */
	pmo_date as_of;        /* status date of the forecast, or PMO_NODATE */
	pmo_baseline_entry *entries;
	size_t n;
	const pmo_node *node;
} pmo_baseline;

typedef struct pmo_plan_index pmo_plan_index;
typedef struct pmo_plan_arena pmo_plan_arena;

typedef struct {
	pmo_task *tasks;
	size_t n, cap;
	pmo_baseline *baselines;
	size_t nbaselines;
	char *path;            /* file the plan came from, or NULL */
	pmo_plan_index *index; /* id lookup, built by pmo_plan_resolve */
	pmo_plan_arena *arena; /* the tasks' ids, titles, dependencies … */
	int resolved;
} pmo_plan;

/* Findings (yaml/finding.h): problems in the plan's data, each with the
 * node it is about (for path:line:col), a rule name for `pmo validate`
 * (plan-dependency, plan-cycle …) and the task's index (or
 * PMO_FINDING_NO_TASK, which is PMO_PLAN_NONE). */

/* An empty plan, to be filled with pmo_plan_add_task (tests, generators). */
int pmo_plan_new(pmo_plan **out);
void pmo_plan_free(pmo_plan *plan);
/* Append a task (id and title copied into the plan; title may be NULL).
 * The pointer stays valid until the next add. Duration defaults to -1
 * (none). The strings of a plan live in blocks of its own, freed with it:
 * one malloc per string made a plan of a million tasks 4.5 million
 * allocations and 200 MB. */
int pmo_plan_add_task(pmo_task **out, pmo_plan *plan, const char *id, const char *title);
int pmo_task_set_parent(pmo_task *task, const char *parent_id);
/* Parse one dependency in the syntax above and append it. */
int pmo_task_add_dep(pmo_task *task, const char *spec);
int pmo_task_add_assignee(pmo_task *task, const char *person, int allocation);
/* Parse one dependency (out->task allocated; out->pred unset). */
int pmo_dep_parse(pmo_dep *out, const char *spec, size_t len);
/* Working hours of a day, for durations and effort given in hours: the
 * day of `pmo export` (9:00-17:00). */
#define PMO_PLAN_HOURS_PER_DAY 8
/* A duration or effort with its unit, as lags take one: "10" or "10d"
 * (working days), "2w" (weeks of 5 working days), "16h" (hours of
 * PMO_PLAN_HOURS_PER_DAY); the number may have decimals ("1.5d"), blanks
 * may surround it. *out is in working days. PMO_EINVALID with a message
 * naming the forms when s is none of them. */
int pmo_plan_parse_days(double *out, const char *s, size_t len);
/* Write a dependency back in the canonical syntax ("T-3:ss+2d"). */
int pmo_dep_format(pmo_buf *out, const pmo_dep *dep);

/* Load the mapping of plan.yaml (root may be NULL for an empty plan). Data
 * problems become findings (bad dates, unknown fields' types, bad
 * dependency syntax); the function fails only on memory or when root is
 * not a mapping. The plan borrows the nodes: keep the document alive while
 * the plan's findings or nodes are used. Resolves the plan. */
int pmo_plan_from_yaml(pmo_plan **out, const pmo_node *root, const char *path,
		       pmo_findings *findings);

/* Read plan.yaml's text straight into a plan, without a YAML tree (a
 * plan of a million tasks made a tree of 700 MB): only the plain block
 * YAML pmo and people write (lib/plan/read.c says what), and only values
 * schemas/plan.json accepts as they are. 0: *out is the plan, resolved
 * (findings of pmo_plan_resolve in findings), the same as
 * pmo_yaml_load and pmo_plan_from_yaml make of the text but that its
 * tasks and dependencies have no nodes (NULL); 1: declined, nothing made
 * and no error set: read the text through the tree, which tells what is
 * wrong at its place; < 0 out of memory. */
int pmo_plan_read(pmo_plan **out, const char *text, size_t len, const char *path,
		  pmo_findings *findings);

/* Link ids: parents, dependencies, children counts, effective durations;
 * reports duplicate ids, unknown parents and dependencies, milestones with a
 * duration, summaries with a duration, parent cycles, dependencies between a
 * task and its own summary. Idempotent (findings are only added once). */
int pmo_plan_resolve(pmo_plan *plan, pmo_findings *findings);
/* All checks that need no calendar, including dependency cycles (each cycle
 * once, as "dependency cycle: T-4 → T-7 → T-4"). For `pmo validate`. */
int pmo_plan_check(pmo_plan *plan, pmo_findings *findings);
/* What pmo_plan_validate needs beyond the plan; each part may be absent. */
typedef struct {
	const pmo_calendar *cal; /* with start: constraint conflicts (NULL: none) */
	pmo_date start;          /* the project start, or PMO_NODATE */
	pmo_date today;          /* actual dates after it are warnings, and the forecast
				  * as of today missing a finish_no_later_than, or PMO_NODATE */
} pmo_plan_check_options;

/* Every check `pmo validate` makes of a plan, and that task add|set and
 * milestone add make of the plan they would write: pmo_plan_check; when
 * the plan has no cycle and opt gives a calendar and start, the conflicts
 * the plan alone has with its constraints (plan-constraint, from
 * scheduling it without an as-of date); with opt->today, actual dates
 * after today (plan-actual warnings). opt may be NULL; findings may not. */
int pmo_plan_validate(pmo_plan *plan, const pmo_plan_check_options *opt, pmo_findings *findings);
/* Percent complete of every task into out (plan->n entries): a leaf's
 * progress (100 once it has an actual_finish), a summary's the mean of
 * its leaves weighted by working days, Σ days × progress / Σ days (the
 * plain mean when its leaves are all milestones). *total (may be NULL)
 * gets the same over the whole plan, 0 for an empty plan. Resolves the
 * plan if needed. */
int pmo_plan_progress(double *out, double *total, pmo_plan *plan);
/* The same over a resolved plan with each leaf's percent taken from
 * leaf[i] (plan->n entries, summaries' ignored) instead of its own
 * progress and actual_finish (leaf NULL: its own): the progress another
 * version of plan.yaml recorded, weighed by this plan's days. */
int pmo_plan_progress_of(double *out, double *total, const pmo_plan *plan, const double *leaf);
/* Index of the task with this id, or PMO_PLAN_NONE (after resolve). */
size_t pmo_plan_find(const pmo_plan *plan, const char *id);

/* ---------------------------------------------------------------- schedule */

typedef struct {
	pmo_date start;  /* the project start (project.yaml `start`); required */
	pmo_date as_of;  /* status date, or PMO_NODATE for the plan alone:
			  * then actual dates and progress are ignored */
} pmo_schedule_options;

typedef struct {
	/* boundaries (working-day indices on the calendar): the task occupies
	 * [es, ef) early and [ls, lf) late */
	long es, ef, ls, lf;
	pmo_date start, finish;           /* early dates, what users see */
	pmo_date late_start, late_finish;
	long total_slack, free_slack;     /* working days */
	unsigned critical : 1;
	unsigned summary : 1;
	unsigned milestone : 1;
	unsigned done : 1;                /* finished by the as-of date */
	unsigned started : 1;
	unsigned late : 1;                /* finishes after finish_no_later_than */
} pmo_task_schedule;

typedef struct {
	pmo_task_schedule *tasks;  /* parallel to plan->tasks */
	size_t n;
	pmo_date start, finish;    /* project start and (forecast) finish */
	long finish_index;         /* boundary of the project finish */
	long min_slack;
	/* critical tasks (leaves) in start order */
	size_t *critical;
	size_t ncritical;
	/* the critical path as chains of driving dependencies between
	 * critical leaves, in start order ("T-1 → T-2; T-3"): chain k is
	 * chains[chain_off[k]] … chains[chain_off[k + 1] - 1]. A dependency
	 * drives when its bound is the successor's date (no slack between
	 * them), also through summaries. A chain that branches off another
	 * begins with the task it branches from; one that joins another
	 * ends with the task it joins. Every critical leaf is in a chain. */
	size_t *chains, *chain_off;
	size_t nchains;
} pmo_schedule;

/*
 * Critical-path schedule in linear time. Resolves the plan if needed.
 * Problems become findings; a dependency cycle makes the plan impossible to
 * schedule: PMO_EINVALID with the cycle in the message (and as a finding).
 * Conflicts (an SNET after an FNLT allows, a finish after FNLT, actual
 * finish before actual start) are findings; dates are still computed.
 */
int pmo_schedule_compute(pmo_schedule **out, pmo_plan *plan, const pmo_calendar *cal,
			 const pmo_schedule_options *opt, pmo_findings *findings);
void pmo_schedule_free(pmo_schedule *s);

/* --------------------------------------------------------------------- tjp */

typedef struct {
	const char *name;        /* project name, or NULL for the plan's path */
	pmo_date end;            /* project end for tj3, or PMO_NODATE: start + 3 years */
	const char *report;      /* when not NULL, add a CSV taskreport of that
				  * name (columns id, start, end, times
				  * "%Y-%m-%d %H:%M") */
	int forced;              /* computed from a plan pmo validate rejects
				  * (--force): the header says so, and that
				  * the dates need not equal pmo schedule's */
} pmo_tjp_options;

/* What output computed from a plan pmo validate rejects says of itself. */
#define PMO_PLAN_FORCED_NOTE "computed with --force from a plan pmo validate rejects"

/*
 * The plan as a TaskJuggler 3 project: calendar (weekdays as workinghours,
 * holidays as `leaves holiday` with exclusive end, extra workdays as a
 * shift), tasks with `length`, `milestone`, depends with onstart/gaplength,
 * start-no-earlier-than as a dependency on a constraint milestone. What tj3
 * cannot express (FF, SF, negative lags) is written as a comment and
 * counted in *skipped (may be NULL). Task ids: every character outside
 * [A-Za-z0-9_] becomes '_' ("T-3" → "T_3"); see pmo_tjp_id.
 */
int pmo_tjp_render(pmo_buf *out, pmo_plan *plan, const pmo_calendar *cal,
		   pmo_date start, const pmo_tjp_options *opt, size_t *skipped);
/* The tj3 id for a pmo task id. */
int pmo_tjp_id(pmo_buf *out, const char *id);

#endif
