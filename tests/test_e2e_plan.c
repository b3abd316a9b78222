/* End to end: plans, calendars and schedules through the built pmo, in
 * temporary git repositories with a fixed identity and today (2027-01-04);
 * and TaskJuggler's dates against `pmo schedule` on the examples and on
 * random plans written as plan.yaml files. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "plan/plan.h"
#include "util/utf8.h"
#include "yaml/yaml.h"

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

static const char three_yaml[] =
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
	"    title: 设计评审通过\n"
	"    milestone: true\n"
	"    depends:\n"
	"      - T-2\n";

Test(e2e_plan, task_add_creates_the_plan_and_appends_with_one_commit_each)
{
	char *dir = th_demo_repo(), *file;
	th_result r;

	RUN(&r, dir, "pmo -p CBM task add 需求分析 duration=10");
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit_line(r.out, "task CBM/T-1: add 需求分析\n");
	cr_assert_str_eq(r.err, "");
	th_result_free(&r);
	RUN(&r, dir, "git log -1 --format=%%B HEAD && git show --name-status --format= HEAD");
	cr_assert_str_eq(r.out, "task CBM/T-1: add 需求分析\n\nPmo-Command: task add\nPmo-Record: CBM/T-1\n\n"
				"A\tprojects/CBM/plan.yaml\n");
	th_result_free(&r);
	/* a comment and a hand-written task stay byte for byte */
	ok(dir, "printf '# 计划\\ntasks:\\n  - {id: T-1, title: 需求分析, duration: 10}   # kept\\n' "
		"> projects/CBM/plan.yaml && git commit -qam hand");
	RUN(&r, dir, "pmo -p CBM task add 系统设计 duration=15 depends=T-1");
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit_line(r.out, "task CBM/T-2: add 系统设计\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM milestone add 设计评审通过 depends=T-2");
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit_line(r.out, "milestone CBM/T-3: add 设计评审通过\n");
	th_result_free(&r);
	file = th_read(dir, "projects/CBM/plan.yaml");
	cr_assert_str_eq(file,
		"# 计划\ntasks:\n  - {id: T-1, title: 需求分析, duration: 10}   # kept\n"
		"  - id: T-2\n    title: 系统设计\n    duration: 15\n    depends:\n      - T-1\n"
		"  - id: T-3\n    title: 设计评审通过\n    milestone: true\n    depends:\n      - T-2\n");
	free(file);
	RUN(&r, dir, "git log -1 --format=%%B HEAD && git status --porcelain && git rev-list --count HEAD");
	cr_assert_str_eq(r.out, "milestone CBM/T-3: add 设计评审通过\n\nPmo-Command: milestone add\n"
				"Pmo-Record: CBM/T-3\n\n8\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_plan, task_set_changes_only_the_lines_of_that_task)
{
	char *dir = three_tasks(), *file;
	th_result r;

	file = th_read(dir, "projects/CBM/plan.yaml");
	cr_assert_str_eq(file, three_yaml);
	free(file);
	RUN(&r, dir, "pmo -p CBM task set T-2 duration=12");
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit_line(r.out, "task CBM/T-2: set duration=12\n");
	th_result_free(&r);
	RUN(&r, dir, "git show --numstat --format=%%B HEAD");
	cr_assert_str_eq(r.out, "task CBM/T-2: set duration=12\n\nPmo-Command: task set\nPmo-Record: CBM/T-2\n\n\n"
				"1\t1\tprojects/CBM/plan.yaml\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM task set T-2 progress=40 actual_start=2027-01-18 && git show --format= HEAD | grep '^[-+] '");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "\n+    progress: 40\n+    actual_start: '2027-01-18'\n"), "%s", r.out);
	th_result_free(&r);
	file = th_read(dir, "projects/CBM/plan.yaml");
	cr_assert(strstr(file, "    duration: 12\n    depends:\n      - T-1\n    progress: 40\n"
			       "    actual_start: '2027-01-18'\n  - id: T-3\n"), "%s", file);
	free(file);
	RUN(&r, dir, "pmo -p CBM task set T-2 progress=40");
	cr_assert_eq(r.status, 0);
	cr_assert_str_eq(r.err, "pmo: nothing to change: T-2 already has these values\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_plan, bad_fields_exit_2_with_one_line_and_write_nothing)
{
	static const char *const cases[][2] = {
		{ "task set T-1 progress=120", "pmo: error: progress: 120 is more than the maximum 100\n" },
		{ "task set T-1 actual_start=2027-02-30",
		  "pmo: error: actual_start: \"2027-02-30\" is not a valid date (YYYY-MM-DD)\n" },
		{ "task set T-1 duration=abc", "pmo: error: duration: \"abc\" is not a number of working days: N or Nd "
		  "(days), Nw (weeks of 5 days) or Nh (hours, 8 a day)\n" },
		{ "task add 测试 colour=red",
		  "pmo: error: unknown field \"colour\"; allowed: id, title, parent, duration, effort, milestone, "
		  "assignees, requirements, depends, start_no_earlier_than, finish_no_later_than, progress, actual_start, "
		  "actual_finish, cost, notes\n" },
		{ "task add 测试 depends=T-9", "pmo: error: depends: no task \"T-9\" in projects/CBM/plan.yaml\n" },
		{ "task add 测试 depends=T-1:xx", "pmo: error: depends[0]: \"T-1:xx\" is not a valid value: "
		  "A task ID, then optionally :fs, :ss, :ff or :sf and a lag or lead in working days (T-3, T-3+2d, T-3-1d, T-3:ss, T-3:ff+2d)\n" },
		{ "task add 测试 assignees=nobody:50",
		  "pmo: error: assignees: no person \"nobody\" (people/nobody.yaml does not exist)\n" },
		{ "task set T-1 depends=T-3",
		  "pmo: error: dependency cycle: T-1 → T-3 → T-2 → T-1; nothing changed\n" },
		{ "task set T-1 id=T-5", "pmo: error: id: the id of a task cannot change\n" },
	};
	char *dir = three_tasks(), *file;
	th_result r;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		RUN(&r, dir, "pmo -p CBM %s", cases[i][0]);
		cr_expect_eq(r.status, 2, "%s: %d %s", cases[i][0], r.status, r.err);
		cr_expect_str_eq(r.err, cases[i][1], "%s", cases[i][0]);
		cr_expect_str_eq(r.out, "");
		th_result_free(&r);
	}
	file = th_read(dir, "projects/CBM/plan.yaml");
	cr_assert_str_eq(file, three_yaml);
	free(file);
	RUN(&r, dir, "git status --porcelain && git rev-list --count HEAD");
	cr_assert_str_eq(r.out, "7\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_plan, schedule_prints_early_and_late_dates_slack_and_the_critical_path)
{
	char *dir = three_tasks();
	th_result r;

	ok(dir, "pmo -p CBM task add 文档编写 duration=5 depends=T-1 >/dev/null");
	RUN(&r, dir, "pmo -p CBM schedule");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out,
		"ID   Title         Days  ES          EF          LS          LF          Slack  Free  Critical\n"
		"T-1  需求分析        10  2027-01-04  2027-01-15  2027-01-04  2027-01-15      0     0  *\n"
		"T-2  系统设计        15  2027-01-18  2027-02-05  2027-01-18  2027-02-05      0     0  *\n"
		"T-3  设计评审通过     ◆  2027-02-05  2027-02-05  2027-02-05  2027-02-05      0     0  *\n"
		"T-4  文档编写         5  2027-01-18  2027-01-22  2027-02-01  2027-02-05     10    10\n"
		"\n"
		"project CBM: start 2027-01-04, finish 2027-02-05 (25 working days), as of 2027-01-04\n"
		"critical path: T-1 → T-2 → T-3\n");
	cr_assert_str_eq(r.err, "");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM schedule --format csv");
	cr_assert_str_eq(r.out,
		"id,title,duration,start,finish,late_start,late_finish,total_slack,free_slack,critical\r\n"
		"T-1,需求分析,10,2027-01-04,2027-01-15,2027-01-04,2027-01-15,0,0,true\r\n"
		"T-2,系统设计,15,2027-01-18,2027-02-05,2027-01-18,2027-02-05,0,0,true\r\n"
		"T-3,设计评审通过,0,2027-02-05,2027-02-05,2027-02-05,2027-02-05,0,0,true\r\n"
		"T-4,文档编写,5,2027-01-18,2027-01-22,2027-02-01,2027-02-05,10,10,false\r\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM task list");
	cr_assert_str_eq(r.out,
		"ID   Title         Days  Start       Finish      Progress  Slack  Depends\n"
		"T-1  需求分析        10  2027-01-04  2027-01-15        0%      0\n"
		"T-2  系统设计        15  2027-01-18  2027-02-05        0%      0  T-1\n"
		"T-3  设计评审通过     ◆  2027-02-05  2027-02-05        0%      0  T-2\n"
		"T-4  文档编写         5  2027-01-18  2027-01-22        0%     10  T-1\n");
	th_result_free(&r);
	/* progress: as of a later day, remaining work moves the forecast */
	ok(dir, "pmo -p CBM task set T-1 actual_start=2027-01-04 progress=50 >/dev/null");
	RUN(&r, dir, "pmo -p CBM schedule --as-of 2027-01-11 --format csv | sed -n 2p");
	cr_assert_str_eq(r.out, "T-1,需求分析,10,2027-01-04,2027-01-15,2027-01-04,2027-01-15,0,0,true\r\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM schedule --as-of 2027-01-14 --format csv | sed -n 2p");
	cr_assert_str_eq(r.out, "T-1,需求分析,10,2027-01-04,2027-01-20,2027-01-04,2027-01-20,0,0,true\r\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_plan, json_output_parses_and_names_every_task)
{
	char *dir = three_tasks();
	th_result r;

	RUN(&r, dir, "pmo -p CBM schedule --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); "
		     "print(d[\"version\"], d[\"finish\"], d[\"critical_path\"], "
		     "[(t[\"id\"], t[\"start\"], t[\"finish\"], t[\"total_slack\"], t[\"milestone\"]) for t in d[\"tasks\"]])'");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out, "1 2027-02-05 ['T-1', 'T-2', 'T-3'] [('T-1', '2027-01-04', '2027-01-15', 0, False), "
				"('T-2', '2027-01-18', '2027-02-05', 0, False), ('T-3', '2027-02-05', '2027-02-05', 0, True)]\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM task list --format json | python3 -c 'import json,sys; "
		     "print([t[\"depends\"] for t in json.load(sys.stdin)[\"tasks\"]])'");
	cr_assert_str_eq(r.out, "[[], ['T-1'], ['T-2']]\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_plan, gantt_bars_line_up_after_chinese_titles)
{
	char *dir = three_tasks(), *line, *save = NULL;
	th_result r;
	size_t bar_col = 0, n = 0;

	RUN(&r, dir, "pmo -p CBM schedule --gantt");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out,
		"                   01-04  01-11  01-18  01-25  02-01\n"
		"T-1  需求分析      █████··█████\n"
		"T-2  系统设计                    █████··█████··█████\n"
		"T-3  设计评审通过                                  ◆\n"
		"\n"
		"█ critical  ▒ other  ━ summary  ◆ milestone  · day off; one column is one day\n");
	/* every bar starts at its day's column: the prefix has the same width */
	for (line = strtok_r(r.out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		const char *bar = strstr(line, "█");
		size_t w;
		if (strncmp(line, "T-", 2) || !bar)
			continue;
		w = pmo_utf8_width(line, (size_t)(bar - line));
		if (!strncmp(line, "T-1", 3))
			bar_col = w;
		n++;
	}
	cr_assert_eq(bar_col, 19);
	cr_assert_eq(n, 2);
	th_result_free(&r);
	free(dir);
}

Test(e2e_plan, mermaid_is_a_fenced_gantt_block)
{
	char *dir = three_tasks();
	th_result r;

	RUN(&r, dir, "pmo -p CBM schedule --format mermaid");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out,
		"```mermaid\n"
		"gantt\n"
		"    title 核心银行系统迁移\n"
		"    dateFormat YYYY-MM-DD\n"
		"    excludes weekends\n"
		"    需求分析 :crit, T-1, 2027-01-04, 2027-01-16\n"
		"    系统设计 :crit, T-2, 2027-01-18, 2027-02-06\n"
		"    设计评审通过 :crit, milestone, T-3, 2027-02-05, 0d\n"
		"```\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_plan, baseline_then_a_slip_shows_in_status)
{
	char *dir = three_tasks(), *file;
	th_result r;

	RUN(&r, dir, "pmo -p CBM baseline set");
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit_line(r.out, "baseline CBM/v1: set v1 (finish 2027-02-05)\n");
	th_result_free(&r);
	file = th_read(dir, "projects/CBM/plan.yaml");
	cr_assert(strstr(file, "      - T-2\nbaselines:\n  v1:\n    date: '2027-01-04'\n    as_of: '2027-01-04'\n    tasks:\n"
			       "      T-1:\n        start: '2027-01-04'\n        finish: '2027-01-15'\n"), "%s", file);
	free(file);
	RUN(&r, dir, "pmo -p CBM baseline set --name v1");
	cr_assert_eq(r.status, 1);
	cr_assert_str_eq(r.err, "pmo: error: baseline v1 exists already; choose another --name\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM status");
	cr_assert_str_eq(r.out, "project CBM as of 2027-01-04, against baseline v1 (2027-01-04)\n"
				"finish:    2027-02-05 (baseline 2027-02-05, 0 working days)\n"
				"progress:  0% (planned 0%)\n"
				"SPI:       n/a (nothing planned yet)\n"
				"late tasks: 0\nslipped milestones: 0\n");
	th_result_free(&r);
	/* T-1 started a week late and is half done on 2027-01-18 */
	ok(dir, "pmo -p CBM task set T-1 actual_start=2027-01-11 progress=50 >/dev/null");
	RUN(&r, dir, "pmo -p CBM status --as-of 2027-01-18");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out, "project CBM as of 2027-01-18, against baseline v1 (2027-01-04)\n"
				"finish:    2027-02-12 (baseline 2027-02-05, +5 working days)\n"
				"progress:  20% (planned 40%)\n"
				"SPI:       0.50\n"
				"late tasks: 2\n"
				"  T-1  需求分析  finish 2027-01-15 → 2027-01-22 (+5 working days), 50% done\n"
				"  T-2  系统设计  finish 2027-02-05 → 2027-02-12 (+5 working days), 0% done\n"
				"slipped milestones: 1\n"
				"  T-3  设计评审通过  2027-02-05 → 2027-02-12 (+5 working days)\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM status --as-of 2027-01-18 --format json | python3 -c 'import json,sys; "
		     "d=json.load(sys.stdin); print(d[\"finish_variance\"], d[\"spi\"], [t[\"id\"] for t in d[\"late_tasks\"]], "
		     "[m[\"id\"] for m in d[\"slipped_milestones\"]])'");
	cr_assert_str_eq(r.out, "5 0.5 ['T-1', 'T-2'] ['T-3']\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_plan, critical_path_prints_chains_of_dependencies)
{
	char *dir = th_demo_repo();
	th_result r;

	ok(dir, "pmo -p CBM task add A duration=5 >/dev/null && pmo -p CBM task add B duration=5 depends=T-1 >/dev/null && "
		"pmo -p CBM task add C duration=10 >/dev/null");
	RUN(&r, dir, "pmo -p CBM schedule | tail -n 1");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out, "critical path: T-1 → T-2; T-3\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM schedule --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); "
		     "print(d[\"critical_path\"], d[\"critical_chains\"])'");
	cr_assert_str_eq(r.out, "['T-1', 'T-3', 'T-2'] [['T-1', 'T-2'], ['T-3']]\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_plan, a_status_date_before_the_actual_start_keeps_the_full_duration)
{
	char *dir = three_tasks();
	th_result r;

	ok(dir, "pmo -p CBM task set T-2 progress=40 actual_start=2027-01-18 >/dev/null");
	RUN(&r, dir, "pmo -p CBM schedule --as-of 2026-12-01 --format csv | sed -n 3p");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out, "T-2,系统设计,15,2027-01-18,2027-02-05,2027-01-18,2027-02-05,0,0,true\r\n");
	th_result_free(&r);
	/* validate: an actual date after today is a warning */
	RUN(&r, dir, "pmo validate --today 2026-12-01");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out, "projects/CBM/plan.yaml:11:19: warning: task T-2: actual_start 2027-01-18 is after "
				"today (2026-12-01) [plan-actual]\n0 errors, 1 warning in 5 files\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo validate --today 2027-01-18");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out, "0 errors, 0 warnings in 5 files\n");
	th_result_free(&r);
	/* a finish before the start is an error, status date or not */
	ok(dir, "sed -i 's/    actual_start: .2027-01-18./&\\n    actual_finish: 2027-01-11/' projects/CBM/plan.yaml && "
		"git commit -qam 'by hand'");
	RUN(&r, dir, "pmo validate --today 2027-02-01");
	cr_assert_eq(r.status, 1, "%s", r.err);
	cr_assert_str_eq(r.out, "projects/CBM/plan.yaml:12:20: error: task T-2: actual_finish 2027-01-11 is before "
				"actual_start 2027-01-18 [plan-actual]\n1 error, 0 warnings in 5 files\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_plan, commands_refuse_to_write_a_plan_validate_rejects)
{
	static const char *const cases[][2] = {
		{ "milestone add 评审 duration=3", "pmo: error: milestone T-4 has a duration; nothing changed\n" },
		{ "task add 测试 duration=2 depends=T-1,T-1", "pmo: error: task T-4 depends on T-1 twice; nothing changed\n" },
		{ "task set T-2 actual_start=2027-01-18 actual_finish=2027-01-11",
		  "pmo: error: task T-2: actual_finish 2027-01-11 is before actual_start 2027-01-18; nothing changed\n" },
		{ "task set T-2 parent=T-2", "pmo: error: parent: a task cannot be its own parent (\"T-2\")\n" },
		{ "task set T-1 parent=T-2",
		  "pmo: error: summary task T-2 depends on its own subtask T-1; nothing changed\n" },
	};
	char *dir = three_tasks(), *file;
	th_result r;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		RUN(&r, dir, "pmo -p CBM %s >/dev/null", cases[i][0]);
		cr_expect_eq(r.status, 2, "%s: %d %s", cases[i][0], r.status, r.err);
		cr_expect_str_eq(r.err, cases[i][1], "%s", cases[i][0]);
		th_result_free(&r);
	}
	file = th_read(dir, "projects/CBM/plan.yaml");
	cr_assert_str_eq(file, three_yaml);
	free(file);
	RUN(&r, dir, "git status --porcelain && git rev-list --count HEAD");
	cr_assert_str_eq(r.out, "7\n");
	th_result_free(&r);
	/* a missing task: exit 1, as for a missing record (pmo risk set CBM/R-99) */
	RUN(&r, dir, "pmo -p CBM task set T-9 duration=1");
	cr_assert_eq(r.status, 1);
	cr_assert_str_eq(r.err, "pmo: error: no task T-9 in projects/CBM/plan.yaml\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo risk set CBM/R-99 title=x");
	cr_assert_eq(r.status, 1);
	th_result_free(&r);
	free(dir);
}

/* three_yaml after a comment line that takes it just over 16 MiB, the
 * limit of every file but plan.yaml (which may be 256 MiB) */
static char *plan_over_16_mib(void)
{
	size_t pad = PMO_YAML_MAX_BYTES, n = 2 + pad + 1 + strlen(three_yaml);
	char *text = malloc(n + 1);

	cr_assert_not_null(text);
	memcpy(text, "# ", 2);
	memset(text + 2, 'x', pad);
	text[2 + pad] = '\n';
	memcpy(text + 3 + pad, three_yaml, strlen(three_yaml) + 1);
	cr_assert_gt(strlen(text), PMO_YAML_MAX_BYTES);
	return text;
}

Test(e2e_plan, a_plan_over_16_mib_is_scheduled_validated_and_formatted)
{
	char *dir = th_demo_repo(), *text = plan_over_16_mib(), *small;
	th_result r;

	th_write(dir, "projects/CBM/plan.yaml", three_yaml);
	RUN(&r, dir, "pmo -p CBM schedule --as-of none");
	cr_assert_eq(r.status, 0, "%s", r.err);
	small = strdup(r.out);
	th_result_free(&r);
	th_write(dir, "projects/CBM/plan.yaml", text);
	RUN(&r, dir, "pmo -p CBM schedule --as-of none");
	EXPECT(&r, 0, small, "");
	th_result_free(&r);
	RUN(&r, dir, "pmo validate");
	EXPECT(&r, 0, "0 errors, 0 warnings in 5 files\n", "");
	th_result_free(&r);
	RUN(&r, dir, "pmo fmt --check");
	EXPECT(&r, 0, "", "");
	th_result_free(&r);
	free(small);
	free(text);
	free(dir);
}

/* An edit is checked by reading the edited text back (lib/yaml/edit.c):
 * over 16 MiB too, or the edit would fall back to writing the whole plan
 * anew and lose its comments (here the 16 MiB one). */
Test(e2e_plan, task_add_appends_to_a_plan_over_16_mib_and_keeps_the_rest)
{
	static const char t4[] = "  - id: T-4\n    title: 编码\n    duration: 20\n    depends:\n      - T-2\n";
	char *dir = three_tasks(), *text = plan_over_16_mib(), *file;
	size_t len;
	th_result r;

	th_write(dir, "projects/CBM/plan.yaml", text);
	ok(dir, "git commit -qam big");
	RUN(&r, dir, "pmo -p CBM task add 编码 duration=20 depends=T-2");
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit_line(r.out, "task CBM/T-4: add 编码\n");
	cr_assert_str_eq(r.err, "");
	th_result_free(&r);
	file = th_read(dir, "projects/CBM/plan.yaml");
	len = strlen(text);
	/* the file as it was, byte for byte, and the new task after it */
	cr_assert_eq(strlen(file), len + strlen(t4), "%zu bytes", strlen(file));
	cr_assert(!memcmp(file, text, len));
	cr_assert_str_eq(file + len, t4);
	free(file);
	free(text);
	free(dir);
}

/* A sparse file of size bytes at dir/rel: as big as it says, read fast. */
static void sparse(const char *dir, const char *rel, long size)
{
	th_result r;

	RUN(&r, dir, "truncate -s %ld %s", size, rel);
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
}

Test(e2e_plan, files_but_plan_yaml_over_16_mib_are_refused_with_their_size)
{
	char *dir = th_demo_repo();
	th_result r;

	ok(dir, "mkdir -p projects/CBM/risks");
	sparse(dir, "projects/CBM/risks/R-1.yaml", (16L << 20) + 1);
	RUN(&r, dir, "pmo validate");
	EXPECT(&r, 1, "projects/CBM/risks/R-1.yaml:1:1: error: file is 16777217 bytes, more than the "
		      "limit of 16777216 bytes [yaml]\n1 error, 0 warnings in 5 files\n", "");
	th_result_free(&r);
	ok(dir, "rm projects/CBM/risks/R-1.yaml");
	sparse(dir, "projects/CBM/project.yaml", (16L << 20) + 5);
	RUN(&r, dir, "pmo -p CBM schedule");
	EXPECT(&r, 1, "", "projects/CBM/project.yaml:1:1: error: file is 16777221 bytes, more than the "
			  "limit of 16777216 bytes\n");
	th_result_free(&r);
	free(dir);
}

/* Schedule tables over a MB are written out a MB at a time
 * (pmo_emit_some): every row once, in order, and the JSON closed. */
Test(e2e_plan, schedule_tables_over_a_megabyte_stream_whole)
{
	char *dir = th_demo_repo();
	th_result r;

	ok(dir, "awk 'BEGIN { print \"tasks:\"; for (i = 1; i <= 20000; i++) "
		"printf \"  - id: T-%d\\n    title: 任务 %d\\n    duration: %d\\n\", i, i, i % 7 + 1 }' "
		">projects/CBM/plan.yaml");
	RUN(&r, dir, "pmo -p CBM schedule --as-of none --format csv | "
		     "awk -F, 'NR > 1 && $1 != \"T-\" NR - 1 { bad++ } END { print NR, bad + 0 }'");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out, "20001 0\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM schedule --as-of none --format json >s.json && "
		     "grep -c '\"id\": \"T-' s.json && tail -c 4 s.json | od -An -c | tr -s ' '");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out, "20000\n ] \\n } \\n\n");
	th_result_free(&r);
	free(dir);
}

/* A plan over 256 MiB is refused by its size, before it is read (a
 * sparse file: reading it would take seconds and 256 MiB). */
Test(e2e_plan, a_plan_over_256_mib_is_refused_before_it_is_read)
{
	char *dir = th_demo_repo();
	th_result r;

	sparse(dir, "projects/CBM/plan.yaml", (256L << 20) + 3);
	RUN(&r, dir, "pmo -p CBM schedule");
	EXPECT(&r, 1, "", "projects/CBM/plan.yaml:1:1: error: file is 268435459 bytes, more than the "
			  "limit of 268435456 bytes\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo validate projects/CBM/plan.yaml");
	cr_assert_eq(r.status, 1, "%s", r.err);
	cr_assert(strstr(r.out, "projects/CBM/plan.yaml:1:1: error: file is 268435459 bytes, more than "
				"the limit of 268435456 bytes [yaml]"), "%s", r.out);
	th_result_free(&r);
	free(dir);
}

Test(e2e_plan, summary_progress_rolls_up_by_working_days)
{
	char *dir = th_demo_repo();
	th_result r;

	ok(dir, "pmo -p CBM task add 设计 >/dev/null && "
		"pmo -p CBM task add 概要 duration=10 parent=T-1 progress=50 >/dev/null && "
		"pmo -p CBM task add 详细 duration=5 parent=T-1 depends=T-2 actual_start=2027-01-04 "
		"actual_finish=2027-01-08 >/dev/null");
	RUN(&r, dir, "pmo -p CBM task list --as-of none --format csv | cut -d, -f1,6");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out, "id,progress\nT-1,67\nT-2,50\nT-3,100\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM task list --format json | python3 -c 'import json,sys; "
		     "print([t[\"progress\"] for t in json.load(sys.stdin)[\"tasks\"]])'");
	cr_assert_str_eq(r.out, "[67, 50, 100]\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM status | sed -n 3,4p");
	cr_assert_str_eq(r.out, "progress:  67%\nSPI:       n/a (no baseline; pmo baseline set)\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_plan, mermaid_sections_end_after_a_summarys_children)
{
	char *dir = th_demo_repo();
	th_result r;

	ok(dir, "pmo -p CBM task add 设计 >/dev/null && "
		"pmo -p CBM task add 概要 duration=2 parent=T-1 >/dev/null && "
		"pmo -p CBM task add '%% 不是注释' duration=1 depends=T-1 >/dev/null");
	RUN(&r, dir, "pmo -p CBM schedule --format mermaid");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out,
		"```mermaid\n"
		"gantt\n"
		"    title 核心银行系统迁移\n"
		"    dateFormat YYYY-MM-DD\n"
		"    excludes weekends\n"
		"    section 设计\n"
		"    概要 :crit, T-2, 2027-01-04, 2027-01-06\n"
		"    section CBM\n"
		"    ％% 不是注释 :crit, T-3, 2027-01-06, 2027-01-07\n"
		"```\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_plan, calendar_holiday_and_workday_edit_pmo_yaml_with_one_commit_each)
{
	char *dir = th_demo_repo(), *before, *after;
	th_result r;

	before = th_read(dir, "pmo.yaml");
	RUN(&r, dir, "pmo calendar holiday 2026-02-15..2026-02-23 春节");
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit_line(r.out, "calendar: holiday 2026-02-15..2026-02-23 春节\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo calendar workday 2026-02-14 2026-02-28");
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit_line(r.out, "calendar: workday 2026-02-14 2026-02-28\n");
	th_result_free(&r);
	ok(dir, "pmo calendar holiday 2026-04-06 >/dev/null");
	after = th_read(dir, "pmo.yaml");
	cr_assert(!strncmp(after, before, strlen(before)), "%s", after);
	cr_assert_str_eq(after + strlen(before),
		"calendar:\n"
		"  holidays:\n"
		"    - date: '2026-02-15'\n      until: '2026-02-23'\n      name: 春节\n"
		"    - '2026-04-06'\n"
		"  workdays:\n    - '2026-02-14'\n    - '2026-02-28'\n");
	free(before);
	free(after);
	RUN(&r, dir, "git log -1 --format=%%B HEAD~1 && git show --name-status --format= HEAD~1");
	cr_assert_str_eq(r.out, "calendar: workday 2026-02-14 2026-02-28\n\nPmo-Command: calendar workday\n"
				"Pmo-Record: calendar\n\nM\tpmo.yaml\n");
	th_result_free(&r);
	{
		static const char *const bad[][2] = {
			{ "holiday 2026-02-30", "pmo: error: \"2026-02-30\" is not a valid date (YYYY-MM-DD)\n" },
			{ "holiday 2026-03-02..2026-03-01", "pmo: error: 2026-03-02..2026-03-01: the range ends before it begins\n" },
			{ "holiday 2026-02-14", "pmo: error: 2026-02-14 is an extra workday in pmo.yaml; a day cannot be both a holiday and a workday\n" },
			{ "workday 2026-02-21", "pmo: error: 2026-02-21 is a holiday in pmo.yaml; a day cannot be both a holiday and a workday\n" },
			{ "workday 2026-03-02", "pmo: error: 2026-03-02 is a mon, a working weekday already; extra workdays are days off made working days\n" },
		};
		size_t i;
		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			RUN(&r, dir, "pmo calendar %s", bad[i][0]);
			cr_expect_eq(r.status, 2, "%s", bad[i][0]);
			cr_expect_str_eq(r.err, bad[i][1]);
			th_result_free(&r);
		}
	}
	RUN(&r, dir, "git status --porcelain && pmo calendar show 2026 | sed -n '1,8p;33,$p'");
	cr_assert_str_eq(r.out,
		"      2026年1月               2026年2月               2026年3月\n"
		"一 二 三 四 五 六 日    一 二 三 四 五 六 日    一 二 三 四 五 六 日\n"
		"          1  2  3- 4-                      1-                      1-\n"
		" 5  6  7  8  9 10-11-    2  3  4  5  6  7- 8-    2  3  4  5  6  7- 8-\n"
		"12 13 14 15 16 17-18-    9 10 11 12 13 14+15*    9 10 11 12 13 14-15-\n"
		"19 20 21 22 23 24-25-   16*17*18*19*20*21*22*   16 17 18 19 20 21-22-\n"
		"26 27 28 29 30 31-      23*24 25 26 27 28+      23 24 25 26 27 28-29-\n"
		"                                                30 31\n"
		"* holiday   + extra workday (调休)   - day off (weekend)\n"
		"\n"
		"holidays:\n"
		"  2026-02-15..2026-02-23  春节\n"
		"  2026-04-06\n"
		"\n"
		"extra workdays:\n"
		"  2026-02-14  sat\n"
		"  2026-02-28  sat\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_plan, help_works_outside_a_repository)
{
	char *dir = th_tmpdir();
	th_result r;

	RUN(&r, dir, "pmo task add -h && pmo schedule --help && pmo calendar -h && pmo status -h");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "usage: pmo [-p KEY] task add TITLE [field=value…]\n"), "%s", r.out);
	cr_assert(strstr(r.out, "  progress               Percent complete\n"), "%s", r.out);
	cr_assert(strstr(r.out, "usage: pmo [-p KEY] schedule [--gantt]"), "%s", r.out);
	cr_assert(strstr(r.out, "  holiday  add a holiday"), "%s", r.out);
	cr_assert(strstr(r.out, "usage: pmo -p KEY status [--as-of DATE]"), "%s", r.out);
	th_result_free(&r);
	RUN(&r, dir, "pmo schedule --bogus");
	cr_assert_eq(r.status, 2);
	th_result_free(&r);
	free(dir);
}

/* --- TaskJuggler's dates through the command ------------------------------------ */

static int have_tj3(void)
{
	th_result r;
	int found;
	th_run(&r, "/", NULL, "command -v tj3");
	found = r.status == 0;
	th_result_free(&r);
	return found;
}

static pmo_date D(const char *s)
{
	pmo_date d = 0;
	cr_assert_eq(pmo_date_parse(&d, s, strlen(s)), 0, "bad date %s", s);
	return d;
}

/* tj3's instant as pmo shows it: a start on the first working day at or
 * after it, an end on the working day it closes; a milestone at 17:00 is
 * dated that day. */
static pmo_date tj3_date(const pmo_calendar *cal, const char *s, int end, int milestone)
{
	char day[11];
	int hh = 0, mm = 0;
	long b;
	pmo_date d;

	cr_assert_eq(sscanf(s, "%10s %d:%d", day, &hh, &mm), 3, "bad tj3 time %s", s);
	d = D(day);
	if (pmo_calendar_is_workday(cal, d) && hh * 60 + mm >= 17 * 60) {
		if (milestone)
			return d;
		b = pmo_calendar_index(cal, d) + 1;
	} else {
		b = pmo_calendar_index(cal, d);
	}
	return end && !milestone ? pmo_calendar_day(cal, b - 1) : pmo_calendar_day(cal, b);
}

/* One CSV field of pmo's output (no quotes in these plans' fields). */
static void csv_fields(char *line, char **f, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		f[i] = line;
		line = line ? strchr(line, ',') : NULL;
		if (line)
			*line++ = '\0';
	}
}

/* One row of tj3's report: the task's path, its leaf id in pmo's spelling
 * ("T_5.T_10" → "T-10"), its instants. */
typedef struct {
	char path[256], id[256], st[32], en[32];
	int summary, milestone;
	pmo_date start, end; /* as pmo shows them */
} tj3_row;

/* Export the project KEY of the repository in dir, run tj3, compare every
 * task's start and end with `pmo schedule --format csv`. A summary shows
 * its leaves' first start and last end (milestones' dates included), so its
 * dates are rolled up from tj3's leaves. Returns the tasks compared. */
static size_t compare_with_tj3(const char *dir, const char *key, const pmo_calendar *cal, const char *what)
{
	th_result r;
	char *csv, *line, *ours, *copy, *s2 = NULL;
	tj3_row *rows = NULL;
	size_t nrows = 0, cap = 0, i, k, seen = 0, total = 0;

	RUN(&r, dir, "pmo -p %s export --format tjp --report dates > plan.tjp && tj3 --silent --no-color plan.tjp", key);
	cr_assert_eq(r.status, 0, "%s: %s%s", what, r.out, r.err);
	cr_assert_str_eq(r.err, "", "%s", what);
	th_result_free(&r);
	RUN(&r, dir, "pmo -p %s schedule --as-of none --format csv", key);
	cr_assert_eq(r.status, 0, "%s: %s", what, r.err);
	ours = r.out;
	r.out = NULL;
	th_result_free(&r);
	csv = th_read(dir, "dates.csv");
	cr_assert_not_null(csv, "%s: no report from tj3", what);
	for (line = strtok_r(csv, "\n", &s2); line; line = strtok_r(NULL, "\n", &s2)) {
		tj3_row *w;
		const char *leaf;
		if (nrows == cap) {
			cap = cap ? 2 * cap : 256;
			rows = realloc(rows, cap * sizeof(*rows));
			cr_assert_not_null(rows);
		}
		w = &rows[nrows];
		memset(w, 0, sizeof(*w));
		if (sscanf(line, "\"%255[^\"]\";\"%31[^\"]\";\"%31[^\"]\"", w->path, w->st, w->en) != 3 ||
		    !strcmp(w->path, "Id"))
			continue;
		leaf = strrchr(w->path, '.') ? strrchr(w->path, '.') + 1 : w->path;
		snprintf(w->id, sizeof(w->id), "%s", leaf);
		for (k = 0; w->id[k]; k++)
			if (w->id[k] == '_')
				w->id[k] = '-';
		nrows++;
	}
	/* milestones as pmo has them (duration 0), summaries by their paths */
	s2 = NULL;
	copy = strdup(ours);
	cr_assert_not_null(copy);
	for (line = strtok_r(copy, "\n", &s2); line; line = strtok_r(NULL, "\n", &s2)) {
		char *f[10];
		csv_fields(line, f, 10);
		if (!f[4] || !strcmp(f[0], "id"))
			continue;
		total++;
		for (i = 0; i < nrows; i++)
			if (!strcmp(rows[i].id, f[0]))
				rows[i].milestone = !strcmp(f[2], "0");
	}
	for (i = 0; i < nrows; i++) {
		size_t len = strlen(rows[i].path);
		for (k = 0; k < nrows && !rows[i].summary; k++)
			rows[i].summary = !strncmp(rows[k].path, rows[i].path, len) && rows[k].path[len] == '.';
	}
	for (i = 0; i < nrows; i++) {
		size_t len = strlen(rows[i].path);
		if (!rows[i].summary) {
			rows[i].start = tj3_date(cal, rows[i].st, 0, rows[i].milestone);
			rows[i].end = tj3_date(cal, rows[i].en, 1, rows[i].milestone);
			continue;
		}
		rows[i].start = rows[i].end = PMO_NODATE;
		for (k = 0; k < nrows; k++) {
			pmo_date a, b;
			if (rows[k].summary || strncmp(rows[k].path, rows[i].path, len) || rows[k].path[len] != '.')
				continue;
			a = tj3_date(cal, rows[k].st, 0, rows[k].milestone);
			b = tj3_date(cal, rows[k].en, 1, rows[k].milestone);
			if (rows[i].start == PMO_NODATE || a < rows[i].start)
				rows[i].start = a;
			if (rows[i].end == PMO_NODATE || b > rows[i].end)
				rows[i].end = b;
		}
	}
	free(copy);
	s2 = NULL;
	for (line = strtok_r(ours, "\n", &s2); line; line = strtok_r(NULL, "\n", &s2)) {
		char *f[10], a[11], b[11];
		int found = 0;
		csv_fields(line, f, 10);
		if (!f[4] || !strcmp(f[0], "id"))
			continue;
		for (i = 0; i < nrows && !found; i++) {
			if (strcmp(rows[i].id, f[0]))
				continue;
			found = 1;
			pmo_date_format(a, rows[i].start);
			pmo_date_format(b, rows[i].end);
			cr_expect_str_eq(a, f[3], "%s: %s starts %s in pmo, %s in tj3 (%s)", what, f[0], f[3], a,
					 rows[i].st);
			cr_expect_str_eq(b, f[4], "%s: %s ends %s in pmo, %s in tj3 (%s)", what, f[0], f[4], b,
					 rows[i].en);
		}
		cr_expect(found, "%s: tj3 does not report %s", what, f[0]);
		seen += (size_t)found;
	}
	cr_assert_gt(total, 0, "%s: no tasks", what);
	cr_expect_eq(seen, total, "%s", what);
	free(rows);
	free(csv);
	free(ours);
	return seen;
}

static pmo_calendar *calendar_of(const char *dir)
{
	char *text = th_read(dir, "pmo.yaml");
	pmo_doc *doc = NULL;
	pmo_calendar *cal = NULL;
	cr_assert_not_null(text);
	cr_assert_eq(pmo_yaml_load(&doc, "pmo.yaml", text, strlen(text), NULL), 0);
	cr_assert_eq(pmo_calendar_from_yaml(&cal, pmo_map_get(pmo_doc_root(doc), "calendar"), "pmo.yaml", NULL, NULL), 0);
	pmo_doc_free(doc);
	free(text);
	return cal;
}

Test(e2e_plan, tj3_agrees_with_pmo_schedule_on_the_examples, .timeout = 120)
{
	const char *src = getenv("PMO_SRCDIR");
	char *dir = th_tmpdir();
	pmo_calendar *cal;
	th_result r;

	if (!have_tj3())
		cr_skip_test("tj3 is not installed");
	RUN(&r, dir, "cp -R '%s/examples/.' . && git init -q . && git add -A && git commit -qm examples", src);
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	cal = calendar_of(dir);
	compare_with_tj3(dir, "CBM", cal, "examples CBM");
	compare_with_tj3(dir, "MOB", cal, "examples MOB");
	pmo_calendar_free(cal);
	free(dir);
}

/* --- random plans as plan.yaml -------------------------------------------------- */

static unsigned long rnd_state;
static unsigned rnd(unsigned n)
{
	rnd_state = rnd_state * 6364136223846793005ul + 1442695040888963407ul;
	return (unsigned)((rnd_state >> 33) % n);
}

/* The ids task i must not depend on again: its own earlier dependencies,
 * those of its summaries, and its summaries themselves (tj3 takes one
 * dependency per pair; a dependency on one's own summary is a finding). */
static int excluded(const size_t *parent, char **deps, size_t i, size_t j)
{
	char want[32];
	size_t u;
	snprintf(want, sizeof(want), "T-%zu,", j + 1);
	for (u = i; u != (size_t)-1; u = parent[u]) {
		if (u == j)
			return 1;
		if (deps[u] && strstr(deps[u], want))
			return 1;
	}
	for (u = j; u != (size_t)-1; u = parent[u])
		if (u == i)
			return 1;
	return 0;
}

/* n tasks in the style of tests/test_tj3.c: summaries of 3..10 children
 * nested up to three deep, 1..8 day tasks, milestones, 0..3 FS or SS
 * (not for milestones and summaries)
 * dependencies on earlier tasks with lags of 0..4 days,
 * start_no_earlier_than dates across 2026 (one task in fifteen, one
 * milestone in three). */
static char *random_plan_yaml(unsigned long seed, size_t n)
{
	size_t *parent = calloc(n, sizeof(size_t)), stack[4], left[4], depth = 0, i, len = 0, cap = 1 << 16;
	char **deps = calloc(n, sizeof(char *)), *out = malloc(cap), *ms = calloc(n, 1);
	char buf[512];

	cr_assert(parent && deps && out && ms);
	rnd_state = seed;
	out[0] = '\0';
#define PUT(...) do { int w_ = snprintf(buf, sizeof(buf), __VA_ARGS__); \
	while (len + (size_t)w_ + 1 > cap) { cap *= 2; out = realloc(out, cap); cr_assert(out); } \
	memcpy(out + len, buf, (size_t)w_ + 1); len += (size_t)w_; } while (0)
	PUT("tasks:\n");
	for (i = 0; i < n; i++) {
		unsigned k, nd;
		char list[256] = "";
		parent[i] = (size_t)-1;
		while (depth && !left[depth - 1])
			depth--;
		PUT("  - id: T-%zu\n    title: 任务 %zu\n", i + 1, i + 1);
		if (depth) {
			parent[i] = stack[depth - 1];
			left[depth - 1]--;
			PUT("    parent: T-%zu\n", parent[i] + 1);
		}
		if (depth < 3 && i + 4 < n && !rnd(6)) {
			stack[depth] = i;
			left[depth++] = 3 + rnd(8);
			ms[i] = 2; /* a summary: its children inherit its dependencies */
		} else if (!rnd(20)) {
			ms[i] = 1;
			PUT("    milestone: true\n");
		} else {
			PUT("    duration: %u\n", 1 + rnd(8));
		}
		if (!rnd(ms[i] == 1 ? 3 : 15)) { /* a third of the milestones */
			char d[11];
			PUT("    start_no_earlier_than: '%s'\n", pmo_date_format(d, D("2026-01-05") + (pmo_date)rnd(330)));
		}
		nd = i ? rnd(4) : 0;
		for (k = 0; k < nd; k++) {
			size_t j = i - 1 - rnd((unsigned)(i < 40 ? i : 40));
			/* tj3 sees loops that are not there when a milestone has a
			 * start-to-start dependency, also one inherited from its
			 * summary (docs/scheduling.md): FS only for those */
			int ss = !rnd(3) && !ms[i];
			unsigned lag = rnd(2) ? 1 + rnd(4) : 0;
			char one[48];
			if (excluded(parent, deps, i, j))
				continue;
			snprintf(one, sizeof(one), "T-%zu,", j + 1);
			if (strlen(list) + strlen(one) + 1 >= sizeof(list))
				break;
			strcat(list, one);
			free(deps[i]);
			deps[i] = strdup(list);
			if (!strcmp(list, one))
				PUT("    depends:\n");
			PUT("      - 'T-%zu%s", j + 1, ss ? ":ss" : "");
			if (lag)
				PUT("+%ud", lag);
			PUT("'\n");
		}
	}
#undef PUT
	for (i = 0; i < n; i++)
		free(deps[i]);
	free(deps);
	free(parent);
	free(ms);
	return out;
}

static size_t random_case(const char *dir, const pmo_calendar *cal, unsigned long seed, size_t n,
			  const char *start)
{
	char what[96], *yaml = random_plan_yaml(seed, n);
	th_result r;

	th_write(dir, "projects/CBM/plan.yaml", yaml);
	free(yaml);
	RUN(&r, dir, "pmo project set CBM start=%s >/dev/null && git add -A && git commit -qm 'seed %lu' && "
		     "pmo validate projects/CBM/plan.yaml", start, seed);
	cr_assert_eq(r.status, 0, "seed %lu: %s%s", seed, r.out, r.err);
	th_result_free(&r);
	snprintf(what, sizeof(what), "random plan.yaml seed %lu (%zu tasks) from %s", seed, n, start);
	return compare_with_tj3(dir, "CBM", cal, what);
}

/* Random plan.yaml files over the whole 2026 calendar (holidays, moved
 * workdays, a start on a moved workday and one before 国庆节), exported
 * with `pmo export --format tjp`, scheduled by tj3, every task compared
 * with `pmo schedule --format csv`. About 10 s; no criterion .timeout
 * (two tests with one running at once make criterion leak 48 bytes under
 * ASan), meson's 600 s applies. */
Test(e2e_plan, tj3_agrees_with_pmo_schedule_on_random_plans_across_2026)
{
	static const struct {
		unsigned long seed;
		size_t n;
		const char *start;
	} cases[] = {
		{ 101, 400, "2026-01-04" }, { 102, 400, "2026-02-09" },
		{ 103, 400, "2026-04-27" }, { 104, 400, "2026-06-15" }, { 105, 400, "2026-09-30" },
	};
	const char *src = getenv("PMO_SRCDIR");
	char *dir;
	pmo_calendar *cal;
	th_result r;
	size_t i, compared = 0, want = 0;

	if (!have_tj3())
		cr_skip_test("tj3 is not installed");
	dir = th_demo_repo();
	RUN(&r, dir, "cp '%s/examples/pmo.yaml' pmo.yaml && git commit -qam 'the 2026 calendar'", src);
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	cal = calendar_of(dir);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		compared += random_case(dir, cal, cases[i].seed, cases[i].n, cases[i].start);
		want += cases[i].n;
	}
	cr_expect_eq(compared, want, "%zu of %zu tasks compared", compared, want);
	pmo_calendar_free(cal);
	free(dir);
}

/* ------------------------------------------ project calendar overrides */

Test(e2e_plan, calendar_with_p_edits_and_shows_the_projects_override)
{
	const char *src = getenv("PMO_SRCDIR");
	char *dir = th_demo_repo(), *before, *after;
	th_result r;

	RUN(&r, dir, "cp '%s/examples/pmo.yaml' pmo.yaml && git commit -qam 'the 2026 calendar'", src);
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	RUN(&r, dir, "pmo calendar holiday 2026-02-16 && pmo -p CBM calendar holiday 2026-02-20..2026-02-25");
	cr_expect_eq(r.status, 2);
	cr_expect_str_eq(r.err, "pmo: error: 2026-02-16 is already a holiday: 春节 2026-02-15..2026-02-23\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM calendar holiday 2026-02-20..2026-02-25");
	cr_expect_str_eq(r.err, "pmo: error: 2026-02-20 is already a holiday: 春节 2026-02-15..2026-02-23\n");
	th_result_free(&r);
	before = th_read(dir, "projects/CBM/project.yaml");
	RUN(&r, dir, "pmo -p CBM calendar holiday 2026-03-20 内部培训日 >/dev/null && pmo -p CBM calendar workday 2026-02-23 2026-02-22"
		     " >/dev/null && git log -2 --format='%%s|%%b' --name-only | grep . && git status --porcelain");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect_str_eq(r.out, "calendar CBM: workday 2026-02-23 2026-02-22|Pmo-Command: calendar workday\n"
				"Pmo-Record: CBM/calendar\nprojects/CBM/project.yaml\n"
				"calendar CBM: holiday 2026-03-20 内部培训日|Pmo-Command: calendar holiday\n"
				"Pmo-Record: CBM/calendar\nprojects/CBM/project.yaml\n");
	th_result_free(&r);
	after = th_read(dir, "projects/CBM/project.yaml");
	cr_assert(!strncmp(after, before, strlen(before)), "%s", after);
	cr_expect_str_eq(after + strlen(before),
			 "calendar:\n  holidays:\n    - date: '2026-03-20'\n      name: 内部培训日\n"
			 "  workdays:\n    - '2026-02-23'\n    - '2026-02-22'\n");
	free(before);
	free(after);
	RUN(&r, dir, "pmo -p CBM calendar show 2026 | sed -n '1p;6,10p'; pmo calendar show 2026 | sed -n '5,7p'");
	cr_expect_str_eq(r.out,
		"project CBM: the calendar of pmo.yaml with the override in projects/CBM/project.yaml\n"
		" 5  6  7  8  9 10-11-    2  3  4  5  6  7- 8-    2  3  4  5  6  7- 8-\n"
		"12 13 14 15 16 17-18-    9 10 11 12 13 14+15*    9 10 11 12 13 14-15-\n"
		"19 20 21 22 23 24-25-   16*17*18*19*20*21*22+   16 17 18 19 20*21-22-\n"
		"26 27 28 29 30 31-      23 24 25 26 27 28+      23 24 25 26 27 28-29-\n"
		"                                                30 31\n"
		"12 13 14 15 16 17-18-    9 10 11 12 13 14+15*    9 10 11 12 13 14-15-\n"
		"19 20 21 22 23 24-25-   16*17*18*19*20*21*22*   16 17 18 19 20 21-22-\n"
		"26 27 28 29 30 31-      23*24 25 26 27 28+      23 24 25 26 27 28-29-\n");
	th_result_free(&r);
	/* the project's own layer keeps its rules; pmo.yaml was not touched */
	RUN(&r, dir, "pmo -p CBM calendar workday 2026-03-20");
	cr_expect_eq(r.status, 2);
	cr_expect_str_eq(r.err, "pmo: error: 2026-03-20 is a holiday in projects/CBM/project.yaml; "
				"a day cannot be both a holiday and a workday\n");
	th_result_free(&r);
	RUN(&r, dir, "git log --format=%%s -- pmo.yaml | head -1");
	cr_expect_str_eq(r.out, "the 2026 calendar\n");
	th_result_free(&r);
	free(dir);
}
