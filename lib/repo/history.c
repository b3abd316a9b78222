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
#include "repo/branch.h"
#include "repo/graph.h"
#include "util/error.h"
#include "util/fs.h"

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
	size_t ncomp;
	slot *cache;   /* ncomp * WAYS */
	unsigned *next;
} finder;

typedef struct {
	int present;
	git_oid id;
} found;

/* Order of a tree entry (name, a folder's as if it ended in '/') against
 * the name looked for, taken as a folder (name + '/'): past it, no later
 * entry can be name, file or folder. */
static int past(const char *e, size_t elen, int etree, const char *name)
{
	size_t nlen = strlen(name), i;
	unsigned a, b;

	for (i = 0;; i++) {
		a = i < elen ? (unsigned char)e[i] : i == elen && etree ? '/' : 0;
		b = i < nlen ? (unsigned char)name[i] : i == nlen ? '/' : 0;
		if (a != b || !a)
			return a > b;
	}
}

/* The entry name of a raw tree object (git's format: "MODE NAME\0" and 20
 * bytes of id, sorted): its id and whether it is a folder, file or
 * neither. Read raw rather than through git_tree_lookup, which makes an
 * entry of each of a folder's thousands of files: a commit's step of
 * the walk reads one entry, and stops when the order passes it. */
