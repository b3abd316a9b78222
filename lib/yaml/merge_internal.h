#ifndef PMO_YAML_MERGE_INTERNAL_H
#define PMO_YAML_MERGE_INTERNAL_H
/* Private to the merge (merge.c, merge_list.c): its state and the pieces
 * the keyed lists share with the mappings. */
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

int pmo__merge_oom(void);
size_t pmo__merge_line_start(const char *s, size_t pos);
long pmo__merge_dash_of(const char *s, size_t pos);
int pmo__merge_same(const pmo_node *a, const pmo_node *b);
int pmo__merge_block_map(const pmo_node *n);
int pmo__merge_a_item_range(merger *m, const pmo_node *seq, size_t i, size_t *from, size_t *to);
int pmo__merge_b_item(merger *m, pmo_buf *out, const pmo_node *bseq, size_t j, size_t indent, int gap);
int pmo__merge_push(merger *m, size_t start, size_t end, size_t at, int theirs_only, long conflict);
int pmo__merge_render(merger *m, pmo_buf *out, size_t from, size_t to, size_t first, int mode);
int pmo__merge_push_conflict(merger *m, size_t from, size_t to, const char *ours, size_t olen,
			 const char *theirs, size_t tlen, const char *what, const char *why,
			 const char *olabel, const char *tlabel);
int pmo__merge_tree_add(merger *m, pmo_node *seq, const pmo_node *item);
int pmo__merge_map(merger *m, const pmo_node *o, const pmo_node *a, const pmo_node *b,
		     pmo_node **x, pmo_node **y);
/* Merge the list by its items' ids (merge_list.c). 1 when it is not such
 * a list (or not in block style on both sides): the caller merges it as
 * one value. */
int pmo__merge_keyed(merger *m, const pmo_merge_list *list, const pmo_node *o,
		     const pmo_node *a, const pmo_node *b, pmo_node **x, pmo_node **y);

#endif
