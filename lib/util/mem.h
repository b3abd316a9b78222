#ifndef PMO_UTIL_MEM_H
#define PMO_UTIL_MEM_H
#include <stddef.h>

/*
 * Memory for the big arrays of a plan and its schedule (and the chunks of
 * a big YAML tree, lib/yaml/tree.c). From 1 MiB up it is mapped on its
 * own, 2 MiB-aligned, with the advice to back it by huge pages: on the
 * machines pmo is measured on, the first touch of fresh memory costs about
 * 3 ms a MB in 4 KiB pages and 0.1 ms in 2 MiB ones, more than the work
 * done in it. Smaller blocks come from malloc. Blocks are zeroed.
 */
void *pmo_big_alloc(size_t n);
/* Like realloc; the new part is zeroed. NULL (and p untouched) on failure. */
void *pmo_big_realloc(void *p, size_t n);
void pmo_big_free(void *p);

/* n bytes of address space, 2 MiB-aligned, advised as huge pages and only
 * reserved (what is not touched costs nothing); *mapped is what to pass to
 * munmap. NULL when the system will not map it. */
void *pmo_map_huge(size_t n, size_t *mapped);

/* Before threads start, for a command that reads many files: what
 * malloc frees stays with the process (given back to the system, the next
 * file faulted it in again, page by page), every thread allocates from the
 * main heap, and the next n bytes the heap grows by are advised as huge
 * pages (only reserved: what is not touched costs nothing). Only a call
 * asking for more than every earlier one does anything, so a library
 * part may call it each time it needs it. Nothing under the sanitizers
 * or without glibc. */
void pmo_heap_for_many_files(size_t n);

#endif
