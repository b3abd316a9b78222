/*
 * The portfolio's weekly status: `pmo status` without a project (no -p,
 * and the current folder in no projects/<KEY>/). One row per project that
 * is not closed or cancelled, a total row, as a table, JSON, CSV or
 * Markdown (for the weekly report's email and merge requests: the rating
 * as 🔴/🟡/🟢 and its word, so that it reads without colour too).
 *
 * The figures and the rating are lib/check/portfolio.c's; this file
 * prints them. docs/status.md tells the columns and the thresholds.
 */
#include "portfolio.h"
#include "check/portfolio.h"

#include <stdio.h>
#include <string.h>

#define NA "n/a"

static const char *const emoji[] = { "🟢", "🟡", "🔴" };

/* --- cells ------------------------------------------------------------------ */

typedef struct {
	char finish[11], baseline[11], slip[24], spi[PMO_MONEY_BUFSZ], cpi[PMO_MONEY_BUFSZ];
	char done[24], planned[PMO_MONEY_BUFSZ], spent[PMO_MONEY_BUFSZ], used[PMO_MONEY_BUFSZ];
	char high[24], critical[24], overdue[24];
} cells;

/* A share with 4 places as a percent: 0.0742 → "7.42%"; plain (csv,
 * JSON) the share itself. */
static char *percent(char buf[PMO_MONEY_BUFSZ], pmo_dec d, int plain)
{
	pmo_dec p = d;
	size_t len;

	if (plain)
		return pmo_dec_format(buf, d);
	for (; p.scale < 2; p.scale++)
		p.mant *= 10;
	p.scale -= 2;
	len = strlen(pmo_dec_format(buf, p));
	if (len + 1 < PMO_MONEY_BUFSZ) {
		buf[len] = '%';
		buf[len + 1] = '\0';
	}
	return buf;
}

/* The cells of a row; plain: as CSV has them (no n/a, no separators). */
static void row_cells(cells *c, const pmo_portfolio_row *r, const pmo_currency *cur, int plain)
{
	const char *na = plain ? "" : NA;

	snprintf(c->finish, sizeof(c->finish), "%s", na);
	snprintf(c->baseline, sizeof(c->baseline), "%s", na);
	snprintf(c->slip, sizeof(c->slip), "%s", na);
	snprintf(c->spi, sizeof(c->spi), "%s", na);
	snprintf(c->cpi, sizeof(c->cpi), "%s", na);
	snprintf(c->done, sizeof(c->done), "%s", na);
	snprintf(c->planned, sizeof(c->planned), "%s", na);
	snprintf(c->spent, sizeof(c->spent), "%s", na);
	snprintf(c->used, sizeof(c->used), "%s", na);
	if (r->finish != PMO_NODATE)
		pmo_date_format(c->finish, r->finish);
	if (r->baseline_finish != PMO_NODATE)
		pmo_date_format(c->baseline, r->baseline_finish);
	if (r->finish != PMO_NODATE && r->baseline_finish != PMO_NODATE)
		snprintf(c->slip, sizeof(c->slip), "%s%ld", r->finish_variance > 0 && !plain ? "+" : "",
			 r->finish_variance);
	if (r->has_spi)
		pmo_dec_format(c->spi, r->spi);
	if (r->has_cpi)
		pmo_dec_format(c->cpi, r->cpi);
	if (r->has_plan)
		snprintf(c->done, sizeof(c->done), plain ? "%.1f" : "%.0f%%", r->progress);
	if (r->has_budget) {
		pmo_money_format(c->planned, r->budget_planned, cur, !plain);
		pmo_money_format(c->spent, r->budget_spent, cur, !plain);
	}
	if (r->has_used)
		percent(c->used, r->budget_used, plain);
	snprintf(c->high, sizeof(c->high), "%zu", r->high_risks);
	snprintf(c->critical, sizeof(c->critical), "%zu", r->critical_risks);
	snprintf(c->overdue, sizeof(c->overdue), "%zu", r->overdue);
}

/* The rating as a table or Markdown shows it: "red: SPI 0.80 < 0.85",
 * "green"; Markdown puts its colour before it. */
