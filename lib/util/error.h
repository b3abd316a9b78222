#ifndef PMO_UTIL_ERROR_H
#define PMO_UTIL_ERROR_H
#include <stddef.h>

/*
 * Errors are values: a function that can fail returns 0 or one of these
 * negative codes, and sets the message once, where the problem is found.
 * Callers pass the code up unchanged; only cmd/ prints it.
 */
enum {
	PMO_OK = 0,
	PMO_ERROR = -1,     /* generic failure */
	PMO_ENOTFOUND = -3, /* no such record, file, revision */
	PMO_EEXISTS = -4,   /* already exists */
	PMO_EINVALID = -5,  /* data does not satisfy a rule (schema, YAML rules) */
	PMO_ECONFLICT = -6, /* uncommitted edits, lost race, repository state */
	PMO_EUSAGE = -7,    /* bad command-line input (field=value, option) */
	PMO_ENOMEM = -8,
	PMO_EIO = -9,       /* file system */
	PMO_EGIT = -10,     /* libgit2 */
};

typedef struct {
	int code;
	char *message; /* the sentence, without "error: " */
	char *path;    /* file the problem is in, or NULL */
	size_t line;   /* 1-based, 0 when unknown */
	size_t col;    /* 1-based, 0 when unknown */
} pmo_error;

/* Set the last error; returns code so that `return pmo_error_set(...)` works. */
int pmo_error_set(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Same, with the place in a file. */
int pmo_error_set_at(int code, const char *path, size_t line, size_t col,
		     const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Out of memory: PMO_ENOMEM with a static message, set without allocating
 * (what a failed allocation reports, so that reporting it cannot fail). */
int pmo_error_set_oom(void);
/* The last error set, or NULL when none was. Borrowed. */
const pmo_error *pmo_error_last(void);
void pmo_error_clear(void);
/* A job on another thread keeps what it could not do: the last error
 * (when error is not PMO_ENOMEM) copied into out, its strings the
 * caller's (free them with pmo_error_kept_free), and cleared. Returns
 * error, or PMO_ENOMEM when the copy could not be made. */
int pmo_error_keep(pmo_error *out, int error);
/* A kept error set again as the last one (on the thread that tells it);
 * returns its code. */
int pmo_error_tell(const pmo_error *kept);
void pmo_error_kept_free(pmo_error *kept);
/* Format "path:line:col: message" (or just "message") into a new string. */
char *pmo_error_format(const pmo_error *e);

#endif
