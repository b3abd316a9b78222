/* End to end: the portfolio's weekly status, `pmo status` without a
 * project, through the built pmo in a temporary git repository (today
 * 2027-01-04, the status date 2027-01-18). CBM is late (SPI 0.50, finish
 * five working days after its baseline), has a critical and a high risk
 * and an overdue action; MOB finished on its baseline's day with a high
 * risk; OLD is closed, with an overdue action, and is left out. */
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
	cr_assert_eq(r.status, 0, "%s: %s", cmd, r.err);
	th_result_free(&r);
}

static char *portfolio(void)
{
	char *dir = th_demo_repo();

	ok(dir, "pmo project set CBM status=active >/dev/null && "
		"pmo project add MOB name=手机银行 manager=zhao-min start=2027-01-04 >/dev/null && "
		"pmo project set MOB status=active >/dev/null && "
		"pmo project add OLD name=旧核心下线 start=2026-03-02 >/dev/null && "
		"pmo project set OLD status=active >/dev/null && "
		"pmo -p OLD action add 归档旧数据 due=2026-12-01 >/dev/null && "
		"pmo project close OLD --reason 已下线 >/dev/null");
	ok(dir, "pmo -p CBM task add 需求分析 duration=10 >/dev/null && "
		"pmo -p CBM task add 系统设计 duration=15 depends=T-1 >/dev/null && "
		"pmo -p CBM milestone add 设计评审通过 depends=T-2 >/dev/null && "
		"pmo -p CBM baseline set >/dev/null && "
		"pmo -p CBM task set T-1 actual_start=2027-01-11 progress=50 >/dev/null && "
		"pmo -p CBM risk add 核心数据迁移丢失 probability=5 impact=5 owner=wang-li >/dev/null && "
		"pmo -p CBM risk add 供应商延期 probability=3 impact=4 owner=zhao-min >/dev/null && "
		"pmo -p CBM action add 确认迁移窗口 due=2027-01-12 owner=wang-li >/dev/null");
	ok(dir, "pmo -p MOB task add 界面设计 duration=10 >/dev/null && "
		"pmo -p MOB baseline set >/dev/null && "
		"pmo -p MOB task set T-1 actual_start=2027-01-04 actual_finish=2027-01-15 progress=100 >/dev/null && "
		"pmo -p MOB risk add 测试资源不足 probability=2 impact=5 owner=zhao-min >/dev/null && "
		"pmo -p MOB risk add 机房断电 probability=5 impact=5 owner=zhao-min >/dev/null && "
		"pmo -p MOB risk close R-2 --reason 已演练 >/dev/null");
	return dir;
}

static const char table_out[] =
	"Project  Name              Status  Finish      Slip   SPI  CPI  Done  Budget  Used  High  Critical  Overdue  Rating\n"
	"CBM      核心银行系统迁移  active  2027-02-12    +5  0.50  n/a   20%     n/a   n/a     1         1        1  "
	"red: SPI 0.50 < 0.85, critical risks 1 ≥ 1; amber: finish +5 ≥ 5 working days, overdue 1 ≥ 1\n"
	"MOB      手机银行          active  2027-01-15     0  1.00  n/a  100%     n/a   n/a     1         0        0  green\n"
	"Total    2 projects                                                      n/a   n/a     2         1        1  "
	"1 red, 0 amber, 1 green\n";

Test(e2e_status, table_rates_every_active_project_and_leaves_out_the_closed)
{
	char *dir = portfolio();
	th_result r;

	RUN(&r, dir, "pmo status --as-of 2027-01-18");
	EXPECT(&r, 0, table_out, "");
	th_result_free(&r);
	/* default_project picks no project for status; -p and the folder do */
	ok(dir, "printf 'default_project: CBM\\n' >> pmo.yaml && git commit -qam default");
	RUN(&r, dir, "pmo status --as-of 2027-01-18");
	EXPECT(&r, 0, table_out, "");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM status --as-of 2027-01-18 | head -n 1 && cd projects/MOB && pmo status --as-of 2027-01-18 | head -n 1");
	EXPECT(&r, 0, "project CBM as of 2027-01-18, against baseline v1 (2027-01-04)\n"
		      "project MOB as of 2027-01-18, against baseline v1 (2027-01-04)\n", "");
	th_result_free(&r);
	free(dir);
}

