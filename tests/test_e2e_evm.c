/* End to end: earned value in money (pmo evm), the planned cost of tasks,
 * baselines that freeze costs and the progress of their day, and the cost
 * lines of pmo status, through the built pmo in temporary git
 * repositories (today 2027-01-04, project CBM from Monday 2027-01-04). */
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

/* projects/CBM/budget.yaml as written, committed. */
static void budget(const char *dir, const char *yaml)
{
	th_write(dir, "projects/CBM/budget.yaml", yaml);
	ok(dir, "git add projects/CBM/budget.yaml && git commit -qm budget");
}

/* The worked case of the issue: one task of 10 working days costing
 * 100,000.00, a baseline taken before it starts, then 40% done and one
 * expense of 45,000.00 on Friday 2027-01-08 (no budget line). */
static char *worked_case(void)
{
	char *dir = th_demo_repo(), *plan;

	ok(dir, "pmo -p CBM task add 核心系统迁移 duration=10 cost=100000.00 >/dev/null && "
		"pmo -p CBM baseline set >/dev/null");
	plan = th_read(dir, "projects/CBM/plan.yaml");
	cr_assert(strstr(plan, "baselines:\n  v1:\n    date: '2027-01-04'\n    as_of: '2027-01-04'\n    tasks:\n"
			       "      T-1:\n        start: '2027-01-04'\n        finish: '2027-01-15'\n"
			       "        cost: '100000.00'\n"),
		  "%s", plan);
	free(plan);
	ok(dir, "pmo -p CBM task set T-1 progress=40 actual_start=2027-01-04 >/dev/null");
	budget(dir, "expenses:\n"
		    "  - id: E-1\n"
		    "    amount: '45000.00'\n"
		    "    date: 2027-01-08\n"
		    "    title: 迁移服务首付款\n");
	return dir;
}

Test(e2e_evm, the_worked_case_comes_out_exactly)
{
	char *dir = worked_case();
	th_result r;

	RUN(&r, dir, "pmo -p CBM evm --as-of 2027-01-09");
	EXPECT(&r, 0,
	       "earned value of CBM as of 2027-01-09, against baseline v1 (taken 2027-01-04), in CNY\n"
	       "BAC  100,000.00  the baseline's planned cost\n"
	       "PV    50,000.00  planned value\n"
	       "EV    40,000.00  earned value\n"
	       "AC    45,000.00  actual cost: 1 expense up to 2027-01-09\n"
	       "SV   -10,000.00  EV − PV\n"
	       "CV    -5,000.00  EV − AC\n"
	       "SPI      0.8000  EV / PV\n"
	       "CPI      0.8889  EV / AC\n"
	       "EAC  112,500.00  BAC / CPI\n"
	       "     105,000.00  AC + (BAC − EV)\n"
	       "     129,375.00  AC + (BAC − EV) / (CPI × SPI)\n"
	       "ETC   67,500.00  EAC − AC\n"
	       "VAC  -12,500.00  BAC − EAC\n"
	       "TCPI     1.0909  (BAC − EV) / (BAC − AC)\n",
	       "");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM --format json evm --as-of 2027-01-09");
	EXPECT(&r, 0,
	       "{\n"
	       "  \"version\": 1,\n"
	       "  \"project\": \"CBM\", \"as_of\": \"2027-01-09\", \"baseline\": \"v1\", \"baseline_date\": \"2027-01-04\", "
	       "\"currency\": \"CNY\", \"progress\": \"today\", \"progress_commit\": null, \"progress_date\": null, "
	       "\"budget_lines\": null, \"costs_from_plan\": false, \"not_in_baseline\": \"0.00\", "
	       "\"expenses\": 1, \"expenses_later\": 0, \"unrated_assignments\": 0,\n"
	       "  \"totals\": {\"id\": \"CBM\", \"bac\": \"100000.00\", \"pv\": \"50000.00\", \"ev\": \"40000.00\", "
	       "\"ac\": \"45000.00\", \"sv\": \"-10000.00\", \"cv\": \"-5000.00\", \"spi\": 0.8, \"cpi\": 0.8889, "
	       "\"eac\": \"112500.00\", \"eac_method\": \"bac/cpi\", \"eac_forecasts\": {\"bac/cpi\": \"112500.00\", "
	       "\"ac+bac-ev\": \"105000.00\", \"ac+(bac-ev)/(cpi*spi)\": \"129375.00\"}, \"etc\": \"67500.00\", "
	       "\"vac\": \"-12500.00\", \"tcpi\": 1.0909},\n"
	       "  \"summaries\": []\n"
	       "}\n",
	       "");
	th_result_free(&r);
	/* the day before the expense: nothing spent yet, so no CPI, and EAC is
	 * the rest at the planned rate */
	RUN(&r, dir, "pmo -p CBM evm --as-of 2027-01-07 | sed -n '5p;8,11p'");
	EXPECT(&r, 0,
	       "AC         0.00  actual cost: 0 expenses up to 2027-01-07\n"
	       "SPI      1.3333  EV / PV\n"
	       "CPI         n/a  EV / AC\n"
	       "            n/a  BAC / CPI (no CPI while EV or AC is 0)\n"
	       "EAC   60,000.00  AC + (BAC − EV)\n",
	       "");
	th_result_free(&r);
	free(dir);
}

