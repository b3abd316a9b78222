#ifndef PMO_REPO_WALK_H
#define PMO_REPO_WALK_H
/* Private to lib/repo: what the history walks share (history.c for one
 * file, history_files.c for every file below a folder pattern): commits
 * queued newest first, the set of those already queued, and a shallow
 * clone's boundary. */
#include "repo/internal.h"

/* A max-heap of commits by commit time; equal times come out in the order
 * they went in. */
typedef struct {
	git_commit **v;
	unsigned long *seq;
	size_t len, cap;
	unsigned long counter;
} pmo_commit_heap;

/* A set of commit ids. */
typedef struct {
	git_oid *v;
	unsigned char *used;
	size_t cap, len;
} pmo_oidset;

/* The newest commit queued (the caller's), NULL when none is left. */
git_commit *pmo_repo__heap_pop(pmo_commit_heap *h);
/* 1 when added, 0 when already there, <0 on error. */
int pmo_repo__oidset_add(pmo_oidset *s, const git_oid *id);
int pmo_repo__oidset_has(const pmo_oidset *s, const git_oid *id);
/* A shallow clone's boundary: the commits listed in <commondir>/shallow,
 * whose parents the clone does not have (git treats them as roots). */
int pmo_repo__read_shallow(pmo_oidset *out, git_repository *git);
/* Queue c (taking ownership) unless it was queued before. */
int pmo_repo__enqueue(pmo_commit_heap *h, pmo_oidset *seen, git_commit *c);
/* The commits still queued and the two sets of a walk. */
void pmo_repo__walk_free(pmo_commit_heap *h, pmo_oidset *seen, pmo_oidset *shallow);

#endif
