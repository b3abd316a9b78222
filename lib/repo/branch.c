/*
 * Branches for change requests (branch.h): the current branch, the
 * change/ branches, switching the worktree as git switch does, a branch's
 * content without its change request's file, the commits of a branch, and
 * moving a branch to the merge commit pmo change merge made
 * (merge_branch.c makes it).
 */
#include "repo/branch.h"
#include "repo/hooks.h"
#include "repo/internal.h"
#include "util/buf.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

int pmo_repo_branch_current(char **out, pmo_repo *repo)
{
	git_reference *head = NULL;
	int e, error = 0;

	if ((e = git_repository_head_detached(repo->git)) == 1)
		return pmo_error_set(PMO_ECONFLICT, "HEAD is detached; switch to a branch first");
	e = git_repository_head(&head, repo->git);
	if (e == GIT_EUNBORNBRANCH)
		return pmo_error_set(PMO_ECONFLICT, "the branch has no commit yet");
	if (e < 0)
		return pmo_repo__git_error(e, "cannot read HEAD");
	if (!(*out = strdup(git_reference_shorthand(head))))
		error = pmo_error_set_oom();
	git_reference_free(head);
	return error;
}

int pmo_repo_branch_exists(pmo_repo *repo, const char *name)
{
	git_reference *ref = NULL;
	int e = git_branch_lookup(&ref, repo->git, name, GIT_BRANCH_LOCAL);

	git_reference_free(ref);
	if (e == GIT_ENOTFOUND || e == GIT_EINVALIDSPEC) {
		git_error_clear();
		return 0;
	}
	return e < 0 ? pmo_repo__git_error(e, name) : 1;
}

