/*
 * pmo resolve: finish what a plain git merge left that pmo can decide.
 * git merges register records as files, so a record both branches added
 * with the same ID (R-13 on each side) stops the merge with an add/add
 * conflict. pmo resolve keeps ours's record, gives the merged branch's the
 * next ID free on both sides, rewrites the merged branch's references to
 * it, and stages the files; the user commits the merge (lib/model/
 * merge_change.c, pmo_resolve_added_both).
 */
#include "pmo.h"
#include "model/merge_change.h"
#include "repo/merging.h"
#include "util/fs.h"

#include <stdlib.h>
#include <string.h>

static const char resolve_usage[] =
	"usage: pmo resolve\n"
	"\nIn a git merge that stopped on conflicts: each register record both branches added\n"
	"with the same ID (R-13 on each side) is kept twice: ours's stays R-13, the merged\n"
	"branch's takes the next ID free on both sides, and the merged branch's files that name\n"
	"it follow. The files are written and staged; commit the merge with git commit.\n"
	"plan.yaml and budget.yaml are merged by git through pmo's merge driver (pmo init).\n"
	"\nExit status: 0 nothing is left to resolve; 1 conflicts are left (named), or no merge\n"
	"is in progress.\n";

/* Write the resolution's files into the worktree and stage them. */
static int apply(pmo_ctx *ctx, const pmo_resolution *res)
{
	const char **paths = calloc(res->files.n + 1, sizeof(*paths));
	size_t i;
	int code = 0;

	if (!paths)
		return pmo_die(1, "out of memory");
	for (i = 0; i < res->files.n && !code; i++) {
		const pmo_repo_file *f = &res->files.items[i];
		char *full = pmo_path_join(pmo_repo_root(ctx->repo), f->path);
		if (!full || pmo_fs_mkdirs_for(full) < 0 || pmo_fs_write_atomic(full, f->data, f->len) < 0)
			code = full ? pmo_fail() : pmo_die(1, "out of memory");
		free(full);
		paths[i] = f->path;
	}
	if (!code && pmo_repo_stage(ctx->repo, paths, res->files.n) < 0)
		code = pmo_fail();
	free(paths);
	return code;
}

int cmd_resolve(pmo_ctx *ctx, int argc, char **argv)
{
	pmo_resolution res;
	pmo_repo_merge_report left;
	size_t i;
	int code;

	memset(&res, 0, sizeof(res));
	memset(&left, 0, sizeof(left));
	int nargs = argc - 1;

	if ((code = pmo_parse(ctx, &nargs, argv + 1, NULL, resolve_usage)) != PMO_GO)
		return code;
	if (nargs)
		return pmo_die(2, "resolve takes no arguments; see 'pmo resolve -h'");
	/* a merge is in progress: what check_mutable refuses is what resolve is for */
	if (pmo_repo_lock(ctx->repo) < 0 ||
	    pmo_resolve_added_both(&res, ctx->model, ctx->settings, ctx->repo) < 0)
		return pmo_fail();
	if ((code = apply(ctx, &res)))
		goto done;
	for (i = 0; res.notes && res.notes[i]; i++)
		fprintf(stderr, "pmo: %s\n", res.notes[i]);
	for (i = 0; res.left && res.left[i]; i++)
		pmo_warn("%s: changed on both sides or not a register record: resolve it as git "
			 "does", res.left[i]);
	if (pmo_repo_index_conflicts(&left, ctx->repo) < 0) {
		code = pmo_fail();
		goto done;
	}
	if (left.conflicts) {
		pmo_buf names = PMO_BUF_INIT;
		for (i = 0; left.conflicts[i]; i++)
			pmo_buf_printf(&names, "%s%s", i ? ", " : "", left.conflicts[i]);
		code = pmo_die(1, "conflicts left in %s; resolve them, git add, git commit",
			       pmo_buf_cstr(&names));
		pmo_buf_free(&names);
	} else if (res.files.n) {
		fprintf(stderr, "pmo: resolved; commit the merge with git commit\n");
	} else {
		fprintf(stderr, "pmo: nothing to resolve\n");
	}
done:
	pmo_repo_merge_report_free(&left);
	pmo_resolution_free(&res);
	return code;
}
