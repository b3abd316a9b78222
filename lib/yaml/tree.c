/* The document tree: arena, constructors, lookups, scalar resolution and
 * equality. */
#include "yaml/internal.h"
#include "util/hash.h"
#include "util/error.h"
#include "util/mem.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

struct pmo_arena_chunk {
	pmo_arena_chunk *next;
	size_t size;
	size_t mapped; /* bytes mapped for a big chunk, 0 for malloc's */
	/* data follows, 16-aligned */
};

#define CHUNK_HEAD ((sizeof(pmo_arena_chunk) + 15) & ~(size_t)15)
#define MIN_CHUNK 512u
#define MAX_CHUNK (1u << 20)
/* A document that will need more than this gets one chunk of address
 * space for all of it, asking the kernel for huge pages: a plan's tree is
 * 8 to 15 times its file, and touching fresh memory a 4 KiB page at a time
 * costs more than reading the plan (about 3 ms a MB on the machines pmo
 * is measured on, against 0.1 ms in 2 MiB pages). Address space is only
 * reserved: what the tree does not use is never touched. */
#define BIG_CHUNK (4u << 20)

static int oom(void)
{
	return pmo_error_set(PMO_ENOMEM, "out of memory");
}

/* A chunk of size bytes (after its head) in huge pages; NULL when the
 * system will not map it (malloc is tried then). */
static pmo_arena_chunk *map_chunk(size_t size)
{
	size_t mapped;
	pmo_arena_chunk *c;

	if (size > (size_t)-1 / 2 || !(c = pmo_map_huge(CHUNK_HEAD + size, &mapped)))
		return NULL;
	c->size = mapped - CHUNK_HEAD;
	c->mapped = mapped;
	return c;
}

/* Each thread keeps the biggest chunk of at most KEEP_MAX bytes it freed
 * last, for the next document it makes: validate makes and frees a
 * document a file (20,000 of some 5 KB), on two threads that share one
 * heap (util/mem.c), where a block of that size is taken and given back
 * behind the heap's lock (perf: the lock's futex wake-ups 5% of the
 * caller's thread). */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define KEEP_MAX 0u /* the sanitizers see a document used once freed */
#else
#define KEEP_MAX (64u << 10)
#endif

static pthread_key_t keep_key;
static pthread_once_t keep_once = PTHREAD_ONCE_INIT;
static int keep_made;

static void keep_key_make(void)
{
	keep_made = pthread_key_create(&keep_key, free) == 0;
}

/* The thread's kept chunk when it has room for size bytes, taken. */
static pmo_arena_chunk *kept_take(size_t size)
{
	pmo_arena_chunk *c;

	pthread_once(&keep_once, keep_key_make);
	if (!keep_made || !(c = pthread_getspecific(keep_key)) || c->size < size)
		return NULL;
	(void)pthread_setspecific(keep_key, NULL);
	return c;
}

/* Keep c (malloc's) for the thread's next document, or free it. */
static void kept_put(pmo_arena_chunk *c)
{
	pmo_arena_chunk *old;

	pthread_once(&keep_once, keep_key_make);
	if (c->size > KEEP_MAX || !keep_made) {
		free(c);
		return;
	}
	old = pthread_getspecific(keep_key);
	if (old && old->size >= c->size) {
		free(c);
		return;
	}
	if (pthread_setspecific(keep_key, c) != 0) {
		free(c);
		return;
	}
	free(old);
}

static void link_chunk(pmo_doc *doc, pmo_arena_chunk *c)
{
	c->next = doc->chunks;
	doc->chunks = c;
	doc->cur = (char *)c + CHUNK_HEAD;
	doc->lim = doc->cur + c->size;
}

static int add_chunk(pmo_doc *doc, size_t need)
{
	size_t size = doc->next_chunk;
	pmo_arena_chunk *c = NULL;

	if (size < need)
		size = need;
	if (size > (size_t)-1 - CHUNK_HEAD)
		return oom();
	if (size >= BIG_CHUNK)
		c = map_chunk(size);
	else if (size <= KEEP_MAX)
		c = kept_take(size);
	if (!c) {
		c = malloc(CHUNK_HEAD + size);
		if (!c)
			return oom();
		c->size = size;
		c->mapped = 0;
	}
	link_chunk(doc, c);
	if (doc->next_chunk < MAX_CHUNK)
		doc->next_chunk *= 2;
	return 0;
}

