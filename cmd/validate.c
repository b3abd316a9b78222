/*
 * pmo validate: every check of lib/check over the worktree or a revision,
 * as text for people and editors, GitHub annotations, JUnit XML or JSON for
 * CI. Exit 0 when there is no error (warnings too with --strict), 1 when
 * there is, 2 on usage errors.
 */
#include "pmo.h"
#include "check/check.h"
#include "diff/impact.h"
#include "util/date.h"
#include "util/utf8.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char validate_usage[] =
	"usage: pmo validate [PATH…] [--rev REV] [--since REV] [--format text|json|junit|github] [--strict] [--today DATE]\n"
	"   or: pmo validate --pre-receive [PATH…] [--format …] [--strict] [--today DATE]   (in hooks/pre-receive)\n"
	"\nCheck every file of the pmo tree (or those at or under PATH): the YAML rules,\n"
	"the kind's JSON Schema, references between records, consistency (IDs, dates,\n"
	"thresholds) and, as warnings, dates (overdue reviews …); with --since, each\n"
	"status change since REV against the kind's workflow. Findings read\n"
	"path:line:col: error|warning: message [rule]. Exit status: 0 no errors,\n"
	"1 errors (or warnings with --strict), 2 usage error.\n";

/* Normalise "/a/./b/../c" into "/a/c" in place (path starts with '/');
 * 0, or -1 when ".." climbs above the start. The result is never longer. */
static int normalise(char *path)
{
	size_t len = strlen(path), r = 1, w = 1;
	char *src = strdup(path);

	if (!src)
		return -1;
	while (r < len) {
		size_t l = strcspn(src + r, "/");
		if (l == 0 || (l == 1 && src[r] == '.')) {
			/* skip */
		} else if (l == 2 && src[r] == '.' && src[r + 1] == '.') {
			if (w == 1) {
				free(src);
				return -1;
			}
			w--; /* the '/' after the last component */
			while (w > 1 && path[w - 1] != '/')
				w--;
		} else {
			memcpy(path + w, src + r, l);
			w += l;
			path[w++] = '/';
		}
		r += l + 1;
	}
	if (w > 1)
		w--; /* no trailing '/' */
	path[w] = '\0';
	free(src);
	return 0;
}

int pmo_paths_match(char *const *paths, int npaths, char *const *argv,
		    const char *const *files, size_t nfiles)
{
	size_t k;
	int i, found;

	for (i = 0; i < npaths; i++) {
		size_t len = strlen(paths[i]);

		for (k = 0, found = !len; k < nfiles && !found; k++)
			found = !strncmp(files[k], paths[i], len) &&
				(files[k][len] == '/' || !files[k][len]);
		if (!found)
			return pmo_die(2, "\"%s\" matches no pmo file", argv[i]);
	}
	return 0;
}

int pmo_tree_paths(char ***out, pmo_ctx *ctx, int argc, char **argv)
{
	const char *root = pmo_repo_root(ctx->repo);
	char **paths = calloc((size_t)argc + 1, sizeof(*paths));
	char cwd[PATH_MAX];
	int i, code = 0;

	if (!paths)
		return pmo_die(1, "out of memory");
	if (root && !getcwd(cwd, sizeof(cwd))) {
		code = pmo_die(1, "cannot read the current folder");
		goto done;
	}
	for (i = 0; i < argc; i++) {
		pmo_buf b = PMO_BUF_INIT;
		size_t rl;

		if (root) {
			/* as the user sees it: relative to the current folder */
			if (argv[i][0] != '/')
				pmo_buf_printf(&b, "%s/", cwd);
			pmo_buf_puts(&b, argv[i]);
		} else {
			/* a bare repository: paths are the tree's */
			pmo_buf_printf(&b, "/%s", argv[i]);
		}
		if (pmo_buf_oom(&b) < 0) {
			code = pmo_die(1, "out of memory");
			goto done;
		}
		paths[i] = pmo_buf_detach(&b);
		if (normalise(paths[i]) < 0) {
			code = pmo_die(2, "\"%s\" is outside the pmo tree", argv[i]);
			goto done;
		}
		if (!root) {
			memmove(paths[i], paths[i] + 1, strlen(paths[i]));
			continue;
		}
		rl = strlen(root); /* with its trailing '/' */
		if (!strncmp(paths[i], root, rl - 1) && (paths[i][rl - 1] == '\0' || paths[i][rl - 1] == '/')) {
			size_t skip = paths[i][rl - 1] ? rl : rl - 1;
			memmove(paths[i], paths[i] + skip, strlen(paths[i] + skip) + 1);
		} else {
			code = pmo_die(2, "\"%s\" is outside the pmo tree at %.*s", argv[i],
				       (int)(rl - 1), root);
			goto done;
		}
	}
	*out = paths;
	paths = NULL;
done:
	pmo_strv_free(paths);
	return code;
}

