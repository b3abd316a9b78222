/* End to end: the plan commands users reach for after the first plan —
 * removing calendar entries, naming workdays, listing, showing and deleting
 * baselines, filtering and sorting tasks, a task's history, durations with
 * units and Mermaid charts on the real calendar — through the built pmo in
 * temporary git repositories (today is 2027-01-04). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define RUN(r, dir, ...) th_run(r, dir, NULL, __VA_ARGS__)

static void assert_commit_line(const char *out, const char *subject)
{
	const char *close = strchr(out, ']');
	cr_assert(!strncmp(out, "[master ", 8) && close && close - out == 15, "commit line: %s", out);
	cr_assert_str_eq(close + 2, subject);
}

static void ok(const char *dir, const char *cmd)
{
	th_result r;
	RUN(&r, dir, "%s", cmd);
	cr_assert_eq(r.status, 0, "%s: %s", cmd, r.err);
	th_result_free(&r);
}

/* The last commit: its message, then its paths with their status. */
static void assert_last_commit(const char *dir, const char *message_and_paths)
{
	th_result r;
	RUN(&r, dir, "git status --porcelain && git log -1 --format=%%B && git show --name-status --format= HEAD");
	cr_assert_str_eq(r.out, message_and_paths);
	th_result_free(&r);
}

/* --- calendar -------------------------------------------------------------- */

Test(e2e_plancmd, calendar_remove_takes_out_a_holiday_or_workday_with_one_commit)
{
	char *dir = th_demo_repo(), *before, *after, *orig = th_read(dir, "pmo.yaml");
	th_result r;

	ok(dir, "pmo calendar holiday 2026-02-15..2026-02-23 春节 >/dev/null && "
		"pmo calendar holiday 2026-04-06 清明 >/dev/null && "
		"pmo calendar workday 2026-02-14 2026-02-28 >/dev/null");
	before = th_read(dir, "pmo.yaml");
	RUN(&r, dir, "pmo calendar remove 2026-02-14");
	EXPECT(&r, 0, r.out, "");
	assert_commit_line(r.out, "calendar: remove workday 2026-02-14\n");
	th_result_free(&r);
	assert_last_commit(dir, "calendar: remove workday 2026-02-14\n\nPmo-Command: calendar remove\n"
				"Pmo-Record: calendar\n\nM\tpmo.yaml\n");
	after = th_read(dir, "pmo.yaml");
	{
		/* only that entry's line went */
		const char *at = strstr(before, "    - '2026-02-14'\n");
		cr_assert(at);
		cr_assert_eq(strlen(after), strlen(before) - strlen("    - '2026-02-14'\n"));
		cr_assert(!strncmp(after, before, (size_t)(at - before)));
		cr_assert_str_eq(after + (at - before), at + strlen("    - '2026-02-14'\n"));
	}
	free(after);
	/* a day inside a range names the range */
	RUN(&r, dir, "pmo calendar remove 2026-02-16");
	EXPECT(&r, 2, "", "pmo: error: 2026-02-16 is inside the holiday 2026-02-15..2026-02-23 春节; "
			  "a holiday is removed whole: pmo calendar remove 2026-02-15..2026-02-23\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo calendar remove 2026-03-02");
	EXPECT(&r, 1, "", "pmo: error: 2026-03-02 is neither a holiday nor an extra workday in pmo.yaml\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo calendar remove 2026-02-31");
	EXPECT(&r, 2, "", "pmo: error: \"2026-02-31\" is not a valid date (YYYY-MM-DD)\n");
	th_result_free(&r);
	/* by its first day, as -h says */
	RUN(&r, dir, "pmo calendar holiday 2026-10-01..2026-10-07 国庆节 >/dev/null && pmo calendar remove 2026-10-01");
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit_line(r.out, "calendar: remove holiday 2026-10-01..2026-10-07 国庆节\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo calendar remove 2026-02-15..2026-02-23");
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit_line(r.out, "calendar: remove holiday 2026-02-15..2026-02-23 春节\n");
	th_result_free(&r);
	/* the last entries: the lists go, then calendar: itself */
	ok(dir, "pmo calendar remove 2026-04-06 >/dev/null && pmo calendar remove 2026-02-28 >/dev/null");
	after = th_read(dir, "pmo.yaml");
	cr_assert_str_eq(after, orig);
	free(after);
	free(orig);
	RUN(&r, dir, "git status --porcelain && pmo validate");
	cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
	th_result_free(&r);
	free(before);
	free(dir);
}

Test(e2e_plancmd, calendar_remove_with_p_edits_the_projects_override)
{
	char *dir = th_demo_repo(), *file;
	th_result r;

	ok(dir, "pmo calendar holiday 2026-02-15..2026-02-23 春节 >/dev/null && "
		"pmo -p CBM calendar workday 2026-02-23 上线 >/dev/null && "
		"pmo -p CBM calendar holiday 2026-03-20 内部培训日 >/dev/null");
	RUN(&r, dir, "pmo -p CBM calendar remove 2026-02-16");
	EXPECT(&r, 1, "", "pmo: error: 2026-02-16 is a holiday of pmo.yaml, not of projects/CBM/project.yaml; "
			  "the project can override it: pmo -p CBM calendar workday 2026-02-16\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM calendar remove 2026-03-20");
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit_line(r.out, "calendar CBM: remove holiday 2026-03-20 内部培训日\n");
	th_result_free(&r);
	assert_last_commit(dir, "calendar CBM: remove holiday 2026-03-20 内部培训日\n\nPmo-Command: calendar remove\n"
				"Pmo-Record: CBM/calendar\n\nM\tprojects/CBM/project.yaml\n");
	file = th_read(dir, "projects/CBM/project.yaml");
	cr_assert(strstr(file, "calendar:\n  workdays:\n    - date: '2026-02-23'\n      name: 上线\n"), "%s", file);
	cr_assert(!strstr(file, "holidays"), "%s", file);
	free(file);
	free(dir);
}

