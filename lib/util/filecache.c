/*
 * A stat-checked cache of what a command took of each file (filecache.h).
 *
 * The file: a header ("PMOCACHE", format, number of entries, tag, the
 * second the cache was begun), the entries (key and bytes lengths, the
 * stat, the key, the bytes) and a checksum of all that. It is read whole
 * (one read: 3 MB for the text of 50,000 records) and indexed by key; its
 * checksum is checked before anything in it is believed, and every length
 * against the bytes left, so a damaged cache is an empty one.
 */
#define _GNU_SOURCE
#include "util/filecache.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/hash.h"

#include <elf.h>
#include <link.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define MAGIC "PMOCACHE"
#define FORMAT 1u
enum { HEAD = 8 + 4 + 4 + 8 + 8, ENTRY = 4 + 4 + 8 + 8 + 4 + 4 + 8 + 8 + 4, SUM = 8 };
#define MAX_CACHE ((size_t)1 << 30)

typedef struct pmo_filecache_entry {
	const char *key;
	const unsigned char *data;
	uint32_t klen, dlen;
	pmo_file_stat st;
	int kept;
} old_entry;

typedef struct {
	const char *key;
	size_t klen;
	pmo_file_stat st;
	const void *data;
	size_t len;
	void *own; /* key and bytes of a new entry, one allocation */
} new_entry;

struct pmo_filecache {
	char *file;
	uint64_t tag;
	int64_t now;   /* the second this cache was begun */
	int64_t limit; /* the old cache's: entries modified in it or later are racy */
	pmo_buf bytes; /* the old cache file */
	old_entry *old;
	size_t nold, nkept;
	pmo_htab index; /* key -> old_entry */
	new_entry *neu;
	size_t nnew, capnew;
	int changed;
};

int pmo_file_stat_same(const pmo_file_stat *a, const pmo_file_stat *b)
{
	return a->mode && a->mode == b->mode && a->mtime == b->mtime && a->mtime_ns == b->mtime_ns &&
	       a->ctime == b->ctime && a->ctime_ns == b->ctime_ns && a->size == b->size &&
	       a->ino == b->ino;
}

/* The build ID note of the program (the first object dl_iterate_phdr
 * names), hashed into *payload. */
static int build_note(struct dl_phdr_info *info, size_t size, void *payload)
{
	uint64_t *tag = payload;
	size_t i;

	(void)size;
	for (i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		const unsigned char *p, *end;

		if (ph->p_type != PT_NOTE)
			continue;
		p = (const unsigned char *)(info->dlpi_addr + ph->p_vaddr);
		end = p + ph->p_memsz;
		while ((size_t)(end - p) >= sizeof(ElfW(Nhdr))) {
			const ElfW(Nhdr) *n = (const ElfW(Nhdr) *)(const void *)p;
			size_t name = (n->n_namesz + 3) & ~(size_t)3, desc = (n->n_descsz + 3) & ~(size_t)3;

			p += sizeof(*n);
			if ((size_t)(end - p) < name + desc)
				break;
			if (n->n_type == NT_GNU_BUILD_ID && n->n_namesz == 4 && !memcmp(p, "GNU", 4)) {
				*tag = pmo_hash_words(1, p + name, n->n_descsz);
				return 1;
			}
			p += name + desc;
		}
	}
	return 1; /* the program only */
}

uint64_t pmo_build_tag(void)
{
	uint64_t tag = 0;

	dl_iterate_phdr(build_note, &tag);
	return tag;
}

void pmo_bin_u32(pmo_buf *out, uint32_t v)
{
	pmo_buf_put(out, &v, sizeof(v));
}

void pmo_bin_str(pmo_buf *out, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	pmo_bin_u32(out, s ? (uint32_t)n + 1 : 0);
	if (s)
		pmo_buf_put(out, s, n + 1);
}

uint32_t pmo_bin_get_u32(pmo_bin *b)
{
	uint32_t v = 0;

	if (b->end - b->p < 4) {
		b->bad = 1;
		return 0;
	}
	memcpy(&v, b->p, 4);
	b->p += 4;
	return v;
}

const char *pmo_bin_get_str(pmo_bin *b)
{
	uint32_t n = pmo_bin_get_u32(b);
	const char *s = (const char *)b->p;

	if (!n || b->bad)
		return NULL;
	if ((size_t)(b->end - b->p) < n || b->p[n - 1] != '\0') {
		b->bad = 1;
		return NULL;
	}
	b->p += n;
	return s;
}

static void get(void *to, const unsigned char **p, size_t n)
{
	memcpy(to, *p, n);
	*p += n;
}