/* --- output -------------------------------------------------------------- */

typedef struct {
	pmo_ctx *ctx;
	pmo_source *src;
	const char *rev;
	const char *since;
	int strict;
	const pmo_check_result *f;
} report;

/* Path of a tree file from the repository's root (for CI annotators). */
static void put_repo_path(pmo_buf *b, const report *r, const char *path)
{
	pmo_buf_printf(b, "%s%s", pmo_repo_prefix(r->ctx->repo), path);
}

static void put_display(pmo_buf *b, const report *r, const char *path)
{
	char *d = pmo_source_display(r->src, path);

	pmo_buf_puts(b, d ? d : path);
	free(d);
}

static void put_finding_text(pmo_buf *b, const report *r, const pmo_finding *f, int color)
{
	pmo_buf shown = PMO_BUF_INIT;

	put_display(&shown, r, f->path);
	pmo_finding_format(b, f, pmo_buf_cstr(&shown), PMO_FINDING_RULE | (color ? PMO_FINDING_COLOR : 0));
	if (shown.oom)
		b->oom = 1;
	pmo_buf_free(&shown);
}

static void put_summary(pmo_buf *b, const pmo_check_result *f)
{
	pmo_buf_printf(b, "%zu error%s, %zu warning%s in %zu file%s\n",
		       f->findings.errors, f->findings.errors == 1 ? "" : "s",
		       f->findings.warnings, f->findings.warnings == 1 ? "" : "s",
		       f->nfiles, f->nfiles == 1 ? "" : "s");
}

static void out_text(pmo_buf *b, const report *r)
{
	size_t i;

	for (i = 0; i < r->f->findings.n; i++)
		put_finding_text(b, r, &r->f->findings.items[i], r->ctx->color);
	put_summary(b, r->f);
}

/* GitHub workflow commands: data escapes %, CR, LF; properties also : and ,. */
static void put_gh(pmo_buf *b, const char *s, int property)
{
	for (; *s; s++) {
		switch (*s) {
		case '%': pmo_buf_puts(b, "%25"); break;
		case '\r': pmo_buf_puts(b, "%0D"); break;
		case '\n': pmo_buf_puts(b, "%0A"); break;
		case ':': pmo_buf_puts(b, property ? "%3A" : ":"); break;
		case ',': pmo_buf_puts(b, property ? "%2C" : ","); break;
		default: pmo_buf_putc(b, *s);
		}
	}
}

static void out_github(pmo_buf *b, const report *r)
{
	pmo_buf path = PMO_BUF_INIT, title = PMO_BUF_INIT;
	size_t i;

	for (i = 0; i < r->f->findings.n; i++) {
		const pmo_finding *f = &r->f->findings.items[i];

		pmo_buf_clear(&path);
		pmo_buf_clear(&title);
		put_repo_path(&path, r, f->path);
		pmo_buf_printf(&title, "pmo validate [%s]", f->rule);
		pmo_buf_printf(b, "::%s file=", pmo_severity_name(f->severity));
		put_gh(b, pmo_buf_cstr(&path), 1);
		pmo_buf_printf(b, ",line=%u,col=%u,title=", (unsigned)f->line, (unsigned)f->col);
		put_gh(b, pmo_buf_cstr(&title), 1);
		pmo_buf_puts(b, "::");
		put_gh(b, f->message, 0);
		pmo_buf_putc(b, '\n');
	}
	if (path.oom || title.oom)
		b->oom = 1;
	pmo_buf_free(&path);
	pmo_buf_free(&title);
	put_summary(b, r->f);
}

