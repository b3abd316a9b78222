/*
 * Field changes between two versions of a record, and a value as one line
 * of text, for tables, logs and the lines "field: old → new".
 */
#include "render/diff.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

#define OOM() pmo_error_set(PMO_ENOMEM, "out of memory")

void pmo_changes_free(pmo_changes *c)
{
	if (!c)
		return;
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

