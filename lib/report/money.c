/*
 * A project page's money (report/internal.h): the earned value over time
 * (PV, EV, AC as pmo evm computes them, at each Monday of the plan and at
 * the status date) and the budget burn (the budget's lines against its
 * expenses as they were spent).
 *
 * PV and AC are computed for every day drawn; EV needs the progress of
 * each day, and a plan holds today's alone: it is drawn from nothing at
 * the start to today's EV (`pmo evm --as-of` with git's recorded progress
 * gives a past day's).
 */
#include "report/internal.h"
#include "plan/evm.h"
#include "render/html.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

#define OOM() pmo_error_set(PMO_ENOMEM, "out of memory")

typedef struct {
	pmo_date *days;
	int64_t *amounts;
	size_t n, cap;
} points;

static int point(points *p, pmo_date day, int64_t amount)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 32;
		pmo_date *d = realloc(p->days, cap * sizeof(*d));
		int64_t *a;

		if (!d)
			return OOM();
		p->days = d;
		if (!(a = realloc(p->amounts, cap * sizeof(*a))))
			return OOM();
		p->amounts = a;
		p->cap = cap;
	}
	p->days[p->n] = day;
	p->amounts[p->n++] = amount;
	return 0;
}

static void points_free(points *p)
{
	free(p->days);
	free(p->amounts);
}

static pmo_html_series series(const char *name, const char *cls, const points *p)
{
	pmo_html_series s = { name, cls, p->days, p->amounts, p->n };
	return s;
}

/* The first and last day the plan or its baseline covers. */
static void span(pmo_date *lo, pmo_date *hi, const pmo_portfolio_plan *k)
{
	size_t i;

	*lo = k->s->start;
	*hi = k->s->finish;
	for (i = 0; k->bl && i < k->bl->n; i++) {
		const pmo_baseline_entry *e = &k->bl->entries[i];

		if (e->start != PMO_NODATE && (*lo == PMO_NODATE || e->start < *lo))
			*lo = e->start;
		if (e->finish != PMO_NODATE && (*hi == PMO_NODATE || e->finish > *hi))
			*hi = e->finish;
	}
}

static void figure_row(pmo_buf *out, const char *name, pmo_money m, const pmo_currency *c)
{
	char s[PMO_MONEY_BUFSZ];

	pmo_buf_printf(out, "<tr><th>%s</th><td class=\"n\">%s</td></tr>\n", name, pmo_money_format(s, m, c, 1));
}

static void index_row(pmo_buf *out, const char *name, pmo_dec d, int has)
{
	char s[PMO_MONEY_BUFSZ];

	pmo_buf_printf(out, "<tr><th>%s</th><td class=\"n\">%s</td></tr>\n", name, has ? pmo_dec_format(s, d) : "n/a");
}

static int earned_value(pmo_buf *out, const pmo_portfolio_plan *k, const pmo_currency *c, pmo_date today)
{
	pmo_evm_input in;
	pmo_evm *e = NULL;
	points pv = { 0 }, ev = { 0 }, ac = { 0 };
	pmo_html_series all[3];
	pmo_date lo, hi, d, next;
	int error = 0;

	memset(&in, 0, sizeof(in));
	in.plan = k->plan;
	in.cal = k->cal;
	in.bl = k->bl;
	in.planned = k->planned;
	in.progress = k->progress;
	in.actuals = k->costs->actuals;
	in.nactuals = k->costs->nactuals;
	in.currency = c;
	span(&lo, &hi, k);
	if (today != PMO_NODATE && today > hi)
		hi = today;
	for (d = lo; d != PMO_NODATE && d <= hi && error >= 0; d = next) {
		/* Mondays, the first and last day, and today */
		next = d + 7 - (pmo_date_weekday(d) + 6) % 7;
		if (today != PMO_NODATE && d < today && next > today)
			next = today;
		if (d < hi && next > hi)
			next = hi;
		in.as_of = d;
		if ((error = pmo_evm_compute(&e, &in)) < 0)
			break;
		error = point(&pv, d, e->project.pv.minor);
		if (error >= 0 && (today == PMO_NODATE || d <= today))
			error = point(&ac, d, e->project.ac.minor);
		if (error >= 0 && d == lo)
			error = point(&ev, d, 0);
		if (error >= 0 && d == today && d != lo)
			error = point(&ev, d, e->project.ev.minor);
		pmo_evm_free(e);
		e = NULL;
		if (d == hi)
			break;
	}
	if (error < 0)
		goto done;
	all[0] = series("PV (planned value)", "pv", &pv);
	all[1] = series("EV (earned value)", "ev", &ev);
	all[2] = series("AC (actual cost)", "ac", &ac);
	pmo_buf_puts(out, "<h2 id=\"evm\">Earned value</h2>\n<div class=\"chart\">\n");
	pmo_html_curve(out, "earned value", all, 3, today, c->minor);
	pmo_buf_puts(out, "</div>\n");
	in.as_of = today;
	if ((error = pmo_evm_compute(&e, &in)) < 0)
		goto done;
	pmo_buf_puts(out, "<table class=\"evm\">\n");
	figure_row(out, "BAC", e->project.bac, c);
	figure_row(out, "PV", e->project.pv, c);
	figure_row(out, "EV", e->project.ev, c);
	figure_row(out, "AC", e->project.ac, c);
	index_row(out, "SPI", e->project.spi, e->project.has_spi);
	index_row(out, "CPI", e->project.cpi, e->project.has_cpi);
	figure_row(out, "EAC", e->project.eac, c);
	pmo_buf_puts(out, "</table>\n");
done:
	pmo_evm_free(e);
	points_free(&pv);
	points_free(&ev);
	points_free(&ac);
	return error;
}

