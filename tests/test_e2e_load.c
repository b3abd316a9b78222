/* End to end: pmo load (people's load across projects, each project on
 * its own calendar) in every format, its filter and options, and
 * validate's over-allocation rule, through the built pmo in temporary git
 * repositories (today is 2027-01-04). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define RUN(r, dir, ...) th_run(r, dir, NULL, __VA_ARGS__)

/* Two projects on different calendars, wang-li at 60% on a task of each:
 *   CBM (from 2027-01-04, holiday 2027-01-14): T-1, 10 days:
 *     01-04..08, 11, 12, 13, 15, 18
 *   MOB (from 2027-01-11, holiday 2027-01-13, Saturday 01-16 worked):
 *     T-1, 5 days: 01-11, 12, 14, 15, 16; zhao-min at 50% on it too
 * so wang-li is at 120% on 01-11, 01-12 and 01-15 only: on 01-13 MOB
 * rests, on 01-14 CBM does, on 01-16 only MOB works. */
static char *load_repo(void)
{
	char *dir = th_demo_repo();
	char *out = th_sh(dir,
		"pmo project add MOB name=手机银行 sponsor=zhao-min manager=wang-li start=2027-01-11 >/dev/null && "
		"pmo person set zhao-min capacity=6 >/dev/null && "
		"pmo -p CBM calendar holiday 2027-01-14 系统切换 >/dev/null && "
		"pmo -p MOB calendar holiday 2027-01-13 内部培训 >/dev/null && "
		"pmo -p MOB calendar workday 2027-01-16 >/dev/null && "
		"pmo -p CBM task add 需求分析 duration=10 'assignees=[{person: wang-li, allocation: 60}]' >/dev/null && "
		"pmo -p MOB task add 界面设计 duration=5 "
		"'assignees=[{person: wang-li, allocation: 60}, {person: zhao-min, allocation: 50}]' >/dev/null");
	free(out);
	return dir;
}

Test(e2e_load, overlapping_tasks_of_two_projects_on_their_own_calendars_day_by_day)
{
	char *dir = load_repo();

	th_assert_sh(dir, "pmo load --by day --to 2027-01-18 --format csv person=wang-li | tr -d '\\r'",
		"Person,From,To,Load,Hours,Capacity,Over days,Tasks\n"
		"wang-li,2027-01-04,2027-01-04,60,4.8,8,0,CBM/T-1 60%\n"
		"wang-li,2027-01-05,2027-01-05,60,4.8,8,0,CBM/T-1 60%\n"
		"wang-li,2027-01-06,2027-01-06,60,4.8,8,0,CBM/T-1 60%\n"
		"wang-li,2027-01-07,2027-01-07,60,4.8,8,0,CBM/T-1 60%\n"
		"wang-li,2027-01-08,2027-01-08,60,4.8,8,0,CBM/T-1 60%\n"
		"wang-li,2027-01-09,2027-01-09,0,0,8,0,\n"
		"wang-li,2027-01-10,2027-01-10,0,0,8,0,\n"
		"wang-li,2027-01-11,2027-01-11,120,9.6,8,1,\"CBM/T-1 60%, MOB/T-1 60%\"\n"
		"wang-li,2027-01-12,2027-01-12,120,9.6,8,1,\"CBM/T-1 60%, MOB/T-1 60%\"\n"
		"wang-li,2027-01-13,2027-01-13,60,4.8,8,0,CBM/T-1 60%\n"
		"wang-li,2027-01-14,2027-01-14,60,4.8,8,0,MOB/T-1 60%\n"
		"wang-li,2027-01-15,2027-01-15,120,9.6,8,1,\"CBM/T-1 60%, MOB/T-1 60%\"\n"
		"wang-li,2027-01-16,2027-01-16,60,4.8,8,0,MOB/T-1 60%\n"
		"wang-li,2027-01-17,2027-01-17,0,0,8,0,\n"
		"wang-li,2027-01-18,2027-01-18,60,4.8,8,0,CBM/T-1 60%\n");
	free(dir);
}

/* A started task loads the days of the work done from its start, then
 * what remains from the as-of date: nothing in the gap between. */
