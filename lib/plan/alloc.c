/*
 * People's load across projects (alloc.h): every assignment of every
 * scheduled leaf task, cut to the window, summed a day at a time on its
 * project's working days; then the stretches of days above 100%.
 *
 * The cost is one pass over the tasks and one over the days each
 * assignment covers in the window (a quarter: at most 91), so a portfolio
 * of 50,000 tasks costs a few million additions.
 */
#include "plan/alloc.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

#define OOM() pmo_error_set_oom()

typedef struct {
	const char *person;
	pmo_alloc_part part;
} raw_part;

typedef struct {
	raw_part *v;
	size_t n, cap;
} raw_parts;

static int push(raw_parts *r, const char *person, size_t project, size_t task, size_t assignee,
		int allocation, long first, long last)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 256;
		raw_part *v = realloc(r->v, cap * sizeof(*v));

		if (!v)
			return OOM();
		r->v = v;
		r->cap = cap;
	}
	r->v[r->n].person = person;
	r->v[r->n].part.project = project;
	r->v[r->n].part.task = task;
	r->v[r->n].part.assignee = assignee;
	r->v[r->n].part.allocation = allocation;
	r->v[r->n].part.first = first;
	r->v[r->n].part.last = last;
	r->n++;
	return 0;
}

static int raw_cmp(const void *pa, const void *pb)
{
	const raw_part *a = pa, *b = pb;
	int c = strcmp(a->person, b->person);

	if (c)
		return c;
	if (a->part.project != b->part.project)
		return a->part.project < b->part.project ? -1 : 1;
	if (a->part.task != b->part.task)
		return a->part.task < b->part.task ? -1 : 1;
	if (a->part.assignee != b->part.assignee)
		return a->part.assignee < b->part.assignee ? -1 : 1;
	return a->part.first < b->part.first ? -1 : a->part.first > b->part.first;
}

/* The spans of working-day boundaries [b0, b1) a leaf occupies with work:
 * one, or two when a started task's remaining work was placed after a gap
 * (schedule.c: the work done from its start, what remains from the as-of
 * date). */
static size_t spans(long out[2][2], const pmo_task *t, const pmo_task_schedule *r)
{
	long d = t->days, pc, rem, done_end, rem_start;

	if (r->ef <= r->es)
		return 0;
	out[0][0] = r->es;
	out[0][1] = r->ef;
	if (!r->started || d <= 0)
		return 1;
	pc = t->progress > 0 ? t->progress : 0;
	rem = (d * (100 - pc) + 99) / 100;
	done_end = r->es + (d - rem);
	rem_start = r->ef - rem;
	if (rem_start <= done_end)
		return 1;
	if (done_end <= r->es) {
		out[0][0] = rem_start;
		return 1;
	}
	out[0][1] = done_end;
	out[1][0] = rem_start;
	out[1][1] = r->ef;
	return 2;
}

static int project_parts(raw_parts *raw, const pmo_alloc *a, const pmo_alloc_project *p, size_t pi)
{
	size_t i, j, k, ns;
	int error = 0;

	if (!p->plan || !p->sched || !p->cal)
		return 0;
	for (i = 0; i < p->plan->n && i < p->sched->n && !error; i++) {
		const pmo_task *t = &p->plan->tasks[i];
		const pmo_task_schedule *r = &p->sched->tasks[i];
		long sp[2][2];

		if (!t->nassignees || r->summary || t->nchildren || r->milestone)
			continue;
		ns = spans(sp, t, r);
		for (k = 0; k < ns && !error; k++) {
			long first = pmo_calendar_day(p->cal, sp[k][0]) - a->from;
			long last = pmo_calendar_day(p->cal, sp[k][1] - 1) - a->from;

			if (first < 0)
				first = 0;
			if (last >= a->ndays)
				last = a->ndays - 1;
			if (first > last)
				continue;
			for (j = 0; j < t->nassignees && !error; j++)
				if (t->assignees[j].person && t->assignees[j].allocation > 0)
					error = push(raw, t->assignees[j].person, pi, i, j,
						     t->assignees[j].allocation, first, last);
		}
	}
	return error;
}

int pmo_alloc_on(const pmo_alloc *a, const pmo_alloc_part *p, long d)
{
	return d >= p->first && d <= p->last && a->workday[p->project * (size_t)a->ndays + (size_t)d];
}

/* The stretches of over-allocated days of one person: days in a row
 * (days without load between them do not break one) whose tasks are the
 * same. */
