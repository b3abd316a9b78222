/*
 * pmo report: the portfolio and its projects written for people rather
 * than for pmo. --html DIR (report_html.c) is a static site; --md
 * (report_md.c) is Markdown with mermaid Gantt charts for a merge request
 * or the weekly mail. Each output is its own file; this one parses the
 * options and picks the output. -p KEY (before or after the verb): one
 * project.
 */
#include "report_internal.h"

static int cmd_report_run(pmo_ctx *ctx, int argc, char **argv)
{
	pmo_report_args o = { 0 };
	const pmo_opt opts[] = {
		OPT_STRING(0, "html", &o.html, "DIR", "a static site in DIR (made when missing): index.html and a page per project with its Gantt chart, risk heat map, earned value"),
		OPT_BOOL(0, "md", &o.md, "Markdown on standard output: the status table, a mermaid gantt per project, open high and critical risks, overdue items"),
		OPT_STRING(0, "today", &o.today, "DATE", "the status date (default today, or $PMO_TODAY): the same tree and day give the same bytes"),
		PLAN_FORCE_OPT(&o.force),
		OPT_END(),
	};
	int code;

	if ((code = pmo_parse(ctx, &argc, argv, opts, NULL)) != PMO_GO)
		return code;
	if (argc)
		return pmo_die(2, "report takes no arguments, not \"%s\"", argv[0]);
	if (o.md && o.html)
		return pmo_die(2, "report takes --html DIR or --md, not both");
	if (o.html)
		return pmo_report_html_run(ctx, &o);
	if (!o.md)
		return pmo_die(2, "report needs --html DIR (a static site) or --md (Markdown on standard output)");
	return pmo_report_md_run(ctx, &o);
}

static const pmo_verb report_verb = {
	"report", cmd_report_run, "usage: pmo [-p KEY] report --html DIR [--today DATE] [--force]\n"
	"       pmo [-p KEY] report --md [--today DATE] [--force]\n",
	"the portfolio (or -p one project) for people: a static HTML site, or Markdown with mermaid Gantt charts",
	NULL,
};

const pmo_family pmo_report_command = { "report", NULL, &report_verb, 1, 1, NULL, NULL };
