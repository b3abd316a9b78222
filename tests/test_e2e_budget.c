/* End to end: budgets and expenses (projects/<KEY>/budget.yaml) as the
 * issue's commands drive them, through the built pmo in a fresh repository
 * with a person, a project, vendor V-1, contract CT-1 and a plan with T-3. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define RUN(r, dir, ...) th_run(r, dir, NULL, __VA_ARGS__)

static const char *const adds[] = {
	"pmo -p CBM budget add \"服务器与存储\" planned=1200000.00 category=capex",
	"pmo -p CBM budget add \"实施服务\" planned=3600000.00 category=vendor contract=CT-1",
	"pmo -p CBM expense add 356000.50 line=B-1 date=2027-02-10 vendor=V-1 invoice=INV-2027-088 task=T-3",
};
static const char *const subjects[] = {
	"budget CBM/B-1: add 服务器与存储\n",
	"budget CBM/B-2: add 实施服务\n",
	"expense CBM/E-1: add 356000.50\n",
};

static char *fresh(void)
{
	char *dir = th_demo_repo();
	char *out = th_sh(dir, "pmo vendor add 华信科技 >/dev/null && "
			       "pmo contract add 实施合同 vendor=V-1 value=4000000.00 >/dev/null && "
			       "pmo -p CBM task add 需求 duration=5 >/dev/null && "
			       "pmo -p CBM task add 设计 duration=5 >/dev/null && "
			       "pmo -p CBM task add 迁移 duration=5 >/dev/null");
	free(out);
	return dir;
}

static void add_all(const char *dir)
{
	size_t i;
	th_result r;

	for (i = 0; i < 3; i++) {
		RUN(&r, dir, "%s", adds[i]);
		cr_assert_eq(r.status, 0, "%s: %s", adds[i], r.err);
		cr_assert_str_eq(r.err, "");
		cr_assert_str_eq(strchr(r.out, ']') + 2, subjects[i]);
		th_result_free(&r);
	}
}

static const char budget_yaml[] =
	"lines:\n"
	"  - id: B-1\n"
	"    title: 服务器与存储\n"
	"    planned: '1200000.00'\n"
	"    category: capex\n"
	"  - id: B-2\n"
	"    title: 实施服务\n"
	"    planned: '3600000.00'\n"
	"    category: vendor\n"
	"    contract: CT-1\n"
	"expenses:\n"
	"  - id: E-1\n"
	"    amount: '356000.50'\n"
	"    line: B-1\n"
	"    date: '2027-02-10'\n"
	"    vendor: V-1\n"
	"    invoice: INV-2027-088\n"
	"    task: T-3\n";

Test(e2e_budget, each_add_is_one_commit_of_budget_yaml)
{
	char *dir = fresh(), *file, *out;

	add_all(dir);
	file = th_read(dir, "projects/CBM/budget.yaml");
	cr_assert_str_eq(file, budget_yaml);
	free(file);
	out = th_sh(dir, "git log -3 --format='%%s|%%(trailers:only,unfold)' --name-only | grep -v '^$'");
	cr_assert_str_eq(out,
		"expense CBM/E-1: add 356000.50|Pmo-Command: expense add\n"
		"Pmo-Record: CBM/E-1\n"
		"projects/CBM/budget.yaml\n"
		"budget CBM/B-2: add 实施服务|Pmo-Command: budget add\n"
		"Pmo-Record: CBM/B-2\n"
		"projects/CBM/budget.yaml\n"
		"budget CBM/B-1: add 服务器与存储|Pmo-Command: budget add\n"
		"Pmo-Record: CBM/B-1\n"
		"projects/CBM/budget.yaml\n");
	free(out);
	th_assert_sh(dir, "git status --porcelain", "");
	free(dir);
}

Test(e2e_budget, an_add_keeps_comments_and_changes_only_its_lines)
{
	char *dir = fresh(), *out;

	add_all(dir);
	/* a comment of the finance office above the file and one after an ID */
	free(th_sh(dir, "sed -i -e '1i # 预算: 经财务部 2027-01 批准' -e 's/^  - id: B-1$/  - id: B-1   # 硬件/' "
			"projects/CBM/budget.yaml"));
	free(th_sh(dir, "git commit -qam 手工注释"));
	free(th_sh(dir, "pmo -p CBM budget add 应急储备 planned=200000 category=contingency >/dev/null"));
	out = th_sh(dir, "git diff HEAD~1 HEAD | grep '^[-+]' | grep -v '^[-+][-+]'");
	cr_assert_str_eq(out,
		"+  - id: B-3\n"
		"+    title: 应急储备\n"
		"+    planned: '200000'\n"
		"+    category: contingency\n");
	free(out);
	free(th_sh(dir, "pmo -p CBM expense add 1000.00 line=B-3 >/dev/null"));
	out = th_sh(dir, "git diff HEAD~1 HEAD | grep '^[-+]' | grep -v '^[-+][-+]'");
	cr_assert_str_eq(out,
		"+  - id: E-2\n"
		"+    amount: '1000.00'\n"
		"+    line: B-3\n"
		"+    date: '2027-01-04'\n");
	free(out);
	out = th_read(dir, "projects/CBM/budget.yaml");
	{
		static const char head[] = "# 预算: 经财务部 2027-01 批准\nlines:\n  - id: B-1   # 硬件\n";
		cr_assert(!strncmp(out, head, strlen(head)), "%s", out);
	}
	free(out);
	free(dir);
}

