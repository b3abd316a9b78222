/*
 * pmo report --md [-p KEY] [--today DATE]: Markdown for a merge request or
 * the weekly mail. The portfolio's status table as pmo status has it
 * (lib/check/portfolio.c), then per project a section: its plan as a
 * mermaid gantt chart (milestones, critical and done tasks; pmo schedule
 * --format mermaid's), its open high and critical risks, and what is
 * overdue (pmo due's). Nothing in it depends on the clock but the status
 * date, so the same tree and --today give the same bytes. Paged on a
 * terminal as pmo diff is.
 */
#include "report_internal.h"
#include "portfolio.h"
#include "check/due.h"
#include "render/mermaid.h"
#include "render/report_md.h"

#include <stdlib.h>
#include <string.h>

/* The plan's gantt chart, or a line saying why there is none. */
static int plan_chart(pmo_buf *out, pmo_ctx *ctx, const pmo_portfolio_row *row,
		      const pmo_report_args *o, pmo_date as_of)
{
	const char *project = ctx->project;
	pmo_schedule *s = NULL;
	planctx p;
	int code = 0;

	memset(&p, 0, sizeof(p));
	if (!row->has_plan) {
		pmo_buf_puts(out, "No plan to chart (no plan, no start date, or one pmo validate "
			     "rejects: see pmo validate).\n\n");
		return 0;
	}
	ctx->project = row->key;
	if (!(code = plan_read(&p, ctx, o->force ? 1 : 0)) && !(code = plan_schedule(&s, &p, as_of))) {
		pmo_mermaid_options mo = { row->name, row->key, p.progress };

		if (pmo_mermaid_render(out, p.plan, s, p.cal, &mo) < 0)
			code = pmo_fail();
		pmo_buf_putc(out, '\n');
	}
	pmo_schedule_free(s);
	planctx_free(&p);
	ctx->project = project;
	return code;
}

/* A table (Markdown) of rows of ncols cells, or "None." */
static int md_table(pmo_buf *out, const char *const *heads, size_t ncols, const char **cells,
		    size_t nrows)
{
	pmo_table *t = NULL;
	size_t i;
	int error;

	if (!nrows) {
		pmo_buf_puts(out, "None.\n\n");
		return 0;
	}
	if ((error = pmo_table_new(&t, ncols)) < 0)
		return error;
	for (i = 0; i < ncols && error >= 0; i++)
		error = pmo_table_header(t, i, heads[i]);
	for (i = 0; i < nrows && error >= 0; i++)
		error = pmo_table_row(t, cells + i * ncols);
	if (error >= 0 && (error = pmo_table_md(out, t)) >= 0)
		pmo_buf_putc(out, '\n');
	pmo_table_free(t);
	return error;
}

/* The project's open high and critical risks, critical first, by ID. */
static int risk_table(pmo_buf *out, const pmo_records *risks, const char *key)
{
	static const char *const heads[] = { "ID", "Title", "Level", "Score", "Owner", "Review" };
	static const char *const levels[] = { "critical", "high" };
	const char **cells = calloc(risks->n ? 6 * risks->n : 1, sizeof(*cells));
	size_t i, l, n = 0;
	int error;

	if (!cells)
		return PMO_ENOMEM;
	for (l = 0; l < 2; l++)
		for (i = 0; i < risks->n; i++) {
			const pmo_record *r = risks->items[i];
			const pmo_node *v = r->view;
			const char *level = pmo_node_text(pmo_map_get(v, "level"));
			const char **c = cells + 6 * n;

			if (!r->project || strcmp(r->project, key) || !level || strcmp(level, levels[l]) ||
			    !pmo_risk_live(pmo_doc_root(r->doc)))
				continue;
			c[0] = r->id;
			c[1] = pmo_node_text(pmo_map_get(v, "title"));
			c[2] = level;
			c[3] = pmo_node_text(pmo_map_get(v, "score"));
			c[4] = pmo_node_text(pmo_map_get(v, "owner"));
			c[5] = pmo_node_text(pmo_map_get(v, "review"));
			n++;
		}
	for (i = 0; i < 6 * n; i++)
		if (!cells[i])
			cells[i] = "";
	error = md_table(out, heads, 6, cells, n);
	free(cells);
	return error;
}