Test(e2e_status, csv_md_and_json)
{
	char *dir = portfolio();
	th_result r;

	RUN(&r, dir, "pmo status --as-of 2027-01-18 --format csv");
	EXPECT(&r, 0,
	       "project,name,status,manager,finish,baseline_finish,finish_variance,spi,cpi,progress,"
	       "budget_planned,budget_spent,budget_used,high_risks,critical_risks,overdue,rating,reasons\r\n"
	       "CBM,核心银行系统迁移,active,wang-li,2027-02-12,2027-02-05,5,0.50,,20.0,,,,1,1,1,red,"
	       "\"red: SPI 0.50 < 0.85, critical risks 1 ≥ 1; amber: finish +5 ≥ 5 working days, overdue 1 ≥ 1\"\r\n"
	       "MOB,手机银行,active,zhao-min,2027-01-15,2027-01-15,0,1.00,,100.0,,,,1,0,0,green,\r\n", "");
	th_result_free(&r);
	RUN(&r, dir, "pmo --format md status --as-of 2027-01-18");
	EXPECT(&r, 0,
	       "| Project | Name | Status | Finish | Slip | SPI | CPI | Done | Budget | Used | High | Critical | Overdue | Rating |\n"
	       "| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n"
	       "| CBM | 核心银行系统迁移 | active | 2027-02-12 | +5 | 0.50 | n/a | 20% | n/a | n/a | 1 | 1 | 1 | "
	       "🔴 red: SPI 0.50 < 0.85, critical risks 1 ≥ 1; amber: finish +5 ≥ 5 working days, overdue 1 ≥ 1 |\n"
	       "| MOB | 手机银行 | active | 2027-01-15 | 0 | 1.00 | n/a | 100% | n/a | n/a | 1 | 0 | 0 | 🟢 green |\n"
	       "| Total | 2 projects |  |  |  |  |  |  | n/a | n/a | 2 | 1 | 1 | 🔴 1 red, 🟡 0 amber, 🟢 1 green |\n", "");
	th_result_free(&r);
	RUN(&r, dir, "pmo status --as-of 2027-01-18 --format json");
	EXPECT(&r, 0,
	       "{\n  \"version\": 1,\n  \"as_of\": \"2027-01-18\",\n  \"currency\": \"CNY\",\n"
	       "  \"thresholds\": {\"amber\": {\"spi\": 0.95, \"cpi\": 0.95, \"finish_days\": 5, \"overdue\": 1, "
	       "\"high_risks\": null, \"critical_risks\": null}, \"red\": {\"spi\": 0.85, \"cpi\": 0.85, "
	       "\"finish_days\": 10, \"overdue\": null, \"high_risks\": null, \"critical_risks\": 1}},\n"
	       "  \"projects\": [\n"
	       "    {\"project\": \"CBM\", \"name\": \"核心银行系统迁移\", \"status\": \"active\", \"manager\": \"wang-li\", "
	       "\"finish\": \"2027-02-12\", \"baseline_finish\": \"2027-02-05\", \"finish_variance\": 5, \"spi\": 0.50, "
	       "\"cpi\": null, \"progress\": 20.0, \"budget_planned\": null, \"budget_spent\": null, \"budget_used\": null, "
	       "\"high_risks\": 1, \"critical_risks\": 1, \"overdue\": 1, \"rating\": \"red\", \"plan_errors\": 0, "
	       "\"reasons\": [{\"level\": \"red\", \"figure\": \"spi\", \"text\": \"SPI 0.50 < 0.85\"}, "
	       "{\"level\": \"red\", \"figure\": \"critical_risks\", \"text\": \"critical risks 1 ≥ 1\"}, "
	       "{\"level\": \"amber\", \"figure\": \"finish_days\", \"text\": \"finish +5 ≥ 5 working days\"}, "
	       "{\"level\": \"amber\", \"figure\": \"overdue\", \"text\": \"overdue 1 ≥ 1\"}]},\n"
	       "    {\"project\": \"MOB\", \"name\": \"手机银行\", \"status\": \"active\", \"manager\": \"zhao-min\", "
	       "\"finish\": \"2027-01-15\", \"baseline_finish\": \"2027-01-15\", \"finish_variance\": 0, \"spi\": 1.00, "
	       "\"cpi\": null, \"progress\": 100.0, \"budget_planned\": null, \"budget_spent\": null, \"budget_used\": null, "
	       "\"high_risks\": 1, \"critical_risks\": 0, \"overdue\": 0, \"rating\": \"green\", \"plan_errors\": 0, "
	       "\"reasons\": []}\n"
	       "  ],\n"
	       "  \"totals\": {\"projects\": 2, \"red\": 1, \"amber\": 0, \"green\": 1, \"budget_planned\": null, "
	       "\"budget_spent\": null, \"budget_used\": null, \"high_risks\": 2, \"critical_risks\": 1, \"overdue\": 1}\n"
	       "}\n", "");
	th_result_free(&r);
	/* it is JSON */
	RUN(&r, dir, "pmo status --as-of 2027-01-18 --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); "
		     "print([(p[\"project\"], p[\"rating\"]) for p in d[\"projects\"]])'");
	EXPECT(&r, 0, "[('CBM', 'red'), ('MOB', 'green')]\n", "");
	th_result_free(&r);
	free(dir);
}

