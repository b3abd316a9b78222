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

/* --- the items of a list by ID ------------------------------------------------------ */

/* PREFIX-n exactly: n, else 0 */
static size_t id_number(const char *s, size_t len, const char *prefix)
{
	size_t pl = strlen(prefix), i, n = 0;

	if (len < pl + 2 || len > pl + 10 || memcmp(s, prefix, pl) || s[pl] != '-' || s[pl + 1] == '0')
		return 0;
	for (i = pl + 1; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		n = n * 10 + (size_t)(s[i] - '0');
	}
	return n;
}

int pmo__ids_build(pmo__ids *ix, const pmo_node *seq, const char *prefix)
{
	size_t i, n, room;

	memset(ix, 0, sizeof(*ix));
	ix->seq = seq;
	ix->prefix = prefix;
	if (!seq)
		return 0;
	if (seq->kind != PMO_NODE_SEQ)
		return 1;
	/* a number up to four times the items (and 1,024) goes in the array,
	 * the rest in the table */
	room = (size_t)seq->n * 4 + 1024;
	if (!(ix->num = calloc(room, sizeof(*ix->num))))
		return pmo_error_set_oom();
	ix->nnum = room;
	for (i = 0; i < seq->n; i++) {
		const pmo_node *id = pmo_map_get(seq->items[i], "id");
		if (!id || id->kind != PMO_NODE_SCALAR || !id->len || pmo__ids_find(ix, id) >= 0)
			return 1;
		n = id_number(id->str, id->len, prefix);
		if (n > ix->max)
			ix->max = n;
		if (n && n < room)
			ix->num[n] = (uint32_t)(i + 1);
		else if (pmo_htab_put(&ix->other, id->str, id->len, (void *)(uintptr_t)(i + 1)) < 0)
			return PMO_ENOMEM;
	}
	return 0;
}

long pmo__ids_find(const pmo__ids *ix, const pmo_node *id)
{
	size_t n;

	if (!ix->seq || !id || id->kind != PMO_NODE_SCALAR)
		return -1;
	n = id_number(id->str, id->len, ix->prefix);
	if (n && n < ix->nnum)
		return (long)ix->num[n] - 1;
	return ix->other.cap ? (long)(uintptr_t)pmo_htab_get(&ix->other, id->str, id->len) - 1 : -1;
}

long pmo__ids_item(const pmo__ids *ix, const pmo_node *item)
{
	return pmo__ids_find(ix, pmo_map_get(item, "id"));
}

void pmo__ids_free(pmo__ids *ix)
{
	free(ix->num);
	pmo_htab_free(&ix->other);
	memset(ix, 0, sizeof(*ix));
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
	const pmo_merge_spec *spec;
	pmo_htab *to;         /* per list: old ID → new ID */
	pmo_doc *tmp;
	pmo_htab named;       /* theirs's nodes renamed → their new text */
	pmo__merge_rename *v;
	size_t n, room;
} renamer;

/* The IDs of list that theirs added and ours added too, to other items:
 * each gets the next free number, in theirs's order. */
