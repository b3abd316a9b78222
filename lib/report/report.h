#ifndef PMO_REPORT_REPORT_H
#define PMO_REPORT_REPORT_H
/*
 * pmo report --html DIR (docs/report.md): a static site of the portfolio,
 * index.html with a row per active project as `pmo status` rates it, and
 * one page per project, KEY.html: its Gantt chart, risk heat map, earned
 * value over time and budget burn, what is overdue and coming due, and
 * its last changes from git. Every figure is computed where `pmo status`,
 * `pmo risk matrix`, `pmo evm` and `pmo due` compute it; this module only
 * gathers them and lib/render draws them.
 *
 * The pages are whole before anything is written, and each file is
 * written through a temporary file and renamed: a failure leaves the
 * folder's pages as they were, never half a page. Written for the whole
 * portfolio (no o->project), the folder's other project pages that pmo
 * wrote (a project since closed or removed) are removed; any other file
 * is left. The same tree and
 * today give the same bytes (no clock is read but today).
 */
#include <stddef.h>
#include "model/model.h"
#include "repo/repo.h"
#include "util/date.h"

typedef struct {
	const char *dir;       /* the folder the pages go into (made when missing) */
	const char *project;   /* one project's page (and its row), or NULL: all */
	pmo_date today;        /* the status date of every figure */
	int force;             /* figures from plans pmo validate rejects */
} pmo_report_options;

typedef struct {
	size_t pages;          /* files written, index.html included */
	size_t projects;       /* project pages among them */
	size_t removed;        /* pages of projects no longer active, removed */
	pmo_findings problems; /* files left out (validate names them) */
} pmo_report_result;

/* Write the pages. PMO_ENOTFOUND naming the project when o->project is
 * not an active project; the errors of the figures and of the files. */
int pmo_report_html(pmo_report_result *out, pmo_repo *repo, pmo_source *src, const pmo_model *model,
		    const pmo_settings *settings, const pmo_report_options *o);
void pmo_report_result_free(pmo_report_result *r);

#endif
