#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan/plan.h"
#include "plan/status.h"
#include "util/error.h"
#include "yaml/yaml.h"

static pmo_date D(const char *s)
{
	pmo_date d = 0;
	cr_assert_eq(pmo_date_parse(&d, s, strlen(s)), 0, "bad date %s", s);
	return d;
}

static const char *fmt(pmo_date d)
{
	static char bufs[8][11];
	static int k;
	k = (k + 1) % 8;
	return pmo_date_format(bufs[k], d);
}

/* The 2026 Chinese arrangement from calendar-cn.md. */
static pmo_calendar *cal_cn2026(void)
{
	static const char *const hol[][3] = {
		{ "2026-01-01", "2026-01-03", "元旦" },   { "2026-02-15", "2026-02-23", "春节" },
		{ "2026-04-04", "2026-04-06", "清明节" }, { "2026-05-01", "2026-05-05", "劳动节" },
		{ "2026-06-19", "2026-06-21", "端午节" }, { "2026-09-25", "2026-09-27", "中秋节" },
		{ "2026-10-01", "2026-10-07", "国庆节" },
	};
	static const char *const work[] = { "2026-01-04", "2026-02-14", "2026-02-28",
					    "2026-05-09", "2026-09-20", "2026-10-10" };
	pmo_calendar *cal;
	size_t i;
	cr_assert_eq(pmo_calendar_new(&cal), 0);
	for (i = 0; i < sizeof(hol) / sizeof(hol[0]); i++)
		cr_assert_eq(pmo_calendar_add_holiday(cal, D(hol[i][0]), D(hol[i][1]), hol[i][2]), 0);
	for (i = 0; i < sizeof(work) / sizeof(work[0]); i++)
		cr_assert_eq(pmo_calendar_add_workday(cal, D(work[i]), NULL), 0);
	return cal;
}

static pmo_task *add(pmo_plan *p, const char *id, long days, const char *deps)
{
	pmo_task *t;
	char buf[256], *save = NULL, *tok;
	cr_assert_eq(pmo_plan_add_task(&t, p, id, id), 0);
	t->duration = days;
	if (deps) {
		snprintf(buf, sizeof(buf), "%s", deps);
		for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
			cr_assert_eq(pmo_task_add_dep(t, tok), 0, "dep %s", tok);
	}
	return t;
}

typedef struct {
	pmo_plan *plan;
	pmo_calendar *cal;
	pmo_schedule *s;
	pmo_findings f;
	int rc;
} fx;

static void run(fx *x, const char *start, const char *as_of)
{
	pmo_schedule_options o = { D(start), as_of ? D(as_of) : PMO_NODATE };
	if (!x->cal)
		x->cal = cal_cn2026();
	x->rc = pmo_schedule_compute(&x->s, x->plan, x->cal, &o, &x->f);
}

static void fx_init(fx *x)
{
	memset(x, 0, sizeof(*x));
	pmo_findings_init(&x->f);
	cr_assert_eq(pmo_plan_new(&x->plan), 0);
}

static void fx_release(fx *x)
{
	pmo_schedule_free(x->s);
	pmo_plan_free(x->plan);
	pmo_calendar_free(x->cal);
	pmo_findings_free(&x->f);
}

static const pmo_task_schedule *ts(fx *x, const char *id)
{
	size_t i = pmo_plan_find(x->plan, id);
	cr_assert_neq(i, PMO_PLAN_NONE, "no task %s", id);
	cr_assert_not_null(x->s);
	return &x->s->tasks[i];
}

static void dates(fx *x, const char *id, const char *start, const char *finish)
{
	const pmo_task_schedule *t = ts(x, id);
	cr_expect_str_eq(fmt(t->start), start, "%s start", id);
	cr_expect_str_eq(fmt(t->finish), finish, "%s finish", id);
}

static const pmo_finding *finding(fx *x, const char *rule)
{
	size_t i;
	for (i = 0; i < x->f.n; i++)
		if (!strcmp(x->f.items[i].rule, rule))
			return &x->f.items[i];
	return NULL;
}

static int count_message(fx *x, const char *msg)
{
	size_t i;
	int k = 0;
	for (i = 0; i < x->f.n; i++)
		k += !strcmp(x->f.items[i].message, msg);
	return k;
}

/* ---------------------------------------------------------------- calendar */

Test(plan, calendar_default_is_monday_to_friday)
{
	pmo_calendar *cal;
	cr_assert_eq(pmo_calendar_new(&cal), 0);
	cr_expect(pmo_calendar_is_workday(cal, D("2026-03-06")));   /* Friday */
	cr_expect(!pmo_calendar_is_workday(cal, D("2026-03-07")));  /* Saturday */
	cr_expect(!pmo_calendar_is_workday(cal, D("2026-03-08")));
	cr_expect_str_eq(fmt(pmo_calendar_add(cal, D("2026-03-06"), 1)), "2026-03-09");
	cr_expect_str_eq(fmt(pmo_calendar_add(cal, D("2026-03-07"), 0)), "2026-03-09");
	cr_expect_str_eq(fmt(pmo_calendar_add(cal, D("2026-03-09"), -1)), "2026-03-06");
	cr_expect_eq(pmo_calendar_count(cal, D("2026-03-01"), D("2026-03-31")), 22);
	pmo_calendar_free(cal);
}

Test(plan, calendar_index_and_day_are_inverse)
{
	pmo_calendar *cal = cal_cn2026();
	pmo_date d;
	for (d = D("2025-12-01"); d < D("2027-02-01"); d++) {
		long i = pmo_calendar_index(cal, d);
		if (pmo_calendar_is_workday(cal, d))
			cr_assert_eq(pmo_calendar_day(cal, i), d, "%s", fmt(d));
		else
			cr_assert_gt(pmo_calendar_day(cal, i), d, "%s", fmt(d));
	}
	pmo_calendar_free(cal);
}

Test(plan, calendar_holidays_and_moved_workdays)
{
	pmo_calendar *cal = cal_cn2026();
	cr_expect(!pmo_calendar_is_workday(cal, D("2026-02-16")));  /* Monday in 春节 */
	cr_expect(pmo_calendar_is_workday(cal, D("2026-02-14")));   /* Saturday worked */
	cr_expect(pmo_calendar_is_workday(cal, D("2026-02-28")));
	cr_expect(!pmo_calendar_is_workday(cal, D("2026-02-21")));  /* Saturday in 春节 */
	/* calendar-cn.md: 8 working days from 2026-02-09 end on 2026-02-25 */
	cr_expect_str_eq(fmt(pmo_calendar_add(cal, D("2026-02-09"), 7)), "2026-02-25");
	cr_expect_eq(pmo_calendar_count(cal, D("2026-02-09"), D("2026-02-28")), 11);
	cr_expect_eq(pmo_calendar_count(cal, D("2026-10-01"), D("2026-10-11")), 3); /* 8, 9, 10 */
	pmo_calendar_free(cal);
}

Test(plan, calendar_year_boundary)
{
	pmo_calendar *cal = cal_cn2026();
	/* 2026-01-01..03 off, Sunday 2026-01-04 worked */
	cr_expect_str_eq(fmt(pmo_calendar_add(cal, D("2025-12-31"), 1)), "2026-01-04");
	cr_expect_str_eq(fmt(pmo_calendar_add(cal, D("2025-12-31"), 2)), "2026-01-05");
	cr_expect_str_eq(fmt(pmo_calendar_add(cal, D("2026-01-04"), -1)), "2025-12-31");
	cr_expect_eq(pmo_calendar_count(cal, D("2025-12-29"), D("2026-01-09")), 9);
	cr_expect_eq(pmo_calendar_count(cal, D("2026-12-28"), D("2027-01-08")), 10);
	pmo_calendar_free(cal);
}

