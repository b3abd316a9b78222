#ifndef PMO_REPO_GIT_H
#define PMO_REPO_GIT_H
/*
 * lib/repo's libgit2 face: the functions that take or give libgit2 types,
 * for lib/repo's own files and its tests. Nothing outside lib/repo (and
 * tests/test_repo.c) includes this file or <git2.h>; the rest of pmo talks
 * to git through repo/repo.h.
 */
#include <git2.h>
#include "repo/repo.h"

git_repository *pmo_repo_git(pmo_repo *repo);

/* The commit as pmo tells it (id, subject, author), pointing into c. */
void pmo_repo_commit_info(pmo_commit_info *out, const git_commit *c);

/* The identity git would use: GIT_AUTHOR_NAME/EMAIL/DATE and
 * GIT_COMMITTER_* first, then author.* / committer.*, then user.name /
 * user.email from config (repository, GIT_CONFIG_GLOBAL or ~/.gitconfig and
 * XDG, the system file unless GIT_CONFIG_NOSYSTEM), then $EMAIL. Dates as
 * git reads them: ISO 8601, RFC 2822, "@SECONDS +ZZZZ"; a bad one is
 * PMO_EINVALID naming the variable. A clear PMO_EINVALID error telling how
 * to set the identity when there is none. repo may be NULL (no repository
 * config). The caller frees both with git_signature_free. */
int pmo_repo_signatures(git_signature **author, git_signature **committer, pmo_repo *repo);

/* Commit the worktree state of exactly these paths (files that no longer
 * exist are removed) on top of HEAD with message (git's whitespace cleanup;
 * reflog "commit: SUBJECT"); a root commit on an unborn branch. Holds
 * index.lock like git commit does, moves the branch by compare-and-swap and
 * retries a lost race for up to 10 s, then refreshes just these index
 * entries; other staged, unstaged and untracked work stays as it was.
 * *out (may be NULL) gets the new commit's id, or the zero id when the
 * paths already match HEAD and no commit was made.
 * As git commit: the pre-commit, prepare-commit-msg, commit-msg and
 * post-commit hooks run (see hooks.c; their output goes to stderr), and
 * with commit.gpgsign the commit is signed (sign.c). A hook that refuses or
 * a signature that fails leaves no commit. */
int pmo_repo_commit(git_oid *out, pmo_repo *repo, const char *const *paths,
		    size_t n, const char *message);

#endif
