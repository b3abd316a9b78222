/*
 * Lists and nested values from the command line: resolving field+=,
 * field-= and field.N.sub= against a record into the field's whole new
 * value (what the schema checks), and applying assignments to a record's
 * file by minimal edits (an item appended after the list's last line, an
 * item's lines removed, one key of a list's object set), so that comments
 * and order elsewhere stay byte for byte.
 */
#include "model/internal.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

static int is_null(const pmo_node *n)
{
	return !n || (n->kind == PMO_NODE_SCALAR && n->tag == PMO_TAG_NULL);
}

/* Whether item is what -= names: equal, or for an object, equal in every
 * field given (assignees-=wang-li removes {person: wang-li, allocation: 50}). */
static int item_matches(const pmo_node *item, const pmo_node *want)
{
	size_t i;

	if (want->kind != PMO_NODE_MAP || item->kind != PMO_NODE_MAP)
		return pmo_node_equal(item, want);
	for (i = 0; i < want->n; i++) {
		const pmo_node *v = pmo_map_get(item, want->pairs[i].key->str);
		if (!v || !pmo_node_equal(v, want->pairs[i].value))
			return 0;
	}
	return want->n > 0;
}

/* The text of an item in messages: a scalar as it is, an object by its
 * first field. */
static const char *item_text(const pmo_node *n)
{
	if (n && n->kind == PMO_NODE_MAP && n->n)
		return item_text(n->pairs[0].value);
	return pmo_node_text(n) ? n->str : "…";
}

static int not_in_list(const pmo_assign *a, const pmo_node *want, const pmo_node *list)
{
	pmo_buf b = PMO_BUF_INIT;
	size_t i;
	int error;

	for (i = 0; list && list->kind == PMO_NODE_SEQ && i < list->n; i++)
		pmo_buf_printf(&b, "%s%s", i ? ", " : "", item_text(list->items[i]));
	error = pmo_error_set(PMO_EUSAGE, "%s-=%s: \"%s\" is not in %s (%s)", a->field, a->value,
			      item_text(want), a->field, b.len ? pmo_buf_cstr(&b) : "it is empty");
	pmo_buf_free(&b);
	return error;
}

static int resolve_append(pmo_assign *a, pmo_doc *doc, const pmo_node *base)
{
	pmo_node *seq = pmo_node_seq(doc);
	size_t i;

	for (i = 0; seq && base && i < base->n; i++)
		if (pmo_seq_append(doc, seq, pmo_node_copy(doc, base->items[i])) < 0)
			seq = NULL;
	for (i = 0; seq && i < a->given->n; i++)
		if (pmo_seq_append(doc, seq, pmo_node_copy(doc, a->given->items[i])) < 0)
			seq = NULL;
	a->node = seq;
	return seq ? 0 : OOM();
}

static int resolve_remove(pmo_assign *a, pmo_doc *doc, const pmo_node *base)
{
	char *gone = base && base->n ? calloc(base->n, 1) : NULL;
	pmo_node *seq = NULL;
	size_t i, k, left = 0;
	int error = 0;

	if (base && base->n && !gone)
		return OOM();
	for (i = 0; i < a->given->n; i++) {
		for (k = 0; base && k < base->n; k++)
			if (!gone[k] && item_matches(base->items[k], a->given->items[i]))
				break;
		if (!base || k == base->n) {
			error = not_in_list(a, a->given->items[i], base);
			goto done;
		}
		gone[k] = 1;
	}
	for (k = 0; k < base->n; k++)
		left += !gone[k];
	a->node = NULL; /* the last item gone: the field goes */
	if (left) {
		if (!(seq = pmo_node_seq(doc))) {
			error = OOM();
			goto done;
		}
		for (k = 0; k < base->n; k++)
			if (!gone[k] && pmo_seq_append(doc, seq, pmo_node_copy(doc, base->items[k])) < 0) {
				error = OOM();
				goto done;
			}
		a->node = seq;
	}
done:
	free(gone);
	return error;
}

