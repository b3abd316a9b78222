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

/* The columns: the table's and Markdown's (those with a header) and the
 * CSV's (all, by key), in one order. */
enum {
	C_PROJECT, C_NAME, C_STATUS, C_MANAGER, C_FINISH, C_BASELINE, C_SLIP, C_SPI, C_CPI, C_DONE,
	C_PLANNED, C_SPENT, C_USED, C_HIGH, C_CRITICAL, C_OVERDUE, C_RATING, C_REASONS, NCOLS
};

static const struct {
	const char *head;  /* table and Markdown; NULL: CSV only */
	const char *key;   /* CSV and JSON */
	int right;         /* a number or an amount: aligned right */
	int number;        /* a number in JSON (amounts are decimal strings) */
} cols[NCOLS] = {
	[C_PROJECT] = { "Project", "project", 0, 0 },
	[C_NAME] = { "Name", "name", 0, 0 },
	[C_STATUS] = { "Status", "status", 0, 0 },
	[C_MANAGER] = { NULL, "manager", 0, 0 },
	[C_FINISH] = { "Finish", "finish", 0, 0 },
	[C_BASELINE] = { NULL, "baseline_finish", 0, 0 },
	[C_SLIP] = { "Slip", "finish_variance", 1, 1 },
	[C_SPI] = { "SPI", "spi", 1, 1 },
	[C_CPI] = { "CPI", "cpi", 1, 1 },
	[C_DONE] = { "Done", "progress", 1, 1 },
	[C_PLANNED] = { "Budget", "budget_planned", 1, 0 },
	[C_SPENT] = { NULL, "budget_spent", 1, 0 },
	[C_USED] = { "Used", "budget_used", 1, 1 },
	[C_HIGH] = { "High", "high_risks", 1, 1 },
	[C_CRITICAL] = { "Critical", "critical_risks", 1, 1 },
	[C_OVERDUE] = { "Overdue", "overdue", 1, 1 },
	[C_RATING] = { "Rating", "rating", 0, 0 },
	[C_REASONS] = { NULL, "reasons", 0, 0 },
};

