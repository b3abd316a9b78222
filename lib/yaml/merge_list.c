/* The lists a merge spec keys by "id" (merge.h): items merge by ID
 * wherever they stand, one side's deletion meets the other's change as a
 * conflict, and theirs's new items go after the item they follow on
 * theirs's side. */
#include "yaml/merge_internal.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

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

