/*
 * JSON Schema draft-07 validator over pmo's YAML tree.
 *
 * Every schema object (or boolean) met in a schema document is compiled once
 * into a pmo_schema: its keywords read into fields, numbers parsed, regular
 * expressions compiled with PCRE2 (cached by text in the set). A document is
 * compiled eagerly when it is added, which also registers its $id's. A $ref
 * is resolved the first time a schema is validated against ("prepared"):
 * every schema reachable from the root is visited, each $ref resolved once
 * (loading remote documents through the set's loader) and kept as a pointer,
 * and cycles of $ref/allOf/anyOf/... that would never consume the instance
 * are refused. Validation itself then never fails and never looks anything
 * up by string; it runs first as a yes/no check and only collects findings
 * (messages, locations) where something fails.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "schema/format.h"
#include "schema/schema.h"
#include "util/error.h"
#include "util/utf8.h"

/* ------------------------------------------------------------------ */
/* A small hash table: keys are byte strings (klen > 0 or a "" key with
 * is_ptr == 0) or pointers (is_ptr). Keys are not copied. */

typedef struct {
	const void *key;
	size_t klen;
	uint64_t hash;
	void *val;
} hent;

typedef struct {
	hent *e;
	size_t cap, n;
	int is_ptr;
} htab;

static uint64_t hash_bytes(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 1469598103934665603ull;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= s[i];
		h *= 1099511628211ull;
	}
	return h;
}

static uint64_t hash_ptr(const void *p)
{
	uint64_t x = (uint64_t)(uintptr_t)p;

	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	return x;
}

static uint64_t ht_hash(const htab *t, const void *key, size_t klen)
{
	return t->is_ptr ? hash_ptr(key) : hash_bytes(key, klen);
}

static hent *ht_slot(const htab *t, const void *key, size_t klen, uint64_t h)
{
	size_t i = (size_t)h & (t->cap - 1);

	for (;;) {
		hent *e = &t->e[i];
		if (!e->key)
			return e;
		if (e->hash == h && (t->is_ptr ? e->key == key
				     : e->klen == klen && memcmp(e->key, key, klen) == 0))
			return e;
		i = (i + 1) & (t->cap - 1);
	}
}

static void *ht_get(const htab *t, const void *key, size_t klen)
{
	if (t->cap == 0)
		return NULL;
	return ht_slot(t, key, klen, ht_hash(t, key, klen))->val;
}

static int ht_put(htab *t, const void *key, size_t klen, void *val)
{
	uint64_t h;
	hent *e;

	if ((t->n + 1) * 2 > t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 16, i;
		hent *old = t->e, *ne = calloc(ncap, sizeof(*ne));
		size_t ocap = t->cap;
		if (!ne)
			return pmo_error_set(PMO_ENOMEM, "out of memory");
		t->e = ne;
		t->cap = ncap;
		for (i = 0; i < ocap; i++)
			if (old[i].key)
				*ht_slot(t, old[i].key, old[i].klen, old[i].hash) = old[i];
		free(old);
	}
	h = ht_hash(t, key, klen);
	e = ht_slot(t, key, klen, h);
	if (!e->key)
		t->n++;
	e->key = key;
	e->klen = klen;
	e->hash = h;
	e->val = val;
	return 0;
}

static void ht_free(htab *t)
{
	free(t->e);
	t->e = NULL;
	t->cap = t->n = 0;
}

/* ------------------------------------------------------------------ */
/* Numbers. A scalar's text is parsed into an int64 when it is an integer
 * that fits, else a double; a decimal form (mantissa, exponent) is kept when
 * it fits, so that multipleOf is exact for decimal fractions. */

typedef struct {
	int ok;        /* 0: not a number */
	int is_int;    /* i holds the exact value */
	int64_t i;
	double d;      /* always set */
	int dec;       /* mant * 10^exp is the exact absolute value */
	uint64_t mant;
	int exp;
	int neg;
} num;

static void num_decimal(num *n, const char *s, size_t len)
{
	size_t i = 0;
	uint64_t m = 0;
	long e = 0, ex = 0;
	int digits = 0, exneg = 0, any = 0;

	n->dec = 0;
	if (i < len && (s[i] == '-' || s[i] == '+'))
		i++;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		any = 1;
		if (m == 0 && s[i] == '0')
			continue;
		if (digits >= 19)
			return;
		m = m * 10 + (uint64_t)(s[i] - '0');
		digits++;
	}
	if (i < len && s[i] == '.') {
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
			any = 1;
			e--;
			if (m == 0 && s[i] == '0')
				continue;
			if (digits >= 19)
				return;
			m = m * 10 + (uint64_t)(s[i] - '0');
			digits++;
		}
	}
	if (!any)
		return;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '-' || s[i] == '+'))
			exneg = s[i++] == '-';
		if (i >= len)
			return;
		for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
			ex = ex * 10 + (s[i] - '0');
			if (ex > 100000)
				return;
		}
		e += exneg ? -ex : ex;
	}
	if (i != len)
		return;
	if (m == 0)
		e = 0;
	while (m != 0 && m % 10 == 0) {
		m /= 10;
		e++;
	}
	if (e > INT_MAX / 2 || e < INT_MIN / 2)
		return;
	n->mant = m;
	n->exp = (int)e;
	n->dec = 1;
}

/* Parse a YAML 1.2 core number (also 0x.., 0o.., .inf, .nan). */
static num num_parse(const char *s, size_t len, pmo_tag tag)
{
	num n;
	char *end;
	char tmp[64];
	const char *p = s;
	int neg = 0;

	memset(&n, 0, sizeof(n));
	if (tag != PMO_TAG_INT && tag != PMO_TAG_FLOAT)
		return n;
	if (len > 0 && (s[0] == '-' || s[0] == '+')) {
		neg = s[0] == '-';
		p = s + 1;
	}
	n.neg = neg;
	n.ok = 1;
	if (tag == PMO_TAG_INT && len - (size_t)(p - s) > 2 && p[0] == '0' &&
	    (p[1] == 'x' || p[1] == 'o')) {
		unsigned long long v;
		size_t l = len - (size_t)(p - s) - 2;
		if (l >= sizeof(tmp))
			l = sizeof(tmp) - 1;
		memcpy(tmp, p + 2, l);
		tmp[l] = '\0';
		errno = 0;
		v = strtoull(tmp, &end, p[1] == 'x' ? 16 : 8);
		if (errno == 0 && v <= (unsigned long long)INT64_MAX) {
			n.is_int = 1;
			n.i = neg ? -(int64_t)v : (int64_t)v;
			n.d = (double)n.i;
			n.dec = 1;
			n.mant = v;
			n.exp = 0;
			while (n.mant != 0 && n.mant % 10 == 0) {
				n.mant /= 10;
				n.exp++;
			}
		} else {
			n.d = neg ? -(double)v : (double)v;
		}
		return n;
	}
	/* .inf, .Inf, .INF (signed) and .nan, .NaN, .NAN: four characters
	 * with a letter after the dot; .125 and .5e1 are numbers like others */
	if (tag == PMO_TAG_FLOAT && len - (size_t)(p - s) == 4 && p[0] == '.' &&
	    strchr("iInN", p[1])) {
		if (p[1] == 'n' || p[1] == 'N') {
			n.d = NAN;
		} else {
			n.d = neg ? -INFINITY : INFINITY;
		}
		return n;
	}
	{
		char *buf = len < sizeof(tmp) ? tmp : malloc(len + 1);
		if (!buf) {
			n.ok = 0;
			return n;
		}
		memcpy(buf, s, len);
		buf[len] = '\0';
		if (tag == PMO_TAG_INT) {
			long long v;
			errno = 0;
			v = strtoll(buf, &end, 10);
			if (errno == 0 && *end == '\0') {
				n.is_int = 1;
				n.i = v;
			}
		}
		/* an integer's nearest double is what strtod would give
		 * (save -0, whose sign only strtod keeps) */
		if (n.is_int && (n.i != 0 || !neg))
			n.d = (double)n.i;
		else
			n.d = strtod(buf, &end);
		if (buf != tmp)
			free(buf);
	}
	num_decimal(&n, s, len);
	if (!n.is_int && n.dec && n.exp >= 0 && isfinite(n.d) && fabs(n.d) < 9.2e18) {
		/* 1.0, 1e3: integral values that fit stay exact */
		uint64_t v = n.mant;
		int e = n.exp, fits = 1;
		while (e-- > 0) {
			if (v > UINT64_MAX / 10) {
				fits = 0;
				break;
			}
			v *= 10;
		}
		if (fits && v <= (uint64_t)INT64_MAX) {
			n.is_int = 1;
			n.i = neg ? -(int64_t)v : (int64_t)v;
		}
	}
	return n;
}

static num node_num(const pmo_node *node)
{
	num n;

	if (!node || node->kind != PMO_NODE_SCALAR) {
		memset(&n, 0, sizeof(n));
		return n;
	}
	return num_parse(node->str, node->len, node->tag);
}

/* -1, 0, 1; NaN compares as unordered (2). */
static int num_cmp(const num *a, const num *b)
{
	if (a->is_int && b->is_int)
		return a->i < b->i ? -1 : a->i > b->i;
	if (isnan(a->d) || isnan(b->d))
		return 2;
	if (a->is_int || b->is_int) {
		long double x = a->is_int ? (long double)a->i : (long double)a->d;
		long double y = b->is_int ? (long double)b->i : (long double)b->d;
		return x < y ? -1 : x > y;
	}
	return a->d < b->d ? -1 : a->d > b->d;
}

/* Is x a multiple of m (m > 0)? Exact for decimals, else by doubles. */
static int num_multiple(const num *x, const num *m)
{
	double q;

	if (x->dec && m->dec && m->mant != 0) {
		if (x->mant == 0)
			return 1;
		if (m->exp > x->exp)
			return 0; /* x's mantissa has no trailing zeros */
		if (m->mant <= UINT64_MAX / 10) {
			uint64_t r = x->mant % m->mant;
			int k;
			for (k = x->exp - m->exp; k > 0 && r != 0; k--)
				r = (r * 10) % m->mant;
			return r == 0;
		}
	}
	if (m->d == 0 || !isfinite(x->d))
		return 0;
	q = x->d / m->d;
	if (!isfinite(q))
		return 0;
	return fabs(q - nearbyint(q)) <= 1e-9 * fmax(1.0, fabs(q));
}