static const char *rating_text(pmo_buf *b, const pmo_portfolio_row *r, int md)
{
	pmo_buf_clear(b);
	if (md)
		pmo_buf_printf(b, "%s ", emoji[r->rating]);
	if (r->nreasons)
		pmo_portfolio_reasons_text(b, r);
	else
		pmo_buf_puts(b, pmo_rag_name(r->rating));
	return pmo_buf_cstr(b);
}

/* --- table and Markdown ---------------------------------------------------- */

enum { NCOLS = 14 };

static int render_table(pmo_buf *out, const pmo_ctx *ctx, const pmo_portfolio *p, const char *format)
{
	static const char *const heads[NCOLS] = { "Project", "Name", "Status", "Finish", "Slip", "SPI", "CPI",
						   "Done", "Budget", "Used", "High", "Critical", "Overdue", "Rating" };
	static const size_t right[] = { 4, 5, 6, 7, 8, 9, 10, 11, 12 };
	const pmo_currency *cur = &ctx->settings->money;
	int md = !strcmp(format, "md");
	pmo_table *t = NULL;
	pmo_buf rating = PMO_BUF_INIT, count = PMO_BUF_INIT;
	cells c;
	size_t i;
	int error;

	if ((error = pmo_table_new(&t, NCOLS)) < 0)
		return error;
	for (i = 0; i < NCOLS && error >= 0; i++)
		error = pmo_table_header(t, i, heads[i]);
	for (i = 0; i < sizeof(right) / sizeof(right[0]); i++)
		pmo_table_right(t, right[i]);
	pmo_table_shrink(t, 1);
	pmo_table_shrink(t, 13);
	for (i = 0; i < p->n && error >= 0; i++) {
		const pmo_portfolio_row *r = &p->rows[i];
		const char *row[NCOLS];

		row_cells(&c, r, cur, 0);
		row[0] = r->key;
		row[1] = r->name;
		row[2] = r->status;
		row[3] = c.finish;
		row[4] = c.slip;
		row[5] = c.spi;
		row[6] = c.cpi;
		row[7] = c.done;
		row[8] = c.planned;
		row[9] = c.used;
		row[10] = c.high;
		row[11] = c.critical;
		row[12] = c.overdue;
		row[13] = rating_text(&rating, r, md);
		error = pmo_table_row(t, row);
	}
	if (error >= 0) {
		/* the portfolio: what adds up */
		const char *row[NCOLS] = { "Total" };
		char planned[PMO_MONEY_BUFSZ] = NA, used[PMO_MONEY_BUFSZ] = NA;

		snprintf(c.high, sizeof(c.high), "%zu", p->high_risks);
		snprintf(c.critical, sizeof(c.critical), "%zu", p->critical_risks);
		snprintf(c.overdue, sizeof(c.overdue), "%zu", p->overdue);
		if (p->has_budget)
			pmo_money_format(planned, p->budget_planned, cur, 1);
		if (p->has_used)
			percent(used, p->budget_used, 0);
		pmo_buf_printf(&count, "%zu project%s", p->n, p->n == 1 ? "" : "s");
		pmo_buf_clear(&rating);
		for (i = 3; i-- > 0;)
			pmo_buf_printf(&rating, "%s%s%s%zu %s", i < 2 ? ", " : "", md ? emoji[i] : "",
				       md ? " " : "", p->ratings[i], pmo_rag_name((pmo_rag)i));
		row[1] = pmo_buf_cstr(&count);
		row[8] = planned;
		row[9] = used;
		row[10] = c.high;
		row[11] = c.critical;
		row[12] = c.overdue;
		row[13] = pmo_buf_cstr(&rating);
		error = pmo_table_row(t, row);
	}
	if (error >= 0)
		error = pmo_emit_table(out, ctx, t, format);
	pmo_buf_free(&rating);
	pmo_buf_free(&count);
	pmo_table_free(t);
	return error;
}

/* --- CSV ---------------------------------------------------------------------- */

enum { NCSV = 18 };

