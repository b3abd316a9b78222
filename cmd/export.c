/*
 * pmo export --format tjp [--report NAME]: the plan as a TaskJuggler 3
 * project (lib/plan/tjp.c) on standard output; --format ical: the
 * project's milestones and due items as an iCalendar (RFC 5545), the
 * calendar `pmo due --format ical` writes for the whole portfolio.
 */
#include "plan_internal.h"
#include "check/due.h"

#include <stdlib.h>
#include <string.h>

/* Every due item of the project (whatever its date) and its milestones,
 * those done too (at their actual finish, marked done: a subscriber's
 * calendar keeps them rather than seeing them vanish), one all-day event
 * each; DTSTAMP the day given (--today,
 * PMO_TODAY), so the same tree and day give the same bytes. */
static int export_ical(pmo_ctx *ctx, const char *today_s)
{
	pmo_due_list list = { 0 };
	pmo_due_item **rows = NULL;
	pmo_buf out = PMO_BUF_INIT;
	const char *key;
	pmo_date today = pmo_date_today();
	size_t n = 0, i;
	int code;

	if (today_s && pmo_date_parse(&today, today_s, strlen(today_s)) < 0)
		return pmo_die(2, "--today takes a date YYYY-MM-DD, not \"%s\"", today_s);
	if ((code = pmo_need_project(&key, ctx)) || (code = pmo_check_project(ctx, key)))
		return code;
	if (pmo_due_tree(&list, ctx->src, ctx->model, today) < 0 ||
	    pmo_due_project_done_milestones(&list, ctx->src, key, today) < 0) {
		pmo_due_list_free(&list);
		return pmo_fail();
	}
	pmo_due_sort(&list);
	if (list.n && !(rows = calloc(list.n, sizeof(*rows)))) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	for (i = 0; i < list.n; i++)
		if (list.items[i].project && !strcmp(list.items[i].project, key))
			rows[n++] = &list.items[i];
	if (pmo_due_ical(&out, "pmo export", rows, n, today) < 0) {
		code = pmo_fail();
		goto done;
	}
	code = pmo_emit(&out);
done:
	free(rows);
	pmo_due_list_free(&list);
	pmo_buf_free(&out);
	return code;
}

/* --- export ---------------------------------------------------------------------------------- */

static int cmd_export_run(pmo_ctx *ctx, int argc, char **argv)
{
	const char *format = NULL, *report = NULL, *today = NULL;
	int force = 0;
	const pmo_opt opts[] = {
		OPT_STRING('f', "format", &format, "FORMAT", "tjp (a TaskJuggler 3 project) or ical (milestones and due items, RFC 5545)"),
		OPT_STRING(0, "report", &report, "NAME", "add a CSV task report NAME.csv (id, start, end) to the project"),
		OPT_STRING(0, "today", &today, "DATE", "ical: the day the calendar is made (DTSTAMP; default today, or $PMO_TODAY)"),
		PLAN_FORCE_OPT(&force),
		OPT_END(),
	};
	planctx p;
	pmo_buf out = PMO_BUF_INIT;
	pmo_tjp_options o;
	size_t skipped = 0;
	int code;

	memset(&p, 0, sizeof(p));
	if ((code = pmo_parse(ctx, &argc, argv, opts, NULL)) != PMO_GO)
		return code;
	if (argc)
		return pmo_die(2, "export takes no arguments, not \"%s\"", argv[0]);
	if (!format && !ctx->format)
		return pmo_die(2, "export needs --format tjp or ical");
	if ((code = pmo_format(&format, ctx, format, "tjp,ical", "tjp")))
		return code;
	if (!strcmp(format, "ical")) {
		if (report)
			return pmo_die(2, "--report is for --format tjp, not ical");
		return export_ical(ctx, today);
	}
	if (today)
		return pmo_die(2, "--today is for --format ical, not tjp");
	if ((code = plan_read(&p, ctx, force)))
		goto done;
	memset(&o, 0, sizeof(o));
	o.name = p.key;
	o.end = PMO_NODATE;
	o.report = report;
	o.forced = p.forced;
	if (pmo_tjp_render(&out, p.plan, p.cal, p.start, &o, &skipped) < 0) {
		code = pmo_fail();
		goto done;
	}
	if (skipped)
		pmo_warn("%zu dependenc%s cannot be expressed in TaskJuggler and %s written as comments",
			 skipped, skipped == 1 ? "y" : "ies", skipped == 1 ? "is" : "are");
	code = pmo_emit(&out);
done:
	pmo_buf_free(&out);
	planctx_free(&p);
	return code;
}

static const pmo_verb export_verb = {
	"export", cmd_export_run, "usage: pmo [-p KEY] export --format tjp [--report NAME]\n"
	"       pmo [-p KEY] export --format ical [--today DATE]\n",
	"the plan as a TaskJuggler 3 project, or milestones and due items as an iCalendar, on standard output",
	NULL,
};

const pmo_family pmo_export_command = { "export", NULL, &export_verb, 1, 1, NULL, NULL };
