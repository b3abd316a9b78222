/*
 * Same answers as TaskJuggler: plans are exported with pmo_tjp_render, tj3
 * schedules them and writes a CSV report, and every task's start and end
 * must equal pmo's. tj3 gives instants (a successor starts at 17:00 of its
 * predecessor's last day); both sides are compared as working-day
 * boundaries, which is what the instants mean (docs/scheduling.md), and a
 * difference is reported with pmo's and tj3's dates.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "plan/plan.h"
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

static int have_tj3(void)
{
	th_result r;
	int ok;
	th_run(&r, "/", NULL, "command -v tj3");
	ok = r.status == 0;
	th_result_free(&r);
	return ok;
}

/* tj3's instant as a boundary on the calendar. */
static long boundary(const pmo_calendar *cal, const char *s)
{
	char day[11];
	int hh = 0, mm = 0;
	pmo_date d;
	cr_assert_eq(sscanf(s, "%10s %d:%d", day, &hh, &mm), 3, "bad tj3 time %s", s);
	d = D(day);
	if (pmo_calendar_is_workday(cal, d) && hh * 60 + mm >= 17 * 60)
		return pmo_calendar_index(cal, d) + 1;
	cr_assert(!pmo_calendar_is_workday(cal, d) || hh * 60 + mm <= 9 * 60,
		  "tj3 time %s inside a working day", s);
	return pmo_calendar_index(cal, d);
}

/* tj3's instant as the date pmo shows: a start on the first working day at
 * or after it, an end on the working day it closes; a milestone at 17:00
 * (placed by a dependency) is dated that day. */
static pmo_date shown(const pmo_calendar *cal, const char *s, int end, int milestone)
{
	char day[11];
	int hh = 0, mm = 0;
	pmo_date d;
	long b;
	cr_assert_eq(sscanf(s, "%10s %d:%d", day, &hh, &mm), 3, "bad tj3 time %s", s);
	d = D(day);
	if (pmo_calendar_is_workday(cal, d) && hh * 60 + mm >= 17 * 60) {
		if (milestone)
			return d;
		b = pmo_calendar_index(cal, d) + 1;
	} else {
		b = pmo_calendar_index(cal, d);
	}
	return end && !milestone ? pmo_calendar_day(cal, b - 1) : pmo_calendar_day(cal, b);
}

/* Date shown for a boundary as a start, and as an end. */
static const char *bstart(const pmo_calendar *cal, long b) { return fmt(pmo_calendar_day(cal, b)); }
static const char *bend(const pmo_calendar *cal, long b) { return fmt(pmo_calendar_day(cal, b - 1)); }

