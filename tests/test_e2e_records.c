/* End to end: the smaller record rules as a user meets them, through the
 * built pmo in temporary git repositories (fixed identity, dates, today
 * 2027-01-04): people who left, the full-width comma, pattern messages in
 * words, reopened projects, commit subjects within 72 columns, and the
 * first review of a risk identified in the future. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "util/utf8.h"

#define RUN(r, dir, ...) th_run(r, dir, NULL, __VA_ARGS__)

static void ok(const char *dir, const char *cmd)
{
	th_result r;

	RUN(&r, dir, "%s", cmd);
	cr_assert_eq(r.status, 0, "%s: %s%s", cmd, r.out, r.err);
	th_result_free(&r);
}

/* The demo repository with zhao-min (the CBM sponsor) gone. */
static char *demo_with_leaver(void)
{
	char *dir = th_demo_repo();

	ok(dir, "pmo person set zhao-min active=false");
	return dir;
}

/* --- people who have left --------------------------------------------------- */

Test(e2e_records, inactive_person_refused_as_new_owner)
{
	char *dir = demo_with_leaver(), *before;
	th_result r;

	RUN(&r, dir, "pmo -p CBM risk add 数据丢失 probability=2 impact=3 owner=zhao-min");
	EXPECT(&r, 2, "", "pmo: error: owner: person \"zhao-min\" is not active (active: false in "
			  "people/zhao-min.yaml); name someone active\n");
	th_result_free(&r);
	cr_assert_null(th_read(dir, "projects/CBM/risks/R-1.yaml"));

	before = th_read(dir, "projects/CBM/project.yaml");
	RUN(&r, dir, "pmo project set CBM manager=zhao-min");
	EXPECT(&r, 2, "", "pmo: error: manager: person \"zhao-min\" is not active (active: false in "
			  "people/zhao-min.yaml); name someone active\n");
	th_result_free(&r);
	{
		char *after = th_read(dir, "projects/CBM/project.yaml");
		cr_assert_str_eq(after, before);
		free(after);
	}
	free(before);

	/* the sponsor who left stays where she is: other fields still change */
	RUN(&r, dir, "pmo project set CBM customer=零售银行部 >/dev/null && git rev-list --count HEAD "
		     "&& git status --porcelain");
	EXPECT(&r, 0, "6\n", "");
	th_result_free(&r);
	free(dir);
}

