/*
 * Budgets and expenses: projects/<KEY>/budget.yaml (lib/model/budget.h).
 *
 *   pmo -p CBM budget add TITLE planned=AMOUNT [category=…] [contract=CT-n]
 *   pmo -p CBM expense add AMOUNT [line=B-n] [date=…] [vendor=V-n] [invoice=…] [task=T-n]
 *   pmo -p CBM budget set B-n field=value…   (and expense set E-n …)
 *   pmo -p CBM budget [show]     lines: planned, committed, spent, remaining, % used; totals
 *   pmo budget [show]            every project, with the portfolio's totals
 *
 * An add appends one item to its list by a minimal edit (comments and
 * everything else in the file kept byte for byte), with the next free ID
 * of the list (the largest B-n or E-n there plus one: an ID removed by
 * hand from the end of the list is given again, as the file is the only
 * record of it), checked against schemas/budget.json and its references
 * before anything is written; one commit each. A set changes only the
 * lines of its item's fields, by minimal edits, with the same field=value
 * rules and checks as add (the fields it changes must name what exists).
 */
#include "pmo.h"
#include "model/budget.h"

#include <stdlib.h>
#include <string.h>

/* One of budget.yaml's two lists. */
typedef struct {
	const char *family;  /* the command family and the commit's first word: "budget" */
	const char *list;    /* its key: "lines" */
	const char *def;     /* its items' definition in the schema: "line" */
	const char *prefix;  /* "B" */
	const char *what;    /* "budget line" */
	const char *command; /* "budget add" */
	const char *first;   /* the field the first argument gives: "title" */
	const char *title;   /* the field that names an item in the commit: "title" */
} entry_kind;

static const entry_kind line_kind = { "budget", "lines", "line", "B", "budget line", "budget add", "title",
				      "title" };
static const entry_kind expense_kind = { "expense", "expenses", "expense", "E", "expense", "expense add",
					 "amount", "amount" };

static const pmo_node *entry_props(pmo_ctx *ctx, const entry_kind *ek)
{
	pmo_schema *s = pmo_model_schema(ctx->model, "budget");
	const pmo_node *root = s ? pmo_schema_root(s) : NULL;

	return pmo_map_get(pmo_map_get(pmo_map_get(root, "definitions"), ek->def), "properties");
}

/* field=value arguments typed by the item's schema, resolved against the
 * item they change (NULL for a new one); a field the schema has not is
 * refused naming the fields there are. */
static int parse_fields(pmo_assigns *out, const pmo_node *props, const entry_kind *ek, char **args, size_t n,
			const pmo_node *item)
{
	pmo_kind kind;
	pmo_buf names = PMO_BUF_INIT;
	size_t i, j;
	int code = 0;

	for (i = 0; i < n; i++) {
		size_t len = pmo_assign_field_len(args[i]);
		if (!len)
			return pmo_die(2, "expected field=value, not \"%s\"", args[i]);
		if (!pmo_props_has_field(props, args[i], len) || (len == 2 && !memcmp(args[i], "id", 2))) {
			for (j = 0; j < props->n; j++)
				if (strcmp(props->pairs[j].key->str, "id"))
					pmo_buf_printf(&names, "%s%s", names.len ? ", " : "", props->pairs[j].key->str);
			code = pmo_die(2, "%.*s: %s %s has no such field; its fields: %s", (int)len, args[i],
				       ek == &line_kind ? "a" : "an", ek->what, pmo_buf_cstr(&names));
			pmo_buf_free(&names);
			return code;
		}
	}
	memset(&kind, 0, sizeof(kind));
	kind.name = ek->what;
	kind.props = props;
	if (pmo_assigns_parse(out, &kind, args, n) < 0 || pmo_assigns_resolve(out, NULL, item) < 0)
		return pmo_fail();
	return 0;
}

/* The next free ID of the list: its largest number plus one. */
static char *next_id(const pmo_budget *b, const entry_kind *ek)
{
	pmo_buf id = PMO_BUF_INIT;
	size_t i, n = ek == &line_kind ? b->nlines : b->nexpenses, plen = strlen(ek->prefix);
	long max = 0;

	for (i = 0; i < n; i++) {
		const char *s = ek == &line_kind ? b->lines[i].id : b->expenses[i].id;
		long v;
		if (!s || strncmp(s, ek->prefix, plen) || s[plen] != '-')
			continue;
		v = strtol(s + plen + 1, NULL, 10);
		if (v > max)
			max = v;
	}
	pmo_buf_printf(&id, "%s-%ld", ek->prefix, max + 1);
	return pmo_buf_detach(&id);
}

