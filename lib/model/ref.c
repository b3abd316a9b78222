/*
 * References: what a value of a field named in x-pmo `refs` points at. The
 * target is a kind ("person", "risk": a record), "task" (a task or
 * milestone T-<n> of the same project's plan.yaml) or "file" (a path
 * relative to the pmo tree). A record of a project kind is named by its ID
 * in the same project or KEY/ID in another (MOB/R-2); a record of a
 * portfolio kind by its ID. No kind is named here: the schemas say it all.
 */
#include "model/internal.h"

#include <stdlib.h>
#include <string.h>

void pmo_ref_free(pmo_ref *r)
{
	if (!r)
		return;
	free(r->path); /* the block of project and id too */
	memset(r, 0, sizeof(*r));
}

/* A path inside the tree: relative, no "." or ".." part, no empty part,
 * no control character. */
static int safe_path(const char *s)
{
	const char *p = s;

	if (!*s || *s == '/')
		return 0;
	while (*p) {
		size_t n = strcspn(p, "/");
		if (!n || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		p += n;
		if (*p == '/' && !*++p)
			return 0;
	}
	for (p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == '\\')
			return 0;
	return 1;
}

static int bad(const char *field, const char *value, const char *what)
{
	return pmo_error_set(PMO_EINVALID, "%s: \"%s\" is not %s", field, value, what);
}

/* out's strings in one block, path first (pmo_ref_free frees it): the
 * path b holds, then project and id (either may be NULL). validate
 * resolves every reference of every record: three allocations each were
 * 2% of its instructions, behind the heap's lock (util/mem.c). */
static int take(pmo_ref *out, pmo_buf *b, const char *project, size_t plen, const char *id,
		size_t ilen)
{
	size_t at = b->len + 1;

	pmo_buf_putc(b, '\0');
	if (project)
		pmo_buf_put(b, project, plen);
	pmo_buf_putc(b, '\0');
	if (id)
		pmo_buf_put(b, id, ilen);
	if (pmo_buf_oom(b) < 0) {
		pmo_buf_free(b);
		return OOM();
	}
	out->path = pmo_buf_detach(b);
	out->project = project ? out->path + at : NULL;
	out->id = id ? out->path + at + (project ? plen : 0) + 1 : NULL;
	return 0;
}

int pmo_ref_resolve(pmo_ref *out, const pmo_model *model, const char *field, const char *target,
		    const char *project, const char *value)
{
	const char *slash = strchr(value, '/'), *key = NULL, *id = NULL;
	size_t klen = 0, ilen = 0;
	pmo_buf b = PMO_BUF_INIT;
	int error;

	memset(out, 0, sizeof(*out));
	if (!strcmp(target, "file")) {
		if (!safe_path(value))
			return bad(field, value, "a path inside the pmo tree (relative, without . or ..)");
		out->type = PMO_REF_FILE;
		pmo_buf_puts(&b, value);
		return take(out, &b, NULL, 0, NULL, 0);
	}
	if (!strcmp(target, "task")) {
		if (slash || !pmo_model__safe_name(value))
			return bad(field, value, "a task of this project's plan (T-<n>)");
		if (!project)
			return bad(field, value, "a task: only a project's records name tasks");
		out->type = PMO_REF_TASK;
		pmo_buf_printf(&b, "projects/%s/plan.yaml", project);
		return take(out, &b, project, strlen(project), value, strlen(value));
	}
	if (!(out->kind = pmo_model_kind(model, target)))
		return 1; /* not a kind pmo knows: nothing to check */
	out->type = PMO_REF_RECORD;
	if (out->kind->project_scoped) {
		key = slash ? value : project;
		klen = slash ? (size_t)(slash - value) : key ? strlen(key) : 0;
		if (!key) {
			out->kind = NULL;
			return pmo_error_set(PMO_EINVALID, "%s: \"%s\" needs its project: write KEY/%s",
					     field, value, value);
		}
		id = slash ? slash + 1 : value;
	} else if (!slash) {
		id = value;
	}
	if (id) {
		ilen = strlen(id);
		pmo_kind_path_put(&b, out->kind, key, klen, id, ilen);
		if ((error = take(out, &b, key, klen, id, ilen)) < 0) {
			out->kind = NULL;
			return error;
		}
	}
	if (!out->id || !pmo_model__safe_name(out->id) ||
	    (out->project && !pmo_model__safe_name(out->project))) {
		error = bad(field, value, out->kind->project_scoped
				? "an ID of this project or KEY/ID" : "an ID");
		pmo_ref_free(out);
		return error;
	}
	return 0;
}

int pmo_plan_has_task(const pmo_node *plan, const char *id)
{
	const pmo_node *tasks = pmo_map_get(plan, "tasks");
	size_t i;

	for (i = 0; tasks && tasks->kind == PMO_NODE_SEQ && i < tasks->n; i++) {
		const char *t = pmo_node_text(pmo_map_get(tasks->items[i], "id"));
		if (t && !strcmp(t, id))
			return 1;
	}
	return 0;
}

int pmo_ref_exists(const pmo_ref *r, pmo_source *src)
{
	pmo_buf buf = PMO_BUF_INIT;
	pmo_doc *doc = NULL;
	int found, error;

	if (r->type != PMO_REF_TASK)
		return pmo_source_exists(src, r->path) ? 1 : 0;
	error = pmo_source_read(&buf, src, r->path, PMO_PLAN_MAX_BYTES);
	if (error == PMO_ENOTFOUND) {
		pmo_error_clear();
		pmo_buf_free(&buf);
		return 0;
	}
	if (error >= 0)
		error = pmo_yaml_load(&doc, r->path, buf.ptr, buf.len, NULL);
	pmo_buf_free(&buf);
	if (error < 0)
		return error;
	found = pmo_plan_has_task(pmo_doc_root(doc), r->id);
	pmo_doc_free(doc);
	return found;
}
