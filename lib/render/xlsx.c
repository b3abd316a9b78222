/*
 * The workbook writer (xlsx.h) over libxlsxwriter, the only file that
 * calls it (through xlsxlib.h: loaded when the first workbook is made,
 * not at every pmo command's start). Rows go out in order (constant_memory: a 20,000-task plan
 * takes 4 MB, not 15), so a column's width is known only when its sheet
 * ends: the widths are kept as the cells come and set then (libxlsxwriter
 * writes a sheet's columns when the workbook is closed).
 *
 * libxlsxwriter prints a warning on stderr for some bad input (a sheet
 * name Excel refuses, text too long for a cell) and takes invalid UTF-8
 * into a corrupt file: every such input is made right or refused here
 * before it reaches the library.
 */
#include "render/xlsx.h"
#include "render/xlsxlib.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/utf8.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#if LXW_VERSION_ID < 100
#error "pmo needs libxlsxwriter 1.0 or later"
#endif

/* What a cell holds at most, in characters (Excel's limit). */
#define CELL_MAX 32767
/* The widest a column is made, in characters: a long note wraps in a
 * narrower column rather than pushing the rest out of sight. */
#define WIDTH_MAX 60
/* The buffer of a sheet's rows on their way to libxlsxwriter's temporary
 * file (sheet_buffer). */
#define SHEET_BUFFER (256 * 1024)

/* libxlsxwriter's functions, once a workbook has been made */
static const pmo_xlsxlib *lib;

struct pmo_xlsx {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	char *path;             /* the temporary file */
	pmo_currency cur;
	lxw_format *header, *date, *money, *pct0, *pct2;
	char **names;           /* the sheets' names, for uniqueness */
	size_t nnames;
	size_t ncols;
	size_t *width;          /* per column of the current sheet */
	char **buffers;         /* the sheets' (sheet_buffer), until the workbook is closed */
	size_t nbuffers;
	int closed;             /* workbook_close said all was written */
	lxw_row_t row;          /* current row; 0 is the header */
};

static int lxw_fail(lxw_error e, const char *what)
{
	return pmo_error_set(PMO_EIO, "cannot write the workbook (%s): %s", what, lib->lxw_strerror(e));
}

/* The currency's number format: the symbol where Excel has a locale for
 * it, else the code after the amount; the currency's minor units. */
static void money_format(pmo_buf *b, const pmo_currency *c)
{
	static const struct { const char *code, *symbol; } sym[] = {
		{ "CNY", "[$¥-804]" }, { "HKD", "[$HK$-C04]" }, { "USD", "[$$-409]" },
		{ "EUR", "[$€-x-euro2]" }, { "GBP", "[$£-809]" }, { "JPY", "[$¥-411]" },
	};
	size_t i;
	int k;

	for (i = 0; i < sizeof(sym) / sizeof(sym[0]); i++)
		if (!strcmp(c->code, sym[i].code))
			break;
	if (i < sizeof(sym) / sizeof(sym[0]))
		pmo_buf_puts(b, sym[i].symbol);
	pmo_buf_puts(b, "#,##0");
	if (c->minor > 0)
		pmo_buf_putc(b, '.');
	for (k = 0; k < c->minor; k++)
		pmo_buf_putc(b, '0');
	if (i == sizeof(sym) / sizeof(sym[0]) && c->code[0])
		pmo_buf_printf(b, " \"%s\"", c->code);
}

static lxw_format *number_format(lxw_workbook *wb, const char *fmt)
{
	lxw_format *f = lib->workbook_add_format(wb);

	if (f)
		lib->format_set_num_format(f, fmt);
	return f;
}

