/*
 * pmo search TEXT [--kind K]: the records of every kind, in every project,
 * whose title or other text contains TEXT (lib/model/search.c finds them);
 * one row a record. Exit 0 with matches, 1 with none, as grep.
 */
#include "pmo.h"

#include <stdlib.h>
#include <string.h>

static const char search_usage[] =
	"usage: pmo search TEXT [--kind KIND] [--format table|json|csv|md]\n"
	"\nRecords of every kind, in every project, whose title or any field of text\n"
	"or list of text contains TEXT: ASCII letters without regard to case, other\n"
	"characters (Chinese) exactly. One row a record: the record, its kind, its\n"
	"title, the field that matched and the text around the match. Exit 0 when\n"
	"something matched, 1 when nothing did (as grep).\n";

static void put_json(pmo_buf *out, const pmo_hits *h)
{
	size_t i;

	pmo_buf_puts(out, "{\n  \"version\": 1,\n  \"hits\": [");
	for (i = 0; i < h->n; i++) {
		const pmo_hit *x = &h->items[i];
		pmo_buf_puts(out, i ? ",\n    {\"record\": " : "\n    {\"record\": ");
		pmo_json_string(out, x->record, strlen(x->record));
		pmo_buf_puts(out, ", \"kind\": ");
		pmo_json_string(out, x->kind, strlen(x->kind));
		pmo_buf_puts(out, ", \"title\": ");
		pmo_json_string(out, x->title, strlen(x->title));
		pmo_buf_puts(out, ", \"field\": ");
		pmo_json_string(out, x->field, strlen(x->field));
		pmo_buf_puts(out, ", \"excerpt\": ");
		pmo_json_string(out, x->excerpt, strlen(x->excerpt));
		pmo_buf_putc(out, '}');
	}
	pmo_buf_puts(out, h->n ? "\n  ]\n}\n" : "]\n}\n");
}

static int put_table(pmo_buf *out, const pmo_ctx *ctx, const pmo_hits *h, const char *format)
{
	static const char *const headers[] = { "Record", "Kind", "Title", "Field", "Excerpt" };
	pmo_table *t = NULL;
	size_t i;
	int error;

	if ((error = pmo_table_new(&t, 5)) < 0)
		return error;
	for (i = 0; i < 5 && !error; i++)
		error = pmo_table_header(t, i, headers[i]);
	pmo_table_shrink(t, 2);
	pmo_table_shrink(t, 4);
	for (i = 0; i < h->n && !error; i++) {
		const pmo_hit *x = &h->items[i];
		const char *cells[] = { x->record, x->kind, x->title, x->field, x->excerpt };
		error = pmo_table_row(t, cells);
	}
	if (!error)
		error = pmo_emit_table(out, ctx, t, format);
	pmo_table_free(t);
	return error;
}

int cmd_search(pmo_ctx *ctx, int argc, char **argv)
{
	const char *kindname = NULL, *format = NULL;
	const pmo_opt opts[] = {
		OPT_STRING('k', "kind", &kindname, "KIND", "search only the records of KIND (risk, person …)"),
		OPT_STRING('f', "format", &format, "FORMAT", "table (default), json, csv or md"),
		OPT_END(),
	};
	const pmo_kind *only = NULL;
	pmo_hits hits = { 0 };
	pmo_findings probs = { 0 };
	pmo_buf out = PMO_BUF_INIT;
	int nargs = argc - 1, code;
	size_t i;

	if ((code = pmo_parse(ctx, &nargs, argv + 1, opts, search_usage)) != PMO_GO)
		return code;
	if (nargs != 1 || !*argv[1])
		return pmo_die(2, "pmo search takes one TEXT to find; see 'pmo search -h'");
	if ((code = pmo_format(&format, ctx, format, "table,json,csv,md", "table")))
		return code;
	if (kindname && !(only = pmo_model_kind(ctx->model, kindname))) {
		const char **names = calloc(pmo_model_kind_count(ctx->model) + 1, sizeof(*names));
		pmo_buf b = PMO_BUF_INIT;

		for (i = 0; names && i < pmo_model_kind_count(ctx->model); i++) {
			names[i] = pmo_model_kind_at(ctx->model, i)->name;
			pmo_buf_printf(&b, "%s%s", i ? ", " : "", names[i]);
		}
		code = pmo_die(2, "--kind: no kind \"%s\"; kinds: %s", kindname, pmo_buf_cstr(&b));
		if (names)
			pmo_suggest("kind", kindname, names, i);
		free(names);
		pmo_buf_free(&b);
		return code;
	}
	if (pmo_search(&hits, &probs, ctx->src, ctx->model, only, argv[1]) < 0) {
		code = pmo_fail();
		goto done;
	}
	if (!strcmp(format, "json"))
		put_json(&out, &hits);
	else if (put_table(&out, ctx, &hits, format) < 0) {
		code = pmo_fail();
		goto done;
	}
	/* nothing found: no table, exit 1 (JSON still says so) */
	if ((hits.n || !strcmp(format, "json")) && (code = pmo_emit(&out)))
		goto done;
	code = hits.n ? 0 : 1;
done:
	code = pmo_print_problems(&probs, code);
	pmo_findings_free(&probs);
	pmo_hits_free(&hits);
	pmo_buf_free(&out);
	return code;
}
