#define _GNU_SOURCE
/* End to end: Microsoft Project XML (MSPDI) out of pmo and back in
 * (pmo export --format mspdi, pmo import --format mspdi), through the
 * built pmo in temporary git repositories. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define RUN(r, dir, ...) th_run(r, dir, NULL, __VA_ARGS__)

/* Summaries, a milestone, lags and a lead, SS and FF links, both
 * constraints, progress, notes, an assignee; written as pmo writes it, so
 * that the imported plan.yaml can be compared byte for byte. */
static const char plan_yaml[] =
	"tasks:\n"
	"  - id: T-1\n"
	"    title: 需求 & 设计 <一期>\n"
	"  - id: T-2\n"
	"    title: 需求分析\n"
	"    parent: T-1\n"
	"    duration: 5\n"
	"    assignees:\n"
	"      - person: wang-li\n"
	"        allocation: 50\n"
	"  - id: T-3\n"
	"    title: 设计评审\n"
	"    parent: T-1\n"
	"    duration: 3\n"
	"    depends:\n"
	"      - T-2:ss+2d\n"
	"    finish_no_later_than: '2027-01-29'\n"
	"  - id: T-4\n"
	"    title: 开发\n"
	"    duration: 10\n"
	"    depends:\n"
	"      - T-1\n"
	"    start_no_earlier_than: '2027-01-18'\n"
	"    progress: 20\n"
	"    notes: |-\n"
	"      多行\n"
	"      备注\n"
	"  - id: T-5\n"
	"    title: 测试\n"
	"    duration: 4\n"
	"    depends:\n"
	"      - T-4:ff+1d\n"
	"      - T-3-1d\n"
	"  - id: T-7\n"
	"    title: 上线\n"
	"    milestone: true\n"
	"    depends:\n"
	"      - T-5\n";

/* The elements pmo writes, in the order of mspdi_pj12.xsd's sequences:
 * each parent's children must come in this order. */
static const char order_py[] =
	"import sys, xml.etree.ElementTree as E\n"
	"N = '{http://schemas.microsoft.com/project}'\n"
	"ORDER = {\n"
	" 'Project': 'SaveVersion Name Title StartDate FinishDate CurrencyCode CalendarUID DefaultStartTime "
	"DefaultFinishTime MinutesPerDay MinutesPerWeek DaysPerMonth DurationFormat WeekStartDay Calendars Tasks "
	"Resources Assignments',\n"
	" 'Calendar': 'UID Name IsBaseCalendar WeekDays Exceptions',\n"
	" 'WeekDay': 'DayType DayWorking WorkingTimes',\n"
	" 'Exception': 'EnteredByOccurrences TimePeriod Occurrences Name Type DayWorking WorkingTimes',\n"
	" 'Task': 'UID ID Name WBS OutlineNumber OutlineLevel Start Finish Duration DurationFormat Milestone "
	"Summary Critical PercentComplete ActualStart ActualFinish ConstraintType ConstraintDate Deadline Notes "
	"PredecessorLink',\n"
	" 'PredecessorLink': 'PredecessorUID Type CrossProject LinkLag LagFormat',\n"
	" 'Resource': 'UID ID Name Type',\n"
	" 'Assignment': 'UID TaskUID ResourceUID Units',\n"
	"}\n"
	"root = E.parse(sys.argv[1]).getroot()\n"
	"n = 0\n"
	"for el in root.iter():\n"
	"  tag = el.tag[len(N):]\n"
	"  if tag not in ORDER: continue\n"
	"  seq = ORDER[tag].split()\n"
	"  kids = [c.tag[len(N):] for c in el]\n"
	"  idx = [seq.index(k) for k in kids]\n"
	"  assert idx == sorted(idx), (tag, kids)\n"
	"  n += 1\n"
	"print(root.tag, n)\n";

static const char calendar_yaml[] =
	"calendar:\n"
	"  holidays:\n"
	"    - {date: 2027-01-20, name: 调休}\n"
	"  workdays: [2027-01-16]\n";