int pmo_xlsx_new(pmo_xlsx **out, const pmo_currency *c, pmo_date made)
{
	lxw_workbook_options o;
	lxw_doc_properties props;
	pmo_buf b = PMO_BUF_INIT;
	const char *dir = getenv("TMPDIR");
	pmo_xlsx *x = calloc(1, sizeof(*x));
	int fd, error = 0;

	if (!x)
		return pmo_error_set_oom();
	if ((error = pmo_xlsxlib_load(&lib, NULL)) < 0) {
		free(x);
		return error;
	}
	x->cur = *c;
	if (!dir || !*dir)
		dir = "/tmp";
	pmo_buf_printf(&b, "%s/pmo-xlsx-XXXXXX", dir);
	if (pmo_buf_oom(&b) < 0 || !(x->path = pmo_buf_detach(&b))) {
		error = pmo_error_set_oom();
		goto done;
	}
	if ((fd = mkstemp(x->path)) < 0) {
		error = pmo_error_set(PMO_EIO, "cannot make a temporary file in %s for the workbook: %s", dir,
				      strerror(errno));
		free(x->path);
		x->path = NULL;
		goto done;
	}
	close(fd);
	memset(&o, 0, sizeof(o));
	o.constant_memory = LXW_TRUE;
	o.tmpdir = (char *)dir;
	if (!(x->wb = lib->workbook_new_opt(x->path, &o))) {
		error = pmo_error_set_oom();
		goto done;
	}
	pmo_buf_clear(&b);
	money_format(&b, c);
	if (pmo_buf_oom(&b) < 0 || !(x->header = lib->workbook_add_format(x->wb)) ||
	    !(x->date = number_format(x->wb, "yyyy-mm-dd")) ||
	    !(x->money = number_format(x->wb, pmo_buf_cstr(&b))) ||
	    !(x->pct0 = number_format(x->wb, "0%")) || !(x->pct2 = number_format(x->wb, "0.00%"))) {
		error = pmo_error_set_oom();
		goto done;
	}
	lib->format_set_bold(x->header);
	/* libxlsxwriter stamps the time of writing otherwise */
	memset(&props, 0, sizeof(props));
	props.created = (time_t)made * 86400;
	if (lib->workbook_set_properties(x->wb, &props)) {
		error = pmo_error_set_oom();
		goto done;
	}
done:
	pmo_buf_free(&b);
	if (error < 0) {
		pmo_xlsx_free(x);
		return error;
	}
	*out = x;
	return 0;
}

static void names_free(pmo_xlsx *x)
{
	size_t i;

	for (i = 0; i < x->nnames; i++)
		free(x->names[i]);
	free(x->names);
	x->names = NULL;
	x->nnames = 0;
}

/* The sheets' buffers freed. A workbook closed has closed the sheets'
 * files; one given up (an error) keeps them open until exit, when stdio
 * flushes every stream: nothing is left in them to write from a freed
 * buffer once flushed here. */
static void buffers_free(pmo_xlsx *x)
{
	size_t i;

	if (x->nbuffers && !x->closed)
		fflush(NULL);
	for (i = 0; i < x->nbuffers; i++)
		free(x->buffers[i]);
	free(x->buffers);
	x->buffers = NULL;
	x->nbuffers = 0;
}

void pmo_xlsx_free(pmo_xlsx *x)
{
	if (!x)
		return;
	if (x->wb)
		lib->lxw_workbook_free(x->wb);
	if (x->path) {
		unlink(x->path);
		free(x->path);
	}
	names_free(x);
	buffers_free(x);
	free(x->width);
	free(x);
}

/* The current sheet's columns as wide as their text, and its filter. */
static int sheet_end(pmo_xlsx *x)
{
	lxw_error e;
	size_t c;

	if (!x->ws)
		return 0;
	for (c = 0; c < x->ncols; c++) {
		size_t w = x->width[c] + 2;
		if ((e = lib->worksheet_set_column(x->ws, (lxw_col_t)c, (lxw_col_t)c,
					      (double)(w > WIDTH_MAX ? WIDTH_MAX : w), NULL)))
			return lxw_fail(e, "column width");
	}
	if (x->ncols && (e = lib->worksheet_autofilter(x->ws, 0, 0, x->row, (lxw_col_t)(x->ncols - 1))))
		return lxw_fail(e, "filter");
	x->ws = NULL;
	return 0;
}

static int same_name(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		unsigned char p = (unsigned char)*a, q = (unsigned char)*b;
		if (p >= 'A' && p <= 'Z')
			p = (unsigned char)(p - 'A' + 'a');
		if (q >= 'A' && q <= 'Z')
			q = (unsigned char)(q - 'A' + 'a');
		if (p != q)
			return 0;
	}
	return *a == *b;
}

