/*
 * Which files differ between two sources (pmo diff): two revisions'
 * trees compared as git diff A B does, or a revision and the worktree as
 * git diff A does with the index, files not yet added to git included
 * (the worktree as every pmo command reads it). Only the paths are told:
 * the caller reads and parses just those, through the sources. And the
 * merge base of two revisions, as git merge-base gives it (pmo diff
 * A...B, a change against the branch it started from).
 */
#include "repo/internal.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The pmo folder inside the trees the sources hold: "" when the tree is
 * already the pmo folder (a bare repository's found folder), else the
 * repository's prefix. */
static const char *folder_of(const pmo_source *s)
{
	return s->folder ? "" : s->repo->prefix;
}

int pmo_source_diff(char ***out, pmo_source *a, pmo_source *b)
{
	git_repository *git = a->repo->git;
	git_diff *diff = NULL;
	git_diff_options o;
	pmo_source *tmp;
	const char *folder;
	char *spec = NULL, **v = NULL;
	size_t i, n = 0, flen;
	int error = 0, e;

	if (a->worktree && !b->worktree) {
		tmp = a; /* the same paths either way round */
		a = b;
		b = tmp;
	}
	folder = folder_of(a);
	flen = strlen(folder);
	if ((e = git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION)) < 0)
		return pmo_repo__git_error(e, "cannot diff");
	if (flen) {
		spec = (char *)folder;
		o.pathspec.strings = &spec;
		o.pathspec.count = 1;
	}
	if (a->worktree) {
		e = 0; /* the worktree against itself: nothing */
	} else if (b->worktree) {
		o.flags |= GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS;
		e = git_diff_tree_to_workdir_with_index(&diff, git, a->tree, &o);
	} else {
		/* like git, trust the object store: re-hashing each folder
		 * read costs more than the comparison */
		pmo_repo__trust_objects(1);
		e = git_diff_tree_to_tree(&diff, git, a->tree, b->tree, &o);
		pmo_repo__trust_objects(0);
	}
	if (e < 0) {
		error = pmo_repo__git_error(e, "cannot compare the trees");
		goto done;
	}
	n = diff ? git_diff_num_deltas(diff) : 0;
	if (!(v = calloc(n + 1, sizeof(*v)))) {
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
		goto done;
	}
	for (i = n = 0; diff && i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		const char *path = d->status == GIT_DELTA_DELETED ? d->old_file.path : d->new_file.path;

		if (d->status == GIT_DELTA_UNMODIFIED || d->status == GIT_DELTA_IGNORED ||
		    strncmp(path, folder, flen))
			continue;
		if (!(v[n++] = strdup(path + flen))) {
			error = pmo_error_set(PMO_ENOMEM, "out of memory");
			goto done;
		}
	}
	qsort(v, n, sizeof(*v), cmp_str);
	*out = v;
	v = NULL;
done:
	pmo_strv_free(v);
	git_diff_free(diff);
	return error;
}

int pmo_repo_merge_base(char out[static 41], pmo_repo *repo, const char *a, const char *b)
{
	git_commit *ca = NULL, *cb = NULL;
	git_oid base;
	int error, e;

	if ((error = pmo_repo__commit_of(&ca, repo->git, a)) < 0 ||
	    (error = pmo_repo__commit_of(&cb, repo->git, b)) < 0)
		goto done;
	e = git_merge_base(&base, repo->git, git_commit_id(ca), git_commit_id(cb));
	if (e == GIT_ENOTFOUND) {
		git_error_clear();
		error = pmo_error_set(PMO_ENOTFOUND, "\"%s\" and \"%s\" have no common ancestor", a, b);
	} else if (e < 0) {
		error = pmo_repo__git_error(e, "cannot find the merge base");
	} else {
		git_oid_tostr(out, 41, &base);
	}
done:
	git_commit_free(ca);
	git_commit_free(cb);
	return error;
}