Test(plan, calendar_weekday_configuration)
{
	pmo_calendar *cal;
	cr_assert_eq(pmo_calendar_new(&cal), 0);
	cr_assert_eq(pmo_calendar_set_weekdays(cal, 0x3f), 0); /* Monday to Saturday */
	cr_expect(pmo_calendar_is_workday(cal, D("2026-03-07")));
	cr_expect(!pmo_calendar_is_workday(cal, D("2026-03-08")));
	cr_expect_eq(pmo_calendar_count(cal, D("2026-03-02"), D("2026-03-08")), 6);
	cr_expect_eq(pmo_calendar_set_weekdays(cal, 0), PMO_EINVALID);
	pmo_calendar_free(cal);
}

Test(plan, calendar_refuses_a_day_both_holiday_and_workday)
{
	pmo_calendar *cal = cal_cn2026();
	cr_expect_eq(pmo_calendar_add_holiday(cal, D("2026-02-13"), D("2026-02-14"), NULL),
		     PMO_EINVALID);
	cr_expect_str_eq(pmo_error_last()->message,
			 "2026-02-14 is both a holiday and an extra workday");
	cr_expect_eq(pmo_calendar_add_workday(cal, D("2026-02-16"), NULL), PMO_EINVALID);
	pmo_calendar_free(cal);
}

static pmo_doc *load(const char *text)
{
	pmo_doc *doc = NULL;
	int rc = pmo_yaml_load(&doc, "t.yaml", text, strlen(text), NULL);
	cr_assert_eq(rc, 0, "yaml: %s", pmo_error_last() ? pmo_error_last()->message : "");
	return doc;
}

Test(plan, calendar_from_yaml_with_project_override)
{
	pmo_doc *base = load("calendar:\n"
			     "  holidays:\n"
			     "    - {date: 2026-02-15, until: 2026-02-23, name: 春节}\n"
			     "    - 2026-04-06\n"
			     "  workdays: [2026-02-14, {date: 2026-02-28, name: 调休}]\n");
	pmo_doc *proj = load("calendar:\n  weekdays: [mon, tue, wed, thu, fri, sat]\n");
	pmo_calendar *cal = NULL;
	size_t n;
	const pmo_calendar_range *h;

	cr_assert_eq(pmo_calendar_from_yaml(&cal, pmo_map_get(pmo_doc_root(base), "calendar"),
					    "pmo.yaml", NULL, NULL), 0);
	h = pmo_calendar_holidays(cal, &n);
	cr_assert_eq(n, 2);
	cr_expect_str_eq(h[0].name, "春节");
	cr_expect_str_eq(fmt(h[0].until), "2026-02-23");
	cr_expect(!pmo_calendar_is_workday(cal, D("2026-04-06")));
	cr_expect(pmo_calendar_is_workday(cal, D("2026-02-28")));
	cr_expect(!pmo_calendar_is_workday(cal, D("2026-03-07")));
	pmo_calendar_free(cal);

	cr_assert_eq(pmo_calendar_from_yaml(&cal, pmo_map_get(pmo_doc_root(base), "calendar"),
					    "pmo.yaml", pmo_map_get(pmo_doc_root(proj), "calendar"),
					    "project.yaml"), 0);
	cr_expect(pmo_calendar_is_workday(cal, D("2026-03-07")));  /* Saturday now works */
	cr_expect(!pmo_calendar_is_workday(cal, D("2026-02-16"))); /* holidays inherited */
	pmo_calendar_free(cal);
	pmo_doc_free(base);
	pmo_doc_free(proj);
}

Test(plan, calendar_yaml_errors_point_at_the_node)
{
	pmo_doc *doc = load("calendar:\n  weekdays: [mon, funday]\n");
	pmo_calendar *cal = NULL;
	const pmo_error *e;
	cr_expect_eq(pmo_calendar_from_yaml(&cal, pmo_map_get(pmo_doc_root(doc), "calendar"),
					    "pmo.yaml", NULL, NULL), PMO_EINVALID);
	e = pmo_error_last();
	cr_expect_str_eq(e->path, "pmo.yaml");
	cr_expect_eq(e->line, 2);
	cr_expect_eq(e->col, 19);
	cr_expect_str_eq(e->message, "unknown weekday \"funday\" (mon, tue, wed, thu, fri, sat, sun)");
	pmo_doc_free(doc);
}

/* ------------------------------------------------------------ dependencies */

Test(plan, dependency_syntax)
{
	static const struct {
		const char *in, *id;
		pmo_dep_type type;
		long lag;
		const char *canon;
	} cases[] = {
		{ "T-3", "T-3", PMO_DEP_FS, 0, "T-3" },
		{ "T-3+2d", "T-3", PMO_DEP_FS, 2, "T-3+2d" },
		{ "T-3-1d", "T-3", PMO_DEP_FS, -1, "T-3-1d" },
		{ "T-12 - 1", "T-12", PMO_DEP_FS, -1, "T-12-1d" },
		{ "T-3:ss", "T-3", PMO_DEP_SS, 0, "T-3:ss" },
		{ "T-3:FF+2d", "T-3", PMO_DEP_FF, 2, "T-3:ff+2d" },
		{ "T-3 : sf -3d", "T-3", PMO_DEP_SF, -3, "T-3:sf-3d" },
	};
	size_t i;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		pmo_dep d;
		pmo_buf b = PMO_BUF_INIT;
		cr_assert_eq(pmo_dep_parse(&d, cases[i].in, strlen(cases[i].in)), 0, "%s", cases[i].in);
		cr_expect_str_eq(d.task, cases[i].id, "%s", cases[i].in);
		cr_expect_eq(d.type, cases[i].type, "%s", cases[i].in);
		cr_expect_eq(d.lag, cases[i].lag, "%s", cases[i].in);
		pmo_dep_format(&b, &d);
		cr_expect_str_eq(pmo_buf_cstr(&b), cases[i].canon);
		pmo_buf_free(&b);
		free(d.task);
	}
	{
		pmo_dep d;
		cr_expect_eq(pmo_dep_parse(&d, "T-3:xx", 6), PMO_EINVALID);
		cr_expect_eq(pmo_dep_parse(&d, "T-3+", 4), PMO_EINVALID);
		cr_expect_eq(pmo_dep_parse(&d, ":ss", 3), PMO_EINVALID);
		cr_expect_eq(pmo_dep_parse(&d, "T-3+2w", 6), PMO_EINVALID);
	}
}

/* A of 5 days from Monday 2026-03-02 (03-02..03-06); B of 3 days. */
static void dep_case(const char *dep, const char *start, const char *finish)
{
	fx x;
	pmo_task *a;
	fx_init(&x);
	a = add(x.plan, "A", 5, NULL);
	a->snet = D("2026-03-02");
	add(x.plan, "B", 3, dep);
	run(&x, "2026-02-02", NULL);
	cr_assert_eq(x.rc, 0);
	cr_expect_eq(x.f.n, 0, "%s: %s", dep, x.f.n ? x.f.items[0].message : "");
	dates(&x, "A", "2026-03-02", "2026-03-06");
	cr_expect_str_eq(fmt(ts(&x, "B")->start), start, "%s start %s", dep, fmt(ts(&x, "B")->start));
	cr_expect_str_eq(fmt(ts(&x, "B")->finish), finish, "%s finish %s", dep,
			 fmt(ts(&x, "B")->finish));
	fx_release(&x);
}

