/*
 * pmo validate's rules over a project's budget.yaml, beside its schema
 * (which checks every amount against the currency, at its place):
 *   consistency  line and expense IDs unique in the file; a line's
 *                expenses summing to more than its planned amount (a
 *                warning, an error with --strict);
 *   reference    an expense's line (of this budget), task (plan.yaml),
 *                vendor, and a line's contract exist;
 *   date         an expense dated after today (a warning).
 * Sums are exact (util/money.h).
 */
#include "check/internal.h"
#include "model/budget.h"
#include "util/error.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* the rule names are check.c's, handed in (no call cycle with it) */
#define RULE_REFERENCE x->rules[2]
#define RULE_CONSISTENCY x->rules[3]
#define RULE_DATE x->rules[4]

typedef struct {
	pmo_findings *out;
	pmo_buf msg;
	const char *path;
	const char *const *rules;
} bctx;

static int add(bctx *x, const pmo_node *n, pmo_severity sev, const char *rule, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static int add(bctx *x, const pmo_node *n, pmo_severity sev, const char *rule, const char *fmt, ...)
{
	va_list ap;
	int error;

	va_start(ap, fmt);
	error = pmo_check__vadd(x->out, &x->msg, x->path, n, sev, rule, fmt, ap);
	va_end(ap);
	return error;
}

static const pmo_node *field(const pmo_node *map, const char *key)
{
	const pmo_node *n = pmo_map_get(map, key);
	return n ? n : map;
}

/* An ID seen before in the list (ids[0..i)). */
static int dup_id(bctx *x, const pmo_node *item, const char *id, const char *const *ids, size_t i)
{
	size_t j;

	for (j = 0; id && j < i; j++)
		if (ids[j] && !strcmp(ids[j], id))
			return add(x, field(item, "id"), PMO_SEVERITY_ERROR, RULE_CONSISTENCY,
				   "id: \"%s\" is given twice in this budget", id);
	return 0;
}

/* field names a record of target kind (or a task): it must exist. */
static int ref(bctx *x, pmo_source *src, const pmo_model *model, const char *project, const pmo_node *item,
	       const char *name, const char *target)
{
	const char *v = pmo_node_text(pmo_map_get(item, name));
	int error;

	if (!v || (error = pmo_budget_ref(model, src, project, name, target, v)) == 0)
		return 0;
	if (error == PMO_EINVALID)
		error = add(x, field(item, name), PMO_SEVERITY_ERROR, RULE_REFERENCE, "%s", pmo_error_last()->message);
	else if (error != PMO_ENOMEM)
		error = 0; /* a plan that cannot be read: its own findings say why */
	pmo_error_clear();
	return error;
}

/* An expense's task is in the project's plan.yaml, read once for the
 * whole budget (plan: NULL until read; a plan that cannot be read is
 * named by its own findings). */
typedef struct {
	pmo_doc *doc;
	const char **ids;   /* the plan's task IDs, sorted */
	size_t n;
} plan_ids;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The task IDs of the plan in doc, sorted for bsearch. */
static int index_tasks(plan_ids *p)
{
	const pmo_node *tasks = pmo_map_get(pmo_doc_root(p->doc), "tasks");
	size_t i;

	if (!tasks || tasks->kind != PMO_NODE_SEQ || !tasks->n)
		return 0;
	if (!(p->ids = calloc(tasks->n, sizeof(*p->ids))))
		return pmo_error_set_oom();
	for (i = 0; i < tasks->n; i++) {
		const char *t = pmo_node_text(pmo_map_get(tasks->items[i], "id"));
		if (t)
			p->ids[p->n++] = t;
	}
	qsort(p->ids, p->n, sizeof(*p->ids), cmp_str);
	return 0;
}

static int task_ref(bctx *x, pmo_source *src, const char *project, plan_ids *plan, const pmo_node *item)
{
	const char *v = pmo_node_text(pmo_map_get(item, "task"));
	pmo_buf path = PMO_BUF_INIT, buf = PMO_BUF_INIT;
	int error = 0;

	if (!v || !project)
		return 0;
	pmo_buf_printf(&path, "projects/%s/plan.yaml", project);
	if (pmo_buf_oom(&path) < 0)
		return pmo_error_set_oom();
	if (!plan->doc) {
		error = pmo_source_read(&buf, src, path.ptr, PMO_PLAN_MAX_BYTES);
		if (error >= 0)
			error = pmo_yaml_load(&plan->doc, path.ptr, buf.ptr, buf.len, NULL);
		if (error >= 0)
			error = index_tasks(plan);
		pmo_buf_free(&buf);
		if (error == PMO_ENOMEM)
			goto done;
		if (error < 0) {
			pmo_error_clear();
			/* no plan: every task named is missing; an unreadable one says why itself */
			error = 0;
			if (!pmo_source_exists(src, path.ptr))
				error = add(x, field(item, "task"), PMO_SEVERITY_ERROR, RULE_REFERENCE,
					    "task: no task or milestone \"%s\" in %s", v, path.ptr);
			goto done;
		}
	}
	if (!bsearch(&v, plan->ids, plan->n, sizeof(*plan->ids), cmp_str))
		error = add(x, field(item, "task"), PMO_SEVERITY_ERROR, RULE_REFERENCE,
			    "task: no task or milestone \"%s\" in %s", v, path.ptr);
done:
	pmo_buf_free(&path);
	return error;
}

int pmo_check__budget(pmo_findings *out, pmo_source *src, const pmo_model *model, const pmo_settings *settings,
		      const char *path, const char *project, const pmo_node *root, pmo_date today,
		      const char *const *rules)
{
	pmo_currency cny;
	const pmo_currency *c = settings ? &settings->money : &cny;
	pmo_budget *b = NULL;
	pmo_budget_report *rep = NULL;
	const char **ids = NULL;
	bctx xs = { out, PMO_BUF_INIT, path, rules }, *x = &xs;
	plan_ids plan = { NULL, NULL, 0 };
	size_t i, n;
	int error;

	pmo_currency_set(&cny, "CNY", -1, PMO_ROUND_HALF_UP);
	if ((error = pmo_budget_read(&b, root, c)) < 0)
		goto done;
	n = b->nlines > b->nexpenses ? b->nlines : b->nexpenses;
	if (n && !(ids = calloc(n, sizeof(*ids)))) {
		error = pmo_error_set_oom();
		goto done;
	}
	for (i = 0; i < b->nlines && error >= 0; i++) {
		ids[i] = b->lines[i].id;
		if ((error = dup_id(x, b->lines[i].node, ids[i], ids, i)) < 0 ||
		    (error = ref(x, src, model, project, b->lines[i].node, "contract", "contract")) < 0)
			goto done;
	}
	for (i = 0; i < b->nexpenses; i++) {
		const pmo_expense *e = &b->expenses[i];
		char day[11];

		ids[i] = e->id;
		if ((error = dup_id(x, e->node, ids[i], ids, i)) < 0 ||
		    (error = ref(x, src, model, project, e->node, "vendor", "vendor")) < 0 ||
		    (error = task_ref(x, src, project, &plan, e->node)) < 0)
			goto done;
		if (e->line && !pmo_budget_line_find(b, e->line) &&
		    (error = add(x, field(e->node, "line"), PMO_SEVERITY_ERROR, RULE_REFERENCE,
				 "line: no budget line \"%s\" in this budget", e->line)) < 0)
			goto done;
		if (e->date != PMO_NODATE && e->date > today &&
		    (error = add(x, field(e->node, "date"), PMO_SEVERITY_WARNING, RULE_DATE,
				 "date: expense %s is dated %s, after today", e->id ? e->id : "",
				 pmo_date_format(day, e->date))) < 0)
			goto done;
	}
	if ((error = pmo_budget_report_make(&rep, b, src, model, c)) < 0) {
		/* a sum out of range: said at the file */
		error = add(x, root, PMO_SEVERITY_ERROR, RULE_CONSISTENCY, "%s", pmo_error_last()->message);
		pmo_error_clear();
		goto done;
	}
	for (i = 0; i < b->nlines; i++) {
		char spent[PMO_MONEY_BUFSZ], planned[PMO_MONEY_BUFSZ];
		if (pmo_money_cmp(rep->lines[i].spent, rep->lines[i].planned) <= 0)
			continue;
		if ((error = add(x, field(b->lines[i].node, "planned"), PMO_SEVERITY_WARNING, RULE_CONSISTENCY,
				 "line %s: %s spent is more than the %s planned",
				 b->lines[i].id ? b->lines[i].id : "", pmo_money_format(spent, rep->lines[i].spent, c, 0),
				 pmo_money_format(planned, rep->lines[i].planned, c, 0))) < 0)
			goto done;
	}
done:
	free(ids);
	pmo_doc_free(plan.doc);
	free(plan.ids);
	pmo_buf_free(&x->msg);
	pmo_budget_report_free(rep);
	pmo_budget_free(b);
	return error < 0 ? error : 0;
}
