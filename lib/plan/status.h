#ifndef PMO_PLAN_STATUS_H
#define PMO_PLAN_STATUS_H
/*
 * Progress against a baseline (pmo status, pmo evm): the share of each
 * baseline task planned done by a date, and the earned value of a plan in
 * working days.
 *
 * The planned share of a task by the start of a day d, from its baseline
 * entry (start S, finish F):
 *
 *  - a baseline without as_of (taken of the plan alone, or before pmo
 *    recorded the status date): the task's working days [S, F] are spread
 *    evenly, share = working days in [S, d) / working days in [S, F];
 *  - a baseline with as_of B froze a forecast that already holds the work
 *    done by B: on B the share is the progress p the task had then (the
 *    entry's progress, 0 when absent), so that what was planned equals
 *    what was earned on the day the baseline was taken (SPI 1); after B
 *    the rest, 1 - p, is spread over the working days [max(B, S), F];
 *    before B, p is spread over [S, B).
 *
 * 0 before the work starts, 1 after F.
 */
#include "plan/plan.h"

#include <stdint.h>

/* A share as an exact fraction num / den, 0 <= num <= den, den > 0. */
typedef struct {
	int64_t num, den;
} pmo_share;

typedef struct {
	double total;             /* working days of the tasks that are not summaries */
	double earned;            /* EV: those days times each task's progress */
	double planned;           /* PV: those days times each task's share planned done by as_of */
	pmo_date baseline_finish; /* the latest finish of the baseline, PMO_NODATE: none */
	double planned_progress;  /* percent planned done: 100 PV / total; 0 without a baseline */
	double spi;               /* schedule performance index EV / PV; 0 when nothing is planned yet */
} pmo_status;

/* The earned value of plan as scheduled in s on cal, as of a date, against
 * baseline bl (NULL: none); progress is per task in percent
 * (pmo_plan_progress). 0, or PMO_ENOMEM. */
int pmo_status_compute(pmo_status *out, const pmo_plan *plan, const pmo_schedule *s, const pmo_calendar *cal,
		       const pmo_baseline *bl, const double *progress, pmo_date as_of);

/* The entry of task id in baseline bl (NULL: none), or NULL. */
const pmo_baseline_entry *pmo_status_entry(const pmo_baseline *bl, const char *id);
/* The entry of every task of plan in bl: *out gets plan->n pointers (NULL
 * where the task is not in bl, all NULL when bl is NULL), freed by the
 * caller with free(). Linear time. 0, or PMO_ENOMEM. */
int pmo_status_entries(const pmo_baseline_entry ***out, const pmo_plan *plan, const pmo_baseline *bl);
/* Working days from a to b (negative when b is earlier). */
long pmo_status_workdays(const pmo_calendar *cal, pmo_date a, pmo_date b);
/* Share of baseline bl's task e planned done by the start of day d, as
 * the header says (0 when e is NULL or has no dates). */
pmo_share pmo_status_share(const pmo_calendar *cal, const pmo_baseline *bl, const pmo_baseline_entry *e,
			   pmo_date d);
/* The same as a number from 0 to 1. */
double pmo_status_planned_share(const pmo_calendar *cal, const pmo_baseline *bl, const pmo_baseline_entry *e,
				pmo_date d);

#endif
