#include "util/mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define HUGE_PAGE ((size_t)2 << 20)
#define MAP_FROM ((size_t)1 << 20)

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif

/* Before each block: how it was got. 16 bytes keep the block aligned. */
typedef struct {
	size_t mapped; /* bytes mapped, 0 for malloc's */
	size_t size;   /* bytes asked */
} head;

void *pmo_map_huge(size_t n, size_t *mapped)
{
	size_t len, lead;
	char *p, *a;

	if (n > (size_t)-1 / 2)
		return NULL;
	len = (n + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	p = mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	a = (char *)(((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
	lead = (size_t)(a - p);
	if (lead)
		munmap(p, lead);
	munmap(a + len, HUGE_PAGE - lead);
#ifdef MADV_HUGEPAGE
	(void)madvise(a, len, MADV_HUGEPAGE); /* advice: refused is fine */
#endif
	*mapped = len;
	return a;
}

void *pmo_big_alloc(size_t n)
{
	head *h = NULL;
	size_t mapped = 0;

	if (n > (size_t)-1 / 2)
		return NULL;
#ifndef SANITIZED /* the sanitizers see malloc's blocks only */
	if (n >= MAP_FROM)
		h = pmo_map_huge(n + sizeof(head), &mapped);
#endif
	if (!h && !(h = calloc(1, n + sizeof(head))))
		return NULL;
	h->mapped = mapped;
	h->size = n;
	return h + 1;
}

void *pmo_big_realloc(void *p, size_t n)
{
	head *h;
	void *q;

	if (!p)
		return pmo_big_alloc(n);
	h = (head *)p - 1;
	if (!h->mapped && n < MAP_FROM) {
		size_t old = h->size;
		if (n > (size_t)-1 / 2 || !(h = realloc(h, n + sizeof(head))))
			return NULL;
		if (n > old)
			memset((char *)(h + 1) + old, 0, n - old);
		h->size = n;
		return h + 1;
	}
	if (!(q = pmo_big_alloc(n)))
		return NULL;
	memcpy(q, p, h->size < n ? h->size : n);
	pmo_big_free(p);
	return q;
}

void pmo_big_free(void *p)
{
	head *h;

	if (!p)
		return;
	h = (head *)p - 1;
	if (h->mapped)
		munmap(h, h->mapped);
	else
		free(h);
}
