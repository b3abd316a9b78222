/*
 * URI references resolved against a base (RFC 3986 section 5.2), for $id
 * and $ref.
 */
#include "schema/internal.h"

#include <string.h>

/* ------------------------------------------------------------------ */
/* URIs (RFC 3986 section 5.2). */

typedef struct {
	const char *p;
	size_t n;
	int has;
} upart;

typedef struct {
	upart scheme, auth, path, query, frag;
} uparts;

static void uri_split(const char *u, size_t len, uparts *o)
{
	size_t i = 0, j;

	memset(o, 0, sizeof(*o));
	for (j = 0; j < len && u[j] != ':' && u[j] != '/' && u[j] != '?' && u[j] != '#'; j++)
		;
	if (j > 0 && j < len && u[j] == ':') {
		o->scheme = (upart){ u, j, 1 };
		i = j + 1;
	}
	if (len - i >= 2 && u[i] == '/' && u[i + 1] == '/') {
		for (j = i + 2; j < len && u[j] != '/' && u[j] != '?' && u[j] != '#'; j++)
			;
		o->auth = (upart){ u + i + 2, j - i - 2, 1 };
		i = j;
	}
	for (j = i; j < len && u[j] != '?' && u[j] != '#'; j++)
		;
	o->path = (upart){ u + i, j - i, 1 };
	i = j;
	if (i < len && u[i] == '?') {
		for (j = i + 1; j < len && u[j] != '#'; j++)
			;
		o->query = (upart){ u + i + 1, j - i - 1, 1 };
		i = j;
	}
	if (i < len && u[i] == '#')
		o->frag = (upart){ u + i + 1, len - i - 1, 1 };
}

/* remove_dot_segments of in[0..n) appended to out. */
static void remove_dots(pmo_buf *out, const char *in, size_t n)
{
	size_t start = out->len;

	while (n > 0) {
		if (n >= 3 && memcmp(in, "../", 3) == 0) {
			in += 3, n -= 3;
		} else if (n >= 2 && memcmp(in, "./", 2) == 0) {
			in += 2, n -= 2;
		} else if ((n >= 3 && memcmp(in, "/./", 3) == 0)) {
			in += 2, n -= 2;
		} else if (n == 2 && memcmp(in, "/.", 2) == 0) {
			in += 1, n -= 1;
			pmo_buf_putc(out, '/');
			in += 1, n -= 1;
		} else if ((n >= 4 && memcmp(in, "/../", 4) == 0) || (n == 3 && memcmp(in, "/..", 3) == 0)) {
			size_t l = out->len;
			while (l > start && out->ptr[l - 1] != '/')
				l--;
			if (l > start)
				l--;
			pmo_buf_truncate(out, l);
			if (n == 3) {
				pmo_buf_putc(out, '/');
				n = 0;
			} else {
				in += 3, n -= 3;
			}
		} else if ((n == 1 && in[0] == '.') || (n == 2 && memcmp(in, "..", 2) == 0)) {
			n = 0;
		} else {
			size_t k = in[0] == '/' ? 1 : 0;
			while (k < n && in[k] != '/')
				k++;
			pmo_buf_put(out, in, k);
			in += k, n -= k;
		}
	}
}

/* Resolve ref against base into out (replacing its contents). */
int pmo_schema__uri_resolve(pmo_buf *out, const char *base, const char *ref, size_t rlen)
{
	uparts b, r;
	const upart *scheme, *auth, *query;
	pmo_buf path = PMO_BUF_INIT;
	int error;

	uri_split(base, strlen(base), &b);
	uri_split(ref, rlen, &r);
	pmo_buf_clear(out);
	if (r.scheme.has) {
		scheme = &r.scheme, auth = &r.auth, query = &r.query;
		remove_dots(&path, r.path.p, r.path.n);
	} else {
		scheme = &b.scheme;
		if (r.auth.has) {
			auth = &r.auth, query = &r.query;
			remove_dots(&path, r.path.p, r.path.n);
		} else {
			auth = &b.auth;
			if (r.path.n == 0) {
				pmo_buf_put(&path, b.path.p, b.path.n);
				query = r.query.has ? &r.query : &b.query;
			} else {
				pmo_buf merged = PMO_BUF_INIT;
				query = &r.query;
				if (r.path.p[0] == '/') {
					pmo_buf_put(&merged, r.path.p, r.path.n);
				} else {
					size_t k = b.path.n;
					if (b.auth.has && b.path.n == 0) {
						pmo_buf_putc(&merged, '/');
					} else {
						while (k > 0 && b.path.p[k - 1] != '/')
							k--;
						pmo_buf_put(&merged, b.path.p, k);
					}
					pmo_buf_put(&merged, r.path.p, r.path.n);
				}
				if ((error = pmo_buf_oom(&merged)) < 0) {
					pmo_buf_free(&merged);
					goto done;
				}
				remove_dots(&path, merged.ptr, merged.len);
				pmo_buf_free(&merged);
			}
		}
	}
	if (scheme->has) {
		pmo_buf_put(out, scheme->p, scheme->n);
		pmo_buf_putc(out, ':');
	}
	if (auth->has) {
		pmo_buf_puts(out, "//");
		pmo_buf_put(out, auth->p, auth->n);
	}
	pmo_buf_put(out, path.ptr ? path.ptr : "", path.len);
	if (query->has) {
		pmo_buf_putc(out, '?');
		pmo_buf_put(out, query->p, query->n);
	}
	if (r.frag.has) {
		pmo_buf_putc(out, '#');
		pmo_buf_put(out, r.frag.p, r.frag.n);
	}
	if ((error = pmo_buf_oom(&path)) < 0)
		goto done;
	error = pmo_buf_oom(out);
done:
	pmo_buf_free(&path);
	return error;
}

