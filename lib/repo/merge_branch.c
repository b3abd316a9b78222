/*
 * The merge pmo change merge makes (merging.h): libgit2's merge of the two
 * trees, then pmo's merge of the files it merges by ID wherever both sides
 * changed them, git's conflict or not (git's line merge can join two edits
 * of one task into a task with two durations). What stays conflicted is
 * reported and refused; nothing moves until the caller checked the commit.
 */
#include "repo/git.h"
#include "repo/hooks.h"
#include "repo/internal.h"
#include "repo/merging.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fs.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int pmo_strv_push(char ***v, char *s)
{
	size_t n = 0;
	char **nv;

	while (*v && (*v)[n])
		n++;
	if (!s || !(nv = realloc(*v, (n + 2) * sizeof(*nv)))) {
		free(s);
		return pmo_error_set_oom();
	}
	nv[n] = s;
	nv[n + 1] = NULL;
	*v = nv;
	return 0;
}

void pmo_repo_merge_report_free(pmo_repo_merge_report *r)
{
	if (!r)
		return;
	pmo_strv_free(r->added_both);
	pmo_strv_free(r->conflicts);
	pmo_buf_free(&r->why);
	memset(r, 0, sizeof(*r));
}

/* path relative to the pmo tree, or NULL when it is outside */
static const char *inside(const pmo_repo *repo, const char *path)
{
	size_t l = strlen(repo->prefix);

	return strncmp(path, repo->prefix, l) ? NULL : path + l;
}

static int blob_text(pmo_buf *out, git_repository *git, const git_oid *id)
{
	git_blob *b = NULL;
	int e, error;

	if ((e = git_blob_lookup(&b, git, id)) < 0)
		return pmo_repo__git_error(e, "cannot read a file to merge");
	error = pmo_buf_put(out, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b));
	git_blob_free(b);
	return error < 0 ? pmo_error_set_oom() : 0;
}

/* A file both sides changed, and its three versions (NULL: absent). */
typedef struct {
	char *path;
	git_oid id[3];
	int has[3];
	int conflicted;
	unsigned mode;
} candidate;

static int tree_id(git_oid *out, int *has, git_tree *tree, const char *path)
{
	git_tree_entry *te = NULL;
	int e;

	*has = 0;
	if (!tree)
		return 0;
	if ((e = git_tree_entry_bypath(&te, tree, path)) == GIT_ENOTFOUND) {
		git_error_clear();
		return 0;
	}
	if (e < 0)
		return pmo_repo__git_error(e, path);
	if (git_tree_entry_type(te) == GIT_OBJECT_BLOB) {
		git_oid_cpy(out, git_tree_entry_id(te));
		*has = 1;
	}
	git_tree_entry_free(te);
	return 0;
}

static int add_candidate(candidate **v, size_t *n, const char *path)
{
	candidate *nv = realloc(*v, (*n + 1) * sizeof(*nv));

	if (!nv)
		return pmo_error_set_oom();
	*v = nv;
	memset(&nv[*n], 0, sizeof(nv[*n]));
	if (!(nv[*n].path = strdup(path)))
		return pmo_error_set_oom();
	(*n)++;
	return 0;
}

/* The files the merger wants that both sides changed: git's conflicts and
 * the files git merged line by line. */