void *pmo__arena_alloc(pmo_doc *doc, size_t n)
{
	void *p;

	if (n > (size_t)-1 - 16)
		goto fail;
	n = (n + 7) & ~(size_t)7;
	if ((size_t)(doc->lim - doc->cur) < n && add_chunk(doc, n) < 0)
		return NULL;
	p = doc->cur;
	doc->cur += n;
	return p;
fail:
	oom();
	return NULL;
}

int pmo__doc_create(pmo_doc **out, const char *path, size_t hint)
{
	pmo_doc head, *doc;
	pmo_arena_chunk *big;
	size_t plen, extra;
	char *p;

	/* one malloc: the first chunk holds the document, its path and
	 * about hint bytes more */
	memset(&head, 0, sizeof(head));
	path = path ? path : "";
	plen = strlen(path);
	if (plen > MAX_CHUNK)
		return oom();
	head.next_chunk = hint < MIN_CHUNK ? MIN_CHUNK : hint > MAX_CHUNK ? MAX_CHUNK : hint;
	extra = sizeof(head) + plen + 32;
	if (hint >= BIG_CHUNK && hint < (size_t)-1 / 2 && (big = map_chunk(hint + extra)))
		link_chunk(&head, big);
	else if (add_chunk(&head, head.next_chunk + extra) < 0)
		return PMO_ENOMEM;
	doc = pmo__arena_alloc(&head, sizeof(*doc));
	p = pmo__arena_alloc(&head, plen + 1);
	head.src = pmo__arena_alloc(&head, 1); /* all three fit in the chunk */
	memcpy(p, path, plen + 1);
	head.path = p;
	head.src[0] = '\0';
	*doc = head;
	*out = doc;
	return 0;
}

void pmo_doc_free(pmo_doc *doc)
{
	pmo_arena_chunk *c, *next;

	if (!doc)
		return;
	/* the document itself lives in its first chunk */
	for (c = doc->chunks; c; c = next) {
		next = c->next;
		if (c->mapped)
			munmap(c, c->mapped);
		else
			kept_put(c);
	}
}

int pmo_doc_new(pmo_doc **out)
{
	return pmo__doc_create(out, "", 0);
}

pmo_node *pmo_doc_root(const pmo_doc *doc)
{
	return doc ? doc->root : NULL;
}

const char *pmo_doc_path(const pmo_doc *doc)
{
	return doc ? doc->path : NULL;
}

const char *pmo_doc_source(const pmo_doc *doc, size_t *len)
{
	if (len)
		*len = doc ? doc->len : 0;
	return doc ? doc->src : "";
}

void pmo_doc_set_root(pmo_doc *doc, pmo_node *root)
{
	if (doc)
		doc->root = root;
}

pmo_node *pmo__node_new(pmo_doc *doc, pmo_node_kind kind)
{
	pmo_node *n = pmo__arena_alloc(doc, sizeof(*n));

	if (!n)
		return NULL;
	memset(n, 0, sizeof(*n));
	n->kind = (uint8_t)kind;
	n->str = "";
	return n;
}

pmo_node *pmo_node_scalar(pmo_doc *doc, pmo_tag tag, const char *s, size_t len)
{
	pmo_node *n;
	char *copy;

	if (len >= UINT32_MAX) {
		oom();
		return NULL;
	}
	if (!(n = pmo__node_new(doc, PMO_NODE_SCALAR)))
		return NULL;
	copy = pmo__arena_alloc(doc, len + 1);
	if (!copy)
		return NULL;
	if (len)
		memcpy(copy, s, len);
	copy[len] = '\0';
	n->tag = tag;
	n->style = PMO_STYLE_PLAIN;
	n->str = copy;
	n->len = len;
	return n;
}

pmo_node *pmo_node_str(pmo_doc *doc, const char *s)
{
	return pmo_node_scalar(doc, PMO_TAG_STR, s, strlen(s));
}

pmo_node *pmo_node_map(pmo_doc *doc)
{
	pmo_node *n = pmo__node_new(doc, PMO_NODE_MAP);
	if (n)
		n->style = PMO_STYLE_BLOCK;
	return n;
}

pmo_node *pmo_node_seq(pmo_doc *doc)
{
	pmo_node *n = pmo__node_new(doc, PMO_NODE_SEQ);
	if (n)
		n->style = PMO_STYLE_BLOCK;
	return n;
}

