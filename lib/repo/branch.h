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

/* Whether tree (hex) is what pmo_repo_tree_without(rev, path) gives,
 * found by hashing rather than writing (an approval's tree need not be in
 * the object store any more): *out 1 or 0. */
int pmo_repo_tree_is_without(int *out, pmo_repo *repo, const char *rev, const char *path,
			     const char *tree);

/* The commits reachable from rev and not from base (git log base..rev),
 * oldest first, each told to cb (stop on non-zero, returned); a commit
 * that changes nothing but the file skip (relative to the pmo tree; NULL:
 * none) is not told. */
int pmo_repo_range(pmo_repo *repo, const char *base, const char *rev, const char *skip,
		   int (*cb)(const pmo_commit_info *c, void *payload), void *payload);
/* The commits from rev back along first parents (a branch's own line, as
 * git log --first-parent shows it) to the commit until (hex) included,
 * newest first, each told to cb (stop on non-zero, returned): *met 1. When
 * the line ends (a root) without meeting until, none is told: *met 0. */
int pmo_repo_first_parents(int *met, pmo_repo *repo, const char *rev, const char *until,
			   int (*cb)(const pmo_commit_info *c, void *payload), void *payload);
/* pmo_repo_history from rev (a branch, a commit id; NULL: HEAD). */
int pmo_repo_history_at(pmo_repo *repo, const char *rev, const char *path, pmo_history_cb cb,
			void *payload);
/* The history of every file in the folders that pattern names (relative
 * to the pmo tree; a component "*" stands for any one folder name, as in
 * projects, *, changes), in one walk of the commits reachable from rev
 * (NULL: HEAD), newest first (commit-time order, a child before its
 * parents), every commit and not only those git log -- PATH shows: cb gets
 * each file a commit adds, changes or removes against its first parent (a
 * root commit: against nothing), with both versions' bytes (NULL: absent),
 * the commit's message and a merge's second parent. Non-zero from cb stops
 * the walk: a negative value is returned, a positive one gives 0. A shallow
 * clone's boundary commits are roots. Blobs are told as stored (no filter
 * driver runs). */
typedef struct {
	const char *path;          /* relative to the pmo tree */
	const pmo_commit_info *commit;
	const char *message;       /* the commit's whole message */
	const char *second_parent; /* a merge's second parent (hex), else NULL */
	const char *old_data; size_t old_len;
	const char *new_data; size_t new_len;
} pmo_history_file;
typedef int (*pmo_history_file_cb)(const pmo_history_file *f, void *payload);
int pmo_repo_history_files(pmo_repo *repo, const char *rev, const char *pattern, pmo_history_file_cb cb,
			   void *payload);
/* The same walk telling also, after each commit's files, whether the
 * commit changes anything else against its first parent: a file outside
 * the pattern's last folders, or a folder inside them (others 1). Told for
 * every commit walked; non-zero from commit_cb stops the walk as from cb. */
typedef struct {
	const pmo_commit_info *commit;
	int others;
} pmo_history_commit;
typedef int (*pmo_history_commit_cb)(const pmo_history_commit *c, void *payload);
int pmo_repo_history_files_commits(pmo_repo *repo, const char *rev, const char *pattern,
				   pmo_history_file_cb cb, pmo_history_commit_cb commit_cb, void *payload);
/* The same walk telling which files each commit changed, without their
 * bytes (old_data and new_data NULL): who changed what, when, with no
 * blob read (pmo report's last changes). */
int pmo_repo_history_changed(pmo_repo *repo, const char *rev, const char *pattern, pmo_history_file_cb cb,
			     void *payload);
/* Whether the history from rev (NULL: HEAD) stops at a shallow clone's
 * boundary: 1 with out the first boundary commit reached (hex), 0 (out
 * ""), or an error. */
int pmo_repo_shallow_boundary(char out[static 41], pmo_repo *repo, const char *rev);
/* Verify commit id's signature as git verify-commit does (openpgp with
 * gpg.program, ssh with gpg.ssh.allowedSignersFile) and tell who signed:
 * *out the ssh principal or the email of the gpg user id (a new string).
 * PMO_ENOTFOUND "commit 1a2b3c4 is not signed"; PMO_EINVALID "bad ssh
 * signature: …", "gpg.ssh.allowedSignersFile needs to be configured …". */
int pmo_repo_verify_commit(char **out, pmo_repo *repo, const char *id);
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
