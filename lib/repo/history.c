/*
 * History of one file, as `git log -- PATH` shows it: walk from HEAD in
 * commit-time order with git's default history simplification (a commit is
 * shown when the file differs from its parent; a merge only when it differs
 * from every parent, and a merge equal to one parent is followed through
 * that parent alone).
 *
 * Speed: a commit's file is found by walking the path's trees, remembering
 * the last few tree ids seen at each depth, so a commit that did not touch
 * the folder costs one root-tree read; blobs are read only for commits that
 * are shown.
 */
#include "repo/internal.h"
#include "repo/walk.h"
#include "repo/branch.h"
#include "repo/graph.h"
#include "util/error.h"
#include "util/mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define WAYS 4 /* tree ids remembered per depth */

typedef struct {
	int valid;
	git_oid tree;
	int present; /* result: the file's blob id below this tree */
	git_oid id;
} slot;

typedef struct {
	git_repository *git;
	git_odb *odb;
	char *buf;     /* the repository path, split in place */
	char **comp;   /* its components */
	size_t *len;   /* their lengths */
	size_t ncomp;
	slot *cache;   /* ncomp * WAYS */
	unsigned *next;
} finder;

typedef struct {
	int present;
	git_oid id;
} found;

/* The first byte c from p on (before end), NULL when none: eight bytes at
 * a time where a word's bytes lie in memory order (a tree's modes and
 * names are a few bytes: a memchr call costs more than it finds). */
static const unsigned char *byte_in(const unsigned char *p, const unsigned char *end, unsigned char c)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	uint64_t w, hit;

	for (; end - p >= 8; p += 8) {
		memcpy(&w, p, 8);
		w ^= ones * c;
		/* the lowest flagged byte is the first equal to c (a borrow
		 * flags only bytes above a true one) */
		if ((hit = (w - ones) & ~w & highs) != 0)
			return p + (__builtin_ctzll(hit) >> 3);
	}
#endif
	return p < end ? memchr(p, c, (size_t)(end - p)) : NULL;
}

/* The entry name of a raw tree object (git's format: "MODE NAME\0" and 20
 * bytes of id, sorted): its id and whether it is a folder, file or
 * neither. Read raw rather than through git_tree_lookup, which makes an
 * entry of each of a folder's thousands of files: a commit's step of
 * the walk reads one entry, and stops when the order passes it. Each entry
 * costs its name's first differing byte and two word-wise searches (the
 * mode's end, the name's): in a folder of 5,000 risks this scan was a
 * sixth of `pmo risk log`'s time with two memchr, a strlen and a memcmp
 * per entry. */
enum { NONE, FILE_ENTRY, TREE_ENTRY };
static int entry_in(git_oid *id, const unsigned char *p, size_t len, const char *name, size_t nlen)
{
	const unsigned char *end = p + len, *sp, *q, *nul;
	const unsigned char *want = (const unsigned char *)name;
	unsigned a, b;
	size_t i;
	int tree;

	while (p < end) {
		if (!(sp = byte_in(p, end, ' ')))
			return NONE;
		q = sp + 1;
		tree = *p == '4';
		for (i = 0; i < nlen && q + i < end && q[i] == want[i]; i++)
			;
		if (q + i >= end)
			return NONE;
		if (i == nlen && !q[i]) {
			if (end - (q + i) < 21)
				return NONE;
			git_oid_fromraw(id, q + i + 1);
			/* a file (regular, executable, link); a submodule is neither */
			return tree ? TREE_ENTRY : *p == '1' && p[1] != '6' ? FILE_ENTRY : NONE;
		}
		if (!(nul = byte_in(q + i, end, '\0')) || end - nul < 21)
			return NONE;
		/* the first differing byte decides the order, a folder's name
		 * taken as ending in '/' (names hold no '/', so a != b) */
		a = q[i] ? q[i] : tree ? '/' : 0;
		b = i < nlen ? want[i] : '/';
		if (a > b)
			return NONE;
		p = nul + 21;
	}
	return NONE;
}