static int candidates(candidate **out, size_t *n, pmo_repo *repo, git_index *idx, git_tree *t[3],
		      const pmo_repo_merger *m)
{
	git_index_conflict_iterator *it = NULL;
	const git_index_entry *c[3];
	size_t i, count = git_index_entrycount(idx);
	int e, error = 0, k;

	if ((e = git_index_conflict_iterator_new(&it, idx)) < 0)
		return pmo_repo__git_error(e, "cannot read the merge's conflicts");
	while (!error && git_index_conflict_next(&c[0], &c[1], &c[2], it) == 0) {
		const char *path = (c[1] ? c[1] : c[2] ? c[2] : c[0])->path, *rel = inside(repo, path);
		if (!rel || !c[1] || !c[2] || !m->wants(rel, m->payload))
			continue;
		if ((error = add_candidate(out, n, path)) < 0)
			break;
		for (k = 0; k < 3; k++)
			if (((*out)[*n - 1].has[k] = c[k] != NULL))
				git_oid_cpy(&(*out)[*n - 1].id[k], &c[k]->id);
		(*out)[*n - 1].conflicted = 1;
		(*out)[*n - 1].mode = c[1]->mode;
	}
	git_index_conflict_iterator_free(it);
	git_error_clear();
	for (i = 0; i < count && !error; i++) {
		const git_index_entry *x = git_index_get_byindex(idx, i);
		const char *rel = inside(repo, x->path);
		candidate cand;

		if (GIT_INDEX_ENTRY_STAGE(x) || !rel || !m->wants(rel, m->payload))
			continue;
		memset(&cand, 0, sizeof(cand));
		for (k = 0; k < 3 && !error; k++)
			error = tree_id(&cand.id[k], &cand.has[k], t[k], x->path);
		if (error || !cand.has[0] || !cand.has[1] || !cand.has[2] ||
		    git_oid_equal(&cand.id[0], &cand.id[1]) || git_oid_equal(&cand.id[0], &cand.id[2]) ||
		    git_oid_equal(&cand.id[1], &cand.id[2]))
			continue;
		if ((error = add_candidate(out, n, x->path)) < 0)
			break;
		memcpy((*out)[*n - 1].id, cand.id, sizeof(cand.id));
		memcpy((*out)[*n - 1].has, cand.has, sizeof(cand.has));
		(*out)[*n - 1].mode = x->mode;
	}
	return error;
}

/* The merger's merge of each candidate, written into idx when clean. */
static int run_merger(pmo_repo_merge_report *rep, pmo_repo *repo, git_index *idx, git_tree *t[3],
		      const pmo_repo_merger *m)
{
	candidate *cs = NULL;
	size_t n = 0, i;
	int error, k;

	error = candidates(&cs, &n, repo, idx, t, m);
	for (i = 0; i < n && !error; i++) {
		pmo_buf text[3] = { PMO_BUF_INIT, PMO_BUF_INIT, PMO_BUF_INIT }, out = PMO_BUF_INIT;
		const char *rel = inside(repo, cs[i].path);
		git_index_entry entry;
		int r = 0, e;

		for (k = 0; k < 3 && !error; k++)
			if (cs[i].has[k])
				error = blob_text(&text[k], repo->git, &cs[i].id[k]);
		if (!error)
			r = error = m->merge(&out, &rep->why, rel, &text[0], &text[1], &text[2], m->payload);
		if (r == 0) {
			memset(&entry, 0, sizeof(entry));
			entry.mode = cs[i].mode;
			entry.path = cs[i].path;
			if (cs[i].conflicted && (e = git_index_conflict_remove(idx, cs[i].path)) < 0)
				error = pmo_repo__git_error(e, "cannot record the merged file");
			else if ((e = git_blob_create_from_buffer(&entry.id, repo->git, out.ptr ? out.ptr : "",
								  out.len)) < 0 ||
				 (e = git_index_add(idx, &entry)) < 0)
				error = pmo_repo__git_error(e, "cannot record the merged file");
		} else if (r == 1 && !cs[i].conflicted) {
			error = pmo_strv_push(&rep->conflicts, strdup(rel));
		}
		if (error > 0)
			error = 0;
		for (k = 0; k < 3; k++)
			pmo_buf_free(&text[k]);
		pmo_buf_free(&out);
	}
	for (i = 0; i < n; i++)
		free(cs[i].path);
	free(cs);
	return error;
}

