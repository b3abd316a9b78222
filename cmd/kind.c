/*
 * The record commands, for every kind from its schema:
 *   pmo <kind> add|list|show|set|edit|close|log
 * Nothing here knows a particular kind: paths, IDs, columns, references,
 * workflows and derived fields all come from the kind's x-pmo metadata.
 */
#include "pmo.h"
#include "filter.h"
#include "kind_internal.h"
#include "util/fs.h"
#include "util/list.h"
#include "util/utf8.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* --- shared pieces ------------------------------------------------------ */

/* Problems of a record; those about a node of a file (path, for an edited
 * record) as path:line:col so editors jump to them. */
static int print_problems(const pmo_findings *p, int code, const char *path)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		pmo_print_finding(&p->items[i], path, 0);
	return code;
}

char *pmo_kind_commit_message(const pmo_kind *kind, const char *name, const char *action,
			       const char *verbname, const char *body)
{
	pmo_buf b = PMO_BUF_INIT;

	pmo_buf_printf(&b, "%s %s: %s\n\n", kind->name, name, action);
	if (body && *body)
		pmo_buf_printf(&b, "%s\n\n", body);
	pmo_buf_printf(&b, "Pmo-Command: %s %s\nPmo-Record: %s\n", kind->name, verbname, name);
	return pmo_buf_detach(&b);
}

int pmo_kind_read_record(pmo_record **out, pmo_ctx *ctx, const char *ref)
{
	char *project = NULL, *id = NULL;
	int error;

	if (pmo_kind_find_ref(&project, &id, ctx->src, ctx->kind, ref, ctx->project) < 0)
		return pmo_fail();
	error = pmo_record_read(out, ctx->src, ctx->kind, project, id, ctx->settings);
	free(project);
	free(id);
	return error < 0 ? pmo_fail() : 0;
}

/* Check a candidate record before anything is written; old is the record
 * it replaces (NULL for a new one): people it names anew must be active. */
int pmo_kind_check_candidate(pmo_ctx *ctx, const pmo_node *record, const char *project,
			   const pmo_assigns *only, int fail, const char *path, const pmo_node *old)
{
	pmo_findings p = { 0 };
	int error = pmo_record_check(&p, ctx->model, ctx->kind, record, project, ctx->src, only);
	int code = 0;

	if (!error)
		error = pmo_record_check_people(&p, ctx->model, ctx->kind, record, old, ctx->src);

	if (error == PMO_EINVALID)
		code = print_problems(&p, fail, path);
	else if (error < 0)
		code = pmo_fail();
	pmo_findings_free(&p);
	return code;
}

/* An unknown field: the fields there are (stored ones; for filters and
 * sorting also derived ones and project) and git's "did you mean". */
int pmo_kind_unknown_field(const pmo_kind *kind, const char *f, int stored_only)
{
	pmo_buf b = PMO_BUF_INIT;
	const char **names = calloc(kind->props->n + (kind->derived ? kind->derived->n : 0) + 2,
				    sizeof(*names));
	size_t i, n = 0;
	int code;

	if (!names)
		return pmo_die(1, "out of memory");
	for (i = 0; i < kind->props->n; i++)
		names[n++] = kind->props->pairs[i].key->str;
	for (i = 0; !stored_only && kind->derived && i < kind->derived->n; i++)
		names[n++] = kind->derived->pairs[i].key->str;
	if (!stored_only && kind->project_scoped)
		names[n++] = "project";
	for (i = 0; i < n; i++)
		pmo_buf_printf(&b, "%s%s", i ? ", " : "", names[i]);
	/* add and set say it as the schema would */
	code = stored_only ? pmo_die(2, "unknown field \"%s\"; allowed: %s", f, pmo_buf_cstr(&b))
			   : pmo_die(2, "unknown field \"%s\" for %s; fields: %s", f, kind->name,
				     pmo_buf_cstr(&b));
	pmo_suggest("field", f, names, n);
	pmo_buf_free(&b);
	free(names);
	return code;
}

/* A field of the kind's schema (what add and set take). */
static int kind_has_field(const void *arg, const char *f, size_t len)
{
	const pmo_kind *kind = arg;
	size_t i;

	for (i = 0; i < kind->props->n; i++)
		if (kind->props->pairs[i].key->len == len && !memcmp(kind->props->pairs[i].key->str, f, len))
			return 1;
	return 0;
}

