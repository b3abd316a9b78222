/* IDs in a merge: the values a spec's reference paths name, and the
 * renumbering of theirs's new items that took an ID ours gave to another
 * new item (merge.h). Theirs's text is renumbered where the IDs stand, and
 * read again; the merge then sees theirs as if it had chosen the free ID. */
#include "yaml/internal.h"
#include "util/error.h"
#include "util/hash.h"

#include <stdlib.h>
#include <string.h>

static int alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* PREFIX-n at the start of s (after blanks), not followed by a letter or
 * digit: its length, with its offset in *at; 0 when none. */
static size_t id_token(const char *s, size_t len, const char *prefix, size_t *at)
{
	size_t i = 0, pl = strlen(prefix), k;

	while (i < len && s[i] == ' ')
		i++;
	if (len - i < pl + 2 || memcmp(s + i, prefix, pl) || s[i + pl] != '-')
		return 0;
	for (k = i + pl + 1; k < len && s[k] >= '0' && s[k] <= '9'; k++)
		;
	if (k == i + pl + 1 || (k < len && alnum(s[k])))
		return 0;
	*at = i;
	return k - i;
}

typedef struct {
	const pmo_merge_spec *spec;
	pmo__merge_ref_cb cb;
	void *payload;
} walker;

static int visit(walker *w, const pmo_node *n, const pmo_merge_ref *ref, const pmo_merge_list *list)
{
	size_t at = 0, len;

	if (!n || n->kind != PMO_NODE_SCALAR)
		return 0;
	if (!(len = id_token(n->str, n->len, list->prefix, &at)))
		return 0;
	return w->cb(n, ref, list, at, len, w->payload);
}

static int walk(walker *w, const pmo_node *n, const char *p, const pmo_merge_ref *ref,
		const pmo_merge_list *list)
{
	const char *dot = strchr(p, '.');
	size_t sl = dot ? (size_t)(dot - p) : strlen(p), i;
	int error = 0;

	if (!n || n->kind == PMO_NODE_SCALAR)
		return 0;
	if (sl == 1 && *p == '~') {
		for (i = 0; n->kind == PMO_NODE_MAP && i < n->n && error >= 0; i++)
			error = visit(w, n->pairs[i].key, ref, list);
		return error;
	}
	for (i = 0; i < n->n && error >= 0; i++) {
		const pmo_node *c;
		if (sl == 1 && *p == '*') {
			c = n->kind == PMO_NODE_SEQ ? n->items[i] : n->pairs[i].value;
		} else {
			if (n->kind != PMO_NODE_MAP || n->pairs[i].key->len != sl ||
			    memcmp(n->pairs[i].key->str, p, sl))
				continue;
			c = n->pairs[i].value;
		}
		error = dot ? walk(w, c, dot + 1, ref, list) : visit(w, c, ref, list);
	}
	return error;
}

static const pmo_merge_list *list_named(const pmo_merge_spec *spec, const char *key)
{
	size_t i;

	for (i = 0; i < spec->nlists; i++)
		if (!strcmp(spec->lists[i].key, key))
			return &spec->lists[i];
	return NULL;
}

int pmo__merge_walk_refs(const pmo_node *root, const pmo_merge_spec *spec, int with_ids,
			 pmo__merge_ref_cb cb, void *payload)
{
	walker w = { spec, cb, payload };
	size_t i, j;
	int error = 0;

	for (i = 0; i < spec->nrefs && error >= 0; i++) {
		const pmo_merge_list *list = list_named(spec, spec->refs[i].list);
		if (list)
			error = walk(&w, root, spec->refs[i].path, &spec->refs[i], list);
	}
	for (i = 0; with_ids && i < spec->nlists && error >= 0; i++) {
		const pmo_node *seq = pmo_map_get(root, spec->lists[i].key);
		for (j = 0; seq && seq->kind == PMO_NODE_SEQ && j < seq->n && error >= 0; j++)
			error = visit(&w, pmo_map_get(seq->items[j], "id"), NULL, &spec->lists[i]);
	}
	return error;
}

/* --- renumbering ------------------------------------------------------------------- */

typedef struct {
	uint32_t start, end;  /* the scalar in theirs's source */
	const char *from, *to;
} rename;

typedef struct {
	const pmo_merge_spec *spec;
	pmo_htab *to;         /* per list: old ID → new ID */
	pmo_doc *tmp;
	rename *v;
	size_t n, room;
} renamer;

