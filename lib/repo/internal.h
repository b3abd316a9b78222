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
	unsigned commit_flags;           /* PMO_COMMIT_* */
	pmo_repo_hint_cb hint;           /* hints as git gives them ("hint: …") */
	void *hint_payload;
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

/* init.defaultBranch, else "main". */
int pmo_repo__default_branch(char **out);

#endif