Test(e2e_status, thresholds_in_pmo_yaml_change_the_rating)
{
	char *dir = portfolio();
	th_result r;

	/* looser: SPI 0.50 is no longer below amber's, +5 days under 6,
	 * overdue items and critical risks not rated; MOB red on high risks */
	ok(dir, "printf 'status:\\n  amber:\\n    spi: 0.5\\n    finish_days: 6\\n    overdue: null\\n"
		"  red:\\n    spi: 0.4\\n    critical_risks: null\\n    high_risks: 1\\n' >> pmo.yaml && "
		"pmo validate >/dev/null && git commit -qam thresholds");
	RUN(&r, dir, "pmo status --as-of 2027-01-18 --format csv | cut -d, -f1,17-");
	EXPECT(&r, 0, "project,rating,reasons\r\nCBM,red,red: high risks 1 ≥ 1\r\nMOB,red,red: high risks 1 ≥ 1\r\n", "");
	th_result_free(&r);
	RUN(&r, dir, "pmo status --as-of 2027-01-18 --format json | python3 -c 'import json,sys; "
		     "print(json.load(sys.stdin)[\"thresholds\"])'");
	EXPECT(&r, 0, "{'amber': {'spi': 0.5, 'cpi': 0.95, 'finish_days': 6, 'overdue': None, 'high_risks': None, "
		      "'critical_risks': None}, 'red': {'spi': 0.4, 'cpi': 0.85, 'finish_days': 10, 'overdue': None, "
		      "'high_risks': 1, 'critical_risks': None}}\n", "");
	th_result_free(&r);
	/* amber alone: the figure at amber's threshold */
	ok(dir, "sed -i 's/high_risks: 1/high_risks: 2/; s/finish_days: 6/finish_days: 5/' pmo.yaml && git commit -qam amber");
	RUN(&r, dir, "pmo status --as-of 2027-01-18 --format csv | cut -d, -f1,17-");
	EXPECT(&r, 0, "project,rating,reasons\r\nCBM,amber,amber: finish +5 ≥ 5 working days\r\nMOB,green,\r\n", "");
	th_result_free(&r);
	/* a threshold that is no number: pmo.yaml's schema names it */
	ok(dir, "sed -i 's/spi: 0.4/spi: low/' pmo.yaml");
	RUN(&r, dir, "pmo status --as-of 2027-01-18");
	EXPECT(&r, 1, "", "pmo.yaml:16:10: error: status.red.spi: \"low\" is not of type number or null\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_status, a_plan_with_errors_gives_no_figures_unless_forced)
{
	char *dir = portfolio();
	th_result r;

	ok(dir, "sed -i 's/      - T-1$/      - T-9/' projects/CBM/plan.yaml && git commit -qam broken");
	RUN(&r, dir, "pmo status --as-of 2027-01-18 --format csv | sed -n 2p");
	EXPECT(&r, 0, "CBM,核心银行系统迁移,active,wang-li,,,,,,,,,,1,1,1,red,"
		      "\"red: critical risks 1 ≥ 1; amber: plan.yaml has 1 error (pmo validate), overdue 1 ≥ 1\"\r\n", "");
	th_result_free(&r);
	RUN(&r, dir, "pmo status --as-of 2027-01-18 --format csv --force | sed -n 2p | cut -d, -f5-10,17-");
	EXPECT(&r, 0, "2027-02-05,2027-02-05,0,0.50,,20.0,red,"
		      "\"red: SPI 0.50 < 0.85, critical risks 1 ≥ 1; amber: plan.yaml has 1 error (pmo validate), "
		      "figures forced, overdue 1 ≥ 1\"\r\n", "");
	th_result_free(&r);
	free(dir);
}

/* The overdue column counts the plan's milestones past their baseline
 * date as `pmo due` does: from the plan read for the figures, and from
 * the plan alone when the project has no start date to schedule from or
 * its plan has errors. */
Test(e2e_status, overdue_counts_the_milestones_of_every_plan)
{
	char *dir = portfolio();
	th_result r;

	/* 03-01: CBM's action, its two risks' reviews and its milestone
	 * (baseline 2027-02-05), as pmo due lists them */
	RUN(&r, dir, "pmo due --today 2027-03-01 --overdue project=CBM --format csv | cut -d, -f2 | tail -n +2 | tr '\\n' ' '");
	EXPECT(&r, 0, "CBM/A-1 CBM/R-1 CBM/R-2 CBM/T-3 ", "");
	th_result_free(&r);
	RUN(&r, dir, "pmo status --as-of 2027-03-01 --format csv | sed -n 2p | cut -d, -f1,16");
	EXPECT(&r, 0, "CBM,4\n", "");
	th_result_free(&r);
	ok(dir, "sed -i '/^start:/d' projects/CBM/project.yaml && git commit -qam nostart");
	RUN(&r, dir, "pmo status --as-of 2027-03-01 --format csv | sed -n 2p | cut -d, -f1,5,16");
	EXPECT(&r, 0, "CBM,,4\n", "");
	th_result_free(&r);
	ok(dir, "git checkout -q HEAD~1 -- projects/CBM/project.yaml && "
		"sed -i 's/      - T-1$/      - T-9/' projects/CBM/plan.yaml && git commit -qam broken");
	RUN(&r, dir, "pmo status --as-of 2027-03-01 --format csv | sed -n 2p | cut -d, -f1,5,16");
	EXPECT(&r, 0, "CBM,,4\n", "");
	th_result_free(&r);
	free(dir);
}

Test(e2e_status, usage_errors_and_an_empty_portfolio)
{
	char *dir = th_demo_repo();
	th_result r;

	RUN(&r, dir, "pmo status --baseline v1");
	EXPECT(&r, 2, "", "pmo: error: --baseline names a baseline of one project; use: pmo -p KEY status --baseline v1\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo status --format yaml");
	EXPECT(&r, 2, "", "pmo: error: unknown format \"yaml\"; allowed: table,json,csv,md,text\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo status --as-of 2027-02-30");
	EXPECT(&r, 2, "", "pmo: error: --as-of: \"2027-02-30\" is not a valid date (YYYY-MM-DD)\n");
	th_result_free(&r);
	/* CBM is proposed, with no plan: a row with no figures, rated on what it has */
	RUN(&r, dir, "pmo status --format csv");
	EXPECT(&r, 0,
	       "project,name,status,manager,finish,baseline_finish,finish_variance,spi,cpi,progress,"
	       "budget_planned,budget_spent,budget_used,high_risks,critical_risks,overdue,rating,reasons\r\n"
	       "CBM,核心银行系统迁移,proposed,wang-li,,,,,,,,,,0,0,0,green,\r\n", "");
	th_result_free(&r);
	ok(dir, "pmo project set CBM status=cancelled resolution=预算取消 >/dev/null");
	RUN(&r, dir, "pmo status");
	EXPECT(&r, 0,
	       "Project  Name        Status  Finish  Slip  SPI  CPI  Done  Budget  Used  High  Critical  Overdue  Rating\n"
	       "Total    0 projects                                           n/a   n/a     0         0        0  "
	       "0 red, 0 amber, 0 green\n", "");
	th_result_free(&r);
	free(dir);
}

Test(e2e_status, budget_used_and_cpi_from_the_budget_and_the_plans_costs)
{
	char *dir = portfolio();
	th_result r;

	/* MOB: a budget, spent in part (an expense after the status date not
	 * counted); CBM: T-1 costs 100000.00 in a new baseline, half earned,
	 * 60000.00 spent on it: CPI 50000 / 60000 */
	ok(dir, "pmo -p MOB budget add 服务器与存储 planned=1200000.00 category=capex >/dev/null && "
		"pmo -p MOB expense add 356000.50 line=B-1 date=2027-01-10 >/dev/null && "
		"pmo -p MOB expense add 1000.00 line=B-1 date=2027-02-01 >/dev/null && "
		"pmo -p CBM task set T-1 cost=100000.00 >/dev/null && pmo -p CBM baseline set --name v2 >/dev/null && "
		"pmo -p CBM budget add 实施服务 planned=200000.00 category=vendor >/dev/null && "
		"pmo -p CBM expense add 60000.00 line=B-1 task=T-1 date=2027-01-15 >/dev/null");
	RUN(&r, dir, "pmo status --as-of 2027-01-18 --format csv | cut -d, -f1,8-13,17");
	/* (cut leaves out the last field, reasons, and the \r after it) */
	EXPECT(&r, 0, "project,spi,cpi,progress,budget_planned,budget_spent,budget_used,rating\n"
		      "CBM,0.67,0.83,20.0,200000.00,60000.00,0.3000,red\n"
		      "MOB,1.00,,100.0,1200000.00,356000.50,0.2967,green\n", "");
	th_result_free(&r);
	/* SPI and CPI by planned cost, as pmo -p CBM status has them */
	RUN(&r, dir, "pmo status --as-of 2027-01-18 && pmo -p CBM status --as-of 2027-01-18 | sed -n 4,5p");
	EXPECT(&r, 0,
	       "Project  Name              Status  Finish      Slip   SPI   CPI  Done        Budget    Used  High  Critical  Overdue  Rating\n"
	       "CBM      核心银行系统迁移  active  2027-02-12     0  0.67  0.83   20%    200,000.00  30.00%     1         1        1  "
	       "red: SPI 0.67 < 0.85, CPI 0.83 < 0.85, critical risks 1 ≥ 1; amber: overdue 1 ≥ 1\n"
	       "MOB      手机银行          active  2027-01-15     0  1.00   n/a  100%  1,200,000.00  29.67%     1         0        0  green\n"
	       "Total    2 projects                                                    1,400,000.00  29.71%     2         1        1  "
	       "1 red, 0 amber, 1 green\n"
	       "SPI:       0.67\n"
	       "cost:      BAC 100,000.00, AC 60,000.00, CPI 0.83, EAC 120,000.00 CNY\n", "");
	th_result_free(&r);
	/* MOB has expenses but no planned cost: no CPI, as in the portfolio */
	RUN(&r, dir, "pmo -p MOB status --as-of 2027-01-18 | grep '^cost:' && "
		     "pmo -p MOB status --as-of 2027-01-18 --format json | grep -o '\"cpi\": [a-z0-9.]*'");
	EXPECT(&r, 0, "cost:      BAC 0.00, AC 356,000.50, CPI n/a, EAC 356,000.50 CNY\n\"cpi\": null\n", "");
	th_result_free(&r);
	free(dir);
}

/* A past status date gives the status of that day: the progress plan.yaml
 * held in the last commit of that day or before (as pmo evm has it), not
 * today's; 30% committed on 2027-01-08, 70% on 2027-01-13, looked at on
 * 2027-01-20, for one project and for the portfolio */
Test(e2e_status, a_past_day_uses_the_progress_recorded_then)
{
	/* today's progress (90%) is still in the worktree, uncommitted: not history */
	char *dir = th_progress_history_repo();
	th_result r;

	RUN(&r, dir, "export PMO_TODAY=2027-01-20; for d in 2027-01-07 2027-01-12 2027-01-13 2027-01-20; do "
		     "pmo -p CBM status --as-of $d | grep '^progress' | sed 's/(commit [0-9a-f]*)/(commit …)/'; done");
	EXPECT(&r, 0,
	       "progress as recorded on 2027-01-04 (commit …)\n"
	       "progress:  0% (planned 30%)\n"
	       "progress as recorded on 2027-01-08 (commit …)\n"
	       "progress:  30% (planned 60%)\n"
	       "progress as recorded on 2027-01-13 (commit …)\n"
	       "progress:  70% (planned 70%)\n"
	       "progress:  90% (planned 100%)\n",
	       "");
	th_result_free(&r);
	/* the commit named is the one of that day; today's names none */
	RUN(&r, dir, "export PMO_TODAY=2027-01-20; for d in 2027-01-12 2027-01-20; do pmo -p CBM --format json status "
		     "--as-of $d | grep -o '\"progress\": .*\"progress_date\": [^,]*' | sed \"s/$(git rev-parse HEAD~1)/HEAD~1/\"; done");
	EXPECT(&r, 0,
	       "\"progress\": 30.0, \"planned_progress\": 60.0, \"progress_commit\": \"HEAD~1\", \"progress_date\": \"2027-01-08\"\n"
	       "\"progress\": 90.0, \"planned_progress\": 100.0, \"progress_commit\": null, \"progress_date\": null\n",
	       "");
	th_result_free(&r);
	/* the portfolio's Done column, on the same days */
	RUN(&r, dir, "export PMO_TODAY=2027-01-20; for d in 2027-01-12 2027-01-13 2027-01-20; do "
		     "pmo status --as-of $d --format csv | sed -n 2p | cut -d, -f1,10; done");
	EXPECT(&r, 0, "CBM,30.0\nCBM,70.0\nCBM,90.0\n", "");
	th_result_free(&r);
	/* before the first commit nothing was recorded */
	RUN(&r, dir, "PMO_TODAY=2027-01-20 pmo -p CBM status --as-of 2027-01-01 | grep '^progress'; "
		     "PMO_TODAY=2027-01-20 pmo status --as-of 2027-01-01 --format csv | sed -n 2p | cut -d, -f1,10");
	EXPECT(&r, 0, "progress: none recorded by 2027-01-01\nprogress:  0% (planned 0%)\nCBM,0.0\n",
	       "pmo: warning: no commit of projects/CBM/plan.yaml on or before 2027-01-01: no progress was recorded "
	       "by then\n");
	th_result_free(&r);
	free(dir);
}