Test(e2e_load, a_started_task_loads_the_work_done_and_what_remains)
{
	char *dir = load_repo();

	th_assert_sh(dir, "pmo -p CBM task set T-1 actual_start=2027-01-04 progress=20 >/dev/null && "
			  "pmo load --today 2027-01-08 --from 2027-01-04 --to 2027-01-10 --by day --format csv "
			  "person=wang-li | cut -d, -f2,4 | tr -d '\\r'",
		"From,Load\n"
		"2027-01-04,60\n"
		"2027-01-05,60\n"
		"2027-01-06,0\n"
		"2027-01-07,0\n"
		"2027-01-08,60\n"
		"2027-01-09,0\n"
		"2027-01-10,0\n");
	free(dir);
}

Test(e2e_load, table_has_a_heat_strip_a_legend_and_the_over_allocation)
{
	char *dir = load_repo();

	/* the default window: from today, 13 weeks */
	th_assert_sh(dir, "pmo load",
		"Person    Name  Capacity  Peak  Over  Weeks from 2027-01-04\n"
		"wang-li   王丽        8h  120%    3d  ▒█▒··········\n"
		"zhao-min  赵敏        6h   50%    0d  ·░···········\n"
		"\n"
		"One cell a week, shaded by its busiest day: · none, ░ up to 50%, ▒ up to 80%, ▓ up to 100%, █ over 100%\n"
		"\n"
		"Over-allocated (above 100% of their time):\n"
		"Person   From        To          Days  Load  Tasks\n"
		"wang-li  2027-01-11  2027-01-12     2  120%  CBM/T-1 60%, MOB/T-1 60%\n"
		"wang-li  2027-01-15  2027-01-15     1  120%  CBM/T-1 60%, MOB/T-1 60%\n");
	/* one cell a day; a window without over-allocation says so */
	th_assert_sh(dir, "pmo load --by day --from 2027-01-13 --to 2027-01-19",
		"Person    Name  Capacity  Peak  Over  Days from 2027-01-13\n"
		"wang-li   王丽        8h  120%    1d  ▒▒█▒·▒·\n"
		"zhao-min  赵敏        6h   50%    0d  ·░░░···\n"
		"\n"
		"One cell a day, shaded by its busiest day: · none, ░ up to 50%, ▒ up to 80%, ▓ up to 100%, █ over 100%\n"
		"\n"
		"Over-allocated (above 100% of their time):\n"
		"Person   From        To          Days  Load  Tasks\n"
		"wang-li  2027-01-15  2027-01-15     1  120%  CBM/T-1 60%, MOB/T-1 60%\n");
	th_assert_sh(dir, "pmo load --from 2027-01-16 --to 2027-01-31 | tail -1",
		"No one is over-allocated from 2027-01-16 to 2027-01-31.\n");
	/* --today moves the default window with it */
	th_assert_sh(dir, "pmo load --today 2027-01-18 | head -1",
		"Person    Name  Capacity  Peak  Over  Weeks from 2027-01-18\n");
	free(dir);
}

