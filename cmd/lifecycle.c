/*
 * The end and the new name of a record, for every kind from its schema:
 *   pmo <kind> delete REF --reason TEXT
 *   pmo <kind> renumber REF NEW-ID
 *   pmo <kind> move REF PROJECT
 * Each is one commit. The ID a record leaves is retired in its folder's
 * .retired (lib/model/ids.c) and never given again; delete refuses while
 * anything names the record, renumber and move rewrite every value that
 * does (lib/model/uses.c) in the same commit.
 */
#include "pmo.h"
#include "kind_internal.h"
#include "model/merge_change.h"

#include <stdlib.h>
#include <string.h>

/* The files of one change: what each becomes (data NULL: removed). */
typedef struct {
	pmo_file_write *files;
	char **own;  /* the paths and bytes the change owns */
	size_t n, nown;
} change;

static void change_free(change *c)
{
	while (c->nown)
		free(c->own[--c->nown]);
	free(c->own);
	free(c->files);
	memset(c, 0, sizeof(*c));
}

/* Keep p (NULL: out of memory) until change_free: p, or NULL. */
static char *own(change *c, char *p)
{
	char **v;

	if (!p || !(v = realloc(c->own, (c->nown + 1) * sizeof(*v)))) {
		free(p);
		return NULL;
	}
	c->own = v;
	return c->own[c->nown++] = p;
}

/* Add a file (path and data are kept by c): 0, or -1 out of memory. */
static int change_add(change *c, char *path, pmo_buf *data, int remove)
{
	pmo_file_write *v;
	size_t len = data ? data->len : 0;
	char *bytes = NULL;

	if (!own(c, path) || (!remove && !(bytes = own(c, pmo_buf_oom(data) < 0 ? NULL
						     : pmo_buf_detach(data)))) ||
	    !(v = realloc(c->files, (c->n + 1) * sizeof(*v))))
		return -1;
	c->files = v;
	v[c->n].path = path;
	v[c->n].data = remove ? NULL : bytes ? bytes : "";
	v[c->n++].len = len;
	return 0;
}

/* The folder's .retired with id added, and the tree's .gitattributes with
 * the union merge of .retired files when it has not got it yet. */
static int retire(change *c, pmo_ctx *ctx, const char *project, const char *id)
{
	pmo_buf text = PMO_BUF_INIT, next = PMO_BUF_INIT;
	char *path = NULL;
	int e, error = -1;

	if (pmo_kind_retired_read(&text, &path, ctx->src, ctx->kind, project) < 0)
		goto done;
	if (pmo_kind_retired_text(&next, ctx->kind, text.ptr, text.len, id) < 0 ||
	    change_add(c, path, &next, 0) < 0)
		goto oom;
	path = NULL;
	pmo_buf_clear(&text);
	if ((e = pmo_source_read(&text, ctx->src, ".gitattributes", PMO_YAML_MAX_BYTES)) < 0 &&
	    e != PMO_ENOTFOUND)
		goto done;
	pmo_error_clear();
	if ((e = pmo_retired_attributes(&next, e == 0 ? (text.ptr ? text.ptr : "") : NULL, text.len)) < 0)
		goto done;
	if (e > 0 && change_add(c, strdup(".gitattributes"), &next, 0) < 0)
		goto oom;
	error = 0;
	goto done;
oom:
	pmo_error_set_oom();
done:
	free(path);
	pmo_buf_free(&text);
	pmo_buf_free(&next);
	return error;
}

/* The records and tasks that name r, each on its line. */
static void print_uses(const pmo_uses *u, pmo_ctx *ctx)
{
	size_t i, j;

	for (i = 0; i < u->n; i++) {
		char *shown = pmo_source_display(ctx->src, u->items[i].path);
		for (j = 0; j < u->items[i].n; j++)
			fprintf(stderr, "%s:%u:%u: %s\n", shown ? shown : u->items[i].path,
				u->items[i].at[j]->line, u->items[i].at[j]->col, u->items[i].names[j]);
		free(shown);
	}
}

static size_t count_uses(const pmo_uses *u)
{
	size_t i, n = 0;

	for (i = 0; i < u->n; i++)
		n += u->items[i].n;
	return n;
}

/* The message: subject, body (may be NULL), the files changed, trailers. */
static char *message(pmo_ctx *ctx, const char *name, const char *action, const char *verb,
		     const char *body, const change *c)
{
	pmo_buf b = PMO_BUF_INIT;
	char *m;
	size_t i;

	if (c && c->n > 1) {
		if (body && *body)
			pmo_buf_printf(&b, "%s\n\n", body);
		pmo_buf_puts(&b, "Files changed:");
		for (i = 0; i < c->n; i++)
			pmo_buf_printf(&b, "\n  %s%s", c->files[i].path, c->files[i].data ? "" : " (removed)");
		body = pmo_buf_cstr(&b);
	}
	m = pmo_kind_commit_message(ctx->kind, name, action, verb, body);
	pmo_buf_free(&b);
	return m;
}