Test(e2e_plancmd, calendar_workday_takes_a_name)
{
	char *dir = th_demo_repo(), *file;
	th_result r;

	RUN(&r, dir, "pmo calendar workday 2026-02-14 2026-02-28 春节调休");
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit_line(r.out, "calendar: workday 2026-02-14 2026-02-28 春节调休\n");
	th_result_free(&r);
	file = th_read(dir, "pmo.yaml");
	cr_assert(strstr(file, "calendar:\n  workdays:\n    - date: '2026-02-14'\n      name: 春节调休\n"
			       "    - date: '2026-02-28'\n      name: 春节调休\n"), "%s", file);
	free(file);
	/* a mistyped date is not taken for a name */
	RUN(&r, dir, "pmo calendar workday 2026-03-07 2026-03-32");
	EXPECT(&r, 2, "", "pmo: error: \"2026-03-32\" is not a valid date (YYYY-MM-DD)\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo calendar show 2026 | sed -n '/extra workdays/,$p'");
	cr_assert_str_eq(r.out, "extra workdays:\n  2026-02-14  sat  春节调休\n  2026-02-28  sat  春节调休\n");
	th_result_free(&r);
	free(dir);
}

/* --- baselines ------------------------------------------------------------- */

/* The demo repository with three tasks (T-1 10d, T-2 15d after T-1, the
 * milestone T-3 after T-2). */
static char *three_tasks(void)
{
	char *dir = th_demo_repo();
	ok(dir, "pmo -p CBM task add 需求分析 duration=10 >/dev/null && "
		"pmo -p CBM task add 系统设计 duration=15 depends=T-1 >/dev/null && "
		"pmo -p CBM milestone add 设计评审通过 depends=T-2 >/dev/null");
	return dir;
}

