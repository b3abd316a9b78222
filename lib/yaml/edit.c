/* Minimal in-place edits of a document's top-level mapping: only the bytes
 * (or lines) of the field change; everything else stays as written. Each
 * result is loaded again and compared with the intended tree; when the two
 * differ (or the document has no block mapping to edit) the whole document
 * is written canonically instead. */
#include "yaml/internal.h"
#include "util/error.h"

#include <string.h>

/* The intended root: root's pairs with key set to value (inserted after
 * `after`, or first), or removed when value is NULL. Shallow: the pairs
 * point at the original nodes. */
static pmo_node *intended(pmo_doc *tmp, const pmo_node *root, const char *key,
			  const pmo_node *value, const char *after)
{
	pmo_node *map = pmo_node_map(tmp), *k;
	int present = pmo_map_pair(root, key) != NULL, placed = 0;
	int after_present = after && pmo_map_pair(root, after) != NULL;
	size_t i;

	if (!map)
		return NULL;
	k = pmo_node_str(tmp, key);
	if (!k)
		return NULL;
	if (value && !present && !after_present) {
		if (pmo_map_append(tmp, map, k, (pmo_node *)value) < 0)
			return NULL;
		placed = 1;
	}
	for (i = 0; root && root->kind == PMO_NODE_MAP && i < root->n; i++) {
		const pmo_pair *p = &root->pairs[i];
		if (strcmp(p->key->str, key) == 0 && p->key->len == strlen(key)) {
			if (value && pmo_map_append(tmp, map, p->key, (pmo_node *)value) < 0)
				return NULL;
			continue;
		}
		if (pmo_map_append(tmp, map, p->key, p->value) < 0)
			return NULL;
		if (value && !present && !placed && after_present &&
		    strcmp(p->key->str, after) == 0 && p->key->len == strlen(after)) {
			if (pmo_map_append(tmp, map, k, (pmo_node *)value) < 0)
				return NULL;
			placed = 1;
		}
	}
	return map;
}

static size_t line_start(const char *src, size_t pos)
{
	while (pos > 0 && src[pos - 1] != '\n')
		pos--;
	return pos;
}

/* End of a top-level entry: after the line break of its value's last line. */
static size_t entry_end(const pmo_doc *doc, const pmo_pair *p)
{
	size_t e = p->key->end > p->value->end ? p->key->end : p->value->end;

	if (e > 0 && doc->src[e - 1] == '\n')
		return e;
	while (e < doc->len && doc->src[e] != '\n')
		e++;
	return e < doc->len ? e + 1 : e;
}

static int editable(const pmo_doc *doc)
{
	const pmo_node *root = doc->root;

	return doc->len && root && root->kind == PMO_NODE_MAP && root->style == PMO_STYLE_BLOCK &&
	       root->n > 0;
}

static const char *newline_of(const pmo_doc *doc)
{
	const char *nlp = memchr(doc->src, '\n', doc->len);
	return nlp && nlp > doc->src && nlp[-1] == '\r' ? "\r\n" : "\n";
}