/* Commit c after checking its paths are clean. */
static int commit(pmo_ctx *ctx, change *c, const char *msg)
{
	const char **paths = calloc(c->n ? c->n : 1, sizeof(*paths));
	size_t i;
	int code;

	if (!paths || !msg) {
		free(paths);
		return pmo_die(1, "out of memory");
	}
	for (i = 0; i < c->n; i++)
		paths[i] = c->files[i].path;
	if (!(code = pmo_begin_change(ctx, paths, c->n)))
		code = pmo_write_files_and_commit(ctx, c->files, c->n, msg);
	free(paths);
	return code;
}

static int lock(pmo_ctx *ctx)
{
	return pmo_repo_check_mutable(ctx->repo) < 0 || pmo_repo_lock(ctx->repo) < 0 ? pmo_fail() : 0;
}

/* --- delete ------------------------------------------------------------- */

int pmo_kind_verb_delete(pmo_ctx *ctx, int argc, char **argv)
{
	const pmo_kind *kind = ctx->kind;
	const char *reason = NULL;
	const pmo_opt opts[] = {
		OPT_STRING('r', "reason", &reason, "TEXT", "why (required): written to the commit message"),
		OPT_END(),
	};
	pmo_record *r = NULL;
	pmo_uses uses = { 0 };
	change c = { 0 };
	pmo_buf action = PMO_BUF_INIT;
	char *name = NULL, *msg = NULL;
	const char *title;
	int code;

	if ((code = pmo_parse(ctx, &argc, argv, opts, NULL)) != PMO_GO)
		return code;
	if (argc != 1)
		return pmo_die(2, "%s delete takes one record name; see 'pmo %s delete -h'",
			       kind->name, kind->name);
	if (!reason || !*reason)
		return pmo_die(2, "%s delete needs --reason TEXT: the commit says why the record went",
			       kind->name);
	if (pmo_text_check("reason", reason) < 0)
		return pmo_fail();
	if (kind->file)
		return pmo_die(2, "a %s is a folder of records and is not deleted; close it instead",
			       kind->name);
	if ((code = lock(ctx)) || (code = pmo_kind_read_record(&r, ctx, argv[0])))
		return code;
	if (!(name = pmo_record_name(r))) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	if (pmo_uses_find(&uses, ctx->model, ctx->src, ctx->settings, kind, r->project, r->id) < 0) {
		code = pmo_fail();
		goto done;
	}
	if (uses.n) {
		size_t n = count_uses(&uses);
		code = pmo_die(1, "%s is named %zu time%s; change %s first, nothing deleted:", name, n,
			       n == 1 ? "" : "s", n == 1 ? "it" : "them");
		print_uses(&uses, ctx);
		goto done;
	}
	if (change_add(&c, strdup(r->path), NULL, 1) < 0 ||
	    (kind->prefix && retire(&c, ctx, r->project, r->id) < 0)) {
		code = pmo_fail();
		goto done;
	}
	title = pmo_node_text(pmo_map_get(pmo_doc_root(r->doc), kind->title_field));
	pmo_buf_printf(&action, "delete %s", title ? title : r->id);
	{
		pmo_buf body = PMO_BUF_INIT;
		pmo_buf_printf(&body, "Reason: %s", reason);
		msg = message(ctx, name, action.ptr, "delete", body.ptr, NULL);
		pmo_buf_free(&body);
	}
	code = commit(ctx, &c, msg);
done:
	free(msg);
	free(name);
	pmo_buf_free(&action);
	change_free(&c);
	pmo_uses_free(&uses);
	pmo_record_free(r);
	return code;
}

/* --- renumber and move -------------------------------------------------- */

/* Every file that names the record, rewritten to name it as project/id
 * (lib/model/merge_change.c, which renumbers a merged change's records
 * the same way). */
static int rewrite_uses(change *c, const pmo_uses *uses, const pmo_kind *kind,
			const char *project, const char *id)
{
	pmo_file_edits files = { 0 };
	size_t i;
	int error = pmo_uses_rewrite(&files, uses, kind, project, id);

	for (i = 0; i < files.n && !error; i++) {
		pmo_buf text = PMO_BUF_INIT;
		if (pmo_buf_put(&text, files.items[i].data, files.items[i].len) < 0 ||
		    change_add(c, strdup(files.items[i].path), &text, 0) < 0)
			error = pmo_error_set_oom();
		pmo_buf_free(&text);
	}
	pmo_file_edits_free(&files);
	return error;
}

