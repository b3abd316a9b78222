/*
 * What a pmo command killed in the middle of a commit leaves behind, and the
 * one command that repairs it.
 *
 * pmo_repo_commit takes .git/index.lock (writing "pmo-lock PID" into it, so
 * that pmo can tell its own lock from git's), writes the new index as
 * .git/index.pmo-PID, creates the objects, moves the branch by
 * compare-and-swap (libgit2 writes refs/heads/B.lock and renames it), then
 * renames index.pmo-PID over the index and removes index.lock. A kill at any
 * moment leaves one of:
 *
 *   - nothing but pmo's index.lock (killed right after taking it, or after
 *     installing the index): the lock alone is stale;
 *   - index.lock and index.pmo-PID (maybe refs/heads/B.lock), the branch not
 *     moved: nothing was committed, the files the command wrote are
 *     uncommitted changes in the worktree;
 *   - index.lock and index.pmo-PID, the branch moved: committed, but the
 *     index still holds the files as before that commit, so a `git commit`
 *     would undo it (git's own commit has the same window). `git reset -q
 *     -- PATH…` puts HEAD's entries into the index.
 *
 * These files are stale for certain only while this process holds the pmo
 * lock (no other pmo process can be between taking index.lock and removing
 * it), so pmo_repo_check_interrupted is called with it held. A plain git
 * process's index.lock has no "pmo-lock" mark and is left to git's rules.
 */
#define _GNU_SOURCE
#include "repo/internal.h"
#include "util/error.h"
#include "util/fs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LOCK_MARK "pmo-lock "

/* Is the file a lock pmo wrote? */
static int is_pmo_lock(const char *path)
{
	char head[sizeof(LOCK_MARK)];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);

	if (fd < 0)
		return 0;
	n = read(fd, head, sizeof(head) - 1);
	close(fd);
	return n == (ssize_t)sizeof(head) - 1 && !memcmp(head, LOCK_MARK, sizeof(head) - 1);
}

/* A path for the user, relative to the current folder, shell-quoted when it
 * needs it. */