/* field=value arguments of add and set name fields of the schema; field=
 * (removing a field) may name any, so a hand-added one can be taken out. */
static int check_assign_fields(const pmo_kind *kind, char *const *argv, int argc)
{
	int i, code = 0;

	for (i = 0; i < argc && !code; i++) {
		const char *eq = strchr(argv[i], '=');
		size_t len = pmo_assign_field_len(argv[i]);
		char *f;

		if (!len || !eq[1] || kind_has_field(kind, argv[i], len))
			continue;
		if (!(f = strndup(argv[i], len)))
			return pmo_die(1, "out of memory");
		code = pmo_kind_unknown_field(kind, f, 1);
		free(f);
	}
	return code;
}

/* --- add ------------------------------------------------------------------ */

static int verb_add(pmo_ctx *ctx, int argc, char **argv)
{
	const pmo_kind *kind = ctx->kind;
	const char *project = NULL, *given;
	pmo_assigns as = { 0 };
	pmo_doc *doc = NULL;
	pmo_buf text = PMO_BUF_INIT;
	char *id = NULL, *path = NULL, *msg = NULL, *action = NULL;
	pmo_buf name = PMO_BUF_INIT;
	int code = 0;

	if ((code = pmo_parse(ctx, &argc, argv, NULL, NULL)) != PMO_GO)
		return code;
	code = 0;
	if (pmo_take_title(argc, argv, kind_has_field, kind,
			   kind->prefix ? kind->title_field : kind->id_field) < 0) {
		code = pmo_die(2, "%s add needs %s: the first argument that is not field=value; "
			       "see 'pmo %s add -h'", kind->name,
			       kind->prefix ? "a title" : "the new record's name", kind->name);
		goto done;
	}
	given = argv[0];
	if ((code = check_assign_fields(kind, argv + 1, argc - 1)))
		goto done;
	if (kind->project_scoped && (code = pmo_need_project(&project, ctx)))
		goto done;
	if (pmo_text_check(kind->prefix ? kind->title_field : kind->id_field, given) < 0 ||
	    pmo_assigns_parse(&as, kind, argv + 1, (size_t)argc - 1) < 0 ||
	    pmo_assigns_resolve(&as, kind, NULL) < 0) {
		code = pmo_fail();
		goto done;
	}
	/* the lock first: the ID is chosen while no other pmo can take it */
	if (pmo_repo_check_mutable(ctx->repo) < 0 || pmo_repo_lock(ctx->repo) < 0) {
		code = pmo_fail();
		goto done;
	}
	if (kind->prefix) {
		if (pmo_kind_next_id(&id, ctx->src, kind, project) < 0) {
			code = pmo_fail();
			goto done;
		}
	} else if (!(id = strdup(given))) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	if (pmo_kind_path(&path, kind, project, id) < 0) {
		code = pmo_fail();
		goto done;
	}
	if (project)
		pmo_buf_printf(&name, "%s/", project);
	pmo_buf_puts(&name, id);
	if (!kind->prefix && pmo_source_exists(ctx->src, path)) {
		code = pmo_die(1, "%s %s already exists", kind->name, name.ptr);
		goto done;
	}
	if (pmo_record_build(&doc, kind, id, kind->prefix ? given : NULL, &as, ctx->settings) < 0) {
		code = pmo_fail();
		goto done;
	}
	if ((code = pmo_kind_check_candidate(ctx, pmo_doc_root(doc), project, NULL, 2, NULL, NULL)) ||
	    (pmo_record_new_check(kind, &as) < 0 && (code = pmo_fail())))
		goto done;
	if ((code = pmo_begin_change(ctx, (const char *const[]){ path }, 1)))
		goto done;
	if (pmo_yaml_emit(&text, pmo_doc_root(doc)) < 0) {
		code = pmo_fail();
		goto done;
	}
	{
		const char *title = pmo_node_text(pmo_map_get(pmo_doc_root(doc), kind->title_field));
		pmo_buf a = PMO_BUF_INIT;
		pmo_buf_printf(&a, "add %s", title ? title : id);
		action = pmo_buf_detach(&a);
	}
	msg = pmo_kind_commit_message(kind, name.ptr, action, "add", NULL);
	if (!msg || !action) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	code = pmo_write_and_commit(ctx, path, text.ptr, text.len, msg);
done:
	pmo_assigns_free(&as);
	pmo_doc_free(doc);
	pmo_buf_free(&text);
	pmo_buf_free(&name);
	free(id);
	free(path);
	free(msg);
	free(action);
	return code;
}

