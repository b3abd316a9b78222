#ifndef PMO_REPO_MERGING_H
#define PMO_REPO_MERGING_H
/*
 * Merging a change's branch as pmo change merge does, and what pmo resolve
 * needs of a merge git left unfinished. The files pmo merges by ID
 * (plan.yaml, budget.yaml) are handed to a merger, the caller's (lib/model's
 * merge driver), when both sides changed them, so the merge through libgit2
 * is the one `git merge` makes with pmo's driver. A merge that keeps a
 * conflict is refused whole: no ref moves, no file is written.
 */
#include "repo/repo.h"

/* A file of a new tree: path relative to the pmo tree, data NULL: removed. */
typedef struct {
	const char *path;
	const char *data;
	size_t len;
} pmo_repo_file;

/* The caller's merge of the files it wants (paths relative to the pmo
 * tree): merge gets the three versions (base empty when both sides added
 * the file) and answers 0 merged cleanly or 1 with conflicts (out holds
 * the text either way; why gets a line per conflict), or an error. */
typedef struct {
	int (*wants)(const char *path, void *payload);
	int (*merge)(pmo_buf *out, pmo_buf *why, const char *path, const pmo_buf *base,
		     const pmo_buf *ours, const pmo_buf *theirs, void *payload);
	void *payload;
} pmo_repo_merger;

/* What a merge leaves unresolved: paths relative to the pmo tree,
 * NULL-terminated (NULL: none). */
typedef struct {
	char **added_both; /* added on both sides with different bytes (add/add) */
	char **conflicts;  /* every path that keeps a conflict, add/add included */
	pmo_buf why;       /* the merger's lines about its conflicts */
} pmo_repo_merge_report;
void pmo_repo_merge_report_free(pmo_repo_merge_report *r);

/* Merge branch from into branch into in memory, against their merge base,
 * with the tree of content (a revision; NULL: from) standing for from's:
 * what stays unresolved. Nothing is written but git objects. */
int pmo_repo_merge_try(pmo_repo_merge_report *out, pmo_repo *repo, const char *into,
		       const char *from, const char *content, const pmo_repo_merger *m);

/* A commit on no branch whose tree is rev's with files written (data NULL:
 * removed) and whose parent is rev: the content of a change adjusted
 * before it is merged (its renumbered records). */
int pmo_repo_derive(char out[static 41], pmo_repo *repo, const char *rev,
		    const pmo_repo_file *files, size_t n);

/* The merge of from into into as one new commit (parents: into's tip,
 * from's tip; author and committer as git would take them): the trees
 * merged as pmo_repo_merge_try does, with the file path (relative to the
 * pmo tree) holding data. No ref moves: *out gets the commit's id, to be
 * checked before pmo_repo_merge_finish. PMO_ECONFLICT naming the files
 * that keep a conflict. */
int pmo_repo_merge_make(char out[static 41], pmo_repo *repo, const char *into, const char *from,
			const char *content, const pmo_repo_merger *m, const char *path,
			const char *data, size_t len, const char *message);

/* The conflicts of the repository's index (a merge git stopped on). */
int pmo_repo_index_conflicts(pmo_repo_merge_report *out, pmo_repo *repo);
/* git add of paths (relative to the pmo tree) as the worktree has them:
 * a conflict of the path is resolved; a missing file is removed. */
int pmo_repo_stage(pmo_repo *repo, const char *const *paths, size_t n);

#endif
