/*
 * Small helpers the files of lib/repo share, in a file of their own below
 * everything that calls them: libgit2's errors as pmo's (the code mapped,
 * libgit2's message kept), and repository-relative paths.
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
