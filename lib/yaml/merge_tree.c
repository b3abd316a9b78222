/* The merge of the trees (merge.h): mappings key by key, the lists a
 * spec keys by "id" item by item wherever they stand (one side's deletion
 * meets the other's change as a conflict, theirs's new items go after the
 * item they follow on theirs's side). Each decision is an edit of ours's
 * text (merge_text.c) and a node of the trees the result must read back as,
 * resolved for ours (x) and for theirs (y). */
#include "yaml/merge_internal.h"
#include "util/error.h"
#include "util/hash.h"

#include <stdlib.h>
#include <string.h>

/* A mapping's pairs by key text, for big ones (a baseline's tasks). */
typedef struct {
	const pmo_node *map;
	pmo_htab ht;
} keys;

static int keys_init(keys *k, const pmo_node *map)
{
	size_t i;

	k->map = map;
	memset(&k->ht, 0, sizeof(k->ht));
	if (!map || map->kind != PMO_NODE_MAP || map->n <= 16)
		return 0;
	for (i = 0; i < map->n; i++)
		if (pmo_htab_put(&k->ht, map->pairs[i].key->str, map->pairs[i].key->len,
				 (void *)(uintptr_t)(i + 1)) < 0)
			return PMO_ENOMEM;
	return 0;
}

static long keys_find(const keys *k, const pmo_node *key)
{
	size_t i;

	if (!k->map || k->map->kind != PMO_NODE_MAP)
		return -1;
	if (k->ht.cap)
		return (long)(uintptr_t)pmo_htab_get(&k->ht, key->str, key->len) - 1;
	for (i = 0; i < k->map->n; i++) {
		const pmo_node *q = k->map->pairs[i].key;
		if (q->len == key->len && !memcmp(q->str, key->str, key->len))
			return (long)i;
	}
	return -1;
}

/* --- mappings -------------------------------------------------------------------- */

static void path_push(merger *m, const pmo_node *key, size_t *was)
{
	*was = m->path.len;
	if (m->path.len)
		pmo_buf_putc(&m->path, '.');
	pmo_buf_put(&m->path, key->str, key->len);
}

/* Where theirs's new entry bi goes in ours's mapping a: after the entry of
 * the key before it on theirs's side that ours has, else before ours's
 * first key (after its last when that one follows a dash). */
static size_t insert_at(merger *m, const keys *ka, const pmo_node *a, const pmo_node *b, size_t bi)
{
	size_t j;

	for (j = bi; j-- > 0;) {
		long i = keys_find(ka, b->pairs[j].key);
		if (i >= 0)
			return pmo__merge_entry_end(m->as, m->alen, &a->pairs[i]);
	}
	if (pmo__merge_starts_line(m->as, a->pairs[0].key->start))
		return pmo__merge_line_start(m->as, a->pairs[0].key->start);
	return pmo__merge_entry_end(m->as, m->alen, &a->pairs[a->n - 1]);
}

/* Both sides changed an entry two ways (ai or bi -1: deleted there). In
 * an item of a keyed list the item shows the conflict: theirs's version is
 * an edit of the item's theirs text only. Elsewhere the entry's lines get
 * the markers. */
