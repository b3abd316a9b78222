/* pmo_plan_read (plan.yaml straight into a plan) against the tree's path
 * (pmo_yaml_load, pmo_plan_from_yaml): on every plan it takes, the same
 * plan field by field; what it declines goes to the tree, which then
 * tells its errors. */
#include <criterion/criterion.h>
#include <string.h>

#include "plan/plan.h"
#include "util/error.h"
#include "yaml/yaml.h"

/* The plan the tree's path makes of text, or NULL when the text does
 * not load; its findings' count in *nf. */
static pmo_plan *by_tree(pmo_doc **doc, const char *text, size_t *nf)
{
	pmo_plan *plan = NULL;
	pmo_findings f;

	pmo_findings_init(&f);
	*doc = NULL;
	if (pmo_yaml_load(doc, "plan.yaml", text, strlen(text), NULL) < 0) {
		pmo_error_clear();
		return NULL;
	}
	cr_assert_eq(pmo_plan_from_yaml(&plan, pmo_doc_root(*doc), "plan.yaml", &f), 0);
	*nf = f.n;
	pmo_findings_free(&f);
	return plan;
}

static void same_str(const char *a, const char *b, const char *what, size_t i)
{
	if (!a || !b)
		cr_expect(!a && !b, "task %zu: %s: %s against %s", i, what, a ? a : "(none)",
			  b ? b : "(none)");
	else
		cr_expect_str_eq(a, b, "task %zu: %s", i, what);
}

static void same_plan(const pmo_plan *a, const pmo_plan *b)
{
	size_t i, j;

	cr_assert_eq(a->n, b->n);
	cr_expect_eq(a->nbaselines, b->nbaselines);
	same_str(a->path, b->path, "path", 0);
	for (i = 0; i < a->n; i++) {
		const pmo_task *x = &a->tasks[i], *y = &b->tasks[i];
		same_str(x->id, y->id, "id", i);
		same_str(x->title, y->title, "title", i);
		same_str(x->parent_id, y->parent_id, "parent", i);
		same_str(x->notes, y->notes, "notes", i);
		cr_expect_eq(x->duration, y->duration, "task %zu: duration", i);
		cr_expect(x->effort == y->effort, "task %zu: effort %g against %g", i, x->effort, y->effort);
		cr_expect_eq(x->milestone, y->milestone, "task %zu: milestone", i);
		cr_expect_eq(x->progress, y->progress, "task %zu: progress", i);
		cr_expect_eq(x->snet, y->snet, "task %zu: start_no_earlier_than", i);
		cr_expect_eq(x->fnlt, y->fnlt, "task %zu: finish_no_later_than", i);
		cr_expect_eq(x->actual_start, y->actual_start, "task %zu: actual_start", i);
		cr_expect_eq(x->actual_finish, y->actual_finish, "task %zu: actual_finish", i);
		cr_expect_eq(x->nassignees, y->nassignees, "task %zu: assignees", i);
		cr_expect_eq(x->cost == NULL, y->cost == NULL, "task %zu: cost", i);
		cr_expect_eq(x->parent, y->parent, "task %zu: parent index", i);
		cr_expect_eq(x->nchildren, y->nchildren, "task %zu: children", i);
		cr_expect_eq(x->days, y->days, "task %zu: days", i);
		cr_assert_eq(x->ndeps, y->ndeps, "task %zu: dependencies", i);
		for (j = 0; j < x->ndeps; j++) {
			same_str(x->deps[j].task, y->deps[j].task, "dependency", i);
			cr_expect_eq(x->deps[j].type, y->deps[j].type, "task %zu: dependency %zu type", i, j);
			cr_expect_eq(x->deps[j].lag, y->deps[j].lag, "task %zu: dependency %zu lag", i, j);
			cr_expect_eq(x->deps[j].pred, y->deps[j].pred, "task %zu: dependency %zu", i, j);
		}
	}
}

/* 0 when read directly (and the same plan as the tree's), 1 when
 * declined. */
