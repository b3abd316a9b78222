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

Test(e2e_report, the_page_of_a_project_closed_since_is_removed_and_other_files_kept)
{
	char *dir = th_report_repo();
	th_result r;

	RUN(&r, dir, "pmo report --html public >/dev/null && "
		     "printf '<html><body>hand-made</body></html>\\n' >public/NOTES.html && "
		     "cp public/MOB.html .git/MOB.html.kept && "
		     "pmo project close MOB --reason 已上线 >/dev/null && pmo report --html public -p CBM && ls public");
	EXPECT(&r, 0, "report: 2 pages in public (index.html and 1 project page)\n"
		      "CBM.html\nMOB.html\nNOTES.html\nindex.html\n", "");
	th_result_free(&r);
	/* one project's report leaves the others' pages; the whole
	 * portfolio's removes the page pmo wrote for MOB, not NOTES.html */
	RUN(&r, dir, "pmo report --html public && ls public && grep -c hand-made public/NOTES.html");
	EXPECT(&r, 0, "report: 2 pages in public (index.html and 1 project page)\n"
		      "report: removed 1 page of projects no longer active\n"
		      "CBM.html\nNOTES.html\nindex.html\n1\n", "");
	th_result_free(&r);
	/* the same page made by hand (no generator in its head) is kept */
	RUN(&r, dir, "sed '/name=\"generator\"/d' .git/MOB.html.kept >public/MOB.html && "
		     "pmo report --html public && ls public");
	EXPECT(&r, 0, "report: 2 pages in public (index.html and 1 project page)\n"
		      "CBM.html\nMOB.html\nNOTES.html\nindex.html\n", "");
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

/* A plan whose progress was committed on several days: T-1 (10 days,
 * 100,000.00) 30% on 2027-01-08 and 70% on 2027-01-13, T-2 (20 days,
 * 50,000.00) 20% on 2027-01-19 and an expense on 2027-01-12 in a commit of
 * 2027-01-26; T-1 at 90% in the worktree, not yet committed. */
static char *progress_history_repo(void)
{
	char *dir = th_demo_repo();

	free(th_sh(dir, "pmo project set CBM status=active >/dev/null && "
			"pmo -p CBM task add 核心系统迁移 duration=10 cost=100000.00 >/dev/null && "
			"pmo -p CBM task add 数据核对 duration=20 cost=50000.00 >/dev/null && "
			"pmo -p CBM baseline set >/dev/null"));
	free(th_sh(dir, "export GIT_COMMITTER_DATE=2027-01-08T18:00:00+08:00 PMO_TODAY=2027-01-08 && "
			"pmo -p CBM task set T-1 progress=30 actual_start=2027-01-04 >/dev/null"));
	free(th_sh(dir, "export GIT_COMMITTER_DATE=2027-01-13T18:00:00+08:00 PMO_TODAY=2027-01-13 && "
			"pmo -p CBM task set T-1 progress=70 >/dev/null"));
	free(th_sh(dir, "export GIT_COMMITTER_DATE=2027-01-19T18:00:00+08:00 PMO_TODAY=2027-01-19 && "
			"pmo -p CBM task set T-2 progress=20 actual_start=2027-01-18 >/dev/null"));
	free(th_sh(dir, "export GIT_COMMITTER_DATE=2027-01-26T10:00:00+08:00 && "
		        "printf 'lines:\\n  - id: B-1\\n    title: 迁移\\n    planned: \\047150000.00\\047\\n"
			"    category: labour\\nexpenses:\\n  - id: E-1\\n    amount: \\04720000.00\\047\\n"
			"    line: B-1\\n    date: 2027-01-12\\n    task: T-1\\n' > projects/CBM/budget.yaml && "
			"git add projects/CBM/budget.yaml && git commit -qm 'budget CBM: B-1 迁移, E-1'"));
	free(th_sh(dir, "sed -i 's/progress: 70/progress: 90/' projects/CBM/plan.yaml"));
	return dir;
}

/* Each point of a line of the earned-value chart, "DAY AMOUNT", from its
 * data-values; then what pmo evm --as-of DAY says of that figure on the
 * status date, for each day drawn up to it. */
#define CHART_VS_EVM(series, figure)                                                              \
	"grep -o 'data-series=\"" series "[^\"]*\" data-points=\"[0-9]*\" data-values=\"[^\"]*' "   \
	"public/CBM.html | sed 's/.*data-values=\"//' | tr ' ' '\\n' | while IFS== read d v; do "   \
	"e=$(PMO_TODAY=2027-01-27 pmo -p CBM --format json evm --as-of $d 2>/dev/null | "             \
	"grep -o '\"totals\".*' | grep -o '\"" figure "\": \"[^\"]*\"' | cut -d'\"' -f4); "         \
	"echo \"$d $v $e\"; done"

Test(e2e_report, earned_value_of_each_day_is_pmo_evm_as_of_that_day)
{
	char *dir = progress_history_repo(), *cbm;
	th_result r;

	RUN(&r, dir, "pmo report --html public --today 2027-01-27 >/dev/null");
	EXPECT(&r, 0, "", "");
	th_result_free(&r);
	/* the Mondays and the status date: each day's EV by the progress
	 * committed by then, the status date's by the worktree's */
	RUN(&r, dir, CHART_VS_EVM("EV", "ev"));
	EXPECT(&r, 0,
	       "2027-01-04 0.00 0.00\n"
	       "2027-01-11 30000.00 30000.00\n"
	       "2027-01-18 70000.00 70000.00\n"
	       "2027-01-25 80000.00 80000.00\n"
	       "2027-01-27 100000.00 100000.00\n",
	       "");
	th_result_free(&r);
	RUN(&r, dir, CHART_VS_EVM("PV", "pv") " | awk '$2 != $3 || NR == 1 { print } END { print NR }'");
	EXPECT(&r, 0, "2027-01-04 0.00 0.00\n9\n", "");
	th_result_free(&r);
	RUN(&r, dir, CHART_VS_EVM("AC", "ac"));
	EXPECT(&r, 0,
	       "2027-01-04 0.00 0.00\n"
	       "2027-01-11 0.00 0.00\n"
	       "2027-01-18 20000.00 20000.00\n"
	       "2027-01-25 20000.00 20000.00\n"
	       "2027-01-27 20000.00 20000.00\n",
	       "");
	th_result_free(&r);
	cbm = th_read(dir, "public/CBM.html");
	lacks(cbm, "no progress was recorded");
	free(cbm);
	/* the same tree, day and history: the same bytes */
	RUN(&r, dir, "pmo report --html again --today 2027-01-27 >/dev/null && cmp public/CBM.html again/CBM.html");
	EXPECT(&r, 0, "", "");
	th_result_free(&r);
	free(dir);
}

/* A shallow clone's history stops where the clone does: the days before
 * its first commit earned nothing recorded, and the page says so as pmo
 * evm does */
Test(e2e_report, a_shallow_clone_earns_from_its_first_commit)
{
	char *dir = progress_history_repo(), *cbm, *cut, want[400];
	th_result r;

	free(th_sh(dir, "GIT_COMMITTER_DATE=2027-01-26T12:00:00+08:00 git commit -qam 'T-1 90%%' && "
			"git clone -q --depth 3 \"file://$PWD\" shallow"));
	RUN(&r, dir, "cd shallow && pmo report --html public --today 2027-01-27 >/dev/null && "
		     "grep -o 'data-series=\"EV[^\"]*\" data-points=\"[0-9]*\" data-values=\"[^\"]*\"' public/CBM.html");
	EXPECT(&r, 0,
	       "data-series=\"EV (earned value)\" data-points=\"5\" data-values=\"2027-01-04=0.00 2027-01-11=0.00 "
	       "2027-01-18=0.00 2027-01-25=80000.00 2027-01-27=100000.00\"\n",
	       "");
	th_result_free(&r);
	/* the clone's first commit, of 2027-01-19 */
	cut = th_sh(dir, "cd shallow && git rev-parse --short=7 HEAD~2");
	cut[strcspn(cut, "\n")] = '\0';
	cbm = th_read(dir, "shallow/public/CBM.html");
	snprintf(want, sizeof(want),
		 "<p class=\"unrecorded\">No commit of projects/CBM/plan.yaml on or before 2027-01-18: no "
		 "progress was recorded by then, so nothing is earned (this shallow clone has no commits "
		 "before %s: git fetch --unshallow gets them).</p>", cut);
	has(cbm, want);
	RUN(&r, dir, "cd shallow && PMO_TODAY=2027-01-27 pmo -p CBM evm --as-of 2027-01-18 | grep '^EV'");
	snprintf(want, sizeof(want),
		 "pmo: warning: no commit of projects/CBM/plan.yaml on or before 2027-01-18: no progress was "
		 "recorded by then, so nothing is earned (this shallow clone has no commits before %s: git "
		 "fetch --unshallow gets them)\n", cut);
	EXPECT(&r, 0, "EV          0.00  earned value\n", want);
	th_result_free(&r);
	free(cut);
	free(cbm);
	free(dir);
}