Test(e2e_load, by_week_json_and_csv)
{
	char *dir = load_repo();

	th_assert_sh(dir, "pmo load --from 2027-01-06 --to 2027-01-17 --format json",
		"{\n"
		"  \"version\": 1,\n"
		"  \"today\": \"2027-01-04\",\n"
		"  \"from\": \"2027-01-06\",\n"
		"  \"to\": \"2027-01-17\",\n"
		"  \"by\": \"week\",\n"
		"  \"people\": [\n"
		"    {\n"
		"      \"person\": \"wang-li\", \"name\": \"王丽\", \"capacity\": 8, \"peak\": 120, \"over_days\": 3,\n"
		"      \"periods\": [\n"
		"        {\"from\": \"2027-01-06\", \"to\": \"2027-01-10\", \"load\": 60, \"hours\": 14.4, \"over_days\": 0, "
		"\"tasks\": [{\"project\": \"CBM\", \"task\": \"T-1\", \"allocation\": 60}]},\n"
		"        {\"from\": \"2027-01-11\", \"to\": \"2027-01-17\", \"load\": 120, \"hours\": 43.2, \"over_days\": 3, "
		"\"tasks\": [{\"project\": \"CBM\", \"task\": \"T-1\", \"allocation\": 60}, "
		"{\"project\": \"MOB\", \"task\": \"T-1\", \"allocation\": 60}]}\n"
		"      ],\n"
		"      \"over\": [\n"
		"        {\"from\": \"2027-01-11\", \"to\": \"2027-01-12\", \"days\": 2, \"load\": 120, \"tasks\": ["
		"{\"project\": \"CBM\", \"task\": \"T-1\", \"title\": \"需求分析\", \"path\": \"projects/CBM/plan.yaml\", "
		"\"line\": 6, \"col\": 17, \"allocation\": 60}, "
		"{\"project\": \"MOB\", \"task\": \"T-1\", \"title\": \"界面设计\", \"path\": \"projects/MOB/plan.yaml\", "
		"\"line\": 6, \"col\": 17, \"allocation\": 60}]},\n"
		"        {\"from\": \"2027-01-15\", \"to\": \"2027-01-15\", \"days\": 1, \"load\": 120, \"tasks\": ["
		"{\"project\": \"CBM\", \"task\": \"T-1\", \"title\": \"需求分析\", \"path\": \"projects/CBM/plan.yaml\", "
		"\"line\": 6, \"col\": 17, \"allocation\": 60}, "
		"{\"project\": \"MOB\", \"task\": \"T-1\", \"title\": \"界面设计\", \"path\": \"projects/MOB/plan.yaml\", "
		"\"line\": 6, \"col\": 17, \"allocation\": 60}]}\n"
		"      ]\n"
		"    },\n"
		"    {\n"
		"      \"person\": \"zhao-min\", \"name\": \"赵敏\", \"capacity\": 6, \"peak\": 50, \"over_days\": 0,\n"
		"      \"periods\": [\n"
		"        {\"from\": \"2027-01-06\", \"to\": \"2027-01-10\", \"load\": 0, \"hours\": 0, \"over_days\": 0, "
		"\"tasks\": []},\n"
		"        {\"from\": \"2027-01-11\", \"to\": \"2027-01-17\", \"load\": 50, \"hours\": 15, \"over_days\": 0, "
		"\"tasks\": [{\"project\": \"MOB\", \"task\": \"T-1\", \"allocation\": 50}]}\n"
		"      ],\n"
		"      \"over\": []\n"
		"    }\n"
		"  ]\n"
		"}\n");
	/* zhao-min: 50% of 6 hours on the five days MOB works that week */
	th_assert_sh(dir, "pmo load --from 2027-01-06 --to 2027-01-24 --format csv | tr -d '\\r'",
		"Person,From,To,Load,Hours,Capacity,Over days,Tasks\n"
		"wang-li,2027-01-06,2027-01-10,60,14.4,8,0,CBM/T-1 60%\n"
		"wang-li,2027-01-11,2027-01-17,120,43.2,8,3,\"CBM/T-1 60%, MOB/T-1 60%\"\n"
		"wang-li,2027-01-18,2027-01-24,60,4.8,8,0,CBM/T-1 60%\n"
		"zhao-min,2027-01-06,2027-01-10,0,0,6,0,\n"
		"zhao-min,2027-01-11,2027-01-17,50,15,6,0,MOB/T-1 50%\n"
		"zhao-min,2027-01-18,2027-01-24,0,0,6,0,\n");
	free(dir);
}

Test(e2e_load, person_filter_and_projects_that_have_ended)
{
	char *dir = load_repo();
	th_result r;

	th_assert_sh(dir, "pmo load --to 2027-01-24 person=zhao-min | head -3",
		"Person    Name  Capacity  Peak  Over  Weeks from 2027-01-04\n"
		"zhao-min  赵敏        6h   50%    0d  ·░·\n"
		"\n");
	RUN(&r, dir, "pmo load person=zhao");
	EXPECT(&r, 2, "", "pmo: error: person=zhao: no such person (not in people/ and assigned to no task of the window)\n"
			  "\nThe most similar person is\n\tzhao-min\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo load owner=zhao-min");
	EXPECT(&r, 2, "", "pmo: error: \"owner=zhao-min\" is not a filter of pmo load; filter: person=HANDLE\n");
	th_result_free(&r);
	/* a cancelled project loads no one */
	th_assert_sh(dir, "pmo project set MOB status=cancelled >/dev/null && "
			  "pmo load --to 2027-01-24 --format csv person=zhao-min | tr -d '\\r'",
		"Person,From,To,Load,Hours,Capacity,Over days,Tasks\n"
		"zhao-min,2027-01-04,2027-01-10,0,0,6,0,\n"
		"zhao-min,2027-01-11,2027-01-17,0,0,6,0,\n"
		"zhao-min,2027-01-18,2027-01-24,0,0,6,0,\n");
	free(dir);
}

