#ifndef PMO_MODEL_MERGE_CHANGE_H
#define PMO_MODEL_MERGE_CHANGE_H
/*
 * Merging a change as a whole tree (pmo change merge) and resolving what
 * a plain git merge left (pmo resolve), where the merge driver, which sees
 * one file, cannot:
 *
 * - plan.yaml and budget.yaml merge by task and line ID, as pmo merge-file
 *   merges them (model/merge.h), through libgit2 (repo/merging.h);
 * - register records that both sides added at the same path (R-13 on each
 *   side) are kept both: the change's takes the next ID free on both
 *   sides (the folders' .retired respected), and every file of the change
 *   that names it follows, as pmo <kind> renumber rewrites them;
 * - a task the plan's merge renumbers (both sides added T-3: the change's
 *   is now T-5) is followed by the change's other files that name it: a
 *   record's task field, an expense's task in budget.yaml.
 *
 * The change's content is adjusted in a commit on no branch (its parent
 * the change's tip), which is then merged; the merge commit's parents are
 * the two branches' tips.
 */
#include "model/model.h"
#include "repo/merging.h"

/* Files to write (paths, bytes owned). */
typedef struct {
	pmo_repo_file *items;
	size_t n;
} pmo_file_edits;
void pmo_file_edits_free(pmo_file_edits *e);

/* Each file of uses rewritten to name kind's record as project/id (from
 * its own project as pmo_ref_text writes it), appended to out: what
 * renumber and move write. */
int pmo_uses_rewrite(pmo_file_edits *out, const pmo_uses *uses, const pmo_kind *kind,
		     const char *project, const char *id);

/* The files that give kind's record project/id of src the ID to: its file
 * removed, its file at its new path with the ID field changed (the rest
 * byte for byte), and each file that names it with those values
 * rewritten (uses.c). Appended to out. */
int pmo_renumber_files(pmo_file_edits *out, const pmo_model *model, pmo_source *src,
		       const pmo_settings *settings, const pmo_kind *kind, const char *project,
		       const char *id, const char *to);

/* What merging a change needs before its merge commit is made. */
typedef struct {
	char content[41];   /* the change's content as merged; "" when it is the branch's own */
	char **notes;       /* "CBM/R-13 of the change is now CBM/R-14", NULL-terminated, or NULL */
} pmo_change_merge;
void pmo_change_merge_free(pmo_change_merge *cm);

/* Prepare the merge of branch from into into: renumber the change's
 * records that collide with into's and the references that follow them
 * (out->notes says what). own, the change request's own file, is never
 * renumbered: the other side having it too is a conflict. */
int pmo_change_merge_prepare(pmo_change_merge *out, const pmo_model *model,
			     const pmo_settings *settings, pmo_repo *repo, const char *into,
			     const char *from, const char *own);
/* The merge commit (pmo_repo_merge_make with pmo's merge of plan.yaml and
 * budget.yaml): PMO_ECONFLICT naming what stays conflicted. */
int pmo_change_merge_make(char out[static 41], const pmo_change_merge *cm, pmo_repo *repo,
			  const char *into, const char *from, const char *path, const char *data,
			  size_t len, const char *message);

/* pmo resolve: the register records the index has as added on both sides
 * (a git merge of MERGE_HEAD stopped on them). The files to write into
 * the worktree and stage: ours's record kept, theirs's renumbered, the
 * references of theirs's files that the worktree has as theirs has them
 * rewritten. notes: what was renumbered; left: "PATH" of each file that
 * names a renumbered record but was changed on both sides (not touched),
 * and of each add/add conflict that is no register record. */
typedef struct {
	pmo_file_edits files;
	char **notes, **left;
} pmo_resolution;
void pmo_resolution_free(pmo_resolution *r);
int pmo_resolve_added_both(pmo_resolution *out, const pmo_model *model,
			   const pmo_settings *settings, pmo_repo *repo);

#endif
