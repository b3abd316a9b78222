/*
 * The record commands, for every kind from its schema:
 *   pmo <kind> add|list|show|set|edit|close|log
 * Nothing here knows a particular kind: paths, IDs, columns, references,
 * workflows and derived fields all come from the kind's x-pmo metadata.
 */
#include "pmo.h"
#include "filter.h"
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
static int print_problems(const pmo_problems *p, int code, const char *path)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		const pmo_node *at = p->at ? p->at[i] : NULL;
		if (path && at && at->line)
			fprintf(stderr, "%s:%u:%u: error: %s\n", path, at->line, at->col, p->items[i]);
		else if (path)
			fprintf(stderr, "%s:1:1: error: %s\n", path, p->items[i]);
		else
			fprintf(stderr, "pmo: error: %s\n", p->items[i]);
	}
	return code;
}

static char *commit_message(const pmo_kind *kind, const char *name, const char *action,
			    const char *verbname, const char *body)
{
	pmo_buf b = PMO_BUF_INIT;

	pmo_buf_printf(&b, "%s %s: %s\n\n", kind->name, name, action);
	if (body && *body)
		pmo_buf_printf(&b, "%s\n\n", body);
	pmo_buf_printf(&b, "Pmo-Command: %s %s\nPmo-Record: %s\n", kind->name, verbname, name);
	return pmo_buf_detach(&b);
}

static int read_record(pmo_record **out, pmo_ctx *ctx, const char *ref)
{
	char *project = NULL, *id = NULL;
	int error;

	if (pmo_kind_parse_ref(&project, &id, ctx->kind, ref, ctx->project) < 0)
		return pmo_fail();
	error = pmo_record_read(out, ctx->src, ctx->kind, project, id, ctx->settings);
	free(project);
	free(id);
	return error < 0 ? pmo_fail() : 0;
}

/* Check a candidate record before anything is written; old is the record
 * it replaces (NULL for a new one): people it names anew must be active. */
static int check_candidate(pmo_ctx *ctx, const pmo_node *record, const pmo_assigns *only, int fail,
			   const char *path, const pmo_node *old)
{
	pmo_problems p = { 0 };
	int error = pmo_record_check(&p, ctx->model, ctx->kind, record, ctx->src, only);
	int code = 0;

	if (!error)
		error = pmo_record_check_people(&p, ctx->model, ctx->kind, record, old, ctx->src);

	if (error == PMO_EINVALID)
		code = print_problems(&p, fail, path);
	else if (error < 0)
		code = pmo_fail();
	pmo_problems_free(&p);
	return code;
}

/* An unknown field: the fields there are (stored ones; for filters and
 * sorting also derived ones and project) and git's "did you mean". */
static int unknown_field(const pmo_kind *kind, const char *f, int stored_only)
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
	pmo_buf_release(&b);
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
		char *f;

		if (!eq || eq == argv[i] || !eq[1] || kind_has_field(kind, argv[i], (size_t)(eq - argv[i])))
			continue;
		if (!(f = strndup(argv[i], (size_t)(eq - argv[i]))))
			return pmo_die(1, "out of memory");
		code = unknown_field(kind, f, 1);
		free(f);
	}
	return code;
}

/* --- add ------------------------------------------------------------------ */

/* Fields a new record takes from elsewhere: its ID (pmo's, or the first
 * argument), its title (the first argument) and its first status (the
 * workflow's). 0, or the exit code after the message. */
