/*
 * pmo import --format csv [--kind KIND] FILE: new records of one kind, a
 * row each (lib/model/import.c), in one commit with consecutive IDs. The
 * kind is --kind, else the file's name without its extension when that
 * is a kind's plural or name (risks.csv, 风险 cannot be guessed: --kind).
 * Any bad row: every problem printed at file:line:col, exit 1, nothing
 * written.
 */
#include "import_internal.h"
#include "model/import.h"
#include "util/fs.h"

#include <stdlib.h>
#include <string.h>

/* The kind a file's name says: "risks.csv", "dir/people.CSV" */
static const pmo_kind *kind_of_file(const pmo_model *model, const char *file)
{
	const char *base = strrchr(file, '/'), *dot;
	const pmo_kind *k;
	char *name;

	base = base ? base + 1 : file;
	dot = strrchr(base, '.');
	if (!(name = strndup(base, dot && dot != base ? (size_t)(dot - base) : strlen(base))))
		return NULL;
	k = pmo_model_kind(model, name);
	free(name);
	return k;
}

static char *commit_message(const pmo_kind *kind, const char *project, const char *file,
			    const pmo_import *imp)
{
	pmo_buf b = PMO_BUF_INIT;
	const char *base = strrchr(file, '/');
	size_t i;

	pmo_buf_printf(&b, "%s%s%s: import %zu %s from %s\n\n", kind->name, project ? " " : "",
		       project ? project : "", imp->n, imp->n == 1 ? kind->name : kind->plural,
		       base ? base + 1 : file);
	for (i = 0; i < imp->n; i++)
		pmo_buf_printf(&b, "%s %s\n", imp->items[i].name, imp->items[i].title);
	pmo_buf_printf(&b, "\nPmo-Command: import --format csv\n");
	for (i = 0; i < imp->n; i++)
		pmo_buf_printf(&b, "Pmo-Record: %s\n", imp->items[i].name);
	return pmo_buf_detach(&b);
}

int pmo_import_csv_run(pmo_ctx *ctx, const char *file, const char *kind_name)
{
	const pmo_kind *kind;
	const char *project = NULL;
	pmo_buf text = PMO_BUF_INIT;
	pmo_import imp = { 0 };
	pmo_findings problems = { 0 };
	pmo_file_write *files = NULL;
	const char **paths = NULL;
	char *msg = NULL;
	size_t i;
	int code = 0, error;

	pmo_findings_init(&problems);
	if (kind_name ? !(kind = pmo_model_kind(ctx->model, kind_name))
		      : !(kind = kind_of_file(ctx->model, file))) {
		pmo_buf names = PMO_BUF_INIT;
		const pmo_kind *k;

		for (i = 0; (k = pmo_model_kind_at(ctx->model, i)); i++)
			pmo_buf_printf(&names, "%s%s", i ? ", " : "", k->name);
		code = kind_name ? pmo_die(2, "--kind %s: no such kind; kinds: %s", kind_name, pmo_buf_cstr(&names))
				 : pmo_die(2, "%s: the file's name is not a kind's plural (risks.csv); "
					   "give --kind (kinds: %s)", file, pmo_buf_cstr(&names));
		pmo_buf_free(&names);
		return code;
	}
	if (kind->project_scoped && ((code = pmo_need_project(&project, ctx)) ||
				     (code = pmo_check_project(ctx, project))))
		return code;
	if (pmo_fs_read(&text, file, 0) < 0)
		return pmo_fail();
	/* the lock first: the IDs are chosen while no other pmo can take them */
	if (pmo_repo_check_mutable(ctx->repo) < 0 || pmo_repo_lock(ctx->repo) < 0) {
		code = pmo_fail();
		goto done;
	}
	error = pmo_import_csv(&imp, &problems, ctx->model, kind, project, ctx->src, ctx->settings,
			       file, text.ptr ? text.ptr : "", text.len);
	if (error == PMO_EINVALID && problems.n) {
		for (i = 0; i < problems.n; i++)
			pmo_print_finding(&problems.items[i], file, 0);
		code = pmo_die(1, "%s: %zu problem%s; nothing imported", file, problems.n,
			       problems.n == 1 ? "" : "s");
		goto done;
	}
	if (error < 0) {
		code = pmo_fail();
		goto done;
	}
	if (!imp.n) {
		code = pmo_die(1, "%s: no rows below the header; nothing imported", file);
		goto done;
	}
	files = calloc(imp.n, sizeof(*files));
	paths = calloc(imp.n, sizeof(*paths));
	if (!files || !paths || !(msg = commit_message(kind, project, file, &imp))) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	for (i = 0; i < imp.n; i++) {
		paths[i] = files[i].path = imp.items[i].path;
		files[i].data = imp.items[i].text.ptr;
		files[i].len = imp.items[i].text.len;
	}
	if ((code = pmo_begin_change(ctx, paths, imp.n)))
		goto done;
	code = pmo_write_files_and_commit(ctx, files, imp.n, msg);
done:
	pmo_import_free(&imp);
	pmo_findings_free(&problems);
	pmo_buf_free(&text);
	free(files);
	free(paths);
	free(msg);
	return code;
}
