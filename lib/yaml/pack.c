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

static void put_num(pmo_buf *b, uint32_t v)
{
	unsigned char t[5];
	size_t n = 0;

	while (v >= 0x80) {
		t[n++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	t[n++] = (unsigned char)v;
	pmo_buf_put(b, t, n);
}

static void pack_node(pmo_buf *b, const pmo_doc *doc, const pmo_node *n)
{
	unsigned char head[2];
	int text = 0;
	uint32_t i;

	if (n->kind == PMO_NODE_SCALAR)
		text = !(n->end >= n->start && n->end - n->start == n->len && n->end <= doc->len &&
			 !memcmp(doc->src + n->start, n->str, n->len));
	head[0] = (unsigned char)(n->kind | n->tag << 2);
	head[1] = (unsigned char)(n->style | (text ? TEXT : 0));
	pmo_buf_put(b, head, 2);
	put_num(b, n->line);
	put_num(b, n->col);
	put_num(b, n->start);
	put_num(b, n->end);
	switch (n->kind) {
	case PMO_NODE_SCALAR:
		put_num(b, n->len);
		if (text)
			pmo_buf_put(b, n->str, n->len);
		break;
	case PMO_NODE_SEQ:
		put_num(b, n->n);
		for (i = 0; i < n->n; i++)
			pack_node(b, doc, n->items[i]);
		break;
	default:
		put_num(b, n->n);
		for (i = 0; i < n->n; i++) {
			pack_node(b, doc, n->pairs[i].key);
			pack_node(b, doc, n->pairs[i].value);
		}
	}
}

int pmo_doc_pack(pmo_buf *out, const pmo_doc *doc)
{
	put_num(out, (uint32_t)doc->len);
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

static uint32_t get_num(reader *r)
{
	uint32_t v = 0;
	unsigned shift;

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
	if (!(n = pmo__node_new(r->doc, (pmo_node_kind)kind)))
		return NULL;
	n->tag = (uint8_t)tag;
	n->style = (uint8_t)style;
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
		if (!(s = pmo__arena_alloc(r->doc, (size_t)n->len + 1)))
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
		if (n->n && !(n->items = pmo__arena_alloc(r->doc, n->n * sizeof(*n->items))))
			return NULL;
		for (i = 0; i < n->n; i++)
			if (!(n->items[i] = unpack_node(r, depth + 1)))
				return NULL;
		return n;
	}
	if (n->n && !(n->pairs = pmo__arena_alloc(r->doc, n->n * sizeof(*n->pairs))))
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
	/* the tree takes some four times its bytes */
	if ((error = pmo__doc_create(&r.doc, path, 4 * len)) < 0)
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