/* The conflicts idx keeps, into rep. */
static int report_conflicts(pmo_repo_merge_report *rep, pmo_repo *repo, git_index *idx)
{
	git_index_conflict_iterator *it = NULL;
	const git_index_entry *anc, *ours, *theirs;
	int e, error = 0;

	if ((e = git_index_conflict_iterator_new(&it, idx)) < 0)
		return pmo_repo__git_error(e, "cannot read the merge's conflicts");
	while (!error && git_index_conflict_next(&anc, &ours, &theirs, it) == 0) {
		const char *path = (ours ? ours : theirs ? theirs : anc)->path;
		const char *rel = inside(repo, path);
		if (!rel)
			rel = path;
		error = pmo_strv_push(&rep->conflicts, strdup(rel));
		if (!error && !anc && ours && theirs)
			error = pmo_strv_push(&rep->added_both, strdup(rel));
	}
	git_index_conflict_iterator_free(it);
	git_error_clear();
	return error;
}

static int commit_tree(git_tree **out, const git_commit *c)
{
	int e = git_commit_tree(out, c);

	return e < 0 ? pmo_repo__git_error(e, "cannot read a commit's tree") : 0;
}

/* into and from merged in memory, content's tree standing for from's. */
static int merged_index(git_index **out, pmo_repo_merge_report *rep, pmo_repo *repo,
			git_commit *ours, git_commit *theirs, const char *content,
			const pmo_repo_merger *m)
{
	git_commit *base = NULL, *alt = NULL;
	git_tree *t[3] = { NULL, NULL, NULL };
	git_oid base_id;
	int e, error = 0, k;

	memset(rep, 0, sizeof(*rep));
	e = git_merge_base(&base_id, repo->git, git_commit_id(ours), git_commit_id(theirs));
	if (e == 0) {
		if ((e = git_commit_lookup(&base, repo->git, &base_id)) < 0) {
			error = pmo_repo__git_error(e, "cannot read the merge base");
			goto done;
		}
		if ((error = commit_tree(&t[0], base)) < 0)
			goto done;
	} else if (e != GIT_ENOTFOUND) {
		error = pmo_repo__git_error(e, "cannot find the merge base");
		goto done;
	}
	git_error_clear();
	if (content && (error = pmo_repo__commit_of(&alt, repo->git, content)) < 0)
		goto done;
	if ((error = commit_tree(&t[1], ours)) < 0 ||
	    (error = commit_tree(&t[2], alt ? alt : theirs)) < 0)
		goto done;
	if ((e = git_merge_trees(out, repo->git, t[0], t[1], t[2], NULL)) < 0) {
		error = pmo_repo__git_error(e, "cannot merge");
		goto done;
	}
	if (m && (error = run_merger(rep, repo, *out, t, m)) < 0)
		goto done;
	error = report_conflicts(rep, repo, *out);
done:
	for (k = 0; k < 3; k++)
		git_tree_free(t[k]);
	git_commit_free(base);
	git_commit_free(alt);
	if (error < 0) {
		git_index_free(*out);
		*out = NULL;
		pmo_repo_merge_report_free(rep);
	}
	return error;
}

int pmo_repo_merge_try(pmo_repo_merge_report *out, pmo_repo *repo, const char *into,
		       const char *from, const char *content, const pmo_repo_merger *m)
{
	git_commit *ours = NULL, *theirs = NULL;
	git_index *idx = NULL;
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = pmo_repo__commit_of(&ours, repo->git, into)) == 0 &&
	    (error = pmo_repo__commit_of(&theirs, repo->git, from)) == 0)
		error = merged_index(&idx, out, repo, ours, theirs, content, m);
	git_index_free(idx);
	git_commit_free(ours);
	git_commit_free(theirs);
	return error;
}