/* The new item: id, then the fields in schema order. */
static pmo_node *build_item(pmo_doc *doc, const pmo_node *props, const char *id, const pmo_assigns *as)
{
	pmo_node *map = pmo_node_map(doc);
	size_t i;

	if (!map || pmo_map_append(doc, map, pmo_node_str(doc, "id"), pmo_node_str(doc, id)) < 0)
		return NULL;
	for (i = 0; i < props->n; i++) {
		const pmo_assign *a = pmo_assigns_get(as, props->pairs[i].key->str);
		if (!a || !a->node || !strcmp(props->pairs[i].key->str, "id"))
			continue;
		if (pmo_map_append(doc, map, pmo_node_str(doc, a->field), pmo_node_copy(doc, a->node)) < 0)
			return NULL;
	}
	return map;
}

/* The item against the schema (alone in its list), as "field: what is
 * wrong" (exit 2). */
static int check_schema(pmo_ctx *ctx, const entry_kind *ek, const pmo_node *item)
{
	pmo_findings res = { 0 };
	pmo_doc *doc = NULL;
	pmo_node *root, *seq;
	int code = 0;

	if (pmo_doc_new(&doc) < 0 || !(root = pmo_node_map(doc)) || !(seq = pmo_node_seq(doc)) ||
	    pmo_seq_append(doc, seq, pmo_node_copy(doc, item)) < 0 ||
	    pmo_map_append(doc, root, pmo_node_str(doc, ek->list), seq) < 0) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	if (pmo_schema_validate(&res, pmo_model_schema(ctx->model, "budget"), root) < 0) {
		code = pmo_fail();
		goto done;
	}
	if (res.n) {
		const char *loc = res.items[0].location ? res.items[0].location : "";
		const char *dot = strchr(loc, '.');
		code = pmo_die(2, "%s%s%s", dot ? dot + 1 : "", dot ? ": " : "", res.items[0].message);
	}
done:
	pmo_findings_free(&res);
	pmo_doc_free(doc);
	return code;
}

/* Each field of the item that names something (of only, when not NULL:
 * the fields a set changes): it must be there. */
static int check_refs(pmo_ctx *ctx, const char *project, const pmo_budget *b, const pmo_node *item,
		      const pmo_assigns *only)
{
	static const char *const refs[][2] = { { "contract", "contract" }, { "vendor", "vendor" }, { "task", "task" } };
	const char *line = pmo_node_text(pmo_map_get(item, "line"));
	size_t i;

	if (line && (!only || pmo_assigns_get(only, "line")) && !pmo_budget_line_find(b, line)) {
		char *path = pmo_budget_path(project);
		int code = pmo_die(2, "line: no budget line \"%s\" in %s", line, path ? path : "budget.yaml");
		free(path);
		return code;
	}
	for (i = 0; i < sizeof(refs) / sizeof(refs[0]); i++) {
		const char *v = pmo_node_text(pmo_map_get(item, refs[i][0]));
		int error;

		if (only && !pmo_assigns_get(only, refs[i][0]))
			continue;
		if (v && (error = pmo_budget_ref(ctx->model, ctx->src, project, refs[i][0], refs[i][1], v)) < 0)
			return error == PMO_EINVALID ? (pmo_fail(), 2) : pmo_fail();
	}
	return 0;
}

/* The file with item appended to its list: a minimal edit of the file
 * there is, or a new file. */
static int new_text(pmo_buf *out, const pmo_budget *b, const entry_kind *ek, pmo_doc *doc, pmo_node *item)
{
	const pmo_node *root = b->doc ? pmo_doc_root(b->doc) : NULL;
	const pmo_node *seq = pmo_map_get(root, ek->list);
	pmo_node *list;

	if (seq && seq->kind == PMO_NODE_SEQ && seq->n && seq->style == PMO_STYLE_BLOCK)
		return pmo_yaml_edit_seq_append(out, b->doc, seq, item);
	if (!(list = pmo_node_seq(doc)) || pmo_seq_append(doc, list, item) < 0)
		return pmo_error_set_oom();
	if (root && root->kind == PMO_NODE_MAP && root->n)
		return pmo_yaml_edit_set(out, b->doc, ek->list, list, ek == &expense_kind ? "lines" : NULL);
	{
		pmo_node *map = pmo_node_map(doc);
		if (!map || pmo_map_append(doc, map, pmo_node_str(doc, ek->list), list) < 0)
			return pmo_error_set_oom();
		return pmo_yaml_emit(out, map);
	}
}