Test(e2e_plancmd, baselines_are_listed_shown_and_deleted)
{
	char *dir = three_tasks(), *before, *after;
	th_result r;

	RUN(&r, dir, "pmo -p CBM baseline list");
	EXPECT(&r, 0, "no baselines in projects/CBM/plan.yaml; take one with: pmo -p CBM baseline set\n", "");
	th_result_free(&r);
	before = th_read(dir, "projects/CBM/plan.yaml");
	ok(dir, "pmo -p CBM baseline set >/dev/null && "
		"pmo -p CBM task set T-2 duration=20 >/dev/null && "
		"pmo -p CBM baseline set --name 签字版 >/dev/null");
	RUN(&r, dir, "pmo -p CBM baseline list");
	EXPECT(&r, 0,
	       "Name    Date        Tasks  Finish\n"
	       "v1      2027-01-04      3  2027-02-05\n"
	       "签字版  2027-01-04      3  2027-02-12\n", "");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM --format json baseline list");
	EXPECT(&r, 0,
	       "{\n  \"version\": 1,\n  \"project\": \"CBM\",\n  \"baselines\": [\n"
	       "    {\"name\": \"v1\", \"date\": \"2027-01-04\", \"tasks\": 3, \"finish\": \"2027-02-05\"},\n"
	       "    {\"name\": \"签字版\", \"date\": \"2027-01-04\", \"tasks\": 3, \"finish\": \"2027-02-12\"}\n"
	       "  ]\n}\n", "");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM baseline list --format csv");
	EXPECT(&r, 0, "name,date,tasks,finish\r\nv1,2027-01-04,3,2027-02-05\r\n签字版,2027-01-04,3,2027-02-12\r\n", "");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM baseline show 签字版");
	EXPECT(&r, 0,
	       "baseline CBM/签字版 taken 2027-01-04, finish 2027-02-12\n\n"
	       "ID   Title         Start       Finish\n"
	       "T-1  需求分析      2027-01-04  2027-01-15\n"
	       "T-2  系统设计      2027-01-18  2027-02-12\n"
	       "T-3  设计评审通过  2027-02-12  2027-02-12\n", "");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM --format json baseline show v1");
	EXPECT(&r, 0,
	       "{\n  \"version\": 1,\n  \"project\": \"CBM\", \"name\": \"v1\", \"date\": \"2027-01-04\", "
	       "\"finish\": \"2027-02-05\",\n  \"tasks\": [\n"
	       "    {\"id\": \"T-1\", \"title\": \"需求分析\", \"start\": \"2027-01-04\", \"finish\": \"2027-01-15\"},\n"
	       "    {\"id\": \"T-2\", \"title\": \"系统设计\", \"start\": \"2027-01-18\", \"finish\": \"2027-02-05\"},\n"
	       "    {\"id\": \"T-3\", \"title\": \"设计评审通过\", \"start\": \"2027-02-05\", \"finish\": \"2027-02-05\"}\n"
	       "  ]\n}\n", "");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM baseline show v9");
	EXPECT(&r, 1, "", "pmo: error: no baseline v9 in projects/CBM/plan.yaml\n");
	th_result_free(&r);
	/* delete: one commit of plan.yaml, that baseline's lines only */
	RUN(&r, dir, "pmo -p CBM baseline delete v1");
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit_line(r.out, "baseline CBM/v1: delete v1\n");
	th_result_free(&r);
	assert_last_commit(dir, "baseline CBM/v1: delete v1\n\nPmo-Command: baseline delete\nPmo-Record: CBM/v1\n\n"
				"M\tprojects/CBM/plan.yaml\n");
	after = th_read(dir, "projects/CBM/plan.yaml");
	cr_assert(strstr(after, "baselines:\n  签字版:\n    date: '2027-01-04'\n"), "%s", after);
	cr_assert(!strstr(after, "v1"), "%s", after);
	free(after);
	/* the first free v<n> is taken again */
	RUN(&r, dir, "pmo -p CBM baseline set");
	assert_commit_line(r.out, "baseline CBM/v1: set v1 (finish 2027-02-12)\n");
	th_result_free(&r);
	ok(dir, "pmo -p CBM baseline delete v1 >/dev/null && pmo -p CBM baseline delete 签字版 >/dev/null");
	after = th_read(dir, "projects/CBM/plan.yaml");
	cr_assert(!strstr(after, "baselines"), "%s", after);
	free(after);
	free(before);
	RUN(&r, dir, "pmo -p CBM baseline delete v1");
	EXPECT(&r, 1, "", "pmo: error: no baseline v1 in projects/CBM/plan.yaml\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_plancmd, baseline_names_are_ascii_words_or_chinese_without_spaces)
{
	char *dir = three_tasks();
	th_result r;
	static const char *const bad[] = { "'v 2'", "'v/2'", "'版本：一'", "''", "2027", "true" };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		RUN(&r, dir, "pmo -p CBM baseline set --name %s", bad[i]);
		cr_expect_eq(r.status, 2, "%s: %s", bad[i], r.err);
		cr_expect_str_eq(r.out, "");
		th_result_free(&r);
	}
	RUN(&r, dir, "pmo -p CBM baseline set --name 'v 2'");
	EXPECT(&r, 2, "", "pmo: error: --name: \"v 2\" is not a baseline name: use letters A-Z or a-z, digits, '.', "
			  "'_', '-' or Chinese characters, without spaces (v1, 2027-Q1, 签字版)\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM baseline set --name 2027");
	EXPECT(&r, 2, "", "pmo: error: --name: \"2027\" is not a baseline name: a number, true, false or null would "
			  "not stay a name in plan.yaml; add a letter (v2027)\n");
	th_result_free(&r);
	RUN(&r, dir, "git log -1 --format=%%s && git status --porcelain");
	cr_assert_str_eq(r.out, "milestone CBM/T-3: add 设计评审通过\n");
	th_result_free(&r);
	ok(dir, "pmo -p CBM baseline set --name 2027-Q1.rev_2 >/dev/null");
	free(dir);
}

/* --- mermaid and gantt ----------------------------------------------------- */

Test(e2e_plancmd, mermaid_excludes_holidays_and_keeps_moved_workdays)
{
	char *dir = three_tasks();
	th_result r;

	ok(dir, "pmo calendar holiday 2027-01-11 培训 >/dev/null");
	RUN(&r, dir, "pmo -p CBM schedule --format mermaid");
	EXPECT(&r, 0,
	       "```mermaid\n"
	       "gantt\n"
	       "    title 核心银行系统迁移\n"
	       "    dateFormat YYYY-MM-DD\n"
	       "    excludes weekends, 2027-01-11\n"
	       "    需求分析 :crit, T-1, 2027-01-04, 2027-01-19\n"
	       "    系统设计 :crit, T-2, 2027-01-19, 2027-02-09\n"
	       "    设计评审通过 :crit, milestone, T-3, 2027-02-08, 0d\n"
	       "```\n", "");
	th_result_free(&r);
	/* a Saturday worked: mermaid cannot bring back one day of an excluded
	 * `weekends`, so every day off is listed by date */
	ok(dir, "pmo calendar workday 2027-01-16 调休 >/dev/null");
	RUN(&r, dir, "pmo -p CBM schedule --format mermaid");
	EXPECT(&r, 0,
	       "```mermaid\n"
	       "gantt\n"
	       "    title 核心银行系统迁移\n"
	       "    dateFormat YYYY-MM-DD\n"
	       "    excludes 2027-01-09, 2027-01-10, 2027-01-11, 2027-01-17, 2027-01-23, 2027-01-24, 2027-01-30, 2027-01-31\n"
	       "    需求分析 :crit, T-1, 2027-01-04, 2027-01-17\n"
	       "    系统设计 :crit, T-2, 2027-01-18, 2027-02-06\n"
	       "    设计评审通过 :crit, milestone, T-3, 2027-02-05, 0d\n"
	       "```\n", "");
	th_result_free(&r);
	free(dir);
}

Test(e2e_plancmd, gantt_into_a_pipe_keeps_titles_whole_and_a_terminal_marks_today)
{
	char *dir = three_tasks();
	th_result r;

	ok(dir, "pmo -p CBM task add 一个很长很长很长很长很长很长很长很长很长的标题 duration=2 >/dev/null");
	RUN(&r, dir, "pmo -p CBM schedule --gantt");
	EXPECT(&r, 0,
	       "                                                     01-04  01-11  01-18  01-25  02-01\n"
	       "T-1  需求分析                                        █████··█████\n"
	       "T-2  系统设计                                                      █████··█████··█████\n"
	       "T-3  设计评审通过                                                                    ◆\n"
	       "T-4  一个很长很长很长很长很长很长很长很长很长的标题  ▒▒\n"
	       "\n"
	       "█ critical  ▒ other  ━ summary  ◆ milestone  · day off; one column is one day\n", "");
	th_result_free(&r);
	/* a terminal (script's pseudo-terminal, COLUMNS wide): titles cut to
	 * 30 columns, and │ in the column of the status date (2027-01-13, when
	 * T-1 and T-4, not started, begin) where no bar is */
	RUN(&r, dir, "COLUMNS=100 script -qec 'pmo -p CBM schedule --gantt --as-of 2027-01-13' /dev/null | tr -d '\\r'");
	EXPECT(&r, 0,
	       "                                     01-04  01-11  01-18  01-25  02-01  02-08  02-15\n"
	       "T-1  需求分析                                 ███··█████··██\n"
	       "T-2  系统设计                                 │             ███··█████··█████··██\n"
	       "T-3  设计评审通过                             │                                 ◆\n"
	       "T-4  一个很长很长很长很长很长很长…            ▒▒\n"
	       "\n"
	       "█ critical  ▒ other  ━ summary  ◆ milestone  · day off  │ today 2027-01-13; one column is one day\n", "");
	th_result_free(&r);
	free(dir);
}

/* --- durations and effort with units ---------------------------------------- */

Test(e2e_plancmd, durations_and_effort_take_units_and_the_file_gets_working_days)
{
	char *dir = th_demo_repo(), *file;
	th_result r;

	ok(dir, "pmo -p CBM task add 需求 duration=2w >/dev/null && "
		"pmo -p CBM task add 设计 duration=10d depends=T-1 >/dev/null && "
		"pmo -p CBM task add 评审 effort=12h assignees=wang-li >/dev/null && "
		"pmo -p CBM task add 上线 duration=16h >/dev/null");
	file = th_read(dir, "projects/CBM/plan.yaml");
	cr_assert_str_eq(file,
		"tasks:\n"
		"  - id: T-1\n    title: 需求\n    duration: 10\n"
		"  - id: T-2\n    title: 设计\n    duration: 10\n    depends:\n      - T-1\n"
		"  - id: T-3\n    title: 评审\n    effort: 1.5\n    assignees:\n      - person: wang-li\n"
		"  - id: T-4\n    title: 上线\n    duration: 2\n");
	free(file);
	RUN(&r, dir, "pmo -p CBM task add 半天 duration=12h");
	EXPECT(&r, 2, "", "pmo: error: duration: \"12h\" is 1.5 working days; a duration is a whole number of "
			  "working days (effort may have decimals)\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM task set T-1 duration=3x");
	EXPECT(&r, 2, "", "pmo: error: duration: \"3x\" is not a number of working days: N or Nd (days), Nw "
			  "(weeks of 5 days) or Nh (hours, 8 a day)\n");
	th_result_free(&r);
	/* hand-written units are read the same, and validate takes them */
	th_write(dir, "projects/CBM/plan.yaml",
		 "tasks:\n"
		 "  - id: T-1\n    title: 需求\n    duration: 2w\n"
		 "  - id: T-2\n    title: 设计\n    duration: 80h\n    depends: [T-1]\n"
		 "  - id: T-3\n    title: 评审\n    effort: 3d\n    assignees: [{person: wang-li}]\n");
	RUN(&r, dir, "pmo validate >/dev/null && pmo -p CBM task list --format csv | cut -d, -f1,3-5");
	EXPECT(&r, 0, "id,duration,start,finish\nT-1,10,2027-01-04,2027-01-15\nT-2,10,2027-01-18,2027-01-29\n"
		      "T-3,3,2027-01-04,2027-01-06\n", "");
	th_result_free(&r);
	th_write(dir, "projects/CBM/plan.yaml", "tasks:\n  - id: T-1\n    title: 需求\n    duration: 2 weeks\n");
	RUN(&r, dir, "pmo validate >/dev/null");
	cr_assert_eq(r.status, 1, "%s", r.err);
	th_result_free(&r);
	free(dir);
}

/* --- task list filters, sort and fields; task log --------------------------- */

Test(e2e_plancmd, task_list_filters_sorts_and_carries_assignees_actuals_and_notes)
{
	char *dir = three_tasks();
	th_result r;

	ok(dir, "pmo -p CBM task add 培训 duration=3 assignees=zhao-min 'notes=全员, 两期' >/dev/null && "
		"pmo -p CBM task set T-1 assignees=wang-li:50 actual_start=2027-01-04 progress=20 >/dev/null");
	RUN(&r, dir, "pmo -p CBM task list assignee=zhao-min");
	EXPECT(&r, 0,
	       "ID   Title  Days  Start       Finish      Progress  Slack  Depends\n"
	       "T-4  培训      3  2027-01-04  2027-01-06        0%     22\n", "");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM task list critical=true 'start>=2027-01-18' 'finish<2027-03-01' --sort -start");
	EXPECT(&r, 0,
	       "ID   Title         Days  Start       Finish      Progress  Slack  Depends\n"
	       "T-3  设计评审通过     ◆  2027-02-05  2027-02-05        0%      0  T-2\n"
	       "T-2  系统设计        15  2027-01-18  2027-02-05        0%      0  T-1\n", "");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM task list status=in_progress,done --format csv");
	EXPECT(&r, 0,
	       "id,title,duration,start,finish,progress,total_slack,depends,assignees,actual_start,actual_finish,notes\r\n"
	       "T-1,需求分析,10,2027-01-04,2027-01-15,20,0,,wang-li:50,2027-01-04,,\r\n", "");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM --format json task list status!=in_progress 'duration>2' --sort -duration | "
		     "python3 -c 'import json,sys; d=json.load(sys.stdin); "
		     "print([(t[\"id\"], t[\"assignees\"], t[\"actual_start\"], t[\"notes\"]) for t in d[\"tasks\"]])'");
	EXPECT(&r, 0, "[('T-2', [], None, None), ('T-4', [{'person': 'zhao-min', 'allocation': 100}], None, '全员, 两期')]\n", "");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM task list --format yaml assignee=wang-li,zhao-min --sort -progress");
	EXPECT(&r, 0,
	       "- id: T-1\n  title: 需求分析\n  duration: 10\n  start: '2027-01-04'\n  finish: '2027-01-15'\n"
	       "  late_start: '2027-01-04'\n  late_finish: '2027-01-15'\n  total_slack: 0\n  free_slack: 0\n"
	       "  critical: true\n  milestone: false\n  summary: false\n  progress: 20\n  status: in_progress\n"
	       "  assignees:\n    - person: wang-li\n      allocation: 50\n  depends: []\n"
	       "  actual_start: '2027-01-04'\n"
	       "- id: T-4\n  title: 培训\n  duration: 3\n  start: '2027-01-04'\n  finish: '2027-01-06'\n"
	       "  late_start: '2027-02-03'\n  late_finish: '2027-02-05'\n  total_slack: 22\n  free_slack: 22\n"
	       "  critical: false\n  milestone: false\n  summary: false\n  progress: 0\n  status: not_started\n"
	       "  assignees:\n    - person: zhao-min\n      allocation: 100\n  depends: []\n  notes: 全员, 两期\n", "");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM task list --format md status=not_started milestone=false");
	EXPECT(&r, 0,
	       "| ID | Title | Days | Start | Finish | Progress | Slack | Depends |\n"
	       "| --- | --- | ---: | --- | --- | ---: | ---: | --- |\n"
	       "| T-2 | 系统设计 | 15 | 2027-01-18 | 2027-02-05 | 0% | 0 | T-1 |\n"
	       "| T-4 | 培训 | 3 | 2027-01-04 | 2027-01-06 | 0% | 22 |  |\n", "");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM task list owner=wang-li");
	cr_assert_eq(r.status, 2);
	cr_assert(!strncmp(r.err, "pmo: error: unknown field \"owner\" for task; fields: id, title,", 62), "%s", r.err);
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM task list --sort owner");
	cr_assert_eq(r.status, 2);
	th_result_free(&r);
	free(dir);
}

