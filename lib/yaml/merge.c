/* The three-way merge of YAML documents (merge.h says what it does).
 *
 * The result is ours's text with edits: each edit replaces a byte range of
 * ours's source (or inserts at a place) with text, most often the lines of
 * the same item or entry on theirs's side. Beside the text the merge builds
 * the tree the result must read back as, twice: with every conflict
 * resolved for ours (x) and for theirs (y). The text is checked against
 * them at the end; with conflicts each side of the markers is read on its
 * own. A place the edits cannot reach (an item whose first key goes, a
 * list in flow style) makes the whole merge run again on the canonical
 * text of the three versions. */
#include "yaml/merge_internal.h"
#include "util/error.h"
#include "util/hash.h"

#include <stdlib.h>
#include <string.h>


int pmo__merge_oom(void)
{
	return pmo_error_set_oom();
}

size_t pmo__merge_line_start(const char *s, size_t pos)
{
	while (pos > 0 && s[pos - 1] != '\n')
		pos--;
	return pos;
}

/* After the line break of the line where pos ends a node. */
static size_t line_after(const char *s, size_t len, size_t pos)
{
	if (pos > 0 && s[pos - 1] == '\n')
		return pos;
	while (pos < len && s[pos] != '\n')
		pos++;
	return pos < len ? pos + 1 : pos;
}

static int starts_line(const char *s, size_t pos)
{
	size_t p = pmo__merge_line_start(s, pos);

	while (p < pos && s[p] == ' ')
		p++;
	return p == pos;
}

static size_t entry_end(const char *s, size_t len, const pmo_pair *p)
{
	size_t e = p->key->end > p->value->end ? p->key->end : p->value->end;
	return line_after(s, len, e);
}

/* The dash of a block list's item that starts at pos, or -1. */
long pmo__merge_dash_of(const char *s, size_t pos)
{
	while (pos > 0 && (s[pos - 1] == ' ' || s[pos - 1] == '\n' || s[pos - 1] == '\r'))
		pos--;
	return pos > 0 && s[pos - 1] == '-' ? (long)pos - 1 : -1;
}

int pmo__merge_same(const pmo_node *a, const pmo_node *b)
{
	return pmo_node_equal(a, b);
}

int pmo__merge_block_map(const pmo_node *n)
{
	return n && n->kind == PMO_NODE_MAP && n->style == PMO_STYLE_BLOCK && n->n && n->line;
}

/* --- text -------------------------------------------------------------------- */

/* "key: value" from the key on, canonical, for a mapping at indent */
static int emit_entry(pmo_buf *out, const pmo_pair *p, size_t indent, const char *nl)
{
	int error;

	if ((error = pmo__emit_flow_scalar(out, p->key)) < 0)
		return error;
	pmo_buf_putc(out, ':');
	return pmo__emit_after_indicator(out, p->value, indent, nl);
}

static void end_line(merger *m, pmo_buf *out)
{
	if (out->len && out->ptr[out->len - 1] != '\n')
		pmo_buf_puts(out, m->nl);
}

/* Theirs's entry i of bmap from its key on, for a mapping of ours whose
 * keys stand at column col: its own lines when theirs's keys stand there
 * too, else canonical. */
static int b_entry(merger *m, pmo_buf *out, const pmo_node *bmap, size_t i, uint32_t col)
{
	const pmo_pair *p = &bmap->pairs[i];

	if (bmap->style == PMO_STYLE_BLOCK && p->key->col == col && p->key->line) {
		size_t to = entry_end(m->bs, m->blen, p);
		pmo__merge_put_renamed(out, m->bs, m->blen, p->key->start, to, m->bren, m->nbren);
		end_line(m, out);
		return pmo_buf_oom(out);
	}
	return emit_entry(out, p, col - 1, m->nl);
}

/* The lines of item i of a block list of ours. */
int pmo__merge_a_item_range(merger *m, const pmo_node *seq, size_t i, size_t *from, size_t *to)
{
	long d = pmo__merge_dash_of(m->as, seq->items[i]->start);

	if (d < 0)
		return -1;
	*from = pmo__merge_line_start(m->as, (size_t)d);
	*to = line_after(m->as, m->alen, seq->items[i]->end);
	return 0;
}

/* Theirs's item j for a list of ours whose dashes stand at indent; with
 * gap, from the end of theirs's item before it (the comment lines above a
 * new item come with it). */