static void out_json(pmo_buf *b, const report *r)
{
	pmo_buf path = PMO_BUF_INIT;
	size_t i;

	pmo_buf_puts(b, "{\n  \"version\": 1,\n  \"revision\": ");
	if (r->rev)
		pmo_json_string(b, r->rev, strlen(r->rev));
	else
		pmo_buf_puts(b, "null");
	if (r->since) {
		pmo_buf_puts(b, ",\n  \"since\": ");
		pmo_json_string(b, r->since, strlen(r->since));
	}
	pmo_buf_printf(b, ",\n  \"files\": %zu,\n  \"errors\": %zu,\n  \"warnings\": %zu,\n"
		       "  \"strict\": %s,\n  \"ok\": %s,\n  \"findings\": [",
		       r->f->nfiles, r->f->findings.errors, r->f->findings.warnings,
		       r->strict ? "true" : "false",
		       r->f->findings.errors || (r->strict && r->f->findings.warnings) ? "false" : "true");
	for (i = 0; i < r->f->findings.n; i++) {
		const pmo_finding *f = &r->f->findings.items[i];

		pmo_buf_clear(&path);
		put_repo_path(&path, r, f->path);
		pmo_buf_puts(b, i ? ",\n    " : "\n    ");
		pmo_json_finding(b, f, pmo_buf_cstr(&path));
	}
	pmo_buf_puts(b, r->f->findings.n ? "\n  ]\n}\n" : "]\n}\n");
	if (path.oom)
		b->oom = 1;
	pmo_buf_free(&path);
}

/* XML text: the five entities escaped; characters XML 1.0 forbids and bytes
 * that are not UTF-8 become U+FFFD. */
static void put_xml(pmo_buf *b, const char *s)
{
	size_t len = strlen(s), i = 0;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		size_t n;

		switch (c) {
		case '&': pmo_buf_puts(b, "&amp;"); i++; continue;
		case '<': pmo_buf_puts(b, "&lt;"); i++; continue;
		case '>': pmo_buf_puts(b, "&gt;"); i++; continue;
		case '"': pmo_buf_puts(b, "&quot;"); i++; continue;
		case '\'': pmo_buf_puts(b, "&apos;"); i++; continue;
		default: break;
		}
		n = pmo_utf8_decode(s + i, len - i, &cp);
		if (!n || (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
		    cp == 0xFFFE || cp == 0xFFFF) {
			pmo_buf_puts(b, "\xEF\xBF\xBD");
			i += n ? n : 1;
			continue;
		}
		pmo_buf_put(b, s + i, n);
		i += n;
	}
}

