/*
 * RFC 4180 CSV reading (csv.h): one pass over the bytes, a field at a
 * time. Unquoted fields are taken as they are, a quote inside one
 * included (as Excel reads `5" disk`); a quoted field ends at the quote
 * that is not doubled, and only a comma or a line break may follow it.
 */
#include "util/csv.h"
#include "util/buf.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

void pmo_csv_free(pmo_csv *csv)
{
	size_t i, j;

	if (!csv)
		return;
	for (i = 0; i < csv->n; i++) {
		for (j = 0; j < csv->rows[i].n; j++)
			free(csv->rows[i].fields[j].text);
		free(csv->rows[i].fields);
	}
	free(csv->rows);
	memset(csv, 0, sizeof(*csv));
}

static int push_field(pmo_csv_row *row, pmo_buf *b, uint32_t line, uint32_t col)
{
	pmo_csv_field *f = realloc(row->fields, (row->n + 1) * sizeof(*f));

	if (!f || pmo_buf_oom(b) < 0) {
		if (f)
			row->fields = f;
		return pmo_error_set_oom();
	}
	row->fields = f;
	f[row->n].line = line;
	f[row->n].col = col;
	if (!(f[row->n].text = pmo_buf_detach(b)) && !(f[row->n].text = strdup("")))
		return pmo_error_set_oom();
	row->n++;
	return 0;
}

/* The row ends: kept unless it is a blank line (one empty field). */
static int push_row(pmo_csv *out, pmo_csv_row *row)
{
	if (row->n == 1 && !*row->fields[0].text) {
		free(row->fields[0].text);
		free(row->fields);
	} else {
		if (out->n == out->cap) {
			size_t cap = out->cap ? 2 * out->cap : 16;
			pmo_csv_row *rows = realloc(out->rows, cap * sizeof(*rows));

			if (!rows)
				return pmo_error_set_oom();
			out->rows = rows;
			out->cap = cap;
		}
		out->rows[out->n++] = *row;
	}
	memset(row, 0, sizeof(*row));
	return 0;
}

int pmo_csv_parse(pmo_csv *out, const char *path, const char *text, size_t len)
{
	pmo_csv_row row = { 0 };
	pmo_buf b = PMO_BUF_INIT;
	size_t i = 0;
	uint32_t line = 1, col = 1, fline, fcol;
	int error = 0;

	memset(out, 0, sizeof(*out));
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < len) {
		/* one field, starting at text[i] */
		fline = line;
		fcol = col;
		if (!row.n)
			row.line = line;
		if (text[i] == '"') {
			i++, col++;
			for (;;) {
				if (i == len) {
					error = pmo_error_set_at(PMO_EINVALID, path, fline, fcol,
								 "a quoted field is not closed: a \" is missing "
								 "before the end of the file");
					goto done;
				}
				if (text[i] == '"' && i + 1 < len && text[i + 1] == '"') {
					pmo_buf_putc(&b, '"');
					i += 2, col += 2;
				} else if (text[i] == '"') {
					i++, col++;
					break;
				} else if (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n') {
					/* a line break in a field is LF, as pmo's files have it */
					i++;
				} else {
					if (text[i] == '\n')
						line++, col = 1;
					else if (((unsigned char)text[i] & 0xC0) != 0x80)
						col++;
					if (!text[i])
						goto nul;
					pmo_buf_putc(&b, text[i++]);
				}
			}
			if (i < len && text[i] != ',' && text[i] != '\n' &&
			    !(text[i] == '\r' && i + 1 < len && text[i + 1] == '\n') &&
			    !(text[i] == '\r' && i + 1 == len)) {
				error = pmo_error_set_at(PMO_EINVALID, path, line, col,
							 "text after a quoted field's closing quote: a quote "
							 "inside a quoted field is written \"\"");
				goto done;
			}
		} else {
			while (i < len && text[i] != ',' && text[i] != '\n' &&
			       !(text[i] == '\r' && (i + 1 == len || text[i + 1] == '\n'))) {
				if (!text[i])
					goto nul;
				if (((unsigned char)text[i] & 0xC0) != 0x80)
					col++;
				pmo_buf_putc(&b, text[i++]);
			}
		}
		if ((error = push_field(&row, &b, fline, fcol)) < 0)
			goto done;
		if (i < len && text[i] == ',') {
			i++, col++;
			if (i == len && (error = push_field(&row, &b, line, col)) < 0)
				goto done;
			continue;
		}
		if (i < len && text[i] == '\r')
			i++;
		if (i < len && text[i] == '\n')
			i++;
		line++, col = 1;
		if ((error = push_row(out, &row)) < 0)
			goto done;
	}
	if (row.n && (error = push_row(out, &row)) < 0)
		goto done;
	goto done;
nul:
	error = pmo_error_set_at(PMO_EINVALID, path, line, col, "a NUL byte: not a text file");
done:
	pmo_buf_free(&b);
	for (i = 0; i < row.n; i++)
		free(row.fields[i].text);
	free(row.fields);
	if (error < 0)
		pmo_csv_free(out);
	return error;
}