Test(plan, finish_to_start_with_lags)
{
	dep_case("A", "2026-03-09", "2026-03-11");
	dep_case("A+2d", "2026-03-11", "2026-03-13");
	dep_case("A-1d", "2026-03-06", "2026-03-10");
	dep_case("A-3d", "2026-03-04", "2026-03-06");
}

Test(plan, start_to_start_with_lags)
{
	dep_case("A:ss", "2026-03-02", "2026-03-04");
	dep_case("A:ss+4d", "2026-03-06", "2026-03-10");
	dep_case("A:ss-2d", "2026-02-27", "2026-03-02");
}

Test(plan, finish_to_finish_with_lags)
{
	dep_case("A:ff", "2026-03-04", "2026-03-06");
	dep_case("A:ff+2d", "2026-03-06", "2026-03-10");
	dep_case("A:ff-1d", "2026-03-03", "2026-03-05");
}

Test(plan, start_to_finish_with_lags)
{
	/* B's finish boundary >= A's start boundary: B ends the day before */
	dep_case("A:sf", "2026-02-26", "2026-02-28"); /* Saturday 02-28 is worked */
	dep_case("A:sf+3d", "2026-03-02", "2026-03-04");
	dep_case("A:sf-1d", "2026-02-25", "2026-02-27");
}

Test(plan, lags_count_working_days_across_holidays)
{
	fx x;
	fx_init(&x);
	add(x.plan, "A", 5, NULL);             /* 2026-02-09..13 */
	add(x.plan, "B", 2, "A+1d");           /* skips Sat 02-14 (worked), 春节 */
	add(x.plan, "C", 1, "A:ss+5d");
	run(&x, "2026-02-09", NULL);
	cr_assert_eq(x.rc, 0);
	dates(&x, "A", "2026-02-09", "2026-02-13");
	dates(&x, "B", "2026-02-24", "2026-02-25");
	dates(&x, "C", "2026-02-14", "2026-02-14");
	fx_release(&x);
}

/* ------------------------------------------------------------- constraints */

Test(plan, start_no_earlier_than_delays_a_task)
{
	fx x;
	pmo_task *b;
	fx_init(&x);
	add(x.plan, "A", 2, NULL);
	b = add(x.plan, "B", 2, "A");
	b->snet = D("2026-03-14"); /* a Saturday: the next working day */
	run(&x, "2026-03-02", NULL);
	cr_assert_eq(x.rc, 0);
	dates(&x, "B", "2026-03-16", "2026-03-17");
	cr_expect_eq(ts(&x, "A")->total_slack, 8, "%ld", ts(&x, "A")->total_slack);
	fx_release(&x);
}

Test(plan, finish_no_later_than_conflicts_are_findings)
{
	fx x;
	pmo_task *a, *b;
	const pmo_finding *f;
	fx_init(&x);
	a = add(x.plan, "T-1", 5, NULL);
	a->snet = D("2026-03-09");
	a->fnlt = D("2026-03-11");
	b = add(x.plan, "T-2", 3, NULL);
	b->fnlt = D("2026-03-03");
	add(x.plan, "T-3", 2, "T-2");
	run(&x, "2026-03-02", NULL);
	cr_assert_eq(x.rc, 0);
	f = finding(&x, "plan-constraint");
	cr_assert_not_null(f);
	cr_expect_eq(f->severity, PMO_SEVERITY_ERROR);
	cr_expect_str_eq(f->message, "task T-1 cannot start no earlier than 2026-03-09 and finish "
				     "no later than 2026-03-11 in 5 working days");
	cr_expect_eq(x.f.n, 3, "findings: %zu", x.f.n);
	cr_expect_eq(count_message(&x, "task T-2 finishes 2026-03-04, after its finish_no_later_than 2026-03-03"), 1);
	cr_expect_eq(count_message(&x, "task T-1 finishes 2026-03-13, after its finish_no_later_than 2026-03-11"), 1);
	cr_expect(ts(&x, "T-2")->late);
	cr_expect_eq(ts(&x, "T-2")->total_slack, -1);
	cr_expect_eq(ts(&x, "T-1")->total_slack, -2);
	cr_expect(ts(&x, "T-2")->critical);
	fx_release(&x);
}

Test(plan, summary_finish_no_later_than_is_a_finding)
{
	fx x;
	pmo_task *t;
	fx_init(&x);
	t = add(x.plan, "S", -1, NULL);
	t->fnlt = D("2026-03-04");
	t = add(x.plan, "X", 5, NULL);
	pmo_task_set_parent(t, "S");
	t = add(x.plan, "Y", 1, NULL);
	t->snet = D("2026-03-10");
	t->fnlt = D("2026-03-09");
	run(&x, "2026-03-02", NULL);
	cr_assert_eq(x.rc, 0);
	cr_expect_eq(count_message(&x, "summary task S finishes 2026-03-06, after its finish_no_later_than 2026-03-04"), 1);
	cr_expect(ts(&x, "S")->late);
	cr_expect_eq(ts(&x, "X")->total_slack, -2);
	cr_expect_eq(count_message(&x, "task Y cannot start no earlier than 2026-03-10 and finish no later "
				       "than 2026-03-09 in 1 working day"), 1);
	fx_release(&x);
}

Test(plan, resolve_reports_twice_the_same_dependency_and_actual_dates_out_of_order)
{
	fx x;
	pmo_task *t;
	fx_init(&x);
	add(x.plan, "T-1", 5, NULL);
	t = add(x.plan, "T-2", 5, "T-1,T-1:ss,T-1+0d");
	t->actual_start = D("2026-03-10");
	t->actual_finish = D("2026-03-09");
	cr_assert_eq(pmo_plan_resolve(x.plan, &x.f), 0);
	cr_expect_eq(x.f.n, 2, "findings: %zu", x.f.n);
	cr_expect_eq(count_message(&x, "task T-2 depends on T-1 twice"), 1);
	cr_expect_eq(count_message(&x, "task T-2: actual_finish 2026-03-09 is before actual_start 2026-03-10"), 1);
	cr_expect_str_eq(finding(&x, "plan-actual")->rule, "plan-actual");
	cr_expect_eq(finding(&x, "plan-actual")->severity, PMO_SEVERITY_ERROR);
	fx_release(&x);
}

Test(plan, validate_warns_of_actual_dates_after_today_and_checks_constraints)
{
	fx x;
	pmo_task *t;
	pmo_plan_check_options o;
	fx_init(&x);
	x.cal = cal_cn2026();
	t = add(x.plan, "T-1", 5, NULL);
	t->actual_start = D("2026-03-10");
	t->fnlt = D("2026-03-03");
	o.cal = x.cal;
	o.start = D("2026-03-02");
	o.today = D("2026-03-09");
	cr_assert_eq(pmo_plan_validate(x.plan, &o, &x.f), 0);
	cr_expect_eq(x.f.n, 3, "findings: %zu", x.f.n);
	cr_expect_eq(count_message(&x, "task T-1: actual_start 2026-03-10 is after today (2026-03-09)"), 1);
	cr_expect_eq(count_message(&x, "task T-1 finishes 2026-03-06, after its finish_no_later_than 2026-03-03"), 1);
	/* and as of today, the forecast from the actual start (issue 8) */
	cr_expect_eq(count_message(&x, "task T-1 finishes 2026-03-16, after its finish_no_later_than 2026-03-03"), 1);
	cr_expect_eq(finding(&x, "plan-actual")->severity, PMO_SEVERITY_WARNING);
	fx_release(&x);
}

