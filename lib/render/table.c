#include "render/render.h"
#include "util/error.h"
#include "util/utf8.h"

#include <stdlib.h>
#include <string.h>

struct pmo_table {
	size_t ncols;
	char **header;
	unsigned char *right, *shrink;
	char **cells; /* rows × ncols: a row's cells in one block, its first cell's */
	size_t nrows, cap;
};

int pmo_table_new(pmo_table **out, size_t ncols)
{
	pmo_table *t = calloc(1, sizeof(*t));

	if (!t || !(t->header = calloc(ncols, sizeof(char *))) ||
	    !(t->right = calloc(ncols, 1)) || !(t->shrink = calloc(ncols, 1))) {
		pmo_table_free(t);
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	}
	t->ncols = ncols;
	*out = t;
	return 0;
}

void pmo_table_free(pmo_table *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; t->header && i < t->ncols; i++)
		free(t->header[i]);
	for (i = 0; t->ncols && i < t->nrows; i++)
		free(t->cells[i * t->ncols]);
	free(t->cells);
	free(t->header);
	free(t->right);
	free(t->shrink);
	free(t);
}

int pmo_table_header(pmo_table *t, size_t i, const char *text)
{
	free(t->header[i]);
	if (!(t->header[i] = strdup(text ? text : "")))
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	return 0;
}

void pmo_table_right(pmo_table *t, size_t i)
{
	t->right[i] = 1;
}

void pmo_table_shrink(pmo_table *t, size_t i)
{
	t->shrink[i] = 1;
}

size_t pmo_table_rows(const pmo_table *t)
{
	return t->nrows;
}

int pmo_table_row(pmo_table *t, const char *const *cells)
{
	size_t i, size = 0, len;
	char *block, **row;

	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		char **c = realloc(t->cells, cap * t->ncols * sizeof(char *));
		if (!c)
			return pmo_error_set(PMO_ENOMEM, "out of memory");
		t->cells = c;
		t->cap = cap;
	}
	if (!t->ncols) {
		t->nrows++;
		return 0;
	}
	/* one allocation a row: a list of thousands of records */
	for (i = 0; i < t->ncols; i++)
		size += (cells[i] ? strlen(cells[i]) : 0) + 1;
	if (!(block = malloc(size)))
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	row = &t->cells[t->nrows * t->ncols];
	for (i = 0; i < t->ncols; i++) {
		len = cells[i] ? strlen(cells[i]) : 0;
		memcpy(block, cells[i] ? cells[i] : "", len + 1);
		row[i] = block;
		block += len + 1;
	}
	t->nrows++;
	return 0;
}

static const char *cell(const pmo_table *t, size_t r, size_t c)
{
	return t->cells[r * t->ncols + c];
}

/* Write s (sw columns wide) padded or cut to exactly w columns (cut
 * with …). */
static void put_cell(pmo_buf *out, const char *s, size_t sw, size_t w, int right, int last)
{
	size_t len = strlen(s), cw;

	if (sw > w) {
		size_t keep = pmo_utf8_prefix(s, len, w ? w - 1 : 0, &cw);
		pmo_buf_put(out, s, keep);
		if (w)
			pmo_buf_puts(out, "…");
		if (!last)
			pmo_buf_pad(out, ' ', w - (w ? cw + 1 : 0));
		return;
	}
	if (right)
		pmo_buf_pad(out, ' ', w - sw);
	pmo_buf_put(out, s, len);
	if (!right && !last)
		pmo_buf_pad(out, ' ', w - sw);
}

/* A cell as a terminal may show it: line breaks and tabs as spaces,
 * other control characters (an escape sequence in a hand-edited title)
 * as '?', so no cell moves the cursor or colours the rest of the table.
 * The cell itself when it has none; else a new string in *copy. */
static const char *printable(const char *s, char **copy)
{
	const unsigned char *p;
	char *d;

	*copy = NULL;
	for (p = (const unsigned char *)s; *p && *p >= 0x20 && *p != 0x7f; p++)
		;
	if (!*p || !(*copy = strdup(s)))
		return s;
	for (d = *copy; *d; d++)
		if ((unsigned char)*d < 0x20 || *d == 0x7f)
			*d = *d == '\n' || *d == '\t' || *d == '\r' ? ' ' : '?';
	return *copy;
}

