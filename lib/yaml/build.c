/*
 * The tree builder both readers feed (load.c from libyaml's events, fast.c
 * from its own scan), so that both make the very same nodes: scalars,
 * collections opened and closed, each finished node added to its parent,
 * and duplicate keys refused at their place.
 */
#include "yaml/loader.h"
#include "util/error.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Mappings with fewer keys look for duplicates by scanning them. */
#define SCAN_KEYS 16

typedef pmo__loader loader;
typedef pmo__frame frame;
typedef pmo__dup_entry dup_entry;

static int oom(void)
{
	return pmo_error_set(PMO_ENOMEM, "out of memory");
}

#define alloc pmo__ld_alloc

/* A string scalar node and its NUL-terminated copy of v, in one piece. */
static pmo_node *scalar_new(loader *L, const char *v, size_t len)
{
	pmo_node *n;
	char *copy;

	if (len >= UINT32_MAX) {
		oom();
		return NULL;
	}
	n = alloc(L, sizeof(*n) + len + 1);
	if (!n)
		return NULL;
	copy = (char *)(n + 1);
	if (len)
		memcpy(copy, v, len);
	copy[len] = '\0';
	*n = (pmo_node){ .kind = PMO_NODE_SCALAR, .tag = PMO_TAG_STR, .str = copy,
			 .len = (uint32_t)len };
	return n;
}

static size_t hash(const pmo_node *map, const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ull ^ (uint64_t)(uintptr_t)map;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return (size_t)(h ^ (h >> 29));
}

/* Record key in map; a duplicate is an error at its place. */
static int check_dup(loader *L, const pmo_node *map, const pmo_node *key)
{
	size_t i, mask;

	if (L->htn * 2 >= L->htcap) {
		size_t cap = L->htcap ? L->htcap * 2 : 64;
		dup_entry *ht = calloc(cap, sizeof(*ht));
		if (!ht)
			return oom();
		for (i = 0; i < L->htcap; i++) {
			const dup_entry *e = &L->ht[i];
			size_t j;
			if (!e->map)
				continue;
			for (j = hash(e->map, e->key->str, e->key->len) & (cap - 1); ht[j].map;
			     j = (j + 1) & (cap - 1))
				;
			ht[j] = *e;
		}
		free(L->ht);
		L->ht = ht;
		L->htcap = cap;
	}
	mask = L->htcap - 1;
	for (i = hash(map, key->str, key->len) & mask; L->ht[i].map; i = (i + 1) & mask) {
		const pmo_node *k = L->ht[i].key;
		if (L->ht[i].map == map && k->len == key->len &&
		    memcmp(k->str, key->str, key->len) == 0)
			return pmo_error_set_at(PMO_EINVALID, L->path, key->line, key->col,
				"duplicate key \"%s\" (first at line %u)", key->str, (unsigned)k->line);
	}
	L->ht[i].map = map;
	L->ht[i].key = key;
	L->htn++;
	return 0;
}

static int key_added(loader *L, frame *f, const pmo_node *key)
{
	size_t nkeys = (L->nkids - f->base) / 2, i;
	int error;

	if (!f->hashed && nkeys < SCAN_KEYS) {
		/* no earlier key of this length and first byte: no scan */
		unsigned first = key->len ? (unsigned char)key->str[0] : 0;
		uint64_t bit = (uint64_t)1 << ((key->len * 7 + first) & 63);

		if (!(f->seen & bit)) {
			f->seen |= bit;
			return 0;
		}
		for (i = 0; i < nkeys; i++) {
			const pmo_node *k = L->kids[f->base + 2 * i];
			if (k->len == key->len && (!k->len || k->str[0] == key->str[0]) &&
			    memcmp(k->str, key->str, key->len) == 0)
				return pmo_error_set_at(PMO_EINVALID, L->path, key->line, key->col,
					"duplicate key \"%s\" (first at line %u)", key->str,
					(unsigned)k->line);
		}
		return 0;
	}
	if (!f->hashed) {
		for (i = 0; i < nkeys; i++)
			if ((error = check_dup(L, f->node, L->kids[f->base + 2 * i])) < 0)
				return error;
		f->hashed = 1;
	}
	return check_dup(L, f->node, key);
}

