/*
 * Planned cost and budget before → after of a project in the semantic
 * diff (pmo diff, a change request's impact). The planned cost is the sum
 * of the planned costs of the plan's top tasks (lib/plan/evm.h: a task's
 * cost plus its labour at the assignees' rates; a summary's includes its
 * children's), the budget the total of budget.yaml's lines
 * (lib/check/costs.h reads both). Exact decimal text in the settings'
 * currency. A project whose plan has no cost and that has no budget lines
 * on either side says nothing about money: its cost stays NULL.
 */
#include "diff/internal.h"
#include "check/costs.h"
#include "plan/evm.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

#define OOM() pmo_error_set(PMO_ENOMEM, "out of memory")

typedef struct {
	pmo_money planned, budget;
	int has_planned, has_budget;
} side_cost;

static int side(side_cost *out, diff_state *st, int s, const char *key, const pmo_plan *plan)
{
	const pmo_settings *set = st->settings[s];
	pmo_costs *costs = NULL;
	pmo_money *each = NULL;
	size_t i;
	int error;

	memset(out, 0, sizeof(*out));
	if (!set || (error = pmo_costs_read(&costs, st->src[s], st->model, set, key, plan)) < 0) {
		/* money pmo cannot read is told by validate: no cost here */
		if (set && pmo_error_last() && pmo_error_last()->code == PMO_ENOMEM)
			return PMO_ENOMEM;
		pmo_error_clear();
		return 0;
	}
	if ((out->has_budget = costs->nlines > 0))
		out->budget = costs->budgeted;
	if (plan && plan->n) {
		if (!(each = calloc(plan->n, sizeof(*each)))) {
			error = OOM();
			goto done;
		}
		if (pmo_plan_costs(each, NULL, plan, costs->rates, costs->nrates, &set->money) < 0) {
			error = pmo_error_last() && pmo_error_last()->code == PMO_ENOMEM ? PMO_ENOMEM : 0;
			pmo_error_clear();
			goto done;
		}
		for (i = 0; i < plan->n && error >= 0; i++) {
			if (plan->tasks[i].parent != PMO_PLAN_NONE)
				continue;
			out->has_planned |= each[i].minor != 0;
			error = pmo_money_add(&out->planned, out->planned, each[i]);
		}
		if (error < 0) {
			error = pmo_error_last() && pmo_error_last()->code == PMO_ENOMEM ? PMO_ENOMEM : 0;
			pmo_error_clear();
			out->has_planned = 0;
		}
	}
	error = 0;
done:
	free(each);
	pmo_costs_free(costs);
	return error;
}

static int text(char **out, pmo_money m, const pmo_currency *c)
{
	char buf[PMO_MONEY_BUFSZ];

	if (!(*out = strdup(pmo_money_format(buf, m, c, 0))))
		return OOM();
	return 0;
}

int pmo_diff__project_cost(diff_state *st, pmo_diff_project *p, const pmo_plan *before, const pmo_plan *after)
{
	side_cost c[2];
	pmo_diff_cost *dc;
	pmo_money change;
	const pmo_currency *cur;
	int error;

	if ((error = side(&c[0], st, 0, p->key, before)) < 0 || (error = side(&c[1], st, 1, p->key, after)) < 0)
		return error;
	if (!c[0].has_planned && !c[1].has_planned && !c[0].has_budget && !c[1].has_budget)
		return 0;
	if (!(dc = calloc(1, sizeof(*dc))))
		return OOM();
	p->cost = dc;
	cur = &st->settings[1]->money;
	if ((error = text(&dc->planned_before, c[0].planned, cur)) < 0 ||
	    (error = text(&dc->planned_after, c[1].planned, cur)) < 0 ||
	    (error = pmo_money_sub(&change, c[1].planned, c[0].planned)) < 0 ||
	    (error = text(&dc->planned_change, change, cur)) < 0 ||
	    (c[0].has_budget && (error = text(&dc->budget_before, c[0].budget, cur)) < 0) ||
	    (c[1].has_budget && (error = text(&dc->budget_after, c[1].budget, cur)) < 0))
		return error;
	return 0;
}
