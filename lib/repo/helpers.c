/*
 * Small helpers the files of lib/repo share, in a file of their own below
 * everything that calls them: libgit2's errors as pmo's (the code mapped,
 * libgit2's message kept), repository-relative paths, HEAD's commit.
 */
#include "repo/internal.h"
#include "util/error.h"

#include <string.h>

int pmo_repo__git_error(int gitcode, const char *what)
{
	const git_error *e = git_error_last();
	const char *msg = e && e->message ? e->message : "unknown libgit2 error";
	int code;

	switch (gitcode) {
	case GIT_ENOTFOUND:
		code = PMO_ENOTFOUND;
		break;
	case GIT_EMODIFIED:
	case GIT_ELOCKED:
	case GIT_ECONFLICT:
		code = PMO_ECONFLICT;
		break;
	default:
		code = PMO_EGIT;
		break;
	}
	return pmo_error_set(code, "%s: %s", what, msg);
}

char *pmo_repo__path(const pmo_repo *repo, const char *path)
{
	pmo_buf b = PMO_BUF_INIT;

	pmo_buf_puts(&b, repo->prefix);
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	if (strcmp(path, ".") != 0)
		pmo_buf_puts(&b, path);
	if (pmo_buf_oom(&b) < 0)
		return NULL;
	return pmo_buf_detach(&b);
}

/* HEAD's commit, or *out NULL on an unborn branch. */
int pmo_repo__head_commit(git_commit **out, git_repository *git)
{
	git_reference *head = NULL;
	int e;

	*out = NULL;
	e = git_repository_head(&head, git);
	if (e == GIT_EUNBORNBRANCH || e == GIT_ENOTFOUND) {
		git_error_clear();
		return 0;
	}
	if (e < 0)
		return pmo_repo__git_error(e, "cannot read HEAD");
	e = git_commit_lookup(out, git, git_reference_target(head));
	git_reference_free(head);
	if (e < 0)
		return pmo_repo__git_error(e, "cannot read HEAD's commit");
	return 0;
}

int pmo_repo__commit_of(git_commit **out, git_repository *git, const char *rev)
{
	git_object *obj = NULL;
	int e = git_revparse_single(&obj, git, rev), error = 0;

	if (e == GIT_ENOTFOUND || e == GIT_EINVALIDSPEC || e == GIT_EAMBIGUOUS || e == GIT_EUNBORNBRANCH) {
		git_error_clear();
		return pmo_error_set(PMO_ENOTFOUND, "unknown revision \"%s\"", rev);
	}
	if (e < 0)
		return pmo_repo__git_error(e, rev);
	if ((e = git_object_peel((git_object **)out, obj, GIT_OBJECT_COMMIT)) < 0) {
		git_error_clear();
		error = pmo_error_set(PMO_ENOTFOUND, "revision \"%s\" is not a commit", rev);
	}
	git_object_free(obj);
	return error;
}

/* Nested: the outermost call decides; the process runs one thread. */
static unsigned trusting;

void pmo_repo__trust_objects(int on)
{
	if (on && trusting++ == 0)
		git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	else if (!on && trusting && --trusting == 0)
		git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 1);
}
