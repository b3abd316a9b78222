/*
 * Loading a plan from plan.yaml's tree: tasks with their fields, dependencies,
 * assignees and baselines; what is wrong with a field becomes a finding
 * (rule plan-field) at its node, not a failure.
 */
#include "plan/plan.h"
#include "plan/internal.h"
#include "util/error.h"
#include "util/mem.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ YAML */

static int bad(pmo_findings *f, const pmo_node *n, size_t task, const char *fmt,
	       const char *a, const char *b)
{
	return pmo_plan_finding_add(f, PMO_SEVERITY_ERROR, "plan-field", n, task, fmt, a, b);
}

static int yaml_date(pmo_date *out, const pmo_node *n, pmo_findings *f, size_t task,
		     const char *id, const char *field)
{
	const char *s;
	if (!n || (n->kind == PMO_NODE_SCALAR && n->tag == PMO_TAG_NULL))
		return 0;
	s = pmo_node_text(n);
	if (!s || pmo_date_parse(out, s, strlen(s)) < 0)
		return bad(f, n, task, "task %s: %s must be a date YYYY-MM-DD", id, field);
	return 0;
}

static int yaml_long(long *out, const pmo_node *n, long min, long max)
{
	int64_t v;
	if (pmo_node_int(n, &v) < 0 || v < min || v > max)
		return -1;
	*out = (long)v;
	return 0;
}

static int dup_text(pmo_plan *plan, char **out, const pmo_node *n)
{
	const char *s = pmo_node_text(n);
	if (!s || (n->tag == PMO_TAG_NULL && n->style == PMO_STYLE_PLAIN))
		return 0;
	if (!(*out = pmo_plan__strndup(plan, s, strlen(s))))
		return PMO_ENOMEM;
	return 0;
}

static int load_deps(pmo_plan *plan, pmo_task *t, size_t ti, const pmo_node *n, pmo_findings *f)
{
	size_t i, count = 1;
	const pmo_node *const *items = &n;
	int error = 0;

	if (n->kind == PMO_NODE_SCALAR && n->tag == PMO_TAG_NULL)
		return 0;
	if (n->kind == PMO_NODE_SEQ) {
		items = (const pmo_node *const *)n->items;
		count = n->n;
	}
	if (count) {
		/* room for all of them at once, in the plan's arena */
		pmo_dep *v = pmo_plan__alloc(plan, (t->ndeps + count) * sizeof(*v));
		if (!v)
			return PMO_ENOMEM;
		if (t->ndeps)
			memcpy(v, t->deps, t->ndeps * sizeof(*v));
		t->deps = v;
	}
	for (i = 0; i < count; i++) {
		const pmo_node *it = items[i];
		const char *s = pmo_node_text(it);
		pmo_dep d;
		if (!s) {
			if ((error = bad(f, it, ti, "task %s: %s must be a task id with optional type and lag",
					 t->id, "depends")) < 0)
				return error;
			continue;
		}
		if ((error = pmo_plan__dep_parse(plan, &d, s, it->len)) < 0) {
			if (error != PMO_EINVALID)
				return error;
			if ((error = pmo_plan_finding_add(f, PMO_SEVERITY_ERROR, "plan-dependency", it, ti,
							  "task %s: %s", t->id,
							  pmo_error_last()->message)) < 0)
				return error;
			continue;
		}
		d.node = it;
		t->deps[t->ndeps++] = d;
	}
	return 0;
}