static int entry_conflict(merger *m, const pmo_node *a, long ai, const pmo_node *b, long bi,
			  size_t at, const char *why)
{
	const pmo_pair *ap = ai >= 0 ? &a->pairs[ai] : NULL;
	uint32_t col = a->pairs[0].key->col;
	size_t from = at, to = at, pos = m->pool.len, was;
	pmo_buf theirs = PMO_BUF_INIT, what = PMO_BUF_INIT;
	int error = 0;

	if (m->in_item) {
		const pmo_node *key = ap ? ap->key : b->pairs[bi].key;
		m->item_conflicts++;
		if (m->item_what.len)
			pmo_buf_puts(&m->item_what, ", ");
		pmo_buf_put(&m->item_what, key->str, key->len);
		if (ap && bi >= 0) {
			if ((error = pmo__merge_b_entry(m, &m->pool, b, (size_t)bi, col)) < 0)
				return error;
			return pmo__merge_push(m, ap->key->start, pmo__merge_entry_end(m->as, m->alen, ap), pos, 1, -1);
		}
		if (ap) {
			if (!pmo__merge_starts_line(m->as, ap->key->start)) {
				m->item_canonical = 1;
				return 0;
			}
			return pmo__merge_push(m, pmo__merge_line_start(m->as, ap->key->start),
				     pmo__merge_entry_end(m->as, m->alen, ap), pos, 1, -1);
		}
		pmo_buf_pad(&m->pool, ' ', col - 1);
		if ((error = pmo__merge_b_entry(m, &m->pool, b, (size_t)bi, col)) < 0)
			return error;
		return pmo__merge_push(m, at, at, pos, 1, -1);
	}
	if (ap) {
		if (!pmo__merge_starts_line(m->as, ap->key->start)) {
			m->retry = 1;
			return 0;
		}
		from = pmo__merge_line_start(m->as, ap->key->start);
		to = pmo__merge_entry_end(m->as, m->alen, ap);
	}
	if (bi >= 0) {
		pmo_buf_pad(&theirs, ' ', col - 1);
		error = pmo__merge_b_entry(m, &theirs, b, (size_t)bi, col);
	}
	path_push(m, ap ? ap->key : b->pairs[bi].key, &was);
	pmo_buf_put(&what, m->path.ptr, m->path.len);
	pmo_buf_truncate(&m->path, was);
	if (error >= 0 && (error = pmo_buf_oom(&theirs)) >= 0 && (error = pmo_buf_oom(&what)) >= 0)
		error = pmo__merge_push_conflict(m, from, to, m->as + from, to - from, theirs.ptr ? theirs.ptr : "",
				      theirs.len, what.ptr, why, what.ptr, what.ptr);
	pmo_buf_free(&theirs);
	pmo_buf_free(&what);
	return error;
}

static const pmo_merge_list *keyed_list(merger *m, const pmo_node *key)
{
	size_t i;

	if (m->path.len || m->in_item)
		return NULL;
	for (i = 0; i < m->spec->nlists; i++)
		if (strlen(m->spec->lists[i].key) == key->len &&
		    !memcmp(m->spec->lists[i].key, key->str, key->len))
			return &m->spec->lists[i];
	return NULL;
}

/* An entry both sides have and changed (ov NULL: both added it). */
static int merge_both(merger *m, const pmo_node *o, const pmo_node *a, long ai,
		      const pmo_node *b, long bi, pmo_node **x, pmo_node **y)
{
	const pmo_node *key = a->pairs[ai].key, *av = a->pairs[ai].value,
		       *bv = b->pairs[bi].value, *ov = o ? pmo_map_get(o, key->str) : NULL;
	const pmo_merge_list *list = keyed_list(m, key);
	size_t was;
	int r;

	if (list) {
		if ((r = pmo__merge_keyed(m, list, ov, av, bv, x, y)) <= 0)
			return r;
	} else if (ov && ov->kind == PMO_NODE_MAP && pmo__merge_block_map(av) && bv->kind == PMO_NODE_MAP &&
		   bv->n) {
		path_push(m, key, &was);
		r = pmo__merge_map(m, ov, av, bv, x, y);
		pmo_buf_truncate(&m->path, was);
		return r;
	}
	*x = (pmo_node *)av;
	*y = (pmo_node *)bv;
	return entry_conflict(m, a, ai, b, bi, 0, ov ? "changed on both sides" : "added on both sides");
}

/* Merge the block mappings a and b, both changed from o (a mapping, or
 * NULL: none). */