/* The largest n of PREFIX-n among seq's ids. */
static long max_number(const pmo_node *seq, const char *prefix)
{
	size_t i, at, len;
	long max = 0;

	for (i = 0; seq && seq->kind == PMO_NODE_SEQ && i < seq->n; i++) {
		const pmo_node *id = pmo_map_get(seq->items[i], "id");
		if (id && id->kind == PMO_NODE_SCALAR && (len = id_token(id->str, id->len, prefix, &at))) {
			long v = strtol(id->str + at + strlen(prefix) + 1, NULL, 10);
			if (v > max)
				max = v;
		}
	}
	return max;
}

static const pmo_node *by_id(const pmo_htab *ht, const pmo_node *seq, const pmo_node *id)
{
	size_t i = (size_t)(uintptr_t)pmo_htab_get(ht, id->str, id->len);
	return i ? seq->items[i - 1] : NULL;
}

static int index_seq(pmo_htab *ht, const pmo_node *seq)
{
	size_t i;

	for (i = 0; seq && seq->kind == PMO_NODE_SEQ && i < seq->n; i++) {
		const pmo_node *id = pmo_map_get(seq->items[i], "id");
		if (id && id->kind == PMO_NODE_SCALAR &&
		    pmo_htab_put(ht, id->str, id->len, (void *)(uintptr_t)(i + 1)) < 0)
			return PMO_ENOMEM;
	}
	return 0;
}

/* The IDs of list that theirs added and ours added too, to other items:
 * each gets the next free number, in theirs's order. */
static int collisions(renamer *r, pmo_yaml_merged *res, size_t li, const pmo_node *o,
		      const pmo_node *a, const pmo_node *b)
{
	const pmo_merge_list *list = &r->spec->lists[li];
	pmo_htab ho = PMO_HTAB_INIT, ha = PMO_HTAB_INIT;
	long next;
	size_t i;
	int error;

	if (!a || !b || a->kind != PMO_NODE_SEQ || b->kind != PMO_NODE_SEQ)
		return 0;
	if ((error = index_seq(&ho, o)) < 0 || (error = index_seq(&ha, a)) < 0)
		goto done;
	next = max_number(o, list->prefix);
	if (max_number(a, list->prefix) > next)
		next = max_number(a, list->prefix);
	if (max_number(b, list->prefix) > next)
		next = max_number(b, list->prefix);
	for (i = 0; i < b->n && error >= 0; i++) {
		const pmo_node *id = pmo_map_get(b->items[i], "id"), *ai;
		pmo_merge_renumbered *v;
		pmo_buf to = PMO_BUF_INIT;
		char *k;
		if (!id || id->kind != PMO_NODE_SCALAR || pmo_htab_get(&ho, id->str, id->len) ||
		    pmo_htab_get(&r->to[li], id->str, id->len))
			continue;
		if (!(ai = by_id(&ha, a, id)) || pmo_node_equal(ai, b->items[i]))
			continue;
		pmo_buf_printf(&to, "%s-%ld", list->prefix, ++next);
		if ((error = pmo_buf_oom(&to)) < 0)
			break;
		if (!(v = realloc(res->renumbered, (res->nrenumbered + 1) * sizeof(*v))) ||
		    !(k = pmo__arena_alloc(r->tmp, id->len + 1))) {
			if (v)
				res->renumbered = v;
			pmo_buf_free(&to);
			error = pmo_error_set_oom();
			break;
		}
		res->renumbered = v;
		memcpy(k, id->str, id->len + 1);
		v += res->nrenumbered;
		v->to = pmo_buf_detach(&to);
		v->from = strdup(id->str);
		if (!v->to || !v->from) {
			free(v->to);
			free(v->from);
			error = pmo_error_set_oom();
			break;
		}
		res->nrenumbered++;
		error = pmo_htab_put(&r->to[li], k, id->len, v->to);
	}
done:
	pmo_htab_free(&ho);
	pmo_htab_free(&ha);
	return error;
}

/* A name in the copy of theirs's tree: renamed there, and noted for the
 * text. */
static int rename_one(const pmo_node *n, const pmo_merge_ref *ref, const pmo_merge_list *list,
		      size_t at, size_t len, void *payload)
{
	renamer *r = payload;
	pmo_node *c = (pmo_node *)n;
	const char *to = pmo_htab_get(&r->to[list - r->spec->lists], n->str + at, len);
	size_t tl;
	char *s, *from;

	(void)ref;
	if (!to)
		return 0;
	tl = strlen(to);
	if (r->n == r->room) {
		size_t room = r->room ? r->room * 2 : 32;
		rename *v = realloc(r->v, room * sizeof(*v));
		if (!v)
			return pmo_error_set_oom();
		r->v = v;
		r->room = room;
	}
	if (!(s = pmo__arena_alloc(r->tmp, n->len - len + tl + 1)) ||
	    !(from = pmo__arena_alloc(r->tmp, len + 1)))
		return PMO_ENOMEM;
	memcpy(from, n->str + at, len);
	from[len] = 0;
	memcpy(s, n->str, at);
	memcpy(s + at, to, tl);
	memcpy(s + at + tl, n->str + at + len, n->len - at - len + 1);
	r->v[r->n++] = (rename){ n->start, n->end, from, to };
	c->str = s;
	c->len = (uint32_t)(n->len - len + tl);
	return 0;
}

