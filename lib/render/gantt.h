#ifndef PMO_RENDER_GANTT_H
#define PMO_RENDER_GANTT_H
/* The Gantt chart of a scheduled plan as text (pmo schedule --gantt). */
#include "plan/plan.h"
#include "util/buf.h"

typedef struct {
	size_t width;   /* the terminal's; 0: a pipe or file, titles whole, no today marker */
	pmo_date today; /* the column marked │ on a terminal (the status date) */
} pmo_gantt_options;

/* The chart of plan as scheduled in s on cal, appended to out: an axis
 * of Mondays, then one row per task. 0, or PMO_ENOMEM. */
int pmo_gantt_render(pmo_buf *out, const pmo_plan *plan, const pmo_schedule *s, const pmo_calendar *cal,
		     const pmo_gantt_options *o);

/* Task i's title as the chart and the plan's tables show it: indented by
 * two blanks per summary above it when indent is set. */
void pmo_gantt_title(pmo_buf *out, const pmo_plan *plan, size_t i, int indent);

#endif
