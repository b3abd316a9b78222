#ifndef PMO_YAML_INTERNAL_H
#define PMO_YAML_INTERNAL_H
/* Private to lib/yaml: the document, its arena, and the pieces of the
 * emitter that the minimal editor reuses. */
#include "yaml/yaml.h"
#include "yaml/merge.h"

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
/* Theirs with its new items that took an ID ours gave to another new item
 * renumbered (past every ID of the three), and the names of those IDs on
 * its side following; *out NULL when none did. The renumberings are added
 * to res. */
int pmo__merge_renumber(pmo_doc **out, pmo_yaml_merged *res, const pmo_doc *o, const pmo_doc *a,
			const pmo_doc *b, const pmo_merge_spec *spec);

#endif
