/* End to end: pmo diff, the semantic diff of two revisions, through the
 * built pmo in temporary git repositories (today is 2027-01-04): a plan's
 * change told as its tasks' fields and both schedules compared, records
 * added, removed and changed, a calendar that moves the finish, the
 * revisions as git diff takes them, and the text, JSON and Markdown forms. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define RUN(r, dir, ...) th_run(r, dir, NULL, __VA_ARGS__)

/* A setup step that must succeed; what it prints is not looked at. */
#define ok(dir, cmd) free(th_sh((dir), "%s", (cmd)))

/* The demo repository with a chained plan: 需求分析 (10 days) then, side
 * by side, 接口改造 (10) and 数据迁移 (12), then the milestone 上线 after
 * both. Critical: T-1 → T-3 → T-4; T-2 has 2 days of slack. */
static char *planned_repo(void)
{
	char *dir = th_demo_repo();

	ok(dir, "pmo -p CBM task add 需求分析 duration=10 >/dev/null && "
		"pmo -p CBM task add 接口改造 duration=10 depends=T-1 >/dev/null && "
		"pmo -p CBM task add 数据迁移 duration=12 depends=T-1 >/dev/null && "
		"pmo -p CBM milestone add 上线 depends=T-2,T-3 >/dev/null");
	return dir;
}

Test(e2e_diff, a_longer_task_moves_the_finish_the_milestone_and_the_critical_path)
{
	char *dir = planned_repo();
	th_result r;

	ok(dir, "pmo -p CBM task set T-2 duration=15 >/dev/null");
	RUN(&r, dir, "pmo diff HEAD~1..HEAD --format json");
	EXPECT(&r, 0,
	       "{\n"
	       "  \"version\": 1,\n"
	       "  \"projects\": [\n"
	       "    {\"project\": \"CBM\",\n"
	       "      \"schedule\": {\"finish\": {\"before\": \"2027-02-02\", \"after\": \"2027-02-05\", \"working_days\": 3},\n"
	       "        \"milestones\": [{\"id\": \"T-4\", \"before\": \"2027-02-02\", \"after\": \"2027-02-05\", \"working_days\": 3}],\n"
	       "        \"critical\": {\"added\": [\"T-2\"], \"removed\": [\"T-3\"]},\n"
	       "        \"slack_consumed\": 2},\n"
	       "      \"cost\": null,\n"
	       "      \"risks\": [],\n"
	       "      \"records\": [\n"
	       "        {\"record\": \"CBM/T-2\", \"kind\": \"task\", \"path\": \"projects/CBM/plan.yaml\", \"change\": \"changed\", "
	       "\"fields\": [{\"field\": \"duration\", \"before\": 10, \"after\": 15}]}\n"
	       "      ]}\n"
	       "  ],\n"
	       "  \"records\": []\n"
	       "}\n",
	       "");
	th_result_free(&r);
	/* the same as text, and the other way round the shift is negative */
	RUN(&r, dir, "pmo diff HEAD~1..HEAD && pmo diff HEAD HEAD~1");
	EXPECT(&r, 0,
	       "project CBM\n"
	       "  finish: 2027-02-02 → 2027-02-05 (+3 working days)\n"
	       "  milestone T-4: 2027-02-02 → 2027-02-05 (+3 working days)\n"
	       "  critical path, entered: T-2\n"
	       "  critical path, left: T-3\n"
	       "  slack consumed: 2 working days\n"
	       "\n"
	       "  task CBM/T-2 changed\n"
	       "    duration: 10 → 15\n"
	       "project CBM\n"
	       "  finish: 2027-02-05 → 2027-02-02 (-3 working days)\n"
	       "  milestone T-4: 2027-02-05 → 2027-02-02 (-3 working days)\n"
	       "  critical path, entered: T-3\n"
	       "  critical path, left: T-2\n"
	       "  slack consumed: 3 working days\n"
	       "\n"
	       "  task CBM/T-2 changed\n"
	       "    duration: 15 → 10\n",
	       "");
	th_result_free(&r);
	free(dir);
}

