/*
 * The history of every file below a folder pattern (a "*" component stands
 * for every folder there), in one walk: each commit compared with its first
 * parent, folder by folder, and each file that differs told with its old
 * and new bytes.
 */
#include "repo/internal.h"
#include "repo/branch.h"
#include "repo/walk.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

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

static int files_walk(pmo_repo *repo, const char *rev, const char *pattern, pmo_history_file_cb cb,
		      void *payload, int names_only)
{
	pmo_commit_heap h = { NULL, NULL, 0, 0, 0 };
	pmo_oidset seen = { NULL, NULL, 0, 0 };
	pmo_oidset shallow = { NULL, NULL, 0, 0 };
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
	if ((error = pmo_repo__read_shallow(&shallow, repo->git)) < 0)
		goto done;
	if ((error = pmo_repo__start_commit(&head, repo, rev)) < 0 || !head)
		goto done;
	error = pmo_walk_enqueue(&h, &seen, head);
	head = NULL;
	if (error < 0)
		goto done;
	while (!w.stop && (c = pmo_commit_heap_pop(&h)) != NULL) {
		np = pmo_oidset_has(&shallow, git_commit_id(c)) ? 0 : git_commit_parentcount(c);
		for (i = 0; i < np; i++) {
			if ((e = git_commit_parent(&parent, c, i)) < 0) {
				error = pmo_repo__git_error(e, "cannot read a parent commit");
				goto done;
			}
			if (i == 0)
				git_oid_cpy(&ptree, git_commit_tree_id(parent));
			error = pmo_walk_enqueue(&h, &seen, parent);
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
	pmo_walk_free(&h, &seen, &shallow);
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