static int load_assignees(pmo_plan *plan, pmo_task *t, size_t ti, const pmo_node *n,
			  pmo_findings *f)
{
	size_t i;
	int error = 0;

	if (n->kind != PMO_NODE_SEQ)
		return bad(f, n, ti, "task %s: %s must be a list of {person, allocation}", t->id,
			   "assignees");
	if (!n->n)
		return 0;
	/* room for all of them at once, in the plan's arena */
	if (!(t->assignees = pmo_plan__alloc(plan, n->n * sizeof(*t->assignees))))
		return PMO_ENOMEM;
	for (i = 0; i < n->n; i++) {
		const pmo_node *it = n->items[i], *p = it, *a = NULL;
		long alloc = 100;
		if (it->kind == PMO_NODE_MAP) {
			p = pmo_map_get(it, "person");
			a = pmo_map_get(it, "allocation");
		}
		if (!pmo_node_text(p)) {
			if ((error = bad(f, it, ti, "task %s: %s needs a person", t->id, "assignee")) < 0)
				return error;
			continue;
		}
		if (a && yaml_long(&alloc, a, 1, 1000) < 0) {
			if ((error = bad(f, a, ti, "task %s: %s must be a percentage 1..1000", t->id,
					 "allocation")) < 0)
				return error;
			alloc = 100;
		}
		if (!(t->assignees[t->nassignees].person =
			      pmo_plan__strndup(plan, pmo_node_text(p), strlen(pmo_node_text(p)))))
			return PMO_ENOMEM;
		t->assignees[t->nassignees].allocation = (int)alloc;
		t->assignees[t->nassignees].line = p->line;
		t->assignees[t->nassignees++].col = p->col;
	}
	return 0;
}

/* The fields of a task, looked up in one pass over its mapping (as
 * pmo_map_get would find them: the first key that matches). */
enum { TF_ID, TF_TITLE, TF_PARENT, TF_NOTES, TF_DURATION, TF_EFFORT, TF_MILESTONE, TF_PROGRESS,
       TF_SNET, TF_FNLT, TF_ASTART, TF_AFINISH, TF_DEPENDS, TF_ASSIGNEES, TF_COST, TF_COUNT };

static void task_fields(const pmo_node *m, const pmo_node *v[TF_COUNT])
{
	static const char *const keys[TF_COUNT] = {
		"id", "title", "parent", "notes", "duration", "effort", "milestone", "progress",
		"start_no_earlier_than", "finish_no_later_than", "actual_start", "actual_finish",
		"depends", "assignees", "cost",
	};
	static const unsigned char lens[TF_COUNT] = { 2, 5, 6, 5, 8, 6, 9, 8, 21, 20, 12, 13, 7, 9, 4 };
	size_t i, k;

	for (k = 0; k < TF_COUNT; k++)
		v[k] = NULL;
	for (i = 0; i < m->n; i++) {
		const pmo_node *key = m->pairs[i].key;
		for (k = 0; k < TF_COUNT; k++)
			if (key->len == lens[k] && !v[k] && memcmp(key->str, keys[k], lens[k]) == 0) {
				v[k] = m->pairs[i].value;
				break;
			}
	}
}