static int find_below(found *out, finder *f, size_t level, const git_oid *tree_id)
{
	slot *ways = f->cache + level * WAYS, *s;
	git_odb_object *obj = NULL;
	found r = { 0, { { 0 } } };
	git_oid sub;
	int error = 0, e, kind;
	size_t w;

	for (w = 0; w < WAYS; w++) {
		if (ways[w].valid && git_oid_equal(&ways[w].tree, tree_id)) {
			out->present = ways[w].present;
			git_oid_cpy(&out->id, &ways[w].id);
			return 0;
		}
	}
	if ((e = git_odb_read(&obj, f->odb, tree_id)) < 0 ||
	    (git_odb_object_type(obj) != GIT_OBJECT_TREE && (e = GIT_EINVALID))) {
		error = pmo_repo__git_error(e, "cannot read a tree");
		goto done;
	}
	kind = entry_in(&sub, git_odb_object_data(obj), git_odb_object_size(obj), f->comp[level],
			f->len[level]);
	if (kind == FILE_ENTRY && level + 1 == f->ncomp) {
		r.present = 1;
		git_oid_cpy(&r.id, &sub);
	} else if (kind == TREE_ENTRY && level + 1 < f->ncomp) {
		git_odb_object_free(obj);
		obj = NULL;
		if ((error = find_below(&r, f, level + 1, &sub)) < 0)
			goto done;
	}
	s = &ways[f->next[level]++ % WAYS];
	s->valid = 1;
	git_oid_cpy(&s->tree, tree_id);
	s->present = r.present;
	git_oid_cpy(&s->id, &r.id);
	*out = r;
done:
	git_odb_object_free(obj);
	return error;
}

static int find_in_commit(found *out, finder *f, const git_commit *c)
{
	return find_below(out, f, 0, git_commit_tree_id(c));
}

static int same(const found *a, const found *b)
{
	return a->present == b->present && (!a->present || git_oid_equal(&a->id, &b->id));
}

static int split_path(finder *f, const char *rpath)
{
	char *p, *save = NULL;
	size_t n = 1;

	if (!(f->buf = strdup(rpath)))
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	for (p = f->buf; *p; p++)
		n += *p == '/';
	if (!(f->comp = calloc(n, sizeof(*f->comp))) ||
	    !(f->cache = calloc(n * WAYS, sizeof(*f->cache))) ||
	    !(f->next = calloc(n, sizeof(*f->next))) || !(f->len = calloc(n, sizeof(*f->len))))
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	for (p = strtok_r(f->buf, "/", &save); p; p = strtok_r(NULL, "/", &save)) {
		f->len[f->ncomp] = strlen(p);
		f->comp[f->ncomp++] = p;
	}
	if (!f->ncomp)
		return pmo_error_set(PMO_EINVALID, "history needs a file path, not \"%s\"", rpath);
	return 0;
}

static int load_blob(git_blob **out, git_repository *git, const found *r)
{
	int e;

	*out = NULL;
	if (!r->present)
		return 0;
	if ((e = git_blob_lookup(out, git, &r->id)) < 0)
		return pmo_repo__git_error(e, "cannot read a file's contents");
	return 0;
}

/* The entry's bytes as git would check them out (a filter driver's smudge
 * side), copied into the two buffers. */
static int smudge_entry(pmo_history_entry *entry, pmo_buf *olds, pmo_buf *news, pmo_repo *repo,
			const char *rpath, git_blob *oldb, git_blob *newb)
{
	int error = 0;

	if (oldb) {
		pmo_buf_clear(olds);
		if ((error = pmo_buf_put(olds, entry->old_data, entry->old_len)) < 0 ||
		    (error = pmo_repo__smudge(olds, repo, rpath, git_blob_id(oldb))) < 0)
			return error;
		entry->old_data = olds->ptr ? olds->ptr : "";
		entry->old_len = olds->len;
	}
	if (newb) {
		pmo_buf_clear(news);
		if ((error = pmo_buf_put(news, entry->new_data, entry->new_len)) < 0 ||
		    (error = pmo_repo__smudge(news, repo, rpath, git_blob_id(newb))) < 0)
			return error;
		entry->new_data = news->ptr ? news->ptr : "";
		entry->new_len = news->len;
	}
	return 0;
}

/* What a lazy walk's entry reads its bytes with. */
struct pmo_history_lazy {
	pmo_repo *repo;
	const char *rpath;
	const found *r;       /* the file in the commit */
	git_blob *blob;       /* read: the bytes */
	pmo_buf *smudged;     /* the bytes through a filter driver */
	const char *data;
	size_t len;
};