Test(e2e_plancmd, task_log_tells_the_history_of_one_task_in_fields)
{
	char *dir = three_tasks();
	th_result r;

	ok(dir, "pmo -p CBM task set T-2 duration=20 >/dev/null && "
		"pmo -p CBM task set T-1 progress=10 >/dev/null && "
		"pmo -p CBM task set T-2 notes=待评审 depends= >/dev/null");
	RUN(&r, dir, "pmo -p CBM task log T-2 | sed 's/^[0-9a-f]\\{7\\} [0-9-]* /COMMIT /'");
	EXPECT(&r, 0,
	       "COMMIT 王丽 <wang.li@bank.example>\n"
	       "    task CBM/T-2: set notes=待评审, depends=\n"
	       "    depends: T-1 → (none)\n"
	       "    notes: (none) → 待评审\n"
	       "\n"
	       "COMMIT 王丽 <wang.li@bank.example>\n"
	       "    task CBM/T-2: set duration=20\n"
	       "    duration: 15 → 20\n"
	       "\n"
	       "COMMIT 王丽 <wang.li@bank.example>\n"
	       "    task CBM/T-2: add 系统设计\n"
	       "    created\n"
	       "    id: T-2\n"
	       "    title: 系统设计\n"
	       "    duration: 15\n"
	       "    depends: T-1\n", "");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM --format json task log T-2 | python3 -c 'import json,sys; d=json.load(sys.stdin); "
		     "print(d[\"record\"], [(h[\"event\"], [(c[\"field\"], c[\"old\"], c[\"new\"]) for c in h[\"changes\"]]) "
		     "for h in d[\"history\"][:2]])'");
	EXPECT(&r, 0, "CBM/T-2 [('changed', [('depends', ['T-1'], None), ('notes', None, '待评审')]), "
		      "('changed', [('duration', 15, 20)])]\n", "");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM task log T-9");
	EXPECT(&r, 1, "", "pmo: error: no history for task CBM/T-9 (no commit of projects/CBM/plan.yaml has it)\n");
	th_result_free(&r);
	free(dir);
}

