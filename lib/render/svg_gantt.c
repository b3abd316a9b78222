/*
 * The Gantt chart as SVG (svg_gantt.h). Days are columns of a width that
 * fits the whole plan in about 900 pixels (between 3 and 24 a day), rows
 * 22 pixels; a bar covers its tasks' days from the start of its first to
 * the end of its last. Positions are written to one decimal place from
 * the dates alone: the same schedule gives the same bytes.
 */
#include "render/svg_gantt.h"
#include "render/html.h"
#include "plan/status.h"
#include "util/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LEFT 300    /* the titles' column */
#define ROW 22
#define TOP 34      /* the axis */
#define WIDE 900.0  /* what the days share */

typedef struct {
	pmo_buf *out;
	pmo_date lo;
	double dw;
} chart;

static double xof(const chart *c, pmo_date d)
{
	return LEFT + (double)(d - c->lo) * c->dw;
}

static int depth(const pmo_plan *plan, size_t i)
{
	int d = 0;

	while (plan->tasks[i].parent != PMO_PLAN_NONE && d < 32) {
		i = plan->tasks[i].parent;
		d++;
	}
	return d;
}

/* The days off of [lo, hi] as shaded columns, holidays with their name. */
static void days_off(chart *c, const pmo_calendar *cal, pmo_date hi, int height)
{
	const pmo_calendar_range *h;
	pmo_date d, run = PMO_NODATE;
	size_t n, i;

	for (d = c->lo; d <= hi + 1; d++) {
		int off = d <= hi && !pmo_calendar_is_workday(cal, d);

		if (off && run == PMO_NODATE)
			run = d;
		if (!off && run != PMO_NODATE) {
			pmo_buf_printf(c->out, "<rect class=\"off\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\"/>\n",
				       xof(c, run), TOP, (double)(d - run) * c->dw, height);
			run = PMO_NODATE;
		}
	}
	h = pmo_calendar_holidays(cal, &n);
	for (i = 0; i < n; i++) {
		pmo_date from = h[i].from < c->lo ? c->lo : h[i].from, until = h[i].until > hi ? hi : h[i].until;
		char d1[11];

		if (from > until)
			continue;
		pmo_buf_printf(c->out, "<rect class=\"off holiday\" data-holiday=\"%s\" x=\"%.1f\" y=\"%d\" "
			       "width=\"%.1f\" height=\"%d\"><title>", pmo_date_format(d1, h[i].from), xof(c, from),
			       TOP, (double)(until - from + 1) * c->dw, height);
		pmo_html_text(c->out, h[i].name ? h[i].name : "holiday");
		pmo_buf_puts(c->out, "</title></rect>\n");
	}
}

/* Mondays along the top, as far apart as fits a date. */
static void axis(chart *c, pmo_date hi, int height)
{
	int every = (int)ceil(76.0 / (7 * c->dw));
	pmo_date d = c->lo;
	int week = 0;
	char s[11];

	while (pmo_date_weekday(d) != 1)
		d++;
	for (; d <= hi; d += 7, week++) {
		if (week % every)
			continue;
		pmo_buf_printf(c->out, "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\"/>"
			       "<text x=\"%.1f\" y=\"%d\">%s</text>\n", xof(c, d), xof(c, d), TOP - 4, TOP + height,
			       xof(c, d) + 2, TOP - 8, pmo_date_format(s, d));
	}
}

static void attr(pmo_buf *out, const char *name, const char *value)
{
	pmo_buf_printf(out, " %s=\"", name);
	pmo_html_text(out, value);
	pmo_buf_putc(out, '"');
}