static int entry_add(pmo_ctx *ctx, int argc, char **argv, const entry_kind *ek)
{
	const pmo_node *props;
	const char *project;
	pmo_budget *b = NULL;
	pmo_assigns as = { 0 };
	pmo_doc *doc = NULL;
	pmo_node *item;
	pmo_buf text = PMO_BUF_INIT, msg = PMO_BUF_INIT, first = PMO_BUF_INIT, date = PMO_BUF_INIT;
	char **args = NULL, *id = NULL, *path = NULL;
	size_t n = 0;
	int k, code;

	if ((code = pmo_parse(ctx, &argc, argv, NULL, NULL)) != PMO_GO)
		return code;
	if (!(props = entry_props(ctx, ek)))
		return pmo_die(1, "the budget schema has no %s definition", ek->def);
	if (pmo_take_title(argc, argv, pmo_props_has_field, props, ek->first) < 0)
		return pmo_die(2, "%s needs %s %s: the first argument that is not field=value; see 'pmo %s -h'",
			       ek->command, ek == &line_kind ? "a" : "an", ek->first, ek->command);
	if ((code = pmo_need_project(&project, ctx)) || (code = pmo_check_project(ctx, project)))
		return code;
	if (pmo_text_check(ek->first, argv[0]) < 0)
		return pmo_fail();
	if (!(args = calloc((size_t)argc + 2, sizeof(*args))))
		return pmo_die(1, "out of memory");
	pmo_buf_printf(&first, "%s=%s", ek->first, argv[0]);
	args[n++] = first.ptr;
	for (k = 1; k < argc; k++)
		args[n++] = argv[k];
	if (ek == &expense_kind) {
		/* an expense is dated: today unless date= says when */
		char day[11];
		for (k = 1; k < argc && strncmp(argv[k], "date=", 5); k++)
			;
		if (k == argc) {
			pmo_buf_printf(&date, "date=%s", pmo_date_format(day, pmo_date_today()));
			args[n++] = date.ptr;
		}
	}
	if ((code = parse_fields(&as, props, ek, args, n, NULL)))
		goto done;
	if (pmo_repo_check_mutable(ctx->repo) < 0 || pmo_repo_lock(ctx->repo) < 0 ||
	    pmo_budget_load(&b, ctx->src, project, &ctx->settings->money) < 0) {
		code = pmo_fail();
		goto done;
	}
	if (!(id = next_id(b, ek)) || !(path = pmo_budget_path(project)) || pmo_doc_new(&doc) < 0 ||
	    !(item = build_item(doc, props, id, &as))) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	if ((code = check_schema(ctx, ek, item)) || (code = check_refs(ctx, project, b, item, NULL)))
		goto done;
	if (new_text(&text, b, ek, doc, item) < 0) {
		code = pmo_fail();
		goto done;
	}
	if ((code = pmo_begin_change(ctx, (const char *const[]){ path }, 1)))
		goto done;
	pmo_buf_printf(&msg, "%s %s/%s: add %s\n\nPmo-Command: %s\nPmo-Record: %s/%s\n", ek->family, project, id,
		       pmo_node_text(pmo_map_get(item, ek->title)), ek->command, project, id);
	code = pmo_write_and_commit(ctx, path, text.ptr, text.len, msg.ptr);
done:
	pmo_budget_free(b);
	pmo_assigns_free(&as);
	pmo_doc_free(doc);
	pmo_buf_free(&text);
	pmo_buf_free(&msg);
	pmo_buf_free(&first);
	pmo_buf_free(&date);
	free(args);
	free(id);
	free(path);
	return code;
}

static int budget_add(pmo_ctx *ctx, int argc, char **argv)
{
	return entry_add(ctx, argc, argv, &line_kind);
}

static int expense_add(pmo_ctx *ctx, int argc, char **argv)
{
	return entry_add(ctx, argc, argv, &expense_kind);
}

/* --- set ---------------------------------------------------------------------- */

