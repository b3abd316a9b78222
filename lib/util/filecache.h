#ifndef PMO_UTIL_FILECACHE_H
#define PMO_UTIL_FILECACHE_H
/*
 * What a command took of each file of a folder, kept in a file of its own
 * as git keeps its index: by the file's path, with its modification and
 * change times, size, inode and mode. An entry is used only while the
 * file's stat is the same, and never when the file was modified in the
 * second the cache was begun or later (git's racy rule: such a file may
 * change again without its stat changing, so it is read again until a
 * later cache is written). The cache is an optimisation only: a cache
 * file that cannot be read, is damaged (its checksum) or was made under
 * another tag (another pmo, other schemas) is as good as none, and one
 * that cannot be written is not written. It is written through a
 * temporary file renamed into place, so readers and other writers see one
 * whole cache or another.
 */
#include <stddef.h>
#include <stdint.h>
#include "util/buf.h"

/* What identifies a file's version without reading it (lstat). mode 0:
 * no stat (the file could not be stat'd, or is not in a worktree). */
typedef struct {
	int64_t mtime, ctime;         /* seconds */
	uint32_t mtime_ns, ctime_ns;
	uint64_t size, ino;
	uint32_t mode;
} pmo_file_stat;

/* Whether a and b are the same stat (and a real one). */
int pmo_file_stat_same(const pmo_file_stat *a, const pmo_file_stat *b);

typedef struct pmo_filecache pmo_filecache;

/* The cache in file (which may be missing: empty) for what was made under
 * tag; the second it is begun is now. 0, or PMO_ENOMEM: a cache that cannot
 * be read (over 1 GiB, or no memory to read it) is empty, not an error. */
int pmo_filecache_open(pmo_filecache **out, const char *file, uint64_t tag);
void pmo_filecache_free(pmo_filecache *c);

/* The entry of key, or NULL. Only reads: safe on several threads at once
 * (and with nothing else). */
typedef struct pmo_filecache_entry pmo_filecache_entry;
const pmo_filecache_entry *pmo_filecache_find(const pmo_filecache *c, const char *key, size_t klen);
/* The stat entry e was made at when it may be used without reading its
 * file again (it is not racy), else NULL: a file whose stat is this need
 * not be read. */
const pmo_file_stat *pmo_filecache_known(const pmo_filecache *c, const pmo_filecache_entry *e);
/* Its bytes (*len of them). */
const void *pmo_filecache_bytes(const pmo_filecache_entry *e, size_t *len);

/* The cache to write: entry e kept as it is (its file's stat was the
 * same), or key's made anew from the file at st (st->mode 0: not kept).
 * Keys not kept nor put are left out. 0 or PMO_ENOMEM; on the caller's
 * thread. */
int pmo_filecache_keep(pmo_filecache *c, const pmo_filecache_entry *e);
int pmo_filecache_put(pmo_filecache *c, const char *key, size_t klen, const pmo_file_stat *st,
		      const void *data, size_t len);
/* Write the cache to its file when it differs from what was read (an
 * entry new, changed or gone, or racy ones that no longer would be);
 * making its folder. Nothing is told when it cannot be written. */
void pmo_filecache_save(pmo_filecache *c);

/* A hash of the running pmo's build (its ELF build ID; 0 without one):
 * a cache made by another build is not used. */
uint64_t pmo_build_tag(void);

/* Binary pieces of an entry's bytes: numbers in the machine's own byte
 * order (a cache is read only by the build that wrote it: pmo_build_tag),
 * a string as its length + 1 then its bytes (0: none). */
void pmo_bin_u32(pmo_buf *out, uint32_t v);
void pmo_bin_str(pmo_buf *out, const char *s);
typedef struct {
	const unsigned char *p, *end;
	int bad; /* read past the end, or a string without room */
} pmo_bin;
uint32_t pmo_bin_get_u32(pmo_bin *b);
/* The next string, borrowed (NUL-terminated in the bytes), or NULL. */
const char *pmo_bin_get_str(pmo_bin *b);

#endif
