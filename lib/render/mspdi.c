/*
 * pmo export --format mspdi: the plan as Microsoft Project XML (mspdi.h).
 * The element order is the schema's (mspdi_pj12.xsd); only elements pmo
 * has a value for are written, as the schema allows (all but UID are
 * optional in Task, Resource and Assignment; SaveVersion and CurrencyCode
 * are required in Project).
 */
#include "render/mspdi.h"
#include "util/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MINUTES_PER_DAY (PMO_PLAN_HOURS_PER_DAY * 60)

/* Text with & < > " ' escaped; characters XML 1.0 cannot hold (control
 * characters other than tab and newline) are left out. */
static void esc(pmo_buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '&': pmo_buf_puts(b, "&amp;"); break;
		case '<': pmo_buf_puts(b, "&lt;"); break;
		case '>': pmo_buf_puts(b, "&gt;"); break;
		case '"': pmo_buf_puts(b, "&quot;"); break;
		case '\'': pmo_buf_puts(b, "&apos;"); break;
		case '\r': pmo_buf_puts(b, "&#13;"); break;
		default:
			if (c >= 0x20 || c == '\t' || c == '\n')
				pmo_buf_putc(b, (char)c);
		}
	}
}

static void elem(pmo_buf *b, int indent, const char *name, const char *text)
{
	pmo_buf_pad(b, ' ', (size_t)indent);
	pmo_buf_printf(b, "<%s>", name);
	esc(b, text);
	pmo_buf_printf(b, "</%s>\n", name);
}

static void elem_long(pmo_buf *b, int indent, const char *name, long v)
{
	pmo_buf_pad(b, ' ', (size_t)indent);
	pmo_buf_printf(b, "<%s>%ld</%s>\n", name, v, name);
}

static void open_tag(pmo_buf *b, int indent, const char *name)
{
	pmo_buf_pad(b, ' ', (size_t)indent);
	pmo_buf_printf(b, "<%s>\n", name);
}

static void close_tag(pmo_buf *b, int indent, const char *name)
{
	pmo_buf_pad(b, ' ', (size_t)indent);
	pmo_buf_printf(b, "</%s>\n", name);
}

/* A date and time of day, 2027-01-04T08:00:00. */
static void elem_time(pmo_buf *b, int indent, const char *name, pmo_date d, const char *hms)
{
	char day[11];
	pmo_buf_pad(b, ' ', (size_t)indent);
	pmo_buf_printf(b, "<%s>%sT%s</%s>\n", name, pmo_date_format(day, d), hms, name);
}

/* The working times of a working day: 08:00-12:00, 13:00-17:00. */
static void working_times(pmo_buf *b, int indent)
{
	static const char *const times[][2] = { { "08:00:00", "12:00:00" }, { "13:00:00", "17:00:00" } };
	size_t k;

	open_tag(b, indent, "WorkingTimes");
	for (k = 0; k < 2; k++) {
		open_tag(b, indent + 1, "WorkingTime");
		elem(b, indent + 2, "FromTime", times[k][0]);
		elem(b, indent + 2, "ToTime", times[k][1]);
		close_tag(b, indent + 1, "WorkingTime");
	}
	close_tag(b, indent, "WorkingTimes");
}

/* One exception of the calendar: a holiday range, or a worked day. */
static void exception(pmo_buf *b, const pmo_calendar_range *r, int working)
{
	open_tag(b, 4, "Exception");
	elem_long(b, 5, "EnteredByOccurrences", 0);
	open_tag(b, 5, "TimePeriod");
	elem_time(b, 6, "FromDate", r->from, "00:00:00");
	elem_time(b, 6, "ToDate", r->until, "23:59:00");
	close_tag(b, 5, "TimePeriod");
	elem_long(b, 5, "Occurrences", r->until - r->from + 1);
	elem(b, 5, "Name", r->name ? r->name : working ? "调休工作日" : "节假日");
	elem_long(b, 5, "Type", 1); /* daily */
	elem_long(b, 5, "DayWorking", working);
	if (working)
		working_times(b, 5);
	close_tag(b, 4, "Exception");
}