/* PMO_ECONFLICT naming what stays conflicted */
static int conflict_error(const pmo_repo_merge_report *rep, const char *into, const char *from)
{
	pmo_buf names = PMO_BUF_INIT;
	size_t i;
	int error;

	for (i = 0; rep->conflicts[i]; i++)
		pmo_buf_printf(&names, "%s%s", i ? ", " : "", rep->conflicts[i]);
	if (rep->why.len) {
		/* the merger's lines joined as one: "(a; b)" */
		const char *p = rep->why.ptr, *end = p + rep->why.len;
		pmo_buf_puts(&names, " (");
		while (p < end) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
			pmo_buf_printf(&names, "%s%.*s", p == rep->why.ptr ? "" : "; ", (int)l, p);
			p = nl ? nl + 1 : end;
		}
		pmo_buf_putc(&names, ')');
	}
	error = pmo_buf_oom(&names) < 0
			? PMO_ENOMEM
			: pmo_error_set(PMO_ECONFLICT, "%s and %s both changed %s; nothing merged: merge "
				        "%s into %s with git, resolve, commit, and merge the change again",
				        into, from, pmo_buf_cstr(&names), into, from);
	pmo_buf_free(&names);
	return error;
}

/* The index git merge leaves for its hooks (the merged tree), in
 * .git/next-index-<pid>.lock (absolute, a new string). */
static int merge_hook_index(char **out, pmo_repo *repo, const git_tree *tree)
{
	git_index *index = NULL;
	pmo_buf path = PMO_BUF_INIT;
	int e, error;

	*out = NULL;
	pmo_buf_printf(&path, "%snext-index-%ld.lock", git_repository_path(repo->git), (long)getpid());
	if ((error = pmo_buf_oom(&path)) < 0)
		return error;
	unlink(path.ptr);
	if ((e = git_index_open(&index, path.ptr)) < 0 || (e = git_index_read_tree(index, tree)) < 0 ||
	    (e = git_index_write(index)) < 0) {
		error = pmo_repo__git_error(e, "cannot write the index for the hooks");
		unlink(path.ptr);
	} else {
		*out = pmo_buf_detach(&path);
	}
	git_index_free(index);
	pmo_buf_free(&path);
	return error;
}

/* The merge commit as git merge writes it: its hooks in git's order
 * (pre-merge-commit with the merged index, prepare-commit-msg .git/MERGE_MSG
 * merge, commit-msg; --no-verify skips the first and the last; a hook
 * that exits non-zero stops the merge), then the commit object, signed
 * when commit.gpgSign says so, as git merge signs. No ref moves. */
static int commit_merge(git_oid *out, pmo_repo *repo, const git_signature *author,
			const git_signature *committer, const char *message, const git_tree *tree,
			const git_commit **parents)
{
	git_config *cfg = NULL;
	git_buf msg = { NULL, 0, 0 };
	pmo_hooks hooks;
	pmo_hook_env env;
	pmo_buf file = PMO_BUF_INIT;
	char *index_path = NULL;
	git_oid after;
	int e, error, sign = 0;
	unsigned skip = PMO_HOOKS_OF_COMMIT | (1u << PMO_HOOK_POST_MERGE);

	memset(&hooks, 0, sizeof(hooks));
	memset(&env, 0, sizeof(env));
	if ((e = git_message_prettify(&msg, message, 0, '#')) < 0) {
		error = pmo_repo__git_error(e, "bad commit message");
		goto done;
	}
	if ((e = git_repository_config_snapshot(&cfg, repo->git)) < 0) {
		error = pmo_repo__git_error(e, "cannot read the git configuration");
		goto done;
	}
	if (!(repo->commit_flags & PMO_COMMIT_NO_GPG_SIGN) && (error = pmo_repo__sign_wanted(&sign, cfg)) < 0)
		goto done;
	if (repo->commit_flags & PMO_COMMIT_NO_VERIFY)
		skip |= (1u << PMO_HOOK_PRE_MERGE_COMMIT) | (1u << PMO_HOOK_COMMIT_MSG);
	if ((error = pmo_hooks_find(&hooks, repo, cfg, skip)) < 0)
		goto done;
	if (hooks.any) {
		if ((error = pmo_hook_env_init(&env, repo, author)) < 0 ||
		    (error = merge_hook_index(&index_path, repo, tree)) < 0 ||
		    (error = pmo_hook_env_index(&env, index_path)) < 0)
			goto done;
		if (hooks.path[PMO_HOOK_PRE_MERGE_COMMIT]) {
			if ((error = pmo_hooks_check(repo, &hooks, PMO_HOOK_PRE_MERGE_COMMIT, NULL, NULL, &env)) < 0 ||
			    (error = pmo_hooks_index_tree(&after, repo, index_path)) < 0)
				goto done;
			if (!git_oid_equal(&after, git_tree_id(tree))) {
				error = pmo_error_set(PMO_ECONFLICT,
					"the pre-merge-commit hook changed the index (GIT_INDEX_FILE); pmo "
					"merges only the change, so nothing was merged");
				goto done;
			}
		}
		error = pmo_hooks_message(&msg, repo, &hooks, &env, "MERGE_MSG", "merge");
		/* git removes MERGE_MSG once the merge is committed */
		if (hooks.path[PMO_HOOK_PREPARE_COMMIT_MSG] || hooks.path[PMO_HOOK_COMMIT_MSG]) {
			pmo_buf_printf(&file, "%sMERGE_MSG", git_repository_path(repo->git));
			if (!pmo_buf_oom(&file))
				unlink(file.ptr);
		}
		if (error < 0)
			goto done;
	}
	if ((error = pmo_repo__commit_create(out, repo, author, committer, msg.ptr, tree, 2, parents,
					     sign ? cfg : NULL)) < 0)
		goto done;
done:
	if (index_path) {
		unlink(index_path);
		free(index_path);
	}
	pmo_hooks_free(&hooks);
	pmo_hook_env_release(&env);
	pmo_buf_free(&file);
	git_buf_dispose(&msg);
	git_config_free(cfg);
	return error;
}