/* --- set / close ---------------------------------------------------------- */

/* Apply assignments to the record's file in place, line by line, and
 * commit. action is the commit subject's verb part. */
int pmo_kind_change_record(pmo_ctx *ctx, pmo_record *r, const pmo_assigns *as, const char *verbname,
			   const char *action, const char *body)
{
	const pmo_kind *kind = ctx->kind;
	pmo_doc *next = NULL, *cur = NULL;
	pmo_buf text = PMO_BUF_INIT;
	const pmo_node *root = pmo_doc_root(r->doc);
	char *name = pmo_record_name(r), *msg = NULL, *display = NULL;
	size_t i;
	int code = 0;

	if (!name) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	for (i = 0; i < as->n; i++) {
		if (!strcmp(as->items[i].field, kind->id_field)) {
			code = pmo_die(2, "%s: the ID of %s cannot change", kind->id_field, name);
			goto done;
		}
	}
	if (pmo_record_apply(&next, kind, root, as) < 0) {
		code = pmo_fail();
		goto done;
	}
	if ((code = pmo_kind_check_candidate(ctx, pmo_doc_root(next), r->project, as, 2, NULL, root)))
		goto done;
	if (kind->status_field) {
		const char *from = pmo_node_text(pmo_map_get(root, kind->status_field));
		const char *to = pmo_node_text(pmo_map_get(pmo_doc_root(next), kind->status_field));
		if (pmo_workflow_check(kind, from, to) < 0) {
			code = pmo_fail();
			goto done;
		}
		/* closing: what the kind needs first (a project's closing review) */
		if (to && kind->close_status && !strcmp(to, kind->close_status) &&
		    (!from || strcmp(from, to)) && pmo_record_closing_check(kind, pmo_doc_root(next)) < 0) {
			code = pmo_fail();
			goto done;
		}
	}
	{
		pmo_changes ch = { 0 };
		size_t n;
		if (pmo_record_diff(&ch, kind, root, pmo_doc_root(next)) < 0) {
			code = pmo_fail();
			goto done;
		}
		n = ch.n;
		pmo_changes_free(&ch);
		if (!n) {
			fprintf(stderr, "pmo: nothing to change: %s already has these values\n", name);
			goto done;
		}
	}
	if ((code = pmo_begin_change(ctx, (const char *const[]){ r->path }, 1)))
		goto done;
	/* minimal edits, one field at a time, each on the previous result */
	display = pmo_source_display(ctx->src, r->path);
	{
		const char *src;
		size_t len;
		src = pmo_doc_source(r->doc, &len);
		if (pmo_yaml_load(&cur, display, src, len, NULL) < 0) {
			code = pmo_fail();
			goto done;
		}
	}
	if (pmo_assigns_edit(&cur, kind, as, display) < 0) {
		code = pmo_fail();
		goto done;
	}
	{
		size_t len;
		const char *bytes = pmo_doc_source(cur, &len);
		msg = pmo_kind_commit_message(kind, name, action, verbname, body);
		if (!msg) {
			code = pmo_die(1, "out of memory");
			goto done;
		}
		code = pmo_write_and_commit(ctx, r->path, bytes, len, msg);
	}
done:
	pmo_doc_free(next);
	pmo_doc_free(cur);
	pmo_buf_free(&text);
	free(name);
	free(msg);
	free(display);
	return code;
}