/* A reading command checks the plan as validate does and schedules the
 * plan it checked (not a second copy): the warnings lib/plan gives while
 * resolving it (a summary's own duration, a task without one) and the
 * finish_no_later_than that its schedule misses are each printed once. */
Test(e2e_plancmd, reading_commands_print_each_plan_warning_once)
{
	char *dir = th_demo_repo();
	th_result r;

	th_write(dir, "projects/CBM/plan.yaml",
		 "tasks:\n"
		 "  - id: T-1\n    title: 阶段一\n    duration: 3\n"
		 "  - id: T-2\n    title: 调研\n    parent: T-1\n"
		 "  - id: T-3\n    title: 设计\n    parent: T-1\n    duration: 5\n    depends: [T-2]\n"
		 "    finish_no_later_than: 2027-01-08\n");
	RUN(&r, dir, "pmo -p CBM schedule --format csv >/dev/null");
	EXPECT(&r, 0, "",
	       "projects/CBM/plan.yaml:4:15: warning: summary task T-1 has a duration of its own, which is ignored "
	       "[plan-summary]\n"
	       "projects/CBM/plan.yaml:5:5: warning: task T-2 has no duration or effort; scheduled as 1 day [plan-duration]\n"
	       "projects/CBM/plan.yaml:8:5: warning: task T-3 finishes 2027-01-11, after its finish_no_later_than "
	       "2027-01-08 [plan-constraint]\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM task list --as-of none --format csv >/dev/null");
	cr_assert_eq(r.status, 0, "%s", r.err);
	{
		int n = 0;
		const char *at;
		for (at = r.err; (at = strstr(at, "[plan-")); at++)
			n++;
		cr_assert_eq(n, 3, "%s", r.err);
	}
	th_result_free(&r);
	free(dir);
}

