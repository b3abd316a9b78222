#include "util/buf.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *(*pmo_buf__realloc)(void *p, size_t n) = realloc;

void pmo_buf_init(pmo_buf *b)
{
	b->ptr = NULL;
	b->len = b->cap = 0;
	b->oom = 0;
}

void pmo_buf_free(pmo_buf *b)
{
	if (!b)
		return;
	free(b->ptr);
	pmo_buf_init(b);
}

char *pmo_buf_detach(pmo_buf *b)
{
	char *s;

	if (b->oom) {
		pmo_buf_free(b);
		return NULL;
	}
	if (!b->ptr && pmo_buf_grow(b, 1) < 0)
		return NULL;
	s = b->ptr;
	pmo_buf_init(b);
	return s;
}

void pmo_buf_clear(pmo_buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

int pmo_buf_grow(pmo_buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (b->oom)
		return PMO_ENOMEM;
	if (extra > (size_t)-1 / 2 - b->len)
		goto fail;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	p = pmo_buf__realloc(b->ptr, cap);
	if (!p)
		goto fail;
	if (!b->ptr)
		p[0] = '\0';
	b->ptr = p;
	b->cap = cap;
	return 0;
fail:
	b->oom = 1;
	return pmo_error_set_oom();
}

int pmo_buf_put(pmo_buf *b, const void *data, size_t len)
{
	if (pmo_buf_grow(b, len) < 0)
		return PMO_ENOMEM;
	if (len)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
	return 0;
}

int pmo_buf_puts(pmo_buf *b, const char *s)
{
	return pmo_buf_put(b, s, strlen(s));
}

int pmo_buf_putc(pmo_buf *b, char c)
{
	return pmo_buf_put(b, &c, 1);
}

int pmo_buf_vprintf(pmo_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return pmo_error_set(PMO_ERROR, "bad format string");
	if (pmo_buf_grow(b, (size_t)n) < 0)
		return PMO_ENOMEM;
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int pmo_buf_printf(pmo_buf *b, const char *fmt, ...)
{
	va_list ap;
	int error;

	va_start(ap, fmt);
	error = pmo_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return error;
}

int pmo_buf_pad(pmo_buf *b, char c, size_t n)
{
	if (pmo_buf_grow(b, n) < 0)
		return PMO_ENOMEM;
	memset(b->ptr + b->len, c, n);
	b->len += n;
	b->ptr[b->len] = '\0';
	return 0;
}

void pmo_buf_truncate(pmo_buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->ptr[len] = '\0';
	}
}

int pmo_buf_oom(const pmo_buf *b)
{
	return b->oom ? PMO_ENOMEM : 0;
}

const char *pmo_buf_cstr(const pmo_buf *b)
{
	return b->ptr ? b->ptr : "";
}
