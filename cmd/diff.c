/*
 * pmo diff: the semantic diff of two revisions (lib/diff) in the form
 * asked for. Which two, as git diff users expect:
 *
 *   pmo diff            HEAD → the worktree
 *   pmo diff A          A → the worktree
 *   pmo diff A B        A → B (also A..B; an empty side is HEAD)
 *   pmo diff A...B      the merge base of A and B → B (what B changed
 *                       since it left A: a change request's branch)
 */
#include "pmo.h"
#include "diff/diff.h"

#include <stdlib.h>
#include <string.h>

static const char diff_usage[] =
	"usage: pmo diff [A | A..B | A...B | A B] [--format text|json|md] [--as-of DATE|none]\n"
	"\nWhat changed between two versions of the tree, in the domain's words: records\n"
	"added, removed and changed field by field (tasks of a plan as PROJECT/T-n), and\n"
	"for every project whose plan, start or calendar changed, both schedules\n"
	"compared: the finish and each milestone moved (in working days), the tasks that\n"
	"entered or left the critical path, the slack consumed; risks added or re-rated.\n"
	"\nWithout a revision, HEAD against the worktree (files not yet added to git\n"
	"included); A alone, A against the worktree; A..B (or A B), A against B, an\n"
	"empty side meaning HEAD; A...B, the merge base of A and B against B.\n"
	"--format md writes Markdown for a merge request's description; json is\n"
	"described in docs/diff.md. Plans are scheduled alone (no actual dates) unless\n"
	"--as-of gives a status date, so a diff of two commits never changes with the day.\n";

/* The revisions of the arguments: *a and *b (NULL: the worktree), and
 * whether a is to be the merge base of a and b. Strings are new. */
static int parse_range(char **a, char **b, int *base, int nargs, char **argv)
{
	const char *dots;
	size_t n;

	*a = *b = NULL;
	*base = 0;
	if (nargs == 0) {
		*a = strdup("HEAD");
	} else if (nargs == 2) {
		*a = strdup(argv[1]);
		*b = strdup(argv[2]);
	} else if ((dots = strstr(argv[1], ".."))) {
		n = (size_t)(dots - argv[1]);
		*base = dots[2] == '.';
		dots += *base ? 3 : 2;
		*a = n ? strndup(argv[1], n) : strdup("HEAD");
		*b = *dots ? strdup(dots) : strdup("HEAD");
	} else {
		*a = strdup(argv[1]);
	}
	return (*a && (*b || nargs == 0 || (nargs == 1 && !strstr(argv[1], ".."))))
	       ? 0 : pmo_die(1, "out of memory");
}

/* A source for rev (NULL: the worktree); an unknown revision is the
 * user's mistake (exit 2). */
static int open_side(pmo_source **out, pmo_ctx *ctx, const char *rev)
{
	const pmo_error *e;

	if (!rev && pmo_repo_is_bare(ctx->repo))
		return pmo_die(2, "a bare repository has no worktree to compare: give two revisions (pmo diff A..B)");
	if (pmo_source_open(out, ctx->repo, rev) == 0)
		return 0;
	e = pmo_error_last();
	if (e && e->code == PMO_ENOTFOUND)
		return pmo_die(2, "%s (pmo diff takes A, A..B, A...B or A B, as git diff does)", e->message);
	return pmo_fail();
}

int cmd_diff(pmo_ctx *ctx, int argc, char **argv)
{
	const char *format = NULL, *as_of = NULL;
	const pmo_opt opts[] = {
		OPT_STRING('f', "format", &format, "FORMAT", "text (default), json or md (a merge request's description)"),
		OPT_STRING(0, "as-of", &as_of, "DATE", "schedule both plans as of this status date (YYYY-MM-DD; default none: the plans alone)"),
		OPT_END(),
	};
	pmo_diff_options o = { PMO_NODATE };
	pmo_source *src[2] = { NULL, NULL };
	pmo_diff *d = NULL;
	pmo_buf out = PMO_BUF_INIT;
	char *a = NULL, *b = NULL, base_id[41];
	int nargs = argc - 1, base, code;

	if ((code = pmo_parse(ctx, &nargs, argv + 1, opts, diff_usage)) != PMO_GO)
		return code;
	if ((code = pmo_format(&format, ctx, format, "text,json,md", "text")))
		return code;
	pmo_pager_start(ctx);
	if (as_of && strcmp(as_of, "none") && pmo_date_parse(&o.as_of, as_of, strlen(as_of)) < 0)
		return pmo_die(2, "--as-of takes a date YYYY-MM-DD or none, not \"%s\"", as_of);
	if (nargs > 2)
		return pmo_die(2, "pmo diff takes at most two revisions (A..B, or A B)");
	if (nargs == 2 && (strstr(argv[1], "..") || strstr(argv[2], "..")))
		return pmo_die(2, "give the revisions as A..B or as A B, not both");
	if ((code = parse_range(&a, &b, &base, nargs, argv)))
		goto done;
	if (base) {
		if (pmo_repo_merge_base(base_id, ctx->repo, a, b) < 0) {
			const pmo_error *e = pmo_error_last();
			code = e && e->code == PMO_ENOTFOUND ? pmo_die(2, "%s", e->message) : pmo_fail();
			goto done;
		}
		free(a);
		if (!(a = strdup(base_id))) {
			code = pmo_die(1, "out of memory");
			goto done;
		}
	}
	if ((code = open_side(&src[0], ctx, a)) || (code = open_side(&src[1], ctx, b)))
		goto done;
	if (pmo_diff_compute(&d, src[0], src[1], ctx->model, &o) < 0) {
		code = pmo_fail();
		goto done;
	}
	if (!strcmp(format, "json"))
		pmo_diff_json(&out, d);
	else if (!strcmp(format, "md"))
		pmo_diff_md(&out, d);
	else
		pmo_diff_text(&out, d);
	if (pmo_buf_oom(&out) < 0) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	code = pmo_emit(&out);
done:
	pmo_buf_free(&out);
	pmo_diff_free(d);
	pmo_source_free(src[0]);
	pmo_source_free(src[1]);
	free(a);
	free(b);
	return code;
}
