/*
 * Validation of an instance against a prepared schema: first a yes/no
 * walk, then, where something fails, the findings with their locations and
 * messages.
 */
#include "schema/format.h"
#include "schema/internal.h"
#include "util/error.h"
#include "util/utf8.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Validation. */

typedef struct {
	const char *key; /* NULL: index */
	size_t klen;
	size_t idx;
} seg;

static int is_money(const char *format)
{
	return !strcmp(format, "money") || !strcmp(format, "money-signed");
}

typedef struct {
	pmo_schema_set *set;
	pcre2_match_data *md; /* this validation's own: made at its first pattern */
	seg *path;
	size_t depth, capdepth;
	pmo_findings f;
	int oom;
} vctx;

#define MAX_SHOWN 60

/* Each thread keeps its match data for its next validation: one is made
 * a thread, not one a file (a malloc and a free a record, behind the one
 * lock of the heap when records are validated on two threads). */
static pthread_key_t md_key;
static pthread_once_t md_once = PTHREAD_ONCE_INIT;
static int md_key_made;

static void md_free(void *md)
{
	pcre2_match_data_free(md);
}

static void md_key_make(void)
{
	md_key_made = pthread_key_create(&md_key, md_free) == 0;
}

/* The thread's kept match data, taken (NULL: none kept). */
static pcre2_match_data *md_take(void)
{
	pcre2_match_data *md;

	pthread_once(&md_once, md_key_make);
	if (!md_key_made || !(md = pthread_getspecific(md_key)))
		return NULL;
	(void)pthread_setspecific(md_key, NULL);
	return md;
}

/* Keep md for the thread's next validation, or free it. */
static void md_keep(pcre2_match_data *md)
{
	if (md && !(md_key_made && pthread_setspecific(md_key, md) == 0))
		pcre2_match_data_free(md);
}

/* Whether s matches r: 1, 0, or -1 out of memory (v->oom set). The match
 * data is the validation's, not the set's, so that records are validated
 * on several threads at once against one set (pmo_records_each). */
static int regex_match(vctx *v, const rx *r, const char *s, size_t len)
{
	if (!v->md && !(v->md = md_take()) && !(v->md = pcre2_match_data_create(1, NULL))) {
		v->oom = 1;
		return -1;
	}
	return pmo_schema__regex_match(r, v->md, s, len);
}

