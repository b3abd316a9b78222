/*
 * The project's own code (its hooks, registered in derive.c): validate's
 * date warnings for an active project with objectives past due (a
 * finish passed is the due rule's: x-pmo due), and its closing rule: a project closes after its closing
 * review, when every objective of its charter has been judged (achieved:
 * yes, partly or no).
 */
#include "model/internal.h"
#include "util/buf.h"
#include "util/error.h"

#include <string.h>

static int dates(pmo_findings *out, const pmo_node *root, pmo_date today,
		 const pmo_settings *settings)
{
	const pmo_node *st = pmo_map_get(root, "status");
	const pmo_node *objectives = pmo_map_get(root, "objectives");
	pmo_date d;
	size_t k;
	int error = 0;

	(void)settings;
	if (!st || st->kind != PMO_NODE_SCALAR || st->tag != PMO_TAG_STR || strcmp(st->str, "active"))
		return 0;
	for (k = 0; objectives && objectives->kind == PMO_NODE_SEQ && k < objectives->n && error >= 0; k++) {
		const pmo_node *o = objectives->items[k];
		const pmo_node *due = pmo_map_get(o, "due");
		const pmo_node *ach = pmo_map_get(o, "achieved");

		/* achieved: yes, partly or no: the closing review has judged it */
		if (ach && ach->kind == PMO_NODE_SCALAR && ach->tag != PMO_TAG_NULL)
			continue;
		if (pmo_node_date(&d, due) == 0 && d < today)
			error = pmo_findings_addf(out, PMO_SEVERITY_WARNING, "date", due,
						  "objectives[%zu].due: %s has passed and the "
						  "objective is not marked achieved", k, due->str);
	}
	return error;
}

static int closing(const pmo_node *record)
{
	const pmo_node *objectives = pmo_map_get(record, "objectives");
	const char *key = pmo_node_text(pmo_map_get(record, "key"));
	pmo_buf b = PMO_BUF_INIT, set = PMO_BUF_INIT;
	size_t k, open = 0;
	int error = 0;

	for (k = 0; objectives && objectives->kind == PMO_NODE_SEQ && k < objectives->n; k++) {
		const pmo_node *o = objectives->items[k], *ach = pmo_map_get(o, "achieved");
		const char *statement = pmo_node_text(pmo_map_get(o, "statement"));

		if (ach && ach->kind == PMO_NODE_SCALAR && ach->tag != PMO_TAG_NULL)
			continue;
		pmo_buf_printf(&b, "%s%zu%s%s%s", open ? ", " : "", k + 1, statement ? " (" : "",
			       statement ? statement : "", statement ? ")" : "");
		if (!open)
			pmo_buf_printf(&set, "pmo project set %s objectives.%zu.achieved=yes|partly|no",
				       key ? key : "KEY", k + 1);
		open++;
	}
	if (open)
		error = pmo_buf_oom(&b) < 0 || pmo_buf_oom(&set) < 0
			? OOM()
			: pmo_error_set(PMO_EINVALID, "the closing review is not done: objective%s %s "
					"%s no achieved (yes, partly or no); judge %s first: %s",
					open == 1 ? "" : "s", b.ptr, open == 1 ? "has" : "have",
					open == 1 ? "it" : "each", set.ptr);
	pmo_buf_free(&b);
	pmo_buf_free(&set);
	return error;
}

const pmo_kind_hooks pmo_model__project_hooks = {
	.kind = "project",
	.dates = dates,
	.closing = closing,
};