static int load_task(pmo_plan *plan, const pmo_node *m, pmo_findings *f)
{
	const pmo_node *n, *v[TF_COUNT];
	pmo_task *t;
	size_t ti = plan->n;
	const char *id;
	int error;

	if (m->kind != PMO_NODE_MAP)
		return bad(f, m, PMO_PLAN_NONE, "%s%s must be a mapping", "a task", "");
	task_fields(m, v);
	n = v[TF_ID];
	if (!(id = pmo_node_text(n)) || !*id)
		return bad(f, m, PMO_PLAN_NONE, "%s%s needs an id", "a task", "");
	n = v[TF_TITLE];
	if ((error = pmo_plan_add_task(&t, plan, id, NULL)) < 0)
		return error;
	t->node = m;
	if ((n && (error = dup_text(plan, &t->title, n)) < 0) ||
	    ((n = v[TF_PARENT]) && (error = dup_text(plan, &t->parent_id, n)) < 0) ||
	    ((n = v[TF_NOTES]) && (error = dup_text(plan, &t->notes, n)) < 0))
		return error;
	if ((n = v[TF_DURATION]) && n->kind == PMO_NODE_SCALAR && n->tag == PMO_TAG_STR) {
		/* with a unit: 10d, 2w, 16h */
		double d;
		if (pmo_plan_parse_days(&d, n->str, n->len) < 0) {
			pmo_error_clear();
			d = -1;
		}
		if (d >= 0 && d <= 1000000 && fabs(d - floor(d + 0.5)) < 1e-9)
			t->duration = (long)floor(d + 0.5);
		else if (d < 0 && (error = bad(f, n, ti, "task %s: %s must be a whole number of working days >= 0",
					       id, "duration")) < 0)
			return error;
		else if (d >= 0 && (error = pmo_plan_finding_add(f, PMO_SEVERITY_ERROR, "plan-field", n, ti,
						       "task %s: duration \"%s\" is not a whole number of working days "
						       "(N, Nd, Nw of 5 days, Nh of %d hours)",
						       id, n->str, PMO_PLAN_HOURS_PER_DAY)) < 0)
			return error;
	} else if ((n = v[TF_DURATION]) && yaml_long(&t->duration, n, 0, 1000000) < 0 &&
	    (error = bad(f, n, ti, "task %s: %s must be a whole number of working days >= 0",
			 id, "duration")) < 0)
		return error;
	if ((n = v[TF_EFFORT])) {
		double v = -1;
		if (n->kind == PMO_NODE_SCALAR && n->tag == PMO_TAG_STR) {
			/* with a unit: 20d, 4w, 16h */
			if (pmo_plan_parse_days(&v, n->str, n->len) < 0) {
				pmo_error_clear();
				v = -1;
			}
		} else if (pmo_node_number(n, &v) < 0) {
			pmo_error_clear();
			v = -1;
		}
		if (!(v >= 0) || v > 1e7) {
			if ((error = bad(f, n, ti, "task %s: %s must be a number of person-days >= 0",
					 id, "effort")) < 0)
				return error;
		} else {
			t->effort = v;
		}
	}
	if ((n = v[TF_MILESTONE])) {
		const char *s = pmo_node_text(n);
		if (!s || n->tag != PMO_TAG_BOOL) {
			if ((error = bad(f, n, ti, "task %s: %s must be true or false", id,
					 "milestone")) < 0)
				return error;
		} else {
			t->milestone = !strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE");
		}
	}
	if ((n = v[TF_PROGRESS])) {
		long p;
		if (yaml_long(&p, n, 0, 100) < 0) {
			if ((error = bad(f, n, ti, "task %s: %s must be a whole percentage 0..100", id,
					 "progress")) < 0)
				return error;
		} else {
			t->progress = (int)p;
		}
	}
	if ((error = yaml_date(&t->snet, v[TF_SNET], f, ti, id,
			       "start_no_earlier_than")) < 0 ||
	    (error = yaml_date(&t->fnlt, v[TF_FNLT], f, ti, id,
			       "finish_no_later_than")) < 0 ||
	    (error = yaml_date(&t->actual_start, v[TF_ASTART], f, ti, id,
			       "actual_start")) < 0 ||
	    (error = yaml_date(&t->actual_finish, v[TF_AFINISH], f, ti, id,
			       "actual_finish")) < 0)
		return error;
	/* an amount needs the currency: read where it is used (plan/evm.h) */
	if ((n = v[TF_COST]) && !(n->kind == PMO_NODE_SCALAR && n->tag == PMO_TAG_NULL))
		t->cost = n;
	if ((n = v[TF_DEPENDS]) && (error = load_deps(plan, t, ti, n, f)) < 0)
		return error;
	if ((n = v[TF_ASSIGNEES]) && (error = load_assignees(plan, t, ti, n, f)) < 0)
		return error;
	return 0;
}