/* --- the text check of field=value ------------------------------------------ */

/* Tasks take field=value as records do: a control character (an escape
 * sequence would reach terminals and the commit subject) is refused with
 * risk add's message, for the title as for any field, and nothing is
 * committed. */
Test(e2e_plancmd, task_text_with_control_characters_is_refused_as_for_risks)
{
	static const struct {
		const char *args, *err;
	} cases[] = {
		{ "task add \"$(printf 'a\\033[31mb')\" duration=2",
		  "pmo: error: title: control character U+001B is not allowed in text\n" },
		{ "milestone add \"$(printf 'go\\007live')\"",
		  "pmo: error: title: control character U+0007 is not allowed in text\n" },
		{ "task add 设计 duration=2 \"notes=$(printf 'x\\001y')\"",
		  "pmo: error: notes: control character U+0001 is not allowed in text\n" },
		{ "task set T-1 \"title=$(printf 'a\\033[31mb')\"",
		  "pmo: error: title: control character U+001B is not allowed in text\n" },
		{ "task set T-1 \"notes=$(printf 'del\\177')\"",
		  "pmo: error: notes: control character U+007F is not allowed in text\n" },
	};
	char *dir = th_demo_repo();
	th_result r, before, after;
	size_t i;

	ok(dir, "pmo -p CBM task add 需求 duration=2 >/dev/null");
	RUN(&before, dir, "git rev-parse HEAD");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		RUN(&r, dir, "pmo -p CBM %s", cases[i].args);
		cr_assert_eq(r.status, 2, "%s: %d %s", cases[i].args, r.status, r.err);
		cr_assert_str_eq(r.out, "", "%s", cases[i].args);
		cr_assert_str_eq(r.err, cases[i].err, "%s", cases[i].args);
		th_result_free(&r);
	}
	/* tabs and line breaks are text */
	ok(dir, "pmo -p CBM task set T-1 \"notes=$(printf 'a\\tb')\" >/dev/null");
	RUN(&after, dir, "git rev-parse HEAD~1 && git status --porcelain");
	cr_assert_str_eq(after.out, before.out, "one commit, of the tab only");
	th_result_free(&before);
	th_result_free(&after);
	free(dir);
}

/* --- what an audit of the plan commands found -------------------------------- */

/* task log in a shallow clone: the boundary commit is where the history is
 * cut, not where the task was created, as risk log says it */
Test(e2e_plancmd, task_log_in_a_shallow_clone_says_where_history_is_cut)
{
	char *dir = three_tasks(), *id, clone[1024], want[1024];
	th_result r;

	ok(dir, "pmo -p CBM task set T-1 duration=12 >/dev/null");
	free(th_sh(dir, "git clone -q --depth 1 \"file://$PWD\" \"$PWD-depth1\""));
	snprintf(clone, sizeof(clone), "%s-depth1", dir);
	id = th_sh(clone, "git rev-parse --short=7 HEAD");
	id[strcspn(id, "\n")] = '\0';
	RUN(&r, clone, "pmo -p CBM task log T-1 | sed 's/^[0-9a-f]\\{7\\} [0-9-]* /COMMIT /'");
	snprintf(want, sizeof(want), "COMMIT 王丽 <wang.li@bank.example>\n"
			    "    task CBM/T-1: set duration=12\n"
			    "    id: T-1\n"
			    "    title: 需求分析\n"
			    "    duration: 12\n"
			    "    history cut: this shallow clone has no commits before %s (git fetch --unshallow gets them)\n",
		 id);
	EXPECT(&r, 0, want, "");
	th_result_free(&r);
	RUN(&r, clone, "pmo -p CBM task log T-1 --format json | python3 -c 'import json,sys; "
		       "print([h[\"event\"] for h in json.load(sys.stdin)[\"history\"]])'");
	EXPECT(&r, 0, "['cut']\n", "");
	th_result_free(&r);
	free(id);
	free(dir);
}