static void put_shown(pmo_buf *b, const char *abs)
{
	char *rel = pmo_repo__relative_to_cwd(abs);
	const char *s = rel ? rel : abs, *p;
	int plain = *s != '\0';

	for (p = s; *p; p++)
		if (!(((unsigned char)*p >= 0x80) || (*p >= 'a' && *p <= 'z') ||
		      (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("/._-+,:@", *p)))
			plain = 0;
	if (plain) {
		pmo_buf_puts(b, s);
	} else {
		pmo_buf_putc(b, '\'');
		for (p = s; *p; p++) {
			if (*p == '\'')
				pmo_buf_puts(b, "'\\''");
			else
				pmo_buf_putc(b, *p);
		}
		pmo_buf_putc(b, '\'');
	}
	free(rel);
}

static int entry_equal(const git_index_entry *a, const git_index_entry *b)
{
	if (!a || !b)
		return a == b;
	return a->mode == b->mode && git_oid_equal(&a->id, &b->id);
}

/* Does HEAD's tree hold the entry e (NULL: no file) at path? */
static int head_has(git_tree *tree, const char *path, const git_index_entry *e)
{
	git_tree_entry *te = NULL;
	int r;

	if (!tree)
		return e == NULL;
	if (git_tree_entry_bypath(&te, tree, path) < 0) {
		git_error_clear();
		return e == NULL;
	}
	r = e && git_oid_equal(git_tree_entry_id(te), &e->id) &&
	    (git_filemode_t)e->mode == git_tree_entry_filemode(te);
	git_tree_entry_free(te);
	return r;
}

/* The paths where index `next` differs from `cur` ("a\0b\0"), *n of them;
 * *committed when HEAD holds next's version of each and cur's of none. */
static int compare(pmo_buf *paths, size_t *n, int *committed, git_index *cur, git_index *next,
		   git_tree *tree)
{
	const git_index_entry *a, *b;
	size_t k, pass;
	int ok = 1;

	*n = 0;
	for (pass = 0; pass < 2; pass++) {
		git_index *from = pass ? cur : next, *other = pass ? next : cur;
		for (k = 0; k < git_index_entrycount(from); k++) {
			a = git_index_get_byindex(from, k);
			if (!a || GIT_INDEX_ENTRY_STAGE(a) != 0)
				continue;
			b = git_index_get_bypath(other, a->path, 0);
			if (pass && b)
				continue; /* seen in the first pass */
			if (entry_equal(a, b))
				continue;
			pmo_buf_puts(paths, a->path);
			pmo_buf_putc(paths, '\0');
			(*n)++;
			/* the entry next holds for this path */
			{
				const git_index_entry *want = pass ? NULL : a;
				const git_index_entry *had = pass ? a : b;
				if (!head_has(tree, a->path, want) || head_has(tree, a->path, had))
					ok = 0;
			}
		}
	}
	*committed = *n > 0 && ok;
	return pmo_buf_oom(paths);
}

int pmo_repo_check_interrupted(pmo_repo *repo)
{
	const char *gitdir = git_repository_path(repo->git);
	pmo_buf lock = PMO_BUF_INIT, tmp = PMO_BUF_INIT, ref_lock = PMO_BUF_INIT;
	pmo_buf files = PMO_BUF_INIT, paths = PMO_BUF_INIT, msg = PMO_BUF_INIT, abs = PMO_BUF_INIT;
	git_index *cur = NULL, *next = NULL;
	git_reference *head = NULL;
	git_commit *commit = NULL;
	git_tree *tree = NULL;
	DIR *d = NULL;
	struct dirent *de;
	const char *p;
	char hex[8];
	size_t npaths = 0, k;
	int error = 0, pmo_lock, committed = 0, have_next = 0;

	pmo_buf_printf(&lock, "%sindex.lock", gitdir);
	if ((error = pmo_buf_oom(&lock)) < 0)
		goto done;
	pmo_lock = is_pmo_lock(lock.ptr);
	if (pmo_lock) {
		put_shown(&files, lock.ptr);
		pmo_buf_putc(&files, ' ');
	}
	/* pmo's temporary indexes (and libgit2's lock files for them) */
	if ((d = opendir(gitdir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strncmp(de->d_name, "index.pmo-", 10))
				continue;
			pmo_buf_clear(&abs);
			pmo_buf_printf(&abs, "%s%s", gitdir, de->d_name);
			put_shown(&files, abs.ptr);
			pmo_buf_putc(&files, ' ');
			if (!strchr(de->d_name + 10, '.') && !tmp.len)
				pmo_buf_puts(&tmp, abs.ptr);
		}
		closedir(d);
	}
	if (!files.len)
		goto done;
	/* the branch's lock, when pmo's commit died moving it */
	if (pmo_lock && git_reference_lookup(&head, repo->git, "HEAD") == 0 &&
	    git_reference_type(head) == GIT_REFERENCE_SYMBOLIC) {
		pmo_buf_printf(&ref_lock, "%s%s.lock", git_repository_commondir(repo->git),
			       git_reference_symbolic_target(head));
		if (!pmo_buf_oom(&ref_lock) && access(ref_lock.ptr, F_OK) == 0) {
			put_shown(&files, ref_lock.ptr);
			pmo_buf_putc(&files, ' ');
		}
	}
	git_error_clear();
	if ((error = pmo_buf_oom(&files)) < 0 || (error = pmo_buf_oom(&tmp)) < 0)
		goto done;
	pmo_buf_truncate(&files, files.len - 1);
	/* committed or not: compare the index pmo meant to install with the
	 * one in place and with HEAD */
	if (tmp.len && git_index_open(&next, tmp.ptr) == 0 && git_index_read(next, 1) == 0 &&
	    git_repository_index(&cur, repo->git) == 0 && git_index_read(cur, 1) == 0) {
		have_next = 1;
	}
	git_error_clear();
	if (have_next) {
		git_reference *h = NULL;
		if (git_repository_head(&h, repo->git) == 0 &&
		    git_commit_lookup(&commit, repo->git, git_reference_target(h)) == 0)
			git_commit_tree(&tree, commit);
		git_reference_free(h);
		git_error_clear();
		if ((error = compare(&paths, &npaths, &committed, cur, next, tree)) < 0)
			goto done;
	}
	if (committed) {
		git_oid_tostr(hex, sizeof(hex), git_commit_id(commit));
		pmo_buf_printf(&msg, "an earlier pmo command was interrupted after it committed %s "
			       "\"%s\" and before it updated the index, which still holds ", hex,
			       git_commit_summary(commit) ? git_commit_summary(commit) : "");
		for (p = paths.ptr, k = 0; k < npaths; k++, p += strlen(p) + 1) {
			pmo_buf_clear(&abs);
			pmo_buf_printf(&abs, "%s%s", repo->workdir, p);
			pmo_buf_puts(&msg, k ? ", " : "");
			put_shown(&msg, abs.ptr);
		}
		pmo_buf_printf(&msg, " as before that commit (a git commit now would undo it); "
			       "repair with: rm -f %s && git reset -q --", files.ptr);
		for (p = paths.ptr, k = 0; k < npaths; k++, p += strlen(p) + 1) {
			pmo_buf_clear(&abs);
			pmo_buf_printf(&abs, "%s%s", repo->workdir, p);
			pmo_buf_putc(&msg, ' ');
			put_shown(&msg, abs.ptr);
		}
	} else if (!have_next) {
		pmo_buf_printf(&msg, "an earlier pmo command was interrupted and left its lock on "
			       "the index; repair with: rm -f %s", files.ptr);
	} else {
		pmo_buf_puts(&msg, "an earlier pmo command was interrupted before it committed");
		if (npaths) {
			pmo_buf_puts(&msg, "; what it wrote to ");
			for (p = paths.ptr, k = 0; k < npaths; k++, p += strlen(p) + 1) {
				pmo_buf_clear(&abs);
				pmo_buf_printf(&abs, "%s%s", repo->workdir, p);
				pmo_buf_puts(&msg, k ? ", " : "");
				put_shown(&msg, abs.ptr);
			}
			pmo_buf_puts(&msg, " is not committed");
		}
		pmo_buf_printf(&msg, "; its lock and temporary files are left; repair with: rm -f %s",
			       files.ptr);
	}
	if ((error = pmo_buf_oom(&msg)) < 0)
		goto done;
	error = pmo_error_set(PMO_ECONFLICT, "%s", msg.ptr);
done:
	git_index_free(cur);
	git_index_free(next);
	git_tree_free(tree);
	git_commit_free(commit);
	git_reference_free(head);
	pmo_buf_free(&lock);
	pmo_buf_free(&tmp);
	pmo_buf_free(&ref_lock);
	pmo_buf_free(&files);
	pmo_buf_free(&paths);
	pmo_buf_free(&msg);
	pmo_buf_free(&abs);
	return error;
}