static int check_new_fields(const pmo_kind *kind, const pmo_assigns *as)
{
	size_t i;

	for (i = 0; i < as->n; i++) {
		const char *f = as->items[i].field;
		const char *v = pmo_node_text(as->items[i].node);

		if (!strcmp(f, kind->id_field))
			return kind->prefix
				? pmo_die(2, "%s: the ID of a new %s is given by pmo (the next free %s-<n>)",
					  f, kind->name, kind->prefix)
				: pmo_die(2, "%s: the %s of a new %s is its first argument", f, f, kind->name);
		if (kind->prefix && !strcmp(f, kind->title_field))
			return pmo_die(2, "field \"%s\" given twice: the first argument is the %s",
				       f, f);
		if (kind->status_field && !strcmp(f, kind->status_field) && v && kind->initial &&
		    strcmp(v, kind->initial))
			return pmo_die(2, "%s: a new %s starts as \"%s\"; change it afterwards "
				       "with pmo %s set", f, kind->name, kind->initial, kind->name);
	}
	return 0;
}

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
	    pmo_assigns_parse(&as, kind, argv + 1, (size_t)argc - 1) < 0) {
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
	if (!(path = pmo_kind_path(kind, project, id))) {
		code = pmo_die(1, "out of memory");
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
	if ((code = check_candidate(ctx, pmo_doc_root(doc), NULL, 2, NULL, NULL)) ||
	    (code = check_new_fields(kind, &as)))
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
	msg = commit_message(kind, name.ptr, action, "add", NULL);
	if (!msg || !action) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	code = pmo_write_and_commit(ctx, path, text.ptr, text.len, msg);
done:
	pmo_assigns_free(&as);
	pmo_doc_free(doc);
	pmo_buf_release(&text);
	pmo_buf_release(&name);
	free(id);
	free(path);
	free(msg);
	free(action);
	return code;
}

/* --- list ---------------------------------------------------------------- */

static int known_field(const pmo_kind *kind, const char *f)
{
	return pmo_kind_prop(kind, f) || pmo_map_get(kind->derived, f) ||
	       (kind->project_scoped && !strcmp(f, "project"));
}

static const char *sort_field;
static int sort_desc;

static int is_number(const pmo_node *n)
{
	return n && n->kind == PMO_NODE_SCALAR && (n->tag == PMO_TAG_INT || n->tag == PMO_TAG_FLOAT);
}

/* The schema of a stored or derived field, or NULL. */
static const pmo_node *field_schema(const pmo_kind *kind, const char *f)
{
	const pmo_node *p = pmo_kind_prop(kind, f);
	return p ? p : pmo_map_get(kind->derived, f);
}

/* Position of s in the field's enum (enums sort in their own order:
 * open before closed, low before critical), or -1. */
static long enum_rank(const pmo_node *schema, const char *s)
{
	const pmo_node *e = pmo_map_get(schema, "enum");
	size_t i;

	for (i = 0; s && e && e->kind == PMO_NODE_SEQ && i < e->n; i++)
		if (pmo_node_text(e->items[i]) && !strcmp(e->items[i]->str, s))
			return (long)i;
	return -1;
}

static double number_of(const pmo_node *n)
{
	double d = 0;
	pmo_node_number(n, &d); /* any core-schema form, by value */
	return d;
}

static const pmo_node *sort_schema; /* the sort field's schema, for enums */

static int cmp_records(const void *pa, const void *pb)
{
	const pmo_record *a = *(pmo_record *const *)pa, *b = *(pmo_record *const *)pb;
	const pmo_node *x = pmo_map_get(a->view, sort_field), *y = pmo_map_get(b->view, sort_field);
	long rx, ry;
	int c;

	if (!x || !y) /* records without the field go last either way */
		return x ? -1 : y ? 1 : 0;
	if (is_number(x) && is_number(y)) {
		double dx = number_of(x), dy = number_of(y);
		c = dx < dy ? -1 : dx > dy;
	} else if ((rx = enum_rank(sort_schema, pmo_node_text(x))) >= 0 &&
		   (ry = enum_rank(sort_schema, pmo_node_text(y))) >= 0) {
		c = rx < ry ? -1 : rx > ry;
	} else {
		char *sx = pmo_node_display(x), *sy = pmo_node_display(y);
		c = sx && sy ? pmo_value_compare(sx, sy) : 0;
		free(sx);
		free(sy);
	}
	return sort_desc ? -c : c;
}

/* Stable sort: qsort on (record, position) would do; insertion order is
 * kept by comparing positions on ties. */
typedef struct { pmo_record *r; size_t pos; } ranked;
static int cmp_ranked(const void *pa, const void *pb)
{
	const ranked *a = pa, *b = pb;
	int c = cmp_records(&a->r, &b->r);
	return c ? c : (a->pos < b->pos ? -1 : 1);
}

static int sort_records(pmo_records *rs)
{
	ranked *tmp = malloc((rs->n ? rs->n : 1) * sizeof(*tmp));
	size_t i;

	if (!tmp)
		return pmo_die(1, "out of memory");
	for (i = 0; i < rs->n; i++) {
		tmp[i].r = rs->items[i];
		tmp[i].pos = i;
	}
	qsort(tmp, rs->n, sizeof(*tmp), cmp_ranked);
	for (i = 0; i < rs->n; i++)
		rs->items[i] = tmp[i].r;
	free(tmp);
	return 0;
}

static int is_numeric_field(const pmo_kind *kind, const char *f)
{
	const pmo_node *p = pmo_kind_prop(kind, f);
	const char *t;

	if (!p)
		p = pmo_map_get(kind->derived, f);
	t = pmo_node_text(pmo_map_get(p, "type"));
	return t && (!strcmp(t, "integer") || !strcmp(t, "number"));
}

/* The list's table; headers are the schema's short titles, or the field
 * names (field_names: CSV is read by programs, as JSON is). */
static int build_table(pmo_table **out, const pmo_kind *kind, const pmo_records *rs,
		       int full_names, int field_names)
{
	size_t ncols = 0, c, r;
	pmo_table *t = NULL;
	const char **cells = NULL;
	char **owned = NULL;
	int error = 0;

	while (kind->columns[ncols])
		ncols++;
	if ((error = pmo_table_new(&t, ncols)) < 0)
		return error;
	for (c = 0; c < ncols; c++) {
		const char *col = kind->columns[c];
		if ((error = pmo_table_header(t, c, field_names ? col : pmo_kind_header(kind, col))) < 0)
			goto done;
		if (is_numeric_field(kind, col))
			pmo_table_right(t, c);
		if (!strcmp(col, kind->title_field) && strcmp(col, kind->id_field))
			pmo_table_shrink(t, c);
	}
	cells = calloc(ncols, sizeof(*cells));
	owned = calloc(ncols, sizeof(*owned));
	if (!cells || !owned) {
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
		goto done;
	}
	for (r = 0; r < rs->n; r++) {
		const pmo_record *rec = rs->items[r];
		for (c = 0; c < ncols; c++) {
			const char *col = kind->columns[c];
			if (!strcmp(col, kind->id_field) && full_names)
				owned[c] = pmo_record_name(rec);
			else
				owned[c] = pmo_node_display(pmo_map_get(rec->view, col));
			cells[c] = owned[c];
		}
		error = pmo_table_row(t, cells);
		for (c = 0; c < ncols; c++) {
			free(owned[c]);
			owned[c] = NULL;
		}
		if (error < 0)
			goto done;
	}
done:
	free(cells);
	free(owned);
	if (error < 0) {
		pmo_table_free(t);
		return error;
	}
	*out = t;
	return 0;
}

static int emit_yaml_views(pmo_buf *out, const pmo_records *rs)
{
	pmo_doc *doc = NULL;
	pmo_node *seq;
	size_t i;
	int error;

	if ((error = pmo_doc_new(&doc)) < 0)
		return error;
	if (!(seq = pmo_node_seq(doc))) {
		error = PMO_ENOMEM;
		goto done;
	}
	for (i = 0; i < rs->n; i++)
		if ((error = pmo_seq_append(doc, seq, rs->items[i]->view)) < 0)
			goto done;
	error = pmo_yaml_emit(out, seq);
done:
	pmo_doc_free(doc);
	return error;
}

/* A filter value the field can never have is a mistake, not an empty
 * list: status=bogus, level=extreme, impact=high. */
static int check_filter_value(const pmo_kind *kind, const char *field, const char *v)
{
	const pmo_node *schema = field_schema(kind, field), *e = pmo_map_get(schema, "enum");
	const char *type = pmo_node_text(pmo_map_get(schema, "type"));
	pmo_buf b = PMO_BUF_INIT;
	size_t i;
	int code;

	if (!*v)
		return 0;
	if (type && !strcmp(type, "integer") && pmo_yaml_resolve(v, strlen(v)) != PMO_TAG_INT)
		return pmo_die(2, "%s: \"%s\" is not an integer", field, v);
	if (!e || e->kind != PMO_NODE_SEQ || enum_rank(schema, v) >= 0)
		return 0;
	for (i = 0; i < e->n; i++)
		pmo_buf_printf(&b, "%s%s", i ? ", " : "", pmo_node_text(e->items[i]) ? e->items[i]->str : "");
	code = pmo_die(2, "%s: \"%s\" is not one of: %s", field, v, pmo_buf_cstr(&b));
	pmo_buf_release(&b);
	return code;
}

static int verb_list(pmo_ctx *ctx, int argc, char **argv)
{
	const pmo_kind *kind = ctx->kind;
	const char *sort = NULL, *format = NULL, *project;
	const pmo_opt opts[] = {
		OPT_STRING('s', "sort", &sort, "FIELD", "sort by FIELD, or -FIELD for descending order (several: a,-b)"),
		OPT_STRING('f', "format", &format, "FORMAT", "table (default), json, csv, yaml or md"),
		OPT_END(),
	};
	pmo_records rs = { 0 };
	pmo_problems probs = { 0 };
	pmo_filters fs = { 0 };
	pmo_table *t = NULL;
	pmo_buf out = PMO_BUF_INIT;
	int code = 0, i;
	size_t j;
	char *sortspec = NULL;

	if ((code = pmo_parse(ctx, &argc, argv, opts, NULL)) != PMO_GO)
		return code;
	code = 0;
	project = kind->project_scoped ? ctx->project : NULL;
	if ((code = pmo_format(&format, ctx, format, "table,json,csv,yaml,md", "table")))
		goto done;
	if (project && (code = pmo_check_project(ctx, project)))
		goto done;
	/* the filters of cmd/filter.c: =, != and comparisons (due<2027-01-01) */
	for (i = 0; i < argc; i++) {
		const pmo_filter *f;
		if ((code = pmo_filter_parse(&fs, argv[i])))
			goto done;
		f = &fs.items[fs.n - 1];
		if (!known_field(kind, f->field)) {
			code = unknown_field(kind, f->field, 0);
			goto done;
		}
		for (j = 0; j < f->n; j++)
			if ((f->op == PMO_FILTER_EQ || f->op == PMO_FILTER_NE) &&
			    (code = check_filter_value(kind, f->field, f->values[j])))
				goto done;
	}
	if (pmo_records_list(&rs, &probs, ctx->src, kind, project, ctx->settings) < 0) {
		code = pmo_fail();
		goto done;
	}
	/* filter */
	for (j = 0, i = 0; j < rs.n; j++) {
		if (pmo_filters_match(&fs, rs.items[j]->view))
			rs.items[i++] = rs.items[j];
		else
			pmo_record_free(rs.items[j]);
	}
	rs.n = (size_t)i;
	/* sort: the last key first, each pass stable */
	if (sort) {
		char *keys[16];
		size_t nk = 0, q;
		char *p;

		if (!(sortspec = strdup(sort))) {
			code = pmo_die(1, "out of memory");
			goto done;
		}
		for (p = strtok(sortspec, ","); p && nk < 16; p = strtok(NULL, ","))
			keys[nk++] = p;
		for (q = nk; q-- > 0; ) {
			sort_desc = keys[q][0] == '-';
			sort_field = keys[q] + (keys[q][0] == '-' || keys[q][0] == '+');
			sort_schema = field_schema(kind, sort_field);
			if (!known_field(kind, sort_field)) {
				code = unknown_field(kind, sort_field, 0);
				goto done;
			}
			if ((code = sort_records(&rs)))
				goto done;
		}
	}
	if (!strcmp(format, "json")) {
		pmo_buf_printf(&out, "{\n  \"version\": 1,\n  \"kind\": \"%s\",\n  \"records\": [", kind->name);
		for (j = 0; j < rs.n; j++) {
			pmo_buf_puts(&out, j ? ",\n    " : "\n    ");
			pmo_json_node(&out, rs.items[j]->view, 2, 2);
		}
		pmo_buf_puts(&out, rs.n ? "\n  ]\n}\n" : "]\n}\n");
	} else if (!strcmp(format, "yaml")) {
		if (emit_yaml_views(&out, &rs) < 0) {
			code = pmo_fail();
			goto done;
		}
	} else {
		if (build_table(&t, kind, &rs, kind->project_scoped && !project, !strcmp(format, "csv")) < 0) {
			code = pmo_fail();
			goto done;
		}
		if (!strcmp(format, "csv"))
			pmo_table_csv(&out, t);
		else if (!strcmp(format, "md"))
			pmo_table_md(&out, t);
		else {
			pmo_table_opts o = { ctx->width, ctx->color };
			pmo_table_render(&out, t, &o);
		}
	}
	code = pmo_emit(&out);
done:
	for (j = 0; j < probs.n; j++)
		fprintf(stderr, "%s\n", probs.items[j]);
	if (probs.n && !code)
		code = 1;
	pmo_filters_free(&fs);
	free(sortspec);
	pmo_table_free(t);
	pmo_records_free(&rs);
	pmo_problems_free(&probs);
	pmo_buf_release(&out);
	return code;
}

/* --- show ------------------------------------------------------------------ */

/* A field's title in show: the schema's full title even where a list
 * header is short ("Probability", not "P"). */
static const char *show_title(const pmo_kind *kind, const char *f)
{
	const char *t;

	if (pmo_map_get(kind->headers, f) &&
	    (t = pmo_node_text(pmo_map_get(pmo_kind_prop(kind, f), "title"))))
		return t;
	return pmo_kind_header(kind, f);
}

static void show_field(pmo_buf *out, size_t w, const char *title, const pmo_node *v,
		       const char *note)
{
	char *s = pmo_node_display(v);
	size_t tw = pmo_utf8_width(title, strlen(title));
	const char *text = v ? (s ? s : "") : "-";

	pmo_buf_printf(out, "%s:", title);
	if (v && (v->kind != PMO_NODE_SCALAR || (v->tag == PMO_TAG_STR && strchr(v->str, '\n')))) {
		/* multi-line text and lists under their title, indented; lists
		 * and mappings in YAML's block form */
		pmo_buf yaml = PMO_BUF_INIT;
		const char *p = v->kind == PMO_NODE_SCALAR ? v->str : "";

		if (v->kind != PMO_NODE_SCALAR && pmo_yaml_emit(&yaml, v) == 0)
			p = pmo_buf_cstr(&yaml);
		pmo_buf_putc(out, '\n');
		while (*p) {
			const char *nl = strchr(p, '\n');
			size_t len = nl ? (size_t)(nl - p) : strlen(p);
			pmo_buf_puts(out, "    ");
			pmo_buf_put(out, p, len);
			pmo_buf_putc(out, '\n');
			p += len + (nl ? 1 : 0);
		}
		pmo_buf_release(&yaml);
	} else {
		pmo_buf_pad(out, ' ', w + 2 - tw);
		pmo_buf_puts(out, text);
		if (note)
			pmo_buf_printf(out, "  (%s)", note);
		pmo_buf_putc(out, '\n');
	}
	free(s);
}

static int verb_show(pmo_ctx *ctx, int argc, char **argv)
{
	const pmo_kind *kind = ctx->kind;
	const char *format = NULL;
	const pmo_opt opts[] = {
		OPT_STRING('f', "format", &format, "FORMAT", "text (default), json or yaml"),
		OPT_END(),
	};
	pmo_record *r = NULL;
	pmo_buf out = PMO_BUF_INIT;
	char *name = NULL;
	size_t i, w = 0;
	int code;

	if ((code = pmo_parse(ctx, &argc, argv, opts, NULL)) != PMO_GO)
		return code;
	if ((code = pmo_format(&format, ctx, format, "text,table,json,yaml", "text")))
		return code;
	if (argc != 1)
		return pmo_die(2, "%s show takes one record name, e.g. %s", kind->name,
			       kind->project_scoped ? "CBM/R-1" : "wang-li");
	if ((code = read_record(&r, ctx, argv[0])))
		return code;
	name = pmo_record_name(r);
	if (!strcmp(format, "json")) {
		pmo_buf_printf(&out, "{\n  \"version\": 1,\n  \"kind\": \"%s\",\n  \"record\": ", kind->name);
		pmo_json_node(&out, r->view, 2, 1);
		pmo_buf_puts(&out, "\n}\n");
	} else if (!strcmp(format, "yaml")) {
		pmo_yaml_emit(&out, r->view);
	} else {
		/* every field: the project, the schema's fields in order (those
		 * not set as "-"), fields the schema does not know, derived ones */
		const pmo_node *root = pmo_doc_root(r->doc);
		const char **fields = calloc(r->view->n + kind->props->n + 1, sizeof(*fields));
		size_t n = 0, j;

		if (!fields) {
			code = pmo_die(1, "out of memory");
			goto done;
		}
		if (pmo_map_get(r->view, "project"))
			fields[n++] = "project";
		for (i = 0; i < kind->props->n; i++)
			fields[n++] = kind->props->pairs[i].key->str;
		for (i = 0; i < r->view->n; i++) {
			const char *f = r->view->pairs[i].key->str;
			for (j = 0; j < n && strcmp(fields[j], f); j++)
				;
			if (j == n)
				fields[n++] = f;
		}
		for (i = 0; i < n; i++) {
			const char *h = show_title(kind, fields[i]);
			size_t hw = pmo_utf8_width(h, strlen(h));
			if (hw > w)
				w = hw;
		}
		pmo_buf_printf(&out, "%s %s\n", kind->name, name ? name : "");
		for (i = 0; i < n; i++) {
			const char *f = fields[i];
			const pmo_node *v = pmo_map_get(r->view, f);

			show_field(&out, w, show_title(kind, f), v,
				   pmo_map_get(kind->derived, f) && !pmo_map_get(root, f) ? "derived" : NULL);
		}
		free(fields);
	}
	code = pmo_emit(&out);
done:
	free(name);
	pmo_buf_release(&out);
	pmo_record_free(r);
	return code;
}

/* --- set / close ---------------------------------------------------------- */

/* Apply assignments to the record's file in place, line by line, and
 * commit. action is the commit subject's verb part. */
static int change_record(pmo_ctx *ctx, pmo_record *r, const pmo_assigns *as, const char *verbname,
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
	if ((code = check_candidate(ctx, pmo_doc_root(next), as, 2, NULL, root)))
		goto done;
	if (kind->status_field) {
		const char *from = pmo_node_text(pmo_map_get(root, kind->status_field));
		const char *to = pmo_node_text(pmo_map_get(pmo_doc_root(next), kind->status_field));
		if (pmo_workflow_check(kind, from, to) < 0) {
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
	for (i = 0; i < as->n; i++) {
		const pmo_assign *a = &as->items[i];
		const pmo_node *croot = pmo_doc_root(cur);
		pmo_doc *again = NULL;
		const pmo_node *old = pmo_map_get(croot, a->field);

		if (a->node && old && pmo_node_equal(old, a->node))
			continue;
		if (!a->node && !old)
			continue;
		pmo_buf_clear(&text);
		if (a->node)
			code = pmo_yaml_edit_map_put(&text, cur, NULL, a->field, a->node,
						     kind->props);
		else
			code = pmo_yaml_edit_remove(&text, cur, a->field);
		if (code < 0 || pmo_yaml_load(&again, display, text.ptr, text.len, NULL) < 0) {
			code = pmo_fail();
			goto done;
		}
		pmo_doc_free(cur);
		cur = again;
	}
	{
		size_t len;
		const char *bytes = pmo_doc_source(cur, &len);
		msg = commit_message(kind, name, action, verbname, body);
		if (!msg) {
			code = pmo_die(1, "out of memory");
			goto done;
		}
		code = pmo_write_and_commit(ctx, r->path, bytes, len, msg);
	}
done:
	pmo_doc_free(next);
	pmo_doc_free(cur);
	pmo_buf_release(&text);
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
	if ((code = read_record(&r, ctx, argv[0])))
		goto done;
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
	code = change_record(ctx, r, &as, "set", action.ptr, reopened ? body.ptr : NULL);
done:
	pmo_buf_release(&body);
	pmo_buf_release(&action);
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
	if ((code = read_record(&r, ctx, argv[0])))
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
	code = change_record(ctx, r, &as, "close", action.ptr, NULL);
done:
	while (na)
		free(args[--na]);
	pmo_buf_release(&action);
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
		pmo_buf_release(&cmd);
		return -1;
	}
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", cmd.ptr, editor, file, (char *)NULL);
		_exit(127);
	}
	pmo_buf_release(&cmd);
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
	if ((code = read_record(&r, ctx, argv[0])))
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
	if ((code = check_candidate(ctx, pmo_doc_root(doc), NULL, 1, tmpl,
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
		pmo_buf_release(&now);
		free(abs);
		if (!same) {
			code = pmo_die(1, "%s changed while it was being edited", r->path);
			goto kept;
		}
	}
	keep = 0;
	msg = commit_message(kind, name, action.ptr, "edit", NULL);
	code = msg ? pmo_write_and_commit(ctx, r->path, edited.ptr, edited.len, msg) : pmo_die(1, "out of memory");
	goto done;
kept:
	fprintf(stderr, "pmo: nothing changed; your edit is kept in %s\n", tmpl);
done:
	if (fd >= 0 && !keep)
		unlink(tmpl);
	free(tmpl);
	pmo_changes_free(&ch);
	pmo_buf_release(&edited);
	pmo_buf_release(&action);
	pmo_doc_free(doc);
	pmo_record_free(r);
	free(editor);
	free(name);
	free(msg);
	return code;
}

/* --- log -------------------------------------------------------------------- */

typedef struct {
	pmo_ctx *ctx;
	const char *path;
	pmo_buf *out;
	const char *format;
	size_t count;
	int error;
} log_state;

static const pmo_node *root_of(pmo_doc **doc, const char *path, const char *data, size_t len)
{
	*doc = NULL;
	if (!data)
		return NULL;
	if (pmo_yaml_load(doc, path, data, len, NULL) < 0)
		return NULL;
	return pmo_doc_root(*doc);
}

static void json_change(pmo_buf *out, const pmo_change *c)
{
	pmo_buf_puts(out, "{\"field\": ");
	pmo_json_string(out, c->field, strlen(c->field));
	pmo_buf_puts(out, ", \"old\": ");
	pmo_json_node(out, c->old, -1, 0);
	pmo_buf_puts(out, ", \"new\": ");
	pmo_json_node(out, c->new, -1, 0);
	pmo_buf_putc(out, '}');
}

static int log_entry(const pmo_history_entry *e, void *payload)
{
	log_state *st = payload;
	pmo_doc *od = NULL, *nd = NULL;
	const pmo_node *o = root_of(&od, st->path, e->old_data, e->old_len);
	const pmo_node *n = root_of(&nd, st->path, e->new_data, e->new_len);
	pmo_changes ch = { 0 };
	size_t i;

	if ((o || !e->old_data) && (n || !e->new_data))
		pmo_record_diff(&ch, st->ctx->kind, o, n);
	if (!strcmp(st->format, "json")) {
		pmo_log_commit(st->out, e->commit, !st->count, 1);
		pmo_buf_printf(st->out, ", \"event\": \"%s\", \"changes\": [",
			       e->cut ? "cut" : !e->old_data ? "created" : !e->new_data ? "deleted" : "changed");
		for (i = 0; i < ch.n; i++) {
			if (i)
				pmo_buf_puts(st->out, ", ");
			json_change(st->out, &ch.items[i]);
		}
		pmo_buf_puts(st->out, "]}");
	} else {
		pmo_log_commit(st->out, e->commit, !st->count, 0);
		if (e->cut)
			; /* said below the fields */
		else if (!e->old_data)
			pmo_buf_puts(st->out, "    created\n");
		else if (!e->new_data)
			pmo_buf_puts(st->out, "    deleted\n");
		else if ((e->old_data && !o) || (e->new_data && !n))
			pmo_buf_puts(st->out, "    (the file could not be read as YAML at this commit)\n");
		for (i = 0; i < ch.n; i++) {
			char *ov = pmo_node_display(ch.items[i].old), *nv = pmo_node_display(ch.items[i].new);
			if (!e->old_data)
				pmo_buf_printf(st->out, "    %s: %s\n", ch.items[i].field, nv ? nv : "");
			else
				pmo_buf_printf(st->out, "    %s: %s → %s\n", ch.items[i].field,
					       ch.items[i].old ? ov : "(none)",
					       ch.items[i].new ? nv : "(none)");
			free(ov);
			free(nv);
		}
		if (e->cut)
			pmo_buf_printf(st->out, "    history cut: this shallow clone has no commits before "
				       "%.7s (git fetch --unshallow gets them)\n", e->commit->id);
	}
	st->count++;
	pmo_changes_free(&ch);
	pmo_doc_free(od);
	pmo_doc_free(nd);
	return 0;
}

static int verb_log(pmo_ctx *ctx, int argc, char **argv)
{
	const pmo_kind *kind = ctx->kind;
	const char *format = NULL;
	const pmo_opt opts[] = {
		OPT_STRING('f', "format", &format, "FORMAT", "text (default) or json"),
		OPT_END(),
	};
	pmo_buf out = PMO_BUF_INIT;
	char *project = NULL, *id = NULL, *path = NULL;
	log_state st;
	int code;

	if ((code = pmo_parse(ctx, &argc, argv, opts, NULL)) != PMO_GO)
		return code;
	if ((code = pmo_format(&st.format, ctx, format, "text,table,json", "text")))
		return code;
	if (argc != 1)
		return pmo_die(2, "%s log takes one record name", kind->name);
	if (pmo_kind_parse_ref(&project, &id, kind, argv[0], ctx->project) < 0)
		return pmo_fail();
	path = pmo_kind_path(kind, project, id);
	if (!path)
		return pmo_die(1, "out of memory");
	if (pmo_source_is_link(ctx->src, path)) {
		/* its history is of a link's target name, not of a record */
		char *shown = pmo_source_display(ctx->src, path);
		code = pmo_die(1, "%s: is a symbolic link; pmo does not read or write through links",
			       shown ? shown : path);
		free(shown);
		goto done;
	}
	st.ctx = ctx;
	st.path = path;
	st.out = &out;
	st.count = 0;
	st.error = 0;
	if (!strcmp(st.format, "json")) {
		pmo_buf_printf(&out, "{\n  \"version\": 1,\n  \"kind\": \"%s\",\n  \"record\": ", kind->name);
		pmo_buf ref = PMO_BUF_INIT;
		pmo_buf_printf(&ref, "%s%s%s", project ? project : "", project ? "/" : "", id);
		pmo_json_string(&out, pmo_buf_cstr(&ref), ref.len);
		pmo_buf_release(&ref);
		pmo_buf_puts(&out, ",\n  \"history\": [");
	}
	if (pmo_repo_history(ctx->repo, path, log_entry, &st) < 0) {
		code = pmo_fail();
		goto done;
	}
	if (!st.count) {
		code = pmo_die(1, "no history for %s %s%s%s (never committed)", kind->name,
			       project ? project : "", project ? "/" : "", id);
		goto done;
	}
	if (!strcmp(st.format, "json"))
		pmo_buf_puts(&out, "\n  ]\n}\n");
	code = pmo_emit(&out);
done:
	pmo_buf_release(&out);
	free(project);
	free(id);
	free(path);
	return code;
}

/* --- dispatch ---------------------------------------------------------------- */

static const pmo_verb verbs[] = {
	{ "add", verb_add, "usage: pmo [-p KEY] %s add %s [field=value…]\n", NULL,
	  "add a record; one commit", NULL },
	{ "list", verb_list, "usage: pmo [-p KEY] %s list [field=value…] [--sort [-]FIELD] [--format FORMAT]\n", NULL,
	  "list records as a table; filters field=value (value,value for any of them; field!=value) and comparisons "
	  "field>=value, <=, >, < (numbers by value, dates in time order: due<2027-01-01), AND-ed", NULL },
	{ "show", verb_show, "usage: pmo %s show %s [--format text|json|yaml]\n", NULL,
	  "every field of one record, with derived fields", NULL },
	{ "set", verb_set, "usage: pmo %s set %s field=value…\n", NULL,
	  "change fields (field= removes one); one commit; the workflow is enforced", NULL },
	{ "edit", verb_edit, "usage: pmo %s edit %s\n", NULL,
	  "edit the record's file in $VISUAL/$EDITOR; validated on save; one commit", NULL },
	{ "close", verb_close, "usage: pmo %s close %s [--reason TEXT]\n", NULL,
	  "move to the closing status; one commit", NULL },
	{ "log", verb_log, "usage: pmo %s log %s [--format text|json]\n", NULL,
	  "the record's history from git: each change as field old → new, author, date", NULL },
};

static void kind_usage(FILE *f, const pmo_ctx *ctx)
{
	const pmo_kind *kind = ctx->kind;
	size_t i;
	const char *ref = kind->project_scoped ? "PROJECT/ID" : kind->prefix ? "ID" : "NAME";

	fprintf(f, "usage: pmo %s <verb> [<args>]\n\n", kind->name);
	fprintf(f, "%s%s\n\nverbs:\n", kind->summary ? kind->summary : "", "");
	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++) {
		if (!strcmp(verbs[i].name, "close") && !kind->close_status)
			continue;
		fprintf(f, "  %-6s %s\n", verbs[i].name, verbs[i].summary);
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
