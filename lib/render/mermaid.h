#ifndef PMO_RENDER_MERMAID_H
#define PMO_RENDER_MERMAID_H
/* A scheduled plan as a Mermaid gantt chart (pmo schedule --format mermaid). */
#include "plan/plan.h"
#include "util/buf.h"

typedef struct {
	const char *name;       /* the chart's title: the project's name; NULL or "": the key */
	const char *key;        /* the project's key; also the section of top-level tasks after a summary */
	const double *progress; /* per task, percent complete (pmo_plan_progress) */
} pmo_mermaid_options;

/* The chart of plan as scheduled in s, days off from cal, appended to out
 * in a ```mermaid fence. 0, or PMO_ENOMEM. */
int pmo_mermaid_render(pmo_buf *out, const pmo_plan *plan, const pmo_schedule *s, const pmo_calendar *cal,
		       const pmo_mermaid_options *o);

#endif
