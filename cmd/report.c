/*
 * pmo report --html DIR [-p KEY]: the portfolio and its projects as a
 * static site (index.html and KEY.html: tables, Gantt chart, risk heat
 * map, earned value, budget burn, what is due, the last changes) that
 * opens from the folder with no server and no network (docs/report.md).
 * The pages are lib/report's; this file reads the options and says what
 * was written.
 */
#include "pmo.h"
#include "report/report.h"

#include <string.h>

static const char report_usage[] =
	"usage: pmo report --html DIR [-p KEY] [--today DATE] [--force]\n"
	"\nWrite the portfolio's status as a static site into DIR: index.html, a row per\n"
	"active project rated as pmo status rates it, and KEY.html per project (its Gantt\n"
	"chart, risk heat map, earned value and budget burn, what is overdue and due, the\n"
	"last changes from git). The pages need no server, no script and no network; the\n"
	"same tree and --today give the same bytes.\n";

int cmd_report(pmo_ctx *ctx, int argc, char **argv)
{
	const char *dir = NULL, *project = NULL, *today_s = NULL;
	int force = 0, nargs = argc - 1, code;
	const pmo_opt opts[] = {
		OPT_STRING(0, "html", &dir, "DIR", "the folder to write the pages into (made when missing)"),
		OPT_STRING('p', "project", &project, "KEY", "one project's page (and its row in index.html)"),
		OPT_STRING(0, "today", &today_s, "DATE", "the status date (YYYY-MM-DD; default today, or $PMO_TODAY)"),
		OPT_BOOL(0, "force", &force, "draw the figures of plans pmo validate rejects"),
		OPT_END(),
	};
	pmo_report_options o;
	pmo_report_result res;
	pmo_buf out = PMO_BUF_INIT;
	size_t i;

	if ((code = pmo_parse(ctx, &nargs, argv + 1, opts, report_usage)) != PMO_GO)
		return code;
	if (nargs)
		return pmo_die(2, "report takes no arguments, not \"%s\"", argv[1]);
	if (!dir || !*dir)
		return pmo_die(2, "report needs --html DIR: the folder to write the pages into");
	memset(&o, 0, sizeof(o));
	o.dir = dir;
	o.project = project ? project : ctx->project;
	o.force = force;
	o.today = pmo_date_today();
	if (today_s && pmo_date_parse(&o.today, today_s, strlen(today_s)) < 0)
		return pmo_die(2, "--today takes a date YYYY-MM-DD, not \"%s\"", today_s);
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
		       res.pages == 1 ? "" : "s", dir, res.projects, res.projects == 1 ? "" : "s");
	code = pmo_emit(&out);
	if (!code && res.problems.n)
		code = 1;
	pmo_buf_free(&out);
	pmo_report_result_free(&res);
	return code;
}