/* --gantt draws text: another --format is refused, not ignored */
Test(e2e_plancmd, schedule_gantt_takes_no_other_format)
{
	static const char *const formats[] = { "json", "csv", "md", "mermaid" };
	char *dir = three_tasks(), want[256];
	th_result r;
	size_t i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		snprintf(want, sizeof(want), "pmo: error: --gantt draws text; it takes no --format %s\n", formats[i]);
		RUN(&r, dir, "pmo -p CBM schedule --gantt --format %s", formats[i]);
		EXPECT(&r, 2, "", want);
		th_result_free(&r);
	}
	RUN(&r, dir, "pmo -p CBM --format json schedule --gantt");
	EXPECT(&r, 2, "", "pmo: error: --gantt draws text; it takes no --format json\n");
	th_result_free(&r);
	ok(dir, "pmo -p CBM schedule --gantt --format table >/dev/null");
	free(dir);
}

/* task list's filter values are checked as risk list checks its own, and a
 * misspelt field gets git's "did you mean" */
Test(e2e_plancmd, task_list_refuses_values_of_the_wrong_type_and_suggests_fields)
{
	static const struct { const char *args, *err; } cases[] = {
		{ "status=bogus", "pmo: error: status: \"bogus\" is not one of: done, in_progress, not_started\n" },
		{ "status!=done,bogus", "pmo: error: status: \"bogus\" is not one of: done, in_progress, not_started\n" },
		{ "critical=maybe", "pmo: error: critical: \"maybe\" is not one of: true, false\n" },
		{ "'start>=notadate'", "pmo: error: start: \"notadate\" is not a date (YYYY-MM-DD, today, today+14d, today-2w)\n" },
		{ "actual_finish=2027-13-01", "pmo: error: actual_finish: \"2027-13-01\" is not a date (YYYY-MM-DD, today, today+14d, today-2w)\n" },
		{ "'duration>ten'", "pmo: error: duration: \"ten\" is not an integer\n" },
	};
	static const char fields[] =
		"id, title, parent, duration, start, finish, late_start, late_finish, total_slack, free_slack, critical, "
		"milestone, summary, progress, status, assignee, depends, actual_start, actual_finish, "
		"start_no_earlier_than, finish_no_later_than, notes";
	char *dir = three_tasks(), want[1024];
	th_result r;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		RUN(&r, dir, "pmo -p CBM task list %s", cases[i].args);
		EXPECT(&r, 2, "", cases[i].err);
		th_result_free(&r);
	}
	snprintf(want, sizeof(want), "pmo: error: unknown field \"asignee\" for task; fields: %s\n"
		 "\nThe most similar field is\n\tassignee\n", fields);
	RUN(&r, dir, "pmo -p CBM task list asignee=x");
	EXPECT(&r, 2, "", want);
	th_result_free(&r);
	snprintf(want, sizeof(want), "pmo: error: unknown field \"finsh\" for task; fields: %s\n"
		 "\nThe most similar field is\n\tfinish\n", fields);
	RUN(&r, dir, "pmo -p CBM task list --sort=-finsh");
	EXPECT(&r, 2, "", want);
	th_result_free(&r);
	/* values of the right type, and field= (absent), still select */
	RUN(&r, dir, "pmo -p CBM task list status=not_started critical=true 'start>=2027-01-18' parent= "
		     "--format csv | cut -d, -f1");
	EXPECT(&r, 0, "id\nT-2\nT-3\n", "");
	th_result_free(&r);
	free(dir);
}

/* A plan pmo validate rejects (a misspelt field), committed by hand. */
static char *rejected_plan(void)
{
	char *dir = three_tasks();

	ok(dir, "sed -i 's/duration: 15/duraton: 15/' projects/CBM/plan.yaml && git commit -qam 'by hand'");
	return dir;
}

/* a baseline is never taken from a rejected plan: no --force is offered */
Test(e2e_plancmd, baseline_set_on_a_rejected_plan_offers_no_force)
{
	char *dir = rejected_plan();
	th_result r;

	RUN(&r, dir, "pmo -p CBM baseline set 2>&1 >/dev/null | tail -1");
	EXPECT(&r, 0, "pmo: error: projects/CBM/plan.yaml has 1 error (pmo validate); nothing computed "
		      "(a baseline is never taken from a plan pmo validate rejects)\n", "");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM baseline set --force");
	cr_assert_eq(r.status, 2);
	th_result_free(&r);
	/* the others still offer it */
	RUN(&r, dir, "pmo -p CBM schedule 2>&1 >/dev/null | tail -1");
	EXPECT(&r, 0, "pmo: error: projects/CBM/plan.yaml has 1 error (pmo validate); nothing computed "
		      "(--force computes what it can)\n", "");
	th_result_free(&r);
	free(dir);
}

