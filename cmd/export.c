/*
 * pmo export --format tjp [--report NAME]: the plan as a TaskJuggler 3
 * project (lib/plan/tjp.c) on standard output; --format mspdi: the plan
 * as Microsoft Project XML (lib/render/mspdi.c); --format ical: the
 * project's milestones and due items as an iCalendar (RFC 5545), the
 * calendar `pmo due --format ical` writes for the whole portfolio;
 * --format xlsx: the project as an Excel workbook (lib/check/workbook.c),
 * on standard output or in --output FILE.
 */
#include "plan_internal.h"
#include "check/due.h"
#include "check/workbook.h"
#include "util/fs.h"
#include "render/mspdi.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* The workbook of the project: the plan scheduled as of today (--today,
 * PMO_TODAY) against its last baseline, the budget and every record. A
 * workbook is binary: it goes to a file (--output, or standard output
 * sent to one), never to a terminal, as git archive and gzip refuse to. */
static int export_xlsx(pmo_ctx *ctx, const char *today_s, const char *output, int force)
{
	pmo_workbook_input in;
	pmo_findings probs = { 0 };
	pmo_schedule *s = NULL;
	pmo_buf out = PMO_BUF_INIT;
	pmo_date today = pmo_date_today();
	planctx p;
	int code;

	memset(&p, 0, sizeof(p));
	if (today_s && pmo_date_parse(&today, today_s, strlen(today_s)) < 0)
		return pmo_die(2, "--today takes a date YYYY-MM-DD, not \"%s\"", today_s);
	if (!output && isatty(STDOUT_FILENO))
		return pmo_die(2, "an xlsx workbook is binary and standard output is a terminal; "
			       "send it to a file (> %s.xlsx) or give --output FILE",
			       ctx->project ? ctx->project : "KEY");
	if ((code = plan_read(&p, ctx, force)) || (code = plan_schedule(&s, &p, today)))
		goto done;
	memset(&in, 0, sizeof(in));
	if ((code = plan_baseline(&in.baseline, &p, NULL)) || (code = plan_costs(&p)))
		goto done;
	in.project = p.key;
	in.src = ctx->src;
	in.model = ctx->model;
	in.settings = ctx->settings;
	in.plan = p.plan;
	in.sched = s;
	in.progress = p.progress;
	in.planned = p.has_costs ? p.planned : NULL;
	in.budget = pmo_costs_budget(p.costs); /* read once, for the costs and the sheets */
	in.today = today;
	if (pmo_workbook_xlsx(&out, &probs, &in) < 0) {
		code = pmo_fail();
		goto done;
	}
	if (output && pmo_fs_write_atomic(output, out.ptr, out.len) < 0)
		code = pmo_fail();
	else if (!output)
		code = pmo_emit(&out);
done:
	code = pmo_print_problems(&probs, code);
	pmo_findings_free(&probs);
	pmo_schedule_free(s);
	pmo_buf_free(&out);
	planctx_free(&p);
	return code;
}

/* The plan as Microsoft Project XML, scheduled as of the day given
 * (--as-of, default today as pmo schedule), on the project's calendar. */
static int export_mspdi(planctx *p, const char *as_of_given)
{
	pmo_schedule *s = NULL;
	pmo_mspdi_options o;
	pmo_buf out = PMO_BUF_INIT;
	const pmo_node *name = pmo_map_get(pmo_doc_root(p->project), "name");
	pmo_date as_of;
	int code;

	if ((code = plan_as_of(&as_of, as_of_given)) || (code = plan_schedule(&s, p, as_of)))
		goto done;
	memset(&o, 0, sizeof(o));
	o.name = p->key;
	o.title = name ? pmo_node_text(name) : NULL;
	o.currency = p->ctx->settings ? p->ctx->settings->currency : NULL;
	o.progress = p->progress;
	if (pmo_mspdi_render(&out, p->plan, s, p->cal, p->start, &o) < 0) {
		code = pmo_fail();
		goto done;
	}
	code = pmo_emit(&out);
done:
	pmo_schedule_free(s);
	pmo_buf_free(&out);
	return code;
}

/* --- export ---------------------------------------------------------------------------------- */

static int cmd_export_run(pmo_ctx *ctx, int argc, char **argv)
{
	const char *format = NULL, *report = NULL, *today = NULL, *output = NULL, *as_of = NULL;
	int force = 0;
	const pmo_opt opts[] = {
		OPT_STRING('f', "format", &format, "FORMAT", "tjp (a TaskJuggler 3 project), mspdi (Microsoft Project XML), ical (milestones and due items, RFC 5545) or xlsx (an Excel workbook)"),
		OPT_STRING(0, "report", &report, "NAME", "add a CSV task report NAME.csv (id, start, end) to the project"),
		OPT_STRING(0, "today", &today, "DATE", "ical: the day the calendar is made (DTSTAMP); xlsx: the schedule's status date (default today, or $PMO_TODAY)"),
		OPT_STRING(0, "as-of", &as_of, "DATE", "mspdi: the status date of the dates written (default today; none: the plan alone)"),
		OPT_STRING('o', "output", &output, "FILE", "xlsx: write the workbook to FILE (replaced whole) instead of standard output"),
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
		return pmo_die(2, "export needs --format tjp, mspdi, ical or xlsx");
	if ((code = pmo_format(&format, ctx, format, "tjp,mspdi,ical,xlsx", "tjp")))
		return code;
	if (report && strcmp(format, "tjp"))
		return pmo_die(2, "--report is for --format tjp, not %s", format);
	if (today && strcmp(format, "ical") && strcmp(format, "xlsx"))
		return pmo_die(2, "--today is for --format ical or xlsx, not %s", format);
	if (as_of && strcmp(format, "mspdi"))
		return pmo_die(2, "--as-of is for --format mspdi, not %s", format);
	if (output && strcmp(format, "xlsx"))
		return pmo_die(2, "--output is for --format xlsx, not %s", format);
	if (!strcmp(format, "xlsx"))
		return export_xlsx(ctx, today, output, force);
	if (!strcmp(format, "ical"))
		return export_ical(ctx, today);
	if ((code = plan_read(&p, ctx, force)))
		goto done;
	if (!strcmp(format, "mspdi")) {
		code = export_mspdi(&p, as_of);
		goto done;
	}
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
	"       pmo [-p KEY] export --format mspdi [--as-of DATE]\n"
	"       pmo [-p KEY] export --format ical [--today DATE]\n"
	"       pmo [-p KEY] export --format xlsx [--today DATE] [--output FILE]\n",
	"the plan as a TaskJuggler 3 project or Microsoft Project XML, milestones and due items as an iCalendar, or the project as an Excel workbook",
	NULL,
};

const pmo_family pmo_export_command = { "export", NULL, &export_verb, 1, 1, NULL, NULL };