Test(e2e_budget, the_report_in_every_format)
{
	char *dir = fresh();

	add_all(dir);
	th_assert_sh(dir, "pmo -p CBM budget",
		"ID   Title         Category       Planned     Committed       Spent     Remaining  % used\n"
		"B-1  服务器与存储  capex     1,200,000.00    356,000.50  356,000.50    843,999.50  29.67%\n"
		"B-2  实施服务      vendor    3,600,000.00  4,000,000.00        0.00  3,600,000.00   0.00%\n"
		"     Total                   4,800,000.00  4,356,000.50  356,000.50  4,443,999.50   7.42%\n");
	th_assert_sh(dir, "pmo -p CBM budget --format json",
		"{\n"
		"  \"project\": \"CBM\", \"currency\": \"CNY\",\n"
		"  \"lines\": [\n"
		"    {\"id\": \"B-1\", \"title\": \"服务器与存储\", \"category\": \"capex\", \"planned\": \"1200000.00\", "
		"\"committed\": \"356000.50\", \"spent\": \"356000.50\", \"remaining\": \"843999.50\", \"used\": 0.2967},\n"
		"    {\"id\": \"B-2\", \"title\": \"实施服务\", \"category\": \"vendor\", \"planned\": \"3600000.00\", "
		"\"committed\": \"4000000.00\", \"spent\": \"0.00\", \"remaining\": \"3600000.00\", \"used\": 0.0000}\n"
		"  ],\n"
		"  \"unlined\": null,\n"
		"  \"total\": {\"planned\": \"4800000.00\", \"committed\": \"4356000.50\", \"spent\": \"356000.50\", "
		"\"remaining\": \"4443999.50\", \"used\": 0.0742}\n"
		"}\n");
	th_assert_sh(dir, "pmo -p CBM budget --format csv",
		"ID,Title,Category,Planned,Committed,Spent,Remaining,% used\r\n"
		"B-1,服务器与存储,capex,1200000.00,356000.50,356000.50,843999.50,29.67%\r\n"
		"B-2,实施服务,vendor,3600000.00,4000000.00,0.00,3600000.00,0.00%\r\n"
		",Total,,4800000.00,4356000.50,356000.50,4443999.50,7.42%\r\n");
	th_assert_sh(dir, "pmo -p CBM budget --format md",
		"| ID | Title | Category | Planned | Committed | Spent | Remaining | % used |\n"
		"| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |\n"
		"| B-1 | 服务器与存储 | capex | 1,200,000.00 | 356,000.50 | 356,000.50 | 843,999.50 | 29.67% |\n"
		"| B-2 | 实施服务 | vendor | 3,600,000.00 | 4,000,000.00 | 0.00 | 3,600,000.00 | 0.00% |\n"
		"|  | Total |  | 4,800,000.00 | 4,356,000.50 | 356,000.50 | 4,443,999.50 | 7.42% |\n");
	free(dir);
}

