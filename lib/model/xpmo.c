/*
 * A kind's x-pmo checked when the kind is loaded: first its shape against
 * the meta-schema schemas/x-pmo.json (an unknown key, a misspelt one, a
 * value of the wrong type), then what a schema cannot say: every field it
 * names — columns, refs, due dates, defaults, order, the workflow's field —
 * is a property of the kind (or a derived field), and the workflow names
 * only statuses its field allows. A mistake is an error naming the schema
 * file with the line and column of the word, so that a bank that writes
 * its own kind (schemas/<kind>.json) learns at once what is wrong, not
 * later from a list with an empty column.
 */
#include "model/internal.h"

#include <string.h>

static const char *display(const pmo_kind *k, const char *file, pmo_buf *b)
{
	if (file)
		return file;
	pmo_buf_printf(b, "schemas/%s.json", k->name);
	return pmo_buf_cstr(b);
}

static int is_field(const pmo_kind *k, const char *f)
{
	return pmo_map_get(k->props, f) || pmo_map_get(k->derived, f) ||
	       (k->project_scoped && !strcmp(f, "project"));
}

/* node names a field (a string) that the kind lacks: an error */
static int field_at(const pmo_kind *k, const char *file, const pmo_node *node,
		    const char *where)
{
	pmo_buf b = PMO_BUF_INIT;
	const char *f = pmo_node_text(node);
	int error = 0;

	if (f && !is_field(k, f))
		error = pmo_error_set_at(PMO_EINVALID, display(k, file, &b), node->line, node->col,
			"x-pmo %s names \"%s\", which is not a field of %s", where, f, k->name);
	pmo_buf_free(&b);
	return error;
}

/* the node when it is a name (a string), NULL for a number */
static const pmo_node *name_of(const pmo_node *n)
{
	return n && n->kind == PMO_NODE_SCALAR && n->tag == PMO_TAG_STR ? n : NULL;
}

static int status_at(const pmo_kind *k, const char *file, const pmo_node *node,
		     const pmo_node *allowed, const char *where)
{
	pmo_buf b = PMO_BUF_INIT;
	const char *s = pmo_node_text(node);
	size_t i;
	int error = 0;

	if (!s || !allowed || allowed->kind != PMO_NODE_SEQ)
		return 0;
	for (i = 0; i < allowed->n; i++)
		if (pmo_node_text(allowed->items[i]) && !strcmp(pmo_node_text(allowed->items[i]), s))
			return 0;
	error = pmo_error_set_at(PMO_EINVALID, display(k, file, &b), node->line, node->col,
		"x-pmo workflow %s names \"%s\", which is not a status of %s.%s", where, s,
		k->name, k->status_field);
	pmo_buf_free(&b);
	return error;
}

static int check_workflow(const pmo_kind *k, const char *file, const pmo_node *x)
{
	const pmo_node *wf = pmo_map_get(x, "workflow"), *allowed, *ended, *t = k->workflow;
	size_t i, j;
	int error;

	if (!wf)
		return 0;
	if ((error = field_at(k, file, pmo_map_get(wf, "field"), "workflow field")) < 0)
		return error;
	allowed = pmo_map_get(pmo_map_get(k->props, k->status_field), "enum");
	if ((error = status_at(k, file, pmo_map_get(wf, "initial"), allowed, "initial")) < 0 ||
	    (error = status_at(k, file, pmo_map_get(wf, "close"), allowed, "close")) < 0)
		return error;
	ended = pmo_map_get(wf, "ended");
	for (i = 0; ended && ended->kind == PMO_NODE_SEQ && i < ended->n; i++)
		if ((error = status_at(k, file, ended->items[i], allowed, "ended")) < 0)
			return error;
	for (i = 0; t && t->kind == PMO_NODE_MAP && i < t->n; i++) {
		const pmo_node *to = t->pairs[i].value;

		if ((error = status_at(k, file, t->pairs[i].key, allowed, "transitions")) < 0)
			return error;
		for (j = 0; to && to->kind == PMO_NODE_SEQ && j < to->n; j++)
			if ((error = status_at(k, file, to->items[j], allowed, "transitions")) < 0)
				return error;
	}
	return 0;
}