static int collisions(renamer *r, pmo_yaml_merged *res, size_t li, const pmo_node *o,
		      const pmo_node *a, const pmo_node *b, pmo__ids *keep)
{
	const pmo_merge_list *list = &r->spec->lists[li];
	pmo__ids io, ia, ib;
	size_t next, i;
	int error;

	memset(&io, 0, sizeof(io));
	memset(&ia, 0, sizeof(ia));
	memset(&ib, 0, sizeof(ib));
	if (!a || !b || a->kind != PMO_NODE_SEQ || b->kind != PMO_NODE_SEQ)
		return 0;
	/* a list that is not keyed (an item without id, an id twice) is not
	 * merged by ID: nothing to renumber */
	if ((error = pmo__ids_build(&io, o, list->prefix)) != 0 ||
	    (error = pmo__ids_build(&ia, a, list->prefix)) != 0 ||
	    (error = pmo__ids_build(&ib, b, list->prefix)) != 0)
		goto done;
	/* base's and ours's indexes serve the merge too */
	keep[0] = io;
	keep[1] = ia;
	memset(&io, 0, sizeof(io));
	memset(&ia, 0, sizeof(ia));
	next = keep[0].max > keep[1].max ? keep[0].max : keep[1].max;
	if (ib.max > next)
		next = ib.max;
	for (i = 0; i < b->n && error >= 0; i++) {
		const pmo_node *id = pmo_map_get(b->items[i], "id");
		long at;
		pmo_merge_renumbered *v;
		pmo_buf to = PMO_BUF_INIT;
		char *k;
		if (pmo__ids_find(&keep[0], id) >= 0 || (at = pmo__ids_find(&keep[1], id)) < 0 ||
		    pmo_node_equal(a->items[at], b->items[i]))
			continue;
		pmo_buf_printf(&to, "%s-%zu", list->prefix, ++next);
		if ((error = pmo_buf_oom(&to)) < 0)
			break;
		if (!(v = realloc(res->renumbered, (res->nrenumbered + 1) * sizeof(*v)))) {
			pmo_buf_free(&to);
			error = pmo_error_set_oom();
			break;
		}
		res->renumbered = v;
		v += res->nrenumbered;
		v->to = pmo_buf_detach(&to);
		v->from = strdup(id->str);
		if (!v->to || !v->from || !(k = pmo__arena_alloc(r->tmp, id->len + 1))) {
			free(v->to);
			free(v->from);
			error = pmo_error_set_oom();
			break;
		}
		res->nrenumbered++;
		memcpy(k, id->str, id->len + 1);
		error = pmo_htab_put(&r->to[li], k, id->len, v->to);
	}
done:
	pmo__ids_free(&io);
	pmo__ids_free(&ia);
	pmo__ids_free(&ib);
	return error < 0 ? error : 0;
}

/* A name on theirs's side of an ID that is renumbered: its node's new
 * text, and its place for the text. */
static int rename_one(const pmo_node *n, const pmo_merge_ref *ref, const pmo_merge_list *list,
		      size_t at, size_t len, void *payload)
{
	renamer *r = payload;
	const char *to = pmo_htab_get(&r->to[list - r->spec->lists], n->str + at, len);
	size_t tl;
	char *s, *from;

	(void)ref;
	if (!to || pmo_htab_get(&r->named, n, 0))
		return 0;
	tl = strlen(to);
	if (r->n == r->room) {
		size_t room = r->room ? r->room * 2 : 32;
		pmo__merge_rename *v = realloc(r->v, room * sizeof(*v));
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
	r->v[r->n++] = (pmo__merge_rename){ n->start, n->end, from, to };
	return pmo_htab_put(&r->named, n, 0, s);
}

static int by_start(const void *x, const void *y)
{
	const pmo__merge_rename *a = x, *b = y;
	return a->start < b->start ? -1 : a->start > b->start;
}

/* The first of the names v (n, sorted by start) that starts at from or
 * after. */
static size_t first_from(const pmo__merge_rename *v, size_t n, size_t from)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].start < from)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Whether a renamed node starts in [from, to] of theirs's source. */
static int renames_in(const renamer *r, uint32_t from, uint32_t to)
{
	size_t i = first_from(r->v, r->n, from);
	return i < r->n && r->v[i].start <= to;
}

/* The copy stands where n stands. */
static void keep_place(pmo_node *c, const pmo_node *n)
{
	c->style = n->style;
	c->line = n->line;
	c->col = n->col;
	c->start = n->start;
	c->end = n->end;
}

/* n with the renamed nodes under it replaced: n itself when none is, else
 * a copy of the way down to them (the rest shared). NULL on OOM. */