Test(e2e_budget, the_portfolio_totals_over_two_projects_are_exact)
{
	char *dir = fresh();

	add_all(dir);
	free(th_sh(dir, "pmo project add MOB name=手机银行 sponsor=zhao-min manager=wang-li start=2027-01-04 >/dev/null && "
			"pmo -p MOB budget add 测试 planned=0.10 >/dev/null && "
			"pmo -p MOB budget add 外包 planned=0.20 >/dev/null && "
			"pmo -p MOB expense add 0.10 line=B-1 >/dev/null && pmo -p MOB expense add 0.20 >/dev/null"));
	th_assert_sh(dir, "pmo budget",
		"Project       Planned     Committed       Spent     Remaining   % used\n"
		"CBM      4,800,000.00  4,356,000.50  356,000.50  4,443,999.50    7.42%\n"
		"MOB              0.30          0.30        0.30          0.00  100.00%\n"
		"Total    4,800,000.30  4,356,000.80  356,000.80  4,443,999.50    7.42%\n");
	th_assert_sh(dir, "pmo budget --format csv",
		"Project,Planned,Committed,Spent,Remaining,% used\r\n"
		"CBM,4800000.00,4356000.50,356000.50,4443999.50,7.42%\r\n"
		"MOB,0.30,0.30,0.30,0.00,100.00%\r\n"
		"Total,4800000.30,4356000.80,356000.80,4443999.50,7.42%\r\n");
	free(dir);
}

static void refused(const char *dir, const char *cmd, const char *want)
{
	th_result r;

	RUN(&r, dir, "%s", cmd);
	cr_expect_eq(r.status, 2, "%s: exit %d: %s", cmd, r.status, r.err);
	cr_expect_str_eq(r.err, want, "%s", cmd);
	th_result_free(&r);
}

Test(e2e_budget, refusals_name_the_field_and_value_and_write_nothing)
{
	char *dir = fresh();

	add_all(dir);
	refused(dir, "pmo -p CBM expense add 12.345 line=B-1",
		"pmo: error: amount: '12.345' has 3 decimal places; CNY allows 2 (an exact decimal such as 1200.00)\n");
	refused(dir, "pmo -p CBM budget add 备用 planned=1e3",
		"pmo: error: planned: '1e3' is not an amount: an exponent is not allowed (an exact decimal such as "
		"1200.00, at most 2 decimal places)\n");
	refused(dir, "pmo -p CBM expense add 5.00 line=B-9",
		"pmo: error: line: no budget line \"B-9\" in projects/CBM/budget.yaml\n");
	refused(dir, "pmo -p CBM expense add 5.00 task=T-9",
		"pmo: error: task: no task or milestone \"T-9\" in projects/CBM/plan.yaml\n");
	refused(dir, "pmo -p CBM expense add 5.00 vendor=V-9",
		"pmo: error: vendor: no vendor \"V-9\" (vendors/V-9.yaml does not exist)\n");
	refused(dir, "pmo -p CBM budget add 备用 planned=5 colour=red",
		"pmo: error: colour: a budget line has no such field; its fields: title, planned, category, contract, notes\n");
	th_assert_sh(dir, "git status --porcelain && git rev-list --count HEAD", "12\n");
	free(dir);
}

