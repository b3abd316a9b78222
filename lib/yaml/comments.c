/* The comments of a loaded document, each attached to a node, so that the
 * canonical writer (pmo fmt) can put them back beside the node wherever the
 * node goes.
 *
 * libyaml reports no comments, so they are found in the source: a '#' at
 * the start of a line or after a blank, outside every scalar (whose byte
 * ranges the tree holds) and outside every flow collection. A comment alone
 * on its line is attached to the node it precedes: the next mapping key or
 * sequence item in the file (none: the end of the document); those above
 * the first node are the file's header and stay at its top. A comment after
 * content on its line is attached to the last key, scalar or flow collection
 * that ends on that line before it (none, as in "- # note": the node it
 * precedes, so it moves to a line of its own). A comment on the header line
 * of a literal or folded block ("notes: | # why") stays on that header. */
#include "yaml/internal.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
	uint32_t start, end;
	uint8_t flow;   /* a flow collection: no anchors or comments inside */
	uint8_t block;  /* a literal or folded scalar */
	uint8_t trail;  /* may carry a trailing comment (keys, scalars, flow) */
} span;

typedef struct {
	span *v;
	size_t n, room;
	uint32_t *anchors; /* starts of keys and items, in file order */
	size_t na, aroom;
	int oom;
} walk;

static void add_span(walk *w, const pmo_node *n, int trail)
{
	span *s;

	if (w->n == w->room) {
		size_t room = w->room ? w->room * 2 : 64;
		span *v = realloc(w->v, room * sizeof(*v));
		if (!v) {
			w->oom = 1;
			return;
		}
		w->v = v;
		w->room = room;
	}
	s = &w->v[w->n++];
	s->start = n->start;
	s->end = n->end;
	s->flow = n->kind != PMO_NODE_SCALAR;
	s->block = n->kind == PMO_NODE_SCALAR &&
		   (n->style == PMO_STYLE_LITERAL || n->style == PMO_STYLE_FOLDED);
	s->trail = (uint8_t)trail;
}

static void add_anchor(walk *w, uint32_t at)
{
	if (w->na == w->aroom) {
		size_t room = w->aroom ? w->aroom * 2 : 64;
		uint32_t *v = realloc(w->anchors, room * sizeof(*v));
		if (!v) {
			w->oom = 1;
			return;
		}
		w->anchors = v;
		w->aroom = room;
	}
	w->anchors[w->na++] = at;
}

static void visit(walk *w, const pmo_node *n)
{
	size_t i;

	if (!n || w->oom)
		return;
	if (n->kind == PMO_NODE_SCALAR || n->style == PMO_STYLE_FLOW) {
		add_span(w, n, 1);
		return;
	}
	for (i = 0; i < n->n; i++) {
		if (n->kind == PMO_NODE_SEQ) {
			add_anchor(w, n->items[i]->start);
			visit(w, n->items[i]);
		} else {
			add_anchor(w, n->pairs[i].key->start);
			add_span(w, n->pairs[i].key, 1);
			visit(w, n->pairs[i].value);
		}
	}
}

static int by_start(const void *a, const void *b)
{
	const span *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end < y->end ? -1 : x->end > y->end;
}

static int by_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static int by_anchor(const void *a, const void *b)
{
	const pmo__comment *x = a, *y = b;
	if (x->trailing != y->trailing)
		return x->trailing < y->trailing ? -1 : 1;
	if (x->anchor != y->anchor)
		return x->anchor < y->anchor ? -1 : 1;
	return x->at < y->at ? -1 : x->at > y->at;
}

static int push(pmo__comments *c, size_t *room, const pmo__comment *cm)
{
	if (c->n == *room) {
		size_t r = *room ? *room * 2 : 16;
		pmo__comment *v = realloc(c->v, r * sizeof(*v));
		if (!v)
			return pmo_error_set(PMO_ENOMEM, "out of memory");
		c->v = v;
		*room = r;
	}
	c->v[c->n++] = *cm;
	return 0;
}

