/* End to end: pmo's merge driver (pmo merge-file) as git runs it in real
 * merges of two branches of a plan, as pmo init sets it up; and, on
 * random concurrent edits of a 500-task plan, the merge compared with a
 * model of what it must give. */
#define _GNU_SOURCE /* asprintf */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "model/merge.h"
#include "util/error.h"

#define RUN(r, dir, ...) th_run(r, dir, NULL, __VA_ARGS__)

static void ok(const char *dir, const char *cmd)
{
	th_result r;
	RUN(&r, dir, "%s", cmd);
	cr_assert_eq(r.status, 0, "%s: %s", cmd, r.err);
	th_result_free(&r);
}

/* the demo repository with a plan of two chained tasks */
static char *plan_repo(void)
{
	char *dir = th_demo_repo();

	ok(dir, "pmo -p CBM task add 需求分析 duration=10 >/dev/null && "
		"pmo -p CBM task add 系统设计 duration=15 depends=T-1 >/dev/null");
	return dir;
}

/* git merge side: a clean merge, git's stderr err; the plan's text */
static char *merge_side(const char *dir, const char *err)
{
	th_result r;

	RUN(&r, dir, "git merge --no-edit side");
	cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
	cr_assert_str_eq(r.err, err);
	th_result_free(&r);
	return th_read(dir, "projects/CBM/plan.yaml");
}

/* --- set-up ---------------------------------------------------------------- */

Test(e2e_merge, init_declares_the_driver_for_plans_and_budgets)
{
	char *dir = th_demo_repo(), *want;

	th_assert_sh(dir, "cat .gitattributes",
		     "**/.retired merge=union\nprojects/*/plan.yaml merge=pmo\n"
		     "projects/*/budget.yaml merge=pmo\n");
	th_assert_sh(dir, "git config merge.pmo.name",
		     "pmo: plans and budgets merged by task and line ID\n");
	cr_assert(asprintf(&want, "'%s' merge-file %%O %%A %%B %%P\n", getenv("PMO_BIN")) > 0);
	th_assert_sh(dir, "git config merge.pmo.driver", want);
	th_assert_sh(dir, "git check-attr merge projects/CBM/plan.yaml projects/CBM/budget.yaml",
		     "projects/CBM/plan.yaml: merge: pmo\nprojects/CBM/budget.yaml: merge: pmo\n");
	free(want);
	free(dir);
}

Test(e2e_merge, init_hooks_sets_up_a_clone_and_an_older_tree)
{
	char *dir = th_demo_repo(), *clone, *want;
	th_result r;

	cr_assert(asprintf(&clone, "%s/clone", dir) > 0);
	cr_assert(asprintf(&want, "'%s' merge-file %%O %%A %%B %%P\n", getenv("PMO_BIN")) > 0);
	/* git config is not cloned: the clone has the attributes, not the driver */
	ok(dir, "git clone -q . clone");
	RUN(&r, clone, "git config merge.pmo.driver");
	cr_assert_eq(r.status, 1);
	th_result_free(&r);
	RUN(&r, clone, "pmo init --hooks");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out, "");
	/* the one line it says: the pre-commit hook it wrote */
	cr_assert(strstr(r.err, "/clone/.git/hooks/pre-commit checks what is staged: pmo fmt --check, "
				"pmo validate\n"), "%s", r.err);
	th_result_free(&r);
	th_assert_sh(clone, "git config merge.pmo.driver", want);
	th_assert_sh(clone, "git rev-list --count HEAD; git status --porcelain", "4\n");
	/* a tree whose .gitattributes predates the driver: its lines come in
	 * one commit, the user's own lines kept */
	ok(clone, "printf '*.pdf binary\\n' > .gitattributes && git commit -qam 'attributes of our own'");
	RUN(&r, clone, "pmo init --hooks");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "] pmo: merge plans and budgets by task and line ID\n"), "%s", r.out);
	th_result_free(&r);
	th_assert_sh(clone, "cat .gitattributes",
		     "*.pdf binary\n**/.retired merge=union\nprojects/*/plan.yaml merge=pmo\n"
		     "projects/*/budget.yaml merge=pmo\n");
	th_assert_sh(clone, "git log -1 --format=%B; git show --name-status --format= HEAD",
		     "pmo: merge plans and budgets by task and line ID\n\nPmo-Command: init --hooks\n\n"
		     "M\t.gitattributes\n");
	th_assert_sh(clone, "git status --porcelain", "");
	RUN(&r, clone, "pmo init --hooks --name x");
	EXPECT(&r, 2, "", "pmo: error: --hooks sets up an existing tree: it takes no --name or --currency\n");
	th_result_free(&r);
	free(want);
	free(clone);
	free(dir);
}

