/*
 * The change-approval rule of pmo validate: every approval entry of every
 * change request (projects/<KEY>/changes/CR-n.yaml), whatever its status,
 * was added by a commit whose author is that approver, and the requester
 * (the author of the file's first commit) is not among the approvers; with
 * `changes: {signed: true}` that commit carries a good signature (as git
 * verify-commit checks it) made by the approver. The history tells who
 * added each entry: the oldest commit whose version of the file has it and
 * whose first parent's has not. A requester who writes an approval by hand
 * and commits it is caught:
 *
 *   projects/CBM/changes/CR-1.yaml:14:5: error: approval by zhao-min was
 *   committed by wang.li@bank.example [change-approval]
 *
 * Speed: one walk of the history from the source's revision (HEAD for the
 * worktree) collects what every change request's file needs — who added
 * each approval, who created the file, which merge commit names it — so a
 * repository of a thousand changes over twenty thousand commits is walked
 * once, not once per change.
 */
#include "check/changes.h"
#include "model/change.h"
#include "repo/branch.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define RULE "change-approval"

int pmo_check__approval_key(pmo_buf *out, const pmo_node *a)
{
	const char *f[] = { "by", "decision", "date", "tree", "comment" };
	size_t i;

	pmo_buf_clear(out);
	for (i = 0; i < 5; i++) {
		const char *v = pmo_node_text(pmo_map_get(a, f[i]));
		pmo_buf_printf(out, "%s\x1f", v ? v : "");
	}
	return pmo_buf_oom(out);
}

static const pmo_node *approvals_of(pmo_doc **doc, const char *data, size_t len)
{
	const pmo_node *l;

	*doc = NULL;
	if (!data || pmo_yaml_load(doc, "change", data, len, NULL) < 0) {
		pmo_error_clear();
		return NULL;
	}
	l = pmo_map_get(pmo_doc_root(*doc), "approvals");
	return l && l->kind == PMO_NODE_SEQ ? l : NULL;
}

static int has_key(const pmo_node *list, pmo_buf *tmp, const char *key)
{
	size_t i;

	for (i = 0; list && i < list->n; i++)
		if (pmo_check__approval_key(tmp, list->items[i]) == 0 && !strcmp(tmp->ptr, key))
			return 1;
	return 0;
}

typedef struct {
	pmo_cr_history *v;      /* sorted by path */
	size_t n;
	pmo_buf k, tmp, trailer;
	pmo_cr_commits commits; /* what each commit changed besides a CR file */
} walk;

static int by_path(const void *a, const void *b)
{
	return strcmp(((const pmo_cr_history *)a)->path, ((const pmo_cr_history *)b)->path);
}