static int actual_cmp(const void *pa, const void *pb)
{
	const pmo_actual *a = pa, *b = pb;

	return (a->date > b->date) - (a->date < b->date);
}

/* The budget's total against what was spent, day by day. */
static int budget_burn(pmo_buf *out, const pmo_portfolio_plan *k, const pmo_currency *c, pmo_date today)
{
	const pmo_costs *costs = k->costs;
	pmo_actual *sorted = NULL;
	points budget = { 0 }, spent = { 0 };
	pmo_html_series all[2];
	pmo_date lo = k->s ? k->s->start : PMO_NODATE, hi = k->s ? k->s->finish : PMO_NODATE;
	int64_t sum = 0;
	size_t i;
	int error = 0;

	if (costs->nactuals && !(sorted = malloc(costs->nactuals * sizeof(*sorted))))
		return OOM();
	if (costs->nactuals)
		memcpy(sorted, costs->actuals, costs->nactuals * sizeof(*sorted));
	qsort(sorted, costs->nactuals, sizeof(*sorted), actual_cmp);
	for (i = 0; i < costs->nactuals; i++) {
		pmo_date d = sorted[i].date;

		if (d == PMO_NODATE) { /* undated: spent from the start */
			sum += sorted[i].amount.minor;
			continue;
		}
		if (lo == PMO_NODATE || d < lo)
			lo = d;
		if (hi == PMO_NODATE || d > hi)
			hi = d;
	}
	if (today != PMO_NODATE && (hi == PMO_NODATE || today > hi))
		hi = today;
	if (lo == PMO_NODATE)
		lo = hi;
	error = point(&spent, lo, sum);
	for (i = 0; i < costs->nactuals && error >= 0; i++) {
		if (sorted[i].date == PMO_NODATE || (today != PMO_NODATE && sorted[i].date > today))
			continue;
		sum += sorted[i].amount.minor;
		error = point(&spent, sorted[i].date, sum);
	}
	if (error >= 0 && today != PMO_NODATE && today >= lo)
		error = point(&spent, today, sum);
	if (error >= 0)
		error = point(&budget, lo, costs->budgeted.minor);
	if (error >= 0)
		error = point(&budget, hi, costs->budgeted.minor);
	if (error >= 0) {
		all[0] = series("budget", "budget", &budget);
		all[1] = series("spent", "ac", &spent);
		pmo_buf_puts(out, "<h2 id=\"budget\">Budget burn</h2>\n<div class=\"chart\">\n");
		pmo_html_curve(out, "budget burn", all, 2, today, c->minor);
		pmo_buf_puts(out, "</div>\n");
	}
	points_free(&budget);
	points_free(&spent);
	free(sorted);
	return error;
}

int report_money(report_part *part, const pmo_portfolio_plan *k, const pmo_settings *settings,
		 pmo_date today)
{
	const pmo_currency *c = &settings->money;
	int error = 0;

	if (!k->costs || !k->s)
		return 0;
	if (k->bl && (k->has_costs || k->costs->nactuals))
		error = earned_value(&part->money, k, c, today);
	else
		pmo_buf_puts(&part->money, "<h2 id=\"evm\">Earned value</h2>\n<p>No earned value: it needs a "
			     "baseline (pmo baseline set) and planned costs or expenses.</p>\n");
	if (error >= 0 && k->costs->nlines)
		error = budget_burn(&part->money, k, c, today);
	return error < 0 ? error : pmo_buf_oom(&part->money);
}