int pmo__merge_map(merger *m, const pmo_node *o, const pmo_node *a, const pmo_node *b,
		     pmo_node **x, pmo_node **y)
{
	pmo_node *mx = pmo_node_map(m->tmp), *my = pmo_node_map(m->tmp);
	uint32_t col = a->pairs[0].key->col;
	keys ko, ka, kb;
	size_t i, pos;
	int error = 0;

	memset(&ko, 0, sizeof(ko));
	memset(&ka, 0, sizeof(ka));
	memset(&kb, 0, sizeof(kb));
	if (!mx || !my)
		return PMO_ENOMEM;
	if ((error = keys_init(&ko, o)) < 0 || (error = keys_init(&ka, a)) < 0 ||
	    (error = keys_init(&kb, b)) < 0)
		goto done;
	for (i = 0; i < a->n && error >= 0; i++) {
		const pmo_pair *ap = &a->pairs[i];
		long oi = keys_find(&ko, ap->key), bi = keys_find(&kb, ap->key);
		const pmo_node *ov = oi >= 0 ? o->pairs[oi].value : NULL, *bv;
		pmo_node *vx, *vy;

		if (bi < 0) {
			if (!ov) {
				error = pmo__merge_tree_put(m, mx, ap->key, ap->value);
				error = error < 0 ? error : pmo__merge_tree_put(m, my, ap->key, ap->value);
			} else if (pmo__merge_same(ov, ap->value)) {
				/* theirs deleted it */
				if (!pmo__merge_starts_line(m->as, ap->key->start)) {
					if (m->in_item)
						m->item_canonical = 1;
					else
						m->retry = 1;
				} else {
					pos = m->pool.len;
					error = pmo__merge_push(m, pmo__merge_line_start(m->as, ap->key->start),
						     pmo__merge_entry_end(m->as, m->alen, ap), pos, 0, -1);
				}
			} else {
				error = pmo__merge_tree_put(m, mx, ap->key, ap->value);
				error = error < 0 ? error : entry_conflict(m, a, (long)i, b, -1, 0,
									  "changed on ours, deleted on theirs");
			}
			continue;
		}
		bv = b->pairs[bi].value;
		if (pmo__merge_same(ap->value, bv) || (ov && pmo__merge_same(ov, bv))) {
			vx = vy = ap->value;
		} else if (ov && pmo__merge_same(ov, ap->value)) {
			pos = m->pool.len;
			if ((error = pmo__merge_b_entry(m, &m->pool, b, (size_t)bi, col)) < 0)
				break;
			error = pmo__merge_push(m, ap->key->start, pmo__merge_entry_end(m->as, m->alen, ap), pos, 0, -1);
			vx = vy = (pmo_node *)bv;
		} else {
			error = merge_both(m, o, a, (long)i, b, bi, &vx, &vy);
		}
		if (error >= 0)
			error = pmo__merge_tree_put(m, mx, ap->key, vx);
		if (error >= 0)
			error = pmo__merge_tree_put(m, my, ap->key, vy);
	}
	for (i = 0; i < b->n && error >= 0; i++) {
		const pmo_pair *bp = &b->pairs[i];
		long oi = keys_find(&ko, bp->key);
		const pmo_node *ov = oi >= 0 ? o->pairs[oi].value : NULL;

		if (keys_find(&ka, bp->key) >= 0)
			continue;
		pos = insert_at(m, &ka, a, b, i);
		if (!ov) {
			size_t at = m->pool.len;
			pmo_buf_pad(&m->pool, ' ', col - 1);
			if ((error = pmo__merge_b_entry(m, &m->pool, b, i, col)) < 0)
				break;
			error = pmo__merge_push(m, pos, pos, at, 0, -1);
			error = error < 0 ? error : pmo__merge_tree_put(m, mx, bp->key, bp->value);
			error = error < 0 ? error : pmo__merge_tree_put(m, my, bp->key, bp->value);
		} else if (!pmo__merge_same(ov, bp->value)) {
			error = pmo__merge_tree_put(m, my, bp->key, bp->value);
			error = error < 0 ? error : entry_conflict(m, a, -1, b, (long)i, pos,
								  "deleted on ours, changed on theirs");
		}
	}
	if (error >= 0) {
		mx->style = my->style = PMO_STYLE_BLOCK;
		*x = mx;
		*y = my;
	}
done:
	pmo_htab_free(&ko.ht);
	pmo_htab_free(&ka.ht);
	pmo_htab_free(&kb.ht);
	return error;
}

/* --- keyed lists ----------------------------------------------------------------- */

/* The index of seq: one made already, else built in local. 0, 1 (not
 * keyed) or an error. */
static int index_of(merger *m, const pmo__ids **out, pmo__ids *local, const pmo_node *seq,
		    const char *prefix)
{
	size_t i;
	int error;

	for (i = 0; i < m->nids; i++)
		if (m->ids[i].prefix == prefix && m->ids[i].seq == seq) {
			*out = &m->ids[i];
			return 0;
		}
	if ((error = pmo__ids_build(local, seq, prefix)) != 0)
		return error;
	*out = local;
	return 0;
}

/* "list\0id", the key of pending and needed */
static int pending_key(merger *m, const pmo_merge_list *list, const pmo_node *item, char **key,
		       size_t *len)
{
	const pmo_node *id = pmo_map_get(item, "id");
	size_t kl = strlen(list->key);
	char *k = pmo__arena_alloc(m->tmp, kl + 1 + id->len);

	if (!k)
		return PMO_ENOMEM;
	memcpy(k, list->key, kl + 1);
	memcpy(k + kl + 1, id->str, id->len);
	*key = k;
	*len = kl + 1 + id->len;
	return 0;
}

