/*
 * Earned value in money: the planned cost of each task (its cost and the
 * labour of its assignees), and PV, EV, AC with the variances, indices and
 * forecasts for the project and each summary task against a baseline. The
 * rules are written in plan/evm.h; the planned share of a baseline task
 * by a date is plan/status.c's, the one pmo status uses.
 */
#include "plan/evm.h"
#include "plan/status.h"
#include "util/error.h"
#include "util/mem.h"

#include <stdlib.h>
#include <string.h>

/* --- planned cost ---------------------------------------------------------------------------- */

/* The error just set, told again after "WHAT ID: DETAIL" (at node n of
 * the plan when it is given). */
static int restate(const pmo_plan *plan, const pmo_node *n, const char *what, const char *id,
		   const char *detail)
{
	const pmo_error *last = pmo_error_last();
	char *why = strdup(last && last->message ? last->message : "");
	int code;

	if (!why)
		return pmo_error_set_oom();
	if (n)
		code = pmo_error_set_at(PMO_EINVALID, plan->path, n->line, n->col, "%s %s: %s%s", what, id,
					detail, why);
	else
		code = pmo_error_set(PMO_EINVALID, "%s %s: %s%s", what, id, detail, why);
	free(why);
	return code;
}

/* An amount as written at node n of the plan (a task's or a baseline
 * entry's cost), or PMO_EINVALID at its line and column. */
static int node_money(pmo_money *out, const pmo_plan *plan, const pmo_node *n, const char *what,
		      const char *id, const pmo_currency *c)
{
	if (!pmo_node_text(n) || n->kind != PMO_NODE_SCALAR)
		return pmo_error_set_at(PMO_EINVALID, plan->path, n->line, n->col,
					"%s %s: cost must be an amount in %s", what, id, c->code);
	if (pmo_money_parse(out, n->str, n->len, c) < 0)
		return restate(plan, n, what, id, "cost: ");
	return 0;
}

static int rate_cmp(const void *pa, const void *pb)
{
	const pmo_rate *const *a = pa, *const *b = pb;
	int c = strcmp((*a)->person, (*b)->person);

	/* equal handles: the one given first */
	return c ? c : (*a < *b ? -1 : *a > *b);
}

static const pmo_rate *rate_find(const pmo_rate *const *sorted, size_t n, const char *person)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(sorted[mid]->person, person);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && !strcmp(sorted[lo]->person, person) ? sorted[lo] : NULL;
}

/* allocation % × capacity / 8 × days × rate, rounded once. */
static int labour(pmo_money *out, const pmo_rate *r, long days, int allocation, const pmo_currency *c)
{
	static const int64_t pow10[] = { 1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
					 1000000000, INT64_C(10000000000), INT64_C(100000000000),
					 INT64_C(1000000000000), INT64_C(10000000000000),
					 INT64_C(100000000000000), INT64_C(1000000000000000),
					 INT64_C(10000000000000000), INT64_C(100000000000000000),
					 INT64_C(1000000000000000000) };
	int scale = r->capacity.scale < 0 || r->capacity.scale > 18 ? 0 : r->capacity.scale;

	return pmo_money_muldiv2(out, r->rate, (int64_t)days * allocation, r->capacity.mant,
				 100 * PMO_PLAN_HOURS_PER_DAY, pow10[scale], c);
}

int pmo_plan_costs(pmo_money *out, size_t *unrated, const pmo_plan *plan, const pmo_rate *rates,
		   size_t nrates, const pmo_currency *c)
{
	const pmo_rate **sorted = NULL;
	size_t i, j, none = 0;
	int error = 0;

	if (nrates && !(sorted = malloc(nrates * sizeof(*sorted))))
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	for (i = 0; i < nrates; i++)
		sorted[i] = &rates[i];
	if (nrates)
		qsort(sorted, nrates, sizeof(*sorted), rate_cmp);
	for (i = 0; i < plan->n; i++) {
		const pmo_task *t = &plan->tasks[i];
		pmo_money sum = { 0 }, part;
		if (t->cost && (error = node_money(&sum, plan, t->cost, "task", t->id, c)) < 0)
			goto done;
		for (j = 0; !t->nchildren && j < t->nassignees; j++) {
			const pmo_rate *r = rate_find(sorted, nrates, t->assignees[j].person);
			if (!r) {
				none++;
				continue;
			}
			if ((error = labour(&part, r, t->days, t->assignees[j].allocation, c)) < 0 ||
			    (error = pmo_money_add(&sum, sum, part)) < 0) {
				error = restate(plan, t->node, "task", t->id, "labour: ");
				goto done;
			}
		}
		out[i] = sum;
	}
	if (unrated)
		*unrated = none;
done:
	free(sorted);
	return error;
}

