/*
 * What the history walks share: the queue of commits in git's order (newest
 * commit time first, insertion order between equal times), the set of
 * commits already queued, a shallow clone's boundary, and the commit a walk
 * starts from.
 */
#include "repo/walk.h"
#include "repo/branch.h"
#include "util/error.h"
#include "util/fs.h"

#include <stdlib.h>
#include <string.h>

static int heap_before(const pmo_commit_heap *h, size_t a, size_t b)
{
	git_time_t ta = git_commit_time(h->v[a]), tb = git_commit_time(h->v[b]);

	return ta > tb || (ta == tb && h->seq[a] < h->seq[b]);
}

static void heap_swap(pmo_commit_heap *h, size_t a, size_t b)
{
	git_commit *c = h->v[a];
	unsigned long s = h->seq[a];

	h->v[a] = h->v[b];
	h->seq[a] = h->seq[b];
	h->v[b] = c;
	h->seq[b] = s;
}

int pmo_commit_heap_push(pmo_commit_heap *h, git_commit *c)
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

git_commit *pmo_commit_heap_pop(pmo_commit_heap *h)
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

static size_t oid_hash(const git_oid *id)
{
	size_t h;

	memcpy(&h, id->id, sizeof(h));
	return h;
}

/* 1 when added, 0 when already there, <0 on error. */
int pmo_oidset_add(pmo_oidset *s, const git_oid *id)
{
	size_t i, k, ncap;
	pmo_oidset n;

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

int pmo_oidset_has(const pmo_oidset *s, const git_oid *id)
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
int pmo_repo__read_shallow(pmo_oidset *out, git_repository *git)
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
		    (error = pmo_oidset_add(out, &id)) < 0)
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
void pmo_walk_free(pmo_commit_heap *h, pmo_oidset *seen, pmo_oidset *shallow)
{
	while (h->len)
		git_commit_free(pmo_commit_heap_pop(h));
	free(h->v);
	free(h->seq);
	free(seen->v);
	free(seen->used);
	free(shallow->v);
	free(shallow->used);
}

/* Queue c (taking ownership) unless it was queued before. */
int pmo_walk_enqueue(pmo_commit_heap *h, pmo_oidset *seen, git_commit *c)
{
	int added = pmo_oidset_add(seen, git_commit_id(c));

	if (added <= 0) {
		git_commit_free(c);
		return added;
	}
	if (pmo_commit_heap_push(h, c) < 0) {
		git_commit_free(c);
		return PMO_ENOMEM;
	}
	return 0;
}

/* The commit rev names, HEAD's for NULL (*out NULL on an unborn branch). */
int pmo_repo__start_commit(git_commit **out, pmo_repo *repo, const char *rev)
{
	return rev ? pmo_repo__commit_of(out, repo->git, rev) : pmo_repo__head_commit(out, repo->git);
}

int pmo_repo_shallow_boundary(char out[static 41], pmo_repo *repo, const char *rev)
{
	pmo_oidset shallow = { NULL, NULL, 0, 0 };
	git_commit *head = NULL;
	size_t i;
	int error, e, found = 0;

	out[0] = '\0';
	if ((error = pmo_repo__read_shallow(&shallow, repo->git)) < 0 || !shallow.len)
		goto done;
	if ((error = pmo_repo__start_commit(&head, repo, rev)) < 0 || !head)
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
