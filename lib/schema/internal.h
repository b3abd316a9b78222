#ifndef PMO_SCHEMA_INTERNAL_H
#define PMO_SCHEMA_INTERNAL_H
/* Private to lib/schema: the compiled schema and the set, shared by
 * schema.c (the set, compiling, adding documents), json.c, uri.c, ref.c and
 * validate.c. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdint.h>

#include "schema/schema.h"
#include "util/decimal.h"
#include "util/hash.h"

/* The set and compiled schemas (schema.c). */

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
	pmo_num min_v, max_v, xmin_v, xmax_v, mult_v;

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
	pmo_htab by_node; /* const pmo_node * -> pmo_schema * */
	pmo_htab by_uri;  /* absolute URI without empty fragment -> pmo_schema * */
	pmo_htab strings; /* interned strings */
	pmo_htab regexes; /* pattern text -> rx * */
	rx **rxs;
	size_t nrxs, caprxs;
	pmo_currency money;  /* format "money" */
	unsigned epoch;
	unsigned depth;      /* nesting of remote loads */
	pmo_schema **walk;   /* schemas met while preparing */
	size_t nwalk, capwalk;
};


/* JSON types of instance nodes (json.c). */

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

pmo_num pmo_schema__node_num(const pmo_node *node);
unsigned pmo_schema__jtype(const pmo_node *n);
int pmo_schema__type_bit(const char *s, size_t len, unsigned *out);
int pmo_schema__bool_true(const pmo_node *n);
const pmo_node *pmo_schema__map_get_n(const pmo_node *map, const char *key, size_t len);
/* JSON equality: numbers by value, objects regardless of key order. */
int pmo_schema__json_equal(const pmo_node *a, const pmo_node *b);
/* A hash consistent with json_equal. */
uint64_t pmo_schema__json_hash(const pmo_node *n);

/* Resolve ref against base into out (replacing its contents) (uri.c). */
int pmo_schema__uri_resolve(pmo_buf *out, const char *base, const char *ref, size_t rlen);

/* schema.c */
int pmo_schema__grow(void **arr, size_t *cap, size_t n, size_t size);
/* Whether s matches r, with the caller's match data (1 or 0). */
int pmo_schema__regex_match(const rx *r, pcre2_match_data *md, const char *s, size_t len);
int pmo_schema__error(const pmo_schema_set *set, const sdoc *doc, const pmo_node *at,
		      const char *fmt, const char *arg);
/* "http://x/y#" and "http://x/y" name the same document. */
size_t pmo_schema__uri_key_len(const char *u, size_t len);
int pmo_schema__compile(pmo_schema **out, pmo_schema_set *set, sdoc *doc, const pmo_node *node,
			const char *base);
/* The property name of s, or NULL; *next is the property tried first
 * (start at 0) and is set past the one found, for the next field. */
pmo_schema *pmo_schema__prop_find(const pmo_schema *s, const char *name, size_t len,
				  size_t *next);

/* Resolve every $ref reachable from s, once (ref.c). */
int pmo_schema__prepare(pmo_schema *s);

#endif