/* "Pmo-Change: CBM/CR-1" as a line of the message */
static int names_change(const char *msg, pmo_buf *t, const char *name)
{
	const char *p;
	size_t n;

	pmo_buf_clear(t);
	pmo_buf_printf(t, "Pmo-Change: %s", name);
	if (pmo_buf_oom(t) < 0)
		return 0;
	n = t->len;
	for (p = msg; (p = strstr(p, t->ptr)) != NULL; p += n)
		if ((p == msg || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\r' || !p[n]))
			return 1;
	return 0;
}

/* Whether data has the key approvals at the start of a line: a version
 * without it adds none and is not parsed. */
static int has_approvals(const char *data, size_t len)
{
	static const char key[] = "approvals:";
	size_t i, n = sizeof(key) - 1;

	for (i = 0; i + n <= len; i++)
		if ((i == 0 || data[i - 1] == '\n') && data[i] == 'a' && !memcmp(data + i, key, n))
			return 1;
	return 0;
}

static int note_added(pmo_cr_history *h, const char *key, const pmo_commit_info *c)
{
	size_t j;

	for (j = 0; j < h->nadded && strcmp(h->added[j].key, key); j++)
		;
	if (j == h->nadded) {
		pmo_cr_added *a = realloc(h->added, (h->nadded + 1) * sizeof(*a));
		if (!a)
			return pmo_error_set_oom();
		h->added = a;
		memset(&a[j], 0, sizeof(a[j]));
		if (!(a[j].key = strdup(key)))
			return pmo_error_set_oom();
		h->nadded++;
	}
	/* newest first: an older commit that adds the same entry replaces
	 * the author, so the oldest one is kept */
	free(h->added[j].author);
	if (!(h->added[j].author = strdup(c->author_email)))
		return pmo_error_set_oom();
	memcpy(h->added[j].id, c->id, sizeof(h->added[j].id));
	return 0;
}

static int on_file(const pmo_history_file *f, void *payload)
{
	walk *w = payload;
	pmo_cr_history key, *h;
	pmo_doc *od = NULL, *nd = NULL;
	const pmo_node *ol, *nl;
	size_t i;
	int error = 0;

	key.path = (char *)f->path;
	h = bsearch(&key, w->v, w->n, sizeof(*w->v), by_path);
	pmo_check__commits_file(&w->commits, f->commit->id, h ? (long)(h - w->v) : -1);
	if (!h)
		return 0;
	if (f->new_data && !h->last[0])
		memcpy(h->last, f->commit->id, sizeof(h->last));
	if (f->new_data && !f->old_data) {
		/* newest first: the oldest commit that created the file wins */
		memcpy(h->start, f->commit->id, sizeof(h->start));
		free(h->requester);
		if (!(h->requester = strdup(f->commit->author_email)))
			return pmo_error_set_oom();
	}
	if (f->second_parent && !h->merge[0] && names_change(f->message, &w->trailer, h->name)) {
		memcpy(h->merge, f->commit->id, sizeof(h->merge));
		memcpy(h->merged, f->second_parent, sizeof(h->merged));
	}
	if (!f->new_data || !has_approvals(f->new_data, f->new_len))
		return 0;
	ol = approvals_of(&od, f->old_data, f->old_len);
	nl = approvals_of(&nd, f->new_data, f->new_len);
	for (i = 0; !error && nl && i < nl->n; i++) {
		if ((error = pmo_check__approval_key(&w->k, nl->items[i])) < 0)
			break;
		if (!has_key(ol, &w->tmp, w->k.ptr))
			error = note_added(h, w->k.ptr, f->commit);
	}
	pmo_doc_free(od);
	pmo_doc_free(nd);
	return error;
}

static int on_commit(const pmo_history_commit *c, void *payload)
{
	walk *w = payload;

	return pmo_check__commits_end(&w->commits, c);
}

static void history_free(pmo_cr_history *h)
{
	size_t i;

	for (i = 0; i < h->nadded; i++) {
		free(h->added[i].key);
		free(h->added[i].author);
	}
	free(h->added);
	free(h->requester);
	free(h->path);
	free(h->name);
	pmo_doc_free(h->doc);
}

/* the email of people/<handle>.yaml, new string or NULL */
static char *email_of(pmo_source *src, const char *handle)
{
	pmo_doc *doc = pmo_check__person(src, handle);
	const char *e = doc ? pmo_node_text(pmo_map_get(pmo_doc_root(doc), "email")) : NULL;
	char *out = e ? strdup(e) : NULL;

	pmo_doc_free(doc);
	return out;
}

/* With signed: true, the commit that added the approval carries a good
 * signature by the approver; the problem into msg. */
static int check_signature(pmo_buf *msg, pmo_source *src, const char *by, const char *email,
			   const char *id)
{
	char *signer = NULL;
	int error;

	error = pmo_repo_verify_commit(&signer, pmo_source_repo(src), id);
	if (error == PMO_ENOMEM)
		return error;
	if (error < 0)
		pmo_buf_printf(msg, "approval by %s must be signed (changes: signed: true): %s", by,
			       pmo_error_last() ? pmo_error_last()->message : "no good signature");
	else if (!email || strcasecmp(signer, email))
		pmo_buf_printf(msg, "approval by %s was signed by %s, not by %s (commit %.7s)", by, signer,
			       email ? email : by, id);
	pmo_error_clear();
	free(signer);
	return pmo_buf_oom(msg);
}

static int check_one(pmo_findings *out, pmo_source *src, const walk *w, size_t index, int sign)
{
	const pmo_cr_history *h = &w->v[index];
	pmo_buf msg = PMO_BUF_INIT, k = PMO_BUF_INIT;
	const pmo_node *list = pmo_map_get(pmo_doc_root(h->doc), "approvals");
	pmo_cr_authors impl;
	const char *commit;
	size_t i, j;
	int error;

	if ((error = pmo_check__implementers(&impl, src, &w->commits, h, (long)index)) < 0)
		goto done;
	for (i = 0; list && list->kind == PMO_NODE_SEQ && i < list->n; i++) {
		const pmo_node *a = list->items[i];
		const char *by = pmo_node_text(pmo_map_get(a, "by"));
		char *email;

		if (!by || pmo_check__approval_key(&k, a) < 0)
			continue;
		for (j = 0; j < h->nadded && strcmp(h->added[j].key, k.ptr); j++)
			;
		email = email_of(src, by);
		pmo_buf_clear(&msg);
		if (j == h->nadded)
			pmo_buf_printf(&msg, "approval by %s is not committed", by);
		else if (!email || strcasecmp(email, h->added[j].author))
			pmo_buf_printf(&msg, "approval by %s was committed by %s", by, h->added[j].author);
		else if (h->requester && !strcasecmp(email, h->requester))
			pmo_buf_printf(&msg, "approval by %s, who requested the change: a requester never "
				       "approves their own change", by);
		else if ((commit = pmo_check__author_commit(&impl, email)) != NULL)
			pmo_buf_printf(&msg, "approval by %s, who changed %s (commit %s): an author of the "
				       "change never approves it", by, h->name, commit);
		else if (sign)
			error = check_signature(&msg, src, by, email, h->added[j].id);
		free(email);
		if (error < 0 || (error = pmo_buf_oom(&msg)) < 0)
			goto done;
		if (msg.len && (error = pmo_check__add(out, h->path, a->line, a->col, PMO_SEVERITY_ERROR, RULE,
						       msg.ptr)) < 0)
			goto done;
	}
done:
	pmo_check__authors_free(&impl);
	pmo_buf_free(&msg);
	pmo_buf_free(&k);
	return error;
}

/* The change requests of the tree under opts' paths, read. */
static int collect(walk *w, pmo_source *src, const pmo_kind *kind, const pmo_check_options *opts)
{
	char **projects = NULL, **files = NULL, *folder = NULL;
	pmo_buf path = PMO_BUF_INIT, data = PMO_BUF_INIT;
	size_t i, j, cap = 0;
	int error;

	if ((error = pmo_projects_list(&projects, src)) < 0)
		return error;
	for (i = 0; projects[i] && !error; i++) {
		if ((error = pmo_kind_folder(&folder, kind, projects[i])) < 0)
			break;
		if (pmo_source_list(&files, src, folder) < 0) {
			/* a folder pmo does not read (a link) is named by the
			 * walk of validate, once */
			if (pmo_error_last() && pmo_error_last()->code == PMO_ENOMEM) {
				error = PMO_ENOMEM;
				break;
			}
			pmo_error_clear();
			free(folder);
			folder = NULL;
			continue;
		}
		for (j = 0; files[j] && !error; j++) {
			size_t idlen = strcspn(files[j], ".");
			pmo_cr_history *h;
			pmo_doc *doc = NULL;

			if (!pmo_kind_id_number(kind, files[j], idlen) || strcmp(files[j] + idlen, ".yaml"))
				continue;
			pmo_buf_clear(&path);
			pmo_buf_printf(&path, "%s/%s", folder, files[j]);
			if ((error = pmo_buf_oom(&path)) < 0)
				break;
			if (!pmo_check__under(path.ptr, opts))
				continue;
			if (pmo_source_read(&data, src, path.ptr, PMO_YAML_MAX_BYTES) < 0 ||
			    pmo_yaml_load(&doc, path.ptr, data.ptr, data.len, NULL) < 0) {
				pmo_error_clear(); /* told by the schema rules */
				continue;
			}
			if (w->n == cap) {
				pmo_cr_history *v = realloc(w->v, (cap = cap ? 2 * cap : 16) * sizeof(*v));
				if (!v) {
					pmo_doc_free(doc);
					error = pmo_error_set_oom();
					break;
				}
				w->v = v;
			}
			h = &w->v[w->n++];
			memset(h, 0, sizeof(*h));
			h->doc = doc;
			h->path = pmo_buf_detach(&path);
			pmo_buf_printf(&path, "%s/%.*s", projects[i], (int)idlen, files[j]);
			if (!h->path || pmo_buf_oom(&path) < 0 || !(h->name = pmo_buf_detach(&path)))
				error = pmo_error_set_oom();
		}
		pmo_strv_free(files);
		files = NULL;
		free(folder);
		folder = NULL;
	}
	pmo_strv_free(files);
	free(folder);
	pmo_strv_free(projects);
	pmo_buf_free(&path);
	pmo_buf_free(&data);
	if (w->n)
		qsort(w->v, w->n, sizeof(*w->v), by_path);
	return error;
}

static int needs_history(const pmo_cr_history *h)
{
	const pmo_node *root = pmo_doc_root(h->doc), *l = pmo_map_get(root, "approvals");
	const char *status = pmo_node_text(pmo_map_get(root, "status"));

	return (l && l->kind == PMO_NODE_SEQ && l->n) ||
	       (status && (!strcmp(status, "approved") || !strcmp(status, "implemented")));
}

/* A shallow clone's history stops at its boundary, whose commit would seem
 * to add every approval it holds: one warning, at the first change request
 * that needs the history, instead of false errors (an error with strict:
 * CI that must prove approvals clones the whole history); 1 when so. */
static int shallow(pmo_findings *out, pmo_source *src, const walk *w, int strict)
{
	pmo_buf msg = PMO_BUF_INIT;
	char boundary[41];
	const pmo_node *root;
	size_t i;
	int error;

	if ((error = pmo_repo_shallow_boundary(boundary, pmo_source_repo(src), pmo_source_rev(src))) <= 0)
		return error;
	for (i = 0; i < w->n && !needs_history(&w->v[i]); i++)
		;
	root = pmo_doc_root(w->v[i].doc);
	pmo_buf_printf(&msg, "change requests need the full history, and this clone is shallow: its history "
		       "stops at commit %.7s, so no approval was checked; run git fetch --unshallow", boundary);
	if ((error = pmo_buf_oom(&msg)) == 0)
		error = pmo_check__add(out, w->v[i].path, root->line, root->col,
				       strict ? PMO_SEVERITY_ERROR : PMO_SEVERITY_WARNING, RULE, msg.ptr);
	pmo_buf_free(&msg);
	return error < 0 ? error : 1;
}

int pmo_check__changes(pmo_findings *out, pmo_source *src, const pmo_model *model,
		       const pmo_settings *settings, const pmo_check_options *opts)
{
	const pmo_kind *kind = pmo_model_kind(model, "change");
	pmo_cr_policy pol;
	walk w;
	char *pattern = NULL;
	size_t i;
	int error = 0, any = 0;

	memset(&w, 0, sizeof(w));
	memset(&pol, 0, sizeof(pol));
	if (!kind)
		return 0;
	if ((error = collect(&w, src, kind, opts)) < 0)
		goto done;
	for (i = 0; i < w.n && !any; i++)
		any = needs_history(&w.v[i]);
	if (!any)
		goto done;
	if ((error = shallow(out, src, &w, opts && opts->strict)) != 0) {
		error = error < 0 ? error : 0;
		goto done;
	}
	if ((error = pmo_kind_folder(&pattern, kind, "*")) < 0 ||
	    (error = pmo_repo_history_files_commits(pmo_source_repo(src), pmo_source_rev(src), pattern,
						    on_file, on_commit, &w)) < 0)
		goto done;
	for (i = 0; i < w.n && !error; i++) {
		if (!needs_history(&w.v[i]))
			continue;
		if ((error = pmo_check__policy_of(&pol, src, model, settings, &w.v[i])) == 0 &&
		    (error = check_one(out, src, &w, i, pol.pol.sign)) == 0)
			error = pmo_check__change_policy(out, src, model, &pol, opts, &w.v[i]);
	}
done:
	for (i = 0; i < w.n; i++)
		history_free(&w.v[i]);
	free(w.v);
	free(pattern);
	pmo_buf_free(&w.k);
	pmo_buf_free(&w.tmp);
	pmo_buf_free(&w.trailer);
	pmo_check__commits_free(&w.commits);
	pmo_check__policy_free(&pol);
	return error;
}
