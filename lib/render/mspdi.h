#ifndef PMO_RENDER_MSPDI_H
#define PMO_RENDER_MSPDI_H
/*
 * A scheduled plan as Microsoft Project XML (MSPDI, the schema
 * mspdi_pj12.xsd of Project 2007, which later versions still read): the
 * project's calendar, its tasks with their outline (WBS), computed dates,
 * durations, milestones, summaries, progress, constraints and links with
 * their lags, and the people assigned as resources. Elements are written
 * in the order of the schema's xsd:sequence; UTF-8 with its declaration.
 *
 * Units: a working day is 8 hours (PMO_PLAN_HOURS_PER_DAY, 08:00-12:00
 * and 13:00-17:00, MinutesPerDay 480); durations are PT<h>H0M0S, lags
 * LinkLag in tenths of a minute with LagFormat 7 (days). A task's UID is
 * the n of its id T-n, so that pmo import --format mspdi gives the plan
 * its ids back (lib/plan/mspdi.c reads what this writes).
 */
#include "plan/plan.h"
#include "util/buf.h"

typedef struct {
	const char *name;          /* the project's key (Name) */
	const char *title;         /* its name (Title), or NULL */
	const char *currency;      /* ISO 4217 code (CurrencyCode), or NULL: CNY */
	const double *progress;    /* percent complete per task (pmo_plan_progress), or NULL */
} pmo_mspdi_options;

/* Append the document to out. 0, or PMO_ENOMEM; PMO_EINVALID when a task
 * id is not T-<n>. */
int pmo_mspdi_render(pmo_buf *out, const pmo_plan *plan, const pmo_schedule *s,
		     const pmo_calendar *cal, pmo_date start, const pmo_mspdi_options *o);

#endif
