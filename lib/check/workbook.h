#ifndef PMO_CHECK_WORKBOOK_H
#define PMO_CHECK_WORKBOOK_H
/*
 * A project as an Excel workbook (pmo export --format xlsx), one sheet
 * each:
 *
 *   tasks     the plan with its schedule: ID, WBS number, title, summary,
 *             milestone, start, finish, working days, progress, critical,
 *             slack, assignees, dependencies, the last baseline's dates
 *             and, when the plan has costs, the planned cost
 *   risks     the risk register
 *   budget    the budget lines with their planned, committed, spent and
 *             remaining amounts and the share used
 *   expenses  what was spent, when, on which line, task and vendor
 *   …         one sheet per other kind of record the project has (issues,
 *             actions, …): the kind's list columns first, then every other
 *             field of its schema and its derived fields
 *
 * Cells are typed by the schema: a field of format date is a date, money
 * an amount in pmo.yaml's currency, integer and number numbers, boolean a
 * boolean; the rest is text (lists joined with ", "). The same tree and
 * day give the same bytes.
 */
#include "model/budget.h"
#include "model/model.h"
#include "plan/plan.h"
#include "util/buf.h"

typedef struct {
	const char *project;          /* the key, "CBM" */
	pmo_source *src;
	const pmo_model *model;
	const pmo_settings *settings;
	const pmo_plan *plan;         /* resolved; may have no task */
	const pmo_schedule *sched;    /* of plan */
	const double *progress;       /* percent per task, summaries rolled up */
	const pmo_baseline *baseline; /* the dates compared with, or NULL */
	const pmo_money *planned;     /* planned cost per task, or NULL: no column */
	const pmo_budget *budget;     /* budget.yaml as read already, or NULL: read here */
	pmo_date today;               /* the day the workbook is made (its stamp) */
} pmo_workbook_input;

/* The workbook's bytes appended to out. Records that cannot be read are
 * added to problems and left out. PMO_EINVALID naming file:line:col for a
 * budget.yaml pmo cannot read; PMO_EIO when the workbook cannot be
 * written. */
int pmo_workbook_xlsx(pmo_buf *out, pmo_findings *problems, const pmo_workbook_input *in);

#endif