int pmo_repo_merge_make(char out[static 41], pmo_repo *repo, const char *into, const char *from,
			const char *content, const pmo_repo_merger *m, const char *path,
			const char *data, size_t len, const char *message)
{
	git_commit *ours = NULL, *theirs = NULL;
	git_index *idx = NULL;
	git_tree *tree = NULL;
	git_signature *author = NULL, *committer = NULL;
	git_index_entry entry;
	git_oid tree_id, id;
	pmo_repo_merge_report rep;
	char *full = NULL;
	int e, error;

	memset(&rep, 0, sizeof(rep));
	if ((error = pmo_repo__commit_of(&ours, repo->git, into)) < 0 ||
	    (error = pmo_repo__commit_of(&theirs, repo->git, from)) < 0 ||
	    (error = merged_index(&idx, &rep, repo, ours, theirs, content, m)) < 0)
		goto done;
	if (rep.conflicts) {
		error = conflict_error(&rep, into, from);
		goto done;
	}
	if (!(full = pmo_repo__path(repo, path))) {
		error = PMO_ENOMEM;
		goto done;
	}
	memset(&entry, 0, sizeof(entry));
	entry.mode = GIT_FILEMODE_BLOB;
	entry.path = full;
	if ((e = git_blob_create_from_buffer(&entry.id, repo->git, data, len)) < 0 ||
	    (e = git_index_add(idx, &entry)) < 0 ||
	    (e = git_index_write_tree_to(&tree_id, idx, repo->git)) < 0 ||
	    (e = git_tree_lookup(&tree, repo->git, &tree_id)) < 0) {
		error = pmo_repo__git_error(e, "cannot write the merged tree");
		goto done;
	}
	if ((error = pmo_repo_signatures(&author, &committer, repo)) < 0)
		goto done;
	{
		const git_commit *parents[2] = { ours, theirs };
		if ((error = commit_merge(&id, repo, author, committer, message, tree, parents)) < 0)
			goto done;
	}
	git_oid_tostr(out, 41, &id);
done:
	pmo_repo_merge_report_free(&rep);
	free(full);
	git_signature_free(author);
	git_signature_free(committer);
	git_tree_free(tree);
	git_index_free(idx);
	git_commit_free(ours);
	git_commit_free(theirs);
	return error;
}

