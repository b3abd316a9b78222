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
#include <stdint.h>
#include "util/buf.h"
#include "util/filecache.h"
#include "util/fs.h"

typedef struct pmo_repo pmo_repo;

/* libgit2's process-wide state is started by what needs it (opening or
 * creating a repository, merging text) and ended when that is freed. */

/* A commit as pmo tells it (log, workflow findings): valid during the
 * callback that gets it. */
typedef struct {
	char id[41];              /* full hex id */
	const char *summary;      /* the subject line, as git log's %s ("" if none) */
	const char *author_name;
	const char *author_email;
	int64_t author_time;      /* seconds since the epoch */
	int author_offset;        /* the author's zone, minutes east of UTC */
	int64_t committer_time;   /* when it was committed (git log's order) */
	int committer_offset;
} pmo_commit_info;

enum {
	PMO_REPO_NEED_TREE = 1 << 0, /* fail unless a pmo.yaml is found */
	PMO_REPO_FROM_ENV = 1 << 1,  /* GIT_DIR etc. from the environment (hooks) */
};

/* Open the repository that contains dir (walking up like git, honouring
 * GIT_CEILING_DIRECTORIES) and find the pmo tree: the nearest folder holding
 * pmo.yaml from dir upward, not above the worktree's root. In a bare
 * repository, or with PMO_REPO_FROM_ENV (GIT_DIR when set, as in a hook),
 * the tree is HEAD's root when HEAD:pmo.yaml exists. Without a tree the
 * root is the worktree's and the prefix "". Errors: PMO_ENOTFOUND "not a git
 * repository (or any parent): DIR"; with PMO_REPO_NEED_TREE and no
 * pmo.yaml, PMO_ENOTFOUND "not a pmo tree …; run pmo init"; a repository
 * owned by another user, PMO_EGIT telling the safe.directory command.
 * Initialises libgit2 (about 7 ms), released by pmo_repo_free. */
int pmo_repo_open(pmo_repo **out, const char *dir, unsigned flags);
/* Create a repository at dir (and the folder) when dir is in none, like
 * git init, on the branch named by init.defaultBranch, else "main"; then
 * open it (also an existing one, with or without commits). */
int pmo_repo_init(pmo_repo **out, const char *dir);
void pmo_repo_free(pmo_repo *repo);

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
/* Take the exclusive pmo lock (flock on <commondir>/pmo.lock) until
 * pmo_repo_free or exit; waits for other pmo processes. Taking it twice is
 * fine. */
int pmo_repo_lock(pmo_repo *repo);
/* Refuse (PMO_ECONFLICT: "PATH has uncommitted changes; commit or stash
 * them first", PATH as the user sees it) when any of the paths differs
 * between HEAD, the index and the worktree (staged, unstaged, untracked,
 * conflicted). A path absent everywhere is clean. Reads only these paths
 * (and the index), never a whole-repository status. 0 when bare. */
int pmo_repo_check_clean(pmo_repo *repo, const char *const *paths, size_t n);

/* With the pmo lock held: refuse (PMO_ECONFLICT) when an earlier pmo
 * command was killed in the middle of a commit, saying what happened (not
 * committed; or committed with the index left as before the commit) and
 * the one shell command that repairs it. Its lock (.git/index.lock marked
 * "pmo-lock"), temporary index (.git/index.pmo-*) and the branch's lock are
 * named. A git process's index.lock is not pmo's business here. */
int pmo_repo_check_interrupted(pmo_repo *repo);

/* How pmo_repo_commit runs, as git commit's options: NO_VERIFY skips the
 * pre-commit and commit-msg hooks (--no-verify), NO_GPG_SIGN commits
 * unsigned whatever commit.gpgsign says (--no-gpg-sign). hint (may be
 * NULL) gets each line git would print as "hint: LINE" (a hook that is not
 * executable). */
enum {
	PMO_COMMIT_NO_VERIFY = 1 << 0,
	PMO_COMMIT_NO_GPG_SIGN = 1 << 1,
};
typedef void (*pmo_repo_hint_cb)(const char *line, void *payload);
void pmo_repo_set_commit_options(pmo_repo *repo, unsigned flags, pmo_repo_hint_cb hint,
				 void *payload);
/* git -c NAME=VALUE: add it to GIT_CONFIG_PARAMETERS as git does, so that
 * every configuration read (pmo's and the programs it runs) sees it.
 * PMO_EINVALID with git's message for a bad NAME. */
int pmo_config_push_parameter(const char *text);

/* Set name (section.sub.key) to value in the repository's own
 * configuration (.git/config, shared by its linked worktrees). */
int pmo_repo_config_set(pmo_repo *repo, const char *name, const char *value);
/* git merge-file: the three-way merge by lines, with git's markers and the
 * labels ours and theirs, appended to out: 0 clean, 1 with conflicts. Needs
 * no repository. */
int pmo_merge_lines(pmo_buf *out, const char *base, size_t blen, const char *ours, size_t olen,
		    const char *theirs, size_t tlen);

