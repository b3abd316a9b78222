#ifndef PMO_YAML_LOADER_H
#define PMO_YAML_LOADER_H
/* Private to lib/yaml's readers (load.c: libyaml's events; fast.c: pmo's
 * own reader for the usual block YAML): the tree builder both feed
 * (build.c), so that both make the very same nodes. */
#include "yaml/internal.h"

#include <stdint.h>

typedef struct {
	pmo_node *node;
	size_t base; /* first child in loader.kids */
	int hashed;  /* a big mapping: its keys are in loader.ht */
	uint64_t seen; /* small mapping: a bit per key length and first byte */
} pmo__frame;

/* Room for the frames and pending children of a usual record, on the
 * stack: most files need no heap for them. */
#define PMO__LOCAL_FRAMES 16
#define PMO__LOCAL_KIDS 64

typedef struct {
	const pmo_node *map;
	const pmo_node *key;
} pmo__dup_entry;

typedef struct {
	pmo_doc *doc;
	const char *path;
	const char *src;
	size_t len;
	size_t bom;      /* 3 when the source starts with a UTF-8 BOM */
	size_t ci, bi;   /* mark conversion cursor: character ci is at byte bi */
	unsigned max_depth;
	pmo__frame *frames; /* local_frames or the heap */
	size_t nframes, capframes;
	pmo_node **kids; /* local_kids or the heap */
	size_t nkids, capkids;
	pmo__dup_entry *ht;
	size_t htcap, htn;
	pmo__frame local_frames[PMO__LOCAL_FRAMES];
	pmo_node *local_kids[PMO__LOCAL_KIDS];
} pmo__loader;

/* pmo__arena_alloc with the common case inline: n bytes, 8-aligned. */
static inline void *pmo__ld_alloc(pmo__loader *L, size_t n)
{
	pmo_doc *d = L->doc;
	size_t r = (n + 7) & ~(size_t)7;
	void *p;

	if (n > (size_t)-1 - 16 || (size_t)(d->lim - d->cur) < r)
		return pmo__arena_alloc(d, n);
	p = d->cur;
	d->cur += r;
	return p;
}

/* A scalar node holding a copy of v, of the given style (a plain one
 * resolved by the core schema) starting at line:col; its byte range is
 * left to the caller, who then passes it to pmo__ld_add. */
pmo_node *pmo__ld_scalar(pmo__loader *L, const char *v, size_t len, pmo_style style,
			 size_t line, size_t col);
/* A finished node goes to the open collection (or becomes the root);
 * a duplicate key is an error at its place. */
int pmo__ld_add(pmo__loader *L, pmo_node *node);
/* Open a mapping or sequence that starts at byte start, line:col;
 * refused where a key is expected or beyond the depth limit. */
int pmo__ld_open(pmo__loader *L, pmo_node_kind kind, int flow, size_t line, size_t col,
		 size_t start);
/* Close the innermost collection; end is its end for a flow or empty one
 * (a block collection ends where its last content ends). */
int pmo__ld_close(pmo__loader *L, size_t end);

/* pmo's own reader over L->src: 0 when it read the whole text into
 * L->doc's root, 1 when it declines the text (the caller then starts
 * again with libyaml), < 0 when out of memory. */
int pmo__ld_fast(pmo__loader *L);

#endif
