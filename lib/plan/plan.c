/*
 * Plans: tasks built in memory or loaded from plan.yaml, the dependency
 * syntax, findings, and resolving ids into indices.
 */
#include "plan/plan.h"
#include "plan/internal.h"
#include "util/error.h"
#include "util/mem.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- findings */

void pmo_plan_findings_init(pmo_plan_findings *f)
{
	memset(f, 0, sizeof(*f));
}

void pmo_plan_findings_release(pmo_plan_findings *f)
{
	size_t i;
	if (!f)
		return;
	for (i = 0; i < f->n; i++)
		free(f->items[i].message);
	free(f->items);
	memset(f, 0, sizeof(*f));
}

int pmo_plan_finding_add(pmo_plan_findings *f, pmo_finding_severity sev, const char *rule,
			 const pmo_node *node, size_t task, const char *fmt, ...)
{
	pmo_buf b = PMO_BUF_INIT;
	va_list ap;
	int error;

	if (!f)
		return 0;
	va_start(ap, fmt);
	pmo_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if ((error = pmo_buf_oom(&b)) < 0)
		goto done;
	if (f->n == f->cap) {
		size_t nc = f->cap ? f->cap * 2 : 16;
		pmo_plan_finding *v = realloc(f->items, nc * sizeof(*v));
		if (!v) {
			error = pmo_error_set(PMO_ENOMEM, "out of memory");
			goto done;
		}
		f->items = v;
		f->cap = nc;
	}
	f->items[f->n].severity = sev;
	f->items[f->n].rule = rule;
	f->items[f->n].message = pmo_buf_detach(&b);
	f->items[f->n].node = node;
	f->items[f->n].task = task;
	f->n++;
	if (sev == PMO_FINDING_ERROR)
		f->errors++;
done:
	pmo_buf_release(&b);
	return error;
}

/* -------------------------------------------------------------- id index */

