#ifndef PMO_REPO_WALK_H
#define PMO_REPO_WALK_H
/*
 * Private to lib/repo: what the history walks (history.c, history_files.c)
 * share: a queue of commits newest first by commit time (ties: first
 * queued, first out, as git's date order), a set of commit ids, a shallow
 * clone's boundary and the commit a walk starts from.
 */
#include "repo/internal.h"

/* A max-heap of commits by commit time; it owns them. */
typedef struct {
	git_commit **v;
	unsigned long *seq; /* insertion order breaks ties: first in, first out */
	size_t len, cap;
	unsigned long counter;
} pmo_commit_heap;

/* An open-addressing set of ids. */
typedef struct {
	git_oid *v;
	unsigned char *used;
	size_t cap, len;
} pmo_oidset;

/* Queue c (the heap's on success); PMO_ENOMEM. */
int pmo_commit_heap_push(pmo_commit_heap *h, git_commit *c);
/* The newest commit queued (the caller's now), NULL when none is. */
git_commit *pmo_commit_heap_pop(pmo_commit_heap *h);

/* 1 when added, 0 when already there, <0 on error. */
int pmo_oidset_add(pmo_oidset *s, const git_oid *id);
int pmo_oidset_has(const pmo_oidset *s, const git_oid *id);

/* A shallow clone's boundary: the commits listed in <commondir>/shallow,
 * whose parents the clone does not have (git treats them as roots); an
 * empty set when the file is missing. */
int pmo_repo__read_shallow(pmo_oidset *out, git_repository *git);

/* Queue c (taking ownership) unless it was queued before. */
int pmo_walk_enqueue(pmo_commit_heap *h, pmo_oidset *seen, git_commit *c);
/* The commits still queued and the two sets of a walk. */
void pmo_walk_free(pmo_commit_heap *h, pmo_oidset *seen, pmo_oidset *shallow);

/* The commit rev names, HEAD's for NULL (*out NULL on an unborn branch). */
int pmo_repo__start_commit(git_commit **out, pmo_repo *repo, const char *rev);

#endif
