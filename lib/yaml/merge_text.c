/* The text of a merge (merge.h): ours's source with edits, each a byte
 * range replaced (or a place inserted at) with text, most often the lines of
 * the same item or entry on theirs's side; and the pieces of text the
 * mappings and the keyed lists make (merge_tree.c). */
#include "yaml/merge_internal.h"
#include "util/error.h"

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

int pmo__merge_starts_line(const char *s, size_t pos)
{
	size_t p = pmo__merge_line_start(s, pos);

	while (p < pos && s[p] == ' ')
		p++;
	return p == pos;
}

size_t pmo__merge_entry_end(const char *s, size_t len, const pmo_pair *p)
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
int pmo__merge_b_entry(merger *m, pmo_buf *out, const pmo_node *bmap, size_t i, uint32_t col)
{
	const pmo_pair *p = &bmap->pairs[i];

	if (bmap->style == PMO_STYLE_BLOCK && p->key->col == col && p->key->line) {
		size_t to = pmo__merge_entry_end(m->bs, m->blen, p);
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

int pmo__merge_tree_put(merger *m, pmo_node *map, const pmo_node *key, const pmo_node *value)
{
	return value ? pmo_map_append(m->tmp, map, (pmo_node *)key, (pmo_node *)value) : 0;
}

int pmo__merge_tree_add(merger *m, pmo_node *seq, const pmo_node *item)
{
	return item ? pmo_seq_append(m->tmp, seq, (pmo_node *)item) : 0;
}