/* How an export begins. */
static const char head[] = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Project xmlns=\"http://schemas.microsoft.com/project\">\n"
	" <SaveVersion>12</SaveVersion>\n"
	" <Name>CBM</Name>\n"
	" <Title>核心银行系统迁移</Title>\n"
	" <StartDate>2027-01-04T08:00:00</StartDate>\n"
	" <FinishDate>2027-02-02T17:00:00</FinishDate>\n"
	" <CurrencyCode>CNY</CurrencyCode>\n";

static char *repo_with_plan(void)
{
	char *dir = th_demo_repo(), *settings, *all;

	settings = th_read(dir, "pmo.yaml");
	cr_assert(asprintf(&all, "%s%s", settings, calendar_yaml) > 0);
	th_write(dir, "pmo.yaml", all);
	th_write(dir, "projects/CBM/plan.yaml", plan_yaml);
	free(th_sh(dir, "git add pmo.yaml projects/CBM/plan.yaml && git commit -qm plan && "
			"pmo project add NEW name=新项目 manager=wang-li start=2027-01-04 >/dev/null"));
	free(settings);
	free(all);
	return dir;
}

static char *count_commits(const char *dir)
{
	return th_sh(dir, "git rev-list --count HEAD");
}

Test(e2e_mspdi, export_is_well_formed_in_schema_order_with_calendar_links_and_lags)
{
	char *dir = repo_with_plan(), *xml;
	th_result r;

	RUN(&r, dir, "pmo -p CBM export --format mspdi > cbm.xml");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.err, "");
	th_result_free(&r);
	th_write(dir, "order.py", order_py);
	th_assert_sh(dir, "python3 order.py cbm.xml", "{http://schemas.microsoft.com/project}Project 24\n");
	xml = th_read(dir, "cbm.xml");
	cr_assert(!strncmp(xml, head, strlen(head)), "%s", xml);
	/* the holiday and the worked Saturday as the calendar's exceptions */
	cr_assert(strstr(xml, "    <Exception>\n"
			      "     <EnteredByOccurrences>0</EnteredByOccurrences>\n"
			      "     <TimePeriod>\n"
			      "      <FromDate>2027-01-20T00:00:00</FromDate>\n"
			      "      <ToDate>2027-01-20T23:59:00</ToDate>\n"
			      "     </TimePeriod>\n"
			      "     <Occurrences>1</Occurrences>\n"
			      "     <Name>调休</Name>\n"
			      "     <Type>1</Type>\n"
			      "     <DayWorking>0</DayWorking>\n"
			      "    </Exception>\n"), "%s", xml);
	cr_assert(strstr(xml, "      <FromDate>2027-01-16T00:00:00</FromDate>\n"));
	/* escaped names, the summary, the SS link with its 2-day lag */
	cr_assert(strstr(xml, "   <Name>需求 &amp; 设计 &lt;一期&gt;</Name>\n"
			      "   <WBS>1</WBS>\n"
			      "   <OutlineNumber>1</OutlineNumber>\n"
			      "   <OutlineLevel>1</OutlineLevel>\n"), "%s", xml);
	cr_assert(strstr(xml, "   <UID>3</UID>\n"
			      "   <ID>3</ID>\n"
			      "   <Name>设计评审</Name>\n"
			      "   <WBS>1.2</WBS>\n"
			      "   <OutlineNumber>1.2</OutlineNumber>\n"
			      "   <OutlineLevel>2</OutlineLevel>\n"
			      "   <Start>2027-01-06T08:00:00</Start>\n"
			      "   <Finish>2027-01-08T17:00:00</Finish>\n"
			      "   <Duration>PT24H0M0S</Duration>\n"
			      "   <DurationFormat>7</DurationFormat>\n"
			      "   <Milestone>0</Milestone>\n"
			      "   <Summary>0</Summary>\n"
			      "   <Critical>0</Critical>\n"
			      "   <PercentComplete>0</PercentComplete>\n"
			      "   <ConstraintType>7</ConstraintType>\n"
			      "   <ConstraintDate>2027-01-29T17:00:00</ConstraintDate>\n"
			      "   <PredecessorLink>\n"
			      "    <PredecessorUID>2</PredecessorUID>\n"
			      "    <Type>3</Type>\n"
			      "    <CrossProject>0</CrossProject>\n"
			      "    <LinkLag>9600</LinkLag>\n"
			      "    <LagFormat>7</LagFormat>\n"
			      "   </PredecessorLink>\n"), "%s", xml);
	/* FF with a lag, FS with a lead; the milestone after its predecessor's last day */
	cr_assert(strstr(xml, "    <Type>0</Type>\n    <CrossProject>0</CrossProject>\n    <LinkLag>4800</LinkLag>\n"));
	cr_assert(strstr(xml, "    <Type>1</Type>\n    <CrossProject>0</CrossProject>\n    <LinkLag>-4800</LinkLag>\n"));
	cr_assert(strstr(xml, "   <UID>7</UID>\n"));
	cr_assert(strstr(xml, "   <Start>2027-02-02T17:00:00</Start>\n"
			      "   <Finish>2027-02-02T17:00:00</Finish>\n"
			      "   <Duration>PT0H0M0S</Duration>\n"
			      "   <DurationFormat>7</DurationFormat>\n"
			      "   <Milestone>1</Milestone>\n"), "%s", xml);
	cr_assert(strstr(xml, "   <Notes>多行\n备注</Notes>\n"));
	cr_assert(strstr(xml, "   <TaskUID>2</TaskUID>\n   <ResourceUID>1</ResourceUID>\n   <Units>0.50</Units>\n"));
	free(xml);
	RUN(&r, dir, "pmo -p CBM export --format mspdi --today 2027-01-04");
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "pmo: error: --today is for --format ical or xlsx, not mspdi\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_mspdi, round_trip_gives_the_same_plan_and_schedule)
{
	char *dir = repo_with_plan(), *a, *b;
	th_result r;

	free(th_sh(dir, "pmo -p CBM export --format mspdi > cbm.xml"));
	RUN(&r, dir, "pmo -p NEW import --format mspdi cbm.xml");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.err, "");
	cr_assert(strstr(r.out, "] plan NEW: import 6 tasks from cbm.xml\n"), "%s", r.out);
	th_result_free(&r);
	a = th_read(dir, "projects/CBM/plan.yaml");
	b = th_read(dir, "projects/NEW/plan.yaml");
	cr_assert_str_eq(b, a);
	free(a);
	free(b);
	a = th_sh(dir, "pmo -p CBM schedule | sed 's/CBM/KEY/'");
	b = th_sh(dir, "pmo -p NEW schedule | sed 's/NEW/KEY/'");
	cr_assert_str_eq(b, a);
	cr_assert(strstr(a, "T-7  上线"), "%s", a);
	free(a);
	free(b);
	a = th_sh(dir, "pmo -p CBM schedule --as-of none --format json | sed 's/CBM/KEY/g'");
	b = th_sh(dir, "pmo -p NEW schedule --as-of none --format json | sed 's/NEW/KEY/g'");
	cr_assert_str_eq(b, a);
	free(a);
	free(b);
	th_assert_sh(dir, "git log -1 --format=%B HEAD && git show --name-status --format= HEAD",
		     "plan NEW: import 6 tasks from cbm.xml\n"
		     "\n"
		     "Pmo-Command: import\n"
		     "Pmo-Record: NEW\n"
		     "\n"
		     "A\tprojects/NEW/plan.yaml\n");
	th_assert_sh(dir, "git status --porcelain --untracked-files=no", "");
	th_assert_sh(dir, "pmo validate >/dev/null && pmo fmt --check projects/NEW/plan.yaml && echo ok", "ok\n");
	/* the same file again changes nothing */
	RUN(&r, dir, "pmo -p NEW import --format mspdi --replace cbm.xml");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.err, "projects/NEW/plan.yaml already holds this plan; nothing changed\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_mspdi, a_plan_with_tasks_is_replaced_only_with_replace)
{
	char *dir = repo_with_plan(), *before, *after, *plan;
	th_result r;

	free(th_sh(dir, "cp \"$PMO_TESTDATA/mspdi/msproject.xml\" ."));
	free(th_sh(dir, "pmo -p CBM baseline set >/dev/null"));
	before = count_commits(dir);
	plan = th_read(dir, "projects/CBM/plan.yaml");
	RUN(&r, dir, "pmo -p CBM import --format mspdi msproject.xml");
	cr_assert_eq(r.status, 1);
	cr_assert_str_eq(r.out, "");
	cr_assert_str_eq(r.err, "pmo: error: project CBM already has a plan in projects/CBM/plan.yaml (6 tasks, 1 baseline); "
				"--replace replaces it with the file's\n");
	th_result_free(&r);
	after = count_commits(dir);
	cr_assert_str_eq(after, before);
	free(after);
	after = th_read(dir, "projects/CBM/plan.yaml");
	cr_assert_str_eq(after, plan);
	free(after);
	RUN(&r, dir, "pmo -p CBM import --format mspdi --replace msproject.xml");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "] plan CBM: replace the plan with 5 tasks from msproject.xml\n"), "%s", r.out);
	th_result_free(&r);
	free(before);
	free(plan);
	free(dir);
}

