#ifndef PMO_PLAN_ALLOC_H
#define PMO_PLAN_ALLOC_H
/*
 * People's load across projects (pmo load, validate's over-allocation):
 * the allocation of each person, day by day over a window of dates, summed
 * over every project's scheduled tasks.
 *
 * A task loads each assignee by its allocation (percent of the person's
 * time) on each working day it occupies in its project's schedule, on
 * that project's calendar: a holiday of one project's calendar carries no
 * load from that project's tasks, a moved workday does. Summary tasks and
 * milestones carry none (a summary's dates are its children's). A task
 * finished by the as-of date occupies its actual dates; a started one the
 * days of the work done from its start and then the days of what remains
 * (as the scheduler places them: a gap between them carries no load). A
 * person is over-allocated on a day when the sum is above 100%.
 */
#include "plan/plan.h"

/* One scheduled project, as the caller has it (borrowed). */
typedef struct {
	const char *key;             /* project key (CBM) */
	const pmo_plan *plan;
	const pmo_calendar *cal;
	const pmo_schedule *sched;   /* pmo_schedule_compute of plan on cal */
} pmo_alloc_project;

/* One assignment of a person to a task, where it falls in the window. */
typedef struct {
	size_t project;   /* index in the projects given */
	size_t task;      /* index in that plan's tasks */
	size_t assignee;  /* index in the task's assignees */
	int allocation;   /* percent */
	long first, last; /* window days (0 is the window's first), inclusive;
			   * it loads those of them that are working days of
			   * its project (pmo_alloc_on) */
} pmo_alloc_part;

/* A stretch of over-allocated days with the same tasks on each. */
typedef struct {
	long first, last; /* window days, inclusive: both over-allocated */
	long days;        /* over-allocated days in [first, last] (days
			   * between without any load do not break it) */
	int load;         /* percent on each of those days */
	size_t *parts;    /* indices in the person's parts, in their order */
	size_t nparts;
} pmo_alloc_over;

typedef struct {
	char *person;            /* handle */
	int *load;               /* percent, one a window day */
	pmo_alloc_part *parts;   /* by project, then task order */
	size_t nparts;
	pmo_alloc_over *over;    /* in date order */
	size_t nover;
	int peak;                /* the highest day's load */
	long over_days;          /* days above 100% */
} pmo_alloc_person;

typedef struct {
	pmo_date from, until;    /* the window, inclusive */
	long ndays;
	pmo_alloc_person *people; /* every assignee with a part in the window, by handle */
	size_t n;
	size_t nprojects;
	unsigned char *workday;  /* nprojects × ndays: 1 on a project's working day */
} pmo_alloc;

/* The load of every person over [from, until] (until >= from). */
int pmo_alloc_compute(pmo_alloc **out, const pmo_alloc_project *projects, size_t nprojects,
		      pmo_date from, pmo_date until);
void pmo_alloc_free(pmo_alloc *a);
/* Whether part p loads its person on window day d. */
int pmo_alloc_on(const pmo_alloc *a, const pmo_alloc_part *p, long d);
/* The person with this handle, or NULL. */
const pmo_alloc_person *pmo_alloc_find(const pmo_alloc *a, const char *person);

#endif
