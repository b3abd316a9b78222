#ifndef PMO_PLAN_EVM_H
#define PMO_PLAN_EVM_H
/*
 * Earned value in money (pmo evm, and the cost lines of pmo status); every
 * amount exact (util/money.h), each rounded once to the currency's minor
 * units. docs/evm.md tells users the same rules.
 *
 * Planned cost of a task: its `cost` (a fixed amount) plus, when it is not
 * a summary, the labour of each assignee:
 *
 *     allocation % × capacity / 8 × working days of the task × rate
 *
 * where rate (people/<h>.yaml) is the cost of a full working day of
 * PMO_PLAN_HOURS_PER_DAY (8) hours and capacity the hours a day the person
 * works (8 when not given): allocation × capacity is the hours a day spent
 * on the task, rate / 8 the cost of an hour. Each assignee's labour is
 * rounded once; a person without a rate adds nothing (counted in
 * unrated). A summary's own cost counts for it; its children's costs roll
 * up into it.
 *
 * Against a baseline, per task: its budget is the planned cost the
 * baseline recorded (the entry's cost; when no entry of the baseline has
 * one, it was taken before the plan had costs and today's planned cost is
 * used, costs_from_plan); a task not in the baseline has no budget.
 *   PV = budget × planned share by the start of as_of (plan/status.h)
 *   EV = budget × progress (a summary's own cost: its rolled-up progress
 *        as a whole percent, as task list shows it)
 *   AC = the actual costs dated up to as_of (undated ones always count):
 *        for the project all of them, for a summary those of its tasks.
 * PV and EV are rounded per task, then summed.
 *   SV = EV − PV, CV = EV − AC, SPI = EV / PV, CPI = EV / AC,
 *   TCPI = (BAC − EV) / (BAC − AC), indices to 4 places;
 *   EAC = BAC / CPI = BAC × AC / EV (when EV and AC are not 0; else
 *         AC + (BAC − EV)), and the other textbook forecasts:
 *         AC + (BAC − EV)             the rest at the planned rate,
 *         AC + (BAC − EV) / (CPI × SPI)  the rest at today's cost and pace
 *         (exact: (BAC − EV) × AC / EV × PV / EV);
 *   ETC = EAC − AC, VAC = BAC − EAC.
 */
#include "plan/plan.h"
#include "util/money.h"

typedef struct {
	const char *person;   /* handle */
	pmo_money rate;       /* a full working day of PMO_PLAN_HOURS_PER_DAY hours */
	pmo_dec capacity;     /* hours a day the person works */
} pmo_rate;

typedef struct {
	const char *task;     /* the task the money was spent on, or NULL */
	pmo_date date;        /* PMO_NODATE: no date, always counted */
	pmo_money amount;
} pmo_actual;

/*
 * The planned cost of every task into out (plan->n amounts): its cost plus
 * its labour, as the header says. rates need not be sorted; a handle given
 * twice takes the first. *unrated (may be NULL) gets how many assignments
 * name a person without a rate. PMO_EINVALID naming plan.yaml:line:col
 * when a cost is not an amount of currency c, or a sum leaves the range.
 */
int pmo_plan_costs(pmo_money *out, size_t *unrated, const pmo_plan *plan, const pmo_rate *rates,
		   size_t nrates, const pmo_currency *c);

typedef struct {
	pmo_money bac, pv, ev, ac;
	pmo_money sv, cv;          /* EV − PV, EV − AC */
	pmo_dec spi, cpi, tcpi;    /* 4 places, when has_… */
	pmo_money eac;             /* eac_cpi when has_eac_cpi, else eac_rest */
	pmo_money eac_cpi;         /* BAC / CPI */
	pmo_money eac_rest;        /* AC + (BAC − EV) */
	pmo_money eac_cpi_spi;     /* AC + (BAC − EV) / (CPI × SPI), when has_eac_cpi_spi */
	pmo_money etc, vac;        /* EAC − AC, BAC − EAC */
	unsigned has_spi : 1;      /* PV is not 0 */
	unsigned has_cpi : 1;      /* AC is not 0 */
	unsigned has_tcpi : 1;     /* BAC − AC is not 0 */
	unsigned has_eac_cpi : 1;  /* EV and AC are not 0 */
	unsigned has_eac_cpi_spi : 1;
} pmo_evm_figures;

typedef struct {
	size_t task;               /* a summary task's index in the plan */
	pmo_evm_figures f;         /* over it and every task under it */
} pmo_evm_row;

typedef struct {
	const pmo_plan *plan;
	const pmo_calendar *cal;
	const pmo_baseline *bl;    /* the baseline measured against; NULL: none,
				    * every task outside it (no BAC, PV, EV) */
	const pmo_money *planned;  /* plan->n planned costs (pmo_plan_costs) */
	const double *progress;    /* plan->n percents (pmo_plan_progress) */
	const pmo_actual *actuals;
	size_t nactuals;
	pmo_date as_of;
	const pmo_currency *currency;
} pmo_evm_input;

typedef struct {
	pmo_evm_figures project;
	pmo_evm_row *summaries;    /* every summary task, in plan order */
	size_t nsummaries;
	pmo_money *budget;         /* per task: its budget (BAC of the task alone) */
	pmo_money unbaselined;     /* planned cost today of the tasks not in the baseline */
	size_t nunbaselined;       /* those tasks with a planned cost */
	int costs_from_plan;       /* the baseline has no costs: today's planned costs */
	size_t counted;            /* actual costs counted for the project */
	size_t undated;            /* of them, without a date */
	size_t later;              /* actual costs dated after as_of, not counted */
} pmo_evm;

/* The earned value of in->plan as of in->as_of. PMO_EINVALID when an
 * amount leaves the range (the message names it), PMO_ENOMEM. */
int pmo_evm_compute(pmo_evm **out, const pmo_evm_input *in);
void pmo_evm_free(pmo_evm *e);
/* The figures of four sums (the rules of the header). */
int pmo_evm_figures_compute(pmo_evm_figures *out, pmo_money bac, pmo_money pv, pmo_money ev, pmo_money ac,
			    const pmo_currency *c);

#endif