/* A file as Microsoft Project writes it: the project's summary task (UID
 * 0), an empty row (IsNull), custom fields, baselines, timephased data, a
 * resource that is no person of the tree, an unassigned assignment; the
 * task ids are T-<UID>. */
Test(e2e_mspdi, imports_a_file_written_by_ms_project)
{
	char *dir = repo_with_plan(), *plan;
	th_result r;

	free(th_sh(dir, "cp \"$PMO_TESTDATA/mspdi/msproject.xml\" ."));
	RUN(&r, dir, "pmo -p NEW import --format mspdi msproject.xml");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.err, "pmo: warning: 1 assignment of resources that are not people's handles (people/) not imported\n");
	th_result_free(&r);
	plan = th_read(dir, "projects/NEW/plan.yaml");
	cr_assert_str_eq(plan,
		"tasks:\n"
		"  - id: T-10\n"
		"    title: 准备阶段\n"
		"  - id: T-11\n"
		"    title: 环境 & 数据准备\n"
		"    parent: T-10\n"
		"    duration: 5\n"
		"    assignees:\n"
		"      - person: wang-li\n"
		"        allocation: 50\n"
		"    progress: 60\n"
		"    actual_start: '2027-01-04'\n"
		"    notes: 由运维部负责\n"
		"  - id: T-12\n"
		"    title: 方案评审\n"
		"    parent: T-10\n"
		"    duration: 3\n"
		"    depends:\n"
		"      - T-11:ss+1d\n"
		"    start_no_earlier_than: '2027-01-06'\n"
		"  - id: T-14\n"
		"    title: 系统切换\n"
		"    duration: 15\n"
		"    depends:\n"
		"      - T-10-1d\n"
		"      - T-12:ff+2d\n"
		"    finish_no_later_than: '2027-02-05'\n"
		"  - id: T-15\n"
		"    title: 上线\n"
		"    milestone: true\n"
		"    depends:\n"
		"      - T-14\n"
		"    finish_no_later_than: '2027-02-10'\n");
	free(plan);
	th_assert_sh(dir, "pmo validate >/dev/null && echo ok", "ok\n");
	free(dir);
}