Test(e2e_budget, a_set_is_one_commit_that_changes_only_its_fields_lines)
{
	char *dir = fresh(), *out;

	add_all(dir);
	free(th_sh(dir, "sed -i -e '1i # 预算: 经财务部批准' -e 's/^  - id: B-1$/  - id: B-1   # 硬件/' "
			"-e 's/^    amount: .356000.50.$/    amount: '\\''356000.50'\\''  # 首付款/' "
			"projects/CBM/budget.yaml && git commit -qam 手工注释"));
	th_assert_sh(dir, "pmo -p CBM budget set B-1 planned=1300000.00 notes=追加预算 | sed 's/^\\[[^]]*\\] //'",
		     "budget CBM/B-1: set planned=1300000.00, notes=追加预算\n");
	out = th_sh(dir, "git diff HEAD~1 HEAD | grep '^[-+]' | grep -v '^[-+][-+]'");
	cr_assert_str_eq(out,
		"-    planned: '1200000.00'\n"
		"+    planned: '1300000.00'\n"
		"+    notes: 追加预算\n");
	free(out);
	th_assert_sh(dir, "pmo -p CBM expense set E-1 amount=356000.55 invoice=INV-2027-089 task= | sed 's/^\\[[^]]*\\] //'",
		     "expense CBM/E-1: set amount=356000.55, invoice=INV-2027-089, task=\n");
	out = th_sh(dir, "git diff HEAD~1 HEAD | grep '^[-+]' | grep -v '^[-+][-+]'");
	cr_assert_str_eq(out,
		"-    amount: '356000.50'  # 首付款\n"
		"+    amount: '356000.55'  # 首付款\n"
		"-    invoice: INV-2027-088\n"
		"-    task: T-3\n"
		"+    invoice: INV-2027-089\n");
	free(out);
	out = th_sh(dir, "git log -2 --format='%%s|%%(trailers:only,unfold)' --name-only | grep -v '^$'");
	cr_assert_str_eq(out,
		"expense CBM/E-1: set amount=356000.55, invoice=INV-2027-089, task=|Pmo-Command: expense set\n"
		"Pmo-Record: CBM/E-1\n"
		"projects/CBM/budget.yaml\n"
		"budget CBM/B-1: set planned=1300000.00, notes=追加预算|Pmo-Command: budget set\n"
		"Pmo-Record: CBM/B-1\n"
		"projects/CBM/budget.yaml\n");
	free(out);
	out = th_read(dir, "projects/CBM/budget.yaml");
	{
		static const char head[] = "# 预算: 经财务部批准\nlines:\n  - id: B-1   # 硬件\n";
		cr_assert(!strncmp(out, head, strlen(head)), "%s", out);
	}
	free(out);
	th_assert_sh(dir, "pmo -p CBM budget --format csv | sed -n 2p",
		     "B-1,服务器与存储,capex,1300000.00,356000.55,356000.55,943999.45,27.38%\r\n");
	th_assert_sh(dir, "git status --porcelain", "");
	free(dir);
}

