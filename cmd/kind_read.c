/*
 * The reading verbs of every record kind: list (filters, --sort, every
 * format), show and log (a record's history in fields). Like kind.c, which
 * holds the writing verbs and the verb table, nothing here knows a
 * particular kind.
 */
#include "pmo.h"
#include "filter.h"
#include "kind_internal.h"
#include "util/utf8.h"

#include <stdlib.h>
#include <string.h>

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

/* A record's row of the list: its columns as shown, the ID as the
 * record's full name (CBM/R-1) when full_names; made on the thread that
 * read the record (list_row) or here. */
static int make_row(char **out, const pmo_kind *kind, const pmo_record *rec, int full_names)
{
	enum { MOST = 32 };
	const pmo_node *here[MOST], **values = here;
	const char *texts_here[MOST], **texts = texts_here;
	char *name = NULL;
	size_t ncols = 0, c;
	int error = 0;

	while (kind->columns[ncols])
		ncols++;
	/* a kind of many columns (a tree's own): room made for them */
	if (ncols > MOST && (!(values = calloc(ncols, sizeof(*values))) ||
			     !(texts = calloc(ncols, sizeof(*texts))))) {
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
		goto done;
	}
	for (c = 0; c < ncols && !error; c++) {
		const char *col = kind->columns[c];

		values[c] = NULL;
		texts[c] = NULL;
		if (strcmp(col, kind->id_field) || !full_names)
			values[c] = pmo_map_get(rec->view, col);
		else if (!name && !(name = pmo_record_name(rec)))
			error = pmo_error_set(PMO_ENOMEM, "out of memory");
		else
			texts[c] = name;
	}
	if (!error)
		error = pmo_table_row_of(out, values, texts, ncols);
done:
	free(name);
	if (values != here)
		free(values);
	if (texts != texts_here)
		free(texts);
	return error;
}

/* What list_row needs to know, the same for every record. */
typedef struct {
	const pmo_kind *kind;
	int full_names;
} row_of;

/* pmo_records_list_rows' row: on any thread. */
static int list_row(pmo_record *r, void *arg)
{
	const row_of *o = arg;

	return make_row(&r->row, o->kind, r, o->full_names);
}

/* The list's table; headers are the schema's short titles, or the field
 * names (field_names: CSV is read by programs, as JSON is). The rows the
 * records were read with are the table's from here on. */
static int build_table(pmo_table **out, const pmo_kind *kind, pmo_records *rs,
		       int full_names, int field_names)
{
	size_t ncols = 0, c, r;
	pmo_table *t = NULL;
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
	for (r = 0; r < rs->n; r++) {
		pmo_record *rec = rs->items[r];
		char *row = rec->row;

		/* records added after the read (ctx->more_records) have none */
		rec->row = NULL;
		if ((!row && (error = make_row(&row, kind, rec, full_names)) < 0) ||
		    (error = pmo_table_row_take(t, row)) < 0)
			goto done;
	}
done:
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
	pmo_buf_free(&b);
	return code;
}

