/* End to end: pmo import --format csv — a file's rows as new records in
 * one commit, every bad row named and nothing written, RFC 4180 quoting,
 * Chinese, portfolio kinds, the kind from the file's name. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define RUN(r, dir, ...) th_run(r, dir, NULL, __VA_ARGS__)

/* a BOM, CRLF, a quoted field with a comma, "" and a line break, an empty
 * cell (the field left out), a list and Chinese */
static const char good_csv[] =
	"\xEF\xBB\xBFtitle,probability,impact,owner,cause,tags\r\n"
	"核心数据迁移丢失,4,5,wang-li,\"旧系统数据\r\n格式不一, 含\"\"特殊\"\"字符\",\"迁移,数据\"\r\n"
	"供应商延期,3,3,zhao-min,,\r\n"
	"监管检查,2,2,wang-li,监管要求变化,\r\n";

Test(e2e_import, a_good_file_is_one_commit_with_consecutive_ids)
{
	char *dir = th_demo_repo(), *r1, *r3, *head;
	th_result r;

	free(th_sh(dir, "pmo -p CBM risk add 已有风险 probability=1 impact=1 owner=wang-li >/dev/null"));
	head = th_sh(dir, "git rev-parse HEAD");
	th_write(dir, "risks.csv", good_csv);
	RUN(&r, dir, "pmo -p CBM import --format csv risks.csv | sed 's/ [0-9a-f]*]/ X]/'");
	EXPECT(&r, 0, "[master X] risk CBM: import 3 risks from risks.csv\n", "");
	th_result_free(&r);
	/* one commit on top of the last, the three files and nothing else */
	th_assert_sh(dir, "git rev-list --count HEAD~1..HEAD && git diff --name-only HEAD~1 HEAD", 
		     "1\nprojects/CBM/risks/R-2.yaml\nprojects/CBM/risks/R-3.yaml\nprojects/CBM/risks/R-4.yaml\n");
	{
		char *parent = th_sh(dir, "git rev-parse HEAD~1");
		cr_assert_str_eq(parent, head);
		free(parent);
	}
	th_assert_sh(dir, "git log -1 --format=%B",
		     "risk CBM: import 3 risks from risks.csv\n\n"
		     "CBM/R-2 核心数据迁移丢失\nCBM/R-3 供应商延期\nCBM/R-4 监管检查\n\n"
		     "Pmo-Command: import --format csv\n"
		     "Pmo-Record: CBM/R-2\nPmo-Record: CBM/R-3\nPmo-Record: CBM/R-4\n\n");
	r1 = th_read(dir, "projects/CBM/risks/R-2.yaml");
	cr_assert_str_eq(r1,
		"id: R-2\n"
		"title: 核心数据迁移丢失\n"
		"cause: |-\n"
		"  旧系统数据\n"
		"  格式不一, 含\"特殊\"字符\n"
		"probability: 4\n"
		"impact: 5\n"
		"owner: wang-li\n"
		"status: open\n"
		"identified: '2027-01-04'\n"
		"review: '2027-02-03'\n"
		"tags:\n"
		"  - 迁移\n"
		"  - 数据\n");
	/* the same record as pmo risk add makes from the same field=value */
	free(th_sh(dir, "pmo -p CBM risk add 供应商延期 probability=3 impact=3 owner=zhao-min >/dev/null"));
	r3 = th_read(dir, "projects/CBM/risks/R-3.yaml");
	{
		char *r5 = th_read(dir, "projects/CBM/risks/R-5.yaml");
		cr_assert_str_eq(strchr(r3, '\n'), strchr(r5, '\n'));
		free(r5);
	}
	th_assert_sh(dir, "git status --porcelain", "?? risks.csv\n");
	th_assert_sh(dir, "pmo validate >/dev/null && echo ok", "ok\n");
	free(r1);
	free(r3);
	free(head);
	free(dir);
}

/* Every bad row is named — file:line:col, the column, field, value and
 * what is allowed — exit 1, and nothing is written or committed. */