static int push_key(vctx *v, const char *key, size_t klen)
{
	if (pmo_schema__grow((void **)&v->path, &v->capdepth, v->depth, sizeof(seg)) < 0) {
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
	if (pmo_schema__grow((void **)&v->path, &v->capdepth, v->depth, sizeof(seg)) < 0) {
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
		unsigned t = pmo_schema__jtype(n);
		if (t & J_STR) {
			pmo_buf_putc(b, '"');
			pmo_buf_put(b, n->str, n->len);
			pmo_buf_putc(b, '"');
		} else if (t & J_NULL) {
			pmo_buf_puts(b, "null");
		} else if (t & J_BOOL) {
			pmo_buf_puts(b, pmo_schema__bool_true(n) ? "true" : "false");
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
		unsigned t = pmo_schema__jtype(n);
		if (t & J_STR) {
			if (quote)
				pmo_buf_putc(b, '"');
			put_cut(b, n->str, n->len, quote);
			if (quote)
				pmo_buf_putc(b, '"');
		} else if (t & J_NULL) {
			pmo_buf_puts(b, "null");
		} else if (t & J_BOOL) {
			pmo_buf_puts(b, pmo_schema__bool_true(n) ? "true" : "false");
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
		pmo_buf_free(&tmp);
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
	pmo_finding f;

	put_location(&loc, v);
	if (pmo_buf_oom(msg) < 0 || pmo_buf_oom(&loc) < 0) {
		v->oom = 1;
		pmo_buf_free(&loc);
		pmo_buf_free(msg);
		return;
	}
	pmo_finding_init(&f, PMO_SEVERITY_ERROR, "schema", node);
	f.keyword = keyword;
	f.location = pmo_buf_detach(&loc);
	f.message = pmo_buf_detach(msg);
	if (!f.location || !f.message) {
		v->oom = 1;
		pmo_finding_clear(&f);
		return;
	}
	if (pmo_findings_push(&v->f, &f) < 0)
		v->oom = 1;
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
		return pmo_schema__map_get_n(ki->map, key, len);
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
		h[2 * i] = pmo_schema__json_hash(arr->items[i]);
		h[2 * i + 1] = i;
	}
	qsort(h, n, 2 * sizeof(uint64_t), hash_pair_cmp);
	for (i = 0; i < n && !found; i++)
		for (j = i + 1; j < n && h[2 * j] == h[2 * i]; j++)
			if (pmo_schema__json_equal(arr->items[h[2 * i + 1]], arr->items[h[2 * j + 1]])) {
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
		size_t next = 0;

		for (i = 0; i < n->n; i++) {
			const pmo_node *key = n->pairs[i].key, *val = n->pairs[i].value;
			const pmo_schema *p = s->nprops ? pmo_schema__prop_find(s, key->str, key->len, &next)
							: NULL;
			int matched = p != NULL;
			if (p && !validate_key(v, p, val, key->str, key->len, collect))
				FAIL();
			for (j = 0; j < s->npprops; j++) {
				if (!regex_match(v, s->pprops[j].re, key->str, key->len))
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
						size_t before = v->f.n, k;
						if (push_key(v, key->str, key->len) == 0) {
							validate(v, s->prop_names, &name, 1);
							v->depth--;
						}
						for (k = before; k < v->f.n; k++) {
							pmo_finding *x = &v->f.items[k];
							if (x->node == &name) {
								x->node = key;
								x->line = key->line;
								x->col = key->col;
							}
						}
						if (v->f.n == before) {
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
	pmo_buf_free(&msg);
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
	pmo_buf_free(&msg);
	return ok;
}

static int validate_number(vctx *v, const pmo_schema *s, const pmo_node *n, int collect)
{
	pmo_buf msg = PMO_BUF_INIT;
	pmo_num x = pmo_schema__node_num(n);
	int ok = 1, c;

	if (s->minimum && ((c = pmo_num_cmp(&x, &s->min_v)) < 0 || c == 2)) {
		if (collect) {
			put_value(&msg, n, 1);
			MSG(" is less than the minimum ");
			put_value(&msg, s->minimum, 1);
			add_finding(v, n, "minimum", &msg);
		}
		FAIL();
	}
	if (s->maximum && (c = pmo_num_cmp(&x, &s->max_v)) > 0) {
		if (collect) {
			put_value(&msg, n, 1);
			MSG(" is more than the maximum ");
			put_value(&msg, s->maximum, 1);
			add_finding(v, n, "maximum", &msg);
		}
		FAIL();
	}
	if (s->xminimum && (c = pmo_num_cmp(&x, &s->xmin_v)) <= 0) {
		if (collect) {
			put_value(&msg, n, 1);
			MSG(" is not more than ");
			put_value(&msg, s->xminimum, 1);
			add_finding(v, n, "exclusiveMinimum", &msg);
		}
		FAIL();
	}
	if (s->xmaximum && ((c = pmo_num_cmp(&x, &s->xmax_v)) >= 0)) {
		if (collect) {
			put_value(&msg, n, 1);
			MSG(" is not less than ");
			put_value(&msg, s->xmaximum, 1);
			add_finding(v, n, "exclusiveMaximum", &msg);
		}
		FAIL();
	}
	if (s->multiple && !pmo_num_multiple(&x, &s->mult_v)) {
		if (collect) {
			put_value(&msg, n, 1);
			MSG(" is not a multiple of ");
			put_value(&msg, s->multiple, 1);
			add_finding(v, n, "multipleOf", &msg);
		}
		FAIL();
	}
	pmo_buf_free(&msg);
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
	if (s->pattern && !regex_match(v, s->pattern, n->str, n->len)) {
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
	if (s->format && !is_money(s->format) && pmo_schema_format_check(s->format, n->str, n->len) == 0) {
		if (collect) {
			put_value(&msg, n, 1);
			MSG(" is not a valid %s%s", s->format, pmo_schema_format_hint(s->format));
			add_finding(v, n, "format", &msg);
		}
		FAIL();
	}
	pmo_buf_free(&msg);
	return ok;
}

/* An amount of money (format "money", 0 or more; "money-signed"), read
 * from the scalar's text whether it is written quoted or as a plain
 * number, never through a double. */
static int validate_money(vctx *v, const pmo_schema *s, const pmo_node *n, int collect)
{
	pmo_buf msg = PMO_BUF_INIT;
	pmo_money m;

	if (pmo_money_parse(&m, n->str, n->len, &v->set->money) < 0) {
		if (collect) {
			MSG("%s", pmo_error_last()->message);
			add_finding(v, n, "format", &msg);
		}
		pmo_error_clear();
		pmo_buf_free(&msg);
		return 0;
	}
	if (m.minor < 0 && !strcmp(s->format, "money")) {
		if (collect) {
			put_value(&msg, n, 1);
			MSG(" is negative; an amount of 0 or more is allowed");
			add_finding(v, n, "format", &msg);
		}
		return 0;
	}
	return 1;
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
	jt = pmo_schema__jtype(n);
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
			found = pmo_schema__json_equal(n, e->items[i]);
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
	if (s->const_node && !pmo_schema__json_equal(n, s->const_node)) {
		if (collect) {
			put_value(&msg, n, 1);
			MSG(" is not the constant ");
			put_value(&msg, s->const_node, 1);
			add_finding(v, n, "const", &msg);
		}
		FAIL();
	}
	if (s->format && is_money(s->format) && n->kind == PMO_NODE_SCALAR && (jt & (J_NUM | J_INT | J_STR)) &&
	    !validate_money(v, s, n, collect))
		FAIL();
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
	pmo_buf_free(&msg);
	return ok;
}

int pmo_schema_prepare(const pmo_schema *schema)
{
	return pmo_schema__prepare((pmo_schema *)schema);
}

int pmo_schema_validate(pmo_findings *out, const pmo_schema *schema,
			const pmo_node *instance)
{
	vctx v;
	int error = 0;

	memset(&v, 0, sizeof(v));
	pmo_findings_init(out);
	if ((error = pmo_schema__prepare((pmo_schema *)schema)) < 0)
		return error;
	v.set = schema->set;
	if (!validate(&v, schema, instance, 0) && !v.oom) {
		validate(&v, schema, instance, 1);
		if (v.f.n == 0 && !v.oom) {
			/* every failure has its finding; this only guards that an
			 * invalid instance can never come out as valid */
			pmo_buf msg = PMO_BUF_INIT;
			pmo_buf_puts(&msg, "the value does not match the schema");
			add_finding(&v, instance, "schema", &msg);
		}
	}
	md_keep(v.md);
	if (v.oom) {
		pmo_findings_free(&v.f);
		free(v.path);
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	}
	free(v.path);
	*out = v.f;
	return 0;
}
