/*
 * pmo fmt: rewrite the tree's files in the canonical style, like gofmt —
 * keys in the schema's order (unknown keys after them, as found), block
 * style with a 2-space indent, strings quoted only where they must be.
 * Comments are kept, each with the key or item it precedes or the value it
 * follows on its line (pmo_yaml_emit_doc); blank lines are not. A canonical
 * file is not touched. `--check` only lists the files that are not canonical, for CI.
 * fmt writes files and commits nothing.
 */
#include "pmo.h"
#include "check/check.h"
#include "util/fs.h"

#include <stdlib.h>
#include <string.h>

static const char fmt_usage[] =
	"usage: pmo fmt [--check] [PATH…]\n"
	"\nRewrite the pmo files of the tree (or those at or under PATH) in the canonical\n"
	"style: keys in the schema's order, block style, 2-space indent, strings quoted\n"
	"only where needed. Comments are kept: a comment line stays above the key or\n"
	"item it precedes, a comment after a value stays after it. Blank lines are\n"
	"dropped. The folders' .retired files are sorted, each ID once. The files changed\n"
	"are listed; nothing is committed.\n";

/* The canonical text of a file into out. */
static int canonical(pmo_buf *out, const pmo_doc *doc, const pmo_schema *schema)
{
	int error;

	pmo_buf_clear(out);
	error = pmo_yaml_canonical(out, doc, pmo_schema_root(schema));
	return error < 0 ? error : pmo_buf_oom(out);
}

/* The folders' .retired files, sorted and each ID once (two branches that
 * each retired an ID merge their lines in any order). */
static void fmt_retired(pmo_ctx *ctx, pmo_source *src, const pmo_check_options *opts, int check,
			size_t *changed, size_t *broken)
{
	pmo_retired_file *files = NULL;
	pmo_buf in = PMO_BUF_INIT, text = PMO_BUF_INIT;
	size_t n = 0, i;

	if (pmo_check_retired_files(&files, &n, src, ctx->model, opts) < 0) {
		pmo_fail();
		(*broken)++;
		return;
	}
	for (i = 0; i < n; i++) {
		char *shown = pmo_source_display(src, files[i].path);
		char *abs = pmo_path_join(pmo_repo_root(ctx->repo), files[i].path);

		pmo_buf_clear(&in);
		pmo_buf_clear(&text);
		if (!abs || pmo_source_read(&in, src, files[i].path, PMO_YAML_MAX_BYTES) < 0 ||
		    pmo_kind_retired_text(&text, files[i].kind, in.ptr, in.len, NULL) < 0) {
			pmo_fail();
			(*broken)++;
		} else if (text.len != in.len || (in.len && memcmp(text.ptr, in.ptr, in.len))) {
			(*changed)++;
			/* under the pmo lock, and only over the bytes read */
			if (!check && (pmo_repo_lock(ctx->repo) < 0 ||
				       pmo_fs_replace(abs, text.ptr ? text.ptr : "", text.len,
						      in.ptr ? in.ptr : "", in.len, 1) < 0)) {
				pmo_fail();
				(*broken)++;
			} else {
				printf("%s\n", shown ? shown : files[i].path);
			}
		}
		free(abs);
		free(shown);
	}
	pmo_buf_free(&in);
	pmo_buf_free(&text);
	pmo_retired_files_free(files, n);
}

int cmd_fmt(pmo_ctx *ctx, int argc, char **argv)
{
	int check = 0;
	const pmo_opt options[] = {
		OPT_BOOL(0, "check", &check, "change nothing; list the files that are not canonical and exit 1 if there are any"),
		OPT_END(),
	};
	pmo_check_options opts;
	pmo_source *src = NULL;
	pmo_buf in = PMO_BUF_INIT, text = PMO_BUF_INIT, abs = PMO_BUF_INIT;
	char **paths = NULL, **files = NULL;
	size_t i, changed = 0, broken = 0;
	int nargs = argc - 1, code, stop = 0;

	memset(&opts, 0, sizeof(opts));
	if ((code = pmo_parse(ctx, &nargs, argv + 1, options, fmt_usage)) != PMO_GO)
		return code;
	if (!pmo_repo_root(ctx->repo))
		return pmo_die(1, "pmo fmt needs a worktree; this repository is bare");
	if (!pmo_repo_has_tree(ctx->repo))
		return pmo_die(1, "not a pmo tree (no pmo.yaml here or in any parent folder up to the "
			       "repository's root); run pmo init");
	if ((code = pmo_tree_paths(&paths, ctx, nargs, argv + 1)))
		return code;
	opts.paths = (const char *const *)paths;
	opts.npaths = (size_t)nargs;
	if (pmo_source_open(&src, ctx->repo, NULL) < 0 ||
	    pmo_check_files(&files, src, ctx->model, &opts) < 0) {
		code = pmo_fail();
		goto done;
	}
	for (i = 0; files[i]; i++)
		;
	if ((code = pmo_paths_match(paths, nargs, argv + 1, (const char *const *)files, i)))
		goto done;
	for (i = 0; files[i]; i++) {
		pmo_place pl;
		pmo_yaml_limits limits = { 0 };
		pmo_doc *doc = NULL;
		char *shown = NULL;
		const char *old;
		size_t oldlen;
		int error;

		if ((error = pmo_check_place(&pl, ctx->model, files[i])) < 0) {
			code = pmo_fail();
			goto done;
		}
		if (!pl.schema) {
			pmo_place_free(&pl);
			continue; /* not a pmo file: validate says so */
		}
		shown = pmo_source_display(src, files[i]);
		limits.max_bytes = pl.max_bytes; /* a plan.yaml may be bigger */
		if ((error = pmo_source_read(&in, src, files[i], pl.max_bytes)) < 0 ||
		    (error = pmo_yaml_load(&doc, shown ? shown : files[i], in.ptr, in.len, &limits)) < 0 ||
		    (error = canonical(&text, doc, pl.schema)) < 0) {
			pmo_fail();
			broken++;
			stop = error == PMO_ENOMEM;
		} else {
			old = pmo_doc_source(doc, &oldlen);
			if (text.len != oldlen || memcmp(text.ptr, old, oldlen)) {
				changed++;
				pmo_buf_clear(&abs);
				pmo_buf_printf(&abs, "%s%s", pmo_repo_root(ctx->repo), files[i]);
				/* under the pmo lock, and only over the bytes read */
				if (!check && (pmo_buf_oom(&abs) < 0 || pmo_repo_lock(ctx->repo) < 0 ||
					       pmo_fs_replace(abs.ptr, text.ptr, text.len, in.ptr,
							      in.len, 1) < 0)) {
					pmo_fail();
					broken++;
				} else {
					printf("%s\n", shown ? shown : files[i]);
				}
			}
		}
		free(shown);
		pmo_doc_free(doc);
		pmo_place_free(&pl);
		if (stop)
			break;
	}
	if (!stop)
		fmt_retired(ctx, src, &opts, check, &changed, &broken);
	if (broken)
		code = 1;
	else if (check && changed)
		code = pmo_die(1, "%zu file%s not in the canonical style; run 'pmo fmt'",
			       changed, changed == 1 ? " is" : "s are");
done:
	pmo_buf_free(&in);
	pmo_buf_free(&text);
	pmo_buf_free(&abs);
	pmo_strv_free(files);
	pmo_strv_free(paths);
	pmo_source_free(src);
	return code;
}