static void calendar(pmo_buf *b, const pmo_calendar *cal)
{
	unsigned mask = pmo_calendar_weekdays(cal);
	const pmo_calendar_range *r;
	size_t n, nw, k;
	int day;

	open_tag(b, 1, "Calendars");
	open_tag(b, 2, "Calendar");
	elem_long(b, 3, "UID", 1);
	elem(b, 3, "Name", "Standard");
	elem_long(b, 3, "IsBaseCalendar", 1);
	open_tag(b, 3, "WeekDays");
	for (day = 1; day <= 7; day++) { /* DayType 1 is Sunday … 7 Saturday */
		int iso = day == 1 ? 7 : day - 1;
		int works = (mask >> (iso - 1)) & 1;
		open_tag(b, 4, "WeekDay");
		elem_long(b, 5, "DayType", day);
		elem_long(b, 5, "DayWorking", works);
		if (works)
			working_times(b, 5);
		close_tag(b, 4, "WeekDay");
	}
	close_tag(b, 3, "WeekDays");
	r = pmo_calendar_holidays(cal, &n);
	pmo_calendar_workdays(cal, &nw);
	if (n + nw) {
		open_tag(b, 3, "Exceptions");
		for (k = 0; k < n; k++)
			exception(b, &r[k], 0);
		r = pmo_calendar_workdays(cal, &nw);
		for (k = 0; k < nw; k++)
			exception(b, &r[k], 1);
		close_tag(b, 3, "Exceptions");
	}
	close_tag(b, 2, "Calendar");
	close_tag(b, 1, "Calendars");
}

