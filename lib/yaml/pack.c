/*
 * A loaded document as bytes and back (yaml.h: pmo_doc_pack and
 * pmo_doc_unpack), for the caches of what was read (lib/util/filecache.h):
 * the source, then the nodes in document order, each with its place in
 * the source. Numbers are LEB128 (most are below 128: one byte); a
 * scalar's text is given only when it is not the source's bytes at its
 * place (quoted, folded, escaped), so the bytes of a record are little
 * more than its file. Unpacking makes the tree pmo_yaml_load made, node
 * for node, and checks every length against the bytes left: bytes that do
 * not hold a whole document are PMO_EINVALID, never read past.
 */
#include "yaml/internal.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

enum { TEXT = 0x08 }; /* in a node's second byte: its text follows */

/* v at p, LEB128: where it ends. */
static unsigned char *put_num(unsigned char *p, uint32_t v)
{
	while (v >= 0x80) {
		*p++ = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	*p++ = (unsigned char)v;
	return p;
}

/* Room made once a node, its bytes written in place (with pmo_buf_put
 * for each field, packing was a third of what a list that makes the
 * cache spends on it). */
static void pack_node(pmo_buf *b, const pmo_doc *doc, const pmo_node *n)
{
	unsigned char *p;
	int text = 0;
	uint32_t i;

	if (n->kind == PMO_NODE_SCALAR)
		text = !(n->end >= n->start && n->end - n->start == n->len && n->end <= doc->len &&
			 !memcmp(doc->src + n->start, n->str, n->len));
	if (pmo_buf_grow(b, 2 + 5 * 5 + (text ? n->len : 0)) < 0)
		return;
	p = (unsigned char *)b->ptr + b->len;
	*p++ = (unsigned char)(n->kind | n->tag << 2);
	*p++ = (unsigned char)(n->style | (text ? TEXT : 0));
	p = put_num(p, n->line);
	p = put_num(p, n->col);
	p = put_num(p, n->start);
	p = put_num(p, n->end);
	p = put_num(p, n->kind == PMO_NODE_SCALAR ? n->len : n->n);
	if (text) {
		memcpy(p, n->str, n->len);
		p += n->len;
	}
	b->len = (size_t)((char *)p - b->ptr);
	b->ptr[b->len] = '\0';
	if (n->kind == PMO_NODE_SEQ)
		for (i = 0; i < n->n; i++)
			pack_node(b, doc, n->items[i]);
	else if (n->kind == PMO_NODE_MAP)
		for (i = 0; i < n->n; i++) {
			pack_node(b, doc, n->pairs[i].key);
			pack_node(b, doc, n->pairs[i].value);
		}
}

int pmo_doc_pack(pmo_buf *out, const pmo_doc *doc)
{
	unsigned char head[5];

	pmo_buf_put(out, head, (size_t)(put_num(head, (uint32_t)doc->len) - head));
	pmo_buf_put(out, doc->src, doc->len);
	pmo_buf_putc(out, doc->root ? 1 : 0);
	if (doc->root)
		pack_node(out, doc, doc->root);
	return pmo_buf_oom(out);
}

typedef struct {
	const unsigned char *p, *end;
	pmo_doc *doc;
	int bad;
} reader;

/* n bytes of the document's arena, the common case inline. */
static inline void *alloc(pmo_doc *d, size_t n)
{
	size_t r = (n + 7) & ~(size_t)7;
	void *p;

	if ((size_t)(d->lim - d->cur) < r)
		return pmo__arena_alloc(d, n);
	p = d->cur;
	d->cur += r;
	return p;
}

static inline uint32_t get_num(reader *r)
{
	uint32_t v = 0;
	unsigned shift;

	/* most numbers are one byte */
	if (r->p < r->end && *r->p < 0x80)
		return *r->p++;

	for (shift = 0; shift < 35; shift += 7) {
		if (r->p >= r->end) {
			r->bad = 1;
			return 0;
		}
		v |= (uint32_t)(*r->p & 0x7f) << shift;
		if (!(*r->p++ & 0x80))
			return v;
	}
	r->bad = 1;
	return 0;
}

/* The next node, depth levels down (NULL: bad bytes, r->bad, or no
 * memory, with the error set). */
static pmo_node *unpack_node(reader *r, unsigned depth)
{
	pmo_node *n;
	unsigned kind, tag, style, text;
	uint32_t i;
	char *s;

	if (depth > PMO_YAML_MAX_DEPTH + 1 || r->end - r->p < 2) {
		r->bad = 1;
		return NULL;
	}
	kind = r->p[0] & 3;
	tag = r->p[0] >> 2;
	style = r->p[1] & 7;
	text = r->p[1] & TEXT;
	r->p += 2;
	if (kind < PMO_NODE_SCALAR || kind > PMO_NODE_MAP || tag > PMO_TAG_STR || style > PMO_STYLE_FLOW) {
		r->bad = 1;
		return NULL;
	}
	if (!(n = alloc(r->doc, sizeof(*n))))
		return NULL;
	*n = (pmo_node){ .kind = (uint8_t)kind, .tag = (uint8_t)tag, .style = (uint8_t)style, .str = "" };
	n->line = get_num(r);
	n->col = get_num(r);
	n->start = get_num(r);
	n->end = get_num(r);
	if (kind == PMO_NODE_SCALAR) {
		n->len = get_num(r);
		if (r->bad)
			return NULL;
		if (text ? (size_t)(r->end - r->p) < n->len
			 : n->end < n->start || n->end - n->start != n->len || n->end > r->doc->len) {
			r->bad = 1;
			return NULL;
		}
		if (!(s = alloc(r->doc, (size_t)n->len + 1)))
			return NULL;
		memcpy(s, text ? (const char *)r->p : r->doc->src + n->start, n->len);
		s[n->len] = '\0';
		if (text)
			r->p += n->len;
		n->str = s;
		return n;
	}
	n->n = n->room = get_num(r);
	/* each child takes at least 6 bytes: a count past that is damage */
	if (r->bad || n->n > (size_t)(r->end - r->p) / 6) {
		r->bad = 1;
		return NULL;
	}
	if (kind == PMO_NODE_SEQ) {
		if (n->n && !(n->items = alloc(r->doc, n->n * sizeof(*n->items))))
			return NULL;
		for (i = 0; i < n->n; i++)
			if (!(n->items[i] = unpack_node(r, depth + 1)))
				return NULL;
		return n;
	}
	if (n->n && !(n->pairs = alloc(r->doc, n->n * sizeof(*n->pairs))))
		return NULL;
	for (i = 0; i < n->n; i++)
		if (!(n->pairs[i].key = unpack_node(r, depth + 1)) ||
		    !(n->pairs[i].value = unpack_node(r, depth + 1)))
			return NULL;
	return n;
}

int pmo_doc_unpack(pmo_doc **out, const char *path, const void *bytes, size_t len)
{
	reader r = { bytes, (const unsigned char *)bytes + len, NULL, 0 };
	uint32_t srclen;
	pmo_node *root = NULL;
	int error;

	*out = NULL;
	srclen = get_num(&r);
	if (r.bad || (size_t)(r.end - r.p) < (size_t)srclen + 1)
		return pmo_error_set(PMO_EINVALID, "%s: a damaged cache entry", path);
	/* the room pmo_yaml_load gives the same source's tree (load.c) */
	if ((error = pmo__doc_create(&r.doc, path,
				     srclen < ((size_t)64 << 10) ? (size_t)srclen * 12 + 512
								 : (size_t)srclen * 24)) < 0)
		return error;
	if (!(r.doc->src = pmo__arena_alloc(r.doc, (size_t)srclen + 1)))
		goto fail;
	memcpy(r.doc->src, r.p, srclen);
	r.doc->src[srclen] = '\0';
	r.doc->len = srclen;
	r.p += srclen;
	if (*r.p++ && !(root = unpack_node(&r, 1)) && !r.bad)
		goto fail;
	if (r.bad || r.p != r.end) {
		pmo_doc_free(r.doc);
		return pmo_error_set(PMO_EINVALID, "%s: a damaged cache entry", path);
	}
	r.doc->root = root;
	*out = r.doc;
	return 0;
fail:
	pmo_doc_free(r.doc);
	return PMO_ENOMEM;
}
