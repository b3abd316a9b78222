#ifndef PMO_CHECK_WORKLOAD_H
#define PMO_CHECK_WORKLOAD_H
/*
 * People's load across the projects of a tree (pmo load, and validate's
 * over-allocation rule): every project that has not ended (its workflow's
 * ended statuses: closed, cancelled) is scheduled on its own calendar as
 * of today, as `pmo schedule` does, and the load of every person summed
 * over them (plan/alloc.h); the people come from people/<handle>.yaml
 * with their capacity in hours a day.
 *
 * Allocation is a percent of the person's time, that is of their
 * capacity: 60% of a capacity of 8 hours is 4.8 hours. A person without a
 * capacity (or without a file) counts PMO_PLAN_HOURS_PER_DAY. Over 100%
 * on a day is over-allocation, whatever the capacity.
 */
#include "model/model.h"
#include "plan/alloc.h"
#include "util/date.h"

typedef struct {
	char *handle;
	char *name;              /* people/<handle>.yaml's name, or NULL */
	double capacity;         /* hours a day */
	int has_capacity;        /* capacity comes from the person's file */
	char *path;              /* people/<handle>.yaml, NULL when there is none */
	const pmo_alloc_person *load; /* NULL: no task in the window */
} pmo_workload_person;

typedef struct {
	char *key;
	char *path;              /* projects/<KEY>/plan.yaml */
	pmo_doc *doc;            /* plan.yaml while it is read; NULL after */
	pmo_plan *plan;
	pmo_calendar *cal;
	pmo_schedule *sched;
} pmo_workload_project;

typedef struct {
	pmo_date from, until;
	pmo_alloc *alloc;
	pmo_workload_project *projects; /* the projects scheduled, by key */
	size_t nprojects;
	pmo_workload_person *people;    /* every active person, and every
					 * assignee with load, by handle */
	size_t n;
	char **left_out;         /* why a project's plan is left out ("projects/X/plan.yaml:
				  * dependency cycle …"), NULL-terminated */
} pmo_workload;

/* The load over [from, until] (until PMO_NODATE: up to the last day any
 * plan occupies, at most ten years on) with the schedules as of today. */
int pmo_workload_tree(pmo_workload **out, pmo_source *src, const pmo_model *model,
		      const pmo_settings *settings, pmo_date today, pmo_date from, pmo_date until);
void pmo_workload_free(pmo_workload *w);
/* The person with this handle, or NULL. */
const pmo_workload_person *pmo_workload_find(const pmo_workload *w, const char *handle);
/* Where assignment part of a person stands in its plan.yaml: the line
 * and column of the assignee's person. */
void pmo_workload_where(const pmo_workload *w, const pmo_alloc_part *part, uint32_t *line,
			uint32_t *col);

/* The longest window pmo load takes and validate looks ahead, in days. */
#define PMO_WORKLOAD_MAX_DAYS 3660

#endif