/* status keeps its detail and adds the cost; its SPI is evm's, by cost */
Test(e2e_evm, status_adds_the_cost_and_agrees_with_evm_on_spi)
{
	char *dir = worked_case();
	th_result r;

	RUN(&r, dir, "pmo -p CBM status --as-of 2027-01-09");
	EXPECT(&r, 0,
	       "project CBM as of 2027-01-09, against baseline v1 (2027-01-04)\n"
	       "finish:    2027-01-18 (baseline 2027-01-15, +1 working days)\n"
	       "progress:  40% (planned 50%)\n"
	       "SPI:       0.80\n"
	       "cost:      BAC 100,000.00, AC 45,000.00, CPI 0.89, EAC 112,500.00 CNY\n"
	       "late tasks: 1\n"
	       "  T-1  核心系统迁移  finish 2027-01-15 → 2027-01-18 (+1 working days), 40% done\n"
	       "slipped milestones: 0\n",
	       "");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM status --as-of 2027-01-09 --format json | python3 -c 'import json,sys; "
		     "d=json.load(sys.stdin); print(d[\"spi\"], d[\"cost\"])'");
	EXPECT(&r, 0,
	       "0.8 {'currency': 'CNY', 'bac': '100000.00', 'ac': '45000.00', 'cpi': 0.8889, 'eac': '112500.00', "
	       "'planned': '100000.00'}\n",
	       "");
	th_result_free(&r);
	free(dir);
}

/* Two tasks under a summary, with labour: rate is a full day of 8 hours,
 * scaled by the person's capacity and allocation. */