static void refused(const char *dir, const char *file, const char *want)
{
	char *before = count_commits(dir), *after;
	th_result r;

	RUN(&r, dir, "pmo -p NEW import --format mspdi %s", file);
	cr_assert_eq(r.status, 1, "%s: %d %s", file, r.status, r.err);
	cr_assert_str_eq(r.out, "");
	cr_assert_str_eq(r.err, want);
	th_result_free(&r);
	after = count_commits(dir);
	cr_assert_str_eq(after, before);
	th_assert_sh(dir, "test -e projects/NEW/plan.yaml || echo none", "none\n");
	free(after);
	free(before);
}

Test(e2e_mspdi, bad_files_are_refused_at_their_place_with_nothing_written)
{
	char *dir = repo_with_plan();

	free(th_sh(dir, "cp \"$PMO_TESTDATA/mspdi/msproject.xml\" . && head -c 2000 msproject.xml > truncated.xml && "
			"sed '155s|<Type>0</Type>|<Type>4</Type>|' msproject.xml > linktype.xml && "
			"sed '124s|<PredecessorUID>11</PredecessorUID>|<PredecessorUID>14</PredecessorUID>|' msproject.xml > cycle.xml && "
			"sed 's|<LinkLag>9600</LinkLag>|<LinkLag>2400</LinkLag>|' msproject.xml > halfday.xml && "
			"sed 's|<ConstraintType>7</ConstraintType>|<ConstraintType>2</ConstraintType>|' msproject.xml > mso.xml && "
			"sed 's|<Duration>PT24H0M0S</Duration>|<Duration>P3D</Duration>|' msproject.xml > iso.xml && "
			"sed 's|<DurationFormat>39</DurationFormat>|<DurationFormat>8</DurationFormat>|' msproject.xml > elapsed.xml && "
			"printf '<Gantt/>' > other.xml"));
	refused(dir, "truncated.xml", "truncated.xml:56:22: error: the file ends inside a tag (truncated?)\n");
	refused(dir, "linktype.xml",
		"linktype.xml:155:5: error: task UID 14: <Type> is \"4\"; allowed: 0 (FF), 1 (FS), 2 (SF), 3 (SS)\n");
	refused(dir, "cycle.xml", "cycle.xml:58:3: error: dependency cycle: T-10 → T-12 → T-14 → T-10\n");
	refused(dir, "halfday.xml",
		"halfday.xml:156:5: error: task UID 14: <LinkLag> 2400 is 0.50 working days of 480 minutes; "
		"pmo's lags are whole working days (4800 tenths of a minute each)\n");
	refused(dir, "mso.xml",
		"mso.xml:144:4: error: task UID 14: <ConstraintType> is 2; allowed: 0 (as soon as possible), "
		"4 (start no earlier than) or 7 (finish no later than)\n");
	refused(dir, "iso.xml",
		"iso.xml:119:4: error: task UID 12: <Duration> is \"P3D\"; allowed: working time as "
		"PT<hours>H<minutes>M<seconds>S (PT40H0M0S)\n");
	refused(dir, "elapsed.xml",
		"elapsed.xml:142:4: error: task UID 14: <DurationFormat> is 8, an elapsed duration; pmo plans in working days: "
		"give the task a duration in days (7), hours (5) or weeks (9)\n");
	refused(dir, "other.xml",
		"other.xml:1:1: error: the root element is <Gantt>, not <Project>: not a Microsoft Project XML (MSPDI) file\n");
	refused(dir, "missing.xml", "pmo: error: missing.xml: no such file\n");
	free(dir);
}

Test(e2e_mspdi, usage)
{
	char *dir = repo_with_plan();
	th_result r;

	RUN(&r, dir, "pmo -p NEW import x.xml");
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "pmo: error: import needs --format csv or mspdi\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p NEW import --format tjp x.xml");
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "pmo: error: unknown format \"tjp\"; allowed: csv,mspdi\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p NEW import --format csv --replace x.xml");
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "pmo: error: --replace is for --format mspdi, not csv\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p NEW import --format mspdi");
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "pmo: error: import needs the file to read (- for standard input)\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p NEW export --format mspdi | pmo -p NEW import --format mspdi -");
	cr_assert_eq(r.status, 1);
	cr_assert_str_eq(r.err, "pmo: error: <stdin> has no task; nothing imported\n");
	th_result_free(&r);
	free(dir);
}
