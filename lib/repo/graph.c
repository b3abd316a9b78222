/*
 * git's commit-graph, read for its changed-path Bloom filters (graph.h).
 *
 * The file is mapped and checked before any use: the signature, version
 * 1, hash version 1 (SHA-1, the only one libgit2 1.5 opens), the chunk
 * table inside the file with offsets that never go backwards, the fan-out
 * (non-decreasing, its last count the number of commits) and the ids
 * (exactly that many, in order), the filter index (one end per commit) and
 * the filter data's header. Every filter's start and end are checked again
 * against its chunk when it is read. A graph that fails any check is not
 * used: pmo says so in a warning and compares trees, as it does for a
 * commit written after the graph. Filters written with settings pmo does
 * not know (another hash version, no hash functions) are not used either.
 *
 * A chain of graphs (commit-graphs/commit-graph-chain, as `git
 * commit-graph write --split` leaves it) is read layer by layer, each
 * layer checked on its own; pmo looks a commit up in every layer.
 */
#include "repo/graph.h"
#include "repo/internal.h"
#include "util/error.h"
#include "util/fs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define HASH_LEN 20
#define ID(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))
#define CHUNK_OIDF ID('O', 'I', 'D', 'F')
#define CHUNK_OIDL ID('O', 'I', 'D', 'L')
#define CHUNK_BIDX ID('B', 'I', 'D', 'X')
#define CHUNK_BDAT ID('B', 'D', 'A', 'T')
#define BDAT_HEADER 12
#define MAX_HASHES 32 /* git writes 7 */

typedef struct {
	const unsigned char *data; /* the whole file */
	size_t len;
	int mapped;                /* munmap (else free) */
	uint32_t n;                /* commits */
	const unsigned char *fanout, *oids;
	const unsigned char *bidx, *bdat; /* NULL: no filters */
	size_t bdat_len;                  /* after the header */
	uint32_t hash_version, hashes;
} layer;

struct pmo_graph {
	layer *layers;
	size_t n;
};

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t be64(const unsigned char *p)
{
	return (uint64_t)be32(p) << 32 | be32(p + 4);
}

static uint32_t rotl(uint32_t v, int n)
{
	return v << n | v >> (32 - n);
}

/* A byte as git's murmur3 reads it: `(uint32_t)data[i]` with a signed
 * char sign-extends bytes from 0x80 (version 1); version 2 does not. */
static uint32_t byte_at(const char *p, int version)
{
	return version == 1 ? (uint32_t)(int32_t)(signed char)*p : (uint32_t)(unsigned char)*p;
}

uint32_t pmo_graph_murmur3(uint32_t seed, const char *data, size_t len, int version)
{
	const uint32_t c1 = 0xcc9e2d51, c2 = 0x1b873593;
	size_t i, len4 = len / 4;
	uint32_t k, k1 = 0;
	const char *tail;

	for (i = 0; i < len4; i++) {
		k = byte_at(data + 4 * i, version) | byte_at(data + 4 * i + 1, version) << 8 |
		    byte_at(data + 4 * i + 2, version) << 16 | byte_at(data + 4 * i + 3, version) << 24;
		k *= c1;
		k = rotl(k, 15);
		k *= c2;
		seed ^= k;
		seed = rotl(seed, 13) * 5 + 0xe6546b64;
	}
	tail = data + len4 * 4;
	switch (len & 3) {
	case 3:
		k1 ^= byte_at(tail + 2, version) << 16;
		/* fall through */
	case 2:
		k1 ^= byte_at(tail + 1, version) << 8;
		/* fall through */
	case 1:
		k1 ^= byte_at(tail, version);
		k1 *= c1;
		k1 = rotl(k1, 15);
		k1 *= c2;
		seed ^= k1;
		break;
	}
	seed ^= (uint32_t)len;
	seed ^= seed >> 16;
	seed *= 0x85ebca6b;
	seed ^= seed >> 13;
	seed *= 0xc2b2ae35;
	seed ^= seed >> 16;
	return seed;
}

static void fill_key(pmo_bloom_key *k, const char *path, size_t len)
{
	int v;

	for (v = 1; v <= 2; v++) {
		k->h[v - 1][0] = pmo_graph_murmur3(0x293ae76f, path, len, v);
		k->h[v - 1][1] = pmo_graph_murmur3(0x7e646e2c, path, len, v);
	}
}

