#ifndef PMO_PLAN_STATUS_H
#define PMO_PLAN_STATUS_H
/* Progress against a baseline (pmo status): earned value in working days. */
#include "plan/plan.h"

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
 * (pmo_plan_progress). Cannot fail. */
void pmo_status_compute(pmo_status *out, const pmo_plan *plan, const pmo_schedule *s, const pmo_calendar *cal,
			const pmo_baseline *bl, const double *progress, pmo_date as_of);

/* The entry of task id in baseline bl (NULL: none), or NULL. */
const pmo_baseline_entry *pmo_status_entry(const pmo_baseline *bl, const char *id);
/* Working days from a to b (negative when b is earlier). */
long pmo_status_workdays(const pmo_calendar *cal, pmo_date a, pmo_date b);
/* Share of a baseline task planned done by the start of as_of (0 to 1). */
double pmo_status_planned_share(const pmo_calendar *cal, const pmo_baseline_entry *e, pmo_date as_of);

#endif