/* ------------------------------------------------------------------ */
/* JSON types of instance nodes. */

enum {
	J_NULL = 1,
	J_BOOL = 2,
	J_OBJ = 4,
	J_ARR = 8,
	J_NUM = 16,
	J_STR = 32,
	J_INT = 64,
	J_NONJSON = 128, /* .inf, .nan: YAML numbers with no JSON value */
};

static unsigned jtype(const pmo_node *n)
{
	if (n->kind == PMO_NODE_MAP)
		return J_OBJ;
	if (n->kind == PMO_NODE_SEQ)
		return J_ARR;
	switch (n->tag) {
	case PMO_TAG_NULL:
		return J_NULL;
	case PMO_TAG_BOOL:
		return J_BOOL;
	case PMO_TAG_INT:
		return J_NUM | J_INT;
	case PMO_TAG_FLOAT: {
		num v = num_parse(n->str, n->len, n->tag);
		if (!isfinite(v.d))
			return J_NONJSON;
		if (v.is_int || (isfinite(v.d) && v.d == floor(v.d)))
			return J_NUM | J_INT;
		return J_NUM;
	}
	default:
		return J_STR;
	}
}

static int type_bit(const char *s, size_t len, unsigned *out)
{
	static const struct {
		const char *name;
		unsigned bit;
	} names[] = {
		{ "null", J_NULL }, { "boolean", J_BOOL }, { "object", J_OBJ },
		{ "array", J_ARR }, { "number", J_NUM }, { "string", J_STR },
		{ "integer", J_INT },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i].name) == len && memcmp(names[i].name, s, len) == 0) {
			*out = names[i].bit;
			return 0;
		}
	return -1;
}

static int bool_true(const pmo_node *n)
{
	return n->len > 0 && (n->str[0] == 't' || n->str[0] == 'T');
}

static int key_eq(const pmo_node *k, const char *s, size_t len)
{
	return k->len == len && memcmp(k->str, s, len) == 0;
}

static const pmo_node *map_get_n(const pmo_node *map, const char *key, size_t len)
{
	size_t i;

	if (!map || map->kind != PMO_NODE_MAP)
		return NULL;
	for (i = 0; i < map->n; i++)
		if (key_eq(map->pairs[i].key, key, len))
			return map->pairs[i].value;
	return NULL;
}

/* JSON equality: numbers by value, objects regardless of key order. */
static int json_equal(const pmo_node *a, const pmo_node *b)
{
	unsigned ta = jtype(a) & ~(unsigned)J_INT, tb = jtype(b) & ~(unsigned)J_INT;
	size_t i;

	if (ta != tb)
		return 0;
	switch (ta) {
	case J_NULL:
		return 1;
	case J_BOOL:
		return bool_true(a) == bool_true(b);
	case J_STR:
		return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
	case J_NUM: {
		num x = node_num(a), y = node_num(b);
		return num_cmp(&x, &y) == 0;
	}
	case J_NONJSON: {
		num x = node_num(a), y = node_num(b);
		return (isnan(x.d) && isnan(y.d)) || x.d == y.d;
	}
	case J_ARR:
		if (a->n != b->n)
			return 0;
		for (i = 0; i < a->n; i++)
			if (!json_equal(a->items[i], b->items[i]))
				return 0;
		return 1;
	default:
		if (a->n != b->n)
			return 0;
		for (i = 0; i < a->n; i++) {
			const pmo_node *v = map_get_n(b, a->pairs[i].key->str, a->pairs[i].key->len);
			if (!v || !json_equal(a->pairs[i].value, v))
				return 0;
		}
		return 1;
	}
}

/* A hash consistent with json_equal. */
static uint64_t json_hash(const pmo_node *n)
{
	unsigned t = jtype(n) & ~(unsigned)J_INT;
	uint64_t h = t * 0x9e3779b97f4a7c15ull;
	size_t i;

	switch (t) {
	case J_BOOL:
		return h + (uint64_t)bool_true(n);
	case J_STR:
		return h ^ hash_bytes(n->str, n->len);
	case J_NUM: {
		num v = node_num(n);
		double d = v.is_int ? (double)v.i : v.d;
		if (d == 0 || isnan(d))
			d = 0;
		return h ^ hash_bytes(&d, sizeof(d));
	}
	case J_ARR:
		for (i = 0; i < n->n; i++)
			h = (h ^ json_hash(n->items[i])) * 1099511628211ull;
		return h;
	case J_OBJ:
		for (i = 0; i < n->n; i++)
			h += hash_bytes(n->pairs[i].key->str, n->pairs[i].key->len) * 31 +
			     json_hash(n->pairs[i].value);
		return h;
	default:
		return h;
	}
}

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
static int uri_resolve(pmo_buf *out, const char *base, const char *ref, size_t rlen)
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
					pmo_buf_release(&merged);
					goto done;
				}
				remove_dots(&path, merged.ptr, merged.len);
				pmo_buf_release(&merged);
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
	pmo_buf_release(&path);
	return error;
}

/* ------------------------------------------------------------------ */
/* The set and compiled schemas. */

typedef struct {
	pcre2_code *code;
	char *error; /* compile error message, or NULL */
} rx;

typedef struct {
	pmo_doc *doc;     /* owned, or NULL for pmo_schema_add_node */
	char *name;       /* for messages: path or URI */
	struct pmo_schema *root;
} sdoc;

enum { K_TRUE, K_FALSE, K_OBJ, K_REF };

typedef struct {
	const char *name;
	size_t len;
	pmo_schema *s;
} sprop;

typedef struct {
	rx *re;
	pmo_schema *s;
} spat;

typedef struct {
	const pmo_node *key;
	pmo_schema *s;          /* schema form */
	const pmo_node *names;  /* array form */
} sdep;

struct pmo_schema {
	pmo_schema_set *set;
	sdoc *doc;
	const pmo_node *node;
	const char *base;   /* interned */
	int kind;

	const pmo_node *ref;
	pmo_schema *target;

	unsigned types;
	const pmo_node *type_node;
	const pmo_node *enum_node;
	const pmo_node *const_node;

	const pmo_node *minimum, *maximum, *xminimum, *xmaximum, *multiple;
	num min_v, max_v, xmin_v, xmax_v, mult_v;

	size_t min_len, max_len, min_items, max_items, min_props, max_props;
	int unique;
	rx *pattern;
	const pmo_node *pattern_node;
	const char *format; /* NUL-terminated copy in the intern table */

	sprop *props;
	size_t nprops;
	size_t *props_sorted;
	spat *pprops;
	size_t npprops;
	pmo_schema *addl_props;
	const pmo_node *required;
	pmo_schema *prop_names;
	sdep *deps;
	size_t ndeps;

	pmo_schema *items;
	pmo_schema **items_arr;
	size_t nitems_arr;
	int items_is_arr;
	pmo_schema *addl_items;
	pmo_schema *contains;

	pmo_schema **all_of, **any_of, **one_of;
	size_t nall, nany, none;
	pmo_schema *not_, *if_, *then_, *else_;

	const char *broken; /* why this schema cannot be used (bad regex) */
	const pmo_node *broken_node;

	unsigned seen;      /* preparation epochs */
	unsigned done;
	int on_stack;
	int prepared;
};

struct pmo_schema_set {
	pmo_schema_loader loader;
	void *payload;
	sdoc **docs;
	size_t ndocs, capdocs;
	pmo_schema **all;
	size_t nall, capall;
	char **strs;
	size_t nstrs, capstrs;
	htab by_node; /* const pmo_node * -> pmo_schema * */
	htab by_uri;  /* absolute URI without empty fragment -> pmo_schema * */
	htab strings; /* interned strings */
	htab regexes; /* pattern text -> rx * */
	rx **rxs;
	size_t nrxs, caprxs;
	pcre2_match_data *md;
	unsigned epoch;
	unsigned depth;      /* nesting of remote loads */
	pmo_schema **walk;   /* schemas met while preparing */
	size_t nwalk, capwalk;
};

static int grow(void **arr, size_t *cap, size_t n, size_t size)
{
	size_t ncap;
	void *p;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 8;
	p = realloc(*arr, ncap * size);
	if (!p)
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	*arr = p;
	*cap = ncap;
	return 0;
}

/* An interned NUL-terminated copy of s[0..len). */
static const char *intern(pmo_schema_set *set, const char *s, size_t len)
{
	char *c = ht_get(&set->strings, s, len);

	if (c)
		return c;
	if (grow((void **)&set->strs, &set->capstrs, set->nstrs, sizeof(char *)) < 0)
		return NULL;
	c = malloc(len + 1);
	if (!c) {
		pmo_error_set(PMO_ENOMEM, "out of memory");
		return NULL;
	}
	memcpy(c, s, len);
	c[len] = '\0';
	set->strs[set->nstrs++] = c;
	if (ht_put(&set->strings, c, len, c) < 0)
		return NULL;
	return c;
}

int pmo_schema_set_new(pmo_schema_set **out)
{
	pmo_schema_set *set = calloc(1, sizeof(*set));

	if (!set)
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	set->by_node.is_ptr = 1;
	set->md = pcre2_match_data_create(1, NULL);
	if (!set->md) {
		free(set);
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	}
	*out = set;
	return 0;
}

static void schema_free(pmo_schema *s)
{
	free(s->props);
	free(s->props_sorted);
	free(s->pprops);
	free(s->deps);
	free(s->items_arr);
	free(s->all_of);
	free(s->any_of);
	free(s->one_of);
	free(s);
}

