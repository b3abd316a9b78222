/*
 * The JSON view of YAML instance nodes: their JSON type, numbers read
 * exactly, and JSON equality with a hash consistent with it (enum, const,
 * uniqueItems).
 */
#include "schema/internal.h"

#include <math.h>
#include <string.h>

pmo_num pmo_schema__node_num(const pmo_node *node)
{
	pmo_num n;

	if (!node || node->kind != PMO_NODE_SCALAR) {
		memset(&n, 0, sizeof(n));
		return n;
	}
	return pmo_num_parse(node->str, node->len, node->tag == PMO_TAG_INT ? PMO_NUM_INT :
			     node->tag == PMO_TAG_FLOAT ? PMO_NUM_FLOAT : PMO_NUM_NONE);
}

unsigned pmo_schema__jtype(const pmo_node *n)
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
		pmo_num v = pmo_num_parse(n->str, n->len, PMO_NUM_FLOAT);
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

int pmo_schema__type_bit(const char *s, size_t len, unsigned *out)
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

int pmo_schema__bool_true(const pmo_node *n)
{
	return n->len > 0 && (n->str[0] == 't' || n->str[0] == 'T');
}

static int key_eq(const pmo_node *k, const char *s, size_t len)
{
	return k->len == len && memcmp(k->str, s, len) == 0;
}

const pmo_node *pmo_schema__map_get_n(const pmo_node *map, const char *key, size_t len)
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
int pmo_schema__json_equal(const pmo_node *a, const pmo_node *b)
{
	unsigned ta = pmo_schema__jtype(a) & ~(unsigned)J_INT, tb = pmo_schema__jtype(b) & ~(unsigned)J_INT;
	size_t i;

	if (ta != tb)
		return 0;
	switch (ta) {
	case J_NULL:
		return 1;
	case J_BOOL:
		return pmo_schema__bool_true(a) == pmo_schema__bool_true(b);
	case J_STR:
		return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
	case J_NUM: {
		pmo_num x = pmo_schema__node_num(a), y = pmo_schema__node_num(b);
		return pmo_num_cmp(&x, &y) == 0;
	}
	case J_NONJSON: {
		pmo_num x = pmo_schema__node_num(a), y = pmo_schema__node_num(b);
		return (isnan(x.d) && isnan(y.d)) || x.d == y.d;
	}
	case J_ARR:
		if (a->n != b->n)
			return 0;
		for (i = 0; i < a->n; i++)
			if (!pmo_schema__json_equal(a->items[i], b->items[i]))
				return 0;
		return 1;
	default:
		if (a->n != b->n)
			return 0;
		for (i = 0; i < a->n; i++) {
			const pmo_node *v = pmo_schema__map_get_n(b, a->pairs[i].key->str, a->pairs[i].key->len);
			if (!v || !pmo_schema__json_equal(a->pairs[i].value, v))
				return 0;
		}
		return 1;
	}
}

/* A hash consistent with json_equal. */
uint64_t pmo_schema__json_hash(const pmo_node *n)
{
	unsigned t = pmo_schema__jtype(n) & ~(unsigned)J_INT;
	uint64_t h = t * 0x9e3779b97f4a7c15ull;
	size_t i;

	switch (t) {
	case J_BOOL:
		return h + (uint64_t)pmo_schema__bool_true(n);
	case J_STR:
		return h ^ pmo_hash_bytes(n->str, n->len);
	case J_NUM: {
		pmo_num v = pmo_schema__node_num(n);
		double d = v.is_int ? (double)v.i : v.d;
		if (d == 0 || isnan(d))
			d = 0;
		return h ^ pmo_hash_bytes(&d, sizeof(d));
	}
	case J_ARR:
		for (i = 0; i < n->n; i++)
			h = (h ^ pmo_schema__json_hash(n->items[i])) * 1099511628211ull;
		return h;
	case J_OBJ:
		for (i = 0; i < n->n; i++)
			h += pmo_hash_bytes(n->pairs[i].key->str, n->pairs[i].key->len) * 31 +
			     pmo_schema__json_hash(n->pairs[i].value);
		return h;
	default:
		return h;
	}
}

