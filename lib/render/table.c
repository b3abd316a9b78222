#include "render/render.h"
#include "util/error.h"
#include "util/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A row is one block (pmo_table_row_of): the display width of each
 * cell as the table shows it (uint32_t each), then the cells, each ended
 * by a NUL. */
struct pmo_table {
	size_t ncols;
	char **header;
	unsigned char *right, *shrink;
	char **rows;    /* each row's block */
	char **cells;   /* rows × ncols, into the blocks */
	uint32_t *sw;   /* rows × ncols: each cell's width, shown */
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
	for (i = 0; i < t->nrows; i++)
		free(t->rows[i]);
	free(t->rows);
	free(t->cells);
	free(t->sw);
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

static int printable(const char *s, const char **shown, char **copy);

/* The display width of cell s (len bytes) as pmo_table_render shows it:
 * control characters as printable shows them. 0, or -1 without memory. */
static int cell_width(uint32_t *w, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	const char *shown;
	char *copy;

	/* most cells are plain ASCII: one column a byte */
	while (p < end && *p >= 0x20 && *p < 0x7f)
		p++;
	if (p == end) {
		*w = (uint32_t)len;
		return 0;
	}
	if (printable(s, &shown, &copy) < 0)
		return -1;
	*w = (uint32_t)pmo_utf8_width(shown, copy ? strlen(copy) : len);
	free(copy);
	return 0;
}

/* b holds a row being made: room for ncols widths, then the cells, each
 * ended by a NUL. The widths filled in, the block in *out. */
static int row_finish(char **out, pmo_buf *b, size_t ncols)
{
	size_t i, at = ncols * sizeof(uint32_t), len;
	uint32_t w;

	if (pmo_buf_oom(b) < 0) {
		pmo_buf_free(b);
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	}
	for (i = 0; i < ncols; i++) {
		len = strlen(b->ptr + at);
		if (cell_width(&w, b->ptr + at, len) < 0) {
			pmo_buf_free(b);
			return pmo_error_set(PMO_ENOMEM, "out of memory");
		}
		memcpy(b->ptr + i * sizeof(uint32_t), &w, sizeof(w));
		at += len + 1;
	}
	*out = pmo_buf_detach(b);
	return 0;
}

/* pmo_table_row_of of cells given as strings (NULL: empty). */
static int row_make(char **out, const char *const *cells, size_t ncols)
{
	pmo_buf b = PMO_BUF_INIT;
	size_t i;

	pmo_buf_pad(&b, 0, ncols * sizeof(uint32_t));
	for (i = 0; i < ncols; i++) {
		if (cells[i])
			pmo_buf_puts(&b, cells[i]);
		pmo_buf_putc(&b, 0);
	}
	return row_finish(out, &b, ncols);
}

int pmo_table_row_of(char **out, const pmo_node *const *values, const char *const *texts, size_t ncols)
{
	pmo_buf b = PMO_BUF_INIT;
	size_t i, from;

	pmo_buf_grow(&b, 16 * ncols + 64);
	pmo_buf_pad(&b, 0, ncols * sizeof(uint32_t));
	for (i = 0; i < ncols; i++) {
		from = b.len;
		if (texts && texts[i])
			pmo_buf_puts(&b, texts[i]);
		else
			pmo_node_display_into(&b, values[i]);
		/* a cell is a C string: it ends at a NUL it holds (an escaped
		 * \0), as pmo_node_display's would */
		if (!b.oom)
			pmo_buf_truncate(&b, from + strlen(b.ptr + from));
		pmo_buf_putc(&b, 0);
	}
	return row_finish(out, &b, ncols);
}

int pmo_table_row_take(pmo_table *t, char *block)
{
	size_t i;
	char *at;

	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		char **r = realloc(t->rows, cap * sizeof(char *)), **c;
		uint32_t *w;

		if (r)
			t->rows = r;
		c = r ? realloc(t->cells, (cap * t->ncols + 1) * sizeof(char *)) : NULL;
		if (c)
			t->cells = c;
		w = c ? realloc(t->sw, (cap * t->ncols + 1) * sizeof(uint32_t)) : NULL;
		if (!w) {
			free(block);
			return pmo_error_set(PMO_ENOMEM, "out of memory");
		}
		t->sw = w;
		t->cap = cap;
	}
	t->rows[t->nrows] = block;
	memcpy(&t->sw[t->nrows * t->ncols], block, t->ncols * sizeof(uint32_t));
	at = block + t->ncols * sizeof(uint32_t);
	for (i = 0; i < t->ncols; i++) {
		t->cells[t->nrows * t->ncols + i] = at;
		at += strlen(at) + 1;
	}
	t->nrows++;
	return 0;
}