/* ------------------------------------------------------ slack and critical */

Test(plan, total_and_free_slack)
{
	fx x;
	fx_init(&x);
	add(x.plan, "A", 5, NULL);
	add(x.plan, "B", 1, NULL);
	add(x.plan, "C", 1, "B");
	add(x.plan, "D", 1, "A,C");
	add(x.plan, "E", 2, "A");
	run(&x, "2026-03-02", NULL);
	cr_assert_eq(x.rc, 0);
	cr_expect_eq(ts(&x, "A")->total_slack, 0);
	cr_expect_eq(ts(&x, "B")->total_slack, 4);
	cr_expect_eq(ts(&x, "B")->free_slack, 0);
	cr_expect_eq(ts(&x, "C")->total_slack, 4);
	cr_expect_eq(ts(&x, "C")->free_slack, 3);
	cr_expect_eq(ts(&x, "D")->total_slack, 1);
	cr_expect_eq(ts(&x, "D")->free_slack, 1);
	cr_expect_eq(ts(&x, "E")->total_slack, 0);
	cr_expect_str_eq(fmt(ts(&x, "B")->late_start), "2026-03-06");
	cr_expect_str_eq(fmt(ts(&x, "C")->late_finish), "2026-03-09");
	cr_expect_str_eq(fmt(x.s->finish), "2026-03-10");
	fx_release(&x);
}

Test(plan, critical_path_in_start_order)
{
	fx x;
	fx_init(&x);
	add(x.plan, "D", 2, "C");
	add(x.plan, "A", 3, NULL);
	add(x.plan, "B", 1, NULL);
	add(x.plan, "C", 2, "A,B");
	run(&x, "2026-03-02", NULL);
	cr_assert_eq(x.rc, 0);
	cr_assert_eq(x.s->ncritical, 3);
	cr_expect_str_eq(x.plan->tasks[x.s->critical[0]].id, "A");
	cr_expect_str_eq(x.plan->tasks[x.s->critical[1]].id, "C");
	cr_expect_str_eq(x.plan->tasks[x.s->critical[2]].id, "D");
	cr_expect(!ts(&x, "B")->critical);
	cr_expect_eq(x.s->min_slack, 0);
	fx_release(&x);
}

/* The chains as `pmo schedule` prints them. */
static const char *chains(fx *x)
{
	static char buf[512];
	size_t k, i, at = 0;
	buf[0] = '\0';
	for (k = 0; k < x->s->nchains; k++)
		for (i = x->s->chain_off[k]; i < x->s->chain_off[k + 1]; i++)
			at += (size_t)snprintf(buf + at, sizeof(buf) - at, "%s%s",
					       i > x->s->chain_off[k] ? " → " : k ? "; " : "",
					       x->plan->tasks[x->s->chains[i]].id);
	return buf;
}

Test(plan, critical_path_chains_follow_driving_dependencies)
{
	fx x;
	fx_init(&x);
	add(x.plan, "T-1", 5, NULL);
	add(x.plan, "T-2", 5, "T-1");
	add(x.plan, "T-3", 10, NULL);
	run(&x, "2026-03-02", NULL);
	cr_assert_eq(x.rc, 0);
	cr_expect_eq(x.s->ncritical, 3);
	cr_expect_str_eq(chains(&x), "T-1 → T-2; T-3");
	fx_release(&x);

	/* a branch and a join repeat the shared task */
	fx_init(&x);
	add(x.plan, "A", 3, NULL);
	add(x.plan, "B", 2, "A");
	add(x.plan, "C", 2, "A");
	add(x.plan, "D", 1, "B,C");
	run(&x, "2026-03-02", NULL);
	cr_assert_eq(x.rc, 0);
	cr_expect_str_eq(chains(&x), "A → B → D; A → C → D");
	fx_release(&x);

	/* a dependency that does not drive links nothing: B waits for C */
	fx_init(&x);
	add(x.plan, "A", 1, NULL);
	add(x.plan, "C", 4, NULL);
	add(x.plan, "B", 2, "A,C");
	x.plan->tasks[0].fnlt = D("2026-03-02");
	run(&x, "2026-03-02", NULL);
	cr_assert_eq(x.rc, 0);
	cr_expect(ts(&x, "A")->critical);
	cr_expect_str_eq(chains(&x), "A; C → B");
	fx_release(&x);
}

Test(plan, critical_path_chains_pass_through_summary_tasks)
{
	fx x;
	pmo_task *t;
	fx_init(&x);
	add(x.plan, "S", -1, NULL);
	t = add(x.plan, "X", 3, NULL);
	pmo_task_set_parent(t, "S");
	t = add(x.plan, "Y", 2, "X");
	pmo_task_set_parent(t, "S");
	add(x.plan, "Z", 2, "S");           /* after the summary: after Y */
	add(x.plan, "W", 7, NULL);
	add(x.plan, "P", 1, NULL);
	add(x.plan, "G", -1, "P");          /* a summary's dependency drives its child */
	t = add(x.plan, "Q", 6, NULL);
	pmo_task_set_parent(t, "G");
	run(&x, "2026-03-02", NULL);
	cr_assert_eq(x.rc, 0);
	cr_expect_str_eq(chains(&x), "P → Q; X → Y → Z; W");
	fx_release(&x);
}

Test(plan, milestones_have_zero_duration)
{
	fx x;
	pmo_task *m;
	fx_init(&x);
	m = add(x.plan, "M0", -1, NULL);
	m->milestone = 1;
	add(x.plan, "A", 3, "M0");
	m = add(x.plan, "M1", 0, "A");
	add(x.plan, "B", 1, "M1");
	run(&x, "2026-03-02", NULL);
	cr_assert_eq(x.rc, 0);
	dates(&x, "M0", "2026-03-02", "2026-03-02"); /* the project start */
	dates(&x, "A", "2026-03-02", "2026-03-04");
	dates(&x, "M1", "2026-03-04", "2026-03-04"); /* when A finishes */
	dates(&x, "B", "2026-03-05", "2026-03-05");
	cr_expect(ts(&x, "M1")->milestone);
	cr_expect(ts(&x, "M1")->critical);
	cr_expect_eq(ts(&x, "M1")->es, ts(&x, "M1")->ef);
	fx_release(&x);
}

/* ----------------------------------------------------------------- roll-up */

Test(plan, summary_tasks_roll_up_and_pass_dependencies_on)
{
	fx x;
	pmo_task *t;
	fx_init(&x);
	add(x.plan, "X", 2, NULL);                  /* 03-02..03 */
	t = add(x.plan, "S", -1, "X");              /* applies to S1 and S2 */
	t = add(x.plan, "S1", 3, NULL);
	pmo_task_set_parent(t, "S");
	t = add(x.plan, "S2", 1, "S1:ss+1d");
	pmo_task_set_parent(t, "S");
	add(x.plan, "Y", 1, "S");                   /* after the whole summary */
	add(x.plan, "Z", 1, "S:ss");                /* with the summary's start */
	run(&x, "2026-03-02", NULL);
	cr_assert_eq(x.rc, 0);
	cr_expect_eq(x.f.n, 0);
	dates(&x, "S1", "2026-03-04", "2026-03-06");
	dates(&x, "S2", "2026-03-05", "2026-03-05");
	dates(&x, "S", "2026-03-04", "2026-03-06");
	dates(&x, "Y", "2026-03-09", "2026-03-09");
	dates(&x, "Z", "2026-03-04", "2026-03-04");
	cr_expect(ts(&x, "S")->summary);
	cr_expect(ts(&x, "S")->critical);
	cr_expect_eq(ts(&x, "S2")->total_slack, 1);
	fx_release(&x);
}