Test(e2e_evm, a_summary_with_labour_cost_comes_out_exactly)
{
	char *dir = th_demo_repo();
	th_result r;

	ok(dir, "pmo person set wang-li rate=1800.00 capacity=6 >/dev/null && "
		"pmo person set zhao-min rate=1200.00 >/dev/null && "
		"pmo -p CBM task add 设计 >/dev/null && "
		"pmo -p CBM task add 概要设计 parent=T-1 duration=5 cost=3000.00 assignees=wang-li:50 >/dev/null && "
		"pmo -p CBM task add 详细设计 parent=T-1 duration=10 depends=T-2 assignees=wang-li,zhao-min:50 >/dev/null && "
		"pmo -p CBM task add 采购 duration=1 >/dev/null && "
		"pmo -p CBM baseline set >/dev/null");
	/* T-2: 3,000.00 + 0.5 × 6/8 × 5 × 1,800.00 = 6,375.00; T-3: 1 × 6/8 ×
	 * 10 × 1,800.00 + 0.5 × 8/8 × 10 × 1,200.00 = 19,500.00 */
	RUN(&r, dir, "sed -n '/^baselines/,$p' projects/CBM/plan.yaml | grep -c cost; "
		     "grep -A4 '      T-[23]:' projects/CBM/plan.yaml | grep cost");
	EXPECT(&r, 0, "2\n        cost: '6375.00'\n        cost: '19500.00'\n", "");
	th_result_free(&r);
	ok(dir, "pmo -p CBM task set T-2 progress=100 actual_start=2027-01-04 actual_finish=2027-01-08 >/dev/null && "
		"pmo -p CBM task set T-3 progress=30 actual_start=2027-01-11 >/dev/null");
	budget(dir, "lines:\n"
		    "  - id: B-1\n"
		    "    title: 设计服务\n"
		    "    planned: '30000.00'\n"
		    "    category: labour\n"
		    "expenses:\n"
		    "  - id: E-1\n"
		    "    amount: '8000.00'\n"
		    "    line: B-1\n"
		    "    date: 2027-01-08\n"
		    "    task: T-2\n"
		    "  - id: E-2\n"
		    "    amount: '5000.00'\n"
		    "    line: B-1\n"
		    "    date: 2027-01-14\n"
		    "    task: T-3\n"
		    "  - id: E-3\n"
		    "    amount: '1000.00'\n"
		    "    date: 2027-01-13\n"
		    "  - id: E-4\n"
		    "    amount: '2000.00'\n"
		    "    date: 2027-01-20\n"
		    "    task: T-3\n");
	/* as of Friday 2027-01-15: T-2 planned and earned whole, T-3 4 of
	 * its 10 days planned (7,800.00), 30% earned (5,850.00); AC 14,000.00
	 * for the project (E-3 is on no task; E-4 is later), 13,000.00 for T-1 */
	RUN(&r, dir, "pmo -p CBM evm --as-of 2027-01-15");
	EXPECT(&r, 0,
	       "earned value of CBM as of 2027-01-15, against baseline v1 (taken 2027-01-04), in CNY\n"
	       "BAC  25,875.00  the baseline's planned cost (budget lines: 30,000.00)\n"
	       "PV   14,175.00  planned value\n"
	       "EV   12,225.00  earned value\n"
	       "AC   14,000.00  actual cost: 3 expenses up to 2027-01-15\n"
	       "SV   -1,950.00  EV − PV\n"
	       "CV   -1,775.00  EV − AC\n"
	       "SPI     0.8624  EV / PV\n"
	       "CPI     0.8732  EV / AC\n"
	       "EAC  29,631.90  BAC / CPI\n"
	       "     27,650.00  AC + (BAC − EV)\n"
	       "     32,125.33  AC + (BAC − EV) / (CPI × SPI)\n"
	       "ETC  15,631.90  EAC − AC\n"
	       "VAC  -3,756.90  BAC − EAC\n"
	       "TCPI    1.1495  (BAC − EV) / (BAC − AC)\n"
	       "\n"
	       "summary tasks:\n"
	       "ID   Title        BAC         PV         EV         AC         SV       CV     SPI     CPI        EAC        VAC\n"
	       "T-1  设计   25,875.00  14,175.00  12,225.00  13,000.00  -1,950.00  -775.00  0.8624  0.9404  27,515.34  -1,640.34\n",
	       "");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM evm --as-of 2027-01-15 --format json | python3 -c 'import json,sys; "
		     "d=json.load(sys.stdin); s=d[\"summaries\"][0]; "
		     "print(d[\"budget_lines\"], d[\"expenses\"], d[\"expenses_later\"], s[\"id\"], s[\"title\"], s[\"ac\"], "
		     "s[\"cpi\"], s[\"eac\"], s[\"eac_forecasts\"], s[\"etc\"], s[\"tcpi\"])'");
	EXPECT(&r, 0,
	       "30000.00 3 1 T-1 设计 13000.00 0.9404 27515.34 {'bac/cpi': '27515.34', 'ac+bac-ev': '26650.00', "
	       "'ac+(bac-ev)/(cpi*spi)': '29830.67'} 14515.34 1.0602\n",
	       "");
	th_result_free(&r);
	free(dir);
}

/* A baseline taken after progress was recorded plans, on its day, what was
 * earned by then: status and evm both show SPI 1 (before: 0.36). */
Test(e2e_evm, a_baseline_taken_now_has_spi_1)
{
	char *dir = th_demo_repo(), *plan;
	th_result r;

	ok(dir, "pmo -p CBM task add 需求分析 duration=10 cost=50000.00 >/dev/null && "
		"pmo -p CBM task add 系统设计 duration=15 depends=T-1 cost=90000.00 >/dev/null && "
		"pmo -p CBM task add 采购 duration=3 >/dev/null && "
		"pmo -p CBM task set T-1 actual_start=2027-01-04 progress=80 >/dev/null && "
		"pmo -p CBM task set T-3 actual_start=2027-01-11 >/dev/null && "
		"PMO_TODAY=2027-01-13 pmo -p CBM baseline set >/dev/null");
	plan = th_read(dir, "projects/CBM/plan.yaml");
	cr_assert(strstr(plan, "    date: '2027-01-13'\n    as_of: '2027-01-13'\n    tasks:\n"
			       "      T-1:\n        start: '2027-01-04'\n        finish: '2027-01-15'\n"
			       "        progress: 80\n        cost: '50000.00'\n"),
		  "%s", plan);
	free(plan);
	RUN(&r, dir, "PMO_TODAY=2027-01-13 pmo -p CBM status | sed -n 3,4p");
	EXPECT(&r, 0, "progress:  29% (planned 29%)\nSPI:       1.00\n", "");
	th_result_free(&r);
	RUN(&r, dir, "PMO_TODAY=2027-01-13 pmo -p CBM evm | sed -n 2,3p\\;8p");
	EXPECT(&r, 0,
	       "BAC  140,000.00  the baseline's planned cost\n"
	       "PV    40,000.00  planned value\n"
	       "SPI      1.0000  EV / PV\n",
	       "");
	th_result_free(&r);
	/* two days on: 80% and 2 of the 3 days from 2027-01-13 to its finish */
	RUN(&r, dir, "pmo -p CBM evm --as-of 2027-01-15 | sed -n 3p");
	EXPECT(&r, 0, "PV    46,666.67  planned value\n", "");
	th_result_free(&r);
	/* without costs, status's SPI in working days is 1 as well */
	ok(dir, "sed -i '/cost:/d' projects/CBM/plan.yaml && git commit -qam 'no costs'");
	RUN(&r, dir, "PMO_TODAY=2027-01-13 pmo -p CBM status | sed -n 4,5p");
	EXPECT(&r, 0, "SPI:       1.00\nlate tasks: 0\n", "");
	th_result_free(&r);
	/* --as-of none freezes the plan alone: no status date, no progress */
	ok(dir, "pmo -p CBM baseline set --as-of none --name plan >/dev/null");
	plan = th_read(dir, "projects/CBM/plan.yaml");
	cr_assert(strstr(plan, "  plan:\n    date: '2027-01-04'\n    tasks:\n      T-1:\n        start: '2027-01-04'\n"
			       "        finish: '2027-01-15'\n      T-2:\n"),
		  "%s", plan);
	free(plan);
	free(dir);
}

