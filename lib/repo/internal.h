#ifndef PMO_REPO_INTERNAL_H
#define PMO_REPO_INTERNAL_H
/* Private to lib/repo: the repository handle and helpers shared by its files. */
#include "repo/git.h"

#include <pthread.h>

struct pmo_repo {
	git_repository *git;
	char *workdir;   /* absolute, trailing '/', NULL when bare */
	char *prefix;    /* "" or "sub/dir/" */
	char *root;      /* workdir + prefix, NULL when bare */
	int has_tree;
	int bare;
	int lock_fd;     /* -1 until pmo_repo_lock */
	int did_init;    /* git_libgit2_init was called for this handle */
	unsigned commit_flags;           /* PMO_COMMIT_* */
	pmo_repo_hint_cb hint;           /* hints as git gives them ("hint: …") */
	void *hint_payload;
	struct pmo_filter_proc *procs; /* running filter.<d>.process (filter.c) */
	pmo_buf warnings; /* pmo_repo_warnings */
	int has_drivers; /* -1 unknown; whether any filter.<d>.* is configured */
	unsigned fsync;  /* core.fsync components (fsync.c), once fsync_parsed */
	int fsync_parsed;
	int fsync_method;
	int fsync_on;    /* GIT_OPT_ENABLE_FSYNC_GITDIR as last set */
	int fsync_refdb; /* the ref store was remade to sync */
	git_index *attr_index; /* the index's .gitattributes entries (filter.c) */
	int attr_state;        /* 0 not made, 1 made, -1 not made here */
	int attr_depth;
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

struct pmo_source {
	pmo_repo *repo;
	int worktree;
	char *rev;      /* the revision as given ("HEAD" for a bare default) */
	git_tree *tree; /* the revision's root tree (or, bare, its pmo folder); NULL on an unborn HEAD */
	char *folder;   /* bare: the pmo folder found in the tree ("a/b/"), else NULL */
	char *linkfree; /* worktree: the last folder found free of links ("projects/CBM/risks/") */
	pthread_mutex_t linklock; /* linkfree's, for folders listed on several threads */
};

/* Set PMO_EGIT (or PMO_ENOTFOUND / PMO_ECONFLICT for the matching libgit2
 * codes) with "what: libgit2's message"; returns the pmo code. */
int pmo_repo__git_error(int gitcode, const char *what);
/* prefix + path in a new string (repository-relative path); NULL on OOM
 * with the error set. */
char *pmo_repo__path(const pmo_repo *repo, const char *path);
/* The commit rev names: PMO_ENOTFOUND "unknown revision" (or "is not a
 * commit"). */
int pmo_repo__commit_of(git_commit **out, git_repository *git, const char *rev);
/* HEAD's commit, or *out NULL on an unborn branch. */
int pmo_repo__head_commit(git_commit **out, git_repository *git);
/* Like git, trust the object store (no re-hashing of each object read:
 * about a third of a walk's or a big blob's time; git fsck checks it)
 * from pmo_repo__trust_objects(1) to the matching (0); calls nest. */
void pmo_repo__trust_objects(int on);
/* An absolute path shown relative to the current directory, as git prints
 * paths ("a/b", "../c"); a new string, NULL on OOM with the error set. */
char *pmo_repo__relative_to_cwd(const char *abs);
/* The path (relative to the pmo tree) as the user sees it: relative to the
 * current directory for a worktree, the repository path when bare. */
char *pmo_repo__display(const pmo_repo *repo, const char *path);

/* graph.c: the repository's commit-graph (*out NULL when it has none, or
 * core.commitGraph or commitGraph.readChangedPaths is false); one pmo
 * cannot read is a warning (pmo_repo__warn) and *out NULL. */
struct pmo_graph;
int pmo_repo__graph_open(struct pmo_graph **out, pmo_repo *repo);

/* git's configuration as git reads it: the system file (unless
 * GIT_CONFIG_NOSYSTEM; GIT_CONFIG_SYSTEM names it), the global one
 * (GIT_CONFIG_GLOBAL, else XDG and ~/.gitconfig) and the repository's when
 * git is not NULL. Caller frees with git_config_free. */
int pmo_repo__config(git_config **out, git_repository *git);
/* Make libgit2 use pmo_repo__config when the environment asks for what
 * libgit2 1.5 ignores (GIT_CONFIG_NOSYSTEM, GIT_CONFIG_GLOBAL/SYSTEM). */
int pmo_repo__config_apply_env(pmo_repo *repo);
/* The command-line configuration (GIT_CONFIG_COUNT/KEY_n/VALUE_n, then
 * GIT_CONFIG_PARAMETERS, as git reads them) added to cfg above every file;
 * nothing when neither is set. Bad contents are PMO_EINVALID with git's
 * message. has_cmdline: whether either variable is set. */
int pmo_repo__config_add_cmdline(git_config *cfg, const git_repository *git);
int pmo_repo__config_has_cmdline(void);
/* A string value (new string) or *out NULL when unset. */
int pmo_repo__config_string(char **out, git_config *cfg, const char *name);
/* How to run a program (lib/repo/run.c). argv[0] is looked up on PATH
 * unless it holds a '/'; a file without "#!" runs with /bin/sh. env: more
 * NAME=value strings, replacing the environment's. dir: the working
 * folder (NULL: this one). in: the bytes for stdin (NULL: /dev/null).
 * out/err: capture stdout/stderr (NULL: inherited; stdout_to_stderr
 * sends stdout to our stderr, as git runs hooks). */
typedef struct {
	const char *const *argv;
	const char *const *env;
	const char *dir;
	const void *in;
	size_t in_len;
	pmo_buf *out;
	pmo_buf *err;
	int stdout_to_stderr;
} pmo_run_opts;
/* Run it and wait: *status is its exit code (128+signal when killed).
 * Errors: PMO_EIO "cannot run PROGRAM: …" when it cannot be started. */
int pmo_repo__run(int *status, const pmo_run_opts *o);

/* A commit object of tree and parents (no ref moves), signed with
 * sign_cfg's settings as git commit -S does when sign_cfg is not NULL
 * (commit.c). */
int pmo_repo__commit_create(git_oid *out, pmo_repo *repo, const git_signature *author,
			    const git_signature *committer, const char *message, const git_tree *tree,
			    size_t n, const git_commit **parents, git_config *sign_cfg);
/* Signing a commit as git 2.39 does (lib/repo/sign.c). *out: whether
 * commit.gpgsign is true in cfg. */
int pmo_repo__sign_wanted(int *out, git_config *cfg);
/* The signature of payload (the unsigned commit object) made with
 * gpg.format's program, user.signingKey (else the committer's "Name
 * <email>", or for ssh gpg.ssh.defaultKeyCommand's first key), with git's
 * arguments; CRs removed and the final newline stripped, ready for
 * git_commit_create_with_signature. Errors carry git's messages
 * ("gpg failed to sign the data", ssh-keygen's own). */
int pmo_repo__sign(pmo_buf *out, git_config *cfg, const char *payload, size_t len,
		   const git_signature *committer);
/* sign.c's helpers, shared with verify.c: the value git takes for a
 * variable two names may set (NULL when unset); a new file in $TMPDIR
 * named after tmpl (…XXXXXX) holding data; "~/x" expanded. */
int pmo_repo__config_last(char **out, git_config *cfg, const char *name1, const char *name2,
			  const char *shown);
int pmo_repo__temp_file(char **out, const char *tmpl, const char *data, size_t len);
char *pmo_repo__expand_home(const char *p);

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