int pmo_table_render(pmo_buf *out, const pmo_table *t, const pmo_table_opts *opts)
{
	size_t *w = calloc(t->ncols ? t->ncols : 1, sizeof(size_t));
	size_t r, c, total = 0, nshrink = 0;
	const char **shown = malloc((t->nrows * t->ncols + 1) * sizeof(*shown));
	char **copies = calloc(t->nrows * t->ncols + 1, sizeof(*copies));
	size_t *sw = malloc((t->nrows * t->ncols + 1) * sizeof(*sw)); /* each cell's width */

	if (!w || !shown || !copies || !sw) {
		free(w);
		free(shown);
		free(copies);
		free(sw);
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	}
	for (r = 0; r < t->nrows * t->ncols; r++)
		shown[r] = printable(t->cells[r], &copies[r]);
	for (c = 0; c < t->ncols; c++) {
		w[c] = pmo_utf8_width(t->header[c] ? t->header[c] : "", t->header[c] ? strlen(t->header[c]) : 0);
		for (r = 0; r < t->nrows; r++) {
			size_t cw = pmo_utf8_width(shown[r * t->ncols + c], strlen(shown[r * t->ncols + c]));
			sw[r * t->ncols + c] = cw;
			if (cw > w[c])
				w[c] = cw;
		}
		total += w[c] + (c ? 2 : 0);
		nshrink += t->shrink[c];
	}
	if (opts && opts->width && total > opts->width && nshrink) {
		/* take the excess from the shrinkable columns, widest first,
		 * keeping each at least 8 columns (or its header) wide */
		size_t excess = total - opts->width;
		while (excess) {
			size_t best = t->ncols, floor;
			for (c = 0; c < t->ncols; c++) {
				if (!t->shrink[c])
					continue;
				floor = t->header[c] ? pmo_utf8_width(t->header[c], strlen(t->header[c])) : 0;
				if (floor < 8)
					floor = 8;
				if (w[c] > floor && (best == t->ncols || w[c] > w[best]))
					best = c;
			}
			if (best == t->ncols)
				break;
			w[best]--;
			excess--;
		}
	}
	for (c = 0; c < t->ncols; c++) {
		if (c)
			pmo_buf_puts(out, "  ");
		if (opts && opts->color && c == 0)
			pmo_buf_puts(out, "\033[1m");
		put_cell(out, t->header[c] ? t->header[c] : "",
			 pmo_utf8_width(t->header[c] ? t->header[c] : "",
					t->header[c] ? strlen(t->header[c]) : 0),
			 w[c], t->right[c], c + 1 == t->ncols);
	}
	if (opts && opts->color)
		pmo_buf_puts(out, "\033[0m");
	pmo_buf_putc(out, '\n');
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			if (c)
				pmo_buf_puts(out, "  ");
			put_cell(out, shown[r * t->ncols + c], sw[r * t->ncols + c], w[c], t->right[c],
				 c + 1 == t->ncols);
		}
		/* no trailing blanks when the last cells are empty */
		while (out->len && out->ptr[out->len - 1] == ' ')
			pmo_buf_truncate(out, out->len - 1);
		pmo_buf_putc(out, '\n');
	}
	for (r = 0; r < t->nrows * t->ncols; r++)
		free(copies[r]);
	free(copies);
	free(shown);
	free(sw);
	free(w);
	return pmo_buf_oom(out);
}

int pmo_csv_field(pmo_buf *out, const char *s)
{
	const char *q;

	if (!strpbrk(s, ",\"\r\n"))
		return pmo_buf_puts(out, s);
	pmo_buf_putc(out, '"');
	while ((q = strchr(s, '"'))) {
		pmo_buf_put(out, s, (size_t)(q - s) + 1);
		pmo_buf_putc(out, '"');
		s = q + 1;
	}
	pmo_buf_puts(out, s);
	pmo_buf_putc(out, '"');
	return pmo_buf_oom(out);
}

int pmo_table_csv(pmo_buf *out, const pmo_table *t)
{
	size_t r, c;

	for (c = 0; c < t->ncols; c++) {
		if (c)
			pmo_buf_putc(out, ',');
		pmo_csv_field(out, t->header[c] ? t->header[c] : "");
	}
	pmo_buf_puts(out, "\r\n");
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			if (c)
				pmo_buf_putc(out, ',');
			pmo_csv_field(out, cell(t, r, c));
		}
		pmo_buf_puts(out, "\r\n");
	}
	return pmo_buf_oom(out);
}

static void md_cell(pmo_buf *out, const char *s)
{
	pmo_buf_putc(out, ' ');
	for (; *s; s++) {
		if (*s == '|')
			pmo_buf_putc(out, '\\');
		pmo_buf_putc(out, *s == '\n' ? ' ' : *s);
	}
	pmo_buf_puts(out, " |");
}

int pmo_table_md(pmo_buf *out, const pmo_table *t)
{
	size_t r, c;

	pmo_buf_putc(out, '|');
	for (c = 0; c < t->ncols; c++)
		md_cell(out, t->header[c] ? t->header[c] : "");
	pmo_buf_puts(out, "\n|");
	for (c = 0; c < t->ncols; c++)
		pmo_buf_puts(out, t->right[c] ? " ---: |" : " --- |");
	pmo_buf_putc(out, '\n');
	for (r = 0; r < t->nrows; r++) {
		pmo_buf_putc(out, '|');
		for (c = 0; c < t->ncols; c++)
			md_cell(out, cell(t, r, c));
		pmo_buf_putc(out, '\n');
	}
	return pmo_buf_oom(out);
}