static void put_stat(pmo_buf *out, const pmo_file_stat *st)
{
	pmo_buf_put(out, &st->mtime, 8);
	pmo_buf_put(out, &st->ctime, 8);
	pmo_buf_put(out, &st->mtime_ns, 4);
	pmo_buf_put(out, &st->ctime_ns, 4);
	pmo_buf_put(out, &st->size, 8);
	pmo_buf_put(out, &st->ino, 8);
	pmo_buf_put(out, &st->mode, 4);
}

static void get_stat(pmo_file_stat *st, const unsigned char **p)
{
	get(&st->mtime, p, 8);
	get(&st->ctime, p, 8);
	get(&st->mtime_ns, p, 4);
	get(&st->ctime_ns, p, 4);
	get(&st->size, p, 8);
	get(&st->ino, p, 8);
	get(&st->mode, p, 4);
}

/* The entries of c->bytes, when it is a whole cache of c->tag; else none
 * (0 either way, or PMO_ENOMEM). */
static int index_old(pmo_filecache *c, int64_t file_mtime)
{
	const unsigned char *p = (const unsigned char *)c->bytes.ptr, *end;
	uint32_t format, count, i;
	uint64_t tag, sum;
	int64_t began;
	old_entry *e;

	if (c->bytes.len < HEAD + SUM || memcmp(p, MAGIC, 8))
		return 0;
	end = p + c->bytes.len - SUM;
	memcpy(&sum, end, SUM);
	if (sum != pmo_hash_words(0, p, c->bytes.len - SUM))
		return 0;
	p += 8;
	get(&format, &p, 4);
	get(&count, &p, 4);
	get(&tag, &p, 8);
	get(&began, &p, 8);
	if (format != FORMAT || tag != c->tag || count > (c->bytes.len - HEAD) / ENTRY)
		return 0;
	if (count && (!(c->old = calloc(count, sizeof(*c->old))) || pmo_htab_reserve(&c->index, count) < 0))
		return pmo_error_set_oom();
	for (i = 0; i < count; i++) {
		e = &c->old[i];
		if ((size_t)(end - p) < ENTRY)
			goto bad;
		get(&e->klen, &p, 4);
		get(&e->dlen, &p, 4);
		get_stat(&e->st, &p);
		if (!e->klen || (size_t)(end - p) < (size_t)e->klen + e->dlen)
			goto bad;
		e->key = (const char *)p;
		e->data = p + e->klen;
		p += (size_t)e->klen + e->dlen;
		if (pmo_htab_put(&c->index, e->key, e->klen, e) < 0)
			return PMO_ENOMEM;
	}
	if (p != end)
		goto bad;
	c->nold = count;
	/* git's rule, by the second: what changed in the second the cache
	 * was begun, or later, may change again unseen */
	c->limit = began < file_mtime ? began : file_mtime;
	return 0;
bad:
	free(c->old);
	c->old = NULL;
	pmo_htab_free(&c->index);
	return 0;
}

int pmo_filecache_open(pmo_filecache **out, const char *file, uint64_t tag)
{
	pmo_filecache *c = calloc(1, sizeof(*c));
	struct timespec now;
	struct stat st;
	int error = 0;

	if (!c || !(c->file = strdup(file))) {
		free(c);
		return pmo_error_set_oom();
	}
	c->tag = tag;
	/* the clock file times are taken from */
	clock_gettime(CLOCK_REALTIME_COARSE, &now);
	c->now = (int64_t)now.tv_sec;
	/* a cache bigger than any pmo writes (one of a million records is
	 * some 300 MB), or one there is no memory to read and index, is as
	 * good as none: the command reads its files, and writes it anew */
	if (stat(file, &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size <= MAX_CACHE &&
	    (error = pmo_fs_read(&c->bytes, file, MAX_CACHE)) == 0 &&
	    (error = index_old(c, (int64_t)st.st_mtim.tv_sec)) < 0) {
		free(c->old);
		c->old = NULL;
		c->nold = 0;
		pmo_htab_free(&c->index);
	}
	if (error < 0)
		pmo_buf_free(&c->bytes);
	pmo_error_clear();
	*out = c;
	return 0;
}

void pmo_filecache_free(pmo_filecache *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->nnew; i++)
		free(c->neu[i].own);
	free(c->neu);
	free(c->old);
	pmo_htab_free(&c->index);
	pmo_buf_free(&c->bytes);
	free(c->file);
	free(c);
}

static old_entry *find(const pmo_filecache *c, const char *key, size_t klen)
{
	return c->nold ? pmo_htab_get(&c->index, key, klen) : NULL;
}

