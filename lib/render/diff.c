/*
 * Field changes between two versions of a record, and a value as one line
 * of text, for tables, logs and the lines "field: old → new".
 */
#include "render/diff.h"
#include "util/buf.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

#define OOM() pmo_error_set(PMO_ENOMEM, "out of memory")

void pmo_changes_free(pmo_changes *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; c->owned && i < c->n; i++)
		free((char *)c->items[i].field);
	free(c->items);
	c->items = NULL;
	c->n = 0;
}

static int change_add(pmo_changes *c, const char *field, const pmo_node *o, const pmo_node *n)
{
	pmo_change *items = realloc(c->items, (c->n + 1) * sizeof(*items));

	if (!items)
		return OOM();
	c->items = items;
	c->items[c->n].field = field;
	c->items[c->n].old = o;
	c->items[c->n].new = n;
	c->n++;
	return 0;
}

int pmo_record_diff(pmo_changes *out, const pmo_kind *kind, const pmo_node *old,
		    const pmo_node *new)
{
	size_t i;
	int error = 0;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < kind->props->n && error >= 0; i++) {
		const char *f = kind->props->pairs[i].key->str;
		const pmo_node *o = pmo_map_get(old, f), *n = pmo_map_get(new, f);

		if ((o || n) && !(o && n && pmo_node_equal(o, n)))
			error = change_add(out, f, o, n);
	}
	for (i = 0; old && old->kind == PMO_NODE_MAP && i < old->n && error >= 0; i++) {
		const char *f = old->pairs[i].key->str;
		const pmo_node *n = pmo_map_get(new, f);
		if (!pmo_kind_prop(kind, f) && !(n && pmo_node_equal(old->pairs[i].value, n)))
			error = change_add(out, f, old->pairs[i].value, n);
	}
	for (i = 0; new && new->kind == PMO_NODE_MAP && i < new->n && error >= 0; i++) {
		const char *f = new->pairs[i].key->str;
		if (!pmo_kind_prop(kind, f) && !pmo_map_get(old, f))
			error = change_add(out, f, NULL, new->pairs[i].value);
	}
	if (error < 0)
		pmo_changes_free(out);
	return error;
}


/* --- by path ------------------------------------------------------------- */

static int has_map(const pmo_node *seq)
{
	uint32_t i;

	for (i = 0; i < seq->n; i++)
		if (seq->items[i]->kind == PMO_NODE_MAP)
			return 1;
	return 0;
}

/* One change at path (copied). */
static int path_add(pmo_changes *c, const pmo_buf *path, const pmo_node *o, const pmo_node *n)
{
	char *f = strdup(pmo_buf_cstr((pmo_buf *)path));
	int error;

	if (!f)
		return OOM();
	if ((error = change_add(c, f, o, n)) < 0)
		free(f);
	return error;
}

/* The changes under path between o and n, which differ. */
static int descend(pmo_changes *c, pmo_buf *path, const pmo_node *o, const pmo_node *n, unsigned depth)
{
	size_t len = path->len, i, count;
	int error = 0;

	if (o && n && o->kind == PMO_NODE_MAP && n->kind == PMO_NODE_MAP && depth < PMO_YAML_MAX_DEPTH) {
		for (i = 0; i < o->n && error >= 0; i++) {
			const pmo_node *nv = pmo_map_get(n, o->pairs[i].key->str);
			if (nv && pmo_node_equal(o->pairs[i].value, nv))
				continue;
			pmo_buf_printf(path, "%s%s", len ? "." : "", o->pairs[i].key->str);
			error = descend(c, path, o->pairs[i].value, nv, depth + 1);
			pmo_buf_truncate(path, len);
		}
		for (i = 0; i < n->n && error >= 0; i++) {
			if (pmo_map_get(o, n->pairs[i].key->str))
				continue;
			pmo_buf_printf(path, "%s%s", len ? "." : "", n->pairs[i].key->str);
			error = path_add(c, path, NULL, n->pairs[i].value);
			pmo_buf_truncate(path, len);
		}
		return error;
	}
	if (o && n && o->kind == PMO_NODE_SEQ && n->kind == PMO_NODE_SEQ && (has_map(o) || has_map(n)) &&
	    depth < PMO_YAML_MAX_DEPTH) {
		count = o->n > n->n ? o->n : n->n;
		for (i = 0; i < count && error >= 0; i++) {
			const pmo_node *ov = i < o->n ? o->items[i] : NULL, *nv = i < n->n ? n->items[i] : NULL;
			if (ov && nv && pmo_node_equal(ov, nv))
				continue;
			pmo_buf_printf(path, "%s%zu", len ? "." : "", i + 1);
			error = descend(c, path, ov, nv, depth + 1);
			pmo_buf_truncate(path, len);
		}
		return error;
	}
	if ((error = pmo_buf_oom(path)) < 0)
		return error;
	return path_add(c, path, o, n);
}

int pmo_value_diff(pmo_changes *out, const pmo_kind *kind, const pmo_node *old,
		   const pmo_node *new)
{
	pmo_changes top = { 0 };
	pmo_buf path = PMO_BUF_INIT;
	size_t i;
	int error = 0;

	memset(out, 0, sizeof(*out));
	out->owned = 1;
	if (!kind) {
		if (!(old && new && pmo_node_equal(old, new)))
			error = descend(out, &path, old, new, 0);
		goto done;
	}
	if ((error = pmo_record_diff(&top, kind, old, new)) < 0)
		goto done;
	for (i = 0; i < top.n && error >= 0; i++) {
		pmo_buf_clear(&path);
		pmo_buf_puts(&path, top.items[i].field);
		error = descend(out, &path, top.items[i].old, top.items[i].new, 1);
	}
done:
	pmo_changes_free(&top);
	pmo_buf_free(&path);
	if (error < 0)
		pmo_changes_free(out);
	return error;
}