/* field.N.sub: a copy of the list with sub of item N set (or removed). */
static int resolve_item(pmo_assign *a, pmo_doc *doc, const pmo_node *base)
{
	size_t count = base ? base->n : 0, i, k;
	pmo_node *seq, *item;

	if (a->index > count)
		return pmo_error_set(PMO_EUSAGE, "%s.%zu.%s: %s has %zu item%s%s", a->field, a->index,
				     a->sub, a->field, count, count == 1 ? "" : "s",
				     count ? " (numbered from 1, as show lists them)" : "");
	if (base->items[a->index - 1]->kind != PMO_NODE_MAP)
		return pmo_error_set(PMO_EUSAGE, "%s.%zu.%s: item %zu of %s is not an object", a->field,
				     a->index, a->sub, a->index, a->field);
	if (!(seq = pmo_node_seq(doc)))
		return OOM();
	for (k = 0; k < count; k++) {
		const pmo_node *old = base->items[k];
		int put = 0;

		if (k + 1 != a->index) {
			if (pmo_seq_append(doc, seq, pmo_node_copy(doc, old)) < 0)
				return OOM();
			continue;
		}
		if (!(item = pmo_node_map(doc)))
			return OOM();
		for (i = 0; i < old->n; i++) {
			const pmo_node *v = old->pairs[i].value;
			if (!strcmp(old->pairs[i].key->str, a->sub)) {
				put = 1;
				if (!a->given)
					continue;
				v = a->given;
			}
			if (pmo_map_append(doc, item, pmo_node_copy(doc, old->pairs[i].key), pmo_node_copy(doc, v)) < 0)
				return OOM();
		}
		if (!put && a->given && pmo_map_append(doc, item, pmo_node_str(doc, a->sub),
						       pmo_node_copy(doc, a->given)) < 0)
			return OOM();
		if (pmo_seq_append(doc, seq, item) < 0)
			return OOM();
	}
	a->node = seq;
	return 0;
}

/* all: also -= and field.N.sub, which need the record (parse leaves them
 * for set, and for add, to resolve against the record or none) */
int pmo_model__assigns_resolve(pmo_assigns *as, const pmo_node *record, int all)
{
	size_t i, j;
	int error = 0;

	for (i = 0; i < as->n && !error; i++) {
		pmo_assign *a = &as->items[i];
		const pmo_assign *prev = NULL;
		const pmo_node *base;
		int plain = a->op == PMO_ASSIGN_SET && !a->index;

		for (j = 0; j < i; j++)
			if (!strcmp(as->items[j].field, a->field))
				prev = &as->items[j];
		if (prev && plain)
			return pmo_error_set(PMO_EUSAGE, "field \"%s\" given twice", a->field);
		if (plain || (!all && (a->index || a->op == PMO_ASSIGN_REMOVE)))
			continue;
		base = prev ? prev->node : pmo_map_get(record, a->field);
		if (is_null(base))
			base = NULL;
		if (base && base->kind != PMO_NODE_SEQ)
			return pmo_error_set(PMO_EUSAGE, "%s: %s works on a list, and %s holds one value",
					     a->field, a->index ? "FIELD.N.SUB" : a->op == PMO_ASSIGN_APPEND
					     ? "+=" : "-=", a->field);
		if (a->index)
			error = resolve_item(a, as->doc, base);
		else if (a->op == PMO_ASSIGN_APPEND)
			error = resolve_append(a, as->doc, base);
		else
			error = resolve_remove(a, as->doc, base);
	}
	return error;
}

int pmo_assigns_resolve(pmo_assigns *as, const pmo_kind *kind, const pmo_node *record)
{
	(void)kind;
	return pmo_model__assigns_resolve(as, record, 1);
}

/* --- minimal edits --------------------------------------------------------- */