/* --force output says so in text as in JSON; CSV stays data alone */
Test(e2e_plancmd, forced_output_is_marked_in_text_and_tjp)
{
	static const char note[] = "(computed with --force from a plan pmo validate rejects)\n";
	static const char *const cmds[] = {
		"schedule", "schedule --gantt", "schedule --format md", "task list", "task list --format md", "status",
	};
	char *dir = rejected_plan();
	th_result r;
	size_t i, n;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		RUN(&r, dir, "pmo -p CBM %s --force 2>/dev/null", cmds[i]);
		cr_assert_eq(r.status, 0, "%s", cmds[i]);
		n = strlen(r.out);
		cr_expect(n > sizeof(note) && !strcmp(r.out + n - (sizeof(note) - 1), note), "%s: %s", cmds[i], r.out);
		th_result_free(&r);
	}
	RUN(&r, dir, "pmo -p CBM schedule --force --format csv 2>/dev/null | grep -c computed");
	EXPECT(&r, 1, "0\n", "");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM export --format tjp --force 2>/dev/null | head -2");
	EXPECT(&r, 0, "# Generated by pmo, computed with --force from a plan pmo validate rejects:\n"
		      "# its dates may be wrong and need not equal pmo schedule's.\n", "");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM export --format tjp --force 2>/dev/null | grep -c 'omputed dates equal'");
	EXPECT(&r, 1, "0\n", "");
	th_result_free(&r);
	/* a clean plan's text has no such line */
	ok(dir, "git checkout -q HEAD~1 -- projects/CBM/plan.yaml");
	RUN(&r, dir, "pmo -p CBM schedule --force | grep -c 'computed with --force'");
	EXPECT(&r, 1, "0\n", "");
	th_result_free(&r);
	free(dir);
}

/* --- plan.yaml read without its tree ------------------------------------- */

static const char *const schedule_formats[] = { "csv", "json", "md", "mermaid", "table" };

/* pmo schedule's output in each of schedule_formats into out. */
static void schedule_outputs(const char *dir, char *out[5])
{
	th_result r;
	size_t i;

	for (i = 0; i < 5; i++) {
		RUN(&r, dir, "pmo -p CBM schedule --as-of 2027-01-06 --format %s", schedule_formats[i]);
		cr_assert_eq(r.status, 0, "%s", r.err);
		cr_assert_str_eq(r.err, "");
		out[i] = strdup(r.out);
		th_result_free(&r);
	}
}

/* pmo schedule reads a plain plan.yaml straight into the plan; the same
 * plan written with what that reader leaves to the tree (block lists,
 * quoted keys, a flow mapping) schedules to the very same output in every
 * format, and a finding in a plain plan is told at its place as before. */
Test(e2e_plancmd, schedule_of_a_plain_plan_is_the_same_as_through_the_tree)
{
	char *dir = th_demo_repo();
	char *plain[5], *tree[5];
	th_result r;
	size_t i;

	th_write(dir, "projects/CBM/plan.yaml",
		 "# plain\n"
		 "tasks:\n"
		 "  - id: T-1\n    title: 阶段一\n"
		 "  - id: T-2\n    title: '调研: 现状'\n    parent: T-1\n    duration: 3  # days\n"
		 "  - id: T-3\n    title: 设计\n    parent: T-1\n    duration: 5\n"
		 "    depends: [T-2, \"T-2:ss+1d\"]\n    progress: 20\n"
		 "  - id: T-4\n    title: 评审\n    milestone: true\n    depends: [T-3]\n"
		 "    start_no_earlier_than: 2027-01-20\n");
	schedule_outputs(dir, plain);
	th_write(dir, "projects/CBM/plan.yaml",
		 "tasks:\n"
		 "  - id: T-1\n    title: 阶段一\n"
		 "  - 'id': T-2\n    title: \"调研: 现状\"\n    parent: T-1\n    duration: 3\n"
		 "  - id: T-3\n    title: 设计\n    parent: T-1\n    duration: 5\n"
		 "    depends:\n      - T-2\n      - T-2:ss+1d\n    progress: 20\n"
		 "  - {id: T-4, title: 评审, milestone: true, depends: [T-3],"
		 " start_no_earlier_than: 2027-01-20}\n");
	schedule_outputs(dir, tree);
	for (i = 0; i < 5; i++) {
		cr_expect_str_eq(plain[i], tree[i], "--format %s", schedule_formats[i]);
		free(plain[i]);
		free(tree[i]);
	}

	th_write(dir, "projects/CBM/plan.yaml",
		 "tasks:\n"
		 "  - id: T-1\n    title: a\n    duration: 1\n    depends: [T-2]\n"
		 "  - id: T-2\n    title: b\n    duration: 1\n    depends: [T-1, T-7]\n");
	RUN(&r, dir, "pmo -p CBM schedule --format csv");
	cr_assert_eq(r.status, 1, "%s", r.err);
	cr_assert_str_eq(r.out, "");
	cr_assert_str_eq(r.err, "projects/CBM/plan.yaml:5:15: error: dependency cycle: T-1 → T-2 → T-1 [plan-cycle]\n"
			 "projects/CBM/plan.yaml:9:20: error: task T-2 depends on unknown task T-7 [plan-dependency]\n"
			 "pmo: error: projects/CBM/plan.yaml has 2 errors (pmo validate); nothing computed "
			 "(--force computes what it can)\n");
	th_result_free(&r);
	free(dir);
}