/* The item with that ID in its list of doc's budget, or NULL. */
static const pmo_node *find_item(const pmo_doc *doc, const entry_kind *ek, const char *id)
{
	const pmo_node *seq = pmo_map_get(doc ? pmo_doc_root(doc) : NULL, ek->list);
	size_t i;

	for (i = 0; seq && seq->kind == PMO_NODE_SEQ && i < seq->n; i++) {
		const char *v = pmo_node_text(pmo_map_get(seq->items[i], "id"));
		if (seq->items[i]->kind == PMO_NODE_MAP && v && !strcmp(v, id))
			return seq->items[i];
	}
	return NULL;
}

/* Whether as changes anything of item. */
static int changes_item(const pmo_assigns *as, const pmo_node *item)
{
	size_t i;

	for (i = 0; i < as->n; i++) {
		const pmo_node *old = pmo_map_get(item, as->items[i].field);
		if (as->items[i].node ? !old || !pmo_node_equal(old, as->items[i].node) : old != NULL)
			return 1;
	}
	return 0;
}

/* The file with as applied to the item id by minimal edits, one field at a
 * time, each on the previous result: comments and the rest of the file kept. */
static int edit_item(pmo_buf *out, const pmo_budget *b, const entry_kind *ek, const char *id,
		     const pmo_node *props, const pmo_assigns *as, const char *display)
{
	pmo_doc *cur = NULL, *again;
	pmo_buf step = PMO_BUF_INIT;
	const char *src;
	size_t i, len;
	int error;

	src = pmo_doc_source(b->doc, &len);
	if ((error = pmo_yaml_load(&cur, display, src, len, NULL)) < 0)
		return error;
	for (i = 0; i < as->n; i++) {
		const pmo_assign *a = &as->items[i];
		const pmo_node *item = find_item(cur, ek, id);

		if (!item)
			break;
		pmo_buf_clear(&step);
		if (a->node)
			error = pmo_yaml_edit_map_put(&step, cur, item, a->field, a->node, props);
		else if (pmo_map_get(item, a->field))
			error = pmo_yaml_edit_map_remove(&step, cur, item, a->field);
		else
			continue;
		again = NULL;
		if (error < 0 || (error = pmo_yaml_load(&again, display, step.ptr, step.len, NULL)) < 0)
			goto done;
		pmo_doc_free(cur);
		cur = again;
	}
	src = pmo_doc_source(cur, &len);
	error = pmo_buf_put(out, src, len);
done:
	pmo_doc_free(cur);
	pmo_buf_free(&step);
	return error;
}

static int entry_set(pmo_ctx *ctx, int argc, char **argv, const entry_kind *ek)
{
	const pmo_node *props, *item;
	const char *project;
	pmo_budget *b = NULL;
	pmo_assigns as = { 0 };
	pmo_doc *next = NULL;
	pmo_kind kind;
	pmo_buf text = PMO_BUF_INIT, msg = PMO_BUF_INIT;
	char *path = NULL, *display = NULL;
	int k, code;

	if ((code = pmo_parse(ctx, &argc, argv, NULL, NULL)) != PMO_GO)
		return code;
	if (!(props = entry_props(ctx, ek)))
		return pmo_die(1, "the budget schema has no %s definition", ek->def);
	if (argc < 2)
		return pmo_die(2, "%s set needs %s %s-n and field=value; see 'pmo %s set -h'", ek->family,
			       ek == &line_kind ? "a" : "an", ek->prefix, ek->family);
	if ((code = pmo_need_project(&project, ctx)) || (code = pmo_check_project(ctx, project)))
		return code;
	for (k = 1; k < argc; k++)
		if (pmo_assign_field_len(argv[k]) == 2 && !strncmp(argv[k], "id", 2))
			return pmo_die(2, "id: the ID of %s/%s cannot change", project, argv[0]);
	/* the lock before reading: a read-modify-write must not race another pmo */
	if (pmo_repo_check_mutable(ctx->repo) < 0 || pmo_repo_lock(ctx->repo) < 0 ||
	    pmo_budget_load(&b, ctx->src, project, &ctx->settings->money) < 0) {
		code = pmo_fail();
		goto done;
	}
	if (!(path = pmo_budget_path(project)) || !(display = pmo_source_display(ctx->src, path))) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	if (!(item = find_item(b->doc, ek, argv[0]))) {
		code = pmo_die(1, "no %s \"%s\" in %s", ek->what, argv[0], path);
		goto done;
	}
	if ((code = parse_fields(&as, props, ek, argv + 1, (size_t)argc - 1, item)))
		goto done;
	memset(&kind, 0, sizeof(kind));
	kind.name = ek->what;
	kind.props = props;
	if (pmo_record_apply(&next, &kind, item, &as) < 0) {
		code = pmo_fail();
		goto done;
	}
	if ((code = check_schema(ctx, ek, pmo_doc_root(next))) ||
	    (code = check_refs(ctx, project, b, pmo_doc_root(next), &as)))
		goto done;
	if (!changes_item(&as, item)) {
		fprintf(stderr, "pmo: nothing to change: %s/%s already has these values\n", project, argv[0]);
		goto done;
	}
	if ((code = pmo_begin_change(ctx, (const char *const[]){ path }, 1)))
		goto done;
	if (edit_item(&text, b, ek, argv[0], props, &as, display) < 0) {
		code = pmo_fail();
		goto done;
	}
	pmo_buf_printf(&msg, "%s %s/%s: set ", ek->family, project, argv[0]);
	for (k = 1; k < argc; k++)
		pmo_buf_printf(&msg, "%s%s", k > 1 ? ", " : "", argv[k]);
	pmo_buf_printf(&msg, "\n\nPmo-Command: %s set\nPmo-Record: %s/%s\n", ek->family, project, argv[0]);
	code = pmo_write_and_commit(ctx, path, text.ptr, text.len, msg.ptr);
done:
	pmo_budget_free(b);
	pmo_assigns_free(&as);
	pmo_doc_free(next);
	pmo_buf_free(&text);
	pmo_buf_free(&msg);
	free(path);
	free(display);
	return code;
}