void pmo_schema_set_free(pmo_schema_set *set)
{
	size_t i;

	if (!set)
		return;
	for (i = 0; i < set->nall; i++)
		schema_free(set->all[i]);
	for (i = 0; i < set->ndocs; i++) {
		pmo_doc_free(set->docs[i]->doc);
		free(set->docs[i]->name);
		free(set->docs[i]);
	}
	for (i = 0; i < set->nrxs; i++) {
		pcre2_code_free(set->rxs[i]->code);
		free(set->rxs[i]->error);
		free(set->rxs[i]);
	}
	for (i = 0; i < set->nstrs; i++)
		free(set->strs[i]);
	free(set->all);
	free(set->docs);
	free(set->rxs);
	free(set->strs);
	free(set->walk);
	ht_free(&set->by_node);
	ht_free(&set->by_uri);
	ht_free(&set->strings);
	ht_free(&set->regexes);
	pcre2_match_data_free(set->md);
	free(set);
}

void pmo_schema_set_loader(pmo_schema_set *set, pmo_schema_loader fn, void *payload)
{
	set->loader = fn;
	set->payload = payload;
}

/* The compiled regex for pattern text (cached); *out->error is set when the
 * text does not compile. */
static int regex_get(rx **out, pmo_schema_set *set, const char *s, size_t len)
{
	const char *key;
	rx *r = ht_get(&set->regexes, s, len);
	int err = 0;
	PCRE2_SIZE off = 0;

	if (r) {
		*out = r;
		return 0;
	}
	if (!(key = intern(set, s, len)))
		return PMO_ENOMEM;
	if (grow((void **)&set->rxs, &set->caprxs, set->nrxs, sizeof(rx *)) < 0)
		return PMO_ENOMEM;
	if (!(r = calloc(1, sizeof(*r))))
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	set->rxs[set->nrxs++] = r;
	r->code = pcre2_compile((PCRE2_SPTR)s, len, PMO_SCHEMA_PCRE2_OPTIONS, &err, &off, NULL);
	if (!r->code) {
		PCRE2_UCHAR msg[256];
		pmo_buf b = PMO_BUF_INIT;
		pcre2_get_error_message(err, msg, sizeof(msg));
		pmo_buf_printf(&b, "invalid regular expression \"%s\": %s at offset %zu",
			       key, (const char *)msg, (size_t)off);
		if (pmo_buf_oom(&b) < 0)
			return PMO_ENOMEM;
		r->error = pmo_buf_detach(&b);
	} else {
		(void)pcre2_jit_compile(r->code, PCRE2_JIT_COMPLETE);
	}
	if (ht_put(&set->regexes, key, len, r) < 0)
		return PMO_ENOMEM;
	*out = r;
	return 0;
}

static int regex_match(pmo_schema_set *set, const rx *r, const char *s, size_t len)
{
	return pcre2_match(r->code, (PCRE2_SPTR)s, len, 0, 0, set->md, NULL) >= 0;
}

static int schema_error(const pmo_schema_set *set, const sdoc *doc, const pmo_node *at,
			const char *fmt, const char *arg)
{
	(void)set;
	return pmo_error_set_at(PMO_EINVALID, doc->name, at ? at->line : 0, at ? at->col : 0,
				fmt, arg);
}

/* "http://x/y#" and "http://x/y" name the same document. */
static size_t uri_key_len(const char *u, size_t len)
{
	if (len > 0 && u[len - 1] == '#')
		return len - 1;
	return len;
}

static int register_uri(pmo_schema_set *set, const char *uri, size_t len, pmo_schema *s)
{
	const char *k;
	pmo_schema *old;

	len = uri_key_len(uri, len);
	old = ht_get(&set->by_uri, uri, len);
	if (old == s)
		return 0;
	if (old)
		return pmo_error_set_at(PMO_EEXISTS, s->doc->name, s->node->line, s->node->col,
					"schema id \"%.*s\" is already used", (int)len, uri);
	if (!(k = intern(set, uri, len)))
		return PMO_ENOMEM;
	return ht_put(&set->by_uri, k, len, s);
}

static int compile(pmo_schema **out, pmo_schema_set *set, sdoc *doc, const pmo_node *node,
		   const char *base);

/* Compile a list of subschemas (a sequence node). */
static int compile_list(pmo_schema ***out, size_t *n, pmo_schema_set *set, sdoc *doc,
			const pmo_node *seq, const char *base, const char *kw)
{
	size_t i;
	int error;

	if (seq->kind != PMO_NODE_SEQ)
		return schema_error(set, doc, seq, "\"%s\" must be an array of schemas", kw);
	*out = calloc(seq->n ? seq->n : 1, sizeof(**out));
	if (!*out)
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	*n = seq->n;
	for (i = 0; i < seq->n; i++)
		if ((error = compile(&(*out)[i], set, doc, seq->items[i], base)) < 0)
			return error;
	return 0;
}

static int size_kw(size_t *out, const pmo_node *v)
{
	num n = node_num(v);

	if (!n.ok)
		return -1;
	if (n.is_int)
		*out = n.i < 0 ? 0 : (size_t)n.i;
	else if (n.d >= 0 && n.d == floor(n.d))
		*out = n.d >= (double)SIZE_MAX ? SIZE_MAX : (size_t)n.d;
	else
		return -1;
	return 0;
}

static int prop_cmp(const sprop *x, const char *name, size_t len)
{
	size_t m = x->len < len ? x->len : len;
	int c = memcmp(x->name, name, m);

	if (c != 0)
		return c;
	return x->len < len ? -1 : x->len > len;
}

/* Properties sorted for lookup by binary search (insertion sort keeps the
 * code free of a global comparison context; property lists are short, and
 * this runs once per schema). */
static int sort_props(pmo_schema *s)
{
	size_t i, j;

	s->props_sorted = malloc((s->nprops ? s->nprops : 1) * sizeof(size_t));
	if (!s->props_sorted)
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	for (i = 0; i < s->nprops; i++) {
		size_t v = s->props_sorted[i] = i;
		for (j = i; j > 0 && prop_cmp(&s->props[s->props_sorted[j - 1]], s->props[v].name,
					      s->props[v].len) > 0; j--)
			s->props_sorted[j] = s->props_sorted[j - 1];
		s->props_sorted[j] = v;
	}
	return 0;
}