/* --- earned value ---------------------------------------------------------------------------- */

int pmo_evm_figures_compute(pmo_evm_figures *out, pmo_money bac, pmo_money pv, pmo_money ev, pmo_money ac,
			    const pmo_currency *c)
{
	pmo_evm_figures f;
	pmo_money rest, left;
	int error;

	memset(&f, 0, sizeof(f));
	f.bac = bac;
	f.pv = pv;
	f.ev = ev;
	f.ac = ac;
	if ((error = pmo_money_sub(&f.sv, ev, pv)) < 0 || (error = pmo_money_sub(&f.cv, ev, ac)) < 0 ||
	    (error = pmo_money_sub(&rest, bac, ev)) < 0 || (error = pmo_money_add(&f.eac_rest, ac, rest)) < 0 ||
	    (error = pmo_money_sub(&left, bac, ac)) < 0)
		return error;
	if (pv.minor && (error = pmo_money_ratio(&f.spi, ev, pv, 4, c)) < 0)
		return error;
	if (ac.minor && (error = pmo_money_ratio(&f.cpi, ev, ac, 4, c)) < 0)
		return error;
	if (left.minor && (error = pmo_money_ratio(&f.tcpi, rest, left, 4, c)) < 0)
		return error;
	f.has_spi = pv.minor != 0;
	f.has_cpi = ac.minor != 0;
	f.has_tcpi = left.minor != 0;
	if (ev.minor && ac.minor) {
		if ((error = pmo_money_muldiv(&f.eac_cpi, bac, ac.minor, ev.minor, c)) < 0)
			return error;
		f.has_eac_cpi = 1;
		if (pv.minor) {
			pmo_money x;
			if ((error = pmo_money_muldiv2(&x, rest, ac.minor, pv.minor, ev.minor, ev.minor, c)) < 0 ||
			    (error = pmo_money_add(&f.eac_cpi_spi, ac, x)) < 0)
				return error;
			f.has_eac_cpi_spi = 1;
		}
	}
	f.eac = f.has_eac_cpi ? f.eac_cpi : f.eac_rest;
	if ((error = pmo_money_sub(&f.etc, f.eac, ac)) < 0 || (error = pmo_money_sub(&f.vac, bac, f.eac)) < 0)
		return error;
	*out = f;
	return 0;
}

void pmo_evm_free(pmo_evm *e)
{
	if (!e)
		return;
	free(e->summaries);
	pmo_big_free(e->budget);
	free(e);
}

/* The four sums of one task or summary. */
typedef struct {
	pmo_money bac, pv, ev, ac;
} sums;

static int sums_add(sums *to, const sums *x)
{
	int error;

	if ((error = pmo_money_add(&to->bac, to->bac, x->bac)) < 0 ||
	    (error = pmo_money_add(&to->pv, to->pv, x->pv)) < 0 ||
	    (error = pmo_money_add(&to->ev, to->ev, x->ev)) < 0 ||
	    (error = pmo_money_add(&to->ac, to->ac, x->ac)) < 0)
		return error;
	return 0;
}

/* Each task's budget: the baseline's cost, or today's planned cost when
 * the baseline has no costs at all; no budget outside the baseline. */
static int budgets(pmo_evm *e, const pmo_evm_input *in, const pmo_baseline_entry *const *entries)
{
	const pmo_plan *plan = in->plan;
	size_t i;
	int error;

	e->costs_from_plan = in->bl != NULL;
	for (i = 0; in->bl && i < in->bl->n; i++)
		if (in->bl->entries[i].cost)
			e->costs_from_plan = 0;
	for (i = 0; i < plan->n; i++) {
		const pmo_baseline_entry *be = entries[i];
		e->budget[i].minor = 0;
		if (!be) {
			if (in->planned[i].minor) {
				e->nunbaselined++;
				if ((error = pmo_money_add(&e->unbaselined, e->unbaselined, in->planned[i])) < 0)
					return error;
			}
		} else if (e->costs_from_plan) {
			e->budget[i] = in->planned[i];
		} else if (be->cost &&
			   (error = node_money(&e->budget[i], plan, be->cost, "baseline task", be->task,
					       in->currency)) < 0) {
			return error;
		}
	}
	return 0;
}