/* name cut to at most max characters (Excel counts UTF-16 units: a
 * character beyond the BMP is two), []:*?/\ as '_', no quote at either
 * end, into b. */
static void sheet_base(pmo_buf *b, const char *name, size_t max)
{
	size_t n = strlen(name), at = 0, units = 0, start = b->len;

	while (at < n) {
		uint32_t cp;
		size_t len = pmo_utf8_decode(name + at, n - at, &cp);
		size_t u = cp >= 0x10000 ? 2 : 1;

		if (!len || units + u > max)
			break;
		if (strchr("[]:*?/\\", name[at]) && len == 1)
			pmo_buf_putc(b, '_');
		else
			pmo_buf_put(b, name + at, len);
		units += u;
		at += len;
	}
	if (b->len > start && b->ptr[start] == '\'')
		b->ptr[start] = '_';
	if (b->len > start && b->ptr[b->len - 1] == '\'')
		b->ptr[b->len - 1] = '_';
	if (b->len == start)
		pmo_buf_puts(b, "Sheet");
}

static int sheet_name(char **out, const pmo_xlsx *x, const char *name)
{
	pmo_buf b = PMO_BUF_INIT;
	unsigned k;
	size_t i;

	for (k = 1;; k++) {
		char suffix[16] = "";

		pmo_buf_clear(&b);
		if (k > 1)
			snprintf(suffix, sizeof(suffix), " (%u)", k);
		sheet_base(&b, name, LXW_SHEETNAME_MAX - strlen(suffix));
		pmo_buf_puts(&b, suffix);
		if (pmo_buf_oom(&b) < 0)
			return pmo_error_set_oom();
		for (i = 0; i < x->nnames && !same_name(x->names[i], pmo_buf_cstr(&b)); i++)
			;
		if (i == x->nnames)
			break;
	}
	if (!(*out = pmo_buf_detach(&b)))
		return pmo_error_set_oom();
	return 0;
}

static void widen(pmo_xlsx *x, size_t col, size_t w)
{
	if (w > x->width[col])
		x->width[col] = w;
}

/* The widest line of s in display columns (a CJK character is two). */
static size_t text_width(const char *s, size_t n)
{
	size_t w = 0, at = 0;

	while (at < n) {
		const char *nl = memchr(s + at, '\n', n - at);
		size_t end = nl ? (size_t)(nl - s) : n, lw = pmo_utf8_width(s + at, end - at);

		if (lw > w)
			w = lw;
		at = end + 1;
	}
	return w;
}

/* libxlsxwriter writes a sheet's rows (constant_memory) to a temporary
 * file through stdio's buffer, 4 KB on most file systems, and reads them
 * back through it when the workbook is closed: for a 20,000-task plan's
 * 17 MB of XML, 8,500 system calls of a 14,000. A larger buffer of pmo's
 * makes them 140. It is the library's FILE (lxw_worksheet's
 * optimize_tmpfile, made by workbook_add_worksheet, written first when
 * the header row is done), closed by workbook_close before the buffer is
 * freed (buffers_free). */
static int sheet_buffer(pmo_xlsx *x)
{
	char **buffers, *buf;

	if (!x->ws->optimize_tmpfile)
		return 0;
	if (!(buffers = realloc(x->buffers, (x->nbuffers + 1) * sizeof(*buffers))) ||
	    !(buf = malloc(SHEET_BUFFER))) {
		if (buffers)
			x->buffers = buffers;
		return pmo_error_set_oom();
	}
	x->buffers = buffers;
	x->buffers[x->nbuffers++] = buf;
	if (setvbuf(x->ws->optimize_tmpfile, buf, _IOFBF, SHEET_BUFFER))
		return pmo_error_set(PMO_EIO, "cannot buffer the sheet \"%s\" of the workbook", pmo_xlsx_sheet_name(x));
	return 0;
}

