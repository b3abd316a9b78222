#include "util/error.h"
#include "util/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pmo_error last;
static int have_last;

static int set_va(int code, const char *path, size_t line, size_t col,
		  const char *fmt, va_list ap)
{
	pmo_buf b = PMO_BUF_INIT;

	pmo_error_clear();
	pmo_buf_vprintf(&b, fmt, ap);
	last.code = code;
	last.message = pmo_buf_detach(&b);
	last.path = path ? strdup(path) : NULL;
	last.line = line;
	last.col = col;
	have_last = 1;
	return code;
}

int pmo_error_set(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_va(code, NULL, 0, 0, fmt, ap);
	va_end(ap);
	return code;
}

int pmo_error_set_at(int code, const char *path, size_t line, size_t col,
		     const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_va(code, path, line, col, fmt, ap);
	va_end(ap);
	return code;
}

const pmo_error *pmo_error_last(void)
{
	return have_last ? &last : NULL;
}

void pmo_error_clear(void)
{
	free(last.message);
	free(last.path);
	memset(&last, 0, sizeof(last));
	have_last = 0;
}

char *pmo_error_format(const pmo_error *e)
{
	pmo_buf b = PMO_BUF_INIT;

	if (!e)
		return strdup("unknown error");
	if (e->path && e->line)
		pmo_buf_printf(&b, "%s:%zu:%zu: ", e->path, e->line, e->col ? e->col : 1);
	else if (e->path)
		pmo_buf_printf(&b, "%s: ", e->path);
	pmo_buf_puts(&b, e->message ? e->message : "unknown error");
	return pmo_buf_detach(&b);
}