static void out_junit(pmo_buf *b, const report *r)
{
	const pmo_check_result *res = r->f;
	const pmo_findings *f = &res->findings;
	pmo_buf text = PMO_BUF_INIT, path = PMO_BUF_INIT;
	size_t i, k = 0, failures = 0, lo;

	/* a file fails when it has an error (or a warning with --strict) */
	for (i = 0; i < res->nfiles; i++) {
		int failed = 0;
		while (k < f->n && strcmp(f->items[k].path, res->files[i]) < 0)
			k++;
		for (lo = k; lo < f->n && !strcmp(f->items[lo].path, res->files[i]); lo++)
			if (f->items[lo].severity == PMO_SEVERITY_ERROR || r->strict)
				failed = 1;
		failures += failed;
	}
	pmo_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	pmo_buf_printf(b, "<testsuites name=\"pmo validate\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n",
		       res->nfiles, failures);
	pmo_buf_printf(b, "  <testsuite name=\"pmo validate\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"0\">\n",
		       res->nfiles, failures);
	for (i = 0, k = 0; i < res->nfiles; i++) {
		size_t nerr = 0, nwarn = 0;

		while (k < f->n && strcmp(f->items[k].path, res->files[i]) < 0)
			k++;
		pmo_buf_clear(&text);
		for (lo = k; lo < f->n && !strcmp(f->items[lo].path, res->files[i]); lo++) {
			put_finding_text(&text, r, &f->items[lo], 0);
			if (f->items[lo].severity == PMO_SEVERITY_ERROR)
				nerr++;
			else
				nwarn++;
		}
		pmo_buf_clear(&path);
		put_repo_path(&path, r, res->files[i]);
		pmo_buf_puts(b, "    <testcase classname=\"pmo.validate\" name=\"");
		put_xml(b, pmo_buf_cstr(&path));
		pmo_buf_puts(b, "\" file=\"");
		put_xml(b, pmo_buf_cstr(&path));
		if (!nerr && !nwarn) {
			pmo_buf_puts(b, "\"/>\n");
			continue;
		}
		pmo_buf_puts(b, "\">\n");
		if (nerr || r->strict) {
			pmo_buf_printf(b, "      <failure type=\"pmo validate\" message=\"%zu error%s, %zu warning%s\">",
				       nerr, nerr == 1 ? "" : "s", nwarn, nwarn == 1 ? "" : "s");
			put_xml(b, pmo_buf_cstr(&text));
			pmo_buf_puts(b, "</failure>\n");
		} else {
			pmo_buf_puts(b, "      <system-out>");
			put_xml(b, pmo_buf_cstr(&text));
			pmo_buf_puts(b, "</system-out>\n");
		}
		pmo_buf_puts(b, "    </testcase>\n");
	}
	pmo_buf_puts(b, "  </testsuite>\n</testsuites>\n");
	if (text.oom || path.oom)
		b->oom = 1;
	pmo_buf_free(&text);
	pmo_buf_free(&path);
}

/* --- the command --------------------------------------------------------- */

/* Check one tree (the worktree, or rev) and print the report; the exit code. */
static int validate_one(pmo_ctx *ctx, const char *format, char **paths, int nargs, char **argv,
			pmo_check_options *opts, const char *rev, const char *since, int strict)
{
	pmo_check_result findings;
	pmo_source *src = NULL;
	pmo_buf out = PMO_BUF_INIT;
	report r;
	int code;

	memset(&findings, 0, sizeof(findings));
	opts->since = since;
	opts->change_impact = pmo_diff_change_impact;
	if (pmo_source_open(&src, ctx->repo, rev) < 0 ||
	    pmo_check_tree(&findings, src, ctx->model, opts) < 0) {
		code = pmo_fail();
		goto done;
	}
	if ((code = pmo_paths_match(paths, nargs, argv, (const char *const *)findings.files,
				    findings.nfiles)))
		goto done;
	r.ctx = ctx;
	r.src = src;
	r.rev = rev;
	r.since = since;
	r.strict = strict;
	r.f = &findings;
	if (!strcmp(format, "json"))
		out_json(&out, &r);
	else if (!strcmp(format, "junit"))
		out_junit(&out, &r);
	else if (!strcmp(format, "github"))
		out_github(&out, &r);
	else
		out_text(&out, &r);
	if ((code = pmo_emit(&out)))
		goto done;
	code = findings.findings.errors || (r.strict && findings.findings.warnings) ? 1 : 0;
done:
	pmo_buf_free(&out);
	pmo_check_result_free(&findings);
	pmo_source_free(src);
	return code;
}

static int all_zeros(const char *s)
{
	return s[strspn(s, "0")] == '\0';
}