Test(e2e_records, inactive_person_refused_as_new_assignee)
{
	char *dir = demo_with_leaver();
	th_result r;

	ok(dir, "pmo -p CBM task add 需求分析 duration=10 assignees=wang-li");
	RUN(&r, dir, "pmo -p CBM task add 系统设计 duration=5 assignees=wang-li,zhao-min:50");
	EXPECT(&r, 2, "", "pmo: error: assignees: person \"zhao-min\" is not active (active: false in "
			  "people/zhao-min.yaml); name someone active\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM task set T-1 assignees=zhao-min");
	EXPECT(&r, 2, "", "pmo: error: assignees: person \"zhao-min\" is not active (active: false in "
			  "people/zhao-min.yaml); name someone active\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_records, validate_warns_where_inactive_person_is_used)
{
	char *dir = th_demo_repo();
	th_result r;

	ok(dir, "pmo -p CBM task add 需求分析 duration=10 assignees=wang-li:50,zhao-min >/dev/null && "
		"pmo -p CBM risk add 数据丢失 probability=2 impact=3 owner=zhao-min >/dev/null && "
		"pmo person set zhao-min active=false >/dev/null");
	RUN(&r, dir, "pmo validate");
	EXPECT(&r, 0,
	       "projects/CBM/plan.yaml:8:17: warning: tasks[0].assignees[1].person: task T-1: person "
	       "\"zhao-min\" is not active (active: false in people/zhao-min.yaml) [reference]\n"
	       "projects/CBM/project.yaml:4:10: warning: sponsor: person \"zhao-min\" is not active "
	       "(active: false in people/zhao-min.yaml) [reference]\n"
	       "projects/CBM/risks/R-1.yaml:5:8: warning: owner: person \"zhao-min\" is not active "
	       "(active: false in people/zhao-min.yaml) [reference]\n"
	       "0 errors, 3 warnings in 6 files\n", "");
	th_result_free(&r);
	free(dir);
}

/* --- the full-width comma ----------------------------------------------------- */

Test(e2e_records, fullwidth_comma_separates_list_values)
{
	char *dir = th_demo_repo(), *file;
	th_result r;

	ok(dir, "pmo -p CBM risk add 数据丢失 probability=2 impact=3 'tags=安全，合规、审计, 迁移'");
	file = th_read(dir, "projects/CBM/risks/R-1.yaml");
	cr_assert_str_eq(file,
		"id: R-1\n"
		"title: 数据丢失\n"
		"probability: 2\n"
		"impact: 3\n"
		"status: open\n"
		"identified: '2027-01-04'\n"
		"review: '2027-02-03'\n"
		"tags:\n"
		"  - 安全\n"
		"  - 合规、审计\n"
		"  - 迁移\n");
	free(file);
	/* filters split the same way */
	RUN(&r, dir, "pmo -p CBM risk list status=closed，open --format csv");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "R-1,数据丢失"), "%s", r.out);
	th_result_free(&r);

	ok(dir, "pmo -p CBM task add 需求分析 duration=10 && pmo -p CBM task add 环境准备 duration=3 && "
		"pmo -p CBM task add 系统设计 duration=5 'depends=T-1，T-2' 'assignees=wang-li，zhao-min:50'");
	file = th_read(dir, "projects/CBM/plan.yaml");
	cr_assert(strstr(file,
		"  - id: T-3\n"
		"    title: 系统设计\n"
		"    duration: 5\n"
		"    assignees:\n"
		"      - person: wang-li\n"
		"      - person: zhao-min\n"
		"        allocation: 50\n"
		"    depends:\n"
		"      - T-1\n"
		"      - T-2\n"), "%s", file);
	free(file);
	free(dir);
}

/* --- patterns in words ---------------------------------------------------------- */

