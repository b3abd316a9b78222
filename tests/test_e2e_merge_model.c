/* The merge driver against a model: random concurrent edits of a 500-task
 * plan on two sides (a seeded generator, many rounds), merged by
 * pmo_merge_file (the code pmo merge-file runs) and compared with what a
 * simple model of the merge says: every task of both sides present, IDs
 * unique, references intact, each field as the three-way rule gives it,
 * conflicts exactly where both sides changed a task two ways (and each side
 * of the markers is that side's resolution). A few rounds also run the
 * built pmo merge-file on the files. */
#define _GNU_SOURCE /* open_memstream */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "model/merge.h"
#include "util/error.h"

#define NT 500
#define MAXT (NT + 200)

typedef struct {
	int id;        /* T-id */
	int title;     /* the title is "任务 <title>"; new tasks get 10000+ */
	int dur;
	int dep;       /* 0: no depends */
	int notes;     /* 0: no notes */
} task;

typedef struct {
	task v[MAXT];
	int n;
} plan;

static unsigned long long state;

static unsigned rnd(unsigned n)
{
	state = state * 6364136223846793005ull + 1442695040888963407ull;
	return (unsigned)((state >> 33) % n);
}

static task *find(plan *p, int id)
{
	int i;
	for (i = 0; i < p->n; i++)
		if (p->v[i].id == id)
			return &p->v[i];
	return NULL;
}

static int max_id(const plan *p)
{
	int i, m = 0;
	for (i = 0; i < p->n; i++)
		if (p->v[i].id > m)
			m = p->v[i].id;
	return m;
}

static void write_plan(char **out, const plan *p)
{
	size_t len;
	FILE *f = open_memstream(out, &len);
	int i;

	fputs("# a generated plan\ntasks:\n", f);
	for (i = 0; i < p->n; i++) {
		const task *t = &p->v[i];
		fprintf(f, "  - id: T-%d\n    title: 任务 %d\n    duration: %d\n", t->id, t->title, t->dur);
		if (t->dep)
			fprintf(f, t->id % 2 ? "    depends: [T-%d]\n" : "    depends:\n      - T-%d\n", t->dep);
		if (t->notes)
			fprintf(f, "    notes: 备注 %d\n", t->notes);
	}
	fclose(f);
}

/* one task of the first 15 half of the time: the sides meet often */
static task *pick(plan *p)
{
	int i = rnd(2) ? (int)rnd(p->n < 15 ? (unsigned)p->n : 15) : (int)rnd((unsigned)p->n);
	return &p->v[i];
}

static int depended_on(const plan *p, int id)
{
	int i;
	for (i = 0; i < p->n; i++)
		if (p->v[i].dep == id)
			return 1;
	return 0;
}

/* Random edits of one side; new IDs past every ID of the base (as pmo task
 * add gives them), so both sides' first new task takes the same ID. */
static void edit_side(plan *p, const plan *base, int side)
{
	int k, ops = 1 + (int)rnd(16);

	for (k = 0; k < ops; k++) {
		task *t = pick(p), *n;
		int next = (max_id(p) > max_id(base) ? max_id(p) : max_id(base)) + 1, at;
		switch (rnd(6)) {
		case 0:
		case 1:
			t->dur = 1 + (int)rnd(30);
			break;
		case 2:
			t->notes = 1 + (int)rnd(1000);
			break;
		case 3:
			t->dep = pick(p)->id;
			if (t->dep == t->id)
				t->dep = 0;
			break;
		case 4:
			if (p->n >= MAXT)
				break;
			at = rnd(4) ? p->n : (int)rnd((unsigned)p->n);
			memmove(&p->v[at + 1], &p->v[at], (size_t)(p->n - at) * sizeof(task));
			p->n++;
			n = &p->v[at];
			memset(n, 0, sizeof(*n));
			n->id = next;
			n->title = side * 100000 + next;
			n->dur = 1 + (int)rnd(9);
			n->dep = p->v[rnd((unsigned)p->n)].id;
			if (n->dep == n->id)
				n->dep = 0;
			break;
		default:
			if (!depended_on(p, t->id) && p->n > 1) {
				int i = (int)(t - p->v);
				memmove(&p->v[i], &p->v[i + 1], (size_t)(p->n - i - 1) * sizeof(task));
				p->n--;
			}
			break;
		}
	}
}

