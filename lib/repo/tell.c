/*
 * What pmo tells about commits without handing libgit2's types out of
 * lib/repo: a commit's id, subject and author (log, workflow findings),
 * the commit a command made ("[main 1a2b3c4] subject"), HEAD's id, and the
 * editor git would start.
 */
#include "internal.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

void pmo_repo_commit_info(pmo_commit_info *out, const git_commit *c)
{
	const git_signature *a = git_commit_author(c);
	const git_signature *k = git_commit_committer(c);
	const char *summary = git_commit_summary((git_commit *)c);

	git_oid_tostr(out->id, sizeof(out->id), git_commit_id(c));
	out->summary = summary ? summary : "";
	out->author_name = a ? a->name : "";
	out->author_email = a ? a->email : "";
	out->author_time = a ? (int64_t)a->when.time : 0;
	out->author_offset = a ? a->when.offset : 0;
	out->committer_time = k ? (int64_t)k->when.time : 0;
	out->committer_offset = k ? k->when.offset : 0;
}

int pmo_repo_head_id(char out[static 41], pmo_repo *repo)
{
	git_oid id;
	int e;

	if ((e = git_reference_name_to_id(&id, repo->git, "HEAD")) < 0)
		return e == GIT_ENOTFOUND ? pmo_error_set(PMO_ENOTFOUND, "HEAD has no commit yet")
					  : pmo_repo__git_error(e, "cannot read HEAD");
	git_oid_tostr(out, 41, &id);
	return 0;
}

int pmo_repo_commit_paths(pmo_commit_made *out, pmo_repo *repo, const char *const *paths,
			  size_t n, const char *message)
{
	git_oid oid;
	git_reference *head = NULL;
	git_commit *commit = NULL;
	const char *branch = "HEAD", *nl;
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = pmo_repo_commit(&oid, repo, paths, n, message)) < 0)
		return error;
	if (git_repository_head(&head, repo->git) == 0)
		branch = git_reference_shorthand(head);
	git_oid_tostr(out->id, sizeof(out->id), &oid);
	/* the subject committed: a commit-msg hook may have changed it */
	if (!git_oid_is_zero(&oid) && git_commit_lookup(&commit, repo->git, &oid) == 0)
		message = git_commit_message(commit);
	nl = strchr(message, '\n');
	if (!(out->branch = strdup(branch)) ||
	    !(out->subject = strndup(message, nl ? (size_t)(nl - message) : strlen(message)))) {
		pmo_commit_made_free(out);
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
	}
	git_commit_free(commit);
	git_reference_free(head);
	return error;
}

void pmo_commit_made_free(pmo_commit_made *c)
{
	if (!c)
		return;
	free(c->branch);
	free(c->subject);
	c->branch = c->subject = NULL;
}

int pmo_repo_editor(char **out, pmo_repo *repo)
{
	const char *e = getenv("VISUAL");
	git_config *cfg = NULL;
	git_buf buf = { 0 };

	*out = NULL;
	if (!e || !*e)
		e = getenv("EDITOR");
	if (e && *e)
		*out = strdup(e);
	else if (repo && git_repository_config_snapshot(&cfg, repo->git) == 0 &&
		 git_config_get_string_buf(&buf, cfg, "core.editor") == 0)
		*out = strdup(buf.ptr);
	else
		*out = strdup("vi");
	git_buf_dispose(&buf);
	git_config_free(cfg);
	return *out ? 0 : pmo_error_set(PMO_ENOMEM, "out of memory");
}

int pmo_repo_pager(char **out, pmo_repo *repo)
{
	const char *e = getenv("PMO_PAGER");
	git_config *cfg = NULL;
	git_buf buf = { 0 };
	int found;

	*out = NULL;
	if (e)
		return (*out = strdup(e)) ? 0 : pmo_error_set(PMO_ENOMEM, "out of memory");
	found = (repo ? git_repository_config_snapshot(&cfg, repo->git) : git_config_open_default(&cfg)) == 0 &&
		git_config_get_string_buf(&buf, cfg, "core.pager") == 0;
	git_error_clear();
	if (found)
		*out = strdup(buf.ptr);
	else if ((e = getenv("PAGER")))
		*out = strdup(e);
	else
		*out = strdup("less");
	git_buf_dispose(&buf);
	git_config_free(cfg);
	return *out ? 0 : pmo_error_set(PMO_ENOMEM, "out of memory");
}