static pmo_schema *prop_find(const pmo_schema *s, const char *name, size_t len)
{
	size_t lo = 0, hi = s->nprops;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const sprop *p = &s->props[s->props_sorted[mid]];
		int c = prop_cmp(p, name, len);
		if (c == 0)
			return p->s;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int number_kw(const pmo_node **node, num *v, const pmo_node *value)
{
	num n = node_num(value);

	if (!n.ok)
		return 0; /* not a number: the keyword is ignored */
	*node = value;
	*v = n;
	return 0;
}

#define KW(name) (klen == sizeof(name) - 1 && memcmp(k, name, sizeof(name) - 1) == 0)

static int compile_map(pmo_schema *s, pmo_schema_set *set, sdoc *doc, const pmo_node *node)
{
	const char *base = s->base;
	size_t i, j;
	int error = 0;

	for (i = 0; i < node->n; i++) {
		const char *k = node->pairs[i].key->str;
		size_t klen = node->pairs[i].key->len;
		const pmo_node *v = node->pairs[i].value;

		if (klen == 0)
			continue;
		if (KW("type")) {
			s->type_node = v;
			if (v->kind == PMO_NODE_SCALAR) {
				if (type_bit(v->str, v->len, &s->types) < 0)
					return schema_error(set, doc, v, "unknown type \"%s\"", v->str);
			} else if (v->kind == PMO_NODE_SEQ) {
				for (j = 0; j < v->n; j++) {
					unsigned bit;
					const pmo_node *t = v->items[j];
					if (t->kind != PMO_NODE_SCALAR || type_bit(t->str, t->len, &bit) < 0)
						return schema_error(set, doc, t, "unknown type \"%s\"",
								    t->kind == PMO_NODE_SCALAR ? t->str : "?");
					s->types |= bit;
				}
			}
			if (s->types & J_NUM)
				s->types |= J_INT;
		} else if (KW("enum")) {
			if (v->kind == PMO_NODE_SEQ)
				s->enum_node = v;
		} else if (KW("const")) {
			s->const_node = v;
		} else if (KW("minimum")) {
			number_kw(&s->minimum, &s->min_v, v);
		} else if (KW("maximum")) {
			number_kw(&s->maximum, &s->max_v, v);
		} else if (KW("exclusiveMinimum")) {
			number_kw(&s->xminimum, &s->xmin_v, v);
		} else if (KW("exclusiveMaximum")) {
			number_kw(&s->xmaximum, &s->xmax_v, v);
		} else if (KW("multipleOf")) {
			number_kw(&s->multiple, &s->mult_v, v);
			if (s->multiple && !(s->mult_v.d > 0))
				return schema_error(set, doc, v, "multipleOf must be more than 0%s", "");
		} else if (KW("minLength")) {
			size_kw(&s->min_len, v);
		} else if (KW("maxLength")) {
			size_kw(&s->max_len, v);
		} else if (KW("minItems")) {
			size_kw(&s->min_items, v);
		} else if (KW("maxItems")) {
			size_kw(&s->max_items, v);
		} else if (KW("minProperties")) {
			size_kw(&s->min_props, v);
		} else if (KW("maxProperties")) {
			size_kw(&s->max_props, v);
		} else if (KW("uniqueItems")) {
			s->unique = v->kind == PMO_NODE_SCALAR && v->tag == PMO_TAG_BOOL && bool_true(v);
		} else if (KW("pattern")) {
			if (v->kind == PMO_NODE_SCALAR) {
				if ((error = regex_get(&s->pattern, set, v->str, v->len)) < 0)
					return error;
				s->pattern_node = v;
				if (s->pattern->error && !s->broken) {
					s->broken = s->pattern->error;
					s->broken_node = v;
				}
			}
		} else if (KW("format")) {
			if (v->kind == PMO_NODE_SCALAR && !(s->format = intern(set, v->str, v->len)))
				return PMO_ENOMEM;
		} else if (KW("properties")) {
			if (v->kind != PMO_NODE_MAP)
				return schema_error(set, doc, v, "\"%s\" must be an object", "properties");
			if (!(s->props = calloc(v->n ? v->n : 1, sizeof(*s->props))))
				return pmo_error_set(PMO_ENOMEM, "out of memory");
			s->nprops = v->n;
			for (j = 0; j < v->n; j++) {
				s->props[j].name = v->pairs[j].key->str;
				s->props[j].len = v->pairs[j].key->len;
				if ((error = compile(&s->props[j].s, set, doc, v->pairs[j].value, base)) < 0)
					return error;
			}
		} else if (KW("patternProperties")) {
			if (v->kind != PMO_NODE_MAP)
				return schema_error(set, doc, v, "\"%s\" must be an object", "patternProperties");
			if (!(s->pprops = calloc(v->n ? v->n : 1, sizeof(*s->pprops))))
				return pmo_error_set(PMO_ENOMEM, "out of memory");
			s->npprops = v->n;
			for (j = 0; j < v->n; j++) {
				const pmo_node *key = v->pairs[j].key;
				if ((error = regex_get(&s->pprops[j].re, set, key->str, key->len)) < 0)
					return error;
				if (s->pprops[j].re->error && !s->broken) {
					s->broken = s->pprops[j].re->error;
					s->broken_node = key;
				}
				if ((error = compile(&s->pprops[j].s, set, doc, v->pairs[j].value, base)) < 0)
					return error;
			}
		} else if (KW("additionalProperties")) {
			if ((error = compile(&s->addl_props, set, doc, v, base)) < 0)
				return error;
		} else if (KW("required")) {
			if (v->kind == PMO_NODE_SEQ)
				s->required = v;
		} else if (KW("propertyNames")) {
			if ((error = compile(&s->prop_names, set, doc, v, base)) < 0)
				return error;
		} else if (KW("dependencies")) {
			if (v->kind != PMO_NODE_MAP)
				return schema_error(set, doc, v, "\"%s\" must be an object", "dependencies");
			if (!(s->deps = calloc(v->n ? v->n : 1, sizeof(*s->deps))))
				return pmo_error_set(PMO_ENOMEM, "out of memory");
			s->ndeps = v->n;
			for (j = 0; j < v->n; j++) {
				s->deps[j].key = v->pairs[j].key;
				if (v->pairs[j].value->kind == PMO_NODE_SEQ)
					s->deps[j].names = v->pairs[j].value;
				else if ((error = compile(&s->deps[j].s, set, doc, v->pairs[j].value, base)) < 0)
					return error;
			}
		} else if (KW("items")) {
			if (v->kind == PMO_NODE_SEQ) {
				s->items_is_arr = 1;
				if ((error = compile_list(&s->items_arr, &s->nitems_arr, set, doc, v, base,
							  "items")) < 0)
					return error;
			} else if ((error = compile(&s->items, set, doc, v, base)) < 0) {
				return error;
			}
		} else if (KW("additionalItems")) {
			if ((error = compile(&s->addl_items, set, doc, v, base)) < 0)
				return error;
		} else if (KW("contains")) {
			if ((error = compile(&s->contains, set, doc, v, base)) < 0)
				return error;
		} else if (KW("allOf")) {
			if ((error = compile_list(&s->all_of, &s->nall, set, doc, v, base, "allOf")) < 0)
				return error;
		} else if (KW("anyOf")) {
			if ((error = compile_list(&s->any_of, &s->nany, set, doc, v, base, "anyOf")) < 0)
				return error;
		} else if (KW("oneOf")) {
			if ((error = compile_list(&s->one_of, &s->none, set, doc, v, base, "oneOf")) < 0)
				return error;
		} else if (KW("not")) {
			if ((error = compile(&s->not_, set, doc, v, base)) < 0)
				return error;
		} else if (KW("if")) {
			if ((error = compile(&s->if_, set, doc, v, base)) < 0)
				return error;
		} else if (KW("then")) {
			if ((error = compile(&s->then_, set, doc, v, base)) < 0)
				return error;
		} else if (KW("else")) {
			if ((error = compile(&s->else_, set, doc, v, base)) < 0)
				return error;
		} else if (KW("definitions")) {
			if (v->kind == PMO_NODE_MAP)
				for (j = 0; j < v->n; j++) {
					pmo_schema *d;
					if ((error = compile(&d, set, doc, v->pairs[j].value, base)) < 0)
						return error;
				}
		}
	}
	if (!s->if_) /* then/else without if are ignored */
		s->then_ = s->else_ = NULL;
	return sort_props(s);
}

static int compile(pmo_schema **out, pmo_schema_set *set, sdoc *doc, const pmo_node *node,
		   const char *base)
{
	pmo_schema *s = ht_get(&set->by_node, node, 0);
	const pmo_node *id, *ref;
	int error = 0;

	if (s) {
		*out = s;
		return 0;
	}
	if (node->kind == PMO_NODE_SCALAR && node->tag == PMO_TAG_BOOL) {
		/* boolean schema */
	} else if (node->kind != PMO_NODE_MAP) {
		return schema_error(set, doc, node, "a schema must be an object or a boolean%s", "");
	}
	if (grow((void **)&set->all, &set->capall, set->nall, sizeof(*set->all)) < 0)
		return PMO_ENOMEM;
	if (!(s = calloc(1, sizeof(*s))))
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	set->all[set->nall++] = s;
	s->set = set;
	s->doc = doc;
	s->node = node;
	s->base = base;
	s->max_len = s->max_items = s->max_props = SIZE_MAX;
	if ((error = ht_put(&set->by_node, node, 0, s)) < 0)
		return error;
	if (node->kind == PMO_NODE_SCALAR) {
		s->kind = bool_true(node) ? K_TRUE : K_FALSE;
		*out = s;
		return 0;
	}
	ref = pmo_map_get(node, "$ref");
	if (ref && ref->kind == PMO_NODE_SCALAR && ref->tag == PMO_TAG_STR) {
		/* draft-07: everything beside $ref is ignored; definitions are
		 * still compiled so that refs into them find their base URI */
		const pmo_node *defs = pmo_map_get(node, "definitions");
		size_t j;
		s->kind = K_REF;
		s->ref = ref;
		if (defs && defs->kind == PMO_NODE_MAP)
			for (j = 0; j < defs->n; j++) {
				pmo_schema *d;
				if ((error = compile(&d, set, doc, defs->pairs[j].value, base)) < 0)
					return error;
			}
		*out = s;
		return 0;
	}
	s->kind = K_OBJ;
	id = pmo_map_get(node, "$id");
	if (id && id->kind == PMO_NODE_SCALAR && id->tag == PMO_TAG_STR) {
		pmo_buf u = PMO_BUF_INIT;
		const char *hash;
		if ((error = uri_resolve(&u, base, id->str, id->len)) < 0) {
			pmo_buf_release(&u);
			return error;
		}
		error = register_uri(set, u.ptr, u.len, s);
		/* the base for what is inside is the URI without fragment */
		hash = memchr(u.ptr, '#', u.len);
		if (error == 0 && !(s->base = intern(set, u.ptr, hash ? (size_t)(hash - u.ptr) : u.len)))
			error = PMO_ENOMEM;
		pmo_buf_release(&u);
		if (error < 0)
			return error;
	}
	if ((error = compile_map(s, set, doc, node)) < 0)
		return error;
	*out = s;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Adding documents. */

static int add_root(pmo_schema **out, pmo_schema_set *set, sdoc *doc, const char *uri,
		    const pmo_node *root)
{
	const char *base;
	pmo_schema *s;
	int error;
	size_t len = uri ? strlen(uri) : 0;
	const char *hash = uri ? strchr(uri, '#') : NULL;

	if (hash)
		len = (size_t)(hash - uri);
	if (!(base = intern(set, uri ? uri : "", len)))
		return PMO_ENOMEM;
	if ((error = compile(&s, set, doc, root, base)) < 0)
		return error;
	if (uri && (error = register_uri(set, uri, len, s)) < 0)
		return error;
	if (*s->base && (error = register_uri(set, s->base, strlen(s->base), s)) < 0)
		return error;
	doc->root = s;
	*out = s;
	return 0;
}

static int new_doc(sdoc **out, pmo_schema_set *set, const char *uri)
{
	sdoc *d;

	if (grow((void **)&set->docs, &set->capdocs, set->ndocs, sizeof(*set->docs)) < 0)
		return PMO_ENOMEM;
	if (!(d = calloc(1, sizeof(*d))) || !(d->name = strdup(uri ? uri : "schema"))) {
		free(d);
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	}
	set->docs[set->ndocs++] = d;
	*out = d;
	return 0;
}

/* Rewrite JSON's UTF-16 surrogate pairs (\uD83D\uDCA9), which YAML's
 * double-quoted scalars refuse, as YAML's \U0001F4A9. */
int pmo_schema_fix_surrogates(pmo_buf *out, const char *text, size_t len)
{
	size_t i = 0, run = 0;

	pmo_buf_clear(out);
	while (i < len) {
		unsigned hi, lo;
		char tmp[16];
		if (text[i] == '\\' && run % 2 == 0 && len - i >= 12 && (text[i + 1] == 'u') &&
		    text[i + 6] == '\\' && text[i + 7] == 'u') {
			char a[5], b[5], *e1, *e2;
			memcpy(a, text + i + 2, 4);
			memcpy(b, text + i + 8, 4);
			a[4] = b[4] = '\0';
			hi = (unsigned)strtoul(a, &e1, 16);
			lo = (unsigned)strtoul(b, &e2, 16);
			if (*e1 == '\0' && *e2 == '\0' && hi >= 0xD800 && hi <= 0xDBFF && lo >= 0xDC00 &&
			    lo <= 0xDFFF) {
				unsigned cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
				int k;
				tmp[0] = '\\';
				tmp[1] = 'U';
				for (k = 0; k < 8; k++)
					tmp[2 + k] = "0123456789ABCDEF"[(cp >> (28 - 4 * k)) & 0xF];
				pmo_buf_put(out, tmp, 10);
				i += 12;
				run = 0;
				continue;
			}
		}
		run = text[i] == '\\' ? run + 1 : 0;
		pmo_buf_putc(out, text[i]);
		i++;
	}
	return pmo_buf_oom(out);
}

static int has_escape_u(const char *text, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i++)
		if (text[i] == '\\' && (text[i + 1] == 'u' || text[i + 1] == 'U'))
			return 1;
	return 0;
}

int pmo_schema_add(pmo_schema **out, pmo_schema_set *set, const char *uri, const char *text,
		   size_t len)
{
	pmo_yaml_limits limits = { .max_bytes = PMO_YAML_MAX_BYTES, .max_depth = 512 };
	pmo_buf fixed = PMO_BUF_INIT;
	pmo_doc *doc = NULL;
	pmo_schema *s;
	sdoc *d = NULL;
	int error;

	if (has_escape_u(text, len)) {
		if ((error = pmo_schema_fix_surrogates(&fixed, text, len)) < 0)
			goto done;
		text = fixed.ptr;
		len = fixed.len;
	}
	if ((error = pmo_yaml_load(&doc, uri ? uri : "schema", text, len, &limits)) < 0)
		goto done;
	if ((error = new_doc(&d, set, uri)) < 0)
		goto done;
	d->doc = doc;
	doc = NULL;
	if ((error = add_root(&s, set, d, uri, pmo_doc_root(d->doc))) < 0)
		goto done;
	*out = s;
done:
	pmo_doc_free(doc);
	pmo_buf_release(&fixed);
	return error;
}

int pmo_schema_add_node(pmo_schema **out, pmo_schema_set *set, const char *uri,
			const pmo_node *root)
{
	pmo_schema *s;
	sdoc *d = NULL;
	int error;

	if ((error = new_doc(&d, set, uri)) < 0)
		return error;
	if ((error = add_root(&s, set, d, uri, root)) < 0)
		return error;
	*out = s;
	return 0;
}

pmo_schema *pmo_schema_get(const pmo_schema_set *set, const char *uri)
{
	size_t len = uri_key_len(uri, strlen(uri));

	return ht_get(&set->by_uri, uri, len);
}

const pmo_node *pmo_schema_root(const pmo_schema *schema)
{
	return schema->node;
}

/* ------------------------------------------------------------------ */
/* Resolving $ref. */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Walk the JSON pointer ptr (already percent-decoded) from root. */
static int pointer_walk(pmo_schema **out, pmo_schema *from, const pmo_schema *s, const char *ptr,
			size_t len)
{
	pmo_schema_set *set = from->set;
	const pmo_node *cur = from->node;
	const char *base = from->base;
	pmo_buf tok = PMO_BUF_INIT;
	size_t i = 0;
	int error = 0;

	while (i < len) {
		const pmo_node *next = NULL;
		pmo_schema *cs;
		i++; /* the '/' */
		pmo_buf_clear(&tok);
		while (i < len && ptr[i] != '/') {
			if (ptr[i] == '~' && i + 1 < len && (ptr[i + 1] == '0' || ptr[i + 1] == '1')) {
				pmo_buf_putc(&tok, ptr[i + 1] == '0' ? '~' : '/');
				i += 2;
			} else {
				pmo_buf_putc(&tok, ptr[i++]);
			}
		}
		if ((error = pmo_buf_oom(&tok)) < 0)
			goto done;
		if (cur->kind == PMO_NODE_MAP) {
			next = map_get_n(cur, tok.ptr ? tok.ptr : "", tok.len);
		} else if (cur->kind == PMO_NODE_SEQ && tok.len > 0 &&
			   (tok.len == 1 || tok.ptr[0] != '0')) {
			size_t k, idx = 0;
			for (k = 0; k < tok.len && tok.ptr[k] >= '0' && tok.ptr[k] <= '9'; k++)
				idx = idx * 10 + (size_t)(tok.ptr[k] - '0');
			if (k == tok.len && idx < cur->n)
				next = cur->items[idx];
		}
		if (!next) {
			error = schema_error(set, s->doc, s->ref, "cannot resolve $ref \"%s\"", s->ref->str);
			goto done;
		}
		cur = next;
		if ((cs = ht_get(&set->by_node, cur, 0)))
			base = cs->base;
	}
	if ((error = compile(out, set, from->doc, cur, base)) < 0) {
		if (error == PMO_EINVALID)
			error = schema_error(set, s->doc, s->ref,
					     "$ref \"%s\" does not point at a schema", s->ref->str);
	}
done:
	pmo_buf_release(&tok);
	return error;
}

static int resolve_ref(pmo_schema *s)
{
	pmo_schema_set *set = s->set;
	pmo_buf full = PMO_BUF_INIT, text = PMO_BUF_INIT, frag = PMO_BUF_INIT;
	pmo_schema *root = NULL;
	const char *hash;
	size_t doclen, i;
	int error = 0;

	if ((error = uri_resolve(&full, s->base, s->ref->str, s->ref->len)) < 0)
		goto done;
	/* a location-independent id ("…#foo") or a whole document */
	if ((s->target = ht_get(&set->by_uri, full.ptr, uri_key_len(full.ptr, full.len))))
		goto done;
	hash = memchr(full.ptr, '#', full.len);
	doclen = hash ? (size_t)(hash - full.ptr) : full.len;
	root = ht_get(&set->by_uri, full.ptr, doclen);
	if (!root && doclen == 0)
		root = s->doc->root; /* "#…" in a document without a URI */
	if (!root && set->loader && set->depth < 32) {
		char *docuri = strndup(full.ptr, doclen);
		if (!docuri) {
			error = pmo_error_set(PMO_ENOMEM, "out of memory");
			goto done;
		}
		error = set->loader(&text, docuri, set->payload);
		if (error == 0) {
			set->depth++;
			error = pmo_schema_add(&root, set, docuri, text.ptr ? text.ptr : "", text.len);
			set->depth--;
		} else if (error == PMO_ENOTFOUND) {
			error = 0;
		}
		free(docuri);
		if (error < 0)
			goto done;
	}
	if (!root) {
		error = schema_error(set, s->doc, s->ref, "cannot resolve $ref \"%s\"", s->ref->str);
		goto done;
	}
	if (!hash || hash + 1 == full.ptr + full.len) {
		s->target = root;
		goto done;
	}
	/* percent-decode the fragment, then read it as a JSON pointer */
	for (i = doclen + 1; i < full.len; i++) {
		int h1, h2;
		if (full.ptr[i] == '%' && i + 2 < full.len && (h1 = hexval(full.ptr[i + 1])) >= 0 &&
		    (h2 = hexval(full.ptr[i + 2])) >= 0) {
			pmo_buf_putc(&frag, (char)(h1 * 16 + h2));
			i += 2;
		} else {
			pmo_buf_putc(&frag, full.ptr[i]);
		}
	}
	if ((error = pmo_buf_oom(&frag)) < 0)
		goto done;
	if (frag.ptr[0] != '/') {
		error = schema_error(set, s->doc, s->ref, "cannot resolve $ref \"%s\"", s->ref->str);
		goto done;
	}
	error = pointer_walk(&s->target, root, s, frag.ptr, frag.len);
done:
	pmo_buf_release(&full);
	pmo_buf_release(&text);
	pmo_buf_release(&frag);
	return error;
}

/* Calls fn on every subschema of s; same_only limits it to the subschemas
 * applied to the same instance (not to items or properties). */
#define EACH_CHILD(s, same_only, CALL)                                                  \
	do {                                                                            \
		size_t k_;                                                              \
		if ((s)->kind == K_REF) {                                               \
			if ((s)->target)                                                \
				CALL((s)->target);                                      \
			break;                                                          \
		}                                                                       \
		for (k_ = 0; k_ < (s)->nall; k_++)                                      \
			CALL((s)->all_of[k_]);                                          \
		for (k_ = 0; k_ < (s)->nany; k_++)                                      \
			CALL((s)->any_of[k_]);                                          \
		for (k_ = 0; k_ < (s)->none; k_++)                                      \
			CALL((s)->one_of[k_]);                                          \
		if ((s)->not_)                                                          \
			CALL((s)->not_);                                                \
		if ((s)->if_)                                                           \
			CALL((s)->if_);                                                 \
		if ((s)->then_)                                                         \
			CALL((s)->then_);                                               \
		if ((s)->else_)                                                         \
			CALL((s)->else_);                                               \
		for (k_ = 0; k_ < (s)->ndeps; k_++)                                     \
			if ((s)->deps[k_].s)                                            \
				CALL((s)->deps[k_].s);                                  \
		if (same_only)                                                          \
			break;                                                          \
		for (k_ = 0; k_ < (s)->nprops; k_++)                                    \
			CALL((s)->props[k_].s);                                         \
		for (k_ = 0; k_ < (s)->npprops; k_++)                                   \
			CALL((s)->pprops[k_].s);                                        \
		for (k_ = 0; k_ < (s)->nitems_arr; k_++)                                \
			CALL((s)->items_arr[k_]);                                       \
		if ((s)->addl_props)                                                    \
			CALL((s)->addl_props);                                          \
		if ((s)->prop_names)                                                    \
			CALL((s)->prop_names);                                          \
		if ((s)->items)                                                         \
			CALL((s)->items);                                               \
		if ((s)->addl_items)                                                    \
			CALL((s)->addl_items);                                          \
		if ((s)->contains)                                                      \
			CALL((s)->contains);                                            \
	} while (0)

/* Resolve every $ref reachable from s and look for broken regexes. */
static int prepare_walk(pmo_schema *s, unsigned epoch)
{
	int error = 0;

	if (s->seen == epoch || s->prepared)
		return 0;
	s->seen = epoch;
	if (grow((void **)&s->set->walk, &s->set->capwalk, s->set->nwalk, sizeof(pmo_schema *)) < 0)
		return PMO_ENOMEM;
	s->set->walk[s->set->nwalk++] = s;
	if (s->broken)
		return schema_error(s->set, s->doc, s->broken_node, "%s", s->broken);
	if (s->kind == K_REF && !s->target && (error = resolve_ref(s)) < 0)
		return error;
#define PREP_CALL(c)                                                    \
	do {                                                            \
		if ((error = prepare_walk((c), epoch)) < 0)             \
			return error;                                   \
	} while (0)
	EACH_CHILD(s, 0, PREP_CALL);
#undef PREP_CALL
	return 0;
}

/* A cycle through $ref/allOf/anyOf/... that never moves into the instance
 * would make validation loop forever. */
static int cycle_walk(pmo_schema *s, unsigned epoch)
{
	int error = 0;

	if (s->done == epoch || s->prepared)
		return 0;
	if (s->on_stack) {
		const pmo_node *at = s->kind == K_REF ? s->ref : s->node;
		return pmo_error_set_at(PMO_EINVALID, s->doc->name, at->line, at->col,
					"schema refers to itself without validating anything (a $ref cycle)");
	}
	s->on_stack = 1;
#define CYC_CALL(c)                                                     \
	do {                                                            \
		if ((error = cycle_walk((c), epoch)) < 0) {             \
			s->on_stack = 0;                                \
			return error;                                   \
		}                                                       \
	} while (0)
	EACH_CHILD(s, 1, CYC_CALL);
#undef CYC_CALL
	s->on_stack = 0;
	s->done = epoch;
	return 0;
}

static void mark_prepared(pmo_schema *s)
{
	if (s->prepared)
		return;
	s->prepared = 1;
#define MARK_CALL(c) mark_prepared(c)
	EACH_CHILD(s, 0, MARK_CALL);
#undef MARK_CALL
}

static int prepare(pmo_schema *s)
{
	pmo_schema_set *set = s->set;
	int error;

	if (s->prepared)
		return 0;
	size_t i;

	set->epoch += 2;
	set->nwalk = 0;
	if ((error = prepare_walk(s, set->epoch)) < 0)
		return error;
	for (i = 0; i < set->nwalk; i++)
		if ((error = cycle_walk(set->walk[i], set->epoch + 1)) < 0)
			return error;
	mark_prepared(s);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Validation. */

typedef struct {
	const char *key; /* NULL: index */
	size_t klen;
	size_t idx;
} seg;

typedef struct {
	pmo_schema_set *set;
	seg *path;
	size_t depth, capdepth;
	pmo_schema_finding *f;
	size_t nf, capf;
	int oom;
} vctx;

#define MAX_SHOWN 60

static int push_key(vctx *v, const char *key, size_t klen)
{
	if (grow((void **)&v->path, &v->capdepth, v->depth, sizeof(seg)) < 0) {
		v->oom = 1;
		return -1;
	}
	v->path[v->depth].key = key;
	v->path[v->depth].klen = klen;
	v->depth++;
	return 0;
}

static int push_idx(vctx *v, size_t idx)
{
	if (grow((void **)&v->path, &v->capdepth, v->depth, sizeof(seg)) < 0) {
		v->oom = 1;
		return -1;
	}
	v->path[v->depth].key = NULL;
	v->path[v->depth].idx = idx;
	v->depth++;
	return 0;
}

/* Append text (UTF-8) cut to MAX_SHOWN columns, escaping what would be
 * unreadable inside double quotes. */
static void put_cut(pmo_buf *b, const char *s, size_t len, int escape)
{
	size_t i = 0, cols = 0;

	while (i < len) {
		uint32_t cp;
		size_t n = pmo_utf8_decode(s + i, len - i, &cp);
		int w;
		if (n == 0) {
			cp = (unsigned char)s[i];
			n = 1;
		}
		w = cp < 0x20 ? 2 : pmo_utf8_cp_width(cp);
		if (cols + (size_t)w > MAX_SHOWN - 1 && i + n < len) {
			pmo_buf_puts(b, "…");
			return;
		}
		cols += (size_t)w;
		if (escape && cp < 0x20) {
			if (cp == '\n')
				pmo_buf_puts(b, "\\n");
			else if (cp == '\t')
				pmo_buf_puts(b, "\\t");
			else
				pmo_buf_printf(b, "\\u%04x", (unsigned)cp);
		} else if (escape && (cp == '"' || cp == '\\')) {
			pmo_buf_putc(b, '\\');
			pmo_buf_putc(b, (char)cp);
		} else {
			pmo_buf_put(b, s + i, n);
		}
		i += n;
	}
}

/* Compact JSON of a node (for collections in messages), stopping early once
 * it is longer than anything that will be shown. */
static void put_json(pmo_buf *b, const pmo_node *n, size_t stop)
{
	size_t i;

	if (b->len > stop)
		return;
	if (n->kind == PMO_NODE_SEQ) {
		pmo_buf_putc(b, '[');
		for (i = 0; i < n->n && b->len <= stop; i++) {
			if (i)
				pmo_buf_puts(b, ", ");
			put_json(b, n->items[i], stop);
		}
		pmo_buf_putc(b, ']');
	} else if (n->kind == PMO_NODE_MAP) {
		pmo_buf_putc(b, '{');
		for (i = 0; i < n->n && b->len <= stop; i++) {
			if (i)
				pmo_buf_puts(b, ", ");
			pmo_buf_putc(b, '"');
			pmo_buf_put(b, n->pairs[i].key->str, n->pairs[i].key->len);
			pmo_buf_puts(b, "\": ");
			put_json(b, n->pairs[i].value, stop);
		}
		pmo_buf_putc(b, '}');
	} else {
		unsigned t = jtype(n);
		if (t & J_STR) {
			pmo_buf_putc(b, '"');
			pmo_buf_put(b, n->str, n->len);
			pmo_buf_putc(b, '"');
		} else if (t & J_NULL) {
			pmo_buf_puts(b, "null");
		} else if (t & J_BOOL) {
			pmo_buf_puts(b, bool_true(n) ? "true" : "false");
		} else {
			pmo_buf_put(b, n->str, n->len);
		}
	}
}

/* A value as shown in messages: strings in double quotes (quote == 1),
 * numbers, true/false/null bare, collections as compact JSON. */
static void put_value(pmo_buf *b, const pmo_node *n, int quote)
{
	if (n->kind == PMO_NODE_SCALAR) {
		unsigned t = jtype(n);
		if (t & J_STR) {
			if (quote)
				pmo_buf_putc(b, '"');
			put_cut(b, n->str, n->len, quote);
			if (quote)
				pmo_buf_putc(b, '"');
		} else if (t & J_NULL) {
			pmo_buf_puts(b, "null");
		} else if (t & J_BOOL) {
			pmo_buf_puts(b, bool_true(n) ? "true" : "false");
		} else {
			put_cut(b, n->str, n->len, 0);
		}
	} else {
		pmo_buf tmp = PMO_BUF_INIT;
		put_json(&tmp, n, MAX_SHOWN * 4 + 16);
		if (pmo_buf_oom(&tmp) < 0)
			b->oom = 1;
		else
			put_cut(b, tmp.ptr, tmp.len, 0);
		pmo_buf_release(&tmp);
	}
}

static int simple_key(const char *k, size_t len)
{
	size_t i;

	if (len == 0)
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)k[i];
		if (c <= ' ' || c == '.' || c == '[' || c == ']' || c == '"' || c == '\\')
			return 0;
	}
	return 1;
}

