/* End to end: pmo report --html, the portfolio and its projects as a
 * static site, through the built pmo in a temporary git repository
 * (th_report_repo: CBM late with risks, an overdue action and money; MOB
 * on plan). What a browser makes of the pages is test_e2e_browser.c's. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define RUN(r, dir, ...) th_run(r, dir, NULL, __VA_ARGS__)

static void has(const char *page, const char *want)
{
	cr_assert(page && strstr(page, want), "the page lacks %s", want);
}

static void lacks(const char *page, const char *what)
{
	cr_assert(page && !strstr(page, what), "the page has %s", what);
}

Test(e2e_report, writes_the_index_and_a_page_per_active_project)
{
	char *dir = th_report_repo(), *index, *cbm, *mob;
	th_result r;

	RUN(&r, dir, "pmo report --html public --today 2027-01-18");
	EXPECT(&r, 0, "report: 3 pages in public (index.html and 2 project pages)\n", "");
	th_result_free(&r);
	th_assert_sh(dir, "ls public", "CBM.html\nMOB.html\nindex.html\n");
	index = th_read(dir, "public/index.html");
	/* the rows pmo status gives, linked to their pages */
	has(index, "<tr data-project=\"CBM\"><td><a href=\"CBM.html\">CBM</a></td><td>核心银行系统迁移</td>");
	has(index, "<tr data-project=\"MOB\"><td><a href=\"MOB.html\">MOB</a></td><td>手机银行</td>");
	has(index, "data-rating=\"red\"");
	has(index, "2 projects: 2 red, 0 amber, 0 green");
	cbm = th_read(dir, "public/CBM.html");
	/* the Gantt chart: each task, the summary, the milestone, the
	 * critical path, the baseline, the holiday and today */
	has(cbm, "<rect class=\"summary\" id=\"task-T-1\" data-task=\"T-1\"");
	has(cbm, "<rect class=\"bar critical\" id=\"task-T-2\" data-task=\"T-2\" data-start=\"2027-01-11\" "
		 "data-finish=\"2027-01-22\" data-progress=\"50\"");
	has(cbm, "id=\"task-T-4\" data-task=\"T-4\"");
	has(cbm, "<path class=\"milestone critical\" id=\"task-T-5\" data-milestone=\"T-5\"");
	has(cbm, "<rect class=\"base\"");
	has(cbm, "<path class=\"dep critical\"");
	has(cbm, "data-holiday=\"2027-02-10\"");
	has(cbm, "<title>春节</title>");
	has(cbm, "<line class=\"today\" data-date=\"2027-01-18\"");
	/* the heat map, and each cell's risks under its anchor */
	has(cbm, "<g class=\"cell\" data-row=\"5\" data-column=\"5\" data-count=\"1\"><a href=\"#risks-5-5\">");
	has(cbm, "<g class=\"cell\" data-row=\"3\" data-column=\"4\" data-count=\"2\"><a href=\"#risks-3-4\">");
	has(cbm, "<section id=\"risks-5-5\" class=\"cell-risks\">");
	has(cbm, "<li data-risk=\"R-1\"><b>R-1</b> 核心数据迁移丢失");
	/* money, what is due, the changes from git */
	has(cbm, "<h2 id=\"evm\">Earned value</h2>");
	has(cbm, "data-series=\"PV (planned value)\"");
	has(cbm, "<h2 id=\"budget\">Budget burn</h2>");
	has(cbm, "<tr data-due=\"overdue\" class=\"overdue\"><td>2027-01-12</td><td class=\"n\">-6</td><td>CBM/A-1</td>");
	has(cbm, "<tr data-due=\"upcoming\" class=\"upcoming\"><td>2027-01-29</td>");
	has(cbm, "<td>risk CBM/R-1: add 核心数据迁移丢失</td>");
	has(cbm, "<td>budget CBM: B-1 设计服务, E-1</td>");
	mob = th_read(dir, "public/MOB.html");
	has(mob, "id=\"task-T-1\" data-task=\"T-1\"");
	lacks(mob, "核心数据迁移丢失");
	free(index);
	free(cbm);
	free(mob);
	free(dir);
}

Test(e2e_report, the_same_tree_and_day_give_the_same_bytes)
{
	char *dir = th_report_repo();
	th_result r;

	RUN(&r, dir, "pmo report --html a --today 2027-01-18 >/dev/null && "
		     "PMO_TODAY=2027-01-18 pmo report --html b >/dev/null && "
		     "ls a | while read f; do cmp a/$f b/$f || exit 1; done && ls a | wc -l && ls b | wc -l");
	EXPECT(&r, 0, "3\n3\n", "");
	th_result_free(&r);
	/* another day, other pages */
	RUN(&r, dir, "pmo report --html c --today 2027-01-19 >/dev/null && cmp -s a/CBM.html c/CBM.html");
	cr_assert_eq(r.status, 1);
	th_result_free(&r);
	free(dir);
}