const pmo_filecache_entry *pmo_filecache_find(const pmo_filecache *c, const char *key, size_t klen)
{
	return find(c, key, klen);
}

const pmo_file_stat *pmo_filecache_known(const pmo_filecache *c, const pmo_filecache_entry *e)
{
	return e && e->st.mtime < c->limit ? &e->st : NULL;
}

const void *pmo_filecache_bytes(const pmo_filecache_entry *e, size_t *len)
{
	*len = e->dlen;
	return e->data;
}

static int add(pmo_filecache *c, const char *key, size_t klen, const pmo_file_stat *st,
	       const void *data, size_t len, void *own)
{
	new_entry *n;

	if (c->nnew == c->capnew) {
		size_t cap = c->capnew ? 2 * c->capnew : 256;

		if (!(n = realloc(c->neu, cap * sizeof(*n)))) {
			free(own);
			return pmo_error_set_oom();
		}
		c->neu = n;
		c->capnew = cap;
	}
	n = &c->neu[c->nnew++];
	n->key = key;
	n->klen = klen;
	n->st = *st;
	n->data = data;
	n->len = len;
	n->own = own;
	return 0;
}

static int keep_old(pmo_filecache *c, old_entry *e)
{
	if (!e->kept) {
		e->kept = 1;
		c->nkept++;
	}
	return add(c, e->key, e->klen, &e->st, e->data, e->dlen, NULL);
}

int pmo_filecache_keep(pmo_filecache *c, const pmo_filecache_entry *e)
{
	/* e is one of c's old entries, given back */
	return keep_old(c, (old_entry *)e);
}

int pmo_filecache_put(pmo_filecache *c, const char *key, size_t klen, const pmo_file_stat *st,
		      const void *data, size_t len)
{
	old_entry *e = find(c, key, klen);
	char *own;

	if (!st->mode)
		return 0;
	if (e && pmo_file_stat_same(&e->st, st) && e->dlen == len && !memcmp(e->data, data, len)) {
		/* read again (racy): the same; worth writing once the new cache
		 * would no longer take it for racy */
		if (st->mtime < c->now)
			c->changed = 1;
		return keep_old(c, e);
	}
	c->changed = 1;
	if (!(own = malloc(klen + len + 1)))
		return pmo_error_set_oom();
	memcpy(own, key, klen);
	memcpy(own + klen, data, len);
	return add(c, own, klen, st, own + klen, len, own);
}

/* What a pmo killed while it wrote a cache of c's folder left: no cache
 * takes ten minutes to write, so an older temporary file is nobody's. */
static void remove_stale_temps(const pmo_filecache *c)
{
	const char *slash = strrchr(c->file, '/');
	char *dir = slash ? strndup(c->file, (size_t)(slash - c->file)) : NULL;
	size_t removed;

	if (dir)
		pmo_fs_remove_old_temps(&removed, dir, c->now - 600);
	free(dir);
}

void pmo_filecache_save(pmo_filecache *c)
{
	pmo_buf out = PMO_BUF_INIT;
	uint32_t format = FORMAT, count = (uint32_t)c->nnew, klen, dlen;
	uint64_t sum;
	size_t i;

	if (!c->changed && c->nkept == c->nold)
		return;
	pmo_buf_put(&out, MAGIC, 8);
	pmo_buf_put(&out, &format, 4);
	pmo_buf_put(&out, &count, 4);
	pmo_buf_put(&out, &c->tag, 8);
	pmo_buf_put(&out, &c->now, 8);
	for (i = 0; i < c->nnew; i++) {
		const new_entry *n = &c->neu[i];

		klen = (uint32_t)n->klen;
		dlen = (uint32_t)n->len;
		pmo_buf_put(&out, &klen, 4);
		pmo_buf_put(&out, &dlen, 4);
		put_stat(&out, &n->st);
		pmo_buf_put(&out, n->key, n->klen);
		pmo_buf_put(&out, n->data, n->len);
	}
	if (pmo_buf_oom(&out) == 0) {
		sum = pmo_hash_words(0, out.ptr, out.len);
		pmo_buf_put(&out, &sum, SUM);
	}
	/* an optimisation only: a cache that cannot be written is not */
	if (pmo_buf_oom(&out) < 0 || pmo_fs_mkdirs_for(c->file) < 0 ||
	    pmo_fs_write_whole(c->file, out.ptr, out.len) < 0)
		pmo_error_clear();
	remove_stale_temps(c);
	pmo_buf_free(&out);
}