Test(e2e_diff, markdown_for_a_merge_request)
{
	char *dir = planned_repo();
	th_result r;

	ok(dir, "pmo -p CBM risk add 核心数据迁移丢失 probability=2 impact=3 owner=wang-li >/dev/null && "
		"pmo -p CBM task set T-2 duration=15 >/dev/null && pmo -p CBM risk set R-1 impact=5 >/dev/null");
	RUN(&r, dir, "pmo diff HEAD~2..HEAD --format md");
	EXPECT(&r, 0,
	       "## Project CBM\n"
	       "\n"
	       "|  | before | after | working days |\n"
	       "| --- | --- | --- | --- |\n"
	       "| finish | 2027-02-02 | 2027-02-05 | +3 |\n"
	       "| milestone T-4 | 2027-02-02 | 2027-02-05 | +3 |\n"
	       "\n"
	       "Critical path: entered T-2; left T-3.\n"
	       "\n"
	       "Slack consumed: 2 working days.\n"
	       "\n"
	       "| risk | change | level before | level after |\n"
	       "| --- | --- | --- | --- |\n"
	       "| CBM/R-1 | re-rated | medium | high |\n"
	       "\n"
	       "| record | change | field | before | after |\n"
	       "| --- | --- | --- | --- | --- |\n"
	       "| CBM/R-1 | changed | impact | 3 | 5 |\n"
	       "| CBM/T-2 | changed | duration | 10 | 15 |\n",
	       "");
	th_result_free(&r);
	RUN(&r, dir, "pmo diff HEAD..HEAD --format md");
	EXPECT(&r, 0, "No changes.\n", "");
	th_result_free(&r);
	free(dir);
}

Test(e2e_diff, records_added_removed_and_changed_of_every_kind)
{
	char *dir = planned_repo();
	th_result r;

	ok(dir, "pmo -p CBM risk add 数据丢失 probability=2 impact=3 owner=wang-li identified=2027-01-04 "
		"review=2027-02-01 >/dev/null && git tag before");
	ok(dir, "pmo -p CBM risk add 接口延期 probability=5 impact=5 owner=zhao-min identified=2027-01-04 "
		"review=2027-02-01 >/dev/null && "
		"pmo person set wang-li email=wl@bank.example >/dev/null && "
		"git rm -q projects/CBM/risks/R-1.yaml && git commit -qm 'R-1 withdrawn' && "
		"pmo project set CBM objectives+='{statement: 迁移完成}' >/dev/null && "
		"pmo project set CBM objectives.1.achieved=yes >/dev/null && "
		"pmo -p CBM task add 培训 duration=3 >/dev/null");
	RUN(&r, dir, "pmo diff before..HEAD");
	EXPECT(&r, 0,
	       "project CBM\n"
	       "  finish: 2027-02-02 (unchanged)\n"
	       "  risk CBM/R-1 removed (was medium)\n"
	       "  risk CBM/R-2 added: critical\n"
	       "\n"
	       "  project CBM changed\n"
	       "    objectives: (none) → statement: 迁移完成, achieved: yes\n"
	       "  risk CBM/R-1 removed\n"
	       "  risk CBM/R-2 added\n"
	       "    id: R-2\n"
	       "    title: 接口延期\n"
	       "    probability: 5\n"
	       "    impact: 5\n"
	       "    owner: zhao-min\n"
	       "    status: open\n"
	       "    identified: 2027-01-04\n"
	       "    review: 2027-02-01\n"
	       "  task CBM/T-5 added\n"
	       "    id: T-5\n"
	       "    title: 培训\n"
	       "    duration: 3\n"
	       "\n"
	       "person wang-li changed\n"
	       "  email: wang.li@bank.example → wl@bank.example\n",
	       "");
	th_result_free(&r);
	/* a nested value by its path */
	RUN(&r, dir, "pmo diff HEAD~2..HEAD~1 --format json");
	EXPECT(&r, 0,
	       "{\n"
	       "  \"version\": 1,\n"
	       "  \"projects\": [\n"
	       "    {\"project\": \"CBM\",\n"
	       "      \"schedule\": null,\n"
	       "      \"cost\": null,\n"
	       "      \"risks\": [],\n"
	       "      \"records\": [\n"
	       "        {\"record\": \"CBM\", \"kind\": \"project\", \"path\": \"projects/CBM/project.yaml\", \"change\": \"changed\", "
	       "\"fields\": [{\"field\": \"objectives.1.achieved\", \"before\": null, \"after\": \"yes\"}]}\n"
	       "      ]}\n"
	       "  ],\n"
	       "  \"records\": []\n"
	       "}\n",
	       "");
	th_result_free(&r);
	/* a removed record's fields, typed */
	RUN(&r, dir, "pmo diff before..HEAD --format json | grep '\"CBM/R-1\", \"kind\"'");
	EXPECT(&r, 0,
	       "        {\"record\": \"CBM/R-1\", \"kind\": \"risk\", \"path\": \"projects/CBM/risks/R-1.yaml\", \"change\": \"removed\", "
	       "\"fields\": [{\"field\": \"id\", \"before\": \"R-1\", \"after\": null}, {\"field\": \"title\", \"before\": \"数据丢失\", \"after\": null}, "
	       "{\"field\": \"probability\", \"before\": 2, \"after\": null}, {\"field\": \"impact\", \"before\": 3, \"after\": null}, "
	       "{\"field\": \"owner\", \"before\": \"wang-li\", \"after\": null}, {\"field\": \"status\", \"before\": \"open\", \"after\": null}, "
	       "{\"field\": \"identified\", \"before\": \"2027-01-04\", \"after\": null}, {\"field\": \"review\", \"before\": \"2027-02-01\", \"after\": null}]},\n",
	       "");
	th_result_free(&r);
	free(dir);
}

