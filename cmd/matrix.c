/*
 * pmo [-p KEY] <kind> matrix: the kind's 5×5 heat map (x-pmo "matrix":
 * a risk's probability × impact) of the records still open, counts per
 * cell, each cell coloured by its level on a terminal; --format json
 * gives the cells. Without -p: every project's records.
 */
#include "kind_internal.h"

#include <string.h>

/* on a terminal: the cell's background by level (NO_COLOR, --color as
 * every command); the level's initial is written either way */
static const char *level_colour(const char *level)
{
	if (!level)
		return NULL;
	if (!strcmp(level, "low"))
		return "\033[30;42m";
	if (!strcmp(level, "medium"))
		return "\033[30;43m";
	if (!strcmp(level, "high"))
		return "\033[30;41m";
	if (!strcmp(level, "critical"))
		return "\033[1;97;45m";
	return NULL;
}

static void render_text(pmo_buf *out, const pmo_matrix *m, const pmo_kind *kind,
			const char *project, const char *statuses, int color)
{
	size_t w = strlen(m->rows), i;
	long r, c;

	pmo_buf_printf(out, "%s of %s by %s × %s, open only", kind->plural,
		       project ? project : "every project", m->rows, m->columns);
	if (*statuses)
		pmo_buf_printf(out, " (status %s)", statuses);
	pmo_buf_printf(out, ": %zu\n", m->counted);
	if (m->unscored)
		pmo_buf_printf(out, "not shown: %zu without a %s and %s from 1 to 5\n", m->unscored,
			       m->rows, m->columns);
	pmo_buf_putc(out, '\n');
	for (r = 5; r >= 1; r--) {
		pmo_buf_printf(out, "%*s %ld |", (int)w, r == 5 ? m->rows : "", r);
		for (c = 1; c <= 5; c++) {
			const char *level = m->level[r - 1][c - 1];
			const char *on = color ? level_colour(level) : NULL;
			size_t n = m->count[r - 1][c - 1];

			pmo_buf_putc(out, ' ');
			if (on)
				pmo_buf_puts(out, on);
			if (n)
				pmo_buf_printf(out, "%3zu", n);
			else
				pmo_buf_puts(out, "  .");
			pmo_buf_printf(out, " %c", level ? level[0] - 'a' + 'A' : ' ');
			if (on)
				pmo_buf_puts(out, "\033[0m");
		}
		pmo_buf_putc(out, '\n');
	}
	pmo_buf_printf(out, "%*s   +", (int)w, "");
	for (i = 0; i < 30; i++)
		pmo_buf_putc(out, '-');
	pmo_buf_printf(out, "\n%*s    ", (int)w, "");
	for (c = 1; c <= 5; c++)
		pmo_buf_printf(out, "%4ld  ", c);
	pmo_buf_printf(out, "%s\n", m->columns);
	if (m->level[0][0])
		pmo_buf_puts(out, "\nlevels: L low, M medium, H high, C critical\n");
}

static void render_json(pmo_buf *out, const pmo_matrix *m, const pmo_kind *kind,
			const char *project, const pmo_buf *statuses)
{
	const char *s = pmo_buf_cstr(statuses);
	long r, c;

	pmo_buf_puts(out, "{\n  \"version\": 1,\n  ");
	pmo_json_member(out, "kind", kind->name, 0);
	pmo_buf_puts(out, ",\n  ");
	pmo_json_member(out, "project", project, 0);
	pmo_buf_puts(out, ",\n  ");
	pmo_json_member(out, "rows", m->rows, 0);
	pmo_buf_puts(out, ",\n  ");
	pmo_json_member(out, "columns", m->columns, 0);
	pmo_buf_puts(out, ",\n  \"statuses\": [");
	while (*s) {
		size_t len = strcspn(s, ",");

		pmo_json_string(out, s, len);
		s += len;
		if (*s) {
			pmo_buf_puts(out, ", ");
			s += 2;
		}
	}
	pmo_buf_printf(out, "],\n  \"counted\": %zu,\n  \"unscored\": %zu,\n  \"cells\": [", m->counted,
		       m->unscored);
	for (r = 1; r <= 5; r++)
		for (c = 1; c <= 5; c++) {
			pmo_buf_puts(out, r + c > 2 ? ",\n    {" : "\n    {");
			pmo_json_cstr(out, m->rows);
			pmo_buf_printf(out, ": %ld, ", r);
			pmo_json_cstr(out, m->columns);
			pmo_buf_printf(out, ": %ld, \"count\": %zu, ", c, m->count[r - 1][c - 1]);
			pmo_json_member(out, "level", m->level[r - 1][c - 1], 0);
			pmo_buf_putc(out, '}');
		}
	pmo_buf_puts(out, "\n  ]\n}\n");
}

int pmo_kind_verb_matrix(pmo_ctx *ctx, int argc, char **argv)
{
	const pmo_kind *kind = ctx->kind;
	const char *format = NULL, *project;
	const pmo_opt opts[] = {
		OPT_STRING('f', "format", &format, "FORMAT", "text (default) or json (the 25 cells)"),
		OPT_END(),
	};
	pmo_records rs = { 0 };
	pmo_matrix m;
	pmo_buf out = PMO_BUF_INIT, statuses = PMO_BUF_INIT;
	int code;

	if ((code = pmo_parse(ctx, &argc, argv, opts, NULL)) != PMO_GO)
		return code;
	if (argc)
		return pmo_die(2, "%s matrix takes no arguments, not \"%s\"", kind->name, argv[0]);
	if ((code = pmo_format(&format, ctx, format, "text,json", "text")))
		return code;
	project = kind->project_scoped ? ctx->project : NULL;
	if (project && (code = pmo_check_project(ctx, project)))
		return code;
	if (pmo_records_list(&rs, NULL, ctx->src, kind, project, ctx->settings) < 0 ||
	    pmo_matrix_count(&m, kind, &rs, ctx->settings) < 0 ||
	    pmo_matrix_statuses(&statuses, kind) < 0) {
		code = pmo_fail();
		goto done;
	}
	if (!strcmp(format, "json"))
		render_json(&out, &m, kind, project, &statuses);
	else
		render_text(&out, &m, kind, project, pmo_buf_cstr(&statuses), ctx->color);
	code = pmo_emit(&out);
done:
	pmo_buf_free(&statuses);
	pmo_buf_free(&out);
	pmo_records_free(&rs);
	return code;
}
