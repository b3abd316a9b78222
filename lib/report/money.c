/*
 * A project page's money (report/internal.h): the earned value over time
 * (PV, EV, AC as pmo evm computes them, at each Monday of the plan and at
 * the status date) and the budget burn (the budget's lines against its
 * expenses as they were spent).
 *
 * PV, EV and AC are computed for every day drawn up to the status date,
 * each as `pmo -p KEY evm --as-of DAY` gives it on the status date: a day
 * before it earns by the progress plan.yaml held in the last commit that
 * changed it on or before that day (plan/recorded.h; one walk of the
 * file's history for all the days), the status date by the plan's own.
 */
#include "report/internal.h"
#include "plan/evm.h"
#include "plan/recorded.h"
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

/* The days drawn: each Monday from lo to hi, lo and hi themselves, and
 * today when it falls between them; ascending, into *out (*n of them). */
static int drawn_days(pmo_date **out, size_t *n, pmo_date lo, pmo_date hi, pmo_date today)
{
	pmo_date *days = NULL, d, next;
	size_t cap = 0, k = 0;

	for (d = lo; d != PMO_NODATE && d <= hi; d = next) {
		if (k == cap) {
			pmo_date *grown;

			cap = cap ? cap * 2 : 64;
			if (!(grown = realloc(days, cap * sizeof(*grown)))) {
				free(days);
				return OOM();
			}
			days = grown;
		}
		days[k++] = d;
		if (d == hi)
			break;
		next = d + 7 - (pmo_date_weekday(d) + 6) % 7;
		if (today != PMO_NODATE && d < today && next > today)
			next = today;
		if (next > hi)
			next = hi;
	}
	*out = days;
	*n = k;
	return 0;
}

/* What the page says of the days drawn that had no progress recorded, in
 * the words of pmo evm's warning: the last of them. */
static void unrecorded(pmo_buf *out, const pmo_plan_progress_days *rec, const pmo_date *days, const char *key)
{
	const pmo_plan_recorded *last = NULL;
	pmo_date day = PMO_NODATE;
	size_t i;
	char d[11];

	for (i = 0; rec && i < rec->n; i++)
		if (!rec->at[i].found || rec->at[i].absent) {
			last = &rec->at[i];
			day = days[i];
		}
	if (!last)
		return;
	pmo_buf_puts(out, "<p class=\"unrecorded\">No commit of projects/");
	pmo_html_text(out, key);
	pmo_buf_printf(out, "/plan.yaml on or before %s: no progress was recorded by then, so nothing is "
		       "earned", pmo_date_format(d, day));
	if (last->cut)
		pmo_buf_printf(out, " (this shallow clone has no commits before %.7s: git fetch --unshallow gets "
			       "them)", last->cut_commit);
	pmo_buf_puts(out, ".</p>\n");
}

static int earned_value(pmo_buf *out, const pmo_portfolio_plan *k, const pmo_currency *c, pmo_repo *repo,
			pmo_date today)
{
	pmo_evm_input in;
	pmo_evm *e = NULL;
	points pv = { 0 }, ev = { 0 }, ac = { 0 };
	pmo_html_series all[3];
	pmo_plan_progress_days *rec = NULL;
	pmo_buf path = PMO_BUF_INIT;
	pmo_date lo, hi, *days = NULL;
	size_t ndays = 0, npast = 0, i;
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
	if ((error = drawn_days(&days, &ndays, lo, hi, today)) < 0)
		goto done;
	/* the days before the status date earn by the progress recorded
	 * then, as pmo evm --as-of does for a day before today; the status
	 * date by the plan's own */
	while (npast < ndays && (today == PMO_NODATE || days[npast] < today))
		npast++;
	pmo_buf_printf(&path, "projects/%s/plan.yaml", k->row->key);
	if ((error = pmo_buf_oom(&path)) < 0 ||
	    (error = pmo_plan_progress_days_read(&rec, k->plan, repo, path.ptr, days, npast)) < 0)
		goto done;
	for (i = 0; i < ndays && error >= 0; i++) {
		pmo_date d = days[i];

		in.as_of = d;
		in.progress = i < npast ? rec->progress[i] : k->progress;
		if ((error = pmo_evm_compute(&e, &in)) < 0)
			break;
		error = point(&pv, d, e->project.pv.minor);
		if (error >= 0 && (today == PMO_NODATE || d <= today))
			error = point(&ac, d, e->project.ac.minor);
		if (error >= 0 && (today == PMO_NODATE || d <= today))
			error = point(&ev, d, e->project.ev.minor);
		pmo_evm_free(e);
		e = NULL;
	}
	if (error < 0)
		goto done;
	all[0] = series("PV (planned value)", "pv", &pv);
	all[1] = series("EV (earned value)", "ev", &ev);
	all[2] = series("AC (actual cost)", "ac", &ac);
	pmo_buf_puts(out, "<h2 id=\"evm\">Earned value</h2>\n<div class=\"chart\">\n");
	pmo_html_curve(out, "earned value", all, 3, today, c->minor);
	pmo_buf_puts(out, "</div>\n");
	unrecorded(out, rec, days, k->row->key);
	in.as_of = today;
	in.progress = k->progress;
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
	pmo_plan_progress_days_free(rec);
	pmo_buf_free(&path);
	free(days);
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
		 pmo_repo *repo, pmo_date today)
{
	const pmo_currency *c = &settings->money;
	int error = 0;

	if (!k->costs || !k->s)
		return 0;
	if (k->bl && (k->has_costs || k->costs->nactuals))
		error = earned_value(&part->money, k, c, repo, today);
	else
		pmo_buf_puts(&part->money, "<h2 id=\"evm\">Earned value</h2>\n<p>No earned value: it needs a "
			     "baseline (pmo baseline set) and planned costs or expenses.</p>\n");
	if (error >= 0 && k->costs->nlines)
		error = budget_burn(&part->money, k, c, today);
	return error < 0 ? error : pmo_buf_oom(&part->money);
}