/* Load the edited text as the new current document. */
static int reload(pmo_doc **cur, const pmo_buf *text, const char *path)
{
	pmo_doc *again = NULL;
	int error;

	if ((error = pmo_yaml_load(&again, path, text->ptr, text->len, NULL)) < 0)
		return error;
	pmo_doc_free(*cur);
	*cur = again;
	return 0;
}

/* Appended items after the block list's last one, removed items' lines
 * taken out: 1 when done so, 0 when the list is not one to edit in place. */
static int edit_items(pmo_doc **cur, pmo_buf *text, const pmo_assign *a, const char *path)
{
	const pmo_node *seq = pmo_map_get(pmo_doc_root(*cur), a->field);
	size_t i, k;
	int error;

	if (!seq || seq->kind != PMO_NODE_SEQ || seq->style != PMO_STYLE_BLOCK || !seq->n || !a->node)
		return 0;
	for (i = 0; i < a->given->n; i++) {
		seq = pmo_map_get(pmo_doc_root(*cur), a->field);
		pmo_buf_clear(text);
		if (a->op == PMO_ASSIGN_APPEND) {
			error = pmo_yaml_edit_seq_append(text, *cur, seq, a->given->items[i]);
		} else {
			for (k = 0; k < seq->n && !item_matches(seq->items[k], a->given->items[i]); k++)
				;
			if (k == seq->n)
				return 0;
			error = pmo_yaml_edit_seq_remove(text, *cur, seq, k);
		}
		if (error < 0 || (error = reload(cur, text, path)) < 0)
			return error;
	}
	return 1;
}

/* field.N.sub: the one key of the Nth object. */
static int edit_item_key(pmo_doc **cur, pmo_buf *text, const pmo_kind *kind, const pmo_assign *a,
			 const char *path)
{
	const pmo_node *seq = pmo_map_get(pmo_doc_root(*cur), a->field);
	const pmo_node *order = pmo_map_get(pmo_map_get(pmo_kind_prop(kind, a->field), "items"), "properties");
	const pmo_node *item;
	int error;

	if (!seq || seq->kind != PMO_NODE_SEQ || a->index > seq->n ||
	    (item = seq->items[a->index - 1])->kind != PMO_NODE_MAP)
		return 0;
	pmo_buf_clear(text);
	if (a->given)
		error = pmo_yaml_edit_map_put(text, *cur, item, a->sub, a->given, order);
	else if (pmo_map_get(item, a->sub))
		error = pmo_yaml_edit_map_remove(text, *cur, item, a->sub);
	else
		return 1;
	if (error < 0 || (error = reload(cur, text, path)) < 0)
		return error;
	return 1;
}

int pmo_assigns_edit(pmo_doc **doc, const pmo_kind *kind, const pmo_assigns *as, const char *path)
{
	pmo_buf text = PMO_BUF_INIT;
	size_t i;
	int error = 0;

	for (i = 0; i < as->n; i++) {
		const pmo_assign *a = &as->items[i];
		const pmo_node *old = pmo_map_get(pmo_doc_root(*doc), a->field);

		if (a->node ? old && pmo_node_equal(old, a->node) : !old)
			continue;
		if (a->node && a->index)
			error = edit_item_key(doc, &text, kind, a, path);
		else if (a->node && a->op != PMO_ASSIGN_SET)
			error = edit_items(doc, &text, a, path);
		else
			error = 0;
		if (error < 0)
			goto done;
		if (error == 1) {
			error = 0;
			continue;
		}
		/* the field whole: set where the schema's order puts it, or removed */
		pmo_buf_clear(&text);
		if (a->node)
			error = pmo_yaml_edit_map_put(&text, *doc, NULL, a->field, a->node, kind->props);
		else
			error = pmo_yaml_edit_remove(&text, *doc, a->field);
		if (error < 0 || (error = reload(doc, &text, path)) < 0)
			goto done;
	}
done:
	pmo_buf_free(&text);
	return error;
}