int pmo_table_row(pmo_table *t, const char *const *cells)
{
	char *block;
	int error;

	if ((error = row_make(&block, cells, t->ncols)) < 0)
		return error;
	return pmo_table_row_take(t, block);
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
 * *shown is the cell itself when it has none; else a new string, also in
 * *copy. 0, or -1 when there is no memory for the copy. */
static int printable(const char *s, const char **shown, char **copy)
{
	const unsigned char *p;
	char *d;

	*copy = NULL;
	*shown = s;
	for (p = (const unsigned char *)s; *p && *p >= 0x20 && *p != 0x7f; p++)
		;
	if (!*p)
		return 0;
	if (!(*copy = strdup(s)))
		return -1;
	for (d = *copy; *d; d++)
		if ((unsigned char)*d < 0x20 || *d == 0x7f)
			*d = *d == '\n' || *d == '\t' || *d == '\r' ? ' ' : '?';
	*shown = *copy;
	return 0;
}

int pmo_table_render(pmo_buf *out, const pmo_table *t, const pmo_table_opts *opts)
{
	size_t *w = calloc(t->ncols ? t->ncols : 1, sizeof(size_t));
	size_t r, c, total = 0, nshrink = 0;
	const char **shown = malloc((t->nrows * t->ncols + 1) * sizeof(*shown));
	char **copies = calloc(t->nrows * t->ncols + 1, sizeof(*copies));
	const uint32_t *sw = t->sw; /* each cell's width, made with its row */

	if (!w || !shown || !copies) {
		free(w);
		free(shown);
		free(copies);
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	}
	for (r = 0; r < t->nrows * t->ncols; r++)
		if (printable(t->cells[r], &shown[r], &copies[r]) < 0) {
			while (r--)
				free(copies[r]);
			free(w);
			free(shown);
			free(copies);
			return pmo_error_set(PMO_ENOMEM, "out of memory");
		}
	for (c = 0; c < t->ncols; c++) {
		w[c] = pmo_utf8_width(t->header[c] ? t->header[c] : "", t->header[c] ? strlen(t->header[c]) : 0);
		for (r = 0; r < t->nrows; r++)
			if (sw[r * t->ncols + c] > w[c])
				w[c] = sw[r * t->ncols + c];
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
	for (r = 0; r < t->nrows && !out->oom; r++) {
		const char *const *row = &shown[r * t->ncols];
		const uint32_t *rw = &sw[r * t->ncols];
		size_t most = 1, len;
		char *at;

		/* room for the row made once: a cell that fits is copied and
		 * padded in place (5,000 risks: pmo_table_render 18 → 9 M
		 * instructions, callgrind) */
		for (c = 0; c < t->ncols; c++)
			most += strlen(row[c]) + w[c] + 2;
		if (pmo_buf_grow(out, most) < 0)
			break;
		for (c = 0; c < t->ncols; c++) {
			int last = c + 1 == t->ncols;

			if (rw[c] > w[c]) {
				if (c)
					pmo_buf_put(out, "  ", 2);
				put_cell(out, row[c], rw[c], w[c], t->right[c], last);
				continue;
			}
			at = out->ptr + out->len;
			if (c) {
				memcpy(at, "  ", 2);
				at += 2;
			}
			len = strlen(row[c]);
			if (t->right[c]) {
				memset(at, ' ', w[c] - rw[c]);
				at += w[c] - rw[c];
			}
			memcpy(at, row[c], len);
			at += len;
			if (!t->right[c] && !last) {
				memset(at, ' ', w[c] - rw[c]);
				at += w[c] - rw[c];
			}
			out->len = (size_t)(at - out->ptr);
		}
		/* no trailing blanks when the last cells are empty */
		while (out->len && out->ptr[out->len - 1] == ' ')
			out->len--;
		out->ptr[out->len++] = '\n';
		out->ptr[out->len] = '\0';
	}
	for (r = 0; r < t->nrows * t->ncols; r++)
		free(copies[r]);
	free(copies);
	free(shown);
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
