/*
 * git's index file, read and written for a commit's common case (see
 * dircache.h). The format: "DIRC", version, entry count; the entries
 * sorted by path, each 62 bytes of stat data, id and flags, then the path
 * NUL-padded to a multiple of 8; extensions (TREE: the cached trees);
 * the SHA-1 of all that.
 */
#include "repo/dircache.h"
#include "util/error.h"
#include "util/fs.h"

/* SHA1() directly: the EVP interface loads OpenSSL's providers first (5 M
 * instructions, a third of what the rest of the index costs) */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ENTRY_FIXED 62 /* stat data (40), id (20), flags (2) */
#define FLAG_EXTENDED 0x4000u
#define FLAG_STAGE 0x3000u
#define NAME_MASK 0xfffu
#define TREE_DEPTH_MAX 4096

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* The SHA-1 of n bytes (the index file's checksum), 0 or -1. */
static int sha1(unsigned char out[20], const void *data, size_t n)
{
	return SHA1(data, n, out) ? 0 : -1;
}

static void tree_free(pmo_dc_tree *t)
{
	size_t k;

	if (!t)
		return;
	for (k = 0; k < t->nsub; k++)
		tree_free(t->sub[k]);
	free(t->sub);
	free(t->name);
	free(t);
}

static pmo_dc_tree *tree_new(const char *name, size_t len)
{
	pmo_dc_tree *t = calloc(1, sizeof(*t));

	if (!t || !(t->name = malloc(len + 1))) {
		free(t);
		return NULL;
	}
	memcpy(t->name, name, len);
	t->name[len] = '\0';
	t->len = len;
	t->count = -1;
	return t;
}

/* git keeps a folder's subfolders ordered by name length, then bytes. */
static int sub_cmp(const char *a, size_t al, const char *b, size_t bl)
{
	if (al != bl)
		return al < bl ? -1 : 1;
	return memcmp(a, b, al);
}

static int tree_add_sub(pmo_dc_tree *t, pmo_dc_tree *s, int sorted)
{
	size_t at = t->nsub;

	if (t->nsub == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 4;
		pmo_dc_tree **sub = realloc(t->sub, cap * sizeof(*sub));
		if (!sub)
			return PMO_ENOMEM;
		t->sub = sub;
		t->cap = cap;
	}
	if (sorted)
		for (at = 0; at < t->nsub; at++)
			if (sub_cmp(t->sub[at]->name, t->sub[at]->len, s->name, s->len) > 0)
				break;
	memmove(t->sub + at + 1, t->sub + at, (t->nsub - at) * sizeof(*t->sub));
	t->sub[at] = s;
	t->nsub++;
	return 0;
}

static pmo_dc_tree *tree_sub(const pmo_dc_tree *t, const char *name, size_t len)
{
	size_t k;

	for (k = 0; k < t->nsub; k++)
		if (t->sub[k]->len == len && !memcmp(t->sub[k]->name, name, len))
			return t->sub[k];
	return NULL;
}

/* A decimal number (may start with '-') ended by stop. */
static int parse_num(long *out, const unsigned char **p, const unsigned char *end, char stop)
{
	const unsigned char *q = *p;
	int neg = 0;
	long v = 0;

	if (q < end && *q == '-')
		neg = 1, q++;
	if (q >= end || *q < '0' || *q > '9')
		return -1;
	while (q < end && *q >= '0' && *q <= '9') {
		if (v > 100000000L)
			return -1;
		v = v * 10 + (*q++ - '0');
	}
	if (q >= end || *q != (unsigned char)stop)
		return -1;
	*out = neg ? -v : v;
	*p = q + 1;
	return 0;
}

/* One folder of the TREE extension and its subfolders: 1 parsed, 0 not
 * understood, PMO_ENOMEM. */
static int parse_tree(pmo_dc_tree **out, const unsigned char **p, const unsigned char *end,
		      int depth)
{
	const unsigned char *name = *p, *nul = memchr(*p, '\0', (size_t)(end - *p));
	pmo_dc_tree *t, *s;
	long count, nsub, k;
	int r;

	*out = NULL;
	if (!nul || depth > TREE_DEPTH_MAX)
		return 0;
	*p = nul + 1;
	if (parse_num(&count, p, end, ' ') < 0 || parse_num(&nsub, p, end, '\n') < 0 ||
	    count < -1 || nsub < 0)
		return 0;
	if (!(t = tree_new((const char *)name, (size_t)(nul - name))))
		return PMO_ENOMEM;
	t->count = count;
	if (count >= 0) {
		if (end - *p < GIT_OID_RAWSZ) {
			tree_free(t);
			return 0;
		}
		git_oid_fromraw(&t->id, *p);
		*p += GIT_OID_RAWSZ;
	}
	for (k = 0; k < nsub; k++) {
		if ((r = parse_tree(&s, p, end, depth + 1)) <= 0 ||
		    (r = tree_add_sub(t, s, 0)) < 0) {
			tree_free(s);
			tree_free(t);
			return r;
		}
	}
	*out = t;
	return 1;
}

static int entries_grow(pmo_dircache *dc, size_t want)
{
	pmo_dc_entry *e;
	size_t cap;

	if (want <= dc->cap)
		return 0;
	cap = dc->cap ? dc->cap : 16;
	while (cap < want)
		cap *= 2;
	if (!(e = realloc(dc->e, cap * sizeof(*e))))
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	dc->e = e;
	dc->cap = cap;
	return 0;
}

/* Parse dc->file: 1 understood, 0 not, or PMO_ENOMEM. */
static int parse(pmo_dircache *dc, int verify)
{
	unsigned char *base = (unsigned char *)dc->file.ptr, *p, *end;
	unsigned char sum[20];
	const unsigned char *q;
	uint32_t count, k, size;
	unsigned flags;
	size_t len, elen;
	const char *nul;
	int r;

	if (dc->file.len < 12 + 20 || memcmp(base, "DIRC", 4))
		return 0;
	end = base + dc->file.len - 20;
	if (verify && (sha1(sum, base, (size_t)(end - base)) < 0 || memcmp(sum, end, 20)))
		return 0;
	dc->version = get32(base + 4);
	count = get32(base + 8);
	if ((dc->version != 2 && dc->version != 3) || count > dc->file.len / 64)
		return 0; /* (an entry takes 64 bytes at least) */
	if (entries_grow(dc, (size_t)count + 1) < 0)
		return PMO_ENOMEM;
	for (p = base + 12, k = 0; k < count; k++) {
		if (end - p < ENTRY_FIXED + 1)
			return 0;
		flags = (unsigned)p[60] << 8 | p[61];
		if (flags & (FLAG_EXTENDED | FLAG_STAGE))
			return 0;
		nul = memchr(p + ENTRY_FIXED, '\0', (size_t)(end - p - ENTRY_FIXED));
		if (!nul)
			return 0;
		len = (size_t)(nul - (const char *)p - ENTRY_FIXED);
		if ((flags & NAME_MASK) != (len < NAME_MASK ? len : NAME_MASK))
			return 0;
		elen = (ENTRY_FIXED + len + 8) & ~(size_t)7;
		if ((size_t)(end - p) < elen)
			return 0;
		dc->e[k].raw = p;
		dc->e[k].rawlen = elen;
		dc->e[k].path = (const char *)p + ENTRY_FIXED;
		dc->e[k].len = len;
		dc->e[k].own = NULL;
		p += elen;
	}
	dc->n = count;
	while (p < end) {
		if (end - p < 8)
			return 0;
		size = get32(p + 4);
		if ((size_t)(end - p - 8) < size || memcmp(p, "TREE", 4) || dc->tree)
			return 0;
		q = p + 8;
		if ((r = parse_tree(&dc->tree, &q, p + 8 + size, 0)) <= 0)
			return r;
		if (q != p + 8 + size)
			return 0;
		p += 8 + size;
	}
	return 1;
}

int pmo_repo__dircache_read(pmo_dircache *dc, pmo_repo *repo, int verify)
{
	pmo_buf path = PMO_BUF_INIT;
	struct stat st;
	int fd, error = 0, r;

	memset(dc, 0, sizeof(*dc));
	pmo_buf_printf(&path, "%sindex", git_repository_path(repo->git));
	if ((error = pmo_buf_oom(&path)) < 0)
		goto done;
	fd = open(path.ptr, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		goto done; /* none yet: libgit2's road */
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		goto done;
	}
	dc->mtime = st.st_mtim;
	if (pmo_fs_read_fd(&dc->file, fd, path.ptr, 0) < 0) {
		pmo_error_clear();
		goto done;
	}
	if ((r = parse(dc, verify)) < 0) {
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
		goto done;
	}
	dc->parsed = r;
	dc->usable = r && dc->tree && dc->tree->len == 0;
done:
	pmo_buf_free(&path);
	return error;
}

void pmo_repo__dircache_free(pmo_dircache *dc)
{
	size_t k;

	if (!dc)
		return;
	for (k = 0; k < dc->n; k++)
		free(dc->e[k].own);
	free(dc->e);
	tree_free(dc->tree);
	pmo_buf_free(&dc->file);
	memset(dc, 0, sizeof(*dc));
}

/* git's order of index entries (all at stage 0 here): bytes, then length. */
static int path_cmp(const char *a, size_t al, const char *b, size_t bl)
{
	int c = memcmp(a, b, al < bl ? al : bl);

	if (c)
		return c;
	return al < bl ? -1 : al > bl;
}

/* Where path is or would go; *found whether it is there. */
static size_t locate(const pmo_dircache *dc, const char *path, size_t len, int *found)
{
	size_t lo = 0, hi = dc->n, mid;
	int c;

	*found = 0;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = path_cmp(dc->e[mid].path, dc->e[mid].len, path, len);
		if (c == 0) {
			*found = 1;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const pmo_dc_entry *pmo_repo__dircache_find(const pmo_dircache *dc, const char *path)
{
	int found;
	size_t at = locate(dc, path, strlen(path), &found);

	return found ? &dc->e[at] : NULL;
}

void pmo_repo__dircache_entry_id(git_oid *out, const pmo_dc_entry *e)
{
	git_oid_fromraw(out, e->raw + 40);
}

static unsigned entry_mode(const pmo_dc_entry *e)
{
	return get32(e->raw + 24);
}

/* The bytes git add would store for e. */
static unsigned char *entry_bytes(size_t *outlen, const git_index_entry *e, size_t len)
{
	size_t elen = (ENTRY_FIXED + len + 8) & ~(size_t)7;
	unsigned char *b = calloc(1, elen);
	unsigned flags = (unsigned)(len < NAME_MASK ? len : NAME_MASK);

	if (!b)
		return NULL;
	put32(b, (uint32_t)e->ctime.seconds);
	put32(b + 4, e->ctime.nanoseconds);
	put32(b + 8, (uint32_t)e->mtime.seconds);
	put32(b + 12, e->mtime.nanoseconds);
	put32(b + 16, e->dev);
	put32(b + 20, e->ino);
	put32(b + 24, e->mode);
	put32(b + 28, e->uid);
	put32(b + 32, e->gid);
	put32(b + 36, e->file_size);
	memcpy(b + 40, e->id.id, GIT_OID_RAWSZ);
	b[60] = (unsigned char)(flags >> 8);
	b[61] = (unsigned char)flags;
	memcpy(b + ENTRY_FIXED, e->path, len);
	*outlen = elen;
	return b;
}

int pmo_repo__dircache_set(pmo_dircache *dc, const char *path, const git_index_entry *e)
{
	size_t len = strlen(path), at;
	pmo_dc_tree *t = dc->tree;
	const char *slash, *name;
	int found, f;

	if (!dc->usable)
		return 0;
	/* a file where one of its folders would be, or a folder where it
	 * would be: git add replaces those; libgit2's road does it */
	for (slash = strchr(path, '/'); slash; slash = strchr(slash + 1, '/')) {
		locate(dc, path, (size_t)(slash - path), &f);
		if (f) {
			dc->usable = 0;
			return 0;
		}
	}
	at = locate(dc, path, len, &found);
	if (!found && e) {
		/* the first entry from "path/" on (after "path.x", "path-x" …) */
		char *dir = malloc(len + 2);
		size_t d;
		if (!dir)
			return pmo_error_set(PMO_ENOMEM, "out of memory");
		memcpy(dir, path, len);
		memcpy(dir + len, "/", 2);
		d = locate(dc, dir, len + 1, &f);
		free(dir);
		if (d < dc->n && dc->e[d].len > len && !memcmp(dc->e[d].path, path, len) &&
		    dc->e[d].path[len] == '/') {
			dc->usable = 0;
			return 0;
		}
	}
	if (!found && !e)
		return 0;
	/* the cached trees of the top and each folder on the way */
	t->count = -1;
	for (name = path; t && (slash = strchr(name, '/')) != NULL; name = slash + 1)
		if ((t = tree_sub(t, name, (size_t)(slash - name))) != NULL)
			t->count = -1;
	if (!e) {
		free(dc->e[at].own);
		memmove(dc->e + at, dc->e + at + 1, (dc->n - at - 1) * sizeof(*dc->e));
		dc->n--;
		return 0;
	}
	if (!found) {
		if (entries_grow(dc, dc->n + 1) < 0)
			return PMO_ENOMEM;
		memmove(dc->e + at + 1, dc->e + at, (dc->n - at) * sizeof(*dc->e));
		memset(&dc->e[at], 0, sizeof(dc->e[at]));
		dc->n++;
	}
	free(dc->e[at].own);
	dc->e[at].own = NULL;
	{
		git_index_entry copy = *e;
		copy.path = path;
		if (!(dc->e[at].own = entry_bytes(&dc->e[at].rawlen, &copy, len)))
			return pmo_error_set(PMO_ENOMEM, "out of memory");
	}
	dc->e[at].raw = dc->e[at].own;
	dc->e[at].path = (const char *)dc->e[at].own + ENTRY_FIXED;
	dc->e[at].len = len;
	return 0;
}

/* git's racily clean entries: files changed no earlier than the index
 * was written, so their stat data cannot tell; git and libgit2 compare
 * their content when they write the index and mark those that differ
 * (size 0), and so does pmo. */
static int smudge_racy(pmo_dircache *dc, pmo_repo *repo, pmo_dc_hash_fn hash)
{
	git_oid now, was;
	char *path;
	size_t k;
	int error;

	for (k = 0; k < dc->n; k++) {
		pmo_dc_entry *e = &dc->e[k];
		int64_t sec = get32(e->raw + 8);
		if (e->own || sec < dc->mtime.tv_sec ||
		    (sec == dc->mtime.tv_sec && get32(e->raw + 12) < dc->mtime.tv_nsec))
			continue;
		if ((entry_mode(e) & 0170000) != 0100000) { /* a link's: libgit2's road */
			dc->usable = 0;
			return 0;
		}
		if (!(path = strndup(e->path, e->len)))
			return pmo_error_set(PMO_ENOMEM, "out of memory");
		error = hash(&now, repo, path, 0);
		free(path);
		if (error < 0) {
			pmo_error_clear(); /* gone or unreadable: changed */
			memset(&now, 0, sizeof(now));
		}
		pmo_repo__dircache_entry_id(&was, e);
		if (!git_oid_equal(&now, &was))
			put32(e->raw + 36, 0);
	}
	return 0;
}

/* One entry of a tree object: the mode in octal as git writes it
 * ("100644", "40000"), the name, NUL, the raw id. */
static void tree_entry(pmo_buf *b, unsigned mode, const char *name, size_t len,
		       const unsigned char *id)
{
	char oct[12], *p = oct + sizeof(oct);

	*--p = ' ';
	do
		*--p = (char)('0' + (mode & 7));
	while ((mode >>= 3) && p > oct);
	pmo_buf_put(b, p, (size_t)(oct + sizeof(oct) - p));
	pmo_buf_put(b, name, len);
	pmo_buf_putc(b, '\0');
	pmo_buf_put(b, id, GIT_OID_RAWSZ);
}

/* git's cache-tree update of folder t, whose entries start at *pos with
 * the first plen bytes of their paths naming t's folder. */
static int update_tree(pmo_dircache *dc, git_odb *odb, pmo_dc_tree *t, size_t plen, size_t *pos)
{
	pmo_buf obj = PMO_BUF_INIT;
	const char *prefix = dc->e[*pos].path, *rest, *slash;
	pmo_dc_tree *s;
	size_t i = *pos, k, keep;
	long count = 0;
	int error = 0, e;

	if (t->count >= 0) {
		*pos += (size_t)t->count;
		return 0;
	}
	for (k = 0; k < t->nsub; k++)
		t->sub[k]->seen = 0;
	while (i < dc->n && dc->e[i].len > plen && !memcmp(dc->e[i].path, prefix, plen)) {
		rest = dc->e[i].path + plen;
		slash = memchr(rest, '/', dc->e[i].len - plen);
		if (!slash) {
			tree_entry(&obj, entry_mode(&dc->e[i]), rest, dc->e[i].len - plen,
				   dc->e[i].raw + 40);
			count++;
			i++;
			continue;
		}
		if (!(s = tree_sub(t, rest, (size_t)(slash - rest)))) {
			if (!(s = tree_new(rest, (size_t)(slash - rest))) ||
			    (error = tree_add_sub(t, s, 1)) < 0) {
				tree_free(s);
				error = pmo_error_set(PMO_ENOMEM, "out of memory");
				goto done;
			}
		}
		if ((error = update_tree(dc, odb, s, plen + s->len + 1, &i)) < 0)
			goto done;
		s->seen = 1;
		tree_entry(&obj, 040000, s->name, s->len, s->id.id);
		count += s->count;
	}
	if ((error = pmo_buf_oom(&obj)) < 0)
		goto done;
	/* folders no longer in the index leave the cache */
	for (k = keep = 0; k < t->nsub; k++) {
		if (t->sub[k]->seen)
			t->sub[keep++] = t->sub[k];
		else
			tree_free(t->sub[k]);
	}
	t->nsub = keep;
	if ((e = git_odb_write(&t->id, odb, obj.len ? obj.ptr : "", obj.len,
			       GIT_OBJECT_TREE)) < 0) {
		error = pmo_repo__git_error(e, "cannot write a tree");
		goto done;
	}
	t->count = count;
	*pos = i;
done:
	pmo_buf_free(&obj);
	return error;
}

int pmo_repo__dircache_update(pmo_dircache *dc, pmo_repo *repo, pmo_dc_hash_fn hash)
{
	git_odb *odb = NULL;
	size_t pos = 0;
	int error, e;

	if (!dc->usable)
		return 0;
	if ((error = smudge_racy(dc, repo, hash)) < 0)
		return error;
	if (dc->tree->count >= 0)
		return 0;
	if (dc->n == 0) { /* git's cached trees hold no empty folder */
		dc->usable = 0;
		return 0;
	}
	if ((e = git_repository_odb(&odb, repo->git)) < 0)
		return pmo_repo__git_error(e, "cannot open the object database");
	error = update_tree(dc, odb, dc->tree, 0, &pos);
	git_odb_free(odb);
	if (error == 0 && pos != dc->n)
		dc->usable = 0;
	return error;
}

int pmo_repo__dircache_attr_index(git_index **out, const pmo_dircache *dc)
{
	static const char name[] = ".gitattributes";
	const size_t nl = sizeof(name) - 1;
	git_index *idx = NULL;
	git_index_entry ie;
	char *path;
	size_t k;
	int e = git_index_new(&idx);

	for (k = 0; e == 0 && k < dc->n; k++) {
		const pmo_dc_entry *en = &dc->e[k];
		if (en->len < nl || memcmp(en->path + en->len - nl, name, nl) ||
		    (en->len > nl && en->path[en->len - nl - 1] != '/'))
			continue;
		if (!(path = strndup(en->path, en->len))) {
			git_index_free(idx);
			return pmo_error_set(PMO_ENOMEM, "out of memory");
		}
		memset(&ie, 0, sizeof(ie));
		ie.mode = entry_mode(en);
		pmo_repo__dircache_entry_id(&ie.id, en);
		ie.path = path;
		e = git_index_add(idx, &ie);
		free(path);
	}
	if (e < 0) {
		git_index_free(idx);
		return pmo_repo__git_error(e, "cannot read the index");
	}
	*out = idx;
	return 0;
}

static void tree_write(pmo_buf *b, const pmo_dc_tree *t)
{
	size_t k;

	pmo_buf_put(b, t->name, t->len);
	pmo_buf_putc(b, '\0');
	pmo_buf_printf(b, "%ld %zu\n", t->count, t->nsub);
	if (t->count >= 0)
		pmo_buf_put(b, t->id.id, GIT_OID_RAWSZ);
	for (k = 0; k < t->nsub; k++)
		tree_write(b, t->sub[k]);
}

static int write_file(const char *path, const char *p, size_t left)
{
	ssize_t w;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);

	if (fd < 0)
		return pmo_error_set_at(PMO_EIO, path, 0, 0, "cannot write: %s", strerror(errno));
	for (; left; p += w, left -= (size_t)w) {
		if ((w = write(fd, p, left)) < 0) {
			if (errno == EINTR) {
				w = 0;
				continue;
			}
			close(fd);
			return pmo_error_set_at(PMO_EIO, path, 0, 0, "cannot write: %s",
						strerror(errno));
		}
	}
	if (close(fd) < 0)
		return pmo_error_set_at(PMO_EIO, path, 0, 0, "cannot write: %s", strerror(errno));
	return 0;
}

int pmo_repo__dircache_write(const pmo_dircache *dc, const char *path)
{
	pmo_buf b = PMO_BUF_INIT;
	unsigned char head[12], sum[20];
	size_t k, ext;
	int error;

	memcpy(head, "DIRC", 4);
	put32(head + 4, dc->version);
	put32(head + 8, (uint32_t)dc->n);
	pmo_buf_grow(&b, dc->file.len + 4096);
	pmo_buf_put(&b, head, sizeof(head));
	for (k = 0; k < dc->n; k++)
		pmo_buf_put(&b, dc->e[k].raw, dc->e[k].rawlen);
	if (dc->tree) {
		pmo_buf_put(&b, "TREE\0\0\0\0", 8);
		ext = b.len;
		tree_write(&b, dc->tree);
		if (!pmo_buf_oom(&b))
			put32((unsigned char *)b.ptr + ext - 4, (uint32_t)(b.len - ext));
	}
	if ((error = pmo_buf_oom(&b)) < 0)
		goto done;
	if (sha1(sum, b.ptr, b.len) < 0) {
		error = pmo_error_set(PMO_ENOMEM, "cannot compute the index's checksum");
		goto done;
	}
	pmo_buf_put(&b, sum, sizeof(sum));
	if ((error = pmo_buf_oom(&b)) < 0)
		goto done;
	error = write_file(path, b.ptr, b.len);
done:
	pmo_buf_free(&b);
	return error;
}