Test(e2e_records, pattern_errors_are_described_in_words)
{
	static const char *const handle =
		"lower-case letters, digits, '.', '_' or '-', starting with a letter or digit";
	static const char *const key = "2 to 16 upper-case letters or digits, starting with a letter";
	char *dir = th_demo_repo();
	th_result r;
	char want[1024];
	size_t i;
	/* each pattern-bearing field of schemas/ with a value it refuses */
	struct { const char *cmd, *msg; } cases[] = {
		{ "pmo project add cbm name=测试", "key: \"cbm\" is not a valid value: %s (CBM); names the "
		  "folder projects/<KEY>" },
		{ "pmo project set CBM sponsor=Zhao", "sponsor: \"Zhao\" is not a valid value: Handle of the "
		  "sponsor (people/<handle>.yaml): %s" },
		{ "pmo project set CBM manager=Wang", "manager: \"Wang\" is not a valid value: Handle of the "
		  "project manager (people/<handle>.yaml): %s" },
		{ "pmo person add Li name=李", "handle: \"Li\" is not a valid value: Short unique name of %s "
		  "(wang-li); equal to the file name" },
		{ "pmo person set wang-li rate=1,200", "rate: '1,200' is not an amount: thousands separators "
		  "are not allowed (an exact decimal such as 1200.00, at most 2 decimal places)" },
		{ "pmo -p CBM risk add 丢失 probability=2 impact=3 owner=WL", "owner: \"WL\" is not a valid "
		  "value: Handle of the person who owns the response (people/<handle>.yaml): %s" },
		{ "pmo -p CBM task add 设计 parent=T1", "parent: \"T1\" is not a valid value: The ID of the "
		  "summary task this one belongs to, T-<n> (T-2); a task named as parent rolls up its "
		  "children's dates" },
		{ "pmo -p CBM task add 设计 depends=T-01", "depends[0]: \"T-01\" is not a valid value: A task "
		  "ID, then optionally :fs, :ss, :ff or :sf and a lag or lead in working days (T-3, T-3+2d, "
		  "T-3-1d, T-3:ss, T-3:ff+2d)" },
	};

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(want, sizeof(want), "pmo: error: %s\n", cases[i].msg);
		if (strstr(want, "%s")) {
			char fmt[1024];
			snprintf(fmt, sizeof(fmt), "%s", want);
			snprintf(want, sizeof(want), fmt, strstr(cases[i].msg, "key:") ? key : handle);
		}
		RUN(&r, dir, "%s", cases[i].cmd);
		EXPECT(&r, 2, "", want);
		th_result_free(&r);
	}

	/* the fields no command writes, as validate finds them in files */
	ok(dir, "mkdir -p projects/CBM/risks");
	th_write(dir, "pmo.yaml", "name: 测试组合\ncurrency: cny\ndefault_project: cbm\n");
	th_write(dir, "projects/CBM/risks/R-1.yaml",
		 "id: R-01\ntitle: 丢失\nprobability: 2\nimpact: 3\nstatus: open\n");
	th_write(dir, "projects/CBM/plan.yaml",
		 "tasks:\n  - id: T-0\n    title: 设计\nbaselines:\n  v1:\n    tasks:\n      T1: {}\n");
	RUN(&r, dir, "pmo validate");
	cr_assert_eq(r.status, 1);
	snprintf(want, sizeof(want),
		 "pmo.yaml:2:11: error: currency: \"cny\" is not a valid value: ISO 4217 code of the "
		 "portfolio currency, three upper-case letters (CNY) [schema]\n"
		 "pmo.yaml:3:18: error: default_project: \"cbm\" is not a valid value: Key of the project "
		 "used when -p is not given and the current folder is in no project: %s (CBM) [schema]\n"
		 "projects/CBM/plan.yaml:2:9: error: tasks[0].id: \"T-0\" is not a valid value: T-<n> "
		 "with n a whole number from 1, no leading zeros (T-12); unique in the plan [schema]\n"
		 "projects/CBM/plan.yaml:7:7: error: baselines.v1.tasks.T1: \"T1\" is not a valid value: "
		 "A task ID, T-<n> with n a whole number from 1, no leading zeros (T-12) [schema]\n"
		 "projects/CBM/risks/R-1.yaml:1:5: error: id: \"R-01\" is not a valid value: R-<n> with n "
		 "a whole number from 1, no leading zeros (R-3); unique in the project and equal to the "
		 "file name [schema]\n"
		 "5 errors, 0 warnings in 6 files\n", key);
	cr_assert_str_eq(r.out, want);
	th_result_free(&r);
	free(dir);
}

/* --- reopening ------------------------------------------------------------------ */

Test(e2e_records, reopened_project_drops_its_resolution)
{
	char *dir = th_demo_repo(), *file;
	th_result r;

	ok(dir, "pmo project set CBM status=active && pmo project close CBM --reason 预算冻结");
	file = th_read(dir, "projects/CBM/project.yaml");
	cr_assert(strstr(file, "resolution: 预算冻结\n"), "%s", file);
	free(file);
	RUN(&r, dir, "pmo project set CBM status=active");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	file = th_read(dir, "projects/CBM/project.yaml");
	cr_assert_str_eq(file,
		"key: CBM\n"
		"name: 核心银行系统迁移\n"
		"status: active\n"
		"sponsor: zhao-min\n"
		"manager: wang-li\n"
		"start: '2027-01-04'\n");
	free(file);
	RUN(&r, dir, "git log -1 --format=%%B HEAD && git show --name-status --format= HEAD && "
		     "git status --porcelain");
	cr_assert_str_eq(r.out,
		"project CBM: set status=active\n"
		"\n"
		"Reopened: resolution removed.\n"
		"\n"
		"Pmo-Command: project set\n"
		"Pmo-Record: CBM\n"
		"\n"
		"M\tprojects/CBM/project.yaml\n");
	th_result_free(&r);

	/* cancelled, then proposed again: the same; a resolution given with
	 * the status change is kept */
	ok(dir, "pmo project set CBM status=cancelled resolution=合并 && "
		"pmo project set CBM status=proposed 'resolution=曾取消, 现恢复'");
	file = th_read(dir, "projects/CBM/project.yaml");
	cr_assert(strstr(file, "status: proposed\n") && strstr(file, "resolution: 曾取消, 现恢复\n"),
		  "%s", file);
	free(file);
	free(dir);
}

