/*
 * The person's own code (its hooks, registered in derive.c): a person who
 * has left (active: false) is not named anew, and is warned about where
 * records still name them.
 */
#include "model/internal.h"

#include <string.h>

static int active(const pmo_node *record)
{
	const pmo_node *a = pmo_map_get(record, "active");

	return !(a && a->kind == PMO_NODE_SCALAR && a->tag == PMO_TAG_BOOL && !strcmp(a->str, "false"));
}

const pmo_kind_hooks pmo_model__person_hooks = {
	.kind = "person",
	.active = active,
};