Test(e2e_import, every_bad_row_is_named_and_nothing_is_written)
{
	char *dir = th_demo_repo(), *head, *after;
	th_result r;

	th_write(dir, "bad.csv",
		 "title,probability,impact,owner,strategy,status\n"
		 "好的一行,3,3,wang-li,mitigate,\n"
		 "概率过大,9,5,wang-li,,\n"
		 "不是数字,x,3,nobody,hope,closed\n"
		 ",1,1,wang-li,,\n"
		 "只有两列,3\n"
		 "\"多行\n标题也行\",2,2,无此人,,\n");
	head = th_sh(dir, "git rev-parse HEAD");
	RUN(&r, dir, "pmo -p CBM import --format csv --kind risk bad.csv");
	EXPECT(&r, 1, "",
	       "bad.csv:3:6: error: column 2 (probability), \"9\": probability: 9 is more than the maximum 5\n"
	       "bad.csv:4:6: error: column 2 (probability), \"x\": probability: \"x\" is not of type integer\n"
	       "bad.csv:4:10: error: column 4 (owner), \"nobody\": owner: unknown person \"nobody\"; people: wang-li, zhao-min\n"
	       "bad.csv:4:17: error: column 5 (strategy), \"hope\": strategy: \"hope\" is not one of: avoid, mitigate, transfer, accept\n"
	       "bad.csv:4:22: error: column 6 (status), \"closed\": status: a new risk starts as \"open\"; change it afterwards with pmo risk set\n"
	       "bad.csv:5:1: error: column 1 (title) is empty: each risk needs its title\n"
	       "bad.csv:6:1: error: 2 fields, the header has 6: a comma too many or too few, or a quote not closed\n"
	       "bad.csv:8:11: error: column 4 (owner), \"无此人\": owner: \"无此人\" is not a valid value: Handle of the person who owns the response (people/<handle>.yaml): lower-case letters, digits, '.', '_' or '-', starting with a letter or digit\n"
	       "pmo: error: bad.csv: 8 problems; nothing imported\n");
	th_result_free(&r);
	after = th_sh(dir, "git rev-parse HEAD");
	cr_assert_str_eq(after, head);
	th_assert_sh(dir, "git status --porcelain; ls projects/CBM", "?? bad.csv\nproject.yaml\n");
	/* a header that names no field of the kind: refused before any row */
	th_write(dir, "risks.csv", "title,likelihood\n风险,3\n");
	RUN(&r, dir, "pmo -p CBM import --format csv risks.csv");
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "risks.csv:1:7: error: column 2: \"likelihood\" is not a field of risk; "
			 "the header names fields: id, title,"), "%s", r.err);
	th_result_free(&r);
	/* a quote left open: the place it opens */
	th_write(dir, "risks.csv", "title,impact\n\"未闭合,3\n");
	RUN(&r, dir, "pmo -p CBM import --format csv risks.csv");
	EXPECT(&r, 1, "", "risks.csv:2:1: error: a quoted field is not closed: a \" is missing before the end of the file\n");
	th_result_free(&r);
	free(head);
	free(after);
	free(dir);
}

/* A portfolio kind needs no project; its records are named by a column
 * (person's handle), which must be new and given once; the kind comes
 * from --kind or the file's name, or the user is told to give it. */
Test(e2e_import, portfolio_kinds_and_the_kind_from_the_file_name)
{
	char *dir = th_demo_repo();
	th_result r;

	th_write(dir, "people.csv", "handle,name,role,email\n"
		 "liu-yang,刘洋,pmo,liu.yang@bank.example\n"
		 "chen-jie,陈洁,developer,chen.jie@bank.example\n");
	RUN(&r, dir, "pmo import --format csv people.csv | sed 's/ [0-9a-f]*]/ X]/'");
	EXPECT(&r, 0, "[master X] person: import 2 people from people.csv\n", "");
	th_result_free(&r);
	th_assert_sh(dir, "pmo person show chen-jie | grep 陈洁 | wc -l", "1\n");
	th_write(dir, "more.csv", "handle,name,role\nliu-yang,刘洋,pmo\nsun-li,孙丽,pm\nsun-li,孙丽,pm\n");
	RUN(&r, dir, "pmo import --format csv more.csv");
	cr_assert_eq(r.status, 2, "%s", r.err);
	cr_assert(strstr(r.err, "the file's name is not a kind's plural"), "%s", r.err);
	th_result_free(&r);
	RUN(&r, dir, "pmo import --format csv --kind person more.csv");
	EXPECT(&r, 1, "",
	       "more.csv:2:1: error: column 1 (handle), \"liu-yang\": person liu-yang already exists\n"
	       "more.csv:4:1: error: column 1 (handle), \"sun-li\": also the handle of line 3; each person is one row\n"
	       "pmo: error: more.csv: 2 problems; nothing imported\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo import risks.csv");
	EXPECT(&r, 2, "", "pmo: error: import needs --format csv or mspdi\n");
	th_result_free(&r);
	free(dir);
}