static int verb_set(pmo_ctx *ctx, int argc, char **argv)
{
	pmo_record *r = NULL;
	pmo_assigns as = { 0 };
	pmo_buf action = PMO_BUF_INIT, body = PMO_BUF_INIT;
	int code, i, reopened;

	if ((code = pmo_parse(ctx, &argc, argv, NULL, NULL)) != PMO_GO)
		return code;
	if (argc < 2)
		return pmo_die(2, "%s set needs a record and field=value; see 'pmo %s set -h'",
			       ctx->kind->name, ctx->kind->name);
	if ((code = check_assign_fields(ctx->kind, argv + 1, argc - 1)))
		return code;
	if (pmo_assigns_parse(&as, ctx->kind, argv + 1, (size_t)argc - 1) < 0)
		return pmo_fail();
	/* the lock before reading: a read-modify-write must not race another pmo */
	if (pmo_repo_check_mutable(ctx->repo) < 0 || pmo_repo_lock(ctx->repo) < 0) {
		code = pmo_fail();
		goto done;
	}
	if ((code = pmo_kind_read_record(&r, ctx, argv[0])))
		goto done;
	/* field+=, field-= and field.N.sub= build on the record's values */
	if (pmo_assigns_resolve(&as, ctx->kind, pmo_doc_root(r->doc)) < 0) {
		code = pmo_fail();
		goto done;
	}
	/* a record reopened loses the reason it was closed for */
	if ((reopened = pmo_assigns_reopen(&as, ctx->kind, pmo_doc_root(r->doc))) < 0) {
		code = pmo_fail();
		goto done;
	}
	pmo_buf_puts(&action, "set ");
	for (i = 1; i < argc; i++)
		pmo_buf_printf(&action, "%s%s", i > 1 ? ", " : "", argv[i]);
	if (reopened)
		pmo_buf_printf(&body, "Reopened: %s removed.", ctx->kind->reason_field);
	code = pmo_kind_change_record(ctx, r, &as, "set", action.ptr, reopened ? body.ptr : NULL);
done:
	pmo_buf_free(&body);
	pmo_buf_free(&action);
	pmo_assigns_free(&as);
	pmo_record_free(r);
	return code;
}

static int verb_close(pmo_ctx *ctx, int argc, char **argv)
{
	const pmo_kind *kind = ctx->kind;
	const char *reason = NULL;
	const pmo_opt opts[] = {
		OPT_STRING('r', "reason", &reason, "TEXT", "why: written to the record and the commit message"),
		OPT_END(),
	};
	pmo_record *r = NULL;
	pmo_assigns as = { 0 };
	pmo_buf action = PMO_BUF_INIT;
	char *args[3];
	size_t na = 0;
	int code;

	if ((code = pmo_parse(ctx, &argc, argv, opts, NULL)) != PMO_GO)
		return code;
	if (argc != 1)
		return pmo_die(2, "%s close takes one record name", kind->name);
	if (!kind->status_field || !kind->close_status)
		return pmo_die(2, "a %s has no status to close", kind->name);
	/* the lock before reading: a read-modify-write must not race another pmo */
	if (pmo_repo_check_mutable(ctx->repo) < 0 || pmo_repo_lock(ctx->repo) < 0)
		return pmo_fail();
	if ((code = pmo_kind_read_record(&r, ctx, argv[0])))
		return code;
	{
		pmo_buf a = PMO_BUF_INIT, b = PMO_BUF_INIT;
		pmo_buf_printf(&a, "%s=%s", kind->status_field, kind->close_status);
		args[na++] = pmo_buf_detach(&a);
		if (reason && kind->reason_field) {
			pmo_buf_printf(&b, "%s=%s", kind->reason_field, reason);
			args[na++] = pmo_buf_detach(&b);
		}
	}
	if (pmo_assigns_parse(&as, kind, args, na) < 0) {
		code = pmo_fail();
		goto done;
	}
	pmo_buf_puts(&action, "close");
	if (reason)
		pmo_buf_printf(&action, " (%s)", reason);
	code = pmo_kind_change_record(ctx, r, &as, "close", action.ptr, NULL);
done:
	while (na)
		free(args[--na]);
	pmo_buf_free(&action);
	pmo_assigns_free(&as);
	pmo_record_free(r);
	return code;
}

/* --- edit ------------------------------------------------------------------ */

static int run_editor(const char *editor, const char *file)
{
	pmo_buf cmd = PMO_BUF_INIT;
	pid_t pid;
	int status;

	/* like git: the editor string is shell text (quotes and arguments
	 * work), the file its argument */
	pmo_buf_printf(&cmd, "%s \"$@\"", editor);
	if (pmo_buf_oom(&cmd) < 0 || (pid = fork()) < 0) {
		pmo_buf_free(&cmd);
		return -1;
	}
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", cmd.ptr, editor, file, (char *)NULL);
		_exit(127);
	}
	pmo_buf_free(&cmd);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

