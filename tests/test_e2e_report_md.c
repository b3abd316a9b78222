/* End to end: pmo report --md — the portfolio's status table, a mermaid
 * gantt per project (milestones, critical and done tasks, ':' and '#'
 * escaped, Chinese intact), open high and critical risks, overdue items;
 * the same bytes for the same tree and --today. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define RUN(r, dir, ...) th_run(r, dir, NULL, __VA_ARGS__)

static char *report_repo(void)
{
	char *dir = th_demo_repo();

	free(th_sh(dir,
		"pmo -p CBM task add '需求: 调研 #1' duration=5d progress=100 >/dev/null && "
		"pmo -p CBM task add 系统开发 duration=10d depends=T-1 >/dev/null && "
		"pmo -p CBM milestone add 'SIT 准入' depends=T-2 >/dev/null && "
		"pmo -p CBM baseline set --name v1 >/dev/null && "
		"pmo -p CBM task set T-1 actual_start=2027-01-04 actual_finish=2027-01-08 progress=100 >/dev/null && "
		"pmo -p CBM risk add 数据迁移丢失 probability=5 impact=5 owner=wang-li >/dev/null && "
		"pmo -p CBM risk add 小问题 probability=1 impact=2 owner=wang-li >/dev/null && "
		"pmo project add PAY name=支付 sponsor=zhao-min manager=wang-li start=2027-01-04 >/dev/null"));
	return dir;
}

Test(e2e_report_md, portfolio_table_gantt_risks_and_overdue)
{
	char *dir = report_repo(), *md, *again;

	md = th_sh(dir, "pmo report --md --today 2027-03-01");
	again = th_sh(dir, "pmo report --md --today 2027-03-01");
	cr_assert_str_eq(md, again);
	cr_assert(!strncmp(md, "# Status 2027-03-01\n\n| Project | Name |", 38), "%s", md);
	/* a row per active project and the total */
	cr_assert(strstr(md, "\n| CBM | 核心银行系统迁移 | "), "%s", md);
	cr_assert(strstr(md, "\n| PAY | 支付 | "), "%s", md);
	cr_assert(strstr(md, "\n| Total | 2 projects |"), "%s", md);
	cr_assert(strstr(md, "\n## CBM 核心银行系统迁移\n\n### Plan\n\n```mermaid\ngantt\n    title 核心银行系统迁移\n"), "%s", md);
	/* done, crit and milestone tags; ':' and '#' of a name are not mermaid's syntax */
	cr_assert(strstr(md, "\n    需求  调研  1 :done, T-1, 2027-01-04, "), "%s", md);
	cr_assert(strstr(md, "\n    SIT 准入 :crit, milestone, T-3, "), "%s", md);
	/* the critical risk, not the low one; the overdue milestone */
	cr_assert(strstr(md, "### Open high and critical risks\n\n| ID | Title | Level | Score | Owner | Review |\n"
			 "| --- | --- | --- | --- | --- | --- |\n| R-1 | 数据迁移丢失 | critical | 25 | wang-li | 2027-02-03 |\n\n"), "%s", md);
	cr_assert(!strstr(strstr(md, "### Open high"), "| R-2 |"), "%s", md);
	cr_assert(strstr(md, "| CBM/T-3 | milestone | SIT 准入 |"), "%s", md);
	cr_assert(strstr(md, "| 2027-02-03 | CBM/R-1 | review | 数据迁移丢失 | wang-li | 26 |"), "%s", md);
	/* PAY: no plan, nothing overdue */
	cr_assert(strstr(md, "## PAY 支付\n\n### Plan\n\n"), "%s", md);
	free(md);
	free(again);
	free(dir);
}

Test(e2e_report_md, one_project_with_p)
{
	char *dir = report_repo(), *md;
	th_result r;

	md = th_sh(dir, "pmo -p CBM report --md --today 2027-03-01");
	cr_assert(strstr(md, "\n| CBM | 核心银行系统迁移 | "), "%s", md);
	cr_assert(!strstr(md, "PAY"), "%s", md);
	cr_assert(strstr(md, "```mermaid\ngantt\n"), "%s", md);
	RUN(&r, dir, "pmo report");
	EXPECT(&r, 2, "", "pmo: error: report needs --html DIR (a static site) or --md (Markdown on standard output)\n");
	th_result_free(&r);
	free(md);
	free(dir);
}
