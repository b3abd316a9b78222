/*
 * The figures of a budget: per line planned, committed, spent, remaining
 * and the share used, the expenses without a line, and the project's
 * totals, all exact (util/money.h). The rules are in budget.h and
 * docs/budget.md.
 */
#include "model/budget.h"
#include "model/model.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

/* remaining and used from planned and spent */
static int finish(pmo_budget_sums *s, const pmo_currency *c)
{
	int error;

	if ((error = pmo_money_sub(&s->remaining, s->planned, s->spent)) < 0)
		return error;
	s->has_used = s->planned.minor != 0;
	if (s->has_used && (error = pmo_money_ratio(&s->used, s->spent, s->planned, 4, c)) < 0)
		return error;
	return 0;
}

int pmo_budget_sums_add(pmo_budget_sums *acc, const pmo_budget_sums *s, const pmo_currency *c)
{
	int error;

	if ((error = pmo_money_add(&acc->planned, acc->planned, s->planned)) < 0 ||
	    (error = pmo_money_add(&acc->committed, acc->committed, s->committed)) < 0 ||
	    (error = pmo_money_add(&acc->spent, acc->spent, s->spent)) < 0)
		return error;
	return finish(acc, c);
}

/* The value of contract id in currency c: 1 with *out set, 0 when there is
 * none to count (no such contract, no value, another currency). */
static int contract_value(pmo_money *out, pmo_source *src, const pmo_model *model, const char *id,
			  const pmo_currency *c)
{
	const pmo_kind *kind = model ? pmo_model_kind(model, "contract") : NULL;
	pmo_buf buf = PMO_BUF_INIT;
	pmo_doc *doc = NULL;
	char *path = NULL;
	const pmo_node *root, *v;
	const char *cur;
	int found = 0;

	if (!kind || pmo_kind_path(&path, kind, NULL, id) < 0)
		goto done;
	if (pmo_source_read(&buf, src, path, PMO_YAML_MAX_BYTES) < 0 ||
	    pmo_yaml_load(&doc, path, buf.ptr, buf.len, NULL) < 0)
		goto done;
	root = pmo_doc_root(doc);
	v = pmo_map_get(root, "value");
	cur = pmo_node_text(pmo_map_get(root, "currency"));
	if (!v || v->kind != PMO_NODE_SCALAR || (cur && strcmp(cur, c->code)))
		goto done;
	found = pmo_money_parse(out, v->str, v->len, c) == 0;
done:
	pmo_error_clear(); /* what is wrong with the contract is validate's to say */
	pmo_doc_free(doc);
	pmo_buf_free(&buf);
	free(path);
	return found;
}

int pmo_budget_report_make(pmo_budget_report **out, const pmo_budget *b, pmo_source *src,
			   const pmo_model *model, const pmo_currency *c)
{
	pmo_budget_report *r = calloc(1, sizeof(*r));
	size_t i;
	int error = 0;

	if (!r || (b->nlines && !(r->lines = calloc(b->nlines, sizeof(*r->lines))))) {
		error = pmo_error_set_oom();
		goto done;
	}
	r->nlines = b->nlines;
	for (i = 0; i < b->nexpenses; i++) {
		const pmo_expense *e = &b->expenses[i];
		const pmo_budget_line *l = pmo_budget_line_find(b, e->line);
		pmo_budget_sums *s = l ? &r->lines[l - b->lines] : &r->unlined;

		r->nunlined += !l;
		if ((error = pmo_money_add(&s->spent, s->spent, e->amount)) < 0)
			goto done;
	}
	for (i = 0; i < b->nlines; i++) {
		pmo_budget_sums *s = &r->lines[i];
		pmo_money v;

		s->planned = b->lines[i].planned;
		s->committed = s->spent;
		if (b->lines[i].contract && contract_value(&v, src, model, b->lines[i].contract, c) &&
		    pmo_money_cmp(v, s->spent) > 0)
			s->committed = v;
		if ((error = finish(s, c)) < 0 || (error = pmo_budget_sums_add(&r->total, s, c)) < 0)
			goto done;
	}
	r->unlined.committed = r->unlined.spent;
	if ((error = finish(&r->unlined, c)) < 0 || (error = pmo_budget_sums_add(&r->total, &r->unlined, c)) < 0)
		goto done;
done:
	if (error < 0) {
		pmo_budget_report_free(r);
		return error;
	}
	*out = r;
	return 0;
}

void pmo_budget_report_free(pmo_budget_report *r)
{
	if (!r)
		return;
	free(r->lines);
	free(r);
}