static int budget_set(pmo_ctx *ctx, int argc, char **argv)
{
	return entry_set(ctx, argc, argv, &line_kind);
}

static int expense_set(pmo_ctx *ctx, int argc, char **argv)
{
	return entry_set(ctx, argc, argv, &expense_kind);
}

/* --- the report ---------------------------------------------------------------- */

typedef struct {
	pmo_ctx *ctx;
	const pmo_currency *c;
	const char *format;
	int grouped;          /* amounts with thousands separators (table, md) */
	pmo_table *t;
	pmo_buf json;
	int rows;             /* JSON objects written to the current list */
} report;

/* spent / planned as a percentage with two decimals ("29.67%"), "" when
 * nothing is planned */
static void percent(char buf[PMO_MONEY_BUFSZ], const pmo_budget_sums *s)
{
	pmo_dec d = s->used;

	if (!s->has_used) {
		buf[0] = '\0';
		return;
	}
	d.scale -= 2; /* × 100: 0.2967 → 29.67 */
	pmo_dec_format(buf, d);
	strcat(buf, "%");
}

/* One row: the leading cells (ID, title, category or the project), then
 * the figures. */
static int put_row(report *r, const char *const *lead, size_t nlead, const char *const *keys,
		   const pmo_budget_sums *s)
{
	char m[4][PMO_MONEY_BUFSZ], pc[PMO_MONEY_BUFSZ + 1];
	const char *cells[12];
	size_t i;

	pmo_money_format(m[0], s->planned, r->c, r->grouped);
	pmo_money_format(m[1], s->committed, r->c, r->grouped);
	pmo_money_format(m[2], s->spent, r->c, r->grouped);
	pmo_money_format(m[3], s->remaining, r->c, r->grouped);
	if (r->t) {
		percent(pc, s);
		for (i = 0; i < nlead; i++)
			cells[i] = lead[i] ? lead[i] : "";
		for (i = 0; i < 4; i++)
			cells[nlead + i] = m[i];
		cells[nlead + 4] = pc;
		return pmo_table_row(r->t, cells);
	}
	/* an item of a list, or (keys NULL) an object of its own */
	pmo_buf_puts(&r->json, !keys ? "{" : r->rows++ ? ",\n    {" : "\n    {");
	for (i = 0; i < nlead; i++)
		pmo_json_member(&r->json, keys[i], lead[i], i > 0);
	pmo_json_member(&r->json, "planned", m[0], nlead > 0);
	pmo_json_member(&r->json, "committed", m[1], 1);
	pmo_json_member(&r->json, "spent", m[2], 1);
	pmo_json_member(&r->json, "remaining", m[3], 1);
	pmo_buf_puts(&r->json, ", \"used\": ");
	if (s->has_used) {
		char d[PMO_MONEY_BUFSZ];
		pmo_buf_puts(&r->json, pmo_dec_format(d, s->used));
	} else {
		pmo_buf_puts(&r->json, "null");
	}
	return pmo_buf_puts(&r->json, "}");
}

