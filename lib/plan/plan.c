/*
 * Plans: tasks built in memory (loaded from plan.yaml in load.c), the dependency
 * syntax, findings, and resolving ids into indices.
 */
#include "plan/plan.h"
#include "plan/internal.h"
#include "util/error.h"
#include "util/mem.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- findings */

int pmo_plan_finding_add(pmo_findings *f, pmo_severity sev, const char *rule,
			 const pmo_node *node, size_t task, const char *fmt, ...)
{
	va_list ap;
	int error;

	if (!f)
		return 0;
	va_start(ap, fmt);
	error = pmo_findings_vaddf(f, sev, rule, node, fmt, ap);
	va_end(ap);
	if (!error)
		f->items[f->n - 1].task = task;
	return error;
}

/* -------------------------------------------------------------- id index */

/* Ids are looked up by number when every task's is T-N (the schema's
 * form) with N at most a few times the number of tasks: one array
 * indexed by N, without hashing or comparing strings (at a million tasks
 * the hash table's string compares missed the cache twice a lookup, a
 * tenth of pmo schedule's time); else in a hash table of the ids. */
struct pmo_plan_index {
	uint32_t *slots; /* task index + 1, 0 = empty (4 bytes: 8 MB less at a
			 * million tasks) */
	size_t mask;     /* of slots; 0 when ids are looked up by number */
	size_t max;      /* by number: the largest N (slots has max + 1) */
	pmo_plan__graph graph; /* pmo_plan__keep_graph's, when kept */
	int kept;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* N of an id T-N written as the schema has it (^T-[1-9][0-9]*$), below
 * 2^31; 0 for any other id. */
static size_t id_number(const char *id)
{
	uint64_t x = 0;
	size_t i;

	if (id[0] != 'T' || id[1] != '-' || id[2] < '1' || id[2] > '9')
		return 0;
	for (i = 2; id[i]; i++) {
		if (id[i] < '0' || id[i] > '9' || i > 11)
			return 0;
		x = x * 10 + (uint64_t)(id[i] - '0');
	}
	return x < ((uint64_t)1 << 31) ? (size_t)x : 0;
}

static void index_free(pmo_plan_index *ix)
{
	if (!ix)
		return;
	pmo_big_free(ix->slots);
	pmo_plan__graph_free(&ix->graph);
	free(ix);
}

void pmo_plan__keep_graph(pmo_plan *plan, pmo_plan__graph *g)
{
	pmo_plan_index *ix = plan->index;

	if (!ix || !plan->resolved) {
		pmo_plan__graph_free(g);
		return;
	}
	pmo_plan__graph_free(&ix->graph);
	ix->graph = *g;
	ix->kept = 1;
	memset(g, 0, sizeof(*g));
}

int pmo_plan__take_graph(pmo_plan__graph *out, pmo_plan *plan)
{
	pmo_plan_index *ix = plan->index;

	if (!ix || !ix->kept || !plan->resolved)
		return 0;
	*out = ix->graph;
	memset(&ix->graph, 0, sizeof(ix->graph));
	ix->kept = 0;
	return 1;
}

size_t pmo_plan_find(const pmo_plan *plan, const char *id)
{
	const pmo_plan_index *ix = plan->index;
	size_t i;

	if (!ix || !id)
		return PMO_PLAN_NONE;
	if (!ix->mask) {
		i = id_number(id);
		return i && i <= ix->max && ix->slots[i] ? ix->slots[i] - 1 : PMO_PLAN_NONE;
	}
	for (i = hash_str(id) & ix->mask; ix->slots[i]; i = (i + 1) & ix->mask)
		if (!strcmp(plan->tasks[ix->slots[i] - 1].id, id))
			return ix->slots[i] - 1;
	return PMO_PLAN_NONE;
}

/* The slot of id in ix (an empty one when no task has it yet). */
static uint32_t *index_slot(pmo_plan_index *ix, const pmo_plan *plan, const char *id)
{
	size_t j;

	if (!ix->mask)
		return &ix->slots[id_number(id)];
	for (j = hash_str(id) & ix->mask; ix->slots[j]; j = (j + 1) & ix->mask)
		if (!strcmp(plan->tasks[ix->slots[j] - 1].id, id))
			break;
	return &ix->slots[j];
}

/* Build the index; the first task with an id wins, later ones are reported. */
static int index_build(pmo_plan *plan, pmo_findings *findings)
{
	pmo_plan_index *ix = NULL;
	size_t cap = 16, i, max = 0, x;
	int error = 0, hashed;

	if (plan->n >= UINT32_MAX / 2)
		return pmo_error_set(PMO_ENOMEM, "out of memory: a plan of %zu tasks", plan->n);
	for (i = 0; i < plan->n && max != PMO_PLAN_NONE; i++)
		max = !(x = id_number(plan->tasks[i].id)) ? PMO_PLAN_NONE : x > max ? x : max;
	/* T-N IDs not too sparse are found by their number, others hashed */
	hashed = max == PMO_PLAN_NONE || max > 4 * plan->n + 1024;
	if (hashed)
		while (cap < plan->n * 2 + 2)
			cap *= 2;
	else
		cap = max + 1;
	if (!(ix = calloc(1, sizeof(*ix))) || !(ix->slots = pmo_big_alloc(cap * sizeof(*ix->slots)))) {
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
		goto done;
	}
	if (hashed)
		ix->mask = cap - 1;
	else
		ix->max = max;
	for (i = 0; i < plan->n; i++) {
		uint32_t *slot = index_slot(ix, plan, plan->tasks[i].id);
		if (*slot) {
			if ((error = pmo_plan_finding_add(findings, PMO_SEVERITY_ERROR,
							  "plan-duplicate-id",
							  plan->tasks[i].node, i,
							  "duplicate task id %s", plan->tasks[i].id)) < 0)
				goto done;
			continue;
		}
		*slot = (uint32_t)(i + 1);
	}
	index_free(plan->index);
	plan->index = ix;
	ix = NULL;
done:
	index_free(ix);
	return error;
}

/* ------------------------------------------------------------------ arena */

/* The strings and lists of a plan's tasks, in blocks that double up to
 * 64 MiB (the big ones mapped in huge pages by pmo_big_alloc): a plan of
 * a million tasks holds 5 million strings, which one malloc each made
 * 200 MB and a tenth of pmo schedule's time. */
typedef struct arena_block arena_block;
struct arena_block {
	arena_block *next;
	size_t size, used;
	/* data follows, 16-aligned */
};

struct pmo_plan_arena {
	arena_block *head;
	size_t next;
};

#define BLOCK_HEAD ((sizeof(arena_block) + 15) & ~(size_t)15)

static void arena_free(pmo_plan_arena *a)
{
	arena_block *b, *next;

	if (!a)
		return;
	for (b = a->head; b; b = next) {
		next = b->next;
		pmo_big_free(b);
	}
	free(a);
}

void *pmo_plan__alloc(pmo_plan *plan, size_t n)
{
	pmo_plan_arena *a = plan->arena;
	arena_block *b;
	size_t size;
	void *p;

	if (n > ((size_t)1 << 40))
		goto oom;
	n = (n + 7) & ~(size_t)7;
	if (!a) {
		if (!(a = calloc(1, sizeof(*a))))
			goto oom;
		a->next = 16u << 10;
		plan->arena = a;
	}
	b = a->head;
	if (!b || b->size - b->used < n) {
		size = a->next > n ? a->next : n;
		if (!(b = pmo_big_alloc(BLOCK_HEAD + size)))
			goto oom;
		b->size = size;
		b->used = 0;
		b->next = a->head;
		a->head = b;
		if (a->next < (64u << 20))
			a->next *= 2;
	}
	p = (char *)b + BLOCK_HEAD + b->used;
	b->used += n;
	return p;
oom:
	pmo_error_set(PMO_ENOMEM, "out of memory");
	return NULL;
}

char *pmo_plan__strndup(pmo_plan *plan, const char *s, size_t len)
{
	char *p = pmo_plan__alloc(plan, len + 1);
	if (!p)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
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

/* What of a task is its own (t->own) rather than the plan's arena. */
enum { OWN_PARENT = 1, OWN_DEPS = 2, OWN_ASSIGNEES = 4 };

static void task_release(pmo_task *t)
{
	size_t i;
	if (t->own & OWN_PARENT)
		free(t->parent_id);
	if (t->own & OWN_DEPS) {
		for (i = 0; i < t->ndeps; i++)
			free(t->deps[i].task);
		free(t->deps);
	}
	if (t->own & OWN_ASSIGNEES) {
		for (i = 0; i < t->nassignees; i++)
			free(t->assignees[i].person);
		free(t->assignees);
	}
}

void pmo_plan_free(pmo_plan *plan)
{
	size_t i;
	if (!plan)
		return;
	for (i = 0; i < plan->n; i++)
		if (plan->tasks[i].own)
			task_release(&plan->tasks[i]);
	pmo_big_free(plan->tasks);
	for (i = 0; i < plan->nbaselines; i++)
		free(plan->baselines[i].entries);
	free(plan->baselines);
	free(plan->path);
	index_free(plan->index);
	arena_free(plan->arena);
	free(plan);
}

int pmo_plan__reserve(pmo_plan *plan, size_t n)
{
	pmo_task *v;

	if (n <= plan->cap)
		return 0;
	if (n > ((size_t)-1 / 2) / sizeof(*v) || !(v = pmo_big_realloc(plan->tasks, n * sizeof(*v))))
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	plan->tasks = v;
	plan->cap = n;
	return 0;
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
	id = id ? id : "";
	if (!(t->id = pmo_plan__strndup(plan, id, strlen(id))) ||
	    (title && !(t->title = pmo_plan__strndup(plan, title, strlen(title)))))
		return PMO_ENOMEM;
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
	if (task->own & OWN_PARENT)
		free(task->parent_id);
	task->parent_id = p;
	task->own |= OWN_PARENT;
	return 0;
}

/* A list of a task made the task's own, to be grown with realloc: a
 * malloc'd copy of its n items of size sz, with the string each holds at
 * byte off copied too. 0 (*v replaced) or PMO_ENOMEM. */
static int own_list(void **v, size_t n, size_t sz, size_t off)
{
	char *c = n ? malloc(n * sz) : NULL, *str;
	size_t i;

	if (n && !c)
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	if (n)
		memcpy(c, *v, n * sz);
	for (i = 0; i < n; i++) {
		memcpy(&str, c + i * sz + off, sizeof(str));
		if (!(str = strdup(str))) {
			while (i-- > 0) {
				memcpy(&str, c + i * sz + off, sizeof(str));
				free(str);
			}
			free(c);
			return pmo_error_set(PMO_ENOMEM, "out of memory");
		}
		memcpy(c + i * sz + off, &str, sizeof(str));
	}
	*v = c;
	return 0;
}

/* The task's dependencies (what: OWN_DEPS) or assignees (OWN_ASSIGNEES)
 * made its own, once. */
static int own(pmo_task *task, unsigned what)
{
	int deps = what == OWN_DEPS, error;
	void *v = deps ? (void *)task->deps : (void *)task->assignees;

	if (task->own & what)
		return 0;
	error = deps ? own_list(&v, task->ndeps, sizeof(pmo_dep), offsetof(pmo_dep, task))
		     : own_list(&v, task->nassignees, sizeof(pmo_assignee),
				offsetof(pmo_assignee, person));
	if (error < 0)
		return error;
	if (deps)
		task->deps = v;
	else
		task->assignees = v;
	task->own |= what;
	return 0;
}

static int dep_append(pmo_task *task, const pmo_dep *dep)
{
	pmo_dep *v;
	int error;

	if ((error = own(task, OWN_DEPS)) < 0)
		return error;
	if (!(v = realloc(task->deps, (task->ndeps + 1) * sizeof(*v))))
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
	pmo_assignee *v;
	int error;

	if ((error = own(task, OWN_ASSIGNEES)) < 0)
		return error;
	if (!(v = realloc(task->assignees, (task->nassignees + 1) * sizeof(*v))))
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	task->assignees = v;
	if (!(v[task->nassignees].person = strdup(person)))
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	v[task->nassignees].line = v[task->nassignees].col = 0;
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

/* The dependency in s into *out but its id, which is s[*id_at, *id_at + *id_len). */
static int dep_parse(pmo_dep *out, size_t *id_at, size_t *id_len, const char *s, size_t len)
{
	size_t i = 0, id_start, id_end;
	pmo_dep d;

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
	*id_at = id_start;
	*id_len = id_end - id_start;
	*out = d;
	return 0;
}

int pmo_dep_parse(pmo_dep *out, const char *s, size_t len)
{
	size_t at, n;
	int error;

	if ((error = dep_parse(out, &at, &n, s, len)) < 0)
		return error;
	if (!(out->task = malloc(n + 1)))
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	memcpy(out->task, s + at, n);
	out->task[n] = '\0';
	return 0;
}

int pmo_plan__dep_parse(pmo_plan *plan, pmo_dep *out, const char *s, size_t len)
{
	size_t at, n;
	int error;

	if ((error = dep_parse(out, &at, &n, s, len)) < 0)
		return error;
	if (!(out->task = pmo_plan__strndup(plan, s + at, n)))
		return PMO_ENOMEM;
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

static int report_twice(pmo_findings *f, const pmo_task *t, size_t ti, const pmo_dep *d)
{
	return pmo_plan_finding_add(f, PMO_SEVERITY_ERROR, "plan-dependency", d->node ? d->node : t->node, ti,
				    "task %s depends on %s twice", t->id, d->task);
}

static int duplicate_deps(const pmo_task *t, size_t ti, pmo_findings *f)
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

int pmo_plan_resolve(pmo_plan *plan, pmo_findings *f)
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
			if ((error = pmo_plan_finding_add(f, PMO_SEVERITY_ERROR, "plan-parent",
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
			if ((error = pmo_plan_finding_add(f, PMO_SEVERITY_ERROR, "plan-parent",
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
				error = pmo_plan_finding_add(f, PMO_SEVERITY_ERROR, "plan-dependency",
							     at, i, "task %s depends on unknown task %s",
							     t->id, d->task);
			} else if (d->pred == i) {
				error = pmo_plan_finding_add(f, PMO_SEVERITY_ERROR, "plan-cycle", at, i,
							     "dependency cycle: %s → %s", t->id, t->id);
				d->pred = PMO_PLAN_NONE;
			} else if (is_ancestor(pre, post, d->pred, i)) {
				error = pmo_plan_finding_add(f, PMO_SEVERITY_ERROR, "plan-parent-dependency",
							     at, i, "task %s depends on its own summary task %s",
							     t->id, d->task);
				d->pred = PMO_PLAN_NONE;
			} else if (is_ancestor(pre, post, i, d->pred)) {
				error = pmo_plan_finding_add(f, PMO_SEVERITY_ERROR, "plan-parent-dependency",
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
			if ((error = pmo_plan_finding_add(f, PMO_SEVERITY_ERROR, "plan-actual", an ? an : t->node, i,
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
			    (error = pmo_plan_finding_add(f, PMO_SEVERITY_WARNING, "plan-summary",
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
			    (error = pmo_plan_finding_add(f, PMO_SEVERITY_ERROR, "plan-milestone",
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
			    (error = pmo_plan_finding_add(f, PMO_SEVERITY_ERROR, "plan-effort", t->node, i,
							  "task %s has effort but no allocation", t->id)) < 0)
				goto done;
		} else {
			t->days = 1;
			if ((error = pmo_plan_finding_add(f, PMO_SEVERITY_WARNING, "plan-duration",
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
	int error;

	if ((error = pmo_plan_resolve(plan, NULL)) < 0)
		return error;
	return pmo_plan_progress_of(out, total, plan, NULL);
}

int pmo_plan_progress_of(double *out, double *total, const pmo_plan *plan, const double *leaf)
{
	size_t n = plan->n, i, u;
	double *w = NULL, *ev = NULL, *cnt = NULL, *sum = NULL, tw = 0, tev = 0, tc = 0, ts = 0;
	int error = 0;

	if (!plan->resolved)
		return pmo_error_set(PMO_EINVALID, "progress of a plan whose tasks are not resolved");
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
		pc = leaf ? leaf[i] : leaf_progress(t);
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