static const pmo_node *renamed(renamer *r, const pmo_node *n)
{
	const char *s;
	pmo_node *c = NULL;
	size_t i, k;

	if (!n)
		return n;
	if (n->kind != PMO_NODE_SCALAR && n->line && !renames_in(r, n->start, n->end))
		return n;
	if (n->kind == PMO_NODE_SCALAR) {
		if (!(s = pmo_htab_get(&r->named, n, 0)))
			return n;
		if (!(c = pmo_node_scalar(r->tmp, n->tag, s, strlen(s))))
			return NULL;
		keep_place(c, n);
		return c;
	}
	for (i = 0; i < n->n; i++) {
		const pmo_node *k0 = n->kind == PMO_NODE_MAP ? n->pairs[i].key : NULL;
		const pmo_node *v0 = n->kind == PMO_NODE_MAP ? n->pairs[i].value : n->items[i];
		const pmo_node *k1 = k0 ? renamed(r, k0) : NULL, *v1 = renamed(r, v0);
		if ((k0 && !k1) || !v1)
			return NULL;
		if (k1 == k0 && v1 == v0 && !c)
			continue;
		if (!c) {
			/* the first change: a copy with the entries before it */
			if (!(c = n->kind == PMO_NODE_MAP ? pmo_node_map(r->tmp) : pmo_node_seq(r->tmp)))
				return NULL;
			keep_place(c, n);
			for (k = 0; k < i; k++)
				if ((n->kind == PMO_NODE_MAP
				     ? pmo_map_append(r->tmp, c, n->pairs[k].key, n->pairs[k].value)
				     : pmo_seq_append(r->tmp, c, n->items[k])) < 0)
					return NULL;
		}
		if ((n->kind == PMO_NODE_MAP ? pmo_map_append(r->tmp, c, (pmo_node *)k1, (pmo_node *)v1)
					     : pmo_seq_append(r->tmp, c, (pmo_node *)v1)) < 0)
			return NULL;
	}
	return c ? c : n;
}

int pmo__merge_renumber(const pmo_node **root, pmo__merge_rename **v, size_t *n, pmo_doc *tmp,
			pmo__ids *keep, pmo_yaml_merged *res, const pmo_doc *o, const pmo_doc *a,
			const pmo_doc *b, const pmo_merge_spec *spec)
{
	renamer r;
	const pmo_node *ro = pmo_doc_root(o), *ra = pmo_doc_root(a), *rb = pmo_doc_root(b);
	size_t i, before = res->nrenumbered;
	int error = 0;

	*root = NULL;
	*v = NULL;
	*n = 0;
	memset(&r, 0, sizeof(r));
	r.spec = spec;
	r.tmp = tmp;
	r.named.is_ptr = 1;
	if (!spec->nlists || !ra || !rb || ra->kind != PMO_NODE_MAP || rb->kind != PMO_NODE_MAP)
		return 0;
	if (!(r.to = calloc(spec->nlists, sizeof(*r.to))))
		return pmo_error_set_oom();
	for (i = 0; i < spec->nlists && error >= 0; i++)
		error = collisions(&r, res, i, pmo_map_get(ro, spec->lists[i].key),
				   pmo_map_get(ra, spec->lists[i].key), pmo_map_get(rb, spec->lists[i].key),
				   &keep[2 * i]);
	if (error < 0 || res->nrenumbered == before)
		goto done;
	if ((error = pmo__merge_walk_refs(rb, spec, 1, rename_one, &r)) < 0)
		goto done;
	qsort(r.v, r.n, sizeof(*r.v), by_start);
	if (!(*root = renamed(&r, rb))) {
		error = PMO_ENOMEM;
		goto done;
	}
	*v = r.v;
	*n = r.n;
	r.v = NULL;
done:
	for (i = 0; r.to && i < spec->nlists; i++)
		pmo_htab_free(&r.to[i]);
	free(r.to);
	free(r.v);
	pmo_htab_free(&r.named);
	return error < 0 ? error : 0;
}

/* The name's place in [p, end) of src: the old ID as a word. */
static const char *find_name(const char *src, size_t start, size_t end, size_t len,
			     const char *from)
{
	size_t fl = strlen(from), p;

	for (p = start; p + fl <= end; p++)
		if (!memcmp(src + p, from, fl) && (p == 0 || !(alnum(src[p - 1]) || src[p - 1] == '-')) &&
		    !(p + fl < len && alnum(src[p + fl])))
			return src + p;
	return NULL;
}

int pmo__merge_put_renamed(pmo_buf *out, const char *src, size_t len, size_t from, size_t to,
			   const pmo__merge_rename *v, size_t n)
{
	size_t lo = first_from(v, n, from), cur = from;

	for (; lo < n && v[lo].end <= to; lo++) {
		const char *at = find_name(src, v[lo].start, v[lo].end, len, v[lo].from);
		if (!at || (size_t)(at - src) < cur)
			continue; /* written some other way: the check finds it */
		pmo_buf_put(out, src + cur, (size_t)(at - src) - cur);
		pmo_buf_puts(out, v[lo].to);
		cur = (size_t)(at - src) + strlen(v[lo].from);
	}
	pmo_buf_put(out, src + cur, to - cur);
	return pmo_buf_oom(out);
}