static int find_over(pmo_alloc_person *pp, const pmo_alloc *a)
{
	size_t *cur = NULL, *prev = NULL, ncur, nprev = 0, i, cap = 0;
	pmo_alloc_over *open = NULL;
	long d;
	int error = 0;

	if (!pp->over_days)
		return 0;
	if (!(cur = malloc((pp->nparts ? pp->nparts : 1) * sizeof(*cur))) ||
	    !(prev = malloc((pp->nparts ? pp->nparts : 1) * sizeof(*prev)))) {
		error = OOM();
		goto done;
	}
	for (d = 0; d < a->ndays; d++) {
		size_t *swap;

		if (!pp->load[d])
			continue;
		if (pp->load[d] <= 100) {
			open = NULL;
			continue;
		}
		for (i = ncur = 0; i < pp->nparts; i++)
			if (pmo_alloc_on(a, &pp->parts[i], d))
				cur[ncur++] = i;
		if (open && open->load == pp->load[d] && ncur == nprev &&
		    !memcmp(cur, prev, ncur * sizeof(*cur))) {
			open->last = d;
			open->days++;
			continue;
		}
		if (pp->nover == cap) {
			size_t c2 = cap ? cap * 2 : 4;
			pmo_alloc_over *v = realloc(pp->over, c2 * sizeof(*v));

			if (!v) {
				error = OOM();
				goto done;
			}
			pp->over = v;
			cap = c2;
		}
		open = &pp->over[pp->nover];
		memset(open, 0, sizeof(*open));
		if (!(open->parts = malloc(ncur * sizeof(*open->parts)))) {
			error = OOM();
			goto done;
		}
		pp->nover++;
		memcpy(open->parts, cur, ncur * sizeof(*cur));
		open->nparts = ncur;
		open->first = open->last = d;
		open->days = 1;
		open->load = pp->load[d];
		swap = prev;
		prev = cur;
		cur = swap;
		nprev = ncur;
	}
done:
	free(cur);
	free(prev);
	return error;
}

static int person_load(pmo_alloc_person *pp, const pmo_alloc *a)
{
	size_t i;
	long d;

	if (!(pp->load = calloc((size_t)a->ndays, sizeof(*pp->load))))
		return OOM();
	for (i = 0; i < pp->nparts; i++) {
		const pmo_alloc_part *p = &pp->parts[i];
		const unsigned char *w = a->workday + p->project * (size_t)a->ndays;

		for (d = p->first; d <= p->last; d++)
			if (w[d])
				pp->load[d] += p->allocation;
	}
	for (d = 0; d < a->ndays; d++) {
		if (pp->load[d] > pp->peak)
			pp->peak = pp->load[d];
		if (pp->load[d] > 100)
			pp->over_days++;
	}
	return find_over(pp, a);
}

int pmo_alloc_compute(pmo_alloc **out, const pmo_alloc_project *projects, size_t nprojects,
		      pmo_date from, pmo_date until)
{
	pmo_alloc *a = NULL;
	raw_parts raw = { 0 };
	size_t i, j, k, np;
	long d;
	int error = 0;

	if (until < from)
		return pmo_error_set(PMO_EINVALID, "the window ends before it starts");
	if (!(a = calloc(1, sizeof(*a)))) {
		error = OOM();
		goto done;
	}
	a->from = from;
	a->until = until;
	a->ndays = until - from + 1;
	a->nprojects = nprojects;
	if (!(a->workday = calloc(nprojects ? nprojects * (size_t)a->ndays : 1, 1))) {
		error = OOM();
		goto done;
	}
	for (i = 0; i < nprojects; i++)
		for (d = 0; projects[i].cal && d < a->ndays; d++)
			a->workday[i * (size_t)a->ndays + (size_t)d] =
				(unsigned char)pmo_calendar_is_workday(projects[i].cal, from + d);
	for (i = 0; i < nprojects && !error; i++)
		error = project_parts(&raw, a, &projects[i], i);
	if (error < 0)
		goto done;
	if (raw.n > 1)
		qsort(raw.v, raw.n, sizeof(*raw.v), raw_cmp);
	for (i = np = 0; i < raw.n; i++)
		np += !i || strcmp(raw.v[i].person, raw.v[i - 1].person);
	if (np && !(a->people = calloc(np, sizeof(*a->people)))) {
		error = OOM();
		goto done;
	}
	for (i = 0; i < raw.n; i = j) {
		pmo_alloc_person *pp = &a->people[a->n];

		for (j = i + 1; j < raw.n && !strcmp(raw.v[j].person, raw.v[i].person); j++)
			;
		a->n++;
		if (!(pp->person = strdup(raw.v[i].person)) ||
		    !(pp->parts = malloc((j - i) * sizeof(*pp->parts)))) {
			error = OOM();
			goto done;
		}
		for (k = i; k < j; k++)
			pp->parts[pp->nparts++] = raw.v[k].part;
		if ((error = person_load(pp, a)) < 0)
			goto done;
	}
done:
	free(raw.v);
	if (error < 0) {
		pmo_alloc_free(a);
		return error;
	}
	*out = a;
	return 0;
}

static int person_key_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const pmo_alloc_person *)elem)->person);
}

const pmo_alloc_person *pmo_alloc_find(const pmo_alloc *a, const char *person)
{
	return a && a->n ? bsearch(person, a->people, a->n, sizeof(*a->people), person_key_cmp) : NULL;
}

void pmo_alloc_free(pmo_alloc *a)
{
	size_t i, k;

	if (!a)
		return;
	for (i = 0; i < a->n; i++) {
		pmo_alloc_person *pp = &a->people[i];

		for (k = 0; k < pp->nover; k++)
			free(pp->over[k].parts);
		free(pp->over);
		free(pp->person);
		free(pp->load);
		free(pp->parts);
	}
	free(a->people);
	free(a->workday);
	free(a);
}
