#ifndef PMO_UTIL_CSV_H
#define PMO_UTIL_CSV_H
/*
 * CSV as RFC 4180 writes it, and as Excel and LibreOffice save it: fields
 * separated by commas, records by CRLF or LF; a field in double quotes may
 * hold commas, line breaks and "" for a quote. A UTF-8 byte order mark at
 * the start is dropped. Blank lines are skipped. Each field keeps the line
 * and column (in characters, 1-based) where it starts, so a problem with a
 * value can be named where the file has it.
 */
#include <stddef.h>
#include <stdint.h>

typedef struct {
	char *text;            /* the value, unquoted; "" when empty */
	uint32_t line, col;    /* where the field starts */
} pmo_csv_field;

typedef struct {
	pmo_csv_field *fields;
	size_t n;
	uint32_t line;         /* the line the record starts on */
} pmo_csv_row;

typedef struct {
	pmo_csv_row *rows;
	size_t n, cap;
} pmo_csv;

/* Parse text (len bytes) into out. A quote left open, or text after a
 * closing quote, is PMO_EINVALID at path:line:col; a NUL byte too. */
int pmo_csv_parse(pmo_csv *out, const char *path, const char *text, size_t len);
void pmo_csv_free(pmo_csv *csv);

#endif