static int by_bytes(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int pmo_repo_branch_list(char ***out, pmo_repo *repo, const char *prefix)
{
	git_branch_iterator *it = NULL;
	git_reference *ref = NULL;
	git_branch_t type;
	char **v = NULL, **nv;
	size_t n = 0, plen = strlen(prefix);
	int e, error = 0;

	if (!(v = calloc(1, sizeof(*v))))
		return pmo_error_set_oom();
	if ((e = git_branch_iterator_new(&it, repo->git, GIT_BRANCH_LOCAL)) < 0) {
		error = pmo_repo__git_error(e, "cannot list the branches");
		goto done;
	}
	while ((e = git_branch_next(&ref, &type, it)) == 0) {
		const char *name = NULL;
		if (git_branch_name(&name, ref) == 0 && !strncmp(name, prefix, plen)) {
			if (!(nv = realloc(v, (n + 2) * sizeof(*v))) || !(nv[n] = strdup(name))) {
				if (nv)
					v = nv;
				git_reference_free(ref);
				error = pmo_error_set_oom();
				goto done;
			}
			v = nv;
			v[++n] = NULL;
		}
		git_reference_free(ref);
	}
	if (e != GIT_ITEROVER) {
		error = pmo_repo__git_error(e, "cannot list the branches");
		goto done;
	}
	git_error_clear();
	qsort(v, n, sizeof(*v), by_bytes);
done:
	git_branch_iterator_free(it);
	if (error < 0)
		pmo_strv_free(v);
	else
		*out = v;
	return error;
}

int pmo_repo_rev_id(char out[static 41], pmo_repo *repo, const char *rev)
{
	git_commit *c = NULL;
	int error;

	if ((error = pmo_repo__commit_of(&c, repo->git, rev)) < 0)
		return error;
	git_oid_tostr(out, 41, git_commit_id(c));
	git_commit_free(c);
	return 0;
}

/* PMO_ECONFLICT naming the tracked files that differ from HEAD */
static int check_worktree_clean(pmo_repo *repo)
{
	git_status_options so;
	git_status_list *list = NULL;
	pmo_buf names = PMO_BUF_INIT;
	size_t i, n;
	int e, error = 0;

	git_status_options_init(&so, GIT_STATUS_OPTIONS_VERSION);
	so.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	so.flags = GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
	if ((e = git_status_list_new(&list, repo->git, &so)) < 0)
		return pmo_repo__git_error(e, "cannot read the worktree's status");
	n = git_status_list_entrycount(list);
	for (i = 0; i < n && i < 3; i++) {
		const git_status_entry *s = git_status_byindex(list, i);
		const git_diff_delta *d = s->index_to_workdir ? s->index_to_workdir : s->head_to_index;
		pmo_buf_printf(&names, "%s%s", i ? ", " : "", d ? d->new_file.path : "?");
	}
	if (n > 3)
		pmo_buf_printf(&names, " and %zu more", n - 3);
	if (pmo_buf_oom(&names) < 0)
		error = -1;
	else if (n)
		error = pmo_error_set(PMO_ECONFLICT, "your worktree has uncommitted changes (%s); commit "
				      "or stash them first", pmo_buf_cstr(&names));
	pmo_buf_free(&names);
	git_status_list_free(list);
	return error;
}

/* The worktree, the index and HEAD to the commit id on branch (full ref
 * name); files changed in the worktree are never overwritten. */
static int checkout_branch(pmo_repo *repo, const git_oid *id, const char *refname)
{
	git_checkout_options co;
	git_commit *c = NULL;
	int e, error = 0;

	git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
	co.checkout_strategy = GIT_CHECKOUT_SAFE;
	if ((e = git_commit_lookup(&c, repo->git, id)) < 0)
		return pmo_repo__git_error(e, "cannot read the commit");
	if ((e = git_checkout_tree(repo->git, (const git_object *)c, &co)) < 0 ||
	    (e = git_repository_set_head(repo->git, refname)) < 0)
		error = pmo_repo__git_error(e, "cannot switch the worktree");
	git_commit_free(c);
	return error;
}

int pmo_repo_switch(pmo_repo *repo, const char *branch, int create)
{
	git_reference *ref = NULL;
	git_commit *head = NULL;
	int e, error = 0;

	if (repo->bare)
		return pmo_error_set(PMO_ECONFLICT, "a bare repository has no worktree to switch");
	if ((error = check_worktree_clean(repo)) < 0)
		return error;
	if (create) {
		if ((error = pmo_repo__head_commit(&head, repo->git)) < 0)
			return error;
		if (!head)
			return pmo_error_set(PMO_ECONFLICT, "the branch has no commit yet");
		e = git_branch_create(&ref, repo->git, branch, head, 0);
		if (e == GIT_EEXISTS) {
			git_error_clear();
			error = pmo_error_set(PMO_EEXISTS, "a branch named \"%s\" already exists", branch);
			goto done;
		}
	} else {
		e = git_branch_lookup(&ref, repo->git, branch, GIT_BRANCH_LOCAL);
		if (e == GIT_ENOTFOUND) {
			git_error_clear();
			error = pmo_error_set(PMO_ENOTFOUND, "there is no branch \"%s\"", branch);
			goto done;
		}
	}
	if (e < 0) {
		error = pmo_repo__git_error(e, branch);
		goto done;
	}
	error = checkout_branch(repo, git_reference_target(ref), git_reference_name(ref));
done:
	git_reference_free(ref);
	git_commit_free(head);
	return error;
}

int pmo_repo_tree_without(char out[static 41], pmo_repo *repo, const char *rev, const char *path)
{
	git_commit *c = NULL;
	git_tree *tree = NULL;
	git_index *idx = NULL;
	git_oid id;
	char *full = NULL;
	int e, error;

	if ((error = pmo_repo__commit_of(&c, repo->git, rev)) < 0)
		return error;
	if (!(full = pmo_repo__path(repo, path))) {
		error = PMO_ENOMEM;
		goto done;
	}
	if ((e = git_commit_tree(&tree, c)) < 0 || (e = git_index_new(&idx)) < 0 ||
	    (e = git_index_read_tree(idx, tree)) < 0) {
		error = pmo_repo__git_error(e, "cannot read the tree");
		goto done;
	}
	git_index_remove(idx, full, 0);
	git_error_clear();
	if ((e = git_index_write_tree_to(&id, idx, repo->git)) < 0) {
		error = pmo_repo__git_error(e, "cannot write the tree");
		goto done;
	}
	git_oid_tostr(out, 41, &id);
done:
	free(full);
	git_index_free(idx);
	git_tree_free(tree);
	git_commit_free(c);
	return error;
}

/* The id git would give the tree `have` with the entry named by
 * comp[0..n) left out (a folder that loses its only entry left out too):
 * each changed level serialised as git writes a tree and hashed, nothing
 * written, so the answer does not depend on the tree an approval wrote
 * still being in the object store (git gc prunes it). *empty when the
 * result holds nothing. */
static int hash_without(git_oid *out, int *empty, git_repository *git, const git_tree *have, char **comp,
			size_t n)
{
	const git_tree_entry *te;
	git_tree *sub = NULL;
	git_oid id;
	pmo_buf b = PMO_BUF_INIT;
	size_t i, count = 0;
	int e, error = 0, sub_empty;

	for (i = 0; i < git_tree_entrycount(have); i++) {
		const git_oid *eid;
		te = git_tree_entry_byindex(have, i);
		eid = git_tree_entry_id(te);
		if (!strcmp(git_tree_entry_name(te), comp[0])) {
			if (n == 1 || git_tree_entry_type(te) != GIT_OBJECT_TREE)
				continue; /* the file itself is left out */
			if ((e = git_tree_lookup(&sub, git, eid)) < 0) {
				error = pmo_repo__git_error(e, "cannot read a folder");
				goto done;
			}
			error = hash_without(&id, &sub_empty, git, sub, comp + 1, n - 1);
			git_tree_free(sub);
			sub = NULL;
			if (error < 0)
				goto done;
			if (sub_empty)
				continue;
			eid = &id;
		}
		pmo_buf_printf(&b, "%o %s", (unsigned)git_tree_entry_filemode(te), git_tree_entry_name(te));
		pmo_buf_putc(&b, '\0');
		pmo_buf_put(&b, (const char *)eid->id, GIT_OID_RAWSZ);
		count++;
	}
	if ((error = pmo_buf_oom(&b)) < 0)
		goto done;
	*empty = count == 0;
	if ((e = git_odb_hash(out, b.ptr ? b.ptr : "", b.len, GIT_OBJECT_TREE)) < 0)
		error = pmo_repo__git_error(e, "cannot hash a tree");
done:
	pmo_buf_free(&b);
	return error;
}

int pmo_repo_tree_is_without(int *out, pmo_repo *repo, const char *rev, const char *path,
			     const char *tree)
{
	git_commit *c = NULL;
	git_tree *have = NULL;
	git_oid id, want;
	char *full = NULL, *p, *save = NULL, **comp = NULL;
	size_t n = 0, cap = 1;
	int e, error, empty;

	*out = 0;
	if (strlen(tree) != GIT_OID_HEXSZ || git_oid_fromstr(&want, tree) < 0) {
		git_error_clear();
		return 0;
	}
	if ((error = pmo_repo__commit_of(&c, repo->git, rev)) < 0)
		return error;
	if (!(full = pmo_repo__path(repo, path))) {
		error = PMO_ENOMEM;
		goto done;
	}
	for (p = full; *p; p++)
		cap += *p == '/';
	if (!(comp = calloc(cap, sizeof(*comp)))) {
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
		goto done;
	}
	for (p = strtok_r(full, "/", &save); p; p = strtok_r(NULL, "/", &save))
		comp[n++] = p;
	if ((e = git_commit_tree(&have, c)) < 0) {
		error = pmo_repo__git_error(e, "cannot read the tree");
		goto done;
	}
	pmo_repo__trust_objects(1);
	if (n && (error = hash_without(&id, &empty, repo->git, have, comp, n)) == 0)
		*out = git_oid_equal(&id, &want);
	pmo_repo__trust_objects(0);
done:
	free(full);
	free(comp);
	git_tree_free(have);
	git_commit_free(c);
	return error;
}

static int same_entry(const git_tree_entry *a, const git_tree_entry *b)
{
	return a && b && git_oid_equal(git_tree_entry_id(a), git_tree_entry_id(b)) &&
	       git_tree_entry_filemode(a) == git_tree_entry_filemode(b);
}

/* Whether the trees a and b (either NULL: absent) differ in anything but
 * the file comp[0]/.../comp[n-1]: 1, 0, or an error. Only the folders on
 * that path are read, so a commit costs a few tree reads, not a diff. */
static int differs_besides(git_repository *git, const git_tree *a, const git_tree *b, char **comp, size_t n)
{
	const git_tree_entry *ea, *eb;
	git_tree *sa = NULL, *sb = NULL;
	size_t i;
	int e, other;

	for (i = 0; b && i < git_tree_entrycount(b); i++) {
		eb = git_tree_entry_byindex(b, i);
		if (strcmp(git_tree_entry_name(eb), comp[0]) &&
		    !same_entry(a ? git_tree_entry_byname(a, git_tree_entry_name(eb)) : NULL, eb))
			return 1;
	}
	for (i = 0; a && i < git_tree_entrycount(a); i++) {
		ea = git_tree_entry_byindex(a, i);
		if (strcmp(git_tree_entry_name(ea), comp[0]) &&
		    !(b && git_tree_entry_byname(b, git_tree_entry_name(ea))))
			return 1;
	}
	ea = a ? git_tree_entry_byname(a, comp[0]) : NULL;
	eb = b ? git_tree_entry_byname(b, comp[0]) : NULL;
	if ((!ea && !eb) || same_entry(ea, eb))
		return 0;
	if (n == 1)
		return (ea && git_tree_entry_type(ea) != GIT_OBJECT_BLOB) ||
		       (eb && git_tree_entry_type(eb) != GIT_OBJECT_BLOB);
	if ((ea && git_tree_entry_type(ea) != GIT_OBJECT_TREE) || (eb && git_tree_entry_type(eb) != GIT_OBJECT_TREE))
		return 1;
	if ((ea && (e = git_tree_lookup(&sa, git, git_tree_entry_id(ea))) < 0) ||
	    (eb && (e = git_tree_lookup(&sb, git, git_tree_entry_id(eb))) < 0))
		other = pmo_repo__git_error(e, "cannot read a folder");
	else
		other = differs_besides(git, sa, sb, comp + 1, n - 1);
	git_tree_free(sa);
	git_tree_free(sb);
	return other;
}

/* Whether commit c changes a file other than skip (repository path, split
 * into its n components): 1, 0, or an error. */
static int changes_other(git_commit *c, char **comp, size_t n, pmo_repo *repo)
{
	git_commit *parent = NULL;
	git_tree *a = NULL, *b = NULL;
	int e, other;

	if (git_commit_parentcount(c) > 0 && (e = git_commit_parent(&parent, c, 0)) < 0)
		return pmo_repo__git_error(e, "cannot read a commit");
	if ((parent && (e = git_commit_tree(&a, parent)) < 0) || (e = git_commit_tree(&b, c)) < 0)
		other = pmo_repo__git_error(e, "cannot compare a commit with its parent");
	else
		other = differs_besides(repo->git, a, b, comp, n);
	git_tree_free(a);
	git_tree_free(b);
	git_commit_free(parent);
	return other;
}

/* ---- the commits of rev that base has not, as git rev-list base..rev ----
 *
 * Painted as git does: from both ends, newest first, each commit carrying
 * to its parents whether rev (IN) or base (OUT) reaches it, until no
 * commit only rev reaches is left to read. A change's branch and the
 * base's tip at its merge meet a few commits down, so this reads those
 * few commits, where libgit2's revwalk reads far deeper. */

#define IN 1u
#define OUT 2u

typedef struct {
	git_commit *c;
	unsigned flags, queued;
} rnode;

typedef struct {
	git_repository *git;
	rnode *v;
	size_t n, cap;
	size_t *slot, nslot; /* index + 1 of each commit by id, 0: empty */
} painting;

static size_t paint_find(const painting *p, const git_oid *id)
{
	size_t h, i;

	memcpy(&h, id->id, sizeof(h));
	for (i = h & (p->nslot - 1); p->slot[i]; i = (i + 1) & (p->nslot - 1))
		if (git_oid_equal(git_commit_id(p->v[p->slot[i] - 1].c), id))
			break;
	return i;
}

/* Give the commit id the flags (reading it when new); a commit whose
 * flags grow is read again from the queue. A parent a shallow clone
 * lacks is a root. */
static int paint_add(painting *p, const git_oid *id, unsigned flags)
{
	size_t i, k;
	git_commit *c;
	int e;

	if ((p->n + 1) * 2 > p->nslot) {
		size_t *old = p->slot, nold = p->nslot;
		p->nslot = nold ? nold * 2 : 64;
		if (!(p->slot = calloc(p->nslot, sizeof(*p->slot)))) {
			p->slot = old;
			p->nslot = nold;
			return pmo_error_set(PMO_ENOMEM, "out of memory");
		}
		for (k = 0; k < p->n; k++)
			p->slot[paint_find(p, git_commit_id(p->v[k].c))] = k + 1;
		free(old);
	}
	i = paint_find(p, id);
	if (p->slot[i]) {
		rnode *r = &p->v[p->slot[i] - 1];
		if (flags & ~r->flags) {
			r->flags |= flags;
			r->queued = 1;
		}
		return 0;
	}
	if ((e = git_commit_lookup(&c, p->git, id)) < 0) {
		if (e == GIT_ENOTFOUND) {
			git_error_clear();
			return 0;
		}
		return pmo_repo__git_error(e, "cannot read a commit");
	}
	if (p->n == p->cap) {
		rnode *v = realloc(p->v, (p->cap = p->cap ? 2 * p->cap : 64) * sizeof(*v));
		if (!v) {
			git_commit_free(c);
			return pmo_error_set(PMO_ENOMEM, "out of memory");
		}
		p->v = v;
	}
	p->v[p->n].c = c;
	p->v[p->n].flags = flags;
	p->v[p->n].queued = 1;
	p->slot[i] = ++p->n;
	return 0;
}

/* Paint until no queued commit is reached from rev alone and none queued
 * is newer than the oldest such commit read (a commit whose clock ran
 * ahead of its parents'). */
static int paint_walk(painting *p)
{
	git_time_t oldest_in = 0;
	size_t i, best;
	unsigned k;
	int error, any_in, have_in = 0;

	for (;;) {
		any_in = 0;
		best = p->n;
		for (i = 0; i < p->n; i++) {
			if (!p->v[i].queued)
				continue;
			any_in |= p->v[i].flags == IN;
			if (best == p->n || git_commit_time(p->v[i].c) > git_commit_time(p->v[best].c))
				best = i;
		}
		if (best == p->n ||
		    (!any_in && (!have_in || git_commit_time(p->v[best].c) < oldest_in)))
			return 0;
		p->v[best].queued = 0;
		if (p->v[best].flags == IN &&
		    (!have_in || git_commit_time(p->v[best].c) < oldest_in)) {
			oldest_in = git_commit_time(p->v[best].c);
			have_in = 1;
		}
		for (k = 0; k < git_commit_parentcount(p->v[best].c); k++)
			if ((error = paint_add(p, git_commit_parent_id(p->v[best].c, k), p->v[best].flags)) < 0)
				return error;
	}
}

static int oldest_first(const void *a, const void *b)
{
	const rnode *x = a, *y = b;
	git_time_t tx = git_commit_time(x->c), ty = git_commit_time(y->c);

	if (tx != ty)
		return tx < ty ? -1 : 1;
	return x > y ? -1 : x < y; /* found later: an ancestor, so older */
}

int pmo_repo_range(pmo_repo *repo, const char *base, const char *rev, const char *skip,
		   int (*cb)(const pmo_commit_info *c, void *payload), void *payload)
{
	painting p;
	git_commit *from = NULL, *hide = NULL;
	pmo_commit_info info;
	char *full = NULL, **comp = NULL, *s, *save = NULL;
	size_t i, n = 0, cap = 1, nin = 0;
	int error, trusted = 0;

	memset(&p, 0, sizeof(p));
	p.git = repo->git;
	if ((error = pmo_repo__commit_of(&from, repo->git, rev)) < 0 ||
	    (error = pmo_repo__commit_of(&hide, repo->git, base)) < 0)
		goto done;
	if (skip && !(full = pmo_repo__path(repo, skip))) {
		error = PMO_ENOMEM;
		goto done;
	}
	for (s = full; s && *s; s++)
		cap += *s == '/';
	if (full && !(comp = calloc(cap, sizeof(*comp)))) {
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
		goto done;
	}
	for (s = full ? strtok_r(full, "/", &save) : NULL; s; s = strtok_r(NULL, "/", &save))
		comp[n++] = s;
	/* the walk and each commit's folders read trusting the object store */
	pmo_repo__trust_objects(1);
	trusted = 1;
	error = paint_add(&p, git_commit_id(hide), OUT);
	if (!error)
		error = paint_add(&p, git_commit_id(from), IN);
	if (!error)
		error = paint_walk(&p);
	if (error < 0)
		goto done;
	/* the commits rev alone reaches, first in the array, oldest first */
	for (i = 0; i < p.n; i++) {
		if (p.v[i].flags == IN) {
			rnode t = p.v[nin];
			p.v[nin++] = p.v[i];
			p.v[i] = t;
		}
	}
	qsort(p.v, nin, sizeof(*p.v), oldest_first);
	for (i = 0; i < nin; i++) {
		if (n && (error = changes_other(p.v[i].c, comp, n, repo)) <= 0) {
			if (error < 0)
				goto done;
			continue;
		}
		pmo_repo_commit_info(&info, p.v[i].c);
		if ((error = cb(&info, payload)) != 0)
			goto done;
	}
done:
	if (trusted)
		pmo_repo__trust_objects(0);
	for (i = 0; i < p.n; i++)
		git_commit_free(p.v[i].c);
	free(p.v);
	free(p.slot);
	free(full);
	free(comp);
	git_commit_free(from);
	git_commit_free(hide);
	return error;
}

int pmo_repo_first_parents(int *met, pmo_repo *repo, const char *rev, const char *until,
			   int (*cb)(const pmo_commit_info *c, void *payload), void *payload)
{
	git_commit **v = NULL, *c = NULL, *parent;
	git_oid stop;
	pmo_commit_info info;
	size_t i, n = 0, cap = 0;
	int e, error;

	*met = 0;
	if ((e = git_oid_fromstr(&stop, until)) < 0)
		return pmo_repo__git_error(e, "not a commit id");
	if ((error = pmo_repo__commit_of(&c, repo->git, rev)) < 0)
		return error;
	pmo_repo__trust_objects(1);
	while (c) {
		if (n == cap) {
			git_commit **nv = realloc(v, (cap = cap ? 2 * cap : 16) * sizeof(*v));
			if (!nv) {
				git_commit_free(c);
				error = pmo_error_set(PMO_ENOMEM, "out of memory");
				goto done;
			}
			v = nv;
		}
		v[n++] = c;
		if (git_oid_equal(git_commit_id(c), &stop)) {
			*met = 1;
			break;
		}
		parent = NULL;
		/* a parent a shallow clone lacks: the line ends there */
		if (git_commit_parentcount(c) && git_commit_parent(&parent, c, 0) < 0)
			git_error_clear();
		c = parent;
	}
	for (i = 0; *met && i < n; i++) {
		pmo_repo_commit_info(&info, v[i]);
		if ((error = cb(&info, payload)) != 0)
			break;
	}
done:
	pmo_repo__trust_objects(0);
	for (i = 0; i < n; i++)
		git_commit_free(v[i]);
	free(v);
	return error;
}

/* git merge's post-merge hook, "0" (not a squash), once the merge is in
 * the worktree; its exit status is ignored, as git ignores it. */
static void post_merge(pmo_repo *repo)
{
	git_config *cfg = NULL;
	pmo_hooks hooks;
	int status;

	memset(&hooks, 0, sizeof(hooks));
	if (git_repository_config_snapshot(&cfg, repo->git) < 0 ||
	    pmo_hooks_find(&hooks, repo, cfg, ~(1u << PMO_HOOK_POST_MERGE)) < 0 ||
	    pmo_hooks_run(&status, repo, &hooks, PMO_HOOK_POST_MERGE, "0", NULL, NULL) < 0)
		pmo_error_clear();
	git_error_clear();
	pmo_hooks_free(&hooks);
	git_config_free(cfg);
}

int pmo_repo_merge_finish(pmo_repo *repo, const char *into, const char *old, const char *id)
{
	git_reference *ref = NULL;
	git_oid o, n;
	pmo_buf name = PMO_BUF_INIT, log = PMO_BUF_INIT;
	int e, error = 0;

	if (git_oid_fromstr(&o, old) < 0 || git_oid_fromstr(&n, id) < 0) {
		git_error_clear();
		return pmo_error_set(PMO_EINVALID, "not a commit id");
	}
	if ((error = check_worktree_clean(repo)) < 0)
		return error;
	pmo_buf_printf(&name, "refs/heads/%s", into);
	pmo_buf_printf(&log, "merge: pmo change merge into %s", into);
	if (pmo_buf_oom(&name) < 0 || pmo_buf_oom(&log) < 0) {
		error = PMO_ENOMEM;
		goto done;
	}
	e = git_reference_create_matching(&ref, repo->git, pmo_buf_cstr(&name), &n, 1, &o,
					  pmo_buf_cstr(&log));
	if (e == GIT_EMODIFIED) {
		git_error_clear();
		error = pmo_error_set(PMO_ECONFLICT, "%s moved while the change was merged; merge again", into);
		goto done;
	}
	if (e < 0) {
		error = pmo_repo__git_error(e, into);
		goto done;
	}
	if ((error = checkout_branch(repo, &n, pmo_buf_cstr(&name))) == 0)
		post_merge(repo);
done:
	git_reference_free(ref);
	pmo_buf_free(&name);
	pmo_buf_free(&log);
	return error;
}

int pmo_repo_author(char **name, char **email, pmo_repo *repo)
{
	git_signature *author = NULL, *committer = NULL;
	int error;

	if ((error = pmo_repo_signatures(&author, &committer, repo)) < 0)
		return error;
	*name = strdup(author->name);
	*email = strdup(author->email);
	if (!*name || !*email) {
		free(*name);
		free(*email);
		*name = *email = NULL;
		error = pmo_error_set_oom();
	}
	git_signature_free(author);
	git_signature_free(committer);
	return error;
}

pmo_repo *pmo_source_repo(const pmo_source *src)
{
	return src->repo;
}

const char *pmo_source_rev(const pmo_source *src)
{
	return src->worktree ? NULL : src->rev;
}

int pmo_repo_branch_delete(pmo_repo *repo, const char *name)
{
	git_reference *ref = NULL;
	int e;

	if ((e = git_branch_lookup(&ref, repo->git, name, GIT_BRANCH_LOCAL)) < 0 ||
	    (e = git_branch_delete(ref)) < 0) {
		git_reference_free(ref);
		return pmo_repo__git_error(e, name);
	}
	git_reference_free(ref);
	return 0;
}
