#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Each thread its own: records are read on several threads at once
 * (pmo_records_each), each telling its own file's error. A thread clears
 * its error before it ends. */
static _Thread_local pmo_error last;
static _Thread_local int have_last;

/* The message of a failed allocation: static, so that telling it takes
 * no memory (libgit2's git_error_set_oom). */
static char oom_message[] = "out of memory";

/* fmt and ap as a new string, NULL when it cannot be made. Not through
 * pmo_buf: pmo_buf reports its own failures here. */
static char *vformat(const char *fmt, va_list ap)
{
	va_list cp;
	char *s;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0 || !(s = malloc((size_t)n + 1)))
		return NULL;
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

static char *format(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
static char *format(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = vformat(fmt, ap);
	va_end(ap);
	return s;
}

int pmo_error_set_oom(void)
{
	pmo_error_clear();
	last.code = PMO_ENOMEM;
	last.message = oom_message;
	have_last = 1;
	return PMO_ENOMEM;
}

static int set_va(int code, const char *path, size_t line, size_t col,
		  const char *fmt, va_list ap)
{
	char *message;

	pmo_error_clear();
	if (!(message = vformat(fmt, ap))) {
		pmo_error_set_oom();
		return code;
	}
	last.code = code;
	last.message = message;
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
	if (last.message != oom_message)
		free(last.message);
	free(last.path);
	memset(&last, 0, sizeof(last));
	have_last = 0;
}

char *pmo_error_format(const pmo_error *e)
{
	const char *message;

	if (!e)
		return strdup("unknown error");
	message = e->message ? e->message : "unknown error";
	if (e->path && e->line)
		return format("%s:%zu:%zu: %s", e->path, e->line, e->col ? e->col : 1, message);
	if (e->path)
		return format("%s: %s", e->path, message);
	return strdup(message);
}

int pmo_error_keep(pmo_error *out, int error)
{
	if (have_last && error != PMO_ENOMEM) {
		out->code = last.code;
		out->line = last.line;
		out->col = last.col;
		out->message = strdup(last.message ? last.message : "");
		out->path = last.path ? strdup(last.path) : NULL;
		if (!out->message || (last.path && !out->path))
			error = PMO_ENOMEM;
	}
	pmo_error_clear();
	return error;
}

int pmo_error_tell(const pmo_error *kept)
{
	if (!kept->message)
		return pmo_error_set_oom();
	return pmo_error_set_at(kept->code, kept->path, kept->line, kept->col, "%s", kept->message);
}

void pmo_error_kept_free(pmo_error *kept)
{
	free(kept->message);
	free(kept->path);
	kept->message = kept->path = NULL;
}
