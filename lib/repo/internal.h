#ifndef PMO_REPO_INTERNAL_H
#define PMO_REPO_INTERNAL_H
/* Private to lib/repo: the repository handle and helpers shared by its files. */
#include "repo/repo.h"

struct pmo_repo {
	git_repository *git;
	char *workdir;   /* absolute, trailing '/', NULL when bare */
	char *prefix;    /* "" or "sub/dir/" */
	char *root;      /* workdir + prefix, NULL when bare */
	int has_tree;
	int bare;
	int lock_fd;     /* -1 until pmo_repo_lock */
	int did_init;    /* git_libgit2_init was called for this handle */
};

struct pmo_source {
	pmo_repo *repo;
	int worktree;
	char *rev;      /* the revision as given ("HEAD" for a bare default) */
	git_tree *tree; /* the revision's root tree (or, bare, its pmo folder); NULL on an unborn HEAD */
	char *folder;   /* bare: the pmo folder found in the tree ("a/b/"), else NULL */
};

/* Set PMO_EGIT (or PMO_ENOTFOUND / PMO_ECONFLICT for the matching libgit2
 * codes) with "what: libgit2's message"; returns the pmo code. */
int pmo_repo__git_error(int gitcode, const char *what);
/* prefix + path in a new string (repository-relative path); NULL on OOM
 * with the error set. */
char *pmo_repo__path(const pmo_repo *repo, const char *path);
/* An absolute path shown relative to the current directory, as git prints
 * paths ("a/b", "../c"); a new string, NULL on OOM with the error set. */
char *pmo_repo__relative_to_cwd(const char *abs);
/* The path (relative to the pmo tree) as the user sees it: relative to the
 * current directory for a worktree, the repository path when bare. */
char *pmo_repo__display(const pmo_repo *repo, const char *path);

/* git's configuration as git reads it: the system file (unless
 * GIT_CONFIG_NOSYSTEM; GIT_CONFIG_SYSTEM names it), the global one
 * (GIT_CONFIG_GLOBAL, else XDG and ~/.gitconfig) and the repository's when
 * git is not NULL. Caller frees with git_config_free. */
int pmo_repo__config(git_config **out, git_repository *git);
/* Make libgit2 use pmo_repo__config when the environment asks for what
 * libgit2 1.5 ignores (GIT_CONFIG_NOSYSTEM, GIT_CONFIG_GLOBAL/SYSTEM). */
int pmo_repo__config_apply_env(pmo_repo *repo);
/* A string value (new string) or *out NULL when unset. */
int pmo_repo__config_string(char **out, git_config *cfg, const char *name);
/* init.defaultBranch, else "main". */
int pmo_repo__default_branch(char **out);

#endif
