/*
 * The stakeholder's own code: the quadrant of the power/interest grid from
 * interest and influence (1–5; 3 and above is high). Registered for the
 * kind "stakeholder" in derive.c.
 */
#include "model/internal.h"

static int derive_stakeholder(pmo_doc *doc, pmo_node *view, const pmo_node *record,
				  const pmo_derive_ctx *ctx)
{
	int64_t interest, influence;
	const char *q;

	(void)ctx;
	if (pmo_node_int(pmo_map_get(record, "interest"), &interest) < 0 ||
	    pmo_node_int(pmo_map_get(record, "influence"), &influence) < 0)
		return 0;
	if (influence >= 3)
		q = interest >= 3 ? "manage closely" : "keep satisfied";
	else
		q = interest >= 3 ? "keep informed" : "monitor";
	return pmo_model__view_put(doc, view, "quadrant", PMO_TAG_STR, q);
}

const pmo_kind_hooks pmo_model__stakeholder_hooks = { .kind = "stakeholder", .derive = derive_stakeholder };