int pmo_repo_history_read(const char **data, size_t *len, const pmo_history_entry *e)
{
	struct pmo_history_lazy *lz = e->lazy;
	int error;

	if (!lz) {
		*data = e->new_data;
		*len = e->new_len;
		return 0;
	}
	if (lz->r->present && !lz->blob) {
		if ((error = load_blob(&lz->blob, lz->repo->git, lz->r)) < 0)
			return error;
		lz->data = git_blob_rawcontent(lz->blob);
		lz->len = (size_t)git_blob_rawsize(lz->blob);
		if (pmo_repo__has_drivers(lz->repo)) {
			pmo_buf_clear(lz->smudged);
			if ((error = pmo_buf_put(lz->smudged, lz->data, lz->len)) < 0 ||
			    (error = pmo_repo__smudge(lz->smudged, lz->repo, lz->rpath, git_blob_id(lz->blob))) < 0)
				return error;
			lz->data = lz->smudged->ptr ? lz->smudged->ptr : "";
			lz->len = lz->smudged->len;
		}
	}
	*data = lz->blob ? lz->data : NULL;
	*len = lz->blob ? lz->len : 0;
	return 0;
}

static int history_walk(pmo_repo *repo, const char *rev, const char *path, pmo_history_cb cb, void *payload,
			int lazy);

int pmo_repo_history(pmo_repo *repo, const char *path, pmo_history_cb cb, void *payload)
{
	return history_walk(repo, NULL, path, cb, payload, 0);
}

int pmo_repo_history_lazy(pmo_repo *repo, const char *path, pmo_history_cb cb, void *payload)
{
	return history_walk(repo, NULL, path, cb, payload, 1);
}

int pmo_repo_history_at(pmo_repo *repo, const char *rev, const char *path, pmo_history_cb cb,
			void *payload)
{
	return history_walk(repo, rev, path, cb, payload, 0);
}