/* Make room for one more element of size elem in *arr (n used). */
static int grow(pmo_doc *doc, pmo_node *node, void **arr, size_t elem)
{
	size_t cap;
	void *p;

	if (node->n < node->room)
		return 0;
	cap = node->room ? (size_t)node->room * 2 : 4;
	if (cap < (size_t)node->n + 1)
		cap = (size_t)node->n + 1;
	if (cap > UINT32_MAX || cap > (size_t)-1 / elem)
		return oom();
	p = pmo__arena_alloc(doc, cap * elem);
	if (!p)
		return PMO_ENOMEM;
	if (node->n)
		memcpy(p, *arr, node->n * elem);
	*arr = p;
	node->room = (uint32_t)cap;
	return 0;
}

int pmo_map_append(pmo_doc *doc, pmo_node *map, pmo_node *key, pmo_node *value)
{
	void *arr;
	int error;

	if (!map || map->kind != PMO_NODE_MAP || !key || key->kind != PMO_NODE_SCALAR || !value)
		return pmo_error_set(PMO_EINVALID, "pmo_map_append: not a mapping and a scalar key");
	arr = map->pairs;
	if ((error = grow(doc, map, &arr, sizeof(pmo_pair))) < 0)
		return error;
	map->pairs = arr;
	map->pairs[map->n].key = key;
	map->pairs[map->n].value = value;
	map->n++;
	return 0;
}

int pmo_seq_append(pmo_doc *doc, pmo_node *seq, pmo_node *item)
{
	void *arr;
	int error;

	if (!seq || seq->kind != PMO_NODE_SEQ || !item)
		return pmo_error_set(PMO_EINVALID, "pmo_seq_append: not a sequence");
	arr = seq->items;
	if ((error = grow(doc, seq, &arr, sizeof(pmo_node *))) < 0)
		return error;
	seq->items = arr;
	seq->items[seq->n++] = item;
	return 0;
}

pmo_node *pmo_node_copy(pmo_doc *doc, const pmo_node *node)
{
	pmo_node *n;
	size_t i;

	if (!node)
		return NULL;
	if (node->kind == PMO_NODE_SCALAR) {
		n = pmo_node_scalar(doc, node->tag, node->str, node->len);
	} else {
		n = pmo__node_new(doc, node->kind);
		if (n && node->n) {
			if (node->kind == PMO_NODE_MAP)
				n->pairs = pmo__arena_alloc(doc, node->n * sizeof(pmo_pair));
			else
				n->items = pmo__arena_alloc(doc, node->n * sizeof(pmo_node *));
			if (!n->pairs && !n->items)
				return NULL;
			n->room = node->n;
			for (i = 0; i < node->n; i++) {
				if (node->kind == PMO_NODE_MAP) {
					n->pairs[i].key = pmo_node_copy(doc, node->pairs[i].key);
					n->pairs[i].value = pmo_node_copy(doc, node->pairs[i].value);
					if (!n->pairs[i].key || !n->pairs[i].value)
						return NULL;
				} else {
					n->items[i] = pmo_node_copy(doc, node->items[i]);
					if (!n->items[i])
						return NULL;
				}
			}
			n->n = node->n;
		}
	}
	if (!n)
		return NULL;
	n->style = node->style;
	n->line = node->line;
	n->col = node->col;
	n->start = node->start;
	n->end = node->end;
	return n;
}

pmo_pair *pmo_map_pair(const pmo_node *map, const char *key)
{
	size_t i, len;

	if (!map || map->kind != PMO_NODE_MAP || !key)
		return NULL;
	len = strlen(key);
	/* the first byte compared before memcmp is called: most keys of
	 * a record's length differ there (pmo validate asks 23 fields of
	 * each record, 5% of its instructions) */
	for (i = 0; i < map->n; i++) {
		const pmo_node *k = map->pairs[i].key;
		if (k->len == len && (!len || k->str[0] == key[0]) && memcmp(k->str, key, len) == 0)
			return &map->pairs[i];
	}
	return NULL;
}

pmo_node *pmo_map_get(const pmo_node *map, const char *key)
{
	pmo_pair *p = pmo_map_pair(map, key);
	return p ? p->value : NULL;
}