/* Where a dependency leaves its predecessor and reaches its successor. */
static void dep_arrow(chart *c, const pmo_dep *d, const pmo_task_schedule *p, const pmo_task_schedule *t,
		      size_t pi, size_t ti, int critical)
{
	int from_start = d->type == PMO_DEP_SS || d->type == PMO_DEP_SF;
	int to_finish = d->type == PMO_DEP_FF || d->type == PMO_DEP_SF;
	double x1 = from_start ? xof(c, p->start) : xof(c, p->finish + 1);
	double x2 = to_finish ? xof(c, t->finish + 1) : xof(c, t->start);
	double y1 = TOP + (double)pi * ROW + ROW / 2.0, y2 = TOP + (double)ti * ROW + ROW / 2.0;

	if (p->milestone)
		x1 = xof(c, p->start) + c->dw / 2;
	pmo_buf_printf(c->out, "<path class=\"dep%s\" d=\"M%.1f %.1fh4V%.1fH%.1f\" marker-end=\"url(#arrow)\"/>\n",
		       critical ? " critical" : "", x1, y1, y2, x2 - 1);
}

int pmo_svg_gantt(pmo_buf *out, const pmo_plan *plan, const pmo_schedule *s, const pmo_calendar *cal,
		  const pmo_svg_gantt_options *o)
{
	const pmo_baseline_entry **base = NULL;
	chart c;
	pmo_date hi;
	size_t i, k;
	int height = (int)plan->n * ROW, width, error;
	char d1[11], d2[11];

	if ((error = pmo_status_entries(&base, plan, o->bl)) < 0)
		return error;
	c.out = out;
	c.lo = s->start;
	hi = s->finish;
	for (i = 0; i < plan->n; i++) {
		const pmo_task_schedule *t = &s->tasks[i];
		const pmo_baseline_entry *e = base[i];

		if (t->start != PMO_NODATE && t->start < c.lo)
			c.lo = t->start;
		if (t->finish != PMO_NODATE && t->finish > hi)
			hi = t->finish;
		if (e && e->start != PMO_NODATE && e->start < c.lo)
			c.lo = e->start;
		if (e && e->finish != PMO_NODATE && e->finish > hi)
			hi = e->finish;
	}
	if (c.lo == PMO_NODATE || hi == PMO_NODATE || hi < c.lo)
		hi = c.lo;
	hi += 1; /* room for the last day's arrow and diamond */
	c.dw = WIDE / (double)(hi - c.lo + 1);
	c.dw = c.dw < 3 ? 3 : c.dw > 24 ? 24 : c.dw;
	c.dw = floor(c.dw * 10) / 10;
	width = LEFT + (int)ceil((double)(hi - c.lo + 1) * c.dw) + 8;
	pmo_buf_printf(out, "<svg class=\"gantt\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
		       "xmlns=\"http://www.w3.org/2000/svg\" data-start=\"%s\" data-finish=\"%s\">\n", width,
		       TOP + height + 8, width, TOP + height + 8, pmo_date_format(d1, c.lo), pmo_date_format(d2, hi));
	pmo_buf_printf(out, "<defs><marker id=\"arrow\" viewBox=\"0 0 6 6\" refX=\"6\" refY=\"3\" markerWidth=\"6\" "
		       "markerHeight=\"6\" orient=\"auto\"><path d=\"M0 0L6 3L0 6z\" fill=\"#888\"/></marker>"
		       "<clipPath id=\"titles\"><rect width=\"%d\" height=\"%d\"/></clipPath></defs>\n",
		       LEFT - 8, TOP + height + 8);
	days_off(&c, cal, hi, height);
	axis(&c, hi, height);
	for (i = 0; i < plan->n; i++) {
		const pmo_task *task = &plan->tasks[i];
		const pmo_task_schedule *t = &s->tasks[i];

		for (k = 0; k < task->ndeps; k++) {
			size_t p = task->deps[k].pred;

			if (p == PMO_PLAN_NONE || p >= plan->n || s->tasks[p].start == PMO_NODATE || t->start == PMO_NODATE)
				continue;
			dep_arrow(&c, &task->deps[k], &s->tasks[p], t, p, i, t->critical && s->tasks[p].critical);
		}
	}
	pmo_buf_puts(out, "<g clip-path=\"url(#titles)\">\n");
	for (i = 0; i < plan->n; i++) {
		const pmo_task *task = &plan->tasks[i];

		pmo_buf_printf(out, "<text x=\"%d\" y=\"%d\"%s>", 4 + 14 * depth(plan, i), TOP + (int)i * ROW + 15,
			       s->tasks[i].summary ? " font-weight=\"bold\"" : "");
		pmo_html_text(out, task->id);
		pmo_buf_puts(out, " ");
		pmo_html_text(out, task->title ? task->title : "");
		pmo_buf_puts(out, "</text>\n");
	}
	pmo_buf_puts(out, "</g>\n");
	for (i = 0; i < plan->n; i++) {
		const pmo_task *task = &plan->tasks[i];
		const pmo_task_schedule *t = &s->tasks[i];
		const pmo_baseline_entry *e = base[i];
		double y = TOP + (double)i * ROW, x, w;
		double pct = o->progress ? o->progress[i] : 0;

		if (t->start == PMO_NODATE || t->finish == PMO_NODATE)
			continue;
		if (e && e->start != PMO_NODATE && e->finish != PMO_NODATE)
			pmo_buf_printf(out, "<rect class=\"base\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"4\"/>\n",
				       xof(&c, e->start), y + ROW - 6, (double)(e->finish - e->start + 1) * c.dw);
		x = xof(&c, t->start);
		w = (double)(t->finish - t->start + 1) * c.dw;
		if (t->milestone) {
			double cx = x + c.dw / 2, cy = y + ROW / 2.0 - 1;

			pmo_buf_printf(out, "<path class=\"milestone%s\"", t->critical ? " critical" : "");
			pmo_buf_puts(out, " id=\"task-");
			pmo_html_text(out, task->id);
			pmo_buf_putc(out, '"');
			attr(out, "data-milestone", task->id);
			pmo_buf_printf(out, " data-start=\"%s\" data-finish=\"%s\" d=\"M%.1f %.1fl7 7l-7 7l-7 -7z\">",
				       pmo_date_format(d1, t->start), pmo_date_format(d2, t->finish), cx, cy - 7);
		} else {
			pmo_buf_printf(out, "<rect class=\"%s%s\"", t->summary ? "summary" : "bar",
				       t->critical && !t->summary ? " critical" : "");
			pmo_buf_puts(out, " id=\"task-");
			pmo_html_text(out, task->id);
			pmo_buf_putc(out, '"');
			attr(out, "data-task", task->id);
			pmo_buf_printf(out, " data-start=\"%s\" data-finish=\"%s\" data-progress=\"%.0f\" x=\"%.1f\" "
				       "y=\"%.1f\" width=\"%.1f\" height=\"%d\">", pmo_date_format(d1, t->start),
				       pmo_date_format(d2, t->finish), pct, x, y + (t->summary ? 7 : 4), w,
				       t->summary ? 6 : 12);
		}
		pmo_buf_puts(out, "<title>");
		pmo_html_text(out, task->id);
		pmo_buf_putc(out, ' ');
		pmo_html_text(out, task->title ? task->title : "");
		pmo_buf_printf(out, ": %s – %s, %.0f%%%s</title>%s\n", d1, d2, pct, t->critical ? ", critical" : "",
			       t->milestone ? "</path>" : "</rect>");
		if (!t->milestone && !t->summary && pct > 0)
			pmo_buf_printf(out, "<rect class=\"done%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"4\"/>\n",
				       t->critical ? " critical" : "", x, y + 8, w * (pct > 100 ? 100 : pct) / 100);
	}
	if (o->today != PMO_NODATE && o->today >= c.lo && o->today <= hi)
		pmo_buf_printf(out, "<line class=\"today\" data-date=\"%s\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\"/>\n",
			       pmo_date_format(d1, o->today), xof(&c, o->today), xof(&c, o->today), TOP - 4,
			       TOP + height);
	pmo_buf_puts(out, "</svg>\n");
	free(base);
	return pmo_buf_oom(out);
}