/* The first anchor after pos, or UINT32_MAX. */
static uint32_t next_anchor(const walk *w, uint32_t pos)
{
	size_t lo = 0, hi = w->na;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (w->anchors[mid] <= pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < w->na ? w->anchors[lo] : UINT32_MAX;
}

/* The comment starting at src[at] ('#'): its length without trailing blanks
 * and line break. */
static uint32_t comment_len(const char *src, size_t len, size_t at)
{
	size_t e = at;

	while (e < len && src[e] != '\n')
		e++;
	while (e > at && (src[e - 1] == '\r' || src[e - 1] == ' ' || src[e - 1] == '\t'))
		e--;
	return (uint32_t)(e - at);
}

int pmo__comments_collect(pmo__comments *out, const pmo_doc *doc)
{
	walk w;
	const char *src = doc->src;
	size_t len = doc->len, i = 0, s = 0, room = 0, ls = 0;
	const span *last = NULL; /* the last trailing anchor ended on this line */
	int error = 0;

	memset(out, 0, sizeof(*out));
	memset(&w, 0, sizeof(w));
	out->src = src;
	visit(&w, doc->root);
	if (w.oom) {
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
		goto done;
	}
	if (w.n)
		qsort(w.v, w.n, sizeof(*w.v), by_start);
	if (w.na)
		qsort(w.anchors, w.na, sizeof(*w.anchors), by_u32);
	if (len >= 3 && !memcmp(src, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < len) {
		char ch = src[i];
		pmo__comment cm;

		if (s < w.n && i >= w.v[s].start) {
			const span *sp = &w.v[s++];
			if (sp->block) {
				/* the header line of a block scalar may end in a comment */
				size_t j = sp->start;
				while (j < sp->end && src[j] != '\n' && src[j] != '#')
					j++;
				if (j < sp->end && src[j] == '#' && j > 0 &&
				    (src[j - 1] == ' ' || src[j - 1] == '\t')) {
					memset(&cm, 0, sizeof(cm));
					cm.at = (uint32_t)j;
					cm.len = comment_len(src, len, j);
					cm.trailing = 1;
					cm.start = sp->start;
					cm.anchor = sp->end;
					if ((error = push(out, &room, &cm)) < 0)
						goto done;
				}
				last = NULL;
			} else if (sp->trail) {
				last = sp;
			}
			if (sp->end > i) {
				/* skip the span and the spans inside it */
				i = sp->end;
				while (s < w.n && w.v[s].start < i)
					s++;
				if (i > 0 && src[i - 1] == '\n') {
					ls = i;
					last = NULL;
				}
			}
			continue;
		}
		if (ch == '\n') {
			i++;
			ls = i;
			last = NULL;
			continue;
		}
		if (ch != '#' || (i > ls && src[i - 1] != ' ' && src[i - 1] != '\t')) {
			i++;
			continue;
		}
		memset(&cm, 0, sizeof(cm));
		cm.at = (uint32_t)i;
		cm.len = comment_len(src, len, i);
		if (last) {
			cm.trailing = 1;
			cm.start = last->start;
			cm.anchor = last->end;
		} else {
			cm.anchor = next_anchor(&w, (uint32_t)i);
			/* the lines above the first node are the file's header */
			if (w.na && cm.anchor == w.anchors[0])
				cm.anchor = 0;
		}
		if ((error = push(out, &room, &cm)) < 0)
			goto done;
		while (i < len && src[i] != '\n')
			i++;
	}
	/* leading comments by anchor, then trailing ones by anchor; each in
	 * file order (the sort is stable by at) */
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), by_anchor);
	for (i = 0; i < out->n && !out->v[i].trailing; i++)
		;
	out->nlead = i;
done:
	free(w.v);
	free(w.anchors);
	if (error < 0)
		pmo__comments_free(out);
	return error;
}

void pmo__comments_free(pmo__comments *c)
{
	if (!c)
		return;
	free(c->v);
	memset(c, 0, sizeof(*c));
}
