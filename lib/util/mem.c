#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* sbrk */
#endif
#include "util/mem.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#define HUGE_PAGE ((size_t)2 << 20)
#define MAP_FROM ((size_t)1 << 20)

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
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

/* Measured with 5,000 risks (pmo risk list, bench/risk.sh's tree): the
 * records' trees, views and rows touch some 20 MB of fresh memory, 4,900
 * page faults and half the command's processor time (150 ms, one thread);
 * in huge pages 1,100 faults and 80 ms. A second thread's own heap is not
 * advised so (glibc maps it itself), so threads share the main one: with
 * two threads 4,900 faults and 149 ms before, 1,450 and 97 ms after. What
 * glibc's glibc.malloc.hugetlb=1 tunable does, for pmo's own heap. */
static void heap_for(size_t n)
{
#if defined(__GLIBC__) && !defined(SANITIZED)
	enum { STEP = 64 << 10, MOST = 8 };
	void *got[MOST];
	char *from, *to;
	uintptr_t a, b;
	size_t k;

	if (n > (size_t)1 << 30)
		n = (size_t)1 << 30;
	/* blocks freed are kept (measured on 20,000 files with two threads:
	 * 556 ms, user 277 ms, given back; 186 ms, user 189 ms kept) */
	mallopt(M_TRIM_THRESHOLD, (int)(2 * n));
	/* setting it stops glibc from raising its mmap threshold by itself:
	 * every block above 128 KB would be mapped, faulted in and unmapped
	 * each time, as the few hundred KB of a plan.yaml rebuilt from git's
	 * deltas (pmo report reads one for each Monday); up to 32 MB, glibc's
	 * own ceiling, come from the heap: pmo report of 20 plans of 1,000
	 * tasks with 36 commits each, 2.7 s (user+sys 2.8 s) before, 1.0-1.3 s
	 * (1.2 s) after */
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_ARENA_MAX, 1);
#ifdef MADV_HUGEPAGE
	/* grow the heap by n now: malloc asks sbrk for a block and n more
	 * (M_TOP_PAD) once what is free at its top is used up */
	if ((from = sbrk(0)) == (char *)-1)
		return;
	mallopt(M_TOP_PAD, (int)n);
	for (k = 0; k < MOST;) {
		if (!(got[k] = malloc(STEP)))
			break;
		if ((char *)sbrk(0) != from && ++k)
			break;
		k++;
	}
	to = sbrk(0);
	while (k)
		free(got[--k]);
	mallopt(M_TOP_PAD, 128 << 10); /* glibc's default */
	a = ((uintptr_t)from + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
	b = (uintptr_t)to & ~(uintptr_t)(HUGE_PAGE - 1);
	if (to != (char *)-1 && b > a)
		(void)madvise((void *)a, b - a, MADV_HUGEPAGE); /* advice: refused is fine */
#endif
#else
	(void)n;
#endif
}

/* The settings are the process's: a later call that asks for less (a
 * history walk's 4 MB after a pool's 32 MB) would lower the threshold
 * the first set, and calls may come from several threads. */
void pmo_heap_for_many_files(size_t n)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	static size_t done;

	pthread_mutex_lock(&lock);
	if (n > done) {
		heap_for(n);
		done = n;
	}
	pthread_mutex_unlock(&lock);
}