static int verb_edit(pmo_ctx *ctx, int argc, char **argv)
{
	const pmo_kind *kind = ctx->kind;
	pmo_record *r = NULL;
	pmo_doc *doc = NULL;
	pmo_buf edited = PMO_BUF_INIT;
	pmo_changes ch = { 0 };
	pmo_buf tmpbuf = PMO_BUF_INIT;
	const char *tmpdir = getenv("TMPDIR");
	char *tmpl = NULL;
	char *editor = NULL, *name = NULL, *msg = NULL;
	pmo_buf action = PMO_BUF_INIT;
	const char *src;
	size_t len, i;
	int fd = -1, code = 0, keep = 0;

	if ((code = pmo_parse(ctx, &argc, argv, NULL, NULL)) != PMO_GO)
		return code;
	if (argc != 1)
		return pmo_die(2, "%s edit takes one record name", kind->name);
	if ((code = pmo_kind_read_record(&r, ctx, argv[0])))
		return code;
	name = pmo_record_name(r);
	/* refuse early when the file has uncommitted edits; the lock is taken
	 * only after the editor, so other pmo commands do not wait on it */
	if (pmo_repo_check_mutable(ctx->repo) < 0 ||
	    pmo_repo_check_clean(ctx->repo, (const char *const[]){ r->path }, 1) < 0) {
		code = pmo_fail();
		goto done;
	}
	src = pmo_doc_source(r->doc, &len);
	/* like git's COMMIT_EDITMSG, but outside the tree: $TMPDIR or /tmp */
	pmo_buf_printf(&tmpbuf, "%s/pmo-edit-XXXXXX.yaml", tmpdir && *tmpdir ? tmpdir : "/tmp");
	if (!(tmpl = pmo_buf_detach(&tmpbuf))) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	fd = mkstemps(tmpl, 5);
	if (fd < 0 || write(fd, src, len) != (ssize_t)len || close(fd) < 0) {
		code = pmo_die(1, "cannot write a temporary file for the editor");
		goto done;
	}
	if (pmo_repo_editor(&editor, ctx->repo) < 0) {
		code = pmo_fail();
		goto done;
	}
	if (run_editor(editor, tmpl) != 0) {
		code = pmo_die(1, "the editor (%s) failed; nothing changed", editor);
		goto done;
	}
	if (pmo_fs_read(&edited, tmpl, PMO_YAML_MAX_BYTES) < 0) {
		code = pmo_fail();
		goto done;
	}
	if (edited.len == len && !memcmp(edited.ptr, src, len)) {
		fprintf(stderr, "pmo: no changes; nothing committed\n");
		goto done;
	}
	keep = 1;
	if (pmo_yaml_load(&doc, tmpl, edited.ptr, edited.len, NULL) < 0) {
		code = pmo_fail();
		goto kept;
	}
	if (!pmo_doc_root(doc) || pmo_doc_root(doc)->kind != PMO_NODE_MAP) {
		fprintf(stderr, "%s:1:1: error: a %s file must hold a mapping of fields\n", tmpl, kind->name);
		code = 1;
		goto kept;
	}
	{
		const pmo_node *idn = pmo_map_get(pmo_doc_root(doc), kind->id_field);
		const char *id = pmo_node_text(idn);
		if (!id || strcmp(id, r->id)) {
			fprintf(stderr, "%s:%u:%u: error: %s must stay %s\n", tmpl, idn ? idn->line : 1,
				idn ? idn->col : 1, kind->id_field, r->id);
			code = 1;
			goto kept;
		}
	}
	/* what the editor wrote is a file with an error, as for validate:
	 * exit 1 whatever the rule */
	if ((code = pmo_kind_check_candidate(ctx, pmo_doc_root(doc), r->project, NULL, 1, tmpl,
				    pmo_doc_root(r->doc))))
		goto kept;
	if (kind->status_field &&
	    pmo_workflow_check(kind, pmo_node_text(pmo_map_get(pmo_doc_root(r->doc), kind->status_field)),
			       pmo_node_text(pmo_map_get(pmo_doc_root(doc), kind->status_field))) < 0) {
		const pmo_node *st = pmo_map_get(pmo_doc_root(doc), kind->status_field);
		fprintf(stderr, "%s:%u:%u: error: %s\n", tmpl, st->line, st->col, pmo_error_last()->message);
		code = 1;
		goto kept;
	}
	/* stored as add and set write: canonical, the editor's comments kept */
	pmo_buf_clear(&edited);
	if (pmo_yaml_canonical(&edited, doc, pmo_schema_root(kind->schema)) < 0) {
		code = pmo_fail();
		goto kept;
	}
	if (edited.len == len && !memcmp(edited.ptr, src, len)) {
		fprintf(stderr, "pmo: no changes; nothing committed\n");
		goto done;
	}
	if (pmo_record_diff(&ch, kind, pmo_doc_root(r->doc), pmo_doc_root(doc)) < 0) {
		code = pmo_fail();
		goto done;
	}
	pmo_buf_puts(&action, ch.n ? "edit " : "edit layout");
	for (i = 0; i < ch.n; i++)
		pmo_buf_printf(&action, "%s%s", i ? ", " : "", ch.items[i].field);
	if ((code = pmo_begin_change(ctx, (const char *const[]){ r->path }, 1)))
		goto kept;
	{
		/* someone may have changed the record while the editor was open */
		char *abs = pmo_path_join(pmo_repo_root(ctx->repo), r->path);
		pmo_buf now = PMO_BUF_INIT;
		int same = abs && pmo_fs_read(&now, abs, 0) == 0 && now.len == len &&
			   !memcmp(now.ptr, src, len);
		pmo_buf_free(&now);
		free(abs);
		if (!same) {
			code = pmo_die(1, "%s changed while it was being edited", r->path);
			goto kept;
		}
	}
	keep = 0;
	msg = pmo_kind_commit_message(kind, name, action.ptr, "edit", NULL);
	code = msg ? pmo_write_and_commit(ctx, r->path, edited.ptr, edited.len, msg) : pmo_die(1, "out of memory");
	goto done;
kept:
	fprintf(stderr, "pmo: nothing changed; your edit is kept in %s\n", tmpl);
done:
	if (fd >= 0 && !keep)
		unlink(tmpl);
	free(tmpl);
	pmo_changes_free(&ch);
	pmo_buf_free(&edited);
	pmo_buf_free(&action);
	pmo_doc_free(doc);
	pmo_record_free(r);
	free(editor);
	free(name);
	free(msg);
	return code;
}