/* What is overdue in the project as of the status date, oldest first. */
static int overdue_table(pmo_buf *out, const pmo_due_list *due, const char *key)
{
	static const char *const heads[] = { "Due", "Record", "What", "Title", "Owner", "Days over" };
	const char **cells = calloc(due->n ? 6 * due->n : 1, sizeof(*cells));
	char (*dates)[11] = calloc(due->n ? due->n : 1, sizeof(*dates));
	char (*days)[24] = calloc(due->n ? due->n : 1, sizeof(*days));
	size_t i, n = 0;
	int error;

	if (!cells || !dates || !days) {
		error = PMO_ENOMEM;
		goto done;
	}
	for (i = 0; i < due->n; i++) {
		const pmo_due_item *it = &due->items[i];
		const char **c = cells + 6 * n;

		if (it->days >= 0 || !it->project || strcmp(it->project, key))
			continue;
		pmo_date_format(dates[n], it->date);
		snprintf(days[n], sizeof(days[n]), "%ld", -it->days);
		c[0] = dates[n];
		c[1] = it->record;
		c[2] = it->what ? it->what : "";
		c[3] = it->title ? it->title : "";
		c[4] = it->owner ? it->owner : "";
		c[5] = days[n];
		n++;
	}
	error = md_table(out, heads, 6, cells, n);
done:
	free(cells);
	free(dates);
	free(days);
	return error;
}

int pmo_report_md_run(pmo_ctx *ctx, const pmo_report_args *o)
{
	const pmo_kind *risk = pmo_model_kind(ctx->model, "risk");
	const char *only = ctx->project;
	pmo_portfolio_options po;
	pmo_portfolio *p = NULL;
	pmo_records risks = { 0 };
	pmo_findings problems;
	pmo_due_list due = { 0 };
	pmo_buf out = PMO_BUF_INIT, head = PMO_BUF_INIT;
	char ds[11];
	size_t i;
	int code = 0, error = 0;

	pmo_findings_init(&problems);
	memset(&po, 0, sizeof(po));
	po.as_of = pmo_date_today();
	po.force = o->force;
	if (o->today && pmo_date_parse(&po.as_of, o->today, strlen(o->today)) < 0)
		return pmo_die(2, "--today takes a date YYYY-MM-DD, not \"%s\"", o->today);
	if (only && (code = pmo_check_project(ctx, only)))
		return code;
	if (pmo_portfolio_status(&p, ctx->src, ctx->model, ctx->settings, &po) < 0 ||
	    (risk && pmo_records_list(&risks, &problems, ctx->src, risk, only, ctx->settings) < 0) ||
	    pmo_due_tree(&due, ctx->src, ctx->model, po.as_of) < 0) {
		code = pmo_fail();
		goto done;
	}
	if (only) {
		/* the one project's row: the table's total is then its own */
		for (i = 0; i < p->n && strcmp(p->rows[i].key, only); i++)
			;
		if (i == p->n) {
			code = pmo_die(1, "project %s is closed or cancelled: pmo report shows active projects",
				       only);
			goto done;
		}
		if (i) {
			pmo_portfolio_row t = p->rows[0];
			p->rows[0] = p->rows[i];
			p->rows[i] = t;
		}
	}
	pmo_buf_printf(&head, "Status %s", pmo_date_format(ds, po.as_of));
	pmo_md_heading(&out, 1, head.ptr);
	if (only) {
		size_t n = p->n;

		p->n = 1;
		error = pmo_portfolio_table(&out, ctx, p, "md");
		p->n = n;
	} else {
		error = pmo_portfolio_table(&out, ctx, p, "md");
	}
	pmo_buf_putc(&out, '\n');
	for (i = 0; i < p->n && error >= 0 && !code; i++) {
		const pmo_portfolio_row *row = &p->rows[i];

		if (only && strcmp(row->key, only))
			continue;
		pmo_buf_clear(&head);
		pmo_buf_printf(&head, "%s %s", row->key, row->name ? row->name : "");
		pmo_md_heading(&out, 2, head.ptr);
		pmo_md_heading(&out, 3, "Plan");
		if ((code = plan_chart(&out, ctx, row, o, po.as_of)))
			break;
		pmo_md_heading(&out, 3, "Open high and critical risks");
		if ((error = risk_table(&out, &risks, row->key)) < 0)
			break;
		pmo_md_heading(&out, 3, "Overdue");
		error = overdue_table(&out, &due, row->key);
	}
	if (error < 0 && !code)
		code = pmo_fail();
	if (!code) {
		pmo_pager_start(ctx);
		code = pmo_emit(&out);
	}
	for (i = 0; p && i < p->problems.n; i++)
		pmo_print_finding(&p->problems.items[i], p->problems.items[i].path, 0);
	if (p && p->problems.n && !code)
		code = 1;
done:
	pmo_portfolio_free(p);
	pmo_records_free(&risks);
	pmo_findings_free(&problems);
	pmo_due_list_free(&due);
	pmo_buf_free(&out);
	pmo_buf_free(&head);
	return code;
}
