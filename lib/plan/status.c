/*
 * Progress against a baseline, the maths of pmo status: the share of a
 * baseline task planned done by a date (status.h says the rule), working
 * days between two dates, and the earned value of a plan (planned and
 * earned working days, SPI).
 */
#include "plan/status.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

const pmo_baseline_entry *pmo_status_entry(const pmo_baseline *bl, const char *id)
{
	size_t i;

	for (i = 0; bl && i < bl->n; i++)
		if (!strcmp(bl->entries[i].task, id))
			return &bl->entries[i];
	return NULL;
}

int pmo_status_entries(const pmo_baseline_entry ***out, const pmo_plan *plan, const pmo_baseline *bl)
{
	const pmo_baseline_entry **v;
	size_t i;

	if (!(v = calloc(plan->n ? plan->n : 1, sizeof(*v))))
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	/* the first entry of a task id, as pmo_status_entry finds it */
	for (i = bl ? bl->n : 0; i-- > 0;) {
		size_t ti = pmo_plan_find(plan, bl->entries[i].task);
		if (ti != PMO_PLAN_NONE)
			v[ti] = &bl->entries[i];
	}
	*out = v;
	return 0;
}

/* Working days from a to b (negative when b is earlier). */
long pmo_status_workdays(const pmo_calendar *cal, pmo_date a, pmo_date b)
{
	return pmo_calendar_index(cal, b + 1) - pmo_calendar_index(cal, a + 1);
}

static pmo_share share(int64_t num, int64_t den)
{
	pmo_share s;

	s.num = num;
	s.den = den;
	return s;
}

pmo_share pmo_status_share(const pmo_calendar *cal, const pmo_baseline *bl, const pmo_baseline_entry *e,
			   pmo_date d)
{
	pmo_date s, f, b, from;
	int64_t p, n, c;

	if (!e || e->start == PMO_NODATE || e->finish == PMO_NODATE)
		return share(0, 1);
	s = e->start;
	f = e->finish;
	if (!bl || bl->as_of == PMO_NODATE) {
		/* the plan alone: even over [s, f] */
		if (d > f)
			return share(1, 1);
		if (d <= s)
			return share(0, 1);
		n = pmo_calendar_count(cal, s, f);
		c = pmo_calendar_count(cal, s, d - 1);
		return n > 0 ? share(c, n) : share(1, 1);
	}
	b = bl->as_of;
	p = e->progress;
	if (d == b)
		return share(p, 100);
	if (d < b) {
		/* the work done by b, spread over [s, b) */
		n = pmo_calendar_count(cal, s, b - 1);
		c = pmo_calendar_count(cal, s, d - 1);
		return n > 0 ? share(p * c, 100 * n) : share(0, 1);
	}
	if (d > f)
		return share(1, 1);
	/* the rest, spread over [max(b, s), f] */
	from = b > s ? b : s;
	n = pmo_calendar_count(cal, from, f);
	c = pmo_calendar_count(cal, from, d - 1);
	return n > 0 ? share(p * n + (100 - p) * c, 100 * n) : share(1, 1);
}

double pmo_status_planned_share(const pmo_calendar *cal, const pmo_baseline *bl, const pmo_baseline_entry *e,
				pmo_date d)
{
	pmo_share x = pmo_status_share(cal, bl, e, d);

	return (double)x.num / (double)x.den;
}

/* The sums over the tasks that are not summaries, in plan order; the
 * baseline's finish over every task. */
int pmo_status_compute(pmo_status *out, const pmo_plan *plan, const pmo_schedule *s, const pmo_calendar *cal,
		       const pmo_baseline *bl, const double *progress, pmo_date as_of)
{
	const pmo_baseline_entry **entries = NULL;
	double ev = 0, pv = 0, total = 0;
	pmo_date bfinish = PMO_NODATE;
	size_t i;
	int error;

	if ((error = pmo_status_entries(&entries, plan, bl)) < 0)
		return error;
	for (i = 0; i < plan->n; i++) {
		const pmo_task *t = &plan->tasks[i];
		const pmo_baseline_entry *e = entries[i];
		if (e && e->finish != PMO_NODATE && (bfinish == PMO_NODATE || e->finish > bfinish))
			bfinish = e->finish;
		if (s->tasks[i].summary)
			continue;
		total += (double)t->days;
		ev += (double)t->days * progress[i] / 100.0;
		pv += (double)t->days * pmo_status_planned_share(cal, bl, e, as_of);
	}
	free(entries);
	out->total = total;
	out->earned = ev;
	out->planned = pv;
	out->baseline_finish = bfinish;
	out->planned_progress = total > 0 && bl ? 100.0 * pv / total : 0.0;
	out->spi = bl && pv > 0 ? ev / pv : 0.0;
	return 0;
}
