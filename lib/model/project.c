/*
 * What only the project kind needs: a project closes after its closing
 * review, when every objective of its charter has been judged (achieved:
 * yes, partly or no).
 */
#include "model/internal.h"
#include "util/buf.h"
#include "util/error.h"

int pmo_model__closing_project(const pmo_node *record)
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