static int history_walk(pmo_repo *repo, const char *rev, const char *path, pmo_history_cb cb, void *payload,
			int lazy)
{
	struct pmo_history_lazy lz;
	finder f;
	pmo_commit_heap h = { NULL, NULL, 0, 0, 0 };
	pmo_oidset seen = { NULL, NULL, 0, 0 };
	pmo_oidset shallow = { NULL, NULL, 0, 0 };
	git_commit *c = NULL, *head = NULL, **parents = NULL;
	git_reference *ref = NULL;
	git_blob *oldb = NULL, *newb = NULL;
	found r, *pr = NULL;
	pmo_history_entry entry;
	pmo_commit_info info;
	char *rpath = NULL;
	pmo_buf olds = PMO_BUF_INIT, news = PMO_BUF_INIT;
	pmo_graph *graph = NULL;
	pmo_bloom_key *keys = NULL;
	size_t nkeys = 0;
	unsigned np, i, cap = 0;
	int error = 0, e, show, ts, ret, cut;

	memset(&f, 0, sizeof(f));
	f.git = repo->git;
	/* like git, trust the object store while walking (about a third of
	 * the time goes into re-hashing each object otherwise); fsck checks */
	pmo_repo__trust_objects(1);
	/* a folder's tree rebuilt from its delta is a new block of a few
	 * hundred KB for each commit: above glibc's first mmap threshold, each
	 * was mapped, faulted in and unmapped (5,000 risks, 20,000 commits:
	 * 48,000 page faults and 2.5 s of processor time; kept on the heap,
	 * 11,000 and 1.8 s) */
	pmo_heap_for_many_files((size_t)4 << 20);
	if (!(rpath = pmo_repo__path(repo, path))) {
		error = PMO_ENOMEM;
		goto done;
	}
	if ((error = split_path(&f, rpath)) < 0)
		goto done;
	if ((e = git_repository_odb(&f.odb, repo->git)) < 0) {
		error = pmo_repo__git_error(e, "cannot read the object store");
		goto done;
	}
	if ((error = pmo_repo__read_shallow(&shallow, repo->git)) < 0)
		goto done;
	/* as git, no commit-graph in a shallow clone: its filters compare a
	 * boundary commit with parents the clone does not have */
	if (!shallow.len && ((error = pmo_repo__graph_open(&graph, repo)) < 0 ||
			     (graph && (error = pmo_graph_keys(&keys, &nkeys, rpath)) < 0)))
		goto done;
	if (rev) {
		if ((error = pmo_repo__commit_of(&head, repo->git, rev)) < 0)
			goto done;
		e = 0;
	} else {
		e = git_repository_head(&ref, repo->git);
		if (e == GIT_EUNBORNBRANCH || e == GIT_ENOTFOUND) {
			git_error_clear();
			goto done; /* no commits: no history */
		}
	}
	if (!head && (e < 0 || (e = git_commit_lookup(&head, repo->git, git_reference_target(ref))) < 0)) {
		error = pmo_repo__git_error(e, "cannot read HEAD");
		goto done;
	}
	if ((error = pmo_walk_enqueue(&h, &seen, head)) < 0) {
		head = NULL;
		goto done;
	}
	head = NULL;
	while ((c = pmo_commit_heap_pop(&h)) != NULL) {
		/* a shallow clone's boundary commit is a root: its parents are
		 * not here; the entry says the history is cut there */
		cut = pmo_oidset_has(&shallow, git_commit_id(c));
		np = cut ? 0 : git_commit_parentcount(c);
		/* the graph's filter says the file did not change against the
		 * first parent: TREESAME to it, as git decides, with no tree read */
		if (graph && pmo_graph_maybe_changed(graph, git_commit_id(c)->id, keys, nkeys) == 0) {
			if (np && (e = git_commit_parent(&head, c, 0)) < 0) {
				error = pmo_repo__git_error(e, "cannot read a parent commit");
				goto done;
			}
			if (head && (error = pmo_walk_enqueue(&h, &seen, head)) < 0) {
				head = NULL;
				goto done;
			}
			head = NULL;
			git_commit_free(c);
			c = NULL;
			continue;
		}
		if ((error = find_in_commit(&r, &f, c)) < 0)
			goto done;
		if (np > cap) {
			free(parents);
			free(pr);
			cap = np;
			parents = calloc(cap, sizeof(*parents));
			pr = calloc(cap, sizeof(*pr));
			if (!parents || !pr) {
				error = pmo_error_set(PMO_ENOMEM, "out of memory");
				goto done;
			}
		}
		ts = -1;
		for (i = 0; i < np; i++) {
			if ((e = git_commit_parent(&parents[i], c, i)) < 0) {
				error = pmo_repo__git_error(e, "cannot read a parent commit");
				goto done;
			}
			if ((error = find_in_commit(&pr[i], &f, parents[i])) < 0)
				goto done;
			if (ts < 0 && same(&r, &pr[i]))
				ts = (int)i;
		}
		/* follow the first parent the commit is TREESAME to, else all */
		for (i = 0; i < np; i++) {
			if (ts < 0 || (unsigned)ts == i) {
				error = pmo_walk_enqueue(&h, &seen, parents[i]);
				parents[i] = NULL;
				if (error < 0)
					goto done;
			}
		}
		show = np == 0 ? r.present : ts < 0;
		if (show) {
			if (!lazy && ((error = load_blob(&newb, repo->git, &r)) < 0 ||
				      (np && (error = load_blob(&oldb, repo->git, &pr[0])) < 0)))
				goto done;
			pmo_repo_commit_info(&info, c);
			entry.commit = &info;
			entry.cut = cut;
			entry.present = r.present;
			memset(&lz, 0, sizeof(lz));
			lz.repo = repo;
			lz.rpath = rpath;
			lz.r = &r;
			lz.smudged = &news;
			entry.lazy = lazy ? &lz : NULL;
			entry.old_data = oldb ? git_blob_rawcontent(oldb) : NULL;
			entry.old_len = oldb ? (size_t)git_blob_rawsize(oldb) : 0;
			entry.new_data = newb ? git_blob_rawcontent(newb) : NULL;
			entry.new_len = newb ? (size_t)git_blob_rawsize(newb) : 0;
			if (pmo_repo__has_drivers(repo) &&
			    (error = smudge_entry(&entry, &olds, &news, repo, rpath, oldb, newb)) < 0)
				goto done;
			ret = cb(&entry, payload);
			git_blob_free(oldb);
			git_blob_free(newb);
			git_blob_free(lz.blob);
			oldb = newb = NULL;
			lz.blob = NULL;
			if (ret) {
				error = ret < 0 ? ret : 0;
				goto done;
			}
		}
		for (i = 0; i < np; i++) {
			git_commit_free(parents[i]);
			parents[i] = NULL;
		}
		git_commit_free(c);
		c = NULL;
	}
done:
	if (parents)
		for (i = 0; i < cap; i++)
			git_commit_free(parents[i]);
	free(parents);
	free(pr);
	git_commit_free(c);
	git_commit_free(head);
	pmo_walk_free(&h, &seen, &shallow);
	git_blob_free(oldb);
	git_blob_free(newb);
	git_reference_free(ref);
	free(f.buf);
	free(f.comp);
	free(f.cache);
	free(f.next);
	free(f.len);
	git_odb_free(f.odb);
	free(rpath);
	free(keys);
	pmo_graph_free(graph);
	pmo_buf_free(&olds);
	pmo_buf_free(&news);
	pmo_repo__trust_objects(0);
	return error;
}
