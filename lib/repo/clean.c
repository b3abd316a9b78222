/*
 * The check before a command writes: the paths it will commit hold no
 * uncommitted work (HEAD, the index and the worktree agree on each).
 */
#include "repo/dircache.h"
#include "util/error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- check_clean ---- */

/* What one place (HEAD, index, worktree) holds at a path. */
typedef struct {
	int present;
	git_oid id;
} slot;

static int same(const slot *a, const slot *b)
{
	if (a->present != b->present)
		return 0;
	return !a->present || git_oid_equal(&a->id, &b->id);
}

static int worktree_slot(slot *out, pmo_repo *repo, const char *rpath)
{
	pmo_buf abs = PMO_BUF_INIT, link = PMO_BUF_INIT;
	struct stat st;
	ssize_t n;
	int error = 0, e;

	memset(out, 0, sizeof(*out));
	pmo_buf_printf(&abs, "%s%s", repo->workdir, rpath);
	if ((error = pmo_buf_oom(&abs)) < 0)
		goto done;
	if (lstat(abs.ptr, &st) < 0) {
		if (errno != ENOENT && errno != ENOTDIR)
			error = pmo_error_set_at(PMO_EIO, abs.ptr, 0, 0, "cannot stat: %s",
						 strerror(errno));
		goto done;
	}
	out->present = 1;
	if (S_ISLNK(st.st_mode)) {
		if ((error = pmo_buf_grow(&link, (size_t)st.st_size + 1)) < 0)
			goto done;
		n = readlink(abs.ptr, link.ptr, link.cap - 1);
		if (n < 0) {
			error = pmo_error_set_at(PMO_EIO, abs.ptr, 0, 0, "cannot read link: %s",
						 strerror(errno));
			goto done;
		}
		if ((e = git_odb_hash(&out->id, link.ptr, (size_t)n, GIT_OBJECT_BLOB)) < 0)
			error = pmo_repo__git_error(e, "cannot hash a link");
	} else if (S_ISREG(st.st_mode)) {
		/* with the .gitattributes filters and driver, as git add would */
		error = pmo_repo__blob_from_workdir(&out->id, repo, rpath, 0);
	}
	/* anything else (a folder) stays present with a zero id: it differs */
done:
	pmo_buf_free(&abs);
	pmo_buf_free(&link);
	return error;
}

static int refuse_dirty(pmo_repo *repo, const char *path, const char *rpath)
{
	char *shown = pmo_repo__display(repo, path);
	int error = pmo_error_set(PMO_ECONFLICT,
		"%s has uncommitted changes; commit or stash them first", shown ? shown : rpath);

	free(shown);
	return error;
}

/* The index read by pmo (dircache.c) when its cached trees say it holds
 * HEAD's tree: HEAD and the index then agree on every path, and neither
 * HEAD's trees nor libgit2's reading of the index are needed. 1 when it
 * does not apply. */
static int check_clean_fast(pmo_repo *repo, git_commit *head, const char *const *paths, size_t n)
{
	pmo_dircache dc;
	const pmo_dc_entry *ie;
	slot i, w;
	char *rpath = NULL;
	size_t k;
	int error;

	if ((error = pmo_repo__dircache_read(&dc, repo, 0)) < 0)
		return error;
	if (!dc.usable || !head || dc.tree->count < 0 ||
	    !git_oid_equal(&dc.tree->id, git_commit_tree_id(head))) {
		pmo_repo__dircache_free(&dc);
		return 1;
	}
	for (k = 0; k < n; k++) {
		free(rpath);
		if (!(rpath = pmo_repo__path(repo, paths[k]))) {
			error = PMO_ENOMEM;
			goto done;
		}
		memset(&i, 0, sizeof(i));
		if ((ie = pmo_repo__dircache_find(&dc, rpath)) != NULL) {
			i.present = 1;
			pmo_repo__dircache_entry_id(&i.id, ie);
		}
		if ((error = worktree_slot(&w, repo, rpath)) < 0)
			goto done;
		if (!same(&i, &w)) {
			error = refuse_dirty(repo, paths[k], rpath);
			goto done;
		}
	}
done:
	free(rpath);
	pmo_repo__dircache_free(&dc);
	return error;
}

int pmo_repo_check_clean(pmo_repo *repo, const char *const *paths, size_t n)
{
	git_commit *head = NULL;
	git_tree *tree = NULL;
	git_index *index = NULL;
	git_tree_entry *te = NULL;
	const git_index_entry *ie;
	slot h, i, w;
	char *rpath = NULL;
	size_t k;
	int error = 0, e, stage, conflicted;

	if (!repo->workdir || n == 0)
		return 0;
	if ((error = pmo_repo__head_commit(&head, repo->git)) < 0 ||
	    (error = check_clean_fast(repo, head, paths, n)) <= 0)
		goto done;
	error = 0;
	if (head && (e = git_commit_tree(&tree, head)) < 0) {
		error = pmo_repo__git_error(e, "cannot read HEAD's tree");
		goto done;
	}
	if ((e = git_repository_index(&index, repo->git)) < 0 ||
	    (e = git_index_read(index, 0)) < 0) {
		error = pmo_repo__git_error(e, "cannot read the index");
		goto done;
	}
	for (k = 0; k < n; k++) {
		free(rpath);
		if (!(rpath = pmo_repo__path(repo, paths[k]))) {
			error = PMO_ENOMEM;
			goto done;
		}
		memset(&h, 0, sizeof(h));
		memset(&i, 0, sizeof(i));
		if (tree) {
			e = git_tree_entry_bypath(&te, tree, rpath);
			if (e == 0) {
				h.present = 1;
				if (git_tree_entry_type(te) == GIT_OBJECT_BLOB)
					git_oid_cpy(&h.id, git_tree_entry_id(te));
				git_tree_entry_free(te);
				te = NULL;
			} else if (e != GIT_ENOTFOUND) {
				error = pmo_repo__git_error(e, "cannot read HEAD's tree");
				goto done;
			}
		}
		if ((ie = git_index_get_bypath(index, rpath, 0)) != NULL) {
			i.present = 1;
			git_oid_cpy(&i.id, &ie->id);
		}
		conflicted = 0;
		for (stage = 1; stage <= 3; stage++)
			if (git_index_get_bypath(index, rpath, stage))
				conflicted = 1;
		if ((error = worktree_slot(&w, repo, rpath)) < 0)
			goto done;
		if (conflicted || !same(&h, &i) || !same(&i, &w)) {
			error = refuse_dirty(repo, paths[k], rpath);
			goto done;
		}
	}
	git_error_clear();
done:
	free(rpath);
	git_tree_entry_free(te);
	git_index_free(index);
	git_tree_free(tree);
	git_commit_free(head);
	return error;
}