/* --- git merge ---------------------------------------------------------------- */

Test(e2e_merge, different_tasks_on_each_side_merge_cleanly_in_one_merge_commit)
{
	char *dir = plan_repo(), *plan;

	/* a comment of the user's, which both sides leave alone */
	ok(dir, "sed -i '1i # 核心系统迁移的工作分解' projects/CBM/plan.yaml && "
		"git commit -qam 'plan: a heading' && git checkout -qb side && "
		"pmo -p CBM task add 压力测试 duration=3 depends=T-2 >/dev/null && "
		"pmo -p CBM task set T-1 progress=50 >/dev/null && git checkout -q master && "
		"printf '  - id: T-4\\n    title: 上线\\n    duration: 2\\n    depends: [T-2]\\n' "
		">> projects/CBM/plan.yaml && git commit -qam 'plan: 上线 by hand' && "
		"pmo -p CBM task set T-2 duration=12 >/dev/null");
	plan = merge_side(dir, "");
	cr_assert_str_eq(plan,
		"# 核心系统迁移的工作分解\n"
		"tasks:\n"
		"  - id: T-1\n"
		"    title: 需求分析\n"
		"    duration: 10\n"
		"    progress: 50\n"
		"  - id: T-2\n"
		"    title: 系统设计\n"
		"    duration: 12\n"
		"    depends:\n"
		"      - T-1\n"
		"  - id: T-4\n"
		"    title: 上线\n"
		"    duration: 2\n"
		"    depends: [T-2]\n"
		"  - id: T-3\n"
		"    title: 压力测试\n"
		"    duration: 3\n"
		"    depends:\n"
		"      - T-2\n");
	free(plan);
	th_assert_sh(dir, "git rev-list --parents -1 HEAD | wc -w; git log -1 --format=%s; git status --porcelain",
		     "3\nMerge branch 'side'\n");
	th_assert_sh(dir, "pmo validate", "0 errors, 0 warnings in 5 files\n");
	free(dir);
}

Test(e2e_merge, the_same_field_changed_two_ways_is_a_conflict_git_reports)
{
	char *dir = plan_repo(), *plan;
	th_result r;

	ok(dir, "git checkout -qb side && pmo -p CBM task set T-2 duration=20 notes=含评审 >/dev/null && "
		"git checkout -q master && pmo -p CBM task set T-2 duration=12 >/dev/null && "
		"pmo -p CBM task set T-1 progress=30 >/dev/null");
	RUN(&r, dir, "git merge --no-edit side");
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.out, "CONFLICT (content): Merge conflict in projects/CBM/plan.yaml\n"), "%s", r.out);
	cr_assert_str_eq(r.err, "projects/CBM/plan.yaml:6:1: error: T-2 duration changed on both sides [merge]\n");
	th_result_free(&r);
	/* both versions of the task carry what merged cleanly (notes);
	 * T-1's change is merged */
	plan = th_read(dir, "projects/CBM/plan.yaml");
	cr_assert_str_eq(plan,
		"tasks:\n"
		"  - id: T-1\n"
		"    title: 需求分析\n"
		"    duration: 10\n"
		"    progress: 30\n"
		"<<<<<<< ours: T-2 duration\n"
		"  - id: T-2\n"
		"    title: 系统设计\n"
		"    duration: 12\n"
		"    depends:\n"
		"      - T-1\n"
		"    notes: 含评审\n"
		"=======\n"
		"  - id: T-2\n"
		"    title: 系统设计\n"
		"    duration: 20\n"
		"    depends:\n"
		"      - T-1\n"
		"    notes: 含评审\n"
		">>>>>>> theirs: T-2 duration\n");
	free(plan);
	th_assert_sh(dir, "git status --porcelain", "UU projects/CBM/plan.yaml\n");
	/* keeping one version resolves it */
	ok(dir, "sed -i '/^<<<<<<< /,/^=======$/d; /^>>>>>>> /d' projects/CBM/plan.yaml && "
		"git add projects/CBM/plan.yaml && git commit -qm merged");
	th_assert_sh(dir, "pmo -p CBM task show T-2 | grep -E '^(duration|notes)'",
		     "duration: 20\nnotes: 含评审\n");
	free(dir);
}