/* The minimal edit; 1 when it cannot be done in place. */
static int edit_in_place(pmo_buf *b, const pmo_doc *doc, const char *key,
			 const pmo_node *value, const char *after)
{
	const pmo_node *root = doc->root;
	const pmo_pair *p = pmo_map_pair(root, key), *ap;
	const char *src = doc->src, *nl = newline_of(doc);
	size_t ls, le, pos;
	int error;

	if (p && !value) {
		ls = line_start(src, p->key->start);
		le = entry_end(doc, p);
		pmo_buf_put(b, src, ls);
		pmo_buf_put(b, src + le, doc->len - le);
		if (root->n == 1) {
			pmo_buf_puts(b, "{}");
			pmo_buf_puts(b, nl);
		}
		return pmo_buf_oom(b);
	}
	if (!value)
		return 1;
	if (p) {
		const pmo_node *old = p->value;
		if (value->kind == PMO_NODE_SCALAR && !pmo__scalar_is_block(value) &&
		    old->kind == PMO_NODE_SCALAR && old->style != PMO_STYLE_LITERAL &&
		    old->style != PMO_STYLE_FOLDED &&
		    !memchr(src + old->start, '\n', old->end - old->start)) {
			pmo_buf_put(b, src, old->start);
			if (old->start == old->end && old->start > 0 && src[old->start - 1] == ':')
				pmo_buf_putc(b, ' ');
			if ((error = pmo__emit_flow_scalar(b, value)) < 0)
				return error;
			pmo_buf_put(b, src + old->end, doc->len - old->end);
			return pmo_buf_oom(b);
		}
		ls = line_start(src, p->key->start);
		le = entry_end(doc, p);
		pmo_buf_put(b, src, p->key->end);
		pmo_buf_putc(b, ':');
		if ((error = pmo__emit_after_indicator(b, value, p->key->start - ls, nl)) < 0)
			return error;
		pmo_buf_put(b, src + le, doc->len - le);
		return pmo_buf_oom(b);
	}
	/* insert */
	ap = after ? pmo_map_pair(root, after) : NULL;
	pos = ap ? entry_end(doc, ap) : line_start(src, root->pairs[0].key->start);
	ls = line_start(src, root->pairs[0].key->start);
	pmo_buf_put(b, src, pos);
	if (pos == doc->len && pos > 0 && src[pos - 1] != '\n')
		pmo_buf_puts(b, nl);
	{
		pmo_node k;
		memset(&k, 0, sizeof(k));
		k.kind = PMO_NODE_SCALAR;
		k.tag = PMO_TAG_STR;
		k.str = key;
		k.len = strlen(key);
		pmo_buf_pad(b, ' ', root->pairs[0].key->start - ls);
		if ((error = pmo__emit_flow_scalar(b, &k)) < 0)
			return error;
	}
	pmo_buf_putc(b, ':');
	if ((error = pmo__emit_after_indicator(b, value, root->pairs[0].key->start - ls, nl)) < 0)
		return error;
	pmo_buf_put(b, src + pos, doc->len - pos);
	return pmo_buf_oom(b);
}

static int edit(pmo_buf *out, const pmo_doc *doc, const char *key, const pmo_node *value,
		const char *after)
{
	pmo_doc *tmp = NULL, *check = NULL;
	pmo_buf b = PMO_BUF_INIT;
	pmo_node *want;
	pmo_yaml_limits limits = { 0, 0, 1 };
	int error = 0, r;

	if (!doc || !key)
		return pmo_error_set(PMO_EINVALID, "no document or key to edit");
	if ((error = pmo_doc_new(&tmp)) < 0)
		goto done;
	if (!(want = intended(tmp, doc->root, key, value, after))) {
		error = PMO_ENOMEM;
		goto done;
	}
	if (!value && !pmo_map_pair(doc->root, key) && doc->len) {
		/* nothing to remove: the file stays as it is */
		pmo_buf_put(&b, doc->src, doc->len);
		error = pmo_buf_oom(&b);
		goto emit;
	}
	if (editable(doc)) {
		r = edit_in_place(&b, doc, key, value, after);
		if (r < 0) {
			error = r;
			goto done;
		}
		if (r == 0 && pmo_yaml_load(&check, pmo_doc_path(doc), b.ptr, b.len, &limits) == 0 &&
		    pmo_node_equal(pmo_doc_root(check), want))
			goto emit;
	}
	pmo_buf_clear(&b);
	if ((error = pmo_yaml_emit(&b, want)) < 0)
		goto done;
emit:
	if (error == 0)
		error = pmo_buf_put(out, b.ptr ? b.ptr : "", b.len);
done:
	pmo_buf_release(&b);
	pmo_doc_free(check);
	pmo_doc_free(tmp);
	return error;
}

int pmo_yaml_edit_set(pmo_buf *out, const pmo_doc *doc, const char *key,
		      const pmo_node *value, const char *after)
{
	if (!value)
		return pmo_error_set(PMO_EINVALID, "no value to set");
	return edit(out, doc, key, value, after);
}

int pmo_yaml_edit_remove(pmo_buf *out, const pmo_doc *doc, const char *key)
{
	return edit(out, doc, key, NULL, NULL);
}