/* EV as of a past day weighs the budget by the progress plan.yaml held in
 * the last commit of that day or before: 30% committed on 2027-01-08, 70%
 * on 2027-01-13, looked at on 2027-01-20 */
Test(e2e_evm, ev_as_of_a_past_day_uses_the_progress_recorded_then)
{
	/* today's progress is still in the worktree, uncommitted: not history */
	char *dir = th_progress_history_repo();
	th_result r;

	RUN(&r, dir, "export PMO_TODAY=2027-01-20; for d in 2027-01-07 2027-01-08 2027-01-12 2027-01-13 2027-01-20; do "
		     "pmo -p CBM evm --as-of $d | grep '^progress\\|^EV' | sed 's/(commit [0-9a-f]*)/(commit …)/'; done");
	EXPECT(&r, 0,
	       "progress as recorded on 2027-01-04 (commit …)\n"
	       "EV         0.00  earned value\n"
	       "progress as recorded on 2027-01-08 (commit …)\n"
	       "EV    30,000.00  earned value\n"
	       "progress as recorded on 2027-01-08 (commit …)\n"
	       "EV    30,000.00  earned value\n"
	       "progress as recorded on 2027-01-13 (commit …)\n"
	       "EV    70,000.00  earned value\n"
	       "EV    90,000.00  earned value\n",
	       "");
	th_result_free(&r);
	/* the commit named is the one of that day */
	RUN(&r, dir, "PMO_TODAY=2027-01-20 pmo -p CBM --format json evm --as-of 2027-01-12 | "
		     "grep -o '\"progress\": .*\"progress_date\": [^,]*' | sed \"s/$(git rev-parse HEAD~1)/HEAD~1/\"");
	EXPECT(&r, 0, "\"progress\": \"recorded\", \"progress_commit\": \"HEAD~1\", \"progress_date\": \"2027-01-08\"\n", "");
	th_result_free(&r);
	/* before the first commit nothing was recorded: nothing is earned */
	RUN(&r, dir, "PMO_TODAY=2027-01-20 pmo -p CBM evm --as-of 2027-01-01 | grep '^progress\\|^EV'");
	EXPECT(&r, 0, "progress: none recorded by 2027-01-01\nEV         0.00  earned value\n",
	       "pmo: warning: no commit of projects/CBM/plan.yaml on or before 2027-01-01: no progress was recorded "
	       "by then, so nothing is earned\n");
	th_result_free(&r);
	free(dir);
}

/* evm checks of plan.yaml what its figures rest on: an error of the
 * schema's alone (an unknown field, a title that is a list) is pmo
 * validate's to report, while a progress out of range, a dependency on a
 * task that is not there or a cycle still stop it */
