/* End to end: comparisons and text in list filters, and pmo search (issue
 * 10, "Comparisons and search in filters"), through the built pmo in a
 * fresh repository with PMO_TODAY=2027-01-04. */
#define _GNU_SOURCE /* asprintf */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define RUN(r, dir, ...) th_run(r, dir, NULL, __VA_ARGS__)

/* Three risks: R-1 review 2027-01-10, R-2 2027-01-20, R-3 2027-03-01;
 * people with decimal rates. */
static char *risks_repo(void)
{
	char *dir = th_demo_repo();

	free(th_sh(dir,
		   "pmo -p CBM risk add '核心数据迁移丢失' probability=4 impact=5 owner=wang-li "
		   "review=2027-01-10 tags=Migration,数据 >/dev/null && "
		   "pmo -p CBM risk add 'Vendor DELAY on cut-over' probability=2 impact=3 owner=zhao-min "
		   "review=2027-01-20 cause='the vendor lacks staff\nin the migration team' >/dev/null && "
		   "pmo -p CBM risk add '测试环境不足' probability=1 impact=2 owner=wang-li review=2027-03-01 "
		   ">/dev/null && "
		   "pmo person add p1 name=甲 role=developer rate=1200.00 >/dev/null && "
		   "pmo person add p2 name=乙 role=developer rate=80.5 >/dev/null"));
	return dir;
}

static void ids(const char *dir, const char *args, const char *want)
{
	char *cmd = NULL;

	cr_assert(asprintf(&cmd, "pmo -p CBM risk list %s --format csv | cut -d, -f1 | tail -n +2 | tr '\\n' ' '",
			   args) >= 0);
	th_assert_sh(dir, cmd, want);
	free(cmd);
}

Test(e2e_search, dates_compare_with_today_and_days_or_weeks_from_it)
{
	char *dir = risks_repo();

	ids(dir, "'review<today+14d'", "R-1 ");
	ids(dir, "'review<=today+16d'", "R-1 R-2 ");
	ids(dir, "'review>today+2w'", "R-2 R-3 ");
	ids(dir, "'review>=2027-01-20' 'review<2027-03-01'", "R-2 ");
	ids(dir, "--today 2027-02-25 'review>today-6w' 'review<today'", "R-2 ");
	ids(dir, "'identified=today'", "R-1 R-2 R-3 ");
	free(dir);
}

Test(e2e_search, numbers_and_money_compare_by_value)
{
	char *dir = risks_repo();

	ids(dir, "'score>=6'", "R-1 R-2 ");
	ids(dir, "'impact<3'", "R-3 ");
	th_assert_sh(dir, "pmo person list 'rate>100' --format csv | cut -d, -f1 | tail -n +2 | tr '\\n' ' '", "p1 ");
	th_assert_sh(dir, "pmo person list 'rate<=80.50' --format csv | cut -d, -f1 | tail -n +2 | tr '\\n' ' '", "p2 ");
	free(dir);
}

Test(e2e_search, text_matches_without_regard_to_case_and_in_lists)
{
	char *dir = risks_repo();

	ids(dir, "'title~delay'", "R-2 ");
	ids(dir, "'title~迁移'", "R-1 ");
	ids(dir, "'tags~MIGR'", "R-1 ");
	ids(dir, "'cause~MIGRATION TEAM'", "R-2 ");
	ids(dir, "'title~nothing-like-this'", "");
	/* = keeps matching whole values */
	ids(dir, "owner=wang-li", "R-1 R-3 ");
	ids(dir, "tags=Migration", "R-1 ");
	free(dir);
}

