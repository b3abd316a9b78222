#ifndef PMO_YAML_MERGE_INTERNAL_H
#define PMO_YAML_MERGE_INTERNAL_H
/* Private to the merge: its state, shared by merge.c (a run, the check,
 * the canonical fallback), merge_tree.c (mappings and keyed lists) and
 * merge_text.c (the edits of ours's text), called in that order. */
#include "yaml/internal.h"
#include "util/hash.h"

typedef struct {
	uint32_t start, end;   /* ours's bytes replaced; start == end inserts */
	uint32_t seq;          /* the order edits were made in */
	uint8_t theirs_only;   /* a conflicted item's theirs version only */
	long conflict;         /* the conflict whose markers the text holds, or -1 */
	size_t at, len;        /* the text, in pool */
} merge_edit;

typedef struct {
	const char *as, *bs;   /* ours's and theirs's sources */
	size_t alen, blen;
	const pmo_node *broot; /* theirs's tree renumbered (merge_ids.c), or NULL */
	const pmo__merge_rename *bren; /* where its names stand in bs */
	size_t nbren;
	const pmo__ids *ids;   /* indexes made already (base's, ours's lists) */
	size_t nids;
	const char *nl;
	const pmo_merge_spec *spec;
	pmo_doc *tmp;          /* the merged trees */
	merge_edit *ed;
	size_t ned, edroom;
	uint32_t seq;
	pmo_buf pool;
	pmo_merge_conflict *cf;
	size_t ncf, cfroom;
	pmo_buf path;          /* the mapping keys down to here: "baselines.v1" */
	int in_item;           /* conflicts go to the item (theirs_only edits) */
	size_t item_conflicts;
	pmo_buf item_what;     /* the item's conflicting keys: "duration, title" */
	int item_canonical;    /* an edit in the item cannot be made in place */
	int retry;             /* an edit cannot be made in place: canonical text */
	pmo_htab pending;      /* "list\0id" of items one side deleted */
	const pmo_htab *needed; /* of those, the ones the result still names */
} merger;

/* merge_text.c: places in a source */
int pmo__merge_oom(void);
size_t pmo__merge_line_start(const char *s, size_t pos);
/* only blanks before pos on its line */
int pmo__merge_starts_line(const char *s, size_t pos);
/* after the line break of the line where the entry's value ends */
size_t pmo__merge_entry_end(const char *s, size_t len, const pmo_pair *p);
/* the dash of the block list item that starts at pos, or -1 */
long pmo__merge_dash_of(const char *s, size_t pos);
int pmo__merge_same(const pmo_node *a, const pmo_node *b);
int pmo__merge_block_map(const pmo_node *n);
/* merge_text.c: pieces of text. Theirs's entry i of bmap from its key on,
 * for a mapping of ours whose keys stand at column col (its own lines, its
 * names renumbered, when theirs's keys stand there too; else canonical). */
int pmo__merge_b_entry(merger *m, pmo_buf *out, const pmo_node *bmap, size_t i, uint32_t col);
/* the lines of item i of a block list of ours: 0, or -1 when its dash is
 * not found */
int pmo__merge_a_item_range(merger *m, const pmo_node *seq, size_t i, size_t *from, size_t *to);
/* theirs's item j for a list of ours whose dashes stand at indent; with
 * gap, with the comment lines above it on theirs's side */
int pmo__merge_b_item(merger *m, pmo_buf *out, const pmo_node *bseq, size_t j, size_t indent,
		      int gap);
/* merge_text.c: edits. Push the edit of ours's [start, end) with the
 * text pool[at..] (written there just before). */
int pmo__merge_push(merger *m, size_t start, size_t end, size_t at, int theirs_only, long conflict);
/* ours's [from, to) with the edits from first on (sorted here): mode 0
 * every edit (and the conflicts' lines noted), 1 the ours version (without
 * theirs_only edits), 2 the theirs version */
int pmo__merge_render(merger *m, pmo_buf *out, size_t from, size_t to, size_t first, int mode);
/* the markers around ours and theirs over ours's [from, to), and the
 * conflict (what why) reported */
int pmo__merge_push_conflict(merger *m, size_t from, size_t to, const char *ours, size_t olen,
			     const char *theirs, size_t tlen, const char *what, const char *why,
			     const char *olabel, const char *tlabel);
/* a pair or an item of a merged tree (nothing for NULL) */
int pmo__merge_tree_put(merger *m, pmo_node *map, const pmo_node *key, const pmo_node *value);
int pmo__merge_tree_add(merger *m, pmo_node *seq, const pmo_node *item);
/* merge_tree.c: merge the block mappings a and b, both changed from o (a
 * mapping, or NULL: none): the edits pushed, the merged mappings in x and
 * y */
int pmo__merge_map(merger *m, const pmo_node *o, const pmo_node *a, const pmo_node *b,
		   pmo_node **x, pmo_node **y);
/* Merge the list by its items' ids. 1 when it is not such a list (or not
 * in block style on both sides): the caller merges it as one value. */
int pmo__merge_keyed(merger *m, const pmo_merge_list *list, const pmo_node *o,
		     const pmo_node *a, const pmo_node *b, pmo_node **x, pmo_node **y);

#endif