/* Reduced from a random plan where tj3 disagreed: a milestone placed by its
 * summary's start_no_earlier_than is dated on that day (tj3: 2026-10-14
 * 00:00), as one placed by its own constraint, not on the working day
 * before as one placed by a dependency. Dates checked with tj3 3.7 (also
 * in tests/test_tj3.c). */
Test(plan, milestone_placed_by_its_summarys_start_no_earlier_than)
{
	fx x;
	pmo_task *t;
	fx_init(&x);
	add(x.plan, "T-1", 3, NULL);                /* 09-28..09-30, then 国庆节 */
	t = add(x.plan, "T-2", -1, "T-1");
	t->snet = D("2026-10-14");
	t = add(x.plan, "T-3", 0, NULL);            /* inherits T-1 and the floor */
	pmo_task_set_parent(t, "T-2");
	t = add(x.plan, "T-4", 2, "T-3");
	pmo_task_set_parent(t, "T-2");
	add(x.plan, "T-5", 0, "T-2");               /* placed by a dependency */
	run(&x, "2026-09-28", NULL);
	cr_assert_eq(x.rc, 0);
	cr_expect_eq(x.f.n, 0);
	dates(&x, "T-1", "2026-09-28", "2026-09-30");
	dates(&x, "T-3", "2026-10-14", "2026-10-14");
	dates(&x, "T-4", "2026-10-14", "2026-10-15");
	dates(&x, "T-2", "2026-10-14", "2026-10-15");
	dates(&x, "T-5", "2026-10-15", "2026-10-15");
	cr_expect_eq(ts(&x, "T-3")->es, pmo_calendar_index(x.cal, D("2026-10-14")));
	cr_expect_eq(ts(&x, "T-5")->es, pmo_calendar_index(x.cal, D("2026-10-16")));
	fx_release(&x);
}

/* Reduced from random plan.yaml seed 1022: a dependency without lag passes
 * its predecessor's instant on. T-4 sits at 2026-09-07 00:00 (its
 * constraint), so do T-8 after it and T-6 after the summary T-2 that T-4
 * ends: dated 09-07, not on Friday 09-04. A lag counts working days and
 * ends at 17:00: T-9 is dated on the last day of its lag. Dates checked
 * with tj3 3.7 (also in tests/test_tj3.c). */
Test(plan, milestone_after_a_constraint_placed_milestone_is_dated_that_day)
{
	fx x;
	pmo_task *t;
	fx_init(&x);
	add(x.plan, "T-1", 2, NULL);                /* 08-31..09-01 */
	add(x.plan, "T-2", -1, NULL);
	t = add(x.plan, "T-3", 1, "T-1");
	pmo_task_set_parent(t, "T-2");
	t = add(x.plan, "T-4", 0, NULL);
	pmo_task_set_parent(t, "T-2");
	t->snet = D("2026-09-07");
	add(x.plan, "T-5", -1, "T-2");
	t = add(x.plan, "T-6", 0, NULL);
	pmo_task_set_parent(t, "T-5");
	t = add(x.plan, "T-7", 2, NULL);
	pmo_task_set_parent(t, "T-5");
	add(x.plan, "T-8", 0, "T-4");
	add(x.plan, "T-9", 0, "T-4+1d");
	run(&x, "2026-08-31", NULL);
	cr_assert_eq(x.rc, 0);
	cr_expect_eq(x.f.n, 0);
	dates(&x, "T-3", "2026-09-02", "2026-09-02");
	dates(&x, "T-4", "2026-09-07", "2026-09-07");
	dates(&x, "T-2", "2026-09-02", "2026-09-07");
	dates(&x, "T-6", "2026-09-07", "2026-09-07");
	dates(&x, "T-7", "2026-09-07", "2026-09-08");
	dates(&x, "T-5", "2026-09-07", "2026-09-08");
	dates(&x, "T-8", "2026-09-07", "2026-09-07");
	dates(&x, "T-9", "2026-09-07", "2026-09-07");
	cr_expect_eq(ts(&x, "T-9")->es, pmo_calendar_index(x.cal, D("2026-09-08")));
	fx_release(&x);
}

Test(plan, parent_as_dependency_target_is_a_finding)
{
	fx x;
	pmo_task *t;
	fx_init(&x);
	add(x.plan, "T-1", -1, NULL);
	t = add(x.plan, "T-2", 2, "T-1");
	pmo_task_set_parent(t, "T-1");
	t = add(x.plan, "T-3", 0, NULL);
	t->milestone = 1;
	t->duration = 2;
	run(&x, "2026-03-02", NULL);
	cr_assert_eq(x.rc, 0);
	cr_assert_eq(x.f.n, 2);
	cr_expect_str_eq(x.f.items[0].rule, "plan-parent-dependency");
	cr_expect_str_eq(x.f.items[0].message, "task T-2 depends on its own summary task T-1");
	cr_expect_str_eq(x.f.items[1].message, "milestone T-3 has a duration");
	fx_release(&x);
}

/* ---------------------------------------------------------------- progress */

Test(plan, progress_forecast_with_as_of)
{
	fx x;
	pmo_task *t;
	fx_init(&x);
	t = add(x.plan, "A", 5, NULL);         /* planned 03-02..06, took longer */
	t->actual_start = D("2026-03-02");
	t->actual_finish = D("2026-03-10");
	t = add(x.plan, "B", 10, "A");         /* started late, half done */
	t->actual_start = D("2026-03-12");
	t->progress = 50;
	add(x.plan, "C", 2, "B");
	add(x.plan, "D", 3, NULL);             /* not started: not before as-of */
	run(&x, "2026-03-02", "2026-03-16");
	cr_assert_eq(x.rc, 0);
	dates(&x, "A", "2026-03-02", "2026-03-10");
	cr_expect(ts(&x, "A")->done);
	cr_expect(!ts(&x, "A")->critical);
	/* the 5 days done take 03-12..03-18, after the as-of date; the 5
	 * remaining follow them */
	dates(&x, "B", "2026-03-12", "2026-03-25");
	cr_expect(ts(&x, "B")->started);
	dates(&x, "C", "2026-03-26", "2026-03-27");
	dates(&x, "D", "2026-03-16", "2026-03-18");
	cr_expect_str_eq(fmt(x.s->finish), "2026-03-27");
	pmo_schedule_free(x.s);
	x.s = NULL;
	/* the plan alone ignores actual dates */
	run(&x, "2026-03-02", NULL);
	dates(&x, "B", "2026-03-09", "2026-03-20");
	dates(&x, "D", "2026-03-02", "2026-03-04");
	fx_release(&x);
}

Test(plan, remaining_work_follows_the_work_done)
{
	fx x;
	pmo_task *t;
	fx_init(&x);
	add(x.plan, "T-1", 10, NULL);
	t = add(x.plan, "T-2", 15, "T-1"); /* 40%: 6 days done, 9 left */
	t->progress = 40;
	t->actual_start = D("2027-01-18");
	/* the status date before the actual start: the full 15 days */
	run(&x, "2027-01-04", "2026-12-01");
	cr_assert_eq(x.rc, 0);
	dates(&x, "T-2", "2027-01-18", "2027-02-05");
	pmo_schedule_free(x.s);
	x.s = NULL;
	/* 5 working days later 6 are done: the rest after those */
	run(&x, "2027-01-04", "2027-01-25");
	dates(&x, "T-2", "2027-01-18", "2027-02-05");
	pmo_schedule_free(x.s);
	x.s = NULL;
	/* 10 working days later: the 9 left from the status date */
	run(&x, "2027-01-04", "2027-02-01");
	dates(&x, "T-2", "2027-01-18", "2027-02-11");
	fx_release(&x);
}