Test(e2e_diff, a_holiday_added_shifts_the_finish_of_every_planned_project)
{
	char *dir = planned_repo();
	th_result r;

	ok(dir, "pmo calendar holiday 2027-01-20 内部培训日 >/dev/null");
	RUN(&r, dir, "pmo diff HEAD~1..HEAD --format json");
	EXPECT(&r, 0,
	       "{\n"
	       "  \"version\": 1,\n"
	       "  \"projects\": [\n"
	       "    {\"project\": \"CBM\",\n"
	       "      \"schedule\": {\"finish\": {\"before\": \"2027-02-02\", \"after\": \"2027-02-03\", \"working_days\": 1},\n"
	       "        \"milestones\": [{\"id\": \"T-4\", \"before\": \"2027-02-02\", \"after\": \"2027-02-03\", \"working_days\": 1}],\n"
	       "        \"critical\": {\"added\": [], \"removed\": []},\n"
	       "        \"slack_consumed\": 0},\n"
	       "      \"cost\": null,\n"
	       "      \"risks\": [],\n"
	       "      \"records\": []}\n"
	       "  ],\n"
	       "  \"records\": [\n"
	       "    {\"record\": \"pmo.yaml\", \"kind\": \"settings\", \"path\": \"pmo.yaml\", \"change\": \"changed\", "
	       "\"fields\": [{\"field\": \"calendar\", \"before\": null, \"after\": {\"holidays\":[{\"date\":\"2027-01-20\",\"name\":\"内部培训日\"}]}}]}\n"
	       "  ]\n"
	       "}\n",
	       "");
	th_result_free(&r);
	/* a project's own calendar and its start move its schedule too */
	ok(dir, "pmo -p CBM calendar holiday 2027-01-21 >/dev/null && pmo project set CBM start=2027-01-05 >/dev/null");
	RUN(&r, dir, "pmo diff HEAD~2..HEAD");
	EXPECT(&r, 0,
	       "project CBM\n"
	       "  finish: 2027-02-03 → 2027-02-05 (+2 working days)\n"
	       "  milestone T-4: 2027-02-03 → 2027-02-05 (+2 working days)\n"
	       "\n"
	       "  project CBM changed\n"
	       "    start: 2027-01-04 → 2027-01-05\n"
	       "    calendar: (none) → holidays: 2027-01-21\n",
	       "");
	th_result_free(&r);
	free(dir);
}

Test(e2e_diff, revisions_as_git_diff_takes_them)
{
	char *dir = planned_repo();
	th_result r;

	/* nothing changed: nothing said */
	RUN(&r, dir, "pmo diff && pmo diff HEAD");
	EXPECT(&r, 0, "", "");
	th_result_free(&r);
	/* alone: HEAD against the worktree, a hand edit not yet added included */
	ok(dir, "sed -i 's/role: sponsor/role: pmo/' people/zhao-min.yaml && "
		"printf 'handle: liu-yang\\nname: 刘洋\\nrole: pmo\\nemail: liu.yang@bank.example\\n' >people/liu-yang.yaml");
	RUN(&r, dir, "pmo diff");
	EXPECT(&r, 0,
	       "person liu-yang added\n"
	       "  handle: liu-yang\n"
	       "  name: 刘洋\n"
	       "  email: liu.yang@bank.example\n"
	       "  role: pmo\n"
	       "person zhao-min changed\n"
	       "  role: sponsor → pmo\n",
	       "");
	th_result_free(&r);
	ok(dir, "git checkout -q -- people && rm people/liu-yang.yaml");
	/* A...B: what a branch changed since it left A */
	ok(dir, "git checkout -q -b change && pmo -p CBM task set T-3 title=数据迁移与核对 >/dev/null && "
		"git checkout -q master && pmo person set zhao-min name=赵敏敏 >/dev/null");
	RUN(&r, dir, "pmo diff master...change && echo --- && pmo diff master..change");
	EXPECT(&r, 0,
	       "project CBM\n"
	       "  finish: 2027-02-02 (unchanged)\n"
	       "\n"
	       "  task CBM/T-3 changed\n"
	       "    title: 数据迁移 → 数据迁移与核对\n"
	       "---\n"
	       "project CBM\n"
	       "  finish: 2027-02-02 (unchanged)\n"
	       "\n"
	       "  task CBM/T-3 changed\n"
	       "    title: 数据迁移 → 数据迁移与核对\n"
	       "\n"
	       "person zhao-min changed\n"
	       "  name: 赵敏敏 → 赵敏\n",
	       "");
	th_result_free(&r);
	/* an empty side is HEAD */
	RUN(&r, dir, "pmo diff change.. | tail -n 2");
	EXPECT(&r, 0, "person zhao-min changed\n  name: 赵敏 → 赵敏敏\n", "");
	th_result_free(&r);
	free(dir);
}