enum { NONE, FILE_ENTRY, TREE_ENTRY };
static int entry_in(git_oid *id, const unsigned char *p, size_t len, const char *name)
{
	const unsigned char *end = p + len, *sp, *nul;
	int tree;

	while (p < end) {
		if (!(sp = memchr(p, ' ', (size_t)(end - p))) ||
		    !(nul = memchr(sp + 1, '\0', (size_t)(end - sp - 1))) || end - nul < 21)
			return NONE;
		tree = *p == '4';
		if ((size_t)(nul - sp - 1) == strlen(name) && !memcmp(sp + 1, name, (size_t)(nul - sp - 1))) {
			git_oid_fromraw(id, nul + 1);
			/* a file (regular, executable, link); a submodule is neither */
			return tree ? TREE_ENTRY : *p == '1' && p[1] != '6' ? FILE_ENTRY : NONE;
		}
		if (past((const char *)sp + 1, (size_t)(nul - sp - 1), tree, name))
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
	kind = entry_in(&sub, git_odb_object_data(obj), git_odb_object_size(obj), f->comp[level]);
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

/* ---- a max-heap of commits by commit time, and a set of seen ids ---- */

typedef struct {
	git_commit **v;
	unsigned long *seq; /* insertion order breaks ties: first in, first out */
	size_t len, cap;
	unsigned long counter;
} heap;

static int heap_before(const heap *h, size_t a, size_t b)
{
	git_time_t ta = git_commit_time(h->v[a]), tb = git_commit_time(h->v[b]);

	return ta > tb || (ta == tb && h->seq[a] < h->seq[b]);
}

static void heap_swap(heap *h, size_t a, size_t b)
{
	git_commit *c = h->v[a];
	unsigned long s = h->seq[a];

	h->v[a] = h->v[b];
	h->seq[a] = h->seq[b];
	h->v[b] = c;
	h->seq[b] = s;
}

static int heap_push(heap *h, git_commit *c)
{
	size_t i, ncap;
	void *p;

	if (h->len == h->cap) {
		ncap = h->cap ? h->cap * 2 : 64;
		if (!(p = realloc(h->v, ncap * sizeof(*h->v))))
			return pmo_error_set(PMO_ENOMEM, "out of memory");
		h->v = p;
		if (!(p = realloc(h->seq, ncap * sizeof(*h->seq))))
			return pmo_error_set(PMO_ENOMEM, "out of memory");
		h->seq = p;
		h->cap = ncap;
	}
	i = h->len++;
	h->v[i] = c;
	h->seq[i] = h->counter++;
	while (i > 0 && heap_before(h, i, (i - 1) / 2)) {
		heap_swap(h, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
	return 0;
}

static git_commit *heap_pop(heap *h)
{
	git_commit *top;
	size_t i = 0, l, r, best;

	if (!h->len)
		return NULL;
	top = h->v[0];
	h->len--;
	if (h->len) {
		h->v[0] = h->v[h->len];
		h->seq[0] = h->seq[h->len];
		for (;;) {
			l = 2 * i + 1;
			r = l + 1;
			best = i;
			if (l < h->len && heap_before(h, l, best))
				best = l;
			if (r < h->len && heap_before(h, r, best))
				best = r;
			if (best == i)
				break;
			heap_swap(h, i, best);
			i = best;
		}
	}
	return top;
}

typedef struct {
	git_oid *v;
	unsigned char *used;
	size_t cap, len;
} oidset;

static size_t oid_hash(const git_oid *id)
{
	size_t h;

	memcpy(&h, id->id, sizeof(h));
	return h;
}

/* 1 when added, 0 when already there, <0 on error. */
static int oidset_add(oidset *s, const git_oid *id)
{
	size_t i, k, ncap;
	oidset n;

	if ((s->len + 1) * 2 > s->cap) {
		ncap = s->cap ? s->cap * 2 : 1024;
		n.v = calloc(ncap, sizeof(*n.v));
		n.used = calloc(ncap, 1);
		n.cap = ncap;
		n.len = 0;
		if (!n.v || !n.used) {
			free(n.v);
			free(n.used);
			return pmo_error_set(PMO_ENOMEM, "out of memory");
		}
		for (k = 0; k < s->cap; k++) {
			if (!s->used[k])
				continue;
			for (i = oid_hash(&s->v[k]) & (ncap - 1); n.used[i]; i = (i + 1) & (ncap - 1))
				;
			n.used[i] = 1;
			n.v[i] = s->v[k];
			n.len++;
		}
		free(s->v);
		free(s->used);
		*s = n;
	}
	for (i = oid_hash(id) & (s->cap - 1); s->used[i]; i = (i + 1) & (s->cap - 1))
		if (git_oid_equal(&s->v[i], id))
			return 0;
	s->used[i] = 1;
	git_oid_cpy(&s->v[i], id);
	s->len++;
	return 1;
}

static int oidset_has(const oidset *s, const git_oid *id)
{
	size_t i;

	if (!s->cap)
		return 0;
	for (i = oid_hash(id) & (s->cap - 1); s->used[i]; i = (i + 1) & (s->cap - 1))
		if (git_oid_equal(&s->v[i], id))
			return 1;
	return 0;
}

/* A shallow clone's boundary: the commits listed in <commondir>/shallow,
 * whose parents the clone does not have (git treats them as roots). */
static int read_shallow(oidset *out, git_repository *git)
{
	pmo_buf path = PMO_BUF_INIT, data = PMO_BUF_INIT;
	const char *p, *nl;
	git_oid id;
	int error = 0;

	pmo_buf_printf(&path, "%sshallow", git_repository_commondir(git));
	if ((error = pmo_buf_oom(&path)) < 0)
		goto done;
	if ((error = pmo_fs_read(&data, path.ptr, 0)) < 0) {
		if (error == PMO_ENOTFOUND) {
			pmo_error_clear();
			error = 0;
		}
		goto done;
	}
	for (p = data.ptr; p && *p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		if ((nl ? (size_t)(nl - p) : strlen(p)) >= GIT_OID_HEXSZ &&
		    git_oid_fromstrn(&id, p, GIT_OID_HEXSZ) == 0 &&
		    (error = oidset_add(out, &id)) < 0)
			goto done;
	}
	error = 0;
	git_error_clear();
done:
	pmo_buf_free(&path);
	pmo_buf_free(&data);
	return error;
}

/* The commits still queued and the two sets of a walk. */
static void walk_free(heap *h, oidset *seen, oidset *shallow)
{
	while (h->len)
		git_commit_free(heap_pop(h));
	free(h->v);
	free(h->seq);
	free(seen->v);
	free(seen->used);
	free(shallow->v);
	free(shallow->used);
}

/* Queue c (taking ownership) unless it was queued before. */
static int enqueue(heap *h, oidset *seen, git_commit *c)
{
	int added = oidset_add(seen, git_commit_id(c));

	if (added <= 0) {
		git_commit_free(c);
		return added;
	}
	if (heap_push(h, c) < 0) {
		git_commit_free(c);
		return PMO_ENOMEM;
	}
	return 0;
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
	    !(f->next = calloc(n, sizeof(*f->next))))
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	for (p = strtok_r(f->buf, "/", &save); p; p = strtok_r(NULL, "/", &save))
		f->comp[f->ncomp++] = p;
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
	heap h = { NULL, NULL, 0, 0, 0 };
	oidset seen = { NULL, NULL, 0, 0 };
	oidset shallow = { NULL, NULL, 0, 0 };
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
	if ((error = read_shallow(&shallow, repo->git)) < 0)
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
	if ((error = enqueue(&h, &seen, head)) < 0) {
		head = NULL;
		goto done;
	}
	head = NULL;
	while ((c = heap_pop(&h)) != NULL) {
		/* a shallow clone's boundary commit is a root: its parents are
		 * not here; the entry says the history is cut there */
		cut = oidset_has(&shallow, git_commit_id(c));
		np = cut ? 0 : git_commit_parentcount(c);
		/* the graph's filter says the file did not change against the
		 * first parent: TREESAME to it, as git decides, with no tree read */
		if (graph && pmo_graph_maybe_changed(graph, git_commit_id(c)->id, keys, nkeys) == 0) {
			if (np && (e = git_commit_parent(&head, c, 0)) < 0) {
				error = pmo_repo__git_error(e, "cannot read a parent commit");
				goto done;
			}
			if (head && (error = enqueue(&h, &seen, head)) < 0) {
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
				error = enqueue(&h, &seen, parents[i]);
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
	walk_free(&h, &seen, &shallow);
	git_blob_free(oldb);
	git_blob_free(newb);
	git_reference_free(ref);
	free(f.buf);
	free(f.comp);
	free(f.cache);
	free(f.next);
	git_odb_free(f.odb);
	free(rpath);
	free(keys);
	pmo_graph_free(graph);
	pmo_buf_free(&olds);
	pmo_buf_free(&news);
	pmo_repo__trust_objects(0);
	return error;
}

/* ---- the history of every file below a folder pattern, in one walk ---- */

typedef struct {
	pmo_repo *repo;
	char *buf;                 /* the pattern's components, split in place */
	char **comp;
	size_t ncomp, skip;        /* skip: the pmo folder's own components */
	pmo_buf path;              /* the folder being compared, relative to the pmo tree */
	const git_commit *commit;
	pmo_commit_info info;
	char second[GIT_OID_HEXSZ + 1];
	pmo_history_file_cb cb;
	void *payload;
	int stop;                  /* cb returned non-zero: its value */
	int names_only;             /* no bytes told */
	git_tree *kept[8];         /* the last old versions of the folders
				    * compared: a commit's parent, walked
				    * next, has them as its new ones */
	size_t next_kept;
} folders;

static int subtree_id(const git_oid **out, git_repository *git, const git_oid *tree_id,
		      const char *name, git_tree **keep)
{
	const git_tree_entry *te;
	int e;

	*out = NULL;
	if (!tree_id)
		return 0;
	if ((e = git_tree_lookup(keep, git, tree_id)) < 0)
		return pmo_repo__git_error(e, "cannot read a folder");
	te = git_tree_entry_byname(*keep, name);
	if (te && git_tree_entry_type(te) == GIT_OBJECT_TREE)
		*out = git_tree_entry_id(te);
	return 0;
}

static int tell_file(folders *w, const char *name, const git_oid *oldid, const git_oid *newid)
{
	git_blob *oldb = NULL, *newb = NULL;
	pmo_history_file f;
	size_t mark = w->path.len;
	int e, error = 0;

	if (!w->names_only && ((oldid && (e = git_blob_lookup(&oldb, w->repo->git, oldid)) < 0) ||
			       (newid && (e = git_blob_lookup(&newb, w->repo->git, newid)) < 0))) {
		error = pmo_repo__git_error(e, "cannot read a file's contents");
		goto done;
	}
	pmo_buf_puts(&w->path, name);
	if ((error = pmo_buf_oom(&w->path)) < 0)
		goto done;
	memset(&f, 0, sizeof(f));
	f.path = w->path.ptr;
	f.commit = &w->info;
	f.message = git_commit_message(w->commit);
	f.second_parent = w->second[0] ? w->second : NULL;
	f.old_data = oldb ? git_blob_rawcontent(oldb) : NULL;
	f.old_len = oldb ? (size_t)git_blob_rawsize(oldb) : 0;
	f.new_data = newb ? git_blob_rawcontent(newb) : NULL;
	f.new_len = newb ? (size_t)git_blob_rawsize(newb) : 0;
	if ((w->stop = w->cb(&f, w->payload)) != 0)
		error = w->stop < 0 ? w->stop : 0;
done:
	w->path.len = mark;
	if (w->path.ptr)
		w->path.ptr[mark] = '\0';
	git_blob_free(oldb);
	git_blob_free(newb);
	return error;
}

/* git's order of tree entries: by name, a folder's as if it ended in '/' */
static int git_order(const git_tree_entry *a, const git_tree_entry *b)
{
	const unsigned char *x = (const unsigned char *)git_tree_entry_name(a);
	const unsigned char *y = (const unsigned char *)git_tree_entry_name(b);
	unsigned cx, cy;

	while (*x && *x == *y)
		x++, y++;
	cx = *x ? *x : git_tree_entry_type(a) == GIT_OBJECT_TREE ? '/' : 0;
	cy = *y ? *y : git_tree_entry_type(b) == GIT_OBJECT_TREE ? '/' : 0;
	if (!*x && !*y && cx == cy)
		return 0;
	return cx < cy ? -1 : cx > cy;
}

/* The folder id, from the kept ones (taken from there) or read. */
static int kept_lookup(git_tree **out, folders *w, const git_oid *id)
{
	size_t i;

	for (i = 0; i < sizeof(w->kept) / sizeof(*w->kept); i++)
		if (w->kept[i] && git_oid_equal(git_tree_id(w->kept[i]), id)) {
			*out = w->kept[i];
			w->kept[i] = NULL;
			return 0;
		}
	return git_tree_lookup(out, w->repo->git, id);
}

/* The files of the last folder of the pattern that differ between two
 * versions of it (either may be absent). */
static int compare_files(folders *w, const git_oid *oldt, const git_oid *newt)
{
	git_tree *ot = NULL, *nt = NULL;
	const git_tree_entry *te, *oe;
	size_t ni = 0, oi = 0;
	int e, c, error = 0;

	if ((oldt && (e = kept_lookup(&ot, w, oldt)) < 0) ||
	    (newt && (e = kept_lookup(&nt, w, newt)) < 0)) {
		error = pmo_repo__git_error(e, "cannot read a folder");
		goto done;
	}
	/* both lists are sorted by name: one pass over the two */
	while (!w->stop && !error && ((nt && ni < git_tree_entrycount(nt)) || (ot && oi < git_tree_entrycount(ot)))) {
		te = nt && ni < git_tree_entrycount(nt) ? git_tree_entry_byindex(nt, ni) : NULL;
		oe = ot && oi < git_tree_entrycount(ot) ? git_tree_entry_byindex(ot, oi) : NULL;
		c = !te ? 1 : !oe ? -1 : git_order(te, oe);
		if (c <= 0)
			ni++;
		if (c >= 0)
			oi++;
		if (te && git_tree_entry_type(te) != GIT_OBJECT_BLOB)
			te = NULL;
		if (oe && git_tree_entry_type(oe) != GIT_OBJECT_BLOB)
			oe = NULL;
		if (c < 0 && te)
			error = tell_file(w, git_tree_entry_name(te), NULL, git_tree_entry_id(te));
		else if (c > 0 && oe)
			error = tell_file(w, git_tree_entry_name(oe), git_tree_entry_id(oe), NULL);
		else if (c == 0 && (te || oe) &&
			 (!te || !oe || !git_oid_equal(git_tree_entry_id(oe), git_tree_entry_id(te))))
			error = tell_file(w, te ? git_tree_entry_name(te) : git_tree_entry_name(oe),
					  oe ? git_tree_entry_id(oe) : NULL, te ? git_tree_entry_id(te) : NULL);
	}
done:
	if (ot) {
		/* kept for the next commit walked, the parent */
		git_tree_free(w->kept[w->next_kept]);
		w->kept[w->next_kept] = ot;
		w->next_kept = (w->next_kept + 1) % (sizeof(w->kept) / sizeof(*w->kept));
	}
	git_tree_free(nt);
	return error;
}

static int compare_level(folders *w, size_t level, const git_oid *oldt, const git_oid *newt);

/* Descend into the folder name of both versions. */
static int compare_named(folders *w, size_t level, const git_oid *oldt, const git_oid *newt,
			 const char *name)
{
	git_tree *ok = NULL, *nk = NULL;
	const git_oid *o, *n;
	size_t mark = w->path.len;
	int error;

	if ((error = subtree_id(&o, w->repo->git, oldt, name, &ok)) < 0 ||
	    (error = subtree_id(&n, w->repo->git, newt, name, &nk)) < 0)
		goto done;
	if (level >= w->skip) {
		pmo_buf_printf(&w->path, "%s/", name);
		if ((error = pmo_buf_oom(&w->path)) < 0)
			goto done;
	}
	error = compare_level(w, level + 1, o, n);
	w->path.len = mark;
	if (w->path.ptr)
		w->path.ptr[mark] = '\0';
done:
	git_tree_free(ok);
	git_tree_free(nk);
	return error;
}

static int compare_level(folders *w, size_t level, const git_oid *oldt, const git_oid *newt)
{
	git_tree *ot = NULL, *nt = NULL;
	const git_tree_entry *te;
	size_t i;
	int e, error = 0;

	if ((!oldt && !newt) || (oldt && newt && git_oid_equal(oldt, newt)))
		return 0;
	if (level == w->ncomp)
		return compare_files(w, oldt, newt);
	if (strcmp(w->comp[level], "*"))
		return compare_named(w, level, oldt, newt, w->comp[level]);
	if ((oldt && (e = git_tree_lookup(&ot, w->repo->git, oldt)) < 0) ||
	    (newt && (e = git_tree_lookup(&nt, w->repo->git, newt)) < 0)) {
		error = pmo_repo__git_error(e, "cannot read a folder");
		goto done;
	}
	for (i = 0; nt && i < git_tree_entrycount(nt) && !w->stop && !error; i++) {
		te = git_tree_entry_byindex(nt, i);
		if (git_tree_entry_type(te) == GIT_OBJECT_TREE)
			error = compare_named(w, level, oldt, newt, git_tree_entry_name(te));
	}
	/* folders only the old version has */
	for (i = 0; ot && i < git_tree_entrycount(ot) && !w->stop && !error; i++) {
		te = git_tree_entry_byindex(ot, i);
		if (git_tree_entry_type(te) == GIT_OBJECT_TREE &&
		    !(nt && git_tree_entry_byname(nt, git_tree_entry_name(te))))
			error = compare_named(w, level, oldt, NULL, git_tree_entry_name(te));
	}
done:
	git_tree_free(ot);
	git_tree_free(nt);
	return error;
}

/* The commit rev names, HEAD's for NULL (*out NULL on an unborn branch). */
static int start_commit(git_commit **out, pmo_repo *repo, const char *rev)
{
	return rev ? pmo_repo__commit_of(out, repo->git, rev) : pmo_repo__head_commit(out, repo->git);
}

static int files_walk(pmo_repo *repo, const char *rev, const char *pattern, pmo_history_file_cb cb,
		      void *payload, int names_only)
{
	heap h = { NULL, NULL, 0, 0, 0 };
	oidset seen = { NULL, NULL, 0, 0 };
	oidset shallow = { NULL, NULL, 0, 0 };
	git_commit *c = NULL, *head = NULL, *parent = NULL;
	git_oid ptree;
	folders w;
	char *rpath = NULL, *p, *save = NULL;
	unsigned np, i;
	size_t n = 1;
	int error = 0, e;

	memset(&w, 0, sizeof(w));
	w.repo = repo;
	w.cb = cb;
	w.payload = payload;
	w.names_only = names_only;
	pmo_repo__trust_objects(1);
	if (!(rpath = pmo_repo__path(repo, pattern)) || !(w.buf = strdup(rpath))) {
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
		goto done;
	}
	for (p = w.buf; *p; p++)
		n += *p == '/';
	if (!(w.comp = calloc(n, sizeof(*w.comp)))) {
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
		goto done;
	}
	for (p = strtok_r(w.buf, "/", &save); p; p = strtok_r(NULL, "/", &save))
		w.comp[w.ncomp++] = p;
	for (p = repo->prefix; p && *p; p++)
		w.skip += *p == '/';
	if ((error = read_shallow(&shallow, repo->git)) < 0)
		goto done;
	if ((error = start_commit(&head, repo, rev)) < 0 || !head)
		goto done;
	error = enqueue(&h, &seen, head);
	head = NULL;
	if (error < 0)
		goto done;
	while (!w.stop && (c = heap_pop(&h)) != NULL) {
		np = oidset_has(&shallow, git_commit_id(c)) ? 0 : git_commit_parentcount(c);
		for (i = 0; i < np; i++) {
			if ((e = git_commit_parent(&parent, c, i)) < 0) {
				error = pmo_repo__git_error(e, "cannot read a parent commit");
				goto done;
			}
			if (i == 0)
				git_oid_cpy(&ptree, git_commit_tree_id(parent));
			error = enqueue(&h, &seen, parent);
			parent = NULL;
			if (error < 0)
				goto done;
		}
		w.commit = c;
		w.second[0] = '\0';
		if (np > 1)
			git_oid_tostr(w.second, sizeof(w.second), git_commit_parent_id(c, 1));
		pmo_repo_commit_info(&w.info, c);
		if ((error = compare_level(&w, 0, np ? &ptree : NULL,
					   git_commit_tree_id(c))) < 0)
			goto done;
		git_commit_free(c);
		c = NULL;
	}
done:
	git_commit_free(c);
	git_commit_free(head);
	git_commit_free(parent);
	walk_free(&h, &seen, &shallow);
	free(rpath);
	free(w.buf);
	free(w.comp);
	for (i = 0; i < sizeof(w.kept) / sizeof(*w.kept); i++)
		git_tree_free(w.kept[i]);
	pmo_buf_free(&w.path);
	pmo_repo__trust_objects(0);
	return error;
}

int pmo_repo_history_files(pmo_repo *repo, const char *rev, const char *pattern, pmo_history_file_cb cb,
			   void *payload)
{
	return files_walk(repo, rev, pattern, cb, payload, 0);
}

int pmo_repo_history_changed(pmo_repo *repo, const char *rev, const char *pattern, pmo_history_file_cb cb,
			     void *payload)
{
	return files_walk(repo, rev, pattern, cb, payload, 1);
}

int pmo_repo_shallow_boundary(char out[static 41], pmo_repo *repo, const char *rev)
{
	oidset shallow = { NULL, NULL, 0, 0 };
	git_commit *head = NULL;
	size_t i;
	int error, e, found = 0;

	out[0] = '\0';
	if ((error = read_shallow(&shallow, repo->git)) < 0 || !shallow.len)
		goto done;
	if ((error = start_commit(&head, repo, rev)) < 0 || !head)
		goto done;
	for (i = 0; i < shallow.cap && !found; i++) {
		if (!shallow.used[i])
			continue;
		e = git_oid_equal(&shallow.v[i], git_commit_id(head)) ? 1 :
		    git_graph_descendant_of(repo->git, git_commit_id(head), &shallow.v[i]);
		if (e < 0) {
			git_error_clear(); /* a boundary this walk cannot reach */
			continue;
		}
		if (e == 1) {
			git_oid_tostr(out, 41, &shallow.v[i]);
			found = 1;
		}
	}
	error = found;
done:
	git_commit_free(head);
	free(shallow.v);
	free(shallow.used);
	return error;
}