struct pmo_plan_index {
	size_t *slots; /* task index + 1, 0 = empty */
	size_t mask;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static void index_free(pmo_plan_index *ix)
{
	if (!ix)
		return;
	pmo_big_free(ix->slots);
	free(ix);
}

size_t pmo_plan_find(const pmo_plan *plan, const char *id)
{
	const pmo_plan_index *ix = plan->index;
	size_t i;

	if (!ix || !id)
		return PMO_PLAN_NONE;
	for (i = hash_str(id) & ix->mask; ix->slots[i]; i = (i + 1) & ix->mask)
		if (!strcmp(plan->tasks[ix->slots[i] - 1].id, id))
			return ix->slots[i] - 1;
	return PMO_PLAN_NONE;
}

/* Build the index; the first task with an id wins, later ones are reported. */
static int index_build(pmo_plan *plan, pmo_plan_findings *findings)
{
	pmo_plan_index *ix = NULL;
	size_t cap = 16, i, j;
	int error = 0;

	while (cap < plan->n * 2 + 2)
		cap *= 2;
	if (!(ix = calloc(1, sizeof(*ix))) || !(ix->slots = pmo_big_alloc(cap * sizeof(size_t)))) {
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
		goto done;
	}
	ix->mask = cap - 1;
	for (i = 0; i < plan->n; i++) {
		const char *id = plan->tasks[i].id;
		for (j = hash_str(id) & ix->mask; ix->slots[j]; j = (j + 1) & ix->mask)
			if (!strcmp(plan->tasks[ix->slots[j] - 1].id, id))
				break;
		if (ix->slots[j]) {
			if ((error = pmo_plan_finding_add(findings, PMO_FINDING_ERROR,
							  "plan-duplicate-id",
							  plan->tasks[i].node, i,
							  "duplicate task id %s", id)) < 0)
				goto done;
			continue;
		}
		ix->slots[j] = i + 1;
	}
	index_free(plan->index);
	plan->index = ix;
	ix = NULL;
done:
	index_free(ix);
	return error;
}

/* ------------------------------------------------------------------- plan */

int pmo_plan_new(pmo_plan **out)
{
	pmo_plan *p = calloc(1, sizeof(*p));
	if (!p)
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	*out = p;
	return 0;
}

static void task_release(pmo_task *t)
{
	size_t i;
	free(t->id);
	free(t->title);
	free(t->parent_id);
	free(t->notes);
	for (i = 0; i < t->ndeps; i++)
		free(t->deps[i].task);
	free(t->deps);
	for (i = 0; i < t->nassignees; i++)
		free(t->assignees[i].person);
	free(t->assignees);
}

void pmo_plan_free(pmo_plan *plan)
{
	size_t i, j;
	if (!plan)
		return;
	for (i = 0; i < plan->n; i++)
		task_release(&plan->tasks[i]);
	pmo_big_free(plan->tasks);
	for (i = 0; i < plan->nbaselines; i++) {
		for (j = 0; j < plan->baselines[i].n; j++)
			free(plan->baselines[i].entries[j].task);
		free(plan->baselines[i].entries);
		free(plan->baselines[i].name);
	}
	free(plan->baselines);
	free(plan->path);
	index_free(plan->index);
	free(plan);
}

int pmo_plan_add_task(pmo_task **out, pmo_plan *plan, const char *id, const char *title)
{
	pmo_task *t;

	if (plan->n == plan->cap) {
		size_t nc = plan->cap ? plan->cap * 2 : 64;
		pmo_task *v = pmo_big_realloc(plan->tasks, nc * sizeof(*v));
		if (!v)
			return pmo_error_set(PMO_ENOMEM, "out of memory");
		plan->tasks = v;
		plan->cap = nc;
	}
	t = &plan->tasks[plan->n];
	memset(t, 0, sizeof(*t));
	t->duration = -1;
	t->effort = -1;
	t->progress = -1;
	t->snet = t->fnlt = t->actual_start = t->actual_finish = PMO_NODATE;
	t->parent = PMO_PLAN_NONE;
	if (!(t->id = strdup(id ? id : "")) || (title && !(t->title = strdup(title)))) {
		task_release(t);
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	}
	plan->n++;
	plan->resolved = 0;
	*out = t;
	return 0;
}

int pmo_task_set_parent(pmo_task *task, const char *parent_id)
{
	char *p = parent_id ? strdup(parent_id) : NULL;
	if (parent_id && !p)
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	free(task->parent_id);
	task->parent_id = p;
	return 0;
}

static int dep_append(pmo_task *task, const pmo_dep *dep)
{
	pmo_dep *v = realloc(task->deps, (task->ndeps + 1) * sizeof(*v));
	if (!v)
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	task->deps = v;
	task->deps[task->ndeps++] = *dep;
	return 0;
}

int pmo_task_add_dep(pmo_task *task, const char *spec)
{
	pmo_dep d;
	int error;

	if ((error = pmo_dep_parse(&d, spec, strlen(spec))) < 0)
		return error;
	if ((error = dep_append(task, &d)) < 0)
		free(d.task);
	return error;
}

int pmo_task_add_assignee(pmo_task *task, const char *person, int allocation)
{
	pmo_assignee *v = realloc(task->assignees, (task->nassignees + 1) * sizeof(*v));
	if (!v)
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	task->assignees = v;
	if (!(v[task->nassignees].person = strdup(person)))
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	v[task->nassignees++].allocation = allocation;
	return 0;
}

/* ----------------------------------------------------- dependency syntax */

static int dep_syntax_error(const char *spec, size_t len)
{
	return pmo_error_set(PMO_EINVALID,
			     "bad dependency \"%.*s\" (expected ID[:fs|ss|ff|sf][+|-N[d]], "
			     "e.g. T-3, T-3+2d, T-3:ss-1d)", (int)len, spec);
}

int pmo_plan_parse_days(double *out, const char *s, size_t len)
{
	size_t i = 0, digits = 0, frac = 0;
	double v = 0, scale = 1, unit = 1;

	while (i < len && s[i] == ' ')
		i++;
	for (; i < len && s[i] >= '0' && s[i] <= '9' && digits < 12; i++, digits++)
		v = v * 10 + (s[i] - '0');
	if (digits && i < len && s[i] == '.') {
		for (i++; i < len && s[i] >= '0' && s[i] <= '9' && frac < 9; i++, frac++)
			v += (s[i] - '0') * (scale /= 10);
		if (!frac)
			digits = 0;
	}
	while (i < len && s[i] == ' ')
		i++;
	if (i < len && (s[i] == 'd' || s[i] == 'D'))
		i++;
	else if (i < len && (s[i] == 'w' || s[i] == 'W'))
		unit = 5, i++;
	else if (i < len && (s[i] == 'h' || s[i] == 'H'))
		unit = 1.0 / PMO_PLAN_HOURS_PER_DAY, i++;
	while (i < len && s[i] == ' ')
		i++;
	if (!digits || i != len)
		return pmo_error_set(PMO_EINVALID,
				     "\"%.*s\" is not a number of working days: N or Nd (days), Nw (weeks of 5 days) or Nh (hours, %d a day)",
				     (int)(len > 64 ? 64 : len), s, PMO_PLAN_HOURS_PER_DAY);
	*out = v * unit;
	return 0;
}

int pmo_dep_parse(pmo_dep *out, const char *s, size_t len)
{
	size_t i = 0, id_start, id_end;
	pmo_dep d;
	char *id;

	memset(&d, 0, sizeof(d));
	d.pred = PMO_PLAN_NONE;
	while (i < len && s[i] == ' ')
		i++;
	id_start = i;
	/* the id: up to ':' or a sign that starts a lag ("+2", "-1d" at the
	 * end); ids themselves contain '-' (T-3), so a '-' only starts the lag
	 * when what follows is digits with an optional d up to the end */
	while (i < len && s[i] != ':' && s[i] != ' ') {
		if (s[i] == '+')
			break;
		if (s[i] == '-' && i > id_start) {
			size_t j = i + 1;
			while (j < len && isdigit((unsigned char)s[j]))
				j++;
			if (j > i + 1 && j < len && (s[j] == 'd' || s[j] == 'D'))
				j++;
			while (j < len && s[j] == ' ')
				j++;
			/* "-Nd" at the end is a lag; a bare "-N" only when
			 * the id before it ends in a digit ("T-3-1"), so
			 * that "T-3" stays an id */
			if (j == len && j > i + 1 &&
			    (s[j - 1] == 'd' || s[j - 1] == 'D' || s[j - 1] == ' ' ||
			     isdigit((unsigned char)s[i - 1])))
				break;
		}
		i++;
	}
	id_end = i;
	if (id_end == id_start)
		return dep_syntax_error(s, len);
	while (i < len && s[i] == ' ')
		i++;
	d.type = PMO_DEP_FS;
	if (i < len && s[i] == ':') {
		char a, b;
		i++;
		while (i < len && s[i] == ' ')
			i++;
		if (i + 2 > len)
			return dep_syntax_error(s, len);
		a = (char)tolower((unsigned char)s[i]);
		b = (char)tolower((unsigned char)s[i + 1]);
		if (a == 'f' && b == 's')
			d.type = PMO_DEP_FS;
		else if (a == 's' && b == 's')
			d.type = PMO_DEP_SS;
		else if (a == 'f' && b == 'f')
			d.type = PMO_DEP_FF;
		else if (a == 's' && b == 'f')
			d.type = PMO_DEP_SF;
		else
			return dep_syntax_error(s, len);
		i += 2;
		while (i < len && s[i] == ' ')
			i++;
	}
	if (i < len && (s[i] == '+' || s[i] == '-')) {
		int neg = s[i] == '-';
		long v = 0;
		size_t digits = 0;
		i++;
		while (i < len && s[i] == ' ')
			i++;
		while (i < len && isdigit((unsigned char)s[i])) {
			if (v > 100000)
				return dep_syntax_error(s, len);
			v = v * 10 + (s[i] - '0');
			i++;
			digits++;
		}
		if (!digits)
			return dep_syntax_error(s, len);
		if (i < len && (s[i] == 'd' || s[i] == 'D'))
			i++;
		d.lag = neg ? -v : v;
	}
	while (i < len && s[i] == ' ')
		i++;
	if (i != len)
		return dep_syntax_error(s, len);
	if (!(id = malloc(id_end - id_start + 1)))
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	memcpy(id, s + id_start, id_end - id_start);
	id[id_end - id_start] = '\0';
	d.task = id;
	*out = d;
	return 0;
}

int pmo_dep_format(pmo_buf *out, const pmo_dep *dep)
{
	static const char *const types[] = { "fs", "ss", "ff", "sf" };
	pmo_buf_puts(out, dep->task);
	if (dep->type != PMO_DEP_FS)
		pmo_buf_printf(out, ":%s", types[dep->type]);
	if (dep->lag)
		pmo_buf_printf(out, "%+ldd", dep->lag);
	return pmo_buf_oom(out);
}

/* ---------------------------------------------------------------- resolve */

/* Pre/post order numbers of the WBS, to test ancestry in O(1). */
static int wbs_order(const pmo_plan *plan, size_t *pre, size_t *post)
{
	size_t n = plan->n, i, *first = NULL, *next = NULL, *stack = NULL, sp = 0, clock = 0;
	int error = 0;

	if (!(first = malloc((n + 1) * sizeof(size_t))) || !(next = malloc((n + 1) * sizeof(size_t))) ||
	    !(stack = malloc((n + 1) * sizeof(size_t)))) {
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
		goto done;
	}
	for (i = 0; i < n; i++)
		first[i] = PMO_PLAN_NONE;
	/* children in reverse so that the walk visits them in file order */
	for (i = n; i-- > 0;) {
		size_t p = plan->tasks[i].parent;
		if (p != PMO_PLAN_NONE) {
			next[i] = first[p];
			first[p] = i;
		}
	}
	for (i = 0; i < n; i++) {
		if (plan->tasks[i].parent != PMO_PLAN_NONE)
			continue;
		stack[sp++] = i;
		pre[i] = clock++;
		while (sp) {
			size_t u = stack[sp - 1];
			if (first[u] != PMO_PLAN_NONE) {
				size_t c = first[u];
				first[u] = next[c];
				pre[c] = clock++;
				stack[sp++] = c;
			} else {
				post[u] = clock++;
				sp--;
			}
		}
	}
done:
	free(first);
	free(next);
	free(stack);
	return error;
}

static int is_ancestor(const size_t *pre, const size_t *post, size_t a, size_t b)
{
	return pre[a] < pre[b] && post[b] < post[a];
}

/* The same dependency twice (predecessor, type and lag): the second is
 * reported, at its item. Deps of one task are few; a long list is sorted. */
typedef struct {
	size_t pred, at;
	long lag;
	int type;
} dep_key;

static int cmp_dep_key(const void *a, const void *b)
{
	const dep_key *x = a, *y = b;
	if (x->pred != y->pred)
		return x->pred < y->pred ? -1 : 1;
	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	if (x->lag != y->lag)
		return x->lag < y->lag ? -1 : 1;
	return x->at < y->at ? -1 : 1;
}

static int same_dep(const pmo_dep *a, const pmo_dep *b)
{
	return a->pred == b->pred && a->type == b->type && a->lag == b->lag;
}

static int report_twice(pmo_plan_findings *f, const pmo_task *t, size_t ti, const pmo_dep *d)
{
	return pmo_plan_finding_add(f, PMO_FINDING_ERROR, "plan-dependency", d->node ? d->node : t->node, ti,
				    "task %s depends on %s twice", t->id, d->task);
}

static int duplicate_deps(const pmo_task *t, size_t ti, pmo_plan_findings *f)
{
	size_t i, j;
	dep_key *k = NULL;
	int error = 0;

	if (t->ndeps <= 32) {
		for (i = 1; i < t->ndeps && error >= 0; i++) {
			if (t->deps[i].pred == PMO_PLAN_NONE)
				continue;
			for (j = 0; j < i && !same_dep(&t->deps[i], &t->deps[j]); j++)
				;
			if (j < i)
				error = report_twice(f, t, ti, &t->deps[i]);
		}
		return error;
	}
	if (!(k = malloc(t->ndeps * sizeof(*k))))
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	for (i = 0; i < t->ndeps; i++) {
		k[i].pred = t->deps[i].pred;
		k[i].type = (int)t->deps[i].type;
		k[i].lag = t->deps[i].lag;
		k[i].at = i;
	}
	qsort(k, t->ndeps, sizeof(*k), cmp_dep_key);
	for (i = 1; i < t->ndeps && error >= 0; i++)
		if (k[i].pred != PMO_PLAN_NONE && same_dep(&t->deps[k[i].at], &t->deps[k[i - 1].at]))
			error = report_twice(f, t, ti, &t->deps[k[i].at]);
	free(k);
	return error;
}

/* Where a finding about the duration of t points: its duration: or the task. */
static const pmo_node *duration_at(const pmo_task *t)
{
	const pmo_node *dn = t->node ? pmo_map_get(t->node, "duration") : NULL;
	return dn ? dn : t->node;
}

int pmo_plan_resolve(pmo_plan *plan, pmo_plan_findings *f)
{
	size_t n = plan->n, i, j, *pre = NULL, *post = NULL;
	unsigned char *state = NULL;
	int error = 0;

	if (plan->resolved)
		return 0;
	if ((error = index_build(plan, f)) < 0)
		goto done;
	for (i = 0; i < n; i++) {
		pmo_task *t = &plan->tasks[i];
		t->nchildren = 0;
		t->parent = PMO_PLAN_NONE;
		if (!t->parent_id)
			continue;
		t->parent = pmo_plan_find(plan, t->parent_id);
		if (t->parent == PMO_PLAN_NONE || t->parent == i) {
			const pmo_node *pn = t->node ? pmo_map_get(t->node, "parent") : NULL;
			if ((error = pmo_plan_finding_add(f, PMO_FINDING_ERROR, "plan-parent",
							  pn ? pn : t->node, i,
							  t->parent == i ? "task %s is its own parent %s"
									 : "task %s: unknown parent %s",
							  t->id, t->parent_id)) < 0)
				goto done;
			t->parent = PMO_PLAN_NONE;
		}
	}
	/* parent cycles: walk up with colours (0 new, 1 on the path, 2 done) */
	if (!(state = calloc(n ? n : 1, 1)) || !(pre = malloc((n + 1) * sizeof(size_t))) ||
	    !(post = malloc((n + 1) * sizeof(size_t)))) {
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
		goto done;
	}
	for (i = 0; i < n; i++) {
		size_t u = i;
		while (u != PMO_PLAN_NONE && !state[u]) {
			state[u] = 1;
			u = plan->tasks[u].parent;
		}
		if (u != PMO_PLAN_NONE && state[u] == 1) {
			pmo_task *t = &plan->tasks[u];
			if ((error = pmo_plan_finding_add(f, PMO_FINDING_ERROR, "plan-parent",
							  t->node, u,
							  "task %s is its own ancestor through parent %s",
							  t->id, t->parent_id)) < 0)
				goto done;
			t->parent = PMO_PLAN_NONE;
		}
		for (u = i; u != PMO_PLAN_NONE && state[u] == 1; u = plan->tasks[u].parent)
			state[u] = 2;
	}
	for (i = 0; i < n; i++)
		if (plan->tasks[i].parent != PMO_PLAN_NONE)
			plan->tasks[plan->tasks[i].parent].nchildren++;
	if ((error = wbs_order(plan, pre, post)) < 0)
		goto done;

	for (i = 0; i < n; i++) {
		pmo_task *t = &plan->tasks[i];
		for (j = 0; j < t->ndeps; j++) {
			pmo_dep *d = &t->deps[j];
			const pmo_node *at = d->node ? d->node : t->node;
			d->pred = pmo_plan_find(plan, d->task);
			if (d->pred == PMO_PLAN_NONE) {
				error = pmo_plan_finding_add(f, PMO_FINDING_ERROR, "plan-dependency",
							     at, i, "task %s depends on unknown task %s",
							     t->id, d->task);
			} else if (d->pred == i) {
				error = pmo_plan_finding_add(f, PMO_FINDING_ERROR, "plan-cycle", at, i,
							     "dependency cycle: %s → %s", t->id, t->id);
				d->pred = PMO_PLAN_NONE;
			} else if (is_ancestor(pre, post, d->pred, i)) {
				error = pmo_plan_finding_add(f, PMO_FINDING_ERROR, "plan-parent-dependency",
							     at, i, "task %s depends on its own summary task %s",
							     t->id, d->task);
				d->pred = PMO_PLAN_NONE;
			} else if (is_ancestor(pre, post, i, d->pred)) {
				error = pmo_plan_finding_add(f, PMO_FINDING_ERROR, "plan-parent-dependency",
							     at, i, "summary task %s depends on its own subtask %s",
							     t->id, d->task);
				d->pred = PMO_PLAN_NONE;
			}
			if (error < 0)
				goto done;
		}
		if (t->ndeps > 1 && (error = duplicate_deps(t, i, f)) < 0)
			goto done;
		if (t->actual_start != PMO_NODATE && t->actual_finish != PMO_NODATE &&
		    t->actual_finish < t->actual_start) {
			const pmo_node *an = t->node ? pmo_map_get(t->node, "actual_finish") : NULL;
			char b1[11], b2[11];
			if ((error = pmo_plan_finding_add(f, PMO_FINDING_ERROR, "plan-actual", an ? an : t->node, i,
							  "task %s: actual_finish %s is before actual_start %s",
							  t->id, pmo_date_format(b1, t->actual_finish),
							  pmo_date_format(b2, t->actual_start))) < 0)
				goto done;
		}
	}

	/* effective durations */
	for (i = 0; i < n; i++) {
		pmo_task *t = &plan->tasks[i];
		if (t->nchildren) {
			t->days = 0;
			if ((t->duration >= 0 || t->effort >= 0 || t->milestone) &&
			    (error = pmo_plan_finding_add(f, PMO_FINDING_WARNING, "plan-summary",
							  duration_at(t), i,
							  "summary task %s has a %s of its own, which is ignored",
							  t->id, t->milestone ? "milestone flag"
							  : t->duration >= 0 ? "duration" : "effort")) < 0)
				goto done;
			continue;
		}
		if (t->milestone) {
			t->days = 0;
			if ((t->duration > 0 || t->effort > 0) &&
			    (error = pmo_plan_finding_add(f, PMO_FINDING_ERROR, "plan-milestone",
							  duration_at(t), i,
							  "milestone %s has a duration", t->id)) < 0)
				goto done;
			continue;
		}
		if (t->duration >= 0) {
			t->days = t->duration;
		} else if (t->effort >= 0) {
			long pct = 0;
			for (j = 0; j < t->nassignees; j++)
				pct += t->assignees[j].allocation;
			if (!t->nassignees)
				pct = 100;
			t->days = pct > 0 ? (long)ceil(t->effort * 100.0 / (double)pct - 1e-9) : 0;
			if (pct <= 0 &&
			    (error = pmo_plan_finding_add(f, PMO_FINDING_ERROR, "plan-effort", t->node, i,
							  "task %s has effort but no allocation", t->id)) < 0)
				goto done;
		} else {
			t->days = 1;
			if ((error = pmo_plan_finding_add(f, PMO_FINDING_WARNING, "plan-duration",
							  t->node, i,
							  "task %s has no duration or effort; scheduled as 1 day",
							  t->id)) < 0)
				goto done;
		}
	}
	plan->resolved = 1;
done:
	free(state);
	free(pre);
	free(post);
	return error;
}

/* --------------------------------------------------------------- progress */

static double leaf_progress(const pmo_task *t)
{
	if (t->actual_finish != PMO_NODATE)
		return 100;
	return t->progress > 0 ? t->progress : 0;
}

int pmo_plan_progress(double *out, double *total, pmo_plan *plan)
{
	size_t n = plan->n, i, u;
	double *w = NULL, *ev = NULL, *cnt = NULL, *sum = NULL, tw = 0, tev = 0, tc = 0, ts = 0;
	int error;

	if ((error = pmo_plan_resolve(plan, NULL)) < 0)
		return error;
	if (n && (!(w = pmo_big_alloc(n * sizeof(double))) || !(ev = pmo_big_alloc(n * sizeof(double))) ||
		  !(cnt = pmo_big_alloc(n * sizeof(double))) || !(sum = pmo_big_alloc(n * sizeof(double))))) {
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
		goto done;
	}
	for (i = 0; i < n; i++) {
		const pmo_task *t = &plan->tasks[i];
		double pc, d;
		size_t depth = 0;
		if (t->nchildren)
			continue;
		pc = leaf_progress(t);
		d = (double)t->days;
		out[i] = pc;
		tw += d;
		tev += d * pc;
		tc += 1;
		ts += pc;
		/* parents were checked for cycles by resolve; depth bounds the walk anyway */
		for (u = t->parent; u != PMO_PLAN_NONE && depth++ < n; u = plan->tasks[u].parent) {
			w[u] += d;
			ev[u] += d * pc;
			cnt[u] += 1;
			sum[u] += pc;
		}
	}
	for (i = 0; i < n; i++)
		if (plan->tasks[i].nchildren)
			out[i] = w[i] > 0 ? ev[i] / w[i] : cnt[i] > 0 ? sum[i] / cnt[i] : 0;
	if (total)
		*total = tw > 0 ? tev / tw : tc > 0 ? ts / tc : 0;
done:
	pmo_big_free(w);
	pmo_big_free(ev);
	pmo_big_free(cnt);
	pmo_big_free(sum);
	return error;
}

/* ------------------------------------------------------------------ YAML */

static int bad(pmo_plan_findings *f, const pmo_node *n, size_t task, const char *fmt,
	       const char *a, const char *b)
{
	return pmo_plan_finding_add(f, PMO_FINDING_ERROR, "plan-field", n, task, fmt, a, b);
}

static int yaml_date(pmo_date *out, const pmo_node *n, pmo_plan_findings *f, size_t task,
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

static int dup_text(char **out, const pmo_node *n)
{
	const char *s = pmo_node_text(n);
	if (!s || (n->tag == PMO_TAG_NULL && n->style == PMO_STYLE_PLAIN))
		return 0;
	if (!(*out = strdup(s)))
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	return 0;
}

static int load_deps(pmo_task *t, size_t ti, const pmo_node *n, pmo_plan_findings *f)
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
		/* room for all of them at once: one allocation per task */
		pmo_dep *v = realloc(t->deps, (t->ndeps + count) * sizeof(*v));
		if (!v)
			return pmo_error_set(PMO_ENOMEM, "out of memory");
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
		if ((error = pmo_dep_parse(&d, s, it->len)) < 0) {
			if (error != PMO_EINVALID)
				return error;
			if ((error = pmo_plan_finding_add(f, PMO_FINDING_ERROR, "plan-dependency", it, ti,
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

static int load_assignees(pmo_task *t, size_t ti, const pmo_node *n, pmo_plan_findings *f)
{
	size_t i;
	int error = 0;

	if (n->kind != PMO_NODE_SEQ)
		return bad(f, n, ti, "task %s: %s must be a list of {person, allocation}", t->id,
			   "assignees");
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
		if ((error = pmo_task_add_assignee(t, pmo_node_text(p), (int)alloc)) < 0)
			return error;
	}
	return 0;
}

/* The fields of a task, looked up in one pass over its mapping (as
 * pmo_map_get would find them: the first key that matches). */
enum { TF_ID, TF_TITLE, TF_PARENT, TF_NOTES, TF_DURATION, TF_EFFORT, TF_MILESTONE, TF_PROGRESS,
       TF_SNET, TF_FNLT, TF_ASTART, TF_AFINISH, TF_DEPENDS, TF_ASSIGNEES, TF_COUNT };

static void task_fields(const pmo_node *m, const pmo_node *v[TF_COUNT])
{
	static const char *const keys[TF_COUNT] = {
		"id", "title", "parent", "notes", "duration", "effort", "milestone", "progress",
		"start_no_earlier_than", "finish_no_later_than", "actual_start", "actual_finish",
		"depends", "assignees",
	};
	static const unsigned char lens[TF_COUNT] = { 2, 5, 6, 5, 8, 6, 9, 8, 21, 20, 12, 13, 7, 9 };
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

static int load_task(pmo_plan *plan, const pmo_node *m, pmo_plan_findings *f)
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
	if ((n && (error = dup_text(&t->title, n)) < 0) ||
	    ((n = v[TF_PARENT]) && (error = dup_text(&t->parent_id, n)) < 0) ||
	    ((n = v[TF_NOTES]) && (error = dup_text(&t->notes, n)) < 0))
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
		else if (d >= 0 && (error = pmo_plan_finding_add(f, PMO_FINDING_ERROR, "plan-field", n, ti,
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
	if ((n = v[TF_DEPENDS]) && (error = load_deps(t, ti, n, f)) < 0)
		return error;
	if ((n = v[TF_ASSIGNEES]) && (error = load_assignees(t, ti, n, f)) < 0)
		return error;
	return 0;
}

static int load_baselines(pmo_plan *plan, const pmo_node *m, pmo_plan_findings *f)
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
		b->date = PMO_NODATE;
		b->node = v;
		if (!(b->name = strdup(pmo_node_text(m->pairs[i].key))))
			return pmo_error_set(PMO_ENOMEM, "out of memory");
		if (v->kind != PMO_NODE_MAP) {
			if ((error = bad(f, v, PMO_PLAN_NONE, "baseline %s%s must be a mapping", b->name,
					 "")) < 0)
				return error;
			continue;
		}
		if ((d = pmo_map_get(v, "date")) &&
		    (error = yaml_date(&b->date, d, f, PMO_PLAN_NONE, b->name, "date")) < 0)
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
			if (!(e->task = strdup(pmo_node_text(tasks->pairs[j].key))))
				return pmo_error_set(PMO_ENOMEM, "out of memory");
			if (tv->kind != PMO_NODE_MAP)
				continue;
			if ((error = yaml_date(&e->start, pmo_map_get(tv, "start"), f, PMO_PLAN_NONE,
					       e->task, "baseline start")) < 0 ||
			    (error = yaml_date(&e->finish, pmo_map_get(tv, "finish"), f, PMO_PLAN_NONE,
					       e->task, "baseline finish")) < 0)
				return error;
		}
	}
	return 0;
}

int pmo_plan_from_yaml(pmo_plan **out, const pmo_node *root, const char *path,
		       pmo_plan_findings *f)
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
