#ifndef PMO_PLAN_INTERNAL_H
#define PMO_PLAN_INTERNAL_H
/* Shared between the files of lib/plan; not part of the public API. */
#include "plan/plan.h"

/* Append a finding (message formatted); findings may be NULL (ignored). */
int pmo_plan_finding_add(pmo_plan_findings *f, pmo_finding_severity sev, const char *rule,
			 const pmo_node *node, size_t task, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

#endif
