#ifndef PMO_YAML_MERGE_H
#define PMO_YAML_MERGE_H
/*
 * Three-way merge of YAML documents by meaning, for git's merge driver
 * (pmo merge-file): a base and the two sides that changed it (ours, the
 * branch merged into; theirs, the branch merged in).
 *
 * Mappings merge key by key, recursively where all three hold a block
 * mapping. The lists a spec names (a plan's `tasks`, a budget's `lines` and
 * `expenses`) are lists of mappings keyed by their `id`: items merge by ID,
 * field by field, wherever they stand in the list. Any other value (a
 * scalar, a list such as `depends`) changed on both sides in two different
 * ways is a conflict; so is an item or key changed on one side and deleted
 * on the other, and an item deleted on one side that the merged result
 * still names (a dependency added on the other side). A conflict is written
 * with git's markers around the two versions of the smallest unit that
 * holds it: the whole item of a keyed list, else the `key: value` entry:
 *
 *	<<<<<<< ours: T-2 duration
 *	  - id: T-2
 *	    duration: 5
 *	=======
 *	  - id: T-2
 *	    duration: 7
 *	>>>>>>> theirs: T-2 duration
 *
 * Both versions carry every change that merged cleanly, so keeping one of
 * them resolves the conflict. An item deleted on one side is the empty
 * version.
 *
 * Items both sides added under the same ID with different contents are
 * both kept: theirs takes the next free number (past every ID of the three
 * versions), and every reference on their side to that ID (the spec's
 * reference paths: `parent`, `depends`, a baseline's task keys) follows.
 *
 * The result is ours's text with only the merged places changed: new items
 * and keys come with their own lines (and the comment lines above a new
 * item), comments, order and quoting elsewhere stay byte for byte. The
 * result is read back and compared with the merged tree; when the two
 * differ (an unusual layout: flow-style items, different indentations) the
 * three versions are put in the canonical style first (keeping comments,
 * as pmo fmt does) and merged again.
 */
#include "yaml/yaml.h"

/* A list of mappings keyed by "id", a top-level key of the document, whose
 * IDs are PREFIX-n. */
typedef struct {
	const char *key;     /* "tasks" */
	const char *prefix;  /* "T" */
} pmo_merge_list;

/* Where the document names an item of a list by its ID: a path of keys
 * from the root, "*" for every item of a list or value of a mapping, "~"
 * (last) for the keys of a mapping. A value names an ID when it starts
 * (after blanks) with PREFIX-n not followed by a digit ("T-3", "T-3:ss+2d").
 * required: the named item must exist (a dependency); otherwise the name
 * only follows a renumbering (a baseline's dates of a task). */
typedef struct {
	const char *path;    /* "tasks.*.depends.*" */
	const char *list;    /* "tasks" */
	int required;
} pmo_merge_ref;

typedef struct {
	const pmo_merge_list *lists;
	size_t nlists;
	const pmo_merge_ref *refs;
	size_t nrefs;
} pmo_merge_spec;

typedef struct {
	char *from, *to;     /* theirs' T-5 is T-21 in the result */
} pmo_merge_renumbered;

typedef struct {
	char *what;          /* "T-2 duration", "baselines.v1.date", "T-7 deleted" */
	size_t line;         /* the line of its <<<<<<< marker in the result */
} pmo_merge_conflict;

typedef struct {
	pmo_buf text;                    /* the merged file */
	pmo_merge_conflict *conflicts;
	size_t nconflicts;
	pmo_merge_renumbered *renumbered;
	size_t nrenumbered;
	int canonical;                   /* written in the canonical style */
} pmo_yaml_merged;

/* Merge ours and theirs, both changed from base (base may be an empty
 * document: the file was added on both sides). The documents' roots must
 * be mappings or null (PMO_EINVALID otherwise). 0 with *out filled, clean
 * or with conflicts (out->nconflicts); a negative code on error. */
int pmo_yaml_merge(pmo_yaml_merged *out, const pmo_doc *base, const pmo_doc *ours,
		   const pmo_doc *theirs, const pmo_merge_spec *spec);
void pmo_yaml_merged_free(pmo_yaml_merged *m);

#endif
