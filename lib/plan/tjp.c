/*
 * A plan as a TaskJuggler 3 project (what `pmo export --format tjp` writes
 * and what tests/test_tj3.c feeds to tj3). How each construct maps, and the
 * one place where the idiomatic calendar is not exact, is in
 * docs/scheduling.md.
 */
#include "plan/plan.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

int pmo_tjp_id(pmo_buf *out, const char *id)
{
	const unsigned char *s = (const unsigned char *)id;
	if (!(*s >= 'A' && *s <= 'Z') && !(*s >= 'a' && *s <= 'z') && *s != '_')
		pmo_buf_putc(out, '_');
	for (; *s; s++) {
		int ok = (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
			 (*s >= '0' && *s <= '9') || *s == '_';
		pmo_buf_putc(out, ok ? (char)*s : '_');
	}
	return pmo_buf_oom(out);
}

/* A string literal: tj3 reads "…" without escapes, so double quotes become
 * single ones and line breaks spaces. */
static void put_string(pmo_buf *b, const char *s)
{
	pmo_buf_putc(b, '"');
	for (; s && *s; s++)
		pmo_buf_putc(b, *s == '"' ? '\'' : (*s == '\n' || *s == '\r') ? ' ' : *s);
	pmo_buf_putc(b, '"');
}

static void put_date(pmo_buf *b, pmo_date d)
{
	char buf[11];
	pmo_buf_puts(b, pmo_date_format(buf, d));
}

/* The constraint milestone of a start-no-earlier-than date. */
static void put_snet_id(pmo_buf *b, pmo_date d)
{
	int y, m, dd;
	pmo_date_to_ymd(d, &y, &m, &dd);
	pmo_buf_printf(b, "pmo_snet_%04d%02d%02d", y, m, dd);
}

/* Absolute tj3 path of task i: ancestors' ids joined with dots. */
static void put_path(pmo_buf *b, const pmo_plan *p, size_t i)
{
	size_t chain[64], n = 0;
	while (i != PMO_PLAN_NONE && n < 64) {
		chain[n++] = i;
		i = p->tasks[i].parent;
	}
	while (n--) {
		pmo_tjp_id(b, p->tasks[chain[n]].id);
		if (n)
			pmo_buf_putc(b, '.');
	}
}

/* A leaf whose length is a fixed number of working days (a duration, a
 * milestone or the one-day default), not derived from effort: gaps may be
 * computed from it. */
static int fixed(const pmo_task *t)
{
	return !t->nchildren && (t->milestone || t->duration >= 0 || t->effort < 0);
}

/*
 * What a dependency becomes in tj3, which bounds a task's start by another
 * task's start or end plus a non-negative working-time gap. Between fixed
 * leaves every type reduces to a bound from the predecessor's start:
 *   FS-L: start(s) >= start(p) + (d_p - L)
 *   FF+L: start(s) >= start(p) + (d_p + L - d_s)
 *   SF+L: start(s) >= start(p) + (L - d_s)
 * pmo counts a lag to 17:00 of a working day; tj3's gaplength too, so a
 * positive gap is exact. A zero gap reached by counting (FS-3 on a 3-day
 * task) is 17:00 before the predecessor's start in pmo, the predecessor's
 * start in tj3: the same working time, but a milestone placed by it is
 * dated a day apart when the predecessor starts at 00:00 (docs/scheduling.md).
 */
typedef struct {
	int ok;           /* expressible */
	int onstart;      /* from the predecessor's start, else its end */
	long gap;         /* working days, >= 0 when ok */
	int counted0;     /* zero gap ending at 17:00 in pmo (see above) */
	int cls;          /* bounds of one class compare by strength; -1 none */
	long strength;
} tdep;

static void reduce(tdep *r, const pmo_plan *p, size_t i, const pmo_dep *d)
{
	const pmo_task *pt = &p->tasks[d->pred], *st = &p->tasks[i];
	long L = d->lag, g = 0;
	int eod = 0;

	memset(r, 0, sizeof(*r));
	r->cls = -1;
	if (pt->nchildren) {
		/* a summary: its rolled-up start or end */
		r->ok = (d->type == PMO_DEP_FS || d->type == PMO_DEP_SS) && L >= 0;
		r->onstart = d->type == PMO_DEP_SS;
		r->gap = L;
		if (d->type == PMO_DEP_FS || d->type == PMO_DEP_SS) {
			r->cls = d->type == PMO_DEP_FS ? 1 : 2;
			r->strength = L;
		}
		return;
	}
	/* a leaf: the bound as an instant after its start, 4 * days - 2
	 * for 17:00 of a day, 4 * days - 1 for the predecessor's own
	 * start instant moved by whole days (which is later) */
	r->cls = 0;
	switch (d->type) {
	case PMO_DEP_FS:
		g = pt->days + L;
		eod = L || pt->days;
		break;
	case PMO_DEP_SS:
		g = L;
		eod = L != 0;
		break;
	case PMO_DEP_FF:
	case PMO_DEP_SF:
		if (st->nchildren || !fixed(st)) {
			r->cls = -1;
			return; /* a bound on the finish of each child */
		}
		g = (d->type == PMO_DEP_FF ? pt->days : 0) + L - st->days;
		eod = L || (d->type == PMO_DEP_FF && pt->days);
		break;
	}
	r->strength = 4 * g - (eod ? 2 : 1);
	if ((d->type == PMO_DEP_FS || d->type == PMO_DEP_SS) && L >= 0) {
		r->ok = 1;
		r->onstart = d->type == PMO_DEP_SS;
		r->gap = L;
		return;
	}
	if (!fixed(pt) || g < 0)
		return;
	r->ok = 1;
	r->onstart = 1;
	r->gap = g;
	r->counted0 = !g && eod;
}

/* tj3 refuses a second dependency on the same task, counting those a task
 * inherits from its summaries. 1: dependency j of task i is implied by
 * another one that is written (leave it out), -1: it cannot be written,
 * 0: write it (if it is expressible). */
static int duplicate(const pmo_plan *p, size_t i, size_t j)
{
	const pmo_task *t = &p->tasks[i];
	const pmo_dep *d = &t->deps[j];
	tdep r, o;
	size_t k, a;

	reduce(&r, p, i, d);
	for (k = 0; k < t->ndeps; k++) {
		if (k == j || t->deps[k].pred != d->pred)
			continue;
		reduce(&o, p, i, &t->deps[k]);
		if (!o.ok)
			continue;
		if (o.cls < 0 || o.cls != r.cls) {
			if (r.ok && k < j)
				return -1;
			continue;
		}
		if (o.strength > r.strength || (o.strength == r.strength && k < j))
			return 1;
	}
	for (a = t->parent; a != PMO_PLAN_NONE; a = p->tasks[a].parent)
		for (k = 0; k < p->tasks[a].ndeps; k++) {
			if (p->tasks[a].deps[k].pred != d->pred)
				continue;
			reduce(&o, p, a, &p->tasks[a].deps[k]);
			if (!o.ok)
				continue;
			if (o.cls >= 0 && o.cls == r.cls && o.strength >= r.strength)
				return 1;
			return -1;
		}
	return 0;
}

/* A summary above task i has a start-no-earlier-than at least as late. */
static int snet_covered(const pmo_plan *p, size_t i)
{
	size_t a;
	for (a = p->tasks[i].parent; a != PMO_PLAN_NONE; a = p->tasks[a].parent)
		if (p->tasks[a].snet != PMO_NODATE && p->tasks[a].snet >= p->tasks[i].snet)
			return 1;
	return 0;
}

static const char *const wd_names[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

static void put_weekdays(pmo_buf *b, unsigned mask, int on)
{
	int i, first = 1;
	for (i = 0; i < 7; i++)
		if (((mask >> i) & 1u) == (unsigned)on) {
			pmo_buf_printf(b, "%s%s", first ? "" : ", ", wd_names[i]);
			first = 0;
		}
}

static void put_indent(pmo_buf *b, int depth)
{
	pmo_buf_pad(b, ' ', (size_t)depth * 2);
}

typedef struct {
	const pmo_plan *plan;
	const pmo_calendar *cal;
	pmo_date start, end;
	int shifts;            /* assign the makeup shift to leaves */
	size_t skipped;
	size_t *first, *next;  /* children lists */
	unsigned char *passes; /* an SS or SF dependency without lag on the task */
	pmo_buf notes;         /* dependencies where tj3's dates may differ */
} ctx;

/* The start instant of task i (00:00 or 17:00 the day before) can change a
 * date: it is a milestone or a summary, or passes its start on unchanged. */
static int instant_matters(const ctx *c, size_t i)
{
	size_t a;
	if (c->plan->tasks[i].nchildren || !c->plan->tasks[i].days)
		return 1;
	for (a = i; a != PMO_PLAN_NONE; a = c->plan->tasks[a].parent)
		if (c->passes[a])
			return 1;
	return 0;
}

static void note(ctx *c, size_t i, const pmo_dep *d, const char *why)
{
	pmo_buf_puts(&c->notes, "#   ");
	pmo_buf_puts(&c->notes, c->plan->tasks[i].id);
	pmo_buf_puts(&c->notes, " depends ");
	pmo_dep_format(&c->notes, d);
	if (why) {
		pmo_buf_puts(&c->notes, ": ");
		pmo_buf_puts(&c->notes, why);
	}
	pmo_buf_putc(&c->notes, '\n');
}

static void put_task(pmo_buf *b, ctx *c, size_t i, int depth)
{
	const pmo_plan *p = c->plan;
	const pmo_task *t = &p->tasks[i];
	size_t j, k;

	put_indent(b, depth);
	pmo_buf_puts(b, "task ");
	pmo_tjp_id(b, t->id);
	pmo_buf_putc(b, ' ');
	put_string(b, t->title ? t->title : t->id);
	pmo_buf_puts(b, " {\n");
	if (t->snet != PMO_NODATE && t->snet > c->start && !snet_covered(p, i)) {
		put_indent(b, depth + 1);
		pmo_buf_puts(b, "depends ");
		put_snet_id(b, t->snet);
		pmo_buf_puts(b, "  # start_no_earlier_than ");
		put_date(b, t->snet);
		pmo_buf_putc(b, '\n');
	}
	for (j = 0; j < t->ndeps; j++) {
		const pmo_dep *d = &t->deps[j];
		tdep r;
		int dup, onstart;
		if (d->pred == PMO_PLAN_NONE)
			continue;
		dup = duplicate(p, i, j);
		if (dup == 1)
			continue;
		reduce(&r, p, i, d);
		put_indent(b, depth + 1);
		if (!r.ok || dup) {
			pmo_buf_puts(b, "# not expressible in TaskJuggler: depends ");
			pmo_dep_format(b, d);
			pmo_buf_putc(b, '\n');
			note(c, i, d, NULL);
			c->skipped++;
			continue;
		}
		if (r.counted0 && instant_matters(c, i))
			note(c, i, d, "a zero gap counted to 17:00; tj3 may date a milestone it places a day later");
		/* start and end of a milestone are one instant; an onstart
		 * dependency on a milestone makes tj3 see loops that are not
		 * there, so it is written as the equal onend one */
		onstart = r.onstart && (p->tasks[d->pred].nchildren || p->tasks[d->pred].days > 0);
		pmo_buf_puts(b, "depends ");
		put_path(b, p, d->pred);
		if (onstart || r.gap > 0) {
			pmo_buf_puts(b, " {");
			if (onstart)
				pmo_buf_puts(b, " onstart");
			if (r.gap > 0)
				pmo_buf_printf(b, " gaplength %ldd", r.gap);
			pmo_buf_puts(b, " }");
		}
		if (d->type == PMO_DEP_FF || d->type == PMO_DEP_SF || d->lag < 0) {
			pmo_buf_puts(b, "  # ");
			pmo_dep_format(b, d);
		}
		pmo_buf_putc(b, '\n');
	}
	if (t->fnlt != PMO_NODATE) {
		put_indent(b, depth + 1);
		pmo_buf_puts(b, "# finish_no_later_than ");
		put_date(b, t->fnlt);
		pmo_buf_puts(b, " (a check in pmo, not a scheduling input)\n");
	}
	if (t->nchildren) {
		for (k = c->first[i]; k != PMO_PLAN_NONE; k = c->next[k])
			put_task(b, c, k, depth + 1);
	} else {
		put_indent(b, depth + 1);
		if (t->days == 0)
			pmo_buf_puts(b, "milestone\n");
		else
			pmo_buf_printf(b, "length %ldd\n", t->days);
		if (c->shifts && t->days > 0) {
			size_t nw, w, first = 1;
			const pmo_calendar_range *wr = pmo_calendar_workdays(c->cal, &nw);
			for (w = 0; w < nw; w++) {
				if (wr[w].from < c->start || wr[w].from >= c->end)
					continue;
				if (first) {
					put_indent(b, depth + 1);
					pmo_buf_puts(b, "shifts ");
				}
				pmo_buf_puts(b, first ? "" : ", ");
				pmo_buf_puts(b, "pmo_workday ");
				put_date(b, wr[w].from);
				pmo_buf_puts(b, " +1d");
				first = 0;
			}
			if (!first)
				pmo_buf_putc(b, '\n');
		}
	}
	put_indent(b, depth);
	pmo_buf_puts(b, "}\n");
}

static int cmp_date(const void *a, const void *b)
{
	pmo_date x = *(const pmo_date *)a, y = *(const pmo_date *)b;
	return x < y ? -1 : x > y;
}

int pmo_tjp_render(pmo_buf *dst, pmo_plan *plan, const pmo_calendar *cal, pmo_date start,
		   const pmo_tjp_options *opt, size_t *skipped)
{
	pmo_buf body = PMO_BUF_INIT, *out = &body; /* the header goes first, after */
	ctx c;
	size_t i, j, n = plan->n, nh, nw, nsnet = 0, extra = 0;
	const pmo_calendar_range *hol, *wr;
	unsigned mask = pmo_calendar_weekdays(cal);
	pmo_date *snet = NULL, d;
	int error = 0, lags = 0;

	memset(&c, 0, sizeof(c));
	pmo_buf_init(&c.notes);
	if ((error = pmo_plan_resolve(plan, NULL)) < 0)
		return error;
	c.plan = plan;
	c.cal = cal;
	c.start = start;
	if (opt && opt->end != PMO_NODATE) {
		c.end = opt->end;
	} else {
		int y, m, dd;
		pmo_date_to_ymd(start, &y, &m, &dd);
		if (dd > pmo_date_days_in_month(y + 3, m))
			dd = pmo_date_days_in_month(y + 3, m);
		c.end = pmo_date_from_ymd(y + 3, m, dd);
	}
	if (c.end <= start)
		return pmo_error_set(PMO_EINVALID, "the project must end after it starts");
	if (!(c.first = malloc((n + 1) * sizeof(size_t))) || !(c.next = malloc((n + 1) * sizeof(size_t))) ||
	    !(snet = malloc((n + 1) * sizeof(pmo_date))) || !(c.passes = calloc(n + 1, 1))) {
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
		goto done;
	}
	for (i = 0; i < n; i++)
		c.first[i] = PMO_PLAN_NONE;
	for (i = n; i-- > 0;) {
		size_t p = plan->tasks[i].parent;
		if (p != PMO_PLAN_NONE) {
			c.next[i] = c.first[p];
			c.first[p] = i;
		}
		if (plan->tasks[i].snet != PMO_NODATE && plan->tasks[i].snet > start)
			snet[nsnet++] = plan->tasks[i].snet;
		for (j = 0; j < plan->tasks[i].ndeps; j++) {
			const pmo_dep *dp = &plan->tasks[i].deps[j];
			tdep r;
			if (dp->pred == PMO_PLAN_NONE)
				continue;
			reduce(&r, plan, i, dp);
			lags |= r.ok && r.gap > 0;
			if (!dp->lag && (dp->type == PMO_DEP_SS || dp->type == PMO_DEP_SF))
				c.passes[dp->pred] = 1;
		}
	}
	hol = pmo_calendar_holidays(cal, &nh);
	wr = pmo_calendar_workdays(cal, &nw);
	for (i = 0; i < nw; i++)
		extra += !((mask >> (pmo_date_weekday(wr[i].from) - 1)) & 1u) &&
			 wr[i].from >= start && wr[i].from < c.end;
	/* The idiomatic form (weekly working hours, a makeup shift on the
	 * tasks) is exact for task lengths, but tj3 counts a gaplength in
	 * the project's working time, which knows no shifts. With lags and
	 * makeup days, write every free day as a leave instead. */
	c.shifts = extra && !lags;

	pmo_buf_puts(out, "project pmo ");
	put_string(out, opt && opt->name ? opt->name : plan->path ? plan->path : "plan");
	pmo_buf_putc(out, ' ');
	put_date(out, start);
	pmo_buf_puts(out, " - ");
	put_date(out, c.end);
	pmo_buf_puts(out, " {\n  timezone \"UTC\"\n  timeformat \"%Y-%m-%d\"\n");
	if (extra && !c.shifts) {
		pmo_buf_puts(out, "  # every day works; weekends are leaves (exact gaplength)\n");
		pmo_buf_puts(out, "  workinghours mon - sun 9:00 - 17:00\n");
	} else {
		pmo_buf_puts(out, "  workinghours ");
		put_weekdays(out, mask, 1);
		pmo_buf_puts(out, " 9:00 - 17:00\n");
		if (mask != 0x7f) {
			pmo_buf_puts(out, "  workinghours ");
			put_weekdays(out, mask, 0);
			pmo_buf_puts(out, " off\n");
		}
	}
	pmo_buf_puts(out, "}\n\n");

	for (i = 0; i < nh; i++) {
		pmo_buf_puts(out, "leaves holiday ");
		put_string(out, hol[i].name ? hol[i].name : "holiday");
		pmo_buf_putc(out, ' ');
		put_date(out, hol[i].from);
		pmo_buf_puts(out, " - ");
		put_date(out, hol[i].until + 1);
		pmo_buf_putc(out, '\n');
	}
	if (extra && !c.shifts) {
		/* free weekdays that are neither holidays nor extra workdays */
		for (d = start - 7; d < c.end + 7; d++) {
			pmo_date e;
			if ((mask >> (pmo_date_weekday(d) - 1)) & 1u || pmo_calendar_is_workday(cal, d))
				continue;
			for (e = d; e < c.end + 7 && !((mask >> (pmo_date_weekday(e) - 1)) & 1u) &&
				    !pmo_calendar_is_workday(cal, e);
			     e++)
				;
			pmo_buf_puts(out, "leaves holiday \"weekend\" ");
			put_date(out, d);
			pmo_buf_puts(out, " - ");
			put_date(out, e);
			pmo_buf_putc(out, '\n');
			d = e;
		}
	}
	if (c.shifts) {
		pmo_buf_puts(out, "\n# extra working days (weekend days worked), assigned to each task\n");
		pmo_buf_puts(out, "shift pmo_workday \"Extra workday\" {\n"
				  "  workinghours mon - sun 9:00 - 17:00\n}\n");
	}
	pmo_buf_putc(out, '\n');

	if (nsnet) {
		size_t k = 0;
		qsort(snet, nsnet, sizeof(*snet), cmp_date);
		for (i = 0; i < nsnet; i++)
			if (!k || snet[k - 1] != snet[i])
				snet[k++] = snet[i];
		for (i = 0; i < k; i++) {
			pmo_buf_puts(out, "task ");
			put_snet_id(out, snet[i]);
			pmo_buf_puts(out, " \"start no earlier than ");
			put_date(out, snet[i]);
			pmo_buf_puts(out, "\" {\n  milestone\n  start ");
			put_date(out, snet[i]);
			pmo_buf_puts(out, "\n}\n");
		}
	}
	for (i = 0; i < n; i++)
		if (plan->tasks[i].parent == PMO_PLAN_NONE)
			put_task(out, &c, i, 0);
	if (opt && opt->report) {
		pmo_buf_puts(out, "\ntaskreport pmo_dates ");
		put_string(out, opt->report);
		pmo_buf_puts(out, " {\n  formats csv\n  columns id, start, end\n"
				  "  timeformat \"%Y-%m-%d %H:%M\"\n}\n");
	}
	if (opt && opt->forced)
		pmo_buf_puts(dst, "# Generated by pmo, " PMO_PLAN_FORCED_NOTE ":\n"
				  "# its dates may be wrong and need not equal pmo schedule's.\n");
	if (c.notes.len) {
		pmo_buf_puts(dst, opt && opt->forced ? "# They differ from pmo's too where\n"
			     : "# Generated by pmo. Computed dates equal pmo schedule's except where\n");
		pmo_buf_puts(dst, "# these dependencies act (not expressible in TaskJuggler: comments below;\n"
				  "# see docs/scheduling.md):\n");
		pmo_buf_put(dst, c.notes.ptr, c.notes.len);
	} else if (!opt || !opt->forced) {
		pmo_buf_puts(dst, "# Generated by pmo; computed dates equal pmo schedule's.\n");
	}
	pmo_buf_put(dst, body.ptr, body.len);
	if ((error = pmo_buf_oom(&body)) < 0 || (error = pmo_buf_oom(&c.notes)) < 0 ||
	    (error = pmo_buf_oom(dst)) < 0)
		goto done;
	if (skipped)
		*skipped = c.skipped;
done:
	pmo_buf_free(&body);
	pmo_buf_free(&c.notes);
	free(c.passes);
	free(c.first);
	free(c.next);
	free(snet);
	return error;
}