/* The n of T-n, or -1. */
static long uid_of(const char *id)
{
	long v = 0;
	const char *p;
	if (!id || strncmp(id, "T-", 2) || id[2] < '1' || id[2] > '9')
		return -1;
	for (p = id + 2; *p; p++) {
		if (*p < '0' || *p > '9' || v > (LONG_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*p - '0');
	}
	return v;
}

/* MSPDI's link types: 0 FF, 1 FS, 2 SF, 3 SS. */
static int link_type(pmo_dep_type t)
{
	switch (t) {
	case PMO_DEP_FF: return 0;
	case PMO_DEP_SF: return 2;
	case PMO_DEP_SS: return 3;
	case PMO_DEP_FS: break;
	}
	return 1;
}

/* The outline numbers of every task ("1", "1.2") and their levels. */
static int outline(char ***out, int **levels, const pmo_plan *plan)
{
	char **num = calloc(plan->n ? plan->n : 1, sizeof(*num));
	int *lv = calloc(plan->n ? plan->n : 1, sizeof(*lv));
	long *count = calloc(plan->n + 1, sizeof(*count)); /* children numbered so far, per parent (+1: top) */
	pmo_buf b = PMO_BUF_INIT;
	size_t i;

	if (!num || !lv || !count)
		goto oom;
	for (i = 0; i < plan->n; i++) {
		size_t p = plan->tasks[i].parent;
		size_t slot = p == PMO_PLAN_NONE ? plan->n : p;
		pmo_buf_clear(&b);
		if (p != PMO_PLAN_NONE && num[p])
			pmo_buf_printf(&b, "%s.", num[p]);
		pmo_buf_printf(&b, "%ld", ++count[slot]);
		lv[i] = p != PMO_PLAN_NONE ? lv[p] + 1 : 1;
		if (pmo_buf_oom(&b) || !(num[i] = strdup(pmo_buf_cstr(&b))))
			goto oom;
	}
	pmo_buf_free(&b);
	free(count);
	*out = num;
	*levels = lv;
	return 0;
oom:
	if (num)
		for (i = 0; i < plan->n; i++)
			free(num[i]);
	free(num);
	free(lv);
	free(count);
	pmo_buf_free(&b);
	return pmo_error_set_oom();
}

static void task(pmo_buf *b, const pmo_plan *plan, const pmo_schedule *s, const pmo_calendar *cal,
		 size_t i, const char *number, int level, const pmo_mspdi_options *o)
{
	const pmo_task *t = &plan->tasks[i];
	const pmo_task_schedule *ts = &s->tasks[i];
	long days = ts->summary ? ts->ef - ts->es : t->days;
	size_t k;

	if (ts->milestone)
		days = 0;
	open_tag(b, 2, "Task");
	elem_long(b, 3, "UID", uid_of(t->id));
	elem_long(b, 3, "ID", (long)i + 1);
	elem(b, 3, "Name", t->title ? t->title : t->id);
	elem(b, 3, "WBS", number);
	elem(b, 3, "OutlineNumber", number);
	elem_long(b, 3, "OutlineLevel", level);
	if (ts->milestone) {
		/* on the day itself when it sits at the day's start, else at the
		 * end of the day before (placed there by a dependency) */
		const char *at = pmo_calendar_index(cal, ts->start) == ts->es ? "08:00:00" : "17:00:00";
		elem_time(b, 3, "Start", ts->start, at);
		elem_time(b, 3, "Finish", ts->finish, at);
	} else {
		elem_time(b, 3, "Start", ts->start, "08:00:00");
		elem_time(b, 3, "Finish", ts->finish, "17:00:00");
	}
	pmo_buf_pad(b, ' ', 3);
	pmo_buf_printf(b, "<Duration>PT%ldH0M0S</Duration>\n", days * PMO_PLAN_HOURS_PER_DAY);
	elem_long(b, 3, "DurationFormat", 7);
	elem_long(b, 3, "Milestone", ts->milestone);
	elem_long(b, 3, "Summary", ts->summary);
	elem_long(b, 3, "Critical", ts->critical);
	if (o && o->progress)
		elem_long(b, 3, "PercentComplete", (long)floor(o->progress[i] + 0.5));
	if (t->actual_start != PMO_NODATE)
		elem_time(b, 3, "ActualStart", t->actual_start, "08:00:00");
	if (t->actual_finish != PMO_NODATE)
		elem_time(b, 3, "ActualFinish", t->actual_finish, "17:00:00");
	if (t->snet != PMO_NODATE) {
		elem_long(b, 3, "ConstraintType", 4); /* start no earlier than */
		elem_time(b, 3, "ConstraintDate", t->snet, "08:00:00");
		if (t->fnlt != PMO_NODATE) /* one constraint a task: the other is its deadline */
			elem_time(b, 3, "Deadline", t->fnlt, "17:00:00");
	} else if (t->fnlt != PMO_NODATE) {
		elem_long(b, 3, "ConstraintType", 7); /* finish no later than */
		elem_time(b, 3, "ConstraintDate", t->fnlt, "17:00:00");
	} else {
		elem_long(b, 3, "ConstraintType", 0); /* as soon as possible */
	}
	if (t->notes)
		elem(b, 3, "Notes", t->notes);
	for (k = 0; k < t->ndeps; k++) {
		const pmo_dep *d = &t->deps[k];
		open_tag(b, 3, "PredecessorLink");
		elem_long(b, 4, "PredecessorUID", uid_of(d->task));
		elem_long(b, 4, "Type", link_type(d->type));
		elem_long(b, 4, "CrossProject", 0);
		elem_long(b, 4, "LinkLag", d->lag * MINUTES_PER_DAY * 10);
		elem_long(b, 4, "LagFormat", 7);
		close_tag(b, 3, "PredecessorLink");
	}
	close_tag(b, 2, "Task");
}

/* The people assigned, as resources (UID in order of first assignment),
 * and each assignment with its units (allocation / 100). */
static int resources(pmo_buf *b, const pmo_plan *plan)
{
	const char **people = NULL;
	size_t n = 0, cap = 0, i, k, j;
	long uid = 0;

	for (i = 0; i < plan->n; i++)
		for (k = 0; k < plan->tasks[i].nassignees; k++) {
			const char *who = plan->tasks[i].assignees[k].person;
			for (j = 0; j < n && strcmp(people[j], who); j++)
				;
			if (j < n)
				continue;
			if (n == cap) {
				const char **v = realloc(people, (cap = cap ? 2 * cap : 16) * sizeof(*v));
				if (!v) {
					free(people);
					return pmo_error_set_oom();
				}
				people = v;
			}
			people[n++] = who;
		}
	if (!n)
		return 0;
	open_tag(b, 1, "Resources");
	for (j = 0; j < n; j++) {
		open_tag(b, 2, "Resource");
		elem_long(b, 3, "UID", (long)j + 1);
		elem_long(b, 3, "ID", (long)j + 1);
		elem(b, 3, "Name", people[j]);
		elem_long(b, 3, "Type", 1); /* work */
		close_tag(b, 2, "Resource");
	}
	close_tag(b, 1, "Resources");
	open_tag(b, 1, "Assignments");
	for (i = 0; i < plan->n; i++)
		for (k = 0; k < plan->tasks[i].nassignees; k++) {
			const pmo_assignee *a = &plan->tasks[i].assignees[k];
			for (j = 0; j < n && strcmp(people[j], a->person); j++)
				;
			open_tag(b, 2, "Assignment");
			elem_long(b, 3, "UID", ++uid);
			elem_long(b, 3, "TaskUID", uid_of(plan->tasks[i].id));
			elem_long(b, 3, "ResourceUID", (long)j + 1);
			pmo_buf_pad(b, ' ', 3);
			pmo_buf_printf(b, "<Units>%d.%02d</Units>\n", a->allocation / 100, a->allocation % 100);
			close_tag(b, 2, "Assignment");
		}
	close_tag(b, 1, "Assignments");
	free(people);
	return 0;
}

int pmo_mspdi_render(pmo_buf *out, const pmo_plan *plan, const pmo_schedule *s,
		     const pmo_calendar *cal, pmo_date start, const pmo_mspdi_options *o)
{
	char **num = NULL;
	int *levels = NULL, error = 0;
	unsigned mask = pmo_calendar_weekdays(cal);
	int workdays = 0, d;
	size_t i;

	for (i = 0; i < plan->n; i++)
		if (uid_of(plan->tasks[i].id) < 0)
			return pmo_error_set(PMO_EINVALID, "task id \"%s\" is not T-<n>: no MSPDI UID for it",
					     plan->tasks[i].id);
	if ((error = outline(&num, &levels, plan)) < 0)
		return error;
	for (d = 0; d < 7; d++)
		workdays += (mask >> d) & 1;
	pmo_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
	pmo_buf_puts(out, "<Project xmlns=\"http://schemas.microsoft.com/project\">\n");
	elem_long(out, 1, "SaveVersion", 12);
	elem(out, 1, "Name", o && o->name ? o->name : "pmo");
	if (o && o->title)
		elem(out, 1, "Title", o->title);
	elem_time(out, 1, "StartDate", start, "08:00:00");
	if (s->finish != PMO_NODATE)
		elem_time(out, 1, "FinishDate", s->finish, "17:00:00");
	elem(out, 1, "CurrencyCode", o && o->currency ? o->currency : "CNY");
	elem_long(out, 1, "CalendarUID", 1);
	elem(out, 1, "DefaultStartTime", "08:00:00");
	elem(out, 1, "DefaultFinishTime", "17:00:00");
	elem_long(out, 1, "MinutesPerDay", MINUTES_PER_DAY);
	elem_long(out, 1, "MinutesPerWeek", (long)MINUTES_PER_DAY * workdays);
	elem_long(out, 1, "DaysPerMonth", 20);
	elem_long(out, 1, "DurationFormat", 7);
	elem_long(out, 1, "WeekStartDay", 1);
	calendar(out, cal);
	open_tag(out, 1, "Tasks");
	for (i = 0; i < plan->n; i++)
		task(out, plan, s, cal, i, num[i], levels[i], o);
	close_tag(out, 1, "Tasks");
	error = resources(out, plan);
	pmo_buf_puts(out, "</Project>\n");
	for (i = 0; i < plan->n; i++)
		free(num[i]);
	free(num);
	free(levels);
	if (!error && pmo_buf_oom(out))
		error = pmo_error_set_oom();
	return error;
}
