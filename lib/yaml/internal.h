#ifndef PMO_YAML_INTERNAL_H
#define PMO_YAML_INTERNAL_H
/* Private to lib/yaml: the document, its arena, and the pieces of the
 * emitter that the minimal editor reuses. */
#include "yaml/yaml.h"
#include "yaml/merge.h"
#include "util/hash.h"

typedef struct pmo_arena_chunk pmo_arena_chunk;

struct pmo_doc {
	char *path;      /* "" for built documents */
	char *src;       /* copy of the source, NUL-terminated ("" when built) */
	size_t len;
	pmo_node *root;
	pmo_arena_chunk *chunks;
	char *cur, *lim; /* free space in the current chunk */
	size_t next_chunk;
};

/* Allocate n bytes (8-aligned) in the document's arena; NULL on OOM (error
 * set). Memory is freed with the document. */
void *pmo__arena_alloc(pmo_doc *doc, size_t n);
/* Create a document with an arena whose first chunk holds about hint bytes. */
int pmo__doc_create(pmo_doc **out, const char *path, size_t hint);
/* A node in the arena, zeroed apart from kind. */
pmo_node *pmo__node_new(pmo_doc *doc, pmo_node_kind kind);

/* Emit node as the value that follows "key:" or "-" at the given indent of
 * the key (or dash): " value\n", " |\n  lines…", "\n  nested…". Newlines are
 * written as nl ("\n" or "\r\n"). */
int pmo__emit_after_indicator(pmo_buf *out, const pmo_node *node, size_t indent,
			      const char *nl);
/* Emit a scalar in flow form (plain, single or double quoted; never a
 * block), as a key or after "key: ". */
int pmo__emit_flow_scalar(pmo_buf *out, const pmo_node *scalar);
/* Emit a node in flow style ("[a, b]", "{k: v}", a scalar that may stand
 * inside them: one with a flow indicator is quoted). */
int pmo__emit_flow(pmo_buf *out, const pmo_node *node);
/* item as an item of a block list whose dashes stand at indent, in the
 * canonical style ("- key: value" lines), its line breaks written as nl;
 * appended to out. */
int pmo__emit_item(pmo_buf *out, const pmo_node *item, size_t indent, const char *nl);
/* 1 when a scalar value would be written as a literal block. */
int pmo__scalar_is_block(const pmo_node *scalar);

/* A comment of a document's source (comments.c says how each is attached). */
typedef struct {
	uint32_t at, len;  /* its text, from '#' to the last non-blank */
	/* leading: anchor is the start of the node it precedes (0: the
	 * file's header, UINT32_MAX: the end of the document); trailing: the node is [start, anchor) */
	uint32_t start, anchor;
	uint8_t trailing, used;
} pmo__comment;

typedef struct {
	const char *src;
	pmo__comment *v;  /* the leading ones by anchor, then the trailing ones */
	size_t n, nlead;
} pmo__comments;

int pmo__comments_collect(pmo__comments *out, const pmo_doc *doc);
void pmo__comments_free(pmo__comments *c);

/* The merge's IDs (merge_ids.c). cb gets each value a reference path of
 * spec names an ID with (with_ids: and each list item's own id, ref NULL):
 * the node (a scalar, or a mapping key) and the ID's place in its text. */
typedef int (*pmo__merge_ref_cb)(const pmo_node *n, const pmo_merge_ref *ref,
				 const pmo_merge_list *list, size_t at, size_t len, void *payload);
int pmo__merge_walk_refs(const pmo_node *root, const pmo_merge_spec *spec, int with_ids,
			 pmo__merge_ref_cb cb, void *payload);
/* The items of a keyed list by their id: PREFIX-n by number, others by
 * text. build: 0, 1 when seq is not keyed (not a list, an item without
 * an id, an id twice), or an error; seq NULL gives an empty index. */
typedef struct {
	const pmo_node *seq;
	const char *prefix;
	uint32_t *num;       /* n → the item's index + 1 */
	size_t nnum;
	pmo_htab other;
	size_t max;          /* the largest n */
} pmo__ids;
int pmo__ids_build(pmo__ids *ix, const pmo_node *seq, const char *prefix);
/* The index of the item whose id is id (item: the item's own id), or -1. */
long pmo__ids_find(const pmo__ids *ix, const pmo_node *id);
long pmo__ids_item(const pmo__ids *ix, const pmo_node *item);
void pmo__ids_free(pmo__ids *ix);

/* A name on theirs's side of an ID that is renumbered: the scalar (or key)
 * at [start, end) of theirs's source holds the ID from, now to. */
typedef struct {
	uint32_t start, end;
	const char *from, *to;
} pmo__merge_rename;
/* Theirs's new items that took an ID ours gave to another new item get the
 * next free number (past every ID of the three), in theirs's order, added
 * to res. *root: theirs's tree with them and every name of them on its side
 * renumbered (a copy in tmp of the way down to them, the rest shared), NULL
 * when nothing is; *v (n, sorted by start, free()): where the names stand
 * in theirs's text. keep (two a list, zeroed) gets base's and ours's
 * index of each list, for the merge (pmo__ids_free each). */
int pmo__merge_renumber(const pmo_node **root, pmo__merge_rename **v, size_t *n, pmo_doc *tmp,
			pmo__ids *keep, pmo_yaml_merged *res, const pmo_doc *o, const pmo_doc *a,
			const pmo_doc *b, const pmo_merge_spec *spec);
/* src[from, to) appended to out with the renames v (n) in it made. */
int pmo__merge_put_renamed(pmo_buf *out, const char *src, size_t len, size_t from, size_t to,
			   const pmo__merge_rename *v, size_t n);

#endif