Test(plan, a_finished_successor_does_not_limit_its_predecessor)
{
	fx x;
	pmo_task *t;
	fx_init(&x);
	t = add(x.plan, "T-1", 5, NULL);
	t->actual_start = D("2026-03-02");
	t->actual_finish = D("2026-03-06");
	t = add(x.plan, "T-2", 10, "T-1");
	t->actual_start = D("2026-03-09");
	t->progress = 50;
	t = add(x.plan, "T-3", 3, "T-2"); /* done out of sequence */
	t->actual_start = D("2026-03-09");
	t->actual_finish = D("2026-03-11");
	add(x.plan, "T-4", 20, NULL);
	run(&x, "2026-03-02", "2026-03-16");
	cr_assert_eq(x.rc, 0);
	dates(&x, "T-2", "2026-03-09", "2026-03-20");
	cr_expect_eq(ts(&x, "T-2")->total_slack, 15, "slack %ld", ts(&x, "T-2")->total_slack);
	cr_expect(!ts(&x, "T-2")->critical);
	cr_expect_eq(x.s->min_slack, 0);
	fx_release(&x);
}

Test(plan, progress_rounds_remaining_days_up)
{
	fx x;
	pmo_task *t;
	fx_init(&x);
	t = add(x.plan, "A", 3, NULL);
	t->actual_start = D("2026-03-02");
	t->progress = 40; /* 1.8 days left: 2 */
	run(&x, "2026-03-02", "2026-03-04");
	cr_assert_eq(x.rc, 0);
	dates(&x, "A", "2026-03-02", "2026-03-05");
	fx_release(&x);
}

/* ----------------------------------------------------------------- findings */

Test(plan, cycle_finding_names_the_path)
{
	fx x;
	const pmo_finding *f;
	fx_init(&x);
	add(x.plan, "T-1", 1, NULL);
	add(x.plan, "T-4", 1, "T-7,T-1");
	add(x.plan, "T-7", 1, "T-4");
	add(x.plan, "T-9", 1, "T-7");
	run(&x, "2026-03-02", NULL);
	cr_expect_eq(x.rc, PMO_EINVALID);
	cr_expect_null(x.s);
	cr_expect_str_eq(pmo_error_last()->message, "dependency cycle: T-4 → T-7 → T-4");
	f = finding(&x, "plan-cycle");
	cr_assert_not_null(f);
	cr_expect_str_eq(f->message, "dependency cycle: T-4 → T-7 → T-4");
	cr_expect_eq(x.f.errors, 1);
	fx_release(&x);
}

Test(plan, longer_cycle_through_a_summary)
{
	fx x;
	pmo_task *t;
	fx_init(&x);
	add(x.plan, "T-1", -1, "T-3");
	t = add(x.plan, "T-2", 2, NULL);
	pmo_task_set_parent(t, "T-1");
	add(x.plan, "T-3", 1, "T-5");
	add(x.plan, "T-5", 1, "T-1");
	cr_assert_eq(pmo_plan_check(x.plan, &x.f), 0);
	cr_assert_eq(x.f.n, 1);
	cr_expect_str_eq(x.f.items[0].message, "dependency cycle: T-1 → T-3 → T-5 → T-1");
	fx_release(&x);
}

static const char plan_yaml[] =
	"tasks:\n"
	"  - id: T-1\n"
	"    title: 需求分析\n"
	"    duration: 10\n"
	"  - id: T-2\n"
	"    title: 系统设计\n"
	"    effort: 15\n"
	"    assignees:\n"
	"      - {person: wang-li, allocation: 50}\n"
	"      - {person: zhao-min}\n"
	"    depends: [T-1, T-99]\n"
	"  - id: T-3\n"
	"    title: 设计评审通过\n"
	"    milestone: true\n"
	"    depends:\n"
	"      - T-2:ff+1d\n"
	"      - T-1 plus\n"
	"baselines:\n"
	"  v1:\n"
	"    date: 2026-02-27\n"
	"    tasks:\n"
	"      T-1: {start: 2026-03-02, finish: 2026-03-13}\n";

/* A loaded plan's strings are the plan's (one arena); a task of it changed
 * afterwards through the task functions takes copies of its own, and the
 * plan frees both (ASan reports a bad or double free otherwise). */
Test(plan, loaded_task_changed_through_the_task_functions)
{
	pmo_doc *doc = load(plan_yaml);
	pmo_plan *plan = NULL;
	pmo_findings f;
	pmo_task *t;
	pmo_buf b = PMO_BUF_INIT;

	pmo_findings_init(&f);
	cr_assert_eq(pmo_plan_from_yaml(&plan, pmo_doc_root(doc), "plan.yaml", &f), 0);
	t = &plan->tasks[1];
	cr_assert_eq(t->nassignees, 2);
	cr_assert_eq(pmo_task_add_assignee(t, "li-na", 25), 0);
	cr_assert_eq(t->nassignees, 3);
	cr_expect_str_eq(t->assignees[0].person, "wang-li");
	cr_expect_str_eq(t->assignees[2].person, "li-na");
	cr_assert_eq(pmo_task_add_dep(t, "T-1:ss+1d"), 0);
	cr_assert_eq(t->ndeps, 3);
	cr_expect_str_eq(t->deps[0].task, "T-1");
	cr_expect_str_eq(t->deps[1].task, "T-99");
	cr_assert_eq(pmo_dep_format(&b, &t->deps[2]), 0);
	cr_expect_str_eq(b.ptr, "T-1:ss+1d");
	cr_assert_eq(pmo_task_set_parent(t, "T-1"), 0);
	cr_assert_eq(pmo_task_set_parent(t, "T-3"), 0);
	cr_expect_str_eq(t->parent_id, "T-3");
	cr_assert_eq(pmo_task_set_parent(&plan->tasks[2], NULL), 0);
	cr_expect_null(plan->tasks[2].parent_id);
	pmo_buf_free(&b);
	pmo_findings_free(&f);
	pmo_plan_free(plan);
	pmo_doc_free(doc);
}

Test(plan, yaml_plan_with_unknown_dependency)
{
	pmo_doc *doc = load(plan_yaml);
	pmo_plan *plan = NULL;
	pmo_findings f;
	const pmo_task *t;

	pmo_findings_init(&f);
	cr_assert_eq(pmo_plan_from_yaml(&plan, pmo_doc_root(doc), "plan.yaml", &f), 0);
	cr_assert_eq(plan->n, 3);
	t = &plan->tasks[1];
	cr_expect_str_eq(t->title, "系统设计");
	cr_expect_eq(t->nassignees, 2);
	cr_expect_eq(t->assignees[0].allocation, 50);
	cr_expect_eq(t->days, 10); /* 15 person-days at 150 % */
	cr_expect(plan->tasks[2].milestone);
	cr_expect_eq(plan->tasks[2].deps[0].type, PMO_DEP_FF);
	cr_assert_eq(plan->nbaselines, 1);
	cr_expect_str_eq(plan->baselines[0].name, "v1");
	cr_expect_str_eq(fmt(plan->baselines[0].entries[0].finish), "2026-03-13");

	cr_assert_eq(f.n, 2);
	cr_expect_str_eq(f.items[0].rule, "plan-dependency");
	cr_expect_str_eq(f.items[0].message,
			 "task T-3: bad dependency \"T-1 plus\" (expected ID[:fs|ss|ff|sf][+|-N[d]], "
			 "e.g. T-3, T-3+2d, T-3:ss-1d)");
	cr_expect_eq(f.items[0].node->line, 17);
	cr_expect_str_eq(f.items[1].message, "task T-2 depends on unknown task T-99");
	cr_expect_eq(f.items[1].node->line, 11);
	cr_expect_eq(f.items[1].node->col, 20, "col %u", (unsigned)f.items[1].node->col);
	cr_expect_eq(f.items[1].task, 1);
	pmo_findings_free(&f);
	pmo_plan_free(plan);
	pmo_doc_free(doc);
}