int pmo_xlsx_sheet(pmo_xlsx *x, const char *name, const char *const *headers, size_t ncols)
{
	char **names;
	char *shown = NULL;
	size_t c;
	lxw_error e;
	int error;

	if ((error = sheet_end(x)) < 0)
		return error;
	if ((error = sheet_name(&shown, x, name)) < 0)
		return error;
	if ((e = lib->workbook_validate_sheet_name(x->wb, shown))) {
		error = pmo_error_set(PMO_EINVALID, "\"%s\" cannot name a sheet: %s", shown, lib->lxw_strerror(e));
		free(shown);
		return error;
	}
	if (!(names = realloc(x->names, (x->nnames + 1) * sizeof(*names)))) {
		free(shown);
		return pmo_error_set_oom();
	}
	x->names = names;
	x->names[x->nnames++] = shown;
	free(x->width);
	if (!(x->width = calloc(ncols ? ncols : 1, sizeof(*x->width))))
		return pmo_error_set_oom();
	x->ncols = ncols;
	x->row = 0;
	if (!(x->ws = lib->workbook_add_worksheet(x->wb, shown)))
		return pmo_error_set(PMO_EIO, "cannot add the sheet \"%s\" to the workbook", shown);
	if ((error = sheet_buffer(x)) < 0)
		return error;
	lib->worksheet_freeze_panes(x->ws, 1, 0);
	for (c = 0; c < ncols; c++) {
		if ((e = lib->worksheet_write_string(x->ws, 0, (lxw_col_t)c, headers[c], x->header)))
			return lxw_fail(e, "header");
		widen(x, c, text_width(headers[c], strlen(headers[c])));
	}
	return 0;
}

const char *pmo_xlsx_sheet_name(const pmo_xlsx *x)
{
	return x->nnames ? x->names[x->nnames - 1] : NULL;
}

int pmo_xlsx_row(pmo_xlsx *x)
{
	if (!x->ws)
		return pmo_error_set(PMO_EINVALID, "a row of a workbook outside a sheet");
	if (x->row + 1 >= LXW_ROW_MAX)
		return pmo_error_set(PMO_EINVALID, "the sheet \"%s\" would have more than %d rows, "
				     "as many as Excel holds", pmo_xlsx_sheet_name(x), LXW_ROW_MAX);
	x->row++;
	return 0;
}

static int cell_check(const pmo_xlsx *x, size_t col)
{
	if (!x->ws || !x->row || col >= x->ncols)
		return pmo_error_set(PMO_EINVALID, "a cell of a workbook outside a row (column %zu of %zu)",
				     col + 1, x->ncols);
	return 0;
}

int pmo_xlsx_text(pmo_xlsx *x, size_t col, const char *s)
{
	size_t n, at = 0, chars = 0;
	char *cut = NULL;
	lxw_error e;
	int error;

	if ((error = cell_check(x, col)) < 0)
		return error;
	if (!s || !*s)
		return 0;
	n = strlen(s);
	if (pmo_utf8_invalid_at(s, n) != (size_t)-1)
		return pmo_error_set(PMO_EINVALID, "sheet \"%s\", row %lu: the text of column %zu is not UTF-8",
				     pmo_xlsx_sheet_name(x), (unsigned long)x->row + 1, col + 1);
	while (at < n && chars < CELL_MAX) {
		uint32_t cp;
		at += pmo_utf8_decode(s + at, n - at, &cp);
		chars++;
	}
	if (at < n) {
		if (!(cut = malloc(at + 1)))
			return pmo_error_set_oom();
		memcpy(cut, s, at);
		cut[at] = '\0';
		n = at;
	}
	e = lib->worksheet_write_string(x->ws, x->row, (lxw_col_t)col, cut ? cut : s, NULL);
	free(cut);
	if (e)
		return lxw_fail(e, "text");
	widen(x, col, text_width(s, n));
	return 0;
}

/* The width of v as "%.10g" shows it; a whole number (days, slack, a
 * count: most of them) counted without formatting it. */
static size_t number_width(double v)
{
	char buf[32];
	size_t w = 1;
	double a = fabs(v);

	if (a < 1e10 && a == (double)(long long)a) {
		long long n = (long long)a;
		while (n >= 10) {
			n /= 10;
			w++;
		}
		return w + (signbit(v) != 0);
	}
	return (size_t)snprintf(buf, sizeof(buf), "%.10g", v);
}

