#ifndef PMO_REPORT_INTERNAL_H
#define PMO_REPORT_INTERNAL_H
/* What the files of lib/report share: a project's page as it is gathered
 * (report.c), its money charts (money.c) and the pages written (pages.c). */
#include "check/due.h"
#include "check/portfolio.h"
#include "report/report.h"
#include "util/buf.h"

/* The parts of a project page drawn while the portfolio's figures are
 * computed from its plan (pmo_portfolio_options plan_cb). */
typedef struct {
	pmo_buf plan;   /* the Gantt chart's section */
	pmo_buf money;  /* earned value and budget burn */
} report_part;

/* One commit of a project's history as the page tells it. */
typedef struct {
	char id[41];
	char *subject, *author;
	pmo_date date;         /* the author's own day */
	int64_t time;          /* committed, for the order */
} report_change;

typedef struct {
	report_change *items;
	size_t n;
} report_changes;

/* Everything the pages are written from. */
typedef struct {
	const pmo_report_options *o;
	const pmo_settings *settings;
	pmo_repo *repo;             /* its history: EV of past days; may be NULL */
	const pmo_kind *risk;       /* NULL in a tree without risks */
	pmo_portfolio *p;
	report_part *parts;         /* one a row of p */
	size_t nparts;
	pmo_records risks;          /* of every project shown, by project */
	pmo_due_list due;
	report_changes *changes;    /* one a row of p */
} report_data;

/* The earned value over time and the budget burn of a project into
 * part->money; EV of the days before today by the progress repo's
 * history recorded (NULL: none recorded). */
int report_money(report_part *part, const pmo_portfolio_plan *k, const pmo_settings *settings,
		 pmo_repo *repo, pmo_date today);

/* The pages: index.html, then KEY.html of each row, into bufs (p->n + 1). */
int report_pages(pmo_buf *bufs, const report_data *d);

#endif
