#ifndef PMO_DIFF_INTERNAL_H
#define PMO_DIFF_INTERNAL_H
/* Private to lib/diff: the state of one diff as its files share it. */
#include "diff/diff.h"

/* A project as the diff collects it: its part of the result (first, so
 * that one points at the other) and what its schedule needs. */
typedef struct {
	pmo_diff_project p;
	int schedule;   /* plan, start or a calendar changed: schedule both trees */
	int plan;       /* plan.yaml itself changed: its tasks are records */
} project_state;

typedef struct {
	pmo_diff *d;
	const pmo_model *model;
	pmo_source *src[2];             /* before, after */
	pmo_settings *settings[2];
	const pmo_diff_options *opt;
	project_state *projects;
	size_t nprojects;
	int calendar;                   /* pmo.yaml's calendar changed */
} diff_state;

/* result.c */
void pmo_diff__project_free(pmo_diff_project *p);
/* Keep doc (owned) with the result; freed on failure too. */
int pmo_diff__keep_doc(pmo_diff *d, pmo_doc *doc);
/* Append *r (moved; *r zeroed) to the list. */
int pmo_diff__record_add(pmo_diff_record **v, size_t *n, pmo_diff_record *r);
void pmo_diff__record_free(pmo_diff_record *r);
/* r's change and fields between two versions (NULL: absent). */
int pmo_diff__compare(pmo_diff_record *r, const pmo_kind *kind, const pmo_node *before,
		      const pmo_node *after);
/* The last error as "side: path:line:col: message" (new string, NULL on
 * OOM), cleared. side may be NULL. */
char *pmo_diff__error_text(const char *side);

/* schedule.c: the project's plan in both trees: its tasks as records
 * (when plan.yaml changed) and the schedules compared. */
int pmo_diff__project_plan(diff_state *st, project_state *p);

/* cost.c: the project's planned cost and budget on both sides into
 * p->cost (left NULL when neither side has a cost or a budget line). */
int pmo_diff__project_cost(diff_state *st, pmo_diff_project *p, const pmo_plan *before, const pmo_plan *after);

/* JSON of format.c that impact.c writes too: a date pair's members
 * ("before", "after", "working_days"), and a list of strings. */
void pmo_diff__json_dates(pmo_buf *out, const pmo_diff_dates *d);
void pmo_diff__json_strv(pmo_buf *out, char *const *v, size_t n);
/* A project's cost ({"planned": {…}, "budget": {…}}), null for NULL. */
void pmo_diff__json_cost(pmo_buf *out, const pmo_diff_cost *c);
/* The milestones that moved, as a JSON array of {id, before, after, working_days}. */
void pmo_diff__json_milestones(pmo_buf *out, const pmo_diff_schedule *s);

#endif
