#ifndef PMO_RENDER_SVG_GANTT_H
#define PMO_RENDER_SVG_GANTT_H
/* The Gantt chart of a scheduled plan as an inline SVG (pmo report
 * --html): one row per task in plan order, the calendar's days off
 * shaded (holidays named), summaries, milestones, bars filled as far as
 * their progress, the critical path in red, dependencies as arrows, the
 * baseline's dates as ghost bars and a line at today. Each task's
 * element has id "task-ID" and data-task (a bar or summary) or
 * data-milestone, with data-start and data-finish. */
#include "plan/plan.h"
#include "util/buf.h"

typedef struct {
	const pmo_baseline *bl;   /* ghost bars, or NULL */
	const double *progress;   /* per task, percent, or NULL */
	pmo_date today;           /* the line, or PMO_NODATE */
} pmo_svg_gantt_options;

/* Appended to out. 0, or PMO_ENOMEM. */
int pmo_svg_gantt(pmo_buf *out, const pmo_plan *plan, const pmo_schedule *s, const pmo_calendar *cal,
		  const pmo_svg_gantt_options *o);

#endif