Test(e2e_report, text_from_the_tree_is_escaped_and_nothing_is_fetched)
{
	char *dir = th_report_repo(), *cbm;
	th_result r;

	RUN(&r, dir, "pmo report --html public >/dev/null");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	cbm = th_read(dir, "public/CBM.html");
	has(cbm, "<b>R-3</b> &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;引号&#39;");
	lacks(cbm, "<script");
	/* no script, no file or address to fetch: one folder opens anywhere */
	lacks(cbm, " src=");
	lacks(cbm, "<link");
	lacks(cbm, "@import");
	lacks(cbm, "https:");
	RUN(&r, dir, "grep -o 'http:[^\"]*' public/*.html | sort -u");
	EXPECT(&r, 0, "public/CBM.html:http://www.w3.org/2000/svg\npublic/MOB.html:http://www.w3.org/2000/svg\n", "");
	th_result_free(&r);
	has(cbm, "@page{size:A4 landscape");
	has(cbm, "\"Noto Sans CJK SC\",\"PingFang SC\",\"Microsoft YaHei\",sans-serif");
	free(cbm);
	free(dir);
}

Test(e2e_report, one_project)
{
	char *dir = th_report_repo(), *index;
	th_result r;

	RUN(&r, dir, "pmo report --html public -p CBM");
	EXPECT(&r, 0, "report: 2 pages in public (index.html and 1 project page)\n", "");
	th_result_free(&r);
	th_assert_sh(dir, "ls public", "CBM.html\nindex.html\n");
	index = th_read(dir, "public/index.html");
	has(index, "data-project=\"CBM\"");
	lacks(index, "data-project=\"MOB\"");
	free(index);
	/* pmo -p and the project's folder name it too */
	th_assert_sh(dir, "pmo -p MOB report --html p2 && cd projects/MOB && pmo report --html ../../p3 && ls ../../p2 ../../p3",
		     "report: 2 pages in p2 (index.html and 1 project page)\n"
		     "report: 2 pages in ../../p3 (index.html and 1 project page)\n"
		     "../../p2:\nMOB.html\nindex.html\n\n../../p3:\nMOB.html\nindex.html\n");
	free(dir);
}

Test(e2e_report, usage_errors)
{
	char *dir = th_report_repo();
	th_result r;

	RUN(&r, dir, "pmo report");
	EXPECT(&r, 2, "", "pmo: error: report needs --html DIR (a static site) or --md (Markdown on standard output)\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo report --html public --today 2027-13-01");
	EXPECT(&r, 2, "", "pmo: error: --today takes a date YYYY-MM-DD, not \"2027-13-01\"\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo report --html public -p NOPE");
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "NOPE"), "%s", r.err);
	th_result_free(&r);
	RUN(&r, dir, "pmo report --html public extra");
	EXPECT(&r, 2, "", "pmo: error: report takes no arguments, not \"extra\"\n");
	th_result_free(&r);
	th_assert_sh(dir, "ls public 2>&1 | wc -l", "1\n");
	free(dir);
}

Test(e2e_report, a_closed_project_has_no_page)
{
	char *dir = th_report_repo();
	th_result r;

	RUN(&r, dir, "pmo project close MOB --reason 已上线 >/dev/null && pmo report --html public && ls public");
	EXPECT(&r, 0, "report: 2 pages in public (index.html and 1 project page)\nCBM.html\nindex.html\n", "");
	th_result_free(&r);
	RUN(&r, dir, "pmo report --html public -p MOB");
	cr_assert_eq(r.status, 1);
	EXPECT(&r, 1, "", "pmo: error: no active project MOB (pmo status lists them)\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_report, a_page_that_cannot_be_written_leaves_no_half_page)
{
	char *dir = th_report_repo();
	th_result r;

	/* MOB.html is a folder: index.html and CBM.html are written whole,
	 * MOB.html is refused, and no temporary file is left behind */
	RUN(&r, dir, "mkdir -p public/MOB.html && pmo report --html public");
	cr_assert_eq(r.status, 1, "%s", r.err);
	cr_assert(strstr(r.err, "MOB.html"), "%s", r.err);
	th_result_free(&r);
	th_assert_sh(dir, "ls -A public", "CBM.html\nMOB.html\nindex.html\n");
	th_assert_sh(dir, "tail -c 8 public/CBM.html", "</html>\n");
	/* a file where the folder should be */
	RUN(&r, dir, "touch plain && pmo report --html plain");
	cr_assert_eq(r.status, 1, "%s", r.err);
	th_result_free(&r);
	free(dir);
}