int pmo_graph_keys(pmo_bloom_key **out, size_t *n, const char *path)
{
	size_t len = strlen(path), count = 1, i;
	pmo_bloom_key *keys;

	while (len && path[len - 1] == '/')
		len--;
	for (i = 0; i < len; i++)
		count += path[i] == '/';
	if (!(keys = calloc(count, sizeof(*keys))))
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	/* the path, then each folder above it, longest first (git's order) */
	fill_key(&keys[0], path, len);
	*n = 1;
	for (i = len; i-- > 1;)
		if (path[i] == '/')
			fill_key(&keys[(*n)++], path, i);
	*out = keys;
	return 0;
}

static void layer_release(layer *l)
{
	if (l->mapped)
		munmap((void *)l->data, l->len);
	else
		free((void *)l->data);
	memset(l, 0, sizeof(*l));
}

/* Check the layer's bytes and find its chunks (data and len already set). */
static int layer_check(layer *l)
{
	const unsigned char *d = l->data, *toc;
	const unsigned char *bidx = NULL, *bdat = NULL;
	uint64_t off, next, size, bidx_size = 0, bdat_size = 0, oidl_size = 0;
	unsigned chunks, i;
	uint32_t id, prev = 0, v;

	if (l->len < 8 + 12 + HASH_LEN || memcmp(d, "CGPH", 4))
		return pmo_error_set(PMO_EINVALID, "not a commit-graph file (no CGPH signature)");
	if (d[4] != 1)
		return pmo_error_set(PMO_EINVALID, "commit-graph version %u is not known", d[4]);
	if (d[5] != 1)
		return pmo_error_set(PMO_EINVALID, "commit-graph hash version %u is not SHA-1", d[5]);
	chunks = d[6];
	toc = d + 8;
	if ((uint64_t)(chunks + 1) * 12 > l->len - 8 - HASH_LEN)
		return pmo_error_set(PMO_EINVALID, "commit-graph chunk table runs past the file's end");
	l->fanout = l->oids = NULL;
	for (i = 0; i < chunks; i++) {
		id = be32(toc + 12 * i);
		off = be64(toc + 12 * i + 4);
		next = be64(toc + 12 * (i + 1) + 4);
		if (!id)
			return pmo_error_set(PMO_EINVALID, "commit-graph chunk table ends early");
		if (off < 8 + (uint64_t)(chunks + 1) * 12 || next < off || next > l->len - HASH_LEN)
			return pmo_error_set(PMO_EINVALID, "commit-graph chunk %08x is out of bounds", id);
		size = next - off;
		if (id == CHUNK_OIDF && !l->fanout) {
			if (size != 256 * 4)
				return pmo_error_set(PMO_EINVALID, "commit-graph fan-out has the wrong size");
			l->fanout = d + off;
		} else if (id == CHUNK_OIDL && !l->oids) {
			l->oids = d + off;
			oidl_size = size;
		} else if (id == CHUNK_BIDX && !bidx) {
			bidx = d + off;
			bidx_size = size;
		} else if (id == CHUNK_BDAT && !bdat) {
			bdat = d + off;
			bdat_size = size;
		}
	}
	if (be32(toc + 12 * chunks))
		return pmo_error_set(PMO_EINVALID, "commit-graph chunk table has no end");
	if (!l->fanout || !l->oids)
		return pmo_error_set(PMO_EINVALID, "commit-graph has no commit ids");
	for (i = 0; i < 256; i++) {
		v = be32(l->fanout + 4 * i);
		if (v < prev)
			return pmo_error_set(PMO_EINVALID, "commit-graph fan-out goes backwards");
		prev = v;
	}
	l->n = prev;
	if (oidl_size != (uint64_t)l->n * HASH_LEN)
		return pmo_error_set(PMO_EINVALID, "commit-graph ids do not match its fan-out");
	for (i = 1; i < l->n; i++)
		if (memcmp(l->oids + (size_t)(i - 1) * HASH_LEN, l->oids + (size_t)i * HASH_LEN, HASH_LEN) >= 0)
			return pmo_error_set(PMO_EINVALID, "commit-graph ids are out of order");
	for (i = 0; i < l->n; i++)
		if ((be32(l->fanout + 4 * l->oids[(size_t)i * HASH_LEN]) <= i) ||
		    (l->oids[(size_t)i * HASH_LEN] && be32(l->fanout + 4 * (l->oids[(size_t)i * HASH_LEN] - 1)) > i))
			return pmo_error_set(PMO_EINVALID, "commit-graph ids do not match its fan-out");
	l->bidx = l->bdat = NULL;
	if (bidx && bdat) {
		if (bidx_size != (uint64_t)l->n * 4)
			return pmo_error_set(PMO_EINVALID, "commit-graph filter index has the wrong size");
		if (bdat_size < BDAT_HEADER)
			return pmo_error_set(PMO_EINVALID, "commit-graph filter data has no header");
		l->hash_version = be32(bdat);
		l->hashes = be32(bdat + 4);
		/* settings pmo does not know: the filters are not used */
		if ((l->hash_version == 1 || l->hash_version == 2) && l->hashes > 0 &&
		    l->hashes <= MAX_HASHES) {
			l->bidx = bidx;
			l->bdat = bdat + BDAT_HEADER;
			l->bdat_len = (size_t)(bdat_size - BDAT_HEADER);
		}
	}
	return 0;
}