/* One side deleted the item: gone, unless the result still names it
 * (then a conflict). 1 when it is needed. */
static int deleted(merger *m, const pmo_merge_list *list, const pmo_node *item)
{
	char *k;
	size_t len;
	int error;

	if ((error = pending_key(m, list, item, &k, &len)) < 0)
		return error;
	if (m->needed && pmo_htab_get(m->needed, k, len))
		return 1;
	return pmo_htab_put(&m->pending, k, len, (void *)1);
}

static int item_conflict(merger *m, size_t from, size_t to, const pmo_node *item_a,
			 const pmo_node *bseq, long bj, size_t indent, const char *why,
			 const char *olabel, const char *tlabel)
{
	pmo_buf theirs = PMO_BUF_INIT;
	const pmo_node *id = pmo_map_get(item_a ? item_a : bseq->items[bj], "id");
	int error = 0;

	if (bj >= 0)
		error = pmo__merge_b_item(m, &theirs, bseq, (size_t)bj, indent, 0);
	if (error >= 0 && (error = pmo_buf_oom(&theirs)) >= 0)
		error = pmo__merge_push_conflict(m, from, to, m->as + from, to - from,
				      theirs.ptr ? theirs.ptr : "", theirs.len, id->str, why,
				      olabel ? olabel : id->str, tlabel ? tlabel : id->str);
	pmo_buf_free(&theirs);
	return error;
}

/* An item both sides changed: merged key by key; a conflict shows the
 * whole item twice. */
static int merge_item(merger *m, const pmo_node *o, const pmo_node *a, const pmo_node *b,
		      size_t from, size_t to, size_t indent, pmo_node **x, pmo_node **y)
{
	size_t mark = m->ned;
	const pmo_node *id = pmo_map_get(a, "id");
	pmo_buf ours = PMO_BUF_INIT, theirs = PMO_BUF_INIT, label = PMO_BUF_INIT;
	int error;

	m->in_item = 1;
	m->item_conflicts = 0;
	m->item_canonical = 0;
	pmo_buf_clear(&m->item_what);
	error = pmo__merge_map(m, o, a, b, x, y);
	m->in_item = 0;
	if (error < 0 || (!m->item_conflicts && !m->item_canonical))
		return error;
	if (m->item_canonical) {
		error = pmo__emit_item(&ours, *x, indent, m->nl);
		if (error >= 0 && m->item_conflicts)
			error = pmo__emit_item(&theirs, *y, indent, m->nl);
	} else {
		error = pmo__merge_render(m, &ours, from, to, mark, 1);
		if (error >= 0)
			error = pmo__merge_render(m, &theirs, from, to, mark, 2);
	}
	m->ned = mark;
	if (error < 0)
		goto done;
	if (!m->item_conflicts) {
		size_t at = m->pool.len;
		pmo_buf_put(&m->pool, ours.ptr, ours.len);
		error = pmo__merge_push(m, from, to, at, 0, -1);
		goto done;
	}
	pmo_buf_printf(&label, "%s %s", id->str, pmo_buf_cstr(&m->item_what));
	if ((error = pmo_buf_oom(&label)) >= 0)
		error = pmo__merge_push_conflict(m, from, to, ours.ptr, ours.len, theirs.ptr, theirs.len,
				      label.ptr, "changed on both sides", label.ptr, label.ptr);
done:
	pmo_buf_free(&ours);
	pmo_buf_free(&theirs);
	pmo_buf_free(&label);
	return error;
}

typedef struct {
	long anchor;     /* the item of ours it follows, -1: before the first */
	size_t j;        /* theirs's item */
	int conflict;    /* ours deleted it, theirs changed it (or it is needed) */
	const char *why;
} insertion;

static int by_anchor(const void *x, const void *y)
{
	const insertion *a = x, *b = y;

	if (a->anchor != b->anchor)
		return a->anchor < b->anchor ? -1 : 1;
	return a->j < b->j ? -1 : a->j > b->j;
}