int pmo_evm_compute(pmo_evm **out, const pmo_evm_input *in)
{
	const pmo_plan *plan = in->plan;
	const pmo_baseline_entry **entries = NULL;
	const pmo_currency *c = in->currency;
	pmo_evm *e = NULL;
	sums *own = NULL, *agg = NULL, all;
	size_t n = plan->n, i, k;
	int error;

	memset(&all, 0, sizeof(all));
	if (!(e = calloc(1, sizeof(*e))) || !(e->budget = pmo_big_alloc((n ? n : 1) * sizeof(pmo_money))) ||
	    !(own = pmo_big_alloc((n ? n : 1) * sizeof(sums))) || !(agg = pmo_big_alloc((n ? n : 1) * sizeof(sums)))) {
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
		goto done;
	}
	memset(own, 0, (n ? n : 1) * sizeof(sums));
	memset(agg, 0, (n ? n : 1) * sizeof(sums));
	if ((error = pmo_status_entries(&entries, plan, in->bl)) < 0 || (error = budgets(e, in, entries)) < 0)
		goto done;
	for (i = 0; i < n; i++) {
		const pmo_task *t = &plan->tasks[i];
		pmo_share sh = pmo_status_share(in->cal, in->bl, entries[i], in->as_of);
		int pc = (int)(in->progress[i] + 0.5);
		own[i].bac = e->budget[i];
		if ((error = pmo_money_muldiv(&own[i].pv, e->budget[i], sh.num, sh.den, c)) < 0 ||
		    (error = pmo_money_muldiv(&own[i].ev, e->budget[i], pc < 0 ? 0 : pc > 100 ? 100 : pc, 100, c)) < 0) {
			error = restate(plan, t->node, "task", t->id, "");
			goto done;
		}
	}
	for (k = 0; k < in->nactuals; k++) {
		const pmo_actual *a = &in->actuals[k];
		size_t ti;
		if (a->date != PMO_NODATE && a->date > in->as_of) {
			e->later++;
			continue;
		}
		e->counted++;
		e->undated += a->date == PMO_NODATE;
		if ((error = pmo_money_add(&all.ac, all.ac, a->amount)) < 0)
			goto done;
		if (a->task && (ti = pmo_plan_find(plan, a->task)) != PMO_PLAN_NONE &&
		    (error = pmo_money_add(&own[ti].ac, own[ti].ac, a->amount)) < 0)
			goto done;
	}
	/* each task's sums into the project and every summary above it */
	for (i = 0; i < n; i++) {
		size_t u, depth = 0;
		/* the project's AC is every actual cost, on a task or not: summed above */
		if ((error = pmo_money_add(&all.bac, all.bac, own[i].bac)) < 0 ||
		    (error = pmo_money_add(&all.pv, all.pv, own[i].pv)) < 0 ||
		    (error = pmo_money_add(&all.ev, all.ev, own[i].ev)) < 0)
			goto done;
		if (plan->tasks[i].nchildren && (error = sums_add(&agg[i], &own[i])) < 0)
			goto done;
		/* parents were checked for cycles by resolve; depth bounds the walk anyway */
		for (u = plan->tasks[i].parent; u != PMO_PLAN_NONE && depth++ < n; u = plan->tasks[u].parent)
			if ((error = sums_add(&agg[u], &own[i])) < 0)
				goto done;
		e->nsummaries += plan->tasks[i].nchildren != 0;
	}
	if ((error = pmo_evm_figures_compute(&e->project, all.bac, all.pv, all.ev, all.ac, c)) < 0)
		goto done;
	if (e->nsummaries && !(e->summaries = calloc(e->nsummaries, sizeof(*e->summaries)))) {
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
		goto done;
	}
	for (i = k = 0; i < n; i++) {
		if (!plan->tasks[i].nchildren)
			continue;
		e->summaries[k].task = i;
		if ((error = pmo_evm_figures_compute(&e->summaries[k].f, agg[i].bac, agg[i].pv, agg[i].ev,
						     agg[i].ac, c)) < 0)
			goto done;
		k++;
	}
	*out = e;
	e = NULL;
done:
	free(entries);
	pmo_big_free(own);
	pmo_big_free(agg);
	pmo_evm_free(e);
	return error;
}
