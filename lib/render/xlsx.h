#ifndef PMO_RENDER_XLSX_H
#define PMO_RENDER_XLSX_H
/*
 * An Excel workbook (.xlsx), written sheet by sheet and row by row: the
 * one file of pmo that uses libxlsxwriter. Cells are typed as Excel reads
 * them: text, numbers, real dates (a date format, not text), money (a
 * number with the currency's format, converted from its exact text only
 * at the cell), percentages and booleans. Every sheet has a bold header
 * row that stays in view (frozen) and an autofilter; its columns are as
 * wide as their longest text, a CJK character counting two.
 *
 * libxlsxwriter writes to a file name only (not a pipe), so the workbook
 * is written to a temporary file, read back into a buffer and removed on
 * every path; the caller prints the bytes or writes them where it likes.
 */
#include <stddef.h>
#include "util/buf.h"
#include "util/date.h"
#include "util/money.h"

typedef struct pmo_xlsx pmo_xlsx;

/* A new workbook; money cells are amounts in currency c (its code picks
 * the symbol, its minor units the decimals); made on the day given (its
 * "created" property, 00:00 UTC), so that the same cells and day give the
 * same bytes. PMO_EIO naming the temporary folder when no file can be
 * made there ($TMPDIR, else /tmp). */
int pmo_xlsx_new(pmo_xlsx **out, const pmo_currency *c, pmo_date made);
/* Discard the workbook (nothing written) and its temporary file. NULL is
 * fine. */
void pmo_xlsx_free(pmo_xlsx *x);

/* Start a sheet with its header row. The name is made one Excel takes:
 * []:*?/\ become '_', at most 31 characters, and a name a sheet of the
 * workbook has already (in any case) gets " (2)", " (3)" … */
int pmo_xlsx_sheet(pmo_xlsx *x, const char *name, const char *const *headers, size_t ncols);
/* The name the current sheet got. */
const char *pmo_xlsx_sheet_name(const pmo_xlsx *x);
/* Start the next row of the current sheet; the cells below go into it,
 * each column at most once, from left to right. */
int pmo_xlsx_row(pmo_xlsx *x);
/* A text cell (NULL or "": the cell stays empty). Text must be UTF-8
 * (PMO_EINVALID otherwise); longer text than a cell holds (32,767
 * characters) is cut at a character. */
int pmo_xlsx_text(pmo_xlsx *x, size_t col, const char *s);
int pmo_xlsx_number(pmo_xlsx *x, size_t col, double v);
/* A date cell shown yyyy-mm-dd (PMO_NODATE: empty). */
int pmo_xlsx_date(pmo_xlsx *x, size_t col, pmo_date d);
/* An amount: a number with the currency's format (¥#,##0.00 for CNY). */
int pmo_xlsx_money(pmo_xlsx *x, size_t col, pmo_money m);
/* A share shown as a percentage: ratio 0.4 is 40%; places: decimals
 * shown (0 or 2). */
int pmo_xlsx_percent(pmo_xlsx *x, size_t col, double ratio, int places);
int pmo_xlsx_bool(pmo_xlsx *x, size_t col, int v);

/* Finish the workbook and append its bytes to out; x is freed whatever
 * happens (the temporary file removed). PMO_EIO with libxlsxwriter's
 * reason when it cannot be written. */
int pmo_xlsx_finish(pmo_buf *out, pmo_xlsx *x);

#endif