/* --- commit subjects ------------------------------------------------------------- */

Test(e2e_records, long_subject_cut_to_72_columns_full_title_in_body)
{
	static const char title[] = "核心银行系统迁移过程中由于数据映射规则不完整导致客户账户余额"
				    "与历史交易记录出现不一致的风险";
	char *dir = th_demo_repo();
	th_result r;
	const char *nl;
	char want[1024];

	RUN(&r, dir, "pmo -p CBM risk add %s probability=4 impact=5", title);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(!strncmp(r.out, "[master ", 8), "%s", r.out);
	th_result_free(&r);
	RUN(&r, dir, "git log -1 --format=%%B HEAD");
	nl = strchr(r.out, '\n');
	cr_assert(nl);
	cr_assert_leq(pmo_utf8_width(r.out, (size_t)(nl - r.out)), 72);
	cr_assert_str_eq(r.out,
		"risk CBM/R-1: add 核心银行系统迁移过程中由于数据映射规则不完整导致客户…\n"
		"\n"
		"risk CBM/R-1: add 核心银行系统迁移过程中由于数据映射规则不完整导致客户账户余额"
		"与历史交易记录出现不一致的风险\n"
		"\n"
		"Pmo-Command: risk add\n"
		"Pmo-Record: CBM/R-1\n"
		"\n");
	th_result_free(&r);

	/* set, too: every value typed stays in the body */
	RUN(&r, dir, "pmo -p CBM risk set R-1 'response=每日对账并由业务部门复核差异，差异超过阈值时暂停迁移批次'");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	RUN(&r, dir, "git log -1 --format=%%s%%n%%b HEAD");
	snprintf(want, sizeof(want),
		 "risk CBM/R-1: set response=每日对账并由业务部门复核差异，差异超过阈值时…\n"
		 "risk CBM/R-1: set response=每日对账并由业务部门复核差异，差异超过阈值时暂停迁移批次\n"
		 "\n"
		 "Pmo-Command: risk set\n"
		 "Pmo-Record: CBM/R-1\n"
		 "\n");
	cr_assert_str_eq(r.out, want);
	nl = strchr(r.out, '\n');
	cr_assert_leq(pmo_utf8_width(r.out, (size_t)(nl - r.out)), 72);
	th_result_free(&r);
	free(dir);
}

/* --- the first review of a risk identified later --------------------------------- */

Test(e2e_records, review_counts_from_a_future_identified)
{
	char *dir = th_demo_repo(), *file;
	th_result r;

	RUN(&r, dir, "pmo -p CBM risk add 数据丢失 probability=2 impact=3 identified=2027-03-01");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.err, "");
	th_result_free(&r);
	file = th_read(dir, "projects/CBM/risks/R-1.yaml");
	cr_assert_str_eq(file,
		"id: R-1\n"
		"title: 数据丢失\n"
		"probability: 2\n"
		"impact: 3\n"
		"status: open\n"
		"identified: '2027-03-01'\n"
		"review: '2027-03-31'\n");
	free(file);
	/* a past identified date keeps the review a month from today */
	ok(dir, "pmo -p CBM risk add 供应商延期 probability=2 impact=3 identified=2026-12-01");
	file = th_read(dir, "projects/CBM/risks/R-2.yaml");
	cr_assert(strstr(file, "review: '2027-02-03'\n"), "%s", file);
	free(file);
	free(dir);
}

