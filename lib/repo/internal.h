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
	struct pmo_filter_proc *procs; /* running filter.<d>.process (filter.c) */
	pmo_buf warnings; /* pmo_repo_warnings */
	int has_drivers; /* -1 unknown; whether any filter.<d>.* is configured */
	unsigned fsync;  /* core.fsync components (fsync.c), once fsync_parsed */
	int fsync_parsed;
	int fsync_method;
	int fsync_on;    /* GIT_OPT_ENABLE_FSYNC_GITDIR as last set */
	int fsync_refdb; /* the ref store was remade to sync */
};

/* fsync.c: git's core.fsync components and methods */
enum {
	PMO_FSYNC_LOOSE_OBJECT = 1 << 0,
	PMO_FSYNC_PACK = 1 << 1,
	PMO_FSYNC_PACK_METADATA = 1 << 2,
	PMO_FSYNC_COMMIT_GRAPH = 1 << 3,
	PMO_FSYNC_INDEX = 1 << 4,
	PMO_FSYNC_REFERENCE = 1 << 5,
};
enum { PMO_FSYNC_METHOD_FSYNC, PMO_FSYNC_METHOD_WRITEOUT };
/* The components git would sync in this repository (parsed once). */
unsigned pmo_repo__fsync_components(pmo_repo *repo);
/* libgit2 syncs what it writes next (objects, refs) iff component is on. */
void pmo_repo__fsync_phase(pmo_repo *repo, unsigned component);
/* fsync path (core.fsyncMethod) when component is on. */
int pmo_repo__fsync_path(pmo_repo *repo, const char *path, unsigned component);
/* fsync the folder holding path when component is on. */
int pmo_repo__fsync_dir_of(pmo_repo *repo, const char *path, unsigned component);

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

/* filter.c: the blob git would store for the worktree file at rpath (its
 * filter driver, then libgit2's text/eol/ident filters); written to the
 * object store when write, else only hashed. */
int pmo_repo__blob_from_workdir(git_oid *out, pmo_repo *repo, const char *rpath, int write);
/* A blob's bytes in data as git would check them out (the smudge side of
 * the path's filter driver); unchanged without one. */
int pmo_repo__smudge(pmo_buf *data, pmo_repo *repo, const char *rpath, const git_oid *blob);
/* Whether any filter.<d>.* is configured: without, no blob is smudged. */
int pmo_repo__has_drivers(pmo_repo *repo);
/* Add a line to pmo_repo_warnings (once), starting "error: " or "warning: ". */
void pmo_repo__warn(pmo_repo *repo, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Stop the filter processes; release the warnings. */
void pmo_repo__filters_free(pmo_repo *repo);

#endif