static int table_new(report *r, const char *const *lead, size_t nlead)
{
	static const char *const figures[] = { "Planned", "Committed", "Spent", "Remaining", "% used" };
	size_t i;

	if (pmo_table_new(&r->t, nlead + 5) < 0)
		return -1;
	for (i = 0; i < nlead; i++)
		pmo_table_header(r->t, i, lead[i]);
	for (i = 0; i < 5; i++) {
		pmo_table_header(r->t, nlead + i, figures[i]);
		pmo_table_right(r->t, nlead + i);
	}
	return 0;
}

static int project_report(report *r, const char *project)
{
	static const char *const lead[] = { "ID", "Title", "Category" };
	static const char *const keys[] = { "id", "title", "category" };
	pmo_budget *b = NULL;
	pmo_budget_report *rep = NULL;
	size_t i;
	int code = 0;

	if (pmo_budget_load(&b, r->ctx->src, project, r->c) < 0 ||
	    pmo_budget_report_make(&rep, b, r->ctx->src, r->ctx->model, r->c) < 0) {
		code = pmo_fail();
		goto done;
	}
	if (r->t || strcmp(r->format, "json")) {
		if (table_new(r, lead, 3) < 0) {
			code = pmo_die(1, "out of memory");
			goto done;
		}
	} else {
		pmo_buf_puts(&r->json, "{\n  ");
		pmo_json_member(&r->json, "project", project, 0);
		pmo_json_member(&r->json, "currency", r->c->code, 1);
		pmo_buf_puts(&r->json, ",\n  \"lines\": [");
	}
	for (i = 0; i < b->nlines; i++) {
		const pmo_budget_line *l = &b->lines[i];
		const char *cells[] = { l->id, l->title, l->category };
		put_row(r, cells, 3, keys, &rep->lines[i]);
	}
	if (rep->nunlined) {
		const char *cells[] = { "", "(no line)", "" };
		if (r->t)
			put_row(r, cells, 3, keys, &rep->unlined);
	}
	if (r->t) {
		const char *cells[] = { "", "Total", "" };
		put_row(r, cells, 3, keys, &rep->total);
		code = pmo_emit_table(&r->json, r->ctx, r->t, r->format) < 0 ? pmo_die(1, "out of memory") : 0;
	} else {
		pmo_buf_puts(&r->json, r->rows ? "\n  ],\n  \"unlined\": " : "],\n  \"unlined\": ");
		if (rep->nunlined)
			put_row(r, NULL, 0, NULL, &rep->unlined);
		else
			pmo_buf_puts(&r->json, "null");
		pmo_buf_puts(&r->json, ",\n  \"total\": ");
		put_row(r, NULL, 0, NULL, &rep->total);
		pmo_buf_puts(&r->json, "\n}\n");
	}
done:
	pmo_budget_report_free(rep);
	pmo_budget_free(b);
	return code;
}

static int portfolio_report(report *r)
{
	static const char *const lead[] = { "Project" };
	static const char *const keys[] = { "project" };
	pmo_budget_sums total;
	char **keys_ = NULL;
	size_t i;
	int code = 0;

	memset(&total, 0, sizeof(total));
	if (pmo_projects_list(&keys_, r->ctx->src) < 0)
		return pmo_fail();
	if (strcmp(r->format, "json")) {
		if (table_new(r, lead, 1) < 0) {
			code = pmo_die(1, "out of memory");
			goto done;
		}
	} else {
		pmo_buf_puts(&r->json, "{\n  ");
		pmo_json_member(&r->json, "currency", r->c->code, 0);
		pmo_buf_puts(&r->json, ",\n  \"projects\": [");
	}
	for (i = 0; keys_[i]; i++) {
		pmo_budget *b = NULL;
		pmo_budget_report *rep = NULL;
		const char *cells[] = { keys_[i] };
		int error = 0;

		if ((error = pmo_budget_load(&b, r->ctx->src, keys_[i], r->c)) == 0 &&
		    (error = pmo_budget_report_make(&rep, b, r->ctx->src, r->ctx->model, r->c)) == 0 &&
		    (error = pmo_budget_sums_add(&total, &rep->total, r->c)) == 0)
			put_row(r, cells, 1, keys, &rep->total);
		pmo_budget_report_free(rep);
		pmo_budget_free(b);
		if (error < 0) {
			code = pmo_fail();
			goto done;
		}
	}
	if (r->t) {
		const char *cells[] = { "Total" };
		put_row(r, cells, 1, keys, &total);
		code = pmo_emit_table(&r->json, r->ctx, r->t, r->format) < 0 ? pmo_die(1, "out of memory") : 0;
	} else {
		pmo_buf_puts(&r->json, r->rows ? "\n  ],\n  \"total\": " : "],\n  \"total\": ");
		put_row(r, NULL, 0, NULL, &total);
		pmo_buf_puts(&r->json, "\n}\n");
	}
done:
	pmo_strv_free(keys_);
	return code;
}