static int by_start(const void *x, const void *y)
{
	const rename *a = x, *b = y;
	return a->start < b->start ? -1 : a->start > b->start;
}

/* Theirs's source with each name replaced where it stands: 0, or 1 when a
 * name is not found as written. */
static int retext(pmo_buf *out, const char *src, size_t len, rename *v, size_t n)
{
	size_t i, cur = 0;

	qsort(v, n, sizeof(*v), by_start);
	for (i = 0; i < n; i++) {
		size_t fl = strlen(v[i].from), p;
		int found = 0;
		if (v[i].start < cur || v[i].end > len)
			return 1;
		for (p = v[i].start; p + fl <= v[i].end; p++)
			if (!memcmp(src + p, v[i].from, fl) && (p == 0 || !(alnum(src[p - 1]) || src[p - 1] == '-')) &&
			    !(p + fl < len && alnum(src[p + fl]))) {
				found = 1;
				break;
			}
		if (!found)
			return 1;
		pmo_buf_put(out, src + cur, p - cur);
		pmo_buf_puts(out, v[i].to);
		cur = p + fl;
	}
	pmo_buf_put(out, src + cur, len - cur);
	return pmo_buf_oom(out);
}

int pmo__merge_renumber(pmo_doc **out, pmo_yaml_merged *res, const pmo_doc *o, const pmo_doc *a,
			const pmo_doc *b, const pmo_merge_spec *spec)
{
	renamer r;
	pmo_node *copy;
	pmo_buf text = PMO_BUF_INIT;
	pmo_doc *b2 = NULL;
	pmo_yaml_limits limits = { 0, 0, 1 };
	const pmo_node *ro = pmo_doc_root(o), *ra = pmo_doc_root(a), *rb = pmo_doc_root(b);
	size_t i, len, before = res->nrenumbered;
	const char *src;
	int error = 0;

	*out = NULL;
	memset(&r, 0, sizeof(r));
	r.spec = spec;
	if (!spec->nlists || !ra || !rb || ra->kind != PMO_NODE_MAP || rb->kind != PMO_NODE_MAP)
		return 0;
	if (!(r.to = calloc(spec->nlists, sizeof(*r.to))))
		return pmo_error_set_oom();
	if ((error = pmo_doc_new(&r.tmp)) < 0)
		goto done;
	for (i = 0; i < spec->nlists && error >= 0; i++)
		error = collisions(&r, res, i, pmo_map_get(ro, spec->lists[i].key),
				   pmo_map_get(ra, spec->lists[i].key), pmo_map_get(rb, spec->lists[i].key));
	if (error < 0 || res->nrenumbered == before)
		goto done;
	if (!(copy = pmo_node_copy(r.tmp, rb))) {
		error = PMO_ENOMEM;
		goto done;
	}
	if ((error = pmo__merge_walk_refs(copy, spec, 1, rename_one, &r)) < 0)
		goto done;
	src = pmo_doc_source(b, &len);
	error = retext(&text, src, len, r.v, r.n);
	limits.max_bytes = text.len + 1;
	if (error == 0 &&
	    (pmo_yaml_load(&b2, pmo_doc_path(b), pmo_buf_cstr(&text), text.len, &limits) < 0 ||
	     !pmo_node_equal(pmo_doc_root(b2), copy))) {
		pmo_error_clear();
		pmo_doc_free(b2);
		b2 = NULL;
		error = 1;
	}
	if (error == 1) {
		/* a name written some other way: theirs in the canonical style */
		pmo_buf_clear(&text);
		if ((error = pmo_yaml_emit_doc(&text, b, copy)) < 0)
			goto done;
		limits.max_bytes = text.len + 1;
		if ((error = pmo_yaml_load(&b2, pmo_doc_path(b), pmo_buf_cstr(&text), text.len, &limits)) < 0)
			goto done;
	}
	if (error >= 0) {
		*out = b2;
		b2 = NULL;
	}
done:
	for (i = 0; r.to && i < spec->nlists; i++)
		pmo_htab_free(&r.to[i]);
	free(r.to);
	free(r.v);
	pmo_buf_free(&text);
	pmo_doc_free(b2);
	pmo_doc_free(r.tmp);
	return error < 0 ? error : 0;
}
