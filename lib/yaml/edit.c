/* Minimal in-place edits of a document's top-level mapping: only the bytes
 * (or lines) of the field change; everything else stays as written. Each
 * result is loaded again and compared with the intended tree; when the two
 * differ (or the document has no block mapping to edit) the whole document
 * is written canonically instead. */
#include "yaml/internal.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

/* `after` that asks for the new key before every other key. */
static const char place_first[] = "";
#define PLACE_FIRST place_first

/* The intended root: root's pairs with key set to value (inserted after
 * `after`, or first), or removed when value is NULL. Shallow: the pairs
 * point at the original nodes. */
static pmo_node *intended(pmo_doc *tmp, const pmo_node *root, const char *key,
			  const pmo_node *value, const char *after)
{
	pmo_node *map = pmo_node_map(tmp), *k;
	int present = pmo_map_pair(root, key) != NULL, placed = 0;
	int after_present = after && after != PLACE_FIRST && pmo_map_pair(root, after) != NULL;
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

static int editable(const pmo_doc *doc, const pmo_node *map)
{
	return doc->len && map && map->kind == PMO_NODE_MAP && map->style == PMO_STYLE_BLOCK &&
	       map->n > 0 && map->line;
}

static const char *newline_of(const pmo_doc *doc)
{
	const char *nlp = memchr(doc->src, '\n', doc->len);
	return nlp && nlp > doc->src && nlp[-1] == '\r' ? "\r\n" : "\n";
}

/* A flow collection written on one line, as pmo can rewrite in place. */
static int one_line_flow(const pmo_doc *doc, const pmo_node *n)
{
	return n && n->kind != PMO_NODE_SCALAR && n->style == PMO_STYLE_FLOW && n->line &&
	       n->end > n->start && !memchr(doc->src + n->start, '\n', n->end - n->start);
}

/* A value that can be written in flow style: no block scalar inside. */
static int flowable(const pmo_node *n)
{
	size_t i;

	if (n->kind == PMO_NODE_SCALAR)
		return 1;
	for (i = 0; i < n->n; i++)
		if (!flowable(n->kind == PMO_NODE_SEQ ? n->items[i] : n->pairs[i].value))
			return 0;
	return 1;
}

/* The minimal edit; 1 when it cannot be done in place. */
static int edit_in_place(pmo_buf *b, const pmo_doc *doc, const pmo_node *root,
			 const char *key, const pmo_node *value, const char *after)
{
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
			if (root != doc->root)
				return 1; /* an emptied nested mapping: written whole */
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
		if (value->kind != PMO_NODE_SCALAR && one_line_flow(doc, old) && flowable(value)) {
			/* "depends: [T-1, T-2]" stays a flow sequence */
			pmo_buf_put(b, src, old->start);
			if ((error = pmo__emit_flow(b, value)) < 0)
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
	/* insert: a nested mapping (say an item "- id: …" of a sequence) takes
	 * new keys after `after`, or at its end, never before its first key */
	ap = after && after != PLACE_FIRST ? pmo_map_pair(root, after) : NULL;
	ls = line_start(src, root->pairs[0].key->start);
	if (!ap && root != doc->root) {
		/* before the first key: only where it starts its line (not
		 * after the "- " of a sequence item) */
		for (pos = ls; pos < root->pairs[0].key->start && src[pos] == ' '; pos++)
			;
		if (pos != root->pairs[0].key->start)
			return 1;
	}
	pos = ap ? entry_end(doc, ap) : ls;
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

/* The same edit in a flow mapping ("- {id: T-1, title: 需求}"): the value
 * is replaced where it stands, a new pair is written ", key: value" after
 * `after` (or the last pair), a removed one goes with its comma. 1 when it
 * cannot be done in place. */
static int edit_flow_in_place(pmo_buf *b, const pmo_doc *doc, const pmo_node *map,
			      const char *key, const pmo_node *value, const char *after)
{
	const char *src = doc->src;
	const pmo_pair *p = pmo_map_pair(map, key), *ap;
	size_t i, from, to;
	int error;

	if (!map->n || (value && !flowable(value)))
		return 1;
	if (p && !value) {
		i = (size_t)(p - map->pairs);
		if (map->n == 1)
			return 1;
		if (i + 1 < map->n) {
			from = p->key->start;
			to = map->pairs[i + 1].key->start;
		} else {
			from = map->pairs[i - 1].value->end;
			to = p->value->end;
		}
		pmo_buf_put(b, src, from);
		pmo_buf_put(b, src + to, doc->len - to);
		return pmo_buf_oom(b);
	}
	if (!value)
		return 1;
	if (p) {
		from = p->value->start;
		to = p->value->end;
		pmo_buf_put(b, src, from);
		if (from == to && from > 0 && src[from - 1] == ':')
			pmo_buf_putc(b, ' ');
		if ((error = pmo__emit_flow(b, value)) < 0)
			return error;
		pmo_buf_put(b, src + to, doc->len - to);
		return pmo_buf_oom(b);
	}
	ap = after && after != PLACE_FIRST ? pmo_map_pair(map, after) : NULL;
	if (ap) {
		from = ap->value->end > ap->key->end ? ap->value->end : ap->key->end;
		pmo_buf_put(b, src, from);
		pmo_buf_puts(b, ", ");
	} else {
		from = map->pairs[0].key->start;
		pmo_buf_put(b, src, from);
	}
	{
		pmo_node k;
		memset(&k, 0, sizeof(k));
		k.kind = PMO_NODE_SCALAR;
		k.tag = PMO_TAG_STR;
		k.str = key;
		k.len = strlen(key);
		if ((error = pmo__emit_flow(b, &k)) < 0)
			return error;
	}
	pmo_buf_puts(b, ": ");
	if ((error = pmo__emit_flow(b, value)) < 0)
		return error;
	if (!ap)
		pmo_buf_puts(b, ", ");
	pmo_buf_put(b, src + from, doc->len - from);
	return pmo_buf_oom(b);
}

/* The document's tree with target replaced by repl: collections on the way
 * to target are copied shallowly into tmp, everything else is shared. */
static pmo_node *substitute(pmo_doc *tmp, pmo_node *n, const pmo_node *target, pmo_node *repl,
			    int *error)
{
	pmo_node *c = NULL, *r = NULL, *copy;
	size_t i, j;

	if (n == target)
		return repl;
	if (!n || n->kind == PMO_NODE_SCALAR)
		return n;
	for (i = 0; i < n->n; i++) {
		c = n->kind == PMO_NODE_SEQ ? n->items[i] : n->pairs[i].value;
		if ((r = substitute(tmp, c, target, repl, error)) != c || *error)
			break;
	}
	if (*error || i == n->n)
		return n;
	if (!(copy = n->kind == PMO_NODE_SEQ ? pmo_node_seq(tmp) : pmo_node_map(tmp))) {
		*error = PMO_ENOMEM;
		return n;
	}
	copy->style = n->style;
	for (j = 0; j < n->n && !*error; j++) {
		if (n->kind == PMO_NODE_SEQ)
			*error = pmo_seq_append(tmp, copy, j == i ? r : n->items[j]);
		else
			*error = pmo_map_append(tmp, copy, n->pairs[j].key,
						j == i ? r : n->pairs[j].value);
	}
	return copy;
}

/* Load b again and compare with the intended tree: 0 when equal. */
static int same_tree(const pmo_doc *doc, const pmo_buf *b, const pmo_node *want)
{
	pmo_doc *check = NULL;
	/* the caller has read (and so size-checked) the file edited */
	pmo_yaml_limits limits = { b->len ? b->len : 1, 0, 1 };
	int same = pmo_yaml_load(&check, pmo_doc_path(doc), b->ptr ? b->ptr : "", b->len,
				 &limits) == 0 &&
		   pmo_node_equal(pmo_doc_root(check), want);

	pmo_doc_free(check);
	if (!same)
		pmo_error_clear();
	return same ? 0 : 1;
}

/* What an edit gives: the in-place text in b when the in-place edit worked
 * (r == 0) and reads back as want, else want in the canonical style (r > 0:
 * not done in place); appended to out. r < 0 is returned as is. */
static int keep_or_emit(pmo_buf *out, pmo_buf *b, const pmo_doc *doc, int r,
			const pmo_node *want)
{
	int error;

	if (r < 0)
		return r;
	if (r != 0 || same_tree(doc, b, want) != 0) {
		pmo_buf_clear(b);
		if ((error = pmo_yaml_emit(b, want)) < 0)
			return error;
	}
	return pmo_buf_put(out, b->ptr ? b->ptr : "", b->len);
}

static int edit(pmo_buf *out, const pmo_doc *doc, const pmo_node *map, const char *key,
		const pmo_node *value, const char *after)
{
	pmo_doc *tmp = NULL;
	pmo_buf b = PMO_BUF_INIT;
	pmo_node *want;
	int error = 0, r;

	if (!doc || !key || !map)
		return pmo_error_set(PMO_EINVALID, "no document or key to edit");
	/* a key new to a mapping other than the root goes after `after`,
	 * else at the mapping's end (the root's: at its start) */
	if (value && !pmo_map_pair(map, key) && map->kind == PMO_NODE_MAP && map->n &&
	    (!after || (after != PLACE_FIRST && !pmo_map_pair(map, after))))
		after = map == doc->root ? PLACE_FIRST : map->pairs[map->n - 1].key->str;
	if ((error = pmo_doc_new(&tmp)) < 0)
		goto done;
	if (!(want = intended(tmp, map, key, value, after))) {
		error = PMO_ENOMEM;
		goto done;
	}
	if (!value && !pmo_map_pair(map, key) && doc->len) {
		/* nothing to remove: the file stays as it is */
		pmo_buf_put(&b, doc->src, doc->len);
		if ((error = pmo_buf_oom(&b)) == 0)
			error = pmo_buf_put(out, b.ptr, b.len);
		goto done;
	}
	if (map != doc->root) {
		want->style = map->style;
		want = substitute(tmp, doc->root, map, want, &error);
		if (error < 0)
			goto done;
	}
	r = 1;
	if (editable(doc, map) || (doc->len && map->style == PMO_STYLE_FLOW && map->line))
		r = map->style == PMO_STYLE_FLOW
		    ? edit_flow_in_place(&b, doc, map, key, value, after)
		    : edit_in_place(&b, doc, map, key, value, after);
	error = keep_or_emit(out, &b, doc, r, want);
done:
	pmo_buf_free(&b);
	pmo_doc_free(tmp);
	return error;
}

int pmo_yaml_edit_set(pmo_buf *out, const pmo_doc *doc, const char *key,
		      const pmo_node *value, const char *after)
{
	if (!value)
		return pmo_error_set(PMO_EINVALID, "no value to set");
	return edit(out, doc, doc ? doc->root : NULL, key, value, after);
}

int pmo_yaml_edit_remove(pmo_buf *out, const pmo_doc *doc, const char *key)
{
	return edit(out, doc, doc ? doc->root : NULL, key, NULL, NULL);
}

int pmo_yaml_edit_map_set(pmo_buf *out, const pmo_doc *doc, const pmo_node *map,
			  const char *key, const pmo_node *value, const char *after)
{
	if (!value)
		return pmo_error_set(PMO_EINVALID, "no value to set");
	return edit(out, doc, map, key, value, after);
}

/* Where key goes by order: after the pair before the first pair of map
 * that follows key in order (a key order does not name follows them all),
 * PLACE_FIRST when that is the first pair, else after the last pair. */
static const char *place_by(const pmo_node *map, const char *key, const pmo_node *order)
{
	size_t i, j, at = 0;
	int known = 0;

	if (!order || order->kind != PMO_NODE_MAP || !map || map->kind != PMO_NODE_MAP || !map->n)
		return NULL;
	for (at = 0; at < order->n; at++)
		if (!strcmp(order->pairs[at].key->str, key)) {
			known = 1;
			break;
		}
	if (!known)
		return map->pairs[map->n - 1].key->str;
	for (i = 0; i < map->n; i++) {
		const char *k = map->pairs[i].key->str;
		for (j = 0; j < order->n && strcmp(order->pairs[j].key->str, k); j++)
			;
		if (j > at)
			return i ? map->pairs[i - 1].key->str : PLACE_FIRST;
	}
	return map->pairs[map->n - 1].key->str;
}

int pmo_yaml_edit_map_put(pmo_buf *out, const pmo_doc *doc, const pmo_node *map,
			  const char *key, const pmo_node *value, const pmo_node *order)
{
	if (!value)
		return pmo_error_set(PMO_EINVALID, "no value to set");
	if (!map && doc)
		map = doc->root;
	return edit(out, doc, map, key, value, place_by(map, key, order));
}

int pmo_yaml_edit_map_remove(pmo_buf *out, const pmo_doc *doc, const pmo_node *map,
			     const char *key)
{
	return edit(out, doc, map, key, NULL, NULL);
}

/* Appending to a block sequence: the new item, emitted canonically, goes
 * after the line where the last item ends, at the indent of the dashes. */
int pmo__emit_item(pmo_buf *out, const pmo_node *item, size_t indent, const char *nl)
{
	pmo_doc *one = NULL;
	pmo_node *wrap;
	pmo_buf text = PMO_BUF_INIT;
	size_t i;
	int error;

	if ((error = pmo_doc_new(&one)) < 0)
		return error;
	if (!(wrap = pmo_node_seq(one)) || (error = pmo_seq_append(one, wrap, (pmo_node *)item)) < 0 ||
	    (error = pmo_yaml_emit(&text, wrap)) < 0) {
		error = error < 0 ? error : PMO_ENOMEM;
		goto done;
	}
	for (i = 0; i < text.len; ) {
		const char *p = text.ptr + i, *e = memchr(p, '\n', text.len - i);
		size_t len = e ? (size_t)(e - p) : text.len - i;
		if (len)
			pmo_buf_pad(out, ' ', indent);
		pmo_buf_put(out, p, len);
		pmo_buf_puts(out, nl);
		i += len + 1;
	}
	error = pmo_buf_oom(out);
done:
	pmo_buf_free(&text);
	pmo_doc_free(one);
	return error;
}

static int append_in_place(pmo_buf *b, const pmo_doc *doc, const pmo_node *seq,
			   const pmo_node *item)
{
	const char *src = doc->src, *nl = newline_of(doc);
	const pmo_node *first = seq->items[0], *last = seq->items[seq->n - 1];
	size_t dash = first->start, indent, pos = last->end;
	int error;

	while (dash > 0 && src[dash - 1] == ' ')
		dash--;
	if (dash == 0 || src[dash - 1] != '-')
		return 1; /* not "- item" as expected */
	dash--;
	indent = dash - line_start(src, dash);
	if (!(pos > 0 && src[pos - 1] == '\n')) {
		while (pos < doc->len && src[pos] != '\n')
			pos++;
		if (pos < doc->len)
			pos++;
	}
	pmo_buf_put(b, src, pos);
	if (pos == doc->len && pos > 0 && src[pos - 1] != '\n')
		pmo_buf_puts(b, nl);
	if ((error = pmo__emit_item(b, item, indent, nl)) < 0)
		return error;
	pmo_buf_put(b, src + pos, doc->len - pos);
	return pmo_buf_oom(b);
}

int pmo_yaml_edit_seq_append(pmo_buf *out, const pmo_doc *doc, const pmo_node *seq,
			     const pmo_node *item)
{
	pmo_doc *tmp = NULL;
	pmo_buf b = PMO_BUF_INIT;
	pmo_node *want, *copy;
	size_t i;
	int error = 0, r;

	if (!doc || !seq || seq->kind != PMO_NODE_SEQ || !item)
		return pmo_error_set(PMO_EINVALID, "no sequence or item to append");
	if ((error = pmo_doc_new(&tmp)) < 0)
		goto done;
	if (!(copy = pmo_node_seq(tmp))) {
		error = PMO_ENOMEM;
		goto done;
	}
	copy->style = seq->style;
	for (i = 0; i < seq->n && error >= 0; i++)
		error = pmo_seq_append(tmp, copy, seq->items[i]);
	if (error < 0 || (error = pmo_seq_append(tmp, copy, (pmo_node *)item)) < 0)
		goto done;
	want = substitute(tmp, doc->root, seq, copy, &error);
	if (error < 0)
		goto done;
	r = 1;
	if (doc->len && seq->style == PMO_STYLE_BLOCK && seq->n && seq->line)
		r = append_in_place(&b, doc, seq, item);
	error = keep_or_emit(out, &b, doc, r, want);
done:
	pmo_buf_free(&b);
	pmo_doc_free(tmp);
	return error;
}

/* Removing item i of a block sequence: the lines from its dash to the next
 * item's dash (or to the end of the line where it ends) go; comments on
 * lines of their own before the next item go with it. */
static int remove_in_place(pmo_buf *b, const pmo_doc *doc, const pmo_node *seq, size_t i)
{
	const char *src = doc->src;
	size_t from = seq->items[i]->start, to;

	while (from > 0 && src[from - 1] == ' ')
		from--;
	if (from == 0 || src[from - 1] != '-')
		return 1;
	from = line_start(src, from - 1);
	if (i + 1 < seq->n) {
		to = seq->items[i + 1]->start;
		while (to > 0 && src[to - 1] == ' ')
			to--;
		if (to == 0 || src[to - 1] != '-')
			return 1;
		to = line_start(src, to - 1);
	} else {
		to = seq->items[i]->end;
		if (!(to > 0 && src[to - 1] == '\n')) {
			while (to < doc->len && src[to] != '\n')
				to++;
			if (to < doc->len)
				to++;
		}
	}
	if (to < from)
		return 1;
	pmo_buf_put(b, src, from);
	pmo_buf_put(b, src + to, doc->len - to);
	return pmo_buf_oom(b);
}

int pmo_yaml_edit_seq_remove(pmo_buf *out, const pmo_doc *doc, const pmo_node *seq, size_t index)
{
	pmo_doc *tmp = NULL;
	pmo_buf b = PMO_BUF_INIT;
	pmo_node *want, *copy;
	size_t i;
	int error = 0, r;

	if (!doc || !seq || seq->kind != PMO_NODE_SEQ || index >= seq->n)
		return pmo_error_set(PMO_EINVALID, "no sequence item to remove");
	if ((error = pmo_doc_new(&tmp)) < 0)
		goto done;
	if (!(copy = pmo_node_seq(tmp))) {
		error = PMO_ENOMEM;
		goto done;
	}
	copy->style = seq->style;
	for (i = 0; i < seq->n && error >= 0; i++)
		if (i != index)
			error = pmo_seq_append(tmp, copy, seq->items[i]);
	if (error < 0)
		goto done;
	want = substitute(tmp, doc->root, seq, copy, &error);
	if (error < 0)
		goto done;
	r = 1;
	if (doc->len && seq->style == PMO_STYLE_BLOCK && seq->n > 1 && seq->line)
		r = remove_in_place(&b, doc, seq, index);
	error = keep_or_emit(out, &b, doc, r, want);
done:
	pmo_buf_free(&b);
	pmo_doc_free(tmp);
	return error;
}

/* the scalars later_first sorts by (qsort takes no argument) */
static const pmo_node *const *sort_at;

/* indexes of scalars, the last in the file first */
static int later_first(const void *a, const void *b)
{
	uint32_t x = sort_at[*(const size_t *)a]->start, y = sort_at[*(const size_t *)b]->start;

	return x > y ? -1 : x < y;
}

int pmo_yaml_edit_scalars(pmo_buf *out, const pmo_doc *doc, const pmo_node *const *at,
			  const char *const *values, size_t n)
{
	pmo_doc *tmp = NULL;
	pmo_buf b = PMO_BUF_INIT, tail = PMO_BUF_INIT;
	size_t len, i, *order = NULL;
	const char *src = pmo_doc_source(doc, &len);
	pmo_node *want = doc->root, **repl = NULL;
	uint32_t until;
	int error = 0, r = 0;

	if ((error = pmo_doc_new(&tmp)) < 0)
		return error;
	if (!(order = calloc(n ? n : 1, sizeof(*order))) || !(repl = calloc(n ? n : 1, sizeof(*repl)))) {
		error = PMO_ENOMEM;
		goto done;
	}
	for (i = 0; i < n && !error; i++) {
		order[i] = i;
		if (!(repl[i] = pmo_node_str(tmp, values[i])))
			error = PMO_ENOMEM;
		else
			want = substitute(tmp, want, at[i], repl[i], &error);
	}
	if (error < 0)
		goto done;
	sort_at = at;
	qsort(order, n, sizeof(*order), later_first);
	/* each scalar of the file (not a block one): its bytes written anew,
	 * from the last to the first so the earlier places stay where they are */
	until = src ? (uint32_t)len : 0;
	for (i = 0; i < n && !r; i++) {
		const pmo_node *s = at[order[i]];
		pmo_buf piece = PMO_BUF_INIT;

		if (!src || !s->line || s->kind != PMO_NODE_SCALAR || s->style == PMO_STYLE_LITERAL ||
		    s->style == PMO_STYLE_FOLDED || s->end > until || s->start > s->end) {
			r = 1;
			break;
		}
		if ((error = pmo_yaml_emit_scalar(&piece, repl[order[i]])) < 0) {
			pmo_buf_free(&piece);
			goto done;
		}
		pmo_buf_put(&piece, src + s->end, until - s->end);
		if (tail.len)
			pmo_buf_put(&piece, tail.ptr, tail.len);
		pmo_buf_free(&tail);
		tail = piece;
		until = s->start;
	}
	if (!r && src) {
		pmo_buf_put(&b, src, until);
		if (tail.len)
			pmo_buf_put(&b, tail.ptr, tail.len);
		r = pmo_buf_oom(&b);
	} else if (!src) {
		r = 1;
	}
	error = keep_or_emit(out, &b, doc, r, want);
done:
	free(order);
	free(repl);
	pmo_buf_free(&tail);
	pmo_buf_free(&b);
	pmo_doc_free(tmp);
	return error;
}