/* Schedule with pmo, run tj3 on the export, compare every task. */
static void compare(pmo_plan *plan, const pmo_calendar *cal, const char *start, const char *what)
{
	pmo_schedule *s = NULL;
	pmo_schedule_options o = { D(start), PMO_NODATE };
	pmo_tjp_options to = { what, PMO_NODATE, "dates", 0 };
	pmo_findings f;
	pmo_buf b = PMO_BUF_INIT;
	char *dir = th_tmpdir(), *csv, *line, *save = NULL;
	th_result r;
	size_t skipped = 0, seen = 0, i, a;
	char *mark;
	pmo_date *ds, *de; /* dates shown, from tj3: leaves, rolled up to summaries */
	int rc;

	pmo_findings_init(&f);
	rc = pmo_schedule_compute(&s, plan, cal, &o, &f);
	cr_assert_eq(rc, 0, "%s: %s", what, rc ? pmo_error_last()->message : "");
	cr_assert_eq(f.errors, 0, "%s: %s", what, f.n ? f.items[0].message : "");
	to.end = s->finish + 400;
	cr_assert_eq(pmo_tjp_render(&b, plan, cal, D(start), &to, &skipped), 0);
	cr_assert_eq(skipped, 0, "%s: plan has dependencies tj3 cannot express", what);
	th_write(dir, "plan.tjp", pmo_buf_cstr(&b));
	th_run(&r, dir, NULL, "tj3 --silent --no-color plan.tjp");
	cr_assert_eq(r.status, 0, "%s: tj3 failed: %s%s", what, r.out, r.err);
	th_result_free(&r);
	csv = th_read(dir, "dates.csv");
	cr_assert_not_null(csv, "%s: no report from tj3", what);
	if (!(mark = calloc(plan->n + 1, 1)) || !(ds = malloc((plan->n + 1) * sizeof(pmo_date))) ||
	    !(de = malloc((plan->n + 1) * sizeof(pmo_date))))
		cr_assert_fail("out of memory");
	for (i = 0; i < plan->n; i++) {
		ds[i] = PMO_NODATE;
		de[i] = PMO_NODATE;
	}

	for (line = strtok_r(csv, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char id[256], st[32], en[32], *leaf;
		const pmo_task_schedule *t;
		size_t k;
		long tb, te;
		if (sscanf(line, "\"%255[^\"]\";\"%31[^\"]\";\"%31[^\"]\"", id, st, en) != 3 ||
		    !strcmp(id, "Id"))
			continue;
		leaf = strrchr(id, '.') ? strrchr(id, '.') + 1 : id;
		if (!strncmp(leaf, "pmo_snet_", 9))
			continue;
		/* pmo ids map to tj3 ids by '-' → '_' */
		for (k = 0; leaf[k]; k++)
			if (leaf[k] == '_')
				leaf[k] = '-';
		i = pmo_plan_find(plan, leaf);
		cr_assert_neq(i, PMO_PLAN_NONE, "%s: tj3 reports unknown task %s", what, leaf);
		t = &s->tasks[i];
		tb = boundary(cal, st);
		te = boundary(cal, en);
		cr_expect_eq(tb, t->es, "%s: task %s starts %s in pmo, %s in tj3 (%s)", what, leaf,
			     bstart(cal, t->es), bstart(cal, tb), st);
		cr_expect_eq(te, t->ef, "%s: task %s ends %s in pmo, %s in tj3 (%s)", what, leaf,
			     bend(cal, t->ef), bend(cal, te), en);
		if (!plan->tasks[i].nchildren) {
			/* a summary shows its children's first start and last
			 * finish, milestones' dates included */
			pmo_date xs = shown(cal, st, 0, t->milestone), xe = shown(cal, en, 1, t->milestone);
			for (a = i; a != PMO_PLAN_NONE; a = plan->tasks[a].parent) {
				if (ds[a] == PMO_NODATE || xs < ds[a])
					ds[a] = xs;
				if (de[a] == PMO_NODATE || xe > de[a])
					de[a] = xe;
			}
		}
		if (!mark[i]++)
			seen++;
	}
	cr_expect_eq(seen, plan->n, "%s: tj3 reported %zu of %zu tasks", what, seen, plan->n);
	for (i = 0; i < plan->n; i++) {
		const pmo_task_schedule *t = &s->tasks[i];
		cr_expect_eq(ds[i], t->start, "%s: task %s is shown from %s in pmo, from %s by tj3's dates",
			     what, plan->tasks[i].id, fmt(t->start), fmt(ds[i]));
		cr_expect_eq(de[i], t->finish, "%s: task %s is shown until %s in pmo, until %s by tj3's dates",
			     what, plan->tasks[i].id, fmt(t->finish), fmt(de[i]));
	}
	free(ds);
	free(de);
	free(mark);
	free(csv);
	free(dir);
	pmo_buf_free(&b);
	pmo_findings_free(&f);
	pmo_schedule_free(s);
}

/* ---------------------------------------------------------- example plans */

static const char bank_plan[] =
	"tasks:\n"
	"  - {id: T-1, title: 启动}\n"
	"  - {id: T-2, title: 项目章程, parent: T-1, duration: 3}\n"
	"  - {id: T-3, title: 章程审批, parent: T-1, milestone: true, depends: [T-2]}\n"
	"  - {id: T-4, title: 需求, depends: [T-1]}\n"
	"  - {id: T-5, title: 需求调研, parent: T-4, duration: 10}\n"
	"  - {id: T-6, title: 需求规格说明书, parent: T-4, duration: 8, depends: [T-5]}\n"
	"  - {id: T-7, title: 设计, duration: 15, depends: [T-4]}\n"
	"  - {id: T-8, title: 开发, duration: 30, depends: [T-7]}\n"
	"  - {id: T-9, title: 测试环境准备, duration: 5, depends: [T-7], start_no_earlier_than: 2026-04-01}\n"
	"  - {id: T-10, title: 系统测试, duration: 20, depends: [T-8, T-9]}\n"
	"  - {id: T-11, title: 用户验收测试, duration: 10, depends: [T-10]}\n"
	"  - {id: T-12, title: 投产, milestone: true, depends: [T-11]}\n";

static pmo_plan *load_plan(const char *text, pmo_doc **doc)
{
	pmo_plan *plan = NULL;
	pmo_findings f;
	pmo_findings_init(&f);
	cr_assert_eq(pmo_yaml_load(doc, "plan.yaml", text, strlen(text), NULL), 0, "%s",
		     pmo_error_last()->message);
	cr_assert_eq(pmo_plan_from_yaml(&plan, pmo_doc_root(*doc), "plan.yaml", &f), 0);
	cr_assert_eq(f.n, 0, "%s", f.n ? f.items[0].message : "");
	pmo_findings_free(&f);
	return plan;
}

Test(tj3, example_bank_plan_across_spring_festival)
{
	pmo_doc *doc = NULL;
	pmo_plan *plan;
	pmo_calendar *cal;
	if (!have_tj3())
		cr_skip_test("tj3 is not installed");
	plan = load_plan(bank_plan, &doc);
	cal = cal_cn2026();
	/* idiomatic calendar: the makeup shift (no lags in this plan) */
	compare(plan, cal, "2026-01-05", "bank plan from 2026-01-05");
	compare(plan, cal, "2026-09-14", "bank plan from 2026-09-14");
	pmo_calendar_free(cal);
	pmo_plan_free(plan);
	pmo_doc_free(doc);
}

Test(tj3, example_plan_with_lags_and_start_to_start)
{
	pmo_doc *doc = NULL;
	pmo_plan *plan;
	pmo_calendar *cal;
	if (!have_tj3())
		cr_skip_test("tj3 is not installed");
	plan = load_plan("tasks:\n"
			 "  - {id: T-1, title: 采购, duration: 5}\n"
			 "  - {id: T-2, title: 到货, duration: 2, depends: [T-1+3d]}\n"
			 "  - {id: T-3, title: 安装, duration: 4, depends: [\"T-2:ss+1d\"]}\n"
			 "  - {id: T-4, title: 验收, milestone: true, depends: [T-3+1d, T-2]}\n"
			 "  - {id: T-5, title: 培训, duration: 3, depends: [\"T-4:ss+2d\"]}\n",
			 &doc);
	cal = cal_cn2026();
	compare(plan, cal, "2026-02-02", "lags from 2026-02-02");
	compare(plan, cal, "2026-04-27", "lags from 2026-04-27");
	compare(plan, cal, "2026-09-14", "lags from 2026-09-14");
	pmo_calendar_free(cal);
	pmo_plan_free(plan);
	pmo_doc_free(doc);
}

/* Reduced from random plan.yaml seed 101 (tests/test_e2e_plan.c): tj3
 * places T-3 at 2026-10-14 00:00, from its summary's start-no-earlier-than
 * milestone; pmo dated it the day before, as if a dependency had put it
 * there. The dates are fixed in tests/test_plan.c. */
Test(tj3, milestone_placed_by_its_summarys_start_no_earlier_than)
{
	pmo_doc *doc = NULL;
	pmo_plan *plan;
	pmo_calendar *cal;
	if (!have_tj3())
		cr_skip_test("tj3 is not installed");
	plan = load_plan("tasks:\n"
			 "  - {id: T-1, title: 采购, duration: 3}\n"
			 "  - {id: T-2, title: 上线准备, depends: [T-1], start_no_earlier_than: 2026-10-14}\n"
			 "  - {id: T-3, title: 评审通过, parent: T-2, milestone: true}\n"
			 "  - {id: T-4, title: 部署, parent: T-2, duration: 2, depends: [T-3]}\n"
			 "  - {id: T-5, title: 上线, milestone: true, depends: [T-2]}\n",
			 &doc);
	cal = cal_cn2026();
	compare(plan, cal, "2026-09-28", "summary constraint from 2026-09-28");
	pmo_calendar_free(cal);
	pmo_plan_free(plan);
	pmo_doc_free(doc);
}

/* Reduced from random plan.yaml seed 1022: milestones after a milestone
 * placed by its constraint (00:00), directly and through summaries; the
 * dates are fixed in tests/test_plan.c. */
Test(tj3, milestone_after_a_constraint_placed_milestone)
{
	pmo_doc *doc = NULL;
	pmo_plan *plan;
	pmo_calendar *cal;
	if (!have_tj3())
		cr_skip_test("tj3 is not installed");
	plan = load_plan("tasks:\n"
			 "  - {id: T-1, title: 准备, duration: 2}\n"
			 "  - {id: T-2, title: 第一阶段}\n"
			 "  - {id: T-3, title: 开发, parent: T-2, duration: 1, depends: [T-1]}\n"
			 "  - {id: T-4, title: 窗口开放, parent: T-2, milestone: true, start_no_earlier_than: 2026-09-07}\n"
			 "  - {id: T-5, title: 第二阶段, depends: [T-2]}\n"
			 "  - {id: T-6, title: 开工, parent: T-5, milestone: true}\n"
			 "  - {id: T-7, title: 部署, parent: T-5, duration: 2}\n"
			 "  - {id: T-8, title: 通知, milestone: true, depends: [T-4]}\n"
			 "  - {id: T-9, title: 确认, milestone: true, depends: [T-4+1d]}\n",
			 &doc);
	cal = cal_cn2026();
	compare(plan, cal, "2026-08-31", "after a constraint from 2026-08-31");
	compare(plan, cal, "2026-09-28", "after a constraint from 2026-09-28");
	pmo_calendar_free(cal);
	pmo_plan_free(plan);
	pmo_doc_free(doc);
}

/* FF, SF and negative lags between tasks of fixed length become
 * start-to-start bounds with a working-day gap (docs/scheduling.md); each
 * one binds here, across the Spring Festival and National Day. */
Test(tj3, finish_to_finish_start_to_finish_and_leads)
{
	pmo_doc *doc = NULL;
	pmo_plan *plan;
	pmo_calendar *cal;
	if (!have_tj3())
		cr_skip_test("tj3 is not installed");
	plan = load_plan("tasks:\n"
			 "  - {id: T-1, title: 开发, duration: 10}\n"
			 "  - {id: T-2, title: 文档, duration: 4, depends: [\"T-1:ff\"]}\n"
			 "  - {id: T-3, title: 测试, duration: 6, depends: [T-1-3d]}\n"
			 "  - {id: T-4, title: 培训, duration: 3, depends: [\"T-1:sf+5d\"]}\n"
			 "  - {id: T-5, title: 验收, duration: 2, depends: [\"T-3:ff+1d\", T-2]}\n"
			 "  - {id: T-6, title: 上线准备, duration: 3, depends: [\"T-5:ff+2d\", \"T-4:sf+3d\"]}\n"
			 "  - {id: T-7, title: 上线, milestone: true, depends: [\"T-6:ff\"]}\n"
			 "  - {id: T-8, title: 回顾, duration: 1, depends: [T-7, \"T-6:ss-0d\"]}\n"
			 "  - {id: T-9, title: 收尾, duration: 2, depends: [\"T-1:ff-8d\"]}\n",
			 &doc);
	cal = cal_cn2026();
	compare(plan, cal, "2026-02-02", "FF, SF, leads from 2026-02-02");
	compare(plan, cal, "2026-09-21", "FF, SF, leads from 2026-09-21");
	pmo_calendar_free(cal);
	pmo_plan_free(plan);
	pmo_doc_free(doc);
}

/* What tj3 cannot express is a comment, and the header says which
 * dependencies differ instead of claiming equal dates. */
Test(tj3, inexpressible_dependencies_are_named_in_the_header)
{
	pmo_doc *doc = NULL;
	pmo_plan *plan;
	pmo_calendar *cal;
	pmo_buf b = PMO_BUF_INIT;
	pmo_tjp_options to = { "x", PMO_NODATE, NULL, 0 };
	size_t skipped = 0;
	plan = load_plan("tasks:\n"
			 "  - {id: T-1, title: a, duration: 3}\n"
			 "  - {id: T-2, title: b, duration: 2, depends: [\"T-1:ss-1d\"]}\n"
			 "  - {id: T-3, title: c, duration: 5, depends: [\"T-1:ff-1d\"]}\n"
			 "  - {id: T-4, title: d, duration: 1, depends: [T-1-3d]}\n"
			 "  - {id: T-5, title: e, duration: 1, depends: [\"T-4:ss\"]}\n",
			 &doc);
	cal = cal_cn2026();
	cr_assert_eq(pmo_tjp_render(&b, plan, cal, D("2026-03-02"), &to, &skipped), 0);
	cr_expect_eq(skipped, 2);
	cr_expect(strstr(pmo_buf_cstr(&b),
			 "# Generated by pmo. Computed dates equal pmo schedule's except where\n"
			 "# these dependencies act (not expressible in TaskJuggler: comments below;\n"
			 "# see docs/scheduling.md):\n"
			 "#   T-2 depends T-1:ss-1d\n"
			 "#   T-3 depends T-1:ff-1d\n"
			 "#   T-4 depends T-1-3d: a zero gap counted to 17:00; tj3 may date a milestone it places a day later\n"
			 "project pmo") == pmo_buf_cstr(&b), "%s", pmo_buf_cstr(&b));
	cr_expect(strstr(pmo_buf_cstr(&b), "  # not expressible in TaskJuggler: depends T-1:ss-1d\n"));
	cr_expect(strstr(pmo_buf_cstr(&b), "  depends T_1 { onstart }  # T-1-3d\n"));
	pmo_buf_free(&b);
	pmo_calendar_free(cal);
	pmo_plan_free(plan);
	pmo_doc_free(doc);
}

/* The one deliberate date difference: a lead that reaches exactly the
 * start of a predecessor placed at 00:00 (by its start-no-earlier-than)
 * puts a milestone at 17:00 of the working day before in pmo (a counted
 * lag ends at 17:00), at the predecessor's start in tj3. */
Test(tj3, milestone_at_a_lead_to_a_constrained_start_is_dated_a_day_apart)
{
	pmo_doc *doc = NULL;
	pmo_plan *plan;
	pmo_calendar *cal;
	pmo_schedule *s = NULL;
	pmo_schedule_options o;
	pmo_tjp_options to = { "x", PMO_NODATE, "dates", 0 };
	pmo_buf b = PMO_BUF_INIT;
	char *dir, *csv;
	th_result r;
	if (!have_tj3())
		cr_skip_test("tj3 is not installed");
	plan = load_plan("tasks:\n"
			 "  - {id: T-1, title: 实施, duration: 3, start_no_earlier_than: 2026-03-04}\n"
			 "  - {id: T-2, title: 实施前, milestone: true, depends: [T-1-3d]}\n",
			 &doc);
	cal = cal_cn2026();
	o.start = D("2026-03-02");
	o.as_of = PMO_NODATE;
	cr_assert_eq(pmo_schedule_compute(&s, plan, cal, &o, NULL), 0);
	cr_expect_str_eq(fmt(s->tasks[1].start), "2026-03-03");
	cr_assert_eq(pmo_tjp_render(&b, plan, cal, o.start, &to, NULL), 0);
	cr_expect(strstr(pmo_buf_cstr(&b), "#   T-2 depends T-1-3d: a zero gap counted to 17:00"));
	dir = th_tmpdir();
	th_write(dir, "plan.tjp", pmo_buf_cstr(&b));
	th_run(&r, dir, NULL, "tj3 --silent --no-color plan.tjp");
	cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
	th_result_free(&r);
	csv = th_read(dir, "dates.csv");
	cr_assert_not_null(csv);
	cr_expect(strstr(csv, "\"T_2\";\"2026-03-04 00:00\";\"2026-03-04 00:00\""), "%s", csv);
	free(csv);
	free(dir);
	pmo_buf_free(&b);
	pmo_schedule_free(s);
	pmo_calendar_free(cal);
	pmo_plan_free(plan);
	pmo_doc_free(doc);
}

/* -------------------------------------------------------- random plans */

static unsigned long rnd_state;
static unsigned rnd(unsigned n)
{
	rnd_state = rnd_state * 6364136223846793005ul + 1442695040888963407ul;
	return (unsigned)((rnd_state >> 33) % n);
}

/* Task i or one of its summaries already depends on task j (by id, as
 * the plan is not resolved while it is built). */
static int depends_on(const pmo_plan *plan, size_t i, size_t j)
{
	const char *want = plan->tasks[j].id;
	const pmo_task *t = &plan->tasks[i];
	size_t k;
	for (;;) {
		for (k = 0; k < t->ndeps; k++)
			if (!strcmp(t->deps[k].task, want))
				return 1;
		if (!t->parent_id)
			return 0;
		t = &plan->tasks[strtoul(t->parent_id + 2, NULL, 10) - 1];
	}
}

/* n tasks; one in six opens a summary holding the next 3..10 (nested up
 * to three deep); leaves of 1..8 days or milestones; 0..3 dependencies on
 * earlier tasks; start-no-earlier-than dates across 2026 on one task in
 * fifteen and one milestone in three. Without lags: FS or SS. With lags:
 * FS or SS with lags of 0..4 working days, and between two leaves with a
 * duration also FF, SF (lags -4..8) and negative lags where tj3 can express
 * them (a non-negative gap from the predecessor's start, see
 * docs/scheduling.md); counts[type] adds up the dependencies made. */
static pmo_plan *random_plan(unsigned long seed, size_t n, int lags, size_t counts[5])
{
	pmo_plan *plan;
	size_t i, stack[4], left[4], depth = 0;
	char id[32], dep[64];
	static const char *const types[] = { "", ":ss", ":ff", ":sf" };

	rnd_state = seed;
	cr_assert_eq(pmo_plan_new(&plan), 0);
	for (i = 0; i < n; i++) {
		pmo_task *t;
		unsigned k, nd;
		int summary = 0;
		snprintf(id, sizeof(id), "T-%zu", i + 1);
		cr_assert_eq(pmo_plan_add_task(&t, plan, id, id), 0);
		while (depth && !left[depth - 1])
			depth--;
		if (depth) {
			pmo_task_set_parent(t, plan->tasks[stack[depth - 1]].id);
			left[depth - 1]--;
		}
		if (depth < 3 && i + 4 < n && !rnd(6)) {
			stack[depth] = i;
			left[depth++] = 3 + rnd(8);
			summary = 1;
		} else if (!rnd(20)) {
			t->milestone = 1;
		} else {
			t->duration = 1 + (long)rnd(8);
		}
		/* a third of the milestones are dated windows: what a
		 * constraint places sits at the start of its day */
		if (!rnd(t->milestone ? 3 : 15)) {
			pmo_date d = D("2026-01-05") + (pmo_date)rnd(330);
			t->snet = d;
		}
		nd = i ? rnd(4) : 0;
		for (k = 0; k < nd; k++) {
			size_t j = i - 1 - rnd((unsigned)(i < 40 ? i : 40));
			const pmo_task *pt = &plan->tasks[j];
			/* tj3 sees loops that are not there when a milestone
			 * has a start-to-start dependency on a summary (see
			 * docs/scheduling.md): milestones get FS only */
			int type = !rnd(3) && !t->milestone ? 1 : 0;
			long lag = lags && rnd(2) ? 1 + (long)rnd(4) : 0;
			if (lags && !summary && t->duration > 0 && pt->duration > 0 && rnd(3)) {
				long g;
				type = (int)rnd(4);
				lag = (long)rnd(type >= 2 ? 13 : 9) - 4;
				g = type == 0 ? pt->duration + lag : type == 1 ? lag
				    : type == 2 ? pt->duration + lag - t->duration : lag - t->duration;
				if (g < 0)
					continue; /* not expressible in tj3 */
			}
			if (depends_on(plan, i, j))
				continue; /* tj3 takes one dependency per pair */
			snprintf(dep, sizeof(dep), "T-%zu%s", j + 1, types[type]);
			if (lag)
				snprintf(dep + strlen(dep), sizeof(dep) - strlen(dep), "%+ldd", lag);
			cr_assert_eq(pmo_task_add_dep(t, dep), 0);
			counts[lag < 0 ? 4 : type]++;
		}
	}
	/* drop dependencies between a task and its own summaries (findings) */
	{
		pmo_findings f;
		pmo_findings_init(&f);
		cr_assert_eq(pmo_plan_resolve(plan, &f), 0);
		for (i = 0; i < f.n; i++)
			cr_assert_str_eq(f.items[i].rule, "plan-parent-dependency", "%s",
					 f.items[i].message);
		pmo_findings_free(&f);
		for (i = 0; i < plan->n; i++) {
			pmo_task *t = &plan->tasks[i];
			size_t a, b;
			/* the same tj3 loop check sees a milestone's inherited
			 * start-to-start dependencies: FS on summaries and
			 * milestones above a milestone */
			for (a = t->milestone ? t->parent : PMO_PLAN_NONE; a != PMO_PLAN_NONE;
			     a = plan->tasks[a].parent)
				for (b = 0; b < plan->tasks[a].ndeps; b++) {
					pmo_dep *d = &plan->tasks[a].deps[b];
					if (d->type == PMO_DEP_SS && d->pred != PMO_PLAN_NONE &&
					    (plan->tasks[d->pred].nchildren || !plan->tasks[d->pred].days)) {
						d->type = PMO_DEP_FS;
						counts[1]--;
						counts[0]++;
					}
				}
			for (a = b = 0; a < t->ndeps; a++) {
				if (t->deps[a].pred == PMO_PLAN_NONE) {
					free(t->deps[a].task);
					continue;
				}
				t->deps[b++] = t->deps[a];
			}
			t->ndeps = b;
		}
	}
	return plan;
}

static void random_case(unsigned long seed, size_t n, int lags, const char *start)
{
	pmo_plan *plan;
	pmo_calendar *cal;
	char what[96];
	size_t counts[5] = { 0 };
	if (!have_tj3())
		cr_skip_test("tj3 is not installed");
	plan = random_plan(seed, n, lags, counts);
	cal = cal_cn2026();
	snprintf(what, sizeof(what), "random plan seed %lu (%zu tasks%s) from %s", seed, n,
		 lags ? ", lags" : "", start);
	compare(plan, cal, start, what);
	/* PMO_TJ3_COUNTS=1: the dependencies compared, by type */
	if (getenv("PMO_TJ3_COUNTS"))
		fprintf(stderr, "%s: FS %zu, SS %zu, FF %zu, SF %zu, negative lag %zu\n", what,
			counts[0], counts[1], counts[2], counts[3], counts[4]);
	pmo_calendar_free(cal);
	pmo_plan_free(plan);
}

Test(tj3, random_plans_without_lags_use_the_makeup_shift)
{
	random_case(1, 300, 0, "2026-01-05");
	random_case(2, 300, 0, "2026-02-02");
}

Test(tj3, random_plans_with_lags_from_january)
{
	random_case(3, 300, 1, "2026-01-05");
	random_case(4, 300, 1, "2026-02-09");
}

Test(tj3, random_plans_with_lags_from_spring_to_autumn)
{
	random_case(5, 300, 1, "2026-04-20");
	random_case(6, 300, 1, "2026-09-01");
}

Test(tj3, random_plans_across_the_whole_year)
{
	random_case(7, 400, 1, "2026-01-02");
	random_case(8, 400, 1, "2026-05-06");
	random_case(9, 400, 0, "2026-06-15");
	random_case(10, 400, 1, "2026-09-18");
}

/* A project's calendar on top of the portfolio's (pmo.yaml): the project
 * adds an internal holiday, works a portfolio holiday (a weekday and a
 * weekend day of the Spring Festival) and takes a portfolio makeup
 * Saturday off; the export expresses the layered calendar exactly. */
static pmo_calendar *cal_layered(void)
{
	pmo_doc *base = NULL, *proj = NULL;
	pmo_calendar *cal = NULL;
	static const char pmo_yaml[] =
		"calendar:\n"
		"  holidays:\n"
		"    - {date: 2026-01-01, until: 2026-01-03, name: 元旦}\n"
		"    - {date: 2026-02-15, until: 2026-02-23, name: 春节}\n"
		"    - {date: 2026-04-04, until: 2026-04-06, name: 清明节}\n"
		"    - {date: 2026-05-01, until: 2026-05-05, name: 劳动节}\n"
		"  workdays: [2026-01-04, 2026-02-14, 2026-02-28, 2026-05-09]\n";
	static const char project_yaml[] =
		"calendar:\n"
		"  holidays:\n"
		"    - {date: 2026-03-20, name: 内部培训日}\n"
		"    - 2026-02-28\n"
		"  workdays: [2026-02-19, 2026-02-22]\n";
	cr_assert_eq(pmo_yaml_load(&base, "pmo.yaml", pmo_yaml, strlen(pmo_yaml), NULL), 0);
	cr_assert_eq(pmo_yaml_load(&proj, "project.yaml", project_yaml, strlen(project_yaml), NULL), 0);
	cr_assert_eq(pmo_calendar_from_yaml(&cal, pmo_map_get(pmo_doc_root(base), "calendar"), "pmo.yaml",
					    pmo_map_get(pmo_doc_root(proj), "calendar"), "project.yaml"),
		     0, "%s", pmo_error_last()->message);
	pmo_doc_free(base);
	pmo_doc_free(proj);
	return cal;
}

Test(tj3, project_calendar_layered_on_the_portfolios)
{
	pmo_calendar *cal = cal_layered();
	pmo_plan *plan;
	static const char *const off[] = { "2026-02-16", "2026-02-18", "2026-02-20", "2026-02-23",
					   "2026-02-28", "2026-03-20", "2026-04-06", "2026-05-01" };
	static const char *const on[] = { "2026-02-14", "2026-02-19", "2026-02-22", "2026-03-19",
					  "2026-05-09", "2026-01-04" };
	size_t i;
	for (i = 0; i < sizeof(off) / sizeof(off[0]); i++)
		cr_expect(!pmo_calendar_is_workday(cal, D(off[i])), "%s works", off[i]);
	for (i = 0; i < sizeof(on) / sizeof(on[0]); i++)
		cr_expect(pmo_calendar_is_workday(cal, D(on[i])), "%s is off", on[i]);
	if (!have_tj3()) {
		pmo_calendar_free(cal);
		cr_skip_test("tj3 is not installed");
	}
	{
		size_t counts[5] = { 0 };
		plan = random_plan(11, 200, 0, counts);
		compare(plan, cal, "2026-01-05", "layered calendar, no lags (makeup shift)");
		pmo_plan_free(plan);
		plan = random_plan(12, 200, 1, counts);
		compare(plan, cal, "2026-02-02", "layered calendar with lags");
		pmo_plan_free(plan);
	}
	pmo_calendar_free(cal);
}