typedef struct {
	const char *v[NCOLS];      /* each cell, NULL: empty */
	char text[NCOLS][PMO_MONEY_BUFSZ];
	pmo_buf rating;
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

static const char *count(cells *c, int col, size_t n)
{
	snprintf(c->text[col], sizeof(c->text[col]), "%zu", n);
	return c->text[col];
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

/* The cells of a row as format shows them: "csv" (and JSON) plain, no
 * n/a, no thousands separators, the rating's word and its reasons apart;
 * "md" the rating with its colour. */
static void row_cells(cells *c, const pmo_portfolio_row *r, const pmo_currency *cur, const char *format)
{
	int plain = !strcmp(format, "csv") || !strcmp(format, "json"), i;
	char (*t)[PMO_MONEY_BUFSZ] = c->text;

	for (i = 0; i < NCOLS; i++)
		c->v[i] = plain ? NULL : NA;
	c->v[C_PROJECT] = r->key;
	c->v[C_NAME] = r->name;
	c->v[C_STATUS] = r->status;
	c->v[C_MANAGER] = r->manager;
	if (r->finish != PMO_NODATE)
		c->v[C_FINISH] = pmo_date_format(t[C_FINISH], r->finish);
	if (r->baseline_finish != PMO_NODATE)
		c->v[C_BASELINE] = pmo_date_format(t[C_BASELINE], r->baseline_finish);
	if (r->finish != PMO_NODATE && r->baseline_finish != PMO_NODATE) {
		snprintf(t[C_SLIP], sizeof(t[C_SLIP]), "%s%ld", r->finish_variance > 0 && !plain ? "+" : "",
			 r->finish_variance);
		c->v[C_SLIP] = t[C_SLIP];
	}
	if (r->has_spi)
		c->v[C_SPI] = pmo_dec_format(t[C_SPI], r->spi);
	if (r->has_cpi)
		c->v[C_CPI] = pmo_dec_format(t[C_CPI], r->cpi);
	if (r->has_plan) {
		snprintf(t[C_DONE], sizeof(t[C_DONE]), plain ? "%.1f" : "%.0f%%", r->progress);
		c->v[C_DONE] = t[C_DONE];
	}
	if (r->has_budget) {
		c->v[C_PLANNED] = pmo_money_format(t[C_PLANNED], r->budget_planned, cur, !plain);
		c->v[C_SPENT] = pmo_money_format(t[C_SPENT], r->budget_spent, cur, !plain);
	}
	if (r->has_used)
		c->v[C_USED] = percent(t[C_USED], r->budget_used, plain);
	c->v[C_HIGH] = count(c, C_HIGH, r->high_risks);
	c->v[C_CRITICAL] = count(c, C_CRITICAL, r->critical_risks);
	c->v[C_OVERDUE] = count(c, C_OVERDUE, r->overdue);
	if (plain) {
		c->v[C_RATING] = pmo_rag_name(r->rating);
		pmo_buf_clear(&c->rating);
		pmo_portfolio_reasons_text(&c->rating, r);
		c->v[C_REASONS] = pmo_buf_cstr(&c->rating);
	} else
		c->v[C_RATING] = rating_text(&c->rating, r, !strcmp(format, "md"));
}

/* The portfolio's row of the table and Markdown: what adds up. */
static void total_cells(cells *c, const pmo_portfolio *p, const pmo_currency *cur, int md, pmo_buf *name)
{
	int i;

	for (i = 0; i < NCOLS; i++)
		c->v[i] = NULL;
	c->v[C_PROJECT] = "Total";
	pmo_buf_printf(name, "%zu project%s", p->n, p->n == 1 ? "" : "s");
	c->v[C_NAME] = pmo_buf_cstr(name);
	c->v[C_PLANNED] = c->v[C_USED] = NA;
	if (p->has_budget)
		c->v[C_PLANNED] = pmo_money_format(c->text[C_PLANNED], p->budget_planned, cur, 1);
	if (p->has_used)
		c->v[C_USED] = percent(c->text[C_USED], p->budget_used, 0);
	c->v[C_HIGH] = count(c, C_HIGH, p->high_risks);
	c->v[C_CRITICAL] = count(c, C_CRITICAL, p->critical_risks);
	c->v[C_OVERDUE] = count(c, C_OVERDUE, p->overdue);
	pmo_buf_clear(&c->rating);
	for (i = 3; i-- > 0;)
		pmo_buf_printf(&c->rating, "%s%s%s%zu %s", i < 2 ? ", " : "", md ? emoji[i] : "", md ? " " : "",
			       p->ratings[i], pmo_rag_name((pmo_rag)i));
	c->v[C_RATING] = pmo_buf_cstr(&c->rating);
}

/* --- table, Markdown and CSV ------------------------------------------------ */

/* Table and Markdown: the columns with a header, the total row; CSV: every
 * column by its key, data alone (no total row: a spreadsheet sums). */
int pmo_portfolio_table(pmo_buf *out, const pmo_ctx *ctx, const pmo_portfolio *p, const char *format)
{
	const pmo_currency *cur = &ctx->settings->money;
	int csv = !strcmp(format, "csv");
	pmo_table *t = NULL;
	pmo_buf name = PMO_BUF_INIT;
	const char *row[NCOLS];
	cells c;
	size_t i, n = 0;
	int error, k;

	memset(&c, 0, sizeof(c));
	for (k = 0; k < NCOLS; k++)
		n += csv || cols[k].head;
	if ((error = pmo_table_new(&t, n)) < 0)
		return error;
	for (k = 0, i = 0; k < NCOLS && error >= 0; k++) {
		if (!csv && !cols[k].head)
			continue;
		if (cols[k].right)
			pmo_table_right(t, i);
		if ((!strcmp(cols[k].key, "name") || !strcmp(cols[k].key, "rating")) && !csv)
			pmo_table_shrink(t, i);
		error = pmo_table_header(t, i++, csv ? cols[k].key : cols[k].head);
	}
	for (i = 0; i <= p->n && error >= 0; i++) {
		if (i == p->n && csv)
			break;
		if (i < p->n)
			row_cells(&c, &p->rows[i], cur, format);
		else
			total_cells(&c, p, cur, !strcmp(format, "md"), &name);
		for (k = 0, n = 0; k < NCOLS; k++)
			if (csv || cols[k].head)
				row[n++] = c.v[k];
		error = pmo_table_row(t, row);
	}
	if (error >= 0)
		error = pmo_emit_table(out, ctx, t, format);
	pmo_buf_free(&c.rating);
	pmo_buf_free(&name);
	pmo_table_free(t);
	return error;
}

/* --- JSON ---------------------------------------------------------------------- */

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

	memset(&c, 0, sizeof(c));
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

		row_cells(&c, r, cur, "json");
		pmo_buf_puts(b, i ? ",\n    {" : "\n    {");
		for (k = 0; k < C_REASONS; k++) {
			if (cols[k].number)
				pmo_buf_printf(b, "%s\"%s\": %s", k ? ", " : "", cols[k].key, c.v[k] ? c.v[k] : "null");
			else
				pmo_json_member(b, cols[k].key, c.v[k], k != 0);
		}
		pmo_buf_printf(b, ", \"plan_errors\": %zu", r->plan_errors);
		if (r->forced)
			pmo_buf_puts(b, ", \"forced\": true");
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
	pmo_buf_printf(b, ", \"budget_used\": %s", p->has_used ? percent(s, p->budget_used, 1) : "null");
	pmo_buf_printf(b, ", \"high_risks\": %zu, \"critical_risks\": %zu, \"overdue\": %zu}\n}\n",
		       p->high_risks, p->critical_risks, p->overdue);
	pmo_buf_free(&c.rating);
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
	o.repo = ctx->repo;
	o.force = force;
	if (as_of_given && pmo_date_parse(&o.as_of, as_of_given, strlen(as_of_given)) < 0)
		return pmo_die(2, "--as-of: \"%s\" is not a valid date (YYYY-MM-DD)", as_of_given);
	if (pmo_portfolio_status(&p, ctx->src, ctx->model, ctx->settings, &o) < 0)
		return pmo_fail();
	if (!strcmp(format, "json")) {
		render_json(&out, ctx, p);
		error = pmo_buf_oom(&out);
	} else
		error = pmo_portfolio_table(&out, ctx, p, format);
	code = error < 0 ? pmo_fail() : pmo_emit(&out);
	for (i = 0; i < p->problems.n; i++)
		pmo_print_finding(&p->problems.items[i], p->problems.items[i].path, 0);
	if (p->problems.n && !code)
		code = 1;
	pmo_portfolio_free(p);
	pmo_buf_free(&out);
	return code;
}