Test(plan, yaml_type_errors_are_findings)
{
	pmo_doc *doc = load("tasks:\n"
			    "  - id: T-1\n"
			    "    duration: ten\n"
			    "    progress: 120\n"
			    "    actual_start: 2026-02-30\n"
			    "  - id: T-1\n"
			    "    duration: 1\n");
	pmo_plan *plan = NULL;
	pmo_findings f;
	pmo_findings_init(&f);
	cr_assert_eq(pmo_plan_from_yaml(&plan, pmo_doc_root(doc), "plan.yaml", &f), 0);
	cr_assert_eq(f.n, 5);
	cr_expect_str_eq(f.items[0].message,
			 "task T-1: duration must be a whole number of working days >= 0");
	cr_expect_str_eq(f.items[1].message, "task T-1: progress must be a whole percentage 0..100");
	cr_expect_str_eq(f.items[2].message, "task T-1: actual_start must be a date YYYY-MM-DD");
	cr_expect_str_eq(f.items[3].message, "duplicate task id T-1");
	cr_expect_eq(f.items[3].node->line, 6);
	cr_expect_str_eq(f.items[4].rule, "plan-duration");
	pmo_findings_free(&f);
	pmo_plan_free(plan);
	pmo_doc_free(doc);
}

/* Ids are found by number when every one is T-N with N not far beyond
 * the number of tasks, else by hash: both give the same answers, and
 * both report a duplicate id once, at the later task. */
static void expect_index(const char *const *ids, size_t n, const char *const *absent)
{
	pmo_plan *plan = NULL;
	pmo_findings f;
	pmo_task *t;
	size_t i;

	pmo_findings_init(&f);
	cr_assert_eq(pmo_plan_new(&plan), 0);
	for (i = 0; i < n; i++) {
		cr_assert_eq(pmo_plan_add_task(&t, plan, ids[i], "x"), 0);
		t->duration = 1;
	}
	cr_assert_eq(pmo_plan_resolve(plan, &f), 0);
	for (i = 0; i < n - 1; i++)
		cr_expect_eq(pmo_plan_find(plan, ids[i]), i, "%s", ids[i]);
	/* the last is the first's id again */
	cr_expect_eq(pmo_plan_find(plan, ids[n - 1]), 0);
	cr_assert_eq(f.n, 1, "%zu findings", f.n);
	cr_expect_str_eq(f.items[0].rule, "plan-duplicate-id");
	cr_expect_eq(f.items[0].task, n - 1);
	for (i = 0; absent[i]; i++)
		cr_expect_eq(pmo_plan_find(plan, absent[i]), PMO_PLAN_NONE, "%s", absent[i]);
	pmo_findings_free(&f);
	pmo_plan_free(plan);
}

Test(plan, ids_found_by_number_and_by_hash)
{
	static const char *const numbered[] = { "T-3", "T-1", "T-12", "T-2", "T-3" };
	static const char *const far[] = { "T-3", "T-1", "T-2147483647", "T-2", "T-3" };
	static const char *const mixed[] = { "T-3", "T-01", "A", "T-2", "T-3" };
	static const char *const absent[] = { "T-4", "T-0", "T-03", "T-", "T", "", "T-1x", "t-1",
					      "T-99999999999", "T-2147483648", NULL };

	expect_index(numbered, 5, absent);
	expect_index(far, 5, absent);
	expect_index(mixed, 5, absent);
}

/* --------------------------------------------------------------------- tjp */

Test(plan, tjp_renders_calendar_tasks_and_dependencies)
{
	fx x;
	pmo_task *t;
	pmo_buf b = PMO_BUF_INIT;
	size_t skipped = 9;
	const char *s;
	pmo_tjp_options o = { "测试", PMO_NODATE, NULL, 0 };

	fx_init(&x);
	x.cal = cal_cn2026();
	add(x.plan, "T-1", -1, NULL);
	t = add(x.plan, "T-2", 3, NULL);
	pmo_task_set_parent(t, "T-1");
	t = add(x.plan, "T-3", 2, "T-1.x");
	free(t->deps[0].task);
	t->deps[0].task = strdup("T-2");
	t = add(x.plan, "T-4", 2, "T-2:ss+2d,T-3:ff-1d");
	t->snet = D("2026-03-10");
	t = add(x.plan, "T-5", 0, "T-4");
	cr_assert_eq(pmo_tjp_render(&b, x.plan, x.cal, D("2026-03-02"), &o, &skipped), 0);
	s = pmo_buf_cstr(&b);
	cr_expect_not_null(strstr(s, "project pmo \"测试\" 2026-03-02 - 2029-03-02 {\n"));
	cr_expect_not_null(strstr(s, "leaves holiday \"春节\" 2026-02-15 - 2026-02-24\n"));
	cr_expect_not_null(strstr(s, "task T_1 \"T-1\" {\n  task T_2 \"T-2\" {\n    length 3d\n"));
	cr_expect_not_null(strstr(s, "depends T_1.T_2 { onstart gaplength 2d }\n"));
	cr_expect_not_null(strstr(s, "# not expressible in TaskJuggler: depends T-3:ff-1d\n"));
	cr_expect_not_null(strstr(s, "task pmo_snet_20260310 \"start no earlier than 2026-03-10\" {\n"
				     "  milestone\n  start 2026-03-10\n}\n"));
	cr_expect_not_null(strstr(s, "task T_5 \"T-5\" {\n  depends T_4\n  milestone\n}\n"));
	/* lags with moved workdays: every free day is a leave */
	cr_expect_not_null(strstr(s, "workinghours mon - sun 9:00 - 17:00\n"));
	cr_expect_not_null(strstr(s, "leaves holiday \"weekend\" 2026-03-07 - 2026-03-09\n"));
	cr_expect_eq(skipped, 1);
	pmo_buf_free(&b);
	fx_release(&x);
}

Test(plan, tjp_uses_a_makeup_shift_without_lags)
{
	fx x;
	pmo_buf b = PMO_BUF_INIT;
	const char *s;

	fx_init(&x);
	x.cal = cal_cn2026();
	add(x.plan, "T-1", 8, NULL);
	cr_assert_eq(pmo_tjp_render(&b, x.plan, x.cal, D("2026-02-09"), NULL, NULL), 0);
	s = pmo_buf_cstr(&b);
	cr_expect_not_null(strstr(s, "  workinghours mon, tue, wed, thu, fri 9:00 - 17:00\n"
				     "  workinghours sat, sun off\n"));
	cr_expect_not_null(strstr(s, "shift pmo_workday \"Extra workday\" {\n"));
	cr_expect_not_null(strstr(s, "shifts pmo_workday 2026-02-14 +1d, pmo_workday 2026-02-28 +1d,"));
	pmo_buf_free(&b);
	fx_release(&x);
}

/* --force: the header says the dates come from a plan validate rejects,
 * and where tj3 differs too. */