Test(e2e_merge, the_same_new_id_on_both_sides_renumbers_theirs_and_its_dependencies)
{
	char *dir = plan_repo(), *plan;

	ok(dir, "git checkout -qb side && pmo -p CBM task add 压测 duration=3 depends=T-2 >/dev/null && "
		"pmo -p CBM task add 报告 duration=1 depends=T-3:ss+1d >/dev/null && "
		"git checkout -q master && pmo -p CBM task add 联调 duration=5 depends=T-2 >/dev/null");
	plan = merge_side(dir, "pmo: projects/CBM/plan.yaml: both sides added T-3: theirs is now T-5\n");
	cr_assert_str_eq(plan,
		"tasks:\n"
		"  - id: T-1\n"
		"    title: 需求分析\n"
		"    duration: 10\n"
		"  - id: T-2\n"
		"    title: 系统设计\n"
		"    duration: 15\n"
		"    depends:\n"
		"      - T-1\n"
		"  - id: T-3\n"
		"    title: 联调\n"
		"    duration: 5\n"
		"    depends:\n"
		"      - T-2\n"
		"  - id: T-5\n"
		"    title: 压测\n"
		"    duration: 3\n"
		"    depends:\n"
		"      - T-2\n"
		"  - id: T-4\n"
		"    title: 报告\n"
		"    duration: 1\n"
		"    depends:\n"
		"      - T-5:ss+1d\n");
	free(plan);
	th_assert_sh(dir, "git status --porcelain; git log -1 --format=%s", "Merge branch 'side'\n");
	free(dir);
}

/* --- pmo merge-file on its own ------------------------------------------------------ */

static void files(const char *dir, const char *base, const char *ours, const char *theirs)
{
	th_write(dir, "base.yaml", base);
	th_write(dir, "ours.yaml", ours);
	th_write(dir, "theirs.yaml", theirs);
}

Test(e2e_merge, a_task_deleted_on_one_side_and_named_on_the_other_is_a_conflict)
{
	char *dir = th_tmpdir(), *out;
	th_result r;

	files(dir, "tasks:\n  - id: T-1\n    title: a\n  - id: T-2\n    title: b\n",
	      "tasks:\n  - id: T-1\n    title: a\n",
	      "tasks:\n  - id: T-1\n    title: a\n    depends: [T-2]\n  - id: T-2\n    title: b\n");
	RUN(&r, dir, "pmo merge-file base.yaml ours.yaml theirs.yaml projects/CBM/plan.yaml");
	EXPECT(&r, 1, "", "projects/CBM/plan.yaml:5:1: error: T-2 deleted on ours, still named on theirs [merge]\n");
	th_result_free(&r);
	out = th_read(dir, "ours.yaml");
	cr_assert_str_eq(out, "tasks:\n  - id: T-1\n    title: a\n    depends: [T-2]\n"
			      "<<<<<<< ours: T-2 deleted\n=======\n  - id: T-2\n    title: b\n"
			      ">>>>>>> theirs: T-2\n");
	free(out);
	free(dir);
}

Test(e2e_merge, budget_lines_and_expenses_merge_by_id)
{
	char *dir = th_tmpdir(), *out;
	th_result r;

	files(dir,
	      "lines:\n  - id: B-1\n    title: 服务器\n    planned: '1200000.00'\n"
	      "expenses:\n  - id: E-1\n    amount: '1000.00'\n    line: B-1\n",
	      "lines:\n  - id: B-1\n    title: 服务器\n    planned: '1300000.00'\n"
	      "  - id: B-2\n    title: 实施服务\n    planned: '3600000.00'\n"
	      "expenses:\n  - id: E-1\n    amount: '1000.00'\n    line: B-1\n",
	      "lines:\n  - id: B-1\n    title: 服务器与存储\n    planned: '1200000.00'\n"
	      "  - id: B-2\n    title: 培训\n    planned: '50000.00'\n"
	      "expenses:\n  - id: E-1\n    amount: '1000.00'\n    line: B-1\n"
	      "  - id: E-2\n    amount: '8000.00'\n    line: B-2\n");
	RUN(&r, dir, "pmo merge-file base.yaml ours.yaml theirs.yaml projects/CBM/budget.yaml");
	EXPECT(&r, 0, "", "pmo: projects/CBM/budget.yaml: both sides added B-2: theirs is now B-3\n");
	th_result_free(&r);
	out = th_read(dir, "ours.yaml");
	cr_assert_str_eq(out,
		"lines:\n  - id: B-1\n    title: 服务器与存储\n    planned: '1300000.00'\n"
		"  - id: B-2\n    title: 实施服务\n    planned: '3600000.00'\n"
		"  - id: B-3\n    title: 培训\n    planned: '50000.00'\n"
		"expenses:\n  - id: E-1\n    amount: '1000.00'\n    line: B-1\n"
		"  - id: E-2\n    amount: '8000.00'\n    line: B-3\n");
	free(out);
	free(dir);
}

