#ifndef PMO_CHECK_COSTS_H
#define PMO_CHECK_COSTS_H
/*
 * What a project's earned value needs from the tree besides its plan
 * (pmo evm, the cost lines of pmo status, the costs pmo baseline set
 * records): the day rate and capacity of each person its plan assigns
 * (people/<handle>.yaml, `rate` and `capacity`) and the project's budget (projects/<KEY>/budget.yaml):
 * the total of its lines, and its expenses as the actual costs.
 *
 * pmo keeps no timesheets: the labour of work done is an actual cost only
 * when it is booked as an expense (on the task it was spent on).
 */
#include "model/budget.h"
#include "model/model.h"
#include "plan/evm.h"
#include "util/error.h"

typedef struct pmo_costs_owned pmo_costs_owned;

typedef struct {
	pmo_rate *rates;          /* the people assigned who have a rate */
	size_t nrates;
	pmo_actual *actuals;      /* the budget's expenses */
	size_t nactuals;
	pmo_money budgeted;       /* the budget lines' planned total */
	size_t nlines;            /* 0: the project has no budget lines */
	pmo_costs_owned *owned;   /* what the strings above are borrowed from */
} pmo_costs;

/* The costs of project read through src, amounts in settings->money: the
 * rates of the people plan assigns. PMO_EINVALID naming file:line:col for
 * a rate or capacity that is not one, or a budget.yaml pmo cannot read. */
int pmo_costs_read(pmo_costs **out, pmo_source *src, const pmo_model *model, const pmo_settings *settings,
		   const char *project, const pmo_plan *plan);
/* The same with budget.yaml loaded beforehand (pmo_budget_load, which may
 * run on another thread while the plan is read: pmo evm and the
 * portfolio's status read both at once): budget, taken, also when this
 * fails; or, when its loading failed, budget NULL and failed the error it
 * kept (pmo_error_keep), told after the rates' errors as pmo_costs_read
 * tells them. */
int pmo_costs_read_loaded(pmo_costs **out, pmo_source *src, const pmo_model *model,
			  const pmo_settings *settings, pmo_budget *budget, const pmo_error *failed,
			  const pmo_plan *plan);
void pmo_costs_free(pmo_costs *c);
/* The project's budget.yaml as read for c (no line, no expense when the
 * project has none), for a caller that shows it too: borrowed from c. */
const pmo_budget *pmo_costs_budget(const pmo_costs *c);

#endif
