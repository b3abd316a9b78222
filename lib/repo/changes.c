/*
 * The files a range of commits changed, for checks that look at steps
 * rather than at the tree (pmo validate --since: the status workflow).
 *
 * Each commit of since..tip is diffed against its first parent, limited
 * to the pmo folder; a file it adds or modifies is passed with its bytes
 * and its bytes in every parent (a merge's other parents by path), so the
 * caller can tell a change made in a merge from one it only brought in.
 * The worktree is diffed against HEAD with the index, as `git diff HEAD`.
 */
#include "repo/internal.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

#define MAX_PARENTS 64

typedef struct {
	pmo_source *src;
	const char *folder;        /* the pmo folder in the repository's trees: "" or "a/b/" */
	pmo_source_change_cb cb;
	void *payload;
} walker;

static int is_yaml(const char *path)
{
	size_t n = strlen(path);

	return (n > 5 && !strcmp(path + n - 5, ".yaml")) || (n > 4 && !strcmp(path + n - 4, ".yml"));
}

static int blob_of(git_blob **out, git_repository *git, const git_oid *id)
{
	int e = git_blob_lookup(out, git, id);

	return e < 0 ? pmo_repo__git_error(e, "cannot read a blob") : 0;
}

/* The blob at rpath in tree, or *out NULL when absent (or not a file). */
static int blob_at(git_blob **out, git_repository *git, git_tree *tree, const char *rpath)
{
	git_tree_entry *te = NULL;
	int error = 0, e;

	*out = NULL;
	e = git_tree_entry_bypath(&te, tree, rpath);
	if (e == GIT_ENOTFOUND) {
		git_error_clear();
		return 0;
	}
	if (e < 0)
		return pmo_repo__git_error(e, rpath);
	if (git_tree_entry_type(te) == GIT_OBJECT_BLOB)
		error = blob_of(out, git, git_tree_entry_id(te));
	git_tree_entry_free(te);
	return error;
}

static int diff_options(git_diff_options *o, const walker *w, char **spec)
{
	int e = git_diff_options_init(o, GIT_DIFF_OPTIONS_VERSION);

	if (e < 0)
		return pmo_repo__git_error(e, "cannot diff");
	o->flags |= GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS;
	if (w->folder[0]) {
		*spec = (char *)w->folder;
		o->pathspec.strings = spec;
		o->pathspec.count = 1;
	}
	return 0;
}

/* One commit: its changes against its first parent. */
static int one_commit(walker *w, git_commit *c)
{
	git_repository *git = w->src->repo->git;
	git_tree *tree = NULL, *ptrees[MAX_PARENTS] = { NULL };
	git_diff *diff = NULL;
	git_diff_options o;
	git_blob *nb = NULL, *ob[MAX_PARENTS] = { NULL };
	const char *od[MAX_PARENTS];
	size_t ol[MAX_PARENTS], np = git_commit_parentcount(c), i, k, flen = strlen(w->folder);
	char *spec = NULL;
	int error = 0, e;

	if (np > MAX_PARENTS)
		np = MAX_PARENTS; /* an octopus beyond 64: the first 64 parents */
	if ((e = git_commit_tree(&tree, c)) < 0) {
		error = pmo_repo__git_error(e, "cannot read a commit's tree");
		goto done;
	}
	for (k = 0; k < np; k++) {
		git_commit *p = NULL;
		if ((e = git_commit_parent(&p, c, (unsigned)k)) < 0 ||
		    (e = git_commit_tree(&ptrees[k], p)) < 0) {
			git_commit_free(p);
			error = pmo_repo__git_error(e, "cannot read a parent commit");
			goto done;
		}
		git_commit_free(p);
	}
	if ((error = diff_options(&o, w, &spec)) < 0)
		goto done;
	if ((e = git_diff_tree_to_tree(&diff, git, np ? ptrees[0] : NULL, tree, &o)) < 0) {
		error = pmo_repo__git_error(e, "cannot diff a commit");
		goto done;
	}
	for (i = 0; i < git_diff_num_deltas(diff) && !error; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		const char *rpath = d->new_file.path;
		pmo_source_change ch;
		pmo_commit_info info;

		if ((d->status != GIT_DELTA_ADDED && d->status != GIT_DELTA_MODIFIED) ||
		    strncmp(rpath, w->folder, flen) || !is_yaml(rpath))
			continue;
		if ((error = blob_of(&nb, git, &d->new_file.id)) < 0)
			break;
		for (k = 0; k < np; k++) {
			if (k == 0 && d->status == GIT_DELTA_MODIFIED)
				error = blob_of(&ob[k], git, &d->old_file.id);
			else if (k > 0)
				error = blob_at(&ob[k], git, ptrees[k], rpath);
			if (error < 0)
				break;
			od[k] = ob[k] ? git_blob_rawcontent(ob[k]) : NULL;
			ol[k] = ob[k] ? (size_t)git_blob_rawsize(ob[k]) : 0;
		}
		if (!error) {
			ch.path = rpath + flen;
			pmo_repo_commit_info(&info, c);
			ch.commit = &info;
			ch.new_data = git_blob_rawcontent(nb);
			ch.new_len = (size_t)git_blob_rawsize(nb);
			ch.nparents = np;
			ch.old_data = od;
			ch.old_len = ol;
			error = w->cb(&ch, w->payload);
		}
		git_blob_free(nb);
		nb = NULL;
		for (k = 0; k < np; k++) {
			git_blob_free(ob[k]);
			ob[k] = NULL;
		}
	}
done:
	git_diff_free(diff);
	git_tree_free(tree);
	for (k = 0; k < np; k++)
		git_tree_free(ptrees[k]);
	return error;
}

