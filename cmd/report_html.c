/*
 * pmo report --html DIR [-p KEY]: the portfolio and its projects as a
 * static site (index.html and KEY.html: tables, Gantt chart, risk heat
 * map, earned value, budget burn, what is due, the last changes) that
 * opens from the folder with no server and no network (docs/report.md).
 * The pages are lib/report's; this file says what was written.
 */
#include "report_internal.h"
#include "report/report.h"

#include <string.h>

int pmo_report_html_run(pmo_ctx *ctx, const pmo_report_args *a)
{
	pmo_report_options o;
	pmo_report_result res;
	pmo_buf out = PMO_BUF_INIT;
	size_t i;
	int code;

	if (!*a->html)
		return pmo_die(2, "report needs --html DIR: the folder to write the pages into");
	memset(&o, 0, sizeof(o));
	o.dir = a->html;
	o.project = ctx->project;
	o.force = a->force;
	o.today = pmo_date_today();
	if (a->today && pmo_date_parse(&o.today, a->today, strlen(a->today)) < 0)
		return pmo_die(2, "--today takes a date YYYY-MM-DD, not \"%s\"", a->today);
	if (o.project && (code = pmo_check_project(ctx, o.project)))
		return code;
	if (pmo_report_html(&res, ctx->repo, ctx->src, ctx->model, ctx->settings, &o) < 0) {
		code = pmo_fail();
		pmo_report_result_free(&res);
		return code;
	}
	for (i = 0; i < res.problems.n; i++)
		pmo_print_finding(&res.problems.items[i], res.problems.items[i].path, 0);
	pmo_buf_printf(&out, "report: %zu page%s in %s (index.html and %zu project page%s)\n", res.pages,
		       res.pages == 1 ? "" : "s", o.dir, res.projects, res.projects == 1 ? "" : "s");
	if (res.removed)
		pmo_buf_printf(&out, "report: removed %zu page%s of projects no longer active\n", res.removed,
			       res.removed == 1 ? "" : "s");
	code = pmo_emit(&out);
	if (!code && res.problems.n)
		code = 1;
	pmo_buf_free(&out);
	pmo_report_result_free(&res);
	return code;
}