int pmo_kind_verb_list(pmo_ctx *ctx, int argc, char **argv)
{
	const pmo_kind *kind = ctx->kind;
	const char *sort = NULL, *format = NULL, *project, *today = NULL;
	const pmo_opt opts[] = {
		OPT_STRING('s', "sort", &sort, "FIELD", "sort by FIELD, or -FIELD for descending order (several: a,-b)"),
		OPT_STRING('f', "format", &format, "FORMAT", "table (default), json, csv, yaml or md"),
		OPT_STRING(0, "today", &today, "DATE", "the date today, today+14d, today-2w count from (default today, or $PMO_TODAY)"),
		OPT_END(),
	};
	pmo_date today_date = pmo_date_today();
	pmo_records rs = { 0 };
	pmo_findings probs = { 0 };
	pmo_filters fs = { 0 };
	row_of rows;
	pmo_table *t = NULL;
	pmo_buf out = PMO_BUF_INIT;
	int code = 0, i;
	size_t j;
	char *sortspec = NULL;

	if ((code = pmo_parse(ctx, &argc, argv, opts, NULL)) != PMO_GO)
		return code;
	pmo_pager_start(ctx);
	code = 0;
	project = kind->project_scoped ? ctx->project : NULL;
	if ((code = pmo_format(&format, ctx, format, "table,json,csv,yaml,md", "table")))
		goto done;
	if (today && pmo_date_parse(&today_date, today, strlen(today)) < 0) {
		code = pmo_die(2, "--today takes a date YYYY-MM-DD, not \"%s\"", today);
		goto done;
	}
	if (project && (code = pmo_check_project(ctx, project)))
		goto done;
	/* the filters of cmd/filter.c: =, !=, comparisons (due<today+14d), ~ */
	for (i = 0; i < argc; i++) {
		pmo_filter *f;
		if ((code = pmo_filter_add(&fs, argv[i])))
			goto done;
		f = &fs.items[fs.n - 1];
		if (!known_field(kind, f->field)) {
			code = pmo_kind_unknown_field(kind, f->field, 0);
			goto done;
		}
		if ((code = pmo_filter_type(f, pmo_value_type_of(field_schema(kind, f->field)), today_date)))
			goto done;
		for (j = 0; j < f->n; j++)
			if ((f->op == PMO_FILTER_EQ || f->op == PMO_FILTER_NE) &&
			    (code = check_filter_value(kind, f->field, f->values[j])))
				goto done;
	}
	/* a table's rows are made where the records are read, on every core */
	rows.kind = kind;
	rows.full_names = kind->project_scoped && !project;
	if (pmo_records_list_rows(&rs, &probs, ctx->src, kind, project, ctx->settings,
				  strcmp(format, "json") && strcmp(format, "yaml") ? list_row : NULL,
				  &rows) < 0) {
		code = pmo_fail();
		goto done;
	}
	if (ctx->more_records && (code = ctx->more_records(ctx, &rs, project)))
		goto done;
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
				code = pmo_kind_unknown_field(kind, sort_field, 0);
				goto done;
			}
			if ((code = sort_records(&rs)))
				goto done;
		}
	}
	if (!strcmp(format, "json")) {
		pmo_buf_puts(&out, "{\n  \"version\": 1,\n  \"kind\": ");
		pmo_json_cstr(&out, kind->name);
		pmo_buf_puts(&out, ",\n  \"records\": [");
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
		pmo_emit_table(&out, ctx, t, format);
	}
	code = pmo_emit(&out);
done:
	code = pmo_print_problems(&probs, code);
	pmo_filters_free(&fs);
	free(sortspec);
	pmo_table_free(t);
	pmo_records_free(&rs);
	pmo_findings_free(&probs);
	pmo_buf_free(&out);
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

/* Lines of text under a title, each after prefix (the first) or as many
 * spaces (the others). */
static void put_lines(pmo_buf *out, const char *p, const char *prefix)
{
	size_t pw = strlen(prefix);
	int first = 1;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (first)
			pmo_buf_puts(out, prefix);
		else
			pmo_buf_pad(out, ' ', pw);
		pmo_buf_put(out, p, len);
		pmo_buf_putc(out, '\n');
		p += len + (nl ? 1 : 0);
		first = 0;
	}
}

/* A list of objects numbered from 1, as field.N.sub=value counts them:
 * "    1. statement: …". 1 when v is such a list and was written. */
static int show_objects(pmo_buf *out, const pmo_node *v)
{
	pmo_buf yaml = PMO_BUF_INIT, num = PMO_BUF_INIT;
	size_t k;

	if (v->kind != PMO_NODE_SEQ || !v->n)
		return 0;
	for (k = 0; k < v->n; k++)
		if (v->items[k]->kind != PMO_NODE_MAP)
			return 0;
	pmo_buf_putc(out, '\n');
	for (k = 0; k < v->n; k++) {
		pmo_buf_clear(&yaml);
		pmo_buf_clear(&num);
		pmo_buf_printf(&num, "    %zu. ", k + 1);
		if (pmo_yaml_emit(&yaml, v->items[k]) == 0)
			put_lines(out, pmo_buf_cstr(&yaml), pmo_buf_cstr(&num));
	}
	pmo_buf_free(&yaml);
	pmo_buf_free(&num);
	return 1;
}

static void show_field(pmo_buf *out, size_t w, const char *title, const pmo_node *v,
		       const char *note)
{
	char *s = pmo_node_display(v);
	size_t tw = pmo_utf8_width(title, strlen(title));
	const char *text = v ? (s ? s : "") : "-";

	pmo_buf_printf(out, "%s:", title);
	if (v && show_objects(out, v)) {
		free(s);
		return;
	}
	if (v && (v->kind != PMO_NODE_SCALAR || (v->tag == PMO_TAG_STR && strchr(v->str, '\n')))) {
		/* multi-line text and lists under their title, indented; lists
		 * and mappings in YAML's block form */
		pmo_buf yaml = PMO_BUF_INIT;
		const char *p = v->kind == PMO_NODE_SCALAR ? v->str : "";

		if (v->kind != PMO_NODE_SCALAR && pmo_yaml_emit(&yaml, v) == 0)
			p = pmo_buf_cstr(&yaml);
		pmo_buf_putc(out, '\n');
		put_lines(out, p, "    ");
		pmo_buf_free(&yaml);
	} else {
		pmo_buf_pad(out, ' ', w + 2 - tw);
		pmo_buf_puts(out, text);
		if (note)
			pmo_buf_printf(out, "  (%s)", note);
		pmo_buf_putc(out, '\n');
	}
	free(s);
}