Test(e2e_search, a_comparison_the_field_cannot_take_is_a_usage_error)
{
	char *dir = risks_repo();
	th_result r;

	RUN(&r, dir, "pmo -p CBM risk list 'title<m'");
	EXPECT(&r, 2, "", "pmo: error: title<m: title is text, which takes =, != and ~; <, <=, >, >= compare "
			  "integers, numbers, money, dates and date-times\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM risk list 'status>=open'");
	EXPECT(&r, 2, "", "pmo: error: status>=open: status is one of a list of values, which takes =, != and ~; "
			  "<, <=, >, >= compare integers, numbers, money, dates and date-times\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM risk list 'impact~3'");
	EXPECT(&r, 2, "", "pmo: error: impact~3: impact is an integer; ~ finds text in text and lists of text "
			  "(impact takes =, !=, <, <=, >, >=)\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM risk list 'review<next-week'");
	EXPECT(&r, 2, "", "pmo: error: review: \"next-week\" is not a date (YYYY-MM-DD, today, today+14d, "
			  "today-2w)\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM risk list 'impact>high'");
	EXPECT(&r, 2, "", "pmo: error: impact: \"high\" is not an integer\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo person list 'rate>lots'");
	EXPECT(&r, 2, "", "pmo: error: rate: \"lots\" is not a decimal (1200.00)\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_search, task_list_takes_today_and_text)
{
	char *dir = th_demo_repo();

	free(th_sh(dir, "pmo -p CBM task add 'Data migration rehearsal' duration=5 >/dev/null && "
		   "pmo -p CBM task add '上线准备' duration=3 depends=T-1 >/dev/null"));
	th_assert_sh(dir, "pmo -p CBM task list 'title~REHEARSAL' --format csv | cut -d, -f1 | tail -n +2", "T-1\n");
	th_assert_sh(dir, "pmo -p CBM task list 'start>today' --format csv | cut -d, -f1 | tail -n +2", "T-2\n");
	free(dir);
}

Test(e2e_search, search_finds_records_of_every_kind_with_the_field_and_an_excerpt)
{
	char *dir = risks_repo();
	th_result r;

	RUN(&r, dir, "pmo search 迁移");
	EXPECT(&r, 0,
	       "Record   Kind     Title             Field  Excerpt\n"
	       "CBM      project  核心银行系统迁移  name   核心银行系统迁移\n"
	       "CBM/R-1  risk     核心数据迁移丢失  title  核心数据迁移丢失\n", "");
	th_result_free(&r);
	RUN(&r, dir, "pmo search 'MIGRATION TEAM' --format json");
	EXPECT(&r, 0,
	       "{\n  \"version\": 1,\n  \"hits\": [\n"
	       "    {\"record\": \"CBM/R-2\", \"kind\": \"risk\", \"title\": \"Vendor DELAY on cut-over\", "
	       "\"field\": \"cause\", \"excerpt\": \"… lacks staff in the migration team\"}\n  ]\n}\n", "");
	th_result_free(&r);
	RUN(&r, dir, "pmo search 乙 --format csv");
	EXPECT(&r, 0, "Record,Kind,Title,Field,Excerpt\r\np2,person,乙,name,乙\r\n", "");
	th_result_free(&r);
	RUN(&r, dir, "pmo search 迁移 --kind risk --format md");
	EXPECT(&r, 0, "| Record | Kind | Title | Field | Excerpt |\n| --- | --- | --- | --- | --- |\n"
		      "| CBM/R-1 | risk | 核心数据迁移丢失 | title | 核心数据迁移丢失 |\n", "");
	th_result_free(&r);
	free(dir);
}

Test(e2e_search, search_exits_1_when_nothing_matches_and_2_on_a_bad_kind)
{
	char *dir = risks_repo();
	th_result r;

	RUN(&r, dir, "pmo search 'no such words'");
	EXPECT(&r, 1, "", "");
	th_result_free(&r);
	RUN(&r, dir, "pmo search x --kind rsk");
	cr_assert_eq(r.status, 2, "%s", r.err);
	cr_assert(!strncmp(r.err, "pmo: error: --kind: no kind \"rsk\"; kinds: ", strlen("pmo: error: --kind: no kind \"rsk\"; kinds: ")), "%s", r.err);
	cr_assert(strstr(r.err, "The most similar kind is\n\trisk\n"), "%s", r.err);
	cr_assert_str_eq(r.out, "");
	th_result_free(&r);
	RUN(&r, dir, "pmo search");
	EXPECT(&r, 2, "", "pmo: error: pmo search takes one TEXT to find; see 'pmo search -h'\n");
	th_result_free(&r);
	free(dir);
}

/* Search parses only the files whose bytes can hold the text, and YAML
 * writes a value's characters otherwise than the value has them: escapes
 * in double quotes, '' in single quotes, folded line breaks. Each is still
 * found. */
Test(e2e_search, search_finds_text_that_the_file_writes_escaped_quoted_or_folded)
{
	char *dir = risks_repo();
	th_result r;

	free(th_sh(dir,
		   "f=projects/CBM/risks/R-3.yaml && "
		   "sed -i 's/^title: .*/title: \"\\\\u6570\\\\u636e\\\\u8fc1\\\\u79fb\"/' $f && "
		   "printf 'cause: the CORE\\n  system is old\\n' >> $f && "
		   "sed -i \"s/^title: .*/title: 'it''s late'/\" projects/CBM/risks/R-2.yaml"));
	RUN(&r, dir, "pmo search 据迁 --kind risk --format csv");
	EXPECT(&r, 0, "Record,Kind,Title,Field,Excerpt\r\n"
		      "CBM/R-1,risk,核心数据迁移丢失,title,核心数据迁移丢失\r\n"
		      "CBM/R-3,risk,数据迁移,title,数据迁移\r\n", "");
	th_result_free(&r);
	RUN(&r, dir, "pmo search 'core system' --format csv");
	EXPECT(&r, 0, "Record,Kind,Title,Field,Excerpt\r\n"
		      "CBM/R-3,risk,数据迁移,cause,the CORE system is old\r\n", "");
	th_result_free(&r);
	RUN(&r, dir, "pmo search \"it's\" --format csv");
	EXPECT(&r, 0, "Record,Kind,Title,Field,Excerpt\r\nCBM/R-2,risk,it's late,title,it's late\r\n", "");
	th_result_free(&r);
	free(dir);
}

/* A file that cannot be read is named when it could hold the text, in
 * the order of the records (kind, project, ID) whatever thread read it;
 * one that cannot hold it is not parsed (validate names it). */
Test(e2e_search, search_names_the_files_it_cannot_read_that_could_match_in_order)
{
	char *dir = risks_repo();
	th_result r;

	free(th_sh(dir,
		   "pmo project add OPS name=运维 sponsor=zhao-min manager=wang-li start=2027-01-04 >/dev/null && "
		   "pmo -p OPS risk add '迁移窗口' probability=1 impact=1 owner=wang-li >/dev/null && "
		   "printf 'id: R-9\\ntitle: [迁移\\n' > projects/CBM/risks/R-9.yaml && "
		   "printf 'id: R-8\\ntitle: 迁移\\nimpact: high\\n' > projects/CBM/risks/R-8.yaml && "
		   "printf 'id: R-7\\ntitle: [other\\n' > projects/CBM/risks/R-7.yaml && "
		   "ln -s ../../CBM/risks/R-1.yaml projects/OPS/risks/R-2.yaml && "
		   "printf 'handle: p9\\nname: 迁移: x\\n' > people/p9.yaml"));
	RUN(&r, dir, "pmo search 迁移 --format csv");
	cr_assert_eq(r.status, 1, "%s", r.err);
	cr_assert_str_eq(r.out, "Record,Kind,Title,Field,Excerpt\r\n"
				"CBM,project,核心银行系统迁移,name,核心银行系统迁移\r\n"
				"CBM/R-1,risk,核心数据迁移丢失,title,核心数据迁移丢失\r\n"
				"OPS/R-1,risk,迁移窗口,title,迁移窗口\r\n");
	cr_assert(!strstr(r.err, "R-7.yaml"), "%s", r.err);
	{
		const char *p8 = strstr(r.err, "projects/CBM/risks/R-8.yaml:3:9: error: impact:");
		const char *p9 = strstr(r.err, "projects/CBM/risks/R-9.yaml:");
		const char *o2 = strstr(r.err, "projects/OPS/risks/R-2.yaml:1:1: error: is a symbolic link");
		const char *pp = strstr(r.err, "people/p9.yaml:2:");

		cr_assert(pp && p8 && p9 && o2, "%s", r.err);
		/* person before risk (the kinds' order), then CBM before OPS, R-8 before R-9 */
		cr_assert(pp < p8 && p8 < p9 && p9 < o2, "%s", r.err);
	}
	th_result_free(&r);
	free(dir);
}
