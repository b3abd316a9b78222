/*
 * The incident's own code: sla_due (opened + sla_hours, calendar hours:
 * an incident is worked around the clock) and breached (resolved after
 * sla_due, or, while not resolved, now past it). Registered for the kind
 * "incident" in derive.c.
 */
#include "model/internal.h"

#include <math.h>
#include <string.h>

static int derive_incident(pmo_doc *doc, pmo_node *view, const pmo_node *record,
			       const pmo_derive_ctx *ctx)
{
	const pmo_node *opened = pmo_map_get(record, "opened");
	const pmo_node *resolved = pmo_map_get(record, "resolved");
	long long at, due, end;
	int off, roff;
	double hours;
	char buf[40];

	(void)ctx;
	if (!opened || opened->kind != PMO_NODE_SCALAR || opened->tag != PMO_TAG_STR ||
	    pmo_datetime_read(&at, &off, opened->str, opened->len) < 0 ||
	    pmo_node_number(pmo_map_get(record, "sla_hours"), &hours) < 0 ||
	    !isfinite(hours) || hours < 0 || hours > 1e6)
		return 0; /* the schema speaks of it */
	due = at + (long long)llround(hours * 3600);
	if (pmo_model__view_put(doc, view, "sla_due", PMO_TAG_STR,
				pmo_datetime_format(buf, due, off)) < 0)
		return PMO_ENOMEM;
	if (resolved && resolved->kind == PMO_NODE_SCALAR && resolved->tag == PMO_TAG_STR &&
	    pmo_datetime_read(&end, &roff, resolved->str, resolved->len) == 0)
		;
	else
		end = pmo_datetime_now();
	return pmo_model__view_put(doc, view, "breached", PMO_TAG_BOOL,
				   end > due ? "true" : "false");
}

const pmo_kind_hooks pmo_model__incident_hooks = { .kind = "incident", .derive = derive_incident };