Test(e2e_evm, evm_stops_at_the_plan_errors_that_make_its_figures_wrong)
{
	char *dir = worked_case();
	th_result r;

	ok(dir, "sed -i 's/^    title: 核心系统迁移$/    title: [核心系统迁移]\\n    colour: red/' projects/CBM/plan.yaml");
	RUN(&r, dir, "pmo validate >/dev/null");
	cr_assert_eq(r.status, 1, "%s", r.out);
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM evm --as-of 2027-01-09 | sed -n 4p");
	EXPECT(&r, 0, "EV    40,000.00  earned value\n", "");
	th_result_free(&r);
	ok(dir, "sed -i 's/^    progress: 40$/    progress: 140/' projects/CBM/plan.yaml");
	RUN(&r, dir, "pmo -p CBM evm --as-of 2027-01-09");
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "progress must be a whole percentage 0..100"), "%s", r.err);
	th_result_free(&r);
	ok(dir, "sed -i 's/^    progress: 140$/    progress: 40\\n    depends: [T-9]/' projects/CBM/plan.yaml");
	RUN(&r, dir, "pmo -p CBM evm --as-of 2027-01-09");
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "T-9"), "%s", r.err);
	th_result_free(&r);
	free(dir);
}

Test(e2e_evm, what_evm_refuses_and_warns_of)
{
	static const char rate_error[] = "people/wang-li.yaml:5:7: error: person wang-li: rate: '12.345' has 3 "
					 "decimal places; CNY allows 2 (an exact decimal such as 1200.00)\n";
	char *dir = th_demo_repo();
	th_result r;

	ok(dir, "pmo -p CBM task add 需求分析 duration=10 assignees=wang-li >/dev/null");
	RUN(&r, dir, "pmo -p CBM evm");
	EXPECT(&r, 1, "",
	       "pmo: error: no baseline in projects/CBM/plan.yaml to measure against; take one with: "
	       "pmo -p CBM baseline set\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM evm --as-of none");
	EXPECT(&r, 2, "", "pmo: error: --as-of: evm needs a date\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM evm --format csv");
	cr_assert_eq(r.status, 2, "%s", r.err);
	th_result_free(&r);
	ok(dir, "pmo -p CBM baseline set >/dev/null");
	RUN(&r, dir, "pmo -p CBM evm --baseline v9");
	EXPECT(&r, 1, "", "pmo: error: no baseline v9 in projects/CBM/plan.yaml\n");
	th_result_free(&r);
	/* a baseline without costs, taken before the plan had any: today's
	 * planned costs, said so; wang-li has no rate */
	ok(dir, "pmo -p CBM task set T-1 cost=2000 >/dev/null && pmo -p CBM task add 验收 duration=2 cost=500 >/dev/null");
	RUN(&r, dir, "pmo -p CBM evm | sed -n 2p");
	EXPECT(&r, 0, "BAC  2,000.00  the baseline's planned cost\n",
	       "pmo: warning: baseline v1 has no costs (taken before the plan had costs): today's planned costs are "
	       "its budget; take a new baseline to freeze them (pmo -p CBM baseline set)\n"
	       "pmo: warning: 1 task not in baseline v1 plans 500.00: not in BAC, PV or EV\n"
	       "pmo: warning: 1 assignment of people without a rate (people/<handle>.yaml rate): no labour cost "
	       "for it\n");
	th_result_free(&r);
	/* a rate that is not an amount names its file, line and column */
	ok(dir, "printf 'rate: 12.345\\n' >>people/wang-li.yaml && git commit -qam rate");
	RUN(&r, dir, "pmo -p CBM evm");
	cr_assert_eq(r.status, 1);
	cr_assert_str_eq(r.err, rate_error);
	th_result_free(&r);
	/* budget.yaml is read beside the plan, on another core: with a rate
	 * and a budget both wrong, the rate is told first, as when they were
	 * read one after the other; then the budget's, on one thread or two */
	budget(dir, "lines:\n  - id: B-1\n    title: 实施\n    planned: 12.345\n    category: capex\n");
	RUN(&r, dir, "PMO_THREADS=2 pmo -p CBM evm");
	cr_assert_eq(r.status, 1);
	cr_assert_str_eq(r.err, rate_error);
	th_result_free(&r);
	ok(dir, "sed -i 's/^rate: 12.345/rate: 12.34/' people/wang-li.yaml && git commit -qam rate");
	RUN(&r, dir, "for t in 1 2; do PMO_THREADS=$t pmo -p CBM evm; echo \"exit $?\"; done 2>&1");
	EXPECT(&r, 0,
	       "projects/CBM/budget.yaml:4:14: error: planned: '12.345' has 3 decimal places; CNY allows 2 (an exact "
	       "decimal such as 1200.00)\nexit 1\n"
	       "projects/CBM/budget.yaml:4:14: error: planned: '12.345' has 3 decimal places; CNY allows 2 (an exact "
	       "decimal such as 1200.00)\nexit 1\n",
	       "");
	th_result_free(&r);
	free(dir);
}