/* Data alone, a row a project (no total row: a spreadsheet sums). */
static int render_csv(pmo_buf *out, const pmo_ctx *ctx, const pmo_portfolio *p)
{
	static const char *const heads[NCSV] = { "project", "name", "status", "manager", "finish",
						  "baseline_finish", "finish_variance", "spi", "cpi", "progress",
						  "budget_planned", "budget_spent", "budget_used", "high_risks",
						  "critical_risks", "overdue", "rating", "reasons" };
	pmo_table *t = NULL;
	pmo_buf reasons = PMO_BUF_INIT;
	cells c;
	size_t i;
	int error;

	if ((error = pmo_table_new(&t, NCSV)) < 0)
		return error;
	for (i = 0; i < NCSV && error >= 0; i++)
		error = pmo_table_header(t, i, heads[i]);
	for (i = 0; i < p->n && error >= 0; i++) {
		const pmo_portfolio_row *r = &p->rows[i];
		const char *row[NCSV];

		row_cells(&c, r, &ctx->settings->money, 1);
		pmo_buf_clear(&reasons);
		pmo_portfolio_reasons_text(&reasons, r);
		row[0] = r->key;
		row[1] = r->name;
		row[2] = r->status;
		row[3] = r->manager;
		row[4] = c.finish;
		row[5] = c.baseline;
		row[6] = c.slip;
		row[7] = c.spi;
		row[8] = c.cpi;
		row[9] = c.done;
		row[10] = c.planned;
		row[11] = c.spent;
		row[12] = c.used;
		row[13] = c.high;
		row[14] = c.critical;
		row[15] = c.overdue;
		row[16] = pmo_rag_name(r->rating);
		row[17] = pmo_buf_cstr(&reasons);
		error = pmo_table_row(t, row);
	}
	if (error >= 0)
		error = pmo_table_csv(out, t);
	pmo_buf_free(&reasons);
	pmo_table_free(t);
	return error;
}

/* --- JSON ---------------------------------------------------------------------- */

static void json_raw(pmo_buf *b, const char *key, const char *v, int present)
{
	pmo_buf_printf(b, ", \"%s\": %s", key, present ? v : "null");
}

static void json_money(pmo_buf *b, const char *key, pmo_money m, const pmo_currency *cur, int present)
{
	char s[PMO_MONEY_BUFSZ];

	pmo_buf_puts(b, ", ");
	pmo_json_member(b, key, present ? pmo_money_format(s, m, cur, 0) : NULL, 0);
}

static void json_limits(pmo_buf *b, const char *name, const pmo_rag_limits *l)
{
	char s[PMO_MONEY_BUFSZ];
	size_t f;

	pmo_buf_printf(b, "\"%s\": {", name);
	for (f = 0; f < PMO_RATE_N; f++)
		pmo_buf_printf(b, "%s\"%s\": %s", f ? ", " : "", pmo_rate_key((pmo_rate_figure)f),
			       l->set[f] ? pmo_dec_format(s, l->limit[f]) : "null");
	pmo_buf_putc(b, '}');
}

