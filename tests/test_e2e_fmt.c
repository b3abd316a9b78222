/* End to end: what pmo writes stays minimal and canonical. Minimal edits
 * of tasks written in flow style, new fields at their schema position,
 * pmo fmt keeping comments and idempotent, and every mutating command
 * leaving a file that pmo fmt --check accepts, comments and all. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define RUN(r, dir, ...) th_run(r, dir, NULL, __VA_ARGS__)

static void ok(const char *dir, const char *cmd)
{
	th_result r;

	RUN(&r, dir, "%s", cmd);
	cr_assert_eq(r.status, 0, "%s: %s%s", cmd, r.out, r.err);
	th_result_free(&r);
}

static void assert_file(const char *dir, const char *rel, const char *want)
{
	char *got = th_read(dir, rel);

	cr_assert(got, "%s missing", rel);
	cr_assert_str_eq(got, want, "%s", rel);
	free(got);
}

static void assert_subject(const char *dir, const char *subject)
{
	th_result r;

	RUN(&r, dir, "git log -1 --format=%%s HEAD && git show --name-only --format= HEAD && "
	    "git status --porcelain");
	cr_assert_str_eq(r.out, subject);
	th_result_free(&r);
}

static const char flow_plan[] =
	"# 计划\n"
	"tasks:\n"
	"  - {id: T-1, title: 需求, duration: 5} # first\n"
	"  # the second task\n"
	"  - {id: T-2, title: 设计, duration: 3, depends: [T-1]}\n"
	"  - id: T-3\n"
	"    title: 开发\n"
	"    depends: [T-1, T-2] # both\n"
	"# end\n";

Test(e2e_fmt, task_set_on_flow_tasks_changes_only_that_task)
{
	char *dir = th_demo_repo();
	th_result r;

	th_write(dir, "projects/CBM/plan.yaml", flow_plan);
	ok(dir, "git add -A && git commit -qm plan");
	RUN(&r, dir, "pmo -p CBM task set T-1 duration=7");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	assert_subject(dir, "task CBM/T-1: set duration=7\nprojects/CBM/plan.yaml\n");
	assert_file(dir, "projects/CBM/plan.yaml",
		"# 计划\n"
		"tasks:\n"
		"  - {id: T-1, title: 需求, duration: 7} # first\n"
		"  # the second task\n"
		"  - {id: T-2, title: 设计, duration: 3, depends: [T-1]}\n"
		"  - id: T-3\n"
		"    title: 开发\n"
		"    depends: [T-1, T-2] # both\n"
		"# end\n");
	/* new fields go inside the flow mapping, at their schema position */
	ok(dir, "pmo -p CBM task set T-2 progress=10 effort=16");
	assert_file(dir, "projects/CBM/plan.yaml",
		"# 计划\n"
		"tasks:\n"
		"  - {id: T-1, title: 需求, duration: 7} # first\n"
		"  # the second task\n"
		"  - {id: T-2, title: 设计, duration: 3, effort: 16, depends: [T-1], progress: 10}\n"
		"  - id: T-3\n"
		"    title: 开发\n"
		"    depends: [T-1, T-2] # both\n"
		"# end\n");
	/* a flow sequence stays one, its comment after it */
	ok(dir, "pmo -p CBM task set T-3 depends=T-2,T-1");
	assert_file(dir, "projects/CBM/plan.yaml",
		"# 计划\n"
		"tasks:\n"
		"  - {id: T-1, title: 需求, duration: 7} # first\n"
		"  # the second task\n"
		"  - {id: T-2, title: 设计, duration: 3, effort: 16, depends: [T-1], progress: 10}\n"
		"  - id: T-3\n"
		"    title: 开发\n"
		"    depends: [T-2, T-1] # both\n"
		"# end\n");
	/* removed fields go with their comma */
	ok(dir, "pmo -p CBM task set T-2 depends= progress=");
	assert_file(dir, "projects/CBM/plan.yaml",
		"# 计划\n"
		"tasks:\n"
		"  - {id: T-1, title: 需求, duration: 7} # first\n"
		"  # the second task\n"
		"  - {id: T-2, title: 设计, duration: 3, effort: 16}\n"
		"  - id: T-3\n"
		"    title: 开发\n"
		"    depends: [T-2, T-1] # both\n"
		"# end\n");
	/* a title that holds a flow indicator is quoted inside the mapping */
	ok(dir, "pmo -p CBM task set T-1 'title=需求, 设计 [一期]'");
	assert_file(dir, "projects/CBM/plan.yaml",
		"# 计划\n"
		"tasks:\n"
		"  - {id: T-1, title: '需求, 设计 [一期]', duration: 7} # first\n"
		"  # the second task\n"
		"  - {id: T-2, title: 设计, duration: 3, effort: 16}\n"
		"  - id: T-3\n"
		"    title: 开发\n"
		"    depends: [T-2, T-1] # both\n"
		"# end\n");
	RUN(&r, dir, "git status --porcelain && git rev-list --count HEAD");
	cr_assert_str_eq(r.out, "10\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_fmt, calendar_added_to_a_project_goes_before_its_resolution)
{
	char *dir = th_demo_repo();
	th_result r;

	ok(dir, "pmo -p CBM project set CBM status=active && "
		"pmo -p CBM project set CBM status=cancelled resolution=预算取消");
	RUN(&r, dir, "pmo -p CBM calendar holiday 2027-02-11 春节");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	assert_file(dir, "projects/CBM/project.yaml",
		"key: CBM\n"
		"name: 核心银行系统迁移\n"
		"status: cancelled\n"
		"sponsor: zhao-min\n"
		"manager: wang-li\n"
		"start: '2027-01-04'\n"
		"calendar:\n"
		"  holidays:\n"
		"    - date: '2027-02-11'\n"
		"      name: 春节\n"
		"resolution: 预算取消\n");
	RUN(&r, dir, "pmo fmt --check");
	EXPECT(&r, 0, "", "");
	th_result_free(&r);
	free(dir);
}

Test(e2e_fmt, fmt_keeps_comments_beside_their_nodes)
{
	char *dir = th_demo_repo();
	th_result r;

	ok(dir, "mkdir -p projects/CBM/risks");
	th_write(dir, "projects/CBM/risks/R-1.yaml",
		 "# yaml-language-server: $schema=../../../schemas/risk.json\n"
		 "\n"
		 "# the risk's status\n"
		 "status: open   # still open\n"
		 "title: \"核心数据迁移丢失\"\n"
		 "id: R-1 # numbered by pmo\n"
		 "probability: 4\n"
		 "  # a comment between keys, indented oddly\n"
		 "impact: 5\n"
		 "identified: 2027-01-04\n"
		 "tags: [a, b] # flow\n"
		 "response: |  # a block\n"
		 "  # not a comment: text of the block\n"
		 "  回滚\n"
		 "# the end\n");
	RUN(&r, dir, "pmo fmt --check");
	EXPECT(&r, 1, "projects/CBM/risks/R-1.yaml\n",
	       "pmo: error: 1 file is not in the canonical style; run 'pmo fmt'\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo fmt");
	EXPECT(&r, 0, "projects/CBM/risks/R-1.yaml\n", "");
	th_result_free(&r);
	assert_file(dir, "projects/CBM/risks/R-1.yaml",
		"# yaml-language-server: $schema=../../../schemas/risk.json\n"
		"# the risk's status\n"
		"id: R-1 # numbered by pmo\n"
		"title: 核心数据迁移丢失\n"
		"probability: 4\n"
		"# a comment between keys, indented oddly\n"
		"impact: 5\n"
		"response: | # a block\n"
		"  # not a comment: text of the block\n"
		"  回滚\n"
		"status: open # still open\n"
		"identified: '2027-01-04'\n"
		"tags: # flow\n"
		"  - a\n"
		"  - b\n"
		"# the end\n");
	/* fmt twice changes nothing */
	RUN(&r, dir, "pmo fmt --check && pmo fmt");
	EXPECT(&r, 0, "", "");
	th_result_free(&r);
	free(dir);
}

/* The task's keys are described under the plan schema's definitions
 * ("items": {"$ref": "#/definitions/task"}), and so are a baseline's:
 * fmt orders them too (it left them as found), in every task. */
Test(e2e_fmt, fmt_orders_tasks_and_baselines_through_the_schemas_refs)
{
	char *dir = th_demo_repo();
	th_result r;

	th_write(dir, "projects/CBM/plan.yaml",
		 "tasks:\n"
		 "  - duration: 5\n    title: 调研  # first\n    id: T-1\n"
		 "  - {depends: [T-1], id: T-2, title: 设计, duration: 3}\n"
		 "baselines:\n"
		 "  v1:\n    tasks: {}\n    date: 2027-01-04\n");
	RUN(&r, dir, "pmo fmt");
	EXPECT(&r, 0, "projects/CBM/plan.yaml\n", "");
	th_result_free(&r);
	assert_file(dir, "projects/CBM/plan.yaml",
		"tasks:\n"
		"  - id: T-1\n    title: 调研 # first\n    duration: 5\n"
		"  - id: T-2\n    title: 设计\n    duration: 3\n    depends:\n      - T-1\n"
		"baselines:\n"
		"  v1:\n    date: '2027-01-04'\n    tasks: {}\n");
	RUN(&r, dir, "pmo fmt --check");
	EXPECT(&r, 0, "", "");
	th_result_free(&r);
	free(dir);
}

Test(e2e_fmt, edit_stores_canonical_values_and_keeps_the_editors_comments)
{
	char *dir = th_demo_repo();
	th_result r;

	ok(dir, "pmo -p CBM risk add 丢失 probability=4 impact=5 >/dev/null");
	th_write(dir, "ed.sh",
		 "#!/bin/sh\n"
		 "sed -i -e 's/^title: .*/title: \"数据丢失\"  # renamed/' "
		 "-e 's/^probability: .*/probability: 0x2/' -e '/^identified: /d' \"$1\"\n"
		 "printf '# a note by hand\\ntags: [迁移, 数据]\\nidentified: 2027-01-05\\n' >> \"$1\"\n");
	ok(dir, "chmod +x ed.sh && echo ed.sh > .git/info/exclude");
	RUN(&r, dir, "EDITOR=./ed.sh pmo risk edit CBM/R-1");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	assert_subject(dir, "risk CBM/R-1: edit title, probability, identified, tags\n"
			    "projects/CBM/risks/R-1.yaml\n");
	/* keys in schema order, 0x2 as 2, the date quoted, the flow list as a
	 * block; the comments where the editor put them */
	assert_file(dir, "projects/CBM/risks/R-1.yaml",
		"id: R-1\n"
		"title: 数据丢失 # renamed\n"
		"probability: 2\n"
		"impact: 5\n"
		"status: open\n"
		"identified: '2027-01-05'\n"
		"review: '2027-02-03'\n"
		"# a note by hand\n"
		"tags:\n"
		"  - 迁移\n"
		"  - 数据\n");
	RUN(&r, dir, "pmo fmt --check");
	EXPECT(&r, 0, "", "");
	th_result_free(&r);
	free(dir);
}

Test(e2e_fmt, every_mutating_command_leaves_canonical_files_and_hand_comments)
{
	char *dir = th_tmpdir();
	const char *src = getenv("PMO_SRCDIR");
	th_result r;

	cr_assert(src, "PMO_SRCDIR is not set");
	RUN(&r, dir, "sh '%s/tests/fmt_property.sh'", src);
	EXPECT(&r, 0, "ok: 22 rounds, 271 comments\n", "");
	th_result_free(&r);
	free(dir);
}

/* pmo fmt over a copy of a tree: then --check passes, a second fmt
 * changes nothing, and no comment line was lost. */
static void fmt_twice(const char *from)
{
	char *dir = th_tmpdir();
	th_result r;

	RUN(&r, dir, "cp -R '%s/.' . && rm -f expected.txt && git init -q . && git add -A && "
	    "git commit -qm tree && git grep -h -o -e ' #.*' -e '^ *#.*' -- '*.yaml' | "
	    "sed 's/^ *//' | sort > .git/before", from);
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	RUN(&r, dir, "pmo fmt > /dev/null 2>&1; git add -A && git commit -qm fmt >/dev/null; "
	    "pmo fmt 2>/dev/null; git status --porcelain");
	cr_assert_str_eq(r.out, "", "%s: fmt again changed %s", from, r.out);
	th_result_free(&r);
	RUN(&r, dir, "git grep -h -o -e ' #.*' -e '^ *#.*' -- '*.yaml' | sed 's/^ *//' | sort | "
	    "diff .git/before -");
	cr_assert_eq(r.status, 0, "%s: comments changed: %s", from, r.out);
	th_result_free(&r);
	free(dir);
}

Test(e2e_fmt, fmt_is_idempotent_and_keeps_comments_on_examples_and_test_trees)
{
	const char *src = getenv("PMO_SRCDIR"), *data = getenv("PMO_TESTDATA");
	static const char *const trees[] = {
		"clean", "consistency", "date", "one-file", "plan", "reference", "schema",
		"unknown-file", "yaml",
	};
	char path[4096];
	size_t i;
	th_result r;

	cr_assert(src && data, "PMO_SRCDIR or PMO_TESTDATA is not set");
	snprintf(path, sizeof(path), "%s/examples", src);
	fmt_twice(path);
	/* the examples are canonical already */
	RUN(&r, path, "pmo fmt --check");
	EXPECT(&r, 0, "", "");
	th_result_free(&r);
	for (i = 0; i < sizeof(trees) / sizeof(trees[0]); i++) {
		snprintf(path, sizeof(path), "%s/invalid-trees/%s", data, trees[i]);
		fmt_twice(path);
	}
}