int pmo_xlsx_number(pmo_xlsx *x, size_t col, double v)
{
	lxw_error e;
	int error;

	if ((error = cell_check(x, col)) < 0)
		return error;
	if ((e = lib->worksheet_write_number(x->ws, x->row, (lxw_col_t)col, v, NULL)))
		return lxw_fail(e, "number");
	widen(x, col, number_width(v));
	return 0;
}

int pmo_xlsx_date(pmo_xlsx *x, size_t col, pmo_date d)
{
	lxw_datetime dt;
	lxw_error e;
	int y, m, day, error;

	if ((error = cell_check(x, col)) < 0 || d == PMO_NODATE)
		return error;
	pmo_date_to_ymd(d, &y, &m, &day);
	memset(&dt, 0, sizeof(dt));
	dt.year = y;
	dt.month = m;
	dt.day = day;
	if ((e = lib->worksheet_write_datetime(x->ws, x->row, (lxw_col_t)col, &dt, x->date)))
		return lxw_fail(e, "date");
	widen(x, col, 10);
	return 0;
}

/* The amount's exact text ("1200000.50") becomes the cell's number: the
 * nearest double to the decimal, with no arithmetic on the way. */
int pmo_xlsx_money(pmo_xlsx *x, size_t col, pmo_money m)
{
	char plain[PMO_MONEY_BUFSZ];
	size_t n, whole;
	lxw_error e;
	int error;

	if ((error = cell_check(x, col)) < 0)
		return error;
	pmo_money_format(plain, m, &x->cur, 0);
	if ((e = lib->worksheet_write_number(x->ws, x->row, (lxw_col_t)col, strtod(plain, NULL), x->money)))
		return lxw_fail(e, "amount");
	/* as wide as the amount grouped, "1,200,000.50": a comma before each
	 * three digits of the whole part but the first; and the symbol */
	n = strlen(plain);
	whole = strcspn(plain, ".") - (plain[0] == '-');
	widen(x, col, n + (whole ? (whole - 1) / 3 : 0) + 2);
	return 0;
}

int pmo_xlsx_percent(pmo_xlsx *x, size_t col, double ratio, int places)
{
	lxw_error e;
	int error;

	if ((error = cell_check(x, col)) < 0)
		return error;
	if ((e = lib->worksheet_write_number(x->ws, x->row, (lxw_col_t)col, ratio, places ? x->pct2 : x->pct0)))
		return lxw_fail(e, "percentage");
	widen(x, col, places ? 7 : 4);
	return 0;
}

int pmo_xlsx_bool(pmo_xlsx *x, size_t col, int v)
{
	lxw_error e;
	int error;

	if ((error = cell_check(x, col)) < 0)
		return error;
	if ((e = lib->worksheet_write_boolean(x->ws, x->row, (lxw_col_t)col, v != 0, NULL)))
		return lxw_fail(e, "boolean");
	widen(x, col, 5);
	return 0;
}

int pmo_xlsx_finish(pmo_buf *out, pmo_xlsx *x)
{
	pmo_buf bytes = PMO_BUF_INIT;
	lxw_error e;
	int error;

	if ((error = sheet_end(x)) < 0)
		goto done;
	if (!x->nnames && !lib->workbook_add_worksheet(x->wb, NULL)) {
		error = pmo_error_set_oom();
		goto done;
	}
	e = lib->workbook_close(x->wb);
	x->wb = NULL; /* closed and freed, whatever it says */
	x->closed = !e;
	if (e) {
		error = lxw_fail(e, x->path);
		goto done;
	}
	/* straight into out when it is empty: a copy less of the file */
	if (!out->len) {
		error = pmo_fs_read(out, x->path, 0);
		goto done;
	}
	if ((error = pmo_fs_read(&bytes, x->path, 0)) < 0)
		goto done;
	pmo_buf_put(out, bytes.ptr, bytes.len);
	if (pmo_buf_oom(out) < 0)
		error = pmo_error_set_oom();
done:
	pmo_buf_free(&bytes);
	pmo_xlsx_free(x);
	return error;
}
