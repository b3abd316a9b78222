#ifndef PMO_UTIL_HASH_H
#define PMO_UTIL_HASH_H
#include <stddef.h>
#include <stdint.h>

/* A small hash table: keys are byte strings (klen > 0 or a "" key with
 * is_ptr == 0) or pointers (is_ptr). Keys are not copied. */

typedef struct {
	const void *key;
	size_t klen;
	uint64_t hash;
	void *val;
} pmo_hent;

typedef struct {
	pmo_hent *e;
	size_t cap, n;
	int is_ptr;
} pmo_htab;

#define PMO_HTAB_INIT { NULL, 0, 0, 0 }

/* FNV-1a of n bytes. */
uint64_t pmo_hash_bytes(const void *p, size_t n);
/* A hash of n bytes eight at a time, from seed: a checksum of large
 * files (pmo's caches: 0.2 ns a byte where FNV-1a takes 1). */
uint64_t pmo_hash_words(uint64_t seed, const void *p, size_t n);
/* A well-mixed hash of a pointer's value. */
uint64_t pmo_hash_ptr(const void *p);
/* The value stored under key, or NULL. */
void *pmo_htab_get(const pmo_htab *t, const void *key, size_t klen);
/* Room for n keys in all, made at once: 0, or PMO_ENOMEM. */
int pmo_htab_reserve(pmo_htab *t, size_t n);
/* Store val under key (replacing the value there): 0, or PMO_ENOMEM. */
int pmo_htab_put(pmo_htab *t, const void *key, size_t klen, void *val);
/* Free the table's slots (not keys or values); the table is empty after. */
void pmo_htab_free(pmo_htab *t);

#endif