/* The worktree and index against HEAD. */
static int worktree(walker *w, git_commit *head)
{
	git_repository *git = w->src->repo->git;
	git_tree *tree = NULL;
	git_diff *diff = NULL;
	git_diff_options o;
	git_blob *ob = NULL;
	pmo_buf data = PMO_BUF_INIT;
	size_t i, flen = strlen(w->folder);
	char *spec = NULL;
	int error = 0, e;

	if (head && (e = git_commit_tree(&tree, head)) < 0) {
		error = pmo_repo__git_error(e, "cannot read HEAD's tree");
		goto done;
	}
	if ((error = diff_options(&o, w, &spec)) < 0)
		goto done;
	if ((e = git_diff_tree_to_workdir_with_index(&diff, git, tree, &o)) < 0) {
		error = pmo_repo__git_error(e, "cannot compare the worktree with HEAD");
		goto done;
	}
	for (i = 0; i < git_diff_num_deltas(diff) && !error; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		const char *rpath = d->new_file.path;
		const char *od = NULL;
		size_t ol = 0;
		pmo_source_change ch;

		if ((d->status != GIT_DELTA_ADDED && d->status != GIT_DELTA_MODIFIED &&
		     d->status != GIT_DELTA_UNTRACKED) ||
		    strncmp(rpath, w->folder, flen) || !is_yaml(rpath))
			continue;
		pmo_buf_clear(&data);
		if ((error = pmo_source_read(&data, w->src, rpath + flen, 0)) < 0)
			break;
		if (d->status == GIT_DELTA_MODIFIED) {
			if ((error = blob_of(&ob, git, &d->old_file.id)) < 0)
				break;
			od = git_blob_rawcontent(ob);
			ol = (size_t)git_blob_rawsize(ob);
		}
		ch.path = rpath + flen;
		ch.commit = NULL;
		ch.new_data = data.ptr ? data.ptr : "";
		ch.new_len = data.len;
		ch.nparents = 1;
		ch.old_data = &od;
		ch.old_len = &ol;
		error = w->cb(&ch, w->payload);
		git_blob_free(ob);
		ob = NULL;
	}
done:
	git_blob_free(ob);
	pmo_buf_free(&data);
	git_diff_free(diff);
	git_tree_free(tree);
	return error;
}

int pmo_source_changes(pmo_source *src, const char *since, pmo_source_change_cb cb, void *payload)
{
	git_repository *git = src->repo->git;
	git_commit *tip = NULL, *base = NULL, *c = NULL;
	git_revwalk *walk = NULL;
	git_oid id;
	walker w;
	int error = 0, e;

	w.src = src;
	w.folder = src->folder ? src->folder : src->repo->prefix;
	w.cb = cb;
	w.payload = payload;
	if (since && (error = pmo_repo__commit_of(&base, git, since)) < 0)
		goto done;
	if (src->worktree) {
		e = git_repository_head_unborn(git);
		if (e < 0) {
			error = pmo_repo__git_error(e, "HEAD");
			goto done;
		}
		if (!e && (error = pmo_repo__commit_of(&tip, git, "HEAD")) < 0)
			goto done;
	} else if ((error = pmo_repo__commit_of(&tip, git, src->rev)) < 0) {
		goto done;
	}
	if (tip) {
		if ((e = git_revwalk_new(&walk, git)) < 0 ||
		    (e = git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE)) < 0 ||
		    (e = git_revwalk_push(walk, git_commit_id(tip))) < 0 ||
		    (e = base ? git_revwalk_hide(walk, git_commit_id(base))
			      : git_revwalk_hide_glob(walk, "refs/*")) < 0) {
			error = pmo_repo__git_error(e, "cannot walk the history");
			goto done;
		}
		while ((e = git_revwalk_next(&id, walk)) == 0) {
			if ((e = git_commit_lookup(&c, git, &id)) < 0) {
				error = pmo_repo__git_error(e, "cannot read a commit");
				goto done;
			}
			error = one_commit(&w, c);
			git_commit_free(c);
			c = NULL;
			if (error)
				goto done;
		}
		if (e != GIT_ITEROVER) {
			error = pmo_repo__git_error(e, "cannot walk the history");
			goto done;
		}
	}
	if (src->worktree)
		error = worktree(&w, tip);
done:
	git_revwalk_free(walk);
	git_commit_free(tip);
	git_commit_free(base);
	return error;
}
