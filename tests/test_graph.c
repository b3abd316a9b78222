/* git's commit-graph as lib/repo/graph.c reads it: murmur3 as git computes
 * it, the filters of a graph git wrote (non-ASCII paths included), and
 * graphs that are cut short or damaged, which are refused, never read. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "repo/graph.h"
#include "util/error.h"

static unsigned char *read_bytes(const char *dir, const char *rel, size_t *len)
{
	char path[4096];
	unsigned char *p;
	long n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	cr_assert((f = fopen(path, "rb")) != NULL, "%s", path);
	cr_assert(fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0);
	cr_assert((p = malloc((size_t)n)) != NULL);
	cr_assert(fread(p, 1, (size_t)n, f) == (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return p;
}

static void hex_id(unsigned char id[20], const char *hex)
{
	unsigned v, i;

	for (i = 0; i < 20; i++) {
		cr_assert(sscanf(hex + 2 * i, "%2x", &v) == 1, "id %s", hex);
		id[i] = (unsigned char)v;
	}
}

/* A repository whose commits change ASCII, Chinese and accented paths in
 * folders, with a graph with changed paths that git wrote. */
static char *graph_repo(void)
{
	char *dir = th_tmpdir();

	free(th_sh(dir,
		   "git init -q -b main . && mkdir -p a/b 风险 projects/CBM/risks && "
		   "echo 1 > a/b/c.txt && echo 1 > 风险/核心数据迁移.yaml && echo 1 > café.txt && "
		   "git add . && git commit -q -m one && "
		   "echo 2 > 风险/核心数据迁移.yaml && git commit -q -am two && "
		   "echo 1 > projects/CBM/risks/R-1.yaml && git add . && git commit -q -m three && "
		   "echo 2 > café.txt && echo 2 > a/b/c.txt && git commit -q -am four && "
		   "mkdir 项目 && echo 1 > 项目/计划.yaml && git add . && git commit -q -m five && "
		   "git rm -q café.txt && git commit -q -m six && "
		   "git commit-graph write --reachable --changed-paths"));
	return dir;
}

Test(graph, murmur3_matches_gits_values)
{
	/* git's t0095-bloom.sh */
	cr_assert_eq(pmo_graph_murmur3(0, "", 0, 1), 0x00000000u);
	cr_assert_eq(pmo_graph_murmur3(0, "Hello world!", 12, 1), 0x627b0c2cu);
	cr_assert_eq(pmo_graph_murmur3(0, "The quick brown fox jumps over the lazy dog", 43, 1),
		     0x2e4ff723u);
	/* version 1 reads bytes from 0x80 as negative chars: not version 2's hash */
	cr_assert_eq(pmo_graph_murmur3(7, "abcd", 4, 1), pmo_graph_murmur3(7, "abcd", 4, 2));
	cr_assert_neq(pmo_graph_murmur3(7, "café", strlen("café"), 1),
		      pmo_graph_murmur3(7, "café", strlen("café"), 2));
}

Test(graph, keys_are_the_path_and_each_folder_above_it)
{
	pmo_bloom_key *keys, one;
	size_t n;

	cr_assert_eq(pmo_graph_keys(&keys, &n, "projects/CBM/risks/R-1.yaml"), 0);
	cr_assert_eq(n, 4);
	one.h[0][0] = pmo_graph_murmur3(0x293ae76f, "projects/CBM", 12, 1);
	one.h[0][1] = pmo_graph_murmur3(0x7e646e2c, "projects/CBM", 12, 1);
	cr_assert_eq(keys[2].h[0][0], one.h[0][0]);
	cr_assert_eq(keys[2].h[0][1], one.h[0][1]);
	free(keys);
}

