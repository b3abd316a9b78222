/*
 * A small open-addressing hash table (FNV-1a for byte-string keys, a
 * mixer for pointer keys), as the schema set uses it for its nodes, URIs,
 * interned strings and regexes.
 */
#include "util/hash.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

uint64_t pmo_hash_bytes(const void *p, size_t n)
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

uint64_t pmo_hash_words(uint64_t seed, const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = seed ^ 0x243f6a8885a308d3ull ^ n, w;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0x9e3779b97f4a7c15ull;
		h ^= h >> 32;
	}
	w = 0;
	memcpy(&w, s, n);
	h = (h ^ w ^ ((uint64_t)n << 56)) * 0x9e3779b97f4a7c15ull;
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ull;
	return h ^ (h >> 32);
}

uint64_t pmo_hash_ptr(const void *p)
{
	uint64_t x = (uint64_t)(uintptr_t)p;

	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	return x;
}

static uint64_t ht_hash(const pmo_htab *t, const void *key, size_t klen)
{
	/* eight bytes at a time: a cache's 5,000 paths were indexed in 5% of
	 * pmo risk list with FNV-1a */
	return t->is_ptr ? pmo_hash_ptr(key) : pmo_hash_words(0, key, klen);
}

static pmo_hent *ht_slot(const pmo_htab *t, const void *key, size_t klen, uint64_t h)
{
	size_t i = (size_t)h & (t->cap - 1);

	for (;;) {
		pmo_hent *e = &t->e[i];
		if (!e->key)
			return e;
		if (e->hash == h && (t->is_ptr ? e->key == key
				     : e->klen == klen && memcmp(e->key, key, klen) == 0))
			return e;
		i = (i + 1) & (t->cap - 1);
	}
}

void *pmo_htab_get(const pmo_htab *t, const void *key, size_t klen)
{
	if (t->cap == 0)
		return NULL;
	return ht_slot(t, key, klen, ht_hash(t, key, klen))->val;
}

/* Room for n keys: the slots at most half full. */
static int ht_grow(pmo_htab *t, size_t n)
{
	size_t ncap = t->cap ? t->cap : 16, ocap = t->cap, i;
	pmo_hent *old = t->e, *ne;

	while (n * 2 > ncap)
		ncap *= 2;
	if (ncap == ocap)
		return 0;
	if (!(ne = calloc(ncap, sizeof(*ne))))
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	t->e = ne;
	t->cap = ncap;
	for (i = 0; i < ocap; i++)
		if (old[i].key)
			*ht_slot(t, old[i].key, old[i].klen, old[i].hash) = old[i];
	free(old);
	return 0;
}

int pmo_htab_reserve(pmo_htab *t, size_t n)
{
	return ht_grow(t, n);
}

int pmo_htab_put(pmo_htab *t, const void *key, size_t klen, void *val)
{
	uint64_t h;
	pmo_hent *e;

	if ((t->n + 1) * 2 > t->cap && ht_grow(t, t->n + 1) < 0)
		return PMO_ENOMEM;
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

void pmo_htab_free(pmo_htab *t)
{
	if (!t)
		return;
	free(t->e);
	t->e = NULL;
	t->cap = t->n = 0;
}