static int both(const char *text)
{
	pmo_doc *doc;
	pmo_plan *direct = NULL, *tree;
	pmo_findings f;
	size_t nf = 0;
	int r;

	pmo_findings_init(&f);
	r = pmo_plan_read(&direct, text, strlen(text), "plan.yaml", &f);
	cr_assert(r == 0 || r == 1, "pmo_plan_read: %d", r);
	cr_assert_null(pmo_error_last(), "an error left set");
	tree = by_tree(&doc, text, &nf);
	if (r == 0) {
		cr_assert_not_null(tree, "read directly, but the tree's path refuses it:\n%s", text);
		cr_expect_eq(f.n, nf, "findings");
		same_plan(direct, tree);
		for (size_t i = 0; i < direct->n; i++) {
			cr_expect_null(direct->tasks[i].node);
			cr_expect_not_null(tree->tasks[i].node);
		}
	} else {
		cr_expect_null(direct);
	}
	pmo_findings_free(&f);
	pmo_plan_free(direct);
	pmo_plan_free(tree);
	pmo_doc_free(doc);
	return r;
}

Test(plan_read, the_usual_plan_is_read_directly)
{
	cr_expect_eq(both("# generated\n"
			  "tasks:\n"
			  "  - id: T-1\n"
			  "    title: 工作包 1\n"
			  "  - id: T-2\n"
			  "    title: 任务 2   # a comment after a value\n"
			  "    parent: T-1\n"
			  "    duration: 5\n"
			  "\n"
			  "    # a comment line among the keys\n"
			  "  - id: T-3\n"
			  "    title: '设计评审通过'\n"
			  "    parent: T-1\n"
			  "    milestone: true\n"
			  "    depends: [T-2, \"T-2:ss+1d\", 'T-2 : FF - 2d' ]\n"
			  "  - id: \"T-4\"\n"
			  "    title: \"a: quoted title, # not a comment\"\n"
			  "    notes: plain text with 'quotes' and a:colon\n"
			  "    effort: 3\n"
			  "    duration: 0\n"
			  "    progress: 40\n"
			  "    start_no_earlier_than: 2026-03-02\n"
			  "    finish_no_later_than: '2026-12-31'\n"
			  "    actual_start: 2026-03-02\n"
			  "    depends: []\n"
			  "  -   id: T-5\n"
			  "      title: 收尾\n"
			  "      duration: 007\n"
			  "      actual_finish: 2026-03-03\n"
			  "      actual_start: 2026-03-02\n"),
		     0);
}

Test(plan_read, an_indentless_list_and_keys_in_any_order)
{
	cr_expect_eq(both("tasks:\n"
			  "- title: one\n"
			  "  id: T-1\n"
			  "  duration: 1\n"
			  "- id: T-2\n"
			  "  depends: [T-1]\n"
			  "  title: two\n"
			  "  duration: 2\n"),
		     0);
}

/* What the reader does not take goes to the tree whole: the tree's plan
 * (and its findings and errors) is then the only one. */