Test(e2e_merge, a_side_that_is_not_yaml_is_merged_line_by_line)
{
	char *dir = th_tmpdir(), *out;
	th_result r;

	/* ours holds a flow list left open: not YAML */
	files(dir, "tasks:\n  - id: T-1\n    title: a\n  - id: T-2\n    title: b\n",
	      "tasks:\n  - id: T-1\n    title: [a\n  - id: T-2\n    title: b\n",
	      "tasks:\n  - id: T-1\n    title: a\n  - id: T-2\n    title: b\n  - id: T-3\n    title: c\n");
	RUN(&r, dir, "pmo merge-file base.yaml ours.yaml theirs.yaml projects/CBM/plan.yaml");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.err, "pmo: warning: projects/CBM/plan.yaml: merged line by line as git does: "
				"ours is not YAML pmo reads (projects/CBM/plan.yaml:") == r.err, "%s", r.err);
	th_result_free(&r);
	out = th_read(dir, "ours.yaml");
	cr_assert_str_eq(out, "tasks:\n  - id: T-1\n    title: [a\n  - id: T-2\n    title: b\n"
			      "  - id: T-3\n    title: c\n");
	free(out);
	RUN(&r, dir, "pmo merge-file base.yaml ours.yaml");
	EXPECT(&r, 2, "", "pmo: error: merge-file takes BASE OURS THEIRS [PATH]; see 'pmo merge-file -h'\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo merge-file base.yaml ours.yaml missing.yaml");
	cr_assert_eq(r.status, 2);
	cr_assert(!strncmp(r.err, "pmo: error: cannot read missing.yaml: ", 38), "%s", r.err);
	th_result_free(&r);
	free(dir);
}

Test(e2e_merge, a_value_outside_the_tasks_changed_two_ways_has_markers_around_its_lines)
{
	char *dir = th_tmpdir(), *out;
	th_result r;

	files(dir,
	      "tasks:\n  - id: T-1\n    title: a\nbaselines:\n  v1:\n    date: '2027-01-04'\n"
	      "    tasks:\n      T-1: {start: '2027-01-04', finish: '2027-01-08'}\n",
	      "tasks:\n  - id: T-1\n    title: a\nbaselines:\n  v1:\n    date: '2027-01-05'\n"
	      "    tasks:\n      T-1: {start: '2027-01-04', finish: '2027-01-08'}\n",
	      "tasks:\n  - id: T-1\n    title: a\nbaselines:\n  v1:\n    date: '2027-01-06'\n"
	      "    tasks:\n      T-1: {start: '2027-01-04', finish: '2027-01-09'}\n");
	RUN(&r, dir, "pmo merge-file base.yaml ours.yaml theirs.yaml projects/CBM/plan.yaml");
	EXPECT(&r, 1, "", "projects/CBM/plan.yaml:6:1: error: baselines.v1.date changed on both sides [merge]\n");
	th_result_free(&r);
	out = th_read(dir, "ours.yaml");
	cr_assert_str_eq(out,
		"tasks:\n  - id: T-1\n    title: a\nbaselines:\n  v1:\n"
		"<<<<<<< ours: baselines.v1.date\n    date: '2027-01-05'\n=======\n    date: '2027-01-06'\n"
		">>>>>>> theirs: baselines.v1.date\n"
		"    tasks:\n      T-1: {start: '2027-01-04', finish: '2027-01-09'}\n");
	free(out);
	free(dir);
}

Test(e2e_merge, tasks_written_as_flow_mappings_merge_in_the_canonical_style)
{
	char *dir = th_tmpdir(), *out;
	th_result r;

	files(dir, "# 计划\ntasks:\n  - {id: T-1, title: a, duration: 1}\n  - {id: T-2, title: b, duration: 2}\n",
	      "# 计划\ntasks:\n  - {id: T-1, title: a, duration: 5}\n  - {id: T-2, title: b, duration: 2}\n",
	      "# 计划\ntasks:\n  - {id: T-1, title: a2, duration: 1}\n  - {id: T-2, title: b, duration: 2}\n"
	      "  - {id: T-3, title: c, duration: 3}\n");
	RUN(&r, dir, "pmo merge-file base.yaml ours.yaml theirs.yaml projects/CBM/plan.yaml");
	EXPECT(&r, 0, "", "pmo: warning: projects/CBM/plan.yaml: written in the canonical style "
			  "(as pmo fmt does) to merge it\n");
	th_result_free(&r);
	out = th_read(dir, "ours.yaml");
	cr_assert_str_eq(out, "# 计划\ntasks:\n  - id: T-1\n    title: a2\n    duration: 5\n"
			      "  - id: T-2\n    title: b\n    duration: 2\n  - id: T-3\n    title: c\n    duration: 3\n");
	free(out);
	free(dir);
}