uint64_t pmo_node_hash(uint64_t h, const pmo_node *node)
{
	unsigned char head[3];
	uint32_t i;

	if (!node)
		return pmo_hash_words(h, "", 0);
	head[0] = node->kind;
	head[1] = node->tag;
	head[2] = node->kind == PMO_NODE_SCALAR;
	h = pmo_hash_words(h, head, sizeof(head));
	if (node->kind == PMO_NODE_SCALAR)
		return pmo_hash_words(h, node->str, node->len);
	for (i = 0; i < node->n; i++) {
		if (node->kind == PMO_NODE_MAP) {
			h = pmo_node_hash(h, node->pairs[i].key);
			h = pmo_node_hash(h, node->pairs[i].value);
		} else {
			h = pmo_node_hash(h, node->items[i]);
		}
	}
	return pmo_hash_words(h, &node->n, sizeof(node->n));
}

const char *pmo_node_text(const pmo_node *node)
{
	return node && node->kind == PMO_NODE_SCALAR ? node->str : NULL;
}

/* --- YAML 1.2 core schema ------------------------------------------- */

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_odigit(char c) { return c >= '0' && c <= '7'; }
static int is_xdigit(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int eq(const char *s, size_t len, const char *lit)
{
	return strlen(lit) == len && memcmp(s, lit, len) == 0;
}

static int core_float(const char *s, size_t len)
{
	size_t i = 0, digits = 0;

	if (i < len && (s[i] == '-' || s[i] == '+'))
		i++;
	if (eq(s + i, len - i, ".inf") || eq(s + i, len - i, ".Inf") || eq(s + i, len - i, ".INF"))
		return 1;
	while (i < len && is_digit(s[i])) {
		i++;
		digits++;
	}
	if (i < len && s[i] == '.') {
		size_t frac = 0;
		i++;
		while (i < len && is_digit(s[i])) {
			i++;
			frac++;
		}
		/* ".5" needs digits after the dot; "5." is fine */
		if (!digits && !frac)
			return 0;
	} else if (!digits) {
		return 0;
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '-' || s[i] == '+'))
			i++;
		if (i >= len || !is_digit(s[i]))
			return 0;
		while (i < len && is_digit(s[i]))
			i++;
	}
	return i == len;
}

pmo_tag pmo_yaml_resolve(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || eq(s, len, "~") || eq(s, len, "null") || eq(s, len, "Null") ||
	    eq(s, len, "NULL"))
		return PMO_TAG_NULL;
	if (eq(s, len, "true") || eq(s, len, "True") || eq(s, len, "TRUE") ||
	    eq(s, len, "false") || eq(s, len, "False") || eq(s, len, "FALSE"))
		return PMO_TAG_BOOL;
	/* quick exit for ordinary words */
	if (!is_digit(s[0]) && s[0] != '-' && s[0] != '+' && s[0] != '.')
		return PMO_TAG_STR;
	if (len > 2 && s[0] == '0' && s[1] == 'o') {
		for (i = 2; i < len && is_odigit(s[i]); i++)
			;
		if (i == len)
			return PMO_TAG_INT;
	}
	if (len > 2 && s[0] == '0' && s[1] == 'x') {
		for (i = 2; i < len && is_xdigit(s[i]); i++)
			;
		if (i == len)
			return PMO_TAG_INT;
	}
	i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
	if (i < len) {
		size_t j = i;
		while (j < len && is_digit(s[j]))
			j++;
		if (j == len)
			return PMO_TAG_INT;
	}
	if (eq(s, len, ".nan") || eq(s, len, ".NaN") || eq(s, len, ".NAN"))
		return PMO_TAG_FLOAT;
	if (core_float(s, len))
		return PMO_TAG_FLOAT;
	return PMO_TAG_STR;
}

/* --- equality --------------------------------------------------------- */

typedef struct {
	int is_int;      /* exact integer in v */
	int64_t v;
	long double d;
	int nan;
} number;