static int put_insertions(merger *m, const insertion *ins, size_t n, size_t *k, long anchor,
			  size_t pos, size_t indent, const pmo_node *b, pmo_node *x, pmo_node *y)
{
	int error = 0;

	for (; *k < n && ins[*k].anchor == anchor && error >= 0; (*k)++) {
		const insertion *in = &ins[*k];
		const pmo_node *item = b->items[in->j];
		if (in->conflict) {
			const pmo_node *id = pmo_map_get(item, "id");
			pmo_buf label = PMO_BUF_INIT;
			pmo_buf_printf(&label, "%s deleted", id->str);
			error = pmo_buf_oom(&label);
			if (error >= 0)
				error = item_conflict(m, pos, pos, NULL, b, (long)in->j, indent, in->why,
						      label.ptr, id->str);
			pmo_buf_free(&label);
			error = error < 0 ? error : pmo__merge_tree_add(m, y, item);
		} else {
			size_t at = m->pool.len;
			if (pos == m->alen && pos && m->as[pos - 1] != '\n')
				pmo_buf_puts(&m->pool, m->nl);
			error = pmo__merge_b_item(m, &m->pool, b, in->j, indent, 1);
			error = error < 0 ? error : pmo__merge_push(m, pos, pos, at, 0, -1);
			error = error < 0 ? error : pmo__merge_tree_add(m, x, item);
			error = error < 0 ? error : pmo__merge_tree_add(m, y, item);
		}
	}
	return error;
}

/* One item of ours. */
static int merge_a_item(merger *m, const pmo_merge_list *list, const pmo_node *o,
			const pmo__ids *ho, const pmo_node *a, size_t i, const pmo_node *b,
			const pmo__ids *hb, size_t indent, pmo_node *x, pmo_node *y)
{
	const pmo_node *ai = a->items[i], *oi = NULL, *bi = NULL;
	long k = pmo__ids_item(ho, ai), j = pmo__ids_item(hb, ai);
	size_t from, to, at;
	pmo_node *vx, *vy;
	int error = 0, r;

	if (pmo__merge_a_item_range(m, a, i, &from, &to) < 0) {
		m->retry = 1;
		return 0;
	}
	oi = k >= 0 ? o->items[k] : NULL;
	bi = j >= 0 ? b->items[j] : NULL;
	if (!bi) {
		if (!oi)
			return pmo__merge_tree_add(m, x, ai) < 0 || pmo__merge_tree_add(m, y, ai) < 0 ? PMO_ENOMEM : 0;
		if (!pmo__merge_same(oi, ai)) {
			pmo_buf label = PMO_BUF_INIT;
			pmo_buf_printf(&label, "%s deleted", pmo_map_get(ai, "id")->str);
			error = pmo_buf_oom(&label);
			if (error >= 0)
				error = item_conflict(m, from, to, ai, b, -1, indent,
						      "changed on ours, deleted on theirs", NULL, label.ptr);
			pmo_buf_free(&label);
			return error < 0 ? error : pmo__merge_tree_add(m, x, ai);
		}
		if ((r = deleted(m, list, ai)) < 0)
			return r;
		if (r == 1) {
			pmo_buf label = PMO_BUF_INIT;
			pmo_buf_printf(&label, "%s deleted", pmo_map_get(ai, "id")->str);
			error = pmo_buf_oom(&label);
			if (error >= 0)
				error = item_conflict(m, from, to, ai, b, -1, indent,
						      "deleted on theirs, still named on ours", NULL,
						      label.ptr);
			pmo_buf_free(&label);
			return error < 0 ? error : pmo__merge_tree_add(m, x, ai);
		}
		at = m->pool.len;
		return pmo__merge_push(m, from, to, at, 0, -1);
	}
	if (pmo__merge_same(ai, bi) || (oi && pmo__merge_same(oi, bi))) {
		vx = vy = (pmo_node *)ai;
	} else if (oi && pmo__merge_same(oi, ai)) {
		at = m->pool.len;
		if ((error = pmo__merge_b_item(m, &m->pool, b, (size_t)j, indent, 0)) < 0 ||
		    (error = pmo__merge_push(m, from, to, at, 0, -1)) < 0)
			return error;
		vx = vy = (pmo_node *)bi;
	} else if (oi && oi->kind == PMO_NODE_MAP && ai->kind == PMO_NODE_MAP && ai->n &&
		   bi->kind == PMO_NODE_MAP && bi->n) {
		if (!pmo__merge_block_map(ai)) {
			/* "- {id: T-1, …}": merged key by key in the canonical text */
			m->retry = 1;
			return 0;
		}
		if ((error = merge_item(m, oi, ai, bi, from, to, indent, &vx, &vy)) < 0)
			return error;
	} else {
		vx = (pmo_node *)ai;
		vy = (pmo_node *)bi;
		if ((error = item_conflict(m, from, to, ai, b, j, indent,
					   oi ? "changed on both sides" : "added on both sides", NULL,
					   NULL)) < 0)
			return error;
	}
	return pmo__merge_tree_add(m, x, vx) < 0 || pmo__merge_tree_add(m, y, vy) < 0 ? PMO_ENOMEM : 0;
}

