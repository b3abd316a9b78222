/*
 * The costs of a project from the tree, as plan/evm.h takes them: the
 * people's rates (every file of people/ as `pmo person list` reads it) and
 * the project's budget.yaml (model/budget.h).
 */
#include "check/costs.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

struct pmo_costs_owned {
	pmo_records people;
};

void pmo_costs_free(pmo_costs *c)
{
	if (!c)
		return;
	if (c->owned) {
		pmo_records_free(&c->owned->people);
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

static int read_rates(pmo_costs *c, pmo_source *src, const pmo_model *model, const pmo_settings *settings)
{
	const pmo_kind *kind = pmo_model_kind(model, "person");
	pmo_records *people = &c->owned->people;
	size_t i;
	int error;

	if (!kind)
		return 0;
	if ((error = pmo_records_list(people, NULL, src, kind, NULL, settings)) < 0)
		return error;
	if (people->n && !(c->rates = calloc(people->n, sizeof(*c->rates))))
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	for (i = 0; i < people->n; i++) {
		const pmo_record *r = people->items[i];
		const pmo_node *root = pmo_doc_root(r->doc), *rate = pmo_map_get(root, "rate");
		pmo_rate *x = &c->rates[c->nrates];
		if (!rate || (rate->kind == PMO_NODE_SCALAR && rate->tag == PMO_TAG_NULL))
			continue;
		if (rate->kind != PMO_NODE_SCALAR || pmo_money_parse(&x->rate, rate->str, rate->len, &settings->money) < 0) {
			const pmo_error *last = pmo_error_last();
			char *why = strdup(last && rate->kind == PMO_NODE_SCALAR ? last->message : "not an amount");
			error = why ? pmo_error_set_at(PMO_EINVALID, r->path, rate->line, rate->col, "person %s: rate: %s",
						       r->id, why)
				    : pmo_error_set_oom();
			free(why);
			return error;
		}
		if ((error = capacity(&x->capacity, r, pmo_map_get(root, "capacity"))) < 0)
			return error;
		x->person = r->id;
		c->nrates++;
	}
	return 0;
}

int pmo_costs_read(pmo_costs **out, pmo_source *src, const pmo_model *model, const pmo_settings *settings,
		   const char *project)
{
	pmo_costs *c;
	int error;

	(void)project;
	if (!(c = calloc(1, sizeof(*c))) || !(c->owned = calloc(1, sizeof(*c->owned)))) {
		free(c);
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	}
	if ((error = read_rates(c, src, model, settings)) < 0) {
		pmo_costs_free(c);
		return error;
	}
	*out = c;
	return 0;
}