Test(plan, tjp_forced_says_so_in_its_header)
{
	fx x;
	pmo_buf b = PMO_BUF_INIT;
	pmo_tjp_options o = { NULL, PMO_NODATE, NULL, 1 };
	const char *want;

	fx_init(&x);
	x.cal = cal_cn2026();
	add(x.plan, "T-1", 2, NULL);
	cr_assert_eq(pmo_tjp_render(&b, x.plan, x.cal, D("2026-03-02"), &o, NULL), 0);
	want = "# Generated by pmo, computed with --force from a plan pmo validate rejects:\n"
	       "# its dates may be wrong and need not equal pmo schedule's.\nproject ";
	cr_expect(!strncmp(pmo_buf_cstr(&b), want, strlen(want)), "%.200s", pmo_buf_cstr(&b));
	pmo_buf_clear(&b);
	add(x.plan, "T-2", 2, "T-1:ff-1d");
	cr_assert_eq(pmo_tjp_render(&b, x.plan, x.cal, D("2026-03-02"), &o, NULL), 0);
	want = "# Generated by pmo, computed with --force from a plan pmo validate rejects:\n"
	       "# its dates may be wrong and need not equal pmo schedule's.\n"
	       "# They differ from pmo's too where\n# these dependencies act";
	cr_expect(!strncmp(pmo_buf_cstr(&b), want, strlen(want)), "%.250s", pmo_buf_cstr(&b));
	pmo_buf_free(&b);
	fx_release(&x);
}

/* ------------------------------------------------------------------ status */

/* Earned value against a baseline, in working days: a 10-day task half
 * done and half planned, a 5-day one not yet due; the 2026-03 calendar. */
Test(plan, status_earned_and_planned_value_against_a_baseline)
{
	fx x;
	pmo_baseline_entry e[2];
	pmo_baseline bl;
	pmo_status st;
	double progress[2] = { 50, 0 };

	fx_init(&x);
	add(x.plan, "T-1", 10, NULL);
	add(x.plan, "T-2", 5, "T-1");
	run(&x, "2026-03-02", NULL);
	cr_assert_eq(x.rc, 0);
	e[0] = (pmo_baseline_entry){ (char *)"T-1", D("2026-03-02"), D("2026-03-13"), 0, NULL };
	e[1] = (pmo_baseline_entry){ (char *)"T-2", D("2026-03-16"), D("2026-03-20"), 0, NULL };
	memset(&bl, 0, sizeof(bl));
	bl.date = bl.as_of = PMO_NODATE;
	bl.name = (char *)"v1";
	bl.entries = e;
	bl.n = 2;
	cr_assert_eq(pmo_status_entry(&bl, "T-2"), &e[1]);
	cr_assert_null(pmo_status_entry(&bl, "T-3"));
	cr_assert_null(pmo_status_entry(NULL, "T-1"));
	cr_expect_float_eq(pmo_status_planned_share(x.cal, &bl, &e[0], D("2026-03-09")), 0.5, 1e-9);
	cr_expect_float_eq(pmo_status_planned_share(x.cal, &bl, &e[0], D("2026-03-02")), 0.0, 1e-9);
	cr_expect_float_eq(pmo_status_planned_share(x.cal, &bl, &e[0], D("2026-03-14")), 1.0, 1e-9);
	cr_expect_eq(pmo_status_workdays(x.cal, D("2026-03-13"), D("2026-03-20")), 5);
	cr_expect_eq(pmo_status_workdays(x.cal, D("2026-03-20"), D("2026-03-13")), -5);
	cr_assert_eq(pmo_status_compute(&st, x.plan, x.s, x.cal, &bl, progress, D("2026-03-09")), 0);
	cr_expect_float_eq(st.total, 15, 1e-9);
	cr_expect_float_eq(st.earned, 5, 1e-9);
	cr_expect_float_eq(st.planned, 5, 1e-9);
	cr_expect_float_eq(st.spi, 1, 1e-9);
	cr_expect_float_eq(st.planned_progress, 100.0 / 3, 1e-9);
	cr_expect_str_eq(fmt(st.baseline_finish), "2026-03-20");
	cr_assert_eq(pmo_status_compute(&st, x.plan, x.s, x.cal, NULL, progress, D("2026-03-09")), 0);
	cr_expect_float_eq(st.planned, 0, 1e-9, "no baseline, nothing planned");
	cr_expect_float_eq(st.planned_progress, 0, 1e-9);
	cr_expect_eq(st.baseline_finish, PMO_NODATE);
	fx_release(&x);
}

/* A baseline taken with a status date froze the work done by then: on that
 * day the planned share is the progress the task had (SPI 1), the rest is
 * spread from that day to the finish, the work done before it over the
 * days before it. */
Test(plan, status_share_of_a_baseline_taken_during_the_work)
{
	fx x;
	pmo_baseline_entry e[2];
	pmo_baseline bl;
	pmo_status st;
	pmo_share sh;
	double progress[2] = { 40, 0 };

	fx_init(&x);
	add(x.plan, "T-1", 10, NULL);
	add(x.plan, "T-2", 5, "T-1");
	run(&x, "2026-03-02", NULL);
	cr_assert_eq(x.rc, 0);
	/* T-1 40% done on Monday 2026-03-09, its last 6 days from then */
	e[0] = (pmo_baseline_entry){ (char *)"T-1", D("2026-03-02"), D("2026-03-16"), 40, NULL };
	e[1] = (pmo_baseline_entry){ (char *)"T-2", D("2026-03-17"), D("2026-03-23"), 0, NULL };
	memset(&bl, 0, sizeof(bl));
	bl.name = (char *)"v1";
	bl.date = bl.as_of = D("2026-03-09");
	bl.entries = e;
	bl.n = 2;
	sh = pmo_status_share(x.cal, &bl, &e[0], D("2026-03-09"));
	cr_expect(sh.num * 100 == 40 * sh.den, "%lld/%lld", (long long)sh.num, (long long)sh.den);
	cr_expect_float_eq(pmo_status_planned_share(x.cal, &bl, &e[0], D("2026-03-12")), 0.7, 1e-12);
	cr_expect_float_eq(pmo_status_planned_share(x.cal, &bl, &e[0], D("2026-03-05")), 0.24, 1e-12);
	cr_expect_float_eq(pmo_status_planned_share(x.cal, &bl, &e[0], D("2026-03-02")), 0, 1e-12);
	cr_expect_float_eq(pmo_status_planned_share(x.cal, &bl, &e[0], D("2026-03-17")), 1, 1e-12);
	cr_expect_float_eq(pmo_status_planned_share(x.cal, &bl, &e[1], D("2026-03-09")), 0, 1e-12);
	cr_expect_float_eq(pmo_status_planned_share(x.cal, &bl, &e[1], D("2026-03-19")), 0.4, 1e-12);
	/* the same entry without as_of: the plan alone, even over its 11 days */
	bl.as_of = PMO_NODATE;
	cr_expect_float_eq(pmo_status_planned_share(x.cal, &bl, &e[0], D("2026-03-09")), 5.0 / 11, 1e-12);
	bl.as_of = D("2026-03-09");
	cr_assert_eq(pmo_status_compute(&st, x.plan, x.s, x.cal, &bl, progress, D("2026-03-09")), 0);
	cr_expect_float_eq(st.earned, 4, 1e-12);
	cr_expect_float_eq(st.planned, 4, 1e-12);
	cr_expect_eq(st.spi, 1.0, "SPI %.17g on the day the baseline was taken", st.spi);
	fx_release(&x);
}