int pmo_graph_parse(pmo_graph **out, const void *data, size_t len)
{
	pmo_graph *g = NULL;
	unsigned char *copy = NULL;
	int error;

	*out = NULL;
	if (!(g = calloc(1, sizeof(*g))) || !(g->layers = calloc(1, sizeof(*g->layers))) ||
	    !(copy = malloc(len ? len : 1))) {
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
		goto done;
	}
	if (len)
		memcpy(copy, data, len);
	g->layers[0].data = copy;
	g->layers[0].len = len;
	g->n = 1;
	copy = NULL;
	if ((error = layer_check(&g->layers[0])) < 0)
		goto done;
	*out = g;
	g = NULL;
done:
	free(copy);
	pmo_graph_free(g);
	return error;
}

void pmo_graph_free(pmo_graph *g)
{
	size_t i;

	if (!g)
		return;
	for (i = 0; i < g->n; i++)
		layer_release(&g->layers[i]);
	free(g->layers);
	free(g);
}

/* The commit's index in the layer, or -1. */
static long find(const layer *l, const unsigned char *id)
{
	uint32_t lo = id[0] ? be32(l->fanout + 4 * (id[0] - 1)) : 0, hi = be32(l->fanout + 4 * id[0]), mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = memcmp(l->oids + (size_t)mid * HASH_LEN, id, HASH_LEN);
		if (!c)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

int pmo_graph_has(const pmo_graph *g, const unsigned char *commit)
{
	size_t i;

	for (i = 0; g && i < g->n; i++)
		if (find(&g->layers[i], commit) >= 0)
			return 1;
	return 0;
}

/* 1 maybe, 0 definitely not, for one key in one filter of len bytes. */
static int contains(const unsigned char *f, size_t len, const uint32_t h[2], uint32_t hashes)
{
	uint64_t bits = (uint64_t)len * 8, b;
	uint32_t i;

	for (i = 0; i < hashes; i++) {
		b = (uint32_t)(h[0] + i * h[1]) % bits;
		if (!(f[b >> 3] & (1u << (b & 7))))
			return 0;
	}
	return 1;
}

int pmo_graph_maybe_changed(const pmo_graph *g, const unsigned char *commit,
			    const pmo_bloom_key *keys, size_t n)
{
	const layer *l;
	uint64_t start, end;
	size_t i, k;
	long pos = -1;

	for (i = 0; g && i < g->n && pos < 0; i++)
		pos = find(&g->layers[i], commit);
	if (pos < 0)
		return -1;
	l = &g->layers[i - 1];
	if (!l->bidx)
		return -1;
	start = pos ? be32(l->bidx + 4 * (pos - 1)) : 0;
	end = be32(l->bidx + 4 * pos);
	/* no filter (git stopped at commitGraph.maxNewFilters), or a bad one */
	if (end <= start || end > l->bdat_len)
		return -1;
	for (k = 0; k < n; k++)
		if (!contains(l->bdat + start, (size_t)(end - start), keys[k].h[l->hash_version - 1],
			      l->hashes))
			return 0;
	return 1;
}

/* ---- the repository's graph ---- */

static int map_file(layer *l, const char *path)
{
	struct stat st;
	void *p;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return errno == ENOENT ? PMO_ENOTFOUND : pmo_error_set(PMO_EIO, "cannot open %s: %s", path, strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) {
		close(fd);
		return pmo_error_set(PMO_EINVALID, "%s is empty or not a file", path);
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return pmo_error_set(PMO_EIO, "cannot read %s: %s", path, strerror(errno));
	l->data = p;
	l->len = (size_t)st.st_size;
	l->mapped = 1;
	return 0;
}

static int add_layer(pmo_graph *g, const char *path)
{
	layer *l;
	void *p;
	int error;

	if (!(p = realloc(g->layers, (g->n + 1) * sizeof(*g->layers))))
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	g->layers = p;
	l = &g->layers[g->n];
	memset(l, 0, sizeof(*l));
	if ((error = map_file(l, path)) < 0)
		return error;
	g->n++;
	if ((error = layer_check(l)) < 0) {
		/* the file's name before what is wrong with it */
		pmo_buf why = PMO_BUF_INIT;

		pmo_buf_puts(&why, pmo_error_last()->message);
		if (!pmo_buf_oom(&why))
			error = pmo_error_set(error, "%s: %s", path, why.ptr);
		pmo_buf_free(&why);
	}
	return error;
}

/* The layers the chain file lists, base first. */
static int add_chain(pmo_graph *g, const char *objects)
{
	pmo_buf path = PMO_BUF_INIT, chain = PMO_BUF_INIT;
	const char *p, *nl;
	size_t len;
	int error;

	pmo_buf_printf(&path, "%sinfo/commit-graphs/commit-graph-chain", objects);
	if ((error = pmo_buf_oom(&path)) < 0 || (error = pmo_fs_read(&chain, path.ptr, 0)) < 0)
		goto done;
	for (p = chain.ptr; p && *p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		len = nl ? (size_t)(nl - p) : strlen(p);
		if (!len)
			continue;
		if (len != 2 * HASH_LEN || strspn(p, "0123456789abcdef") < len) {
			error = pmo_error_set(PMO_EINVALID, "%s: a line is not a graph's id", path.ptr);
			goto done;
		}
		pmo_buf_clear(&path);
		pmo_buf_printf(&path, "%sinfo/commit-graphs/graph-%.*s.graph", objects, (int)len, p);
		if ((error = pmo_buf_oom(&path)) < 0 || (error = add_layer(g, path.ptr)) < 0) {
			if (error == PMO_ENOTFOUND)
				error = pmo_error_set(PMO_EINVALID, "%s is missing", path.ptr);
			goto done;
		}
	}
done:
	pmo_buf_free(&path);
	pmo_buf_free(&chain);
	return error;
}

static int config_bool(git_config *cfg, const char *name, int dflt)
{
	int v;

	if (git_config_get_bool(&v, cfg, name) < 0) {
		git_error_clear();
		return dflt;
	}
	return v;
}

int pmo_repo__graph_open(pmo_graph **out, pmo_repo *repo)
{
	pmo_buf objects = PMO_BUF_INIT, path = PMO_BUF_INIT;
	git_config *cfg = NULL;
	pmo_graph *g = NULL;
	int error = 0;

	*out = NULL;
	/* git reads neither without core.commitGraph, nor the filters without
	 * commitGraph.readChangedPaths */
	if (git_repository_config_snapshot(&cfg, repo->git) < 0)
		git_error_clear();
	else if (!config_bool(cfg, "core.commitgraph", 1) ||
		 !config_bool(cfg, "commitgraph.readchangedpaths", 1))
		goto done;
	if (!(g = calloc(1, sizeof(*g)))) {
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
		goto done;
	}
	pmo_buf_printf(&objects, "%sobjects/", git_repository_commondir(repo->git));
	pmo_buf_printf(&path, "%sinfo/commit-graph", objects.ptr);
	if ((error = pmo_buf_oom(&objects)) < 0 || (error = pmo_buf_oom(&path)) < 0)
		goto done;
	/* as git: the single file, else the chain */
	error = add_layer(g, path.ptr);
	if (error == PMO_ENOTFOUND) {
		pmo_error_clear();
		error = add_chain(g, objects.ptr);
	}
	if (error == PMO_ENOTFOUND) {
		pmo_error_clear();
		error = 0;
		goto done;
	}
	if (error == PMO_ENOMEM)
		goto done;
	if (error < 0) {
		/* a graph pmo cannot read costs speed, never the answer */
		pmo_repo__warn(repo, "warning: ignoring the commit-graph: %s", pmo_error_last()->message);
		pmo_error_clear();
		error = 0;
		goto done;
	}
	*out = g;
	g = NULL;
done:
	pmo_graph_free(g);
	git_config_free(cfg);
	pmo_buf_free(&objects);
	pmo_buf_free(&path);
	return error;
}
