/*
 * The plan as a Mermaid gantt chart (pmo schedule --format mermaid), in a
 * Markdown code fence: sections for top-level summaries, done/active/crit
 * tags, the calendar's days off as `excludes`. Returns the text in a
 * pmo_buf; cmd/ prints it.
 */
#include "render/mermaid.h"

#include <math.h>
#include <string.h>

/* Mermaid reads ':' '#' and ';' in a task's text as syntax, and a line
 * that starts with "%%" as a comment: a leading '%' is written as the
 * full-width ％. Line breaks and other control characters become blanks. */
static void mermaid_text(pmo_buf *b, const char *s)
{
	const char *p = s;

	while (p && (*p == ' ' || *p == '\t'))
		p++;
	if (p && *p == '%') {
		pmo_buf_put(b, s, (size_t)(p - s));
		pmo_buf_puts(b, "％");
		s = p + 1;
	}
	for (; s && *s; s++)
		pmo_buf_putc(b, *s == ':' || *s == '#' || *s == ';' || (unsigned char)*s < 0x20 ? ' ' : *s);
}

/* A task's text: its title, or its id when it has none. */
static const char *mermaid_name(const pmo_task *t)
{
	return t->title && *t->title ? t->title : t->id;
}

/* The days off of the calendar over the chart's dates, as mermaid's
 * `excludes` (one line; mermaid splits it at blanks and commas). Mermaid
 * has no way to make a weekend day working once `weekends` (or a weekday
 * name) is excluded, so when an extra workday falls in the chart every day
 * off is listed by date instead; otherwise the weekdays off by name and
 * the holidays by date. */
static void mermaid_excludes(pmo_buf *b, const pmo_calendar *cal, const pmo_schedule *s)
{
	static const char *const names[] = { "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
					     "sunday" };
	unsigned mask = pmo_calendar_weekdays(cal);
	pmo_date first = s->start, last = s->finish, d;
	const pmo_calendar_range *w;
	size_t n, i, any = 0;
	int by_date = 0;

	if (first == PMO_NODATE || last == PMO_NODATE || last < first)
		return;
	w = pmo_calendar_workdays(cal, &n);
	for (i = 0; i < n; i++)
		if (w[i].from >= first && w[i].from <= last && !((mask >> (pmo_date_weekday(w[i].from) - 1)) & 1u))
			by_date = 1;
	if (!by_date) {
		if (mask == 0x1f) {
			pmo_buf_puts(b, "    excludes weekends");
			any = 1;
		} else {
			for (i = 0; i < 7; i++)
				if (!((mask >> i) & 1u))
					pmo_buf_printf(b, "%s%s", any++ ? ", " : "    excludes ", names[i]);
		}
	}
	for (d = first; d <= last; d++) {
		char buf[11];
		if (pmo_calendar_is_workday(cal, d))
			continue;
		if (!by_date && !((mask >> (pmo_date_weekday(d) - 1)) & 1u))
			continue; /* a weekday off, named above */
		pmo_buf_printf(b, "%s%s", any++ ? ", " : "    excludes ", pmo_date_format(buf, d));
	}
	if (any)
		pmo_buf_putc(b, '\n');
}

int pmo_mermaid_render(pmo_buf *b, const pmo_plan *plan, const pmo_schedule *s, const pmo_calendar *cal,
		       const pmo_mermaid_options *o)
{
	size_t i;
	int in_summary = 0; /* the last section is a summary's */
	char d1[11], d2[11];

	const char *name = o->name;

	pmo_buf_puts(b, "```mermaid\ngantt\n    title ");
	mermaid_text(b, name && *name ? name : o->key);
	pmo_buf_puts(b, "\n    dateFormat YYYY-MM-DD\n");
	mermaid_excludes(b, cal, s);
	for (i = 0; i < plan->n; i++) {
		const pmo_task *t = &plan->tasks[i];
		const pmo_task_schedule *r = &s->tasks[i];
		if (r->summary) {
			if (t->parent == PMO_PLAN_NONE) {
				pmo_buf_puts(b, "    section ");
				mermaid_text(b, mermaid_name(t));
				pmo_buf_putc(b, '\n');
				in_summary = 1;
			}
			continue;
		}
		if (t->parent == PMO_PLAN_NONE && in_summary) {
			/* a top-level task after a summary's children: a
			 * section of its own, named after the project */
			pmo_buf_puts(b, "    section ");
			mermaid_text(b, o->key);
			pmo_buf_putc(b, '\n');
			in_summary = 0;
		}
		pmo_buf_puts(b, "    ");
		mermaid_text(b, mermaid_name(t));
		pmo_buf_puts(b, " :");
		if (r->done)
			pmo_buf_puts(b, "done, ");
		else if (floor(o->progress[i] + 0.5) > 0) /* progress as shown, rounded */
			pmo_buf_puts(b, "active, ");
		if (r->critical)
			pmo_buf_puts(b, "crit, ");
		if (r->milestone)
			pmo_buf_printf(b, "milestone, %s, %s, 0d\n", t->id, pmo_date_format(d1, r->finish));
		else /* mermaid's end date is exclusive */
			pmo_buf_printf(b, "%s, %s, %s\n", t->id, pmo_date_format(d1, r->start),
				       pmo_date_format(d2, r->finish + 1));
	}
	pmo_buf_puts(b, "```\n");
	return pmo_buf_oom(b);
}