int pmo__merge_b_item(merger *m, pmo_buf *out, const pmo_node *bseq, size_t j, size_t indent, int gap)
{
	const pmo_node *it = bseq->items[j];
	long d = bseq->style == PMO_STYLE_BLOCK && it->line ? pmo__merge_dash_of(m->bs, it->start) : -1;

	if (d >= 0 && (size_t)d - pmo__merge_line_start(m->bs, (size_t)d) == indent) {
		size_t from = pmo__merge_line_start(m->bs, (size_t)d), to = line_after(m->bs, m->blen, it->end);
		if (gap && j > 0) {
			size_t g = line_after(m->bs, m->blen, bseq->items[j - 1]->end);
			if (g < from)
				from = g;
		}
		pmo__merge_put_renamed(out, m->bs, m->blen, from, to, m->bren, m->nbren);
		end_line(m, out);
		return pmo_buf_oom(out);
	}
	return pmo__emit_item(out, it, indent, m->nl);
}

/* --- edits ------------------------------------------------------------------- */

int pmo__merge_push(merger *m, size_t start, size_t end, size_t at, int theirs_only, long conflict)
{
	merge_edit *e;

	if (pmo_buf_oom(&m->pool) < 0)
		return PMO_ENOMEM;
	if (m->ned == m->edroom) {
		size_t room = m->edroom ? m->edroom * 2 : 64;
		merge_edit *v = realloc(m->ed, room * sizeof(*v));
		if (!v)
			return pmo__merge_oom();
		m->ed = v;
		m->edroom = room;
	}
	e = &m->ed[m->ned++];
	e->start = (uint32_t)start;
	e->end = (uint32_t)end;
	e->seq = m->seq++;
	e->theirs_only = (uint8_t)theirs_only;
	e->conflict = conflict;
	e->at = at;
	e->len = m->pool.len - at;
	return 0;
}