int pmo_kind_verb_show(pmo_ctx *ctx, int argc, char **argv)
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
	if ((code = pmo_kind_read_record(&r, ctx, argv[0])))
		return code;
	name = pmo_record_name(r);
	if (!strcmp(format, "json")) {
		pmo_buf_puts(&out, "{\n  \"version\": 1,\n  \"kind\": ");
		pmo_json_cstr(&out, kind->name);
		pmo_buf_puts(&out, ",\n  \"record\": ");
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
	pmo_buf_free(&out);
	pmo_record_free(r);
	return code;
}

/* --- log -------------------------------------------------------------------- */

/* One entry of a log: a commit of the record or of a file it names. */
typedef struct {
	int64_t time;
	char *commit;
	pmo_buf text;
} log_item;

typedef struct {
	log_item *items;
	size_t n;
} log_items;

typedef struct {
	pmo_ctx *ctx;
	const char *path;
	pmo_buf *out;
	const char *format;
	size_t count;
	int error;
	log_items *into;    /* where each entry goes */
	const char *field;  /* file entries: the field that names the file */
	const log_items *record; /* file entries: the record's, to join one commit */
} log_state;

/* A new entry for commit c in st->into; st->out is its text. */
static int log_item_new(log_state *st, const pmo_commit_info *c)
{
	log_items *l = st->into;
	log_item *v = realloc(l->items, (l->n + 1) * sizeof(*v));

	if (!v)
		return -1;
	l->items = v;
	v = &l->items[l->n];
	memset(v, 0, sizeof(*v));
	v->time = c->author_time;
	if (!(v->commit = strdup(c->id)))
		return -1;
	l->n++;
	st->out = &v->text;
	return 0;
}

static void log_items_free(log_items *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->items[i].commit);
		pmo_buf_free(&l->items[i].text);
	}
	free(l->items);
}

/* A commit of a file the record names (a document's revision). */
static int file_entry(const pmo_history_entry *e, void *payload)
{
	log_state *st = payload;
	const char *event = e->cut ? "cut" : !e->old_data ? "created" : !e->new_data ? "deleted"
				   : "revised";
	size_t i;

	if (strcmp(st->format, "json")) {
		/* a commit that changed the record too: one entry */
		for (i = 0; i < st->record->n; i++)
			if (!strcmp(st->record->items[i].commit, e->commit->id)) {
				pmo_buf_printf(&st->record->items[i].text, "    %s: %s %s\n", st->field,
					       st->path, event);
				return 0;
			}
	}
	if (log_item_new(st, e->commit) < 0)
		return PMO_ENOMEM;
	if (!strcmp(st->format, "json")) {
		pmo_log_commit(st->out, e->commit, 1, 1);
		pmo_json_member(st->out, "event", event, 1);
		pmo_json_member(st->out, "field", st->field, 1);
		pmo_json_member(st->out, "file", st->path, 1);
		pmo_buf_puts(st->out, ", \"changes\": []}");
	} else {
		pmo_log_commit(st->out, e->commit, 1, 0);
		pmo_buf_printf(st->out, "    %s: %s %s\n", st->field, st->path, event);
		if (e->cut)
			pmo_log_cut(st->out, e->commit);
	}
	return 0;
}

/* The record's entries and those of the files it names (x-pmo refs to
 * "file"), newest first, into out. */
static int log_files(log_items *files, log_state *st, const log_items *record,
		     const char *project, const char *id)
{
	const pmo_kind *kind = st->ctx->kind;
	pmo_record *r = NULL;
	size_t i;
	int error = 0, any = 0;

	for (i = 0; kind->refs && i < kind->refs->n; i++)
		any |= pmo_node_text(kind->refs->pairs[i].value) &&
		       !strcmp(pmo_node_text(kind->refs->pairs[i].value), "file");
	if (!any)
		return 0;
	if (pmo_record_read(&r, st->ctx->src, kind, project, id, st->ctx->settings) < 0) {
		pmo_error_clear(); /* a record deleted since: its own history says so */
		return 0;
	}
	for (i = 0; i < kind->refs->n && error >= 0; i++) {
		const char *target = pmo_node_text(kind->refs->pairs[i].value);
		const char *file = pmo_node_text(pmo_map_get(pmo_doc_root(r->doc),
							     kind->refs->pairs[i].key->str));

		if (!target || strcmp(target, "file") || !file || pmo_source_is_link(st->ctx->src, file))
			continue;
		st->into = files;
		st->record = record;
		st->field = kind->refs->pairs[i].key->str;
		st->path = file;
		error = pmo_repo_history(st->ctx->repo, file, file_entry, st);
	}
	pmo_record_free(r);
	return error;
}

