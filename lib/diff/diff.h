#ifndef PMO_DIFF_DIFF_H
#define PMO_DIFF_DIFF_H
/*
 * The semantic diff of two trees (pmo diff, pmo change diff): what changed
 * between two versions of a pmo tree, said in the domain's words rather
 * than as lines of YAML.
 *
 *   - records added, removed and changed field by field, for every kind
 *     (register records, people, projects, pmo.yaml) and for the tasks of
 *     each plan as records CBM/T-3; nested values by path
 *     ("objectives.1.achieved", "calendar.holidays.2");
 *   - for every project whose plan, start or calendar changed (its own or
 *     pmo.yaml's), both trees scheduled and compared: the project finish
 *     before → after and its shift in working days on the project's
 *     calendar, each milestone moved, the tasks that entered or left the
 *     critical path, the total slack consumed;
 *   - the records whose kind derives a level (risks) that were added,
 *     removed or re-rated, with the level before → after.
 *
 * Only the files that differ between the two trees are read and parsed
 * (pmo_source_diff), plus the project, calendar and plan files a changed
 * schedule needs. pmo_diff_compute makes the result; the renderers of
 * format.c write it as text, JSON (docs/diff.md) or Markdown.
 */
#include <stddef.h>
#include "model/model.h"
#include "plan/plan.h"
#include "repo/repo.h"
#include "util/buf.h"
#include "util/date.h"

typedef enum {
	PMO_DIFF_ADDED = 1,
	PMO_DIFF_REMOVED,
	PMO_DIFF_CHANGED,
} pmo_diff_change;

/* One value that changed: its path in the record ("impact",
 * "objectives.1.achieved") and the value on each side (NULL: absent). */
typedef struct {
	char *field;
	const pmo_node *before, *after;
} pmo_diff_field;

/* A record added, removed or changed. */
typedef struct {
	char *record;            /* "CBM/R-2", "wang-li", "CBM", "CBM/T-3", "pmo.yaml" */
	const char *kind;        /* "risk", "person", "project", "task", "settings" */
	char *path;              /* its file, relative to the pmo tree */
	pmo_diff_change change;
	/* the fields that changed (every field of an added or removed
	 * record, with the other side NULL) */
	pmo_diff_field *fields;
	size_t nfields;
	/* a side could not be read (not YAML, not a mapping): the message,
	 * and no fields; else NULL */
	char *error;
} pmo_diff_record;

/* A date on both sides (PMO_NODATE: none there) and the shift between
 * them in working days of the project's calendar (after's), negative
 * when earlier; 0 when either side has none. */
typedef struct {
	pmo_date before, after;
	long working_days;
} pmo_diff_dates;

typedef struct {
	char *id;                /* "T-9" */
	pmo_diff_dates date;     /* the milestone's date */
} pmo_diff_milestone;

/* The schedule of a project in both trees, compared. */
typedef struct {
	pmo_diff_dates finish;   /* the project finish */
	pmo_diff_milestone *milestones; /* milestones of both plans whose date moved, in plan order */
	size_t nmilestones;
	/* leaf tasks critical after and not before (or new), and critical
	 * before and not after (or gone); in plan order */
	char **critical_added;
	size_t ncritical_added;
	char **critical_removed;
	size_t ncritical_removed;
	/* total slack consumed: over the tasks of both plans, the sum of the
	 * working days of total slack each lost (a task that gained slack
	 * counts 0) */
	long slack_consumed;
	/* a side could not be scheduled (a dependency cycle, no start date, a
	 * calendar pmo refuses): the message, and nothing above; else NULL */
	char *error;
} pmo_diff_schedule;

/* Planned cost and budget before → after, exact decimal text: the planned
 * cost of the plan's top tasks (lib/plan/evm.h), the total of
 * projects/<KEY>/budget.yaml's lines (NULL: no lines on that side). */
typedef struct {
	char *planned_before, *planned_after;
	char *planned_change;    /* after − before, "-" when lower */
	char *budget_before, *budget_after;
} pmo_diff_cost;

/* A record of a kind that derives a level (a risk) added, removed or
 * whose level changed. */
typedef struct {
	char *record;            /* "CBM/R-2" */
	pmo_diff_change change;  /* CHANGED: re-rated */
	char *before, *after;    /* the level on each side, NULL: absent */
} pmo_diff_rating;

typedef struct {
	char *key;                    /* "CBM" */
	pmo_diff_schedule *schedule;  /* NULL: plan, start and calendar unchanged */
	pmo_diff_cost *cost;          /* NULL: neither side has a planned cost
	                               * or budget lines, or nothing of the
	                               * plan or budget changed */
	pmo_diff_rating *risks;
	size_t nrisks;
	pmo_diff_record *records;     /* the project's own record, its records and tasks,
	                               * sorted by name (R-2 before R-10) */
	size_t nrecords;
} pmo_diff_project;

typedef struct {
	pmo_diff_project *projects;   /* every project with a change, by key */
	size_t nprojects;
	pmo_diff_record *records;     /* the records of no project: people,
	                               * portfolio kinds, pmo.yaml; by name */
	size_t nrecords;
	/* owned: the documents the fields' values live in */
	pmo_doc **docs;
	size_t ndocs;
} pmo_diff;

typedef struct {
	/* the status date both plans are scheduled as of (actual dates and
	 * progress count), or PMO_NODATE: the plans alone, as pmo schedule
	 * --as-of none, so the diff of two commits never changes with the
	 * day it is computed */
	pmo_date as_of;
} pmo_diff_options;

/* The semantic diff from before to after (either may be the worktree),
 * with the kinds of model (the caller's: the tree it stands in). opt may
 * be NULL (the plans alone). 0 with *out set, or an error: the trees
 * cannot be compared or read (a git failure), or the pmo.yaml of either
 * cannot be read (its settings rate the risks). Problems in one record
 * or plan are told in the result, not as errors. A change request's
 * impact is pmo_diff_compute from the merge base (pmo_repo_merge_base) to
 * its branch. */
int pmo_diff_compute(pmo_diff **out, pmo_source *before, pmo_source *after, const pmo_model *model,
		     const pmo_diff_options *opt);
void pmo_diff_free(pmo_diff *d);
/* Nothing changed. */
int pmo_diff_empty(const pmo_diff *d);
/* "added", "removed", "changed" */
const char *pmo_diff_change_name(pmo_diff_change c);

/* The renderers (format.c), appended to out: 0 or PMO_ENOMEM. */
/* JSON, the form docs/diff.md describes; versioned, it only gains fields. */
int pmo_diff_json(pmo_buf *out, const pmo_diff *d);
/* For the terminal: "CBM/R-2  impact: 3 → 5", the schedule in lines. */
int pmo_diff_text(pmo_buf *out, const pmo_diff *d);
/* Markdown for a merge request's description: a section per project
 * with tables. */
int pmo_diff_md(pmo_buf *out, const pmo_diff *d);

#endif