static void put_location(pmo_buf *b, const vctx *v)
{
	size_t i;

	for (i = 0; i < v->depth; i++) {
		const seg *s = &v->path[i];
		if (!s->key) {
			pmo_buf_printf(b, "[%zu]", s->idx);
		} else if (simple_key(s->key, s->klen)) {
			if (i > 0)
				pmo_buf_putc(b, '.');
			pmo_buf_put(b, s->key, s->klen);
		} else {
			size_t k;
			pmo_buf_puts(b, "[\"");
			for (k = 0; k < s->klen; k++) {
				if (s->key[k] == '"' || s->key[k] == '\\')
					pmo_buf_putc(b, '\\');
				pmo_buf_putc(b, s->key[k]);
			}
			pmo_buf_puts(b, "\"]");
		}
	}
}

/* Add a finding; msg is taken over (a buffer with the sentence). */
static void add_finding(vctx *v, const pmo_node *node, const char *keyword, pmo_buf *msg)
{
	pmo_buf loc = PMO_BUF_INIT;
	pmo_schema_finding *f;

	put_location(&loc, v);
	if (pmo_buf_oom(msg) < 0 || pmo_buf_oom(&loc) < 0 ||
	    grow((void **)&v->f, &v->capf, v->nf, sizeof(*v->f)) < 0) {
		v->oom = 1;
		pmo_buf_release(&loc);
		pmo_buf_release(msg);
		return;
	}
	f = &v->f[v->nf++];
	f->node = node;
	f->keyword = keyword;
	f->location = pmo_buf_detach(&loc);
	f->message = pmo_buf_detach(msg);
	if (!f->location || !f->message) {
		v->oom = 1;
		free(f->location);
		free(f->message);
		v->nf--;
	}
}