Test(e2e_diff, an_unknown_revision_or_format_is_a_usage_error)
{
	char *dir = planned_repo();
	th_result r;

	RUN(&r, dir, "pmo diff nosuch");
	EXPECT(&r, 2, "", "pmo: error: unknown revision \"nosuch\" (pmo diff takes A, A..B, A...B or A B, as git diff does)\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo diff HEAD..nosuch --format json");
	EXPECT(&r, 2, "", "pmo: error: unknown revision \"nosuch\" (pmo diff takes A, A..B, A...B or A B, as git diff does)\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo diff HEAD...nosuch");
	EXPECT(&r, 2, "", "pmo: error: unknown revision \"nosuch\"\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo diff HEAD --format csv");
	cr_assert_eq(r.status, 2, "%s", r.err);
	cr_assert(strstr(r.err, "csv"), "%s", r.err);
	th_result_free(&r);
	RUN(&r, dir, "pmo diff A B C");
	EXPECT(&r, 2, "", "pmo: error: pmo diff takes at most two revisions (A..B, or A B)\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_diff, a_plan_that_cannot_be_scheduled_is_said_so_with_its_tasks_still_compared)
{
	char *dir = planned_repo();
	th_result r;

	ok(dir, "sed -i 's/^    title: 需求分析$/    title: 需求分析\\n    depends: [T-4]/' projects/CBM/plan.yaml && "
		"git commit -qam cycle");
	RUN(&r, dir, "pmo diff HEAD~1..HEAD");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "project CBM\n  schedule not compared: after: "), "%s", r.out);
	cr_assert(strstr(r.out, "dependency cycle"), "%s", r.out);
	cr_assert(strstr(r.out, "  task CBM/T-1 changed\n    depends: (none) → T-4\n"), "%s", r.out);
	th_result_free(&r);
	free(dir);
}

Test(e2e_diff, actual_dates_count_only_with_a_status_date)
{
	char *dir = planned_repo();
	th_result r;

	ok(dir, "pmo -p CBM task set T-1 actual_start=2027-01-04 actual_finish=2027-01-20 progress=100 >/dev/null");
	/* the plans alone: the same finish whatever the day */
	RUN(&r, dir, "pmo diff HEAD~1..HEAD | head -n 2 && pmo diff HEAD~1..HEAD --as-of none | head -n 2");
	EXPECT(&r, 0, "project CBM\n  finish: 2027-02-02 (unchanged)\n"
		      "project CBM\n  finish: 2027-02-02 (unchanged)\n", "");
	th_result_free(&r);
	/* as of a status date: the rest of the work from then on */
	RUN(&r, dir, "pmo diff HEAD~1..HEAD --as-of 2027-01-25 | head -n 4");
	EXPECT(&r, 0,
	       "project CBM\n"
	       "  finish: 2027-02-23 → 2027-02-09 (-10 working days)\n"
	       "  milestone T-4: 2027-02-23 → 2027-02-09 (-10 working days)\n"
	       "  critical path, left: T-1\n",
	       "");
	th_result_free(&r);
	RUN(&r, dir, "pmo diff --as-of 2027-02-30");
	EXPECT(&r, 2, "", "pmo: error: --as-of takes a date YYYY-MM-DD or none, not \"2027-02-30\"\n");
	th_result_free(&r);
	free(dir);
}