/* --- the model ------------------------------------------------------------------ */

typedef struct {
	plan ours, theirs;       /* the result resolved each way */
	int conflict[4 * MAXT];  /* by ID */
	int nconflicts;
} expected;

static int same_task(const task *a, const task *b)
{
	return a->title == b->title && a->dur == b->dur && a->dep == b->dep && a->notes == b->notes;
}

/* one field by the three-way rule: 0 merged into *x, 1 a conflict */
static int field(int o, int a, int b, int *x, int *y)
{
	if (a == b || o == b) {
		*x = *y = a;
		return 0;
	}
	if (o == a) {
		*x = *y = b;
		return 0;
	}
	*x = a;
	*y = b;
	return 1;
}

static void add(plan *p, const task *t)
{
	p->v[p->n++] = *t;
}

static int named(const plan *p, int id)
{
	int i;
	for (i = 0; i < p->n; i++)
		if (p->v[i].dep == id)
			return 1;
	return 0;
}

static void model(expected *e, const plan *o, const plan *a, plan *b)
{
	int ren[4 * MAXT] = { 0 }, pending[4 * MAXT] = { 0 }, needed[4 * MAXT] = { 0 };
	int i, top = max_id(o), again = 1;

	if (max_id(a) > top)
		top = max_id(a);
	if (max_id(b) > top)
		top = max_id(b);
	/* theirs's new tasks whose ID ours gave to another new task */
	for (i = 0; i < b->n; i++) {
		task *at = find((plan *)a, b->v[i].id);
		if (!find((plan *)o, b->v[i].id) && at && !same_task(at, &b->v[i]))
			ren[b->v[i].id] = ++top;
	}
	for (i = 0; i < b->n; i++) {
		if (ren[b->v[i].id])
			b->v[i].id = ren[b->v[i].id];
	}
	for (i = 0; i < b->n; i++)
		if (b->v[i].dep && ren[b->v[i].dep] && !find((plan *)o, b->v[i].dep))
			b->v[i].dep = ren[b->v[i].dep];
	while (again) {
		again = 0;
		memset(e, 0, sizeof(*e));
		for (i = 1; i <= top; i++) {
			task *to = find((plan *)o, i), *ta = find((plan *)a, i), *tb = find(b, i), x, y;
			int c = 0;
			if (ta && tb) {
				if (!to) {
					/* both added the same task */
					add(&e->ours, ta);
					add(&e->theirs, ta);
					continue;
				}
				x = y = *ta;
				c |= field(to->title, ta->title, tb->title, &x.title, &y.title);
				c |= field(to->dur, ta->dur, tb->dur, &x.dur, &y.dur);
				c |= field(to->dep, ta->dep, tb->dep, &x.dep, &y.dep);
				c |= field(to->notes, ta->notes, tb->notes, &x.notes, &y.notes);
				add(&e->ours, &x);
				add(&e->theirs, &y);
			} else if (ta || tb) {
				const task *t = ta ? ta : tb;
				if (!to) {
					add(&e->ours, t);
					add(&e->theirs, t);
					continue;
				}
				if (!same_task(to, t) || needed[i])
					c = 1;
				else
					pending[i] = 1;
				if (c && ta)
					add(&e->ours, ta);
				if (c && tb)
					add(&e->theirs, tb);
			}
			if (c) {
				e->conflict[i] = 1;
				e->nconflicts++;
			}
		}
		/* a deletion the result still names is a conflict */
		for (i = 1; i <= top; i++)
			if (pending[i] && !needed[i] && (named(&e->ours, i) || named(&e->theirs, i))) {
				needed[i] = 1;
				again = 1;
			}
	}
}

/* --- reading the result -------------------------------------------------------------- */

static int id_of(const char *s)
{
	cr_assert(!strncmp(s, "T-", 2), "not a task ID: %s", s);
	return atoi(s + 2);
}

