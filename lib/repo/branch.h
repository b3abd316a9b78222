#ifndef PMO_REPO_BRANCH_H
#define PMO_REPO_BRANCH_H
/*
 * Branches for change requests (pmo change): which branch HEAD is on, the
 * branches under a prefix, switching the worktree to a branch (a new one
 * made from HEAD, or an existing one) as git switch does, the id of a
 * branch's content without one file (what an approval is about), the
 * authors of the commits a branch has and its base has not, and the merge
 * of a branch into another as one commit. libgit2 stays inside lib/repo;
 * these functions speak in names and hex ids.
 */
#include "repo/repo.h"

/* The branch HEAD names ("main"); PMO_ECONFLICT on a detached HEAD. */
int pmo_repo_branch_current(char **out, pmo_repo *repo);
/* Whether the local branch exists: 1, 0, or an error. */
int pmo_repo_branch_exists(pmo_repo *repo, const char *name);
/* The local branches whose name starts with prefix ("change/"), sorted
 * bytewise, NULL-terminated (pmo_strv_free). */
int pmo_repo_branch_list(char ***out, pmo_repo *repo, const char *prefix);
/* The tip of a branch (or any revision) in hex; PMO_ENOTFOUND. */
int pmo_repo_rev_id(char out[static 41], pmo_repo *repo, const char *rev);

/* Switch the worktree and HEAD to branch, as git switch: with create, the
 * branch is made at HEAD first (PMO_EEXISTS when it exists). Refused
 * (PMO_ECONFLICT "your worktree has uncommitted changes (PATH …); commit
 * or stash them first") when a tracked file differs from HEAD in the index
 * or the worktree; untracked files stay. */
int pmo_repo_switch(pmo_repo *repo, const char *branch, int create);

/* The id of rev's tree with the file path (relative to the pmo tree)
 * left out: the change's content whatever that one file says. */
int pmo_repo_tree_without(char out[static 41], pmo_repo *repo, const char *rev, const char *path);

/* The commits reachable from rev and not from base (git log base..rev),
 * oldest first, each told to cb (stop on non-zero, returned); a commit
 * that changes nothing but the file skip (relative to the pmo tree; NULL:
 * none) is not told. */
int pmo_repo_range(pmo_repo *repo, const char *base, const char *rev, const char *skip,
		   int (*cb)(const pmo_commit_info *c, void *payload), void *payload);
/* pmo_repo_history from rev (a branch, a commit id; NULL: HEAD). */
int pmo_repo_history_at(pmo_repo *repo, const char *rev, const char *path, pmo_history_cb cb,
			void *payload);
/* The author git would record now: name and email (new strings). */
int pmo_repo_author(char **name, char **email, pmo_repo *repo);
/* The repository of a source, and its revision (NULL: the worktree). */
pmo_repo *pmo_source_repo(const pmo_source *src);
const char *pmo_source_rev(const pmo_source *src);
/* Delete a local branch that HEAD is not on. */
int pmo_repo_branch_delete(pmo_repo *repo, const char *name);

/* Move branch into from its tip old to the commit id (compare and swap:
 * PMO_ECONFLICT when it moved meanwhile) and switch the worktree to it. */
int pmo_repo_merge_finish(pmo_repo *repo, const char *into, const char *old, const char *id);

#endif