static void to_number(number *n, const pmo_node *node)
{
	const char *s = node->str;
	size_t len = node->len, i = 0;
	int neg = 0, overflow = 0;
	uint64_t u = 0;
	unsigned base = 10;

	memset(n, 0, sizeof(*n));
	if (node->tag == PMO_TAG_INT) {
		if (len > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'x')) {
			base = s[1] == 'o' ? 8 : 16;
			i = 2;
		} else if (len && (s[0] == '-' || s[0] == '+')) {
			neg = s[0] == '-';
			i = 1;
		}
		n->d = 0;
		for (; i < len; i++) {
			unsigned dgt = is_digit(s[i]) ? (unsigned)(s[i] - '0')
				: (unsigned)((s[i] | 0x20) - 'a' + 10);
			if (u > (UINT64_MAX - dgt) / base)
				overflow = 1;
			u = u * base + dgt;
			n->d = n->d * base + dgt;
		}
		if (neg)
			n->d = -n->d;
		if (!overflow && (neg ? u <= (uint64_t)INT64_MAX + 1 : u <= (uint64_t)INT64_MAX)) {
			n->is_int = 1;
			n->v = neg ? (int64_t)(0 - u) : (int64_t)u;
		}
		return;
	}
	/* float */
	if (len && (s[0] == '-' || s[0] == '+')) {
		neg = s[0] == '-';
		i = 1;
	}
	if (len - i == 4 && s[i] == '.' && (s[i + 1] | 0x20) == 'i') {
		n->d = neg ? -HUGE_VALL : HUGE_VALL;
	} else if (len - i == 4 && s[i] == '.' && (s[i + 1] | 0x20) == 'n') {
		n->nan = 1;
	} else {
		n->d = strtold(s, NULL);
	}
	if (!n->nan && n->d == floorl(n->d) && fabsl(n->d) < 9.2e18L) {
		n->is_int = 1;
		n->v = (int64_t)n->d;
	}
}

static int scalar_equal(const pmo_node *a, const pmo_node *b)
{
	number x, y;

	if ((a->tag == PMO_TAG_INT || a->tag == PMO_TAG_FLOAT) &&
	    (b->tag == PMO_TAG_INT || b->tag == PMO_TAG_FLOAT)) {
		if (a->tag == b->tag && a->len == b->len && memcmp(a->str, b->str, a->len) == 0)
			return 1;
		to_number(&x, a);
		to_number(&y, b);
		if (x.nan || y.nan)
			return x.nan && y.nan;
		if (x.is_int && y.is_int)
			return x.v == y.v;
		return x.d == y.d;
	}
	if (a->tag != b->tag)
		return 0;
	switch (a->tag) {
	case PMO_TAG_NULL:
		return 1;
	case PMO_TAG_BOOL:
		return (a->len && (a->str[0] | 0x20) == 't') == (b->len && (b->str[0] | 0x20) == 't');
	default:
		return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
	}
}

int pmo_node_int(const pmo_node *node, int64_t *out)
{
	number x;

	if (!node || node->kind != PMO_NODE_SCALAR ||
	    (node->tag != PMO_TAG_INT && node->tag != PMO_TAG_FLOAT))
		return -1;
	to_number(&x, node);
	if (!x.is_int)
		return -1;
	*out = x.v;
	return 0;
}

int pmo_node_number(const pmo_node *node, double *out)
{
	number x;

	if (!node || node->kind != PMO_NODE_SCALAR ||
	    (node->tag != PMO_TAG_INT && node->tag != PMO_TAG_FLOAT))
		return -1;
	to_number(&x, node);
	if (x.nan)
		*out = NAN;
	else
		*out = x.is_int ? (double)x.v : (double)x.d;
	return 0;
}

int pmo_node_equal(const pmo_node *a, const pmo_node *b)
{
	size_t i, j;

	if (!a || !b)
		return a == b;
	if (a->kind != b->kind)
		return 0;
	if (a->kind == PMO_NODE_SCALAR)
		return scalar_equal(a, b);
	if (a->n != b->n)
		return 0;
	if (a->kind == PMO_NODE_SEQ) {
		for (i = 0; i < a->n; i++)
			if (!pmo_node_equal(a->items[i], b->items[i]))
				return 0;
		return 1;
	}
	for (i = 0; i < a->n; i++) {
		const pmo_node *ka = a->pairs[i].key;
		const pmo_pair *pb = NULL;
		/* same order is the common case */
		if (b->pairs[i].key->len == ka->len &&
		    memcmp(b->pairs[i].key->str, ka->str, ka->len) == 0) {
			pb = &b->pairs[i];
		} else {
			for (j = 0; j < b->n; j++) {
				const pmo_node *kb = b->pairs[j].key;
				if (kb->len == ka->len && memcmp(kb->str, ka->str, ka->len) == 0) {
					pb = &b->pairs[j];
					break;
				}
			}
		}
		if (!pb || !pmo_node_equal(a->pairs[i].value, pb->value))
			return 0;
	}
	return 1;
}

int pmo_node_date(pmo_date *out, const pmo_node *n)
{
	if (!n || n->kind != PMO_NODE_SCALAR || n->tag != PMO_TAG_STR)
		return -1;
	return pmo_date_parse(out, n->str, n->len);
}