/* the tasks of text: IDs unique */
static void read_plan(plan *p, const char *text, size_t len)
{
	pmo_doc *doc = NULL;
	const pmo_node *tasks;
	pmo_yaml_limits limits = { 0, 0, 1 };
	size_t i;
	static char seen[4 * MAXT];

	memset(p, 0, sizeof(*p));
	memset(seen, 0, sizeof(seen));
	cr_assert_eq(pmo_yaml_load(&doc, "plan.yaml", text, len, &limits), 0, "%s\n%s",
		     pmo_error_last()->message, text);
	tasks = pmo_map_get(pmo_doc_root(doc), "tasks");
	for (i = 0; tasks && i < tasks->n; i++) {
		const pmo_node *it = tasks->items[i], *dep = pmo_map_get(it, "depends"), *notes;
		task *t = &p->v[p->n++];
		t->id = id_of(pmo_node_text(pmo_map_get(it, "id")));
		cr_assert(!seen[t->id], "T-%d twice", t->id);
		seen[t->id] = 1;
		t->title = atoi(pmo_node_text(pmo_map_get(it, "title")) + strlen("任务 "));
		t->dur = atoi(pmo_node_text(pmo_map_get(it, "duration")));
		t->dep = dep && dep->n ? id_of(pmo_node_text(dep->items[0])) : 0;
		notes = pmo_map_get(it, "notes");
		t->notes = notes ? atoi(pmo_node_text(notes) + strlen("备注 ")) : 0;
	}
	pmo_doc_free(doc);
}

static void same_plan(plan *got, plan *want, const char *side)
{
	int i;

	cr_assert_eq(got->n, want->n, "%s: %d tasks, want %d", side, got->n, want->n);
	for (i = 0; i < want->n; i++) {
		task *g = find(got, want->v[i].id), *w = &want->v[i];
		cr_assert(g, "%s: T-%d missing", side, w->id);
		cr_assert(same_task(g, w), "%s: T-%d is (%d %d %d %d), want (%d %d %d %d)", side, w->id,
			  g->title, g->dur, g->dep, g->notes, w->title, w->dur, w->dep, w->notes);
	}
}

/* each side of the markers */
static void split(const char *t, char **ours, char **theirs)
{
	size_t lo, lt;
	FILE *fo = open_memstream(ours, &lo), *ft = open_memstream(theirs, &lt);
	int side = 0;

	while (*t) {
		const char *e = strchr(t, '\n');
		size_t l = e ? (size_t)(e - t) + 1 : strlen(t);
		if (!strncmp(t, "<<<<<<< ", 8))
			side = 1;
		else if (!strncmp(t, "=======\n", 8))
			side = 2;
		else if (!strncmp(t, ">>>>>>> ", 8))
			side = 0;
		else {
			if (side != 2)
				fwrite(t, 1, l, fo);
			if (side != 1)
				fwrite(t, 1, l, ft);
		}
		t += l;
	}
	fclose(fo);
	fclose(ft);
}

/* The base plan: NT tasks, each depending on a random earlier one (chained:
 * on the one before), some with notes. */
static void make_base(plan *o, int chained)
{
	int i;

	memset(o, 0, sizeof(*o));
	for (i = 0; i < NT; i++) {
		task *t = &o->v[o->n++];
		t->id = t->title = i + 1;
		t->dur = 1 + (int)rnd(10);
		t->dep = chained ? i : i && rnd(3) ? 1 + (int)rnd((unsigned)i) : 0;
		t->notes = chained || rnd(5) ? 0 : 1 + (int)rnd(1000);
	}
}

/* what the rounds met, so that the test is known to reach each case */
static struct {
	int clean, conflicted, renumbered, deletions_kept;
} seen;

