/* The canonical text of a document, as pmo fmt writes it: the keys of
 * every mapping a schema describes in the order of its "properties" (the
 * other keys after them, as found), integers in decimal and booleans in
 * lower case as pmo set writes them, then the canonical emitter with the
 * document's comments (pmo_yaml_emit_doc). */
#include "yaml/internal.h"
#include "util/error.h"

#include <string.h>

/* The copy stands for n in the source: its comments follow it. */
static void keep_place(pmo_node *copy, const pmo_node *n)
{
	copy->line = n->line;
	copy->col = n->col;
	copy->start = n->start;
	copy->end = n->end;
}

/* A scalar as add and set write it: an integer in decimal (0x0C, +12,
 * 0o14 are 12), a boolean in lower case. Other scalars as they are. */
static pmo_node *scalar(pmo_doc *doc, const pmo_node *n)
{
	char num[24];
	int64_t v;
	pmo_node *copy;
	size_t k = 0;
	uint64_t u;

	if (n->tag == PMO_TAG_INT && n->style == PMO_STYLE_PLAIN && pmo_node_int(n, &v) == 0) {
		char rev[24];
		size_t r = 0;
		u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
		do {
			rev[r++] = (char)('0' + u % 10);
			u /= 10;
		} while (u);
		if (v < 0)
			num[k++] = '-';
		while (r)
			num[k++] = rev[--r];
		copy = pmo_node_scalar(doc, PMO_TAG_INT, num, k);
	} else if (n->tag == PMO_TAG_BOOL && n->style == PMO_STYLE_PLAIN && n->len) {
		int t = n->str[0] == 't' || n->str[0] == 'T';
		copy = pmo_node_scalar(doc, PMO_TAG_BOOL, t ? "true" : "false", t ? 4 : 5);
	} else {
		return pmo_node_copy(doc, n);
	}
	if (copy) {
		copy->style = n->style;
		keep_place(copy, n);
	}
	return copy;
}

/* schema, or what its "$ref" names when that is a JSON pointer into the
 * same schema ("#/definitions/task"); a reference to another file is not
 * followed (its keys keep their order). */
static const pmo_node *resolved(const pmo_node *root, const pmo_node *schema)
{
	int depth;

	for (depth = 0; depth < 16; depth++) {
		const pmo_node *ref = pmo_map_get(schema, "$ref"), *at = root;
		const char *p = pmo_node_text(ref);
		pmo_buf seg = PMO_BUF_INIT;

		if (!p || p[0] != '#')
			return schema;
		for (p += 1; at && *p == '/'; ) {
			size_t len = strcspn(p + 1, "/"), k;
			pmo_buf_clear(&seg);
			for (k = 0; k < len; k++) {
				char c = p[1 + k];
				if (c == '~' && k + 1 < len && (p[2 + k] == '0' || p[2 + k] == '1'))
					c = p[2 + k++] == '0' ? '~' : '/';
				pmo_buf_putc(&seg, c);
			}
			at = pmo_buf_oom(&seg) < 0 ? NULL : pmo_map_get(at, pmo_buf_cstr(&seg));
			p += 1 + len;
		}
		pmo_buf_free(&seg);
		if (!at || *p)
			return NULL;
		schema = at;
	}
	return NULL;
}

/* A copy of n with the keys of every mapping the schema describes in the
 * order of its "properties" (through local "$ref"s), the other keys after
 * them as found. */
static pmo_node *ordered(pmo_doc *doc, const pmo_node *n, const pmo_node *schema, const pmo_node *root)
{
	const pmo_node *props, *items, *more;
	pmo_node *copy;
	size_t i;

	schema = resolved(root, schema);
	props = pmo_map_get(schema, "properties");
	items = pmo_map_get(schema, "items");
	more = pmo_map_get(schema, "additionalProperties");
	if (more && more->kind != PMO_NODE_MAP)
		more = NULL;

	if (n->kind == PMO_NODE_SCALAR)
		return scalar(doc, n);
	if (props && props->kind != PMO_NODE_MAP)
		props = NULL;
	if (n->kind == PMO_NODE_MAP) {
		if (!(copy = pmo_node_map(doc)))
			return NULL;
		keep_place(copy, n);
		for (i = 0; props && i < props->n; i++) {
			const pmo_pair *p = pmo_map_pair(n, props->pairs[i].key->str);
			pmo_node *k, *v;
			if (!p)
				continue;
			if (!(k = pmo_node_copy(doc, p->key)) ||
			    !(v = ordered(doc, p->value, props->pairs[i].value, root)) ||
			    pmo_map_append(doc, copy, k, v) < 0)
				return NULL;
		}
		for (i = 0; i < n->n; i++) {
			pmo_node *k, *v;
			if (pmo_map_get(props, n->pairs[i].key->str))
				continue;
			if (!(k = pmo_node_copy(doc, n->pairs[i].key)) ||
			    !(v = ordered(doc, n->pairs[i].value, more, root)) ||
			    pmo_map_append(doc, copy, k, v) < 0)
				return NULL;
		}
		return copy;
	}
	if (items && items->kind != PMO_NODE_MAP)
		items = NULL;
	if (n->kind == PMO_NODE_SEQ) {
		if (!(copy = pmo_node_seq(doc)))
			return NULL;
		keep_place(copy, n);
		for (i = 0; i < n->n; i++) {
			pmo_node *v = ordered(doc, n->items[i], items, root);
			if (!v || pmo_seq_append(doc, copy, v) < 0)
				return NULL;
		}
		return copy;
	}
	return pmo_node_copy(doc, n);
}

int pmo_yaml_canonical(pmo_buf *out, const pmo_doc *doc, const pmo_node *schema)
{
	pmo_doc *tmp = NULL;
	pmo_node *root;
	int error;

	if (!doc || !doc->root)
		return pmo_error_set(PMO_EINVALID, "no document to write");
	if ((error = pmo_doc_new(&tmp)) < 0)
		return error;
	if (!(root = ordered(tmp, doc->root, schema, schema))) {
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
		goto done;
	}
	error = pmo_yaml_emit_doc(out, doc, root);
done:
	pmo_doc_free(tmp);
	return error;
}