Test(e2e_load, bad_dates_and_options_are_usage_errors)
{
	char *dir = load_repo();
	th_result r;

	RUN(&r, dir, "pmo load --from 2027-02-30");
	EXPECT(&r, 2, "", "pmo: error: --from takes a date YYYY-MM-DD, not \"2027-02-30\"\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo load --to tomorrow");
	EXPECT(&r, 2, "", "pmo: error: --to takes a date YYYY-MM-DD, not \"tomorrow\"\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo load --from 2027-02-01 --to 2027-01-31");
	EXPECT(&r, 2, "", "pmo: error: --to 2027-01-31 is before --from 2027-02-01\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo load --from 2027-01-01 --to 2040-01-01");
	EXPECT(&r, 2, "", "pmo: error: --from to --to spans 4749 days; pmo load takes at most 3660 (ten years)\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo load --by month");
	EXPECT(&r, 2, "", "pmo: error: --by takes day or week, not \"month\"\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo load --format md");
	cr_assert_eq(r.status, 2, "%s", r.err);
	cr_assert(strstr(r.err, "md"), "%s", r.err);
	th_result_free(&r);
	/* -h says the defaults */
	RUN(&r, dir, "pmo load -h");
	cr_assert_eq(r.status, 0);
	cr_assert(strstr(r.out, "Defaults: --from today (--today, $PMO_TODAY), --to 13 weeks on (--from plus\n"
				"90 days), --by week"), "%s", r.out);
	th_result_free(&r);
	free(dir);
}

Test(e2e_load, validate_warns_of_over_allocation_and_strict_fails)
{
	char *dir = load_repo();
	th_result r;
	static const char warnings[] =
		"projects/CBM/plan.yaml:6:17: warning: wang-li is allocated 120% of their time on 2 days from "
		"2027-01-11 to 2027-01-12: CBM/T-1 60%, MOB/T-1 60% (projects/MOB/plan.yaml:6:17) [over-allocation]\n"
		"projects/CBM/plan.yaml:6:17: warning: wang-li is allocated 120% of their time on 1 day, 2027-01-15: "
		"CBM/T-1 60%, MOB/T-1 60% (projects/MOB/plan.yaml:6:17) [over-allocation]\n";

	RUN(&r, dir, "pmo validate");
	cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
	cr_assert(!strncmp(r.out, warnings, strlen(warnings)), "%s", r.out);
	cr_assert(strstr(r.out, "0 errors, 2 warnings"), "%s", r.out);
	th_result_free(&r);
	RUN(&r, dir, "pmo validate --strict");
	cr_assert_eq(r.status, 1, "%s%s", r.out, r.err);
	cr_assert(!strncmp(r.out, warnings, strlen(warnings)), "%s", r.out);
	th_result_free(&r);
	/* validate of MOB alone tells it at MOB's task */
	th_assert_sh(dir, "pmo validate projects/MOB | head -1",
		"projects/MOB/plan.yaml:6:17: warning: wang-li is allocated 120% of their time on 2 days from "
		"2027-01-11 to 2027-01-12: CBM/T-1 60% (projects/CBM/plan.yaml:6:17), MOB/T-1 60% [over-allocation]\n");
	/* as of 2027-01-13 neither task has started: CBM's starts that day,
	 * MOB's the next (the 13th is MOB's holiday), and they overlap on the
	 * 15th, then on the 18th and 19th (the 16th only MOB works) */
	th_assert_sh(dir, "pmo validate --today 2027-01-13 | grep over-allocation | cut -d: -f4-5",
		" warning: wang-li is allocated 120% of their time on 1 day, 2027-01-15\n"
		" warning: wang-li is allocated 120% of their time on 2 days from 2027-01-18 to 2027-01-19\n");
	/* the task moved after CBM's: no warning */
	th_assert_sh(dir, "pmo -p MOB task set T-1 start_no_earlier_than=2027-01-19 >/dev/null && "
			  "pmo validate --strict", "0 errors, 0 warnings in 7 files\n");
	free(dir);
}
