#ifndef PMO_UTIL_BUF_H
#define PMO_UTIL_BUF_H
#include <stdarg.h>
#include <stddef.h>

/*
 * A growable byte string, always NUL-terminated (like git's strbuf).
 * An allocation failure makes the buffer sticky-failed: later appends do
 * nothing and pmo_buf_oom() reports it, so a builder checks once at the end.
 */
typedef struct {
	char *ptr;
	size_t len;
	size_t cap;
	int oom;
} pmo_buf;

#define PMO_BUF_INIT { NULL, 0, 0, 0 }

void pmo_buf_init(pmo_buf *b);
void pmo_buf_free(pmo_buf *b);
/* Hand the string to the caller (free() it); the buffer is reset. Never NULL
 * unless allocation failed. */
char *pmo_buf_detach(pmo_buf *b);
void pmo_buf_clear(pmo_buf *b);
int pmo_buf_grow(pmo_buf *b, size_t extra);
int pmo_buf_put(pmo_buf *b, const void *data, size_t len);
int pmo_buf_puts(pmo_buf *b, const char *s);
int pmo_buf_putc(pmo_buf *b, char c);
int pmo_buf_printf(pmo_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int pmo_buf_vprintf(pmo_buf *b, const char *fmt, va_list ap);
/* Append n copies of c. */
int pmo_buf_pad(pmo_buf *b, char c, size_t n);
void pmo_buf_truncate(pmo_buf *b, size_t len);
/* 0, or PMO_ENOMEM (with the error set) when an append failed. */
int pmo_buf_oom(const pmo_buf *b);
/* The string, "" for a buffer never written to. Borrowed. */
const char *pmo_buf_cstr(const pmo_buf *b);

/* What buffers grow with: realloc, or in tests one that fails, to walk the
 * out-of-memory path (tests/test_util.c). */
extern void *(*pmo_buf__realloc)(void *p, size_t n);

#endif