static void round_(unsigned long long seed)
{
	static plan o, a, b;
	static expected e;
	pmo_merge_result res;
	pmo_buf bo = PMO_BUF_INIT, ba = PMO_BUF_INIT, bb = PMO_BUF_INIT;
	char *to, *ta, *tb;
	int i;
	size_t k;

	state = seed;
	make_base(&o, 0);
	a = o;
	b = o;
	edit_side(&a, &o, 1);
	edit_side(&b, &o, 2);
	write_plan(&to, &o);
	write_plan(&ta, &a);
	write_plan(&tb, &b);
	pmo_buf_puts(&bo, to);
	pmo_buf_puts(&ba, ta);
	pmo_buf_puts(&bb, tb);
	cr_assert_eq(pmo_merge_file(&res, "projects/P/plan.yaml", &bo, &ba, &bb), 0);
	cr_assert(!res.by_lines, "seed %llu: %s", seed, res.by_lines);
	model(&e, &o, &a, &b);
	cr_assert_eq(res.conflicted, e.nconflicts > 0, "seed %llu: conflicted %d, the model has %d\n%s", seed,
		     res.conflicted, e.nconflicts, res.merged.text.ptr);
	cr_assert_eq(res.merged.nconflicts, (size_t)e.nconflicts, "seed %llu", seed);
	seen.clean += !res.conflicted;
	seen.conflicted += res.conflicted;
	seen.renumbered += res.merged.nrenumbered > 0;
	for (k = 0; k < res.merged.nconflicts; k++)
		seen.deletions_kept += strstr(res.merged.conflicts[k].what, "still named") != NULL;
	for (k = 0; k < res.merged.nconflicts; k++)
		cr_assert(e.conflict[id_of(res.merged.conflicts[k].what)], "seed %llu: %s", seed,
			  res.merged.conflicts[k].what);
	if (!res.conflicted) {
		plan got;
		read_plan(&got, res.merged.text.ptr, res.merged.text.len);
		same_plan(&got, &e.ours, "merged");
		for (i = 0; i < got.n; i++)
			cr_assert(!got.v[i].dep || find(&got, got.v[i].dep), "seed %llu: T-%d names T-%d",
				  seed, got.v[i].id, got.v[i].dep);
	} else {
		char *so, *st;
		static plan go, gt;
		split(res.merged.text.ptr, &so, &st);
		read_plan(&go, so, strlen(so));
		read_plan(&gt, st, strlen(st));
		same_plan(&go, &e.ours, "ours");
		same_plan(&gt, &e.theirs, "theirs");
		free(so);
		free(st);
	}
	pmo_merge_result_free(&res);
	pmo_buf_free(&bo);
	pmo_buf_free(&ba);
	pmo_buf_free(&bb);
	free(to);
	free(ta);
	free(tb);
}

Test(e2e_merge_model, random_concurrent_edits_of_a_500_task_plan_merge_as_the_model_says,
     .timeout = 300)
{
	unsigned long long seed;

	for (seed = 1; seed <= 80; seed++)
		round_(seed);
	cr_log_info("%d clean, %d conflicted, %d renumbered, %d deletions kept", seen.clean,
		    seen.conflicted, seen.renumbered, seen.deletions_kept);
	cr_assert(seen.clean >= 10 && seen.conflicted >= 10 && seen.renumbered >= 10 &&
		  seen.deletions_kept >= 1, "%d clean, %d conflicted, %d renumbered, %d deletions kept",
		  seen.clean, seen.conflicted, seen.renumbered, seen.deletions_kept);
}

/* The same through the built binary, as git runs it: the result in ours's
 * file, exit 1 with conflicts. */
Test(e2e_merge_model, the_built_driver_gives_the_same_result)
{
	char *dir = th_tmpdir(), *got, *to, *ta, *tb;
	static plan o, a, b;
	pmo_merge_result res;
	pmo_buf bo = PMO_BUF_INIT, ba = PMO_BUF_INIT, bb = PMO_BUF_INIT;
	th_result r;

	state = 7;
	make_base(&o, 1);
	a = o;
	b = o;
	edit_side(&a, &o, 1);
	edit_side(&b, &o, 2);
	write_plan(&to, &o);
	write_plan(&ta, &a);
	write_plan(&tb, &b);
	th_write(dir, "o.yaml", to);
	th_write(dir, "a.yaml", ta);
	th_write(dir, "b.yaml", tb);
	pmo_buf_puts(&bo, to);
	pmo_buf_puts(&ba, ta);
	pmo_buf_puts(&bb, tb);
	cr_assert_eq(pmo_merge_file(&res, "projects/P/plan.yaml", &bo, &ba, &bb), 0);
	th_run(&r, dir, NULL, "pmo merge-file o.yaml a.yaml b.yaml projects/P/plan.yaml");
	cr_assert_eq(r.status, res.conflicted, "%s", r.err);
	th_result_free(&r);
	got = th_read(dir, "a.yaml");
	cr_assert_str_eq(got, res.merged.text.ptr);
	free(got);
	pmo_merge_result_free(&res);
	pmo_buf_free(&bo);
	pmo_buf_free(&ba);
	pmo_buf_free(&bb);
	free(to);
	free(ta);
	free(tb);
	free(dir);
}
