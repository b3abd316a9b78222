/*
 * libFuzzer target: git's commit-graph as lib/repo/graph.c reads it. Any
 * bytes are parsed; a graph that parses is asked about every 20 bytes of
 * the input taken as a commit id (its own ids among them) and one it cannot hold, with keys for a nested path.
 * pmo must refuse what it cannot read and never read outside the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "repo/graph.h"
#include "util/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static pmo_bloom_key *keys;
	static size_t nkeys;
	unsigned char id[20];
	pmo_graph *g = NULL;
	size_t at;
	int r;

	if (!keys && pmo_graph_keys(&keys, &nkeys, "projects/核心/risks/R-1.yaml") < 0)
		abort();
	if (pmo_graph_parse(&g, data, size) < 0) {
		if (g || pmo_error_last()->code != PMO_EINVALID)
			abort();
		pmo_error_clear();
		return 0;
	}
	/* the ids are in the file: any 20 bytes of it may be one */
	for (at = 0; at + 20 <= size && at < 8192; at++) {
		r = pmo_graph_maybe_changed(g, data + at, keys, nkeys);
		if (r < -1 || r > 1 || (r >= 0 && !pmo_graph_has(g, data + at)))
			abort();
	}
	memset(id, 0xff, sizeof(id));
	pmo_graph_maybe_changed(g, id, keys, nkeys);
	pmo_graph_free(g);
	return 0;
}