static int validate(vctx *v, const pmo_schema *s, const pmo_node *n, int collect);

static const pmo_schema *deref(const pmo_schema *s)
{
	int guard = 0;

	while (s->kind == K_REF && s->target && guard++ < 1000)
		s = s->target;
	return s;
}

/* Subschema applied to an item or property, with the path extended. */
static int validate_key(vctx *v, const pmo_schema *s, const pmo_node *n, const char *key,
			size_t klen, int collect)
{
	int ok;

	if (collect && push_key(v, key, klen) < 0)
		return 0;
	ok = validate(v, s, n, collect);
	if (collect)
		v->depth--;
	return ok;
}

static int validate_idx(vctx *v, const pmo_schema *s, const pmo_node *n, size_t idx, int collect)
{
	int ok;

	if (collect && push_idx(v, idx) < 0)
		return 0;
	ok = validate(v, s, n, collect);
	if (collect)
		v->depth--;
	return ok;
}

static void put_types(pmo_buf *b, unsigned types)
{
	static const struct {
		unsigned bit;
		const char *name;
	} names[] = {
		{ J_INT, "integer" }, { J_NUM, "number" }, { J_STR, "string" },
		{ J_BOOL, "boolean" }, { J_OBJ, "object" }, { J_ARR, "array" },
		{ J_NULL, "null" },
	};
	size_t i, count = 0, total = 0;

	if ((types & J_NUM))
		types &= ~(unsigned)J_INT;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (types & names[i].bit)
			total++;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(types & names[i].bit))
			continue;
		if (count > 0)
			pmo_buf_puts(b, count + 1 == total ? " or " : ", ");
		pmo_buf_puts(b, names[i].name);
		count++;
	}
}