/* --- dispatch ---------------------------------------------------------------- */

static const pmo_verb verbs[] = {
	{ "add", verb_add, "usage: pmo [-p KEY] %s add %s [field=value…]\n",
	  "add a record; one commit", NULL },
	{ "list", pmo_kind_verb_list, "usage: pmo [-p KEY] %s list [field=value…] [--sort [-]FIELD] [--format FORMAT]\n",
	  "list records as a table; filters field=value (value,value for any of them; field!=value) and comparisons "
	  "field>=value, <=, >, < (numbers by value, dates in time order: due<2027-01-01), AND-ed", NULL },
	{ "show", pmo_kind_verb_show, "usage: pmo %s show %s [--format text|json|yaml]\n",
	  "every field of one record, with derived fields", NULL },
	{ "set", verb_set, "usage: pmo %s set %s field=value…\n",
	  "change fields (field= removes one); one commit; the workflow is enforced", NULL },
	{ "edit", verb_edit, "usage: pmo %s edit %s\n",
	  "edit the record's file in $VISUAL/$EDITOR; validated on save; one commit", NULL },
	{ "close", verb_close, "usage: pmo %s close %s [--reason TEXT]\n",
	  "move to the closing status; one commit", NULL },
	{ "log", pmo_kind_verb_log, "usage: pmo %s log %s [--format text|json]\n",
	  "the record's history from git: each change as field old → new, author, date", NULL },
	{ "delete", pmo_kind_verb_delete, "usage: pmo %s delete %s --reason TEXT\n",
	  "remove the record; one commit with the reason; refused while a record or a plan task "
	  "names it (they are listed: change them first); its ID is never given again", NULL },
	{ "renumber", pmo_kind_verb_renumber, "usage: pmo %s renumber %s NEW-ID\n",
	  "give the record a free ID; every reference to it is rewritten in the same commit; the "
	  "old ID is never given again", NULL },
	{ "move", pmo_kind_verb_move, "usage: pmo %s move %s PROJECT\n",
	  "move the record to PROJECT under its next free ID; the references to it and its own are "
	  "rewritten in the same commit; the old ID is never given again", NULL },
	{ "matrix", pmo_kind_verb_matrix, "usage: pmo [-p KEY] %s matrix [--format text|json]\n",
	  "the 5×5 heat map of the records still open (x-pmo matrix: a risk's probability × impact): "
	  "counts per cell, coloured by level on a terminal; every project's without -p", NULL },
};