static int edit_order(const void *x, const void *y)
{
	const merge_edit *a = x, *b = y;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if ((a->start == a->end) != (b->start == b->end))
		return a->start == a->end ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static size_t count_lines(const char *s, size_t n)
{
	size_t k = 0;
	const char *e = s + n;

	while ((s = memchr(s, '\n', (size_t)(e - s))) != NULL) {
		k++;
		s++;
	}
	return k;
}

/* ours's bytes [from, to) with the edits from first on; mode 0 every edit
 * (and the conflicts' lines noted), 1 ours (without theirs_only), 2 theirs */
int pmo__merge_render(merger *m, pmo_buf *out, size_t from, size_t to, size_t first, int mode)
{
	size_t cur = from, i, counted = out->len, lines = 1;

	qsort(m->ed + first, m->ned - first, sizeof(*m->ed), edit_order);
	for (i = first; i < m->ned; i++) {
		const merge_edit *e = &m->ed[i];
		if (mode == 1 && e->theirs_only)
			continue;
		if (e->start < cur) {
			m->retry = 1; /* edits overlap: not expected */
			continue;
		}
		pmo_buf_put(out, m->as + cur, e->start - cur);
		if (mode == 0 && e->conflict >= 0 && !out->oom) {
			lines += count_lines(out->ptr + counted, out->len - counted);
			counted = out->len;
			m->cf[e->conflict].line = lines;
		}
		pmo_buf_put(out, m->pool.ptr + e->at, e->len);
		cur = e->end;
	}
	pmo_buf_put(out, m->as + cur, to - cur);
	return pmo_buf_oom(out);
}

/* A conflict: what for the report, labels for the markers. */
static long add_conflict(merger *m, const char *what, const char *why)
{
	pmo_merge_conflict *c;
	pmo_buf b = PMO_BUF_INIT;

	if (m->ncf == m->cfroom) {
		size_t room = m->cfroom ? m->cfroom * 2 : 8;
		pmo_merge_conflict *v = realloc(m->cf, room * sizeof(*v));
		if (!v)
			return pmo__merge_oom();
		m->cf = v;
		m->cfroom = room;
	}
	pmo_buf_printf(&b, "%s %s", what, why);
	if (pmo_buf_oom(&b) < 0)
		return PMO_ENOMEM;
	c = &m->cf[m->ncf];
	c->what = pmo_buf_detach(&b);
	c->line = 0;
	return (long)m->ncf++;
}

/* Push the markers around ours and theirs over ours's [from, to). */
int pmo__merge_push_conflict(merger *m, size_t from, size_t to, const char *ours, size_t olen,
			 const char *theirs, size_t tlen, const char *what, const char *why,
			 const char *olabel, const char *tlabel)
{
	size_t at = m->pool.len;
	long c = add_conflict(m, what, why);

	if (c < 0)
		return (int)c;
	pmo_buf_printf(&m->pool, "<<<<<<< ours: %s%s", olabel, m->nl);
	pmo_buf_put(&m->pool, ours, olen);
	end_line(m, &m->pool);
	pmo_buf_printf(&m->pool, "=======%s", m->nl);
	pmo_buf_put(&m->pool, theirs, tlen);
	end_line(m, &m->pool);
	pmo_buf_printf(&m->pool, ">>>>>>> theirs: %s%s", tlabel, m->nl);
	return pmo__merge_push(m, from, to, at, 0, c);
}

/* --- the merged trees ----------------------------------------------------------- */

static int tree_put(merger *m, pmo_node *map, const pmo_node *key, const pmo_node *value)
{
	return value ? pmo_map_append(m->tmp, map, (pmo_node *)key, (pmo_node *)value) : 0;
}

int pmo__merge_tree_add(merger *m, pmo_node *seq, const pmo_node *item)
{
	return item ? pmo_seq_append(m->tmp, seq, (pmo_node *)item) : 0;
}

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
			return entry_end(m->as, m->alen, &a->pairs[i]);
	}
	if (starts_line(m->as, a->pairs[0].key->start))
		return pmo__merge_line_start(m->as, a->pairs[0].key->start);
	return entry_end(m->as, m->alen, &a->pairs[a->n - 1]);
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
			if ((error = b_entry(m, &m->pool, b, (size_t)bi, col)) < 0)
				return error;
			return pmo__merge_push(m, ap->key->start, entry_end(m->as, m->alen, ap), pos, 1, -1);
		}
		if (ap) {
			if (!starts_line(m->as, ap->key->start)) {
				m->item_canonical = 1;
				return 0;
			}
			return pmo__merge_push(m, pmo__merge_line_start(m->as, ap->key->start),
				     entry_end(m->as, m->alen, ap), pos, 1, -1);
		}
		pmo_buf_pad(&m->pool, ' ', col - 1);
		if ((error = b_entry(m, &m->pool, b, (size_t)bi, col)) < 0)
			return error;
		return pmo__merge_push(m, at, at, pos, 1, -1);
	}
	if (ap) {
		if (!starts_line(m->as, ap->key->start)) {
			m->retry = 1;
			return 0;
		}
		from = pmo__merge_line_start(m->as, ap->key->start);
		to = entry_end(m->as, m->alen, ap);
	}
	if (bi >= 0) {
		pmo_buf_pad(&theirs, ' ', col - 1);
		error = b_entry(m, &theirs, b, (size_t)bi, col);
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
				error = tree_put(m, mx, ap->key, ap->value);
				error = error < 0 ? error : tree_put(m, my, ap->key, ap->value);
			} else if (pmo__merge_same(ov, ap->value)) {
				/* theirs deleted it */
				if (!starts_line(m->as, ap->key->start)) {
					if (m->in_item)
						m->item_canonical = 1;
					else
						m->retry = 1;
				} else {
					pos = m->pool.len;
					error = pmo__merge_push(m, pmo__merge_line_start(m->as, ap->key->start),
						     entry_end(m->as, m->alen, ap), pos, 0, -1);
				}
			} else {
				error = tree_put(m, mx, ap->key, ap->value);
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
			if ((error = b_entry(m, &m->pool, b, (size_t)bi, col)) < 0)
				break;
			error = pmo__merge_push(m, ap->key->start, entry_end(m->as, m->alen, ap), pos, 0, -1);
			vx = vy = (pmo_node *)bv;
		} else {
			error = merge_both(m, o, a, (long)i, b, bi, &vx, &vy);
		}
		if (error >= 0)
			error = tree_put(m, mx, ap->key, vx);
		if (error >= 0)
			error = tree_put(m, my, ap->key, vy);
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
			if ((error = b_entry(m, &m->pool, b, i, col)) < 0)
				break;
			error = pmo__merge_push(m, pos, pos, at, 0, -1);
			error = error < 0 ? error : tree_put(m, mx, bp->key, bp->value);
			error = error < 0 ? error : tree_put(m, my, bp->key, bp->value);
		} else if (!pmo__merge_same(ov, bp->value)) {
			error = tree_put(m, my, bp->key, bp->value);
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

/* --- one run ------------------------------------------------------------------------ */

static const char *newline_of(const char *s, size_t len)
{
	const char *nlp = memchr(s, '\n', len);
	return nlp && nlp > s && nlp[-1] == '\r' ? "\r\n" : "\n";
}

static const pmo_node *content(const pmo_doc *d)
{
	const pmo_node *r = d ? pmo_doc_root(d) : NULL;

	if (!r || (r->kind == PMO_NODE_SCALAR && r->tag == PMO_TAG_NULL) ||
	    (r->kind == PMO_NODE_MAP && !r->n))
		return NULL;
	return r;
}

static void run_reset(merger *m)
{
	size_t i;

	for (i = 0; i < m->ncf; i++)
		free(m->cf[i].what);
	m->ncf = 0;
	m->ned = 0;
	m->seq = 0;
	m->retry = 0;
	m->in_item = 0;
	pmo_buf_clear(&m->pool);
	pmo_buf_clear(&m->path);
	pmo_htab_free(&m->pending);
	pmo_doc_free(m->tmp);
	m->tmp = NULL;
}

static void merger_free(merger *m)
{
	run_reset(m);
	free(m->cf);
	free(m->ed);
	pmo_buf_free(&m->pool);
	pmo_buf_free(&m->path);
	pmo_buf_free(&m->item_what);
}

/* Merge once: the text in out, the trees in x and y. 1: not in place
 * (m->retry). */
static int run(merger *m, pmo_buf *out, const pmo_doc *o, const pmo_doc *a, const pmo_doc *b,
	       const pmo_node **x, const pmo_node **y)
{
	const pmo_node *ro = content(o), *ra = content(a), *rb = m->broot ? m->broot : content(b);
	pmo_node *mx = NULL, *my = NULL;
	int error;

	run_reset(m);
	if ((error = pmo_doc_new(&m->tmp)) < 0)
		return error;
	m->as = pmo_doc_source(a, &m->alen);
	m->bs = pmo_doc_source(b, &m->blen);
	m->nl = newline_of(m->as, m->alen);
	if (pmo__merge_same(ra, rb) || pmo__merge_same(ro, rb)) {
		*x = *y = pmo_doc_root(a);
		return pmo_buf_put(out, m->as, m->alen);
	}
	if (pmo__merge_same(ro, ra)) {
		*x = *y = m->broot ? m->broot : pmo_doc_root(b);
		return pmo__merge_put_renamed(out, m->bs, m->blen, 0, m->blen, m->bren, m->nbren);
	}
	if (!pmo__merge_block_map(ra) || !pmo__merge_block_map(rb) || (ro && ro->kind != PMO_NODE_MAP)) {
		m->retry = 1;
		return 1;
	}
	if ((error = pmo__merge_map(m, ro, ra, rb, &mx, &my)) < 0)
		return error;
	if (m->retry)
		return 1;
	*x = mx;
	*y = my;
	if ((error = pmo__merge_render(m, out, 0, m->alen, 0, 0)) < 0)
		return error;
	return m->retry ? 1 : 0;
}

/* --- the references the result makes ---------------------------------------------- */

typedef struct {
	merger *m;
	pmo_htab *needed;
	pmo_doc *keep;
	int added;
	int error;
} need_walk;

static int note_need(const pmo_node *n, const pmo_merge_ref *ref, const pmo_merge_list *list,
		     size_t at, size_t len, void *payload)
{
	need_walk *w = payload;
	size_t kl = strlen(list->key);
	char *k;

	(void)n;
	if (!ref || !ref->required)
		return 0;
	if (!(k = pmo__arena_alloc(w->keep, kl + 1 + len)))
		return PMO_ENOMEM;
	memcpy(k, list->key, kl + 1);
	memcpy(k + kl + 1, n->str + at, len);
	if (!pmo_htab_get(&w->m->pending, k, kl + 1 + len) || pmo_htab_get(w->needed, k, kl + 1 + len))
		return 0;
	w->added = 1;
	return pmo_htab_put(w->needed, k, kl + 1 + len, (void *)1);
}

/* --- checking the text ----------------------------------------------------------------- */

static int reads_as(const pmo_doc *like, const char *text, size_t len, const pmo_node *want)
{
	pmo_doc *d = NULL;
	pmo_yaml_limits limits = { len + 1, 0, 1 };
	int ok = pmo_yaml_load(&d, pmo_doc_path(like), text, len, &limits) == 0 &&
		 pmo__merge_same(pmo_doc_root(d), want);

	pmo_doc_free(d);
	pmo_error_clear();
	return ok;
}

static int is_marker(const char *p, size_t l, const char *mark)
{
	size_t n = strlen(mark);
	return l >= n && !memcmp(p, mark, n) && (l == n || p[n] == ' ' || p[n] == '\r' || p[n] == '\n');
}

/* The text read back gives x (or, with conflicts, each side gives its
 * tree). */
static int text_ok(const pmo_doc *a, const pmo_buf *t, size_t nconflicts, const pmo_node *x,
		   const pmo_node *y)
{
	pmo_buf ours = PMO_BUF_INIT, theirs = PMO_BUF_INIT;
	size_t i = 0;
	int side = 0, ok;

	if (!nconflicts)
		return reads_as(a, t->ptr ? t->ptr : "", t->len, x);
	while (i < t->len) {
		const char *p = t->ptr + i, *e = memchr(p, '\n', t->len - i);
		size_t l = e ? (size_t)(e - p) + 1 : t->len - i;
		if (is_marker(p, l, "<<<<<<<"))
			side = 1;
		else if (side == 1 && is_marker(p, l, "======="))
			side = 2;
		else if (side == 2 && is_marker(p, l, ">>>>>>>"))
			side = 0;
		else {
			if (side != 2)
				pmo_buf_put(&ours, p, l);
			if (side != 1)
				pmo_buf_put(&theirs, p, l);
		}
		i += l;
	}
	ok = !ours.oom && !theirs.oom && reads_as(a, pmo_buf_cstr(&ours), ours.len, x) &&
	     reads_as(a, pmo_buf_cstr(&theirs), theirs.len, y);
	pmo_buf_free(&ours);
	pmo_buf_free(&theirs);
	return ok;
}

/* --- the merge ------------------------------------------------------------------------ */

/* Merge in place until the deletions the result still names are known.
 * 0 done (the text checked), 1 not in place. */
static int merge_docs(merger *m, pmo_yaml_merged *out, const pmo_doc *o, const pmo_doc *a,
		      const pmo_doc *b, const pmo_node **x, const pmo_node **y)
{
	pmo_htab needed = PMO_HTAB_INIT;
	pmo_doc *keep = NULL;
	int error;

	if ((error = pmo_doc_new(&keep)) < 0)
		return error;
	m->needed = &needed;
	for (;;) {
		need_walk w = { m, &needed, keep, 0, 0 };
		pmo_buf_clear(&out->text);
		if ((error = run(m, &out->text, o, a, b, x, y)) != 0)
			break;
		if (!m->pending.n)
			break;
		if ((error = pmo__merge_walk_refs(*x, m->spec, 0, note_need, &w)) < 0 ||
		    (*y != *x && (error = pmo__merge_walk_refs(*y, m->spec, 0, note_need, &w)) < 0))
			break;
		if (!w.added)
			break;
	}
	if (error == 0 && !text_ok(a, &out->text, m->ncf, *x, *y))
		error = 1;
	m->needed = NULL;
	pmo_htab_free(&needed);
	pmo_doc_free(keep);
	return error;
}

/* doc in the canonical style with its comments (pmo fmt's text), read
 * again. */
static int canonical(pmo_doc **out, const pmo_doc *doc, const pmo_node *root)
{
	pmo_buf t = PMO_BUF_INIT;
	size_t len;
	const char *src = pmo_doc_source(doc, &len);
	pmo_yaml_limits limits = { 0, 0, 1 };
	int error;

	if (pmo_doc_root(doc))
		error = pmo_yaml_emit_doc(&t, doc, root);
	else
		error = pmo_buf_put(&t, src, len);
	limits.max_bytes = t.len + 1;
	if (error >= 0)
		error = pmo_yaml_load(out, pmo_doc_path(doc), pmo_buf_cstr(&t), t.len, &limits);
	pmo_buf_free(&t);
	return error;
}

static int take_conflicts(pmo_yaml_merged *out, merger *m)
{
	out->conflicts = m->cf;
	out->nconflicts = m->ncf;
	m->cf = NULL;
	m->ncf = m->cfroom = 0;
	return 0;
}

int pmo_yaml_merge(pmo_yaml_merged *out, const pmo_doc *base, const pmo_doc *ours,
		   const pmo_doc *theirs, const pmo_merge_spec *spec)
{
	static const pmo_merge_spec none = { NULL, 0, NULL, 0 };
	merger m;
	pmo_doc *rtmp = NULL, *co = NULL, *ca = NULL, *cb = NULL;
	pmo__merge_rename *ren = NULL;
	pmo__ids *keep = NULL;
	size_t nren = 0, k;
	const pmo_node *x = NULL, *y = NULL, *broot = NULL;
	const pmo_doc *docs[3] = { base, ours, theirs };
	int error = 0, i;

	memset(out, 0, sizeof(*out));
	memset(&m, 0, sizeof(m));
	m.spec = spec ? spec : &none;
	for (i = 0; i < 3; i++) {
		const pmo_node *r = docs[i] ? pmo_doc_root(docs[i]) : NULL;
		if (!docs[i])
			return pmo_error_set(PMO_EINVALID, "no document to merge");
		if (r && r->kind != PMO_NODE_MAP && !(r->kind == PMO_NODE_SCALAR && r->tag == PMO_TAG_NULL))
			return pmo_error_set_at(PMO_EINVALID, pmo_doc_path(docs[i]), r->line, r->col,
						"the document is not a mapping: it cannot be merged by key");
	}
	if (!(keep = calloc(2 * m.spec->nlists + 1, sizeof(*keep)))) {
		error = pmo_error_set_oom();
		goto done;
	}
	if ((error = pmo_doc_new(&rtmp)) < 0 ||
	    (error = pmo__merge_renumber(&broot, &ren, &nren, rtmp, keep, out, base, ours, theirs,
					 m.spec)) < 0)
		goto done;
	m.ids = keep;
	m.nids = 2 * m.spec->nlists;
	m.broot = broot;
	m.bren = ren;
	m.nbren = nren;
	if ((error = merge_docs(&m, out, base, ours, theirs, &x, &y)) <= 0)
		goto done;
	/* not in place: the three in the canonical style (theirs renumbered),
	 * merged again */
	out->canonical = 1;
	if ((error = canonical(&co, base, NULL)) < 0 || (error = canonical(&ca, ours, NULL)) < 0 ||
	    (error = canonical(&cb, theirs, broot)) < 0)
		goto done;
	m.broot = NULL;
	m.bren = NULL;
	m.nbren = 0;
	m.ids = NULL;
	m.nids = 0;
	if ((error = merge_docs(&m, out, co, ca, cb, &x, &y)) <= 0)
		goto done;
	if (m.ncf || !x) {
		error = pmo_error_set(PMO_EINVALID, "the merge cannot be written as YAML that "
				      "reads back as merged");
		goto done;
	}
	pmo_buf_clear(&out->text);
	error = pmo_yaml_emit(&out->text, x);
done:
	if (error >= 0)
		take_conflicts(out, &m);
	merger_free(&m);
	for (k = 0; keep && k < 2 * m.spec->nlists; k++)
		pmo__ids_free(&keep[k]);
	free(keep);
	free(ren);
	pmo_doc_free(rtmp);
	pmo_doc_free(co);
	pmo_doc_free(ca);
	pmo_doc_free(cb);
	if (error < 0)
		pmo_yaml_merged_free(out);
	return error < 0 ? error : 0;
}

void pmo_yaml_merged_free(pmo_yaml_merged *m)
{
	size_t i;

	if (!m)
		return;
	pmo_buf_free(&m->text);
	for (i = 0; i < m->nconflicts; i++)
		free(m->conflicts[i].what);
	free(m->conflicts);
	for (i = 0; i < m->nrenumbered; i++) {
		free(m->renumbered[i].from);
		free(m->renumbered[i].to);
	}
	free(m->renumbered);
	memset(m, 0, sizeof(*m));
}