static int budget_show(pmo_ctx *ctx, int argc, char **argv)
{
	const char *format = NULL;
	const pmo_opt opts[] = {
		OPT_STRING('f', "format", &format, "FORMAT", "table (default), json, csv or md"),
		OPT_END(),
	};
	report r;
	int code;

	if ((code = pmo_parse(ctx, &argc, argv, opts, NULL)) != PMO_GO)
		return code;
	if (argc > 0)
		return pmo_die(2, "budget shows a project's budget (-p KEY) or every project's; \"%s\" is no option of it",
			       argv[0]);
	memset(&r, 0, sizeof(r));
	r.ctx = ctx;
	r.c = &ctx->settings->money;
	if ((code = pmo_format(&r.format, ctx, format, "table,json,csv,md", "table")))
		return code;
	r.grouped = !strcmp(r.format, "table") || !strcmp(r.format, "md");
	if (ctx->project && (code = pmo_check_project(ctx, ctx->project)))
		return code;
	code = ctx->project ? project_report(&r, ctx->project) : portfolio_report(&r);
	if (!code && pmo_emit(&r.json) < 0)
		code = pmo_fail();
	pmo_table_free(r.t);
	pmo_buf_free(&r.json);
	return code;
}

static void add_help(FILE *f)
{
	fprintf(f, "\nFields: planned (an exact amount: 1200000.00), category (capex, opex, vendor, labour,\n"
		   "contingency, other), contract (CT-n: its value is the line's committed amount), notes.\n");
}

static void expense_help(FILE *f)
{
	fprintf(f, "\nFields: line (B-n of the budget), date (YYYY-MM-DD, default today), vendor (V-n),\n"
		   "invoice, task (T-n of the plan), title, notes. The amount is exact (356000.50).\n");
}

static const pmo_verb budget_verbs[] = {
	{ "show", budget_show,
	  "usage: pmo [-p KEY] budget [show] [--format table|json|csv|md]\n",
	  "the budget: lines with planned, committed, spent, remaining and % used; without a project, every project's",
	  NULL },
	{ "add", budget_add, "usage: pmo -p KEY budget add TITLE planned=AMOUNT [category=…] [contract=CT-n]\n",
	  "add a budget line (B-n) to budget.yaml", add_help },
	{ "set", budget_set, "usage: pmo -p KEY budget set B-n field=value…\n",
	  "change fields of a budget line (field= removes one)", add_help },
};

const pmo_family pmo_budget_verbs = {
	"budget", "budgets: lines and their planned, committed and spent amounts", budget_verbs,
	sizeof(budget_verbs) / sizeof(budget_verbs[0]), PMO_FAMILY_FIRST_VERB, NULL, NULL,
};

static const pmo_verb expense_verbs[] = {
	{ "add", expense_add,
	  "usage: pmo -p KEY expense add AMOUNT [line=B-n] [date=DATE] [vendor=V-n] [invoice=…] [task=T-n]\n",
	  "add an expense (E-n) to budget.yaml", expense_help },
	{ "set", expense_set, "usage: pmo -p KEY expense set E-n field=value…\n",
	  "change fields of an expense (field= removes one)", expense_help },
};

const pmo_family pmo_expense_verbs = {
	"expense", "expenses of a project's budget", expense_verbs,
	sizeof(expense_verbs) / sizeof(expense_verbs[0]), 0, NULL, NULL,
};
