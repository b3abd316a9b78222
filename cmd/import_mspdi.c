/*
 * pmo import --format mspdi [--replace] FILE: a plan from Microsoft
 * Project XML (lib/plan/mspdi.c reads it) written as the project's
 * plan.yaml in one commit. The whole file is read and checked first, then
 * the plan as pmo validate would check it; any problem stops the import
 * with nothing written. A plan that already has tasks is replaced only
 * with --replace.
 */
#include "import_internal.h"
#include "plan_internal.h"
#include "plan/mspdi.h"
#include "util/fs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* An assignment's resource is a person of the tree when its name is a
 * handle with a file in people/. */
static int is_person(void *arg, const char *name)
{
	pmo_ctx *ctx = arg;
	pmo_buf path = PMO_BUF_INIT;
	const char *c;
	int yes;

	if (!*name || strlen(name) > 64)
		return 0;
	for (c = name; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' || *c == '_' || *c == '.'))
			return 0;
	if (name[0] == '.')
		return 0;
	pmo_buf_printf(&path, "people/%s.yaml", name);
	yes = !pmo_buf_oom(&path) && pmo_source_exists(ctx->src, path.ptr);
	pmo_buf_free(&path);
	return yes;
}

int pmo_import_mspdi_run(pmo_ctx *ctx, const char *file, int replace)
{
	planctx p;
	pmo_buf in = PMO_BUF_INIT, text = PMO_BUF_INIT, action = PMO_BUF_INIT;
	pmo_mspdi_info info;
	const char *shown = strcmp(file, "-") ? file : "<stdin>", *base;
	char *msg = NULL;
	int code, had;

	if ((code = plan_open(&p, ctx)))
		goto done;
	if ((strcmp(file, "-") ? pmo_fs_read(&in, file, PMO_PLAN_MAX_BYTES)
			       : pmo_fs_read_fd(&in, STDIN_FILENO, shown, PMO_PLAN_MAX_BYTES)) < 0) {
		code = pmo_fail();
		goto done;
	}
	if (pmo_mspdi_import(&text, &info, shown, in.ptr, in.len, is_person, ctx) < 0) {
		code = pmo_fail();
		goto done;
	}
	if (!info.ntasks) {
		code = pmo_die(1, "%s has no task; nothing imported", shown);
		goto done;
	}
	had = p.plan->n || p.plan->nbaselines;
	if (had && !replace) {
		pmo_buf_printf(&action, "%zu task%s", p.plan->n, p.plan->n == 1 ? "" : "s");
		if (p.plan->nbaselines)
			pmo_buf_printf(&action, ", %zu baseline%s", p.plan->nbaselines, p.plan->nbaselines == 1 ? "" : "s");
		code = pmo_die(1, "project %s already has a plan in %s (%s); --replace replaces it with the file's",
			       p.key, p.display, pmo_buf_cstr(&action));
		goto done;
	}
	if ((code = plan_check_candidate(&p, text.ptr, text.len)))
		goto done;
	if (info.start != PMO_NODATE && info.start != p.start) {
		char a[11], b[11];
		pmo_warn("%s starts on %s, project %s on %s: pmo schedules from the project's start",
			 shown, pmo_date_format(a, info.start), p.key, pmo_date_format(b, p.start));
	}
	if (info.skipped_assignments)
		pmo_warn("%zu assignment%s of resources that are not people's handles (people/) not imported",
			 info.skipped_assignments, info.skipped_assignments == 1 ? "" : "s");
	if (p.doc) {
		size_t len;
		const char *old = pmo_doc_source(p.doc, &len);
		if (old && len == text.len && !memcmp(old, text.ptr, len)) {
			fprintf(stderr, "%s already holds this plan; nothing changed\n", p.display);
			goto done;
		}
	}
	if ((code = pmo_begin_change(ctx, (const char *const[]){ p.path }, 1)))
		goto done;
	base = strrchr(shown, '/');
	pmo_buf_printf(&action, "%s %zu task%s from %s", had ? "replace the plan with" : "import",
		       info.ntasks, info.ntasks == 1 ? "" : "s", base ? base + 1 : shown);
	if (pmo_buf_oom(&action) ||
	    !(msg = plan_message("plan", p.key, NULL, pmo_buf_cstr(&action), "import"))) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	code = pmo_write_and_commit(ctx, p.path, text.ptr, text.len, msg);
done:
	free(msg);
	pmo_buf_free(&action);
	pmo_buf_free(&text);
	pmo_buf_free(&in);
	planctx_free(&p);
	return code;
}
