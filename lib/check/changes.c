/*
 * The change-approval rule of pmo validate: every approval entry of every
 * change request (projects/<KEY>/changes/CR-n.yaml), whatever its status,
 * was added by a commit whose author is that approver, and the requester
 * (the author of the file's first commit) is not among the approvers. The
 * history of the file from the source's revision (HEAD for the worktree)
 * tells who added each entry: the oldest commit whose version of the file
 * has it and whose parent's has not. A requester who writes an approval
 * by hand and commits it is caught:
 *
 *   projects/CBM/changes/CR-1.yaml:14:5: error: approval by zhao-min was
 *   committed by wang.li@bank.example [change-approval]
 */
#include "check/internal.h"
#include "repo/branch.h"
#include "util/error.h"
#include "yaml/yaml.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define RULE "change-approval"

/* An approval as history knows it: who, what, when, about which tree. */
static int key_of(pmo_buf *out, const pmo_node *a)
{
	const char *f[] = { "by", "decision", "date", "tree" };
	size_t i;

	pmo_buf_clear(out);
	for (i = 0; i < 4; i++) {
		const char *v = pmo_node_text(pmo_map_get(a, f[i]));
		pmo_buf_printf(out, "%s\x1f", v ? v : "");
	}
	return pmo_buf_oom(out);
}

typedef struct {
	char **keys, **authors; /* who added each approval first */
	size_t n;
	char *requester;        /* the author of the file's first commit */
	pmo_buf k;
} history;

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
		if (key_of(tmp, list->items[i]) == 0 && !strcmp(tmp->ptr, key))
			return 1;
	return 0;
}

/* newest first: an older commit that adds the same entry replaces the
 * author, so the oldest one is kept */
static int on_commit(const pmo_history_entry *e, void *payload)
{
	history *h = payload;
	pmo_doc *od = NULL, *nd = NULL;
	pmo_buf tmp = PMO_BUF_INIT;
	const pmo_node *ol = approvals_of(&od, e->old_data, e->old_len);
	const pmo_node *nl = approvals_of(&nd, e->new_data, e->new_len);
	size_t i, j;
	int error = 0;

	if (e->new_data) {
		free(h->requester);
		if (!(h->requester = strdup(e->commit->author_email)))
			error = pmo_error_set_oom();
	}
	for (i = 0; !error && nl && i < nl->n; i++) {
		if (key_of(&h->k, nl->items[i]) < 0) {
			error = PMO_ENOMEM;
			break;
		}
		if (has_key(ol, &tmp, h->k.ptr))
			continue;
		for (j = 0; j < h->n && strcmp(h->keys[j], h->k.ptr); j++)
			;
		if (j == h->n) {
			char **k = realloc(h->keys, (h->n + 1) * sizeof(*k)), **a;
			if (k)
				h->keys = k;
			a = k ? realloc(h->authors, (h->n + 1) * sizeof(*a)) : NULL;
			if (a)
				h->authors = a;
			if (!k || !a || !(h->keys[j] = strdup(h->k.ptr))) {
				error = pmo_error_set_oom();
				break;
			}
			h->authors[j] = NULL;
			h->n++;
		}
		free(h->authors[j]);
		if (!(h->authors[j] = strdup(e->commit->author_email)))
			error = pmo_error_set_oom();
	}
	pmo_buf_free(&tmp);
	pmo_doc_free(od);
	pmo_doc_free(nd);
	return error;
}

static void history_free(history *h)
{
	size_t i;

	for (i = 0; i < h->n; i++) {
		free(h->keys[i]);
		free(h->authors[i]);
	}
	free(h->keys);
	free(h->authors);
	free(h->requester);
	pmo_buf_free(&h->k);
}

/* the email of people/<handle>.yaml, new string or NULL */
static char *email_of(pmo_source *src, const char *handle)
{
	pmo_buf path = PMO_BUF_INIT, data = PMO_BUF_INIT;
	pmo_doc *doc = NULL;
	const char *e;
	char *out = NULL;

	pmo_buf_printf(&path, "people/%s.yaml", handle);
	if (!pmo_buf_oom(&path) && pmo_source_read(&data, src, path.ptr, PMO_YAML_MAX_BYTES) == 0 &&
	    pmo_yaml_load(&doc, path.ptr, data.ptr, data.len, NULL) == 0 &&
	    (e = pmo_node_text(pmo_map_get(pmo_doc_root(doc), "email"))))
		out = strdup(e);
	pmo_error_clear();
	pmo_doc_free(doc);
	pmo_buf_free(&path);
	pmo_buf_free(&data);
	return out;
}

static int check_one(pmo_findings *out, pmo_source *src, const char *path)
{
	pmo_buf data = PMO_BUF_INIT, msg = PMO_BUF_INIT;
	pmo_doc *doc = NULL;
	const pmo_node *list;
	history h;
	size_t i, j;
	int error = 0;

	memset(&h, 0, sizeof(h));
	if (pmo_source_read(&data, src, path, PMO_YAML_MAX_BYTES) < 0 ||
	    !(list = approvals_of(&doc, data.ptr, data.len)) || !list->n) {
		pmo_error_clear();
		goto done;
	}
	if ((error = pmo_repo_history_at(pmo_source_repo(src), pmo_source_rev(src), path, on_commit, &h)) < 0)
		goto done;
	for (i = 0; i < list->n; i++) {
		const pmo_node *a = list->items[i];
		const char *by = pmo_node_text(pmo_map_get(a, "by"));
		char *email;

		if (!by || key_of(&h.k, a) < 0)
			continue;
		for (j = 0; j < h.n && strcmp(h.keys[j], h.k.ptr); j++)
			;
		email = email_of(src, by);
		pmo_buf_clear(&msg);
		if (j == h.n)
			pmo_buf_printf(&msg, "approval by %s is not committed", by);
		else if (!email || strcasecmp(email, h.authors[j]))
			pmo_buf_printf(&msg, "approval by %s was committed by %s", by, h.authors[j]);
		else if (h.requester && !strcasecmp(email, h.requester))
			pmo_buf_printf(&msg, "approval by %s, who requested the change: a requester never "
				       "approves their own change", by);
		free(email);
		if (pmo_buf_oom(&msg) < 0) {
			error = PMO_ENOMEM;
			goto done;
		}
		if (msg.len && (error = pmo_check__add(out, path, a->line, a->col, PMO_SEVERITY_ERROR, RULE,
						       msg.ptr)) < 0)
			goto done;
	}
done:
	history_free(&h);
	pmo_doc_free(doc);
	pmo_buf_free(&data);
	pmo_buf_free(&msg);
	return error;
}

int pmo_check__changes(pmo_findings *out, pmo_source *src, const pmo_model *model,
		       const pmo_check_options *opts)
{
	const pmo_kind *kind = pmo_model_kind(model, "change");
	char **projects = NULL, **files = NULL, *folder = NULL;
	pmo_buf path = PMO_BUF_INIT;
	size_t i, j;
	int error = 0;

	if (!kind)
		return 0;
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
			if (!pmo_kind_id_number(kind, files[j], strcspn(files[j], ".")) ||
			    strcmp(files[j] + strcspn(files[j], "."), ".yaml"))
				continue;
			pmo_buf_clear(&path);
			pmo_buf_printf(&path, "%s/%s", folder, files[j]);
			if (pmo_buf_oom(&path) < 0)
				error = PMO_ENOMEM;
			else if (pmo_check__under(path.ptr, opts))
				error = check_one(out, src, path.ptr);
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
	return error;
}