Test(graph, every_path_git_changed_is_a_maybe)
{
	char *dir = graph_repo(), *revs, *line, *save = NULL, *paths, *p;
	unsigned char *data, id[20];
	size_t len, n, ruled_out = 0, asked = 0;
	pmo_bloom_key *keys;
	pmo_graph *g;

	data = read_bytes(dir, ".git/objects/info/commit-graph", &len);
	cr_assert_eq(pmo_graph_parse(&g, data, len), 0, "%s", pmo_error_last()->message);
	revs = th_sh(dir, "git rev-list HEAD");
	for (line = strtok_r(revs, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		hex_id(id, line);
		cr_assert(pmo_graph_has(g, id));
		paths = th_sh(dir, "git diff-tree -r --no-renames --root --no-commit-id --name-only -z %s",
			      line);
		for (p = paths; *p; p += strlen(p) + 1) {
			cr_assert_eq(pmo_graph_keys(&keys, &n, p), 0);
			cr_assert_eq(pmo_graph_maybe_changed(g, id, keys, n), 1, "%s in %s", p, line);
			free(keys);
		}
		free(paths);
		/* a file no commit changed: most filters rule it out */
		cr_assert_eq(pmo_graph_keys(&keys, &n, "projects/CBM/risks/R-2.yaml"), 0);
		ruled_out += pmo_graph_maybe_changed(g, id, keys, n) == 0;
		asked++;
		free(keys);
	}
	cr_assert_eq(asked, 6);
	cr_assert_geq(ruled_out, 4);
	/* a commit the graph does not hold: not known */
	memset(id, 0xab, sizeof(id));
	cr_assert_eq(pmo_graph_keys(&keys, &n, "café.txt"), 0);
	cr_assert_eq(pmo_graph_maybe_changed(g, id, keys, n), -1);
	cr_assert_not(pmo_graph_has(g, id));
	free(keys);
	pmo_graph_free(g);
	free(revs);
	free(data);
	free(dir);
}

Test(graph, a_graph_cut_short_anywhere_is_refused)
{
	char *dir = graph_repo();
	unsigned char *data;
	size_t len, cut;
	pmo_graph *g;

	data = read_bytes(dir, ".git/objects/info/commit-graph", &len);
	cr_assert_eq(pmo_graph_parse(&g, data, len), 0);
	pmo_graph_free(g);
	/* the chunk table's end names the checksum's place: any cut moves it */
	for (cut = 0; cut < len; cut++) {
		cr_assert_eq(pmo_graph_parse(&g, data, cut), PMO_EINVALID, "cut at %zu of %zu", cut, len);
		cr_assert_null(g);
		pmo_error_clear();
	}
	free(data);
	free(dir);
}

static void expect_refused(const unsigned char *data, size_t len, const char *why)
{
	pmo_graph *g;

	cr_assert_eq(pmo_graph_parse(&g, data, len), PMO_EINVALID);
	cr_assert_null(g);
	cr_assert(strstr(pmo_error_last()->message, why), "%s", pmo_error_last()->message);
	pmo_error_clear();
}

Test(graph, damaged_headers_and_chunks_are_refused)
{
	char *dir = graph_repo();
	unsigned char *data, *bad;
	size_t len, i;

	data = read_bytes(dir, ".git/objects/info/commit-graph", &len);
	cr_assert((bad = malloc(len)) != NULL);
	memcpy(bad, data, len);
	bad[0] = 'X';
	expect_refused(bad, len, "signature");
	memcpy(bad, data, len);
	bad[4] = 2;
	expect_refused(bad, len, "version 2");
	memcpy(bad, data, len);
	bad[5] = 2;
	expect_refused(bad, len, "hash version");
	memcpy(bad, data, len);
	bad[6] = 200; /* more chunks than the file holds */
	expect_refused(bad, len, "chunk");
	/* every chunk offset pointing past the end */
	for (i = 0; i < data[6] + 1u; i++) {
		memcpy(bad, data, len);
		memset(bad + 8 + 12 * i + 4, 0x7f, 8);
		cr_assert_eq(pmo_graph_parse(&(pmo_graph *){ NULL }, bad, len), PMO_EINVALID, "chunk %zu", i);
		pmo_error_clear();
	}
	free(bad);
	free(data);
	free(dir);
}