Test(e2e_budget, a_set_refuses_as_add_does_and_writes_nothing)
{
	char *dir = fresh();
	th_result r;

	add_all(dir);
	refused(dir, "pmo -p CBM expense set E-1 amount=12.345",
		"pmo: error: amount: '12.345' has 3 decimal places; CNY allows 2 (an exact decimal such as 1200.00)\n");
	refused(dir, "pmo -p CBM budget set B-1 planned=1e3",
		"pmo: error: planned: '1e3' is not an amount: an exponent is not allowed (an exact decimal such as "
		"1200.00, at most 2 decimal places)\n");
	refused(dir, "pmo -p CBM expense set E-1 line=B-9",
		"pmo: error: line: no budget line \"B-9\" in projects/CBM/budget.yaml\n");
	refused(dir, "pmo -p CBM expense set E-1 task=T-9",
		"pmo: error: task: no task or milestone \"T-9\" in projects/CBM/plan.yaml\n");
	refused(dir, "pmo -p CBM budget set B-2 contract=CT-9",
		"pmo: error: contract: no contract \"CT-9\" (contracts/CT-9.yaml does not exist)\n");
	refused(dir, "pmo -p CBM expense set E-1 colour=red",
		"pmo: error: colour: an expense has no such field; its fields: amount, line, date, vendor, invoice, task, "
		"title, notes\n");
	refused(dir, "pmo -p CBM expense set E-1 id=E-7", "pmo: error: id: the ID of CBM/E-1 cannot change\n");
	refused(dir, "pmo -p CBM budget set B-1", "pmo: error: budget set needs a B-n and field=value; see 'pmo budget set -h'\n");
	RUN(&r, dir, "pmo -p CBM expense set E-9 amount=1.00");
	cr_expect_eq(r.status, 1);
	cr_expect_str_eq(r.err, "pmo: error: no expense \"E-9\" in projects/CBM/budget.yaml\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM budget set B-1 planned=1200000.00");
	cr_expect_eq(r.status, 0);
	cr_expect_str_eq(r.err, "pmo: nothing to change: CBM/B-1 already has these values\n");
	th_result_free(&r);
	th_assert_sh(dir, "git status --porcelain && git rev-list --count HEAD", "12\n");
	free(dir);
}

Test(e2e_budget, validate_reports_budget_findings_at_their_place)
{
	char *dir = fresh();
	th_result r;

	add_all(dir);
	th_write(dir, "projects/CBM/budget.yaml",
		 "lines:\n"
		 "  - id: B-1\n"
		 "    title: 服务器与存储\n"
		 "    planned: '100.00'\n"
		 "expenses:\n"
		 "  - id: E-1\n"
		 "    amount: '356000.50'\n"
		 "    line: B-1\n"
		 "    date: 2027-02-10\n"
		 "  - id: E-1\n"
		 "    amount: 12.345\n"
		 "    line: B-9\n"
		 "    date: 2026-12-01\n"
		 "    task: T-9\n"
		 "    vendor: V-7\n");
	RUN(&r, dir, "pmo validate projects/CBM/budget.yaml");
	cr_assert_eq(r.status, 1, "%s", r.err);
	cr_assert_str_eq(r.out,
		"projects/CBM/budget.yaml:4:14: warning: line B-1: 356000.50 spent is more than the 100.00 planned [consistency]\n"
		"projects/CBM/budget.yaml:9:11: warning: date: expense E-1 is dated 2027-02-10, after today [date]\n"
		"projects/CBM/budget.yaml:10:9: error: id: \"E-1\" is given twice in this budget [consistency]\n"
		"projects/CBM/budget.yaml:11:13: error: expenses[1].amount: '12.345' has 3 decimal places; CNY allows 2 "
		"(an exact decimal such as 1200.00) [schema]\n"
		"projects/CBM/budget.yaml:12:11: error: line: no budget line \"B-9\" in this budget [reference]\n"
		"projects/CBM/budget.yaml:14:11: error: task: no task or milestone \"T-9\" in projects/CBM/plan.yaml [reference]\n"
		"projects/CBM/budget.yaml:15:13: error: vendor: no vendor \"V-7\" (vendors/V-7.yaml does not exist) [reference]\n"
		"5 errors, 2 warnings in 1 file\n");
	th_result_free(&r);
	/* warnings alone pass, and fail with --strict */
	th_write(dir, "projects/CBM/budget.yaml", "lines:\n  - id: B-1\n    title: x\n    planned: 1\n"
		 "expenses:\n  - id: E-1\n    amount: 2\n    line: B-1\n    date: 2027-01-04\n");
	RUN(&r, dir, "pmo validate projects/CBM/budget.yaml >/dev/null");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	RUN(&r, dir, "pmo validate --strict projects/CBM/budget.yaml >/dev/null");
	cr_assert_eq(r.status, 1, "%s", r.err);
	th_result_free(&r);
	free(dir);
}