/* Commit the worktree state of exactly these paths, as pmo_repo_commit
 * (repo/git.h) does, and tell what was committed: the branch HEAD names
 * ("HEAD" when detached), the new commit's id (all zeros when the paths
 * already matched HEAD and no commit was made) and its subject as
 * committed (a commit-msg hook may have changed it). */
typedef struct {
	char id[41];
	char *branch;
	char *subject;
} pmo_commit_made;
int pmo_repo_commit_paths(pmo_commit_made *out, pmo_repo *repo, const char *const *paths,
			  size_t n, const char *message);
void pmo_commit_made_free(pmo_commit_made *c);
/* HEAD's commit id in hex; PMO_ENOTFOUND on an unborn branch. */
int pmo_repo_head_id(char out[static 41], pmo_repo *repo);
/* The editor git would start for `git commit`: $VISUAL, $EDITOR,
 * core.editor, else vi (shell text: quotes and arguments work). */
int pmo_repo_editor(char **out, pmo_repo *repo);
/* The pager git would start: $PMO_PAGER, core.pager (of repo, or the
 * user's configuration when repo is NULL), $PAGER, else less (shell
 * text). */
int pmo_repo_pager(char **out, pmo_repo *repo);
/* The path git runs the hook name from (core.hooksPath or the
 * repository's hooks folder), absolute, appended to out. */
int pmo_repo_hook_path(pmo_buf *out, pmo_repo *repo, const char *name);

/* Whether git would pass path (relative to the pmo tree) through a filter
 * driver: its .gitattributes give it `filter=<driver>`. Such a record may
 * be confidential (git-crypt): its commit subject and body must not carry
 * its contents. 1 also when that cannot be told. */
int pmo_repo_path_filtered(pmo_repo *repo, const char *path);
/* What went wrong without stopping a command, as git reports it and goes
 * on, one per line with git's level, or NULL: "error: external filter
 * 'CMD' failed 1" (a filter that failed and was not required), "warning:
 * ignoring unknown core.fsync component 'x'". Borrowed; cleared by
 * pmo_repo_warnings_clear. */
const char *pmo_repo_warnings(const pmo_repo *repo);
void pmo_repo_warnings_clear(pmo_repo *repo);

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
/* pmo_source_read into out (emptied first): a big file of the worktree
 * mapped rather than copied (pmo_fs_text_nofollow), any other read into
 * out->buf. */
int pmo_source_read_text(pmo_fs_text *out, pmo_source *src, const char *path, size_t max);
int pmo_source_exists(pmo_source *src, const char *path);
/* Whether path itself is a symbolic link (in the worktree, or committed
 * with mode 120000). Reading a file through a link, or listing a folder
 * that is one or lies under one, fails with PMO_EINVALID "is a symbolic
 * link; pmo does not read or write through links". */
int pmo_source_is_link(pmo_source *src, const char *path);
/* Names in a folder (files and folders, sorted bytewise), NULL-terminated,
 * caller frees with pmo_strv_free. A missing folder gives an empty list. */
int pmo_source_list(char ***out, pmo_source *src, const char *dir);
/* Display path for messages: the path relative to the current directory
 * when reading the worktree (as git prints paths: "risks/R-1.yaml",
 * "../people/x.yaml"), "REV:path" otherwise (path from the repository's
 * root). New string, NULL on OOM. Read errors carry this path. */
char *pmo_source_display(pmo_source *src, const char *path);
void pmo_strv_free(char **v);
/* Append s (taken: freed on failure; NULL is out of memory) to the
 * NULL-terminated list *v (NULL: empty). */
int pmo_strv_push(char ***v, char *s);
/* A folder whose files are read one after another (a list reads hundreds
 * from one folder): in the worktree the folder is opened once (checked
 * free of links) and each file opened beneath it. dir is relative to the
 * pmo tree; a missing folder opens, and its files are not found. */
typedef struct pmo_source_dir pmo_source_dir;
int pmo_source_dir_open(pmo_source_dir **out, pmo_source *src, const char *dir);
void pmo_source_dir_free(pmo_source_dir *d);
/* pmo_source_read of dir/name, with the same errors. In the worktree,
 * several threads may read from one pmo_source_dir at once (and nothing
 * else of the source is used meanwhile); a revision's are read on one
 * thread: see pmo_source_threads. */
int pmo_source_dir_read(pmo_buf *out, pmo_source_dir *d, const char *name, size_t max);
/* pmo_source_dir_open for a walk of more folders than a process may hold
 * open (a portfolio of 300 projects has 6,000): checked for links now,
 * opened by its first read and closed again after the reads announced
 * with pmo_source_dir_expect have all been made; a read after those
 * opens it again. A read not announced before the reads began may be
 * announced by the thread about to make it. Its reads are safe on
 * several threads as pmo_source_dir_read's are. */