static size_t utf8_count(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

/* Sorted view of an object's keys, for lookups in large objects. */
typedef struct {
	const pmo_node *map;
	const pmo_pair **sorted; /* NULL: scan */
} keyidx;

static int pair_cmp(const void *a, const void *b)
{
	const pmo_pair *x = *(const pmo_pair *const *)a, *y = *(const pmo_pair *const *)b;
	size_t m = x->key->len < y->key->len ? x->key->len : y->key->len;
	int c = memcmp(x->key->str, y->key->str, m);

	if (c != 0)
		return c;
	return x->key->len < y->key->len ? -1 : x->key->len > y->key->len;
}

static void keyidx_init(keyidx *ki, const pmo_node *map, size_t lookups)
{
	size_t i;

	ki->map = map;
	ki->sorted = NULL;
	if (map->n < 16 || lookups < 8)
		return;
	ki->sorted = malloc(map->n * sizeof(*ki->sorted));
	if (!ki->sorted)
		return; /* fall back to scanning */
	for (i = 0; i < map->n; i++)
		ki->sorted[i] = &map->pairs[i];
	qsort(ki->sorted, map->n, sizeof(*ki->sorted), pair_cmp);
}

static const pmo_node *keyidx_get(const keyidx *ki, const char *key, size_t len)
{
	size_t lo = 0, hi;

	if (!ki->sorted)
		return map_get_n(ki->map, key, len);
	hi = ki->map->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const pmo_node *k = ki->sorted[mid]->key;
		size_t m = k->len < len ? k->len : len;
		int c = memcmp(k->str, key, m);
		if (c == 0)
			c = k->len < len ? -1 : k->len > len;
		if (c == 0)
			return ki->sorted[mid]->value;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int hash_pair_cmp(const void *a, const void *b)
{
	const uint64_t *x = a, *y = b;

	return x[0] < y[0] ? -1 : x[0] > y[0];
}

/* Indexes of the first pair of equal items, or 0 when all are unique. */
static int find_duplicate(const pmo_node *arr, size_t *first, size_t *second, int *oom)
{
	uint64_t *h;
	size_t i, j, n = arr->n;
	int found = 0;

	*oom = 0;
	if (n < 2)
		return 0;
	if (!(h = malloc(n * 2 * sizeof(uint64_t)))) {
		*oom = 1;
		return 0;
	}
	for (i = 0; i < n; i++) {
		h[2 * i] = json_hash(arr->items[i]);
		h[2 * i + 1] = i;
	}
	qsort(h, n, 2 * sizeof(uint64_t), hash_pair_cmp);
	for (i = 0; i < n && !found; i++)
		for (j = i + 1; j < n && h[2 * j] == h[2 * i]; j++)
			if (json_equal(arr->items[h[2 * i + 1]], arr->items[h[2 * j + 1]])) {
				size_t a = h[2 * i + 1], b = h[2 * j + 1];
				*first = a < b ? a : b;
				*second = a < b ? b : a;
				found = 1;
				break;
			}
	free(h);
	return found;
}

/* The alternatives of anyOf/oneOf that fail: when all but one of them fail
 * on their type alone, that one's findings say more than "matches none". */
static const pmo_schema *only_candidate(pmo_schema **alts, size_t n, unsigned jt)
{
	const pmo_schema *cand = NULL;
	size_t i;

	for (i = 0; i < n; i++) {
		const pmo_schema *a = deref(alts[i]);
		if (a->kind == K_FALSE || (a->kind == K_OBJ && a->types && !(a->types & jt)))
			continue;
		if (cand)
			return NULL;
		cand = a;
	}
	return cand;
}

#define FAIL()                                  \
	do {                                    \
		ok = 0;                         \
		if (!collect)                   \
			return 0;               \
	} while (0)

#define MSG(...) pmo_buf_printf(&msg, __VA_ARGS__)

static int validate_object(vctx *v, const pmo_schema *s, const pmo_node *n, int collect)
{
	pmo_buf msg = PMO_BUF_INIT;
	int ok = 1;
	size_t i, j;

	if (n->n < s->min_props || n->n > s->max_props) {
		if (collect) {
			if (n->n < s->min_props)
				MSG("object has %zu field(s); at least %zu required", (size_t)n->n, s->min_props);
			else
				MSG("object has %zu field(s); at most %zu allowed", (size_t)n->n, s->max_props);
			add_finding(v, n, n->n < s->min_props ? "minProperties" : "maxProperties", &msg);
		}
		FAIL();
	}
	if (s->required || s->ndeps) {
		keyidx ki;
		keyidx_init(&ki, n, (s->required ? s->required->n : 0) + s->ndeps);
		for (i = 0; s->required && i < s->required->n; i++) {
			const pmo_node *r = s->required->items[i];
			if (r->kind != PMO_NODE_SCALAR || keyidx_get(&ki, r->str, r->len))
				continue;
			if (!collect) {
				free(ki.sorted);
				return 0;
			}
			ok = 0;
			MSG("missing required field \"");
			put_cut(&msg, r->str, r->len, 1);
			MSG("\"");
			add_finding(v, n, "required", &msg);
		}
		for (i = 0; i < s->ndeps; i++) {
			const sdep *d = &s->deps[i];
			if (!keyidx_get(&ki, d->key->str, d->key->len))
				continue;
			if (d->s) {
				if (!validate(v, d->s, n, collect)) {
					if (!collect) {
						free(ki.sorted);
						return 0;
					}
					ok = 0;
				}
				continue;
			}
			for (j = 0; j < d->names->n; j++) {
				const pmo_node *r = d->names->items[j];
				if (r->kind != PMO_NODE_SCALAR || keyidx_get(&ki, r->str, r->len))
					continue;
				if (!collect) {
					free(ki.sorted);
					return 0;
				}
				ok = 0;
				MSG("missing field \"");
				put_cut(&msg, r->str, r->len, 1);
				MSG("\", required when \"");
				put_cut(&msg, d->key->str, d->key->len, 1);
				MSG("\" is present");
				add_finding(v, n, "dependencies", &msg);
			}
		}
		free(ki.sorted);
	}
	if (s->nprops || s->npprops || s->addl_props || s->prop_names) {
		for (i = 0; i < n->n; i++) {
			const pmo_node *key = n->pairs[i].key, *val = n->pairs[i].value;
			const pmo_schema *p = s->nprops ? prop_find(s, key->str, key->len) : NULL;
			int matched = p != NULL;
			if (p && !validate_key(v, p, val, key->str, key->len, collect))
				FAIL();
			for (j = 0; j < s->npprops; j++) {
				if (!regex_match(v->set, s->pprops[j].re, key->str, key->len))
					continue;
				matched = 1;
				if (!validate_key(v, s->pprops[j].s, val, key->str, key->len, collect))
					FAIL();
			}
			if (!matched && s->addl_props) {
				const pmo_schema *a = deref(s->addl_props);
				if (a->kind == K_FALSE) {
					if (collect) {
						MSG("unknown field \"");
						put_cut(&msg, key->str, key->len, 1);
						MSG("\"");
						for (j = 0; j < s->nprops; j++) {
							MSG(j == 0 ? "; allowed: " : ", ");
							pmo_buf_put(&msg, s->props[j].name, s->props[j].len);
						}
						if (push_key(v, key->str, key->len) == 0) {
							add_finding(v, key, "additionalProperties", &msg);
							v->depth--;
						}
					}
					FAIL();
				} else if (!validate_key(v, a, val, key->str, key->len, collect)) {
					FAIL();
				}
			}
			if (s->prop_names) {
				/* a name is a string, whatever its YAML type */
				pmo_node name = *key;
				name.tag = PMO_TAG_STR;
				name.kind = PMO_NODE_SCALAR;
				if (!validate(v, s->prop_names, &name, 0)) {
					if (collect) {
						size_t before = v->nf, k;
						if (push_key(v, key->str, key->len) == 0) {
							validate(v, s->prop_names, &name, 1);
							v->depth--;
						}
						for (k = before; k < v->nf; k++) {
							if (v->f[k].node == &name)
								v->f[k].node = key;
						}
						if (v->nf == before) {
							MSG("field name \"");
							put_cut(&msg, key->str, key->len, 1);
							MSG("\" is not allowed");
							add_finding(v, key, "propertyNames", &msg);
						}
					}
					FAIL();
				}
			}
		}
	}
	pmo_buf_release(&msg);
	return ok;
}

static int validate_array(vctx *v, const pmo_schema *s, const pmo_node *n, int collect)
{
	pmo_buf msg = PMO_BUF_INIT;
	int ok = 1;
	size_t i;

	if (n->n < s->min_items || n->n > s->max_items) {
		if (collect) {
			if (n->n < s->min_items)
				MSG("array has %zu item(s); at least %zu required", (size_t)n->n, s->min_items);
			else
				MSG("array has %zu item(s); at most %zu allowed", (size_t)n->n, s->max_items);
			add_finding(v, n, n->n < s->min_items ? "minItems" : "maxItems", &msg);
		}
		FAIL();
	}
	if (s->items) {
		for (i = 0; i < n->n; i++)
			if (!validate_idx(v, s->items, n->items[i], i, collect))
				FAIL();
	} else if (s->items_is_arr) {
		for (i = 0; i < n->n && i < s->nitems_arr; i++)
			if (!validate_idx(v, s->items_arr[i], n->items[i], i, collect))
				FAIL();
		if (s->addl_items && n->n > s->nitems_arr) {
			const pmo_schema *a = deref(s->addl_items);
			if (a->kind == K_FALSE) {
				if (collect) {
					MSG("array has %zu items; at most %zu allowed", (size_t)n->n, s->nitems_arr);
					add_finding(v, n, "additionalItems", &msg);
				}
				FAIL();
			} else {
				for (i = s->nitems_arr; i < n->n; i++)
					if (!validate_idx(v, a, n->items[i], i, collect))
						FAIL();
			}
		}
	}
	if (s->contains) {
		int found = 0;
		for (i = 0; i < n->n && !found; i++)
			found = validate(v, s->contains, n->items[i], 0);
		if (!found) {
			if (collect) {
				MSG("no item of the array matches the schema under contains");
				add_finding(v, n, "contains", &msg);
			}
			FAIL();
		}
	}
	if (s->unique) {
		size_t a = 0, b = 0;
		int oom;
		if (find_duplicate(n, &a, &b, &oom)) {
			if (collect) {
				MSG("items [%zu] and [%zu] are equal; items must be unique", a, b);
				add_finding(v, n, "uniqueItems", &msg);
			}
			FAIL();
		}
		if (oom)
			v->oom = 1;
	}
	pmo_buf_release(&msg);
	return ok;
}

static int validate_number(vctx *v, const pmo_schema *s, const pmo_node *n, int collect)
{
	pmo_buf msg = PMO_BUF_INIT;
	num x = node_num(n);
	int ok = 1, c;

	if (s->minimum && ((c = num_cmp(&x, &s->min_v)) < 0 || c == 2)) {
		if (collect) {
			put_value(&msg, n, 1);
			MSG(" is less than the minimum ");
			put_value(&msg, s->minimum, 1);
			add_finding(v, n, "minimum", &msg);
		}
		FAIL();
	}
	if (s->maximum && (c = num_cmp(&x, &s->max_v)) > 0) {
		if (collect) {
			put_value(&msg, n, 1);
			MSG(" is more than the maximum ");
			put_value(&msg, s->maximum, 1);
			add_finding(v, n, "maximum", &msg);
		}
		FAIL();
	}
	if (s->xminimum && (c = num_cmp(&x, &s->xmin_v)) <= 0) {
		if (collect) {
			put_value(&msg, n, 1);
			MSG(" is not more than ");
			put_value(&msg, s->xminimum, 1);
			add_finding(v, n, "exclusiveMinimum", &msg);
		}
		FAIL();
	}
	if (s->xmaximum && ((c = num_cmp(&x, &s->xmax_v)) >= 0)) {
		if (collect) {
			put_value(&msg, n, 1);
			MSG(" is not less than ");
			put_value(&msg, s->xmaximum, 1);
			add_finding(v, n, "exclusiveMaximum", &msg);
		}
		FAIL();
	}
	if (s->multiple && !num_multiple(&x, &s->mult_v)) {
		if (collect) {
			put_value(&msg, n, 1);
			MSG(" is not a multiple of ");
			put_value(&msg, s->multiple, 1);
			add_finding(v, n, "multipleOf", &msg);
		}
		FAIL();
	}
	pmo_buf_release(&msg);
	return ok;
}

static int validate_string(vctx *v, const pmo_schema *s, const pmo_node *n, int collect)
{
	pmo_buf msg = PMO_BUF_INIT;
	int ok = 1;

	if (s->min_len > 0 || s->max_len != SIZE_MAX) {
		size_t count = utf8_count(n->str, n->len);
		if (count < s->min_len) {
			if (collect) {
				put_value(&msg, n, 1);
				MSG(" is shorter than %zu character(s)", s->min_len);
				add_finding(v, n, "minLength", &msg);
			}
			FAIL();
		}
		if (count > s->max_len) {
			if (collect) {
				put_value(&msg, n, 1);
				MSG(" is longer than %zu character(s)", s->max_len);
				add_finding(v, n, "maxLength", &msg);
			}
			FAIL();
		}
	}
	if (s->pattern && !regex_match(v->set, s->pattern, n->str, n->len)) {
		if (collect) {
			/* a pattern is said in the words of the schema's own
			 * description beside it; the regex only where there is none */
			const pmo_node *d = pmo_map_get(s->node, "description");
			put_value(&msg, n, 1);
			if (d && d->kind == PMO_NODE_SCALAR && d->tag == PMO_TAG_STR && d->len) {
				MSG(" is not a valid value: ");
				pmo_buf_put(&msg, d->str, d->len);
			} else {
				MSG(" does not match the pattern ");
				put_cut(&msg, s->pattern_node->str, s->pattern_node->len, 0);
			}
			add_finding(v, n, "pattern", &msg);
		}
		FAIL();
	}
	if (s->format && pmo_schema_format_check(s->format, n->str, n->len) == 0) {
		if (collect) {
			put_value(&msg, n, 1);
			MSG(" is not a valid %s%s", s->format, pmo_schema_format_hint(s->format));
			add_finding(v, n, "format", &msg);
		}
		FAIL();
	}
	pmo_buf_release(&msg);
	return ok;
}

static int validate(vctx *v, const pmo_schema *s, const pmo_node *n, int collect)
{
	pmo_buf msg = PMO_BUF_INIT;
	unsigned jt;
	int ok = 1;
	size_t i;

	if (v->oom)
		return 0;
	while (s->kind == K_REF)
		s = s->target;
	if (s->kind == K_TRUE)
		return 1;
	if (s->kind == K_FALSE) {
		if (collect) {
			const seg *top = v->depth ? &v->path[v->depth - 1] : NULL;
			if (top && top->key) {
				MSG("field \"");
				put_cut(&msg, top->key, top->klen, 1);
				MSG("\" is not allowed");
			} else {
				put_value(&msg, n, 1);
				MSG(" is not allowed here");
			}
			add_finding(v, n, "false", &msg);
		}
		return 0;
	}
	jt = jtype(n);
	if (s->types && !(s->types & jt)) {
		if (collect && jt == J_NONJSON && (s->types & (J_NUM | J_INT))) {
			/* one rule for every field that wants a number */
			put_value(&msg, n, 1);
			MSG(" is not a JSON number (.inf and .nan have no JSON value)");
			add_finding(v, n, "type", &msg);
		} else if (collect) {
			put_value(&msg, n, 1);
			MSG(" is not of type ");
			put_types(&msg, s->types);
			add_finding(v, n, "type", &msg);
		}
		FAIL();
	}
	if (s->enum_node) {
		const pmo_node *e = s->enum_node;
		int found = 0;
		for (i = 0; i < e->n && !found; i++)
			found = json_equal(n, e->items[i]);
		if (!found) {
			if (collect) {
				put_value(&msg, n, 1);
				MSG(" is not one of: ");
				for (i = 0; i < e->n; i++) {
					if (i)
						MSG(", ");
					put_value(&msg, e->items[i], 0);
				}
				add_finding(v, n, "enum", &msg);
			}
			FAIL();
		}
	}
	if (s->const_node && !json_equal(n, s->const_node)) {
		if (collect) {
			put_value(&msg, n, 1);
			MSG(" is not the constant ");
			put_value(&msg, s->const_node, 1);
			add_finding(v, n, "const", &msg);
		}
		FAIL();
	}
	if (jt & J_OBJ) {
		if (!validate_object(v, s, n, collect))
			FAIL();
	} else if (jt & J_ARR) {
		if (!validate_array(v, s, n, collect))
			FAIL();
	} else if (jt & J_NUM) {
		if (!validate_number(v, s, n, collect))
			FAIL();
	} else if (jt & J_STR) {
		if (!validate_string(v, s, n, collect))
			FAIL();
	}
	for (i = 0; i < s->nall; i++)
		if (!validate(v, s->all_of[i], n, collect))
			FAIL();
	if (s->nany) {
		int found = 0;
		for (i = 0; i < s->nany && !found; i++)
			found = validate(v, s->any_of[i], n, 0);
		if (!found) {
			if (collect) {
				const pmo_schema *c = only_candidate(s->any_of, s->nany, jt);
				if (c) {
					validate(v, c, n, 1);
				} else {
					put_value(&msg, n, 1);
					MSG(" does not match any of the %zu alternatives under anyOf", s->nany);
					add_finding(v, n, "anyOf", &msg);
				}
			}
			FAIL();
		}
	}
	if (s->none) {
		size_t count = 0, first = 0, second = 0;
		for (i = 0; i < s->none && count < 2; i++)
			if (validate(v, s->one_of[i], n, 0)) {
				if (count++ == 0)
					first = i;
				else
					second = i;
			}
		if (count != 1) {
			if (collect) {
				const pmo_schema *c = count == 0 ? only_candidate(s->one_of, s->none, jt) : NULL;
				if (c) {
					validate(v, c, n, 1);
				} else if (count == 0) {
					put_value(&msg, n, 1);
					MSG(" does not match any of the %zu alternatives under oneOf", s->none);
					add_finding(v, n, "oneOf", &msg);
				} else {
					put_value(&msg, n, 1);
					MSG(" matches more than one alternative under oneOf (%zu and %zu); "
					    "exactly one is required", first + 1, second + 1);
					add_finding(v, n, "oneOf", &msg);
				}
			}
			FAIL();
		}
	}
	if (s->not_ && validate(v, s->not_, n, 0)) {
		if (collect) {
			put_value(&msg, n, 1);
			MSG(" must not match the schema under not");
			add_finding(v, n, "not", &msg);
		}
		FAIL();
	}
	if (s->if_) {
		const pmo_schema *branch = validate(v, s->if_, n, 0) ? s->then_ : s->else_;
		if (branch && !validate(v, branch, n, collect))
			FAIL();
	}
	pmo_buf_release(&msg);
	return ok;
}

int pmo_schema_validate(pmo_schema_result *out, const pmo_schema *schema,
			const pmo_node *instance)
{
	vctx v;
	int error = 0;
	size_t i;

	memset(&v, 0, sizeof(v));
	out->items = NULL;
	out->n = 0;
	if ((error = prepare((pmo_schema *)schema)) < 0)
		return error;
	v.set = schema->set;
	if (!validate(&v, schema, instance, 0) && !v.oom) {
		validate(&v, schema, instance, 1);
		if (v.nf == 0 && !v.oom) {
			/* every failure has its finding; this only guards that an
			 * invalid instance can never come out as valid */
			pmo_buf msg = PMO_BUF_INIT;
			pmo_buf_puts(&msg, "the value does not match the schema");
			add_finding(&v, instance, "schema", &msg);
		}
	}
	if (v.oom) {
		for (i = 0; i < v.nf; i++) {
			free(v.f[i].location);
			free(v.f[i].message);
		}
		free(v.f);
		free(v.path);
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	}
	free(v.path);
	out->items = v.f;
	out->n = v.nf;
	return 0;
}

void pmo_schema_result_free(pmo_schema_result *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->n; i++) {
		free(r->items[i].location);
		free(r->items[i].message);
	}
	free(r->items);
	r->items = NULL;
	r->n = 0;
}
