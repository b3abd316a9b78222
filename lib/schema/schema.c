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
#include "schema/format.h"
#include "schema/internal.h"
#include "util/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* The set and compiled schemas. */

int pmo_schema__grow(void **arr, size_t *cap, size_t n, size_t size)
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
	char *c = pmo_htab_get(&set->strings, s, len);

	if (c)
		return c;
	if (pmo_schema__grow((void **)&set->strs, &set->capstrs, set->nstrs, sizeof(char *)) < 0)
		return NULL;
	c = malloc(len + 1);
	if (!c) {
		pmo_error_set(PMO_ENOMEM, "out of memory");
		return NULL;
	}
	memcpy(c, s, len);
	c[len] = '\0';
	set->strs[set->nstrs++] = c;
	if (pmo_htab_put(&set->strings, c, len, c) < 0)
		return NULL;
	return c;
}

void pmo_schema_set_currency(pmo_schema_set *set, const pmo_currency *c)
{
	set->money = *c;
}

const pmo_currency *pmo_schema_set_money(const pmo_schema_set *set)
{
	return &set->money;
}

int pmo_schema_set_new(pmo_schema_set **out)
{
	pmo_schema_set *set = calloc(1, sizeof(*set));

	if (!set)
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	set->by_node.is_ptr = 1;
	pmo_currency_set(&set->money, "CNY", -1, PMO_ROUND_HALF_UP);
	*out = set;
	return 0;
}

static void schema_free(pmo_schema *s)
{
	if (!s)
		return;
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
	pmo_htab_free(&set->by_node);
	pmo_htab_free(&set->by_uri);
	pmo_htab_free(&set->strings);
	pmo_htab_free(&set->regexes);
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
	rx *r = pmo_htab_get(&set->regexes, s, len);
	int err = 0;
	PCRE2_SIZE off = 0;

	if (r) {
		*out = r;
		return 0;
	}
	if (!(key = intern(set, s, len)))
		return PMO_ENOMEM;
	if (pmo_schema__grow((void **)&set->rxs, &set->caprxs, set->nrxs, sizeof(rx *)) < 0)
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
	if (pmo_htab_put(&set->regexes, key, len, r) < 0)
		return PMO_ENOMEM;
	*out = r;
	return 0;
}

int pmo_schema__regex_match(const rx *r, pcre2_match_data *md, const char *s, size_t len)
{
	return pcre2_match(r->code, (PCRE2_SPTR)s, len, 0, 0, md, NULL) >= 0;
}

int pmo_schema__error(const pmo_schema_set *set, const sdoc *doc, const pmo_node *at,
		      const char *fmt, const char *arg)
{
	(void)set;
	return pmo_error_set_at(PMO_EINVALID, doc->name, at ? at->line : 0, at ? at->col : 0,
				fmt, arg);
}

/* "http://x/y#" and "http://x/y" name the same document. */
size_t pmo_schema__uri_key_len(const char *u, size_t len)
{
	if (len > 0 && u[len - 1] == '#')
		return len - 1;
	return len;
}

static int register_uri(pmo_schema_set *set, const char *uri, size_t len, pmo_schema *s)
{
	const char *k;
	pmo_schema *old;

	len = pmo_schema__uri_key_len(uri, len);
	old = pmo_htab_get(&set->by_uri, uri, len);
	if (old == s)
		return 0;
	if (old)
		return pmo_error_set_at(PMO_EEXISTS, s->doc->name, s->node->line, s->node->col,
					"schema id \"%.*s\" is already used", (int)len, uri);
	if (!(k = intern(set, uri, len)))
		return PMO_ENOMEM;
	return pmo_htab_put(&set->by_uri, k, len, s);
}

/* Compile a list of subschemas (a sequence node). */
static int compile_list(pmo_schema ***out, size_t *n, pmo_schema_set *set, sdoc *doc,
			const pmo_node *seq, const char *base, const char *kw)
{
	size_t i;
	int error;

	if (seq->kind != PMO_NODE_SEQ)
		return pmo_schema__error(set, doc, seq, "\"%s\" must be an array of schemas", kw);
	*out = calloc(seq->n ? seq->n : 1, sizeof(**out));
	if (!*out)
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	*n = seq->n;
	for (i = 0; i < seq->n; i++)
		if ((error = pmo_schema__compile(&(*out)[i], set, doc, seq->items[i], base)) < 0)
			return error;
	return 0;
}