int pmo_kind_has_verb(const pmo_kind *kind, const char *verb)
{
	return !((!strcmp(verb, "close") && !kind->close_status) ||
		 (!strcmp(verb, "delete") && kind->file) ||
		 (!strcmp(verb, "matrix") && !kind->matrix) ||
		 (!strcmp(verb, "renumber") && !kind->prefix) ||
		 (!strcmp(verb, "move") && (!kind->prefix || !kind->project_scoped)));
}

static void kind_usage(FILE *f, const pmo_ctx *ctx)
{
	const pmo_kind *kind = ctx->kind;
	size_t i;
	const char *ref = kind->project_scoped ? "PROJECT/ID" : kind->prefix ? "ID" : "NAME";

	fprintf(f, "usage: pmo %s <verb> [<args>]\n\n", kind->name);
	fprintf(f, "%s%s\n\nverbs:\n", kind->summary ? kind->summary : "", "");
	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++) {
		if (!pmo_kind_has_verb(kind, verbs[i].name))
			continue;
		fprintf(f, "  %-8s %s\n", verbs[i].name, verbs[i].summary);
	}
	fprintf(f, "\nrecords are named %s%s.\n", ref,
		kind->project_scoped ? " (or ID with -p PROJECT)" : "");
	fputs("fields:\n", f);
	for (i = 0; i < kind->props->n; i++) {
		const pmo_node *p = kind->props->pairs[i].value;
		const char *d = pmo_node_text(pmo_map_get(p, "description"));
		fprintf(f, "  %-12s %s\n", kind->props->pairs[i].key->str, d ? d : "");
	}
	for (i = 0; kind->derived && i < kind->derived->n; i++) {
		const char *d = pmo_node_text(pmo_map_get(kind->derived->pairs[i].value, "description"));
		fprintf(f, "  %-12s (derived) %s\n", kind->derived->pairs[i].key->str, d ? d : "");
	}
}

/* A verb's help before its options: the usage with the kind's name, the
 * title rule of add, the fields add and set take. */
static void verb_usage(pmo_buf *out, const pmo_ctx *ctx, const pmo_verb *v)
{
	const pmo_kind *kind = ctx->kind;
	const char *what = !strcmp(v->name, "add")
		? (kind->prefix ? "TITLE" : "NAME")
		: kind->project_scoped ? "PROJECT/ID" : "NAME";

	pmo_buf_printf(out, v->usage, kind->name, what);
	pmo_buf_printf(out, "\n%s.\n", v->summary);
	if (!strcmp(v->name, "add"))
		pmo_title_rule(out, kind->name, what, kind->prefix ? kind->title_field : kind->id_field);
	if (!strcmp(v->name, "add") || !strcmp(v->name, "set")) {
		size_t i;
		pmo_buf_puts(out, "\nfields:\n");
		int add = !strcmp(v->name, "add");
		for (i = 0; i < kind->props->n; i++) {
			const char *f = kind->props->pairs[i].key->str;
			const pmo_node *p = kind->props->pairs[i].value;
			const pmo_node *e = pmo_map_get(p, "enum");
			const char *d = pmo_node_text(pmo_map_get(p, "description"));
			char *ev;

			/* what a new record takes from elsewhere (check_new_fields) */
			if (add && (!strcmp(f, kind->id_field) ||
				    (kind->prefix && !strcmp(f, kind->title_field))))
				continue;
			ev = e ? pmo_node_display(e) : NULL;
			pmo_buf_printf(out, "  %-12s %s%s%s%s", f, d ? d : "",
				       ev ? " (" : "", ev ? ev : "", ev ? ")" : "");
			if (add && kind->status_field && !strcmp(f, kind->status_field) && kind->initial)
				pmo_buf_printf(out, "; a new %s is %s", kind->name, kind->initial);
			pmo_buf_putc(out, '\n');
			free(ev);
		}
	}
}

const pmo_family pmo_kind_verbs = {
	NULL, NULL, verbs, sizeof(verbs) / sizeof(verbs[0]), 0, kind_usage, verb_usage,
};