/* In hooks/pre-receive: each "old new ref" line git writes on stdin; a
 * branch created or updated is checked at its new tip, with the workflow
 * rule over the commits it gains (since old, or, for a new branch, those
 * no ref has yet). Deletions and refs outside refs/heads/ are skipped. */
static int pre_receive(pmo_ctx *ctx, const char *format, char **paths, int nargs, char **argv,
		       pmo_check_options *opts, int strict)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int code = 0;

	opts->workflow = 1;
	while ((len = getline(&line, &cap, stdin)) > 0) {
		char old[128], new[128], ref[4096];
		int c;

		if (len >= (ssize_t)sizeof(ref) || sscanf(line, "%127s %127s %4095s", old, new, ref) != 3) {
			code = pmo_die(2, "--pre-receive reads \"old new ref\" lines, not \"%.*s\"",
				       (int)strcspn(line, "\n"), line);
			break;
		}
		if (all_zeros(new) || strncmp(ref, "refs/heads/", 11))
			continue;
		fprintf(stderr, "pmo validate %s (%.12s)\n", ref, new);
		c = validate_one(ctx, format, paths, nargs, argv, opts, new,
				 all_zeros(old) ? NULL : old, strict);
		if (c > code)
			code = c;
	}
	free(line);
	return code;
}

int cmd_validate(pmo_ctx *ctx, int argc, char **argv)
{
	const char *rev = NULL, *format = NULL, *today = NULL, *since = NULL;
	int strict = 0, pre_receive_hook = 0;
	const pmo_opt options[] = {
		OPT_STRING('r', "rev", &rev, "REV", "check the tree of revision REV, read from git objects (works in a bare repository and in a pre-receive hook)"),
		OPT_STRING('f', "format", &format, "FORMAT", "text (default), json, junit or github"),
		OPT_BOOL(0, "strict", &strict, "warnings fail too (exit 1), and a shallow clone whose history change requests need is an error"),
		OPT_STRING(0, "today", &today, "DATE", "the date the date rules compare with (YYYY-MM-DD; default today, or $PMO_TODAY)"),
		OPT_STRING(0, "since", &since, "REV", "also check each status change of the commits since REV (and of the worktree) against the workflow"),
		OPT_BOOL(0, "pre-receive", &pre_receive_hook, "in a pre-receive hook: read git's \"old new ref\" lines on stdin, check each pushed branch's tree and its new commits' status changes"),
		OPT_END(),
	};
	pmo_check_options opts;
	char **paths = NULL;
	int nargs = argc - 1, code;

	memset(&opts, 0, sizeof(opts));
	if ((code = pmo_parse(ctx, &nargs, argv + 1, options, validate_usage)) != PMO_GO)
		return code;
	if ((code = pmo_format(&format, ctx, format, "text,json,junit,github", "text")))
		return code;
	opts.today = pmo_date_today();
	if (today && pmo_date_parse(&opts.today, today, strlen(today)) < 0)
		return pmo_die(2, "--today takes a date YYYY-MM-DD, not \"%s\"", today);
	if (pre_receive_hook && (rev || since))
		return pmo_die(2, "--pre-receive takes the revisions from stdin: no --rev or --since");
	if (!rev && !pre_receive_hook && !pmo_repo_has_tree(ctx->repo))
		return pmo_die(1, "not a pmo tree (no pmo.yaml here or in any parent folder up to the "
			       "repository's root); run pmo init");
	if ((code = pmo_tree_paths(&paths, ctx, nargs, argv + 1)))
		return code;
	opts.paths = (const char *const *)paths;
	opts.npaths = (size_t)nargs;
	opts.workflow = since != NULL;
	opts.strict = strict;
	if (pre_receive_hook)
		code = pre_receive(ctx, format, paths, nargs, argv + 1, &opts, strict);
	else
		code = validate_one(ctx, format, paths, nargs, argv + 1, &opts, rev, since, strict);
	pmo_strv_free(paths);
	return code;
}