static int size_kw(size_t *out, const pmo_node *v)
{
	pmo_num n = pmo_schema__node_num(v);

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

pmo_schema *pmo_schema__prop_find(const pmo_schema *s, const char *name, size_t len,
				  size_t *next)
{
	size_t lo = 0, hi = s->nprops, at = *next;

	/* a record's fields mostly come in the schema's order (pmo writes
	 * them so): the one after the last found is tried first, which
	 * halves validate's time finding properties (callgrind, 20,000
	 * risks) */
	if (at < s->nprops && s->props[at].len == len && !memcmp(s->props[at].name, name, len)) {
		*next = at + 1;
		return s->props[at].s;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const sprop *p = &s->props[s->props_sorted[mid]];
		int c = prop_cmp(p, name, len);
		if (c == 0) {
			*next = s->props_sorted[mid] + 1;
			return p->s;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int number_kw(const pmo_node **node, pmo_num *v, const pmo_node *value)
{
	pmo_num n = pmo_schema__node_num(value);

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
				if (pmo_schema__type_bit(v->str, v->len, &s->types) < 0)
					return pmo_schema__error(set, doc, v, "unknown type \"%s\"", v->str);
			} else if (v->kind == PMO_NODE_SEQ) {
				for (j = 0; j < v->n; j++) {
					unsigned bit;
					const pmo_node *t = v->items[j];
					if (t->kind != PMO_NODE_SCALAR || pmo_schema__type_bit(t->str, t->len, &bit) < 0)
						return pmo_schema__error(set, doc, t, "unknown type \"%s\"",
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
				return pmo_schema__error(set, doc, v, "multipleOf must be more than 0%s", "");
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
			s->unique = v->kind == PMO_NODE_SCALAR && v->tag == PMO_TAG_BOOL && pmo_schema__bool_true(v);
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
				return pmo_schema__error(set, doc, v, "\"%s\" must be an object", "properties");
			if (!(s->props = calloc(v->n ? v->n : 1, sizeof(*s->props))))
				return pmo_error_set(PMO_ENOMEM, "out of memory");
			s->nprops = v->n;
			for (j = 0; j < v->n; j++) {
				s->props[j].name = v->pairs[j].key->str;
				s->props[j].len = v->pairs[j].key->len;
				if ((error = pmo_schema__compile(&s->props[j].s, set, doc, v->pairs[j].value, base)) < 0)
					return error;
			}
		} else if (KW("patternProperties")) {
			if (v->kind != PMO_NODE_MAP)
				return pmo_schema__error(set, doc, v, "\"%s\" must be an object", "patternProperties");
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
				if ((error = pmo_schema__compile(&s->pprops[j].s, set, doc, v->pairs[j].value, base)) < 0)
					return error;
			}
		} else if (KW("additionalProperties")) {
			if ((error = pmo_schema__compile(&s->addl_props, set, doc, v, base)) < 0)
				return error;
		} else if (KW("required")) {
			if (v->kind == PMO_NODE_SEQ)
				s->required = v;
		} else if (KW("propertyNames")) {
			if ((error = pmo_schema__compile(&s->prop_names, set, doc, v, base)) < 0)
				return error;
		} else if (KW("dependencies")) {
			if (v->kind != PMO_NODE_MAP)
				return pmo_schema__error(set, doc, v, "\"%s\" must be an object", "dependencies");
			if (!(s->deps = calloc(v->n ? v->n : 1, sizeof(*s->deps))))
				return pmo_error_set(PMO_ENOMEM, "out of memory");
			s->ndeps = v->n;
			for (j = 0; j < v->n; j++) {
				s->deps[j].key = v->pairs[j].key;
				if (v->pairs[j].value->kind == PMO_NODE_SEQ)
					s->deps[j].names = v->pairs[j].value;
				else if ((error = pmo_schema__compile(&s->deps[j].s, set, doc, v->pairs[j].value, base)) < 0)
					return error;
			}
		} else if (KW("items")) {
			if (v->kind == PMO_NODE_SEQ) {
				s->items_is_arr = 1;
				if ((error = compile_list(&s->items_arr, &s->nitems_arr, set, doc, v, base,
							  "items")) < 0)
					return error;
			} else if ((error = pmo_schema__compile(&s->items, set, doc, v, base)) < 0) {
				return error;
			}
		} else if (KW("additionalItems")) {
			if ((error = pmo_schema__compile(&s->addl_items, set, doc, v, base)) < 0)
				return error;
		} else if (KW("contains")) {
			if ((error = pmo_schema__compile(&s->contains, set, doc, v, base)) < 0)
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
			if ((error = pmo_schema__compile(&s->not_, set, doc, v, base)) < 0)
				return error;
		} else if (KW("if")) {
			if ((error = pmo_schema__compile(&s->if_, set, doc, v, base)) < 0)
				return error;
		} else if (KW("then")) {
			if ((error = pmo_schema__compile(&s->then_, set, doc, v, base)) < 0)
				return error;
		} else if (KW("else")) {
			if ((error = pmo_schema__compile(&s->else_, set, doc, v, base)) < 0)
				return error;
		} else if (KW("definitions")) {
			if (v->kind == PMO_NODE_MAP)
				for (j = 0; j < v->n; j++) {
					pmo_schema *d;
					if ((error = pmo_schema__compile(&d, set, doc, v->pairs[j].value, base)) < 0)
						return error;
				}
		}
	}
	if (!s->if_) /* then/else without if are ignored */
		s->then_ = s->else_ = NULL;
	return sort_props(s);
}

int pmo_schema__compile(pmo_schema **out, pmo_schema_set *set, sdoc *doc, const pmo_node *node,
			const char *base)
{
	pmo_schema *s = pmo_htab_get(&set->by_node, node, 0);
	const pmo_node *id, *ref;
	int error = 0;

	if (s) {
		*out = s;
		return 0;
	}
	if (node->kind == PMO_NODE_SCALAR && node->tag == PMO_TAG_BOOL) {
		/* boolean schema */
	} else if (node->kind != PMO_NODE_MAP) {
		return pmo_schema__error(set, doc, node, "a schema must be an object or a boolean%s", "");
	}
	if (pmo_schema__grow((void **)&set->all, &set->capall, set->nall, sizeof(*set->all)) < 0)
		return PMO_ENOMEM;
	if (!(s = calloc(1, sizeof(*s))))
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	set->all[set->nall++] = s;
	s->set = set;
	s->doc = doc;
	s->node = node;
	s->base = base;
	s->max_len = s->max_items = s->max_props = SIZE_MAX;
	if ((error = pmo_htab_put(&set->by_node, node, 0, s)) < 0)
		return error;
	if (node->kind == PMO_NODE_SCALAR) {
		s->kind = pmo_schema__bool_true(node) ? K_TRUE : K_FALSE;
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
				if ((error = pmo_schema__compile(&d, set, doc, defs->pairs[j].value, base)) < 0)
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
		if ((error = pmo_schema__uri_resolve(&u, base, id->str, id->len)) < 0) {
			pmo_buf_free(&u);
			return error;
		}
		error = register_uri(set, u.ptr, u.len, s);
		/* the base for what is inside is the URI without fragment */
		hash = memchr(u.ptr, '#', u.len);
		if (error == 0 && !(s->base = intern(set, u.ptr, hash ? (size_t)(hash - u.ptr) : u.len)))
			error = PMO_ENOMEM;
		pmo_buf_free(&u);
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
	if ((error = pmo_schema__compile(&s, set, doc, root, base)) < 0)
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

	if (pmo_schema__grow((void **)&set->docs, &set->capdocs, set->ndocs, sizeof(*set->docs)) < 0)
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
	pmo_buf_free(&fixed);
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
	size_t len = pmo_schema__uri_key_len(uri, strlen(uri));

	return pmo_htab_get(&set->by_uri, uri, len);
}

const pmo_node *pmo_schema_root(const pmo_schema *schema)
{
	return schema->node;
}

