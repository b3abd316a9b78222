/*
 * A kind's 5×5 matrix (model.h, x-pmo "matrix"): its records counted by
 * two fields scored 1 to 5, each cell with the level the kind's own code
 * gives it (pmo_kind_hooks matrix_level). Nothing here is a kind's: the
 * risk's matrix is its schema's and its hook.
 */
#include "model/internal.h"
#include "util/error.h"

#include <string.h>

static int score(const pmo_node *view, const char *field, long *out)
{
	int64_t v;

	if (pmo_node_int(pmo_map_get(view, field), &v) < 0 || v < 1 || v > 5)
		return -1;
	*out = (long)v;
	return 0;
}

int pmo_matrix_count(pmo_matrix *out, const pmo_kind *kind, const pmo_records *rs,
		     const pmo_settings *settings)
{
	long r, c;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (!kind->matrix)
		return pmo_error_set(PMO_EUSAGE, "%s has no matrix: its schema's x-pmo declares none",
				     kind->plural);
	out->rows = pmo_node_text(pmo_map_get(kind->matrix, "rows"));
	out->columns = pmo_node_text(pmo_map_get(kind->matrix, "columns"));
	for (r = 1; r <= 5; r++)
		for (c = 1; c <= 5; c++)
			out->level[r - 1][c - 1] = kind->hooks->matrix_level && settings ?
				kind->hooks->matrix_level(settings, r, c) : NULL;
	for (i = 0; i < rs->n; i++) {
		int in = pmo_matrix_cell(&r, &c, kind, rs->items[i]);

		if (in < 0)
			out->unscored++;
		if (in <= 0)
			continue;
		out->count[r - 1][c - 1]++;
		out->counted++;
	}
	return 0;
}

int pmo_matrix_cell(long *row, long *column, const pmo_kind *kind, const pmo_record *rec)
{
	const pmo_node *view = rec->view;

	if (!kind->matrix || !pmo_kind_status_in(kind, pmo_map_get(kind->matrix, "while"),
						 kind->status_field ?
						 pmo_node_text(pmo_map_get(view, kind->status_field)) : NULL))
		return 0;
	if (score(view, pmo_node_text(pmo_map_get(kind->matrix, "rows")), row) < 0 ||
	    score(view, pmo_node_text(pmo_map_get(kind->matrix, "columns")), column) < 0)
		return -1;
	return 1;
}

int pmo_matrix_statuses(pmo_buf *out, const pmo_kind *kind)
{
	const pmo_node *w = pmo_map_get(kind->matrix, "while"), *all;
	size_t i, n = 0;

	if (!kind->status_field)
		return 0;
	all = pmo_map_get(pmo_map_get(kind->props, kind->status_field), "enum");
	for (i = 0; all && all->kind == PMO_NODE_SEQ && i < all->n; i++) {
		const char *s = pmo_node_text(all->items[i]);

		if (!s || !pmo_kind_status_in(kind, w, s))
			continue;
		pmo_buf_puts(out, n++ ? ", " : "");
		pmo_buf_puts(out, s);
	}
	return 0;
}