int pmo_repo_derive(char out[static 41], pmo_repo *repo, const char *rev,
		    const pmo_repo_file *files, size_t n)
{
	git_commit *c = NULL;
	git_tree *tree = NULL, *made = NULL;
	git_index *idx = NULL;
	git_signature *author = NULL, *committer = NULL;
	git_oid tid, id;
	size_t i;
	int e = 0, error;

	if ((error = pmo_repo__commit_of(&c, repo->git, rev)) < 0 ||
	    (error = commit_tree(&tree, c)) < 0)
		goto done;
	if ((e = git_index_new(&idx)) < 0 || (e = git_index_read_tree(idx, tree)) < 0)
		goto git;
	for (i = 0; i < n; i++) {
		char *full = pmo_repo__path(repo, files[i].path);
		git_index_entry entry;

		if (!full) {
			error = PMO_ENOMEM;
			goto done;
		}
		memset(&entry, 0, sizeof(entry));
		entry.mode = GIT_FILEMODE_BLOB;
		entry.path = full;
		if (!files[i].data)
			e = git_index_remove(idx, full, 0);
		else if ((e = git_blob_create_from_buffer(&entry.id, repo->git, files[i].data,
							  files[i].len)) == 0)
			e = git_index_add(idx, &entry);
		if (e == GIT_ENOTFOUND && !files[i].data)
			e = 0;
		free(full);
		if (e < 0)
			goto git;
	}
	if ((e = git_index_write_tree_to(&tid, idx, repo->git)) < 0 ||
	    (e = git_tree_lookup(&made, repo->git, &tid)) < 0)
		goto git;
	if ((error = pmo_repo_signatures(&author, &committer, repo)) < 0)
		goto done;
	{
		const git_commit *parents[1] = { c };
		if ((e = git_commit_create(&id, repo->git, NULL, author, committer, NULL,
					   "pmo: the change's content as it is merged\n", made, 1,
					   parents)) < 0)
			goto git;
	}
	git_oid_tostr(out, 41, &id);
	goto done;
git:
	error = pmo_repo__git_error(e, "cannot write the change's renumbered content");
done:
	git_signature_free(author);
	git_signature_free(committer);
	git_tree_free(made);
	git_tree_free(tree);
	git_index_free(idx);
	git_commit_free(c);
	return error;
}

int pmo_repo_index_conflicts(pmo_repo_merge_report *out, pmo_repo *repo)
{
	git_index *idx = NULL;
	int e, error;

	memset(out, 0, sizeof(*out));
	if ((e = git_repository_index(&idx, repo->git)) < 0 || (e = git_index_read(idx, 1)) < 0) {
		git_index_free(idx);
		return pmo_repo__git_error(e, "cannot read the index");
	}
	if ((error = report_conflicts(out, repo, idx)) < 0)
		pmo_repo_merge_report_free(out);
	git_index_free(idx);
	return error;
}

int pmo_repo_stage(pmo_repo *repo, const char *const *paths, size_t n)
{
	git_index *idx = NULL;
	size_t i;
	int e = 0, error = 0;

	if (!repo->root)
		return pmo_error_set(PMO_EINVALID, "a bare repository has no worktree to stage");
	if ((e = git_repository_index(&idx, repo->git)) < 0 || (e = git_index_read(idx, 1)) < 0)
		goto git;
	for (i = 0; i < n; i++) {
		char *full = pmo_repo__path(repo, paths[i]);
		char *at = full ? pmo_path_join(repo->root, paths[i]) : NULL;

		if (!at) {
			free(full);
			error = pmo_error_set_oom();
			goto done;
		}
		if (access(at, F_OK) == 0)
			e = git_index_add_bypath(idx, full);
		else
			e = git_index_remove_bypath(idx, full);
		free(full);
		free(at);
		if (e < 0)
			goto git;
	}
	if ((e = git_index_write(idx)) < 0)
		goto git;
	goto done;
git:
	error = pmo_repo__git_error(e, "cannot stage the resolved files");
done:
	git_index_free(idx);
	return error;
}