/* A finished node goes to its parent (or becomes the root). */
static int add_node(loader *L, pmo_node *node)
{
	frame *f;

	if (!L->nframes) {
		L->doc->root = node;
		return 0;
	}
	f = &L->frames[L->nframes - 1];
	if (L->nkids == L->capkids) {
		size_t cap = L->capkids * 2;
		pmo_node **k = L->kids == L->local_kids ? malloc(cap * sizeof(*k))
						      : realloc(L->kids, cap * sizeof(*k));
		if (!k)
			return oom();
		if (L->kids == L->local_kids)
			memcpy(k, L->local_kids, sizeof(L->local_kids));
		L->kids = k;
		L->capkids = cap;
	}
	L->kids[L->nkids++] = node;
	if (f->node->kind != PMO_NODE_MAP || (L->nkids - f->base) % 2 == 0)
		return 0;
	return key_added(L, f, node);
}

static int expecting_key(const loader *L)
{
	const frame *f;

	if (!L->nframes)
		return 0;
	f = &L->frames[L->nframes - 1];
	return f->node->kind == PMO_NODE_MAP && (L->nkids - f->base) % 2 == 0;
}

pmo_node *pmo__ld_scalar(loader *L, const char *v, size_t len, pmo_style style, size_t line,
			 size_t col)
{
	pmo_node *n = scalar_new(L, v, len);

	if (!n)
		return NULL;
	n->style = style;
	if (style == PMO_STYLE_PLAIN)
		n->tag = pmo_yaml_resolve(v, len);
	n->line = (uint32_t)line;
	n->col = (uint32_t)col;
	return n;
}

int pmo__ld_add(loader *L, pmo_node *node)
{
	return add_node(L, node);
}

int pmo__ld_open(loader *L, pmo_node_kind kind, int flow, size_t line, size_t col, size_t start)
{
	pmo_node *n;

	if (expecting_key(L))
		return pmo_error_set_at(PMO_EINVALID, L->path, line, col,
					"mapping keys must be scalars");
	if (L->nframes >= L->max_depth)
		return pmo_error_set_at(PMO_EINVALID, L->path, line, col,
					"nesting deeper than %u levels", L->max_depth);
	n = pmo__node_new(L->doc, kind);
	if (!n)
		return PMO_ENOMEM;
	n->style = flow ? PMO_STYLE_FLOW : PMO_STYLE_BLOCK;
	n->line = (uint32_t)line;
	n->col = (uint32_t)col;
	n->start = start;
	if (L->nframes == L->capframes) {
		size_t cap = L->capframes * 2;
		frame *f = L->frames == L->local_frames ? malloc(cap * sizeof(*f))
							: realloc(L->frames, cap * sizeof(*f));
		if (!f)
			return oom();
		if (L->frames == L->local_frames)
			memcpy(f, L->local_frames, sizeof(L->local_frames));
		L->frames = f;
		L->capframes = cap;
	}
	L->frames[L->nframes].node = n;
	L->frames[L->nframes].base = L->nkids;
	L->frames[L->nframes].hashed = 0;
	L->frames[L->nframes].seen = 0;
	L->nframes++;
	return 0;
}

int pmo__ld_close(loader *L, size_t end)
{
	frame *f = &L->frames[--L->nframes];
	pmo_node *n = f->node;
	size_t count = L->nkids - f->base, i;
	pmo_node **kids = L->kids + f->base;

	if (n->kind == PMO_NODE_MAP) {
		n->n = count / 2;
		if (n->n) {
			n->pairs = alloc(L, n->n * sizeof(pmo_pair));
			if (!n->pairs)
				return PMO_ENOMEM;
			for (i = 0; i < n->n; i++) {
				n->pairs[i].key = kids[2 * i];
				n->pairs[i].value = kids[2 * i + 1];
			}
		}
	} else {
		n->n = count;
		if (n->n) {
			n->items = alloc(L, n->n * sizeof(pmo_node *));
			if (!n->items)
				return PMO_ENOMEM;
			memcpy(n->items, kids, n->n * sizeof(pmo_node *));
		}
	}
	n->room = n->n;
	if (n->style == PMO_STYLE_FLOW || !count) {
		n->end = end;
	} else {
		/* a block collection ends where its last content ends, not at
		 * the next token (which may be after comments) */
		n->end = kids[count - 1]->end;
		if (n->kind == PMO_NODE_MAP && kids[count - 2]->end > n->end)
			n->end = kids[count - 2]->end;
	}
	L->nkids = f->base;
	return add_node(L, n);
}
