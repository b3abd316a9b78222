#ifndef PMO_REPO_GRAPH_H
#define PMO_REPO_GRAPH_H
/*
 * git's commit-graph (objects/info/commit-graph, or the layers listed in
 * objects/info/commit-graphs/commit-graph-chain) as far as a file's history
 * needs it: which commits it holds and their changed-path Bloom filters
 * (chunks BIDX and BDAT). Private to lib/repo (history.c), and to
 * tests/test_graph.c and fuzz/commit_graph.c through this header.
 *
 * A filter answers "this commit, against its first parent, changed none of
 * these paths" (definitely) or "maybe". It is git's, as git 2.39 writes it:
 * murmur3 over the path's bytes read as signed chars (hash version 1; version
 * 2, git 2.46's, reads them unsigned), k = 7 positions h0 + i*h1, a filter
 * of n bytes with bit b at byte b/8, bit b%8 (git's documentation says
 * 64-bit words and seed 0x7e646e2: its code, which pmo follows, says bytes
 * and 0x7e646e2c).
 */
#include <stddef.h>
#include <stdint.h>

typedef struct pmo_graph pmo_graph;

/* One path's two hashes, per hash version (index 0: version 1). */
typedef struct {
	uint32_t h[2][2];
} pmo_bloom_key;

/* The keys git makes for the path (repository-relative, no trailing '/'):
 * the path and each folder above it, in git's order. *out is an array of
 * *n keys (free()); PMO_ENOMEM. */
int pmo_graph_keys(pmo_bloom_key **out, size_t *n, const char *path);

/* git's murmur3_seeded; version 1 reads bytes as signed chars, as git does. */
uint32_t pmo_graph_murmur3(uint32_t seed, const char *data, size_t len, int version);

/* A graph read from one file's bytes (copied): PMO_EINVALID saying what is
 * wrong (signature, version, hash, a chunk out of bounds …). */
int pmo_graph_parse(pmo_graph **out, const void *data, size_t len);
void pmo_graph_free(pmo_graph *g);

/* Whether the commit (a 20-byte SHA-1) may have changed any of the paths:
 * 0 none of them (definitely), 1 maybe, -1 not known (the commit is not in
 * the graph, or has no filter). Any key that is definitely absent makes
 * the answer 0, as git decides (a file whose folder did not change did not
 * change either). */
int pmo_graph_maybe_changed(const pmo_graph *g, const unsigned char *commit,
			    const pmo_bloom_key *keys, size_t n);
/* Whether the graph holds the commit at all. */
int pmo_graph_has(const pmo_graph *g, const unsigned char *commit);

#endif
