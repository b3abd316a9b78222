#ifndef PMO_REPO_REPO_H
#define PMO_REPO_REPO_H
/*
 * pmo's git layer (libgit2): find the repository and the pmo tree in it,
 * read files from the worktree or any revision, and commit exactly the paths
 * a command changed, safely against concurrent pmo and git processes.
 *
 * Paths given to these functions are relative to the pmo tree's root (the
 * folder holding pmo.yaml), which may be a sub-folder of the repository.
 */
#include <stddef.h>
#include <git2.h>
#include "util/buf.h"

typedef struct pmo_repo pmo_repo;

enum {
	PMO_REPO_NEED_TREE = 1 << 0, /* fail unless a pmo.yaml is found */
	PMO_REPO_FROM_ENV = 1 << 1,  /* GIT_DIR etc. from the environment (hooks) */
};

/* Open the repository that contains dir (walking up like git) and find the
 * pmo tree: the nearest folder holding pmo.yaml from dir upward, inside the
 * repository. In a bare repository the tree is looked up in HEAD. */
int pmo_repo_open(pmo_repo **out, const char *dir, unsigned flags);
/* Create a repository at dir when dir is in none (like git init); open it. */
int pmo_repo_init(pmo_repo **out, const char *dir);
void pmo_repo_free(pmo_repo *repo);

git_repository *pmo_repo_git(pmo_repo *repo);
int pmo_repo_is_bare(const pmo_repo *repo);
/* Absolute worktree path with a trailing '/', or NULL when bare. */
const char *pmo_repo_workdir(const pmo_repo *repo);
/* The pmo tree's path relative to the worktree: "" or "sub/dir/". */
const char *pmo_repo_prefix(const pmo_repo *repo);
/* Absolute path of the pmo tree's root, trailing '/' (worktree only). */
const char *pmo_repo_root(const pmo_repo *repo);
/* Set the pmo tree's root (after pmo init wrote pmo.yaml in dir). */
int pmo_repo_set_root(pmo_repo *repo, const char *dir);
/* Whether a pmo.yaml was found. */
int pmo_repo_has_tree(const pmo_repo *repo);

/* Refuse mutations (PMO_ECONFLICT with a clear message) in a bare
 * repository, on a detached HEAD, or mid merge/rebase/cherry-pick/revert. */
int pmo_repo_check_mutable(pmo_repo *repo);
/* Take the exclusive pmo lock (flock on <gitdir>/pmo.lock) for the rest of
 * the process; waits for other pmo processes. */
int pmo_repo_lock(pmo_repo *repo);
/* Refuse (PMO_ECONFLICT: "path has uncommitted changes …") when any of the
 * paths differs between HEAD, the index and the worktree. */
int pmo_repo_check_clean(pmo_repo *repo, const char *const *paths, size_t n);

/* The identity git would use: GIT_AUTHOR_NAME/EMAIL/DATE and
 * GIT_COMMITTER_* first, then user.name/user.email from config. A clear
 * PMO_EINVALID error telling how to set it when there is none. */
int pmo_repo_signatures(git_signature **author, git_signature **committer, pmo_repo *repo);

/* Commit the worktree state of exactly these paths (files that no longer
 * exist are removed) on top of HEAD with message; move the branch by
 * compare-and-swap and retry on a lost race; refresh just these index
 * entries. *out (may be NULL) gets the new commit's id. */
int pmo_repo_commit(git_oid *out, pmo_repo *repo, const char *const *paths,
		    size_t n, const char *message);

/*
 * A read source: the worktree, or the tree of a revision (works in bare
 * repositories). Paths are relative to the pmo tree's root.
 */
typedef struct pmo_source pmo_source;

/* rev NULL: the worktree (or HEAD when bare). */
int pmo_source_open(pmo_source **out, pmo_repo *repo, const char *rev);
void pmo_source_free(pmo_source *src);
/* Read a file; PMO_ENOTFOUND when absent. max bytes (0 = no limit). */
int pmo_source_read(pmo_buf *out, pmo_source *src, const char *path, size_t max);
int pmo_source_exists(pmo_source *src, const char *path);
/* Names in a folder (files and folders, sorted bytewise), NULL-terminated,
 * caller frees with pmo_strv_free. A missing folder gives an empty list. */
int pmo_source_list(char ***out, pmo_source *src, const char *dir);
/* Display path for messages: the path relative to the current directory
 * when reading the worktree, "REV:path" otherwise. New string. */
char *pmo_source_display(pmo_source *src, const char *path);
void pmo_strv_free(char **v);

/* History of one file, newest first (like git log --follow-less -- path):
 * cb gets each commit that changed it, with the file's bytes before and
 * after (NULL when absent). Return non-zero from cb to stop. */
typedef struct {
	const git_commit *commit;
	const char *old_data; size_t old_len;
	const char *new_data; size_t new_len;
} pmo_history_entry;
typedef int (*pmo_history_cb)(const pmo_history_entry *e, void *payload);
int pmo_repo_history(pmo_repo *repo, const char *path, pmo_history_cb cb, void *payload);

#endif
