/*
 * The requirement's own code: covered_by, the tasks and milestones of the
 * project's plan.yaml whose `requirements` list the requirement. Registered
 * for the kind "requirement" in derive.c.
 */
#include "model/internal.h"

#include <string.h>

static int lists(const pmo_node *reqs, const char *id)
{
	size_t i;

	for (i = 0; reqs && reqs->kind == PMO_NODE_SEQ && i < reqs->n; i++) {
		const char *r = pmo_node_text(reqs->items[i]);
		if (r && !strcmp(r, id))
			return 1;
	}
	return 0;
}

static int derive_requirement(pmo_doc *doc, pmo_node *view, const pmo_node *record,
				  const pmo_derive_ctx *ctx)
{
	const char *id = pmo_node_text(pmo_map_get(record, "id"));
	pmo_buf path = PMO_BUF_INIT, buf = PMO_BUF_INIT;
	const pmo_node *tasks;
	pmo_doc *plan = NULL;
	pmo_node *list, *k;
	size_t i;
	int error = 0;

	if (!id || !ctx->src || !ctx->project)
		return 0;
	pmo_buf_printf(&path, "projects/%s/plan.yaml", ctx->project);
	if (pmo_buf_oom(&path) < 0)
		return PMO_ENOMEM;
	if (!(list = pmo_node_seq(doc)) || !(k = pmo_node_str(doc, "covered_by"))) {
		error = PMO_ENOMEM;
		goto done;
	}
	/* no plan, or one that cannot be read (validate says why): no task covers it */
	if (pmo_source_read(&buf, ctx->src, path.ptr, PMO_PLAN_MAX_BYTES) == 0 &&
	    pmo_yaml_load(&plan, path.ptr, buf.ptr, buf.len, NULL) == 0) {
		tasks = pmo_map_get(pmo_doc_root(plan), "tasks");
		for (i = 0; tasks && tasks->kind == PMO_NODE_SEQ && i < tasks->n; i++) {
			const char *t = pmo_node_text(pmo_map_get(tasks->items[i], "id"));
			pmo_node *v;

			if (!t || !lists(pmo_map_get(tasks->items[i], "requirements"), id))
				continue;
			if (!(v = pmo_node_str(doc, t)) || pmo_seq_append(doc, list, v) < 0) {
				error = PMO_ENOMEM;
				goto done;
			}
		}
	}
	pmo_error_clear();
	if (pmo_map_append(doc, view, k, list) < 0)
		error = PMO_ENOMEM;
done:
	pmo_doc_free(plan);
	pmo_buf_free(&buf);
	pmo_buf_free(&path);
	return error;
}

const pmo_kind_hooks pmo_model__requirement_hooks = {
	.kind = "requirement", .derive = derive_requirement, .derive_reads_files = 1,
};