int pmo_source_dir_open_later(pmo_source_dir **out, pmo_source *src, const char *dir);
void pmo_source_dir_expect(pmo_source_dir *d, size_t reads);
/* Whether the files of a folder of src may be read on several threads. */
int pmo_source_threads(const pmo_source *src);
/* pmo_source_dir_read of a worktree's file unless its stat (lstat, taken
 * first) is *unless: 1 when it is (nothing is read), else what
 * pmo_source_dir_read returns, with *st the stat taken before the read
 * (mode 0: none, for a revision's file or one that is not a plain file).
 * unless may be NULL. One read as pmo_source_dir_expect counts them. */
int pmo_source_dir_read_changed(pmo_buf *out, pmo_file_stat *st, pmo_source_dir *d,
				const char *name, size_t max, const pmo_file_stat *unless);
/* Where src's caches are kept: *out the file
 * <gitdir>/pmo/cache/<tree>/NAME of the worktree's own git folder
 * (<tree> "root", or a hash of the pmo tree's folder), or NULL when src
 * has none (a revision, a bare repository, PMO_CACHE=0). 0 or PMO_ENOMEM. */
int pmo_source_cache_file(char **out, pmo_source *src, const char *name);

/* Every change to a YAML file of the pmo tree that src holds and `since`
 * does not: each commit reachable from src's revision (HEAD for the
 * worktree) and not from since, oldest first (topological order), then,
 * for a worktree source, the worktree and index against HEAD. since NULL:
 * the commits reachable from no ref of the repository (in a pre-receive
 * hook, those a newly pushed branch brings). cb gets each file (name
 * ending .yaml or .yml) that a commit adds or modifies, with its bytes
 * and its bytes in each parent of the commit (old_data[i] NULL: absent
 * there); deleted files are not passed. A merge passes the files that
 * differ from its first parent. A non-zero return from cb stops the walk
 * and is returned. Works in bare repositories and in quarantine. */
typedef struct {
	const char *path;          /* relative to the pmo tree */
	const pmo_commit_info *commit; /* NULL: the worktree */
	const char *new_data; size_t new_len;
	size_t nparents;           /* 1 for the worktree (HEAD) */
	const char *const *old_data;
	const size_t *old_len;
} pmo_source_change;
typedef int (*pmo_source_change_cb)(const pmo_source_change *c, void *payload);
int pmo_source_changes(pmo_source *src, const char *since, pmo_source_change_cb cb, void *payload);

/* The files (paths relative to the pmo tree) that differ between two
 * sources: added, removed or changed; sorted bytewise, NULL-terminated,
 * pmo_strv_free. Two revisions are compared as `git diff A B`; a revision
 * and the worktree as `git diff A` with the index, files not yet added to
 * git included (the worktree as pmo reads it). Only the names are told:
 * the caller reads what it needs through the sources. */
int pmo_source_diff(char ***out, pmo_source *a, pmo_source *b);
/* The best common ancestor of two revisions, as `git merge-base A B`, in
 * hex: PMO_ENOTFOUND for an unknown revision or when they have none. */
int pmo_repo_merge_base(char out[static 41], pmo_repo *repo, const char *a, const char *b);

/* History of one file, newest first, the commits `git log -- path` shows
 * (commit-time order, git's default simplification: a merge is shown only
 * when the file differs from every parent, and one equal to a parent is
 * followed through that parent only; no rename following): cb gets each
 * commit that changed it, with the file's bytes before (first parent) and
 * after (NULL when absent). Return non-zero from cb to stop: a negative
 * value is returned as is, a positive one gives 0. An unborn HEAD has no
 * history. Works in bare repositories and shallow clones, where a boundary
 * commit is shown (when it holds the file) with cut set. */
typedef struct {
	const pmo_commit_info *commit;
	const char *old_data; size_t old_len;
	const char *new_data; size_t new_len;
	int cut; /* a shallow clone's boundary (listed in .git/shallow): its
		  * parents are not in the clone, old_data is NULL and says
		  * nothing; the history goes on no further */
	int present; /* the file is in the commit */
	struct pmo_history_lazy *lazy; /* pmo_repo_history_lazy's; NULL otherwise */
} pmo_history_entry;
typedef int (*pmo_history_cb)(const pmo_history_entry *e, void *payload);
int pmo_repo_history(pmo_repo *repo, const char *path, pmo_history_cb cb, void *payload);
/* The same walk with the file's bytes left unread: old_data and new_data
 * are NULL in every entry (present says whether the file is in the
 * commit), and pmo_repo_history_read reads them when asked. A walk that
 * wants a few of many versions (earned value at each Monday) reads those
 * alone instead of two blobs a commit. */
int pmo_repo_history_lazy(pmo_repo *repo, const char *path, pmo_history_cb cb, void *payload);
/* In a history callback: the file's bytes in e's commit (*data NULL when
 * it is absent there), valid until the callback returns. */
int pmo_repo_history_read(const char **data, size_t *len, const pmo_history_entry *e);

#endif
