#ifndef PMO_REPO_HOOKS_H
#define PMO_REPO_HOOKS_H
/* Private to lib/repo: git's commit hooks (hooks.c). */
#include "repo/internal.h"

enum {
	PMO_HOOK_PRE_COMMIT,
	PMO_HOOK_PREPARE_COMMIT_MSG,
	PMO_HOOK_COMMIT_MSG,
	PMO_HOOK_POST_COMMIT,
	PMO_HOOK_PRE_MERGE_COMMIT,
	PMO_HOOK_POST_MERGE,
	PMO_HOOK_COUNT
};

/* The hooks only git merge runs, and those only git commit runs: skip
 * bits for pmo_hooks_find. */
#define PMO_HOOKS_OF_MERGE ((1u << PMO_HOOK_PRE_MERGE_COMMIT) | (1u << PMO_HOOK_POST_MERGE))
#define PMO_HOOKS_OF_COMMIT ((1u << PMO_HOOK_PRE_COMMIT) | (1u << PMO_HOOK_POST_COMMIT))

typedef struct {
	char *path[PMO_HOOK_COUNT]; /* as argv[0], from the worktree's top; NULL: none */
	int any;
} pmo_hooks;

/* The executable hooks, except those whose bit (1 << PMO_HOOK_…) is in
 * skip; a non-executable one is reported through repo's hint callback,
 * once per process. */
int pmo_hooks_find(pmo_hooks *out, pmo_repo *repo, git_config *cfg, unsigned skip);
void pmo_hooks_free(pmo_hooks *h);
/* Run hook which (nothing when absent) with up to two arguments and env
 * (NAME=value, NULL-terminated) added; *status its exit status. */
int pmo_hooks_run(int *status, pmo_repo *repo, const pmo_hooks *h, int which,
		  const char *arg1, const char *arg2, const char *const *env);
const char *pmo_hooks_name(int which);

/* The environment git gives commit hooks: GIT_INDEX_FILE, GIT_EDITOR=:
 * (no editor runs), the author as git exports it, GIT_PREFIX (the current
 * folder from the worktree's top, "sub/" or ""). */
typedef struct {
	pmo_buf index, author_name, author_email, author_date, prefix;
	const char *env[7];
} pmo_hook_env;
int pmo_hook_env_init(pmo_hook_env *h, pmo_repo *repo, const git_signature *author);
/* GIT_INDEX_FILE=path */
int pmo_hook_env_index(pmo_hook_env *h, const char *path);
void pmo_hook_env_release(pmo_hook_env *h);

/* Run hook which; a non-zero exit is PMO_ECONFLICT "the pre-commit hook
 * refused the commit (exit status 1); nothing was committed". */
int pmo_hooks_check(pmo_repo *repo, const pmo_hooks *hooks, int which, const char *arg1,
		    const char *arg2, pmo_hook_env *env);
/* prepare-commit-msg and commit-msg as git runs them: msg (cleaned) goes
 * to the git folder's file (COMMIT_EDITMSG for git commit, MERGE_MSG for
 * git merge), prepare-commit-msg gets source ("message", "merge") after
 * it, and what the hooks leave there, cleaned again, is the message. */
int pmo_hooks_message(git_buf *msg, pmo_repo *repo, const pmo_hooks *hooks, pmo_hook_env *env,
		      const char *file, const char *source);
/* A file in the git folder as git names it to hooks: ".git/NAME" when the
 * git folder is the worktree's .git, else its absolute path. */
int pmo_hooks_gitdir_file(pmo_buf *out, pmo_repo *repo, const char *name);
/* The tree of the index file at path now (after a hook). */
int pmo_hooks_index_tree(git_oid *tree, pmo_repo *repo, const char *path);

#endif