/* What a moved record's own references become from its new project. */
typedef struct {
	const pmo_node **at;
	char **values;
	size_t n;
	const char *to, *bad_field, *bad_value;
	int error;
} own_refs;

static int own_ref(const char *field, const pmo_node *at, const pmo_ref *ref, void *payload)
{
	own_refs *o = payload;
	char *v;
	const pmo_node **a;
	char **vs;

	if (ref->type == PMO_REF_TASK) {
		o->bad_field = field;
		o->bad_value = pmo_node_text(at);
		return 1;
	}
	if (ref->type != PMO_REF_RECORD || !ref->kind->project_scoped)
		return 0;
	if (!(v = pmo_ref_text(ref->kind, ref->project, ref->id, o->to)))
		return pmo_error_set_oom();
	if (!strcmp(v, pmo_node_text(at))) {
		free(v);
		return 0;
	}
	if (!(a = realloc(o->at, (o->n + 1) * sizeof(*a))) ||
	    !(o->at = a, vs = realloc(o->values, (o->n + 1) * sizeof(*vs)))) {
		free(v);
		return pmo_error_set_oom();
	}
	o->values = vs;
	o->at[o->n] = at;
	o->values[o->n++] = v;
	return 0;
}

/* The record's file at its new ID (and, moved to project to, its references
 * written as from there; to NULL: it stays in its project). */
static int moved_record(pmo_buf *out, pmo_ctx *ctx, const pmo_record *r, const char *to,
			const char *id)
{
	const pmo_node *root = pmo_doc_root(r->doc);
	own_refs o = { 0 };
	int error;
	size_t i;

	o.to = to;
	if (to && r->project) {
		error = pmo_record_refs(ctx->model, ctx->kind, root, r->project, own_ref, &o);
		if (error > 0) {
			error = pmo_error_set(PMO_ECONFLICT, "%s: \"%s\" is a task of %s's plan, which "
					      "a record of %s cannot name; change it first",
					      o.bad_field, o.bad_value, r->project, to);
		}
		if (error)
			goto done;
	}
	{
		const pmo_node **a = realloc(o.at, (o.n + 1) * sizeof(*a));
		char **vs;
		if (!a || !(o.at = a, vs = realloc(o.values, (o.n + 1) * sizeof(*vs)))) {
			error = pmo_error_set_oom();
			goto done;
		}
		o.values = vs;
		o.at[o.n] = pmo_map_get(root, ctx->kind->id_field);
		if (!o.at[o.n] || !(o.values[o.n] = strdup(id))) {
			error = o.at[o.n] ? pmo_error_set_oom()
				: pmo_error_set(PMO_EINVALID, "%s has no %s", r->path, ctx->kind->id_field);
			goto done;
		}
		o.n++;
	}
	error = pmo_yaml_edit_scalars(out, r->doc, o.at, (const char *const *)o.values, o.n);
done:
	for (i = 0; i < o.n; i++)
		free(o.values[i]);
	free(o.values);
	free(o.at);
	return error;
}

/* renumber (to NULL: the same project) or move (id NULL: the next free ID
 * of project to). */