static void render_json(pmo_buf *b, const pmo_ctx *ctx, const pmo_portfolio *p)
{
	const pmo_currency *cur = &ctx->settings->money;
	char s[PMO_MONEY_BUFSZ];
	cells c;
	size_t i, k;

	pmo_buf_puts(b, "{\n  \"version\": 1,\n  ");
	pmo_json_member(b, "as_of", pmo_date_format(s, p->as_of), 0);
	pmo_buf_puts(b, ",\n  ");
	pmo_json_member(b, "currency", cur->code[0] ? cur->code : NULL, 0);
	pmo_buf_puts(b, ",\n  \"thresholds\": {");
	json_limits(b, "amber", &p->thresholds.amber);
	pmo_buf_puts(b, ", ");
	json_limits(b, "red", &p->thresholds.red);
	pmo_buf_puts(b, "},\n  \"projects\": [");
	for (i = 0; i < p->n; i++) {
		const pmo_portfolio_row *r = &p->rows[i];

		row_cells(&c, r, cur, 1);
		pmo_buf_puts(b, i ? ",\n    {" : "\n    {");
		pmo_json_member(b, "project", r->key, 0);
		pmo_json_member(b, "name", r->name, 1);
		pmo_json_member(b, "status", r->status, 1);
		pmo_json_member(b, "manager", r->manager, 1);
		pmo_json_member(b, "finish", r->finish != PMO_NODATE ? c.finish : NULL, 1);
		pmo_json_member(b, "baseline_finish", r->baseline_finish != PMO_NODATE ? c.baseline : NULL, 1);
		json_raw(b, "finish_variance", c.slip, r->finish != PMO_NODATE && r->baseline_finish != PMO_NODATE);
		json_raw(b, "spi", c.spi, r->has_spi);
		json_raw(b, "cpi", c.cpi, r->has_cpi);
		json_raw(b, "progress", c.done, r->has_plan);
		json_money(b, "budget_planned", r->budget_planned, cur, r->has_budget);
		json_money(b, "budget_spent", r->budget_spent, cur, r->has_budget);
		json_raw(b, "budget_used", c.used, r->has_used);
		pmo_buf_printf(b, ", \"high_risks\": %zu, \"critical_risks\": %zu, \"overdue\": %zu, "
			       "\"plan_errors\": %zu", r->high_risks, r->critical_risks, r->overdue, r->plan_errors);
		if (r->forced)
			pmo_buf_puts(b, ", \"forced\": true");
		pmo_buf_puts(b, ", ");
		pmo_json_member(b, "rating", pmo_rag_name(r->rating), 0);
		pmo_buf_puts(b, ", \"reasons\": [");
		for (k = 0; k < r->nreasons; k++) {
			pmo_buf_puts(b, k ? ", {" : "{");
			pmo_json_member(b, "level", pmo_rag_name(r->reasons[k].level), 0);
			pmo_json_member(b, "figure", pmo_rate_key(r->reasons[k].figure), 1);
			pmo_json_member(b, "text", r->reasons[k].text, 1);
			pmo_buf_putc(b, '}');
		}
		pmo_buf_puts(b, "]}");
	}
	pmo_buf_puts(b, p->n ? "\n  ],\n  \"totals\": {" : "],\n  \"totals\": {");
	pmo_buf_printf(b, "\"projects\": %zu, \"red\": %zu, \"amber\": %zu, \"green\": %zu", p->n,
		       p->ratings[PMO_RAG_RED], p->ratings[PMO_RAG_AMBER], p->ratings[PMO_RAG_GREEN]);
	json_money(b, "budget_planned", p->budget_planned, cur, p->has_budget);
	json_money(b, "budget_spent", p->budget_spent, cur, p->has_budget);
	json_raw(b, "budget_used", p->has_used ? percent(s, p->budget_used, 1) : "", p->has_used);
	pmo_buf_printf(b, ", \"high_risks\": %zu, \"critical_risks\": %zu, \"overdue\": %zu}\n}\n",
		       p->high_risks, p->critical_risks, p->overdue);
}

/* --- the command ---------------------------------------------------------------- */

int pmo_portfolio_run(pmo_ctx *ctx, const char *as_of_given, const char *baseline,
		      const char *format, int force)
{
	pmo_portfolio_options o;
	pmo_portfolio *p = NULL;
	pmo_buf out = PMO_BUF_INIT;
	size_t i;
	int code, error;

	if ((code = pmo_format(&format, ctx, format, "table,json,csv,md,text", "table")))
		return code;
	if (baseline)
		return pmo_die(2, "--baseline names a baseline of one project; use: pmo -p KEY status "
			       "--baseline %s", baseline);
	memset(&o, 0, sizeof(o));
	o.as_of = pmo_date_today();
	o.force = force;
	if (as_of_given && pmo_date_parse(&o.as_of, as_of_given, strlen(as_of_given)) < 0)
		return pmo_die(2, "--as-of: \"%s\" is not a valid date (YYYY-MM-DD)", as_of_given);
	if (pmo_portfolio_status(&p, ctx->src, ctx->model, ctx->settings, &o) < 0)
		return pmo_fail();
	if (!strcmp(format, "json")) {
		render_json(&out, ctx, p);
		error = pmo_buf_oom(&out);
	} else if (!strcmp(format, "csv"))
		error = render_csv(&out, ctx, p);
	else
		error = render_table(&out, ctx, p, format);
	code = error < 0 ? pmo_fail() : pmo_emit(&out);
	for (i = 0; i < p->problems.n; i++)
		pmo_print_finding(&p->problems.items[i], p->problems.items[i].path, 0);
	if (p->problems.n && !code)
		code = 1;
	pmo_portfolio_free(p);
	pmo_buf_free(&out);
	return code;
}
