/*
 * Progress against a baseline, the maths of pmo status: the share of a
 * baseline task planned done by a date, working days between two dates,
 * and the earned value of a plan (planned and earned working days, SPI).
 */
#include "plan/status.h"

#include <string.h>

const pmo_baseline_entry *pmo_status_entry(const pmo_baseline *bl, const char *id)
{
	size_t i;

	for (i = 0; bl && i < bl->n; i++)
		if (!strcmp(bl->entries[i].task, id))
			return &bl->entries[i];
	return NULL;
}

/* The entry of task id in bl, looked for first after the one found
 * before (*next): a baseline lists the tasks in plan order, so a whole plan
 * is matched in one pass instead of one search of the baseline a task. */
static const pmo_baseline_entry *entry_next(const pmo_baseline *bl, const char *id, size_t *next)
{
	const pmo_baseline_entry *e;

	if (bl && *next < bl->n && !strcmp(bl->entries[*next].task, id))
		return &bl->entries[(*next)++];
	if ((e = pmo_status_entry(bl, id)))
		*next = (size_t)(e - bl->entries) + 1;
	return e;
}

/* Working days from a to b (negative when b is earlier). */
long pmo_status_workdays(const pmo_calendar *cal, pmo_date a, pmo_date b)
{
	return pmo_calendar_index(cal, b + 1) - pmo_calendar_index(cal, a + 1);
}

/* Share of a baseline task planned done by the start of as_of. */
double pmo_status_planned_share(const pmo_calendar *cal, const pmo_baseline_entry *e, pmo_date as_of)
{
	long total, done;

	if (!e || e->start == PMO_NODATE || e->finish == PMO_NODATE)
		return 0;
	if (as_of > e->finish)
		return 1;
	if (as_of <= e->start)
		return 0;
	total = pmo_calendar_count(cal, e->start, e->finish);
	done = pmo_calendar_count(cal, e->start, as_of - 1);
	return total > 0 ? (double)done / (double)total : 1;
}

/* The sums over the tasks that are not summaries, in plan order; the
 * baseline's finish over every task. */
void pmo_status_compute(pmo_status *out, const pmo_plan *plan, const pmo_schedule *s, const pmo_calendar *cal,
			const pmo_baseline *bl, const double *progress, pmo_date as_of)
{
	double ev = 0, pv = 0, total = 0;
	pmo_date bfinish = PMO_NODATE;
	size_t i, next = 0;

	for (i = 0; i < plan->n; i++) {
		const pmo_task *t = &plan->tasks[i];
		const pmo_baseline_entry *e = entry_next(bl, t->id, &next);
		if (e && e->finish != PMO_NODATE && (bfinish == PMO_NODATE || e->finish > bfinish))
			bfinish = e->finish;
		if (s->tasks[i].summary)
			continue;
		total += (double)t->days;
		ev += (double)t->days * progress[i] / 100.0;
		pv += (double)t->days * pmo_status_planned_share(cal, e, as_of);
	}
	out->total = total;
	out->earned = ev;
	out->planned = pv;
	out->baseline_finish = bfinish;
	out->planned_progress = total > 0 && bl ? 100.0 * pv / total : 0.0;
	out->spi = bl && pv > 0 ? ev / pv : 0.0;
}