/* Merge the list by its items' ids. 1 when it is not such a list (or not
 * in block style on both sides): the caller merges it as one value. */
int pmo__merge_keyed(merger *m, const pmo_merge_list *list, const pmo_node *o,
		       const pmo_node *a, const pmo_node *b, pmo_node **x, pmo_node **y)
{
	pmo__ids lo, la, hb;
	const pmo__ids *ho = NULL, *ha = NULL;
	insertion *ins = NULL;
	size_t nins = 0, i, k = 0, indent, from, to;
	long anchor = -1, d;
	pmo_node *sx = pmo_node_seq(m->tmp), *sy = pmo_node_seq(m->tmp);
	int error = 0;

	memset(&lo, 0, sizeof(lo));
	memset(&la, 0, sizeof(la));
	memset(&hb, 0, sizeof(hb));
	if (!sx || !sy)
		return PMO_ENOMEM;
	if (!a || a->kind != PMO_NODE_SEQ || a->style != PMO_STYLE_BLOCK || !a->n || !a->line ||
	    !b || b->kind != PMO_NODE_SEQ || !b->n) {
		if (a && a->kind == PMO_NODE_SEQ && b && b->kind == PMO_NODE_SEQ)
			m->retry = 1; /* flow style or empty: in the canonical text */
		return 1;
	}
	if ((error = index_of(m, &ha, &la, a, list->prefix)) != 0 ||
	    (error = pmo__ids_build(&hb, b, list->prefix)) != 0 ||
	    (error = index_of(m, &ho, &lo, o, list->prefix)) != 0)
		goto done;
	if ((d = pmo__merge_dash_of(m->as, a->items[0]->start)) < 0) {
		m->retry = 1;
		error = 1;
		goto done;
	}
	indent = (size_t)d - pmo__merge_line_start(m->as, (size_t)d);
	if (!(ins = calloc(b->n, sizeof(*ins)))) {
		error = pmo__merge_oom();
		goto done;
	}
	for (i = 0; i < b->n && error >= 0; i++) {
		const pmo_node *bj = b->items[i];
		long ia = pmo__ids_item(ha, bj), io = pmo__ids_item(ho, bj);
		if (ia >= 0) {
			anchor = ia;
			continue;
		}
		/* after the items ours added there: both sides appended, ours's
		 * come first */
		while (anchor + 1 < (long)a->n && pmo__ids_item(ho, a->items[anchor + 1]) < 0 &&
		       pmo__ids_item(&hb, a->items[anchor + 1]) < 0)
			anchor++;
		if (io < 0) {
			ins[nins++] = (insertion){ anchor, i, 0, NULL };
		} else if (!pmo__merge_same(o->items[io], bj)) {
			ins[nins++] = (insertion){ anchor, i, 1, "deleted on ours, changed on theirs" };
		} else {
			int r = deleted(m, list, bj);
			if (r < 0)
				error = r;
			else if (r == 1)
				ins[nins++] = (insertion){ anchor, i, 1,
							   "deleted on ours, still named on theirs" };
		}
	}
	if (error < 0)
		goto done;
	qsort(ins, nins, sizeof(*ins), by_anchor);
	if (pmo__merge_a_item_range(m, a, 0, &from, &to) < 0) {
		m->retry = 1;
		error = 1;
		goto done;
	}
	error = put_insertions(m, ins, nins, &k, -1, from, indent, b, sx, sy);
	for (i = 0; i < a->n && error >= 0; i++) {
		error = merge_a_item(m, list, o, ho, a, i, b, &hb, indent, sx, sy);
		if (error >= 0 && k < nins && ins[k].anchor == (long)i) {
			if (pmo__merge_a_item_range(m, a, i, &from, &to) < 0) {
				m->retry = 1;
				break;
			}
			error = put_insertions(m, ins, nins, &k, (long)i, to, indent, b, sx, sy);
		}
	}
	if (error >= 0) {
		sx->style = sy->style = PMO_STYLE_BLOCK;
		*x = sx;
		*y = sy;
		error = 0;
	}
done:
	free(ins);
	pmo__ids_free(&lo);
	pmo__ids_free(&la);
	pmo__ids_free(&hb);
	return error;
}