static int renew(pmo_ctx *ctx, const char *ref, const char *to, const char *given, const char *verb)
{
	const pmo_kind *kind = ctx->kind;
	pmo_record *r = NULL;
	pmo_uses uses = { 0 };
	change c = { 0 };
	pmo_buf text = PMO_BUF_INIT, action = PMO_BUF_INIT, newname = PMO_BUF_INIT;
	char *id = NULL, *path = NULL, *name = NULL, *msg = NULL;
	const char *project;
	size_t i;
	int code = 0, e;

	if ((code = lock(ctx)) || (code = pmo_kind_read_record(&r, ctx, ref)))
		return code;
	project = to ? to : r->project;
	if (!(name = pmo_record_name(r)) || (given && !(id = strdup(given)))) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	if (to && r->project && !strcmp(to, r->project)) {
		code = pmo_die(2, "%s is in %s already", name, to);
		goto done;
	}
	if (!id && pmo_kind_next_id(&id, ctx->src, kind, project) < 0) {
		code = pmo_fail();
		goto done;
	}
	if (project)
		pmo_buf_printf(&newname, "%s/", project);
	pmo_buf_puts(&newname, id);
	if (pmo_kind_path(&path, kind, project, id) < 0) {
		code = pmo_fail();
		goto done;
	}
	if (pmo_source_exists(ctx->src, path)) {
		code = pmo_die(1, "%s %s exists already; choose a free ID", kind->name, newname.ptr);
		goto done;
	}
	if ((e = pmo_kind_id_retired(ctx->src, kind, project, id)) != 0) {
		char *rp = NULL, *shown = NULL;
		if (e > 0 && pmo_kind_retired_path(&rp, kind, project) == 0)
			shown = pmo_source_display(ctx->src, rp);
		code = e < 0 ? pmo_fail()
			     : pmo_die(1, "%s is retired in %s: pmo never gives an ID twice; choose a "
				       "free one", id, shown ? shown : ".retired");
		free(shown);
		free(rp);
		goto done;
	}
	if (pmo_uses_find(&uses, ctx->model, ctx->src, ctx->settings, kind, r->project, r->id) < 0) {
		code = pmo_fail();
		goto done;
	}
	for (i = 0; to && i < uses.n; i++) {
		size_t len = strlen(uses.items[i].path);
		if (len >= 9 && !strcmp(uses.items[i].path + len - 9, "plan.yaml")) {
			code = pmo_die(1, "%s is named by the plan of %s, whose tasks name only their "
				       "own project's records; change it first:", name,
				       uses.items[i].project);
			print_uses(&(pmo_uses){ &uses.items[i], 1 }, ctx);
			goto done;
		}
	}
	if (moved_record(&text, ctx, r, to, id) < 0) {
		code = pmo_fail();
		goto done;
	}
	/* the record as it will be: its schema (the ID's pattern), references */
	{
		pmo_doc *doc = NULL;
		pmo_findings p = { 0 };
		int bad = pmo_yaml_load(&doc, path, text.ptr, text.len, NULL) < 0 ? -1
			: pmo_record_check(&p, ctx->model, kind, pmo_doc_root(doc), project, ctx->src, NULL);
		if (bad == PMO_EINVALID) {
			for (i = 0; i < p.n; i++)
				pmo_print_finding(&p.items[i], NULL, 0);
			code = 2;
		} else if (bad < 0) {
			code = pmo_fail();
		}
		pmo_findings_free(&p);
		pmo_doc_free(doc);
		if (code)
			goto done;
	}
	if (change_add(&c, strdup(r->path), NULL, 1) < 0 ||
	    change_add(&c, strdup(path), &text, 0) < 0 || retire(&c, ctx, r->project, r->id) < 0 ||
	    rewrite_uses(&c, &uses, kind, project, id) < 0) {
		code = pmo_fail();
		goto done;
	}
	pmo_buf_printf(&action, "%s to %s", verb, to ? newname.ptr : id);
	if (count_uses(&uses))
		pmo_buf_printf(&action, ", %zu reference%s", count_uses(&uses),
			       count_uses(&uses) == 1 ? "" : "s");
	msg = message(ctx, name, action.ptr, verb, NULL, &c);
	code = commit(ctx, &c, msg);
done:
	free(msg);
	free(name);
	free(path);
	free(id);
	pmo_buf_free(&text);
	pmo_buf_free(&action);
	pmo_buf_free(&newname);
	change_free(&c);
	pmo_uses_free(&uses);
	pmo_record_free(r);
	return code;
}

int pmo_kind_verb_renumber(pmo_ctx *ctx, int argc, char **argv)
{
	const pmo_kind *kind = ctx->kind;
	int code;

	if ((code = pmo_parse(ctx, &argc, argv, NULL, NULL)) != PMO_GO)
		return code;
	if (argc != 2)
		return pmo_die(2, "%s renumber takes a record and its new ID; see 'pmo %s renumber -h'",
			       kind->name, kind->name);
	if (!kind->prefix)
		return pmo_die(2, "a %s's %s is given, not numbered by pmo", kind->name, kind->id_field);
	if (!pmo_kind_id_number(kind, argv[1], strlen(argv[1])))
		return pmo_die(2, "\"%s\" is not a %s ID; allowed: %s-<n>, n from 1", argv[1],
			       kind->name, kind->prefix);
	return renew(ctx, argv[0], NULL, argv[1], "renumber");
}

int pmo_kind_verb_move(pmo_ctx *ctx, int argc, char **argv)
{
	const pmo_kind *kind = ctx->kind;
	int code;

	if ((code = pmo_parse(ctx, &argc, argv, NULL, NULL)) != PMO_GO)
		return code;
	if (argc != 2)
		return pmo_die(2, "%s move takes a record and a project; see 'pmo %s move -h'",
			       kind->name, kind->name);
	if (!kind->project_scoped || !kind->prefix)
		return pmo_die(2, "a %s belongs to no project and is not moved", kind->name);
	if ((code = pmo_check_project(ctx, argv[1])))
		return code;
	return renew(ctx, argv[0], argv[1], NULL, "move");
}