static int load_baselines(pmo_plan *plan, const pmo_node *m, pmo_findings *f)
{
	size_t i, j;
	int error = 0;

	if (m->kind != PMO_NODE_MAP)
		return bad(f, m, PMO_PLAN_NONE, "%s%s must be a mapping of name to baseline",
			   "baselines", "");
	if (!m->n)
		return 0;
	if (!(plan->baselines = calloc(m->n, sizeof(*plan->baselines))))
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	for (i = 0; i < m->n; i++) {
		pmo_baseline *b = &plan->baselines[plan->nbaselines++];
		const pmo_node *v = m->pairs[i].value, *tasks, *d;
		b->date = b->as_of = PMO_NODATE;
		b->node = v;
		if (!(b->name = pmo_plan__strndup(plan, m->pairs[i].key->str, strlen(m->pairs[i].key->str))))
			return PMO_ENOMEM;
		if (v->kind != PMO_NODE_MAP) {
			if ((error = bad(f, v, PMO_PLAN_NONE, "baseline %s%s must be a mapping", b->name,
					 "")) < 0)
				return error;
			continue;
		}
		if (((d = pmo_map_get(v, "date")) &&
		     (error = yaml_date(&b->date, d, f, PMO_PLAN_NONE, b->name, "date")) < 0) ||
		    ((d = pmo_map_get(v, "as_of")) &&
		     (error = yaml_date(&b->as_of, d, f, PMO_PLAN_NONE, b->name, "as_of")) < 0))
			return error;
		tasks = pmo_map_get(v, "tasks");
		if (!tasks || tasks->kind != PMO_NODE_MAP || !tasks->n)
			continue;
		if (!(b->entries = calloc(tasks->n, sizeof(*b->entries))))
			return pmo_error_set(PMO_ENOMEM, "out of memory");
		for (j = 0; j < tasks->n; j++) {
			pmo_baseline_entry *e = &b->entries[b->n++];
			const pmo_node *tv = tasks->pairs[j].value;
			e->start = e->finish = PMO_NODATE;
			if (!(e->task = pmo_plan__strndup(plan, tasks->pairs[j].key->str,
							 strlen(tasks->pairs[j].key->str))))
				return PMO_ENOMEM;
			if (tv->kind != PMO_NODE_MAP)
				continue;
			if ((error = yaml_date(&e->start, pmo_map_get(tv, "start"), f, PMO_PLAN_NONE,
					       e->task, "baseline start")) < 0 ||
			    (error = yaml_date(&e->finish, pmo_map_get(tv, "finish"), f, PMO_PLAN_NONE,
					       e->task, "baseline finish")) < 0)
				return error;
			if ((d = pmo_map_get(tv, "progress"))) {
				long p;
				if (yaml_long(&p, d, 0, 100) < 0) {
					if ((error = bad(f, d, PMO_PLAN_NONE, "baseline task %s: %s must be a whole percentage 0..100",
							 e->task, "progress")) < 0)
						return error;
				} else {
					e->progress = (int)p;
				}
			}
			if ((d = pmo_map_get(tv, "cost")) && !(d->kind == PMO_NODE_SCALAR && d->tag == PMO_TAG_NULL))
				e->cost = d;
		}
	}
	return 0;
}

int pmo_plan_from_yaml(pmo_plan **out, const pmo_node *root, const char *path,
		       pmo_findings *f)
{
	pmo_plan *plan = NULL;
	const pmo_node *tasks, *bl;
	size_t i;
	int error;

	if ((error = pmo_plan_new(&plan)) < 0)
		goto done;
	if (path && !(plan->path = strdup(path))) {
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
		goto done;
	}
	if (root && root->kind == PMO_NODE_SCALAR && root->tag == PMO_TAG_NULL)
		root = NULL;
	if (root && root->kind != PMO_NODE_MAP) {
		error = pmo_error_set_at(PMO_EINVALID, path, root->line, root->col,
					 "a plan must be a mapping with tasks:");
		goto done;
	}
	if (root && (tasks = pmo_map_get(root, "tasks")) &&
	    !(tasks->kind == PMO_NODE_SCALAR && tasks->tag == PMO_TAG_NULL)) {
		if (tasks->kind != PMO_NODE_SEQ) {
			error = pmo_error_set_at(PMO_EINVALID, path, tasks->line, tasks->col,
						 "tasks must be a list");
			goto done;
		}
		if (tasks->n && !(plan->tasks = pmo_big_alloc(tasks->n * sizeof(pmo_task)))) {
			error = pmo_error_set(PMO_ENOMEM, "out of memory");
			goto done;
		}
		plan->cap = tasks->n;
		for (i = 0; i < tasks->n; i++)
			if ((error = load_task(plan, tasks->items[i], f)) < 0)
				goto done;
	}
	if (root && (bl = pmo_map_get(root, "baselines")) &&
	    (error = load_baselines(plan, bl, f)) < 0)
		goto done;
	if ((error = pmo_plan_resolve(plan, f)) < 0)
		goto done;
	*out = plan;
	plan = NULL;
done:
	pmo_plan_free(plan);
	return error;
}