Test(plan_read, declines_what_it_does_not_take)
{
	static const char *const texts[] = {
		/* quoted keys, other keys, baselines */
		"tasks:\n  - 'id': T-1\n    title: a\n",
		"tasks:\n  - id: T-1\n    title: a\n    assignees: [{person: wang-li}]\n",
		"tasks:\n  - id: T-1\n    title: a\n    cost: '100.00'\n",
		"tasks:\n  - id: T-1\n    title: a\n    colour: red\n",
		"tasks:\n  - id: T-1\n    title: a\nbaselines:\n  v1:\n    tasks: {}\n",
		/* anchors, aliases, tags, flow and block styles */
		"tasks:\n  - &a id: T-1\n    title: a\n",
		"tasks:\n  - id: T-1\n    title: &t a\n  - id: T-2\n    title: *t\n",
		"tasks:\n  - id: !!str T-1\n    title: a\n",
		"tasks: [{id: T-1, title: a}]\n",
		"tasks:\n  - {id: T-1, title: a}\n",
		"tasks:\n  - id: T-1\n    title: |\n      a\n",
		"tasks:\n  - id: T-1\n    title: a\n      continued\n",
		"tasks:\n  - id: T-1\n    title: a\n    depends:\n      - T-2\n",
		"tasks:\n  - id: T-1\n    title: 'it''s'\n",
		"tasks:\n  - id: T-1\n    title: \"tab\\there\"\n",
		"---\ntasks:\n  - id: T-1\n    title: a\n",
		"\xEF\xBB\xBFtasks:\n  - id: T-1\n    title: a\n",
		"tasks:\r\n  - id: T-1\r\n    title: a\r\n",
		"tasks:\n\t- id: T-1\n",
		/* values the schema or lib/plan would report */
		"tasks:\n  - id: T-01\n    title: a\n",
		"tasks:\n  - id: T-1\n",
		"tasks:\n  - id: T-1\n    title: ''\n",
		"tasks:\n  - id: T-1\n    title: 12\n",
		"tasks:\n  - id: T-1\n    title: a\n    duration: 10d\n",
		"tasks:\n  - id: T-1\n    title: a\n    duration: -1\n",
		"tasks:\n  - id: T-1\n    title: a\n    progress: 101\n",
		"tasks:\n  - id: T-1\n    title: a\n    milestone: yes\n",
		"tasks:\n  - id: T-1\n    title: a\n    start_no_earlier_than: 2026-02-30\n",
		"tasks:\n  - id: T-1\n    title: a\n    depends: [T-2 plus]\n",
		"tasks:\n  - id: T-1\n    title: a\n    parent: X\n",
		"tasks:\n  - id: T-1\n    title: a\n    title: b\n",
		"tasks:\n  - id: T-1\n    title:\n",
		"tasks:\n  - id: T-1\n    title: a: b\n",
		"tasks:\n",
		"tasks: []\n",
		"",
		"# nothing\n",
	};
	size_t i;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		cr_expect_eq(both(texts[i]), 1, "read directly:\n%s", texts[i]);
}

/* A plan read directly with findings of lib/plan (an unknown dependency,
 * a duplicate id) has the tree's findings; pmo schedule then reads it
 * with its tree to tell them at their places. */
Test(plan_read, findings_of_the_plan_are_the_trees)
{
	cr_expect_eq(both("tasks:\n  - id: T-1\n    title: a\n    depends: [T-9]\n"
			  "  - id: T-1\n    title: b\n"),
		     0);
}

/* A generated plan of every shape bench/genplan writes, read both ways. */
Test(plan_read, a_generated_plan)
{
	pmo_buf b = PMO_BUF_INIT;
	int i;

	pmo_buf_puts(&b, "# generated by bench/genplan\ntasks:\n");
	for (i = 0; i < 300; i++) {
		if (i % 11 == 0) {
			pmo_buf_printf(&b, "  - id: T-%d\n    title: 工作包 %d\n", i + 1, i / 11 + 1);
			continue;
		}
		pmo_buf_printf(&b, "  - id: T-%d\n    title: 任务 %d\n    parent: T-%d\n", i + 1, i + 1,
			       i / 11 * 11 + 1);
		if (i % 50 == 7)
			pmo_buf_puts(&b, "    milestone: true\n");
		else
			pmo_buf_printf(&b, "    duration: %d\n", 1 + i % 10);
		if (i > 22 && i % 11 != 1)
			pmo_buf_printf(&b, "    depends: [\"T-%d%s\", \"T-%d+%dd\"]\n", i - 11 - (i % 11 == 2),
				       i % 5 ? "" : ":ss", i - 12 - (i % 11 <= 2), i % 3);
	}
	cr_assert_eq(pmo_buf_oom(&b), 0);
	cr_expect_eq(both(b.ptr), 0);
	pmo_buf_free(&b);
}
