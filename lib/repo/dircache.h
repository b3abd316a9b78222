#ifndef PMO_REPO_DIRCACHE_H
#define PMO_REPO_DIRCACHE_H
/*
 * Private to lib/repo: git's index file (.git/index) read, changed and
 * written by pmo itself for a commit's common case, so that a commit in a
 * folder of thousands of records reads the index once, builds only the
 * trees of the folders it changed (from the index's cached trees, the TREE
 * extension, as `git commit` does) and leaves that cache valid for the
 * next commit. Whatever this does not handle (index version 4, conflicts,
 * extended flags, extensions other than TREE, no cached trees) leaves
 * .usable 0 and the caller takes libgit2's road.
 */
#include "repo/internal.h"

#include <git2/sys/repository.h>

#include <time.h>

/* One folder of the TREE extension. */
typedef struct pmo_dc_tree {
	char *name;  /* the folder's own name; "" for the top */
	size_t len;
	long count;  /* index entries below it; -1 when not valid */
	git_oid id;
	int seen;
	struct pmo_dc_tree **sub;
	size_t nsub, cap;
} pmo_dc_tree;

/* One entry as stored in the file (raw points into the file's bytes, or
 * to own for an entry pmo made). */
typedef struct {
	unsigned char *raw;
	size_t rawlen;
	const char *path;
	size_t len;
	unsigned char *own;
} pmo_dc_entry;

typedef struct {
	pmo_buf file;
	unsigned version;
	pmo_dc_entry *e;
	size_t n, cap;
	pmo_dc_tree *tree;   /* NULL when the index has no TREE extension */
	int usable;
	int parsed;          /* the entries were read (usable or not) */
	struct timespec mtime; /* the file's, to find racily clean entries */
} pmo_dircache;

/* Read the repository's index: 0 with dc->usable telling whether the rest
 * applies (an index that is absent, damaged or of a kind not handled here
 * is left to libgit2, which says what is wrong), or an error. verify:
 * check the file's trailing checksum as git does. */
int pmo_repo__dircache_read(pmo_dircache *dc, pmo_repo *repo, int verify);
void pmo_repo__dircache_free(pmo_dircache *dc);

/* The stage-0 entry at path (repository path), or NULL. */
const pmo_dc_entry *pmo_repo__dircache_find(const pmo_dircache *dc, const char *path);
/* Its object id and mode. */
void pmo_repo__dircache_entry_id(git_oid *out, const pmo_dc_entry *e);

/* Set path's entry (e: what git add would store) or remove it (e NULL);
 * the cached trees above it become not valid. 0 with dc->usable cleared
 * when the change is one this file does not make (a file where a folder
 * is, or the reverse), or PMO_ENOMEM. */
int pmo_repo__dircache_set(pmo_dircache *dc, const char *path, const git_index_entry *e);

/* Make every cached tree valid, writing the tree objects of the folders
 * that were not (as `git commit` does); dc->usable cleared when it
 * cannot. Entries whose file changed in the second the index was written
 * (racily clean) are checked against the worktree as git does and marked
 * changed when they are; hash is how a worktree file is hashed as git add
 * would (pmo_repo__blob_from_workdir). */
typedef int (*pmo_dc_hash_fn)(git_oid *out, pmo_repo *repo, const char *rpath, int write);
int pmo_repo__dircache_update(pmo_dircache *dc, pmo_repo *repo, pmo_dc_hash_fn hash);

/* A new in-memory index holding only dc's .gitattributes entries. */
int pmo_repo__dircache_attr_index(git_index **out, const pmo_dircache *dc);

/* Write the index to path (a new file), its checksum computed. */
int pmo_repo__dircache_write(const pmo_dircache *dc, const char *path);
#endif
