/* End to end: the command line itself. Titles with '=' or a leading '-',
 * "--", help for every command and verb, git's "did you mean", and a
 * --format honoured or refused by every command. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define RUN(r, dir, ...) th_run(r, dir, NULL, __VA_ARGS__)
#define STARTS(s, lit) ((s) && !strncmp((s), (lit), strlen(lit)))

static void assert_commit_line(const char *out, const char *subject)
{
	/* "[master 1a2b3c4] SUBJECT\n" */
	const char *close = strchr(out, ']');
	cr_assert(!strncmp(out, "[master ", 8) && close && close - out == 15, "commit line: %s", out);
	cr_assert_str_eq(close + 2, subject);
}

static void assert_subject(const char *dir, const char *subject)
{
	th_result r;

	RUN(&r, dir, "git log -1 --format=%%s HEAD && git status --porcelain");
	cr_assert_str_eq(r.out, subject);
	th_result_free(&r);
}

/* --- titles ------------------------------------------------------------------- */

Test(e2e_cli, a_title_may_hold_equals_signs)
{
	char *dir = th_demo_repo(), *file;
	th_result r;

	RUN(&r, dir, "pmo -p CBM risk add '可用性 SLA=99.99%% 未达标' probability=2 impact=3");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.err, "");
	assert_commit_line(r.out, "risk CBM/R-1: add 可用性 SLA=99.99% 未达标\n");
	th_result_free(&r);
	file = th_read(dir, "projects/CBM/risks/R-1.yaml");
	cr_assert_str_eq(file,
		"id: R-1\n"
		"title: 可用性 SLA=99.99% 未达标\n"
		"probability: 2\n"
		"impact: 3\n"
		"status: open\n"
		"identified: '2027-01-04'\n"
		"review: '2027-02-03'\n");
	free(file);
	assert_subject(dir, "risk CBM/R-1: add 可用性 SLA=99.99% 未达标\n");
	/* the first argument that is not a known field= is the title, wherever it stands */
	RUN(&r, dir, "pmo -p CBM risk add probability=1 'a=b' impact=1 >/dev/null");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	file = th_read(dir, "projects/CBM/risks/R-2.yaml");
	cr_assert(STARTS(file, "id: R-2\ntitle: a=b\nprobability: 1\nimpact: 1\n"), "%s", file);
	free(file);
	/* title= gives one that looks like a field */
	RUN(&r, dir, "pmo -p CBM risk add probability=1 title=impact=5 impact=1");
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit_line(r.out, "risk CBM/R-3: add impact=5\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM risk add probability=1 impact=1");
	EXPECT(&r, 2, "", "pmo: error: risk add needs a title: the first argument that is not "
			  "field=value; see 'pmo risk add -h'\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_cli, a_title_may_start_with_a_dash_after_double_dash)
{
	char *dir = th_demo_repo(), *file;
	th_result r;

	RUN(&r, dir, "pmo -p CBM risk add -- '-1 天的延误' probability=2 impact=3");
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit_line(r.out, "risk CBM/R-1: add -1 天的延误\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM risk add probability=2 -- '-x 的延误' impact=3 >/dev/null");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	file = th_read(dir, "projects/CBM/risks/R-2.yaml");
	cr_assert(STARTS(file, "id: R-2\ntitle: -x 的延误\nprobability: 2\nimpact: 3\n"), "%s", file);
	free(file);
	assert_subject(dir, "risk CBM/R-2: add -x 的延误\n");
	/* without --, an option */
	RUN(&r, dir, "pmo -p CBM risk add '-x 的延误' probability=2 impact=3");
	EXPECT(&r, 2, "", "pmo: error: unknown option \"-x 的延误\"; see 'pmo risk add -h'\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_cli, task_and_milestone_titles_follow_the_same_rule)
{
	char *dir = th_demo_repo(), *file;
	th_result r;

	RUN(&r, dir, "pmo -p CBM task add '切换窗口 T+1=周六' duration=2");
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit_line(r.out, "task CBM/T-1: add 切换窗口 T+1=周六\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM milestone add depends=T-1 -- '-上线'");
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit_line(r.out, "milestone CBM/T-2: add -上线\n");
	th_result_free(&r);
	file = th_read(dir, "projects/CBM/plan.yaml");
	cr_assert_str_eq(file,
		"tasks:\n"
		"  - id: T-1\n"
		"    title: 切换窗口 T+1=周六\n"
		"    duration: 2\n"
		"  - id: T-2\n"
		"    title: -上线\n"
		"    milestone: true\n"
		"    depends:\n"
		"      - T-1\n");
	free(file);
	assert_subject(dir, "milestone CBM/T-2: add -上线\n");
	RUN(&r, dir, "pmo -p CBM task add duration=2");
	EXPECT(&r, 2, "", "pmo: error: task add needs a title: the first argument that is not "
			  "field=value; see 'pmo task add -h'\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_cli, add_help_states_the_title_rule)
{
	char *dir = th_tmpdir();
	th_result r;

	RUN(&r, dir, "pmo risk add -h | sed -n 1,8p");
	cr_assert_str_eq(r.out,
		"usage: pmo [-p KEY] risk add TITLE [field=value…]\n"
		"\n"
		"add a record; one commit.\n"
		"\n"
		"TITLE is the first argument that is not field=value with a field below: it\n"
		"may hold '=' (\"SLA=99.99% missed\"); one that starts with '-' goes after --\n"
		"(pmo risk add -- \"-1 day\" …); title=TEXT gives any TITLE.\n"
		"\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo task add -h | grep -c 'TITLE is the first argument'");
	cr_assert_str_eq(r.out, "1\n");
	th_result_free(&r);
	free(dir);
}

/* --- help ----------------------------------------------------------------------- */

Test(e2e_cli, help_help_and_help_of_a_verb)
{
	char *dir = th_tmpdir();
	th_result r, h;

	RUN(&r, dir, "pmo help help");
	EXPECT(&r, 0,
	       "usage: pmo help [<command> [<verb>]]\n"
	       "\n"
	       "Show pmo's help; with a command (or kind) its help, as 'pmo <command> -h';\n"
	       "with a verb too the verb's, as 'pmo <command> <verb> -h'.\n", "");
	th_result_free(&r);
	RUN(&r, dir, "pmo help risk add");
	RUN(&h, dir, "pmo risk add -h");
	cr_assert_eq(r.status, 0);
	cr_assert(STARTS(r.out, "usage: pmo [-p KEY] risk add TITLE [field=value…]\n"), "%s", r.out);
	cr_assert_str_eq(r.out, h.out);
	th_result_free(&r);
	th_result_free(&h);
	RUN(&r, dir, "pmo help task add");
	RUN(&h, dir, "pmo task add --help");
	cr_assert_eq(r.status, 0);
	cr_assert(STARTS(r.out, "usage: pmo [-p KEY] task add TITLE [field=value…]\n"), "%s", r.out);
	cr_assert_str_eq(r.out, h.out);
	th_result_free(&r);
	th_result_free(&h);
	RUN(&r, dir, "pmo help risk");
	RUN(&h, dir, "pmo risk -h");
	cr_assert_eq(r.status, 0);
	cr_assert_str_eq(r.out, h.out);
	th_result_free(&r);
	th_result_free(&h);
	RUN(&r, dir, "pmo help | head -1");
	cr_assert_str_eq(r.out, "usage: pmo [-C DIR] [-p KEY] [--format FORMAT] <command> [<args>]\n");
	th_result_free(&r);
	free(dir);
}

/* --- did you mean ------------------------------------------------------------------- */

Test(e2e_cli, did_you_mean_a_command_kind_verb_or_field)
{
	static const char *const cases[][2] = {
		{ "pmo rsik",
		  "pmo: error: \"rsik\" is not a pmo command; see 'pmo --help'\n"
		  "\nThe most similar command is\n\trisk\n" },
		{ "pmo help rsik",
		  "pmo: error: \"rsik\" is not a pmo command; see 'pmo --help'\n"
		  "\nThe most similar command is\n\trisk\n" },
		{ "pmo sta",
		  "pmo: error: \"sta\" is not a pmo command; see 'pmo --help'\n"
		  "\nThe most similar command is\n\tstatus\n" },
		{ "pmo valdiate",
		  "pmo: error: \"valdiate\" is not a pmo command; see 'pmo --help'\n"
		  "\nThe most similar command is\n\tvalidate\n" },
		{ "pmo frobnicate", "pmo: error: \"frobnicate\" is not a pmo command; see 'pmo --help'\n" },
		{ "pmo risk lsit",
		  "pmo: error: \"lsit\" is not a risk verb; verbs: add, list, show, set, edit, close, log\n"
		  "\nThe most similar verb is\n\tlist\n" },
		{ "pmo task ad",
		  "pmo: error: \"ad\" is not a task verb; verbs: add, set, list, show\n"
		  "\nThe most similar verb is\n\tadd\n" },
		{ "pmo -p CBM risk add 数据丢失 probabilty=4 impact=3",
		  "pmo: error: unknown field \"probabilty\"; allowed: id, title, category, cause, effect, "
		  "probability, impact, owner, strategy, response, contingency, status, identified, review, "
		  "resolution, tags\n"
		  "\nThe most similar field is\n\tprobability\n" },
		{ "pmo -p CBM risk list probabilty=4",
		  "pmo: error: unknown field \"probabilty\" for risk; fields: id, title, category, cause, effect, "
		  "probability, impact, owner, strategy, response, contingency, status, identified, review, "
		  "resolution, tags, score, level, project\n"
		  "\nThe most similar field is\n\tprobability\n" },
		{ "pmo -p CBM task add 迁移 duraton=3",
		  "pmo: error: unknown field \"duraton\"; allowed: id, title, parent, duration, effort, milestone, "
		  "assignees, depends, start_no_earlier_than, finish_no_later_than, progress, actual_start, "
		  "actual_finish, notes\n"
		  "\nThe most similar field is\n\tduration\n" },
	};
	char *dir = th_demo_repo();
	th_result r;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		RUN(&r, dir, "%s", cases[i][0]);
		cr_expect_str_eq(r.err, cases[i][1], "%s", cases[i][0]);
		cr_expect_str_eq(r.out, "", "%s", cases[i][0]);
		cr_expect_eq(r.status, 2, "%s: exit %d", cases[i][0], r.status);
		th_result_free(&r);
	}
	RUN(&r, dir, "git rev-list --count HEAD && git status --porcelain");
	cr_assert_str_eq(r.out, "4\n");
	th_result_free(&r);
	free(dir);
}