Test(e2e_records, edit_keeps_a_leaver_but_does_not_name_one_anew)
{
	char *dir = demo_with_leaver();
	const char *tag;
	th_result r;

	ok(dir, "pmo person add li-lei name=李雷 active=false >/dev/null && "
		"pmo person set zhao-min active=true >/dev/null && "
		"pmo -p CBM risk add 数据丢失 probability=2 impact=3 owner=zhao-min >/dev/null && "
		"pmo person set zhao-min active=false >/dev/null");
	tag = strrchr(dir, '-') + 1;
	RUN(&r, dir, "printf '#!/bin/sh\\nsed -i \"s/^$F: .*/$F: $V/\" \"$1\"\\n' > ../ed-%s.sh && "
		     "chmod +x ../ed-%s.sh", tag, tag);
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	/* the owner who left stays while another field changes */
	RUN(&r, dir, "F=impact V=4 EDITOR=../ed-%s.sh pmo risk edit CBM/R-1", tag);
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	RUN(&r, dir, "F=owner V=li-lei EDITOR=../ed-%s.sh pmo risk edit CBM/R-1", tag);
	cr_assert_eq(r.status, 1, "%s", r.err);
	cr_assert(strstr(r.err, ":5:8: error: owner: person \"li-lei\" is not active (active: false in "
				"people/li-lei.yaml); name someone active\n"), "%s", r.err);
	th_result_free(&r);
	RUN(&r, dir, "grep -E '^(impact|owner)' projects/CBM/risks/R-1.yaml; git status --porcelain");
	EXPECT(&r, 0, "impact: 4\nowner: zhao-min\n", "");
	th_result_free(&r);
	free(dir);
}

/* Rates are exact decimals written as text: --sort and the comparisons
 * order them by value, exactly (1200.00 after 900.00, not before 80.5;
 * 9007199254740993.01 above 9007199254740993, which a double cannot
 * tell apart), and rate=80.50 finds 80.5. */
Test(e2e_records, decimal_fields_sort_and_filter_by_exact_value)
{
	char *dir = th_demo_repo();
	th_result r;

	ok(dir, "pmo person add p1 name=甲 role=developer rate=1200.00 && pmo person add p2 name=乙 role=developer "
		"rate=80.5 && pmo person add p3 name=丙 role=developer rate=900.00 && pmo person add p4 name=丁 "
		"role=developer rate=9007199254740993.01 && pmo person add p5 name=戊 role=developer "
		"rate=9007199254740993");
	RUN(&r, dir, "pmo person list role=developer --sort rate --format csv | cut -d, -f1 | tr '\\n' ' '");
	EXPECT(&r, 0, "handle p2 p3 p1 p5 p4 ", "");
	th_result_free(&r);
	RUN(&r, dir, "pmo person list role=developer --sort -rate --format csv | cut -d, -f1 | tr '\\n' ' '");
	EXPECT(&r, 0, "handle p4 p5 p1 p3 p2 ", "");
	th_result_free(&r);
	RUN(&r, dir, "pmo person list rate=80.50,900 --format csv | cut -d, -f1 | tr '\\n' ' '");
	EXPECT(&r, 0, "handle p2 p3 ", "");
	th_result_free(&r);
	RUN(&r, dir, "pmo person list 'rate>9007199254740993' --format csv | cut -d, -f1 | tr '\\n' ' '");
	EXPECT(&r, 0, "handle p4 ", "");
	th_result_free(&r);
	free(dir);
}

/* --- an ID with no project ------------------------------------------------- */

/* With no -p and no default project, an ID names the record of the one
 * project that has it (pmo document log DOC-1 in a portfolio of one
 * project); when two projects have it, the user is asked to choose. */
Test(e2e_records, an_id_alone_names_the_one_project_that_has_it)
{
	char *dir = th_demo_repo();
	th_result r;

	ok(dir, "pmo -p CBM risk add 数据丢失 probability=2 impact=3");
	RUN(&r, dir, "pmo risk show R-1 | head -1");
	EXPECT(&r, 0, "risk CBM/R-1\n", "");
	th_result_free(&r);
	RUN(&r, dir, "pmo risk log R-1 | sed -n 2p");
	EXPECT(&r, 0, "    risk CBM/R-1: add 数据丢失\n", "");
	th_result_free(&r);
	ok(dir, "pmo project add PAY name=支付系统 sponsor=zhao-min manager=wang-li start=2027-01-04");
	ok(dir, "pmo -p PAY risk add 限额错误 probability=2 impact=3");
	RUN(&r, dir, "pmo risk show R-1");
	EXPECT(&r, 2, "", "pmo: error: risk \"R-1\" is in CBM and PAY: write PROJECT/R-1 or use -p PROJECT\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo risk show R-7");
	EXPECT(&r, 2, "", "pmo: error: risk \"R-7\" needs its project: write PROJECT/R-7 or use -p PROJECT\n");
	th_result_free(&r);
	free(dir);
}
