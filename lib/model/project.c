/*
 * The project's own code (its hooks, registered in derive.c): validate's
 * date warnings for an active project past its finish or with objectives
 * past due.
 */
#include "model/internal.h"

#include <string.h>

static int dates(pmo_findings *out, const pmo_node *root, pmo_date today,
		 const pmo_settings *settings)
{
	const pmo_node *st = pmo_map_get(root, "status");
	const pmo_node *finish = pmo_map_get(root, "finish");
	const pmo_node *objectives = pmo_map_get(root, "objectives");
	pmo_date d;
	size_t k;
	int error = 0;

	(void)settings;
	if (!st || st->kind != PMO_NODE_SCALAR || st->tag != PMO_TAG_STR || strcmp(st->str, "active"))
		return 0;
	if (pmo_node_date(&d, finish) == 0 && d < today)
		error = pmo_findings_addf(out, PMO_SEVERITY_WARNING, "date", finish,
					  "finish: %s has passed and the project is still active",
					  finish->str);
	for (k = 0; objectives && objectives->kind == PMO_NODE_SEQ && k < objectives->n && error >= 0; k++) {
		const pmo_node *o = objectives->items[k];
		const pmo_node *due = pmo_map_get(o, "due");
		const pmo_node *ach = pmo_map_get(o, "achieved");

		if (ach && ach->tag == PMO_TAG_BOOL && !strcmp(ach->str, "true"))
			continue;
		if (pmo_node_date(&d, due) == 0 && d < today)
			error = pmo_findings_addf(out, PMO_SEVERITY_WARNING, "date", due,
						  "objectives[%zu].due: %s has passed and the "
						  "objective is not marked achieved", k, due->str);
	}
	return error;
}

const pmo_kind_hooks pmo_model__project_hooks = {
	.kind = "project",
	.dates = dates,
};
