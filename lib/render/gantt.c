/*
 * The Gantt chart of a plan in text (pmo schedule --gantt): one row per
 * task, one column per day or week, bars by kind (critical, other,
 * summary, milestone, day off) and a today marker on a terminal. Returns
 * the text in a pmo_buf; cmd/ prints it.
 */
#include "render/gantt.h"
#include "util/utf8.h"

#include <string.h>

static size_t depth_of(const pmo_plan *plan, size_t i)
{
	size_t d = 0;

	while (plan->tasks[i].parent != PMO_PLAN_NONE && d < plan->n) {
		i = plan->tasks[i].parent;
		d++;
	}
	return d;
}

void pmo_gantt_title(pmo_buf *b, const pmo_plan *plan, size_t i, int indent)
{
	if (indent)
		pmo_buf_pad(b, ' ', 2 * depth_of(plan, i));
	pmo_buf_puts(b, plan->tasks[i].title ? plan->tasks[i].title : "");
}

/* width: the terminal's, or 0 for a pipe or file, where titles are not cut
 * (the chart is as wide as on a 100-column terminal) and there is no today
 * marker; on a terminal a │ marks the column of today (the status date). */
int pmo_gantt_render(pmo_buf *b, const pmo_plan *plan, const pmo_schedule *s, const pmo_calendar *cal,
		     const pmo_gantt_options *o)
{
	size_t width = o->width;
	pmo_date today = o->today;
	size_t i, idw = 2, tw = 5, chart, cols, c, cut_at, tcol = (size_t)-1;
	pmo_date first, last, day;
	long scale;
	char d[11];

	if (!plan->n) {
		pmo_buf_puts(b, "(no tasks)\n");
		return pmo_buf_oom(b);
	}
	first = s->start;
	last = s->finish;
	for (i = 0; i < plan->n; i++) {
		size_t w = pmo_utf8_width(plan->tasks[i].id, strlen(plan->tasks[i].id)), tl;
		if (w > idw)
			idw = w;
		tl = plan->tasks[i].title ? pmo_utf8_width(plan->tasks[i].title, strlen(plan->tasks[i].title)) : 0;
		tl += 2 * depth_of(plan, i);
		if (tl > tw)
			tw = tl;
		if (s->tasks[i].start != PMO_NODATE && s->tasks[i].start < first)
			first = s->tasks[i].start;
		if (s->tasks[i].finish != PMO_NODATE && s->tasks[i].finish > last)
			last = s->tasks[i].finish;
	}
	cut_at = width ? 30 : tw;
	first -= pmo_date_weekday(first) - 1;       /* the Monday of the first week */
	last += 7 - pmo_date_weekday(last);         /* the Sunday of the last week */
	{
		size_t w = width ? width : 100, t = tw < 30 ? tw : 30;
		chart = w > idw + t + 4 + 14 ? w - idw - t - 4 : 14;
	}
	if (tw > cut_at)
		tw = cut_at;
	scale = (size_t)(last - first + 1) <= chart ? 1 : 7;
	cols = (size_t)((last - first + 1) / scale);
	if (width && today >= first && today < first + (long)cols * scale)
		tcol = (size_t)((today - first) / scale);
	/* the axis: each week's Monday as MM-DD where it fits */
	pmo_buf_pad(b, ' ', idw + tw + 4);
	{
		size_t at = 0; /* the column after the last label */
		for (c = 0; c < cols; c += (size_t)(scale == 1 ? 7 : 1)) {
			if (at && c < at + 1)
				continue; /* at least one blank between labels */
			pmo_date_format(d, first + (long)c * scale);
			if (c + 5 > cols)
				break;
			pmo_buf_pad(b, ' ', c - at);
			pmo_buf_put(b, d + 5, 5);
			at = c + 5;
		}
	}
	pmo_buf_putc(b, '\n');
	for (i = 0; i < plan->n; i++) {
		const pmo_task *t = &plan->tasks[i];
		const pmo_task_schedule *r = &s->tasks[i];
		pmo_buf title = PMO_BUF_INIT;
		size_t w, cut;

		pmo_buf_puts(b, t->id);
		pmo_buf_pad(b, ' ', idw + 2 - pmo_utf8_width(t->id, strlen(t->id)));
		pmo_gantt_title(&title, plan, i, 1);
		w = pmo_utf8_width(pmo_buf_cstr(&title), title.len);
		if (w > tw) {
			cut = pmo_utf8_prefix(title.ptr, title.len, tw - 1, &w);
			pmo_buf_put(b, title.ptr, cut);
			pmo_buf_puts(b, "…");
			w++;
		} else {
			pmo_buf_put(b, pmo_buf_cstr(&title), title.len);
		}
		pmo_buf_free(&title);
		pmo_buf_pad(b, ' ', tw + 2 - w);
		for (c = 0; c < cols; c++) {
			pmo_date from = first + (long)c * scale, to = from + scale - 1;
			const char *mark = " ";
			if (r->start == PMO_NODATE || r->finish < from || r->start > to) {
				/* outside the bar */
			} else if (r->milestone) {
				mark = (r->finish >= from && r->finish <= to) ? "◆" : " ";
			} else if (r->summary) {
				mark = "━";
			} else {
				int work = 0;
				for (day = from > r->start ? from : r->start; day <= to && day <= r->finish; day++)
					work |= pmo_calendar_is_workday(cal, day);
				mark = !work ? "·" : r->critical ? "█" : "▒";
			}
			if (c == tcol && !strcmp(mark, " "))
				mark = "│";
			pmo_buf_puts(b, mark);
		}
		/* no trailing blanks */
		while (b->len && b->ptr[b->len - 1] == ' ')
			b->len--;
		pmo_buf_putc(b, '\n');
	}
	pmo_buf_puts(b, "\n█ critical  ▒ other  ━ summary  ◆ milestone  · day off");
	if (tcol != (size_t)-1)
		pmo_buf_printf(b, "  │ today %s", pmo_date_format(d, today));
	pmo_buf_printf(b, "; one column is one %s\n", scale == 1 ? "day" : "week");
	return pmo_buf_oom(b);
}