static int check_fields(const pmo_kind *k, const char *file, const pmo_node *x)
{
	const pmo_node *n;
	size_t i, j;
	int error = 0;

	if ((error = field_at(k, file, pmo_map_get(x, "id"), "id")) < 0 ||
	    (error = field_at(k, file, pmo_map_get(x, "title"), "title")) < 0 ||
	    (error = field_at(k, file, pmo_map_get(x, "reason"), "reason")) < 0)
		return error;
	n = pmo_map_get(x, "columns");
	for (i = 0; n && n->kind == PMO_NODE_SEQ && i < n->n; i++)
		if ((error = field_at(k, file, n->items[i], "columns")) < 0)
			return error;
	n = pmo_map_get(x, "refs");
	for (i = 0; n && n->kind == PMO_NODE_MAP && i < n->n; i++)
		if ((error = field_at(k, file, n->pairs[i].key, "refs")) < 0)
			return error;
	n = pmo_map_get(x, "defaults");
	for (i = 0; n && n->kind == PMO_NODE_MAP && i < n->n; i++)
		if ((error = field_at(k, file, n->pairs[i].key, "defaults")) < 0)
			return error;
	n = pmo_map_get(x, "order");
	for (i = 0; n && n->kind == PMO_NODE_SEQ && i < n->n; i++)
		for (j = 0; n->items[i]->kind == PMO_NODE_SEQ && j < n->items[i]->n; j++)
			if ((error = field_at(k, file, n->items[i]->items[j], "order")) < 0)
				return error;
	n = k->due;
	for (i = 0; n && n->kind == PMO_NODE_SEQ && i < n->n; i++) {
		const pmo_node *d = n->items[i];

		if ((error = field_at(k, file, pmo_map_get(d, "date"), "due date")) < 0 ||
		    (error = field_at(k, file, pmo_map_get(d, "owner"), "due owner")) < 0 ||
		    (error = field_at(k, file, pmo_map_get(d, "unless"), "due unless")) < 0)
			return error;
		/* days and hours: a field when a name, a number otherwise */
		if ((error = field_at(k, file, name_of(pmo_map_get(d, "days")), "due days")) < 0 ||
		    (error = field_at(k, file, name_of(pmo_map_get(d, "hours")), "due hours")) < 0)
			return error;
		if (k->status_field) {
			const pmo_node *w = pmo_map_get(d, "while");
			const pmo_node *allowed = pmo_map_get(pmo_map_get(k->props, k->status_field), "enum");

			for (j = 0; w && w->kind == PMO_NODE_SEQ && j < w->n; j++)
				if ((error = status_at(k, file, w->items[j], allowed, "due while")) < 0)
					return error;
		}
	}
	if ((n = k->matrix)) {
		const pmo_node *w = pmo_map_get(n, "while");
		const pmo_node *allowed = k->status_field ?
			pmo_map_get(pmo_map_get(k->props, k->status_field), "enum") : NULL;

		if ((error = field_at(k, file, pmo_map_get(n, "rows"), "matrix rows")) < 0 ||
		    (error = field_at(k, file, pmo_map_get(n, "columns"), "matrix columns")) < 0)
			return error;
		for (j = 0; k->status_field && w && w->kind == PMO_NODE_SEQ && j < w->n; j++)
			if ((error = status_at(k, file, w->items[j], allowed, "matrix while")) < 0)
				return error;
	}
	return 0;
}

int pmo_model__check_xpmo(const pmo_kind *k, const char *file, const pmo_schema *meta)
{
	const pmo_node *x = pmo_map_get(pmo_schema_root(k->schema), "x-pmo");
	pmo_findings res = { 0 };
	pmo_buf b = PMO_BUF_INIT;
	int error;

	if (meta) {
		if ((error = pmo_schema_validate(&res, meta, x)) < 0)
			goto done;
		if (res.n) {
			const pmo_finding *f = &res.items[0];

			error = pmo_error_set_at(PMO_EINVALID, display(k, file, &b),
				f->node ? f->node->line : x->line, f->node ? f->node->col : x->col,
				"x-pmo%s%s: %s", *f->location ? "." : "", f->location, f->message);
			goto done;
		}
	}
	if ((error = check_fields(k, file, x)) < 0)
		goto done;
	error = check_workflow(k, file, x);
done:
	pmo_findings_free(&res);
	pmo_buf_free(&b);
	return error;
}