/* Both lists, newest first (each already is), one after the other in out. */
static void log_join(pmo_buf *out, const log_items *a, const log_items *b, int json)
{
	size_t i = 0, j = 0, n = 0;

	while (i < a->n || j < b->n) {
		const log_item *it = j >= b->n || (i < a->n && a->items[i].time >= b->items[j].time)
				     ? &a->items[i++] : &b->items[j++];
		if (n++)
			pmo_buf_puts(out, json ? "," : "\n");
		pmo_buf_puts(out, pmo_buf_cstr((pmo_buf *)&it->text));
	}
}

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

	if (log_item_new(st, e->commit) < 0) {
		pmo_doc_free(od);
		pmo_doc_free(nd);
		return PMO_ENOMEM;
	}
	if ((o || !e->old_data) && (n || !e->new_data))
		pmo_record_diff(&ch, st->ctx->kind, o, n);
	if (!strcmp(st->format, "json")) {
		pmo_log_commit(st->out, e->commit, 1, 1);
		pmo_json_member(st->out, "event",
				e->cut ? "cut" : !e->old_data ? "created" : !e->new_data ? "deleted" : "changed", 1);
		pmo_buf_puts(st->out, ", \"changes\": [");
		for (i = 0; i < ch.n; i++) {
			if (i)
				pmo_buf_puts(st->out, ", ");
			json_change(st->out, &ch.items[i]);
		}
		pmo_buf_puts(st->out, "]}");
	} else {
		pmo_log_commit(st->out, e->commit, 1, 0);
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
			pmo_log_cut(st->out, e->commit);
	}
	st->count++;
	pmo_changes_free(&ch);
	pmo_doc_free(od);
	pmo_doc_free(nd);
	return 0;
}

int pmo_kind_verb_log(pmo_ctx *ctx, int argc, char **argv)
{
	const pmo_kind *kind = ctx->kind;
	const char *format = NULL;
	const pmo_opt opts[] = {
		OPT_STRING('f', "format", &format, "FORMAT", "text (default) or json"),
		OPT_END(),
	};
	pmo_buf out = PMO_BUF_INIT;
	char *project = NULL, *id = NULL, *path = NULL;
	log_items record = { 0 }, files = { 0 };
	log_state st;
	int code;

	if ((code = pmo_parse(ctx, &argc, argv, opts, NULL)) != PMO_GO)
		return code;
	pmo_pager_start(ctx);
	if ((code = pmo_format(&st.format, ctx, format, "text,table,json", "text")))
		return code;
	if (argc != 1)
		return pmo_die(2, "%s log takes one record name", kind->name);
	if (pmo_kind_find_ref(&project, &id, ctx->src, kind, argv[0], ctx->project) < 0)
		return pmo_fail();
	if (pmo_kind_path(&path, kind, project, id) < 0) {
		code = pmo_fail();
		goto done;
	}
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
	st.into = &record;
	st.field = NULL;
	st.record = NULL;
	if (!strcmp(st.format, "json")) {
		pmo_buf_puts(&out, "{\n  \"version\": 1,\n  \"kind\": ");
		pmo_json_cstr(&out, kind->name);
		pmo_buf_puts(&out, ",\n  \"record\": ");
		pmo_buf ref = PMO_BUF_INIT;
		pmo_buf_printf(&ref, "%s%s%s", project ? project : "", project ? "/" : "", id);
		pmo_json_string(&out, pmo_buf_cstr(&ref), ref.len);
		pmo_buf_free(&ref);
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
	if (log_files(&files, &st, &record, project, id) < 0) {
		code = pmo_fail();
		goto done;
	}
	log_join(&out, &record, &files, !strcmp(st.format, "json"));
	if (!strcmp(st.format, "json"))
		pmo_buf_puts(&out, "\n  ]\n}\n");
	code = pmo_emit(&out);
done:
	log_items_free(&record);
	log_items_free(&files);
	pmo_buf_free(&out);
	free(project);
	free(id);
	free(path);
	return code;
}
