/*
 * The costs of a project from the tree, as plan/evm.h takes them: the
 * rates of the people its plan assigns (people/<handle>.yaml, each read
 * once) and the project's budget.yaml (model/budget.h).
 */
#include "check/costs.h"
#include "model/budget.h"
#include "util/error.h"
#include "util/hash.h"

#include <stdlib.h>
#include <string.h>

struct pmo_costs_owned {
	pmo_records people;
	pmo_budget *budget;
};

const pmo_budget *pmo_costs_budget(const pmo_costs *c)
{
	return c && c->owned ? c->owned->budget : NULL;
}

static pmo_rate *realloc_rates(pmo_rate *v, size_t n)
{
	return realloc(v, n * sizeof(*v));
}

void pmo_costs_free(pmo_costs *c)
{
	if (!c)
		return;
	if (c->owned) {
		pmo_records_free(&c->owned->people);
		pmo_budget_free(c->owned->budget);
		free(c->owned);
	}
	free(c->rates);
	free(c->actuals);
	free(c);
}

/* capacity (hours a day) as an exact factor: the number as written, 8 when
 * there is none. */
static int capacity(pmo_dec *out, const pmo_record *r, const pmo_node *n)
{
	pmo_buf b = PMO_BUF_INIT;
	int error = 0;

	*out = pmo_dec_from_int(PMO_PLAN_HOURS_PER_DAY);
	if (!n || (n->kind == PMO_NODE_SCALAR && n->tag == PMO_TAG_NULL))
		return 0;
	if (pmo_yaml_number_text(&b, n) < 0 || pmo_dec_parse(out, b.ptr, b.len, 0) < 0 || out->mant < 0)
		error = pmo_error_set_at(PMO_EINVALID, r->path, n->line, n->col,
					 "person %s: capacity must be hours a day, a number from 0 to 24", r->id);
	if (pmo_buf_oom(&b) < 0)
		error = PMO_ENOMEM;
	pmo_buf_free(&b);
	return error;
}

/* The rate and capacity of one person, when the file has a rate. */
static int person_rate(pmo_costs *c, const pmo_record *r, const pmo_settings *settings)
{
	const pmo_node *root = pmo_doc_root(r->doc), *rate = pmo_map_get(root, "rate");
	pmo_rate *x = &c->rates[c->nrates];
	int error;

	if (!rate || (rate->kind == PMO_NODE_SCALAR && rate->tag == PMO_TAG_NULL))
		return 0;
	if (rate->kind != PMO_NODE_SCALAR || pmo_money_parse(&x->rate, rate->str, rate->len, &settings->money) < 0) {
		const pmo_error *last = pmo_error_last();
		char *why = strdup(last && rate->kind == PMO_NODE_SCALAR ? last->message : "not an amount");
		error = why ? pmo_error_set_at(PMO_EINVALID, r->path, rate->line, rate->col, "person %s: rate: %s", r->id,
					       why)
			    : pmo_error_set_oom();
		free(why);
		return error;
	}
	if ((error = capacity(&x->capacity, r, pmo_map_get(root, "capacity"))) < 0)
		return error;
	x->person = r->id;
	c->nrates++;
	return 0;
}

/* The people assigned in plan, each read once: a person without a file
 * (validate names the assignee) has no rate. */
static int read_rates(pmo_costs *c, pmo_source *src, const pmo_model *model, const pmo_settings *settings,
		      const pmo_plan *plan)
{
	const pmo_kind *kind = pmo_model_kind(model, "person");
	pmo_records *people = &c->owned->people;
	pmo_htab seen = PMO_HTAB_INIT;
	size_t i, j;
	int error = 0;

	for (i = 0; kind && i < plan->n && error >= 0; i++) {
		const pmo_task *t = &plan->tasks[i];
		for (j = 0; j < t->nassignees && error >= 0; j++) {
			const char *h = t->assignees[j].person;
			pmo_record *r = NULL, **items;
			if (!*h || pmo_htab_get(&seen, h, strlen(h)))
				continue;
			if ((error = pmo_htab_put(&seen, h, strlen(h), (void *)h)) < 0)
				break;
			if ((error = pmo_record_read(&r, src, kind, NULL, h, settings)) == PMO_ENOTFOUND) {
				pmo_error_clear();
				error = 0;
				continue;
			}
			if (error < 0)
				break;
			if (!(items = realloc(people->items, (people->n + 1) * sizeof(*items))) ||
			    !(c->rates = realloc_rates(c->rates, people->n + 1))) {
				if (items)
					people->items = items;
				pmo_record_free(r);
				error = pmo_error_set(PMO_ENOMEM, "out of memory");
				break;
			}
			people->items = items;
			people->items[people->n++] = r;
			error = person_rate(c, r, settings);
		}
	}
	pmo_htab_free(&seen);
	return error;
}

/* The lines' total and the expenses of c->owned->budget as actual costs. */
static int take_budget(pmo_costs *c)
{
	const pmo_budget *b = c->owned->budget;
	size_t i;
	int error;

	for (i = 0; i < b->nlines; i++)
		if ((error = pmo_money_add(&c->budgeted, c->budgeted, b->lines[i].planned)) < 0)
			return error;
	c->nlines = b->nlines;
	if (b->nexpenses && !(c->actuals = calloc(b->nexpenses, sizeof(*c->actuals))))
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	for (i = 0; i < b->nexpenses; i++) {
		c->actuals[i].task = b->expenses[i].task;
		c->actuals[i].date = b->expenses[i].date;
		c->actuals[i].amount = b->expenses[i].amount;
	}
	c->nactuals = b->nexpenses;
	return 0;
}

/* The rates of plan's people, then the budget: loaded, or the error its
 * loading kept (failed), or read now (both NULL): the rates' error first,
 * as they have always been read first. */
static int costs_read(pmo_costs **out, pmo_source *src, const pmo_model *model, const pmo_settings *settings,
		      const char *project, pmo_budget *loaded, const pmo_error *failed, const pmo_plan *plan)
{
	pmo_costs *c;
	int error;

	if (!(c = calloc(1, sizeof(*c))) || !(c->owned = calloc(1, sizeof(*c->owned)))) {
		free(c);
		pmo_budget_free(loaded);
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	}
	c->owned->budget = loaded;
	if ((error = read_rates(c, src, model, settings, plan)) < 0 ||
	    (failed && (error = pmo_error_tell(failed)) < 0) ||
	    (!loaded && (error = pmo_budget_load(&c->owned->budget, src, project, &settings->money)) < 0) ||
	    (error = take_budget(c)) < 0) {
		pmo_costs_free(c);
		return error;
	}
	*out = c;
	return 0;
}

int pmo_costs_read_loaded(pmo_costs **out, pmo_source *src, const pmo_model *model,
			  const pmo_settings *settings, pmo_budget *budget, const pmo_error *failed,
			  const pmo_plan *plan)
{
	return costs_read(out, src, model, settings, NULL, budget, failed, plan);
}

int pmo_costs_read(pmo_costs **out, pmo_source *src, const pmo_model *model, const pmo_settings *settings,
		   const char *project, const pmo_plan *plan)
{
	return costs_read(out, src, model, settings, project, NULL, NULL, plan);
}
